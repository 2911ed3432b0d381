/*
 * libFuzzer target for SECS-I blocks: liion_secs1_block_decode and the reassembler.
 *
 * Input: 1 configuration byte, then blocks back to back. Each block is taken as its length
 * byte + 3 bytes (clipped to what is left), the way a receiver reads it off the line.
 *   config bits 0-5: LIION_LIMIT_MAX_MESSAGE_BYTES = 1 + bits * 40 (0 keeps the default)
 *   config bit 6:    pass one extra byte with every block (a trailing-byte fault)
 *
 * Oracles (any disagreement abort()s):
 *   - a block that decodes re-encodes to the same bytes;
 *   - the reassembler agrees with the block decoder on which blocks are well formed;
 *   - a refused block changes nothing (block count unchanged), a duplicate changes nothing;
 *   - a completed message equals the concatenated data of the blocks accepted for it, and
 *     split again with liion_secs1_message_encode it reassembles to the same body;
 *   - nothing leaks.
 */
#include <liion/liion.h>

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

static void resplit(liion_ctx *ctx, const liion_secs1_header *h, const uint8_t *body, size_t n)
{
    size_t total = liion_secs1_message_size(n), w = 0, at = 0;
    uint8_t *blocks;
    liion_secs1_reasm *r = NULL;
    liion_secs1_event ev = (liion_secs1_event)0;
    liion_secs1_header x = *h;
    const uint8_t *out;
    size_t outlen;

    CHECK(total != 0);
    blocks = malloc(total);
    CHECK(blocks != NULL);
    x.struct_size = sizeof x;
    CHECK(liion_secs1_message_encode(blocks, total, &w, ctx, &x, body, n) == LIION_OK);
    CHECK(w == total);
    CHECK(liion_secs1_reasm_new(&r, ctx) == LIION_OK);
    while (at < total) {
        size_t bl = (size_t)blocks[at] + 3u;
        CHECK(liion_secs1_reasm_add(&ev, r, blocks + at, bl) == LIION_OK);
        at += bl;
    }
    CHECK(ev == LIION_SECS1_MESSAGE_COMPLETE);
    CHECK(liion_secs1_reasm_message(NULL, &out, &outlen, r) == LIION_OK);
    CHECK(outlen == n);
    CHECK(memcmp(out, body, n) == 0);
    liion_secs1_reasm_free(r);
    free(blocks);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs1_reasm *r = NULL;
    uint64_t base;
    uint8_t cfg;
    size_t pos = 1;
    uint8_t *shadow;     /* the data of the blocks accepted for the message in progress */
    size_t shadow_len = 0;
    int in_message = 0;

    if (size < 1)
        return 0;
    cfg = data[0];
    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_message_bytes = (cfg & 0x3fu) != 0 ? 1u + (uint64_t)(cfg & 0x3fu) * 40u : 0;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(ctx);
    shadow = malloc(size + 1);
    CHECK(shadow != NULL);
    CHECK(liion_secs1_reasm_new(&r, ctx) == LIION_OK);

    while (pos < size) {
        size_t len = (size_t)data[pos] + 3u + ((cfg & 0x40u) ? 1u : 0u);
        const uint8_t *blk = data + pos;
        liion_secs1_header h = LIION_SECS1_HEADER_INIT;
        const uint8_t *d = NULL;
        size_t dl = 0, before;
        liion_status s1, s2;
        liion_secs1_event ev = (liion_secs1_event)0;

        if (len > size - pos)
            len = size - pos;
        pos += len;

        s1 = liion_secs1_block_decode(&h, &d, &dl, ctx, blk, len);
        if (s1 == LIION_OK) {
            uint8_t re[257];
            size_t w = 0;
            CHECK(dl <= 244);
            CHECK(liion_secs1_block_encode(re, sizeof re, &w, ctx, &h, d, dl) == LIION_OK);
            CHECK(w == len);
            CHECK(memcmp(re, blk, len) == 0);
        } else {
            CHECK(s1 == LIION_E_DECODE || s1 == LIION_E_TRUNCATED || s1 == LIION_E_CORRUPT);
            CHECK(liion_ctx_error_offset(ctx) <= len);
        }

        before = liion_secs1_reasm_blocks(r);
        s2 = liion_secs1_reasm_add(&ev, r, blk, len);
        if (s1 != LIION_OK) {
            CHECK(s2 == s1);
            CHECK(liion_secs1_reasm_blocks(r) == before);
            continue;
        }
        if (s2 != LIION_OK) {
            CHECK(s2 == LIION_E_DECODE || s2 == LIION_E_LIMIT);
            CHECK(liion_secs1_reasm_blocks(r) == before);
            continue;
        }
        switch (ev) {
        case LIION_SECS1_BLOCK_DUPLICATE:
            CHECK(liion_secs1_reasm_blocks(r) == before);
            break;
        case LIION_SECS1_BLOCK_ACCEPTED:
        case LIION_SECS1_MESSAGE_COMPLETE:
            if (!in_message)
                shadow_len = 0;
            memcpy(shadow + shadow_len, d, dl);
            shadow_len += dl;
            in_message = 1;
            if (ev == LIION_SECS1_MESSAGE_COMPLETE) {
                liion_secs1_header m = LIION_SECS1_HEADER_INIT;
                const uint8_t *body;
                size_t blen;
                CHECK(h.ebit == 1);
                CHECK(liion_secs1_reasm_message(&m, &body, &blen, r) == LIION_OK);
                CHECK(blen == shadow_len);
                CHECK(memcmp(body, shadow, blen) == 0);
                CHECK(m.ebit == 1 && m.block_number == h.block_number);
                CHECK(m.system_bytes == h.system_bytes && m.device_id == h.device_id);
                CHECK((uint64_t)blen <= liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES));
                resplit(ctx, &m, body, blen);
                in_message = 0;
            } else {
                CHECK(h.ebit == 0);
                CHECK(liion_secs1_reasm_blocks(r) == before + 1 || before == 0);
            }
            break;
        default:
            abort();
        }
    }
    liion_secs1_reasm_free(r);
    free(shadow);
    CHECK(liion_ctx_memory_used(ctx) == base);
    liion_ctx_free(ctx);
    return 0;
}
