/* Growable byte buffer over the context allocator; see buf.h. */
#include "core/buf.h"

#include "core/bytes.h"

#include <stdio.h>
#include <string.h>

#define BUF_MIN_CAP 64u

void liion__buf_init(liion__buf *b, liion_ctx *ctx)
{
    b->ctx = ctx;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

liion_status liion__buf_reserve(liion__buf *b, size_t extra)
{
    size_t need, cap;
    uint8_t *p;

    if (!liion__size_add(b->len, extra, &need))
        return liion__error(b->ctx, LIION_E_NOMEM,
                            "out of memory: buffer of %zu + %zu bytes overflows", b->len, extra);
    if (need <= b->cap)
        return LIION_OK;
    cap = liion__grow_cap(b->ctx, b->cap, need, BUF_MIN_CAP);
    p = liion__realloc(b->ctx, b->data, b->cap, cap);
    if (p == NULL)
        return LIION_E_NOMEM; /* the context's error is set */
    b->data = p;
    b->cap = cap;
    return LIION_OK;
}

liion_status liion__buf_append_space(liion__buf *b, size_t n, uint8_t **out)
{
    liion_status st = liion__buf_reserve(b, n);
    if (st != LIION_OK)
        return st;
    /* data is NULL only while cap is 0, which implies n == 0. */
    *out = b->data != NULL ? b->data + b->len : NULL;
    b->len += n;
    return LIION_OK;
}

liion_status liion__buf_append(liion__buf *b, const void *src, size_t n)
{
    liion_status st;
    if (n == 0)
        return LIION_OK;
    st = liion__buf_reserve(b, n);
    if (st != LIION_OK)
        return st;
    memcpy(b->data + b->len, src, n);
    b->len += n;
    return LIION_OK;
}

liion_status liion__buf_append_u8(liion__buf *b, uint8_t v)
{
    liion_status st = liion__buf_reserve(b, 1);
    if (st != LIION_OK)
        return st;
    b->data[b->len++] = v;
    return LIION_OK;
}

#define BUF_APPEND_FN(name, T, n)                                                             \
    liion_status liion__buf_append_##name(liion__buf *b, T v)                                 \
    {                                                                                         \
        liion_status st = liion__buf_reserve(b, (n));                                         \
        if (st != LIION_OK)                                                                   \
            return st;                                                                        \
        liion__store_##name(b->data + b->len, v);                                             \
        b->len += (n);                                                                        \
        return LIION_OK;                                                                      \
    }

BUF_APPEND_FN(be16, uint16_t, 2)
BUF_APPEND_FN(be32, uint32_t, 4)
BUF_APPEND_FN(be64, uint64_t, 8)
BUF_APPEND_FN(le16, uint16_t, 2)
BUF_APPEND_FN(le32, uint32_t, 4)
BUF_APPEND_FN(le64, uint64_t, 8)

#undef BUF_APPEND_FN

liion_status liion__buf_vprintf(liion__buf *b, const char *fmt, va_list ap)
{
    size_t room = b->cap - b->len;
    va_list ap2;
    liion_status st;
    int n;

    /* First try in the room already there; vsnprintf(NULL, 0, ...) just measures. */
    va_copy(ap2, ap);
    n = vsnprintf(room != 0 ? (char *)(b->data + b->len) : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        goto encoding_error;
    if ((size_t)n < room) {
        b->len += (size_t)n;
        return LIION_OK;
    }

    st = liion__buf_reserve(b, (size_t)n + 1);
    if (st != LIION_OK) {
        if (b->cap > b->len)
            b->data[b->len] = 0; /* undo the truncated first attempt */
        return st;
    }
    if (vsnprintf((char *)(b->data + b->len), (size_t)n + 1, fmt, ap) != n)
        goto encoding_error;
    b->len += (size_t)n;
    return LIION_OK;

encoding_error:
    if (b->cap > b->len)
        b->data[b->len] = 0;
    return liion__error(b->ctx, LIION_E_INVALID_ARG, "text formatting failed (encoding error)");
}

liion_status liion__buf_printf(liion__buf *b, const char *fmt, ...)
{
    liion_status st;
    va_list ap;
    va_start(ap, fmt);
    st = liion__buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

void liion__buf_reset(liion__buf *b)
{
    b->len = 0;
}

void liion__buf_free(liion__buf *b)
{
    if (b == NULL)
        return;
    if (b->data != NULL)
        liion__free(b->ctx, b->data, b->cap);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

uint8_t *liion__buf_detach(liion__buf *b, size_t *len_out, size_t *cap_out)
{
    uint8_t *p = b->data;
    if (len_out != NULL)
        *len_out = p != NULL ? b->len : 0;
    if (cap_out != NULL)
        *cap_out = p != NULL ? b->cap : 0;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}
