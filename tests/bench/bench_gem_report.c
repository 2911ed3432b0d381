/*
 * GEM event reports: the reference 112-byte S6F11 built from a report table (equipment side,
 * liion_gem_reports_s6f11_encode with a VID callback) and parsed against the table (host
 * side, liion_gem_reports_s6f11_decode with a value callback). The same-run reference is the
 * plain SECS-II message decode of the same bytes (liion_secs_msg_decode, no table checks).
 * Allocations are counted during each timed loop: both must make none.
 *
 * Run: scripts/bench.sh  (or build/tests/bench/bench_gem_report [--quick])
 */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>


static const uint32_t RPTIDS[2] = { 1000, 1001 };
static const size_t NVIDS[2] = { 5, 5 };
static const uint32_t VIDS[10] = { 10, 11, 12, 13, 14, 20, 21, 22, 23, 24 };
static liion_secs_item *items[10];

static const liion_secs_item *vid_value(void *user, uint32_t vid)
{
    (void)user;
    return items[(vid / 10 - 1) * 5 + vid % 10];
}

static liion_status on_value(void *user, uint32_t rptid, uint32_t vid, const liion_secs_item *v)
{
    (void)v;
    *(uint64_t *)user += rptid + vid;
    return LIION_OK;
}

static void setup(liion_gem_reports *t, liion_ctx *ctx)
{
    uint8_t buf[256], a = 0;
    size_t w = 0;
    const uint32_t ceid = 1337;
    const size_t two = 2;
    BENCH_CHECK(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 1, RPTIDS, NVIDS, VIDS, 2));
    BENCH_CHECK(liion_gem_reports_on_s2f33(&a, t, buf, w));
    BENCH_CHECK(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 2, &ceid, &two, RPTIDS, 1));
    BENCH_CHECK(liion_gem_reports_on_s2f35(&a, t, buf, w));
    BENCH_CHECK(liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, 1, &ceid, 1));
    BENCH_CHECK(liion_gem_reports_on_s2f37(&a, t, buf, w));
}

int main(int argc, char **argv)
{
    const int quick = bench_quick(argc, argv);
    const long iters = quick ? 20000 : 5000000;
    const int rounds = quick ? 1 : 5;
    liion_allocator a = BENCH_COUNTING_ALLOCATOR;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_gem_reports *eq = NULL, *host = NULL;
    liion_secs_msg *rx = NULL;
    uint8_t wire[256];
    size_t len = 0;
    uint64_t sink = 0;
    double best_enc = 1e300, best_dec = 1e300, best_ref = 1e300;
    unsigned long al_enc = 0, al_dec = 0;

    o.allocator = &a;
    BENCH_CHECK(liion_ctx_new(&ctx, &o));
    for (int r = 0; r < 2; r++) {
        uint32_t u = (uint32_t)(7 + r), b = 250000;
        float f = 3.75f, g = -12.5f;
        BENCH_CHECK(liion_secs_item_new_u4(&items[r * 5], ctx, &u, 1));
        BENCH_CHECK(liion_secs_item_new_f4(&items[r * 5 + 1], ctx, &f, 1));
        BENCH_CHECK(liion_secs_item_new_ascii(&items[r * 5 + 2], ctx, "LOT-2026-007", 12));
        BENCH_CHECK(liion_secs_item_new_u4(&items[r * 5 + 3], ctx, &b, 1));
        BENCH_CHECK(liion_secs_item_new_f4(&items[r * 5 + 4], ctx, &g, 1));
    }
    BENCH_CHECK(liion_gem_reports_new(&eq, ctx));
    BENCH_CHECK(liion_gem_reports_new(&host, ctx));
    setup(eq, ctx);
    setup(host, ctx);
    BENCH_CHECK(liion_secs_msg_new(&rx, ctx));
    BENCH_CHECK(liion_gem_reports_s6f11_encode(wire, sizeof wire, &len, eq, 42, 1337, vid_value, NULL));
    if (len != 112) {
        fprintf(stderr, "bench_gem_report: the reference body is %zu bytes, not 112\n", len);
        return 1;
    }
    BENCH_CHECK(liion_gem_reports_s6f11_decode(NULL, NULL, host, wire, len, on_value, &sink));
    BENCH_CHECK(liion_secs_msg_decode(rx, wire, len));

    for (int r = 0; r < rounds; r++) {
        uint64_t t0;
        size_t w = 0;
        double ns;

        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            bench_use(wire);
            liion_secs_msg_decode(rx, wire, len);
            bench_use(liion_secs_msg_body(rx));
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        if (ns < best_ref)
            best_ref = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            liion_gem_reports_s6f11_encode(wire, sizeof wire, &w, eq, 42, 1337, vid_value, NULL);
            bench_use(wire);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        al_enc += BENCH_ALLOCS;
        if (ns < best_enc)
            best_enc = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            bench_use(wire);
            liion_gem_reports_s6f11_decode(NULL, NULL, host, wire, len, on_value, &sink);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        al_dec += BENCH_ALLOCS;
        if (ns < best_dec)
            best_dec = ns;
    }
    printf("gem reports: reference S6F11 (%zu-byte body, 2 reports x 5 values), best of %d x %ld\n",
           len, rounds, iters);
    printf("  secs_msg_decode (reference)   %8.1f ns  %7.2f M msg/s\n", best_ref, 1e3 / best_ref);
    printf("  s6f11_encode from table       %8.1f ns  %7.2f M msg/s  (%.2fx reference)  allocations: %lu\n",
           best_enc, 1e3 / best_enc, best_enc / best_ref, al_enc);
    printf("  s6f11_decode against table    %8.1f ns  %7.2f M msg/s  (%.2fx reference)  allocations: %lu\n",
           best_dec, 1e3 / best_dec, best_dec / best_ref, al_dec);
    bench_use(&sink);
    liion_secs_msg_free(rx);
    liion_gem_reports_free(eq);
    liion_gem_reports_free(host);
    for (int i = 0; i < 10; i++)
        liion_secs_item_free(items[i]);
    liion_ctx_free(ctx);
    return (al_enc | al_dec) != 0;
}
