/* SECS-II (E5) items, messages and SML: reference vectors, round trips, negative inputs,
 * limits, ownership, storage reuse and allocation failure. Public API only. */
#include <liion/liion.h>

#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"
#include "support/testutil.h"

/* ---- helpers --------------------------------------------------------------------------- */


static liion_ctx *new_ctx(void)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    return ctx;
}

/* Encode item and compare with hex. */
static void expect_encoding(liion_ctx *ctx, const liion_secs_item *it, const char *hex)
{
    uint8_t want[512], got[512];
    size_t n = liion_test_unhex(want, sizeof want, hex), w = 0, sz = 0;
    ck_assert_int_eq(liion_secs_item_encoded_size(&sz, ctx, it), LIION_OK);
    ck_assert_uint_eq(sz, n);
    ck_assert_int_eq(liion_secs_item_encode(got, sizeof got, &w, ctx, it), LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert_msg(memcmp(got, want, n) == 0, "encoding differs from %s", hex);
}

/* Decode hex with a message, compare to it, re-encode to the same bytes. */
static void expect_decodes_to(liion_ctx *ctx, const liion_secs_item *it, const char *hex)
{
    uint8_t in[512], out[512];
    size_t n = liion_test_unhex(in, sizeof in, hex), w = 0;
    liion_secs_msg *m = NULL;
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
    ck_assert(liion_secs_item_equal(liion_secs_msg_body(m), it));
    ck_assert_int_eq(liion_secs_msg_encode(out, sizeof out, &w, m), LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert(memcmp(in, out, n) == 0);
    liion_secs_msg_free(m);
}

static void vector(liion_ctx *ctx, liion_secs_item *it, const char *hex)
{
    ck_assert_ptr_nonnull(it);
    expect_encoding(ctx, it, hex);
    expect_decodes_to(ctx, it, hex);
    liion_secs_item_free(it);
}

/* Decode hex expecting failure: status, offset, message fragment. */
static void expect_decode_error(liion_ctx *ctx, const char *hex, liion_status st, size_t off,
                                const char *frag)
{
    uint8_t in[512];
    size_t n = liion_test_unhex(in, sizeof in, hex);
    liion_secs_msg *m = NULL;
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), st);
    ck_assert_int_eq(liion_ctx_errcode(ctx), st);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), off);
    ck_assert_msg(strstr(liion_ctx_errmsg(ctx), frag) != NULL, "message '%s' lacks '%s'",
                  liion_ctx_errmsg(ctx), frag);
    ck_assert_ptr_null(liion_secs_msg_body(m));
    liion_secs_msg_free(m);
}

/* ---- A: item headers (T1-T6) ------------------------------------------------------------ */

START_TEST(vec_headers)
{
    liion_ctx *ctx = new_ctx();
    static const size_t lens[] = { 0, 0xFF, 0x100, 0xFFFF, 0x10000, 0xFFFFFF };
    static const char *const hdr[] = { "21 00", "21 ff", "22 01 00", "22 ff ff", "23 01 00 00",
                                       "23 ff ff ff" };
    uint8_t *data = calloc(0xFFFFFF, 1), *buf = malloc(0xFFFFFF + 4);
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < 6; i++) {
        liion_secs_item *it = NULL;
        uint8_t want[4];
        size_t hn = liion_test_unhex(want, sizeof want, hdr[i]), w = 0;
        ck_assert_int_eq(liion_secs_item_new_binary(&it, ctx, data, lens[i]), LIION_OK);
        ck_assert_int_eq(liion_secs_item_encode(buf, 0xFFFFFF + 4, &w, ctx, it), LIION_OK);
        ck_assert_uint_eq(w, hn + lens[i]);
        ck_assert(memcmp(buf, want, hn) == 0);
        liion_secs_item_free(it);
    }
    /* U4 headers with a whole number of elements: T1, T3, T5 exactly */
    {
        liion_secs_item *it = NULL;
        size_t w = 0;
        ck_assert_int_eq(liion_secs_item_new_u4(&it, ctx, NULL, 0), LIION_OK);
        expect_encoding(ctx, it, "b1 00");
        liion_secs_item_free(it);
        ck_assert_int_eq(liion_secs_item_new(&it, ctx, LIION_SECS_U4, data, 0x40), LIION_OK);
        ck_assert_int_eq(liion_secs_item_encode(buf, 0x200, &w, ctx, it), LIION_OK);
        ck_assert(buf[0] == 0xb2 && buf[1] == 0x01 && buf[2] == 0x00);
        liion_secs_item_free(it);
        ck_assert_int_eq(liion_secs_item_new(&it, ctx, LIION_SECS_U4, data, 0x4000), LIION_OK);
        ck_assert_int_eq(liion_secs_item_encode(buf, 0x20000, &w, ctx, it), LIION_OK);
        ck_assert(buf[0] == 0xb3 && buf[1] == 0x01 && buf[2] == 0x00 && buf[3] == 0x00);
        liion_secs_item_free(it);
    }
    /* above the maximum */
    {
        liion_secs_item *it = (liion_secs_item *)1;
        ck_assert_int_eq(liion_secs_item_new_binary(&it, ctx, data, 0x1000000), LIION_E_RANGE);
        ck_assert_ptr_null(it);
    }
    free(data);
    free(buf);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- B: scalars and arrays (T7-T28) ----------------------------------------------------- */

START_TEST(vec_scalars)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_item *it;
    static const uint8_t b3[] = { 0x01, 0x0B, 0x19 }, tf[] = { 1, 1, 0 };
    static const int64_t i8[] = { 123, 234, -345 };
    static const int8_t i1[] = { 12, 23, -34 };
    static const int16_t i2[] = { 123, 234, -345 };
    static const int32_t i4[] = { 123, 234, -345 };
    static const double f8[] = { 123, 234, -345 };
    static const float f4[] = { 123, 234, -345 };
    static const uint64_t u8[] = { 123, 234, 345 };
    static const uint8_t u1[] = { 12, 23, 34 };
    static const uint16_t u2[] = { 123, 234, 345 };
    static const uint32_t u4[] = { 123, 234, 345 }, u4one = 1337;

    it = NULL; liion_secs_item_new_ascii(&it, ctx, "", 0); vector(ctx, it, "41 00");                 /* T7 */
    it = NULL; liion_secs_item_new_ascii(&it, ctx, "testString", 10);
    vector(ctx, it, "41 0a 74 65 73 74 53 74 72 69 6e 67");                                             /* T8 */
    it = NULL; liion_secs_item_new_binary(&it, ctx, NULL, 0); vector(ctx, it, "21 00");               /* T9 */
    it = NULL; liion_secs_item_new_binary(&it, ctx, b3, 3); vector(ctx, it, "21 03 01 0b 19");         /* T10 */
    it = NULL; liion_secs_item_new_bool(&it, ctx, tf, 3); vector(ctx, it, "25 03 01 01 00");           /* T11 */
    it = NULL; liion_secs_item_new_jis8(&it, ctx, "testString\x5c", 11);
    vector(ctx, it, "45 0b 74 65 73 74 53 74 72 69 6e 67 5c");                                          /* T12 */
    it = NULL; liion_secs_item_new_jis8(&it, ctx, "", 0); vector(ctx, it, "45 00");                   /* T13 */
    it = NULL; liion_secs_item_new_i8(&it, ctx, i8, 3);
    vector(ctx, it, "61 18 00 00 00 00 00 00 00 7b 00 00 00 00 00 00 00 ea ff ff ff ff ff ff fe a7"); /* T14 */
    it = NULL; liion_secs_item_new_i1(&it, ctx, i1, 3); vector(ctx, it, "65 03 0c 17 de");             /* T15 */
    it = NULL; liion_secs_item_new_i2(&it, ctx, i2, 3); vector(ctx, it, "69 06 00 7b 00 ea fe a7");    /* T16 */
    it = NULL; liion_secs_item_new_i4(&it, ctx, i4, 3);
    vector(ctx, it, "71 0c 00 00 00 7b 00 00 00 ea ff ff fe a7");                                       /* T17 */
    it = NULL; liion_secs_item_new_f8(&it, ctx, f8, 3);
    vector(ctx, it, "81 18 40 5e c0 00 00 00 00 00 40 6d 40 00 00 00 00 00 c0 75 90 00 00 00 00 00"); /* T18 */
    it = NULL; liion_secs_item_new_f4(&it, ctx, f4, 3);
    vector(ctx, it, "91 0c 42 f6 00 00 43 6a 00 00 c3 ac 80 00");                                       /* T19 */
    it = NULL; liion_secs_item_new_u8(&it, ctx, u8, 3);
    vector(ctx, it, "a1 18 00 00 00 00 00 00 00 7b 00 00 00 00 00 00 00 ea 00 00 00 00 00 00 01 59"); /* T20 */
    it = NULL; liion_secs_item_new_u1(&it, ctx, u1, 3); vector(ctx, it, "a5 03 0c 17 22");             /* T21 */
    it = NULL; liion_secs_item_new_u2(&it, ctx, u2, 3); vector(ctx, it, "a9 06 00 7b 00 ea 01 59");    /* T22 */
    it = NULL; liion_secs_item_new_u4(&it, ctx, u4, 3);
    vector(ctx, it, "b1 0c 00 00 00 7b 00 00 00 ea 00 00 01 59");                                       /* T23 */
    it = NULL; liion_secs_item_new_u4(&it, ctx, &u4one, 1); vector(ctx, it, "b1 04 00 00 05 39");     /* T24 */
    /* T25: empty numeric arrays */
    {
        static const liion_secs_format f[] = { LIION_SECS_I8, LIION_SECS_I1, LIION_SECS_I2,
                                               LIION_SECS_I4, LIION_SECS_F8, LIION_SECS_F4,
                                               LIION_SECS_U8, LIION_SECS_U1, LIION_SECS_U2,
                                               LIION_SECS_U4 };
        static const char *const h[] = { "61 00", "65 00", "69 00", "71 00", "81 00",
                                         "91 00", "a1 00", "a5 00", "a9 00", "b1 00" };
        for (size_t i = 0; i < 10; i++) {
            it = NULL;
            ck_assert_int_eq(liion_secs_item_new(&it, ctx, f[i], NULL, 0), LIION_OK);
            ck_assert_uint_eq(liion_secs_item_count(it), 0);
            vector(ctx, it, h[i]);
        }
    }
    /* T26-T28: localized strings, header kept */
    it = NULL; liion_secs_item_new_localized(&it, ctx, 2, NULL, 0); vector(ctx, it, "49 02 00 02");
    it = NULL; liion_secs_item_new_localized(&it, ctx, 2, (const uint8_t *)"hi", 2);
    ck_assert_uint_eq(liion_secs_item_lsh(it), 2);
    ck_assert_uint_eq(liion_secs_item_count(it), 2);
    vector(ctx, it, "49 04 00 02 68 69");
    it = NULL; liion_secs_item_new_localized(&it, ctx, 3, (const uint8_t *)"test", 4);
    vector(ctx, it, "49 06 00 03 74 65 73 74");
    /* other LSH codes (UCS-2, Shift-JIS, an unknown one) pass through */
    {
        static const uint8_t ucs2[] = { 0x00, 0x41, 0x30, 0x42 };
        it = NULL; liion_secs_item_new_localized(&it, ctx, 1, ucs2, 4);
        vector(ctx, it, "49 06 00 01 00 41 30 42");
        it = NULL; liion_secs_item_new_localized(&it, ctx, 0x1234, ucs2, 2);
        vector(ctx, it, "49 04 12 34 00 41");
    }
    liion_ctx_free(ctx);
}
END_TEST

/* ---- C: lists (T29-T32) ------------------------------------------------------------------ */

static liion_secs_item *A(liion_ctx *ctx, const char *s)
{
    liion_secs_item *it = NULL;
    ck_assert_int_eq(liion_secs_item_new_ascii(&it, ctx, s, strlen(s)), LIION_OK);
    return it;
}

static liion_secs_item *U1(liion_ctx *ctx, uint8_t v)
{
    liion_secs_item *it = NULL;
    ck_assert_int_eq(liion_secs_item_new_u1(&it, ctx, &v, 1), LIION_OK);
    return it;
}

static liion_secs_item *L(liion_ctx *ctx, size_t n, liion_secs_item **kids)
{
    liion_secs_item *l = NULL;
    ck_assert_int_eq(liion_secs_item_new_list(&l, ctx, 0), LIION_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(liion_secs_list_append(l, kids[i]), LIION_OK);
    return l;
}

START_TEST(vec_lists)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_item *k[4];
    float f = 2.5f;

    k[0] = A(ctx, "MDLN1");
    k[1] = A(ctx, "SOFTREV1");
    vector(ctx, L(ctx, 2, k), "01 02 41 05 4d 44 4c 4e 31 41 08 53 4f 46 54 52 45 56 31"); /* T29 */

    {
        liion_secs_item *inner[2], *b = NULL, *f4 = NULL;
        inner[0] = A(ctx, "Hallo");
        liion_secs_item_new_binary(&b, ctx, (const uint8_t *)"Welt", 4);
        inner[1] = b;
        k[0] = L(ctx, 2, inner);
        k[1] = U1(ctx, 10);
        liion_secs_item_new_f4(&f4, ctx, &f, 1);
        k[2] = f4;
        vector(ctx, L(ctx, 3, k),
               "01 03 01 02 41 05 48 61 6c 6c 6f 21 04 57 65 6c 74 a5 01 0a 91 04 40 20 00 00"); /* T30 */
    }
    k[0] = U1(ctx, 3);
    k[1] = A(ctx, "Hallo");
    vector(ctx, L(ctx, 2, k), "01 02 a5 01 03 41 05 48 61 6c 6c 6f"); /* T31 */
    {
        liion_secs_item *a[2], *b[2], *c[2], *d[2], *e[2];
        a[0] = A(ctx, "Hello");
        a[1] = A(ctx, "Hallo");
        b[0] = U1(ctx, 5);
        b[1] = L(ctx, 2, a);
        c[0] = A(ctx, "Goodbye");
        c[1] = A(ctx, "Auf Wiedersehen");
        d[0] = U1(ctx, 6);
        d[1] = L(ctx, 2, c);
        e[0] = L(ctx, 2, b);
        e[1] = L(ctx, 2, d);
        k[0] = U1(ctx, 10);
        k[1] = L(ctx, 2, e);
        vector(ctx, L(ctx, 2, k),
               "01 02 a5 01 0a 01 02 01 02 a5 01 05 01 02 41 05 48 65 6c 6c 6f 41 05 48 61 6c 6c 6f "
               "01 02 a5 01 06 01 02 41 07 47 6f 6f 64 62 79 65 41 0f 41 75 66 20 57 69 65 64 65 72 "
               "73 65 68 65 6e"); /* T32 */
    }
    /* empty list, and a list of 256 items switches to 2 length bytes */
    vector(ctx, L(ctx, 0, NULL), "01 00");
    {
        liion_secs_item *l = NULL;
        uint8_t buf[1024];
        size_t w = 0;
        liion_secs_msg *m = NULL;
        liion_secs_item_new_list(&l, ctx, 0);
        for (int i = 0; i < 256; i++)
            ck_assert_int_eq(liion_secs_list_append(l, U1(ctx, (uint8_t)i)), LIION_OK);
        ck_assert_int_eq(liion_secs_item_encode(buf, sizeof buf, &w, ctx, l), LIION_OK);
        ck_assert_uint_eq(w, 3 + 256 * 3);
        ck_assert(buf[0] == 0x02 && buf[1] == 0x01 && buf[2] == 0x00);
        ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
        ck_assert_int_eq(liion_secs_msg_decode(m, buf, w), LIION_OK);
        ck_assert_uint_eq(liion_secs_item_count(liion_secs_msg_body(m)), 256);
        for (size_t i = 0; i < 256; i++) {
            uint64_t v = 0;
            ck_assert_int_eq(liion_secs_item_get_uint(&v, liion_secs_item_child(liion_secs_msg_body(m), i), 0), LIION_OK);
            ck_assert_uint_eq(v, i);
        }
        ck_assert_ptr_null(liion_secs_item_child(liion_secs_msg_body(m), 256));
        liion_secs_msg_free(m);
        liion_secs_item_free(l);
    }
    liion_ctx_free(ctx);
}
END_TEST

/* ---- F: edge cases E1/E2 and every class of malformed input ------------------------------ */

START_TEST(vec_nonminimal_accepted)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_msg *m = NULL;
    uint8_t in[16], out[16];
    size_t n, w = 0, len = 0;
    const uint8_t *t;
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    /* E1: A "ABC" with 2 length bytes, and with 3 */
    n = liion_test_unhex(in, sizeof in, "42 00 03 41 42 43");
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
    t = liion_secs_item_text(liion_secs_msg_body(m), &len);
    ck_assert_uint_eq(len, 3);
    ck_assert(memcmp(t, "ABC", 3) == 0);
    /* the re-encoding is minimal */
    ck_assert_int_eq(liion_secs_msg_encoded_size(&w, m), LIION_OK);
    ck_assert_uint_eq(w, 5);
    ck_assert_int_eq(liion_secs_msg_encode(out, sizeof out, &w, m), LIION_OK);
    ck_assert(w == 5 && memcmp(out, "\x41\x03" "ABC", 5) == 0);
    n = liion_test_unhex(in, sizeof in, "03 00 00 01 b3 00 00 04 00 00 00 07");
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_encode(out, sizeof out, &w, m), LIION_OK);
    ck_assert_uint_eq(w, 8);
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(neg_malformed)
{
    liion_ctx *ctx = new_ctx();
    /* E2: zero length bytes */
    expect_decode_error(ctx, "40", LIION_E_DECODE, 0, "zero length bytes");
    expect_decode_error(ctx, "01 01 40 00", LIION_E_DECODE, 2, "zero length bytes");
    /* unknown format codes: 0o01 (0x05), 0o77 (0xfd), 0o33 (0x6d) */
    expect_decode_error(ctx, "05 00", LIION_E_DECODE, 0, "unknown format");
    expect_decode_error(ctx, "fd 00", LIION_E_DECODE, 0, "unknown format");
    expect_decode_error(ctx, "01 02 a5 01 01 6d 00", LIION_E_DECODE, 5, "unknown format");
    /* length bytes cut off */
    expect_decode_error(ctx, "42 00", LIION_E_TRUNCATED, 0, "length bytes");
    expect_decode_error(ctx, "43", LIION_E_TRUNCATED, 0, "length bytes");
    /* data past the end */
    expect_decode_error(ctx, "41 05 41 42", LIION_E_TRUNCATED, 0, "only 2 left");
    expect_decode_error(ctx, "b3 ff ff ff", LIION_E_TRUNCATED, 0, "bytes");
    /* list promising more items than the bytes can hold */
    expect_decode_error(ctx, "03 ff ff ff 01 00", LIION_E_TRUNCATED, 0, "list of 16777215 items");
    expect_decode_error(ctx, "01 03 a5 01 01 a5 01", LIION_E_TRUNCATED, 0, "list of 3 items");
    /* list whose children run out */
    expect_decode_error(ctx, "01 02 a5 00 a5 01", LIION_E_TRUNCATED, 4, "only 0 left");
    expect_decode_error(ctx, "01 02 a5 00 a6 00", LIION_E_TRUNCATED, 4, "length bytes");
    /* numeric length not a multiple of the element size */
    expect_decode_error(ctx, "b1 03 00 00 00", LIION_E_DECODE, 0, "whole number of 4-byte");
    expect_decode_error(ctx, "69 01 00", LIION_E_DECODE, 0, "2-byte");
    expect_decode_error(ctx, "81 04 00 00 00 00", LIION_E_DECODE, 0, "8-byte");
    /* localized string without its header */
    expect_decode_error(ctx, "49 00", LIION_E_DECODE, 0, "2-byte header");
    expect_decode_error(ctx, "49 01 02", LIION_E_DECODE, 0, "2-byte header");
    /* trailing bytes after the item */
    expect_decode_error(ctx, "a5 01 01 00", LIION_E_DECODE, 3, "after the end");
    expect_decode_error(ctx, "01 00 01 00", LIION_E_DECODE, 2, "after the end");
    /* NULL data with a length */
    {
        liion_secs_msg *m = NULL;
        ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
        ck_assert_int_eq(liion_secs_msg_decode(m, NULL, 3), LIION_E_INVALID_ARG);
        /* an empty body is a header-only message */
        ck_assert_int_eq(liion_secs_msg_decode(m, NULL, 0), LIION_OK);
        ck_assert_ptr_null(liion_secs_msg_body(m));
        liion_secs_msg_free(m);
        ck_assert_int_eq(liion_secs_msg_decode(NULL, NULL, 0), LIION_E_INVALID_ARG);
    }
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(neg_limits)
{
    liion_ctx *ctx = new_ctx();
    uint8_t in[64];
    size_t n;
    liion_secs_msg *m = NULL;
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);

    /* depth: 3 nested lists pass with max_depth 3, fail with 2 at the third list's header */
    n = liion_test_unhex(in, sizeof in, "01 01 01 01 01 01 a5 01 07");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 3), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 2), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 4);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "nest deeper"));
    /* an empty list counts as a level too */
    n = liion_test_unhex(in, sizeof in, "01 01 01 01 01 00");
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 4);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 0), LIION_OK);

    /* items: L[3] of U1 is 4 items */
    n = liion_test_unhex(in, sizeof in, "01 03 a5 01 01 a5 01 02 a5 01 03");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 4), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 3), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "more than 3 items"));
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 0), LIION_OK);

    /* bytes */
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 10), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 10);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "exceed the message limit"));
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 11), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 0), LIION_OK);

    /* memory cap: a decode that cannot get its storage fails cleanly */
    {
        liion_secs_msg *m2 = NULL;
        ck_assert_int_eq(liion_secs_msg_new(&m2, ctx), LIION_OK);
        ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MEMORY,
                                             liion_ctx_memory_used(ctx) + 16), LIION_OK);
        ck_assert_int_eq(liion_secs_msg_decode(m2, in, n), LIION_E_NOMEM);
        ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MEMORY, 0), LIION_OK);
        ck_assert_int_eq(liion_secs_msg_decode(m2, in, n), LIION_OK);
        liion_secs_msg_free(m2);
    }
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- read API ---------------------------------------------------------------------------- */

START_TEST(read_api)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_msg *m = NULL;
    uint8_t in[128];
    size_t n, len = 0;
    const liion_secs_item *b, *c;
    int64_t iv = 0;
    uint64_t uv = 0;
    double dv = 0;
    int bv = 0;
    /* L[6] { I2[-2, 300], U8[max], F4[2.5], BOOLEAN[0,7], B[ff], U4[] } */
    n = liion_test_unhex(in, sizeof in,
              "01 06 69 04 ff fe 01 2c a1 08 ff ff ff ff ff ff ff ff 91 04 40 20 00 00 "
              "25 02 00 07 21 01 ff b1 00");
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
    b = liion_secs_msg_body(m);
    ck_assert_int_eq(liion_secs_item_format(b), LIION_SECS_L);
    ck_assert_uint_eq(liion_secs_item_count(b), 6);
    ck_assert_ptr_null(liion_secs_item_raw(b, &len));
    ck_assert_uint_eq(len, 0);

    c = liion_secs_item_child(b, 0);
    ck_assert_int_eq(liion_secs_item_format(c), LIION_SECS_I2);
    ck_assert_uint_eq(liion_secs_item_count(c), 2);
    ck_assert_int_eq(liion_secs_item_get_int(&iv, c, 0), LIION_OK);
    ck_assert_int_eq(iv, -2);
    ck_assert_int_eq(liion_secs_item_get_int(&iv, c, 1), LIION_OK);
    ck_assert_int_eq(iv, 300);
    ck_assert_int_eq(liion_secs_item_get_int(&iv, c, 2), LIION_E_RANGE);
    ck_assert_int_eq(liion_secs_item_get_uint(&uv, c, 0), LIION_E_RANGE);
    ck_assert_int_eq(liion_secs_item_get_uint(&uv, c, 1), LIION_OK);
    ck_assert_uint_eq(uv, 300);
    ck_assert_int_eq(liion_secs_item_get_float(&dv, c, 0), LIION_E_INVALID_ARG);
    /* zero-copy: the raw pointer shows the big-endian wire bytes */
    ck_assert(memcmp(liion_secs_item_raw(c, &len), "\xff\xfe\x01\x2c", 4) == 0 && len == 4);
    {
        int16_t host[2];
        size_t cnt = 0;
        ck_assert_int_eq(liion_secs_item_read_array(host, 1, &cnt, c), LIION_E_BUFFER_TOO_SMALL);
        ck_assert_uint_eq(cnt, 2);
        ck_assert_int_eq(liion_secs_item_read_array(host, 2, &cnt, c), LIION_OK);
        ck_assert(host[0] == -2 && host[1] == 300);
    }
    c = liion_secs_item_child(b, 1);
    ck_assert_int_eq(liion_secs_item_get_uint(&uv, c, 0), LIION_OK);
    ck_assert_uint_eq(uv, UINT64_MAX);
    ck_assert_int_eq(liion_secs_item_get_int(&iv, c, 0), LIION_E_RANGE);
    c = liion_secs_item_child(b, 2);
    ck_assert_int_eq(liion_secs_item_get_float(&dv, c, 0), LIION_OK);
    ck_assert(dv == 2.5);
    {
        float host = 0;
        size_t cnt = 0;
        ck_assert_int_eq(liion_secs_item_read_array(&host, 1, &cnt, c), LIION_OK);
        ck_assert(host == 2.5f);
    }
    c = liion_secs_item_child(b, 3);
    ck_assert_int_eq(liion_secs_item_get_bool(&bv, c, 0), LIION_OK);
    ck_assert_int_eq(bv, 0);
    ck_assert_int_eq(liion_secs_item_get_bool(&bv, c, 1), LIION_OK);
    ck_assert_int_eq(bv, 1);
    ck_assert_int_eq(liion_secs_item_get_uint(&uv, c, 1), LIION_OK);
    ck_assert_uint_eq(uv, 7);
    ck_assert_int_eq(liion_secs_item_get_bool(&bv, c, 2), LIION_E_RANGE);
    c = liion_secs_item_child(b, 4);
    ck_assert_int_eq(liion_secs_item_get_bool(&bv, c, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_secs_item_get_uint(&uv, c, 0), LIION_OK);
    ck_assert_uint_eq(uv, 255);
    ck_assert_ptr_null(liion_secs_item_text(c, &len));
    c = liion_secs_item_child(b, 5);
    ck_assert_uint_eq(liion_secs_item_count(c), 0);
    ck_assert_ptr_nonnull(liion_secs_item_raw(c, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_null(liion_secs_item_child(b, 6));
    ck_assert_ptr_null(liion_secs_item_child(c, 0));
    /* NULL handling */
    ck_assert_int_eq(liion_secs_item_format(NULL), LIION_SECS_NONE);
    ck_assert_uint_eq(liion_secs_item_count(NULL), 0);
    ck_assert_int_eq(liion_secs_item_get_int(&iv, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_str_eq(liion_secs_format_name(LIION_SECS_U4), "U4");
    ck_assert_str_eq(liion_secs_format_name((liion_secs_format)7), "?");
    ck_assert_uint_eq(liion_secs_format_elem_size(LIION_SECS_F8), 8);
    ck_assert_uint_eq(liion_secs_format_elem_size((liion_secs_format)1), 0);
    ck_assert_uint_eq(liion_secs_format_elem_size((liion_secs_format)-1), 0);
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- ownership and immutability ----------------------------------------------------------- */

START_TEST(ownership)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_item *l = NULL, *l2 = NULL, *x, *y = NULL;
    liion_secs_msg *m = NULL;
    ck_assert_int_eq(liion_secs_item_new_list(&l, ctx, 1), LIION_OK);
    ck_assert_int_eq(liion_secs_item_new_list(&l2, ctx, 0), LIION_OK);
    x = U1(ctx, 1);
    ck_assert_int_eq(liion_secs_list_append(l, x), LIION_OK);
    /* x now belongs to l: appending it again is refused, freeing it is a no-op */
    ck_assert_int_eq(liion_secs_list_append(l2, x), LIION_E_STATE);
    liion_secs_item_free(x);
    ck_assert_uint_eq(liion_secs_item_count(l), 1);
    /* a list cannot contain itself; scalars are not lists */
    ck_assert_int_eq(liion_secs_list_append(l, l), LIION_E_INVALID_ARG);
    y = U1(ctx, 2);
    ck_assert_int_eq(liion_secs_list_append(y, l2), LIION_E_INVALID_ARG);
    /* l goes into l2: l is frozen from now on */
    ck_assert_int_eq(liion_secs_list_append(l2, l), LIION_OK);
    ck_assert_int_eq(liion_secs_list_append(l, y), LIION_E_STATE);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "frozen"));
    /* the message takes l2 */
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_body(m, l2), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_body(m, l2), LIION_E_STATE);
    ck_assert_int_eq(liion_secs_list_append(l2, y), LIION_E_STATE);
    liion_secs_item_free(l2); /* owned by m: no-op */
    ck_assert_ptr_eq(liion_secs_msg_body(m), l2);
    /* replacing the body frees the old one (ASan checks) */
    ck_assert_int_eq(liion_secs_msg_set_body(m, y), LIION_OK);
    ck_assert_ptr_eq(liion_secs_msg_body(m), y);
    /* decoding drops a built body */
    ck_assert_int_eq(liion_secs_msg_decode(m, (const uint8_t *)"\x01\x00", 2), LIION_OK);
    ck_assert_int_eq(liion_secs_item_format(liion_secs_msg_body(m)), LIION_SECS_L);
    /* set_body(NULL) drops the decoded body */
    ck_assert_int_eq(liion_secs_msg_set_body(m, NULL), LIION_OK);
    ck_assert_ptr_null(liion_secs_msg_body(m));
    /* items of another context are refused */
    {
        liion_ctx *other = new_ctx();
        liion_secs_item *z = NULL, *ol = NULL;
        ck_assert_int_eq(liion_secs_item_new_list(&ol, other, 0), LIION_OK);
        z = U1(ctx, 3);
        ck_assert_int_eq(liion_secs_list_append(ol, z), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_secs_msg_set_body(m, ol), LIION_E_INVALID_ARG);
        liion_secs_item_free(z);
        liion_secs_item_free(ol);
        liion_ctx_free(other);
    }
    /* depth limit on build */
    {
        liion_secs_item *a = NULL, *bb = NULL, *cc = NULL;
        ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 2), LIION_OK);
        liion_secs_item_new_list(&a, ctx, 0);
        liion_secs_item_new_list(&bb, ctx, 0);
        liion_secs_item_new_list(&cc, ctx, 0);
        ck_assert_int_eq(liion_secs_list_append(bb, a), LIION_OK);
        ck_assert_int_eq(liion_secs_list_append(cc, bb), LIION_E_LIMIT);
        liion_secs_item_free(bb);
        liion_secs_item_free(cc);
        ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 0), LIION_OK);
    }
    /* bad constructor arguments */
    {
        liion_secs_item *z = (liion_secs_item *)1;
        ck_assert_int_eq(liion_secs_item_new(&z, ctx, LIION_SECS_L, NULL, 0), LIION_E_INVALID_ARG);
        ck_assert_ptr_null(z);
        ck_assert_int_eq(liion_secs_item_new(&z, ctx, (liion_secs_format)3, NULL, 0), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_secs_item_new(&z, ctx, LIION_SECS_U4, NULL, 2), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_secs_item_new_raw(&z, ctx, LIION_SECS_U4, (const uint8_t *)"abc", 3), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_secs_item_new_raw(&z, ctx, LIION_SECS_C2, (const uint8_t *)"a", 1), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_secs_item_new_u4(&z, NULL, NULL, 0), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_secs_list_append(NULL, NULL), LIION_E_INVALID_ARG);
        liion_secs_item_free(NULL);
    }
    liion_secs_msg_free(m);
    liion_secs_msg_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(msg_header_fields)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_msg *m = NULL;
    uint8_t buf[4];
    size_t w = 9;
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_sf(m, 6, 11, 1), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_ids(m, 0x1234, 0xdeadbeef), LIION_OK);
    ck_assert_uint_eq(liion_secs_msg_stream(m), 6);
    ck_assert_uint_eq(liion_secs_msg_function(m), 11);
    ck_assert_int_eq(liion_secs_msg_wbit(m), 1);
    ck_assert_uint_eq(liion_secs_msg_session_id(m), 0x1234);
    ck_assert_uint_eq(liion_secs_msg_system_bytes(m), 0xdeadbeef);
    ck_assert_int_eq(liion_secs_msg_set_sf(m, 128, 1, 0), LIION_E_RANGE);
    ck_assert_int_eq(liion_secs_msg_set_sf(m, 1, 256, 0), LIION_E_RANGE);
    ck_assert_int_eq(liion_secs_msg_set_sf(m, 1, 1, 2), LIION_E_RANGE);
    ck_assert_uint_eq(liion_secs_msg_stream(m), 6);
    /* header fields survive a decode */
    ck_assert_int_eq(liion_secs_msg_decode(m, (const uint8_t *)"\xa5\x01\x05", 3), LIION_OK);
    ck_assert_uint_eq(liion_secs_msg_system_bytes(m), 0xdeadbeef);
    /* encode into a small buffer: needed size reported, nothing written */
    ck_assert_int_eq(liion_secs_msg_encode(buf, 2, &w, m), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 3);
    ck_assert_int_eq(liion_secs_msg_encode(NULL, 0, &w, m), LIION_E_BUFFER_TOO_SMALL);
    /* header-only message encodes to nothing */
    ck_assert_int_eq(liion_secs_msg_set_body(m, NULL), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_encode(NULL, 0, &w, m), LIION_OK);
    ck_assert_uint_eq(w, 0);
    ck_assert_uint_eq(liion_secs_msg_stream(NULL), 0);
    ck_assert_int_eq(liion_secs_msg_set_sf(NULL, 1, 1, 0), LIION_E_INVALID_ARG);
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- item decode (standalone) ------------------------------------------------------------ */

START_TEST(item_decode_standalone)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_item *it = NULL;
    size_t used = 0;
    uint8_t in[32];
    size_t n = liion_test_unhex(in, sizeof in, "01 02 a5 01 03 41 05 48 61 6c 6c 6f ff ff");
    ck_assert_int_eq(liion_secs_item_decode(&it, &used, ctx, in, n), LIION_OK);
    ck_assert_uint_eq(used, 12);
    ck_assert_uint_eq(liion_secs_item_count(it), 2);
    /* a decoded-then-owned tree is a normal built list: it can still be appended to */
    ck_assert_int_eq(liion_secs_list_append(it, U1(ctx, 9)), LIION_OK);
    liion_secs_item_free(it);
    /* decoding bytes that live inside the message's own storage (a B item carrying an
     * encoded item) is safe */
    {
        liion_secs_msg *m = NULL;
        const uint8_t *raw;
        size_t rl = 0;
        n = liion_test_unhex(in, sizeof in, "01 01 21 07 01 02 a5 01 03 41 00");
        ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
        ck_assert_int_eq(liion_secs_msg_decode(m, in, n), LIION_OK);
        raw = liion_secs_item_raw(liion_secs_item_child(liion_secs_msg_body(m), 0), &rl);
        ck_assert_uint_eq(rl, 7);
        ck_assert_int_eq(liion_secs_msg_decode(m, raw, rl), LIION_OK);
        ck_assert_uint_eq(liion_secs_item_count(liion_secs_msg_body(m)), 2);
        ck_assert_int_eq(liion_secs_item_format(liion_secs_item_child(liion_secs_msg_body(m), 1)), LIION_SECS_A);
        liion_secs_msg_free(m);
    }
    it = (liion_secs_item *)1;
    ck_assert_int_eq(liion_secs_item_decode(&it, &used, ctx, in, 5), LIION_E_TRUNCATED);
    ck_assert_ptr_null(it);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 2); /* the B item's header */
    liion_ctx_free(ctx);
}
END_TEST

/* ---- SML ---------------------------------------------------------------------------------- */

static liion_secs_item *event_report(liion_ctx *ctx)
{
    /* L[3] { U4 42, U4 1337, L[2] { L[2] { U4 rptid, L[5] { U4, F4, A(12), U4, F4 } } x2 } } */
    liion_secs_item *root = NULL, *rpts = NULL;
    uint32_t v;
    float f;
    ck_assert_int_eq(liion_secs_item_new_list(&root, ctx, 3), LIION_OK);
    v = 42;
    { liion_secs_item *x = NULL; liion_secs_item_new_u4(&x, ctx, &v, 1); ck_assert_int_eq(liion_secs_list_append(root, x), LIION_OK); }
    v = 1337;
    { liion_secs_item *x = NULL; liion_secs_item_new_u4(&x, ctx, &v, 1); ck_assert_int_eq(liion_secs_list_append(root, x), LIION_OK); }
    liion_secs_item_new_list(&rpts, ctx, 2);
    for (uint32_t r = 0; r < 2; r++) {
        liion_secs_item *rep = NULL, *vals = NULL, *x = NULL;
        liion_secs_item_new_list(&rep, ctx, 2);
        v = 100 + r;
        liion_secs_item_new_u4(&x, ctx, &v, 1);
        liion_secs_list_append(rep, x);
        liion_secs_item_new_list(&vals, ctx, 5);
        v = 7; x = NULL; liion_secs_item_new_u4(&x, ctx, &v, 1); liion_secs_list_append(vals, x);
        f = 3.25f; x = NULL; liion_secs_item_new_f4(&x, ctx, &f, 1); liion_secs_list_append(vals, x);
        x = NULL; liion_secs_item_new_ascii(&x, ctx, "LOT-7\"A\\B\x01\xff!", 12); liion_secs_list_append(vals, x);
        v = 0xFFFFFFFF; x = NULL; liion_secs_item_new_u4(&x, ctx, &v, 1); liion_secs_list_append(vals, x);
        f = -0.1f; x = NULL; liion_secs_item_new_f4(&x, ctx, &f, 1); liion_secs_list_append(vals, x);
        liion_secs_list_append(rep, vals);
        liion_secs_list_append(rpts, rep);
    }
    ck_assert_int_eq(liion_secs_list_append(root, rpts), LIION_OK);
    return root;
}

START_TEST(sml_render)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_item *it = NULL;
    char buf[1024];
    size_t w = 0;
    liion_secs_msg *m = NULL;
    static const uint8_t tf[] = { 1, 0, 2 };
    liion_secs_item *k[2];
    k[0] = U1(ctx, 1);
    k[1] = A(ctx, "LOT-7");
    it = L(ctx, 2, k);
    ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, LIION_SECS_SML_COMPACT), LIION_OK);
    ck_assert_str_eq(buf, "<L [2] <U1 1> <A \"LOT-7\">>");
    ck_assert_uint_eq(w, strlen(buf));
    ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, 0), LIION_OK);
    ck_assert_str_eq(buf, "<L [2]\n  <U1 1>\n  <A \"LOT-7\">\n>");
    /* too small: needed length reported, and a NULL measurement works */
    ck_assert_int_eq(liion_secs_item_to_sml(buf, 5, &w, ctx, it, 0), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 31);
    ck_assert_int_eq(liion_secs_item_to_sml(NULL, 0, &w, ctx, it, 0), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 31);
    ck_assert_int_eq(liion_secs_item_to_sml(buf, 32, &w, ctx, it, 0), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_sf(m, 6, 11, 1), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_body(m, it), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_to_sml(buf, sizeof buf, &w, m, LIION_SECS_SML_COMPACT), LIION_OK);
    ck_assert_str_eq(buf, "S6F11 W <L [2] <U1 1> <A \"LOT-7\">> .");
    ck_assert_int_eq(liion_secs_msg_to_sml(buf, sizeof buf, &w, m, 0), LIION_OK);
    ck_assert_str_eq(buf, "S6F11 W\n<L [2]\n  <U1 1>\n  <A \"LOT-7\">\n>\n.");
    ck_assert_int_eq(liion_secs_msg_set_sf(m, 1, 2, 0), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_body(m, NULL), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_to_sml(buf, sizeof buf, &w, m, 0), LIION_OK);
    ck_assert_str_eq(buf, "S1F2\n.");
    /* escapes and the other formats */
    it = A(ctx, "a\"b\\c\x01\x7f");
    ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, 0), LIION_OK);
    ck_assert_str_eq(buf, "<A \"a\\\"b\\\\c\\x01\\x7F\">");
    liion_secs_item_free(it);
    it = NULL;
    liion_secs_item_new_bool(&it, ctx, tf, 3);
    ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, 0), LIION_OK);
    ck_assert_str_eq(buf, "<BOOLEAN TRUE FALSE 0x02>");
    liion_secs_item_free(it);
    it = NULL;
    liion_secs_item_new_localized(&it, ctx, 2, (const uint8_t *)"hi", 2);
    ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, 0), LIION_OK);
    ck_assert_str_eq(buf, "<C2 0x0002 \"hi\">");
    liion_secs_item_free(it);
    {
        static const int8_t i1[] = { -128, 127 };
        static const double f8[] = { 0.1, -0.0, 1e300 };
        it = NULL;
        liion_secs_item_new_i1(&it, ctx, i1, 2);
        ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, 0), LIION_OK);
        ck_assert_str_eq(buf, "<I1 -128 127>");
        liion_secs_item_free(it);
        it = NULL;
        liion_secs_item_new_f8(&it, ctx, f8, 3);
        ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, 0), LIION_OK);
        ck_assert_str_eq(buf, "<F8 0.1 -0 1e+300>");
        liion_secs_item_free(it);
        it = NULL;
        liion_secs_item_new_binary(&it, ctx, (const uint8_t *)"\x00\xab", 2);
        ck_assert_int_eq(liion_secs_item_to_sml(buf, sizeof buf, &w, ctx, it, 0), LIION_OK);
        ck_assert_str_eq(buf, "<B 0x00 0xAB>");
        liion_secs_item_free(it);
    }
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

static void sml_ok(liion_ctx *ctx, const char *text, const char *hex)
{
    liion_secs_item *it = NULL;
    uint8_t want[256], got[256];
    size_t n = liion_test_unhex(want, sizeof want, hex), w = 0;
    ck_assert_msg(liion_secs_item_from_sml(&it, ctx, text, strlen(text)) == LIION_OK,
                  "'%s': %s", text, liion_ctx_errmsg(ctx));
    ck_assert_int_eq(liion_secs_item_encode(got, sizeof got, &w, ctx, it), LIION_OK);
    ck_assert_msg(w == n && memcmp(got, want, n) == 0, "'%s' encodes wrong", text);
    liion_secs_item_free(it);
}

static void sml_bad(liion_ctx *ctx, const char *text, liion_status st, size_t off,
                    const char *frag)
{
    liion_secs_item *it = (liion_secs_item *)1;
    ck_assert_msg(liion_secs_item_from_sml(&it, ctx, text, strlen(text)) == st, "'%s': got %s",
                  text, liion_ctx_errmsg(ctx));
    ck_assert_ptr_null(it);
    ck_assert_msg(liion_ctx_error_offset(ctx) == off, "'%s': offset %zu, want %zu", text,
                  liion_ctx_error_offset(ctx), off);
    ck_assert_msg(strstr(liion_ctx_errmsg(ctx), frag) != NULL, "'%s': message '%s' lacks '%s'",
                  text, liion_ctx_errmsg(ctx), frag);
}

START_TEST(sml_parse_cases)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_msg *m = NULL;
    char buf[256];
    size_t w = 0;
    sml_ok(ctx, "<L [2] <U4 1> <A \"LOT-7\">>", "01 02 b1 04 00 00 00 01 41 05 4c 4f 54 2d 37");
    sml_ok(ctx, "  /* c */ < l [ 2 ] // x\n <u4 1>\t<A \"x\"> > .  ",
           "01 02 b1 04 00 00 00 01 41 01 78");
    sml_ok(ctx, "<A \"ab\" 0x0D 10 \"\\x41\\n\">", "41 06 61 62 0d 0a 41 0a");
    sml_ok(ctx, "<A>", "41 00");
    sml_ok(ctx, "<A [3] \"abc\">", "41 03 61 62 63");
    sml_ok(ctx, "<BOOLEAN true F 0x07 1>", "25 04 01 00 07 01");
    sml_ok(ctx, "<B 0x00 255 0xff>", "21 03 00 ff ff");
    sml_ok(ctx, "<I1 -128 127>", "65 02 80 7f");
    sml_ok(ctx, "<I8 -9223372036854775808>", "61 08 80 00 00 00 00 00 00 00");
    sml_ok(ctx, "<U8 18446744073709551615>", "a1 08 ff ff ff ff ff ff ff ff");
    sml_ok(ctx, "<U2 [2] 0x1234 65535>", "a9 04 12 34 ff ff");
    sml_ok(ctx, "<F4 2.5 -1e3>", "91 08 40 20 00 00 c4 7a 00 00");
    sml_ok(ctx, "<F4 0x7FC00001>", "91 04 7f c0 00 01");
    sml_ok(ctx, "<F8 inf>", "81 08 7f f0 00 00 00 00 00 00");
    sml_ok(ctx, "<C2 0x0002 \"hi\">", "49 04 00 02 68 69");
    sml_ok(ctx, "<C2 [2] 8 \"\\x82\\xA0\">", "49 04 00 08 82 a0");
    sml_ok(ctx, "<J \"\\\\\">", "45 01 5c");
    sml_ok(ctx, "<L>", "01 00");

    /* errors: class, offset, message */
    sml_bad(ctx, "", LIION_E_TRUNCATED, 0, "text ends");
    sml_bad(ctx, "U4 1", LIION_E_DECODE, 0, "expected '<'");
    sml_bad(ctx, "<X4 1>", LIION_E_DECODE, 1, "unknown item format");
    sml_bad(ctx, "<L [3] <U4 1> <U4 2>>", LIION_E_DECODE, 3, "declared count [3] but the item has 2");
    sml_bad(ctx, "<U4 [1] 1 2>", LIION_E_DECODE, 4, "declared count [1]");
    sml_bad(ctx, "<U1 256>", LIION_E_RANGE, 4, "out of range");
    sml_bad(ctx, "<I1 -129>", LIION_E_RANGE, 4, "out of range");
    sml_bad(ctx, "<U4 -1>", LIION_E_RANGE, 4, "out of range");
    sml_bad(ctx, "<U4 1x>", LIION_E_DECODE, 4, "bad number");
    sml_bad(ctx, "<F4 1.5.2>", LIION_E_DECODE, 4, "bad floating-point");
    sml_bad(ctx, "<U4 \"a\">", LIION_E_DECODE, 4, "string in a numeric");
    sml_bad(ctx, "<A \"abc>", LIION_E_TRUNCATED, 3, "unterminated string");
    sml_bad(ctx, "<A \"\\q\">", LIION_E_DECODE, 4, "unknown escape");
    sml_bad(ctx, "<A \"\\x4\">", LIION_E_DECODE, 4, "bad \\x escape");
    sml_bad(ctx, "<L [1] <U4 1>", LIION_E_TRUNCATED, 13, "expected '>'");
    sml_bad(ctx, "<U4 1> <U4 2>", LIION_E_DECODE, 7, "unexpected text");
    sml_bad(ctx, "<U4 1> /* open", LIION_E_TRUNCATED, 7, "unterminated comment");
    sml_bad(ctx, "<C2 \"hi\">", LIION_E_DECODE, 4, "encoding header");
    sml_bad(ctx, "<L [x]>", LIION_E_DECODE, 3, "bad item count");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 2), LIION_OK);
    sml_bad(ctx, "<L <L <L>>>", LIION_E_LIMIT, 6, "nest deeper");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 0), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 2), LIION_OK);
    sml_bad(ctx, "<L <U1 1> <U1 2>>", LIION_E_LIMIT, 10, "more than 2 items");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 0), LIION_OK);

    /* messages */
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_set_ids(m, 7, 99), LIION_OK);
    {
        const char *t = "S6F11 W /* event */ <L [1] <U4 42>> .";
        ck_assert_int_eq(liion_secs_msg_from_sml(m, t, strlen(t)), LIION_OK);
        ck_assert_uint_eq(liion_secs_msg_stream(m), 6);
        ck_assert_uint_eq(liion_secs_msg_function(m), 11);
        ck_assert_int_eq(liion_secs_msg_wbit(m), 1);
        ck_assert_uint_eq(liion_secs_msg_system_bytes(m), 99);
        ck_assert_int_eq(liion_secs_msg_to_sml(buf, sizeof buf, &w, m, LIION_SECS_SML_COMPACT), LIION_OK);
        ck_assert_str_eq(buf, "S6F11 W <L [1] <U4 42>> .");
        t = "s1f2.";
        ck_assert_int_eq(liion_secs_msg_from_sml(m, t, strlen(t)), LIION_OK);
        ck_assert_ptr_null(liion_secs_msg_body(m));
        ck_assert_int_eq(liion_secs_msg_wbit(m), 0);
        t = "S128F1 .";
        ck_assert_int_eq(liion_secs_msg_from_sml(m, t, strlen(t)), LIION_E_RANGE);
        t = "S1F1 X .";
        ck_assert_int_eq(liion_secs_msg_from_sml(m, t, strlen(t)), LIION_E_DECODE);
        ck_assert_uint_eq(liion_ctx_error_offset(ctx), 5);
        t = "S1 .";
        ck_assert_int_eq(liion_secs_msg_from_sml(m, t, strlen(t)), LIION_E_DECODE);
        t = "S1F1 W <U4 1";
        ck_assert_int_eq(liion_secs_msg_from_sml(m, t, strlen(t)), LIION_E_TRUNCATED);
        /* failures left the message as it was */
        ck_assert_uint_eq(liion_secs_msg_function(m), 2);
    }
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- random trees: encode/decode and render/parse round trips ---------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static const liion_secs_format ALL_FORMATS[] = {
    LIION_SECS_B,  LIION_SECS_BOOLEAN, LIION_SECS_A,  LIION_SECS_J,  LIION_SECS_C2,
    LIION_SECS_I8, LIION_SECS_I1,      LIION_SECS_I2, LIION_SECS_I4, LIION_SECS_F8,
    LIION_SECS_F4, LIION_SECS_U8,      LIION_SECS_U1, LIION_SECS_U2, LIION_SECS_U4,
};

static liion_secs_item *random_tree(liion_ctx *ctx, int depth)
{
    liion_secs_item *it = NULL;
    if (depth < 5 && rnd() % 4 == 0) {
        size_t n = (size_t)(rnd() % 6);
        if (rnd() % 50 == 0)
            n = 256 + (size_t)(rnd() % 10); /* 2 length bytes */
        ck_assert_int_eq(liion_secs_item_new_list(&it, ctx, 0), LIION_OK);
        for (size_t i = 0; i < n; i++)
            ck_assert_int_eq(liion_secs_list_append(it, random_tree(ctx, depth + 1)), LIION_OK);
        return it;
    }
    {
        liion_secs_format f = ALL_FORMATS[rnd() % 15];
        size_t esz = liion_secs_format_elem_size(f);
        size_t count = (size_t)(rnd() % 5);
        size_t nbytes;
        uint8_t data[400];
        if (rnd() % 40 == 0)
            count = 300 / esz + (size_t)(rnd() % 3); /* over 255 bytes */
        nbytes = count * esz;
        if (f == LIION_SECS_C2)
            nbytes += 2;
        for (size_t i = 0; i < nbytes; i++)
            data[i] = (uint8_t)rnd();
        /* floats: make some special values */
        if ((f == LIION_SECS_F4 || f == LIION_SECS_F8) && count > 0 && rnd() % 3 == 0) {
            static const uint8_t nan4[] = { 0x7f, 0xc0, 0x12, 0x34 }, inf4[] = { 0xff, 0x80, 0, 0 };
            memcpy(data, rnd() % 2 ? nan4 : inf4, 4);
        }
        ck_assert_int_eq(liion_secs_item_new_raw(&it, ctx, f, data, nbytes), LIION_OK);
        return it;
    }
}

/* Copy SML text replacing every space outside strings by whitespace and comments, and
 * adding some after '<' and before '>' (the parser must not care). */
static size_t noisy(char *dst, const char *src, size_t n)
{
    static const char junk[] = " /* c */\n\t// x <A>\n ";
    size_t o = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        if (in_str) {
            dst[o++] = c;
            if (c == '\\') {
                dst[o++] = src[++i];
            } else if (c == '"') {
                in_str = false;
            }
            continue;
        }
        if (c == '"')
            in_str = true;
        if (c == ' ' || c == '\n' || c == '>') {
            memcpy(dst + o, junk, sizeof junk - 1);
            o += sizeof junk - 1;
            if (c == '>')
                dst[o++] = c;
            continue;
        }
        dst[o++] = c;
        if (c == '<') {
            memcpy(dst + o, junk, sizeof junk - 1);
            o += sizeof junk - 1;
        }
    }
    return o;
}

START_TEST(prop_roundtrip)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_msg *m = NULL;
    size_t cap = 1u << 20;
    uint8_t *buf = malloc(cap), *buf2 = malloc(cap);
    char *text = malloc(cap);
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    rng_state = 20261127u;
    for (int iter = 0; iter < 1500; iter++) {
        liion_secs_item *t = random_tree(ctx, 0), *back = NULL, *cl = NULL;
        size_t w = 0, w2 = 0, tl = 0, sz = 0;
        uint32_t flags = iter % 2 ? LIION_SECS_SML_COMPACT : 0;
        ck_assert_int_eq(liion_secs_item_encode(buf, cap, &w, ctx, t), LIION_OK);
        ck_assert_int_eq(liion_secs_item_encoded_size(&sz, ctx, t), LIION_OK);
        ck_assert_uint_eq(sz, w);
        /* encode -> decode -> same tree, same bytes */
        ck_assert_int_eq(liion_secs_msg_decode(m, buf, w), LIION_OK);
        ck_assert(liion_secs_item_equal(liion_secs_msg_body(m), t));
        ck_assert_int_eq(liion_secs_msg_encode(buf2, cap, &w2, m), LIION_OK);
        ck_assert(w2 == w && memcmp(buf, buf2, w) == 0);
        /* render -> parse -> same tree (built and decoded renderings agree) */
        ck_assert_int_eq(liion_secs_item_to_sml(text, cap, &tl, ctx, t, flags), LIION_OK);
        ck_assert_int_eq(liion_secs_item_from_sml(&back, ctx, text, tl), LIION_OK);
        ck_assert_msg(liion_secs_item_equal(back, t), "SML round trip differs: %s", text);
        if (iter % 3 == 0 && tl < cap / 40) {
            char *nz = malloc(tl * 30 + 1);
            size_t nl = noisy(nz, text, tl);
            liion_secs_item *back2 = NULL;
            ck_assert_msg(liion_secs_item_from_sml(&back2, ctx, nz, nl) == LIION_OK, "%.*s: %s",
                          (int)nl, nz, liion_ctx_errmsg(ctx));
            ck_assert(liion_secs_item_equal(back2, t));
            liion_secs_item_free(back2);
            free(nz);
        }
        {
            size_t tl2 = 0;
            char *text2 = malloc(tl + 1);
            ck_assert_int_eq(liion_secs_item_to_sml(text2, tl + 1, &tl2, ctx,
                                                    liion_secs_msg_body(m), flags), LIION_OK);
            ck_assert_str_eq(text, text2);
            free(text2);
        }
        /* clone of the decoded view, and standalone decode */
        ck_assert_int_eq(liion_secs_item_clone(&cl, ctx, liion_secs_msg_body(m)), LIION_OK);
        ck_assert(liion_secs_item_equal(cl, t));
        liion_secs_item_free(cl);
        cl = NULL;
        ck_assert_int_eq(liion_secs_item_decode(&cl, &w2, ctx, buf, w), LIION_OK);
        ck_assert(w2 == w && liion_secs_item_equal(cl, t));
        liion_secs_item_free(cl);
        liion_secs_item_free(back);
        liion_secs_item_free(t);
    }
    liion_secs_msg_free(m);
    free(buf);
    free(buf2);
    free(text);
    liion_ctx_free(ctx);
}
END_TEST

/* Random byte mutations of valid encodings: never crash, always a clean status, and a
 * success re-encodes and re-decodes to the same tree. */
START_TEST(prop_mutations)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_msg *m = NULL;
    uint8_t buf[4096], out[4096];
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    rng_state = 7u;
    for (int iter = 0; iter < 3000; iter++) {
        liion_secs_item *t = random_tree(ctx, 2);
        size_t w = 0, w2 = 0;
        liion_status st;
        if (liion_secs_item_encode(buf, sizeof buf, &w, ctx, t) != LIION_OK) {
            liion_secs_item_free(t);
            continue;
        }
        for (int k = 0; k < 3; k++)
            buf[rnd() % w] ^= (uint8_t)(1u << (rnd() % 8));
        if (rnd() % 4 == 0)
            w = (size_t)(rnd() % (w + 1));
        st = liion_secs_msg_decode(m, buf, w);
        ck_assert(st == LIION_OK || st == LIION_E_DECODE || st == LIION_E_TRUNCATED ||
                  st == LIION_E_LIMIT);
        if (st == LIION_OK) {
            ck_assert_int_eq(liion_secs_msg_encode(out, sizeof out, &w2, m), LIION_OK);
            ck_assert_uint_le(w2, w);
        } else {
            ck_assert_uint_le(liion_ctx_error_offset(ctx), w);
            ck_assert_ptr_null(liion_secs_msg_body(m));
        }
        liion_secs_item_free(t);
    }
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- storage reuse: no allocation in steady state ----------------------------------------- */

static unsigned long g_allocs;

static void *cnt_alloc(void *u, size_t n)
{
    (void)u;
    g_allocs++;
    return malloc(n);
}

static void *cnt_realloc(void *u, void *p, size_t o, size_t n)
{
    (void)u;
    (void)o;
    g_allocs++;
    return realloc(p, n);
}

static void cnt_free(void *u, void *p, size_t n)
{
    (void)u;
    (void)n;
    free(p);
}

START_TEST(decode_reuses_storage)
{
    liion_allocator a = { sizeof(liion_allocator), 0, cnt_alloc, cnt_realloc, cnt_free, NULL };
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs_msg *m = NULL;
    liion_secs_item *big, *small;
    uint8_t bb[8192], sb[512];
    size_t bw = 0, sw = 0;
    o.allocator = &a;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_OK);
    rng_state = 99;
    small = event_report(ctx);
    ck_assert_int_eq(liion_secs_item_encode(sb, sizeof sb, &sw, ctx, small), LIION_OK);
    ck_assert_uint_eq(sw, 112);
    ck_assert_int_eq(liion_secs_item_new_list(&big, ctx, 0), LIION_OK);
    for (int i = 0; i < 40; i++) {
        liion_secs_item *k = random_tree(ctx, 1);
        if (liion_secs_list_append(big, k) != LIION_OK)
            liion_secs_item_free(k);
    }
    ck_assert_int_eq(liion_secs_item_encode(bb, sizeof bb, &bw, ctx, big), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, bb, bw), LIION_OK);
    g_allocs = 0;
    for (int i = 0; i < 1000; i++) {
        ck_assert_int_eq(liion_secs_msg_decode(m, i % 3 ? sb : bb, i % 3 ? sw : bw), LIION_OK);
        ck_assert(liion_secs_item_equal(liion_secs_msg_body(m), i % 3 ? small : big));
    }
    ck_assert_uint_eq(g_allocs, 0);
    liion_secs_msg_free(m);
    liion_secs_item_free(small);
    liion_secs_item_free(big);
    ck_assert_uint_eq(liion_ctx_memory_used(ctx) > 0, 1);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- allocation failure ------------------------------------------------------------------- */

static liion_status body_build_encode(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs_item *root = NULL, *x = NULL, *c2 = NULL;
    liion_secs_msg *m = NULL;
    liion_status st;
    uint32_t v = 5;
    uint8_t buf[256];
    size_t w;
    (void)user;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    if (st != LIION_OK)
        return st;
    st = liion_secs_item_new_list(&root, ctx, 0);
    if (st == LIION_OK)
        st = liion_secs_item_new_u4(&x, ctx, &v, 1);
    if (st == LIION_OK) {
        st = liion_secs_list_append(root, x);
        if (st != LIION_OK)
            liion_secs_item_free(x);
    }
    for (int i = 0; st == LIION_OK && i < 6; i++) {
        x = NULL;
        st = liion_secs_item_new_ascii(&x, ctx, "abc", 3);
        if (st == LIION_OK) {
            st = liion_secs_list_append(root, x);
            if (st != LIION_OK)
                liion_secs_item_free(x);
        }
    }
    if (st == LIION_OK)
        st = liion_secs_item_new_localized(&c2, ctx, 2, (const uint8_t *)"x", 1);
    if (st == LIION_OK) {
        st = liion_secs_list_append(root, c2);
        if (st != LIION_OK)
            liion_secs_item_free(c2);
    }
    if (st == LIION_OK)
        st = liion_secs_msg_new(&m, ctx);
    if (st == LIION_OK) {
        st = liion_secs_msg_set_body(m, root);
        if (st == LIION_OK)
            root = NULL;
    }
    if (st == LIION_OK)
        st = liion_secs_msg_encode(buf, sizeof buf, &w, m);
    if (st == LIION_OK) {
        liion_secs_item *cl = NULL;
        st = liion_secs_item_clone(&cl, ctx, liion_secs_msg_body(m));
        liion_secs_item_free(cl);
    }
    if (st == LIION_OK)
        st = liion_secs_msg_decode(m, buf, w);
    if (st == LIION_OK) {
        liion_secs_item *d = NULL;
        st = liion_secs_item_decode(&d, NULL, ctx, buf, w);
        liion_secs_item_free(d);
    }
    liion_secs_item_free(root);
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
    return st;
}

static liion_status body_sml(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs_item *it = NULL;
    liion_secs_msg *m = NULL;
    liion_status st;
    const char *t = "S6F11 W <L [3] <U4 42> <A \"LOT-7\"> <L <F4 1.5> <C2 2 \"x\"> <B 0x01>>> .";
    (void)user;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    if (st != LIION_OK)
        return st;
    st = liion_secs_item_from_sml(&it, ctx, t + 8, strlen(t) - 8);
    if (st == LIION_OK)
        st = liion_secs_msg_new(&m, ctx);
    if (st == LIION_OK)
        st = liion_secs_msg_from_sml(m, t, strlen(t));
    liion_secs_item_free(it);
    liion_secs_msg_free(m);
    liion_ctx_free(ctx);
    return st;
}

START_TEST(alloc_failures)
{
    ck_assert_uint_gt(liion_test_alloc_loop("secs build/encode/decode", body_build_encode, NULL), 10);
    ck_assert_uint_gt(liion_test_alloc_loop("secs sml", body_sml, NULL), 10);
}
END_TEST

/* The example event report is 112 bytes and renders/parses back. */
START_TEST(event_report_size)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_item *r = event_report(ctx), *back = NULL;
    char text[2048];
    size_t w = 0;
    ck_assert_int_eq(liion_secs_item_encoded_size(&w, ctx, r), LIION_OK);
    ck_assert_uint_eq(w, 112);
    ck_assert_int_eq(liion_secs_item_to_sml(text, sizeof text, &w, ctx, r, 0), LIION_OK);
    ck_assert_int_eq(liion_secs_item_from_sml(&back, ctx, text, w), LIION_OK);
    ck_assert(liion_secs_item_equal(back, r));
    liion_secs_item_free(back);
    liion_secs_item_free(r);
    liion_ctx_free(ctx);
}
END_TEST

/* Large bodies: a list of 70000 items (3 length bytes, node storage grows several times) and
 * the largest possible item (0xFFFFFF data bytes). */
START_TEST(big_messages)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_msg *m = NULL;
    size_t n = 4 + 70000 * 3, w = 0;
    uint8_t *buf = malloc(0xFFFFFF + 4);
    const liion_secs_item *b;
    uint64_t v = 0;
    ck_assert_ptr_nonnull(buf);
    buf[0] = 0x03;
    buf[1] = 0x01;
    buf[2] = 0x11;
    buf[3] = 0x70; /* 70000 */
    for (size_t i = 0; i < 70000; i++) {
        buf[4 + 3 * i] = 0xa5;
        buf[5 + 3 * i] = 0x01;
        buf[6 + 3 * i] = (uint8_t)i;
    }
    ck_assert_int_eq(liion_secs_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, buf, n), LIION_OK);
    b = liion_secs_msg_body(m);
    ck_assert_uint_eq(liion_secs_item_count(b), 70000);
    ck_assert_int_eq(liion_secs_item_get_uint(&v, liion_secs_item_child(b, 69999), 0), LIION_OK);
    ck_assert_uint_eq(v, 69999 & 0xff);
    ck_assert_int_eq(liion_secs_msg_encoded_size(&w, m), LIION_OK);
    ck_assert_uint_eq(w, n);
    /* one item of 0xFFFFFF bytes (0xFFFFFF + 4 bytes): fits the default limit, and a limit
     * one byte short refuses it */
    buf[0] = 0x23;
    buf[1] = buf[2] = buf[3] = 0xff;
    memset(buf + 4, 0x5a, 0xFFFFFF);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 0xFFFFFF + 3), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, buf, 0xFFFFFF + 4), LIION_E_LIMIT);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 0), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(m, buf, 0xFFFFFF + 4), LIION_OK);
    ck_assert_uint_eq(liion_secs_item_count(liion_secs_msg_body(m)), 0xFFFFFF);
    liion_secs_msg_free(m);
    free(buf);
    liion_ctx_free(ctx);
}
END_TEST

static Suite *secs2_suite(void)
{
    Suite *s = suite_create("secs2");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, vec_headers);
    tcase_add_test(tc, vec_scalars);
    tcase_add_test(tc, vec_lists);
    tcase_add_test(tc, vec_nonminimal_accepted);
    suite_add_tcase(s, tc);
    tc = tcase_create("negative");
    tcase_add_test(tc, neg_malformed);
    tcase_add_test(tc, neg_limits);
    suite_add_tcase(s, tc);
    tc = tcase_create("api");
    tcase_add_test(tc, read_api);
    tcase_add_test(tc, ownership);
    tcase_add_test(tc, msg_header_fields);
    tcase_add_test(tc, item_decode_standalone);
    tcase_add_test(tc, event_report_size);
    suite_add_tcase(s, tc);
    tc = tcase_create("sml");
    tcase_add_test(tc, sml_render);
    tcase_add_test(tc, sml_parse_cases);
    suite_add_tcase(s, tc);
    tc = tcase_create("property");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, prop_roundtrip);
    tcase_add_test(tc, prop_mutations);
    tcase_add_test(tc, decode_reuses_storage);
    tcase_add_test(tc, big_messages);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(secs2_suite());
}
