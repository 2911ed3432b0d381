/* Chunked bump arena over the context allocator; see arena.h. */
#include "core/arena.h"

#include "core/buf.h"

#include <stddef.h>
#include <string.h>

struct liion__arena_chunk {
    liion__arena_chunk *next;
    size_t cap;  /* bytes in data[] */
    size_t used; /* bytes of data[] bumped past (padding included) */
    uint8_t data[];
};

#define CHUNK_HDR offsetof(liion__arena_chunk, data)

static size_t chunk_block_size(const liion__arena_chunk *c)
{
    return CHUNK_HDR + c->cap;
}

void liion__arena_init(liion__arena *a, liion_ctx *ctx, size_t first_chunk_size)
{
    a->ctx = ctx;
    a->head = NULL;
    a->next_size = first_chunk_size != 0 ? first_chunk_size : LIION__ARENA_DEFAULT_CHUNK;
    a->used = 0;
}

/* Carve size bytes aligned to align out of c, or NULL if they do not fit. */
static void *bump(liion__arena_chunk *c, size_t size, size_t align)
{
    uintptr_t at = (uintptr_t)(c->data + c->used);
    size_t pad = (size_t)((align - (at & (align - 1))) & (align - 1));
    size_t left = c->cap - c->used;
    void *p;
    if (pad > left || size > left - pad)
        return NULL;
    p = c->data + c->used + pad;
    c->used += pad + size;
    return p;
}

static liion__arena_chunk *new_chunk(liion__arena *a, size_t cap, size_t block)
{
    liion__arena_chunk *c = liion__alloc(a->ctx, block);
    if (c == NULL)
        return NULL;
    c->next = NULL;
    c->cap = cap;
    c->used = 0;
    return c;
}

void *liion__arena_alloc(liion__arena *a, size_t size, size_t align)
{
    liion__arena_chunk *c;
    size_t need, need_block, block;
    void *p;

    if (align == 0)
        align = _Alignof(max_align_t);
    if (align > LIION__ARENA_MAX_ALIGN || (align & (align - 1)) != 0) {
        liion__error(a->ctx, LIION_E_INVALID_ARG, "arena: bad alignment %zu", align);
        return NULL;
    }
    if (size == 0)
        size = 1;

    if (a->head != NULL && (p = bump(a->head, size, align)) != NULL)
        goto done;

    /* Worst-case padding is align - 1 whatever the chunk's address. */
    if (!liion__size_add(size, align - 1, &need) || !liion__size_add(need, CHUNK_HDR, &need_block)) {
        liion__error(a->ctx, LIION_E_NOMEM, "out of memory: arena request of %zu bytes overflows",
                     size);
        return NULL;
    }

    if (a->head != NULL && need > a->next_size / 2) {
        /* Big request: a chunk of its own, behind the head so the head's room is not lost. */
        c = new_chunk(a, need, need_block);
        if (c == NULL)
            return NULL;
        c->next = a->head->next;
        a->head->next = c;
    } else {
        size_t min_block = a->next_size > SIZE_MAX - CHUNK_HDR ? SIZE_MAX : CHUNK_HDR + a->next_size;
        block = liion__grow_cap(a->ctx, 0, need_block, min_block);
        c = new_chunk(a, block - CHUNK_HDR, block);
        if (c == NULL)
            return NULL;
        c->next = a->head;
        a->head = c;
        if (a->next_size < LIION__ARENA_MAX_CHUNK)
            a->next_size = a->next_size > LIION__ARENA_MAX_CHUNK / 2 ? LIION__ARENA_MAX_CHUNK
                                                                     : a->next_size * 2;
    }
    p = bump(c, size, align);
    /* Cannot fail: the chunk has size + align - 1 bytes. */
    if (p == NULL) {
        liion__error(a->ctx, LIION_E_NOMEM, "arena: internal sizing error");
        return NULL;
    }

done:
    a->used = size > SIZE_MAX - a->used ? SIZE_MAX : a->used + size;
    return p;
}

void *liion__arena_calloc(liion__arena *a, size_t count, size_t size, size_t align)
{
    size_t total;
    void *p;
    if (!liion__size_mul(count, size, &total)) {
        liion__error(a->ctx, LIION_E_NOMEM, "out of memory: arena request of %zu x %zu bytes overflows",
                     count, size);
        return NULL;
    }
    p = liion__arena_alloc(a, total, align);
    if (p != NULL)
        memset(p, 0, total);
    return p;
}

void *liion__arena_memdup(liion__arena *a, const void *src, size_t n)
{
    void *p = liion__arena_alloc(a, n, 1);
    if (p != NULL && n != 0)
        memcpy(p, src, n);
    return p;
}

char *liion__arena_strndup(liion__arena *a, const char *s, size_t len)
{
    size_t total;
    char *p;
    if (!liion__size_add(len, 1, &total)) {
        liion__error(a->ctx, LIION_E_NOMEM, "out of memory: string of %zu bytes overflows", len);
        return NULL;
    }
    p = liion__arena_alloc(a, total, 1);
    if (p == NULL)
        return NULL;
    if (len != 0)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void liion__arena_reset(liion__arena *a)
{
    liion__arena_chunk *c, *next, *keep;
    size_t total = 0;
    bool total_ok = true;

    a->used = 0;
    if (a->head == NULL)
        return;

    /* total: the data capacity of one chunk whose block is as large as all blocks together,
     * so merging never holds more memory than before the reset. */
    keep = a->head;
    for (c = a->head; c != NULL; c = c->next) {
        if (c->cap > keep->cap)
            keep = c;
        if (!liion__size_add(total, chunk_block_size(c), &total))
            total_ok = false;
    }
    total -= CHUNK_HDR;
    if (keep != a->head || keep->next != NULL) {
        for (c = a->head; c != NULL; c = next) {
            next = c->next;
            if (c != keep)
                liion__free(a->ctx, c, chunk_block_size(c));
        }
        keep->next = NULL;
        /* Merge: one chunk as large as all of them together, so the same workload fits in it
         * next time. Only tried when the cap leaves room; otherwise keep the largest. */
        if (total_ok && total - keep->cap <= liion__mem_headroom(a->ctx)) {
            /* reset cannot fail: a refused merge leaves no error and keeps the largest chunk */
            liion__arena_chunk *m =
                liion__realloc_try(a->ctx, keep, chunk_block_size(keep), CHUNK_HDR + total);
            if (m != NULL) {
                m->cap = total;
                keep = m;
            }
        }
    }
    keep->used = 0;
    a->head = keep;
}

void liion__arena_free(liion__arena *a)
{
    liion__arena_chunk *c, *next;
    if (a == NULL)
        return;
    for (c = a->head; c != NULL; c = next) {
        next = c->next;
        liion__free(a->ctx, c, chunk_block_size(c));
    }
    a->head = NULL;
    a->used = 0;
}

size_t liion__arena_used(const liion__arena *a)
{
    return a->used;
}

size_t liion__arena_reserved(const liion__arena *a)
{
    const liion__arena_chunk *c;
    size_t total = 0;
    for (c = a->head; c != NULL; c = c->next)
        total += chunk_block_size(c);
    return total;
}
