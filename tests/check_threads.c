/* Thread-safety contract: different contexts may be used from different threads at once, and
 * functions without a handle are always safe. Run under TSan by scripts/test.sh; under the
 * normal build it still checks that per-context error state never leaks between threads. */
#include <liion/liion.h>

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/run.h"

#define NTHREADS 8
#define ROUNDS 2000

struct worker {
    int id;
    int failures;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    liion_ctx *ctx = NULL;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    char expect[64];
    o.max_depth = (uint64_t)(w->id + 1);
    if (liion_ctx_new(&ctx, &o) != LIION_OK) {
        w->failures++;
        return NULL;
    }
    for (int i = 0; i < ROUNDS; i++) {
        int bad = 1000 + w->id;
        /* each thread provokes its own error and must read back its own message */
        if (liion_ctx_set_limit(ctx, (liion_limit)bad, 1) != LIION_E_INVALID_ARG)
            w->failures++;
        snprintf(expect, sizeof expect, "unknown limit %d", bad);
        if (strcmp(liion_ctx_errmsg(ctx), expect) != 0)
            w->failures++;
        if (liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_DEPTH) != (uint64_t)(w->id + 1))
            w->failures++;
        if (strcmp(liion_status_str(LIION_E_NOMEM), "out of memory") != 0 ||
            liion_version_number() != LIION_VERSION_NUMBER)
            w->failures++;
    }
    liion_ctx_free(ctx);
    return NULL;
}

START_TEST(contexts_in_parallel)
{
    pthread_t t[NTHREADS];
    struct worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i].id = i;
        w[i].failures = 0;
        ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_int_eq(w[i].failures, 0);
    }
}
END_TEST

/* A handle may move between threads (one at a time): create here, use there, free here. */
static void *use_moved(void *arg)
{
    liion_ctx *ctx = arg;
    return (void *)(size_t)(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 77) == LIION_OK);
}

START_TEST(handle_moves_between_threads)
{
    liion_ctx *ctx = NULL;
    pthread_t t;
    void *ok = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    ck_assert_int_eq(pthread_create(&t, NULL, use_moved, ctx), 0);
    ck_assert_int_eq(pthread_join(t, &ok), 0);
    ck_assert_ptr_nonnull(ok);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_ITEMS), 77);
    liion_ctx_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_add_test(tc, contexts_in_parallel);
    tcase_add_test(tc, handle_moves_between_threads);
    suite_add_tcase(s, tc);
    return liion_test_run(s);
}
