/*
 * SECS-II codec on the reference event report: S6F11 W with body
 *   L[3] { U4 DATAID, U4 CEID, L[2] { L[2] { U4 RPTID, L[5] { U4, F4, A[12], U4, F4 } } x2 } }
 * (112 bytes). Prints encode and decode messages per second next to a plain memcpy of the
 * same 112 bytes measured in the same run, and the allocations made during each timed loop
 * (through a counting liion_allocator): the decode loop must make none.
 *
 * Run: scripts/bench.sh  (or build/tests/bench/bench_secs2 [--quick])
 */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>


static liion_secs_item *u4(liion_ctx *ctx, uint32_t v)
{
    liion_secs_item *it = NULL;
    BENCH_CHECK(liion_secs_item_new_u4(&it, ctx, &v, 1));
    return it;
}

static liion_secs_item *f4(liion_ctx *ctx, float v)
{
    liion_secs_item *it = NULL;
    BENCH_CHECK(liion_secs_item_new_f4(&it, ctx, &v, 1));
    return it;
}

static liion_secs_item *event_report(liion_ctx *ctx)
{
    liion_secs_item *root = NULL, *reports = NULL;
    BENCH_CHECK(liion_secs_item_new_list(&root, ctx, 3));
    BENCH_CHECK(liion_secs_list_append(root, u4(ctx, 42)));
    BENCH_CHECK(liion_secs_list_append(root, u4(ctx, 1337)));
    BENCH_CHECK(liion_secs_item_new_list(&reports, ctx, 2));
    for (uint32_t r = 0; r < 2; r++) {
        liion_secs_item *rep = NULL, *vals = NULL, *lot = NULL;
        BENCH_CHECK(liion_secs_item_new_list(&rep, ctx, 2));
        BENCH_CHECK(liion_secs_list_append(rep, u4(ctx, 1000 + r)));
        BENCH_CHECK(liion_secs_item_new_list(&vals, ctx, 5));
        BENCH_CHECK(liion_secs_list_append(vals, u4(ctx, 7 + r)));
        BENCH_CHECK(liion_secs_list_append(vals, f4(ctx, 3.75f)));
        BENCH_CHECK(liion_secs_item_new_ascii(&lot, ctx, "LOT-2026-007", 12));
        BENCH_CHECK(liion_secs_list_append(vals, lot));
        BENCH_CHECK(liion_secs_list_append(vals, u4(ctx, 250000)));
        BENCH_CHECK(liion_secs_list_append(vals, f4(ctx, -12.5f)));
        BENCH_CHECK(liion_secs_list_append(rep, vals));
        BENCH_CHECK(liion_secs_list_append(reports, rep));
    }
    BENCH_CHECK(liion_secs_list_append(root, reports));
    return root;
}

/* Sum of every scalar's first element: what a consumer does after decoding. */
static double walk(const liion_secs_item *it)
{
    double s = 0;
    size_t n = liion_secs_item_count(it);
    if (liion_secs_item_format(it) == LIION_SECS_L) {
        for (size_t i = 0; i < n; i++)
            s += walk(liion_secs_item_child(it, i));
    } else if (n != 0) {
        uint64_t u;
        double d;
        if (liion_secs_item_get_uint(&u, it, 0) == LIION_OK)
            s += (double)u;
        else if (liion_secs_item_get_float(&d, it, 0) == LIION_OK)
            s += d;
        else
            s += (double)n;
    }
    return s;
}

int main(int argc, char **argv)
{
    const int quick = bench_quick(argc, argv);
    const long iters = quick ? 20000 : 20000000;
    const int rounds = quick ? 1 : 5;
    liion_allocator a = BENCH_COUNTING_ALLOCATOR;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs_msg *tx = NULL, *rx = NULL;
    uint8_t wire[256], copy[256];
    size_t len = 0;
    double best_enc = 1e300, best_dec = 1e300, best_cpy = 1e300, best_walk = 1e300;
    unsigned long allocs_enc = 0, allocs_dec = 0, allocs_walk = 0;
    double sink = 0;

    o.allocator = &a;
    BENCH_CHECK(liion_ctx_new(&ctx, &o));
    BENCH_CHECK(liion_secs_msg_new(&tx, ctx));
    BENCH_CHECK(liion_secs_msg_set_sf(tx, 6, 11, 1));
    BENCH_CHECK(liion_secs_msg_set_body(tx, event_report(ctx)));
    BENCH_CHECK(liion_secs_msg_encode(wire, sizeof wire, &len, tx));
    if (len != 112) {
        fprintf(stderr, "bench_secs2: the reference body is %zu bytes, not 112\n", len);
        return 1;
    }
    BENCH_CHECK(liion_secs_msg_new(&rx, ctx));
    BENCH_CHECK(liion_secs_msg_decode(rx, wire, len)); /* warm-up: sizes the reusable storage */

    for (int r = 0; r < rounds; r++) {
        uint64_t t0;
        size_t w = 0;
        double ns;

        /* reference: copy the same 112 bytes */
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            bench_use(wire);
            memcpy(copy, wire, len);
            bench_use(copy);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        if (ns < best_cpy)
            best_cpy = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            liion_secs_msg_encode(copy, sizeof copy, &w, tx);
            bench_use(copy);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        allocs_enc += BENCH_ALLOCS;
        if (ns < best_enc)
            best_enc = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            bench_use(wire);
            liion_secs_msg_decode(rx, wire, len);
            bench_use(liion_secs_msg_body(rx));
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        allocs_dec += BENCH_ALLOCS;
        if (ns < best_dec)
            best_dec = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters / 4; i++) {
            bench_use(wire);
            liion_secs_msg_decode(rx, wire, len);
            sink += walk(liion_secs_msg_body(rx));
        }
        ns = (double)(bench_now_ns() - t0) / (double)(iters / 4);
        allocs_walk += BENCH_ALLOCS;
        if (ns < best_walk)
            best_walk = ns;
    }
    if (memcmp(copy, wire, len) != 0 || !liion_secs_item_equal(liion_secs_msg_body(rx),
                                                                 liion_secs_msg_body(tx))) {
        fprintf(stderr, "bench_secs2: round trip mismatch\n");
        return 1;
    }

    printf("secs2 reference S6F11 W event report, %zu-byte body, best of %d x %ld\n", len,
           rounds, iters);
    printf("  memcpy 112 B (reference)  %8.1f ns  %7.2f M/s\n", best_cpy, 1e3 / best_cpy);
    printf("  encode                    %8.1f ns  %7.2f M msg/s  (%.1fx memcpy time)  allocations: %lu\n",
           best_enc, 1e3 / best_enc, best_enc / best_cpy, allocs_enc);
    printf("  decode                    %8.1f ns  %7.2f M msg/s  (%.1fx memcpy time)  allocations: %lu\n",
           best_dec, 1e3 / best_dec, best_dec / best_cpy, allocs_dec);
    printf("  decode + read every value %8.1f ns  %7.2f M msg/s  (%.1fx memcpy time)  allocations: %lu\n",
           best_walk, 1e3 / best_walk, best_walk / best_cpy, allocs_walk);
    printf("  (checksum %.1f)\n", sink);

    liion_secs_msg_free(rx);
    liion_secs_msg_free(tx);
    liion_ctx_free(ctx);
    return (allocs_dec != 0 || allocs_enc != 0) ? 1 : 0;
}
