/*
 * libFuzzer target: SECS-II message decode with storage reuse. Input: a 10-byte HSMS-style
 * header (session, W+stream, function, 2 ignored, system bytes), then bodies separated by
 * 2-byte big-endian lengths; every body is decoded into the SAME message (the reusable
 * block). A success must re-encode within the input size, decode to the same tree and survive
 * an SML message round trip (header fields included). Any disagreement abort()s.
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
    liion_secs_msg *m = NULL, *m2 = NULL, *m3 = NULL;
    size_t pos = 10;

    if (size < 10)
        return 0;
    o.max_memory = 64u << 20;
    o.max_depth = 24;
    o.max_items = 100000;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return 0;
    CHECK(liion_secs_msg_new(&m, ctx) == LIION_OK);
    CHECK(liion_secs_msg_new(&m2, ctx) == LIION_OK);
    CHECK(liion_secs_msg_new(&m3, ctx) == LIION_OK);
    CHECK(liion_secs_msg_set_sf(m, data[2] & 0x7fu, data[3], data[2] >> 7) == LIION_OK);
    CHECK(liion_secs_msg_set_ids(m, (uint16_t)(data[0] << 8 | data[1]),
                                 (uint32_t)data[6] << 24 | (uint32_t)data[7] << 16 |
                                     (uint32_t)data[8] << 8 | data[9]) == LIION_OK);
    while (pos <= size) {
        size_t len = size - pos, w = 0, n = 0;
        liion_status st;
        uint8_t *enc;
        char *text;
        if (len >= 2 && data[pos] != 0xff) {
            size_t want = (size_t)data[pos] << 8 | data[pos + 1];
            pos += 2;
            len = want < size - pos ? want : size - pos;
        }
        st = liion_secs_msg_decode(m, data + pos, len);
        pos += len;
        if (st != LIION_OK) {
            CHECK(st == LIION_E_DECODE || st == LIION_E_TRUNCATED || st == LIION_E_LIMIT ||
                  st == LIION_E_NOMEM);
            CHECK(liion_secs_msg_body(m) == NULL);
            CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= len);
            if (len == 0)
                break;
            continue;
        }
        CHECK(liion_secs_msg_encoded_size(&n, m) == LIION_OK && n <= len);
        enc = malloc(n ? n : 1);
        CHECK(enc != NULL);
        CHECK(liion_secs_msg_encode(enc, n, &w, m) == LIION_OK && w == n);
        st = liion_secs_msg_decode(m2, enc, n);
        CHECK(st == LIION_OK || st == LIION_E_NOMEM);
        if (st == LIION_OK)
            CHECK(liion_secs_item_equal(liion_secs_msg_body(m2), liion_secs_msg_body(m)));
        free(enc);
        /* SML message round trip */
        CHECK(liion_secs_msg_to_sml(NULL, 0, &n, m, 0) == LIION_E_BUFFER_TOO_SMALL);
        text = malloc(n + 1);
        CHECK(text != NULL);
        CHECK(liion_secs_msg_to_sml(text, n + 1, &w, m, 0) == LIION_OK && w == n);
        st = liion_secs_msg_from_sml(m3, text, n);
        CHECK(st == LIION_OK || st == LIION_E_NOMEM || st == LIION_E_LIMIT);
        if (st == LIION_OK) {
            CHECK(liion_secs_msg_stream(m3) == liion_secs_msg_stream(m));
            CHECK(liion_secs_msg_function(m3) == liion_secs_msg_function(m));
            CHECK(liion_secs_msg_wbit(m3) == liion_secs_msg_wbit(m));
            CHECK(liion_secs_item_equal(liion_secs_msg_body(m3), liion_secs_msg_body(m)));
        }
        free(text);
        if (len == 0)
            break;
    }
    liion_secs_msg_free(m);
    liion_secs_msg_free(m2);
    liion_secs_msg_free(m3);
    liion_ctx_free(ctx);
    return 0;
}
