/* OPC UA Binary values: build a DataValue {Double, StatusCode, SourceTimestamp} and a Variant
 * holding a 2 x 3 Double matrix, encode both into caller buffers, decode them into a reusable
 * container and print what came back. Shown in docs/guides/opcua.md. */
#include <liion/liion.h>

#include <stdio.h>
#include <string.h>

static int fail(liion_ctx *ctx, const char *what, liion_status st)
{
    fprintf(stderr, "%s: %s (%s, offset %zu)\n", what, liion_ctx_errmsg(ctx),
            liion_status_str(st), liion_ctx_error_offset(ctx));
    return 1;
}

static void hex(const char *label, const uint8_t *p, size_t n)
{
    printf("%s (%zu bytes):", label, n);
    for (size_t i = 0; i < n; i++)
        printf(" %02X", p[i]);
    printf("\n");
}

int main(void)
{
    liion_ctx *ctx;
    liion_ua_value *out, *in;
    uint8_t dv_bytes[64], arr_bytes[128];
    size_t dv_len = 0, arr_len = 0, need = 0, used = 0;
    liion_status st;
    const double wet_film_um = 152.5;
    /* 2024-01-01T00:00:00Z as DateTime ticks, from Unix time */
    const int64_t ts = liion_ua_datetime_from_unix_ns(INT64_C(1704067200) * 1000000000);
    const double zones[6] = { 80.0, 95.5, 110.0, 110.0, 95.0, 60.0 };
    const uint32_t dims[2] = { 2, 3 };

    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        return 1;
    if ((st = liion_ua_value_new(&out, ctx)) != LIION_OK ||
        (st = liion_ua_value_new(&in, ctx)) != LIION_OK)
        return fail(ctx, "new", st);

    /* 1. DataValue: a scalar Double Variant wrapped with status and source timestamp */
    if ((st = liion_ua_value_set_scalar(out, LIION_UA_TYPE_DOUBLE, &wet_film_um)) != LIION_OK ||
        (st = liion_ua_value_set_datavalue(out,
                                           LIION_UA_DV_VALUE | LIION_UA_DV_STATUS |
                                               LIION_UA_DV_SOURCE_TIMESTAMP,
                                           0x40000000u /* Uncertain */, ts, 0, 0, 0)) != LIION_OK)
        return fail(ctx, "build DataValue", st);
    if ((st = liion_ua_value_encoded_size(out, &need)) != LIION_OK ||
        (st = liion_ua_value_encode(out, dv_bytes, sizeof dv_bytes, &dv_len)) != LIION_OK)
        return fail(ctx, "encode DataValue", st);
    hex("DataValue", dv_bytes, dv_len);

    /* 2. Variant: Double[6] with ArrayDimensions {2, 3} (dryer zones x sides) */
    if ((st = liion_ua_value_set_array(out, LIION_UA_TYPE_DOUBLE, zones, 6, dims, 2)) != LIION_OK ||
        (st = liion_ua_value_encode(out, arr_bytes, sizeof arr_bytes, &arr_len)) != LIION_OK)
        return fail(ctx, "encode Variant", st);
    hex("Variant", arr_bytes, arr_len);

    /* decode the DataValue */
    if ((st = liion_ua_value_decode(in, LIION_UA_TYPE_DATAVALUE, dv_bytes, dv_len, &used)) != LIION_OK)
        return fail(ctx, "decode DataValue", st);
    {
        const liion_ua_datavalue *dv;
        double d = 0;
        uint32_t status;
        liion_ua_variant_get_datavalue(liion_ua_value_variant(in), 0, &dv);
        liion_ua_variant_get_double(liion_ua_datavalue_value(dv), 0, &d);
        status = liion_ua_datavalue_status(dv);
        printf("decoded DataValue: value %.1f, status 0x%08X (%s), source time %lld s after "
               "1970\n",
               d, (unsigned)status, liion_ua_status_name(status),
               (long long)(liion_ua_datetime_to_unix_ns(liion_ua_datavalue_source_timestamp(dv)) /
                           1000000000));
        if (d != wet_film_um || status != 0x40000000u || used != dv_len)
            return 1;
    }

    /* decode the Variant into the same container: the previous views are now invalid */
    if ((st = liion_ua_value_decode(in, LIION_UA_TYPE_VARIANT, arr_bytes, arr_len, &used)) != LIION_OK)
        return fail(ctx, "decode Variant", st);
    {
        const liion_ua_variant *var = liion_ua_value_variant(in);
        const void *data;
        size_t n;
        const double *z;
        liion_ua_variant_array_data(var, &data, &n); /* zero-copy, aligned */
        z = data;
        printf("decoded Variant: Double[%zu], dims %u x %u:", n, liion_ua_variant_dim(var, 0),
               liion_ua_variant_dim(var, 1));
        for (size_t i = 0; i < n; i++)
            printf(" %.1f", z[i]);
        printf("\n");
        if (n != 6 || memcmp(z, zones, sizeof zones) != 0)
            return 1;
    }

    /* a malformed input: Double[2^31-1] declared in 5 bytes is refused before any allocation */
    {
        static const uint8_t bad[5] = { 0x8B, 0xFF, 0xFF, 0xFF, 0x7F };
        st = liion_ua_value_decode(in, LIION_UA_TYPE_VARIANT, bad, sizeof bad, &used);
        printf("malformed input: %s at offset %zu: %s\n", liion_status_str(st),
               liion_ctx_error_offset(ctx), liion_ctx_errmsg(ctx));
        if (st != LIION_E_TRUNCATED)
            return 1;
    }

    liion_ua_value_free(in);
    liion_ua_value_free(out);
    liion_ctx_free(ctx);
    return 0;
}
