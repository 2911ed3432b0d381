/*
 * libFuzzer target for the library-internal building blocks (lib/core): the input is a small
 * program of operations on a liion__intern, a liion__map64, a liion__arena, a liion__buf, a
 * liion__wr and a liion__rd reading the input itself. Every result is checked against a simple
 * shadow model and any disagreement abort()s.
 *
 * Program: a stream of opcode bytes, each followed by its operands (read with a liion__rd over
 * the input, so running out of bytes simply ends the program).
 */
#include "core/arena.h"
#include "core/buf.h"
#include "core/bytes.h"
#include "core/core.h"
#include "core/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

typedef struct str_ref {
    const uint8_t *p;
    size_t len;
} str_ref;

typedef struct kv {
    uint64_t key;
    uint64_t val;
} kv;

typedef struct block {
    uint8_t *p;
    size_t n;
    uint8_t fill;
} block;

typedef struct state {
    liion_ctx *ctx;
    liion__rd prog;  /* the program */
    liion__rd probe; /* a second reader over the same input, exercised by the R op */

    liion__intern t;
    str_ref *strs; /* shadow: strs[id] */
    size_t nstrs, strs_cap;

    liion__map64 m;
    kv *kvs; /* shadow: unordered (key, val) list */
    size_t nkvs, kvs_cap;

    liion__arena a;
    block *blocks; /* shadow: live arena blocks and their fill byte */
    size_t nblocks, blocks_cap;
    size_t arena_used;

    liion__buf b;
    uint8_t *bshadow;
    size_t blen, bshadow_cap;
} state;

/* Plain malloc'd growable arrays for the shadows (not the code under test). */
static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    size_t n;
    void *q;
    if (need <= *cap)
        return p;
    n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    q = realloc(p, n * elem);
    CHECK(q != NULL);
    *cap = n;
    return q;
}

static bool str_eq(const str_ref *r, const uint8_t *p, size_t len)
{
    return r->len == len && (len == 0 || memcmp(r->p, p, len) == 0);
}

static long shadow_str_find(const state *s, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < s->nstrs; i++)
        if (str_eq(&s->strs[i], p, len))
            return (long)i;
    return -1;
}

static long shadow_kv_find(const state *s, uint64_t key)
{
    for (size_t i = 0; i < s->nkvs; i++)
        if (s->kvs[i].key == key)
            return (long)i;
    return -1;
}

/* ---- operand readers: false ends the program ---------------------------------------- */

static bool take_str(state *s, const uint8_t **p, size_t *len)
{
    uint8_t n;
    if (!liion__rd_u8(&s->prog, &n))
        return false;
    *len = n % 48u;
    return liion__rd_bytes(&s->prog, *len, p);
}

/* Keys: mostly from a small set (so puts, gets and removes meet), sometimes arbitrary. */
static bool take_key(state *s, uint64_t *key)
{
    static const uint64_t special[8] = { 0, 1, UINT64_MAX, UINT64_MAX - 1, 2, 0x100000000u,
                                         0x8000000000000000u, 42 };
    uint8_t sel;
    if (!liion__rd_u8(&s->prog, &sel))
        return false;
    if (sel < 0x40) {
        *key = special[sel % 8];
        return true;
    }
    if (sel < 0xC0) {
        *key = (uint64_t)(sel & 0x3f) << ((sel >> 6) * 16u);
        return true;
    }
    return liion__rd_le64(&s->prog, key);
}

/* ---- intern ----------------------------------------------------------------------------- */

static void check_intern_entry(const state *s, uint32_t id)
{
    size_t len = 0;
    const char *str = liion__intern_str(&s->t, id, &len);
    CHECK(id < s->nstrs);
    CHECK(str != NULL);
    CHECK(str_eq(&s->strs[id], (const uint8_t *)str, len));
    CHECK(str[len] == '\0');
}

static bool op_intern_put(state *s)
{
    const uint8_t *p;
    size_t len;
    uint32_t id = 0xAAAAAAAAu;
    bool is_new = false;
    liion_status st;
    long want;

    if (!take_str(s, &p, &len))
        return false;
    want = shadow_str_find(s, p, len);
    st = liion__intern_put(&s->t, p, len, &id, &is_new);
    if (st != LIION_OK) {
        CHECK(st == LIION_E_NOMEM || (st == LIION_E_LIMIT && s->nstrs >= s->t.max_count));
        CHECK(liion_ctx_errcode(s->ctx) == st);
        CHECK(want < 0); /* a known string never needs memory */
        CHECK(liion__intern_count(&s->t) == s->nstrs);
        CHECK(!liion__intern_find(&s->t, p, len, NULL));
        return true;
    }
    if (want >= 0) {
        CHECK(!is_new);
        CHECK(id == (uint32_t)want);
    } else {
        CHECK(is_new);
        CHECK(id == s->nstrs);
        s->strs = grow(s->strs, &s->strs_cap, s->nstrs + 1, sizeof *s->strs);
        s->strs[s->nstrs].p = p;
        s->strs[s->nstrs].len = len;
        s->nstrs++;
    }
    CHECK(liion__intern_count(&s->t) == s->nstrs);
    check_intern_entry(s, id);
    return true;
}

static bool op_intern_find(state *s)
{
    const uint8_t *p;
    size_t len;
    uint32_t id = 0;
    long want;
    if (!take_str(s, &p, &len))
        return false;
    want = shadow_str_find(s, p, len);
    CHECK(liion__intern_find(&s->t, p, len, &id) == (want >= 0));
    if (want >= 0) {
        CHECK(id == (uint32_t)want);
        check_intern_entry(s, id);
    }
    return true;
}

/* ---- map -------------------------------------------------------------------------------- */

static bool op_map_put(state *s)
{
    uint64_t key, val, got = 0;
    long at;
    liion_status st;
    if (!take_key(s, &key) || !liion__rd_le64(&s->prog, &val))
        return false;
    at = shadow_kv_find(s, key);
    st = liion__map64_put(&s->m, key, val);
    if (st != LIION_OK) {
        CHECK(st == LIION_E_NOMEM);
        CHECK(at < 0); /* overwriting never allocates */
        CHECK(!liion__map64_get(&s->m, key, NULL));
    } else if (at >= 0) {
        s->kvs[at].val = val;
    } else {
        s->kvs = grow(s->kvs, &s->kvs_cap, s->nkvs + 1, sizeof *s->kvs);
        s->kvs[s->nkvs].key = key;
        s->kvs[s->nkvs].val = val;
        s->nkvs++;
    }
    if (st == LIION_OK) {
        CHECK(liion__map64_get(&s->m, key, &got));
        CHECK(got == val);
    }
    CHECK(liion__map64_count(&s->m) == s->nkvs);
    return true;
}

static bool op_map_get(state *s)
{
    uint64_t key, got = 0;
    long at;
    if (!take_key(s, &key))
        return false;
    at = shadow_kv_find(s, key);
    CHECK(liion__map64_get(&s->m, key, &got) == (at >= 0));
    if (at >= 0)
        CHECK(got == s->kvs[at].val);
    return true;
}

static bool op_map_remove(state *s)
{
    uint64_t key, got = 0;
    long at;
    if (!take_key(s, &key))
        return false;
    at = shadow_kv_find(s, key);
    CHECK(liion__map64_remove(&s->m, key, &got) == (at >= 0));
    if (at >= 0) {
        CHECK(got == s->kvs[at].val);
        s->kvs[at] = s->kvs[--s->nkvs];
    }
    CHECK(!liion__map64_get(&s->m, key, NULL));
    CHECK(liion__map64_count(&s->m) == s->nkvs);
    return true;
}

static void check_map_full(const state *s)
{
    size_t cursor = 0, seen = 0;
    uint64_t key, val;
    bool *visited = calloc(s->nkvs + 1, 1);
    CHECK(visited != NULL);
    while (liion__map64_next(&s->m, &cursor, &key, &val)) {
        long at = shadow_kv_find(s, key);
        CHECK(at >= 0);
        CHECK(!visited[at]);
        CHECK(s->kvs[at].val == val);
        visited[at] = true;
        seen++;
        CHECK(seen <= s->nkvs);
    }
    CHECK(seen == s->nkvs);
    CHECK(liion__map64_count(&s->m) == s->nkvs);
    free(visited);
}

/* ---- arena ------------------------------------------------------------------------------ */

static void check_blocks(const state *s)
{
    for (size_t i = 0; i < s->nblocks; i++)
        for (size_t j = 0; j < s->blocks[i].n; j++)
            CHECK(s->blocks[i].p[j] == s->blocks[i].fill);
    CHECK(liion__arena_used(&s->a) == s->arena_used);
}

static bool op_arena_alloc(state *s)
{
    uint16_t n16;
    uint8_t al;
    size_t n, align;
    uint8_t *p;
    if (!liion__rd_le16(&s->prog, &n16) || !liion__rd_u8(&s->prog, &al))
        return false;
    n = (al & 0x80) ? (size_t)n16 : (size_t)(n16 % 512u); /* big: up to 64 KiB */
    align = (size_t)1 << (al % 7u);
    p = liion__arena_alloc(&s->a, n, align);
    if (p == NULL) {
        CHECK(liion_ctx_errcode(s->ctx) == LIION_E_NOMEM);
        return true;
    }
    CHECK(((uintptr_t)p & (align - 1)) == 0);
    s->arena_used += n ? n : 1;
    s->blocks = grow(s->blocks, &s->blocks_cap, s->nblocks + 1, sizeof *s->blocks);
    s->blocks[s->nblocks].p = p;
    s->blocks[s->nblocks].n = n;
    s->blocks[s->nblocks].fill = (uint8_t)(s->nblocks * 31u + 7u);
    memset(p, s->blocks[s->nblocks].fill, n);
    s->nblocks++;
    CHECK(liion__arena_used(&s->a) == s->arena_used);
    return true;
}

static bool op_arena_strndup(state *s)
{
    const uint8_t *p;
    size_t len;
    char *c;
    if (!take_str(s, &p, &len))
        return false;
    c = liion__arena_strndup(&s->a, (const char *)p, len);
    if (c == NULL) {
        CHECK(liion_ctx_errcode(s->ctx) == LIION_E_NOMEM);
        return true;
    }
    CHECK(len == 0 || memcmp(c, p, len) == 0);
    CHECK(c[len] == '\0');
    s->arena_used += len + 1;
    /* record it as a block whose fill we do not check: overwrite with a pattern */
    s->blocks = grow(s->blocks, &s->blocks_cap, s->nblocks + 1, sizeof *s->blocks);
    s->blocks[s->nblocks].p = (uint8_t *)c;
    s->blocks[s->nblocks].n = len + 1;
    s->blocks[s->nblocks].fill = 0x5c;
    memset(c, 0x5c, len + 1);
    s->nblocks++;
    return true;
}

static void op_arena_reset(state *s)
{
    uint64_t before = liion_ctx_memory_used(s->ctx);
    check_blocks(s);
    liion__arena_reset(&s->a);
    CHECK(liion_ctx_memory_used(s->ctx) <= before); /* reset never grows the arena */
    CHECK(liion__arena_used(&s->a) == 0);
    s->nblocks = 0;
    s->arena_used = 0;
}

/* ---- reader over the input itself ------------------------------------------------------- */

static bool op_read(state *s)
{
    uint8_t kind;
    liion__rd *r = &s->probe;
    size_t pos, left, width;
    bool ok;

    if (!liion__rd_u8(&s->prog, &kind))
        return false;
    pos = r->pos;
    left = liion__rd_left(r);
    CHECK(pos <= r->len && left == r->len - pos);
    switch (kind % 14u) {
#define READ_CASE(k, fn, T, w, load)                                                          \
    case k: {                                                                                 \
        T v;                                                                                  \
        width = (w);                                                                          \
        ok = fn(r, &v);                                                                       \
        if (ok) {                                                                             \
            T want = load(r->base + pos);                                                     \
            CHECK(memcmp(&v, &want, sizeof v) == 0);                                          \
        }                                                                                     \
        break;                                                                                \
    }
        READ_CASE(0, liion__rd_be16, uint16_t, 2, liion__load_be16)
        READ_CASE(1, liion__rd_be24, uint32_t, 3, liion__load_be24)
        READ_CASE(2, liion__rd_be32, uint32_t, 4, liion__load_be32)
        READ_CASE(3, liion__rd_be64, uint64_t, 8, liion__load_be64)
        READ_CASE(4, liion__rd_le16, uint16_t, 2, liion__load_le16)
        READ_CASE(5, liion__rd_le32, uint32_t, 4, liion__load_le32)
        READ_CASE(6, liion__rd_le64, uint64_t, 8, liion__load_le64)
        READ_CASE(7, liion__rd_f32be, float, 4, liion__load_f32be)
        READ_CASE(8, liion__rd_f64be, double, 8, liion__load_f64be)
        READ_CASE(9, liion__rd_f32le, float, 4, liion__load_f32le)
        READ_CASE(10, liion__rd_f64le, double, 8, liion__load_f64le)
#undef READ_CASE
    case 11: {
        uint8_t v;
        width = 1;
        ok = liion__rd_u8(r, &v);
        if (ok)
            CHECK(v == r->base[pos]);
        break;
    }
    case 12: {
        const uint8_t *p = NULL;
        uint16_t n;
        if (!liion__rd_le16(&s->prog, &n))
            return false;
        width = n;
        ok = liion__rd_bytes(r, width, &p);
        if (ok)
            CHECK(p == r->base + pos);
        break;
    }
    default: {
        uint16_t n;
        if (!liion__rd_le16(&s->prog, &n))
            return false;
        width = (n & 0x8000) ? SIZE_MAX - (n & 0x7fff) : n;
        ok = liion__rd_skip(r, width);
        break;
    }
    }
    if (ok) {
        CHECK(width <= left);
        CHECK(r->pos == pos + width);
    } else {
        CHECK(width > left);
        CHECK(r->pos == pos); /* a refused read does not move */
    }
    CHECK(liion__rd_left(r) <= left);
    return true;
}

/* ---- writer: measure == encode, nothing written past cap -------------------------------- */

static void encode(liion__wr *w, const uint8_t *spec, size_t n)
{
    liion__rd r;
    uint8_t k;
    liion__rd_init(&r, spec, n);
    while (liion__rd_u8(&r, &k)) {
        uint64_t v = 0;
        size_t avail = liion__rd_left(&r) < 8 ? liion__rd_left(&r) : 8;
        for (size_t i = 0; i < avail; i++)
            v = (v << 8) | r.base[r.pos + i];
        switch (k % 13u) {
        case 0: liion__wr_u8(w, (uint8_t)v); break;
        case 1: liion__wr_be16(w, (uint16_t)v); break;
        case 2: liion__wr_be24(w, (uint32_t)v); break;
        case 3: liion__wr_be32(w, (uint32_t)v); break;
        case 4: liion__wr_be64(w, v); break;
        case 5: liion__wr_le16(w, (uint16_t)v); break;
        case 6: liion__wr_le32(w, (uint32_t)v); break;
        case 7: liion__wr_le64(w, v); break;
        case 8: liion__wr_f64be(w, liion__load_f64be((const uint8_t *)"\x40\x09\x21\xfb\x54\x44\x2d\x18")); break;
        case 9: liion__wr_f32le(w, 1.5f); break;
        case 10: liion__wr_bytes(w, r.base + r.pos, avail); break;
        case 11: liion__wr_fill(w, (uint8_t)k, (size_t)(v & 15u)); break;
        default:
            /* back-patch bytes already written (the only valid use) */
            if (w->pos >= 2)
                liion__wr_patch_be16(w, (size_t)(v % (w->pos - 1)), (uint16_t)k);
            break;
        }
    }
}

static bool op_write(state *s)
{
    uint8_t cap8, n8;
    const uint8_t *spec;
    uint8_t ref[1024], out[256 + 16];
    liion__wr w;
    size_t need;

    if (!liion__rd_u8(&s->prog, &cap8) || !liion__rd_u8(&s->prog, &n8) ||
        !liion__rd_bytes(&s->prog, n8 % 32u, &spec))
        return false;
    liion__wr_init(&w, NULL, 0);
    encode(&w, spec, n8 % 32u);
    need = w.pos;
    CHECK(need <= sizeof ref);
    CHECK(need == 0 || liion__wr_overflow(&w));

    liion__wr_init(&w, ref, sizeof ref);
    encode(&w, spec, n8 % 32u);
    CHECK(w.pos == need && !liion__wr_overflow(&w));

    memset(out, 0xCC, sizeof out);
    liion__wr_init(&w, out, cap8);
    encode(&w, spec, n8 % 32u);
    CHECK(w.pos == need);
    CHECK(liion__wr_overflow(&w) == (need > cap8));
    if (need <= cap8)
        CHECK(memcmp(out, ref, need) == 0);
    for (size_t i = cap8; i < sizeof out; i++)
        CHECK(out[i] == 0xCC);
    return true;
}

/* ---- buf -------------------------------------------------------------------------------- */

static bool op_buf_append(state *s)
{
    const uint8_t *p;
    size_t len;
    uint8_t how;
    liion_status st;
    uint8_t enc[8];
    size_t enc_len;

    if (!liion__rd_u8(&s->prog, &how) || !take_str(s, &p, &len))
        return false;
    switch (how % 4u) {
    case 0:
        st = liion__buf_append(&s->b, p, len);
        enc_len = len;
        break;
    case 1:
        st = liion__buf_append_be32(&s->b, (uint32_t)len * 0x01010101u);
        liion__store_be32(enc, (uint32_t)len * 0x01010101u);
        enc_len = 4;
        p = enc;
        break;
    case 2:
        st = liion__buf_append_le64(&s->b, (uint64_t)len << 40);
        liion__store_le64(enc, (uint64_t)len << 40);
        enc_len = 8;
        p = enc;
        break;
    default:
        if (how & 0x80) {
            liion__buf_reset(&s->b);
            s->blen = 0;
            return true;
        }
        st = liion__buf_printf(&s->b, "%zu", len);
        enc_len = (size_t)snprintf((char *)enc, sizeof enc, "%zu", len);
        p = enc;
        CHECK(st != LIION_OK || s->b.data[s->b.len] == '\0');
        break;
    }
    if (st != LIION_OK) {
        CHECK(st == LIION_E_NOMEM);
        CHECK(s->b.len == s->blen);
        return true;
    }
    s->bshadow = grow(s->bshadow, &s->bshadow_cap, s->blen + enc_len, 1);
    if (enc_len != 0)
        memcpy(s->bshadow + s->blen, p, enc_len);
    s->blen += enc_len;
    CHECK(s->b.len == s->blen);
    CHECK(s->b.cap >= s->b.len);
    return true;
}

/* ---- less common calls ------------------------------------------------------------------ */

static bool op_misc(state *s, uint8_t op)
{
    uint8_t arg;
    if (!liion__rd_u8(&s->prog, &arg))
        return false;
    switch (arg % 8u) {
    case 0: /* reserve room in the map: must not change its contents */
        if (liion__map64_reserve(&s->m, (size_t)arg * 16u) != LIION_OK)
            CHECK(liion_ctx_errcode(s->ctx) == LIION_E_NOMEM);
        check_map_full(s);
        break;
    case 1: /* clear the map, keeping its memory */
        liion__map64_clear(&s->m);
        s->nkvs = 0;
        CHECK(liion__map64_count(&s->m) == 0);
        break;
    case 2: { /* cap the string table at a few more entries */
        s->t.max_count = (uint32_t)s->nstrs + (uint32_t)(arg >> 4);
        break;
    }
    case 3:
        s->t.max_count = LIION__INTERN_MAX;
        break;
    case 4: { /* detach the buffer's bytes, check and free them */
        size_t len = 1, cap = 1;
        uint8_t *p = liion__buf_detach(&s->b, &len, &cap);
        CHECK(len == s->blen);
        CHECK(p != NULL || (len == 0 && cap == 0));
        CHECK(len == 0 || memcmp(p, s->bshadow, len) == 0);
        CHECK(s->b.data == NULL && s->b.len == 0 && s->b.cap == 0);
        if (p != NULL)
            liion__free(s->ctx, p, cap);
        s->blen = 0;
        break;
    }
    case 5: { /* append_space, then fill in place */
        uint8_t *w = NULL;
        size_t n = arg >> 3;
        if (liion__buf_append_space(&s->b, n, &w) != LIION_OK) {
            CHECK(liion_ctx_errcode(s->ctx) == LIION_E_NOMEM);
            CHECK(s->b.len == s->blen);
            break;
        }
        CHECK(n == 0 || w == s->b.data + s->blen);
        if (n != 0)
            memset(w, op, n);
        s->bshadow = grow(s->bshadow, &s->bshadow_cap, s->blen + n, 1);
        if (n != 0)
            memset(s->bshadow + s->blen, op, n);
        s->blen += n;
        CHECK(s->b.len == s->blen);
        break;
    }
    default: { /* arena calloc (default alignment) and memdup */
        size_t n = (size_t)(arg >> 3) * 3u;
        uint8_t *p = (arg & 1) ? liion__arena_calloc(&s->a, n, 4, 0)
                               : liion__arena_memdup(&s->a, s->prog.base, n < s->prog.len ? n : s->prog.len);
        size_t got = (arg & 1) ? n * 4 : (n < s->prog.len ? n : s->prog.len);
        if (p == NULL) {
            CHECK(liion_ctx_errcode(s->ctx) == LIION_E_NOMEM);
            break;
        }
        if (arg & 1) {
            CHECK(((uintptr_t)p & (_Alignof(max_align_t) - 1)) == 0);
            for (size_t i = 0; i < got; i++)
                CHECK(p[i] == 0);
        } else {
            CHECK(got == 0 || memcmp(p, s->prog.base, got) == 0);
        }
        s->arena_used += got ? got : 1;
        s->blocks = grow(s->blocks, &s->blocks_cap, s->nblocks + 1, sizeof *s->blocks);
        s->blocks[s->nblocks].p = p;
        s->blocks[s->nblocks].n = got;
        s->blocks[s->nblocks].fill = 0xa7;
        memset(p, 0xa7, got);
        s->nblocks++;
        break;
    }
    }
    return true;
}

/* ---- driver ----------------------------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    state s;
    uint64_t base;
    uint8_t op;
    bool go = true;

    memset(&s, 0, sizeof s);
    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 64;
    if (liion_ctx_new(&s.ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(s.ctx);

    liion__rd_init(&s.prog, data, size);
    liion__rd_init(&s.probe, data, size);
    liion__intern_init(&s.t, s.ctx);
    liion__map64_init(&s.m, s.ctx);
    liion__arena_init(&s.a, s.ctx, size > 0 ? (size_t)data[0] * 16u : 0);
    liion__buf_init(&s.b, s.ctx);

    while (go && liion__rd_u8(&s.prog, &op)) {
        switch (op % 14u) {
        case 0: go = op_intern_put(&s); break;
        case 1: go = op_intern_find(&s); break;
        case 2: go = op_map_put(&s); break;
        case 3: go = op_map_get(&s); break;
        case 4: go = op_map_remove(&s); break;
        case 5: check_map_full(&s); break;
        case 6: go = op_arena_alloc(&s); break;
        case 7: go = op_arena_strndup(&s); break;
        case 8: op_arena_reset(&s); break;
        case 9: go = op_read(&s); break;
        case 10: go = op_write(&s); break;
        case 11: go = op_buf_append(&s); break;
        case 12: go = op_misc(&s, op); break;
        default:
            /* lower the memory cap for a while, then lift it again */
            if (op & 0x80)
                liion_ctx_set_limit(s.ctx, LIION_LIMIT_MAX_MEMORY,
                                    liion_ctx_memory_used(s.ctx) + (uint64_t)(op & 0x70) * 64u);
            else
                liion_ctx_set_limit(s.ctx, LIION_LIMIT_MAX_MEMORY, o.max_memory);
            break;
        }
        CHECK(s.prog.pos <= s.prog.len);
    }

    /* final full check of every shadow */
    for (uint32_t id = 0; id < s.nstrs; id++) {
        uint32_t got;
        CHECK(liion__intern_find(&s.t, s.strs[id].p, s.strs[id].len, &got) && got == id);
        check_intern_entry(&s, id);
    }
    CHECK(liion__intern_str(&s.t, (uint32_t)s.nstrs, NULL) == NULL);
    check_map_full(&s);
    check_blocks(&s);
    CHECK(s.b.len == s.blen);
    CHECK(s.blen == 0 || memcmp(s.b.data, s.bshadow, s.blen) == 0);

    liion__buf_free(&s.b);
    liion__arena_free(&s.a);
    liion__map64_free(&s.m);
    liion__intern_free(&s.t);
    CHECK(liion_ctx_memory_used(s.ctx) == base); /* nothing leaked past the accounting */
    liion_ctx_free(s.ctx);
    free(s.strs);
    free(s.kvs);
    free(s.blocks);
    free(s.bshadow);
    return 0;
}
