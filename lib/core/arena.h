/*
 * Private to libliion: a chunked bump arena bound to a context.
 *
 * Decoders allocate a message's objects from an arena and drop them all at once:
 *
 *     liion__arena a;
 *     liion__arena_init(&a, ctx, 0);               // no allocation yet
 *     for (each message) {
 *         liion__arena_reset(&a);                  // keeps one chunk: no heap traffic
 *         T *x = liion__arena_alloc(&a, sizeof *x, _Alignof(T));
 *         if (x == NULL) return LIION_E_NOMEM;     // the context's error is set
 *         ...
 *     }
 *     liion__arena_free(&a);
 *
 * Chunks come from the context allocator and count against its memory cap. Normal chunks
 * start at first_chunk_size and double up to LIION__ARENA_MAX_CHUNK; a request too big for
 * that gets a chunk of its own. Reset keeps a single chunk big enough for everything the arena
 * held (merging the chunks into one if there were several), so an arena reused for messages
 * of a steady size stops touching the heap after the first reset.
 */
#ifndef LIION__ARENA_H
#define LIION__ARENA_H

#include "core/core.h"

/* Default first chunk size when init is given 0. */
#define LIION__ARENA_DEFAULT_CHUNK 4096u
/* Normal chunks stop doubling at this size (or at first_chunk_size if that is larger). */
#define LIION__ARENA_MAX_CHUNK (1024u * 1024u)
/* Largest alignment liion__arena_alloc() accepts. */
#define LIION__ARENA_MAX_ALIGN 64u

typedef struct liion__arena_chunk liion__arena_chunk;

typedef struct liion__arena {
    liion_ctx *ctx;
    liion__arena_chunk *head; /* chunk being bumped; older and dedicated chunks follow */
    size_t next_size;         /* capacity of the next normal chunk */
    size_t used;              /* bytes handed out since init / the last reset */
} liion__arena;

/* Bind to ctx; allocates nothing, cannot fail. first_chunk_size 0 means the default. */
void liion__arena_init(liion__arena *a, liion_ctx *ctx, size_t first_chunk_size);

/* size bytes aligned to align (a power of two <= 64; 0 means _Alignof(max_align_t)).
 * Returns NULL with the context's error set: LIION_E_NOMEM when memory runs out or the size
 * overflows, LIION_E_INVALID_ARG for a bad alignment (a bug in the caller). size 0 is served
 * as size 1. The memory is uninitialised and lives until the next reset or free. */
void *liion__arena_alloc(liion__arena *a, size_t size, size_t align);

/* Same, zero-filled. */
void *liion__arena_calloc(liion__arena *a, size_t count, size_t size, size_t align);

/* Copy of n bytes (no alignment), NULL on failure. n == 0 gives a valid unique pointer. */
void *liion__arena_memdup(liion__arena *a, const void *src, size_t n);

/* NUL-terminated copy of s[0..len) (s may hold zero bytes; may be NULL when len is 0). */
char *liion__arena_strndup(liion__arena *a, const char *s, size_t len);

/* Drop everything handed out. Keeps one chunk of at least the total capacity held before
 * (every other chunk is freed); pointers from before are invalid afterwards. Never fails: if
 * the merge cannot be allocated it keeps the largest chunk instead, and leaves the context's
 * error state as it was. */
void liion__arena_reset(liion__arena *a);

/* Free every chunk; the arena is then empty and may be reused. NULL-safe. */
void liion__arena_free(liion__arena *a);

/* Bytes handed out since init or the last reset (requested sizes, without padding): for
 * per-message limits. */
size_t liion__arena_used(const liion__arena *a);

/* Bytes the arena holds from the context allocator (chunk headers included). */
size_t liion__arena_reserved(const liion__arena *a);

#endif /* LIION__ARENA_H */
