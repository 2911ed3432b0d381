/* Public core API: status texts, version, context lifecycle, options, limits, memory cap,
 * error state and logging. Includes only <liion/liion.h>, as an application would. */
#include <liion/liion.h>

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"

/* ---- status ---------------------------------------------------------------------------- */

START_TEST(status_texts_are_distinct_and_known)
{
    const char *seen[LIION_E_RANGE + 1];
    for (int s = LIION_OK; s <= LIION_E_RANGE; s++) {
        const char *t = liion_status_str((liion_status)s);
        ck_assert_ptr_nonnull(t);
        ck_assert_str_ne(t, "unknown status");
        for (int j = 0; j < s; j++)
            ck_assert_str_ne(t, seen[j]);
        seen[s] = t;
    }
    ck_assert_str_eq(liion_status_str(LIION_OK), "no error");
    ck_assert_str_eq(liion_status_str((liion_status)(LIION_E_RANGE + 1)), "unknown status");
    ck_assert_str_eq(liion_status_str((liion_status)-1), "unknown status");
    ck_assert_str_eq(liion_status_str(LIION_STATUS__FORCE_INT32), "unknown status");
}
END_TEST

/* ---- version --------------------------------------------------------------------------- */

START_TEST(version_runtime_matches_header)
{
    char expect[32];
    unsigned v = liion_version_number();
    ck_assert_uint_eq(v, LIION_VERSION_NUMBER);
    ck_assert_str_eq(liion_version_string(), LIION_VERSION_STRING);
    snprintf(expect, sizeof expect, "%u.%u.%u", v / 10000u, v / 100u % 100u, v % 100u);
    ck_assert_str_eq(liion_version_string(), expect);
    ck_assert(LIION_VERSION_AT_LEAST(0, 0, 1));
    ck_assert(LIION_VERSION_AT_LEAST(LIION_VERSION_MAJOR, LIION_VERSION_MINOR,
                                     LIION_VERSION_PATCH));
    ck_assert(!LIION_VERSION_AT_LEAST(LIION_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

/* ---- lifecycle and options ------------------------------------------------------------- */

START_TEST(ctx_defaults)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    ck_assert_ptr_nonnull(ctx);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MEMORY), 0);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_DEPTH), LIION_DEFAULT_MAX_DEPTH);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_ITEMS), LIION_DEFAULT_MAX_ITEMS);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES),
                      LIION_DEFAULT_MAX_MESSAGE_BYTES);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, (liion_limit)77), 0);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "no error");
    ck_assert_int_eq(liion_ctx_errcode(ctx), LIION_OK);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), LIION_OFFSET_NONE);
    ck_assert_uint_gt(liion_ctx_memory_used(ctx), 0);
    ck_assert_uint_eq(liion_ctx_memory_peak(ctx), liion_ctx_memory_used(ctx));
    liion_ctx_free(ctx);
    liion_ctx_free(NULL); /* no-op */
}
END_TEST

static void *only_alloc(void *user, size_t size)
{
    (void)user;
    return malloc(size);
}

START_TEST(ctx_new_bad_args)
{
    liion_ctx *ctx = (liion_ctx *)&ctx; /* must be overwritten with NULL on failure */
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_allocator partial = { sizeof(liion_allocator), 0, only_alloc, NULL, NULL, NULL };

    ck_assert_int_eq(liion_ctx_new(NULL, NULL), LIION_E_INVALID_ARG);

    o.struct_size = 0;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(ctx);

    o.struct_size = sizeof o;
    o.flags = 1;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_E_INVALID_ARG);
    o.flags = 0;
    o.log_level = 9;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_E_INVALID_ARG);
    o.log_level = 0;
    o.allocator = &partial;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(ctx);
}
END_TEST

START_TEST(options_init_writes_exactly_struct_size)
{
    unsigned char raw[sizeof(liion_ctx_options) + 8];
    liion_ctx_options *o = (liion_ctx_options *)(void *)raw;
    memset(raw, 0xAB, sizeof raw);
    ck_assert_int_eq(liion_ctx_options_init(o, (uint32_t)sizeof *o), LIION_OK);
    ck_assert_uint_eq(o->struct_size, sizeof *o);
    ck_assert_ptr_null(o->allocator);
    ck_assert_uint_eq(o->max_memory, 0);
    for (size_t i = sizeof *o; i < sizeof raw; i++)
        ck_assert_uint_eq(raw[i], 0xAB);
    ck_assert_int_eq(liion_ctx_options_init(NULL, sizeof *o), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ctx_options_init(o, 2), LIION_E_INVALID_ARG);
}
END_TEST

/* An application compiled against an older, shorter options struct: fields past its
 * struct_size take their defaults even if the bytes there are garbage. */
START_TEST(options_older_shorter_struct)
{
    unsigned char raw[sizeof(liion_ctx_options)];
    liion_ctx_options *o = (liion_ctx_options *)(void *)raw;
    liion_ctx *ctx = NULL;
    memset(raw, 0xFF, sizeof raw);
    liion_ctx_options_init(o, (uint32_t)offsetof(liion_ctx_options, max_depth));
    o->max_memory = 1u << 20;
    ck_assert_int_eq(liion_ctx_new(&ctx, o), LIION_OK);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MEMORY), 1u << 20);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_DEPTH), LIION_DEFAULT_MAX_DEPTH);
    liion_ctx_free(ctx);
}
END_TEST

/* A newer application on an older library: a longer struct works only with a zero tail. */
START_TEST(options_newer_longer_struct)
{
    struct {
        liion_ctx_options known;
        uint64_t future_field;
    } big;
    liion_ctx *ctx = NULL;
    memset(&big, 0, sizeof big);
    big.known.struct_size = (uint32_t)sizeof big;
    ck_assert_int_eq(liion_ctx_new(&ctx, &big.known), LIION_OK);
    liion_ctx_free(ctx);
    ctx = NULL;
    big.future_field = 1;
    ck_assert_int_eq(liion_ctx_new(&ctx, &big.known), LIION_E_UNSUPPORTED);
    ck_assert_ptr_null(ctx);
}
END_TEST

START_TEST(options_set_limits)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    o.max_memory = 123456;
    o.max_depth = 7;
    o.max_items = 99;
    o.max_message_bytes = 4096;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_OK);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MEMORY), 123456);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_DEPTH), 7);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_ITEMS), 99);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES), 4096);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- limits and error state ------------------------------------------------------------ */

START_TEST(set_limit_and_error_state)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);

    ck_assert_int_eq(liion_ctx_set_limit(ctx, (liion_limit)42, 1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ctx_errcode(ctx), LIION_E_INVALID_ARG);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "unknown limit 42");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), LIION_OFFSET_NONE);

    /* the next call clears the error state */
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 5), LIION_OK);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "no error");
    ck_assert_int_eq(liion_ctx_errcode(ctx), LIION_OK);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_DEPTH), 5);

    /* zero restores the default for the decode limits, but means "no cap" for memory */
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 0), LIION_OK);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_DEPTH), LIION_DEFAULT_MAX_DEPTH);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 10), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 0), LIION_OK);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_ITEMS), LIION_DEFAULT_MAX_ITEMS);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MEMORY, 0), LIION_OK);
    ck_assert_uint_eq(liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MEMORY), 0);

    ck_assert_int_eq(liion_ctx_set_limit(NULL, LIION_LIMIT_MAX_DEPTH, 1), LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(null_handle_getters)
{
    ck_assert_ptr_nonnull(liion_ctx_errmsg(NULL));
    ck_assert_int_eq(liion_ctx_errcode(NULL), LIION_E_INVALID_ARG);
    ck_assert_uint_eq(liion_ctx_error_offset(NULL), LIION_OFFSET_NONE);
    ck_assert_uint_eq(liion_ctx_memory_used(NULL), 0);
    ck_assert_uint_eq(liion_ctx_get_limit(NULL, LIION_LIMIT_MAX_DEPTH), 0);
    ck_assert_int_eq(liion_ctx_set_log(NULL, LIION_LOG_DEBUG, NULL, NULL), LIION_E_INVALID_ARG);
}
END_TEST

/* A pointer that is not a context (here: zeroed memory) is refused, not trusted. */
START_TEST(foreign_handle_is_misuse)
{
    void *fake = calloc(1, 4096);
    liion_ctx *ctx = fake;
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 1), LIION_E_MISUSE);
    ck_assert_int_eq(liion_ctx_errcode(ctx), LIION_E_MISUSE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "not a live context (wrong or freed handle)");
    ck_assert_int_eq(liion_ctx_set_log(ctx, LIION_LOG_DEBUG, NULL, NULL), LIION_E_MISUSE);
    ck_assert_uint_eq(liion_ctx_memory_used(ctx), 0);
    liion_ctx_free(ctx); /* ignored: not a live context */
    free(fake);
}
END_TEST

/* ---- memory cap ------------------------------------------------------------------------ */

START_TEST(memory_cap_too_small_for_ctx)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    o.max_memory = 16;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_E_NOMEM);
    ck_assert_ptr_null(ctx);
}
END_TEST

/* ---- custom allocator and logging ------------------------------------------------------ */

START_TEST(custom_allocator_is_used)
{
    liion_test_alloc ta;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_test_alloc_init(&ta);
    o.allocator = &ta.hooks;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_OK);
    ck_assert_uint_eq(ta.live, 1);
    ck_assert_uint_eq(ta.live_bytes, liion_ctx_memory_used(ctx));
    liion_ctx_free(ctx);
    ck_assert_uint_eq(ta.live, 0);
    ck_assert_uint_eq(ta.size_mismatches, 0);
}
END_TEST

struct log_capture {
    int count;
    liion_log_level last_level;
    char last[256];
};

static void capture(void *user, liion_log_level level, const char *msg)
{
    struct log_capture *c = user;
    c->count++;
    c->last_level = level;
    snprintf(c->last, sizeof c->last, "%s", msg);
}

START_TEST(log_callback_receives_errors)
{
    struct log_capture cap = { 0, 0, "" };
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    o.log = capture;
    o.log_user = &cap;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_OK);
    ck_assert_int_eq(cap.count, 0);
    liion_ctx_set_limit(ctx, (liion_limit)9, 1);
    ck_assert_int_eq(cap.count, 1);
    ck_assert_int_eq(cap.last_level, LIION_LOG_ERROR);
    ck_assert_str_eq(cap.last, "unknown limit 9");

    ck_assert_int_eq(liion_ctx_set_log(ctx, (liion_log_level)0, capture, &cap),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(cap.count, 2); /* that failure was logged too */

    ck_assert_int_eq(liion_ctx_set_log(ctx, LIION_LOG_DEBUG, NULL, NULL), LIION_OK);
    liion_ctx_set_limit(ctx, (liion_limit)9, 1);
    ck_assert_int_eq(cap.count, 2); /* removed: nothing more delivered */
    liion_ctx_free(ctx);
}
END_TEST

/* ---- allocation failure over the public constructor ------------------------------------ */

static liion_status make_ctx(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_status st;
    (void)user;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    if (st != LIION_OK) {
        ck_assert_ptr_null(ctx);
        return st;
    }
    liion_ctx_free(ctx);
    return LIION_OK;
}

START_TEST(ctx_new_allocation_failure)
{
    ck_assert_uint_eq(liion_test_alloc_loop("liion_ctx_new", make_ctx, NULL), 1);
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("status_version");
    tcase_add_test(tc, status_texts_are_distinct_and_known);
    tcase_add_test(tc, version_runtime_matches_header);
    suite_add_tcase(s, tc);

    tc = tcase_create("ctx");
    tcase_add_test(tc, ctx_defaults);
    tcase_add_test(tc, ctx_new_bad_args);
    tcase_add_test(tc, options_init_writes_exactly_struct_size);
    tcase_add_test(tc, options_older_shorter_struct);
    tcase_add_test(tc, options_newer_longer_struct);
    tcase_add_test(tc, options_set_limits);
    tcase_add_test(tc, set_limit_and_error_state);
    tcase_add_test(tc, null_handle_getters);
    tcase_add_test(tc, foreign_handle_is_misuse);
    tcase_add_test(tc, memory_cap_too_small_for_ctx);
    tcase_add_test(tc, custom_allocator_is_used);
    tcase_add_test(tc, log_callback_receives_errors);
    tcase_add_test(tc, ctx_new_allocation_failure);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(core_suite());
}
