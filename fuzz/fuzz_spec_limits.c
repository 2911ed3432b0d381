/*
 * libFuzzer target for liion_spec_limits_decode(): the input is the text of a limit set.
 * A decoded set must be self-consistent (finite edges, lo <= hi, a unit and a name on every
 * limit) and usable by a check; a refused one must leave no object and a message behind.
 */
#include <liion/liion.h>

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_spec_limits *l = (liion_spec_limits *)&o;
    liion_spec_result *r = NULL;
    liion_status st;
    uint64_t base;

    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_items = 4096;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(ctx);
    st = liion_spec_limits_decode(&l, ctx, data, size);
    if (st != LIION_OK) {
        CHECK(l == NULL);
        CHECK(liion_ctx_errcode(ctx) == st);
        CHECK(strcmp(liion_ctx_errmsg(ctx), "no error") != 0);
        CHECK(liion_ctx_error_offset(ctx) == LIION_OFFSET_NONE ||
              liion_ctx_error_offset(ctx) <= size);
        CHECK(liion_ctx_memory_used(ctx) == base);
        liion_ctx_free(ctx);
        return 0;
    }
    CHECK(l != NULL);
    CHECK(liion_spec_result_new(&r, ctx) == LIION_OK);
    for (size_t i = 0; i < liion_spec_limits_count(l); i++) {
        liion_spec_limit_info info;
        double probe[3];
        size_t idx = 0;
        memset(&info, 0, sizeof info);
        info.struct_size = sizeof info;
        CHECK(liion_spec_limits_get(&info, l, i) == LIION_OK);
        CHECK(info.param && info.param[0] && info.unit && info.unit[0]);
        CHECK(strlen(info.unit) <= 3);
        CHECK(info.lo <= info.hi);
        CHECK(info.advisory_lo <= info.advisory_hi);
        CHECK(info.a - info.a == 0 && info.b - info.b == 0);
        CHECK(liion_spec_limits_find(&idx, l, info.param) == LIION_OK && idx == i);
        probe[0] = info.a;
        probe[1] = info.a - info.a == 0 ? info.a + 1.0 : 0.0;
        probe[2] = -1e300;
        CHECK(liion_spec_check_values(r, l, info.param, info.unit, probe, 3, "fuzz", 0) ==
              LIION_OK);
    }
    CHECK(liion_spec_result_checked(r) == 3 * (uint64_t)liion_spec_limits_count(l));
    liion_spec_result_free(r);
    { /* a decoded set writes back as text that decodes to the same limits, bit for bit */
        size_t need = 0, w = 0;
        char *text;
        liion_spec_limits *back = NULL;
        st = liion_spec_limits_encode(NULL, 0, &need, l);
        CHECK(st == LIION_E_BUFFER_TOO_SMALL);
        CHECK((text = malloc(need + 1)) != NULL);
        CHECK(liion_spec_limits_encode(text, need + 1, &w, l) == LIION_OK && w == need);
        st = liion_spec_limits_decode(&back, ctx, (const uint8_t *)text, w);
        CHECK(st == LIION_OK || st == LIION_E_LIMIT); /* a long set may pass max_message_bytes */
        if (st == LIION_OK) {
            CHECK(liion_spec_limits_count(back) == liion_spec_limits_count(l));
            for (size_t i = 0; i < liion_spec_limits_count(l); i++) {
                liion_spec_limit_info x, y;
                memset(&x, 0, sizeof x);
                memset(&y, 0, sizeof y);
                x.struct_size = y.struct_size = sizeof x;
                CHECK(liion_spec_limits_get(&x, l, i) == LIION_OK &&
                      liion_spec_limits_get(&y, back, i) == LIION_OK);
                CHECK(strcmp(x.param, y.param) == 0 && strcmp(x.unit, y.unit) == 0 &&
                      x.kind == y.kind);
                CHECK(memcmp(&x.a, &y.a, sizeof x.a) == 0 && memcmp(&x.b, &y.b, sizeof x.b) == 0);
                CHECK(memcmp(&x.advisory_lo, &y.advisory_lo, sizeof x.a) == 0 &&
                      memcmp(&x.advisory_hi, &y.advisory_hi, sizeof x.a) == 0);
            }
            liion_spec_limits_free(back);
        }
        free(text);
    }
    liion_spec_limits_free(l);
    CHECK(liion_ctx_memory_used(ctx) == base);
    liion_ctx_free(ctx);
    return 0;
}
