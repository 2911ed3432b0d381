/* Export documents: SHA-256 (FIPS 180-4 vectors), deterministic CBOR (RFC 8949 Appendix A
 * vectors, key order), JSON (escaping, numbers, base64), the UN 38.3 test summary (every
 * validation rule, edition data, determinism under permuted setters), the per-cell formation
 * record (batch-average refusals, series round trip), the importer (round trips, every class of
 * bad input with status, message and offset, limits), the audit dossier (genealogy, roll map,
 * spec results violations first, tamper evidence, Markdown) and allocation-failure loops.
 *
 * With LIION_EXPORT_DUMP=<dir> in the environment every valid document the tests produce is
 * also written there as <name>.json and <name>.cbor, for tests/export_schema_check.py (and as
 * <name>.md, to read the Markdown renderings). */
#include <liion/liion.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "export/xdoc.h"
#include "support/failalloc.h"
#include "support/run.h"
#include "support/testutil.h"

static liion_ctx *ctx;

static void setup(void) { ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK); }
static void teardown(void)
{
    liion_ctx_free(ctx);
    ctx = NULL;
}

#define ERRMSG_HAS(t) LIION_CK_ERRMSG_HAS(ctx, t)

/* Encode into a malloc'd buffer (test helper). */
static uint8_t *encode(liion_export_doc *d, liion_export_format f, uint32_t flags, size_t *n)
{
    size_t need = 0;
    uint8_t *b;
    ck_assert_int_eq(liion_export_doc_encode(NULL, 0, &need, d, f, flags),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_gt(need, 0);
    b = malloc(need + 1);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(liion_export_doc_encode(b, need, n, d, f, flags), LIION_OK);
    ck_assert_uint_eq(*n, need);
    b[*n] = 0;
    return b;
}

static void dump(liion_export_doc *d, const char *name)
{
    const char *dir = getenv("LIION_EXPORT_DUMP");
    char path[1024];
    if (!dir || !*dir)
        return;
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    ck_assert_int_eq(liion_export_doc_write_file(d, path, LIION_EXPORT_JSON, 0), LIION_OK);
    snprintf(path, sizeof path, "%s/%s.cbor", dir, name);
    ck_assert_int_eq(liion_export_doc_write_file(d, path, LIION_EXPORT_CBOR, 0), LIION_OK);
    snprintf(path, sizeof path, "%s/%s.md", dir, name);
    ck_assert_int_eq(liion_export_doc_write_file(d, path, LIION_EXPORT_MARKDOWN, 0), LIION_OK);
}

/* Import the CBOR of d and check that it re-encodes to the same bytes (also zlib-wrapped). */
static void round_trip(liion_export_doc *d)
{
    size_t n, n2, nz;
    uint8_t *b = encode(d, LIION_EXPORT_CBOR, 0, &n), *b2, *z;
    liion_export_doc *back = NULL, *backz = NULL;
    ck_assert_int_eq(liion_export_doc_decode(&back, ctx, b, n, 0), LIION_OK);
    ck_assert_str_eq(liion_export_doc_type(back), liion_export_doc_type(d));
    b2 = encode(back, LIION_EXPORT_CBOR, 0, &n2);
    ck_assert_uint_eq(n, n2);
    ck_assert(memcmp(b, b2, n) == 0);
    free(b2);
    b2 = encode(back, LIION_EXPORT_JSON, 0, &n2);
    free(b2);
    z = encode(d, LIION_EXPORT_CBOR, LIION_EXPORT_ZLIB, &nz);
    ck_assert_int_eq(liion_export_doc_decode(&backz, ctx, z, nz, LIION_EXPORT_ZLIB), LIION_OK);
    b2 = encode(backz, LIION_EXPORT_CBOR, 0, &n2);
    ck_assert_uint_eq(n, n2);
    ck_assert(memcmp(b, b2, n) == 0);
    free(b2);
    free(z);
    free(b);
    liion_export_doc_free(back);
    liion_export_doc_free(backz);
}

/* ---- SHA-256 ------------------------------------------------------------------------------ */

static void sha_hex(char *hex, const uint8_t *p, size_t n)
{
    uint8_t d[32];
    ck_assert_int_eq(liion_export_sha256(d, p, n), LIION_OK);
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
}

START_TEST(sha256_fips_vectors)
{
    char hex[65];
    static const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    static const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                              "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    uint8_t *mil = malloc(1000000);
    liion__sha256 s;
    uint8_t d[32];
    sha_hex(hex, (const uint8_t *)"abc", 3);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha_hex(hex, NULL, 0);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha_hex(hex, (const uint8_t *)m448, strlen(m448));
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    sha_hex(hex, (const uint8_t *)m896, strlen(m896));
    ck_assert_str_eq(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    memset(mil, 'a', 1000000);
    sha_hex(hex, mil, 1000000);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* the same in uneven pieces through the incremental interface */
    liion__sha256_init(&s);
    for (size_t off = 0, k = 1; off < 1000000; off += k, k = k * 7 % 1000 + 1)
        liion__sha256_update(&s, mil + off, off + k > 1000000 ? 1000000 - off : k);
    liion__sha256_final(&s, d);
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    ck_assert_int_eq(liion_export_sha256(NULL, mil, 0), LIION_E_INVALID_ARG);
    free(mil);
    ck_assert_int_eq(liion_export_sha256(d, NULL, 3), LIION_E_INVALID_ARG);
}
END_TEST

/* ---- deterministic CBOR and JSON ---------------------------------------------------------- */

/* A document {"document": "t", "v": <value>} built with the internal model. */
typedef void (*put_fn)(liion_export_doc *d, liion__xn *root);

static liion_export_doc *tiny(put_fn put)
{
    liion_export_doc *d = NULL;
    ck_assert_int_eq(liion__xdoc_new(&d, ctx), LIION_OK);
    d->root = liion__xn_map(d, NULL, NULL);
    liion__xn_text(d, d->root, "document", "t");
    put(d, d->root);
    ck_assert_int_eq(liion__xdoc_seal(d), LIION_OK);
    return d;
}

static double g_num;
static int64_t g_int;
static void put_num(liion_export_doc *d, liion__xn *r) { liion__xn_num(d, r, "v", g_num); }
static void put_int(liion_export_doc *d, liion__xn *r) { liion__xn_int(d, r, "v", g_int); }

/* The CBOR of the value: bytes after a2 61 76 (the "v" key sorts before "document"). */
static void check_value_cbor(liion_export_doc *d, const char *hex)
{
    uint8_t want[16];
    size_t wn = liion_test_unhex(want, sizeof want, hex), n;
    uint8_t *b = encode(d, LIION_EXPORT_CBOR, 0, &n);
    ck_assert_uint_ge(n, 3 + wn);
    ck_assert_msg(b[0] == 0xa2 && b[1] == 0x61 && b[2] == 'v', "prefix");
    ck_assert_msg(memcmp(b + 3, want, wn) == 0, "value bytes differ from %s", hex);
    ck_assert_uint_eq(b[3 + wn], 0x68); /* then the "document" key */
    free(b);
    round_trip(d);
    liion_export_doc_free(d);
}

START_TEST(cbor_rfc8949_vectors)
{
    static const struct { int64_t v; const char *hex; } ints[] = {
        { 0, "00" }, { 1, "01" }, { 23, "17" }, { 24, "1818" }, { 100, "1864" },
        { 1000, "1903e8" }, { 1000000, "1a000f4240" }, { 1000000000000, "1b000000e8d4a51000" },
        { -1, "20" }, { -10, "29" }, { -100, "3863" }, { -1000, "3903e7" },
        { INT64_MIN, "3b7fffffffffffffff" },
    };
    static const struct { double v; const char *hex; } flts[] = {
        { 0.0, "f90000" }, { -0.0, "f98000" }, { 1.0, "f93c00" }, { 1.1, "fb3ff199999999999a" },
        { 1.5, "f93e00" }, { 65504.0, "f97bff" }, { 100000.0, "fa47c35000" },
        { 3.4028234663852886e+38, "fa7f7fffff" }, { 1.0e+300, "fb7e37e43c8800759c" },
        { 5.960464477539063e-8, "f90001" }, { 0.00006103515625, "f90400" }, { -4.0, "f9c400" },
        { -4.1, "fbc010666666666666" },
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        g_int = ints[i].v;
        check_value_cbor(tiny(put_int), ints[i].hex);
    }
    for (size_t i = 0; i < sizeof flts / sizeof flts[0]; i++) {
        g_num = flts[i].v;
        check_value_cbor(tiny(put_num), flts[i].hex);
    }
}
END_TEST

static void put_keys(liion_export_doc *d, liion__xn *r)
{
    liion__xn *m = liion__xn_map(d, r, "m");
    liion__xn_uint(d, m, "bb", 3);
    liion__xn_uint(d, m, "b", 2);
    liion__xn_uint(d, m, "aa", 4);
    liion__xn_uint(d, m, "a", 1);
    liion__xn_text(d, r, "s", "\xc3\xbc\"\\\n\t\x01/");
    liion__xn_bytes(d, r, "y", (const uint8_t *)"\x01\x02\x03\x04", 4);
    liion__xn_num(d, r, "f", 0.1);
    liion__xn_num(d, r, "g", 1e300);
    liion__xn_num(d, r, "h", -2.5);
    liion__xn_bool(d, r, "t", true);
    liion__xn_null(d, r, "n");
    liion__xn_int(d, r, "i", -7);
}

START_TEST(cbor_json_key_order_and_escaping)
{
    liion_export_doc *d = tiny(put_keys);
    size_t n;
    uint8_t *b = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_str_eq((char *)b, "{\"f\":0.1,\"g\":1e+300,\"h\":-2.5,\"i\":-7,"
                                "\"m\":{\"a\":1,\"b\":2,\"aa\":4,\"bb\":3},\"n\":null,"
                                "\"s\":\"\xc3\xbc\\\"\\\\\\n\\t\\u0001/\",\"t\":true,"
                                "\"y\":\"AQIDBA==\",\"document\":\"t\"}");
    free(b);
    b = encode(d, LIION_EXPORT_CBOR, 0, &n);
    /* map of 11; first key "f" -> fb 3fb999999999999a (0.1 needs a double) */
    ck_assert_uint_eq(b[0], 0xaa);
    ck_assert_uint_eq(b[1], 0x61);
    ck_assert_uint_eq(b[2], 'f');
    ck_assert_uint_eq(b[3], 0xfb);
    free(b);
    round_trip(d);
    /* Markdown escapes its specials */
    b = encode(d, LIION_EXPORT_MARKDOWN, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)b, "# t\n"));
    ck_assert_ptr_nonnull(strstr((char *)b, "- **aa**: 4"));
    free(b);
    /* bad arguments */
    ck_assert_int_eq(liion_export_doc_encode(NULL, 0, NULL, d, LIION_EXPORT_CBOR, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_export_doc_encode(NULL, 0, &n, d, (liion_export_format)9, 0),
                     LIION_E_INVALID_ARG);
    ERRMSG_HAS("unknown export format");
    ck_assert_int_eq(liion_export_doc_encode(NULL, 0, &n, d, LIION_EXPORT_CBOR, 8),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_export_doc_encode(NULL, 0, &n, NULL, LIION_EXPORT_CBOR, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_export_doc_verify(d), LIION_E_NOT_FOUND);
    ck_assert_int_eq(liion_export_doc_write_file(d, "/nonexistent-dir/x.json",
                                                 LIION_EXPORT_JSON, 0), LIION_E_IO);
    liion_export_doc_free(d);
    liion_export_doc_free(NULL);
    ck_assert_str_eq(liion_export_doc_type(NULL), "");
}
END_TEST

START_TEST(json_numbers_round_trip_shortest)
{
    /* seeded random doubles: the JSON text reads back as exactly the same double */
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 2000; i++) {
        double v, back;
        liion_export_doc *d;
        size_t n;
        uint8_t *b;
        char *p;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v))
            continue;
        if (i % 3 == 0)
            v = (double)(int64_t)(x % 100000) / 1000.0;
        g_num = v;
        d = tiny(put_num);
        b = encode(d, LIION_EXPORT_JSON, 0, &n);
        p = strstr((char *)b, "\"v\":");
        ck_assert_ptr_nonnull(p);
        back = strtod(p + 4, NULL);
        ck_assert_msg(back == v, "%.17g printed as %s", v, p + 4);
        free(b);
        if (i % 50 == 0)
            round_trip(d);
        liion_export_doc_free(d);
    }
}
END_TEST

/* ---- UN 38.3 --------------------------------------------------------------------------------- */

typedef struct un38_set {
    int kind; /* 0 text, 1 number, 2 int */
    liion_un38_field f;
    const char *t;
    double n;
} un38_set;

static const un38_set UN38_CELL[] = {
    { 0, LIION_UN38_MANUFACTURER, "Nordvolt Cells AB", 0 },
    { 0, LIION_UN38_MANUFACTURER_ADDRESS, "Batterigatan 1, 931 36 Skelleftea, Sweden", 0 },
    { 0, LIION_UN38_MANUFACTURER_PHONE, "+46 910 000 000", 0 },
    { 0, LIION_UN38_MANUFACTURER_EMAIL, "compliance@nordvolt.example", 0 },
    { 0, LIION_UN38_MANUFACTURER_WEB, "https://nordvolt.example", 0 },
    { 0, LIION_UN38_LAB_NAME, "Test Lab GmbH", 0 },
    { 0, LIION_UN38_LAB_ADDRESS, "Pruefstrasse 5, 80331 Muenchen, Germany", 0 },
    { 0, LIION_UN38_LAB_PHONE, "+49 89 000 000", 0 },
    { 0, LIION_UN38_LAB_EMAIL, "un383@testlab.example", 0 },
    { 0, LIION_UN38_LAB_WEB, "https://testlab.example", 0 },
    { 0, LIION_UN38_REPORT_ID, "TL-2026-0815", 0 },
    { 0, LIION_UN38_REPORT_DATE, "2026-03-14", 0 },
    { 2, LIION_UN38_CHEMISTRY, NULL, LIION_UN38_LI_ION },
    { 1, LIION_UN38_MASS_G, NULL, 70.0 },
    { 1, LIION_UN38_WATT_HOURS, NULL, 18.0 },
    { 0, LIION_UN38_DESCRIPTION, "Cylindrical 21700 cell, steel can, NMC811/graphite", 0 },
    { 0, LIION_UN38_MODEL, "NV-21700-50E", 0 },
    { 2, LIION_UN38_ITEM, NULL, LIION_UN38_CELL },
    { 2, LIION_UN38_FORMAT, NULL, LIION_UN38_CYLINDRICAL },
    { 1, LIION_UN38_DIAMETER_MM, NULL, 21.0 },
    { 2, LIION_UN38_RECHARGEABLE, NULL, 1 },
    { 2, LIION_UN38_REVISION, NULL, 7 },
    { 2, LIION_UN38_AMENDMENT, NULL, 1 },
    { 0, LIION_UN38_SIGNATORY_NAME, "Ada Lindqvist", 0 },
    { 0, LIION_UN38_SIGNATORY_TITLE, "Head of Product Compliance", 0 },
    { 1, LIION_UN38_RATED_VOLTAGE_V, NULL, 3.6 },
    { 1, LIION_UN38_RATED_CAPACITY_AH, NULL, 5.0 },
};
#define UN38_N (sizeof UN38_CELL / sizeof UN38_CELL[0])

static void un38_apply(liion_un38 *s, const un38_set *e)
{
    if (e->kind == 0)
        ck_assert_int_eq(liion_un38_set_text(s, e->f, e->t), LIION_OK);
    else if (e->kind == 1)
        ck_assert_int_eq(liion_un38_set_number(s, e->f, e->n), LIION_OK);
    else
        ck_assert_int_eq(liion_un38_set_int(s, e->f, (int64_t)e->n), LIION_OK);
}

/* A valid cell summary; skip = field left out (0 = none); perm = setter order seed. */
static liion_un38 *un38_cell(liion_un38_field skip, unsigned perm)
{
    liion_un38 *s = NULL;
    size_t order[UN38_N];
    ck_assert_int_eq(liion_un38_new(&s, ctx), LIION_OK);
    for (size_t i = 0; i < UN38_N; i++)
        order[i] = i;
    for (size_t i = UN38_N - 1; perm && i > 0; i--) {
        size_t j;
        perm = perm * 1103515245u + 12345u;
        j = (perm >> 8) % (i + 1);
        size_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < UN38_N; i++)
        if (UN38_CELL[order[i]].f != skip)
            un38_apply(s, &UN38_CELL[order[i]]);
    for (int t = 1; t <= 8; t++)
        if (t != 7)
            ck_assert_int_eq(liion_un38_set_test(s, (liion_un38_test)t, LIION_UN38_PASS),
                             LIION_OK);
    ck_assert_int_eq(liion_un38_set_test_param(s, LIION_UN38_T1, LIION_UN38_P_MASS_LOSS_PCT,
                                               0.05), LIION_OK);
    ck_assert_int_eq(liion_un38_set_test_param(s, LIION_UN38_T1,
                                               LIION_UN38_P_OCV_RETENTION_PCT, 99.2), LIION_OK);
    ck_assert_int_eq(liion_un38_set_test_param(s, LIION_UN38_T2, LIION_UN38_P_SETPOINT_C, 72.0),
                     LIION_OK);
    ck_assert_int_eq(liion_un38_set_test_param(s, LIION_UN38_T5, LIION_UN38_P_MAX_EXT_TEMP_C,
                                               61.0), LIION_OK);
    return s;
}

static liion_export_doc *un38_build_ok(liion_un38 *s)
{
    liion_export_doc *d = NULL;
    liion_status st = liion_un38_build(&d, s);
    ck_assert_msg(st == LIION_OK, "build: %s", liion_ctx_errmsg(ctx));
    return d;
}

START_TEST(un38_valid_cell_summary)
{
    liion_un38 *s = un38_cell(0, 0);
    liion_export_doc *d = un38_build_ok(s);
    size_t n;
    uint8_t *j = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_str_eq(liion_export_doc_type(d), "un38.3-test-summary");
    ck_assert_ptr_nonnull(strstr((char *)j, "\"chemistry\":\"li_ion\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"responsible_person\":{"));
    ck_assert_ptr_null(strstr((char *)j, "\"signatory\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"method\":\"impact\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"result\":\"pass\",\"setpoint_c\":72,\"tolerance_c\":2"));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"mass_loss_limit_pct\":0.2"));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"edition\":\"Rev.7 Amend.1\""));
    ck_assert_ptr_null(strstr((char *)j, "T.7"));
    free(j);
    dump(d, "un38_cell");
    round_trip(d);
    { /* golden: the summary's CBOR bytes are fixed (any change is a schema or encoder change) */
        char hex[65];
        uint8_t *c = encode(d, LIION_EXPORT_CBOR, 0, &n);
        sha_hex(hex, c, n);
        ck_assert_uint_eq(n, 1264);
        ck_assert_str_eq(hex, "700e5813fac15f1104d306a726169643a7b232c67d4d4186b47b1d5f596c69d3");
        free(c);
    }
    j = encode(d, LIION_EXPORT_MARKDOWN, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)j, "# UN 38.3 test summary: NV-21700-50E\n"));
    ck_assert_ptr_nonnull(strstr((char *)j, "| T.1 | pass |"));
    free(j);
    liion_export_doc_free(d);
    liion_un38_free(s);
    liion_un38_free(NULL);
}
END_TEST

START_TEST(un38_deterministic_under_permuted_setters)
{
    liion_un38 *a = un38_cell(0, 0);
    liion_export_doc *da = un38_build_ok(a), *da2 = un38_build_ok(a);
    size_t na, na2, nj, nj2;
    uint8_t *ba = encode(da, LIION_EXPORT_CBOR, 0, &na), *ba2 = encode(da2, LIION_EXPORT_CBOR, 0, &na2);
    uint8_t *ja = encode(da, LIION_EXPORT_JSON, 0, &nj);
    ck_assert_uint_eq(na, na2);
    ck_assert(memcmp(ba, ba2, na) == 0);
    for (unsigned seed = 1; seed <= 20; seed++) {
        liion_un38 *b = un38_cell(0, seed);
        liion_export_doc *db = un38_build_ok(b);
        uint8_t *bb = encode(db, LIION_EXPORT_CBOR, 0, &na2), *jb = encode(db, LIION_EXPORT_JSON, 0, &nj2);
        ck_assert_uint_eq(na, na2);
        ck_assert(memcmp(ba, bb, na) == 0);
        ck_assert_uint_eq(nj, nj2);
        ck_assert(memcmp(ja, jb, nj) == 0);
        free(bb);
        free(jb);
        liion_export_doc_free(db);
        liion_un38_free(b);
    }
    /* zlib output is deterministic too */
    {
        size_t z1, z2;
        uint8_t *a1 = encode(da, LIION_EXPORT_CBOR, LIION_EXPORT_ZLIB, &z1);
        uint8_t *a2 = encode(da2, LIION_EXPORT_CBOR, LIION_EXPORT_ZLIB, &z2);
        ck_assert_uint_eq(z1, z2);
        ck_assert(memcmp(a1, a2, z1) == 0);
        ck_assert_uint_lt(z1, na);
        free(a1);
        free(a2);
    }
    free(ba);
    free(ba2);
    free(ja);
    liion_export_doc_free(da);
    liion_export_doc_free(da2);
    liion_un38_free(a);
}
END_TEST

/* Build must fail with status st and a message containing msg. */
static void un38_refused(liion_un38 *s, liion_status st, const char *msg)
{
    liion_export_doc *d = (liion_export_doc *)(uintptr_t)1;
    ck_assert_int_eq(liion_un38_build(&d, s), st);
    ck_assert_ptr_null(d);
    ERRMSG_HAS(msg);
}

START_TEST(un38_every_missing_element_is_named)
{
    static const struct { liion_un38_field f; const char *msg; } cases[] = {
        { LIION_UN38_MANUFACTURER, "(a) manufacturer name is missing" },
        { LIION_UN38_MANUFACTURER_ADDRESS, "(b) manufacturer address is missing" },
        { LIION_UN38_MANUFACTURER_PHONE, "(b) manufacturer phone number is missing" },
        { LIION_UN38_MANUFACTURER_EMAIL, "(b) manufacturer e-mail is missing" },
        { LIION_UN38_MANUFACTURER_WEB, "(b) manufacturer website is missing" },
        { LIION_UN38_LAB_NAME, "(c) test laboratory name is missing" },
        { LIION_UN38_LAB_ADDRESS, "(c) test laboratory address is missing" },
        { LIION_UN38_LAB_PHONE, "(c) test laboratory phone number is missing" },
        { LIION_UN38_LAB_EMAIL, "(c) test laboratory e-mail is missing" },
        { LIION_UN38_LAB_WEB, "(c) test laboratory website is missing" },
        { LIION_UN38_REPORT_ID, "(d) test report ID is missing" },
        { LIION_UN38_REPORT_DATE, "(e) test report date is missing" },
        { LIION_UN38_CHEMISTRY, "(f)(i) chemistry" },
        { LIION_UN38_MASS_G, "(f)(ii) mass is missing" },
        { LIION_UN38_WATT_HOURS, "(f)(iii) watt-hour rating is missing" },
        { LIION_UN38_DESCRIPTION, "(f)(iv) physical description is missing" },
        { LIION_UN38_ITEM, "(f)(iv) item" },
        { LIION_UN38_MODEL, "(f)(v) model number is missing" },
        { LIION_UN38_DIAMETER_MM, "(f)(iv) diameter of the cylindrical cell is missing" },
        { LIION_UN38_FORMAT, "(f)(iv) a diameter is given but the format is not cylindrical" },
        { LIION_UN38_REVISION, "(i) revision of the Manual" },
        { LIION_UN38_AMENDMENT, "(i) amendment of the Manual" },
        { LIION_UN38_SIGNATORY_NAME, "(j) name of the responsible person is missing" },
        { LIION_UN38_SIGNATORY_TITLE, "(j) title of the responsible person is missing" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        liion_un38 *s = un38_cell(cases[i].f, 0);
        un38_refused(s, cases[i].f == LIION_UN38_FORMAT ? LIION_E_STATE : LIION_E_INVALID_ARG,
                     cases[i].msg);
        liion_un38_free(s);
    }
}
END_TEST

START_TEST(un38_tests_by_item_and_format)
{
    liion_un38 *s = un38_cell(0, 0);
    liion_export_doc *d;
    size_t n;
    uint8_t *j;
    /* (g) a missing required test */
    liion_un38_free(s);
    ck_assert_int_eq(liion_un38_new(&s, ctx), LIION_OK);
    for (size_t i = 0; i < UN38_N; i++)
        un38_apply(s, &UN38_CELL[i]);
    for (int t = 1; t <= 6; t++)
        liion_un38_set_test(s, (liion_un38_test)t, LIION_UN38_PASS);
    un38_refused(s, LIION_E_INVALID_ARG, "(g) T.8 result is missing");
    /* T.7 on a cell */
    liion_un38_set_test(s, LIION_UN38_T8, LIION_UN38_PASS);
    liion_un38_set_test(s, LIION_UN38_T7, LIION_UN38_PASS);
    un38_refused(s, LIION_E_STATE, "(g) T.7: applies to rechargeable batteries, not to cells");
    liion_un38_free(s);
    /* T.6: impact at >= 18 mm, crush below and for prismatic/pouch */
    s = un38_cell(0, 0);
    liion_un38_set_test_param(s, LIION_UN38_T6, LIION_UN38_P_T6_METHOD, 2);
    un38_refused(s, LIION_E_STATE, "(g) T.6: impact applies to a cylindrical cell of diameter 21");
    liion_un38_set_number(s, LIION_UN38_DIAMETER_MM, 14.0);
    d = un38_build_ok(s);
    j = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)j, "\"method\":\"crush\""));
    free(j);
    liion_export_doc_free(d);
    liion_un38_set_test_param(s, LIION_UN38_T6, LIION_UN38_P_T6_METHOD, 1);
    un38_refused(s, LIION_E_STATE, "(g) T.6: crush applies to this cell (cylindrical below 18.0 mm)");
    liion_un38_set_number(s, LIION_UN38_DIAMETER_MM, 18.0);
    liion_export_doc_free(un38_build_ok(s)); /* exactly 18.0 mm: impact */
    liion_un38_free(s);
    /* a pouch cell: crush */
    s = un38_cell(LIION_UN38_DIAMETER_MM, 0);
    liion_un38_set_int(s, LIION_UN38_FORMAT, LIION_UN38_POUCH);
    liion_un38_set_test_param(s, LIION_UN38_T6, LIION_UN38_P_T6_METHOD, 1);
    un38_refused(s, LIION_E_STATE, "crush applies to this cell (prismatic, pouch or coin)");
    liion_un38_free(s);
    /* a cell without a format: T.6 cannot be chosen */
    s = un38_cell(LIION_UN38_DIAMETER_MM, 0);
    liion_un38_free(s);
    ck_assert_int_eq(liion_un38_new(&s, ctx), LIION_OK);
    for (size_t i = 0; i < UN38_N; i++)
        if (UN38_CELL[i].f != LIION_UN38_FORMAT && UN38_CELL[i].f != LIION_UN38_DIAMETER_MM)
            un38_apply(s, &UN38_CELL[i]);
    for (int t = 1; t <= 8; t++)
        if (t != 7)
            liion_un38_set_test(s, (liion_un38_test)t, LIION_UN38_PASS);
    un38_refused(s, LIION_E_INVALID_ARG, "(f)(iv) cell format is missing");
    liion_un38_free(s);
}
END_TEST

static liion_un38 *un38_battery(int item, int rech)
{
    liion_un38 *s = un38_cell(0, 0);
    liion_un38_set_int(s, LIION_UN38_ITEM, item);
    liion_un38_set_int(s, LIION_UN38_RECHARGEABLE, rech);
    liion_un38_set_number(s, LIION_UN38_MASS_G, 25000.0);
    liion_un38_set_number(s, LIION_UN38_WATT_HOURS, 2500.0);
    return s;
}

START_TEST(un38_batteries_t7_and_assembled)
{
    liion_un38 *s = un38_battery(LIION_UN38_BATTERY, 1);
    liion_export_doc *d;
    size_t n;
    uint8_t *j;
    un38_refused(s, LIION_E_INVALID_ARG, "(g) T.7 result is missing");
    liion_un38_set_test(s, LIION_UN38_T7, LIION_UN38_PASS);
    d = un38_build_ok(s);
    j = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)j, "\"test\":\"T.7\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"size_class\":\"large\""));
    free(j);
    dump(d, "un38_battery");
    liion_export_doc_free(d);
    liion_un38_set_int(s, LIION_UN38_RECHARGEABLE, 0);
    un38_refused(s, LIION_E_STATE, "(g) T.7: applies to rechargeable batteries, and this one is primary");
    liion_un38_free(s);
    /* a battery must say rechargeable or primary */
    ck_assert_int_eq(liion_un38_new(&s, ctx), LIION_OK);
    for (size_t i = 0; i < UN38_N; i++)
        if (UN38_CELL[i].f != LIION_UN38_RECHARGEABLE)
            un38_apply(s, &UN38_CELL[i]);
    liion_un38_set_int(s, LIION_UN38_ITEM, LIION_UN38_BATTERY);
    un38_refused(s, LIION_E_INVALID_ARG, "(f) rechargeable or primary is not given");
    liion_un38_free(s);
    /* (h) */
    s = un38_battery(LIION_UN38_ASSEMBLED_BATTERY, 1);
    liion_un38_set_test(s, LIION_UN38_T7, LIION_UN38_PASS);
    un38_refused(s, LIION_E_INVALID_ARG, "(h) an assembled battery needs the 38.3.3(f) or 38.3.3(g)");
    liion_un38_set_int(s, LIION_UN38_ASSEMBLED_REF, LIION_UN38_ASSEMBLED_F);
    d = un38_build_ok(s);
    dump(d, "un38_assembled_f");
    liion_export_doc_free(d);
    liion_un38_set_number(s, LIION_UN38_WATT_HOURS, 7000.0);
    un38_refused(s, LIION_E_STATE, "(h) 38.3.3(f) covers assemblies up to 6200 Wh");
    liion_un38_set_int(s, LIION_UN38_ASSEMBLED_REF, LIION_UN38_ASSEMBLED_G);
    un38_refused(s, LIION_E_INVALID_ARG, "(h) 38.3.3(g) under Rev.7 Amend.1: the overcharge protection must be verified");
    liion_un38_set_int(s, LIION_UN38_OVERCHARGE_VERIFIED, 1);
    liion_export_doc_free(un38_build_ok(s));
    /* before Rev.7 Amend.1 38.3.3(g) needs no overcharge verification (but a signature) */
    liion_un38_set_int(s, LIION_UN38_REVISION, 6);
    liion_un38_set_int(s, LIION_UN38_OVERCHARGE_VERIFIED, 0);
    liion_un38_set_text(s, LIION_UN38_SIGNATURE, "signed: A. Lindqvist (scan ref SIG-1)");
    liion_export_doc_free(un38_build_ok(s));
    liion_un38_free(s);
    /* a reference on something that is not an assembled battery */
    s = un38_cell(0, 0);
    liion_un38_set_int(s, LIION_UN38_ASSEMBLED_REF, LIION_UN38_ASSEMBLED_F);
    un38_refused(s, LIION_E_STATE, "(h) 38.3.3(f)/(g) reference given, but the item is not an assembled battery");
    liion_un38_free(s);
}
END_TEST

START_TEST(un38_edition_rules)
{
    liion_un38 *s = un38_cell(0, 0);
    liion_export_doc *d;
    size_t n;
    uint8_t *j;
    double nom, tol;
    /* setpoints as data */
    ck_assert_int_eq(liion_un38_setpoint(&nom, &tol, 5, 0, LIION_UN38_SP_T2_HIGH_C), LIION_OK);
    ck_assert(nom == 75.0 && tol == 2.0);
    ck_assert_int_eq(liion_un38_setpoint(&nom, &tol, 5, 1, LIION_UN38_SP_T2_HIGH_C), LIION_OK);
    ck_assert(nom == 72.0 && tol == 2.0);
    ck_assert_int_eq(liion_un38_setpoint(&nom, &tol, 5, 0, LIION_UN38_SP_T5_CASE_C), LIION_OK);
    ck_assert(nom == 55.0 && tol == 2.0);
    ck_assert_int_eq(liion_un38_setpoint(&nom, &tol, 8, 1, LIION_UN38_SP_T5_CASE_C), LIION_OK);
    ck_assert(nom == 57.0 && tol == 4.0);
    ck_assert_int_eq(liion_un38_setpoint(&nom, &tol, 4, 0, LIION_UN38_SP_T5_CASE_C),
                     LIION_E_UNSUPPORTED);
    ck_assert_int_eq(liion_un38_setpoint(&nom, &tol, 7, 2, LIION_UN38_SP_T5_CASE_C),
                     LIION_E_UNSUPPORTED);
    ck_assert_int_eq(liion_un38_setpoint(&nom, &tol, 7, 0, (liion_un38_setpoint_id)9),
                     LIION_E_UNSUPPORTED);
    ck_assert_int_eq(liion_un38_setpoint(NULL, &tol, 7, 0, LIION_UN38_SP_T5_CASE_C),
                     LIION_E_INVALID_ARG);
    /* mass-loss limits by mass */
    ck_assert(liion_un38_mass_loss_limit_pct(0.5) == 0.5);
    ck_assert(liion_un38_mass_loss_limit_pct(1.0) == 0.2);
    ck_assert(liion_un38_mass_loss_limit_pct(75.0) == 0.2);
    ck_assert(liion_un38_mass_loss_limit_pct(75.5) == 0.1);
    ck_assert(isnan(liion_un38_mass_loss_limit_pct(0.0)));
    ck_assert(isnan(liion_un38_mass_loss_limit_pct(NAN)));
    /* T.2 at the superseded 75 C */
    liion_un38_set_test_param(s, LIION_UN38_T2, LIION_UN38_P_SETPOINT_C, 75.0);
    un38_refused(s, LIION_E_STATE, "(g) T.2: setpoint 75 C is not the Rev.7 Amend.1 value 72 +- 2 C");
    liion_un38_set_test_param(s, LIION_UN38_T2, LIION_UN38_P_SETPOINT_C, 72.0);
    /* T.5 at the superseded 55 +- 2 C */
    liion_un38_set_test_param(s, LIION_UN38_T5, LIION_UN38_P_SETPOINT_C, 57.0);
    liion_un38_set_test_param(s, LIION_UN38_T5, LIION_UN38_P_TOLERANCE_C, 2.0);
    un38_refused(s, LIION_E_STATE, "(g) T.5: tolerance +- 2 C is not the Rev.7 Amend.1 value +- 4 C");
    liion_un38_set_test_param(s, LIION_UN38_T5, LIION_UN38_P_TOLERANCE_C, 4.0);
    liion_un38_set_test_param(s, LIION_UN38_T5, LIION_UN38_P_SETPOINT_C, 55.0);
    un38_refused(s, LIION_E_STATE, "(g) T.5: setpoint 55 C is not the Rev.7 Amend.1 value 57 +- 4 C");
    liion_un38_set_test_param(s, LIION_UN38_T5, LIION_UN38_P_SETPOINT_C, 57.0);
    /* mass loss above the limit for a 70 g cell (0.2 %) with a pass */
    liion_un38_set_test_param(s, LIION_UN38_T3, LIION_UN38_P_MASS_LOSS_PCT, 0.15);
    liion_export_doc_free(un38_build_ok(s));
    liion_un38_set_number(s, LIION_UN38_MASS_G, 80.0); /* now 0.1 % applies */
    un38_refused(s, LIION_E_STATE, "(g) T.3: pass with mass loss 0.15 % above the 0.1 % limit for 80 g");
    liion_un38_set_test(s, LIION_UN38_T3, LIION_UN38_FAIL); /* a fail is consistent */
    liion_export_doc_free(un38_build_ok(s));
    liion_un38_set_test(s, LIION_UN38_T3, LIION_UN38_PASS);
    liion_un38_set_test_param(s, LIION_UN38_T3, LIION_UN38_P_MASS_LOSS_PCT, 0.01);
    liion_un38_set_test_param(s, LIION_UN38_T4, LIION_UN38_P_OCV_RETENTION_PCT, 85.0);
    un38_refused(s, LIION_E_STATE, "(g) T.4: pass with open-circuit voltage at 85 % (< 90 %)");
    liion_un38_set_test_param(s, LIION_UN38_T4, LIION_UN38_P_OCV_RETENTION_PCT, 95.0);
    liion_un38_set_test_param(s, LIION_UN38_T6, LIION_UN38_P_MAX_EXT_TEMP_C, 171.0);
    un38_refused(s, LIION_E_STATE, "(g) T.6: pass with external temperature 171 C (> 170 C)");
    liion_un38_set_test_param(s, LIION_UN38_T6, LIION_UN38_P_MAX_EXT_TEMP_C, 150.0);
    /* sodium ion before Rev.8 */
    liion_un38_set_int(s, LIION_UN38_CHEMISTRY, LIION_UN38_NA_ION);
    un38_refused(s, LIION_E_STATE, "(f)(i) sodium ion is covered from Rev.8 on, but the summary cites Rev.7 Amend.1");
    liion_un38_set_int(s, LIION_UN38_REVISION, 8);
    liion_un38_set_int(s, LIION_UN38_AMENDMENT, 0);
    d = un38_build_ok(s);
    j = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)j, "\"chemistry\":\"na_ion\""));
    free(j);
    dump(d, "un38_sodium");
    liion_export_doc_free(d);
    /* (j): before Rev.7 Amend.1 a signature is required and the element is the signatory */
    liion_un38_set_int(s, LIION_UN38_CHEMISTRY, LIION_UN38_LI_ION);
    liion_un38_set_int(s, LIION_UN38_REVISION, 7);
    liion_un38_set_int(s, LIION_UN38_AMENDMENT, 0);
    un38_refused(s, LIION_E_INVALID_ARG, "(j) Rev.7 requires a signature");
    liion_un38_set_text(s, LIION_UN38_SIGNATURE, "signed: A. Lindqvist (scan ref SIG-1)");
    d = un38_build_ok(s);
    j = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)j, "\"signatory\":{"));
    ck_assert_ptr_null(strstr((char *)j, "responsible_person"));
    free(j);
    dump(d, "un38_rev7");
    liion_export_doc_free(d);
    /* editions without a 38.3.5 summary, and unknown ones */
    liion_un38_set_int(s, LIION_UN38_REVISION, 6);
    un38_refused(s, LIION_E_UNSUPPORTED, "(i) Rev.6 has no 38.3.5 test summary");
    liion_un38_set_int(s, LIION_UN38_AMENDMENT, 1);
    d = un38_build_ok(s);
    dump(d, "un38_rev6a1");
    liion_export_doc_free(d);
    liion_un38_set_int(s, LIION_UN38_REVISION, 5);
    liion_un38_set_int(s, LIION_UN38_AMENDMENT, 1);
    un38_refused(s, LIION_E_UNSUPPORTED, "(i) Rev.5 Amend.1 has no 38.3.5 test summary");
    ck_assert_int_eq(liion_un38_set_int(s, LIION_UN38_REVISION, 9), LIION_E_RANGE);
    ck_assert_int_eq(liion_un38_set_int(s, LIION_UN38_AMENDMENT, 2), LIION_E_RANGE);
    liion_un38_free(s);
}
END_TEST

START_TEST(un38_lithium_metal_and_text_rules)
{
    liion_un38 *s = un38_cell(0, 0);
    liion_un38_set_int(s, LIION_UN38_CHEMISTRY, LIION_UN38_LI_METAL);
    un38_refused(s, LIION_E_INVALID_ARG, "(f)(iii) lithium content is missing (lithium metal)");
    liion_un38_set_number(s, LIION_UN38_LITHIUM_G, 0.6);
    un38_refused(s, LIION_E_STATE, "(f)(iii) watt-hour rating given for lithium metal");
    liion_un38_free(s);
    s = un38_cell(0, 0);
    liion_un38_set_number(s, LIION_UN38_LITHIUM_G, 0.6);
    un38_refused(s, LIION_E_STATE, "(f)(iii) lithium content given for a lithium-ion chemistry");
    liion_un38_free(s);
    s = un38_cell(0, 0);
    liion_un38_set_text(s, LIION_UN38_MANUFACTURER_EMAIL, "compliance.nordvolt.example");
    un38_refused(s, LIION_E_INVALID_ARG, "(b) manufacturer e-mail 'compliance.nordvolt.example' has no '@'");
    liion_un38_set_text(s, LIION_UN38_MANUFACTURER_EMAIL, "a@b.example");
    liion_un38_set_text(s, LIION_UN38_REPORT_DATE, "2026-02-30");
    un38_refused(s, LIION_E_INVALID_ARG, "(e) test report date '2026-02-30' is not a valid YYYY-MM-DD date");
    liion_un38_set_text(s, LIION_UN38_REPORT_DATE, "2024-02-29");
    liion_export_doc_free(un38_build_ok(s));
    liion_un38_set_number(s, LIION_UN38_MASS_G, -1.0);
    un38_refused(s, LIION_E_INVALID_ARG, "(f)(ii) mass -1 g is not positive");
    /* setter refusals */
    ck_assert_int_eq(liion_un38_set_text(s, LIION_UN38_MASS_G, "x"), LIION_E_INVALID_ARG);
    ERRMSG_HAS("is not a text field");
    ck_assert_int_eq(liion_un38_set_text(s, LIION_UN38_MODEL, "bad\nline"), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_text(s, LIION_UN38_MODEL, "\xff\xfe"), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_text(s, LIION_UN38_MODEL, ""), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_number(s, LIION_UN38_MASS_G, NAN), LIION_E_RANGE);
    ck_assert_int_eq(liion_un38_set_number(s, LIION_UN38_MODEL, 1.0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_int(s, LIION_UN38_CHEMISTRY, 4), LIION_E_RANGE);
    ck_assert_int_eq(liion_un38_set_int(s, (liion_un38_field)99, 1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_test(s, (liion_un38_test)9, LIION_UN38_PASS), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_test(s, LIION_UN38_T1, (liion_un38_result)3), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_test_param(s, LIION_UN38_T1, LIION_UN38_P_SETPOINT_C, 1),
                     LIION_E_INVALID_ARG);
    ERRMSG_HAS("does not belong to test T.1");
    ck_assert_int_eq(liion_un38_set_test_param(s, LIION_UN38_T6, LIION_UN38_P_T6_METHOD, 3),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_test_param(s, LIION_UN38_T5, LIION_UN38_P_MAX_EXT_TEMP_C,
                                               INFINITY), LIION_E_RANGE);
    ck_assert_int_eq(liion_un38_build(NULL, s), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_new(NULL, ctx), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_un38_set_int(NULL, LIION_UN38_ITEM, 1), LIION_E_INVALID_ARG);
    liion_un38_free(s);
    /* a parameter on a test with no result */
    s = un38_cell(0, 0);
    liion_un38_free(s);
    ck_assert_int_eq(liion_un38_new(&s, ctx), LIION_OK);
    for (size_t i = 0; i < UN38_N; i++)
        un38_apply(s, &UN38_CELL[i]);
    liion_un38_set_int(s, LIION_UN38_ITEM, LIION_UN38_ASSEMBLED_BATTERY);
    liion_un38_set_int(s, LIION_UN38_ASSEMBLED_REF, LIION_UN38_ASSEMBLED_G);
    liion_un38_set_int(s, LIION_UN38_OVERCHARGE_VERIFIED, 1);
    liion_un38_set_test_param(s, LIION_UN38_T1, LIION_UN38_P_MASS_LOSS_PCT, 0.01);
    un38_refused(s, LIION_E_STATE, "(g) T.1: a parameter is given but the test has no result");
    liion_un38_free(s);
}
END_TEST

/* ---- formation record ----------------------------------------------------------------------- */

#define NS 5000

static void series(int64_t *t, double *v, double *i, double *tc, size_t n, unsigned seed)
{
    for (size_t k = 0; k < n; k++) {
        t[k] = 1767225600000ll + (int64_t)k * 1000;
        v[k] = 3.0 + 1.2 * (double)k / (double)n + 0.0001 * (double)((k * 7 + seed) % 5);
        i[k] = k < n / 2 ? 0.5 : -0.5;
        tc[k] = 25.0 + 0.01 * (double)((k + seed) % 300);
    }
}

static liion_formation *formation_full(const char *cell, unsigned seed)
{
    static int64_t t[NS];
    static double v[NS], i[NS], tc[NS];
    liion_formation *f = NULL;
    ck_assert_int_eq(liion_formation_new(&f, ctx), LIION_OK);
    series(t, v, i, tc, NS, seed);
    ck_assert_int_eq(liion_formation_set_text(f, LIION_FORM_CELL_ID, cell), LIION_OK);
    ck_assert_int_eq(liion_formation_set_text(f, LIION_FORM_RACK, "FR-07"), LIION_OK);
    ck_assert_int_eq(liion_formation_set_text(f, LIION_FORM_TRAY, "T-0412"), LIION_OK);
    ck_assert_int_eq(liion_formation_set_text(f, LIION_FORM_CHANNEL, "CH-113"), LIION_OK);
    ck_assert_int_eq(liion_formation_set_text(f, LIION_FORM_RECIPE_ID, "FORM-NMC811-A"), LIION_OK);
    ck_assert_int_eq(liion_formation_set_number(f, LIION_FORM_RECIPE_VERSION, 3), LIION_OK);
    ck_assert_int_eq(liion_formation_add_step(f, LIION_FORM_CC_CHARGE, 1767225600000ll,
                                              1767232800000ll, 0.5, 3.9, 3.9, 0.5, 1.0, 3.7,
                                              25.0, 29.5, 24.8), LIION_OK);
    ck_assert_int_eq(liion_formation_add_step(f, LIION_FORM_REST, 1767232800000ll,
                                              1767234600000ll, 0, 0, 3.85, 0, 0, 0, 26.0, 29.0,
                                              24.9), LIION_OK);
    ck_assert_int_eq(liion_formation_add_step(f, LIION_FORM_CCCV_CHARGE, 1767234600000ll,
                                              1767245400000ll, 1.0, 4.2, 4.2, 0.05, 2.9, 11.6,
                                              25.5, 31.0, 24.9), LIION_OK);
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, NS, 1, 0), LIION_OK);
    ck_assert_int_eq(liion_formation_set_ocv(f, 1, 1767312000, 4.1523), LIION_OK);
    ck_assert_int_eq(liion_formation_set_ocv(f, 2, 1767916800, 4.1481), LIION_OK);
    ck_assert_int_eq(liion_formation_set_number(f, LIION_FORM_ACIR_MOHM, 11.8), LIION_OK);
    ck_assert_int_eq(liion_formation_set_number(f, LIION_FORM_DCIR_MOHM, 19.4), LIION_OK);
    ck_assert_int_eq(liion_formation_set_number(f, LIION_FORM_CAPACITY_AH, 5.02), LIION_OK);
    ck_assert_int_eq(liion_formation_set_text(f, LIION_FORM_GRADE, "A1"), LIION_OK);
    return f;
}

static liion_export_doc *formation_ok(liion_formation *f)
{
    liion_export_doc *d = NULL;
    liion_status st = liion_formation_build(&d, f);
    ck_assert_msg(st == LIION_OK, "build: %s", liion_ctx_errmsg(ctx));
    return d;
}

/* Decode one channel of a formation document back into quantised integers. */
static size_t decode_channel(const liion__xn *ch, int64_t *out, size_t cap)
{
    const liion__xn *data = liion__xn_get(ch, "data");
    uLongf n = (uLongf)(cap * 10);
    uint8_t *raw = malloc(cap * 10);
    size_t k = 0, pos = 0;
    int64_t prev = 0;
    ck_assert_ptr_nonnull(data);
    ck_assert_int_eq(uncompress(raw, &n, data->v.s, (uLong)data->len), Z_OK);
    while (pos < n && k < cap) {
        uint64_t zz = 0;
        int sh = 0;
        while (raw[pos] & 0x80) {
            zz |= (uint64_t)(raw[pos++] & 0x7f) << sh;
            sh += 7;
        }
        zz |= (uint64_t)raw[pos++] << sh;
        prev += (int64_t)((zz >> 1) ^ (~(zz & 1) + 1));
        out[k++] = prev;
    }
    ck_assert_uint_eq(pos, n);
    free(raw);
    return k;
}

START_TEST(formation_record_and_series)
{
    static int64_t t[NS], q[NS];
    static double v[NS], i[NS], tc[NS];
    liion_formation *f = formation_full("CELL-000123", 0);
    liion_export_doc *d = formation_ok(f);
    const liion__xn *s;
    size_t n;
    uint8_t *j = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_str_eq(liion_export_doc_type(d), "formation-record");
    ck_assert_ptr_nonnull(strstr((char *)j, "\"cell_id\":\"CELL-000123\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"codec\":\"zigzag-delta-leb128+zlib\""));
    {
        const char *k = strstr((char *)j, "\"k_mv_per_day\":");
        ck_assert_ptr_nonnull(k);
        ck_assert(fabs(strtod(k + 15, NULL) - 0.6) < 1e-9);
    }
    free(j);
    dump(d, "formation");
    round_trip(d);
    /* the series decodes back to the samples within half a quantum */
    series(t, v, i, tc, NS, 0);
    s = liion__xn_get(d->root, "series");
    ck_assert_uint_eq(decode_channel(liion__xn_get(s, "time"), q, NS), NS);
    for (size_t k = 0; k < NS; k++)
        ck_assert(q[k] == t[k]);
    ck_assert_uint_eq(decode_channel(liion__xn_get(s, "voltage"), q, NS), NS);
    for (size_t k = 0; k < NS; k++)
        ck_assert(fabs((double)q[k] * 1e-4 - v[k]) <= 0.5e-4 + 1e-12);
    ck_assert_uint_eq(decode_channel(liion__xn_get(s, "current"), q, NS), NS);
    for (size_t k = 0; k < NS; k++)
        ck_assert(fabs((double)q[k] * 1e-4 - i[k]) <= 0.5e-4 + 1e-12);
    ck_assert_uint_eq(decode_channel(liion__xn_get(s, "temperature"), q, NS), NS);
    for (size_t k = 0; k < NS; k++)
        ck_assert(fabs((double)q[k] * 1e-2 - tc[k]) <= 0.5e-2 + 1e-12);
    liion_export_doc_free(d);
    /* clear and reuse gives the same bytes */
    {
        liion_export_doc *a, *b;
        uint8_t *ba, *bb;
        size_t na, nb;
        liion_formation *g = formation_full("CELL-000123", 0);
        a = formation_ok(g);
        liion_formation_clear(f);
        liion_formation_free(f);
        f = formation_full("CELL-000123", 0);
        b = formation_ok(f);
        ba = encode(a, LIION_EXPORT_CBOR, 0, &na);
        bb = encode(b, LIION_EXPORT_CBOR, 0, &nb);
        ck_assert_uint_eq(na, nb);
        ck_assert(memcmp(ba, bb, na) == 0);
        free(ba);
        free(bb);
        liion_export_doc_free(a);
        liion_export_doc_free(b);
        liion_formation_free(g);
    }
    liion_formation_free(f);
}
END_TEST

START_TEST(formation_refuses_batch_average_and_missing)
{
    static int64_t t[10];
    static double v[10], i[10], tc[10];
    liion_formation *f = formation_full("CELL-1", 0);
    liion_export_doc *d = NULL;
    series(t, v, i, tc, 10, 0);
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 10, 1, LIION_SERIES_AGGREGATED),
                     LIION_E_STATE);
    ERRMSG_HAS("flagged as an aggregate of several cells");
    ERRMSG_HAS("not a batch average");
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 10, 24, 0), LIION_E_STATE);
    ERRMSG_HAS("series: measured on 24 cells");
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 10, 0, 0), LIION_E_STATE);
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 10, 1, 4), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 0, 1, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_formation_set_series(f, t, NULL, i, tc, 10, 1, 0), LIION_E_INVALID_ARG);
    v[3] = NAN;
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 10, 1, 0), LIION_E_RANGE);
    ERRMSG_HAS("voltage sample 3");
    v[3] = 3.0;
    t[5] = t[4] - 1;
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 10, 1, 0), LIION_E_INVALID_ARG);
    ERRMSG_HAS("sample 5 goes back in time");
    /* the earlier (valid) series survived the refusals */
    liion_export_doc_free(formation_ok(f));
    /* contradictory OCV checkpoints */
    ck_assert_int_eq(liion_formation_set_ocv(f, 2, 1767312000 - 60, 4.15), LIION_OK);
    ck_assert_int_eq(liion_formation_build(&d, f), LIION_E_STATE);
    ERRMSG_HAS("ocv: OCV2 is not after OCV1");
    ck_assert_int_eq(liion_formation_set_ocv(f, 3, 0, 4.15), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_formation_set_ocv(f, 1, 0, NAN), LIION_E_RANGE);
    liion_formation_free(f);
    /* each missing element */
    ck_assert_int_eq(liion_formation_new(&f, ctx), LIION_OK);
    ck_assert_int_eq(liion_formation_build(&d, f), LIION_E_INVALID_ARG);
    ERRMSG_HAS("cell_id is missing");
    liion_formation_set_text(f, LIION_FORM_CELL_ID, "CELL-1");
    ck_assert_int_eq(liion_formation_build(&d, f), LIION_E_INVALID_ARG);
    ERRMSG_HAS("recipe id is missing");
    liion_formation_set_text(f, LIION_FORM_RECIPE_ID, "R");
    ck_assert_int_eq(liion_formation_build(&d, f), LIION_E_INVALID_ARG);
    ERRMSG_HAS("recipe version is missing");
    ck_assert_int_eq(liion_formation_set_number(f, LIION_FORM_RECIPE_VERSION, 1.5), LIION_E_RANGE);
    liion_formation_set_number(f, LIION_FORM_RECIPE_VERSION, 1);
    ck_assert_int_eq(liion_formation_build(&d, f), LIION_E_INVALID_ARG);
    ERRMSG_HAS("steps: no formation step");
    ck_assert_int_eq(liion_formation_add_step(f, (liion_formation_mode)6, 0, 1, 0, 0, 0, 0, 0, 0,
                                              0, 0, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_formation_add_step(f, LIION_FORM_REST, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                     LIION_E_INVALID_ARG);
    ERRMSG_HAS("step 1: ends before it starts");
    ck_assert_int_eq(liion_formation_add_step(f, LIION_FORM_REST, 0, 1, 0, 0, 0, 0, 0, 0, 30, 20,
                                              0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_formation_add_step(f, LIION_FORM_REST, 0, 1, 0, 0, NAN, 0, 0, 0, 0, 0,
                                              0), LIION_E_RANGE);
    ck_assert_int_eq(liion_formation_add_step(f, LIION_FORM_REST, 0, 1, 0, 0, 3.7, 0, 0, 0, 20,
                                              21, 20), LIION_OK);
    ck_assert_int_eq(liion_formation_build(&d, f), LIION_E_INVALID_ARG);
    ERRMSG_HAS("series: the cell's own voltage, current and temperature samples are missing");
    ck_assert_int_eq(liion_formation_set_series(f, t, v, i, tc, 4, 1, 0), LIION_OK);
    liion_formation_set_ocv(f, 1, 100, 4.1);
    ck_assert_int_eq(liion_formation_build(&d, f), LIION_E_INVALID_ARG);
    ERRMSG_HAS("ocv: OCV2 is missing");
    liion_formation_set_ocv(f, 2, 200, 4.1);
    d = formation_ok(f);
    dump(d, "formation_minimal");
    liion_export_doc_free(d);
    ck_assert_int_eq(liion_formation_set_text(f, LIION_FORM_ACIR_MOHM, "x"), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_formation_set_number(f, LIION_FORM_GRADE, 1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_formation_set_number(f, LIION_FORM_ACIR_MOHM, -1), LIION_E_RANGE);
    liion_formation_free(f);
    liion_formation_free(NULL);
}
END_TEST

/* ---- IEC 62660 records ----------------------------------------------------------------------- */

static liion_iec62660 *iec_record(liion_iec62660_part part, const char *cell)
{
    liion_iec62660 *r = NULL;
    ck_assert_int_eq(liion_iec62660_new(&r, ctx, part), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_CELL_ID, cell), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_CELL_MODEL, "NV-P72"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_CHEMISTRY, "NMC811/graphite"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_FORMAT, "pouch"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_APPLICATION, "BEV"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_number(r, LIION_IEC_EDITION,
                                               part == LIION_IEC62660_3 ? 2022 : 2018), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_CLAUSE,
                                             part == LIION_IEC62660_1 ? "7.1" : "6.4.2"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_TEST_ITEM,
                                             part == LIION_IEC62660_1 ? "capacity" : "overcharge"),
                     LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_number(r, LIION_IEC_RATED_CAPACITY_AH, 72.0), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_number(r, LIION_IEC_NOMINAL_V, 3.65), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_number(r, LIION_IEC_V_MAX, 4.2), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_number(r, LIION_IEC_V_MIN, 2.5), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_LAB_NAME, "Test Lab GmbH"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_LAB_ACCREDITATION, "D-PL-12345"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_REPORT_ID, "TL-62660-77"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_SAMPLE_NO, "S-3"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_TEST_START, "2026-04-01"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_TEST_END, "2026-04-03"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_add_value(r, 0, "ambient_temperature", 25.0, "Cel"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_add_value(r, 0, "initial_soc", 100.0, "%"), LIION_OK);
    if (part == LIION_IEC62660_1) {
        ck_assert_int_eq(liion_iec62660_add_value(r, 1, "capacity_c3_25c", 72.4, "Ah"), LIION_OK);
        ck_assert_int_eq(liion_iec62660_add_value(r, 1, "dcir_50soc", 0.9, "mOhm"), LIION_OK);
    } else {
        ck_assert_int_eq(liion_iec62660_add_value(r, 0, "overcharge_current", 72.0, "A"), LIION_OK);
        ck_assert_int_eq(liion_iec62660_add_value(r, 1, "max_surface_temperature", 61.5, "Cel"),
                         LIION_OK);
        ck_assert_int_eq(liion_iec62660_set_outcome(r, LIION_IEC_VENTING), LIION_OK);
    }
    if (part == LIION_IEC62660_3) {
        ck_assert_int_eq(liion_iec62660_set_verdict(r, 1), LIION_OK);
        ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_CRITERION, "no fire, no explosion"),
                         LIION_OK);
    }
    return r;
}

static void iec_refused(liion_iec62660 *r, liion_status st, const char *msg)
{
    liion_export_doc *d = NULL;
    ck_assert_int_eq(liion_iec62660_build(&d, r), st);
    ck_assert_ptr_null(d);
    ERRMSG_HAS(msg);
}

START_TEST(iec62660_records_by_part)
{
    static const char *names[4] = { "", "iec62660_1", "iec62660_2", "iec62660_3" };
    for (int part = 1; part <= 3; part++) {
        liion_iec62660 *r = iec_record((liion_iec62660_part)part, "CELL-000123");
        liion_export_doc *d = NULL;
        size_t n;
        uint8_t *j;
        ck_assert_int_eq(liion_iec62660_build(&d, r), LIION_OK);
        ck_assert_str_eq(liion_export_doc_type(d), "iec62660-test-record");
        j = encode(d, LIION_EXPORT_JSON, 0, &n);
        ck_assert_ptr_nonnull(strstr((char *)j, part == 1 ? "\"standard\":\"IEC 62660-1\""
                                                : part == 2 ? "\"standard\":\"IEC 62660-2\""
                                                            : "\"standard\":\"IEC 62660-3\""));
        if (part == 2) {
            ck_assert_ptr_nonnull(strstr((char *)j, "\"outcome\":\"venting\""));
            ck_assert_ptr_null(strstr((char *)j, "verdict"));
        }
        if (part == 3)
        {
            ck_assert_ptr_nonnull(strstr((char *)j, "\"verdict\":\"pass\""));
            ck_assert_ptr_nonnull(strstr((char *)j, "\"criterion\":\"no fire, no explosion\""));
        }
        free(j);
        dump(d, names[part]);
        round_trip(d);
        liion_export_doc_free(d);
        liion_iec62660_free(r);
    }
}
END_TEST

START_TEST(iec62660_rules)
{
    liion_iec62660 *r = iec_record(LIION_IEC62660_1, "C1");
    liion_iec62660 *q;
    liion_export_doc *a = NULL, *b = NULL;
    uint8_t *ba, *bb;
    size_t na, nb;
    /* Part 1: no outcome, no verdict, no criterion; needs a result */
    ck_assert_int_eq(liion_iec62660_set_outcome(r, LIION_IEC_NO_EFFECT), LIION_E_STATE);
    ERRMSG_HAS("IEC 62660-1 performance tests have no outcome class");
    ck_assert_int_eq(liion_iec62660_set_verdict(r, 1), LIION_E_STATE);
    ERRMSG_HAS("IEC 62660-1 has no pass/fail");
    liion_iec62660_set_text(r, LIION_IEC_CRITERION, "none");
    iec_refused(r, LIION_E_STATE, "criterion: IEC 62660-1 has no acceptance criteria");
    liion_iec62660_free(r);
    ck_assert_int_eq(liion_iec62660_new(&r, ctx, LIION_IEC62660_1), LIION_OK);
    {
        liion_iec62660 *full = iec_record(LIION_IEC62660_1, "C1");
        liion_iec62660_free(full);
    }
    liion_iec62660_free(r);
    /* every required element is named */
    ck_assert_int_eq(liion_iec62660_new(&r, ctx, LIION_IEC62660_2), LIION_OK);
    iec_refused(r, LIION_E_INVALID_ARG, "cell_id is missing");
    liion_iec62660_set_text(r, LIION_IEC_CELL_ID, "C1");
    iec_refused(r, LIION_E_INVALID_ARG, "cell_model is missing");
    liion_iec62660_set_text(r, LIION_IEC_CELL_MODEL, "M");
    iec_refused(r, LIION_E_INVALID_ARG, "edition is missing");
    liion_iec62660_free(r);
    /* Part 2: outcome required, no verdict, no criterion */
    r = iec_record(LIION_IEC62660_2, "C1");
    ck_assert_int_eq(liion_iec62660_set_verdict(r, 1), LIION_E_STATE);
    ERRMSG_HAS("IEC 62660-2 has no pass/fail");
    liion_iec62660_set_text(r, LIION_IEC_CRITERION, "no fire");
    iec_refused(r, LIION_E_STATE, "IEC 62660-2 classifies outcomes");
    liion_iec62660_free(r);
    ck_assert_int_eq(liion_iec62660_new(&r, ctx, LIION_IEC62660_2), LIION_OK);
    liion_iec62660_free(r);
    /* Part 3: verdict and criterion; a pass with a fire; the withdrawn 2016 edition */
    r = iec_record(LIION_IEC62660_3, "C1");
    liion_iec62660_set_outcome(r, LIION_IEC_FIRE);
    iec_refused(r, LIION_E_STATE, "verdict: a pass with the outcome 'fire'");
    liion_iec62660_set_verdict(r, 0);
    liion_export_doc_free(a);
    ck_assert_int_eq(liion_iec62660_build(&a, r), LIION_OK);
    liion_export_doc_free(a);
    a = NULL;
    liion_iec62660_set_number(r, LIION_IEC_EDITION, 2016);
    iec_refused(r, LIION_E_STATE, "edition: IEC 62660-3:2016 was withdrawn on 2022-03-01");
    liion_iec62660_set_text(r, LIION_IEC_TEST_START, "2021-05-01");
    liion_iec62660_set_text(r, LIION_IEC_TEST_END, "2021-05-02");
    ck_assert_int_eq(liion_iec62660_build(&a, r), LIION_OK);
    liion_export_doc_free(a);
    a = NULL;
    liion_iec62660_set_number(r, LIION_IEC_EDITION, 2019);
    iec_refused(r, LIION_E_UNSUPPORTED, "edition: IEC 62660-3 has no edition 2019");
    liion_iec62660_set_number(r, LIION_IEC_EDITION, 2022);
    liion_iec62660_set_text(r, LIION_IEC_TEST_END, "2021-04-30");
    iec_refused(r, LIION_E_STATE, "test_date_end is before test_date_start");
    liion_iec62660_set_text(r, LIION_IEC_TEST_END, "2021-13-01");
    iec_refused(r, LIION_E_INVALID_ARG, "must be YYYY-MM-DD dates");
    liion_iec62660_set_text(r, LIION_IEC_TEST_END, "2021-05-02");
    liion_iec62660_set_number(r, LIION_IEC_V_MIN, 4.3);
    iec_refused(r, LIION_E_STATE, "rated: voltage minimum above the maximum");
    liion_iec62660_free(r);
    r = iec_record(LIION_IEC62660_3, "C1");
    liion_iec62660_free(r);
    ck_assert_int_eq(liion_iec62660_new(&r, ctx, LIION_IEC62660_3), LIION_OK);
    liion_iec62660_free(r);
    /* setter refusals */
    ck_assert_int_eq(liion_iec62660_new(&r, ctx, (liion_iec62660_part)4), LIION_E_INVALID_ARG);
    r = iec_record(LIION_IEC62660_2, "C1");
    ck_assert_int_eq(liion_iec62660_add_value(r, 0, "initial_soc", 50.0, "%"), LIION_E_INVALID_ARG);
    ERRMSG_HAS("condition initial_soc is already set");
    ck_assert_int_eq(liion_iec62660_add_value(r, 2, "x", 1.0, "A"), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_iec62660_add_value(r, 1, "has space", 1.0, "A"), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_iec62660_add_value(r, 1, "x", NAN, "A"), LIION_E_RANGE);
    ck_assert_int_eq(liion_iec62660_set_text(r, LIION_IEC_EDITION, "2018"), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_iec62660_set_number(r, LIION_IEC_CELL_ID, 1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_iec62660_set_number(r, LIION_IEC_V_MAX, INFINITY), LIION_E_RANGE);
    ck_assert_int_eq(liion_iec62660_set_outcome(r, (liion_iec62660_outcome)8), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_iec62660_set_verdict(r, 2), LIION_E_INVALID_ARG);
    liion_iec62660_free(r);
    liion_iec62660_free(NULL);
    /* values added in another order give the same bytes */
    r = iec_record(LIION_IEC62660_1, "C1");
    ck_assert_int_eq(liion_iec62660_new(&q, ctx, LIION_IEC62660_1), LIION_OK);
    {
        liion_iec62660 *t = iec_record(LIION_IEC62660_1, "C1");
        liion_iec62660_free(q);
        q = t;
    }
    ck_assert_int_eq(liion_iec62660_build(&a, r), LIION_OK);
    ck_assert_int_eq(liion_iec62660_add_value(q, 1, "aaa_first", 1.0, "Ah"), LIION_OK);
    ck_assert_int_eq(liion_iec62660_add_value(r, 1, "aaa_first", 1.0, "Ah"), LIION_OK);
    liion_export_doc_free(a);
    ck_assert_int_eq(liion_iec62660_build(&a, r), LIION_OK);
    ck_assert_int_eq(liion_iec62660_build(&b, q), LIION_OK);
    ba = encode(a, LIION_EXPORT_CBOR, 0, &na);
    bb = encode(b, LIION_EXPORT_CBOR, 0, &nb);
    ck_assert_uint_eq(na, nb);
    ck_assert(memcmp(ba, bb, na) == 0);
    free(ba);
    free(bb);
    liion_export_doc_free(a);
    liion_export_doc_free(b);
    liion_iec62660_free(r);
    liion_iec62660_free(q);
}
END_TEST

/* ---- battery passport attributes -------------------------------------------------------------- */

/* pack <- 2 modules (assembly) <- 3 cells each (assembly); cells carry "dcir" (E45 = mOhm). */
static liion_plant *pack_plant(uint32_t *pack, uint32_t *cell_class, int bad)
{
    liion_plant *p = NULL;
    uint32_t cls, def, mods[2], c;
    char id[32];
    ck_assert_int_eq(liion_plant_new(&p, ctx), LIION_OK);
    ck_assert_int_eq(liion_plant_material_class_add(&cls, p, NULL, "CELL"), LIION_OK);
    ck_assert_int_eq(liion_plant_material_definition_add(&def, p, NULL, "NV-P72", cls), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(pack, p, NULL, "PACK-0001", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    for (int m = 0; m < 2; m++) {
        snprintf(id, sizeof id, "MOD-%d", m);
        ck_assert_int_eq(liion_plant_lot_add(&mods[m], p, NULL, id, LIION_PLANT_NONE,
                                             LIION_PLANT_NONE), LIION_OK);
        ck_assert_int_eq(liion_plant_assembly_add(p, *pack, mods[m], LIION_ASSEMBLY_PHYSICAL,
                                                  LIION_ASSEMBLY_PERMANENT), LIION_OK);
        for (int k = 0; k < 3; k++) {
            snprintf(id, sizeof id, "CELL-%d%d", m, k);
            ck_assert_int_eq(liion_plant_lot_add(&c, p, NULL, id, def, LIION_PLANT_NONE), LIION_OK);
            ck_assert_int_eq(liion_plant_assembly_add(p, mods[m], c, LIION_ASSEMBLY_PHYSICAL,
                                                      LIION_ASSEMBLY_PERMANENT), LIION_OK);
            if (!(bad == 1 && m == 1 && k == 2))
                ck_assert_int_eq(liion_plant_prop_set_number(p, LIION_OBJ_LOT, c, "dcir",
                                                             0.8 + 0.1 * (m * 3 + k),
                                                             bad == 2 ? "KGM" : "E45"),
                                 LIION_OK);
        }
    }
    *cell_class = cls;
    return p;
}

static liion_passport *passport_full(liion_plant *p, uint32_t pack, uint32_t cls)
{
    liion_passport *pp = NULL;
    ck_assert_int_eq(liion_passport_new(&pp, ctx, p, pack), LIION_OK);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_PASSPORT_ID, "urn:bp:PACK-0001"), LIION_OK);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_MANUFACTURER_ID, "DE-NV-001"), LIION_OK);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_PLACE, "Skelleftea, Sweden"), LIION_OK);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_DATE, "2026-11"), LIION_OK);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_CATEGORY, "ev"), LIION_OK);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_CHEMISTRY_SHORT, "NMC811"), LIION_OK);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_CHEMISTRY_CLEAR,
                                             "lithium nickel manganese cobalt oxide / graphite"), LIION_OK);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_MASS_KG, 412.5), LIION_OK);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_RATED_CAPACITY_AH, 216.0), LIION_OK);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_MIN_V, 300.0), LIION_OK);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_NOMINAL_V, 350.4), LIION_OK);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_MAX_V, 403.2), LIION_OK);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_PACK_RESISTANCE_OHM, 0.085), LIION_OK);
    ck_assert_int_eq(liion_passport_set_cells(pp, cls, "dcir"), LIION_OK);
    return pp;
}

static void passport_refused(liion_passport *pp, liion_status st, const char *msg)
{
    liion_export_doc *d = NULL;
    ck_assert_int_eq(liion_passport_build(&d, pp), st);
    ck_assert_ptr_null(d);
    ERRMSG_HAS(msg);
}

START_TEST(passport_attributes)
{
    uint32_t pack, cls;
    liion_plant *p = pack_plant(&pack, &cls, 0);
    liion_passport *pp = passport_full(p, pack, cls);
    liion_export_doc *d = NULL;
    const liion__xn *r;
    size_t n;
    uint8_t *j;
    ck_assert_int_eq(liion_passport_build(&d, pp), LIION_OK);
    ck_assert_str_eq(liion_export_doc_type(d), "battery-passport-attributes");
    j = encode(d, LIION_EXPORT_JSON, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)j, "\"productIdentifier\":\"PACK-0001\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"manufacturingDate\":\"2026-11\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"batteryStatus\":\"Original\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"batteryTechicalProperties\":{"));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"cellCount\":6"));
    ck_assert_ptr_nonnull(strstr((char *)j, "{\"ohmicResistance\":0.085,\"batteryComponent\":\"pack\"}"));
    free(j);
    /* the cell aggregate: 0.8 .. 1.3 mOhm, mean 1.05 mOhm */
    r = liion__xn_get(liion__xn_get(liion__xn_get(d->root, "performanceAndDurability"),
                                    "batteryTechicalProperties"), "initialInternalResistance");
    ck_assert_ptr_nonnull(r);
    ck_assert(fabs(liion__xn_get(r->v.kids[0], "ohmicResistance")->v.d - 0.00105) < 1e-12);
    ck_assert(fabs(liion__xn_get(r->v.kids[0], "ohmicResistanceMin")->v.d - 0.0008) < 1e-12);
    ck_assert(fabs(liion__xn_get(r->v.kids[0], "ohmicResistanceMax")->v.d - 0.0013) < 1e-12);
    dump(d, "passport");
    round_trip(d);
    liion_export_doc_free(d);
    /* refusals, each naming the attribute */
    liion_passport_set_text(pp, LIION_PASS_DATE, "2026-13");
    passport_refused(pp, LIION_E_INVALID_ARG, "manufacturingDate '2026-13' is not YYYY-MM");
    liion_passport_set_text(pp, LIION_PASS_DATE, "2026-11");
    liion_passport_set_text(pp, LIION_PASS_CATEGORY, "car");
    passport_refused(pp, LIION_E_INVALID_ARG, "batteryCategory 'car' is not lmt, ev, industrial or stationary");
    liion_passport_set_text(pp, LIION_PASS_CATEGORY, "ev");
    liion_passport_set_number(pp, LIION_PASS_MIN_V, 360.0);
    passport_refused(pp, LIION_E_STATE, "minimumVoltage <= nominalVoltage <= maximumVoltage");
    liion_passport_set_number(pp, LIION_PASS_MIN_V, 300.0);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_MASS_KG, -1), LIION_E_RANGE);
    ck_assert_int_eq(liion_passport_set_number(pp, LIION_PASS_PLACE, 1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_passport_set_text(pp, LIION_PASS_MASS_KG, "1"), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_passport_set_cells(pp, 99, "dcir"), LIION_E_NOT_FOUND);
    liion_passport_free(pp);
    ck_assert_int_eq(liion_passport_new(&pp, ctx, p, pack), LIION_OK);
    passport_refused(pp, LIION_E_INVALID_ARG, "manufacturingPlace is missing");
    liion_passport_free(pp);
    pp = passport_full(p, pack, cls);
    ck_assert_int_eq(liion_passport_set_cells(pp, cls, "acir"), LIION_OK);
    passport_refused(pp, LIION_E_INVALID_ARG, "has no number property 'acir'");
    liion_passport_free(pp);
    /* a module without cells of the class: none found */
    {
        uint32_t other;
        ck_assert_int_eq(liion_plant_material_class_add(&other, p, NULL, "SEPARATOR"), LIION_OK);
        pp = passport_full(p, pack, other);
        passport_refused(pp, LIION_E_NOT_FOUND, "no cell of material class 'SEPARATOR' in the genealogy of 'PACK-0001'");
        liion_passport_free(pp);
    }
    ck_assert_int_eq(liion_passport_new(&pp, ctx, p, 999), LIION_E_NOT_FOUND);
    liion_passport_free(NULL);
    liion_plant_free(p);
    /* a cell without the property, a wrong unit */
    p = pack_plant(&pack, &cls, 1);
    pp = passport_full(p, pack, cls);
    passport_refused(pp, LIION_E_INVALID_ARG, "cell 'CELL-12' has no number property 'dcir'");
    liion_passport_free(pp);
    liion_plant_free(p);
    p = pack_plant(&pack, &cls, 2);
    pp = passport_full(p, pack, cls);
    passport_refused(pp, LIION_E_INVALID_ARG, "has unit 'KGM', not OHM or E45");
    liion_passport_free(pp);
    liion_plant_free(p);
}
END_TEST

/* ---- importer --------------------------------------------------------------------------------- */

static void bad_import(const char *hex, liion_status st, size_t off, const char *msg)
{
    uint8_t b[256];
    size_t n = liion_test_unhex(b, sizeof b, hex);
    liion_export_doc *d = (liion_export_doc *)(uintptr_t)1;
    ck_assert_int_eq(liion_export_doc_decode(&d, ctx, b, n, 0), st);
    ck_assert_ptr_null(d);
    ck_assert_msg(liion_ctx_error_offset(ctx) == off, "%s: offset %zu, want %zu", hex,
                  liion_ctx_error_offset(ctx), off);
    ERRMSG_HAS(msg);
}

/* a1 68 "document" 61 "t" = {"document": "t"} */
#define DOC_T "a1 68 646f63756d656e74 61 74"

START_TEST(import_refuses_every_class_of_bad_input)
{
    liion_export_doc *d = NULL;
    uint8_t ok[32];
    size_t n = liion_test_unhex(ok, sizeof ok, DOC_T);
    ck_assert_int_eq(liion_export_doc_decode(&d, ctx, ok, n, 0), LIION_OK);
    ck_assert_str_eq(liion_export_doc_type(d), "t");
    liion_export_doc_free(d);
    bad_import("", LIION_E_TRUNCATED, 0, "document ends");
    bad_import("a1 68 646f63756d656e74", LIION_E_TRUNCATED, 10, "document ends inside a container");
    bad_import("a1 68 646f63756d", LIION_E_TRUNCATED, 1, "cut short");
    bad_import("81 00", LIION_E_DECODE, 0, "document is not a CBOR map");
    bad_import("a1 01 02", LIION_E_DECODE, 1, "map key is not text");
    bad_import("a2 68 646f63756d656e74 61 74 61 61 00", LIION_E_DECODE, 12,
               "map keys are duplicated or not in deterministic order");
    bad_import("a2 61 61 00 61 61 00", LIION_E_DECODE, 4, "duplicated or not in deterministic");
    bad_import("a1 78 08 646f63756d656e74 61 74", LIION_E_DECODE, 1, "not in its shortest form");
    bad_import("a2 61 76 18 05 68 646f63756d656e74 61 74", LIION_E_DECODE, 3, "shortest form");
    bad_import("a2 61 76 fa 3fc00000 68 646f63756d656e74 61 74", LIION_E_DECODE, 3,
               "fits half precision");
    bad_import("a2 61 76 fb 3ff8000000000000 68 646f63756d656e74 61 74", LIION_E_DECODE, 3,
               "fits single precision");
    bad_import("a2 61 76 f9 7e00 68 646f63756d656e74 61 74", LIION_E_DECODE, 3, "non-finite float");
    bad_import("a2 61 76 c1 00 68 646f63756d656e74 61 74", LIION_E_DECODE, 3, "tag is not allowed");
    bad_import("a2 61 76 9f ff 68 646f63756d656e74 61 74", LIION_E_DECODE, 3,
               "indefinite-length item is not allowed");
    bad_import("a2 61 76 f7 68 646f63756d656e74 61 74", LIION_E_DECODE, 3, "undefined value");
    bad_import("a2 61 76 9a 10000000 00", LIION_E_TRUNCATED, 3,
               "container declares 268435456 entries but only 1 bytes are left");
    bad_import("a2 61 76 62 c328 68 646f63756d656e74 61 74", LIION_E_DECODE, 3, "not valid UTF-8");
    bad_import(DOC_T " 00", LIION_E_DECODE, 12, "1 bytes after the document");
    bad_import("a1 61 76 00", LIION_E_DECODE, 0, "no text \"document\" key");
    bad_import("a1 68 646f63756d656e74 01", LIION_E_DECODE, 0, "no text \"document\" key");
    /* limits: depth, items, message bytes */
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 3), LIION_OK);
    bad_import("a2 61 76 81 81 81 00 68 646f63756d656e74 61 74", LIION_E_LIMIT, 5,
               "nests deeper than the max depth 3");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 64), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 3), LIION_OK);
    bad_import("a2 61 76 83 00 00 00 68 646f63756d656e74 61 74", LIION_E_LIMIT, 4,
               "more than 3 items");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_ITEMS, 1000), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 8), LIION_OK);
    bad_import(DOC_T, LIION_E_LIMIT, 0, "passes the message limit");
    /* zlib: a bomb stops at the limit, garbage is refused */
    {
        uint8_t big[4096], z[256];
        uLongf zn = sizeof z;
        memset(big, 0, sizeof big);
        ck_assert_int_eq(compress(z, &zn, big, sizeof big), Z_OK);
        ck_assert_int_eq(liion_export_doc_decode(&d, ctx, z, zn, LIION_EXPORT_ZLIB),
                         LIION_E_LIMIT);
        ERRMSG_HAS("inflated document passes the 8-byte message limit");
        ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 1 << 20),
                         LIION_OK);
        ck_assert_int_eq(liion_export_doc_decode(&d, ctx, ok, n, LIION_EXPORT_ZLIB),
                         LIION_E_DECODE);
        ERRMSG_HAS("zlib stream is corrupt");
        ck_assert_int_eq(liion_export_doc_decode(&d, ctx, z, zn - 3, LIION_EXPORT_ZLIB),
                         LIION_E_TRUNCATED);
        ck_assert_int_eq(liion_export_doc_decode(&d, ctx, z, zn, LIION_EXPORT_ZLIB),
                         LIION_E_DECODE); /* inflates to zeros: not a map */
    }
    ck_assert_int_eq(liion_export_doc_decode(NULL, ctx, ok, n, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_export_doc_decode(&d, ctx, NULL, 3, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_export_doc_decode(&d, ctx, ok, n, 2), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_export_doc_decode(&d, NULL, ok, n, 0), LIION_E_INVALID_ARG);
}
END_TEST

START_TEST(import_random_corruption_never_crashes)
{
    /* flip bytes of a real document: every result is a clean status, and a success
     * re-encodes to exactly the input (only canonical bytes are accepted) */
    liion_un38 *s = un38_cell(0, 0);
    liion_export_doc *d = un38_build_ok(s);
    size_t n;
    uint8_t *b = encode(d, LIION_EXPORT_CBOR, 0, &n);
    uint64_t x = 12345;
    for (int it = 0; it < 3000; it++) {
        uint8_t *c = malloc(n);
        liion_export_doc *e = NULL;
        size_t len = n;
        memcpy(c, b, n);
        for (int k = 0; k < 1 + it % 3; k++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            c[(x >> 33) % n] ^= (uint8_t)(1u << ((x >> 20) & 7));
        }
        if (it % 5 == 0)
            len = (size_t)((x >> 40) % n);
        if (liion_export_doc_decode(&e, ctx, c, len, 0) == LIION_OK) {
            size_t m;
            uint8_t *r = encode(e, LIION_EXPORT_CBOR, 0, &m);
            ck_assert_uint_eq(m, len);
            ck_assert(memcmp(r, c, len) == 0);
            free(r);
            liion_export_doc_free(e);
        } else {
            ck_assert_ptr_null(e);
        }
        free(c);
    }
    free(b);
    liion_export_doc_free(d);
    liion_un38_free(s);
}
END_TEST

/* ---- Markdown helpers ------------------------------------------------------------------------ */

/* No run of 10 or more digits outside code spans: no raw epoch times (seconds, ms or ns). */
static void no_raw_times(const char *m)
{
    size_t run = 0;
    bool code = false;
    for (const char *s = m; *s; s++) {
        if (*s == '`')
            code = !code;
        run = !code && *s >= '0' && *s <= '9' ? run + 1 : 0;
        ck_assert_msg(run < 10, "raw number at: %.40s", s - run + 1);
    }
}

/* The Markdown of d (NUL-terminated, caller frees): rendered again it is the same bytes, the
 * document imported from its CBOR renders the same bytes, every string of must (NULL-ended)
 * occurs, and no raw epoch time is left. */
static char *md_of(liion_export_doc *d, const char *const *must)
{
    size_t n, n2, nc;
    uint8_t *a = encode(d, LIION_EXPORT_MARKDOWN, 0, &n), *b = encode(d, LIION_EXPORT_MARKDOWN, 0, &n2);
    uint8_t *c = encode(d, LIION_EXPORT_CBOR, 0, &nc);
    liion_export_doc *e = NULL;
    ck_assert_uint_eq(n, n2);
    ck_assert(memcmp(a, b, n) == 0);
    free(b);
    ck_assert_int_eq(liion_export_doc_decode(&e, ctx, c, nc, 0), LIION_OK);
    b = encode(e, LIION_EXPORT_MARKDOWN, 0, &n2);
    ck_assert_uint_eq(n, n2);
    ck_assert(memcmp(a, b, n) == 0);
    free(b);
    free(c);
    liion_export_doc_free(e);
    ck_assert_uint_eq(strlen((char *)a), n);
    for (size_t k = 0; must && must[k]; k++)
        ck_assert_msg(strstr((char *)a, must[k]) != NULL,
                      "Markdown lacks \"%s\" (first 1500 bytes):\n%.1500s", must[k], (char *)a);
    no_raw_times((char *)a);
    return (char *)a;
}

/* ---- dossier ---------------------------------------------------------------------------------- */

typedef struct fixture {
    liion_plant *p;
    liion_spec_registry *reg;
    uint32_t cell, cell2, slurry, jumbo, daughter, cal;
} fixture;

/* slurry --coat--> jumbo --calender(link, x1.25)--> calendered --slit(lane link)--> daughter
 * (a sublot of the calendered roll) --stack--> cell (roll use [10, 10.2) sheet 0). */
static void plant_fixture(fixture *fx, liion_ctx *c)
{
    uint32_t cls, def_cell, def_slurry, seg_coat, seg_stack, seg_cal, r_coat, r_stack, r_cal,
        coater, stacker, line, op, lim_i = 0;
    liion_spec_limits *l = NULL;
    liion_spec_result *res = NULL;
    double v[12];
    ck_assert_int_eq(liion_plant_new(&fx->p, c), LIION_OK);
    liion_plant *p = fx->p;
    ck_assert_int_eq(liion_plant_material_class_add(&cls, p, NULL, "CELL"), LIION_OK);
    ck_assert_int_eq(liion_plant_material_definition_add(&def_cell, p, NULL, "NV-21700-50E", cls), LIION_OK);
    ck_assert_int_eq(liion_plant_material_definition_add(&def_slurry, p, NULL, "CATHODE-SLURRY",
                                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_equipment_add(&line, p, NULL, "ELECTRODE-LINE-1",
                                               LIION_EQ_PRODUCTION_LINE, LIION_PLANT_NONE,
                                               LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_equipment_add(&coater, p, NULL, "COATER-1",
                                               LIION_EQ_PRODUCTION_UNIT, line, LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_equipment_add(&stacker, p, NULL, "STACKER-3",
                                               LIION_EQ_WORK_CELL, LIION_PLANT_NONE, LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_person_add(&op, p, NULL, "OP-17"), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&fx->slurry, p, "supplier", "SLURRY-88", def_slurry,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&fx->jumbo, p, NULL, "JUMBO-5", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&fx->cal, p, NULL, "CAL-5", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&fx->daughter, p, NULL, "CAL-5/L2", LIION_PLANT_NONE,
                                         fx->cal), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&fx->cell, p, NULL, "CELL-000123", def_cell,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&fx->cell2, p, NULL, "CELL-000124", def_cell,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_set_quantity(p, fx->jumbo, 1200.0, "MTR", LIION_QTY_REAL), LIION_OK);
    ck_assert_int_eq(liion_plant_segment_add(&seg_coat, p, NULL, "COAT", LIION_STEP_COATING), LIION_OK);
    ck_assert_int_eq(liion_plant_segment_add(&seg_cal, p, NULL, "CALENDER", LIION_STEP_CALENDERING), LIION_OK);
    ck_assert_int_eq(liion_plant_segment_add(&seg_stack, p, NULL, "STACK", LIION_STEP_STACKING), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add(&r_coat, p, NULL, "R-COAT-1", seg_coat, 1000, 2000), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_equipment(p, r_coat, coater), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_person(p, r_coat, op), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material_qty(p, r_coat, fx->slurry, LIION_USE_CONSUMED, 410.0, "KGM"), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(p, r_coat, fx->jumbo, LIION_USE_PRODUCED), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add(&r_cal, p, NULL, "R-CAL-1", seg_cal, 2100, 2600), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(p, r_cal, fx->jumbo, LIION_USE_CONSUMED), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(p, r_cal, fx->cal, LIION_USE_PRODUCED), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add(&r_stack, p, NULL, "R-STACK-9", seg_stack, 5000, 5100), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_equipment(p, r_stack, stacker), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(p, r_stack, fx->daughter, LIION_USE_CONSUMED), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(p, r_stack, fx->cell, LIION_USE_PRODUCED), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(p, r_stack, fx->cell2, LIION_USE_PRODUCED), LIION_OK);
    ck_assert_int_eq(liion_plant_equipment_use_add(p, stacker, fx->cell, 5010, 5020), LIION_OK);
    /* roll map: calendering stretches x1.25; slitting lane 2 (cd 100..200 mm) */
    ck_assert_int_eq(liion_plant_roll_link(p, fx->jumbo, fx->cal, 0.0, 1000.0, -INFINITY,
                                           INFINITY, 0.0, 1.25, 0), LIION_OK);
    ck_assert_int_eq(liion_plant_roll_link(p, fx->cal, fx->daughter, 0.0, 1250.0, 100.0, 200.0,
                                           0.0, 1.0, LIION_ROLL_LANE), LIION_OK);
    ck_assert_int_eq(liion_plant_roll_use(p, fx->daughter, 10.0, 10.25, fx->cell, 0), LIION_OK);
    ck_assert_int_eq(liion_plant_roll_use(p, fx->daughter, 10.25, 10.5, fx->cell2, 0), LIION_OK);
    /* spec results: a pass on the cell, a failure on the jumbo, a pass on the other cell */
    ck_assert_int_eq(liion_spec_registry_new(&fx->reg, c, p), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_new(&l, c, "CATHODE-SPEC", 4), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(l, LIION_SPEC_WET_FILM_THICKNESS, 100.0), LIION_OK);
    ck_assert_int_eq(liion_spec_result_new(&res, c), LIION_OK);
    for (int i = 0; i < 12; i++)
        v[i] = 100.0;
    ck_assert_int_eq(liion_spec_check_values(res, l, "wet_film_thickness", "4H", v, 12, "CELL-000123", 0), LIION_OK);
    ck_assert_int_eq(liion_spec_registry_attach(NULL, fx->reg, LIION_OBJ_LOT, fx->cell, res, l,
                                                "wet_film_thickness", 5050), LIION_OK);
    liion_spec_result_clear(res);
    v[4] = 130.0;
    ck_assert_int_eq(liion_spec_check_values(res, l, "wet_film_thickness", "4H", v, 12, "JUMBO-5", 0), LIION_OK);
    ck_assert_int_eq(liion_spec_registry_attach(NULL, fx->reg, LIION_OBJ_LOT, fx->jumbo, res, l,
                                                "wet_film_thickness", 1900), LIION_OK);
    liion_spec_result_clear(res);
    v[4] = 100.0;
    ck_assert_int_eq(liion_spec_check_values(res, l, "wet_film_thickness", "4H", v, 12, "CELL-000124", 0), LIION_OK);
    ck_assert_int_eq(liion_spec_registry_attach(NULL, fx->reg, LIION_OBJ_LOT, fx->cell2, res, l,
                                                "wet_film_thickness", 5060), LIION_OK);
    (void)lim_i;
    liion_spec_result_free(res);
    liion_spec_limits_free(l);
}

static void fixture_free(fixture *fx)
{
    liion_spec_registry_free(fx->reg);
    liion_plant_free(fx->p);
}

START_TEST(dossier_of_one_cell)
{
    fixture fx;
    liion_dossier *ds = NULL;
    liion_formation *f = formation_full("CELL-000123", 0), *g = formation_full("CELL-000124", 0);
    liion_export_doc *fd = formation_ok(f), *gd = formation_ok(g), *d = NULL, *d2 = NULL,
                     *back = NULL;
    size_t n, n2;
    uint8_t *j, *b, *b2;
    char *p1, *p2;
    plant_fixture(&fx, ctx);
    ck_assert_int_eq(liion_dossier_new(&ds, ctx, fx.p, fx.cell), LIION_OK);
    ck_assert_int_eq(liion_dossier_set_registry(ds, fx.reg), LIION_OK);
    ck_assert_int_eq(liion_dossier_add_record(ds, fd), LIION_OK);
    {
        liion_iec62660 *ir = iec_record(LIION_IEC62660_3, "CELL-000123");
        liion_export_doc *id = NULL;
        ck_assert_int_eq(liion_iec62660_build(&id, ir), LIION_OK);
        ck_assert_int_eq(liion_dossier_add_record(ds, id), LIION_OK);
        liion_export_doc_free(id);
        liion_iec62660_free(ir);
        ir = iec_record(LIION_IEC62660_2, "CELL-000999");
        ck_assert_int_eq(liion_iec62660_build(&id, ir), LIION_OK);
        ck_assert_int_eq(liion_dossier_add_record(ds, id), LIION_E_STATE);
        ERRMSG_HAS("the test record names cell 'CELL-000999', not 'CELL-000123'");
        liion_export_doc_free(id);
        liion_iec62660_free(ir);
    }
    ck_assert_int_eq(liion_dossier_add_record(ds, gd), LIION_E_STATE);
    ERRMSG_HAS("the formation record names cell 'CELL-000124', not 'CELL-000123'");
    {
        liion_un38 *s = un38_cell(0, 0);
        liion_export_doc *u = un38_build_ok(s);
        ck_assert_int_eq(liion_dossier_add_record(ds, u), LIION_E_INVALID_ARG);
        ERRMSG_HAS("is neither a formation record nor an IEC 62660 test record");
        liion_export_doc_free(u);
        liion_un38_free(s);
    }
    ck_assert_int_eq(liion_dossier_build(&d, ds), LIION_OK);
    ck_assert_str_eq(liion_export_doc_type(d), "cell-audit-dossier");
    dump(d, "dossier");
    ck_assert_int_eq(liion_export_doc_verify(d), LIION_OK);
    j = encode(d, LIION_EXPORT_JSON, 0, &n);
    /* genealogy: the cell, its ancestors, the sublot parent and its ancestor */
    ck_assert_ptr_nonnull(strstr((char *)j, "\"lot\":\"CELL-000123\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"lot\":\"CAL-5/L2\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"lot\":\"CAL-5\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"lot\":\"JUMBO-5\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"lot\":\"SLURRY-88\",\"depth\":4"));
    ck_assert_ptr_null(strstr((char *)j, "\"lot\":\"CELL-000124\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"equipment\":[\"COATER-1\"]"));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"persons\":[\"OP-17\"]"));
    ck_assert_ptr_nonnull(strstr((char *)j, "{\"t0\":5000,\"t1\":5100,\"equipment\":\"STACKER-3\"}"));
    ck_assert_ptr_nonnull(strstr((char *)j, "{\"t0\":5010,\"t1\":5020,\"equipment\":\"STACKER-3\"}"));
    /* roll positions: daughter [10, 10.25) -> calendered [10, 10.25) lane -> jumbo [8, 8.2) */
    ck_assert_ptr_nonnull(strstr((char *)j, "{\"roll\":\"CAL-5\",\"depth\":1,\"md_end_m\":10.25,\"reversed\":false,\"md_start_m\":10"));
    ck_assert_ptr_nonnull(strstr((char *)j, "{\"roll\":\"JUMBO-5\",\"depth\":2,\"md_end_m\":8.2,\"reversed\":false,\"md_start_m\":8}"));
    /* spec results: the failure first, the other cell's record absent */
    p1 = strstr((char *)j, "\"outcome\":\"fail\"");
    p2 = strstr((char *)j, "\"outcome\":\"pass\"");
    ck_assert_ptr_nonnull(p1);
    ck_assert_ptr_nonnull(p2);
    ck_assert(p1 < p2);
    ck_assert_ptr_null(strstr((char *)j, "\"where\":\"CELL-000124\""));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"formation_records\":[{"));
    ck_assert_ptr_nonnull(strstr((char *)j, "\"test_records\":[{"));
    free(j);
    round_trip(d);
    /* determinism: built again, same bytes */
    ck_assert_int_eq(liion_dossier_build(&d2, ds), LIION_OK);
    b = encode(d, LIION_EXPORT_CBOR, 0, &n);
    b2 = encode(d2, LIION_EXPORT_CBOR, 0, &n2);
    ck_assert_uint_eq(n, n2);
    ck_assert(memcmp(b, b2, n) == 0);
    free(b2);
    /* tamper evidence: change one letter of the cell ID inside the content */
    {
        uint8_t *hit = NULL;
        for (size_t k = 0; k + 11 <= n; k++)
            if (memcmp(b + k, "CELL-000123", 11) == 0) {
                hit = b + k;
                break;
            }
        ck_assert_ptr_nonnull(hit);
        hit[10] = '9';
        ck_assert_int_eq(liion_export_doc_decode(&back, ctx, b, n, 0), LIION_OK);
        ck_assert_int_eq(liion_export_doc_verify(back), LIION_E_CORRUPT);
        ERRMSG_HAS("content_sha256 does not match the content");
        liion_export_doc_free(back);
        hit[10] = '3';
        ck_assert_int_eq(liion_export_doc_decode(&back, ctx, b, n, 0), LIION_OK);
        ck_assert_int_eq(liion_export_doc_verify(back), LIION_OK);
        liion_export_doc_free(back);
    }
    free(b);
    /* Markdown for the auditor */
    {
        static const char *const must[] = {
            "# Cell audit dossier: CELL-000123\n",
            "| Content SHA-256 | `",
            "**How to verify**",
            "**Verdict: FAIL**: 1 failed, 0 warned, 1 passed spec results (2 in all), 1 stored "
            "violation.",
            "\n## Violations\n",
            "\n## Genealogy\n",
            "\n### Equipment use\n",
            "\n## Roll positions\n",
            "\n## Spec results by parameter\n",
            "\n## Formation records\n",
            "\n### Formation record 1: CELL-000123\n",
            "\n#### Formation steps\n",
            "\n## Test records\n",
            "\n### Test record 1: IEC 62660-3, overcharge\n",
            "\n#### Results\n",
            /* genealogy: one indented table, times as ISO 8601 (nanoseconds: 5000 ns) */
            "| 0 | CELL-000123 | NV-21700-50E (CELL) | STACK (stacking) on STACKER-3; response "
            "R-STACK-9 | 1970-01-01T00:00:00.000005Z to 1970-01-01T00:00:00.0000051Z | - | none |",
            "| 1 | \xc2\xb7 CAL-5/L2 | - | sublot of CAL-5 | - | - | none |",
            "| 3 | \xc2\xb7 \xc2\xb7 \xc2\xb7 JUMBO-5 | - | COAT (coating) on COATER-1; by OP-17; "
            "response R-COAT-1 |",
            "| 1200 m | none |",
            "| CELL-000123 | STACKER-3 | 1970-01-01T00:00:00.00000501Z | "
            "1970-01-01T00:00:00.00000502Z |",
            /* roll positions back to the jumbo */
            "| 0 | CAL-5/L2 | CELL-000123 | 0 | 10 | 10.25 | - | - |",
            "| 1 | \xc2\xb7 CAL-5 | - | - | 10 | 10.25 | no | 100 to 200 |",
            "| 2 | \xc2\xb7 \xc2\xb7 JUMBO-5 | - | - | 8 | 8.2 | no | - |",
            /* formation and test records as tables */
            "| 1 | cc\\_charge | 2026-01-01T00:00:00Z | 2026-01-01T02:00:00Z | 0.5 | 3.9 |",
            "| OCV1 time | 2026-01-02T00:00:00Z |",
            "| max\\_surface\\_temperature | 61.5 | \xc2\xb0" "C (Cel) |",
            NULL
        };
        const char *viol = "| wet\\_film\\_thickness | JUMBO-5 (lot) | JUMBO-5 at position 4 | "
                           "130 | 101.5 (upper) | \xc2\xb5m (4H) | **fail** | "
                           "1970-01-01T00:00:00.0000019Z |";
        const char *pass = "| wet\\_film\\_thickness | \xc2\xb5m (4H) | 2 | 2 | 24 | "
                           "1970-01-01T00:00:00.0000019Z to 1970-01-01T00:00:00.00000505Z | "
                           "**no**: 1 failed, 0 warned |";
        char *m = md_of(d, must);
        const char *hp = liion__xn_get(d->root, "content_sha256") ? strstr(m, "| Content SHA-256 | `") : NULL;
        p1 = strstr(m, viol);
        p2 = strstr(m, pass);
        ck_assert_ptr_nonnull(p1);
        ck_assert_ptr_nonnull(p2);
        ck_assert(p1 < p2); /* violations first */
        ck_assert(strstr(m, "## Violations") < p1);
        ck_assert_ptr_nonnull(hp);
        ck_assert(memcmp(hp + strlen("| Content SHA-256 | `"), liion__xn_get(d->root, "content_sha256")->v.s, 64) == 0);
        free(m);
    }
    /* no registry, no records */
    liion_dossier_free(ds);
    ck_assert_int_eq(liion_dossier_new(&ds, ctx, fx.p, fx.cell2), LIION_OK);
    liion_export_doc_free(d2);
    ck_assert_int_eq(liion_dossier_build(&d2, ds), LIION_OK);
    ck_assert_int_eq(liion_export_doc_verify(d2), LIION_OK);
    dump(d2, "dossier_bare");
    { /* golden: the dossier of the fixed fixture plant (cell 2, no records) */
        char hex[65];
        const liion__xn *h = liion__xn_get(d2->root, "content_sha256");
        b = encode(d2, LIION_EXPORT_CBOR, 0, &n);
        sha_hex(hex, b, n);
        ck_assert_str_eq(hex, "96e15ecb2334d972b1d62076e6dd5ffc69cea5f1da7ac29d8327da82759e8a81");
        ck_assert_uint_eq(h->len, 64);
        ck_assert(memcmp(h->v.s, "5ba7eaf59d360f77b2b74c2db61baa51e288abb674dfdeef7708b9ff918378c8", 64) == 0);
        free(b);
    }
    liion_dossier_free(ds);
    /* a roll-link cycle (a mistake in the roll map) stops at the depth limit */
    ck_assert_int_eq(liion_plant_roll_link(fx.p, fx.daughter, fx.jumbo, 0.0, 2000.0, -INFINITY,
                                           INFINITY, 0.0, 1.0, 0), LIION_OK);
    ck_assert_int_eq(liion_dossier_new(&ds, ctx, fx.p, fx.cell), LIION_OK);
    liion_export_doc_free(d2);
    d2 = NULL;
    ck_assert_int_eq(liion_dossier_build(&d2, ds), LIION_E_LIMIT);
    ERRMSG_HAS("roll map: links nest deeper than the max depth");
    ck_assert_ptr_null(d2);
    liion_dossier_free(ds);
    /* refusals */
    ck_assert_int_eq(liion_dossier_new(&ds, ctx, fx.p, 999), LIION_E_NOT_FOUND);
    ck_assert_ptr_null(ds);
    ck_assert_int_eq(liion_dossier_new(&ds, ctx, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_dossier_build(NULL, ds), LIION_E_INVALID_ARG);
    liion_dossier_free(NULL);
    liion_export_doc_free(d);
    liion_export_doc_free(d2);
    liion_export_doc_free(fd);
    liion_export_doc_free(gd);
    liion_formation_free(f);
    liion_formation_free(g);
    fixture_free(&fx);
}
END_TEST

/* ---- Markdown renderings ----------------------------------------------------------------------- */

START_TEST(markdown_per_document_type)
{
    static const char *const un38_must[] = {
        "# UN 38.3 test summary: NV-21700-50E\n",
        "**Verdict: PASS**: 7 of 7 tests passed, 0 failed.",
        "\n## Summary (38.3.5)\n",
        "| Test report | TL-2026-0815 |",
        "| Diameter | 21 mm |",
        "| Responsible person | Ada Lindqvist |",
        "\n## Tests\n",
        "| T.1 | pass | - | - | - | 0.05 | 0.2 | 99.2 | - |",
        "| T.2 | pass | - | 72 | 2 |",
        NULL
    };
    static const char *const form_must[] = {
        "# Formation record: CELL-000123\n",
        "This record carries no content hash of its own",
        "**Result**: grade A1, capacity 5.02 Ah.",
        "\n## Record\n",
        "| Formation rack | FR-07 |",
        "| Capacity | 5.02 Ah |",
        "| Self-discharge K (OCV1 to OCV2) | 0.6000 mV/day |",
        "\n### Formation steps\n",
        "| 3 | cccv\\_charge | 2026-01-01T02:30:00Z | 2026-01-01T05:30:00Z |",
        "\n### Measured series (stored compressed)\n",
        "| temperature | \xc2\xb0" "C (Cel) | 0.01 |",
        NULL
    };
    static const char *const pass_must[] = {
        "# Battery passport attributes: PACK-0001\n",
        "\n## Attributes\n",
        "| Manufacturing date (manufacturingDate) | 2026-11 |",
        "| Battery status (batteryStatus) | Original |",
        "\n## Initial internal resistance (initialInternalResistance)\n",
        "| cell | 0.00105 | 0.0008 | 0.0013 | 6 |",
        "| pack | 0.085 | - | - | - |",
        NULL
    };
    const char *const iec_must[4][6] = {
        { NULL },
        { "# IEC 62660-1 test record: ", "**Performance test**", "\n### Test conditions\n",
          "\n### Results\n", "| Standard | IEC 62660-1 |", NULL },
        { "# IEC 62660-2 test record: ", "**Outcome class**: venting", "\n### Results\n",
          "| Outcome class | venting |", NULL, NULL },
        { "# IEC 62660-3 test record: overcharge (CELL-000123, NV-P72)\n",
          "**Verdict: PASS** against the criterion: no fire, no explosion.",
          "| Test start | 2026-04-01 |", "| overcharge\\_current | 72 | A |",
          "| Rated capacity | 72 Ah |", NULL },
    };
    liion_un38 *s = un38_cell(0, 0);
    liion_export_doc *d = un38_build_ok(s);
    char *m = md_of(d, un38_must);
    free(m);
    liion_export_doc_free(d);
    liion_un38_free(s);
    {
        liion_formation *f = formation_full("CELL-000123", 0);
        d = formation_ok(f);
        m = md_of(d, form_must);
        free(m);
        liion_export_doc_free(d);
        liion_formation_free(f);
    }
    for (int part = 1; part <= 3; part++) {
        liion_iec62660 *r = iec_record((liion_iec62660_part)part, "CELL-000123");
        ck_assert_int_eq(liion_iec62660_build(&d, r), LIION_OK);
        m = md_of(d, iec_must[part]);
        free(m);
        liion_export_doc_free(d);
        liion_iec62660_free(r);
    }
    {
        uint32_t pack, cls;
        liion_plant *p = pack_plant(&pack, &cls, 0);
        liion_passport *pp = passport_full(p, pack, cls);
        ck_assert_int_eq(liion_passport_build(&d, pp), LIION_OK);
        m = md_of(d, pass_must);
        free(m);
        liion_export_doc_free(d);
        liion_passport_free(pp);
        liion_plant_free(p);
    }
}
END_TEST

/* A formation record built by hand with edge-case times and specials in its text. */
static void put_times(liion_export_doc *d, liion__xn *r)
{
    liion__xn *st = liion__xn_array(d, r, "steps"), *x, *o;
    liion__xn_text(d, r, "cell_id", "CELL_*1|<x>#[2]`");
    x = liion__xn_map(d, st, NULL);
    liion__xn_uint(d, x, "step", 1);
    liion__xn_text(d, x, "mode", "rest");
    liion__xn_int(d, x, "t_start_ms", 1795788185000);
    liion__xn_int(d, x, "t_end_ms", 1795788185250);
    x = liion__xn_map(d, st, NULL);
    liion__xn_uint(d, x, "step", 2);
    liion__xn_int(d, x, "t_start_ms", -1);
    liion__xn_int(d, x, "t_end_ms", 4107542400000);
    o = liion__xn_map(d, r, "ocv");
    x = liion__xn_map(d, o, "ocv1");
    liion__xn_int(d, x, "time_s", 951782400);
    x = liion__xn_map(d, o, "ocv2");
    liion__xn_int(d, x, "time_s", -2203848000);
}

static liion_export_doc *hand_doc(const char *type, put_fn put)
{
    liion_export_doc *d = NULL;
    ck_assert_int_eq(liion__xdoc_new(&d, ctx), LIION_OK);
    d->root = liion__xn_map(d, NULL, NULL);
    liion__xn_text(d, d->root, "document", type);
    put(d, d->root);
    ck_assert_int_eq(liion__xdoc_seal(d), LIION_OK);
    return d;
}

START_TEST(markdown_times_units_and_escaping)
{
    static const char *const must[] = {
        "# Formation record: CELL\\_\\*1\\|\\<x>\\#\\[2\\]\\`\n",
        "| 1 | rest | 2026-11-27T14:03:05Z | 2026-11-27T14:03:05.25Z |",
        "| 2 | - | 1969-12-31T23:59:59.999Z | 2100-03-01T00:00:00Z |",
        "| OCV1 time | 2000-02-29T00:00:00Z |",
        "| OCV2 time | 1900-03-01T12:00:00Z |",
        NULL
    };
    liion_export_doc *d = hand_doc("formation-record", put_times);
    char *m = md_of(d, must);
    free(m);
    liion_export_doc_free(d);
}
END_TEST

/* A dossier the size of the demo's: some 400 passing results besides the failure. */
START_TEST(dossier_markdown_is_compact)
{
    fixture fx;
    liion_dossier *ds = NULL;
    liion_export_doc *d = NULL;
    liion_spec_limits *l = NULL;
    liion_spec_result *res = NULL;
    liion__wr w;
    double v[12];
    size_t n, generic;
    char *m;
    static const char *const must[] = {
        "**Verdict: FAIL**: 1 failed, 0 warned, 411 passed spec results (412 in all), 1 stored "
        "violation.",
        "| stack\\_align\\_x | mm (MMT) | 1 | 10 | 120 | 1970-01-01T00:00:00.000005Z to "
        "1970-01-01T00:00:00.000005009Z | yes |",
        "| wet\\_film\\_thickness | \xc2\xb5m (4H) | 3 | 402 | 4824 | 1970-01-01T00:00:00.0000019Z "
        "to 1970-01-01T00:00:00.00000599Z | **no**: 1 failed, 0 warned |",
        NULL
    };
    plant_fixture(&fx, ctx);
    ck_assert_int_eq(liion_spec_limits_new(&l, ctx, "CATHODE-SPEC", 4), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(l, LIION_SPEC_WET_FILM_THICKNESS, 100.0), LIION_OK);
    ck_assert_int_eq(liion_spec_result_new(&res, ctx), LIION_OK);
    for (int i = 0; i < 12; i++)
        v[i] = 100.0;
    for (int i = 0; i < 400; i++) {
        liion_spec_result_clear(res);
        ck_assert_int_eq(liion_spec_check_values(res, l, "wet_film_thickness", "4H", v, 12,
                                                 i % 2 ? "JUMBO-5" : "CAL-5", 0), LIION_OK);
        ck_assert_int_eq(liion_spec_registry_attach(NULL, fx.reg, LIION_OBJ_LOT,
                                                    i % 2 ? fx.jumbo : fx.cal, res, l,
                                                    "wet_film_thickness", 2000 + 10 * i), LIION_OK);
    }
    /* and ten passing stack-alignment results on the cell itself */
    ck_assert_int_eq(liion_spec_limits_set_default(l, LIION_SPEC_STACK_ALIGN_X, 0.0), LIION_OK);
    for (int i = 0; i < 12; i++)
        v[i] = 0.1;
    for (int i = 0; i < 10; i++) {
        liion_spec_result_clear(res);
        ck_assert_int_eq(liion_spec_check_values(res, l, "stack_align_x", "MMT", v, 12,
                                                 "CELL-000123", 0), LIION_OK);
        ck_assert_int_eq(liion_spec_registry_attach(NULL, fx.reg, LIION_OBJ_LOT, fx.cell, res, l,
                                                    "stack_align_x", 5000 + i), LIION_OK);
    }
    ck_assert_int_eq(liion_dossier_new(&ds, ctx, fx.p, fx.cell), LIION_OK);
    ck_assert_int_eq(liion_dossier_set_registry(ds, fx.reg), LIION_OK);
    ck_assert_int_eq(liion_dossier_build(&d, ds), LIION_OK);
    m = md_of(d, must);
    n = strlen(m);
    liion__wr_init(&w, NULL, 0);
    liion__xw_markdown_generic(&w, d->root);
    generic = w.pos;
    /* the generic dump had one section per result; the auditor's layout one row per parameter */
    ck_assert_uint_lt(n * 10, generic);
    ck_assert_uint_lt(n, 8000);
    /* the violation comes before every summary row, passed ones included */
    ck_assert_ptr_nonnull(strstr(m, "| **fail** |"));
    ck_assert(strstr(m, "| **fail** |") < strstr(m, "| stack\\_align\\_x |"));
    ck_assert(strstr(m, "| **fail** |") < strstr(m, "| 3 | 402 |"));
    /* summary rows in alphabetical order of the parameter */
    ck_assert(strstr(m, "| stack\\_align\\_x |") < strstr(m, "| wet\\_film\\_thickness | \xc2\xb5m"));
    free(m);
    liion_export_doc_free(d);
    liion_dossier_free(ds);
    liion_spec_result_free(res);
    liion_spec_limits_free(l);
    fixture_free(&fx);
}
END_TEST

/* Damaged trees (members of the wrong type, extreme integers) render without trusting them. */
static void put_bad_dossier(liion_export_doc *d, liion__xn *r)
{
    liion__xn *c = liion__xn_map(d, r, "content"), *a, *x, *y;
    liion__xn_uint(d, r, "content_sha256", 7);
    liion__xn_text(d, c, "cell", "not a map");
    liion__xn_text(d, c, "genealogy", "not an array");
    a = liion__xn_array(d, c, "spec_results");
    liion__xn_push(d, a, liion__xn_text_node(d, "text", 4));
    x = liion__xn_map(d, a, NULL);
    liion__xn_uint(d, x, "param", 3);
    liion__xn_text(d, x, "outcome", "fail");
    liion__xn_uint(d, x, "time", UINT64_MAX);
    liion__xn_text(d, x, "violations", "none");
    x = liion__xn_map(d, a, NULL);
    liion__xn_text(d, x, "param", "p");
    liion__xn_text(d, x, "outcome", "odd");
    liion__xn_int(d, x, "time", INT64_MIN);
    liion__xn_uint(d, x, "checked", UINT64_MAX);
    liion__xn_uint(d, x, "dropped", 2);
    y = liion__xn_array(d, x, "violations");
    liion__xn_push(d, y, liion__xn_text_node(d, "v", 1));
    y = liion__xn_map(d, y, NULL);
    liion__xn_text(d, y, "severity", "warn");
    liion__xn_num(d, y, "index", 1.5);
    x = liion__xn_map(d, a, NULL);
    liion__xn_text(d, x, "param", "p");
    liion__xn_uint(d, x, "checked", 1);
    liion__xn_num(d, x, "time", 2.5);
    a = liion__xn_array(d, c, "roll_positions");
    x = liion__xn_map(d, a, NULL);
    liion__xn_text(d, x, "origin", "x");
    liion__xn_uint(d, x, "depth", UINT64_MAX);
    a = liion__xn_array(d, c, "formation_records");
    liion__xn_push(d, a, liion__xn_text_node(d, "x", 1));
    x = liion__xn_map(d, a, NULL);
    liion__xn_text(d, x, "steps", "x");
    liion__xn_text(d, x, "series", "x");
    a = liion__xn_array(d, c, "test_records");
    liion__xn_map(d, a, NULL);
}

static void put_nothing(liion_export_doc *d, liion__xn *r)
{
    (void)d;
    (void)r;
}

START_TEST(markdown_of_damaged_documents_is_safe)
{
    static const char *const types[] = { "un38.3-test-summary", "formation-record",
                                         "iec62660-test-record", "battery-passport-attributes",
                                         "cell-audit-dossier" };
    liion_export_doc *d = hand_doc("cell-audit-dossier", put_bad_dossier);
    size_t n;
    uint8_t *b = encode(d, LIION_EXPORT_MARKDOWN, 0, &n);
    ck_assert_ptr_nonnull(strstr((char *)b, "# Cell audit dossier: -\n"));
    ck_assert_ptr_nonnull(strstr((char *)b, "| Content SHA-256 | 7 |"));
    ck_assert_ptr_nonnull(strstr((char *)b, "**Verdict: FAIL**: 1 failed, 0 warned, 0 passed spec results (4 in all)"));
    ck_assert_msg(strstr((char *)b, "| p | - | 1 | 2 | 18446744073709551615 | "
                                    "1677-09-21T00:12:43.145224192Z | **no**: 0 failed, 0 warned, 2 without a known "
                                    "outcome |") != NULL,
                  "%s", (char *)b);
    ck_assert_ptr_nonnull(strstr((char *)b, "| p | - | - | - | - | - | warn | 1677-09-21T00:12:43.145224192Z |"));
    ck_assert_ptr_nonnull(strstr((char *)b, "Not stored: 2 further violations of p on -"));
    ck_assert_ptr_nonnull(strstr((char *)b, "### Formation record 2: -\n\n(none)\n"));
    free(b);
    liion_export_doc_free(d);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        d = hand_doc(types[i], put_nothing);
        b = encode(d, LIION_EXPORT_MARKDOWN, 0, &n);
        ck_assert_ptr_nonnull(strstr((char *)b, "# "));
        free(b);
        liion_export_doc_free(d);
    }
    { /* a real dossier with flipped bytes: whatever imports renders */
        fixture fx;
        liion_dossier *ds = NULL;
        uint64_t x = 777;
        size_t nc;
        uint8_t *c;
        plant_fixture(&fx, ctx);
        ck_assert_int_eq(liion_dossier_new(&ds, ctx, fx.p, fx.cell), LIION_OK);
        ck_assert_int_eq(liion_dossier_set_registry(ds, fx.reg), LIION_OK);
        ck_assert_int_eq(liion_dossier_build(&d, ds), LIION_OK);
        c = encode(d, LIION_EXPORT_CBOR, 0, &nc);
        for (int it = 0; it < 2000; it++) {
            uint8_t *k = malloc(nc);
            liion_export_doc *e = NULL;
            memcpy(k, c, nc);
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            k[(x >> 33) % nc] ^= (uint8_t)(1u << ((x >> 20) & 7));
            if (liion_export_doc_decode(&e, ctx, k, nc, 0) == LIION_OK) {
                b = encode(e, LIION_EXPORT_MARKDOWN, 0, &n);
                free(b);
                liion_export_doc_free(e);
            }
            free(k);
        }
        free(c);
        liion_export_doc_free(d);
        liion_dossier_free(ds);
        fixture_free(&fx);
    }
}
END_TEST

/* ---- allocation failure -------------------------------------------------------------------- */

static liion_status body_un38(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_un38 *s = NULL;
    liion_export_doc *d = NULL, *e = NULL;
    uint8_t buf[4096];
    size_t n = 0;
    liion_status st;
    (void)user;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_un38_new(&s, c);
    for (size_t i = 0; i < UN38_N && st == LIION_OK; i++) {
        const un38_set *x = &UN38_CELL[i];
        st = x->kind == 0   ? liion_un38_set_text(s, x->f, x->t)
             : x->kind == 1 ? liion_un38_set_number(s, x->f, x->n)
                            : liion_un38_set_int(s, x->f, (int64_t)x->n);
    }
    for (int t = 1; t <= 8 && st == LIION_OK; t++)
        if (t != 7)
            st = liion_un38_set_test(s, (liion_un38_test)t, LIION_UN38_PASS);
    if (st == LIION_OK)
        st = liion_un38_build(&d, s);
    if (st == LIION_OK)
        st = liion_export_doc_encode(buf, sizeof buf, &n, d, LIION_EXPORT_CBOR, LIION_EXPORT_ZLIB);
    if (st == LIION_OK)
        st = liion_export_doc_decode(&e, c, buf, n, LIION_EXPORT_ZLIB);
    liion_export_doc_free(e);
    liion_export_doc_free(d);
    liion_un38_free(s);
    liion_ctx_free(c);
    return st;
}

static liion_status body_dossier(const liion_allocator *hooks, void *user)
{
    static int64_t t[64];
    static double v[64], i[64], tc[64];
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_plant *p = NULL;
    liion_formation *f = NULL;
    liion_export_doc *fd = NULL, *d = NULL;
    liion_dossier *ds = NULL;
    liion_trace *unused = NULL;
    uint32_t a = 0, b = 0, r = 0;
    liion_status st;
    (void)user;
    (void)unused;
    series(t, v, i, tc, 64, 1);
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_plant_new(&p, c);
    if (st == LIION_OK)
        st = liion_plant_lot_add(&a, p, NULL, "ROLL", LIION_PLANT_NONE, LIION_PLANT_NONE);
    if (st == LIION_OK)
        st = liion_plant_lot_add(&b, p, NULL, "CELL", LIION_PLANT_NONE, LIION_PLANT_NONE);
    if (st == LIION_OK)
        st = liion_plant_response_add(&r, p, NULL, "R", LIION_PLANT_NONE, 0, 1);
    if (st == LIION_OK)
        st = liion_plant_response_add_material(p, r, a, LIION_USE_CONSUMED);
    if (st == LIION_OK)
        st = liion_plant_response_add_material(p, r, b, LIION_USE_PRODUCED);
    if (st == LIION_OK)
        st = liion_plant_roll_use(p, a, 1.0, 2.0, b, 0);
    if (st == LIION_OK)
        st = liion_formation_new(&f, c);
    if (st == LIION_OK)
        st = liion_formation_set_text(f, LIION_FORM_CELL_ID, "CELL");
    if (st == LIION_OK)
        st = liion_formation_set_text(f, LIION_FORM_RECIPE_ID, "R1");
    if (st == LIION_OK)
        st = liion_formation_set_number(f, LIION_FORM_RECIPE_VERSION, 1);
    if (st == LIION_OK)
        st = liion_formation_add_step(f, LIION_FORM_REST, 0, 1, 0, 0, 3.7, 0, 0, 0, 20, 21, 20);
    if (st == LIION_OK)
        st = liion_formation_set_series(f, t, v, i, tc, 64, 1, 0);
    if (st == LIION_OK)
        st = liion_formation_build(&fd, f);
    if (st == LIION_OK)
        st = liion_dossier_new(&ds, c, p, b);
    if (st == LIION_OK)
        st = liion_dossier_add_record(ds, fd);
    if (st == LIION_OK)
        st = liion_dossier_build(&d, ds);
    if (st == LIION_OK)
        st = liion_export_doc_verify(d);
    liion_export_doc_free(d);
    liion_dossier_free(ds);
    liion_export_doc_free(fd);
    liion_formation_free(f);
    liion_plant_free(p);
    liion_ctx_free(c);
    return st;
}

static liion_status body_iec_passport(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_plant *p = NULL;
    liion_iec62660 *r = NULL;
    liion_passport *pp = NULL;
    liion_export_doc *d = NULL, *e = NULL;
    uint32_t cls = 0, def = 0, pack = 0, cell = 0;
    liion_status st;
    (void)user;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_iec62660_new(&r, c, LIION_IEC62660_3);
    for (int f = LIION_IEC_CELL_ID; f <= LIION_IEC_CRITERION && st == LIION_OK; f++)
        st = liion_iec62660_set_text(r, (liion_iec62660_field)f,
                                     f == LIION_IEC_TEST_START || f == LIION_IEC_TEST_END
                                         ? "2026-04-01" : "x");
    for (int f = LIION_IEC_EDITION; f <= LIION_IEC_T_MAX_C && st == LIION_OK; f++)
        st = liion_iec62660_set_number(r, (liion_iec62660_field)f, f == LIION_IEC_EDITION ? 2022 : 1);
    if (st == LIION_OK)
        st = liion_iec62660_add_value(r, 0, "ambient", 25, "Cel");
    if (st == LIION_OK)
        st = liion_iec62660_add_value(r, 1, "tmax", 60, "Cel");
    if (st == LIION_OK)
        st = liion_iec62660_set_verdict(r, 1);
    if (st == LIION_OK)
        st = liion_iec62660_build(&d, r);
    if (st == LIION_OK)
        st = liion_plant_new(&p, c);
    if (st == LIION_OK)
        st = liion_plant_material_class_add(&cls, p, NULL, "CELL");
    if (st == LIION_OK)
        st = liion_plant_material_definition_add(&def, p, NULL, "D", cls);
    if (st == LIION_OK)
        st = liion_plant_lot_add(&pack, p, NULL, "PACK", LIION_PLANT_NONE, LIION_PLANT_NONE);
    if (st == LIION_OK)
        st = liion_plant_lot_add(&cell, p, NULL, "C", def, LIION_PLANT_NONE);
    if (st == LIION_OK)
        st = liion_plant_assembly_add(p, pack, cell, LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_PERMANENT);
    if (st == LIION_OK)
        st = liion_plant_prop_set_number(p, LIION_OBJ_LOT, cell, "dcir", 1.0, "E45");
    if (st == LIION_OK)
        st = liion_passport_new(&pp, c, p, pack);
    if (st == LIION_OK)
        st = liion_passport_set_cells(pp, cls, "dcir");
    for (int f = LIION_PASS_PASSPORT_ID; f <= LIION_PASS_CHEMISTRY_CLEAR && st == LIION_OK; f++)
        st = liion_passport_set_text(pp, (liion_passport_field)f,
                                     f == LIION_PASS_DATE ? "2026-11" : f == LIION_PASS_CATEGORY ? "ev" : "x");
    for (int f = LIION_PASS_MASS_KG; f <= LIION_PASS_PACK_RESISTANCE_OHM && st == LIION_OK; f++)
        st = liion_passport_set_number(pp, (liion_passport_field)f, 1.0);
    if (st == LIION_OK)
        st = liion_passport_build(&e, pp);
    liion_export_doc_free(e);
    liion_passport_free(pp);
    liion_plant_free(p);
    liion_export_doc_free(d);
    liion_iec62660_free(r);
    liion_ctx_free(c);
    return st;
}

typedef struct md_input {
    const uint8_t *cbor;
    size_t n;
} md_input;

/* Import a dossier and render its Markdown (the spec-result summary allocates a scratch). */
static liion_status body_markdown(const liion_allocator *hooks, void *user)
{
    static uint8_t out[32768];
    const md_input *in = user;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_export_doc *d = NULL;
    size_t n = 0;
    liion_status st;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_export_doc_decode(&d, c, in->cbor, in->n, 0);
    if (st == LIION_OK) {
        st = liion_export_doc_encode(NULL, 0, &n, d, LIION_EXPORT_MARKDOWN, 0);
        if (st == LIION_E_BUFFER_TOO_SMALL && n <= sizeof out)
            st = liion_export_doc_encode(out, sizeof out, &n, d, LIION_EXPORT_MARKDOWN, 0);
        if (st == LIION_OK)
            ck_assert_ptr_nonnull(strstr((char *)out, "| wet\\_film\\_thickness |"));
    }
    liion_export_doc_free(d);
    liion_ctx_free(c);
    return st;
}

START_TEST(allocation_failure_loops)
{
    fixture fx;
    liion_dossier *ds = NULL;
    liion_export_doc *d = NULL;
    md_input in;
    plant_fixture(&fx, ctx);
    ck_assert_int_eq(liion_dossier_new(&ds, ctx, fx.p, fx.cell), LIION_OK);
    ck_assert_int_eq(liion_dossier_set_registry(ds, fx.reg), LIION_OK);
    ck_assert_int_eq(liion_dossier_build(&d, ds), LIION_OK);
    in.cbor = encode(d, LIION_EXPORT_CBOR, 0, &in.n);
    ck_assert_uint_gt(liion_test_alloc_loop("dossier import + Markdown", body_markdown, &in), 5);
    free((void *)(uintptr_t)in.cbor);
    liion_export_doc_free(d);
    liion_dossier_free(ds);
    fixture_free(&fx);
    ck_assert_uint_gt(liion_test_alloc_loop("un38 build + zlib encode + import", body_un38, NULL), 5);
    ck_assert_uint_gt(liion_test_alloc_loop("formation + dossier build + verify", body_dossier, NULL),
                      10);
    ck_assert_uint_gt(liion_test_alloc_loop("iec62660 + passport build", body_iec_passport, NULL),
                      10);
}
END_TEST

static Suite *export_suite(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_create("export");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sha256_fips_vectors);
    tcase_add_test(tc, cbor_rfc8949_vectors);
    tcase_add_test(tc, cbor_json_key_order_and_escaping);
    tcase_add_test(tc, json_numbers_round_trip_shortest);
    tcase_add_test(tc, un38_valid_cell_summary);
    tcase_add_test(tc, un38_deterministic_under_permuted_setters);
    tcase_add_test(tc, un38_every_missing_element_is_named);
    tcase_add_test(tc, un38_tests_by_item_and_format);
    tcase_add_test(tc, un38_batteries_t7_and_assembled);
    tcase_add_test(tc, un38_edition_rules);
    tcase_add_test(tc, un38_lithium_metal_and_text_rules);
    tcase_add_test(tc, formation_record_and_series);
    tcase_add_test(tc, formation_refuses_batch_average_and_missing);
    tcase_add_test(tc, iec62660_records_by_part);
    tcase_add_test(tc, iec62660_rules);
    tcase_add_test(tc, passport_attributes);
    tcase_add_test(tc, import_refuses_every_class_of_bad_input);
    tcase_add_test(tc, import_random_corruption_never_crashes);
    tcase_add_test(tc, dossier_of_one_cell);
    tcase_add_test(tc, markdown_per_document_type);
    tcase_add_test(tc, markdown_times_units_and_escaping);
    tcase_add_test(tc, dossier_markdown_is_compact);
    tcase_add_test(tc, markdown_of_damaged_documents_is_safe);
    tcase_add_test(tc, allocation_failure_loops);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(export_suite());
}
