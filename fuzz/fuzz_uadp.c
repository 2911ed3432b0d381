/* libFuzzer target: UADP NetworkMessage decode -> accessors -> RawData decode with metadata
 * taken from the input -> encode (size == encode, short buffer refused) -> decode -> encode
 * (the canonical form reproduces itself). Seeds: fuzz/corpus/uadp/. Any inconsistency
 * abort()s. */
#include <liion/liion.h>

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const liion_uadp_msg *m)
{
    volatile uint64_t sink = 0;
    uint64_t num;
    const uint8_t *p;
    size_t n;
    uint8_t g[16];
    uint32_t a, b;
    if (liion_uadp_msg_publisher_id(m, NULL, &num, &p, &n) == LIION_OK)
        sink += num + n + (p != NULL ? p[n] : 0); /* NUL after a string id */
    if (liion_uadp_msg_dataset_class_id(m, g) == LIION_OK)
        sink += g[15];
    if (liion_uadp_msg_security(m, &a, &b, &p, &n) == LIION_OK && n > 0)
        sink += p[n - 1];
    sink += liion_uadp_msg_writer_group_id(m) + liion_uadp_msg_group_version(m) +
            liion_uadp_msg_sequence_number(m) + (uint64_t)liion_uadp_msg_timestamp(m);
    for (size_t i = 0; i < liion_uadp_msg_promoted_count(m); i++)
        sink += (uint64_t)liion_ua_variant_type(liion_uadp_msg_promoted(m, i));
    for (size_t i = 0; i < liion_uadp_msg_dsm_count(m); i++) {
        sink += liion_uadp_dsm_flags(m, i) + liion_uadp_dsm_writer_id(m, i);
        for (size_t j = 0; j < liion_uadp_dsm_field_count(m, i); j++) {
            const liion_ua_datavalue *dv = liion_uadp_dsm_field_datavalue(m, i, j);
            CHECK(dv != NULL && liion_uadp_dsm_field_variant(m, i, j) != NULL);
            sink += liion_ua_datavalue_mask(dv) + liion_uadp_dsm_field_index(m, i, j);
        }
    }
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_uadp_msg *m = NULL, *m2 = NULL;
    liion_ua_type types[8];
    uint8_t *out1 = NULL, *out2 = NULL;
    size_t sz = 0, n1 = 0, n2 = 0;
    liion_status st;

    o.max_memory = 64u << 20;
    o.max_depth = 48;
    CHECK(liion_ctx_new(&ctx, &o) == LIION_OK);
    CHECK(liion_uadp_msg_new(&m, ctx) == LIION_OK);
    CHECK(liion_uadp_msg_new(&m2, ctx) == LIION_OK);
    st = liion_uadp_msg_decode(m, data, size);
    if (st != LIION_OK) {
        CHECK(st == LIION_E_TRUNCATED || st == LIION_E_DECODE || st == LIION_E_LIMIT ||
              st == LIION_E_NOMEM || st == LIION_E_UNSUPPORTED);
        CHECK(liion_ctx_errcode(ctx) == st);
        CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= size);
        CHECK(liion_uadp_msg_dsm_count(m) == 0 && liion_uadp_msg_flags(m) == 0);
        goto done;
    }
    walk(m);
    /* RawData: metadata from the last input bytes (types 1..15, the simple ones) */
    for (size_t k = 0; k < 8; k++)
        types[k] = (liion_ua_type)(1 + (size > k ? data[size - 1 - k] % 15 : 0));
    for (size_t i = 0; i < liion_uadp_msg_dsm_count(m); i++) {
        if (liion_uadp_dsm_encoding(m, i) != LIION_UADP_ENC_RAWDATA)
            continue;
        st = liion_uadp_dsm_decode_raw(m, i, types, (size_t)(size % 9));
        CHECK(st == LIION_OK || st == LIION_E_TRUNCATED || st == LIION_E_DECODE ||
              st == LIION_E_LIMIT || st == LIION_E_NOMEM);
        if (st != LIION_OK)
            CHECK(liion_uadp_dsm_field_count(m, i) == 0);
    }
    walk(m);
    CHECK(liion_uadp_msg_encoded_size(m, &sz) == LIION_OK);
    out1 = malloc(sz + 1);
    CHECK(out1 != NULL);
    CHECK(liion_uadp_msg_encode(m, out1, sz, &n1) == LIION_OK && n1 == sz);
    if (sz > 0)
        CHECK(liion_uadp_msg_encode(m, out1, sz - 1, &n2) == LIION_E_BUFFER_TOO_SMALL && n2 == sz);
    st = liion_uadp_msg_decode(m2, out1, n1);
    if (st == LIION_OK) {
        out2 = malloc(n1 + 1);
        CHECK(out2 != NULL);
        CHECK(liion_uadp_msg_encode(m2, out2, n1, &n2) == LIION_OK);
        CHECK(n2 == n1 && memcmp(out1, out2, n1) == 0);
        CHECK(liion_uadp_msg_dsm_count(m2) == liion_uadp_msg_dsm_count(m));
    } else {
        CHECK(st == LIION_E_LIMIT || st == LIION_E_NOMEM);
    }
done:
    free(out1);
    free(out2);
    liion_uadp_msg_free(m);
    liion_uadp_msg_free(m2);
    liion_ctx_free(ctx);
    return 0;
}
