/* OPC UA Binary: every hex vector of shared/reference/opcua.md, builders, views, seeded
 * round-trip properties for every built-in type, one negative test per class of malformed
 * input (status, message, offset), limits, DateTime and StatusCode helpers, and
 * allocation-failure loops. */
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

/* the public enum values and mask bits are wire values: pin them */
_Static_assert(LIION_UA_TYPE_BOOLEAN == 1 && LIION_UA_TYPE_DOUBLE == 11 &&
                   LIION_UA_TYPE_STRING == 12 && LIION_UA_TYPE_NODEID == 17 &&
                   LIION_UA_TYPE_STATUSCODE == 19 && LIION_UA_TYPE_EXTENSIONOBJECT == 22 &&
                   LIION_UA_TYPE_DATAVALUE == 23 && LIION_UA_TYPE_VARIANT == 24 &&
                   LIION_UA_TYPE_DIAGNOSTICINFO == 25,
               "built-in type ids (Part 6 Table 1)");
_Static_assert(LIION_UA_ID_NUMERIC == 0 && LIION_UA_ID_STRING == 1 && LIION_UA_ID_GUID == 2 &&
                   LIION_UA_ID_BYTESTRING == 3,
               "identifier types");
_Static_assert(LIION_UA_DV_SOURCE_PICOSECONDS == 0x10 && LIION_UA_DV_SERVER_TIMESTAMP == 0x08 &&
                   LIION_UA_DI_LOCALE == 0x08 && LIION_UA_DI_INNER_DIAG == 0x40,
               "mask bits");
_Static_assert(sizeof(liion_ua_type) == 4 && sizeof(liion_ua_id_type) == 4, "32-bit enums");

/* ---- helpers ------------------------------------------------------------------------------ */


typedef struct fixture {
    liion_ctx *ctx;
    liion_ua_value *v;
} fixture;

static fixture fx;

static void setup(void)
{
    ck_assert_int_eq(liion_ctx_new(&fx.ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_ua_value_new(&fx.v, fx.ctx), LIION_OK);
}

static void teardown(void)
{
    liion_ua_value_free(fx.v);
    liion_ctx_free(fx.ctx);
    fx.v = NULL;
    fx.ctx = NULL;
}

/* Decode hex as `type`, require all bytes consumed, re-encode and compare with `expect_hex`
 * (NULL: the same bytes). */
static const liion_ua_variant *decode_hex(liion_ua_type type, const char *hex,
                                          const char *expect_hex)
{
    uint8_t in[256], out[256], want[256];
    size_t n = liion_test_unhex(in, sizeof in, hex), used = 0, w = 0, sz = 0, nw;
    liion_status st = liion_ua_value_decode(fx.v, type, in, n, &used);
    ck_assert_msg(st == LIION_OK, "decode %s: %s", hex, liion_ctx_errmsg(fx.ctx));
    ck_assert_uint_eq(used, n);
    ck_assert_int_eq(liion_ua_value_type(fx.v), type);
    ck_assert_int_eq(liion_ua_value_encoded_size(fx.v, &sz), LIION_OK);
    ck_assert_int_eq(liion_ua_value_encode(fx.v, out, sizeof out, &w), LIION_OK);
    ck_assert_uint_eq(sz, w);
    nw = expect_hex != NULL ? liion_test_unhex(want, sizeof want, expect_hex) : n;
    if (expect_hex == NULL)
        memcpy(want, in, n);
    ck_assert_uint_eq(w, nw);
    ck_assert_msg(memcmp(out, want, w) == 0, "re-encode of %s differs", hex);
    return liion_ua_value_variant(fx.v);
}

/* Decode must fail with status, a message containing `needle`, at offset `off`. */
static void decode_fails(liion_ua_type type, const char *hex, liion_status want,
                         const char *needle, size_t off)
{
    uint8_t in[512];
    size_t n = liion_test_unhex(in, sizeof in, hex), used = 99;
    liion_status st = liion_ua_value_decode(fx.v, type, in, n, &used);
    ck_assert_msg(st == want, "%s: got %s (%s), want %s", hex, liion_status_str(st),
                  liion_ctx_errmsg(fx.ctx), liion_status_str(want));
    ck_assert_uint_eq(used, 0);
    ck_assert_msg(strstr(liion_ctx_errmsg(fx.ctx), needle) != NULL, "message '%s' lacks '%s'",
                  liion_ctx_errmsg(fx.ctx), needle);
    ck_assert_uint_eq(liion_ctx_error_offset(fx.ctx), off);
    /* the container is left empty */
    ck_assert_int_eq(liion_ua_variant_type(liion_ua_value_variant(fx.v)), LIION_UA_TYPE_NULL);
}

static void expect_encoding(const char *hex)
{
    uint8_t out[256], want[256];
    size_t w = 0, n = liion_test_unhex(want, sizeof want, hex), sz = 0;
    ck_assert_int_eq(liion_ua_value_encoded_size(fx.v, &sz), LIION_OK);
    ck_assert_int_eq(liion_ua_value_encode(fx.v, out, sizeof out, &w), LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert_uint_eq(sz, n);
    ck_assert(memcmp(out, want, n) == 0);
}

static const int64_t TICKS_2024 = INT64_C(133485408000000000);

/* ---- reference vectors (shared/reference/opcua.md §1.8) ---------------------------------- */

START_TEST(vec_variant_double)
{
    const liion_ua_variant *var = decode_hex(LIION_UA_TYPE_VARIANT, "0B 00 00 00 00 00 00 F8 3F", NULL);
    double d = 0;
    ck_assert_int_eq(liion_ua_variant_type(var), LIION_UA_TYPE_DOUBLE);
    ck_assert_int_eq(liion_ua_variant_is_array(var), 0);
    ck_assert_uint_eq(liion_ua_variant_length(var), 1);
    ck_assert_int_eq(liion_ua_variant_get_double(var, 0, &d), LIION_OK);
    ck_assert(d == 1.5);
}
END_TEST

START_TEST(vec_variant_int32_array)
{
    const liion_ua_variant *var = decode_hex(
        LIION_UA_TYPE_VARIANT, "86 03 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00", NULL);
    const void *data;
    size_t n;
    ck_assert_int_eq(liion_ua_variant_type(var), LIION_UA_TYPE_INT32);
    ck_assert_int_eq(liion_ua_variant_is_array(var), 1);
    ck_assert_uint_eq(liion_ua_variant_ndims(var), 0);
    ck_assert_int_eq(liion_ua_variant_array_data(var, &data, &n), LIION_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(((const int32_t *)data)[0], 1);
    ck_assert_int_eq(((const int32_t *)data)[2], 3);
    ck_assert_uint_eq((uintptr_t)data % _Alignof(int32_t), 0);
}
END_TEST

START_TEST(vec_variant_int32_matrix)
{
    const liion_ua_variant *var = decode_hex(
        LIION_UA_TYPE_VARIANT,
        "C6 03 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 02 00 00 00 03 00 00 00 01 00 00 00",
        NULL);
    ck_assert_uint_eq(liion_ua_variant_ndims(var), 2);
    ck_assert_uint_eq(liion_ua_variant_dim(var, 0), 3);
    ck_assert_uint_eq(liion_ua_variant_dim(var, 1), 1);
    ck_assert_uint_eq(liion_ua_variant_dim(var, 2), 0);
}
END_TEST

START_TEST(vec_variant_string_and_null)
{
    const uint8_t *s;
    size_t n;
    const liion_ua_variant *var = decode_hex(LIION_UA_TYPE_VARIANT, "0C 02 00 00 00 4C 69", NULL);
    ck_assert_int_eq(liion_ua_variant_get_bytes(var, 0, &s, &n), LIION_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq((const char *)s, "Li");
    var = decode_hex(LIION_UA_TYPE_VARIANT, "00", NULL);
    ck_assert_int_eq(liion_ua_variant_type(var), LIION_UA_TYPE_NULL);
    ck_assert_uint_eq(liion_ua_variant_length(var), 0);
}
END_TEST

START_TEST(vec_open62541_variants)
{
    int64_t i = 0;
    const liion_ua_variant *var = decode_hex(LIION_UA_TYPE_VARIANT, "06 FF 00 00 00", NULL);
    ck_assert_int_eq(liion_ua_variant_get_int64(var, 0, &i), LIION_OK);
    ck_assert_int_eq(i, 255);
    var = decode_hex(LIION_UA_TYPE_VARIANT, "86 02 00 00 00 FF 00 00 00 FF FF FF FF", NULL);
    ck_assert_int_eq(liion_ua_variant_get_int64(var, 1, &i), LIION_OK);
    ck_assert_int_eq(i, -1);
    ck_assert_int_eq(liion_ua_variant_get_int64(var, 2, &i), LIION_E_RANGE);
}
END_TEST

static const liion_ua_datavalue *root_dv(void)
{
    const liion_ua_datavalue *dv = NULL;
    ck_assert_int_eq(liion_ua_variant_get_datavalue(liion_ua_value_variant(fx.v), 0, &dv),
                     LIION_OK);
    return dv;
}

START_TEST(vec_datavalues)
{
    const liion_ua_datavalue *dv;
    double d;
    decode_hex(LIION_UA_TYPE_DATAVALUE, "05 0B 00 00 00 00 00 00 F8 3F 00 C0 89 76 45 3C DA 01", NULL);
    dv = root_dv();
    ck_assert_uint_eq(liion_ua_datavalue_mask(dv), 0x05);
    ck_assert_int_eq(liion_ua_datavalue_source_timestamp(dv), TICKS_2024);
    ck_assert_int_eq(liion_ua_variant_get_double(liion_ua_datavalue_value(dv), 0, &d), LIION_OK);
    ck_assert(d == 1.5);

    decode_hex(LIION_UA_TYPE_DATAVALUE,
               "07 0B 00 00 00 00 00 00 F8 3F 00 00 00 40 00 C0 89 76 45 3C DA 01", NULL);
    dv = root_dv();
    ck_assert_uint_eq(liion_ua_datavalue_status(dv), 0x40000000u);
    ck_assert_str_eq(liion_ua_status_name(liion_ua_datavalue_status(dv)), "Uncertain");

    decode_hex(LIION_UA_TYPE_DATAVALUE,
               "1F 0B 00 00 00 00 00 00 F8 3F 00 00 00 40 00 C0 89 76 45 3C DA 01 0A 00 80 56 22 "
               "77 45 3C DA 01",
               NULL);
    dv = root_dv();
    ck_assert_uint_eq(liion_ua_datavalue_source_picoseconds(dv), 10);
    ck_assert_int_eq(liion_ua_datavalue_server_timestamp(dv), TICKS_2024 + 10000000);
    ck_assert_uint_eq(liion_ua_datavalue_server_picoseconds(dv), 0);

    decode_hex(LIION_UA_TYPE_DATAVALUE, "08 50 00 00 00 00 00 00 00", NULL);
    ck_assert_int_eq(liion_ua_datavalue_server_timestamp(root_dv()), 80);
    ck_assert_ptr_null(liion_ua_datavalue_value(root_dv()));
    decode_hex(LIION_UA_TYPE_DATAVALUE, "09 06 2D 00 00 00 50 00 00 00 00 00 00 00", NULL);
}
END_TEST

START_TEST(vec_picoseconds_clamped)
{
    decode_hex(LIION_UA_TYPE_DATAVALUE, "10 10 27", "10 0F 27");
    ck_assert_uint_eq(liion_ua_datavalue_source_picoseconds(root_dv()), 9999);
}
END_TEST

static const liion_ua_nodeid *root_nodeid(void)
{
    const liion_ua_nodeid *id = NULL;
    ck_assert_int_eq(liion_ua_variant_get_nodeid(liion_ua_value_variant(fx.v), 0, &id), LIION_OK);
    return id;
}

START_TEST(vec_nodeids)
{
    const liion_ua_nodeid *id;
    const uint8_t *b;
    size_t n;
    static const uint8_t guid[16] = { 0x91, 0x2B, 0x96, 0x72, 0x75, 0xFA, 0xE6, 0x4A,
                                      0x8D, 0x28, 0xB4, 0x04, 0xDC, 0x7D, 0xAF, 0x63 };
    decode_hex(LIION_UA_TYPE_NODEID, "00 48", NULL);
    id = root_nodeid();
    ck_assert_uint_eq(liion_ua_nodeid_ns(id), 0);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(id), 72);
    decode_hex(LIION_UA_TYPE_NODEID, "01 05 01 04", NULL);
    ck_assert_uint_eq(liion_ua_nodeid_ns(root_nodeid()), 5);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(root_nodeid()), 1025);
    decode_hex(LIION_UA_TYPE_NODEID, "02 01 00 70 11 01 00", NULL);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(root_nodeid()), 70000);
    decode_hex(LIION_UA_TYPE_NODEID, "03 01 00 03 00 00 00 48 6F 74", NULL);
    id = root_nodeid();
    ck_assert_int_eq(liion_ua_nodeid_id_type(id), LIION_UA_ID_STRING);
    ck_assert_int_eq(liion_ua_nodeid_bytes(id, &b, &n), LIION_OK);
    ck_assert_str_eq((const char *)b, "Hot");
    decode_hex(LIION_UA_TYPE_NODEID, "04 00 00 91 2B 96 72 75 FA E6 4A 8D 28 B4 04 DC 7D AF 63",
               NULL);
    id = root_nodeid();
    ck_assert_int_eq(liion_ua_nodeid_id_type(id), LIION_UA_ID_GUID);
    ck_assert_int_eq(liion_ua_nodeid_bytes(id, &b, &n), LIION_OK);
    ck_assert_uint_eq(n, 16);
    ck_assert(memcmp(b, guid, 16) == 0);
    /* open62541 test vectors */
    decode_hex(LIION_UA_TYPE_NODEID, "00 10", NULL);
    decode_hex(LIION_UA_TYPE_NODEID, "01 01 00 01", NULL);
    decode_hex(LIION_UA_TYPE_NODEID, "03 01 00 03 00 00 00 50 4C 54", NULL);
    /* a non-minimal form is accepted and re-encoded minimally */
    decode_hex(LIION_UA_TYPE_NODEID, "02 00 00 48 00 00 00", "00 48");
    decode_hex(LIION_UA_TYPE_NODEID, "05 02 00 02 00 00 00 AB CD", NULL);
    ck_assert_int_eq(liion_ua_nodeid_id_type(root_nodeid()), LIION_UA_ID_BYTESTRING);
}
END_TEST

START_TEST(vec_expandednodeid_both_forms)
{
    const liion_ua_expandednodeid *e;
    const uint8_t *b;
    size_t n;
    const char *o6 = "C0 0F 05 00 00 00 75 72 6E 3A 78 02 00 00 00";
    decode_hex(LIION_UA_TYPE_EXPANDEDNODEID, o6, NULL);
    /* node-opcua's Numeric form decodes to the same value and re-encodes compactly */
    decode_hex(LIION_UA_TYPE_EXPANDEDNODEID,
               "C2 00 00 0F 00 00 00 05 00 00 00 75 72 6E 3A 78 02 00 00 00", o6);
    ck_assert_int_eq(liion_ua_variant_get_expandednodeid(liion_ua_value_variant(fx.v), 0, &e),
                     LIION_OK);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(liion_ua_expandednodeid_nodeid(e)), 15);
    ck_assert_int_eq(liion_ua_expandednodeid_uri(e, &b, &n), LIION_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert(memcmp(b, "urn:x", 5) == 0);
    ck_assert_uint_eq(liion_ua_expandednodeid_server_index(e), 2);
    /* get_nodeid on an ExpandedNodeId gives its NodeId part */
    ck_assert_uint_eq(liion_ua_nodeid_numeric(root_nodeid()), 15);
}
END_TEST

START_TEST(vec_qualifiedname_localizedtext)
{
    uint16_t ns;
    const uint8_t *a, *b;
    size_t na, nb;
    const liion_ua_variant *var = decode_hex(LIION_UA_TYPE_QUALIFIEDNAME, "02 00 02 00 00 00 41 62", NULL);
    ck_assert_int_eq(liion_ua_variant_get_qualifiedname(var, 0, &ns, &a, &na), LIION_OK);
    ck_assert_uint_eq(ns, 2);
    ck_assert_str_eq((const char *)a, "Ab");
    var = decode_hex(LIION_UA_TYPE_LOCALIZEDTEXT, "03 02 00 00 00 65 6E 02 00 00 00 48 69", NULL);
    ck_assert_int_eq(liion_ua_variant_get_localizedtext(var, 0, &a, &na, &b, &nb), LIION_OK);
    ck_assert_str_eq((const char *)a, "en");
    ck_assert_str_eq((const char *)b, "Hi");
    var = decode_hex(LIION_UA_TYPE_LOCALIZEDTEXT, "02 02 00 00 00 48 69", NULL);
    ck_assert_int_eq(liion_ua_variant_get_localizedtext(var, 0, &a, &na, &b, &nb), LIION_OK);
    ck_assert_ptr_null(a);
    ck_assert_uint_eq(nb, 2);
}
END_TEST

START_TEST(vec_strings_null_empty)
{
    const uint8_t *s = (const uint8_t *)"x";
    size_t n = 7;
    const liion_ua_variant *var = decode_hex(LIION_UA_TYPE_STRING, "FF FF FF FF", NULL);
    ck_assert_int_eq(liion_ua_variant_get_bytes(var, 0, &s, &n), LIION_OK);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(n, 0);
    var = decode_hex(LIION_UA_TYPE_STRING, "00 00 00 00", NULL);
    ck_assert_int_eq(liion_ua_variant_get_bytes(var, 0, &s, &n), LIION_OK);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(n, 0);
    var = decode_hex(LIION_UA_TYPE_BYTESTRING, "FF FF FF FF", NULL);
    ck_assert_int_eq(liion_ua_variant_get_bytes(var, 0, &s, &n), LIION_OK);
    ck_assert_ptr_null(s);
    decode_hex(LIION_UA_TYPE_XMLELEMENT, "03 00 00 00 3C 61 2F", NULL);
    /* null and empty arrays stay distinct */
    var = decode_hex(LIION_UA_TYPE_VARIANT, "86 FF FF FF FF", NULL);
    ck_assert(liion_ua_variant_is_null_array(var));
    ck_assert_uint_eq(liion_ua_variant_length(var), 0);
    var = decode_hex(LIION_UA_TYPE_VARIANT, "86 00 00 00 00", NULL);
    ck_assert(!liion_ua_variant_is_null_array(var));
    ck_assert(liion_ua_variant_is_array(var));
}
END_TEST

START_TEST(vec_scalars)
{
    int64_t t;
    double d;
    const liion_ua_variant *var = decode_hex(LIION_UA_TYPE_DATETIME, "00 80 3E D5 DE B1 9D 01", NULL);
    ck_assert_int_eq(liion_ua_variant_get_int64(var, 0, &t), LIION_OK);
    ck_assert_int_eq(t, LIION_UA_DATETIME_UNIX_EPOCH);
    ck_assert_int_eq(liion_ua_datetime_to_unix_ns(t), 0);
    var = decode_hex(LIION_UA_TYPE_INT32, "00 CA 9A 3B", NULL);
    ck_assert_int_eq(liion_ua_variant_get_int64(var, 0, &t), LIION_OK);
    ck_assert_int_eq(t, 1000000000);
    var = decode_hex(LIION_UA_TYPE_DOUBLE, "00 00 00 00 00 00 F0 3F", NULL);
    ck_assert_int_eq(liion_ua_variant_get_double(var, 0, &d), LIION_OK);
    ck_assert(d == 1.0);
    var = decode_hex(LIION_UA_TYPE_DOUBLE, "00 00 00 00 00 00 1A C0", NULL);
    ck_assert_int_eq(liion_ua_variant_get_double(var, 0, &d), LIION_OK);
    ck_assert(d == -6.5);
    /* Boolean: any nonzero is true, written back as 01 */
    decode_hex(LIION_UA_TYPE_BOOLEAN, "07", "01");
    /* NaN scalars go out canonical */
    decode_hex(LIION_UA_TYPE_DOUBLE, "01 00 00 00 00 00 F0 7F", "00 00 00 00 00 00 F8 FF");
    decode_hex(LIION_UA_TYPE_FLOAT, "01 00 80 7F", "00 00 C0 FF");
    decode_hex(LIION_UA_TYPE_STATUSCODE, "00 00 07 80", NULL);
    decode_hex(LIION_UA_TYPE_GUID, "91 2B 96 72 75 FA E6 4A 8D 28 B4 04 DC 7D AF 63", NULL);
}
END_TEST

START_TEST(vec_extobj)
{
    const liion_ua_extobj *eo;
    const uint8_t *b;
    size_t n;
    const liion_ua_variant *var =
        decode_hex(LIION_UA_TYPE_EXTENSIONOBJECT, "01 02 89 13 01 03 00 00 00 AA BB CC", NULL);
    ck_assert_int_eq(liion_ua_variant_get_extobj(var, 0, &eo), LIION_OK);
    ck_assert_uint_eq(liion_ua_nodeid_ns(liion_ua_extobj_type_id(eo)), 2);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(liion_ua_extobj_type_id(eo)), 5001);
    ck_assert_uint_eq(liion_ua_extobj_encoding(eo), LIION_UA_EXTOBJ_BYTESTRING);
    ck_assert_int_eq(liion_ua_extobj_body(eo, &b, &n), LIION_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(b[2], 0xCC);
    decode_hex(LIION_UA_TYPE_EXTENSIONOBJECT, "00 10 00", NULL);
    decode_hex(LIION_UA_TYPE_EXTENSIONOBJECT, "00 10 02 03 00 00 00 3C 61 2F", NULL);
}
END_TEST

START_TEST(vec_diaginfo)
{
    const liion_ua_diaginfo *di, *in;
    const liion_ua_variant *var =
        decode_hex(LIION_UA_TYPE_DIAGNOSTICINFO, "21 01 00 00 00 00 00 07 80", NULL);
    ck_assert_int_eq(liion_ua_variant_get_diaginfo(var, 0, &di), LIION_OK);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_SYMBOLIC_ID), 1);
    ck_assert_uint_eq(liion_ua_diaginfo_inner_status(di), 0x80070000u);
    ck_assert_str_eq(liion_ua_status_name(liion_ua_diaginfo_inner_status(di)), "BadDecodingError");
    var = decode_hex(LIION_UA_TYPE_DIAGNOSTICINFO, "0C 03 00 00 00 04 00 00 00", NULL);
    ck_assert_int_eq(liion_ua_variant_get_diaginfo(var, 0, &di), LIION_OK);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_LOCALE), 3);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_LOCALIZED_TEXT), 4);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_SYMBOLIC_ID), -1);
    /* nested, with AdditionalInfo */
    var = decode_hex(LIION_UA_TYPE_DIAGNOSTICINFO,
                     "50 02 00 00 00 68 69 41 01 00 00 00 00", NULL);
    ck_assert_int_eq(liion_ua_variant_get_diaginfo(var, 0, &di), LIION_OK);
    in = liion_ua_diaginfo_inner(di);
    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(liion_ua_diaginfo_index(in, LIION_UA_DI_SYMBOLIC_ID), 1);
    in = liion_ua_diaginfo_inner(in);
    ck_assert_uint_eq(liion_ua_diaginfo_mask(in), 0);
    ck_assert_ptr_null(liion_ua_diaginfo_inner(in));
}
END_TEST

START_TEST(vec_variant_of_complex_arrays)
{
    const liion_ua_variant *var, *inner;
    const liion_ua_datavalue *dv;
    /* Variant[2] {Int32 1, String "a"} */
    var = decode_hex(LIION_UA_TYPE_VARIANT, "98 02 00 00 00 06 01 00 00 00 0C 01 00 00 00 61", NULL);
    ck_assert_int_eq(liion_ua_variant_get_variant(var, 1, &inner), LIION_OK);
    ck_assert_int_eq(liion_ua_variant_type(inner), LIION_UA_TYPE_STRING);
    /* scalar DataValue inside a Variant */
    var = decode_hex(LIION_UA_TYPE_VARIANT, "17 02 00 00 00 80", NULL);
    ck_assert_int_eq(liion_ua_variant_get_datavalue(var, 0, &dv), LIION_OK);
    ck_assert_uint_eq(liion_ua_datavalue_status(dv), 0x80000000u);
    /* String[] with a null entry, NodeId[], LocalizedText[] */
    decode_hex(LIION_UA_TYPE_VARIANT, "8C 02 00 00 00 FF FF FF FF 01 00 00 00 7A", NULL);
    decode_hex(LIION_UA_TYPE_VARIANT, "91 02 00 00 00 00 01 01 02 03 00", NULL);
    decode_hex(LIION_UA_TYPE_VARIANT, "95 01 00 00 00 00", NULL);
}
END_TEST

/* ---- builders ------------------------------------------------------------------------------ */

START_TEST(build_datavalue_reference)
{
    double d = 1.5;
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
    expect_encoding("0B 00 00 00 00 00 00 F8 3F");
    ck_assert_int_eq(liion_ua_value_set_datavalue(fx.v,
                                                  LIION_UA_DV_VALUE | LIION_UA_DV_STATUS |
                                                      LIION_UA_DV_SOURCE_TIMESTAMP |
                                                      LIION_UA_DV_SOURCE_PICOSECONDS |
                                                      LIION_UA_DV_SERVER_TIMESTAMP,
                                                  0x40000000u, TICKS_2024, 10,
                                                  TICKS_2024 + 10000000, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_ua_value_type(fx.v), LIION_UA_TYPE_DATAVALUE);
    expect_encoding("1F 0B 00 00 00 00 00 00 F8 3F 00 00 00 40 00 C0 89 76 45 3C DA 01 0A 00 "
                    "80 56 22 77 45 3C DA 01");
    /* a DataValue cannot be wrapped again */
    ck_assert_int_eq(liion_ua_value_set_datavalue(fx.v, 0, 0, 0, 0, 0, 0), LIION_E_STATE);
    /* picoseconds without a timestamp are dropped, over 9999 clamped */
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_datavalue(fx.v, 0x3F & ~LIION_UA_DV_SERVER_TIMESTAMP, 0,
                                                  1, 50000, 2, 3),
                     LIION_OK);
    expect_encoding("17 0B 00 00 00 00 00 00 F8 3F 00 00 00 00 01 00 00 00 00 00 00 00 0F 27");
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_datavalue(fx.v, 0x40, 0, 0, 0, 0, 0), LIION_E_INVALID_ARG);
}
END_TEST

START_TEST(build_arrays)
{
    int32_t a[3] = { 1, 2, 3 };
    uint32_t dims[2] = { 3, 1 }, bad[2] = { 2, 2 };
    uint8_t bools[3] = { 0, 5, 1 };
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_INT32, a, 3, NULL, 0), LIION_OK);
    expect_encoding("86 03 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00");
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_INT32, a, 3, dims, 2), LIION_OK);
    expect_encoding("C6 03 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 02 00 00 00 03 00 00 00 "
                    "01 00 00 00");
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_INT32, a, 3, bad, 2), LIION_E_RANGE);
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_INT32, NULL, 0, NULL, 0), LIION_OK);
    expect_encoding("86 FF FF FF FF");
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_INT32, a, 0, NULL, 0), LIION_OK);
    expect_encoding("86 00 00 00 00");
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_BOOLEAN, bools, 3, NULL, 0),
                     LIION_OK);
    expect_encoding("81 03 00 00 00 00 01 01");
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_STRING, a, 3, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_INT32, NULL, 3, NULL, 0),
                     LIION_E_INVALID_ARG);
}
END_TEST

START_TEST(build_strings_and_ids)
{
    const uint8_t *datas[3] = { (const uint8_t *)"Li", NULL, (const uint8_t *)"" };
    size_t lens[3] = { 2, 0, 0 };
    static const uint8_t guid[16] = { 0x91, 0x2B, 0x96, 0x72, 0x75, 0xFA, 0xE6, 0x4A,
                                      0x8D, 0x28, 0xB4, 0x04, 0xDC, 0x7D, 0xAF, 0x63 };
    ck_assert_int_eq(liion_ua_value_set_bytes(fx.v, LIION_UA_TYPE_STRING, (const uint8_t *)"Li", 2),
                     LIION_OK);
    expect_encoding("0C 02 00 00 00 4C 69");
    ck_assert_int_eq(liion_ua_value_set_bytes(fx.v, LIION_UA_TYPE_BYTESTRING, NULL, 0), LIION_OK);
    expect_encoding("0F FF FF FF FF");
    ck_assert_int_eq(liion_ua_value_set_bytes_array(fx.v, LIION_UA_TYPE_STRING, datas, lens, 3),
                     LIION_OK);
    expect_encoding("8C 03 00 00 00 02 00 00 00 4C 69 FF FF FF FF 00 00 00 00");
    ck_assert_int_eq(liion_ua_value_set_nodeid(fx.v, 5, LIION_UA_ID_NUMERIC, 1025, NULL, 0),
                     LIION_OK);
    expect_encoding("11 01 05 01 04");
    ck_assert_int_eq(liion_ua_value_set_nodeid(fx.v, 1, LIION_UA_ID_NUMERIC, 70000, NULL, 0),
                     LIION_OK);
    expect_encoding("11 02 01 00 70 11 01 00");
    ck_assert_int_eq(liion_ua_value_set_nodeid(fx.v, 0, LIION_UA_ID_GUID, 0, guid, 16), LIION_OK);
    expect_encoding("11 04 00 00 91 2B 96 72 75 FA E6 4A 8D 28 B4 04 DC 7D AF 63");
    ck_assert_int_eq(liion_ua_value_set_nodeid(fx.v, 0, LIION_UA_ID_GUID, 0, guid, 15),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ua_value_set_nodeid(fx.v, 0, LIION_UA_ID_NUMERIC, 15, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_expand(fx.v, (const uint8_t *)"urn:x", 5, 2), LIION_OK);
    expect_encoding("12 C0 0F 05 00 00 00 75 72 6E 3A 78 02 00 00 00");
    ck_assert_int_eq(liion_ua_value_set_expand(fx.v, NULL, 0, 0), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_value_set_qualifiedname(fx.v, 2, (const uint8_t *)"Ab", 2), LIION_OK);
    expect_encoding("14 02 00 02 00 00 00 41 62");
    ck_assert_int_eq(liion_ua_value_set_localizedtext(fx.v, (const uint8_t *)"en", 2,
                                                      (const uint8_t *)"Hi", 2),
                     LIION_OK);
    expect_encoding("15 03 02 00 00 00 65 6E 02 00 00 00 48 69");
    ck_assert_int_eq(liion_ua_value_set_extobj(fx.v, 2, 5001, 1, (const uint8_t *)"\xAA\xBB\xCC", 3),
                     LIION_OK);
    expect_encoding("16 01 02 89 13 01 03 00 00 00 AA BB CC");
    ck_assert_int_eq(liion_ua_value_set_extobj(fx.v, 0, 1, 3, NULL, 0), LIION_E_INVALID_ARG);
}
END_TEST

START_TEST(encode_buffer_too_small)
{
    double d = 1.5;
    uint8_t buf[9];
    size_t w = 0;
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
    ck_assert_int_eq(liion_ua_value_encode(fx.v, buf, 8, &w), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 9);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "needs 9 bytes"));
    ck_assert_int_eq(liion_ua_value_encode(fx.v, NULL, 0, &w), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 9);
    ck_assert_int_eq(liion_ua_value_encode(fx.v, buf, sizeof buf, &w), LIION_OK);
    ck_assert_str_eq(liion_ctx_errmsg(fx.ctx), "no error");
    ck_assert_int_eq(liion_ua_value_encode(fx.v, buf, sizeof buf, NULL), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ua_value_encode(NULL, buf, sizeof buf, &w), LIION_E_INVALID_ARG);
}
END_TEST

START_TEST(views_reject_wrong_types)
{
    double d = 2.0;
    const uint8_t *s;
    size_t n;
    uint64_t u;
    int64_t i;
    uint8_t g[16];
    const liion_ua_nodeid *id;
    const liion_ua_variant *var;
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
    var = liion_ua_value_variant(fx.v);
    ck_assert_int_eq(liion_ua_variant_get_bytes(var, 0, &s, &n), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_variant_get_int64(var, 0, &i), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_variant_get_guid(var, 0, g), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_variant_get_nodeid(var, 0, &id), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_variant_get_double(var, 1, &d), LIION_E_RANGE);
    ck_assert_int_eq(liion_ua_variant_get_double(NULL, 0, &d), LIION_E_INVALID_ARG);
    i = -5;
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_INT64, &i), LIION_OK);
    ck_assert_int_eq(liion_ua_variant_get_uint64(liion_ua_value_variant(fx.v), 0, &u), LIION_E_RANGE);
    u = UINT64_MAX;
    ck_assert_int_eq(liion_ua_value_set_scalar(fx.v, LIION_UA_TYPE_UINT64, &u), LIION_OK);
    ck_assert_int_eq(liion_ua_variant_get_int64(liion_ua_value_variant(fx.v), 0, &i), LIION_E_RANGE);
    ck_assert_int_eq(liion_ua_variant_get_uint64(liion_ua_value_variant(fx.v), 0, &u), LIION_OK);
    ck_assert_uint_eq(u, UINT64_MAX);
    /* NULL views are harmless */
    ck_assert_int_eq(liion_ua_variant_type(NULL), LIION_UA_TYPE_NULL);
    ck_assert_uint_eq(liion_ua_datavalue_mask(NULL), 0);
    ck_assert_ptr_null(liion_ua_diaginfo_inner(NULL));
    ck_assert_uint_eq(liion_ua_nodeid_numeric(NULL), 0);
    liion_ua_value_reset(fx.v);
    ck_assert_int_eq(liion_ua_variant_type(liion_ua_value_variant(fx.v)), LIION_UA_TYPE_NULL);
    expect_encoding("00");
}
END_TEST

/* ---- negative tests: one per malformed class -------------------------------------------- */

START_TEST(neg_truncated)
{
    decode_fails(LIION_UA_TYPE_VARIANT, "0B 00 00 00 00 00 00 F8", LIION_E_TRUNCATED, "64-bit", 1);
    decode_fails(LIION_UA_TYPE_VARIANT, "", LIION_E_TRUNCATED, "Variant", 0);
    decode_fails(LIION_UA_TYPE_STRING, "05 00 00 00 41 42", LIION_E_TRUNCATED,
                 "String of 5 bytes, only 2 left", 0);
    decode_fails(LIION_UA_TYPE_DATAVALUE, "05 0B 00 00 00 00 00 00 F8 3F 00 C0", LIION_E_TRUNCATED,
                 "SourceTimestamp", 10);
    decode_fails(LIION_UA_TYPE_NODEID, "02 01 00 70", LIION_E_TRUNCATED, "Numeric NodeId", 0);
    decode_fails(LIION_UA_TYPE_DIAGNOSTICINFO, "40 01", LIION_E_TRUNCATED, "DiagnosticInfo", 2);
}
END_TEST

START_TEST(neg_array_length_before_allocation)
{
    uint64_t before = liion_ctx_memory_used(fx.ctx);
    decode_fails(LIION_UA_TYPE_VARIANT, "8B FF FF FF 7F", LIION_E_TRUNCATED,
                 "array of 2147483647 elements", 1);
    ck_assert_uint_eq(liion_ctx_memory_peak(fx.ctx), before);
    decode_fails(LIION_UA_TYPE_VARIANT, "97 10 00 00 00 00", LIION_E_TRUNCATED,
                 "array of 16 elements", 1);
}
END_TEST

/* Part 6 §5.2.2.16: type ids 26..31 are read as ByteString and written back unchanged */
START_TEST(variant_reserved_type_ids)
{
    const liion_ua_variant *r;
    const liion_ua_datavalue *dv;
    const uint8_t *d;
    size_t n;
    r = decode_hex(LIION_UA_TYPE_VARIANT, "1A 03 00 00 00 41 42 43", NULL);
    ck_assert_int_eq(liion_ua_variant_type(r), LIION_UA_TYPE_BYTESTRING);
    ck_assert_uint_eq(liion_ua_variant_type_id(r), 26);
    ck_assert_int_eq(liion_ua_variant_get_bytes(r, 0, &d, &n), LIION_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_mem_eq(d, "ABC", 3);
    r = decode_hex(LIION_UA_TYPE_VARIANT, "9F 02 00 00 00 01 00 00 00 41 FF FF FF FF", NULL);
    ck_assert_uint_eq(liion_ua_variant_type_id(r), 31);
    ck_assert_uint_eq(liion_ua_variant_length(r), 2);
    ck_assert_int_eq(liion_ua_variant_get_bytes(r, 1, &d, &n), LIION_OK);
    ck_assert_ptr_null(d);
    r = decode_hex(LIION_UA_TYPE_DATAVALUE, "01 1D 00 00 00 00", NULL);
    ck_assert_int_eq(liion_ua_variant_get_datavalue(r, 0, &dv), LIION_OK);
    ck_assert_uint_eq(liion_ua_variant_type_id(liion_ua_datavalue_value(dv)), 29);
    /* in a Variant array and with dimensions */
    decode_hex(LIION_UA_TYPE_VARIANT, "98 01 00 00 00 1B FF FF FF FF", NULL);
    decode_hex(LIION_UA_TYPE_VARIANT, "DA 02 00 00 00 00 00 00 00 00 00 00 00 "
                                      "02 00 00 00 02 00 00 00 01 00 00 00", NULL);
    /* ordinary values report their own type id; still truncation-checked */
    r = decode_hex(LIION_UA_TYPE_VARIANT, "0F 00 00 00 00", NULL);
    ck_assert_uint_eq(liion_ua_variant_type_id(r), 15);
    ck_assert_uint_eq(liion_ua_variant_type_id(NULL), 0);
    decode_fails(LIION_UA_TYPE_VARIANT, "1A 03 00 00 00 41", LIION_E_TRUNCATED, "String of 3 bytes", 1);
}
END_TEST

START_TEST(neg_bad_encodings)
{
    decode_fails(LIION_UA_TYPE_VARIANT, "18 0B 00 00 00 00 00 00 F8 3F", LIION_E_DECODE,
                 "Variant directly inside a Variant", 0);
    decode_fails(LIION_UA_TYPE_VARIANT, "4B 00 00 00 00 00 00 F8 3F", LIION_E_DECODE,
                 "ArrayDimensions without an array", 0);
    decode_fails(LIION_UA_TYPE_VARIANT, "80", LIION_E_DECODE, "without a type", 0);
    decode_fails(LIION_UA_TYPE_NODEID, "06 00", LIION_E_DECODE, "NodeId encoding 0x06", 0);
    decode_fails(LIION_UA_TYPE_NODEID, "80 00", LIION_E_DECODE, "ExpandedNodeId flags", 0);
    decode_fails(LIION_UA_TYPE_EXPANDEDNODEID, "10 00", LIION_E_DECODE, "reserved bits", 0);
    decode_fails(LIION_UA_TYPE_EXTENSIONOBJECT, "00 10 03", LIION_E_DECODE,
                 "ExtensionObject encoding 0x03", 2);
    decode_fails(LIION_UA_TYPE_DATAVALUE, "40", LIION_E_DECODE, "DataValue mask 0x40", 0);
    decode_fails(LIION_UA_TYPE_DIAGNOSTICINFO, "80", LIION_E_DECODE, "DiagnosticInfo mask", 0);
    decode_fails(LIION_UA_TYPE_LOCALIZEDTEXT, "04", LIION_E_DECODE, "LocalizedText mask", 0);
}
END_TEST

START_TEST(neg_array_dimensions)
{
    /* product 2x2 = 4 differs from length 3 */
    decode_fails(LIION_UA_TYPE_VARIANT,
                 "C6 03 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 02 00 00 00 02 00 00 00 02 00 00 00",
                 LIION_E_DECODE, "product 4 differs from the array length 3", 17);
    /* product overflows 32 and 64 bits: 0x7FFFFFFF^3 */
    decode_fails(LIION_UA_TYPE_VARIANT,
                 "C6 01 00 00 00 01 00 00 00 03 00 00 00 FF FF FF 7F FF FF FF 7F FF FF FF 7F",
                 LIION_E_DECODE, "product over", 9);
    decode_fails(LIION_UA_TYPE_VARIANT, "C6 00 00 00 00 02 00 00 00 FF FF FF FF 00 00 00 00",
                 LIION_E_DECODE, "dimension 0 is -1", 9);
    decode_fails(LIION_UA_TYPE_VARIANT, "C6 00 00 00 00 00 00 00 00", LIION_E_DECODE,
                 "count 0 is not positive", 5);
    decode_fails(LIION_UA_TYPE_VARIANT, "C6 00 00 00 00 FF FF FF 0F", LIION_E_TRUNCATED,
                 "ArrayDimensions of 268435455 entries", 5);
    /* one dimension is accepted (both peers do) and kept */
    decode_hex(LIION_UA_TYPE_VARIANT, "C6 02 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 02 00 00 00",
               NULL);
    /* zero dimension with an empty array */
    decode_hex(LIION_UA_TYPE_VARIANT, "C6 00 00 00 00 02 00 00 00 00 00 00 00 03 00 00 00", NULL);
}
END_TEST

static size_t nested_variant(uint8_t *buf, unsigned levels)
{
    /* levels-1 Variant[1] wrappers around an Int32 Variant */
    size_t n = 0;
    for (unsigned i = 1; i < levels; i++) {
        buf[n++] = 0x98;
        buf[n++] = 1;
        buf[n++] = 0;
        buf[n++] = 0;
        buf[n++] = 0;
    }
    buf[n++] = 0x06;
    buf[n++] = 7;
    buf[n++] = 0;
    buf[n++] = 0;
    buf[n++] = 0;
    return n;
}

START_TEST(limits_depth)
{
    static uint8_t buf[5 * 2000];
    size_t n = nested_variant(buf, 100), used = 0;
    ck_assert_int_eq(liion_ua_value_decode(fx.v, LIION_UA_TYPE_VARIANT, buf, n, &used), LIION_OK);
    ck_assert_uint_eq(used, n);
    n = nested_variant(buf, 101);
    ck_assert_int_eq(liion_ua_value_decode(fx.v, LIION_UA_TYPE_VARIANT, buf, n, &used), LIION_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "depth limit 100"));
    ck_assert_uint_eq(liion_ctx_error_offset(fx.ctx), 500);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_DEPTH, 1000000), LIION_OK);
    n = nested_variant(buf, 2000); /* the hard ceiling (1024) still holds */
    ck_assert_int_eq(liion_ua_value_decode(fx.v, LIION_UA_TYPE_VARIANT, buf, n, &used), LIION_E_LIMIT);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_DEPTH, 3), LIION_OK);
    /* DiagnosticInfo chain of 4 */
    decode_fails(LIION_UA_TYPE_DIAGNOSTICINFO, "40 40 40 00", LIION_E_LIMIT, "DiagnosticInfo nested",
                 3);
    /* DataValue holding a Variant: 2 levels */
    decode_hex(LIION_UA_TYPE_DATAVALUE, "01 06 01 00 00 00", NULL);
}
END_TEST

START_TEST(limits_items_strings_bytes)
{
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_ITEMS, 2), LIION_OK);
    decode_fails(LIION_UA_TYPE_VARIANT, "83 03 00 00 00 01 02 03", LIION_E_LIMIT, "items limit 2", 1);
    decode_hex(LIION_UA_TYPE_VARIANT, "83 02 00 00 00 01 02", NULL);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_ITEMS, 0), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 8), LIION_OK);
    decode_fails(LIION_UA_TYPE_STRING, "09 00 00 00 41", LIION_E_LIMIT, "message-bytes limit 8", 0);
    decode_fails(LIION_UA_TYPE_VARIANT, "0B 00 00 00 00 00 00 F8 3F", LIION_E_LIMIT,
                 "longer than the message-bytes limit", 8);
    decode_hex(LIION_UA_TYPE_VARIANT, "06 01 00 00 00", NULL);
}
END_TEST

START_TEST(trailing_bytes_are_reported)
{
    uint8_t in[10] = { 0x0B, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0xFF };
    size_t used = 0;
    ck_assert_int_eq(liion_ua_value_decode(fx.v, LIION_UA_TYPE_VARIANT, in, sizeof in, &used),
                     LIION_OK);
    ck_assert_uint_eq(used, 9);
    ck_assert_int_eq(liion_ua_value_decode(fx.v, (liion_ua_type)26, in, sizeof in, &used),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ua_value_decode(fx.v, LIION_UA_TYPE_VARIANT, NULL, 3, &used),
                     LIION_E_INVALID_ARG);
}
END_TEST

/* ---- DateTime and status names ------------------------------------------------------------ */

START_TEST(datetime_conversions)
{
    ck_assert_int_eq(liion_ua_datetime_from_unix_ns(0), LIION_UA_DATETIME_UNIX_EPOCH);
    ck_assert_int_eq(liion_ua_datetime_from_unix_ns(INT64_C(1704067200) * 1000000000), TICKS_2024);
    ck_assert_int_eq(liion_ua_datetime_from_unix_us(INT64_C(1704067200) * 1000000), TICKS_2024);
    ck_assert_int_eq(liion_ua_datetime_to_unix_ns(TICKS_2024), INT64_C(1704067200) * 1000000000);
    ck_assert_int_eq(liion_ua_datetime_to_unix_us(TICKS_2024 + 15), INT64_C(1704067200) * 1000000 + 1);
    ck_assert_int_eq(liion_ua_datetime_from_unix_ns(-150), LIION_UA_DATETIME_UNIX_EPOCH - 2);
    /* clamping: before 1601 -> 0, from 9999-12-31T23:59:59 -> INT64_MAX */
    ck_assert_int_eq(liion_ua_datetime_from_unix_us(-INT64_C(11644473600) * 1000000 - 1), 0);
    ck_assert_int_eq(liion_ua_datetime_from_unix_us(INT64_MIN), 0);
    ck_assert_int_eq(liion_ua_datetime_from_unix_us(INT64_C(253402300799) * 1000000), INT64_MAX);
    ck_assert_int_eq(liion_ua_datetime_from_unix_us(INT64_MAX), INT64_MAX);
    ck_assert_int_eq(liion_ua_datetime_from_unix_ns(INT64_MAX), INT64_C(9223372036854775807) / 100 + LIION_UA_DATETIME_UNIX_EPOCH);
    ck_assert_int_eq(liion_ua_datetime_to_unix_ns(0), INT64_MIN);
    ck_assert_int_eq(liion_ua_datetime_to_unix_ns(INT64_MAX), INT64_MAX);
    ck_assert_int_eq(liion_ua_datetime_to_unix_ns(LIION_UA_DATETIME_MAX_TICKS - 1), INT64_MAX);
    ck_assert_int_eq(liion_ua_datetime_to_unix_ns(1), INT64_MIN);
    ck_assert_int_eq(liion_ua_datetime_to_unix_us(1), -INT64_C(11644473600) * 1000000);
    ck_assert_int_eq(liion_ua_datetime_to_unix_us(0), INT64_MIN);
    ck_assert_int_eq(liion_ua_datetime_to_unix_us(INT64_MAX), INT64_MAX);
}
END_TEST

START_TEST(status_names)
{
    ck_assert_str_eq(liion_ua_status_name(0), "Good");
    ck_assert_str_eq(liion_ua_status_name(0x80070000u), "BadDecodingError");
    ck_assert_str_eq(liion_ua_status_name(0x80080000u), "BadEncodingLimitsExceeded");
    ck_assert_str_eq(liion_ua_status_name(0x80340000u), "BadNodeIdUnknown");
    ck_assert_str_eq(liion_ua_status_name(0x40000400u), "Uncertain"); /* info bits ignored */
    ck_assert_str_eq(liion_ua_status_name(0x81120000u), "BadNumericOverflow");
    ck_assert_ptr_null(liion_ua_status_name(0x7FFF0000u));
    /* every name found by its own code: the table is sorted and unique */
    for (uint32_t hi = 0; hi < 0x10000u; hi++) {
        const char *n = liion_ua_status_name(hi << 16);
        if (n != NULL)
            ck_assert_ptr_nonnull(strstr(n, hi >= 0x8000u ? "Bad" : hi >= 0x4000u ? "Uncertain" : "Good"));
    }
}
END_TEST

/* ---- random round trips: a generator of canonical encodings of every type --------------- */

typedef struct gen {
    uint64_t s;
    uint8_t *buf;
    size_t n, cap;
} gen;

static uint32_t rnd(gen *g)
{
    g->s = g->s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (uint32_t)(g->s >> 33);
}

static void put(gen *g, uint8_t b)
{
    ck_assert_uint_lt(g->n, g->cap);
    g->buf[g->n++] = b;
}

static void put32(gen *g, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        put(g, (uint8_t)(v >> (8 * i)));
}

static void put_str(gen *g)
{
    uint32_t k = rnd(g) % 6;
    if (k == 0) {
        put32(g, 0xFFFFFFFFu);
        return;
    }
    k--;
    put32(g, k);
    for (uint32_t i = 0; i < k; i++)
        put(g, (uint8_t)rnd(g));
}

static void put_nodeid(gen *g, uint8_t flags)
{
    uint32_t form = rnd(g) % 6, ns, id;
    switch (form) {
    case 0:
        put(g, flags);
        put(g, (uint8_t)rnd(g));
        break;
    case 1:
        put(g, (uint8_t)(flags | 1));
        ns = 1 + rnd(g) % 255;
        put(g, (uint8_t)ns);
        id = rnd(g) & 0xFFFF;
        put(g, (uint8_t)id);
        put(g, (uint8_t)(id >> 8));
        break;
    case 2:
        put(g, (uint8_t)(flags | 2));
        ns = 256 + rnd(g) % 1000;
        put(g, (uint8_t)ns);
        put(g, (uint8_t)(ns >> 8));
        put32(g, rnd(g));
        break;
    case 3:
    case 5:
        put(g, (uint8_t)(flags | form));
        put(g, (uint8_t)rnd(g));
        put(g, (uint8_t)rnd(g));
        put_str(g);
        break;
    default:
        put(g, (uint8_t)(flags | 4));
        put(g, (uint8_t)rnd(g));
        put(g, (uint8_t)rnd(g));
        for (int i = 0; i < 16; i++)
            put(g, (uint8_t)rnd(g));
        break;
    }
}

static void put_variant(gen *g, unsigned depth);

static void put_elem(gen *g, unsigned type, unsigned depth)
{
    static const uint8_t sizes[] = { 0, 1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8 };
    switch (type) {
    case 1:
        put(g, (uint8_t)(rnd(g) & 1));
        return;
    case 10: { /* avoid non-canonical NaN scalars */
        uint32_t u = rnd(g) & 0x3FFFFFFFu;
        put32(g, u);
        return;
    }
    case 11:
        put32(g, rnd(g));
        put32(g, rnd(g) & 0x3FFFFFFFu);
        return;
    case 12:
    case 15:
    case 16:
        put_str(g);
        return;
    case 13:
        put32(g, rnd(g));
        put32(g, rnd(g));
        return;
    case 14:
        for (int i = 0; i < 16; i++)
            put(g, (uint8_t)rnd(g));
        return;
    case 17:
        put_nodeid(g, 0);
        return;
    case 18: {
        uint8_t f = (uint8_t)((rnd(g) & 3) << 6);
        put_nodeid(g, f);
        if (f & 0x80)
            put_str(g);
        if (f & 0x40)
            put32(g, rnd(g));
        return;
    }
    case 19:
        put32(g, rnd(g));
        return;
    case 20:
        put(g, (uint8_t)rnd(g));
        put(g, (uint8_t)rnd(g));
        put_str(g);
        return;
    case 21: {
        uint8_t m = (uint8_t)(rnd(g) & 3);
        put(g, m);
        if (m & 1)
            put_str(g);
        if (m & 2)
            put_str(g);
        return;
    }
    case 22: {
        uint8_t e = (uint8_t)(rnd(g) % 3);
        put_nodeid(g, 0);
        put(g, e);
        if (e)
            put_str(g);
        return;
    }
    case 23: {
        uint8_t m = (uint8_t)(rnd(g) & (depth > 0 ? 0x3F : 0x3E));
        put(g, m);
        if (m & 1)
            put_variant(g, depth - 1);
        if (m & 2)
            put32(g, rnd(g));
        if (m & 4) {
            put32(g, rnd(g));
            put32(g, rnd(g));
        }
        if (m & 0x10) {
            uint32_t ps = rnd(g) % 10000;
            put(g, (uint8_t)ps);
            put(g, (uint8_t)(ps >> 8));
        }
        if (m & 8) {
            put32(g, rnd(g));
            put32(g, rnd(g));
        }
        if (m & 0x20) {
            uint32_t ps = rnd(g) % 10000;
            put(g, (uint8_t)ps);
            put(g, (uint8_t)(ps >> 8));
        }
        return;
    }
    case 24:
        put_variant(g, depth > 0 ? depth - 1 : 0);
        return;
    case 25: {
        unsigned levels = 1 + rnd(g) % 3;
        for (unsigned l = 0; l < levels; l++) {
            uint8_t m = (uint8_t)(rnd(g) & 0x3F);
            if (l + 1 < levels)
                m |= 0x40;
            put(g, m);
            for (unsigned bit = 0; bit < 4; bit++)
                if (m & (1u << bit))
                    put32(g, rnd(g));
            if (m & 0x10)
                put_str(g);
            if (m & 0x20)
                put32(g, rnd(g));
        }
        return;
    }
    default:
        for (unsigned i = 0; i < sizes[type]; i++)
            put(g, (uint8_t)rnd(g));
        return;
    }
}

/* Wire order of DiagnosticInfo Int32 fields is symbolic, nsuri, locale(0x08), ltext(0x04): the
 * generator writes bits 0..3 in bit order, which is the same set of 4-byte fields, so the
 * round trip still holds byte for byte (all are raw Int32s). */

static void put_variant(gen *g, unsigned depth)
{
    unsigned type = 1 + rnd(g) % 25;
    if (rnd(g) % 10 == 0) {
        put(g, 0);
        return;
    }
    if (depth == 0 && (type == 23 || type == 24))
        type = 6;
    if (type == 24 || rnd(g) % 3 == 0) { /* array */
        uint32_t n = rnd(g) % 5;
        bool dims = n > 0 && rnd(g) % 2 == 0;
        put(g, (uint8_t)(type | 0x80 | (dims ? 0x40 : 0)));
        if (rnd(g) % 8 == 0 && !dims) {
            put32(g, 0xFFFFFFFFu);
            return;
        }
        put32(g, n);
        for (uint32_t i = 0; i < n; i++)
            put_elem(g, type, depth);
        if (dims) {
            put32(g, 2);
            put32(g, n);
            put32(g, 1);
        }
        return;
    }
    put(g, (uint8_t)type);
    put_elem(g, type, depth);
}

START_TEST(roundtrip_random_every_type)
{
    static uint8_t buf[1 << 16], out[1 << 16];
    gen g = { UINT64_C(0x5EED0000) + (uint64_t)_i, buf, 0, sizeof buf };
    for (int iter = 0; iter < 400; iter++) {
        unsigned type = 1 + (unsigned)iter % 25;
        size_t used = 0, w = 0, sz = 0;
        liion_status st;
        g.n = 0;
        if (type == 24)
            put_variant(&g, 3);
        else
            put_elem(&g, type, 3);
        st = liion_ua_value_decode(fx.v, (liion_ua_type)type, buf, g.n, &used);
        ck_assert_msg(st == LIION_OK, "seed %d iter %d type %u: %s", _i, iter, type,
                      liion_ctx_errmsg(fx.ctx));
        ck_assert_uint_eq(used, g.n);
        ck_assert_int_eq(liion_ua_value_encoded_size(fx.v, &sz), LIION_OK);
        ck_assert_int_eq(liion_ua_value_encode(fx.v, out, sizeof out, &w), LIION_OK);
        ck_assert_uint_eq(sz, g.n);
        ck_assert_uint_eq(w, g.n);
        ck_assert_msg(memcmp(out, buf, w) == 0, "seed %d iter %d type %u differs", _i, iter, type);
        /* every truncation fails cleanly with TRUNCATED (never reads past the end) */
        if (iter % 16 == 0 && g.n > 1) {
            size_t cut = (size_t)rnd(&g) % g.n;
            st = liion_ua_value_decode(fx.v, (liion_ua_type)type, buf, cut, &used);
            ck_assert_msg(st == LIION_E_TRUNCATED, "cut %zu/%zu: %s", cut, g.n,
                          liion_status_str(st));
        }
    }
}
END_TEST

START_TEST(roundtrip_random_builders)
{
    gen g = { UINT64_C(0xB111D) + (uint64_t)_i, NULL, 0, 0 };
    static double d[300];
    static uint8_t out[4096];
    for (int iter = 0; iter < 200; iter++) {
        uint32_t n = rnd(&g) % 300;
        size_t w, used;
        const void *data;
        size_t cnt;
        for (uint32_t i = 0; i < n; i++)
            d[i] = (double)(int32_t)rnd(&g) / 7.0;
        ck_assert_int_eq(liion_ua_value_set_array(fx.v, LIION_UA_TYPE_DOUBLE, d, n, NULL, 0), LIION_OK);
        ck_assert_int_eq(liion_ua_value_set_datavalue(fx.v, LIION_UA_DV_VALUE | LIION_UA_DV_STATUS,
                                                      rnd(&g), 0, 0, 0, 0),
                         LIION_OK);
        ck_assert_int_eq(liion_ua_value_encode(fx.v, out, sizeof out, &w), LIION_OK);
        ck_assert_int_eq(liion_ua_value_decode(fx.v, LIION_UA_TYPE_DATAVALUE, out, w, &used), LIION_OK);
        ck_assert_uint_eq(used, w);
        ck_assert_int_eq(liion_ua_variant_array_data(liion_ua_datavalue_value(root_dv()), &data, &cnt),
                         LIION_OK);
        ck_assert_uint_eq(cnt, n);
        ck_assert(n == 0 || memcmp(data, d, n * sizeof(double)) == 0);
        ck_assert_uint_eq((uintptr_t)data % _Alignof(double), 0);
    }
}
END_TEST

/* Arrays built element by element with liion_ua_value_set_elem_value() from random canonical
 * scalars give exactly the canonical array encoding (header + the elements' bytes). */
START_TEST(roundtrip_random_structured_arrays)
{
    static const unsigned types[] = { 12, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25 };
    static uint8_t want[1 << 16], elem[1 << 14], out[1 << 16];
    gen g = { UINT64_C(0xA77A7) + (uint64_t)_i, NULL, 0, 0 };
    liion_ua_value *src;
    ck_assert_int_eq(liion_ua_value_new(&src, fx.ctx), LIION_OK);
    for (int iter = 0; iter < 220; iter++) {
        unsigned t = types[(unsigned)iter % (sizeof types / sizeof types[0])];
        uint32_t n = rnd(&g) % 6;
        size_t wn = 0, w = 0, used = 0;
        want[wn++] = (uint8_t)(0x80u | t);
        for (int k = 0; k < 4; k++)
            want[wn++] = (uint8_t)(n >> (8 * k));
        ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, (liion_ua_type)t, n), LIION_OK);
        for (uint32_t i = 0; i < n; i++) {
            g.buf = elem;
            g.cap = sizeof elem;
            g.n = 0;
            if (t == LIION_UA_TYPE_VARIANT)
                put_variant(&g, 3);
            else
                put_elem(&g, t, 3);
            ck_assert_int_eq(liion_ua_value_decode(src, (liion_ua_type)t, elem, g.n, &used), LIION_OK);
            ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, i, src), LIION_OK);
            ck_assert_uint_le(wn + g.n, sizeof want);
            memcpy(want + wn, elem, g.n);
            wn += g.n;
        }
        liion_ua_value_reset(src);
        ck_assert_int_eq(liion_ua_value_encode(fx.v, out, sizeof out, &w), LIION_OK);
        ck_assert_uint_eq(w, wn);
        ck_assert_msg(memcmp(out, want, wn) == 0, "seed %d iter %d type %u differs", _i, iter, t);
        ck_assert_int_eq(liion_ua_value_decode(fx.v, LIION_UA_TYPE_VARIANT, want, wn, &used), LIION_OK);
        ck_assert_uint_eq(used, wn);
        ck_assert_uint_eq(liion_ua_variant_length(liion_ua_value_variant(fx.v)), n);
    }
    liion_ua_value_free(src);
}
END_TEST

/* ---- steady state: no heap traffic once the arena has grown ------------------------------ */

static unsigned long g_allocs;
static void *count_alloc(void *u, size_t n) { (void)u; g_allocs++; return malloc(n); }
static void *count_realloc(void *u, void *p, size_t o, size_t n) { (void)u; (void)o; g_allocs++; return realloc(p, n); }
static void count_free(void *u, void *p, size_t n) { (void)u; (void)n; free(p); }

START_TEST(steady_state_no_allocation)
{
    liion_allocator a = { sizeof a, 0, count_alloc, count_realloc, count_free, NULL };
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx;
    liion_ua_value *v;
    uint8_t in[256];
    size_t n = liion_test_unhex(in, sizeof in,
                     "01 8C 03 00 00 00 02 00 00 00 4C 69 FF FF FF FF 01 00 00 00 61"), used;
    o.allocator = &a;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_OK);
    ck_assert_int_eq(liion_ua_value_new(&v, ctx), LIION_OK);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(liion_ua_value_decode(v, LIION_UA_TYPE_DATAVALUE, in, n, &used), LIION_OK);
    g_allocs = 0;
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(liion_ua_value_decode(v, LIION_UA_TYPE_DATAVALUE, in, n, &used), LIION_OK);
    ck_assert_uint_eq(g_allocs, 0);
    liion_ua_value_free(v);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- allocation failure -------------------------------------------------------------------- */

static liion_status body_decode(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_ua_value *v = NULL;
    uint8_t in[512];
    size_t n = liion_test_unhex(in, sizeof in, (const char *)user), used;
    liion_status st;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    if (st == LIION_OK)
        st = liion_ua_value_new(&v, ctx);
    if (st == LIION_OK)
        st = liion_ua_value_decode(v, LIION_UA_TYPE_VARIANT, in, n, &used);
    if (st == LIION_OK) /* a second decode reuses the arena */
        st = liion_ua_value_decode(v, LIION_UA_TYPE_VARIANT, in, n, &used);
    liion_ua_value_free(v);
    liion_ctx_free(ctx);
    return st;
}

/* Each builder on a fresh container: a reset that merges arena chunks may refuse its merge
 * silently (by design), which the loop would count as an unreported failure. */
static liion_status build_step(liion_ctx *ctx, int step)
{
    liion_ua_value *v = NULL;
    static double d[2000];
    const uint8_t *datas[2] = { (const uint8_t *)"abc", (const uint8_t *)"de" };
    size_t lens[2] = { 3, 2 };
    uint32_t dims[2] = { 40, 50 };
    liion_status st = liion_ua_value_new(&v, ctx);
    if (st != LIION_OK)
        return st;
    switch (step) {
    case 0: st = liion_ua_value_set_array(v, LIION_UA_TYPE_DOUBLE, d, 2000, dims, 2); break;
    case 1: st = liion_ua_value_set_bytes_array(v, LIION_UA_TYPE_STRING, datas, lens, 2); break;
    case 2:
        st = liion_ua_value_set_nodeid(v, 1, LIION_UA_ID_STRING, 0, (const uint8_t *)"x", 1);
        if (st == LIION_OK)
            st = liion_ua_value_set_expand(v, (const uint8_t *)"urn:a", 5, 1);
        break;
    case 3:
        st = liion_ua_value_set_localizedtext(v, (const uint8_t *)"en", 2, (const uint8_t *)"t", 1);
        break;
    case 4: st = liion_ua_value_set_extobj(v, 1, 2, 1, (const uint8_t *)"b", 1); break;
    case 5: st = liion_ua_value_set_qualifiedname(v, 1, (const uint8_t *)"q", 1); break;
    default:
        st = liion_ua_value_set_bytes(v, LIION_UA_TYPE_STRING, (const uint8_t *)"s", 1);
        if (st == LIION_OK)
            st = liion_ua_value_set_datavalue(v, LIION_UA_DV_VALUE, 0, 0, 0, 0, 0);
        break;
    }
    liion_ua_value_free(v);
    return st;
}

static liion_status body_build(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_status st;
    (void)user;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    for (int step = 0; st == LIION_OK && step < 7; step++)
        st = build_step(ctx, step);
    liion_ctx_free(ctx);
    return st;
}

START_TEST(alloc_failure_decode)
{
    /* Variant[] of: String array variant, DataValue-holding variant, DiagnosticInfo chain */
    char big[1200];
    strcpy(big, "98 03 00 00 00 8C 02 00 00 00 02 00 00 00 4C 69 03 00 00 00 61 62 63 "
                "17 01 0B 00 00 00 00 00 00 F8 3F "
                "19 50 02 00 00 00 68 69 41 01 00 00 00 00 ");
    liion_test_alloc_loop("decode nested Variant", body_decode, big);
    liion_test_alloc_loop("decode Double[] with dims", body_decode,
                          "CB 02 00 00 00 00 00 00 00 00 00 F0 3F 00 00 00 00 00 00 00 40 "
                          "02 00 00 00 01 00 00 00 02 00 00 00");
}
END_TEST

START_TEST(alloc_failure_build)
{
    liion_test_alloc_loop("builders", body_build, NULL);
}
END_TEST

/* ---- DiagnosticInfo builder and structured-array builders ---------------------------------- */

/* Encode fx-style container `v` (exact size first) into out; returns the byte count. */
static size_t encode_exact(liion_ua_value *v, uint8_t *out, size_t cap)
{
    size_t need = 0, n = 0;
    ck_assert_int_eq(liion_ua_value_encoded_size(v, &need), LIION_OK);
    ck_assert_uint_le(need, cap);
    ck_assert_int_eq(liion_ua_value_encode(v, out, cap, &n), LIION_OK);
    ck_assert_uint_eq(n, need);
    return n;
}

static void expect_bytes(liion_ua_value *v, const char *hex)
{
    uint8_t want[256], got[256];
    size_t nw = liion_test_unhex(want, sizeof want, hex), ng = encode_exact(v, got, sizeof got);
    ck_assert_uint_eq(ng, nw);
    ck_assert_mem_eq(got, want, nw);
}

/* Encode v, decode the bytes as `type` into `into`, re-encode `into`: same bytes. Returns the
 * decoded root view. */
static const liion_ua_variant *roundtrip_into(liion_ua_value *v, liion_ua_type type,
                                              liion_ua_value *into)
{
    static uint8_t a[4096], b[4096];
    size_t na = encode_exact(v, a, sizeof a), used = 0, nb;
    liion_status st = liion_ua_value_decode(into, type, a, na, &used);
    ck_assert_msg(st == LIION_OK, "decode: %s", liion_ctx_errmsg(fx.ctx));
    ck_assert_uint_eq(used, na);
    nb = encode_exact(into, b, sizeof b);
    ck_assert_uint_eq(nb, na);
    ck_assert_mem_eq(a, b, na);
    return liion_ua_value_variant(into);
}

static const uint8_t *U8(const char *s)
{
    return (const uint8_t *)s;
}

START_TEST(build_diaginfo_reference)
{
    /* shared/reference/opcua.md 1.7: Locale before LocalizedText; SymbolicId + InnerStatus */
    ck_assert_int_eq(liion_ua_value_set_diaginfo(fx.v, LIION_UA_DI_LOCALE | LIION_UA_DI_LOCALIZED_TEXT,
                                                 99, 99, 4, 3, NULL, 0, 7),
                     LIION_OK);
    ck_assert_int_eq(liion_ua_value_type(fx.v), LIION_UA_TYPE_DIAGNOSTICINFO);
    expect_bytes(fx.v, "0C 03 00 00 00 04 00 00 00");
    ck_assert_int_eq(liion_ua_value_set_diaginfo(fx.v, LIION_UA_DI_SYMBOLIC_ID | LIION_UA_DI_INNER_STATUS,
                                                 1, 0, 0, 0, NULL, 0, 0x80070000u),
                     LIION_OK);
    expect_bytes(fx.v, "21 01 00 00 00 00 00 07 80");
    /* the same inside a Variant */
    ck_assert_int_eq(liion_ua_value_wrap_variant(fx.v), LIION_OK);
    ck_assert_int_eq(liion_ua_value_type(fx.v), LIION_UA_TYPE_VARIANT);
    expect_bytes(fx.v, "19 21 01 00 00 00 00 00 07 80");
    ck_assert_int_eq(liion_ua_value_wrap_variant(fx.v), LIION_E_STATE);
    /* bad mask: INNER_DIAG comes from add_inner, unknown bits refused */
    ck_assert_int_eq(liion_ua_value_set_diaginfo(fx.v, LIION_UA_DI_INNER_DIAG, 0, 0, 0, 0, NULL, 0, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "mask 0x40"));
    /* add_inner needs a DiagnosticInfo root */
    ck_assert_int_eq(liion_ua_value_set_bytes(fx.v, LIION_UA_TYPE_STRING, U8("x"), 1), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0),
                     LIION_E_STATE);
}
END_TEST

static void check_di_level(const liion_ua_diaginfo *di, int32_t base, const char *info)
{
    const uint8_t *d;
    size_t n;
    ck_assert_ptr_nonnull(di);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_SYMBOLIC_ID), base);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_NAMESPACE_URI), base + 1);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_LOCALIZED_TEXT), base + 2);
    ck_assert_int_eq(liion_ua_diaginfo_index(di, LIION_UA_DI_LOCALE), base + 3);
    ck_assert_int_eq(liion_ua_diaginfo_additional_info(di, &d, &n), LIION_OK);
    if (info == NULL) {
        ck_assert_ptr_null(d);
    } else {
        ck_assert_uint_eq(n, strlen(info));
        ck_assert_mem_eq(d, info, n);
    }
    ck_assert_uint_eq(liion_ua_diaginfo_inner_status(di), 0x80000000u | (uint32_t)base);
}

START_TEST(build_diaginfo_nested)
{
    const uint32_t all = 0x3Fu;
    liion_ua_value *w;
    const liion_ua_variant *root;
    const liion_ua_diaginfo *di;
    ck_assert_int_eq(liion_ua_value_new(&w, fx.ctx), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_diaginfo(fx.v, all, 10, 11, 12, 13, U8("outer"), 5,
                                                 0x8000000Au), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, all, 20, 21, 22, 23, U8(""), 0,
                                                       0x80000014u), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, all, 30, 31, 32, 33, NULL, 0,
                                                       0x8000001Eu), LIION_OK);
    root = roundtrip_into(fx.v, LIION_UA_TYPE_DIAGNOSTICINFO, w);
    ck_assert_int_eq(liion_ua_variant_get_diaginfo(root, 0, &di), LIION_OK);
    ck_assert_uint_eq(liion_ua_diaginfo_mask(di), 0x7Fu);
    check_di_level(di, 10, "outer");
    di = liion_ua_diaginfo_inner(di);
    ck_assert_uint_eq(liion_ua_diaginfo_mask(di), 0x7Fu);
    check_di_level(di, 20, "");
    di = liion_ua_diaginfo_inner(di);
    ck_assert_uint_eq(liion_ua_diaginfo_mask(di), 0x3Fu);
    check_di_level(di, 30, NULL);
    ck_assert_ptr_null(liion_ua_diaginfo_inner(di));
    /* and as a Variant */
    ck_assert_int_eq(liion_ua_value_wrap_variant(fx.v), LIION_OK);
    root = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_type(root), LIION_UA_TYPE_DIAGNOSTICINFO);
    ck_assert_int_eq(liion_ua_variant_get_diaginfo(root, 0, &di), LIION_OK);
    check_di_level(liion_ua_diaginfo_inner(liion_ua_diaginfo_inner(di)), 30, NULL);
    liion_ua_value_free(w);
}
END_TEST

START_TEST(build_diaginfo_depth_limit)
{
    uint8_t before[64], after[64];
    size_t nb, na;
    ck_assert_int_eq(liion_ctx_set_limit(fx.ctx, LIION_LIMIT_MAX_DEPTH, 3), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0), LIION_OK);
    nb = encode_exact(fx.v, before, sizeof before);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0),
                     LIION_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "depth limit 3"));
    na = encode_exact(fx.v, after, sizeof after); /* unchanged */
    ck_assert_uint_eq(na, nb);
    ck_assert_mem_eq(after, before, nb);
    /* the 3-level chain decodes under the same limit: 40 40 00 */
    expect_bytes(fx.v, "40 40 00");
    /* in a Variant the Variant counts one more level */
    ck_assert_int_eq(liion_ua_value_set_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_wrap_variant(fx.v), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(fx.v, 0, 0, 0, 0, 0, NULL, 0, 0),
                     LIION_E_LIMIT);
}
END_TEST

START_TEST(build_structured_arrays)
{
    static const uint8_t guid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    liion_ua_value *w, *src;
    const liion_ua_variant *r, *ev;
    const liion_ua_nodeid *id;
    const liion_ua_expandednodeid *eid;
    const liion_ua_extobj *eo;
    const liion_ua_datavalue *dv;
    const liion_ua_diaginfo *di;
    const uint8_t *d, *d2;
    size_t n, n2;
    uint16_t ns;
    double x;
    int64_t iv;
    ck_assert_int_eq(liion_ua_value_new(&w, fx.ctx), LIION_OK);
    ck_assert_int_eq(liion_ua_value_new(&src, fx.ctx), LIION_OK);

    /* String[] with a null and an empty element; the fixed reference encoding */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_STRING, 3), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_bytes(fx.v, 0, U8("ab"), 2), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_bytes(fx.v, 2, U8(""), 0), LIION_OK);
    expect_bytes(fx.v, "8C 03 00 00 00 02 00 00 00 61 62 FF FF FF FF 00 00 00 00");
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_get_bytes(r, 1, &d, &n), LIION_OK);
    ck_assert_ptr_null(d);
    /* ByteString[] */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_BYTESTRING, 1), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_bytes(fx.v, 0, guid, 3), LIION_OK);
    expect_bytes(fx.v, "8F 01 00 00 00 03 00 00 00 01 02 03");

    /* NodeId[]: numeric (smallest forms), string, guid, bytestring */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_NODEID, 4), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_nodeid(fx.v, 0, 0, LIION_UA_ID_NUMERIC, 85, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_nodeid(fx.v, 1, 2, LIION_UA_ID_STRING, 0, U8("Dryer"), 5), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_nodeid(fx.v, 2, 3, LIION_UA_ID_GUID, 0, guid, 16), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_nodeid(fx.v, 3, 4, LIION_UA_ID_BYTESTRING, 0, guid, 2), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_nodeid(fx.v, 3, 4, LIION_UA_ID_GUID, 0, guid, 3),
                     LIION_E_INVALID_ARG);
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_type(r), LIION_UA_TYPE_NODEID);
    ck_assert_uint_eq(liion_ua_variant_length(r), 4);
    ck_assert_int_eq(liion_ua_variant_get_nodeid(r, 0, &id), LIION_OK);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(id), 85);
    ck_assert_int_eq(liion_ua_variant_get_nodeid(r, 1, &id), LIION_OK);
    ck_assert_uint_eq(liion_ua_nodeid_ns(id), 2);
    ck_assert_int_eq(liion_ua_nodeid_bytes(id, &d, &n), LIION_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_mem_eq(d, "Dryer", 5);
    ck_assert_int_eq(liion_ua_variant_get_nodeid(r, 2, &id), LIION_OK);
    ck_assert_int_eq(liion_ua_nodeid_id_type(id), LIION_UA_ID_GUID);
    ck_assert_int_eq(liion_ua_nodeid_bytes(id, &d, &n), LIION_OK);
    ck_assert_mem_eq(d, guid, 16);
    ck_assert_int_eq(liion_ua_variant_get_nodeid(r, 3, &id), LIION_OK);
    ck_assert_int_eq(liion_ua_nodeid_id_type(id), LIION_UA_ID_BYTESTRING);
    expect_bytes(fx.v, "91 04 00 00 00 00 55 03 02 00 05 00 00 00 44 72 79 65 72 "
                          "04 03 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 "
                          "05 04 00 02 00 00 00 01 02");

    /* ExpandedNodeId[]: one plain, one with URI and server index */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_EXPANDEDNODEID, 2), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_nodeid(fx.v, 0, 1, LIION_UA_ID_NUMERIC, 1000, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_nodeid(fx.v, 1, 0, LIION_UA_ID_NUMERIC, 7, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_expand(fx.v, 1, U8("urn:x"), 5, 2), LIION_OK);
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_get_expandednodeid(r, 0, &eid), LIION_OK);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(liion_ua_expandednodeid_nodeid(eid)), 1000);
    ck_assert_uint_eq(liion_ua_expandednodeid_server_index(eid), 0);
    ck_assert_int_eq(liion_ua_variant_get_expandednodeid(r, 1, &eid), LIION_OK);
    ck_assert_int_eq(liion_ua_expandednodeid_uri(eid, &d, &n), LIION_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_mem_eq(d, "urn:x", 5);
    ck_assert_uint_eq(liion_ua_expandednodeid_server_index(eid), 2);
    /* set_elem_expand only on ExpandedNodeId arrays */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_NODEID, 1), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_expand(fx.v, 0, NULL, 0, 1), LIION_E_STATE);

    /* QualifiedName[]: reference bytes */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_QUALIFIEDNAME, 2), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_qualifiedname(fx.v, 0, 1, U8("ab"), 2), LIION_OK);
    expect_bytes(fx.v, "94 02 00 00 00 01 00 02 00 00 00 61 62 00 00 FF FF FF FF");
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_get_qualifiedname(r, 0, &ns, &d, &n), LIION_OK);
    ck_assert_uint_eq(ns, 1);
    ck_assert_mem_eq(d, "ab", 2);
    ck_assert_int_eq(liion_ua_variant_get_qualifiedname(r, 1, &ns, &d, &n), LIION_OK);
    ck_assert_ptr_null(d);

    /* LocalizedText[]: both, text only, empty */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_LOCALIZEDTEXT, 3), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_localizedtext(fx.v, 0, U8("en"), 2, U8("Hi"), 2), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_localizedtext(fx.v, 1, NULL, 0, U8("x"), 1), LIION_OK);
    expect_bytes(fx.v, "95 03 00 00 00 03 02 00 00 00 65 6E 02 00 00 00 48 69 "
                          "02 01 00 00 00 78 00");
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_get_localizedtext(r, 0, &d, &n, &d2, &n2), LIION_OK);
    ck_assert_mem_eq(d, "en", 2);
    ck_assert_mem_eq(d2, "Hi", 2);
    ck_assert_int_eq(liion_ua_variant_get_localizedtext(r, 2, &d, &n, &d2, &n2), LIION_OK);
    ck_assert_ptr_null(d);
    ck_assert_ptr_null(d2);

    /* ExtensionObject[]: binary body, XML body, no body */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_EXTENSIONOBJECT, 3), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_extobj(fx.v, 0, 0, 884, LIION_UA_EXTOBJ_BYTESTRING, guid, 4), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_extobj(fx.v, 1, 1, 77, LIION_UA_EXTOBJ_XML, U8("<a/>"), 4), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_extobj(fx.v, 2, 0, 1, 3, NULL, 0), LIION_E_INVALID_ARG);
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_get_extobj(r, 0, &eo), LIION_OK);
    ck_assert_uint_eq(liion_ua_nodeid_numeric(liion_ua_extobj_type_id(eo)), 884);
    ck_assert_uint_eq(liion_ua_extobj_encoding(eo), LIION_UA_EXTOBJ_BYTESTRING);
    ck_assert_int_eq(liion_ua_extobj_body(eo, &d, &n), LIION_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_mem_eq(d, guid, 4);
    ck_assert_int_eq(liion_ua_variant_get_extobj(r, 1, &eo), LIION_OK);
    ck_assert_uint_eq(liion_ua_extobj_encoding(eo), LIION_UA_EXTOBJ_XML);
    ck_assert_int_eq(liion_ua_variant_get_extobj(r, 2, &eo), LIION_OK);
    ck_assert_uint_eq(liion_ua_extobj_encoding(eo), LIION_UA_EXTOBJ_NOBODY);

    /* DataValue[]: element 0 from a built DataValue, element 1 from a decoded one */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_DATAVALUE, 3), LIION_OK);
    x = 152.5;
    ck_assert_int_eq(liion_ua_value_set_scalar(src, LIION_UA_TYPE_DOUBLE, &x), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 0, src), LIION_E_STATE); /* not a DataValue */
    ck_assert_int_eq(liion_ua_value_set_datavalue(src, LIION_UA_DV_VALUE | LIION_UA_DV_STATUS |
                                                       LIION_UA_DV_SOURCE_TIMESTAMP,
                                                  0x40000000u, 1234567, 0, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 0, src), LIION_OK);
    {
        uint8_t b[16];
        size_t bn = liion_test_unhex(b, sizeof b, "02 00 00 00 80"), used;
        ck_assert_int_eq(liion_ua_value_decode(src, LIION_UA_TYPE_DATAVALUE, b, bn, &used), LIION_OK);
    }
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 1, src), LIION_OK);
    liion_ua_value_reset(src); /* the copies do not depend on src */
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 2, fx.v), LIION_E_INVALID_ARG);
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_type(r), LIION_UA_TYPE_DATAVALUE);
    ck_assert_int_eq(liion_ua_variant_get_datavalue(r, 0, &dv), LIION_OK);
    ck_assert_uint_eq(liion_ua_datavalue_status(dv), 0x40000000u);
    ck_assert_int_eq(liion_ua_datavalue_source_timestamp(dv), 1234567);
    ck_assert_int_eq(liion_ua_variant_get_double(liion_ua_datavalue_value(dv), 0, &x), LIION_OK);
    ck_assert(x == 152.5);
    ck_assert_int_eq(liion_ua_variant_get_datavalue(r, 1, &dv), LIION_OK);
    ck_assert_uint_eq(liion_ua_datavalue_mask(dv), LIION_UA_DV_STATUS);
    ck_assert_uint_eq(liion_ua_datavalue_status(dv), 0x80000000u);
    ck_assert_int_eq(liion_ua_variant_get_datavalue(r, 2, &dv), LIION_OK);
    ck_assert_uint_eq(liion_ua_datavalue_mask(dv), 0);

    /* Variant[]: a Double, a String[] and a null Variant */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_VARIANT, 3), LIION_OK);
    x = -2.0;
    ck_assert_int_eq(liion_ua_value_set_scalar(src, LIION_UA_TYPE_DOUBLE, &x), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 0, src), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_array_begin(src, LIION_UA_TYPE_STRING, 2), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_bytes(src, 1, U8("z"), 1), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 1, src), LIION_OK);
    expect_bytes(fx.v, "98 03 00 00 00 0B 00 00 00 00 00 00 00 C0 "
                          "8C 02 00 00 00 FF FF FF FF 01 00 00 00 7A 00");
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_get_variant(r, 1, &ev), LIION_OK);
    ck_assert_uint_eq(liion_ua_variant_length(ev), 2);
    ck_assert_int_eq(liion_ua_variant_get_bytes(ev, 1, &d, &n), LIION_OK);
    ck_assert_mem_eq(d, "z", 1);
    ck_assert_int_eq(liion_ua_variant_get_variant(r, 0, &ev), LIION_OK);
    ck_assert_int_eq(liion_ua_variant_get_double(ev, 0, &x), LIION_OK);
    ck_assert(x == -2.0);
    ck_assert_int_eq(liion_ua_variant_get_int64(ev, 0, &iv), LIION_E_STATE);

    /* DiagnosticInfo[] from a nested DiagnosticInfo */
    ck_assert_int_eq(liion_ua_value_set_diaginfo(src, LIION_UA_DI_SYMBOLIC_ID, 5, 0, 0, 0, NULL, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_add_inner_diaginfo(src, LIION_UA_DI_INNER_STATUS, 0, 0, 0, 0, NULL, 0, 0x80070000u), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_DIAGNOSTICINFO, 2), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 1, src), LIION_OK);
    expect_bytes(fx.v, "99 02 00 00 00 00 41 05 00 00 00 20 00 00 07 80");
    r = roundtrip_into(fx.v, LIION_UA_TYPE_VARIANT, w);
    ck_assert_int_eq(liion_ua_variant_get_diaginfo(r, 1, &di), LIION_OK);
    ck_assert_uint_eq(liion_ua_diaginfo_inner_status(liion_ua_diaginfo_inner(di)), 0x80070000u);

    /* ExpandedNodeId element from a scalar container */
    ck_assert_int_eq(liion_ua_value_set_nodeid(src, 1, LIION_UA_ID_NUMERIC, 9, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_expand(src, NULL, 0, 3), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_EXPANDEDNODEID, 1), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 0, src), LIION_OK);
    expect_bytes(fx.v, "92 01 00 00 00 41 01 09 00 03 00 00 00");

    /* empty array; errors */
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_VARIANT, 0), LIION_OK);
    expect_bytes(fx.v, "98 00 00 00 00");
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 0, src), LIION_E_RANGE);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(fx.ctx), "index 0"));
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_DOUBLE, 2), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_NULL, 2), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, (liion_ua_type)26, 2), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ua_value_set_bytes(fx.v, LIION_UA_TYPE_STRING, U8("a"), 1), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_bytes(fx.v, 0, U8("b"), 1), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_value_set_array_begin(fx.v, LIION_UA_TYPE_QUALIFIEDNAME, 1), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_elem_bytes(fx.v, 0, U8("b"), 1), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_value_set_elem_localizedtext(fx.v, 0, NULL, 0, NULL, 0), LIION_E_STATE);
    ck_assert_int_eq(liion_ua_value_set_elem_qualifiedname(fx.v, 1, 0, NULL, 0), LIION_E_RANGE);
    ck_assert_int_eq(liion_ua_value_set_elem_value(fx.v, 0, NULL), LIION_E_INVALID_ARG);
    liion_ua_value_free(src);
    liion_ua_value_free(w);
}
END_TEST

static liion_status body_build_structured(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_ua_value *v = NULL, *s = NULL;
    liion_status st;
    uint8_t buf[512];
    size_t n;
    double x = 1.5;
    (void)user;
    o.allocator = hooks;
    st = liion_ctx_new(&ctx, &o);
    if (st == LIION_OK)
        st = liion_ua_value_new(&v, ctx);
    if (st == LIION_OK)
        st = liion_ua_value_new(&s, ctx);
    if (st == LIION_OK)
        st = liion_ua_value_set_diaginfo(s, 0x3F, 1, 2, 3, 4, U8("info"), 4, 5);
    if (st == LIION_OK)
        st = liion_ua_value_add_inner_diaginfo(s, 0x10, 0, 0, 0, 0, U8("inner info"), 10, 0);
    if (st == LIION_OK)
        st = liion_ua_value_add_inner_diaginfo(s, 0x10, 0, 0, 0, 0, U8("innermost"), 9, 0);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_DIAGNOSTICINFO, 2);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_value(v, 1, s);
    if (st == LIION_OK)
        st = liion_ua_value_wrap_variant(s);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_VARIANT, 2);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_value(v, 0, s);
    if (st == LIION_OK)
        st = liion_ua_value_set_scalar(s, LIION_UA_TYPE_DOUBLE, &x);
    if (st == LIION_OK)
        st = liion_ua_value_set_datavalue(s, LIION_UA_DV_VALUE, 0, 0, 0, 0, 0);
    if (st == LIION_OK)
        st = liion_ua_value_wrap_variant(s);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_value(v, 1, s);
    if (st == LIION_OK)
        st = liion_ua_value_encode(v, buf, sizeof buf, &n);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_NODEID, 2);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_nodeid(v, 1, 1, LIION_UA_ID_STRING, 0, U8("node"), 4);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_EXPANDEDNODEID, 1);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_expand(v, 0, U8("urn:a"), 5, 0);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_LOCALIZEDTEXT, 1);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_localizedtext(v, 0, U8("en"), 2, U8("text"), 4);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_QUALIFIEDNAME, 1);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_qualifiedname(v, 0, 1, U8("qn"), 2);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_EXTENSIONOBJECT, 1);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_extobj(v, 0, 0, 1, 1, U8("body"), 4);
    if (st == LIION_OK)
        st = liion_ua_value_set_array_begin(v, LIION_UA_TYPE_BYTESTRING, 1);
    if (st == LIION_OK)
        st = liion_ua_value_set_elem_bytes(v, 0, U8("bytes"), 5);
    liion_ua_value_free(s);
    liion_ua_value_free(v);
    liion_ctx_free(ctx);
    return st;
}

START_TEST(alloc_failure_build_structured)
{
    liion_test_alloc_loop("structured builders", body_build_structured, NULL);
}
END_TEST

static Suite *opcua_suite(void)
{
    Suite *s = suite_create("opcua");
    TCase *tc = tcase_create("vectors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, vec_variant_double);
    tcase_add_test(tc, vec_variant_int32_array);
    tcase_add_test(tc, vec_variant_int32_matrix);
    tcase_add_test(tc, vec_variant_string_and_null);
    tcase_add_test(tc, vec_open62541_variants);
    tcase_add_test(tc, vec_datavalues);
    tcase_add_test(tc, vec_picoseconds_clamped);
    tcase_add_test(tc, vec_nodeids);
    tcase_add_test(tc, vec_expandednodeid_both_forms);
    tcase_add_test(tc, vec_qualifiedname_localizedtext);
    tcase_add_test(tc, vec_strings_null_empty);
    tcase_add_test(tc, vec_scalars);
    tcase_add_test(tc, vec_extobj);
    tcase_add_test(tc, vec_diaginfo);
    tcase_add_test(tc, vec_variant_of_complex_arrays);
    suite_add_tcase(s, tc);

    tc = tcase_create("builders");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, build_datavalue_reference);
    tcase_add_test(tc, build_arrays);
    tcase_add_test(tc, build_strings_and_ids);
    tcase_add_test(tc, encode_buffer_too_small);
    tcase_add_test(tc, views_reject_wrong_types);
    tcase_add_test(tc, build_diaginfo_reference);
    tcase_add_test(tc, build_diaginfo_nested);
    tcase_add_test(tc, build_diaginfo_depth_limit);
    tcase_add_test(tc, build_structured_arrays);
    suite_add_tcase(s, tc);

    tc = tcase_create("negative");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, neg_truncated);
    tcase_add_test(tc, neg_array_length_before_allocation);
    tcase_add_test(tc, neg_bad_encodings);
    tcase_add_test(tc, variant_reserved_type_ids);
    tcase_add_test(tc, neg_array_dimensions);
    tcase_add_test(tc, limits_depth);
    tcase_add_test(tc, limits_items_strings_bytes);
    tcase_add_test(tc, trailing_bytes_are_reported);
    suite_add_tcase(s, tc);

    tc = tcase_create("helpers");
    tcase_add_test(tc, datetime_conversions);
    tcase_add_test(tc, status_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("properties");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, roundtrip_random_every_type, 0, 8);
    tcase_add_loop_test(tc, roundtrip_random_builders, 0, 4);
    tcase_add_loop_test(tc, roundtrip_random_structured_arrays, 0, 4);
    tcase_add_test(tc, steady_state_no_allocation);
    tcase_add_test(tc, alloc_failure_decode);
    tcase_add_test(tc, alloc_failure_build);
    tcase_add_test(tc, alloc_failure_build_structured);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(opcua_suite());
}
