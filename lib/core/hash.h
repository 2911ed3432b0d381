/*
 * Private to libliion: hashing, the string interning table and the uint64 -> uint64 map.
 *
 *   liion__hash_bytes / liion__hash_u64  (static inline, below)
 *   liion__intern                        (lib/core/intern.c)
 *   liion__map64                         (lib/core/map.c)
 *
 * Both tables use open addressing with linear probing, power-of-two capacity, a load factor of
 * at most 3/4 and a per-table seed, so lookups take constant expected time and one table's
 * probe pattern tells nothing about another's. All memory comes from the context allocator and
 * counts against its cap; a failed insertion leaves the table exactly as it was.
 *
 * The seed is derived from the table's and the context's addresses (ASLR), since the library
 * keeps no global state and has no random source: iteration order of a map therefore differs
 * between runs and must never leak into encoded output.
 */
#ifndef LIION__HASH_H
#define LIION__HASH_H

#include "core/arena.h"
#include "core/bytes.h"
#include "core/core.h"

/* ---- hashing ------------------------------------------------------------------------- */

#define LIION__HASH_P1 UINT64_C(0x9E3779B97F4A7C15)
#define LIION__HASH_P2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define LIION__HASH_P3 UINT64_C(0x85EBCA77C2B2AE63)

static inline uint64_t liion__hash_rotl(uint64_t x, unsigned r)
{
    return (x << (r & 63u)) | (x >> ((64u - r) & 63u));
}

/* MurmurHash3's 64-bit finaliser: a bijection with full avalanche. */
static inline uint64_t liion__hash_fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xFF51AFD7ED558CCD);
    h ^= h >> 33;
    h *= UINT64_C(0xC4CEB9FE1A85EC53);
    h ^= h >> 33;
    return h;
}

/* One 8-byte lane folded into the state. */
static inline uint64_t liion__hash_round(uint64_t h, uint64_t k)
{
    k *= LIION__HASH_P2;
    k = liion__hash_rotl(k, 31);
    k *= LIION__HASH_P1;
    h ^= k;
    return liion__hash_rotl(h, 27) * LIION__HASH_P1 + LIION__HASH_P3;
}

/* 64-bit hash of n bytes at p (p may be NULL when n is 0). Reads little-endian lanes, so the
 * value is the same on every platform for the same seed. */
static inline uint64_t liion__hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const uint8_t *s = p;
    uint64_t h = seed ^ ((uint64_t)n * LIION__HASH_P1);
    while (n >= 8) {
        h = liion__hash_round(h, liion__load_le64(s));
        s += 8;
        n -= 8;
    }
    if (n != 0) {
        uint64_t k = 0;
        for (size_t i = 0; i < n; i++)
            k |= (uint64_t)s[i] << (8u * i);
        h = liion__hash_round(h, k);
    }
    return liion__hash_fmix64(h);
}

/* 64-bit hash of one integer (IDs, pointers). A bijection for a fixed seed. */
static inline uint64_t liion__hash_u64(uint64_t x, uint64_t seed)
{
    return liion__hash_fmix64((x ^ seed) * LIION__HASH_P1 + LIION__HASH_P3);
}

/* ---- string interning ---------------------------------------------------------------- */

/* Largest number of strings one table holds: ids run 0 .. LIION__INTERN_MAX - 1, so
 * UINT32_MAX and UINT32_MAX - 1 are never valid ids. */
#define LIION__INTERN_MAX (UINT32_MAX - 1u)

typedef struct liion__intern_slot {
    uint64_t hash; /* full hash of the string */
    uint32_t id;   /* UINT32_MAX: empty slot */
} liion__intern_slot;

typedef struct liion__intern_entry {
    const char *str; /* NUL-terminated copy in the table's arena */
    size_t len;      /* without the NUL; the string may hold zero bytes */
} liion__intern_entry;

/* Maps byte strings to dense ids 0, 1, 2, ... in insertion order. */
typedef struct liion__intern {
    liion_ctx *ctx;
    liion__intern_slot *slots;     /* slot_cap slots, NULL until the first put */
    size_t slot_cap;               /* power of two, or 0 */
    liion__intern_entry *entries;  /* entries[id] */
    size_t entry_cap;
    uint32_t count;
    uint32_t max_count;            /* LIION__INTERN_MAX; callers may lower it */
    uint64_t seed;
    liion__arena strings;          /* the copies: stable addresses for the table's lifetime */
} liion__intern;

/* Empty table bound to ctx; allocates nothing, cannot fail. */
void liion__intern_init(liion__intern *t, liion_ctx *ctx);

/* Release everything; the table is then empty and may be reused. NULL-safe. */
void liion__intern_free(liion__intern *t);

/* Room for n strings in an EMPTY table, allocated at once, so n puts never rehash (a loader
 * that knows its count: lib/store snapshots). No-op for a table that is not empty or n == 0.
 * LIION_OK; LIION_E_NOMEM (table unchanged). */
liion_status liion__intern_reserve(liion__intern *t, size_t n);

/* Id of the string s[0..len) (s may be NULL when len is 0), adding it if it is new.
 * id_out and is_new_out may be NULL. Returns LIION_OK; LIION_E_NOMEM; LIION_E_LIMIT when the
 * table already holds max_count strings; LIION_E_INVALID_ARG for NULL s with len > 0. On
 * failure the table is unchanged. */
liion_status liion__intern_put(liion__intern *t, const void *s, size_t len, uint32_t *id_out,
                               bool *is_new_out);

/* True and the id in *id_out (may be NULL) if the string is in the table. Never allocates. */
bool liion__intern_find(const liion__intern *t, const void *s, size_t len, uint32_t *id_out);

/* The stored copy of string `id`, NUL-terminated, its length in *len_out (may be NULL).
 * Borrowed: valid (and at the same address) until the table is freed. NULL for an unknown id. */
const char *liion__intern_str(const liion__intern *t, uint32_t id, size_t *len_out);

/* Number of strings; also the id the next new string gets. */
uint32_t liion__intern_count(const liion__intern *t);

/* ---- uint64 -> uint64 map ------------------------------------------------------------ */

typedef struct liion__map64_slot {
    uint64_t key; /* 0 marks an empty slot; key 0 itself lives in zero_val */
    uint64_t val;
} liion__map64_slot;

/* Hash map for ID -> index lookups. Every key value, 0 and UINT64_MAX included, is storable.
 * Linear probing with backward-shift deletion: no tombstones, lookups stay short after any
 * mix of insertions and removals. */
typedef struct liion__map64 {
    liion_ctx *ctx;
    liion__map64_slot *slots; /* cap slots, NULL until the first put */
    size_t cap;               /* power of two, or 0 */
    size_t used;              /* occupied slots (key 0 not included) */
    uint64_t seed;
    bool has_zero;
    uint64_t zero_val;
} liion__map64;

/* Empty map bound to ctx; allocates nothing, cannot fail. */
void liion__map64_init(liion__map64 *m, liion_ctx *ctx);

/* Release everything; the map is then empty and may be reused. NULL-safe. */
void liion__map64_free(liion__map64 *m);

/* Make room for n entries in total without further allocation. LIION_OK or LIION_E_NOMEM. */
liion_status liion__map64_reserve(liion__map64 *m, size_t n);

/* Insert key -> val, or overwrite the value of an existing key. LIION_OK or LIION_E_NOMEM; on
 * failure the map is unchanged. Overwriting never allocates. */
liion_status liion__map64_put(liion__map64 *m, uint64_t key, uint64_t val);

/* True and the value in *val_out (may be NULL) if key is present. */
bool liion__map64_get(const liion__map64 *m, uint64_t key, uint64_t *val_out);

/* Remove key; true and its value in *val_out (may be NULL) if it was present. Never fails. */
bool liion__map64_remove(liion__map64 *m, uint64_t key, uint64_t *val_out);

/* Number of entries. */
size_t liion__map64_count(const liion__map64 *m);

/* Remove every entry, keeping the memory. */
void liion__map64_clear(liion__map64 *m);

/* Iterate: start with *cursor = 0 and call until it returns false; each true gives one entry
 * (key, val out pointers may be NULL). The order is unspecified. The map must not be modified
 * while iterating, except by liion__map64_put() overwriting an existing key. */
bool liion__map64_next(const liion__map64 *m, size_t *cursor, uint64_t *key, uint64_t *val);

#endif /* LIION__HASH_H */
