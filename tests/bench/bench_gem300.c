/*
 * GEM300 state models: cost of one apply() in a steady cycle that never ends the object.
 *   E40: PROCESSING -PAUSE-> PAUSING -PAUSE DONE-> PAUSED -RESUME-> PROCESSING
 *   E94: EXECUTING -CJPause-> PAUSED -CJResume-> EXECUTING
 *   E87: RTL -started-> TB -ready to unload-> RTU -started-> TB -ready to load-> RTL
 * The same-run reference is the E30 control state model (liion_gem_control_apply) toggling
 * ONLINE LOCAL/REMOTE. Allocations are counted during each timed loop: all must make none.
 *
 * Run: scripts/bench.sh  (or build/tests/bench/bench_gem300 [--quick])
 */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>


int main(int argc, char **argv)
{
    long iters = bench_quick(argc, argv) ? 1000 : 2000000;
    int rounds = bench_quick(argc, argv) ? 1 : 5;
    liion_allocator al = BENCH_COUNTING_ALLOCATOR;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_gem_control *ref = NULL;
    liion_e40_job *pj = NULL;
    liion_e94_job *cj = NULL;
    liion_e87_port *lp = NULL;
    uint32_t tn = 0, tns[LIION_E87_MAX_TRANSITIONS];
    size_t n = 0;
    double best[4] = {1e30, 1e30, 1e30, 1e30};
    unsigned long allocs[4] = {0, 0, 0, 0};
    o.allocator = &al;
    BENCH_CHECK(liion_ctx_new(&ctx, &o));
    BENCH_CHECK(liion_gem_control_new(&ref, ctx, LIION_GEM_ONLINE_LOCAL, 0));
    BENCH_CHECK(liion_e40_job_new(&pj, ctx, LIION_E40_AUTO_START));
    BENCH_CHECK(liion_e40_job_apply(&tn, pj, LIION_E40_EV_SETUP));
    BENCH_CHECK(liion_e40_job_apply(&tn, pj, LIION_E40_EV_SETUP_DONE));
    BENCH_CHECK(liion_e94_job_new(&cj, ctx, LIION_E94_AUTO_START));
    BENCH_CHECK(liion_e94_job_apply(&tn, cj, LIION_E94_EV_SELECT));
    BENCH_CHECK(liion_e94_job_apply(&tn, cj, LIION_E94_EV_MATERIAL_ARRIVED));
    BENCH_CHECK(liion_e87_port_new(&lp, ctx, LIION_E87_READY_TO_LOAD));
    for (int r = 0; r < rounds; r++) {
        uint64_t t0;
        unsigned long a0;
        double ns;
        /* reference: 2 applies per iteration */
        a0 = BENCH_ALLOCS;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            BENCH_CHECK(liion_gem_control_apply(ref, LIION_GEM_CTL_OPERATOR_REMOTE));
            BENCH_CHECK(liion_gem_control_apply(ref, LIION_GEM_CTL_OPERATOR_LOCAL));
        }
        ns = (double)(bench_now_ns() - t0) / ((double)iters * 2);
        best[0] = ns < best[0] ? ns : best[0];
        allocs[0] += BENCH_ALLOCS - a0;
        /* E40: 3 applies */
        a0 = BENCH_ALLOCS;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            BENCH_CHECK(liion_e40_job_apply(&tn, pj, LIION_E40_EV_PAUSE));
            BENCH_CHECK(liion_e40_job_apply(&tn, pj, LIION_E40_EV_PAUSE_DONE));
            BENCH_CHECK(liion_e40_job_apply(&tn, pj, LIION_E40_EV_RESUME));
        }
        ns = (double)(bench_now_ns() - t0) / ((double)iters * 3);
        best[1] = ns < best[1] ? ns : best[1];
        allocs[1] += BENCH_ALLOCS - a0;
        /* E94: 2 applies */
        a0 = BENCH_ALLOCS;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            BENCH_CHECK(liion_e94_job_apply(&tn, cj, LIION_E94_EV_PAUSE));
            BENCH_CHECK(liion_e94_job_apply(&tn, cj, LIION_E94_EV_RESUME));
        }
        ns = (double)(bench_now_ns() - t0) / ((double)iters * 2);
        best[2] = ns < best[2] ? ns : best[2];
        allocs[2] += BENCH_ALLOCS - a0;
        /* E87: 4 applies */
        a0 = BENCH_ALLOCS;
        t0 = bench_now_ns();
        for (long i = 0; i < iters; i++) {
            BENCH_CHECK(liion_e87_port_apply(tns, &n, lp, LIION_E87_EV_TRANSFER_STARTED));
            BENCH_CHECK(liion_e87_port_apply(tns, &n, lp, LIION_E87_EV_READY_TO_UNLOAD));
            BENCH_CHECK(liion_e87_port_apply(tns, &n, lp, LIION_E87_EV_TRANSFER_STARTED));
            BENCH_CHECK(liion_e87_port_apply(tns, &n, lp, LIION_E87_EV_READY_TO_LOAD));
        }
        ns = (double)(bench_now_ns() - t0) / ((double)iters * 4);
        best[3] = ns < best[3] ? ns : best[3];
        allocs[3] += BENCH_ALLOCS - a0;
    }
    bench_use(&tn);
    bench_use(tns);
    printf("gem300 state models: ns per apply(), best of %d x %ld cycles\n", rounds, iters);
    printf("  gem_control_apply (reference) %6.1f ns  allocations: %lu\n", best[0], allocs[0]);
    printf("  e40_job_apply                 %6.1f ns  (%.2fx reference)  allocations: %lu\n",
           best[1], best[1] / best[0], allocs[1]);
    printf("  e94_job_apply                 %6.1f ns  (%.2fx reference)  allocations: %lu\n",
           best[2], best[2] / best[0], allocs[2]);
    printf("  e87_port_apply                %6.1f ns  (%.2fx reference)  allocations: %lu\n",
           best[3], best[3] / best[0], allocs[3]);
    liion_e87_port_free(lp);
    liion_e94_job_free(cj);
    liion_e40_job_free(pj);
    liion_gem_control_free(ref);
    liion_ctx_free(ctx);
    return allocs[0] + allocs[1] + allocs[2] + allocs[3] == 0 ? 0 : 1;
}
