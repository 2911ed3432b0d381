/*
 * GEM300 messages: a formation program create request (S16F11: one cell tray of 24 pockets,
 * 4 recipe parameters, 2 pause events) built into a caller buffer (liion_gem300_s16f11_encode)
 * and decoded + checked (liion_gem300_msg_decode, then every field read). The same-run
 * reference is the plain SECS-II message decode of the same bytes (liion_secs_msg_decode, no
 * structure checks). Allocations are counted during each timed loop: both must make none.
 *
 * Run: scripts/bench.sh  (or build/tests/bench/bench_gem300_msg [--quick])
 */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>


static const char *const CIDS[1] = {"TRAY-0042"};
static const size_t CLENS[1] = {9}, SCOUNT[1] = {24};
static const char *const PNAMES[4] = {"CHARGE_CRATE", "VMAX", "DISCHARGE_CRATE", "VMIN"};
static const size_t PLENS[4] = {12, 4, 15, 4};
static const uint32_t PAUSE[2] = {4101, 4102};

static uint64_t read_all(liion_gem300_msg *m)
{
    uint64_t sum = 0, v = 0;
    const uint8_t *t;
    size_t n, ns;
    const liion_secs_item *it;
    uint8_t sl;
    liion_gem300_msg_get_uint(&v, m, LIION_GEM300_F_DATAID);
    sum += v;
    liion_gem300_msg_get_text(&t, &n, m, LIION_GEM300_F_PRJOBID);
    sum += n;
    liion_gem300_msg_get_text(&t, &n, m, LIION_GEM300_F_RCPSPEC);
    sum += n;
    liion_gem300_msg_get_carrier(&t, &n, &ns, m, 0);
    for (size_t j = 0; j < ns; j++) {
        liion_gem300_msg_get_slot(&sl, m, 0, j);
        sum += sl;
    }
    for (size_t i = 0; i < 4; i++) {
        liion_gem300_msg_get_attr(&t, &n, &it, m, i);
        sum += n;
    }
    for (size_t i = 0; i < 2; i++) {
        liion_gem300_msg_get_pause_event(&v, m, i);
        sum += v;
    }
    return sum;
}

int main(int argc, char **argv)
{
    const int quick = bench_quick(argc, argv);
    const long iters = quick ? 5000 : 2000000;
    const int rounds = quick ? 1 : 5;
    liion_allocator a = BENCH_COUNTING_ALLOCATOR;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_gem300_msg *m = NULL;
    liion_secs_msg *rx = NULL;
    liion_secs_item *vals[4];
    const liion_secs_item *cvals[4];
    const double pv[4] = {0.1, 4.2, 0.2, 3.0};
    uint8_t slots[24], wire[512];
    size_t len = 0;
    uint64_t sink = 0;
    double best_enc = 1e300, best_dec = 1e300, best_ref = 1e300, best_chk = 1e300;
    unsigned long al_enc = 0, al_dec = 0, al_chk = 0;

    o.allocator = &a;
    BENCH_CHECK(liion_ctx_new(&ctx, &o));
    for (int i = 0; i < 24; i++)
        slots[i] = (uint8_t)(i + 1);
    for (int i = 0; i < 4; i++) {
        BENCH_CHECK(liion_secs_item_new_f8(&vals[i], ctx, &pv[i], 1));
        cvals[i] = vals[i];
    }
    BENCH_CHECK(liion_gem300_msg_new(&m, ctx));
    BENCH_CHECK(liion_secs_msg_new(&rx, ctx));
    BENCH_CHECK(liion_gem300_s16f11_encode(wire, sizeof wire, &len, ctx, 7, "FORM-PJ-0001", 12, 13, CIDS,
                                     CLENS, SCOUNT, slots, 1, 2, "FORMATION-C10", 13, PNAMES,
                                     PLENS, cvals, 4, 1, PAUSE, 2));
    BENCH_CHECK(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, wire, len));
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
            liion_gem300_s16f11_encode(wire, sizeof wire, &w, ctx, 7, "FORM-PJ-0001", 12, 13, CIDS,
                                       CLENS, SCOUNT, slots, 1, 2, "FORMATION-C10", 13, PNAMES,
                                       PLENS, cvals, 4, 1, PAUSE, 2);
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
            liion_gem300_msg_decode(m, LIION_GEM300_S16F11, wire, len);
            bench_use(m);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        al_chk += BENCH_ALLOCS;
        if (ns < best_chk)
            best_chk = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            bench_use(wire);
            liion_gem300_msg_decode(m, LIION_GEM300_S16F11, wire, len);
            sink += read_all(m);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        al_dec += BENCH_ALLOCS;
        if (ns < best_dec)
            best_dec = ns;
    }
    printf("gem300: S16F11 formation program (%zu-byte body, 1 tray x 24 pockets, 4 params), "
           "best of %d x %ld\n", len, rounds, iters);
    printf("  secs_msg_decode (reference)     %8.1f ns  %7.2f M msg/s\n", best_ref, 1e3 / best_ref);
    printf("  s16f11_encode                   %8.1f ns  %7.2f M msg/s  (%.2fx reference)  allocations: %lu\n",
           best_enc, 1e3 / best_enc, best_enc / best_ref, al_enc);
    printf("  gem300_msg_decode (checked)     %8.1f ns  %7.2f M msg/s  (%.2fx reference)  allocations: %lu\n",
           best_chk, 1e3 / best_chk, best_chk / best_ref, al_chk);
    printf("  gem300_msg_decode + read fields %8.1f ns  %7.2f M msg/s  (%.2fx reference)  allocations: %lu\n",
           best_dec, 1e3 / best_dec, best_dec / best_ref, al_dec);
    bench_use(&sink);
    liion_secs_msg_free(rx);
    liion_gem300_msg_free(m);
    for (int i = 0; i < 4; i++)
        liion_secs_item_free(vals[i]);
    liion_ctx_free(ctx);
    return (al_enc | al_dec | al_chk) != 0;
}
