/* Cheap ABI companions to the abidiff gate: every public enum value and every transparent
 * struct layout is pinned here at compile time, and the run-time version must match the
 * header. Changing any of these is an ABI break: it needs a minor bump while 0.x, a CHANGELOG
 * entry under BREAKING and a new baseline (scripts/abi-update.sh). */
#include <liion/liion.h>

#include <check.h>
#include <stddef.h>
#include <stdlib.h>
#include "support/run.h"

/* liion_status: values are stable and never renumbered. */
_Static_assert(LIION_OK == 0, "status");
_Static_assert(LIION_E_INVALID_ARG == 1, "status");
_Static_assert(LIION_E_NOMEM == 2, "status");
_Static_assert(LIION_E_BUFFER_TOO_SMALL == 3, "status");
_Static_assert(LIION_E_UNSUPPORTED == 4, "status");
_Static_assert(LIION_E_MISUSE == 5, "status");
_Static_assert(LIION_E_LIMIT == 6, "status");
_Static_assert(LIION_E_DECODE == 7, "status");
_Static_assert(LIION_E_TRUNCATED == 8, "status");
_Static_assert(LIION_E_NOT_FOUND == 9, "status");
_Static_assert(LIION_E_EXISTS == 10, "status");
_Static_assert(LIION_E_STATE == 11, "status");
_Static_assert(LIION_E_IO == 12, "status");
_Static_assert(LIION_E_CORRUPT == 13, "status");
_Static_assert(LIION_E_RANGE == 14, "status");
_Static_assert(sizeof(liion_status) == 4, "enums are pinned to 32 bits");

_Static_assert(LIION_LIMIT_MAX_MEMORY == 1, "limit");
_Static_assert(LIION_LIMIT_MAX_DEPTH == 2, "limit");
_Static_assert(LIION_LIMIT_MAX_ITEMS == 3, "limit");
_Static_assert(LIION_LIMIT_MAX_MESSAGE_BYTES == 4, "limit");
_Static_assert(sizeof(liion_limit) == 4, "enums are pinned to 32 bits");

_Static_assert(LIION_LOG_ERROR == 1, "log level");
_Static_assert(LIION_LOG_WARNING == 2, "log level");
_Static_assert(LIION_LOG_INFO == 3, "log level");
_Static_assert(LIION_LOG_DEBUG == 4, "log level");
_Static_assert(sizeof(liion_log_level) == 4, "enums are pinned to 32 bits");

/* Transparent structs: append-only, size field first. */
_Static_assert(offsetof(liion_allocator, struct_size) == 0, "size first");
_Static_assert(offsetof(liion_allocator, reserved) == 4, "layout");
_Static_assert(offsetof(liion_allocator, alloc) == 8, "layout");
_Static_assert(offsetof(liion_allocator, realloc) == 8 + sizeof(void *), "layout");
_Static_assert(offsetof(liion_allocator, free) == 8 + 2 * sizeof(void *), "layout");
_Static_assert(offsetof(liion_allocator, user) == 8 + 3 * sizeof(void *), "layout");
_Static_assert(sizeof(liion_allocator) == 8 + 4 * sizeof(void *), "layout");

_Static_assert(offsetof(liion_ctx_options, struct_size) == 0, "size first");
_Static_assert(offsetof(liion_ctx_options, flags) == 4, "layout");
_Static_assert(offsetof(liion_ctx_options, allocator) == 8, "layout");
_Static_assert(offsetof(liion_ctx_options, max_memory) == 8 + sizeof(void *), "layout");
_Static_assert(offsetof(liion_ctx_options, max_depth) == 16 + sizeof(void *), "layout");
_Static_assert(offsetof(liion_ctx_options, max_items) == 24 + sizeof(void *), "layout");
_Static_assert(offsetof(liion_ctx_options, max_message_bytes) == 32 + sizeof(void *), "layout");
_Static_assert(offsetof(liion_ctx_options, log) == 40 + sizeof(void *), "layout");
_Static_assert(offsetof(liion_ctx_options, log_user) == 40 + 2 * sizeof(void *), "layout");
_Static_assert(offsetof(liion_ctx_options, log_level) == 40 + 3 * sizeof(void *), "layout");
_Static_assert(offsetof(liion_ctx_options, reserved) == 44 + 3 * sizeof(void *), "layout");
_Static_assert(sizeof(liion_ctx_options) == 48 + 3 * sizeof(void *), "layout");

_Static_assert(LIION_VERSION_NUMBER ==
                   LIION_VERSION_MAJOR * 10000 + LIION_VERSION_MINOR * 100 + LIION_VERSION_PATCH,
               "version number formula");
_Static_assert(LIION_VERSION_MINOR < 100 && LIION_VERSION_PATCH < 100, "version digits");

START_TEST(runtime_version_equals_header)
{
    ck_assert_uint_eq(liion_version_number(), LIION_VERSION_NUMBER);
    ck_assert_str_eq(liion_version_string(), LIION_VERSION_STRING);
}
END_TEST

START_TEST(options_init_macro_matches_function)
{
    liion_ctx_options a = LIION_CTX_OPTIONS_INIT;
    liion_ctx_options b;
    ck_assert_int_eq(liion_ctx_options_init(&b, (uint32_t)sizeof b), LIION_OK);
    ck_assert_uint_eq(a.struct_size, b.struct_size);
    ck_assert_uint_eq(a.max_memory, b.max_memory);
    ck_assert_ptr_eq(a.allocator, b.allocator);
    ck_assert_ptr_eq(a.log, b.log);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("abi");
    TCase *tc = tcase_create("abi");
    tcase_add_test(tc, runtime_version_equals_header);
    tcase_add_test(tc, options_init_macro_matches_function);
    suite_add_tcase(s, tc);
    return liion_test_run(s);
}
