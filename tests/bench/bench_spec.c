/* Limit checks over measurement arrays: liion_spec_check_values() over N doubles (100 million,
 * --quick: 1 million) against memcpy of the same bytes in the same run. Also one value at a
 * time (liion_spec_check_value) and an array with 0.1 % violations (fast pass + slow path).
 * Figures are best-of-5 bandwidths and their ratio to memcpy; never asserted. */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>

static double gbps(size_t bytes, uint64_t ns)
{
    return ns ? (double)bytes / (double)ns : 0.0;
}

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    size_t n = quick ? (size_t)1000000 : (size_t)100000000, bytes = n * sizeof(double);
    double *v = malloc(bytes), *dst = malloc(bytes);
    liion_ctx *ctx = NULL;
    liion_spec_limits *lim = NULL;
    liion_spec_result *res = NULL;
    uint64_t best_copy = UINT64_MAX, best_check = UINT64_MAX, best_viol = UINT64_MAX, t0, t1;
    uint64_t x = 88172645463325252ull, one_ns, nviol;
    size_t n_one = quick ? 100000 : 10000000;
    int rc = 1;

    if (!v || !dst || liion_ctx_new(&ctx, NULL) != LIION_OK ||
        liion_spec_limits_new(&lim, ctx, "bench", 1) != LIION_OK ||
        liion_spec_limits_set_default(lim, LIION_SPEC_WET_FILM_THICKNESS, 150.0) != LIION_OK ||
        liion_spec_result_new(&res, ctx) != LIION_OK) {
        fprintf(stderr, "bench_spec: setup failed\n");
        goto out;
    }
    for (size_t i = 0; i < n; i++) { /* inside 148.5..151.5 */
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v[i] = 148.6 + 2.8 * (double)(x >> 11) / 9007199254740992.0;
    }
    memcpy(dst, v, bytes); /* touch every page first */
    for (int rep = 0; rep < 5; rep++) {
        t0 = bench_now_ns();
        memcpy(dst, v, bytes);
        t1 = bench_now_ns();
        bench_use(dst);
        if (t1 - t0 < best_copy)
            best_copy = t1 - t0;
        liion_spec_result_clear(res);
        t0 = bench_now_ns();
        if (liion_spec_check_values(res, lim, "wet_film_thickness", "4H", v, n, "LOT", 0) !=
            LIION_OK) {
            fprintf(stderr, "bench_spec: %s\n", liion_ctx_errmsg(ctx));
            goto out;
        }
        t1 = bench_now_ns();
        if (t1 - t0 < best_check)
            best_check = t1 - t0;
    }
    if (liion_spec_result_failed(res) != 0) {
        fprintf(stderr, "bench_spec: unexpected failures\n");
        goto out;
    }
    /* 0.1 % violations: the fast pass finds them, the slow path records them */
    for (size_t i = 0; i < n; i += 1000)
        v[i] = 152.0;
    for (int rep = 0; rep < 5; rep++) {
        liion_spec_result_clear(res);
        t0 = bench_now_ns();
        if (liion_spec_check_values(res, lim, "wet_film_thickness", "4H", v, n, "LOT", 0) !=
            LIION_OK)
            goto out;
        t1 = bench_now_ns();
        if (t1 - t0 < best_viol)
            best_viol = t1 - t0;
    }
    if (liion_spec_result_failed(res) != (n + 999) / 1000) {
        fprintf(stderr, "bench_spec: wrong failure count\n");
        goto out;
    }
    nviol = liion_spec_result_failed(res);
    /* one value at a time */
    liion_spec_result_clear(res);
    t0 = bench_now_ns();
    for (size_t i = 0; i < n_one; i++)
        if (liion_spec_check_value(res, lim, "wet_film_thickness", "4H", v[i + 1], "LOT", i) !=
            LIION_OK)
            goto out;
    one_ns = bench_now_ns() - t0;

    printf("limit checks over %zu doubles (%.0f MB)\n", n, (double)bytes / 1e6);
    printf("  memcpy (reference)        %8.2f GB/s\n", gbps(bytes, best_copy));
    printf("  check_values, all pass    %8.2f GB/s  = %5.0f %% of memcpy\n",
           gbps(bytes, best_check), 100.0 * (double)best_copy / (double)best_check);
    printf("  check_values, 0.1 %% fail  %8.2f GB/s  = %5.0f %% of memcpy (%llu violations)\n",
           gbps(bytes, best_viol), 100.0 * (double)best_copy / (double)best_viol,
           (unsigned long long)nviol);
    printf("  check_value, one at a time %7.1f ns/value (%zu values)\n",
           (double)one_ns / (double)n_one, n_one);
    rc = 0;
out:
    liion_spec_result_free(res);
    liion_spec_limits_free(lim);
    liion_ctx_free(ctx);
    free(v);
    free(dst);
    return rc;
}
