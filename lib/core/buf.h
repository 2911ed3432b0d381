/*
 * Private to libliion: a growable byte buffer bound to a context.
 *
 * All memory comes from the context allocator (liion__realloc), so it counts against the
 * context's memory cap; there is no other limit. Growth is geometric (doubling), but never
 * asks for more than the cap leaves when a smaller block would do, so a capped context can
 * fill its cap instead of failing at half of it.
 *
 *     liion__buf b;
 *     liion__buf_init(&b, ctx);
 *     if ((st = liion__buf_append(&b, hdr, 4)) != LIION_OK) goto fail;
 *     ...
 *     liion__buf_free(&b);
 *
 * Every function that can fail returns LIION_OK or LIION_E_NOMEM (with the context's error
 * set); on failure the buffer's contents are unchanged and it stays usable and freeable.
 */
#ifndef LIION__BUF_H
#define LIION__BUF_H

#include "core/core.h"

#include <stdarg.h>

typedef struct liion__buf {
    liion_ctx *ctx;
    uint8_t *data; /* NULL until the first growth */
    size_t len;    /* bytes in use */
    size_t cap;    /* bytes allocated */
} liion__buf;

/* Empty buffer, no allocation. Cannot fail. */
void liion__buf_init(liion__buf *b, liion_ctx *ctx);

/* Make room for at least `extra` more bytes after len (cap >= len + extra). */
liion_status liion__buf_reserve(liion__buf *b, size_t extra);

/* Append n bytes (src may be NULL when n == 0). */
liion_status liion__buf_append(liion__buf *b, const void *src, size_t n);

/* Grow len by n and return, through out, where those n (uninitialised) bytes are: for an
 * encoder that measures with a liion__wr first and then writes in place. The pointer is valid
 * until the next call that may grow the buffer. */
liion_status liion__buf_append_space(liion__buf *b, size_t n, uint8_t **out);

liion_status liion__buf_append_u8(liion__buf *b, uint8_t v);
liion_status liion__buf_append_be16(liion__buf *b, uint16_t v);
liion_status liion__buf_append_be32(liion__buf *b, uint32_t v);
liion_status liion__buf_append_be64(liion__buf *b, uint64_t v);
liion_status liion__buf_append_le16(liion__buf *b, uint16_t v);
liion_status liion__buf_append_le32(liion__buf *b, uint32_t v);
liion_status liion__buf_append_le64(liion__buf *b, uint64_t v);

/* Append printf-formatted text. A NUL is kept at data[len] but not counted in len, so after
 * only text appends (data, len) is also a C string. Returns LIION_E_INVALID_ARG (context error
 * set) if vsnprintf reports an encoding error. */
liion_status liion__buf_printf(liion__buf *b, const char *fmt, ...) LIION__PRINTF(2, 3);
#if defined(__GNUC__) || defined(__clang__)
liion_status liion__buf_vprintf(liion__buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
#else
liion_status liion__buf_vprintf(liion__buf *b, const char *fmt, va_list ap);
#endif

/* len = 0; the memory is kept for reuse. */
void liion__buf_reset(liion__buf *b);

/* Release the memory; the buffer is then empty and may be reused. NULL-safe. */
void liion__buf_free(liion__buf *b);

/* Hand the data to the caller and leave the buffer empty (as after init).
 * Returns the data, with its length in *len_out and its allocated CAPACITY in *cap_out
 * (either out pointer may be NULL, but the capacity is needed to free). The caller owns the
 * block and frees it with liion__free(ctx, p, cap), cap being *cap_out, not *len_out.
 * Returns NULL (len 0, cap 0) if nothing was ever allocated. */
uint8_t *liion__buf_detach(liion__buf *b, size_t *len_out, size_t *cap_out);

#endif /* LIION__BUF_H */
