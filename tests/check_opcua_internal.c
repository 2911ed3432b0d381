/* The private OPC UA codec API (lib/opcua/ua_internal.h) that other codecs (UADP) build on:
 * decoding fields in the middle of a larger buffer through liion__rd / liion__wr with error
 * offsets relative to that buffer, and the scalar-DataValue fast paths giving exactly what the
 * general functions give. */
#include "opcua/ua_internal.h"

#include <check.h>
#include <string.h>

#include "support/run.h"

static liion_ctx *ctx;
static liion__arena arena;

static void setup(void)
{
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    liion__arena_init(&arena, ctx, 0);
}

static void teardown(void)
{
    liion__arena_free(&arena);
    liion_ctx_free(ctx);
}

START_TEST(fields_inside_a_message)
{
    /* a made-up frame: 3 header bytes, a Variant Int32[2], a DataValue, 1 trailer byte */
    static const uint8_t msg[] = { 0xF1, 0x01, 0x02,                          /* header */
                                   0x86, 0x02, 0, 0, 0, 0x05, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
                                   0x03, 0x0B, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0, 0, 0, 0x40,
                                   0xEE };
    liion__ua_dec d;
    liion_ua_variant var;
    liion_ua_datavalue dv;
    uint8_t out[64];
    liion__wr w;
    liion__ua_dec_init(&d, ctx, &arena, msg, sizeof msg);
    ck_assert(liion__rd_skip(&d.rd, 3));
    ck_assert_int_eq(liion__ua_dec_variant(&d, &var), LIION_OK);
    ck_assert_uint_eq(d.rd.pos, 16);
    ck_assert_int_eq(((const int32_t *)var.data)[1], -1);
    ck_assert_int_eq(liion__ua_dec_datavalue(&d, &dv), LIION_OK);
    ck_assert_uint_eq(d.rd.pos, 30);
    ck_assert_uint_eq(dv.status, 0x40000000u);
    ck_assert_uint_eq(d.depth, 0);

    /* re-encode both behind a 3-byte header of our own */
    liion__wr_init(&w, out, sizeof out);
    liion__wr_bytes(&w, msg, 3);
    liion__ua_enc_variant(&w, &var);
    liion__ua_enc_datavalue(&w, &dv);
    liion__wr_u8(&w, 0xEE);
    ck_assert(!liion__wr_overflow(&w));
    ck_assert_uint_eq(w.pos, sizeof msg);
    ck_assert(memcmp(out, msg, sizeof msg) == 0);

    /* an error deep inside reports the offset in the whole message */
    liion__ua_dec_init(&d, ctx, &arena, msg, 20);
    ck_assert(liion__rd_skip(&d.rd, 16));
    ck_assert_int_eq(liion__ua_dec_datavalue(&d, &dv), LIION_E_TRUNCATED);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 18); /* the Double inside */
}
END_TEST

static uint64_t rng = 0x12345678u;

static uint32_t rnd(void)
{
    rng = rng * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (uint32_t)(rng >> 33);
}

START_TEST(fast_path_matches_general)
{
    static const uint8_t types[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 19 };
    for (int iter = 0; iter < 20000; iter++) {
        uint8_t in[64], a[64], b[64];
        size_t n = 0, fast_n, gsize, fsize;
        uint8_t m = (uint8_t)(rnd() & 0x3F);
        liion_ua_datavalue fast, gen;
        liion__ua_dec d;
        liion__wr w;
        liion_status st;
        in[n++] = m;
        if (m & 1) {
            uint8_t t = types[rnd() % sizeof types];
            in[n++] = t;
            for (size_t k = 0; k < liion__ua_elem_size(t); k++)
                in[n++] = (uint8_t)rnd();
        }
        while (n < sizeof in)
            in[n++] = (uint8_t)rnd();
        /* random length cut, so short inputs are covered too */
        n = (size_t)rnd() % 46;
        fast_n = liion__ua_dv_fast_decode(in, n, &fast);
        liion__arena_reset(&arena);
        liion__ua_dec_init(&d, ctx, &arena, in, n);
        st = liion__ua_dec_datavalue(&d, &gen);
        if (fast_n == 0) {
            /* the fast path declines only what the general decoder rejects here */
            ck_assert_int_ne(st, LIION_OK);
            continue;
        }
        ck_assert_int_eq(st, LIION_OK);
        ck_assert_uint_eq(fast_n, d.rd.pos);
        ck_assert_uint_eq(fast.mask, gen.mask);
        ck_assert_uint_eq(fast.status, gen.status);
        ck_assert_int_eq(fast.source_ts, gen.source_ts);
        ck_assert_int_eq(fast.server_ts, gen.server_ts);
        ck_assert_uint_eq(fast.source_ps, gen.source_ps);
        ck_assert_uint_eq(fast.server_ps, gen.server_ps);
        ck_assert_uint_eq(fast.value.type, gen.value.type);
        /* the same bytes out of both encoders, and the same size */
        fsize = liion__ua_dv_fast_size(&fast);
        ck_assert_uint_gt(fsize, 0);
        liion__ua_dv_fast_encode(a, &fast);
        liion__wr_init(&w, b, sizeof b);
        liion__ua_enc_datavalue(&w, &gen);
        gsize = w.pos;
        ck_assert_uint_eq(fsize, gsize);
        ck_assert(memcmp(a, b, fsize) == 0);
    }
}
END_TEST

START_TEST(fast_path_declines_arrays_and_nesting)
{
    liion_ua_datavalue dv;
    static const uint8_t arr[] = { 0x01, 0x86, 0x00, 0x00, 0x00, 0x00 };
    static const uint8_t str[] = { 0x01, 0x0C, 0x00, 0x00, 0x00, 0x00 };
    static const uint8_t bad[] = { 0x41, 0x06, 0, 0, 0, 0 };
    ck_assert_uint_eq(liion__ua_dv_fast_decode(arr, sizeof arr, &dv), 0);
    ck_assert_uint_eq(liion__ua_dv_fast_decode(str, sizeof str, &dv), 0);
    ck_assert_uint_eq(liion__ua_dv_fast_decode(bad, sizeof bad, &dv), 0);
    ck_assert_uint_eq(liion__ua_dv_fast_decode(arr, 0, &dv), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("opcua_internal");
    TCase *tc = tcase_create("internal");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fields_inside_a_message);
    tcase_add_test(tc, fast_path_matches_general);
    tcase_add_test(tc, fast_path_declines_arrays_and_nesting);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(suite());
}
