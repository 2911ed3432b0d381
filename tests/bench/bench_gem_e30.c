/*
 * GEM E30 messages: an S2F41 host command with 4 parameters (RCMD "START", CPNAME/CPVAL
 * pairs) built with liion_gem_s2f41_encode from items and parsed with liion_secs_msg_decode +
 * liion_gem_s2f41_decode. Same-run reference: the plain SECS-II work on the same tree
 * (liion_secs_item_encode of the body item; liion_secs_msg_decode alone). Second part: an
 * equipment session fed S2F41 frames, with and without LIION_HSMS_OPT_CHECK_BODY (the S9F7
 * syntax check). Allocations are counted in every timed loop: all must make none.
 *
 * Run: scripts/bench.sh  (or build/tests/bench/bench_gem_e30 [--quick])
 */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>


#define NFRAMES 64

/* Feed `frames` to an equipment session and drain events and output; returns events. */
static size_t feed_all(liion_hsms *h, const uint8_t *frames, size_t len)
{
    liion_hsms_event ev;
    size_t n = 0;
    BENCH_CHECK(liion_hsms_feed(h, frames, len, 1));
    ev.struct_size = sizeof ev;
    for (;;) {
        BENCH_CHECK(liion_hsms_event_next(&ev, h));
        if (ev.type == LIION_HSMS_EV_NONE)
            break;
        n++;
    }
    BENCH_CHECK(liion_hsms_out_consume(h, liion_hsms_out_pending(h)));
    return n;
}

static liion_hsms *equipment(liion_ctx *ctx, uint32_t flags)
{
    liion_hsms_options o;
    liion_hsms *h = NULL;
    static const uint8_t select_req[14] = { 0, 0, 0, 10, 0xff, 0xff, 0, 0, 0, 1, 0, 0, 0, 1 };
    BENCH_CHECK(liion_hsms_options_init(&o, sizeof o));
    o.role = LIION_HSMS_ROLE_PASSIVE;
    o.session_id = 1;
    o.flags = LIION_HSMS_OPT_EQUIPMENT | flags;
    BENCH_CHECK(liion_hsms_new(&h, ctx, &o));
    BENCH_CHECK(liion_hsms_connected(h, 0));
    feed_all(h, select_req, sizeof select_req);
    return h;
}

int main(int argc, char **argv)
{
    const int quick = bench_quick(argc, argv);
    const long iters = quick ? 200 : 200000;
    const int rounds = quick ? 1 : 5;
    liion_allocator al = BENCH_COUNTING_ALLOCATOR;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs_msg *rx = NULL;
    liion_secs_item *rcmd = NULL, *names[4], *vals[4], *tree = NULL;
    static const char *const nm[4] = { "LOT", "RECIPE", "LANE", "SPEED" };
    uint8_t wire[512], *frames;
    size_t len = 0, w = 0, flen = 0, one = 0;
    double best_ref_enc = 1e30, best_enc = 1e30, best_ref_dec = 1e30, best_dec = 1e30;
    double best_plain = 1e30, best_check = 1e30;
    unsigned long al_enc = 0, al_dec = 0, al_sess = 0;
    const liion_secs_item *a = NULL, *b = NULL;
    liion_hsms *plain, *checked;

    o.allocator = &al;
    BENCH_CHECK(liion_ctx_new(&ctx, &o));
    BENCH_CHECK(liion_secs_msg_new(&rx, ctx));
    BENCH_CHECK(liion_secs_msg_set_sf(rx, 2, 41, 1));
    BENCH_CHECK(liion_secs_item_new_ascii(&rcmd, ctx, "START", 5));
    for (int i = 0; i < 4; i++) {
        uint32_t v = 1000u + (uint32_t)i;
        BENCH_CHECK(liion_secs_item_new_ascii(&names[i], ctx, nm[i], strlen(nm[i])));
        BENCH_CHECK(liion_secs_item_new_u4(&vals[i], ctx, &v, 1));
    }
    BENCH_CHECK(liion_gem_s2f41_encode(wire, sizeof wire, &len, ctx, rcmd,
                                 (const liion_secs_item *const *)names,
                                 (const liion_secs_item *const *)vals, 4));
    BENCH_CHECK(liion_secs_item_decode(&tree, NULL, ctx, wire, len)); /* the same body as one tree */

    /* NFRAMES S2F41 W frames in one buffer */
    flen = NFRAMES * liion_hsms_frame_size(len);
    frames = malloc(flen);
    for (int i = 0; i < NFRAMES; i++)
        BENCH_CHECK(liion_hsms_encode_data(frames + (size_t)i * liion_hsms_frame_size(len),
                                     liion_hsms_frame_size(len), &one, ctx, 1, 2, 41, 1,
                                     (uint32_t)i + 100u, wire, len));
    plain = equipment(ctx, 0);
    checked = equipment(ctx, LIION_HSMS_OPT_CHECK_BODY);
    feed_all(plain, frames, flen); /* warm up: buffers reach their steady size */
    feed_all(checked, frames, flen);

    for (int r = 0; r < rounds; r++) {
        uint64_t t0;
        double ns;

        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            liion_secs_item_encode(wire, sizeof wire, &w, ctx, tree);
            bench_use(wire);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        if (ns < best_ref_enc)
            best_ref_enc = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            liion_gem_s2f41_encode(wire, sizeof wire, &w, ctx, rcmd,
                                   (const liion_secs_item *const *)names,
                                   (const liion_secs_item *const *)vals, 4);
            bench_use(wire);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        al_enc += BENCH_ALLOCS;
        if (ns < best_enc)
            best_enc = ns;

        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            bench_use(wire);
            liion_secs_msg_decode(rx, wire, len);
            bench_use(liion_secs_msg_body(rx));
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        if (ns < best_ref_dec)
            best_ref_dec = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            size_t n = 0;
            bench_use(wire);
            liion_secs_msg_decode(rx, wire, len);
            liion_gem_s2f41_decode(&a, &b, &n, ctx, rx);
            bench_use(b);
        }
        ns = (double)(bench_now_ns() - t0) / (double)iters;
        al_dec += BENCH_ALLOCS;
        if (ns < best_dec)
            best_dec = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters / NFRAMES + 1; i++)
            bench_use(&(size_t){ feed_all(plain, frames, flen) });
        ns = (double)(bench_now_ns() - t0) / (double)((iters / NFRAMES + 1) * NFRAMES);
        al_sess += BENCH_ALLOCS;
        if (ns < best_plain)
            best_plain = ns;

        BENCH_ALLOCS = 0;
        t0 = bench_now_ns();
        for (long i = 0; i < iters / NFRAMES + 1; i++)
            bench_use(&(size_t){ feed_all(checked, frames, flen) });
        ns = (double)(bench_now_ns() - t0) / (double)((iters / NFRAMES + 1) * NFRAMES);
        al_sess += BENCH_ALLOCS;
        if (ns < best_check)
            best_check = ns;
    }
    printf("gem e30: S2F41 with 4 parameters (%zu-byte body), best of %d x %ld\n", len, rounds,
           iters);
    printf("  secs_item_encode (reference)      %8.1f ns\n", best_ref_enc);
    printf("  s2f41_encode from items           %8.1f ns  (%.2fx reference)  allocations: %lu\n",
           best_enc, best_enc / best_ref_enc, al_enc);
    printf("  secs_msg_decode (reference)       %8.1f ns\n", best_ref_dec);
    printf("  secs_msg_decode + s2f41_decode    %8.1f ns  (%.2fx reference)  allocations: %lu\n",
           best_dec, best_dec / best_ref_dec, al_dec);
    printf("  session feed per S2F41 frame      %8.1f ns\n", best_plain);
    printf("  same with OPT_CHECK_BODY (S9F7)   %8.1f ns  (%.2fx)  allocations: %lu\n", best_check,
           best_check / best_plain, al_sess);
    if (al_enc || al_dec || al_sess) {
        fprintf(stderr, "bench_gem_e30: the hot paths allocated\n");
        return 1;
    }
    liion_hsms_free(plain);
    liion_hsms_free(checked);
    free(frames);
    liion_secs_item_free(tree);
    liion_secs_item_free(rcmd);
    for (int i = 0; i < 4; i++) {
        liion_secs_item_free(names[i]);
        liion_secs_item_free(vals[i]);
    }
    liion_secs_msg_free(rx);
    liion_ctx_free(ctx);
    return 0;
}
