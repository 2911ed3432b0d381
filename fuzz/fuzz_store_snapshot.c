/*
 * libFuzzer target for the store's snapshot loader (lib/store/snap.c, snap_plant.c,
 * snap_spec.c) under a 64 MiB memory cap. Two input modes, chosen by the first byte:
 *   even: the rest is a snapshot file; its header, frame and data CRCs are fixed up so that
 *         mutations reach the frame checks and inflate;
 *   odd:  the rest is the raw (uncompressed) content of the 32 sections of version 2 (ids
 *         in store_int.h), each as a u16 LE length and its bytes; the target deflates and
 *         frames them, so that mutations reach the section decoders and the cross-reference
 *         checks.
 * A refusal must leave a message and an offset within the input (never a crash or a leak).
 * Seeds: *.snap (mode even; v1_*.snap are version 1 files, still read), *.raw (mode odd).
 * An accepted snapshot is queried (traces, common cause and equipment, roll map, job
 * responses, test results, assembly attributes), written again and reloaded: the second load
 * must succeed and give the same bytes.
 */
#include <liion/liion.h>

#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct mem {
    uint8_t *b;
    size_t n, cap;
} mem;

static void put(mem *m, const void *p, size_t n)
{
    if (m->n + n > m->cap) {
        m->cap = (m->n + n) * 2 + 64;
        m->b = realloc(m->b, m->cap);
        CHECK(m->b != NULL);
    }
    if (n > 0)
        memcpy(m->b + m->n, p, n);
    m->n += n;
}

static liion_status mem_sink(void *user, const uint8_t *p, size_t n)
{
    put(user, p, n);
    return LIION_OK;
}

static void le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t ld64(const uint8_t *p)
{
    return (uint64_t)ld32(p) | (uint64_t)ld32(p + 4) << 32;
}

/* Mode even: fix the CRCs of a snapshot file in place. */
static void fix_crcs(uint8_t *b, size_t n)
{
    size_t off = LIION__SNAP_HDR;
    if (n < LIION__SNAP_HDR)
        return;
    le32(b + 28, (uint32_t)crc32(0L, b, 28));
    while (n - off >= LIION__SNAP_SEC_HDR) {
        uint64_t clen = ld64(b + off + 16);
        if (clen > n - off - LIION__SNAP_SEC_HDR)
            break;
        le32(b + off + 24, (uint32_t)crc32(0L, b + off + LIION__SNAP_SEC_HDR, (uInt)clen));
        le32(b + off + 28, (uint32_t)crc32(0L, b + off, 28));
        off += LIION__SNAP_SEC_HDR + (size_t)clen;
    }
}

/* Mode odd: build a snapshot from raw section contents. */
static void build(mem *out, const uint8_t *d, size_t n)
{
    uint8_t hdr[LIION__SNAP_HDR], fr[LIION__SNAP_SEC_HDR];
    size_t pos = 0;
    memcpy(hdr, LIION__SNAP_MAGIC, 8);
    le32(hdr + 8, LIION__SNAP_VERSION);
    le32(hdr + 12, 0);
    le64(hdr + 16, 1);
    le32(hdr + 24, LIION__SNAP_SECTIONS);
    le32(hdr + 28, (uint32_t)crc32(0L, hdr, 28));
    put(out, hdr, sizeof hdr);
    for (uint32_t id = 1; id <= LIION__SNAP_SECTIONS; id++) {
        size_t len = 0;
        uLongf clen;
        uint8_t *comp;
        if (n - pos >= 2) {
            len = (size_t)d[pos] | (size_t)d[pos + 1] << 8;
            pos += 2;
            if (len > n - pos)
                len = n - pos;
        }
        clen = compressBound((uLong)len);
        comp = malloc(clen + 1);
        CHECK(comp != NULL);
        CHECK(compress2(comp, &clen, d + pos, (uLong)len, 1) == Z_OK);
        pos += len;
        le32(fr, id);
        le32(fr + 4, 0);
        le64(fr + 8, len);
        le64(fr + 16, clen);
        le32(fr + 24, (uint32_t)crc32(0L, comp, (uInt)clen));
        le32(fr + 28, (uint32_t)crc32(0L, fr, 28));
        put(out, fr, sizeof fr);
        put(out, comp, clen);
        free(comp);
    }
}

static void query(liion_plant *p, liion_ctx *ctx)
{
    liion_trace *t = NULL;
    uint32_t lots = liion_plant_count(p, LIION_OBJ_LOT);
    if (liion_trace_new(&t, ctx) != LIION_OK)
        return;
    for (uint32_t i = 0; i < lots && i < 8; i++) {
        uint32_t lot = lots - 1 - i, cells[2] = { lot, i };
        (void)liion_plant_trace_backward(p, t, lot, 0, LIION_FILTER_NONE, 0);
        (void)liion_plant_trace_forward(p, t, i, 0, 0);
        (void)liion_plant_common_cause(p, t, cells, 2);
        (void)liion_plant_common_equipment(p, t, cells, 2);
        (void)liion_plant_roll_defect(p, t, i, 1.0, 0.5, 10.0);
        (void)liion_plant_lot_test_results(p, t, lot);
        (void)liion_plant_response_job(p, i);
        (void)liion_plant_job_response_segments(p, t, i);
        (void)liion_plant_test_result_info(NULL, NULL, NULL, NULL, NULL, p, i);
        (void)liion_plant_test_result_name(p, i);
        (void)liion_plant_test_result_property(p, i);
        (void)liion_plant_assembly_info(NULL, NULL, p, LIION_OBJ_MATERIAL_DEFINITION, i);
    }
    liion_trace_free(t);
}

static liion_ctx *new_ctx(void)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_items = 4096;
    o.max_message_bytes = 1u << 20;
    CHECK(liion_ctx_new(&ctx, &o) == LIION_OK);
    return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx *ctx = new_ctx();
    liion_plant *plant = NULL;
    liion_spec_registry *reg = NULL;
    mem in = { 0 }, again = { 0 };
    uint64_t seq = 0, base = liion_ctx_memory_used(ctx);
    liion_status st;
    if (size == 0) {
        liion_ctx_free(ctx);
        return 0;
    }
    if ((data[0] & 1u) == 0) {
        put(&in, data + 1, size - 1);
        fix_crcs(in.b, in.n);
    } else {
        build(&in, data + 1, size - 1);
    }
    CHECK(liion_plant_new(&plant, ctx) == LIION_OK);
    CHECK(liion_spec_registry_new(&reg, ctx, plant) == LIION_OK);
    st = liion__snap_load(plant, reg, in.b, in.n, &seq);
    if (st != LIION_OK) {
        CHECK(liion_ctx_errcode(ctx) == st);
        CHECK(strcmp(liion_ctx_errmsg(ctx), "no error") != 0);
        CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= in.n);
    } else {
        /* queries on what was accepted, then a second round trip */
        query(plant, ctx);
        if (liion__snap_write(plant, reg, seq, mem_sink, &again, NULL) == LIION_OK) {
            liion_ctx *c2 = new_ctx();
            liion_plant *p2 = NULL;
            liion_spec_registry *r2 = NULL;
            mem third = { 0 };
            uint64_t s2 = 0;
            CHECK(liion_plant_new(&p2, c2) == LIION_OK);
            CHECK(liion_spec_registry_new(&r2, c2, p2) == LIION_OK);
            st = liion__snap_load(p2, r2, again.b, again.n, &s2);
            CHECK(st == LIION_OK || st == LIION_E_NOMEM);
            if (st == LIION_OK) {
                CHECK(s2 == seq);
                if (liion__snap_write(p2, r2, s2, mem_sink, &third, NULL) == LIION_OK)
                    CHECK(third.n == again.n && memcmp(third.b, again.b, again.n) == 0);
            }
            free(third.b);
            liion_spec_registry_free(r2);
            liion_plant_free(p2);
            liion_ctx_free(c2);
        }
    }
    liion_spec_registry_free(reg);
    liion_plant_free(plant);
    CHECK(liion_ctx_memory_used(ctx) == base); /* nothing leaked */
    liion_ctx_free(ctx);
    free(in.b);
    free(again.b);
    return 0;
}
