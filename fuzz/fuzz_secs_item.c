/*
 * libFuzzer target: SECS-II item decode. The input is one encoded item (trailing bytes
 * allowed). Both decoders (the standalone liion_secs_item_decode and the arena-backed
 * liion_secs_msg_decode) must agree; a decoded item must re-encode, decode to the same tree,
 * render as SML and parse back to the same tree. Any disagreement abort()s.
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
    liion_secs_item *it = NULL, *back = NULL;
    liion_secs_msg *m = NULL;
    size_t used = 0, w = 0, n = 0;
    liion_status st, st2;
    uint8_t *enc = NULL;
    char *text = NULL;

    o.max_memory = 64u << 20;
    o.max_depth = 24;
    o.max_items = 100000;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return 0;
    CHECK(liion_secs_msg_new(&m, ctx) == LIION_OK);

    st = liion_secs_item_decode(&it, &used, ctx, data, size);
    if (st != LIION_OK) {
        CHECK(it == NULL);
        CHECK(st == LIION_E_DECODE || st == LIION_E_TRUNCATED || st == LIION_E_LIMIT ||
              st == LIION_E_NOMEM);
        CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= size);
        /* the message decoder must reject it too (it is stricter: no trailing bytes) */
        st2 = liion_secs_msg_decode(m, data, size);
        CHECK(size == 0 || st == LIION_E_NOMEM || st2 != LIION_OK);
        goto out;
    }
    CHECK(used <= size);
    st2 = liion_secs_msg_decode(m, data, used);
    CHECK(st2 == LIION_OK || st2 == LIION_E_NOMEM);
    if (st2 == LIION_OK)
        CHECK(liion_secs_item_equal(liion_secs_msg_body(m), it));
    if (used < size) {
        CHECK(liion_secs_msg_decode(m, data, size) == LIION_E_DECODE);
        CHECK(liion_ctx_error_offset(ctx) == used);
    }
    /* re-encode: minimal, never longer than the input */
    CHECK(liion_secs_item_encoded_size(&n, ctx, it) == LIION_OK);
    CHECK(n <= used);
    enc = malloc(n ? n : 1);
    CHECK(enc != NULL);
    CHECK(liion_secs_item_encode(enc, n, &w, ctx, it) == LIION_OK && w == n);
    if (liion_secs_item_decode(&back, &used, ctx, enc, n) == LIION_OK) {
        CHECK(used == n && liion_secs_item_equal(back, it));
        liion_secs_item_free(back);
        back = NULL;
    }
    /* SML round trip */
    st = liion_secs_item_to_sml(NULL, 0, &n, ctx, it, (uint32_t)size & 1u);
    CHECK(st == LIION_E_BUFFER_TOO_SMALL);
    text = malloc(n + 1);
    CHECK(text != NULL);
    CHECK(liion_secs_item_to_sml(text, n + 1, &w, ctx, it, (uint32_t)size & 1u) == LIION_OK);
    CHECK(w == n && strlen(text) == n);
    st = liion_secs_item_from_sml(&back, ctx, text, n);
    CHECK(st == LIION_OK || st == LIION_E_NOMEM || st == LIION_E_LIMIT);
    if (st == LIION_OK)
        CHECK(liion_secs_item_equal(back, it));
out:
    liion_secs_item_free(back);
    liion_secs_item_free(it);
    liion_secs_msg_free(m);
    free(enc);
    free(text);
    liion_ctx_free(ctx);
    return 0;
}
