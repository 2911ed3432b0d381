/*
 * Private to libliion: endian loads and stores, a bounds-checked input cursor (liion__rd) and a
 * measuring output cursor (liion__wr). Header-only; every function is static inline.
 *
 * Reader rule: every liion__rd_* function returns false and leaves pos unchanged when fewer
 * bytes remain than it needs; it never reads past len. The caller turns false into
 *     return liion__error_at(ctx, LIION_E_TRUNCATED, rd.pos, "...");
 *
 * Writer rule (the zstd "dst, cap" style): a write that does not fit in cap is not performed,
 * but pos still advances. After encoding, pos is the exact size the output needs, and
 * liion__wr_overflow() tells whether the buffer was too small. A writer initialised with
 * (NULL, 0) is a pure size measurement, so every encoded_size() function runs the same code
 * as the encoder itself.
 */
#ifndef LIION__BYTES_H
#define LIION__BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

_Static_assert(sizeof(float) == 4, "libliion needs a 32-bit float");
_Static_assert(sizeof(double) == 8, "libliion needs a 64-bit double");

/* ---- loads --------------------------------------------------------------------------- */

static inline uint16_t liion__load_be16(const uint8_t *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | (unsigned)p[1]);
}

static inline uint32_t liion__load_be24(const uint8_t *p)
{
    return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | (uint32_t)p[2];
}

static inline uint32_t liion__load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
           (uint32_t)p[3];
}

static inline uint64_t liion__load_be64(const uint8_t *p)
{
    return ((uint64_t)liion__load_be32(p) << 32) | (uint64_t)liion__load_be32(p + 4);
}

static inline uint16_t liion__load_le16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] | ((unsigned)p[1] << 8));
}

static inline uint32_t liion__load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static inline uint64_t liion__load_le64(const uint8_t *p)
{
    return (uint64_t)liion__load_le32(p) | ((uint64_t)liion__load_le32(p + 4) << 32);
}

static inline float liion__load_f32be(const uint8_t *p)
{
    uint32_t u = liion__load_be32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline double liion__load_f64be(const uint8_t *p)
{
    uint64_t u = liion__load_be64(p);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static inline float liion__load_f32le(const uint8_t *p)
{
    uint32_t u = liion__load_le32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline double liion__load_f64le(const uint8_t *p)
{
    uint64_t u = liion__load_le64(p);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* ---- stores -------------------------------------------------------------------------- */

static inline void liion__store_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Low 24 bits of v, big-endian (SECS-II item lengths). */
static inline void liion__store_be24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 16);
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)v;
}

static inline void liion__store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline void liion__store_be64(uint8_t *p, uint64_t v)
{
    liion__store_be32(p, (uint32_t)(v >> 32));
    liion__store_be32(p + 4, (uint32_t)v);
}

static inline void liion__store_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void liion__store_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void liion__store_le64(uint8_t *p, uint64_t v)
{
    liion__store_le32(p, (uint32_t)v);
    liion__store_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t liion__f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline uint64_t liion__f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static inline void liion__store_f32be(uint8_t *p, float f)
{
    liion__store_be32(p, liion__f32_bits(f));
}

static inline void liion__store_f64be(uint8_t *p, double d)
{
    liion__store_be64(p, liion__f64_bits(d));
}

static inline void liion__store_f32le(uint8_t *p, float f)
{
    liion__store_le32(p, liion__f32_bits(f));
}

static inline void liion__store_f64le(uint8_t *p, double d)
{
    liion__store_le64(p, liion__f64_bits(d));
}

/* ---- reader -------------------------------------------------------------------------- */

/* Bounds-checked input cursor over borrowed bytes. Invariant: pos <= len. */
typedef struct liion__rd {
    const uint8_t *base;
    size_t len;
    size_t pos;
} liion__rd;

/* Start reading base[0..len). A NULL base is taken as an empty input (len forced to 0), so
 * base is never NULL afterwards and no pointer arithmetic is ever done on NULL. */
static inline void liion__rd_init(liion__rd *rd, const uint8_t *base, size_t len)
{
    static const uint8_t empty[1] = { 0 };
    if (base == NULL) {
        base = empty;
        len = 0;
    }
    rd->base = base;
    rd->len = len;
    rd->pos = 0;
}

/* Bytes not yet read. */
static inline size_t liion__rd_left(const liion__rd *rd)
{
    return rd->len - rd->pos;
}

/* True when n more bytes can be read. */
static inline bool liion__rd_has(const liion__rd *rd, size_t n)
{
    return rd->len - rd->pos >= n;
}

/* Take n bytes and return a pointer to them inside the input (zero copy, borrowed for as long
 * as the input is). n == 0 always succeeds. */
static inline bool liion__rd_bytes(liion__rd *rd, size_t n, const uint8_t **out)
{
    if (rd->len - rd->pos < n)
        return false;
    *out = rd->base + rd->pos;
    rd->pos += n;
    return true;
}

/* Copy n bytes into dst. */
static inline bool liion__rd_copy(liion__rd *rd, void *dst, size_t n)
{
    if (rd->len - rd->pos < n)
        return false;
    if (n != 0)
        memcpy(dst, rd->base + rd->pos, n);
    rd->pos += n;
    return true;
}

static inline bool liion__rd_skip(liion__rd *rd, size_t n)
{
    if (rd->len - rd->pos < n)
        return false;
    rd->pos += n;
    return true;
}

static inline bool liion__rd_u8(liion__rd *rd, uint8_t *out)
{
    if (rd->len - rd->pos < 1)
        return false;
    *out = rd->base[rd->pos++];
    return true;
}

/* Generates liion__rd_<name>(rd, T *out) on top of liion__load_<name>. */
#define LIION__RD_FN(name, T, n)                                                              \
    static inline bool liion__rd_##name(liion__rd *rd, T *out)                                \
    {                                                                                         \
        if (rd->len - rd->pos < (n))                                                          \
            return false;                                                                     \
        *out = liion__load_##name(rd->base + rd->pos);                                        \
        rd->pos += (n);                                                                       \
        return true;                                                                          \
    }

LIION__RD_FN(be16, uint16_t, 2)
LIION__RD_FN(be24, uint32_t, 3)
LIION__RD_FN(be32, uint32_t, 4)
LIION__RD_FN(be64, uint64_t, 8)
LIION__RD_FN(le16, uint16_t, 2)
LIION__RD_FN(le32, uint32_t, 4)
LIION__RD_FN(le64, uint64_t, 8)
LIION__RD_FN(f32be, float, 4)
LIION__RD_FN(f64be, double, 8)
LIION__RD_FN(f32le, float, 4)
LIION__RD_FN(f64le, double, 8)

#undef LIION__RD_FN

/* ---- writer -------------------------------------------------------------------------- */

/* Output cursor over a caller-supplied buffer. pos may pass cap: see the file comment. */
typedef struct liion__wr {
    uint8_t *buf;
    size_t cap;
    size_t pos;
} liion__wr;

/* Write into buf[0..cap). buf may be NULL with cap 0: a pure size measurement. */
static inline void liion__wr_init(liion__wr *wr, uint8_t *buf, size_t cap)
{
    wr->buf = buf;
    wr->cap = buf != NULL ? cap : 0;
    wr->pos = 0;
}

/* True when some write did not fit: the buffer needs wr->pos bytes. */
static inline bool liion__wr_overflow(const liion__wr *wr)
{
    return wr->pos > wr->cap;
}

/* Bytes needed so far (equal to bytes written when there is no overflow). */
static inline size_t liion__wr_size(const liion__wr *wr)
{
    return wr->pos;
}

/* Advance by n and return where the n bytes go, or NULL if they do not fit (the write is then
 * skipped, but pos still advances). pos saturates at SIZE_MAX instead of wrapping, so a
 * measurement can never come out small; no real buffer has cap == SIZE_MAX. */
static inline uint8_t *liion__wr_take(liion__wr *wr, size_t n)
{
    size_t at = wr->pos;
    if (n > SIZE_MAX - at) {
        wr->pos = SIZE_MAX;
        return NULL;
    }
    wr->pos = at + n;
    /* buf == NULL is already cap == 0; saying it again keeps gcc -O3's stringop-overflow
     * check from seeing a write through a null buffer */
    if (n == 0 || wr->buf == NULL || at > wr->cap || n > wr->cap - at)
        return NULL;
    return wr->buf + at;
}

static inline void liion__wr_bytes(liion__wr *wr, const void *src, size_t n)
{
    uint8_t *p = liion__wr_take(wr, n);
    if (p != NULL)
        memcpy(p, src, n);
}

/* n copies of byte b (padding). */
static inline void liion__wr_fill(liion__wr *wr, uint8_t b, size_t n)
{
    uint8_t *p = liion__wr_take(wr, n);
    if (p != NULL)
        memset(p, b, n);
}

static inline void liion__wr_u8(liion__wr *wr, uint8_t v)
{
    uint8_t *p = liion__wr_take(wr, 1);
    if (p != NULL)
        *p = v;
}

/* Generates liion__wr_<name>(wr, T v) on top of liion__store_<name>. */
#define LIION__WR_FN(name, T, n)                                                              \
    static inline void liion__wr_##name(liion__wr *wr, T v)                                   \
    {                                                                                         \
        uint8_t *p = liion__wr_take(wr, (n));                                                 \
        if (p != NULL)                                                                        \
            liion__store_##name(p, v);                                                        \
    }

LIION__WR_FN(be16, uint16_t, 2)
LIION__WR_FN(be24, uint32_t, 3)
LIION__WR_FN(be32, uint32_t, 4)
LIION__WR_FN(be64, uint64_t, 8)
LIION__WR_FN(le16, uint16_t, 2)
LIION__WR_FN(le32, uint32_t, 4)
LIION__WR_FN(le64, uint64_t, 8)
LIION__WR_FN(f32be, float, 4)
LIION__WR_FN(f64be, double, 8)
LIION__WR_FN(f32le, float, 4)
LIION__WR_FN(f64le, double, 8)

#undef LIION__WR_FN

/* Back-patching (length prefixes written before the body is known): overwrite the n bytes at
 * an earlier position `at`, if they were inside the buffer. Writes nothing otherwise, which is
 * consistent with the skipped placeholder write. */
static inline uint8_t *liion__wr_at(liion__wr *wr, size_t at, size_t n)
{
    if (at > wr->cap || n > wr->cap - at || n == 0)
        return NULL;
    return wr->buf + at;
}

static inline void liion__wr_patch_be16(liion__wr *wr, size_t at, uint16_t v)
{
    uint8_t *p = liion__wr_at(wr, at, 2);
    if (p != NULL)
        liion__store_be16(p, v);
}

static inline void liion__wr_patch_be24(liion__wr *wr, size_t at, uint32_t v)
{
    uint8_t *p = liion__wr_at(wr, at, 3);
    if (p != NULL)
        liion__store_be24(p, v);
}

static inline void liion__wr_patch_be32(liion__wr *wr, size_t at, uint32_t v)
{
    uint8_t *p = liion__wr_at(wr, at, 4);
    if (p != NULL)
        liion__store_be32(p, v);
}

static inline void liion__wr_patch_le16(liion__wr *wr, size_t at, uint16_t v)
{
    uint8_t *p = liion__wr_at(wr, at, 2);
    if (p != NULL)
        liion__store_le16(p, v);
}

static inline void liion__wr_patch_le32(liion__wr *wr, size_t at, uint32_t v)
{
    uint8_t *p = liion__wr_at(wr, at, 4);
    if (p != NULL)
        liion__store_le32(p, v);
}

#endif /* LIION__BYTES_H */
