/* Small helpers shared by the Check suites: hex test vectors and error-message checks. */
#ifndef LIION_TEST_UTIL_H
#define LIION_TEST_UTIL_H

#include <liion/liion.h>

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Parse a hex vector such as "00 00 00 0a | ff ff" into out (at most cap bytes). Spaces, ':',
 * '|' and newlines separate bytes; anything else that is not a pair of hex digits fails the
 * test. Returns the number of bytes. */
size_t liion_test_unhex(uint8_t *out, size_t cap, const char *hex);

/* Assert that the context's error message contains text. */
#define LIION_CK_ERRMSG_HAS(ctx, text)                                                        \
    ck_assert_msg(strstr(liion_ctx_errmsg(ctx), (text)) != NULL,                             \
                  "message \"%s\" lacks \"%s\"", liion_ctx_errmsg(ctx), (text))

#endif
