/* UADP NetworkMessages: every hex vector of shared/reference/opcua.md §2, builders for every
 * header part and DataSetMessage kind, seeded random round trips, one negative test per class
 * of malformed input (status, message, offset), limits and allocation-failure loops. */
#include <liion/liion.h>

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"
#include "support/testutil.h"

_Static_assert(LIION_UADP_PUBID_STRING == 4 && LIION_UADP_ENC_DATAVALUE == 2 &&
                   LIION_UADP_DSM_KEEPALIVE == 3,
               "wire values");
_Static_assert(sizeof(liion_uadp_pubid_type) == 4 && sizeof(liion_uadp_encoding) == 4 &&
                   sizeof(liion_uadp_dsm_type) == 4,
               "32-bit enums");

static struct {
    liion_ctx *ctx;
    liion_uadp_msg *m;
    liion_uadp_msg *m2;
    liion_ua_value *v;
} fx;

static void setup(void)
{
    ck_assert_int_eq(liion_ctx_new(&fx.ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_new(&fx.m, fx.ctx), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_new(&fx.m2, fx.ctx), LIION_OK);
    ck_assert_int_eq(liion_ua_value_new(&fx.v, fx.ctx), LIION_OK);
}

static void teardown(void)
{
    liion_uadp_msg_free(fx.m);
    liion_uadp_msg_free(fx.m2);
    liion_ua_value_free(fx.v);
    liion_ctx_free(fx.ctx);
    memset(&fx, 0, sizeof fx);
}


/* Encode m and compare with expect[0..n); also check encoded_size and a short buffer. */
static void expect_encoding(liion_uadp_msg *m, const uint8_t *expect, size_t n)
{
    uint8_t out[4096];
    size_t size = 0, w = 0;
    ck_assert_int_eq(liion_uadp_msg_encoded_size(m, &size), LIION_OK);
    ck_assert_uint_eq(size, n);
    ck_assert_int_eq(liion_uadp_msg_encode(m, out, sizeof out, &w), LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert_msg(memcmp(out, expect, n) == 0, "encoding differs");
    if (n > 0) {
        ck_assert_int_eq(liion_uadp_msg_encode(m, out, n - 1, &w), LIION_E_BUFFER_TOO_SMALL);
        ck_assert_uint_eq(w, n);
    }
}

/* Decode hex into fx.m and check that it re-encodes to the same bytes. */
static void decode_roundtrip(const char *hex)
{
    uint8_t in[1024];
    size_t n = liion_test_unhex(in, sizeof in, hex);
    liion_status st = liion_uadp_msg_decode(fx.m, in, n);
    ck_assert_msg(st == LIION_OK, "decode: %s", liion_ctx_errmsg(fx.ctx));
    expect_encoding(fx.m, in, n);
}

static double field_double(const liion_uadp_msg *m, size_t i, size_t j)
{
    double d = 0;
    ck_assert_int_eq(liion_ua_variant_get_double(liion_uadp_dsm_field_variant(m, i, j), 0, &d),
                     LIION_OK);
    return d;
}

/* ---- reference vectors -------------------------------------------------------------------- */

#define O6_MSG                                                                                \
    "f101ba08016400014df4"                                                                    \
    "e1101054c2949f3ad701b4205f69841e5f6901000d7657c2949F3ad701"

START_TEST(vec_open62541_decryption_test_message)
{
    liion_uadp_pubid_type t;
    uint64_t pid;
    const liion_ua_variant *f;
    int64_t ticks;
    decode_roundtrip(O6_MSG);
    ck_assert_uint_eq(liion_uadp_msg_flags(fx.m),
                      LIION_UADP_NM_PUBLISHER_ID | LIION_UADP_NM_GROUP_HEADER |
                          LIION_UADP_NM_PAYLOAD_HEADER | LIION_UADP_NM_EXT_FLAGS1 |
                          LIION_UADP_NM_WRITER_GROUP_ID);
    ck_assert_int_eq(liion_uadp_msg_publisher_id(fx.m, &t, &pid, NULL, NULL), LIION_OK);
    ck_assert_int_eq(t, LIION_UADP_PUBID_UINT16);
    ck_assert_uint_eq(pid, 2234);
    ck_assert_uint_eq(liion_uadp_msg_writer_group_id(fx.m), 100);
    ck_assert_uint_eq(liion_uadp_msg_dsm_count(fx.m), 1);
    ck_assert_uint_eq(liion_uadp_dsm_writer_id(fx.m, 0), 62541);
    ck_assert_int_eq(liion_uadp_dsm_encoding(fx.m, 0), LIION_UADP_ENC_VARIANT);
    ck_assert_int_eq(liion_uadp_dsm_type_of(fx.m, 0), LIION_UADP_DSM_KEYFRAME);
    ck_assert_uint_eq(liion_uadp_dsm_flags(fx.m, 0),
                      LIION_UADP_DSM_VALID | LIION_UADP_DSM_CONFIG_MAJOR |
                          LIION_UADP_DSM_CONFIG_MINOR | LIION_UADP_DSM_FLAGS2 |
                          LIION_UADP_DSM_TIMESTAMP);
    ck_assert_uint_eq(liion_uadp_dsm_config_major(fx.m, 0), 1767841972u);
    ck_assert_uint_eq(liion_uadp_dsm_config_minor(fx.m, 0), 1767841412u);
    ck_assert_int_eq(liion_uadp_dsm_timestamp(fx.m, 0), (int64_t)0x01D73A9F94C25410);
    ck_assert_uint_eq(liion_uadp_dsm_field_count(fx.m, 0), 1);
    f = liion_uadp_dsm_field_variant(fx.m, 0, 0);
    ck_assert_int_eq(liion_ua_variant_type(f), LIION_UA_TYPE_DATETIME);
    ck_assert_int_eq(liion_ua_variant_get_int64(f, 0, &ticks), LIION_OK);
    ck_assert_int_eq(ticks, (int64_t)0x01D73A9F94C25776);
    /* 2021-04-26T13:25:10.069439Z */
    ck_assert_int_eq(liion_ua_datetime_to_unix_us(ticks), INT64_C(1619443510069439));
    ck_assert_ptr_null(liion_uadp_dsm_field_variant(fx.m, 0, 1));
    ck_assert_ptr_null(liion_uadp_dsm_field_variant(fx.m, 1, 0));
}
END_TEST

#define VEC_A                                                                                 \
    "F1 01 BA 08 | 09 64 00 2A 00 | 01 01 00 | 09 07 00 | 02 00 | 0B 00 00 00 00 00 10 63 40 " \
    "| 0B 00 00 00 00 00 00 3E 40"
#define VEC_B                                                                                 \
    "F1 01 BA 08 09 64 00 2A 00 01 01 00 0D 07 00 02 00 07 0B 00 00 00 00 00 10 63 40 00 00 " \
    "00 40 00 C0 89 76 45 3C DA 01 01 0B 00 00 00 00 00 00 3E 40"

static void build_ab(liion_uadp_encoding enc)
{
    double a = 152.5, b = 30.0;
    liion_uadp_msg *m = fx.m2;
    liion_uadp_msg_reset(m);
    ck_assert_int_eq(liion_uadp_msg_set_publisher_id(m, LIION_UADP_PUBID_UINT16, 2234, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_group(m,
                                              LIION_UADP_NM_WRITER_GROUP_ID |
                                                  LIION_UADP_NM_SEQUENCE_NUMBER,
                                              100, 0, 0, 42),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) |
                                                     LIION_UADP_NM_PAYLOAD_HEADER),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 1, enc, LIION_UADP_DSM_KEYFRAME), LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_set_header(m, LIION_UADP_DSM_SEQUENCE_NUMBER, 7, 0, 0, 0, 0, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_DOUBLE, &a), LIION_OK);
    if (enc == LIION_UADP_ENC_DATAVALUE)
        ck_assert_int_eq(liion_uadp_field_set_dv(m, LIION_UA_DV_STATUS |
                                                        LIION_UA_DV_SOURCE_TIMESTAMP,
                                                 0x40000000u, INT64_C(133485408000000000), 0, 0,
                                                 0),
                         LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 1, LIION_UA_TYPE_DOUBLE, &b), LIION_OK);
}

START_TEST(vec_generated_a_variant)
{
    uint8_t in[128];
    size_t n = liion_test_unhex(in, sizeof in, VEC_A);
    ck_assert_uint_eq(n, 35);
    decode_roundtrip(VEC_A);
    ck_assert_uint_eq(liion_uadp_msg_sequence_number(fx.m), 42);
    ck_assert_uint_eq(liion_uadp_dsm_writer_id(fx.m, 0), 1);
    ck_assert_uint_eq(liion_uadp_dsm_sequence_number(fx.m, 0), 7);
    ck_assert(field_double(fx.m, 0, 0) == 152.5);
    ck_assert(field_double(fx.m, 0, 1) == 30.0);
    build_ab(LIION_UADP_ENC_VARIANT);
    expect_encoding(fx.m2, in, n);
}
END_TEST

START_TEST(vec_generated_b_datavalue)
{
    uint8_t in[128];
    size_t n = liion_test_unhex(in, sizeof in, VEC_B);
    const liion_ua_datavalue *dv;
    ck_assert_uint_eq(n, 49);
    decode_roundtrip(VEC_B);
    ck_assert_int_eq(liion_uadp_dsm_encoding(fx.m, 0), LIION_UADP_ENC_DATAVALUE);
    dv = liion_uadp_dsm_field_datavalue(fx.m, 0, 0);
    ck_assert_uint_eq(liion_ua_datavalue_status(dv), 0x40000000u);
    ck_assert_int_eq(liion_ua_datavalue_source_timestamp(dv), INT64_C(133485408000000000));
    ck_assert(field_double(fx.m, 0, 0) == 152.5);
    dv = liion_uadp_dsm_field_datavalue(fx.m, 0, 1);
    ck_assert_uint_eq(liion_ua_datavalue_mask(dv), LIION_UA_DV_VALUE);
    build_ab(LIION_UADP_ENC_DATAVALUE);
    expect_encoding(fx.m2, in, n);
}
END_TEST

START_TEST(vec_secured_header_refused)
{
    uint8_t in[128];
    size_t n = liion_test_unhex(in, sizeof in, "f111ba08016400014df4030100000008b02d012e01000000 e1 10");
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_E_UNSUPPORTED);
    ck_assert_uint_eq(liion_ctx_error_offset(fx.ctx), 10);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "encrypted"));
    ck_assert_uint_eq(liion_uadp_msg_dsm_count(fx.m), 0);
    ck_assert_uint_eq(liion_uadp_msg_flags(fx.m), 0);
}
END_TEST

/* ---- builders: every header part and DataSetMessage kind ---------------------------------- */

static void roundtrip_m2(void)
{
    uint8_t out[8192];
    size_t w;
    ck_assert_int_eq(liion_uadp_msg_encode(fx.m2, out, sizeof out, &w), LIION_OK);
    ck_assert_msg(liion_uadp_msg_decode(fx.m, out, w) == LIION_OK, "%s", liion_ctx_errmsg(fx.ctx));
    expect_encoding(fx.m, out, w);
}

START_TEST(publisher_id_types)
{
    static const uint64_t ids[4] = { 0xAB, 0xBEEF, 0xDEADBEEF, UINT64_C(0x0123456789ABCDEF) };
    static const char *hex[5] = { "11 AB", "91 01 EF BE", "91 02 EF BE AD DE",
                                  "91 03 EF CD AB 89 67 45 23 01",
                                  "91 04 04 00 00 00 6C 69 6E 65" };
    for (int t = 0; t <= 4; t++) {
        uint8_t in[64];
        size_t n = liion_test_unhex(in, sizeof in, hex[t]);
        liion_uadp_pubid_type got;
        uint64_t num = 1;
        const uint8_t *s = NULL;
        size_t len = 0;
        liion_uadp_msg_reset(fx.m2);
        ck_assert_int_eq(liion_uadp_msg_set_publisher_id(fx.m2, (liion_uadp_pubid_type)t,
                                                         t < 4 ? ids[t] : 0,
                                                         (const uint8_t *)"line", 4),
                         LIION_OK);
        expect_encoding(fx.m2, in, n);
        ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_OK);
        ck_assert_int_eq(liion_uadp_msg_publisher_id(fx.m, &got, &num, &s, &len), LIION_OK);
        ck_assert_int_eq(got, t);
        if (t < 4) {
            ck_assert_uint_eq(num, ids[t]);
            ck_assert_ptr_null(s);
        } else {
            ck_assert_uint_eq(len, 4);
            ck_assert_mem_eq(s, "line", 4);
        }
        ck_assert_uint_eq(liion_uadp_msg_dsm_count(fx.m), 0);
    }
    ck_assert_int_eq(liion_uadp_msg_set_publisher_id(fx.m2, LIION_UADP_PUBID_BYTE, 256, NULL, 0),
                     LIION_E_RANGE);
    ck_assert_int_eq(liion_uadp_msg_set_publisher_id(fx.m2, LIION_UADP_PUBID_UINT32,
                                                     UINT64_C(1) << 32, NULL, 0),
                     LIION_E_RANGE);
    ck_assert_int_eq(liion_uadp_msg_set_publisher_id(fx.m2, (liion_uadp_pubid_type)5, 1, NULL, 0),
                     LIION_E_INVALID_ARG);
    /* null String PublisherId */
    liion_uadp_msg_reset(fx.m2);
    ck_assert_int_eq(liion_uadp_msg_set_publisher_id(fx.m2, LIION_UADP_PUBID_STRING, 0, NULL, 0),
                     LIION_OK);
    {
        uint8_t in[16];
        size_t n = liion_test_unhex(in, sizeof in, "91 04 FF FF FF FF");
        expect_encoding(fx.m2, in, n);
    }
}
END_TEST

START_TEST(full_header)
{
    static const uint8_t guid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    static const uint8_t nonce[4] = { 0xA1, 0xA2, 0xA3, 0xA4 };
    uint8_t g[16];
    uint32_t sf, tok;
    const uint8_t *np;
    size_t nl;
    int32_t i32 = -5;
    int64_t x;
    liion_uadp_msg *m = fx.m2;
    ck_assert_int_eq(liion_uadp_msg_set_publisher_id(m, LIION_UADP_PUBID_UINT64, 77, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_dataset_class_id(m, guid), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_group(m, LIION_UADP_NM_WRITER_GROUP_ID |
                                                     LIION_UADP_NM_GROUP_VERSION |
                                                     LIION_UADP_NM_NETWORK_MESSAGE_NUMBER |
                                                     LIION_UADP_NM_SEQUENCE_NUMBER,
                                              9, 123456, 3, 65535),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_timestamp(m, INT64_C(133485408000000000)), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_picoseconds(m, 4321), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_security(m, 0x08, 5, nonce, sizeof nonce), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_INT32, &i32), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_promoted(m, liion_ua_value_variant(fx.v)), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_bytes(fx.v, LIION_UA_TYPE_STRING, (const uint8_t *)"slot", 4),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_promoted(m, liion_ua_value_variant(fx.v)), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) |
                                                     LIION_UADP_NM_PAYLOAD_HEADER),
                     LIION_OK);
    /* four DataSetMessages: key frame (DataValue), delta frame, event, keep-alive */
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 10, LIION_UADP_ENC_DATAVALUE, LIION_UADP_DSM_KEYFRAME),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_set_header(m, 0xDE, 1, 0x8000, 2, 3, 99, 7), LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_INT32, &i32), LIION_OK);
    ck_assert_int_eq(liion_uadp_field_set_dv(m, LIION_UA_DV_SOURCE_TIMESTAMP |
                                                    LIION_UA_DV_SOURCE_PICOSECONDS |
                                                    LIION_UA_DV_SERVER_PICOSECONDS,
                                             0, 1000, 12000, 0, 5),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 11, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_DELTAFRAME),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_variant(m, 7, liion_ua_value_variant(fx.v)), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 12, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_EVENT),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_INT32, &i32), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 13, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEEPALIVE),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_INT32, &i32), LIION_E_STATE);
    ck_assert_int_eq(liion_uadp_dsm_set_header(m, LIION_UADP_DSM_SEQUENCE_NUMBER, 4, 0, 0, 0, 0, 0),
                     LIION_OK);
    roundtrip_m2();

    m = fx.m;
    ck_assert_int_eq(liion_uadp_msg_dataset_class_id(m, g), LIION_OK);
    ck_assert_mem_eq(g, guid, 16);
    ck_assert_uint_eq(liion_uadp_msg_group_version(m), 123456);
    ck_assert_uint_eq(liion_uadp_msg_network_message_number(m), 3);
    ck_assert_uint_eq(liion_uadp_msg_sequence_number(m), 65535);
    ck_assert_int_eq(liion_uadp_msg_timestamp(m), INT64_C(133485408000000000));
    ck_assert_uint_eq(liion_uadp_msg_picoseconds(m), 4321);
    ck_assert_int_eq(liion_uadp_msg_security(m, &sf, &tok, &np, &nl), LIION_OK);
    ck_assert_uint_eq(sf, 8);
    ck_assert_uint_eq(tok, 5);
    ck_assert_uint_eq(nl, 4);
    ck_assert_mem_eq(np, nonce, 4);
    ck_assert_uint_eq(liion_uadp_msg_promoted_count(m), 2);
    ck_assert_int_eq(liion_ua_variant_get_int64(liion_uadp_msg_promoted(m, 0), 0, &x), LIION_OK);
    ck_assert_int_eq(x, -5);
    ck_assert_int_eq(liion_ua_variant_type(liion_uadp_msg_promoted(m, 1)), LIION_UA_TYPE_STRING);
    ck_assert_ptr_null(liion_uadp_msg_promoted(m, 2));
    ck_assert_uint_eq(liion_uadp_msg_dsm_count(m), 4);
    ck_assert_uint_eq(liion_uadp_dsm_writer_id(m, 3), 13);
    ck_assert_uint_eq(liion_uadp_dsm_sequence_number(m, 0), 1);
    ck_assert_uint_eq(liion_uadp_dsm_status(m, 0), 0x8000);
    ck_assert_uint_eq(liion_uadp_dsm_config_major(m, 0), 2);
    ck_assert_uint_eq(liion_uadp_dsm_config_minor(m, 0), 3);
    ck_assert_int_eq(liion_uadp_dsm_timestamp(m, 0), 99);
    ck_assert_uint_eq(liion_uadp_dsm_picoseconds(m, 0), 7);
    {
        const liion_ua_datavalue *dv = liion_uadp_dsm_field_datavalue(m, 0, 0);
        ck_assert_uint_eq(liion_ua_datavalue_mask(dv), LIION_UA_DV_VALUE |
                                                           LIION_UA_DV_SOURCE_TIMESTAMP |
                                                           LIION_UA_DV_SOURCE_PICOSECONDS);
        ck_assert_uint_eq(liion_ua_datavalue_source_picoseconds(dv), 9999);
    }
    ck_assert_int_eq(liion_uadp_dsm_type_of(m, 1), LIION_UADP_DSM_DELTAFRAME);
    ck_assert_uint_eq(liion_uadp_dsm_field_index(m, 1, 0), 7);
    ck_assert_int_eq(liion_uadp_dsm_type_of(m, 2), LIION_UADP_DSM_EVENT);
    ck_assert_int_eq(liion_uadp_dsm_type_of(m, 3), LIION_UADP_DSM_KEEPALIVE);
    ck_assert_uint_eq(liion_uadp_dsm_field_count(m, 3), 0);
    ck_assert_uint_eq(liion_uadp_dsm_sequence_number(m, 3), 4);
}
END_TEST

START_TEST(rawdata_fields)
{
    static const liion_ua_type types[3] = { LIION_UA_TYPE_DOUBLE, LIION_UA_TYPE_UINT16,
                                            LIION_UA_TYPE_STRING };
    uint8_t in[128];
    const uint8_t *raw;
    size_t rl, n;
    double d = 12.25;
    uint16_t u = 513;
    int64_t x;
    liion_uadp_msg *m = fx.m2;
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 1, LIION_UADP_ENC_RAWDATA, LIION_UADP_DSM_KEYFRAME),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 1, LIION_UA_TYPE_UINT16, &u), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_bytes(fx.v, LIION_UA_TYPE_STRING, (const uint8_t *)"ok", 2),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_variant(m, 2, liion_ua_value_variant(fx.v)), LIION_OK);
    /* flags 01, DSM flags 03 (valid, RawData), no FieldCount, bare values */
    n = liion_test_unhex(in, sizeof in, "01 03 00 00 00 00 00 80 28 40 01 02 02 00 00 00 6F 6B");
    expect_encoding(m, in, n);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_OK);
    ck_assert_uint_eq(liion_uadp_dsm_field_count(fx.m, 0), 0);
    ck_assert_int_eq(liion_uadp_dsm_raw(fx.m, 0, &raw, &rl), LIION_OK);
    ck_assert_uint_eq(rl, 16);
    ck_assert_int_eq(liion_uadp_dsm_decode_raw(fx.m, 0, types, 3), LIION_OK);
    ck_assert_uint_eq(liion_uadp_dsm_field_count(fx.m, 0), 3);
    ck_assert(field_double(fx.m, 0, 0) == 12.25);
    ck_assert_int_eq(liion_ua_variant_get_int64(liion_uadp_dsm_field_variant(fx.m, 0, 1), 0, &x),
                     LIION_OK);
    ck_assert_int_eq(x, 513);
    expect_encoding(fx.m, in, n);
    /* wrong metadata: too few fields leaves bytes over, too many runs out */
    ck_assert_int_eq(liion_uadp_dsm_decode_raw(fx.m, 0, types, 2), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(fx.ctx), 10);
    ck_assert_uint_eq(liion_uadp_dsm_field_count(fx.m, 0), 0);
    {
        static const liion_ua_type four[4] = { LIION_UA_TYPE_DOUBLE, LIION_UA_TYPE_UINT16,
                                               LIION_UA_TYPE_STRING, LIION_UA_TYPE_INT32 };
        ck_assert_int_eq(liion_uadp_dsm_decode_raw(fx.m, 0, four, 4), LIION_E_TRUNCATED);
    }
    ck_assert_int_eq(liion_uadp_dsm_decode_raw(fx.m, 1, types, 3), LIION_E_RANGE);
    /* RawData refuses arrays */
    {
        int32_t arr[2] = { 1, 2 };
        ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_INT32, arr, 2, NULL, 0),
                         LIION_OK);
        ck_assert_int_eq(liion_uadp_dsm_add_variant(m, 3, liion_ua_value_variant(fx.v)),
                         LIION_E_UNSUPPORTED);
    }
    /* RawData delta frame: FieldCount, (index, bare value) pairs */
    liion_uadp_msg_reset(m);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 1, LIION_UADP_ENC_RAWDATA, LIION_UADP_DSM_DELTAFRAME),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 1, LIION_UA_TYPE_UINT16, &u), LIION_OK);
    n = liion_test_unhex(in, sizeof in, "01 83 01 01 00 01 00 01 02");
    expect_encoding(m, in, n);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_decode_raw(fx.m, 0, types, 3), LIION_OK);
    ck_assert_uint_eq(liion_uadp_dsm_field_index(fx.m, 0, 0), 1);
    ck_assert_int_eq(liion_uadp_dsm_decode_raw(fx.m, 0, types, 1), LIION_E_DECODE);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "index 1"));
}
END_TEST

START_TEST(builder_misuse)
{
    uint8_t out[64];
    size_t w;
    double d = 1;
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(fx.m2, 0, LIION_UA_TYPE_DOUBLE, &d), LIION_E_STATE);
    ck_assert_int_eq(liion_uadp_dsm_set_flags(fx.m2, 0), LIION_E_STATE);
    ck_assert_int_eq(liion_uadp_field_set_dv(fx.m2, 0, 0, 0, 0, 0, 0), LIION_E_STATE);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(fx.m2, 1, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEYFRAME),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_field_set_dv(fx.m2, 0, 0, 0, 0, 0, 0), LIION_E_STATE);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(fx.m2, 0, LIION_UA_TYPE_STRING, &d),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(fx.m2, 2, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEYFRAME),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_encode(fx.m2, out, sizeof out, &w), LIION_E_STATE);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "PayloadHeader"));
    ck_assert_int_eq(liion_uadp_msg_set_flags(fx.m2, 1u << 20), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(fx.m2, 2, (liion_uadp_encoding)3, LIION_UADP_DSM_KEYFRAME),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_uadp_msg_set_security(fx.m2, 0x01, 0, NULL, 0), LIION_E_UNSUPPORTED);
    for (int i = 2; i < 255; i++)
        ck_assert_int_eq(liion_uadp_msg_add_dsm(fx.m2, 1, LIION_UADP_ENC_VARIANT,
                                                LIION_UADP_DSM_KEEPALIVE),
                         LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(fx.m2, 1, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEEPALIVE),
                     LIION_E_RANGE);
    /* NULL handles */
    ck_assert_int_eq(liion_uadp_msg_new(NULL, fx.ctx), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_uadp_msg_decode(NULL, out, 1), LIION_E_INVALID_ARG);
    ck_assert_uint_eq(liion_uadp_msg_flags(NULL), 0);
    ck_assert_uint_eq(liion_uadp_dsm_field_count(NULL, 0), 0);
    liion_uadp_msg_free(NULL);
    liion_uadp_msg_reset(NULL);
}
END_TEST

/* ---- negative decoding: one test per class of bad input ----------------------------------- */

static void expect_fail(const char *hex, liion_status st, size_t offset, const char *needle)
{
    uint8_t in[512];
    size_t n = liion_test_unhex(in, sizeof in, hex);
    liion_status got = liion_uadp_msg_decode(fx.m, in, n);
    ck_assert_msg(got == st, "%s: status %d, want %d (%s)", hex, (int)got, (int)st,
                  liion_ctx_errmsg(fx.ctx));
    ck_assert_msg(liion_ctx_error_offset(fx.ctx) == offset, "%s: offset %zu, want %zu (%s)", hex,
                  liion_ctx_error_offset(fx.ctx), offset, liion_ctx_errmsg(fx.ctx));
    ck_assert_msg(strstr(liion_ctx_errmsg(fx.ctx), needle) != NULL, "%s: message '%s'", hex,
                  liion_ctx_errmsg(fx.ctx));
    ck_assert_uint_eq(liion_uadp_msg_dsm_count(fx.m), 0);
    ck_assert_uint_eq(liion_uadp_msg_flags(fx.m), 0);
}

START_TEST(negative)
{
    expect_fail("02", LIION_E_DECODE, 0, "UADPVersion");
    expect_fail("", LIION_E_TRUNCATED, 0, "flags");
    expect_fail("81 05", LIION_E_DECODE, 1, "PublisherId type");
    expect_fail("81 80 01", LIION_E_UNSUPPORTED, 2, "chunked");
    expect_fail("81 80 04", LIION_E_UNSUPPORTED, 2, "discovery");
    expect_fail("81 80 20", LIION_E_DECODE, 2, "ExtendedFlags2");
    expect_fail("81 10 04", LIION_E_UNSUPPORTED, 2, "footer");
    expect_fail("81 10 10", LIION_E_DECODE, 2, "SecurityFlags");
    expect_fail("81 10 00 01 00 00 00 05 AA", LIION_E_TRUNCATED, 8, "MessageNonce");
    expect_fail("21 10", LIION_E_DECODE, 1, "GroupFlags");
    expect_fail("91 04 05 00 00 00 41", LIION_E_TRUNCATED, 2, "String");
    expect_fail("81 08 01 02 03", LIION_E_TRUNCATED, 2, "DataSetClassId");
    expect_fail("01 07", LIION_E_DECODE, 1, "reserved field encoding");
    expect_fail("01 81 04", LIION_E_DECODE, 2, "reserved DataSetMessage type");
    expect_fail("01 81 40", LIION_E_DECODE, 2, "reserved bits in DataSetFlags2");
    expect_fail("01 01 00 00 FF", LIION_E_DECODE, 4, "left over");
    expect_fail("01 01 05 00 00", LIION_E_TRUNCATED, 2, "FieldCount 5");
    expect_fail("01 01 01 00 0B 00 00", LIION_E_TRUNCATED, 5, "");
    expect_fail("01 81 03 00", LIION_E_DECODE, 3, "left over"); /* keep-alive with payload */
    /* Variant with array flags but no type (type ids 26..31 are accepted as ByteString now,
     * Part 6 §5.2.2.16; see check_opcua.c variant_reserved_type_ids) */
    expect_fail("01 01 01 00 80", LIION_E_DECODE, 4, "without a type");
    /* PayloadHeader count 2: sizes must add up to what follows */
    expect_fail("41 02 01 00 02 00 | 02 00 01 00 | 01 00 00 01", LIION_E_DECODE, 6, "add up");
    expect_fail("41 02 01 00 02 00 | 04 00 00 00 | 01 00 00 FF", LIION_E_DECODE, 13, "left over");
    expect_fail("41 02 01 00", LIION_E_TRUNCATED, 4, "DataSetWriterId");
    /* promoted fields size larger than the input */
    expect_fail("81 80 02 09 00 06", LIION_E_TRUNCATED, 3, "PromotedFields");
    /* promoted fields: a Variant crossing the declared size */
    expect_fail("81 80 02 02 00 06 01 00 00 00", LIION_E_TRUNCATED, 6, "");
}
END_TEST

START_TEST(every_prefix_fails)
{
    uint8_t in[128];
    size_t n = liion_test_unhex(in, sizeof in, VEC_B);
    for (size_t k = 0; k < n; k++) {
        liion_status st = liion_uadp_msg_decode(fx.m, in, k);
        ck_assert_msg(st == LIION_E_TRUNCATED, "prefix %zu: %d", k, (int)st);
        ck_assert_uint_le(liion_ctx_error_offset(fx.ctx), k);
    }
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, NULL, 3), LIION_E_INVALID_ARG);
}
END_TEST

START_TEST(limits)
{
    uint8_t in[128];
    size_t n = liion_test_unhex(in, sizeof in, VEC_A);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 34), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(fx.ctx), 34);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 35), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_ITEMS, 1), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(fx.ctx), 15);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_ITEMS, 2), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_OK);
    /* depth: an array of Variants inside a field needs two levels */
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_DEPTH, 1), LIION_OK);
    n = liion_test_unhex(in, sizeof in, "01 01 01 00 98 01 00 00 00 06 01 00 00 00");
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_E_LIMIT);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_DEPTH, 100), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_decode(fx.m, in, n), LIION_OK);
}
END_TEST

/* ---- seeded random round trips ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void random_message(liion_uadp_msg *m)
{
    static const liion_ua_type fixed[] = { LIION_UA_TYPE_BOOLEAN, LIION_UA_TYPE_SBYTE,
                                           LIION_UA_TYPE_INT16,   LIION_UA_TYPE_UINT32,
                                           LIION_UA_TYPE_INT64,   LIION_UA_TYPE_FLOAT,
                                           LIION_UA_TYPE_DOUBLE,  LIION_UA_TYPE_DATETIME,
                                           LIION_UA_TYPE_GUID,    LIION_UA_TYPE_STATUSCODE };
    unsigned ndsm;
    liion_uadp_msg_reset(m);
    if (rnd() & 1) {
        unsigned t = (unsigned)(rnd() % 5);
        static const uint64_t mask[4] = { 0xFF, 0xFFFF, 0xFFFFFFFF, UINT64_MAX };
        ck_assert_int_eq(liion_uadp_msg_set_publisher_id(m, (liion_uadp_pubid_type)t,
                                                         t < 4 ? rnd() & mask[t] : 0,
                                                         (const uint8_t *)"publisher",
                                                         (size_t)(rnd() % 10)),
                         LIION_OK);
    }
    if (rnd() & 1) {
        uint8_t g[16];
        for (int i = 0; i < 16; i++)
            g[i] = (uint8_t)rnd();
        ck_assert_int_eq(liion_uadp_msg_set_dataset_class_id(m, g), LIION_OK);
    }
    if (rnd() & 1)
        ck_assert_int_eq(liion_uadp_msg_set_group(m, (uint32_t)(rnd() & 0xF) << 10,
                                                  (uint16_t)rnd(), (uint32_t)rnd(),
                                                  (uint16_t)rnd(), (uint16_t)rnd()),
                         LIION_OK);
    if (rnd() & 1)
        ck_assert_int_eq(liion_uadp_msg_set_timestamp(m, (int64_t)(rnd() >> 1)), LIION_OK);
    if (rnd() & 1)
        ck_assert_int_eq(liion_uadp_msg_set_picoseconds(m, (uint16_t)rnd()), LIION_OK);
    if (rnd() % 4 == 0) {
        uint8_t nonce[8];
        size_t nl = (size_t)(rnd() % 9);
        for (size_t i = 0; i < nl; i++)
            nonce[i] = (uint8_t)rnd();
        ck_assert_int_eq(liion_uadp_msg_set_security(m, rnd() & 1 ? 8u : 0u, (uint32_t)rnd(),
                                                     nonce, nl),
                         LIION_OK);
    }
    for (unsigned k = (unsigned)(rnd() % 3); k > 0; k--) {
        double d = (double)(int64_t)rnd() / 1000.0;
        ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
        ck_assert_int_eq(liion_uadp_msg_add_promoted(m, liion_ua_value_variant(fx.v)), LIION_OK);
    }
    ndsm = (unsigned)(rnd() % 4);
    if (ndsm > 1 || rnd() % 2)
        ck_assert_int_eq(liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) |
                                                         LIION_UADP_NM_PAYLOAD_HEADER),
                         LIION_OK);
    if (rnd() % 8 == 0)
        ck_assert_int_eq(liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) |
                                                         LIION_UADP_NM_EXT_FLAGS1 |
                                                         LIION_UADP_NM_EXT_FLAGS2),
                         LIION_OK);
    for (unsigned i = 0; i < ndsm; i++) {
        liion_uadp_encoding enc = (liion_uadp_encoding)(rnd() % 3);
        liion_uadp_dsm_type type = (liion_uadp_dsm_type)(rnd() % 4);
        unsigned nf = type == LIION_UADP_DSM_KEEPALIVE ? 0 : (unsigned)(rnd() % 6);
        ck_assert_int_eq(liion_uadp_msg_add_dsm(m, (uint16_t)rnd(), enc, type), LIION_OK);
        ck_assert_int_eq(liion_uadp_dsm_set_header(m, (uint32_t)(rnd() & 0xDE), (uint16_t)rnd(),
                                                   (uint16_t)rnd(), (uint32_t)rnd(),
                                                   (uint32_t)rnd(), (int64_t)(rnd() >> 1),
                                                   (uint16_t)rnd()),
                         LIION_OK);
        for (unsigned j = 0; j < nf; j++) {
            uint64_t val = rnd();
            uint8_t g[16];
            liion_ua_type t = fixed[rnd() % (sizeof fixed / sizeof fixed[0])];
            memcpy(g, &val, 8);
            memcpy(g + 8, &val, 8);
            if (t == LIION_UA_TYPE_FLOAT || t == LIION_UA_TYPE_DOUBLE) {
                double dd = (double)(int32_t)val / 8.0;
                float ff = (float)dd;
                if (t == LIION_UA_TYPE_FLOAT)
                    memcpy(g, &ff, sizeof ff);
                else
                    memcpy(g, &dd, sizeof dd);
            }
            ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, (uint16_t)(j * 3), t, g), LIION_OK);
            if (enc == LIION_UADP_ENC_DATAVALUE && (rnd() & 1))
                ck_assert_int_eq(liion_uadp_field_set_dv(m, (uint32_t)(rnd() & 0x3E),
                                                         (uint32_t)rnd(), (int64_t)(rnd() >> 1),
                                                         (uint16_t)(rnd() % 10000),
                                                         (int64_t)(rnd() >> 1),
                                                         (uint16_t)(rnd() % 10000)),
                                 LIION_OK);
        }
    }
}

START_TEST(random_roundtrips)
{
    rng_state = UINT64_C(0x9E3779B97F4A7C15);
    for (int iter = 0; iter < 3000; iter++) {
        uint8_t out[8192], out2[8192];
        size_t w, w2, size;
        random_message(fx.m2);
        ck_assert_int_eq(liion_uadp_msg_encoded_size(fx.m2, &size), LIION_OK);
        ck_assert_int_eq(liion_uadp_msg_encode(fx.m2, out, sizeof out, &w), LIION_OK);
        ck_assert_uint_eq(w, size);
        ck_assert_msg(liion_uadp_msg_decode(fx.m, out, w) == LIION_OK, "iter %d: %s", iter,
                      liion_ctx_errmsg(fx.ctx));
        ck_assert_int_eq(liion_uadp_msg_encode(fx.m, out2, sizeof out2, &w2), LIION_OK);
        ck_assert_uint_eq(w2, w);
        ck_assert_msg(memcmp(out, out2, w) == 0, "iter %d: re-encoding differs", iter);
        /* the views agree with what was built */
        ck_assert_uint_eq(liion_uadp_msg_dsm_count(fx.m), liion_uadp_msg_dsm_count(fx.m2));
        for (size_t i = 0; i < liion_uadp_msg_dsm_count(fx.m); i++) {
            ck_assert_uint_eq(liion_uadp_dsm_sequence_number(fx.m, i),
                              liion_uadp_dsm_sequence_number(fx.m2, i));
            ck_assert_uint_eq(liion_uadp_dsm_config_minor(fx.m, i),
                              liion_uadp_dsm_config_minor(fx.m2, i));
            if (liion_uadp_dsm_encoding(fx.m, i) == LIION_UADP_ENC_RAWDATA)
                continue;
            ck_assert_uint_eq(liion_uadp_dsm_field_count(fx.m, i),
                              liion_uadp_dsm_field_count(fx.m2, i));
            for (size_t j = 0; j < liion_uadp_dsm_field_count(fx.m, i); j++) {
                const liion_ua_variant *a = liion_uadp_dsm_field_variant(fx.m, i, j);
                const liion_ua_variant *b = liion_uadp_dsm_field_variant(fx.m2, i, j);
                const void *pa, *pb;
                size_t na, nb;
                ck_assert_int_eq(liion_ua_variant_type(a), liion_ua_variant_type(b));
                ck_assert_int_eq(liion_ua_variant_array_data(a, &pa, &na), LIION_OK);
                ck_assert_int_eq(liion_ua_variant_array_data(b, &pb, &nb), LIION_OK);
                if (liion_uadp_dsm_type_of(fx.m, i) == LIION_UADP_DSM_DELTAFRAME)
                    ck_assert_uint_eq(liion_uadp_dsm_field_index(fx.m, i, j), j * 3);
            }
        }
    }
}
END_TEST

/* Every prefix of random messages with a PayloadHeader fails cleanly; random byte flips never
 * crash and, when they decode, re-encode to something that decodes again. */
START_TEST(random_mutations)
{
    rng_state = UINT64_C(12345);
    for (int iter = 0; iter < 2000; iter++) {
        uint8_t out[8192], out2[8192];
        size_t w, w2;
        random_message(fx.m2);
        ck_assert_int_eq(liion_uadp_msg_encode(fx.m2, out, sizeof out, &w), LIION_OK);
        for (int k = 0; k < 4; k++)
            out[rnd() % w] ^= (uint8_t)(1u << (rnd() % 8));
        if (liion_uadp_msg_decode(fx.m, out, w) == LIION_OK) {
            ck_assert_int_eq(liion_uadp_msg_encode(fx.m, out2, sizeof out2, &w2), LIION_OK);
            ck_assert_int_eq(liion_uadp_msg_decode(fx.m2, out2, w2), LIION_OK);
        } else {
            ck_assert_uint_le(liion_ctx_error_offset(fx.ctx), w);
            ck_assert_uint_eq(liion_uadp_msg_dsm_count(fx.m), 0);
        }
    }
}
END_TEST

/* ---- allocation failures ------------------------------------------------------------------ */

static liion_status body_decode(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_uadp_msg *m = NULL;
    uint8_t in[512];
    size_t n = liion_test_unhex(in, sizeof in, (const char *)user);
    liion_status st;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    if (st == LIION_OK)
        st = liion_uadp_msg_new(&m, ctx);
    if (st == LIION_OK)
        st = liion_uadp_msg_decode(m, in, n);
    liion_uadp_msg_free(m);
    liion_ctx_free(ctx);
    return st;
}

static liion_status body_build(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_uadp_msg *m = NULL;
    liion_ua_value *v = NULL;
    double d = 2.5;
    uint8_t out[256];
    size_t w;
    liion_status st;
    (void)user;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    if (st == LIION_OK)
        st = liion_uadp_msg_new(&m, ctx);
    if (st == LIION_OK)
        st = liion_ua_value_new(&v, ctx);
    if (st == LIION_OK)
        st = liion_ua_value_set_bytes(v, LIION_UA_TYPE_STRING, (const uint8_t *)"abc", 3);
    if (st == LIION_OK)
        st = liion_uadp_msg_set_publisher_id(m, LIION_UADP_PUBID_STRING, 0,
                                             (const uint8_t *)"pub", 3);
    if (st == LIION_OK)
        st = liion_uadp_msg_add_promoted(m, liion_ua_value_variant(v));
    if (st == LIION_OK)
        st = liion_uadp_msg_add_dsm(m, 1, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEYFRAME);
    for (int i = 0; i < 20 && st == LIION_OK; i++)
        st = liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_DOUBLE, &d);
    if (st == LIION_OK)
        st = liion_uadp_dsm_add_variant(m, 0, liion_ua_value_variant(v));
    if (st == LIION_OK)
        st = liion_uadp_msg_encode(m, out, sizeof out, &w);
    liion_ua_value_free(v);
    liion_uadp_msg_free(m);
    liion_ctx_free(ctx);
    return st;
}

START_TEST(alloc_failure_decode)
{
    liion_test_alloc_loop("decode vector A", body_decode, VEC_A);
    liion_test_alloc_loop("decode string publisher + promoted + nonce", body_decode,
                          "91 94 02 04 00 00 00 6C 69 6E 65 0F 00 0C 02 00 00 00 41 42 "
                          "0C 03 00 00 00 41 42 43 00 01 00 00 00 02 AA BB");
    liion_test_alloc_loop("decode raw", body_decode, "01 03 01 02 03");
}
END_TEST

START_TEST(alloc_failure_build)
{
    liion_test_alloc_loop("builders", body_build, NULL);
}
END_TEST

static Suite *uadp_suite(void)
{
    Suite *s = suite_create("uadp");
    TCase *tc = tcase_create("vectors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, vec_open62541_decryption_test_message);
    tcase_add_test(tc, vec_generated_a_variant);
    tcase_add_test(tc, vec_generated_b_datavalue);
    tcase_add_test(tc, vec_secured_header_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("builders");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, publisher_id_types);
    tcase_add_test(tc, full_header);
    tcase_add_test(tc, rawdata_fields);
    tcase_add_test(tc, builder_misuse);
    suite_add_tcase(s, tc);

    tc = tcase_create("negative");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, negative);
    tcase_add_test(tc, every_prefix_fails);
    tcase_add_test(tc, limits);
    suite_add_tcase(s, tc);

    tc = tcase_create("properties");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, random_roundtrips);
    tcase_add_test(tc, random_mutations);
    suite_add_tcase(s, tc);

    tc = tcase_create("alloc");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, alloc_failure_decode);
    tcase_add_test(tc, alloc_failure_build);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(uadp_suite());
}
