/*
 * Store snapshots: the file format (docs/store-format.md, "Snapshot file"). A snapshot is a
 * 32-byte header and LIION__SNAP_SECTIONS sections, each a 32-byte frame and a zlib stream
 * whose inflated content (the raw section) lib/store/snap_plant.c encodes and decodes.
 *
 * Header: "LIIONSNP", u32 LE version (2; version 1 is still read), u32 LE flags (0), u64 LE
 * sequence number covered, u32 LE section count, u32 LE crc32 of bytes 0..27.
 * Section frame: u32 LE id, u32 LE flags (0), u64 LE raw length, u64 LE compressed length,
 * u32 LE crc32 of the compressed bytes, u32 LE crc32 of frame bytes 0..27.
 *
 * The loader trusts nothing: every length is checked against the bytes left before anything
 * is allocated, a raw length above 1032 x the compressed length (more than deflate can
 * produce) is refused before inflating, and inflate runs on the context's allocator.
 */
#include "store/store_int.h"

#include "core/bytes.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* ---- section encoder helpers (used by snap_plant.c) ------------------------------------ */

static bool enc_room(liion__snap_enc *e, size_t n)
{
    size_t need, cap;
    uint8_t *p;
    if (e->st != LIION_OK)
        return false;
    if (n <= e->cap - e->len)
        return true;
    if (!liion__size_add(e->len, n, &need)) {
        e->st = liion__error(e->ctx, LIION_E_NOMEM, "snapshot section too large");
        return false;
    }
    cap = liion__grow_cap(e->ctx, e->cap, need, 1u << 16);
    p = e->raw == NULL ? liion__alloc(e->ctx, cap) : liion__realloc(e->ctx, e->raw, e->cap, cap);
    if (p == NULL) {
        e->st = LIION_E_NOMEM;
        return false;
    }
    e->raw = p;
    e->cap = cap;
    return true;
}

void liion__snap_put_uv(liion__snap_enc *e, uint64_t v)
{
    uint8_t *p;
    if (!enc_room(e, 10))
        return;
    p = e->raw + e->len;
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    e->len = (size_t)(p - e->raw);
}

void liion__snap_put_bytes(liion__snap_enc *e, const void *src, size_t n)
{
    if (n == 0 || !enc_room(e, n))
        return;
    memcpy(e->raw + e->len, src, n);
    e->len += n;
}

bool liion__snap_get_uv(liion__snap_dec *d, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        uint8_t b;
        if (d->pos >= d->len) {
            if (d->why == NULL)
                d->why = "section ends inside a number";
            return false;
        }
        b = d->p[d->pos++];
        if (shift == 63 && b > 1) {
            if (d->why == NULL)
                d->why = "number does not fit 64 bits";
            return false;
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return true;
        }
    }
    if (d->why == NULL)
        d->why = "number does not fit 64 bits";
    return false;
}

/* ---- zlib on the context allocator ------------------------------------------------------ */

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    size_t n;
    uint64_t *p;
    if (!liion__size_mul(items, size, &n) || !liion__size_add(n, sizeof(uint64_t), &n))
        return Z_NULL;
    p = liion__alloc(opaque, n);
    if (p == NULL)
        return Z_NULL;
    p[0] = n;
    return p + 1;
}

static void z_free(voidpf opaque, voidpf ptr)
{
    uint64_t *p = ptr;
    if (p == NULL)
        return;
    p--;
    liion__free(opaque, p, (size_t)p[0]);
}

/* ---- writer ----------------------------------------------------------------------------- */

typedef struct snap_writer {
    liion_ctx *ctx;
    liion__snap_sink sink;
    void *user;
    uint64_t bytes;
    uint8_t *comp;
    size_t comp_cap;
} snap_writer;

static liion_status put(snap_writer *w, const uint8_t *p, size_t n)
{
    liion_status st = w->sink(w->user, p, n);
    if (st == LIION_OK)
        w->bytes += n;
    return st;
}

/* Deflate e->raw[0..len) and write the framed section. */
static liion_status write_section(snap_writer *w, uint32_t id, const liion__snap_enc *e)
{
    uint8_t fr[LIION__SNAP_SEC_HDR];
    z_stream z;
    size_t bound, done_in = 0;
    uLong crc;
    int zr;
    liion_status st;
    memset(&z, 0, sizeof z);
    z.zalloc = z_alloc;
    z.zfree = z_free;
    z.opaque = w->ctx;
    if (deflateInit(&z, Z_BEST_SPEED) != Z_OK)
        return liion__error(w->ctx, LIION_E_NOMEM, "snapshot: deflateInit failed");
    bound = (size_t)deflateBound(&z, (uLong)(e->len > (size_t)0x7fffffff ? 0x7fffffff : e->len));
    if (e->len > (size_t)0x7fffffff)
        bound = e->len + e->len / 1000 + 1024; /* per-chunk bounds summed, with slack */
    if (bound > w->comp_cap) {
        uint8_t *p = w->comp == NULL ? liion__alloc(w->ctx, bound)
                                     : liion__realloc(w->ctx, w->comp, w->comp_cap, bound);
        if (p == NULL) {
            (void)deflateEnd(&z);
            return LIION_E_NOMEM;
        }
        w->comp = p;
        w->comp_cap = bound;
    }
    z.next_out = w->comp;
    for (;;) {
        size_t in_left = e->len - done_in;
        size_t out_left = w->comp_cap - (size_t)((uint8_t *)z.next_out - w->comp);
        uInt ci = in_left > 0x40000000u ? 0x40000000u : (uInt)in_left;
        uInt co = out_left > 0x40000000u ? 0x40000000u : (uInt)out_left;
        z.next_in = (Bytef *)(uintptr_t)(e->raw == NULL ? (const uint8_t *)"" : e->raw + done_in);
        z.avail_in = ci;
        z.avail_out = co;
        zr = deflate(&z, ci == in_left ? Z_FINISH : Z_NO_FLUSH);
        done_in += ci - z.avail_in;
        if (zr == Z_STREAM_END)
            break;
        if ((zr != Z_OK && zr != Z_BUF_ERROR) || co == 0) {
            (void)deflateEnd(&z);
            return liion__error(w->ctx, LIION_E_NOMEM, "snapshot: deflate failed (%d)", zr);
        }
    }
    {
        size_t clen = (size_t)((uint8_t *)z.next_out - w->comp);
        (void)deflateEnd(&z);
        crc = crc32(0L, w->comp, 0);
        for (size_t o = 0; o < clen;) {
            uInt k = clen - o > 0x40000000u ? 0x40000000u : (uInt)(clen - o);
            crc = crc32(crc, w->comp + o, k);
            o += k;
        }
        liion__store_le32(fr, id);
        liion__store_le32(fr + 4, 0);
        liion__store_le64(fr + 8, (uint64_t)e->len);
        liion__store_le64(fr + 16, (uint64_t)clen);
        liion__store_le32(fr + 24, (uint32_t)crc);
        liion__store_le32(fr + 28, (uint32_t)crc32(0L, fr, 28));
        if ((st = put(w, fr, sizeof fr)) != LIION_OK)
            return st;
        return put(w, w->comp, clen);
    }
}

liion_status liion__snap_write(liion_plant *plant, liion_spec_registry *reg, uint64_t seq,
                               liion__snap_sink sink, void *user, uint64_t *bytes_out)
{
    uint8_t hdr[LIION__SNAP_HDR];
    snap_writer w;
    liion__snap_enc e;
    liion_status st;
    memset(&w, 0, sizeof w);
    w.ctx = plant->ctx;
    w.sink = sink;
    w.user = user;
    if ((st = liion__snap_plant_prepare(plant)) != LIION_OK)
        return st;
    memcpy(hdr, LIION__SNAP_MAGIC, 8);
    liion__store_le32(hdr + 8, LIION__SNAP_VERSION);
    liion__store_le32(hdr + 12, 0);
    liion__store_le64(hdr + 16, seq);
    liion__store_le32(hdr + 24, LIION__SNAP_SECTIONS);
    liion__store_le32(hdr + 28, (uint32_t)crc32(0L, hdr, 28));
    if ((st = put(&w, hdr, sizeof hdr)) != LIION_OK)
        return st;
    memset(&e, 0, sizeof e);
    e.ctx = plant->ctx;
    for (uint32_t id = 1; id <= LIION__SNAP_SECTIONS && st == LIION_OK; id++) {
        e.len = 0;
        if (id == LIION__SNAP_SPEC)
            liion__snap_spec_encode(reg, &e);
        else
            liion__snap_plant_encode(plant, id, &e);
        st = e.st != LIION_OK ? e.st : write_section(&w, id, &e);
    }
    liion__free(plant->ctx, e.raw, e.cap);
    liion__free(plant->ctx, w.comp, w.comp_cap);
    if (st == LIION_OK && bytes_out != NULL)
        *bytes_out = w.bytes;
    return st;
}

/* ---- loader ----------------------------------------------------------------------------- */

static liion_status bad(liion_ctx *ctx, size_t off, const char *why)
{
    return liion__error_at(ctx, LIION_E_CORRUPT, off, "snapshot: %s (offset %zu)", why, off);
}

/* Inflate the zlib stream comp[0..clen) into exactly raw_len bytes at raw. The 2-byte zlib
 * header is checked here and the deflate data inflated raw: the Adler-32 trailer (4 bytes,
 * which must be there) is not recomputed, since the section's CRC-32 already covers every
 * compressed byte (and a second checksum pass over the inflated data is a few percent of the
 * load). */
static liion_status inflate_all(liion_ctx *ctx, const uint8_t *zcomp, size_t zclen, uint8_t *raw,
                                size_t raw_len, size_t off)
{
    z_stream z;
    size_t in_done = 0, out_done = 0;
    const uint8_t *comp = zcomp + 2;
    size_t clen = zclen - 6; /* the caller checked zclen >= 8 */
    int zr = Z_OK;
    if ((zcomp[0] & 0x0fu) != 8u || (zcomp[0] >> 4) > 7u || (zcomp[1] & 0x20u) != 0 ||
        ((unsigned)zcomp[0] << 8 | zcomp[1]) % 31u != 0)
        return bad(ctx, off, "section data does not start with a zlib header");
    memset(&z, 0, sizeof z);
    z.zalloc = z_alloc;
    z.zfree = z_free;
    z.opaque = ctx;
    if (inflateInit2(&z, -15) != Z_OK)
        return liion__error(ctx, LIION_E_NOMEM, "snapshot: inflateInit failed");
    while (zr != Z_STREAM_END) {
        uInt ci = clen - in_done > 0x40000000u ? 0x40000000u : (uInt)(clen - in_done);
        uInt co = raw_len - out_done > 0x40000000u ? 0x40000000u : (uInt)(raw_len - out_done);
        uint8_t sink1;
        z.next_in = (Bytef *)(uintptr_t)(comp + in_done);
        z.avail_in = ci;
        z.next_out = co > 0 ? raw + out_done : &sink1; /* catch output beyond raw_len */
        z.avail_out = co > 0 ? co : 1;
        zr = inflate(&z, Z_NO_FLUSH);
        in_done += ci - z.avail_in;
        if (co > 0)
            out_done += co - z.avail_out;
        else if (z.avail_out == 0)
            zr = Z_DATA_ERROR; /* more output than declared */
        if (zr == Z_MEM_ERROR) {
            (void)inflateEnd(&z);
            return liion__error(ctx, LIION_E_NOMEM, "snapshot: out of memory in inflate");
        }
        if (zr != Z_OK && zr != Z_STREAM_END) {
            (void)inflateEnd(&z);
            return bad(ctx, off, "section data is not a valid zlib stream of its declared size");
        }
        if (zr == Z_OK && ci == 0 && in_done == clen) {
            (void)inflateEnd(&z);
            return bad(ctx, off, "section data ends before its zlib stream does");
        }
    }
    (void)inflateEnd(&z);
    if (out_done != raw_len || in_done != clen)
        return bad(ctx, off, "section's inflated size or compressed size does not match its frame");
    return LIION_OK;
}

liion_status liion__snap_load(liion_plant *plant, liion_spec_registry *reg, const uint8_t *data,
                              size_t len, uint64_t *seq_out)
{
    liion_ctx *ctx = plant->ctx;
    size_t off;
    uint32_t nsec, version;
    uint8_t *raw = NULL;
    size_t raw_cap = 0;
    liion_status st = LIION_OK;

    if (len < LIION__SNAP_HDR || memcmp(data, LIION__SNAP_MAGIC, 8) != 0)
        return bad(ctx, 0, "not a libliion snapshot file (or cut short)");
    if ((uint32_t)crc32(0L, data, 28) != liion__load_le32(data + 28))
        return bad(ctx, 28, "header CRC mismatch");
    version = liion__load_le32(data + 8);
    if ((version != 1u && version != LIION__SNAP_VERSION) || liion__load_le32(data + 12) != 0)
        return liion__error_at(ctx, LIION_E_UNSUPPORTED, 8,
                               "snapshot format version %" PRIu32 " flags %" PRIu32
                               " not supported (this library reads versions 1 and 2)",
                               version, liion__load_le32(data + 12));
    nsec = liion__load_le32(data + 24);
    if (nsec != (version == 1u ? (uint32_t)LIION__SNAP_V1_SECTIONS
                               : (uint32_t)LIION__SNAP_SECTIONS))
        return bad(ctx, 24, version == 1u ? "wrong number of sections for version 1"
                                          : "wrong number of sections for version 2");
    *seq_out = liion__load_le64(data + 16);
    off = LIION__SNAP_HDR;
    for (uint32_t i = 1; i <= nsec; i++) {
        const uint8_t *f = data + off;
        uint32_t id = version == 1u ? liion__snap_v1_id(i) : i;
        uint64_t rlen, clen;
        uLong crc;
        liion__snap_dec d;
        const char *why;
        if (len - off < LIION__SNAP_SEC_HDR) {
            st = bad(ctx, off, "section frame is cut short");
            break;
        }
        if ((uint32_t)crc32(0L, f, 28) != liion__load_le32(f + 28)) {
            st = bad(ctx, off, "section frame CRC mismatch");
            break;
        }
        if (liion__load_le32(f) != i || liion__load_le32(f + 4) != 0) {
            st = bad(ctx, off, "unexpected section id or flags");
            break;
        }
        rlen = liion__load_le64(f + 8);
        clen = liion__load_le64(f + 16);
        /* Check the declared sizes against the bytes that are there before allocating. */
        if (clen > len - off - LIION__SNAP_SEC_HDR) {
            st = bad(ctx, off, "section data is cut short");
            break;
        }
        if (clen < 8 || rlen / 1032u > clen) {
            st = bad(ctx, off, "section's inflated size is impossible for its compressed size");
            break;
        }
        crc = crc32(0L, f, 0);
        for (uint64_t o = 0; o < clen;) {
            uInt k = clen - o > 0x40000000u ? 0x40000000u : (uInt)(clen - o);
            crc = crc32(crc, f + LIION__SNAP_SEC_HDR + o, k);
            o += k;
        }
        if ((uint32_t)crc != liion__load_le32(f + 24)) {
            st = bad(ctx, off, "section data CRC mismatch");
            break;
        }
        if (rlen > (uint64_t)SIZE_MAX || rlen > liion__mem_headroom(ctx)) {
            st = liion__error_at(ctx, LIION_E_NOMEM, off,
                                 "snapshot section of %" PRIu64 " bytes is over the memory cap",
                                 rlen);
            break;
        }
        if (rlen > raw_cap) {
            liion__free(ctx, raw, raw_cap);
            raw_cap = 0;
            if ((raw = liion__alloc(ctx, (size_t)rlen)) == NULL) {
                st = LIION_E_NOMEM;
                break;
            }
            raw_cap = (size_t)rlen;
        }
        if ((st = inflate_all(ctx, f + LIION__SNAP_SEC_HDR, (size_t)clen, raw, (size_t)rlen,
                              off)) != LIION_OK)
            break;
        memset(&d, 0, sizeof d);
        d.p = raw;
        d.len = (size_t)rlen;
        if (id == LIION__SNAP_SPEC) {
            /* after the plant's sections: the records' objects must exist */
            why = liion__snap_plant_finish(plant, &st);
            if (why == NULL && st == LIION_OK)
                why = liion__snap_spec_decode(reg, ctx, &d, &st);
        } else {
            why = liion__snap_plant_decode(plant, id, &d, &st);
        }
        if (st != LIION_OK)
            break;
        if (why == NULL && d.pos != d.len)
            why = "trailing bytes after the section's content";
        if (why != NULL) {
            char msg[LIION__ERRMSG_CAP];
            snprintf(msg, sizeof msg, "section %u: %s", (unsigned)i, why);
            st = bad(ctx, off, msg);
            break;
        }
        off += LIION__SNAP_SEC_HDR + (size_t)clen;
    }
    liion__free(ctx, raw, raw_cap);
    if (st != LIION_OK)
        return st;
    if (off != len)
        return bad(ctx, off, "trailing bytes after the last section");
    (void)liion__ctx_enter(ctx);
    return LIION_OK;
}
