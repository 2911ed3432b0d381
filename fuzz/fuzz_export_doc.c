/*
 * libFuzzer target for liion_export_doc_decode(): the input is a libliion CBOR document (or,
 * when the first byte is 0x78, a zlib-wrapped one). A refused input leaves no object, a
 * message and no memory behind; an accepted one re-encodes as CBOR to exactly the input (only
 * the deterministic encoding is accepted), and encodes as JSON and Markdown without error.
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
    liion_export_doc *d = (liion_export_doc *)&o;
    uint32_t flags = size > 0 && data[0] == 0x78 ? LIION_EXPORT_ZLIB : 0;
    liion_status st;
    uint64_t base;
    size_t n = 0;

    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_items = 1u << 16;
    o.max_message_bytes = 1u << 20;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(ctx);
    st = liion_export_doc_decode(&d, ctx, data, size, flags);
    if (st != LIION_OK) {
        CHECK(d == NULL);
        CHECK(liion_ctx_errcode(ctx) == st);
        CHECK(strcmp(liion_ctx_errmsg(ctx), "no error") != 0);
        CHECK(liion_ctx_error_offset(ctx) == LIION_OFFSET_NONE ||
              liion_ctx_error_offset(ctx) <= size);
        CHECK(liion_ctx_memory_used(ctx) == base);
        liion_ctx_free(ctx);
        return 0;
    }
    CHECK(d != NULL);
    CHECK(liion_export_doc_type(d) != NULL);
    CHECK(liion_export_doc_encode(NULL, 0, &n, d, LIION_EXPORT_CBOR, 0) ==
          (n == 0 ? LIION_OK : LIION_E_BUFFER_TOO_SMALL));
    {
        uint8_t *buf = malloc(n ? n : 1);
        size_t w = 0;
        CHECK(buf != NULL);
        CHECK(liion_export_doc_encode(buf, n, &w, d, LIION_EXPORT_CBOR, 0) == LIION_OK);
        CHECK(w == n);
        if (!flags)
            CHECK(w == size && memcmp(buf, data, size) == 0);
        free(buf);
    }
    st = liion_export_doc_encode(NULL, 0, &n, d, LIION_EXPORT_JSON, 0);
    CHECK(st == LIION_E_BUFFER_TOO_SMALL);
    st = liion_export_doc_encode(NULL, 0, &n, d, LIION_EXPORT_MARKDOWN, 0);
    CHECK(st == LIION_E_BUFFER_TOO_SMALL);
    st = liion_export_doc_verify(d);
    CHECK(st == LIION_OK || st == LIION_E_CORRUPT || st == LIION_E_NOT_FOUND ||
          st == LIION_E_NOMEM);
    liion_export_doc_free(d);
    CHECK(liion_ctx_memory_used(ctx) == base);
    liion_ctx_free(ctx);
    return 0;
}
