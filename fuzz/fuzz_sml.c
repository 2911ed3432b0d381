/*
 * libFuzzer target: SML text parser (items and messages). A parsed item must encode, decode
 * back to the same tree, and render to text that parses to the same tree again; a parsed
 * message likewise. Any disagreement abort()s.
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

static void roundtrip(liion_ctx *ctx, const liion_secs_item *it, uint32_t flags)
{
    size_t n = 0, w = 0;
    uint8_t *enc;
    char *text;
    liion_secs_msg *m = NULL;
    liion_secs_item *back = NULL;
    liion_status st;
    CHECK(liion_secs_item_encoded_size(&n, ctx, it) == LIION_OK);
    enc = malloc(n);
    CHECK(enc != NULL);
    CHECK(liion_secs_item_encode(enc, n, &w, ctx, it) == LIION_OK && w == n);
    if (liion_secs_msg_new(&m, ctx) == LIION_OK) {
        st = liion_secs_msg_decode(m, enc, n);
        CHECK(st == LIION_OK || st == LIION_E_NOMEM || st == LIION_E_LIMIT);
        if (st == LIION_OK)
            CHECK(liion_secs_item_equal(liion_secs_msg_body(m), it));
        liion_secs_msg_free(m);
    }
    free(enc);
    CHECK(liion_secs_item_to_sml(NULL, 0, &n, ctx, it, flags) == LIION_E_BUFFER_TOO_SMALL);
    text = malloc(n + 1);
    CHECK(text != NULL);
    CHECK(liion_secs_item_to_sml(text, n + 1, &w, ctx, it, flags) == LIION_OK && w == n);
    st = liion_secs_item_from_sml(&back, ctx, text, n);
    CHECK(st == LIION_OK || st == LIION_E_NOMEM || st == LIION_E_LIMIT);
    if (st == LIION_OK)
        CHECK(liion_secs_item_equal(back, it));
    liion_secs_item_free(back);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs_item *it = NULL;
    liion_secs_msg *m = NULL;
    liion_status st;

    o.max_memory = 64u << 20;
    o.max_depth = 24;
    o.max_items = 100000;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return 0;
    st = liion_secs_item_from_sml(&it, ctx, (const char *)data, size);
    if (st == LIION_OK) {
        roundtrip(ctx, it, (uint32_t)size & 1u);
        liion_secs_item_free(it);
    } else {
        CHECK(it == NULL);
        CHECK(st == LIION_E_DECODE || st == LIION_E_TRUNCATED || st == LIION_E_RANGE ||
              st == LIION_E_LIMIT || st == LIION_E_NOMEM);
        CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= size);
    }
    if (liion_secs_msg_new(&m, ctx) == LIION_OK) {
        st = liion_secs_msg_from_sml(m, (const char *)data, size);
        if (st == LIION_OK && liion_secs_msg_body(m) != NULL)
            roundtrip(ctx, liion_secs_msg_body(m), 0);
        liion_secs_msg_free(m);
    }
    liion_ctx_free(ctx);
    return 0;
}
