/* SECS-I (SEMI E4) blocks: block encode/decode with the checksum, splitting a body into
 * blocks, and the reassembler. The line protocol (ENQ/EOT/ACK/NAK, timers) is the caller's. */
#include "core/bytes.h"
#include "core/core.h"

#include <string.h>

#define SECS1_MAGIC_REASM 0x73656331u /* "sec1" */
#define SECS1_HDR LIION_SECS1_HEADER_BYTES
static const uint8_t secs1_empty[1] = { 0 };

LIION_API uint16_t liion_secs1_checksum(const uint8_t *data, size_t len)
{
    uint32_t sum = 0;
    if (data == NULL)
        return 0;
    for (size_t i = 0; i < len; i++)
        sum += data[i];
    return (uint16_t)sum;
}

/* ---- header structs across the ABI ----------------------------------------------------- */

static liion_status hdr_in(liion_ctx *ctx, const liion_secs1_header *in, liion_secs1_header *h)
{
    size_t n;
    memset(h, 0, sizeof *h);
    if (in == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL header");
    n = in->struct_size;
    if (n < sizeof(uint32_t))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "liion_secs1_header.struct_size %zu is too small", n);
    if (n > sizeof *h) {
        const uint8_t *tail = (const uint8_t *)in + sizeof *h;
        for (size_t i = 0; i < n - sizeof *h; i++)
            if (tail[i] != 0)
                return liion__error(ctx, LIION_E_UNSUPPORTED,
                                    "liion_secs1_header is larger than this library knows "
                                    "(%zu > %zu bytes) and its tail is not zero",
                                    n, sizeof *h);
        n = sizeof *h;
    }
    memcpy(h, in, n);
    h->struct_size = (uint32_t)sizeof *h;
    return LIION_OK;
}

static bool hdr_out_ok(const liion_secs1_header *out)
{
    return out == NULL || out->struct_size >= sizeof(uint32_t);
}

static void hdr_out(liion_secs1_header *out, const liion_secs1_header *h)
{
    uint32_t size;
    if (out == NULL)
        return;
    size = out->struct_size;
    memcpy(out, h, size < sizeof *h ? size : sizeof *h);
    out->struct_size = size;
}

static liion_status hdr_check(liion_ctx *ctx, const liion_secs1_header *h)
{
    if (h->device_id > 0x7fffu)
        return liion__error(ctx, LIION_E_INVALID_ARG, "SECS-I device ID %u is over 32767",
                            (unsigned)h->device_id);
    if (h->block_number > 0x7fffu)
        return liion__error(ctx, LIION_E_INVALID_ARG, "SECS-I block number %u is over 32767",
                            (unsigned)h->block_number);
    if (h->stream > 127u)
        return liion__error(ctx, LIION_E_INVALID_ARG, "SECS-I stream %u is over 127",
                            (unsigned)h->stream);
    if (h->rbit > 1u || h->wbit > 1u || h->ebit > 1u)
        return liion__error(ctx, LIION_E_INVALID_ARG, "SECS-I R-, W- and E-bits are 0 or 1");
    return LIION_OK;
}

static void hdr_store(uint8_t *p, const liion_secs1_header *h)
{
    liion__store_be16(p, (uint16_t)((unsigned)(h->rbit << 15) | h->device_id));
    p[2] = (uint8_t)((unsigned)(h->wbit << 7) | h->stream);
    p[3] = h->function;
    liion__store_be16(p + 4, (uint16_t)((unsigned)(h->ebit << 15) | h->block_number));
    liion__store_be32(p + 6, h->system_bytes);
}

static void hdr_load(liion_secs1_header *h, const uint8_t *p)
{
    uint16_t d = liion__load_be16(p), b = liion__load_be16(p + 4);
    memset(h, 0, sizeof *h);
    h->struct_size = (uint32_t)sizeof *h;
    h->rbit = (uint8_t)(d >> 15);
    h->device_id = (uint16_t)(d & 0x7fffu);
    h->wbit = (uint8_t)(p[2] >> 7);
    h->stream = (uint8_t)(p[2] & 0x7fu);
    h->function = p[3];
    h->ebit = (uint8_t)(b >> 15);
    h->block_number = (uint16_t)(b & 0x7fffu);
    h->system_bytes = liion__load_be32(p + 6);
}

/* ---- one block ------------------------------------------------------------------------- */

/* Write a checked header h and its data as one block at buf (room already checked). */
static size_t block_write(uint8_t *buf, const liion_secs1_header *h, const uint8_t *data,
                          size_t n)
{
    buf[0] = (uint8_t)(SECS1_HDR + n);
    hdr_store(buf + 1, h);
    if (n != 0)
        memcpy(buf + 1 + SECS1_HDR, data, n);
    liion__store_be16(buf + 1 + SECS1_HDR + n, liion_secs1_checksum(buf + 1, SECS1_HDR + n));
    return 1 + SECS1_HDR + n + 2;
}

LIION_API liion_status liion_secs1_block_encode(uint8_t *buf, size_t cap, size_t *written,
                                                liion_ctx *ctx, const liion_secs1_header *hdr,
                                                const uint8_t *data, size_t data_len)
{
    liion_secs1_header h;
    size_t need;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (written != NULL)
        *written = 0;
    if (written == NULL || (buf == NULL && cap != 0) || (data == NULL && data_len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "NULL written, buffer or data with a nonzero length");
    st = hdr_in(ctx, hdr, &h);
    if (st == LIION_OK)
        st = hdr_check(ctx, &h);
    if (st != LIION_OK)
        return st;
    if (data_len > LIION_SECS1_BLOCK_DATA_MAX)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "SECS-I block data of %zu bytes is over 244", data_len);
    need = LIION_SECS1_BLOCK_MIN + data_len;
    *written = need;
    if (buf == NULL || cap < need)
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "SECS-I block needs %zu bytes, the buffer has %zu", need, cap);
    block_write(buf, &h, data, data_len);
    return LIION_OK;
}

/* Check one block; on success h holds its header and *data / *n its data. */
static liion_status block_check(liion_ctx *ctx, liion_secs1_header *h, const uint8_t **data,
                                size_t *n, const uint8_t *block, size_t len)
{
    unsigned l;
    uint16_t want, got;
    if (len == 0)
        return liion__error_at(ctx, LIION_E_TRUNCATED, 0, "empty SECS-I block");
    l = block[0];
    if (l < SECS1_HDR)
        return liion__error_at(ctx, LIION_E_DECODE, 0,
                               "SECS-I length byte %u is under 10, the size of the header", l);
    if (l > SECS1_HDR + LIION_SECS1_BLOCK_DATA_MAX)
        return liion__error_at(ctx, LIION_E_DECODE, 0,
                               "SECS-I length byte %u is over 254: an oversized block (more "
                               "than 244 data bytes)",
                               l);
    if (len < (size_t)l + 3u)
        return liion__error_at(ctx, LIION_E_TRUNCATED, len,
                               "SECS-I block ends after %zu of its %u bytes", len, l + 3u);
    if (len > (size_t)l + 3u)
        return liion__error_at(ctx, LIION_E_DECODE, (size_t)l + 3u,
                               "%zu bytes after the SECS-I block's checksum",
                               len - ((size_t)l + 3u));
    want = liion_secs1_checksum(block + 1, l);
    got = liion__load_be16(block + 1 + l);
    if (want != got)
        return liion__error_at(ctx, LIION_E_CORRUPT, 1u + l,
                               "SECS-I checksum 0x%04x does not match the sum 0x%04x of the "
                               "header and data: answer NAK",
                               (unsigned)got, (unsigned)want);
    hdr_load(h, block + 1);
    *n = l - SECS1_HDR;
    *data = *n != 0 ? block + 1 + SECS1_HDR : secs1_empty;
    return LIION_OK;
}

LIION_API liion_status liion_secs1_block_decode(liion_secs1_header *hdr, const uint8_t **data,
                                                size_t *data_len, liion_ctx *ctx,
                                                const uint8_t *block, size_t len)
{
    liion_secs1_header h;
    const uint8_t *d;
    size_t n;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (hdr == NULL || !hdr_out_ok(hdr) || data == NULL || data_len == NULL ||
        (block == NULL && len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL argument or bad struct_size");
    st = block_check(ctx, &h, &d, &n, block, len);
    if (st != LIION_OK)
        return st;
    hdr_out(hdr, &h);
    *data = d;
    *data_len = n;
    return LIION_OK;
}

/* ---- splitting a message --------------------------------------------------------------- */

LIION_API size_t liion_secs1_block_count(size_t body_len)
{
    size_t n = body_len / LIION_SECS1_BLOCK_DATA_MAX +
               (body_len % LIION_SECS1_BLOCK_DATA_MAX != 0 ? 1u : 0u);
    if (n == 0)
        n = 1;
    return n > LIION_SECS1_BLOCKS_MAX ? 0 : n;
}

LIION_API size_t liion_secs1_message_size(size_t body_len)
{
    size_t n = liion_secs1_block_count(body_len);
    return n == 0 ? 0 : n * LIION_SECS1_BLOCK_MIN + body_len;
}

/* Shared checks of the message encoders; h gets the message header. */
static liion_status message_begin(liion_ctx *ctx, liion_secs1_header *h, size_t *written,
                                  const uint8_t *buf, size_t cap,
                                  const liion_secs1_header *hdr, const uint8_t *body,
                                  size_t body_len, size_t *blocks)
{
    liion_status st;
    if (written != NULL)
        *written = 0;
    if (written == NULL || (buf == NULL && cap != 0) || (body == NULL && body_len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "NULL written, buffer or body with a nonzero length");
    st = hdr_in(ctx, hdr, h);
    if (st != LIION_OK)
        return st;
    h->block_number = 0;
    h->ebit = 0;
    st = hdr_check(ctx, h);
    if (st != LIION_OK)
        return st;
    *blocks = liion_secs1_block_count(body_len);
    if (*blocks == 0)
        return liion__error(ctx, LIION_E_RANGE,
                            "SECS-I body of %zu bytes needs more than 32767 blocks", body_len);
    return LIION_OK;
}

/* Write block i of the message (room already checked); returns its size. */
static size_t message_block_write(uint8_t *buf, liion_secs1_header *h, const uint8_t *body,
                                  size_t body_len, size_t i, size_t blocks)
{
    size_t at = i * LIION_SECS1_BLOCK_DATA_MAX;
    size_t n = body_len - at < LIION_SECS1_BLOCK_DATA_MAX ? body_len - at
                                                          : LIION_SECS1_BLOCK_DATA_MAX;
    h->block_number = (uint16_t)(i + 1);
    h->ebit = i + 1 == blocks ? 1u : 0u;
    return block_write(buf, h, body != NULL ? body + at : NULL, n);
}

LIION_API liion_status liion_secs1_message_block(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, const liion_secs1_header *hdr,
                                                 const uint8_t *body, size_t body_len,
                                                 size_t index)
{
    liion_secs1_header h;
    size_t blocks = 0, need, n;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    st = message_begin(ctx, &h, written, buf, cap, hdr, body, body_len, &blocks);
    if (st != LIION_OK)
        return st;
    if (index >= blocks)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "SECS-I block index %zu: the message has %zu blocks", index,
                            blocks);
    n = body_len - index * LIION_SECS1_BLOCK_DATA_MAX;
    if (n > LIION_SECS1_BLOCK_DATA_MAX)
        n = LIION_SECS1_BLOCK_DATA_MAX;
    need = LIION_SECS1_BLOCK_MIN + n;
    *written = need;
    if (buf == NULL || cap < need)
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "SECS-I block needs %zu bytes, the buffer has %zu", need, cap);
    message_block_write(buf, &h, body, body_len, index, blocks);
    return LIION_OK;
}

LIION_API liion_status liion_secs1_message_encode(uint8_t *buf, size_t cap, size_t *written,
                                                  liion_ctx *ctx, const liion_secs1_header *hdr,
                                                  const uint8_t *body, size_t body_len)
{
    liion_secs1_header h;
    size_t blocks = 0, need, at = 0;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    st = message_begin(ctx, &h, written, buf, cap, hdr, body, body_len, &blocks);
    if (st != LIION_OK)
        return st;
    need = liion_secs1_message_size(body_len);
    *written = need;
    if (buf == NULL || cap < need)
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "SECS-I message needs %zu bytes, the buffer has %zu", need, cap);
    for (size_t i = 0; i < blocks; i++)
        at += message_block_write(buf + at, &h, body, body_len, i, blocks);
    return LIION_OK;
}

/* ---- the reassembler ------------------------------------------------------------------- */

enum { REASM_IDLE = 0, REASM_PARTIAL = 1, REASM_COMPLETE = 2 };

struct liion_secs1_reasm {
    uint32_t magic;
    int state;
    liion_ctx *ctx;
    liion_secs1_header first;    /* header of the first block of the message */
    uint16_t last_block;         /* block number of the last block taken */
    int have_last;
    uint8_t last_raw[SECS1_HDR]; /* raw header of the last block taken (duplicate check) */
    size_t blocks;
    uint8_t *buf;
    size_t cap;
    size_t len;
};

static liion_status reasm_enter(liion_secs1_reasm *r)
{
    if (r == NULL)
        return LIION_E_INVALID_ARG;
    if (r->magic != SECS1_MAGIC_REASM)
        return LIION_E_MISUSE;
    return liion__ctx_enter(r->ctx);
}

LIION_API liion_status liion_secs1_reasm_new(liion_secs1_reasm **out, liion_ctx *ctx)
{
    liion_secs1_reasm *r;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL out");
    r = liion__calloc(ctx, 1, sizeof *r);
    if (r == NULL)
        return LIION_E_NOMEM;
    r->magic = SECS1_MAGIC_REASM;
    r->ctx = ctx;
    *out = r;
    return LIION_OK;
}

LIION_API void liion_secs1_reasm_free(liion_secs1_reasm *r)
{
    liion_ctx *ctx;
    if (r == NULL || r->magic != SECS1_MAGIC_REASM)
        return;
    ctx = r->ctx;
    liion__free(ctx, r->buf, r->cap);
    r->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, r, sizeof *r);
}

LIION_API void liion_secs1_reasm_reset(liion_secs1_reasm *r)
{
    if (r == NULL || r->magic != SECS1_MAGIC_REASM)
        return;
    r->state = REASM_IDLE;
    r->have_last = 0;
    r->blocks = 0;
    r->len = 0;
}

LIION_API size_t liion_secs1_reasm_blocks(const liion_secs1_reasm *r)
{
    if (r == NULL || r->magic != SECS1_MAGIC_REASM || r->state != REASM_PARTIAL)
        return 0;
    return r->blocks;
}

/* The first field (and its byte offset in the block) where h differs from the message. */
static const char *header_change(const liion_secs1_header *m, const liion_secs1_header *h,
                                 size_t *at, unsigned *was, unsigned *now)
{
#define SECS1_DIFF(field, off, name)                                                          \
    if (m->field != h->field) {                                                               \
        *at = (off);                                                                          \
        *was = (unsigned)m->field;                                                            \
        *now = (unsigned)h->field;                                                            \
        return name;                                                                          \
    }
    SECS1_DIFF(rbit, 1, "R-bit")
    SECS1_DIFF(device_id, 1, "device ID")
    SECS1_DIFF(wbit, 3, "W-bit")
    SECS1_DIFF(stream, 3, "stream")
    SECS1_DIFF(function, 4, "function")
    SECS1_DIFF(system_bytes, 7, "system bytes")
#undef SECS1_DIFF
    return NULL;
}

LIION_API liion_status liion_secs1_reasm_add(liion_secs1_event *event, liion_secs1_reasm *r,
                                             const uint8_t *block, size_t len)
{
    liion_secs1_header h;
    const uint8_t *data;
    size_t n, base, total;
    liion_ctx *ctx;
    liion_status st = reasm_enter(r);
    if (event != NULL)
        *event = (liion_secs1_event)0;
    if (st != LIION_OK)
        return st;
    ctx = r->ctx;
    if (block == NULL && len != 0)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL block with a nonzero length");
    st = block_check(ctx, &h, &data, &n, block, len);
    if (st != LIION_OK)
        return st;

    if (r->have_last && memcmp(block + 1, r->last_raw, SECS1_HDR) == 0) {
        if (event != NULL)
            *event = LIION_SECS1_BLOCK_DUPLICATE;
        return LIION_OK;
    }
    if (r->state == REASM_PARTIAL) {
        size_t at = 0;
        unsigned was = 0, now = 0;
        const char *what = header_change(&r->first, &h, &at, &was, &now);
        if (what != NULL)
            return liion__error_at(ctx, LIION_E_DECODE, at,
                                   "SECS-I %s changed within a message (block %u): 0x%x, "
                                   "then 0x%x",
                                   what, (unsigned)h.block_number, was, now);
        if ((unsigned)h.block_number != (unsigned)r->last_block + 1u)
            return liion__error_at(ctx, LIION_E_DECODE, 5,
                                   "SECS-I block number %u is not the next one (%u expected)",
                                   (unsigned)h.block_number, (unsigned)r->last_block + 1u);
        base = r->len;
    } else {
        if (h.block_number > 1u)
            return liion__error_at(ctx, LIION_E_DECODE, 5,
                                   "SECS-I block number %u starts a message; the first block "
                                   "is 0 or 1",
                                   (unsigned)h.block_number);
        base = 0;
    }
    total = base + n;
    if ((uint64_t)total > ctx->max_message_bytes)
        return liion__error_at(ctx, LIION_E_LIMIT, 0,
                               "SECS-I message of %zu bytes so far is over the limit of %llu "
                               "bytes (LIION_LIMIT_MAX_MESSAGE_BYTES)",
                               total, (unsigned long long)ctx->max_message_bytes);
    if (total > r->cap) {
        size_t ncap = liion__grow_cap(ctx, r->cap, total, 256);
        uint8_t *p;
        if ((uint64_t)ncap > ctx->max_message_bytes)
            ncap = (size_t)ctx->max_message_bytes;
        p = liion__realloc(ctx, r->buf, r->cap, ncap);
        if (p == NULL)
            return LIION_E_NOMEM;
        r->buf = p;
        r->cap = ncap;
    }
    if (n != 0)
        memcpy(r->buf + base, data, n);

    if (r->state != REASM_PARTIAL) {
        r->first = h;
        r->blocks = 0;
    }
    r->len = total;
    r->blocks++;
    r->last_block = h.block_number;
    r->have_last = 1;
    memcpy(r->last_raw, block + 1, SECS1_HDR);
    r->state = h.ebit ? REASM_COMPLETE : REASM_PARTIAL;
    if (h.ebit) {
        r->first.ebit = 1;
        r->first.block_number = h.block_number;
    }
    if (event != NULL)
        *event = h.ebit ? LIION_SECS1_MESSAGE_COMPLETE : LIION_SECS1_BLOCK_ACCEPTED;
    return LIION_OK;
}

LIION_API liion_status liion_secs1_reasm_message(liion_secs1_header *hdr, const uint8_t **body,
                                                 size_t *body_len, liion_secs1_reasm *r)
{
    liion_status st = reasm_enter(r);
    if (st != LIION_OK)
        return st;
    if (!hdr_out_ok(hdr))
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "liion_secs1_header.struct_size is too small");
    if (r->state != REASM_COMPLETE)
        return liion__error(r->ctx, LIION_E_STATE, "no complete SECS-I message: %s",
                            r->state == REASM_PARTIAL ? "more blocks are needed"
                                                      : "no block was added");
    hdr_out(hdr, &r->first);
    if (body != NULL)
        *body = r->len != 0 ? r->buf : secs1_empty;
    if (body_len != NULL)
        *body_len = r->len;
    return LIION_OK;
}
