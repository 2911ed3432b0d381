/* UADP NetworkMessage benchmark: the coating-line message of examples/coating_uadp.c
 * (PublisherId, GroupHeader, PayloadHeader, two DataSetMessages: three DataValue fields and a
 * Double[4] Variant) built + encoded, encoded, and decoded + read, per message. References
 * measured in the same run: a memcpy of the message bytes, and decoding the same four field
 * values one by one with liion_ua_value_decode() (the per-field codec cost without the UADP
 * framing). A counting allocator counts heap calls in the timed loops (expected: zero). */
#include "bench.h"

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/opcua.h>
#include <liion/uadp.h>

#include <stdio.h>
#include <stdlib.h>

static unsigned long heap_calls;

static void *c_alloc(void *u, size_t n)
{
    (void)u;
    heap_calls++;
    return malloc(n);
}

static void *c_realloc(void *u, void *p, size_t o, size_t n)
{
    (void)u;
    (void)o;
    heap_calls++;
    return realloc(p, n);
}

static void c_free(void *u, void *p, size_t n)
{
    (void)u;
    (void)n;
    free(p);
}

static liion_status build(liion_uadp_msg *m, liion_ua_value *zones_v, unsigned k, int64_t ts)
{
    double wet = 152.5 + 0.01 * (double)(k & 7), flow = 3.85;
    uint32_t streaks = k & 1;
    liion_status st;
    liion_uadp_msg_reset(m);
    if ((st = liion_uadp_msg_set_publisher_id(m, LIION_UADP_PUBID_UINT16, 2234, NULL, 0)) ||
        (st = liion_uadp_msg_set_group(m, LIION_UADP_NM_WRITER_GROUP_ID | LIION_UADP_NM_SEQUENCE_NUMBER,
                                       100, 0, 0, (uint16_t)k)) ||
        (st = liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) | LIION_UADP_NM_PAYLOAD_HEADER)) ||
        (st = liion_uadp_msg_add_dsm(m, 1, LIION_UADP_ENC_DATAVALUE, LIION_UADP_DSM_KEYFRAME)) ||
        (st = liion_uadp_dsm_set_header(m, LIION_UADP_DSM_SEQUENCE_NUMBER, (uint16_t)k, 0, 0, 0, 0, 0)) ||
        (st = liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_DOUBLE, &wet)) ||
        (st = liion_uadp_field_set_dv(m, LIION_UA_DV_STATUS | LIION_UA_DV_SOURCE_TIMESTAMP, 0, ts, 0, 0, 0)) ||
        (st = liion_uadp_dsm_add_scalar(m, 1, LIION_UA_TYPE_DOUBLE, &flow)) ||
        (st = liion_uadp_dsm_add_scalar(m, 2, LIION_UA_TYPE_UINT32, &streaks)) ||
        (st = liion_uadp_msg_add_dsm(m, 2, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEYFRAME)) ||
        (st = liion_uadp_dsm_add_variant(m, 0, liion_ua_value_variant(zones_v))))
        return st;
    return LIION_OK;
}

int main(int argc, char **argv)
{
    const unsigned n = bench_quick(argc, argv) ? 1000u : 1000000u;
    liion_allocator al = { sizeof al, 0, c_alloc, c_realloc, c_free, NULL };
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_uadp_msg *m = NULL, *d = NULL;
    liion_ua_value *zones_v = NULL, *fv = NULL;
    const double zones[4] = { 80.0, 95.0, 110.0, 60.0 };
    const int64_t ts = INT64_C(133485408000000000);
    uint8_t buf[512], copy[512];
    size_t len = 0, w = 0, fields[4][2];
    uint64_t t0;
    double t_build, t_enc, t_dec, t_memcpy, t_fields, sum = 0;
    unsigned long h_build, h_enc, h_dec, h_fields;

    o.allocator = &al;
    if (liion_ctx_new(&ctx, &o) || liion_uadp_msg_new(&m, ctx) || liion_uadp_msg_new(&d, ctx) ||
        liion_ua_value_new(&zones_v, ctx) || liion_ua_value_new(&fv, ctx) ||
        liion_ua_value_set_array(zones_v, LIION_UA_TYPE_DOUBLE, zones, 4, NULL, 0) ||
        build(m, zones_v, 0, ts) || liion_uadp_msg_encode(m, buf, sizeof buf, &len) ||
        liion_uadp_msg_decode(d, buf, len)) {
        fprintf(stderr, "setup failed: %s\n", liion_ctx_errmsg(ctx));
        return 1;
    }
    /* field offsets for the per-field reference: found by decoding each value in turn */
    {
        size_t at = 18, used; /* header 12 + 2 sizes (4) + DataSetFlags1 + seq(2) -> see below */
        /* header: flags, EF1, pubid(2), groupflags, wgid(2), seq(2), count, 2 writer ids (4),
         * 2 sizes (4) = 18; DSM 1: flags1, seq(2), FieldCount(2) = 5 */
        at += 5;
        for (int f = 0; f < 3; f++) {
            if (liion_ua_value_decode(fv, LIION_UA_TYPE_DATAVALUE, buf + at, len - at, &used))
                return 1;
            fields[f][0] = at;
            fields[f][1] = used;
            at += used;
        }
        at += 1 + 2; /* DSM 2: flags1, FieldCount */
        fields[3][0] = at;
        fields[3][1] = len - at;
    }
    /* warm the arenas */
    for (unsigned k = 0; k < 16; k++) {
        size_t used;
        for (int f = 0; f < 4; f++)
            liion_ua_value_decode(fv, f < 3 ? LIION_UA_TYPE_DATAVALUE : LIION_UA_TYPE_VARIANT,
                                  buf + fields[f][0], fields[f][1], &used);
        build(m, zones_v, k, ts);
        liion_uadp_msg_encode(m, buf, sizeof buf, &w);
        liion_uadp_msg_decode(d, buf, w);
    }

    heap_calls = 0;
    t0 = bench_now_ns();
    for (unsigned k = 0; k < n; k++) {
        if (build(m, zones_v, k, ts) || liion_uadp_msg_encode(m, buf, sizeof buf, &w))
            return 1;
        bench_use(buf);
    }
    t_build = (double)(bench_now_ns() - t0) / n;
    h_build = heap_calls;

    heap_calls = 0;
    t0 = bench_now_ns();
    for (unsigned k = 0; k < n; k++) {
        if (liion_uadp_msg_encode(m, buf, sizeof buf, &w))
            return 1;
        bench_use(buf);
    }
    t_enc = (double)(bench_now_ns() - t0) / n;
    h_enc = heap_calls;

    heap_calls = 0;
    t0 = bench_now_ns();
    for (unsigned k = 0; k < n; k++) {
        double x = 0;
        if (liion_uadp_msg_decode(d, buf, w))
            return 1;
        liion_ua_variant_get_double(liion_uadp_dsm_field_variant(d, 0, 0), 0, &x);
        sum += x;
        liion_ua_variant_get_double(liion_uadp_dsm_field_variant(d, 1, 0), 3, &x);
        sum += x;
    }
    t_dec = (double)(bench_now_ns() - t0) / n;
    h_dec = heap_calls;

    t0 = bench_now_ns();
    for (unsigned k = 0; k < n; k++) {
        memcpy(copy, buf, w);
        bench_use(copy);
    }
    t_memcpy = (double)(bench_now_ns() - t0) / n;

    heap_calls = 0;
    t0 = bench_now_ns();
    for (unsigned k = 0; k < n; k++) {
        size_t used;
        for (int f = 0; f < 4; f++)
            if (liion_ua_value_decode(fv, f < 3 ? LIION_UA_TYPE_DATAVALUE : LIION_UA_TYPE_VARIANT,
                                      buf + fields[f][0], fields[f][1], &used))
                return 1;
        bench_use(fv);
    }
    t_fields = (double)(bench_now_ns() - t0) / n;
    h_fields = heap_calls;

    printf("UADP coating message, %zu bytes, %u iterations%s\n", w, n,
           n < 1000000u ? " (quick)" : "");
    printf("  build + encode    %7.1f ns/message   heap calls: %lu\n", t_build, h_build);
    printf("  encode            %7.1f ns/message   heap calls: %lu\n", t_enc, h_enc);
    printf("  decode + read     %7.1f ns/message   heap calls: %lu\n", t_dec, h_dec);
    printf("  reference: memcpy of the message          %7.1f ns  (decode = %.1fx)\n", t_memcpy,
           t_memcpy > 0 ? t_dec / t_memcpy : 0.0);
    printf("  reference: the 4 fields with liion_ua_value_decode  %7.1f ns  (decode = %.2fx)"
           "   heap calls: %lu\n",
           t_fields, t_fields > 0 ? t_dec / t_fields : 0.0, h_fields);
    bench_use(&sum);
    liion_ua_value_free(fv);
    liion_ua_value_free(zones_v);
    liion_uadp_msg_free(d);
    liion_uadp_msg_free(m);
    liion_ctx_free(ctx);
    return 0;
}
