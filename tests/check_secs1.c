/* SECS-I (SEMI E4) blocks: the reference vectors, block encode/decode and each malformed
 * class, splitting bodies into blocks, the reassembler (round trips over random bodies,
 * duplicates, order, header changes, checksum, limits) and allocation failures.
 * Includes only <liion/liion.h>, as an application would. */
#include <liion/liion.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"

#include <stddef.h>
#include "support/testutil.h"
_Static_assert(sizeof(liion_secs1_header) == 20, "liion_secs1_header layout");
_Static_assert(offsetof(liion_secs1_header, system_bytes) == 4 &&
                   offsetof(liion_secs1_header, device_id) == 8 &&
                   offsetof(liion_secs1_header, block_number) == 10 &&
                   offsetof(liion_secs1_header, rbit) == 12 &&
                   offsetof(liion_secs1_header, wbit) == 13 &&
                   offsetof(liion_secs1_header, ebit) == 14 &&
                   offsetof(liion_secs1_header, stream) == 15 &&
                   offsetof(liion_secs1_header, function) == 16 &&
                   offsetof(liion_secs1_header, reserved) == 17,
               "liion_secs1_header offsets");
_Static_assert(LIION_SECS1_BLOCK_ACCEPTED == 1 && LIION_SECS1_MESSAGE_COMPLETE == 2 &&
                   LIION_SECS1_BLOCK_DUPLICATE == 3 && sizeof(liion_secs1_event) == 4,
               "liion_secs1_event values");

static liion_ctx *new_ctx(void)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    return ctx;
}


#define ck_errmsg_has(ctx, text) LIION_CK_ERRMSG_HAS(ctx, text)

static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* ---- vectors T36, T37 -------------------------------------------------------------------- */

START_TEST(vector_t36)
{
    liion_ctx *ctx = new_ctx();
    uint8_t want[16], got[16];
    size_t n = liion_test_unhex(want, sizeof want, "0a 00 0a 81 01 80 01 00 0a 00 01 01 18"), w;
    liion_secs1_header h = LIION_SECS1_HEADER_INIT;
    const uint8_t *data;
    size_t dl;

    h.device_id = 10;
    h.wbit = 1;
    h.stream = 1;
    h.function = 1;
    h.ebit = 1;
    h.block_number = 1;
    h.system_bytes = 0x000A0001;
    ck_assert_int_eq(liion_secs1_block_encode(got, sizeof got, &w, ctx, &h, NULL, 0), LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert_int_eq(memcmp(got, want, n), 0);
    ck_assert_uint_eq(liion_secs1_checksum(want + 1, 10), 0x0118);

    memset(&h, 0xEE, sizeof h);
    h.struct_size = sizeof h;
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, want, n), LIION_OK);
    ck_assert_uint_eq(h.rbit, 0);
    ck_assert_uint_eq(h.device_id, 10);
    ck_assert_uint_eq(h.wbit, 1);
    ck_assert_uint_eq(h.stream, 1);
    ck_assert_uint_eq(h.function, 1);
    ck_assert_uint_eq(h.ebit, 1);
    ck_assert_uint_eq(h.block_number, 1);
    ck_assert_uint_eq(h.system_bytes, 0x000A0001);
    ck_assert_uint_eq(dl, 0);
    ck_assert_ptr_nonnull(data);

    /* as a whole message: the split of an empty body is this one block */
    h.block_number = 0;
    h.ebit = 0;
    ck_assert_int_eq(liion_secs1_message_encode(got, sizeof got, &w, ctx, &h, NULL, 0), LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert_int_eq(memcmp(got, want, n), 0);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(vector_t37)
{
    liion_ctx *ctx = new_ctx();
    uint8_t want[16], got[16];
    size_t n = liion_test_unhex(want, sizeof want, "0c 80 0b 81 02 00 02 00 0a 00 01 01 00 01 1c"), w;
    liion_secs1_header h = LIION_SECS1_HEADER_INIT;
    const uint8_t *data;
    size_t dl;

    h.rbit = 1;
    h.device_id = 11;
    h.wbit = 1;
    h.stream = 1;
    h.function = 2;
    h.ebit = 0;
    h.block_number = 2;
    h.system_bytes = 0x000A0001;
    ck_assert_int_eq(liion_secs1_block_encode(got, sizeof got, &w, ctx, &h,
                                              (const uint8_t *)"\x01\x00", 2),
                     LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert_int_eq(memcmp(got, want, n), 0);

    memset(&h, 0, sizeof h);
    h.struct_size = sizeof h;
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, want, n), LIION_OK);
    ck_assert_uint_eq(h.rbit, 1);
    ck_assert_uint_eq(h.device_id, 11);
    ck_assert_uint_eq(h.function, 2);
    ck_assert_uint_eq(h.ebit, 0);
    ck_assert_uint_eq(h.block_number, 2);
    ck_assert_uint_eq(dl, 2);
    ck_assert_ptr_eq(data, want + 11);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- block decode: each malformed class ---------------------------------------------------- */

START_TEST(block_decode_negative)
{
    liion_ctx *ctx = new_ctx();
    uint8_t b[300];
    size_t n = liion_test_unhex(b, sizeof b, "0c 80 0b 81 02 00 02 00 0a 00 01 01 00 01 1c");
    liion_secs1_header h = LIION_SECS1_HEADER_INIT;
    const uint8_t *data;
    size_t dl;

    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, b, 0), LIION_E_TRUNCATED);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, b, n - 1), LIION_E_TRUNCATED);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), n - 1);
    ck_errmsg_has(ctx, "ends after 14 of its 15 bytes");
    b[n] = 0;
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, b, n + 1), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), n);
    ck_errmsg_has(ctx, "1 bytes after the SECS-I block's checksum");

    /* bad checksum */
    b[14] ^= 1;
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, b, n), LIION_E_CORRUPT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 13);
    ck_errmsg_has(ctx, "checksum 0x011d does not match the sum 0x011c");
    b[14] ^= 1;
    b[12] ^= 0x40; /* a data byte flipped */
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, b, n), LIION_E_CORRUPT);
    b[12] ^= 0x40;

    /* length byte under 10, over 254 (oversized) */
    b[0] = 9;
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, b, n), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);
    ck_errmsg_has(ctx, "length byte 9 is under 10");
    b[0] = 255;
    memset(b + 1, 0, 257);
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, b, 258), LIION_E_DECODE);
    ck_errmsg_has(ctx, "oversized block");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);

    /* the largest block: 244 data bytes */
    {
        uint8_t big[257], d[244];
        size_t w;
        liion_secs1_header x = LIION_SECS1_HEADER_INIT;
        for (size_t i = 0; i < 244; i++)
            d[i] = (uint8_t)(0xF0 + i);
        x.ebit = 1;
        x.block_number = 32767;
        x.device_id = 32767;
        ck_assert_int_eq(liion_secs1_block_encode(big, sizeof big, &w, ctx, &x, d, 244), LIION_OK);
        ck_assert_uint_eq(w, 257);
        ck_assert_uint_eq(big[0], 254);
        ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, big, w), LIION_OK);
        ck_assert_uint_eq(dl, 244);
        ck_assert_uint_eq(h.block_number, 32767);
        ck_assert_uint_eq(h.device_id, 32767);
        ck_assert_int_eq(memcmp(data, d, 244), 0);
    }
    ck_assert_int_eq(liion_secs1_block_decode(NULL, &data, &dl, ctx, b, n), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_secs1_block_decode(&h, &data, &dl, ctx, NULL, 3), LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(block_encode_negative)
{
    liion_ctx *ctx = new_ctx();
    uint8_t buf[300], d[245] = { 0 };
    size_t w;
    liion_secs1_header h = LIION_SECS1_HEADER_INIT;

    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, &w, ctx, &h, d, 245),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "245 bytes is over 244");
    ck_assert_int_eq(liion_secs1_block_encode(NULL, 0, &w, ctx, &h, d, 10),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 23);
    ck_assert_int_eq(liion_secs1_block_encode(buf, 22, &w, ctx, &h, d, 10),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 23);
    h.device_id = 0x8000;
    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "device ID 32768");
    h.device_id = 0;
    h.stream = 128;
    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    h.stream = 0;
    h.ebit = 2;
    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    h.ebit = 0;
    h.block_number = 0x8000;
    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    h.block_number = 0;
    h.struct_size = 0;
    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, &w, ctx, NULL, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_secs1_block_encode(buf, sizeof buf, NULL, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- splitting ------------------------------------------------------------------------------ */

START_TEST(block_counts)
{
    ck_assert_uint_eq(liion_secs1_block_count(0), 1);
    ck_assert_uint_eq(liion_secs1_block_count(1), 1);
    ck_assert_uint_eq(liion_secs1_block_count(244), 1);
    ck_assert_uint_eq(liion_secs1_block_count(245), 2);
    ck_assert_uint_eq(liion_secs1_block_count(488), 2);
    ck_assert_uint_eq(liion_secs1_block_count(489), 3);
    ck_assert_uint_eq(liion_secs1_block_count(244u * 32767u), 32767);
    ck_assert_uint_eq(liion_secs1_block_count(244u * 32767u + 1u), 0);
    ck_assert_uint_eq(liion_secs1_block_count((size_t)-1), 0);
    ck_assert_uint_eq(liion_secs1_message_size(0), 13);
    ck_assert_uint_eq(liion_secs1_message_size(245), 2 * 13 + 245);
    ck_assert_uint_eq(liion_secs1_message_size(244u * 32767u + 1u), 0);
}
END_TEST

START_TEST(split_layout)
{
    static const size_t sizes[] = { 0, 1, 243, 244, 245, 488, 489, 1000, 5000 };
    liion_ctx *ctx = new_ctx();
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k], blocks = liion_secs1_block_count(n), total = liion_secs1_message_size(n);
        uint8_t *body = malloc(n + 1), *all = malloc(total), one[257];
        liion_secs1_header h = LIION_SECS1_HEADER_INIT;
        size_t w, at = 0;
        for (size_t i = 0; i < n; i++)
            body[i] = (uint8_t)(i * 31 + k);
        h.device_id = 77;
        h.stream = 6;
        h.function = 11;
        h.wbit = 1;
        h.system_bytes = 0xdeadbeef;
        h.block_number = 999; /* ignored */
        h.ebit = 1;           /* ignored */
        ck_assert_int_eq(liion_secs1_message_encode(all, total - 1, &w, ctx, &h, body, n),
                         LIION_E_BUFFER_TOO_SMALL);
        ck_assert_uint_eq(w, total);
        ck_assert_int_eq(liion_secs1_message_encode(all, total, &w, ctx, &h, body, n), LIION_OK);
        ck_assert_uint_eq(w, total);
        for (size_t i = 0; i < blocks; i++) {
            liion_secs1_header x = LIION_SECS1_HEADER_INIT;
            const uint8_t *d;
            size_t dl, bl = (size_t)all[at] + 3u;
            ck_assert_int_eq(liion_secs1_block_decode(&x, &d, &dl, ctx, all + at, bl), LIION_OK);
            ck_assert_uint_eq(x.block_number, i + 1);
            ck_assert_uint_eq(x.ebit, i + 1 == blocks);
            ck_assert_uint_eq(x.device_id, 77);
            ck_assert_uint_eq(x.system_bytes, 0xdeadbeef);
            ck_assert_uint_eq(dl, i + 1 < blocks ? 244 : n - i * 244);
            ck_assert_int_eq(memcmp(d, body + i * 244, dl), 0);
            /* the one-at-a-time encoder gives the same block */
            ck_assert_int_eq(liion_secs1_message_block(one, sizeof one, &w, ctx, &h, body, n, i),
                             LIION_OK);
            ck_assert_uint_eq(w, bl);
            ck_assert_int_eq(memcmp(one, all + at, bl), 0);
            at += bl;
        }
        ck_assert_uint_eq(at, total);
        ck_assert_int_eq(liion_secs1_message_block(one, sizeof one, &w, ctx, &h, body, n, blocks),
                         LIION_E_INVALID_ARG);
        free(body);
        free(all);
    }
    liion_ctx_free(ctx);
}
END_TEST

/* ---- reassembly ----------------------------------------------------------------------------- */

/* Encode `n` random body bytes as blocks into *out (malloc'd); returns total bytes. */
static size_t make_message(liion_ctx *ctx, uint8_t *body, size_t n, uint32_t system,
                           uint8_t **out)
{
    liion_secs1_header h = LIION_SECS1_HEADER_INIT;
    size_t total = liion_secs1_message_size(n), w;
    for (size_t i = 0; i < n; i++)
        body[i] = (uint8_t)rng();
    h.rbit = 1;
    h.device_id = 5;
    h.stream = 6;
    h.function = 11;
    h.wbit = 1;
    h.system_bytes = system;
    *out = malloc(total);
    ck_assert_int_eq(liion_secs1_message_encode(*out, total, &w, ctx, &h, body, n), LIION_OK);
    return total;
}

START_TEST(reasm_random_round_trips)
{
    liion_ctx *ctx = new_ctx();
    liion_secs1_reasm *r = NULL;
    uint8_t *body = malloc(20000);
    rng_state = 0x5eed0001ull + (uint64_t)_i;
    ck_assert_int_eq(liion_secs1_reasm_new(&r, ctx), LIION_OK);
    for (int m = 0; m < 60; m++) {
        size_t n = (size_t)(rng() % (m % 5 == 0 ? 20000 : 700)), total, at = 0;
        uint8_t *blocks;
        liion_secs1_event ev = (liion_secs1_event)0;
        size_t nb = 0;
        total = make_message(ctx, body, n, (uint32_t)m, &blocks);
        while (at < total) {
            size_t bl = (size_t)blocks[at] + 3u;
            ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + at, bl), LIION_OK);
            nb++;
            /* now and then the sender resends a block whose ACK was lost */
            if (rng() % 4 == 0) {
                liion_secs1_event dup;
                ck_assert_int_eq(liion_secs1_reasm_add(&dup, r, blocks + at, bl), LIION_OK);
                ck_assert_int_eq(dup, LIION_SECS1_BLOCK_DUPLICATE);
            }
            at += bl;
            if (at < total) {
                ck_assert_int_eq(ev, LIION_SECS1_BLOCK_ACCEPTED);
                ck_assert_uint_eq(liion_secs1_reasm_blocks(r), nb);
            }
        }
        ck_assert_int_eq(ev, LIION_SECS1_MESSAGE_COMPLETE);
        ck_assert_uint_eq(nb, liion_secs1_block_count(n));
        {
            liion_secs1_header h = LIION_SECS1_HEADER_INIT;
            const uint8_t *b;
            size_t bl;
            ck_assert_int_eq(liion_secs1_reasm_message(&h, &b, &bl, r), LIION_OK);
            ck_assert_uint_eq(bl, n);
            ck_assert_int_eq(memcmp(b, body, n), 0);
            ck_assert_uint_eq(h.system_bytes, (uint32_t)m);
            ck_assert_uint_eq(h.rbit, 1);
            ck_assert_uint_eq(h.device_id, 5);
            ck_assert_uint_eq(h.ebit, 1);
            ck_assert_uint_eq(h.block_number, nb);
        }
        free(blocks);
    }
    free(body);
    liion_secs1_reasm_free(r);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(reasm_errors_change_nothing)
{
    liion_ctx *ctx = new_ctx();
    liion_secs1_reasm *r = NULL;
    uint8_t body[700], *blocks, bad[300];
    size_t total, b1, b2, b3;
    liion_secs1_event ev;
    const uint8_t *out;
    size_t outlen;

    rng_state = 42;
    ck_assert_int_eq(liion_secs1_reasm_new(&r, ctx), LIION_OK);
    total = make_message(ctx, body, sizeof body, 7, &blocks); /* 3 blocks: 244, 244, 212 */
    b1 = 0;
    b2 = b1 + blocks[b1] + 3u;
    b3 = b2 + blocks[b2] + 3u;
    ck_assert_uint_eq(b3 + blocks[b3] + 3u, total);

    ck_assert_int_eq(liion_secs1_reasm_message(NULL, &out, &outlen, r), LIION_E_STATE);
    ck_errmsg_has(ctx, "no block was added");

    /* a message cannot start with block 2 */
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b2, 257), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 5);
    ck_errmsg_has(ctx, "block number 2 starts a message");
    ck_assert_uint_eq(liion_secs1_reasm_blocks(r), 0);

    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b1, 257), LIION_OK);
    ck_assert_int_eq(ev, LIION_SECS1_BLOCK_ACCEPTED);
    ck_assert_int_eq(liion_secs1_reasm_message(NULL, &out, &outlen, r), LIION_E_STATE);
    ck_errmsg_has(ctx, "more blocks are needed");

    /* out of order: block 3 after block 1 */
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b3, total - b3), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 5);
    ck_errmsg_has(ctx, "block number 3 is not the next one (2 expected)");

    /* bad checksum on block 2: refused, then the resend is taken */
    memcpy(bad, blocks + b2, 257);
    bad[100] ^= 0xff;
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, bad, 257), LIION_E_CORRUPT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 255);

    /* header changes within the message: function, then system bytes, device, R-bit */
    {
        static const struct {
            size_t byte;
            uint8_t flip;
            size_t offset;
            const char *what;
        } changes[] = {
            { 4, 0x01, 4, "function changed" },
            { 10, 0x01, 7, "system bytes changed" },
            { 2, 0x01, 1, "device ID changed" },
            { 1, 0x80, 1, "R-bit changed" },
            { 3, 0x01, 3, "stream changed" },
            { 3, 0x80, 3, "W-bit changed" },
        };
        for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
            uint16_t sum;
            memcpy(bad, blocks + b2, 257);
            bad[changes[i].byte] ^= changes[i].flip;
            sum = liion_secs1_checksum(bad + 1, 254);
            bad[255] = (uint8_t)(sum >> 8);
            bad[256] = (uint8_t)sum;
            ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, bad, 257), LIION_E_DECODE);
            ck_errmsg_has(ctx, changes[i].what);
            ck_assert_uint_eq(liion_ctx_error_offset(ctx), changes[i].offset);
        }
    }
    ck_assert_uint_eq(liion_secs1_reasm_blocks(r), 1);

    /* the right blocks still complete the message */
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b2, 257), LIION_OK);
    ck_assert_int_eq(ev, LIION_SECS1_BLOCK_ACCEPTED);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b3, total - b3), LIION_OK);
    ck_assert_int_eq(ev, LIION_SECS1_MESSAGE_COMPLETE);
    ck_assert_int_eq(liion_secs1_reasm_message(NULL, &out, &outlen, r), LIION_OK);
    ck_assert_uint_eq(outlen, sizeof body);
    ck_assert_int_eq(memcmp(out, body, sizeof body), 0);
    /* the last block again: a duplicate, the message stays */
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b3, total - b3), LIION_OK);
    ck_assert_int_eq(ev, LIION_SECS1_BLOCK_DUPLICATE);
    ck_assert_int_eq(liion_secs1_reasm_message(NULL, &out, &outlen, r), LIION_OK);
    ck_assert_uint_eq(outlen, sizeof body);

    /* reset drops a partial message */
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b1, 257), LIION_OK);
    liion_secs1_reasm_reset(r);
    ck_assert_uint_eq(liion_secs1_reasm_blocks(r), 0);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + b1, 257), LIION_OK);
    ck_assert_int_eq(ev, LIION_SECS1_BLOCK_ACCEPTED);
    free(blocks);
    liion_secs1_reasm_free(r);
    liion_ctx_free(ctx);
}
END_TEST

/* A single-block message numbered 0 (some senders), then block 1 follows 0. */
START_TEST(reasm_block_zero_start)
{
    liion_ctx *ctx = new_ctx();
    liion_secs1_reasm *r = NULL;
    liion_secs1_header h = LIION_SECS1_HEADER_INIT;
    uint8_t b[20];
    size_t w;
    liion_secs1_event ev;
    ck_assert_int_eq(liion_secs1_reasm_new(&r, ctx), LIION_OK);
    h.block_number = 0;
    ck_assert_int_eq(liion_secs1_block_encode(b, sizeof b, &w, ctx, &h, (const uint8_t *)"ab", 2),
                     LIION_OK);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, b, w), LIION_OK);
    ck_assert_int_eq(ev, LIION_SECS1_BLOCK_ACCEPTED);
    h.block_number = 1;
    h.ebit = 1;
    ck_assert_int_eq(liion_secs1_block_encode(b, sizeof b, &w, ctx, &h, (const uint8_t *)"cd", 2),
                     LIION_OK);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, b, w), LIION_OK);
    ck_assert_int_eq(ev, LIION_SECS1_MESSAGE_COMPLETE);
    {
        const uint8_t *body;
        size_t bl;
        ck_assert_int_eq(liion_secs1_reasm_message(&h, &body, &bl, r), LIION_OK);
        ck_assert_uint_eq(bl, 4);
        ck_assert_int_eq(memcmp(body, "abcd", 4), 0);
    }
    liion_secs1_reasm_free(r);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(reasm_limit)
{
    liion_ctx *ctx = new_ctx();
    liion_secs1_reasm *r = NULL;
    uint8_t body[600], *blocks;
    liion_secs1_event ev;
    size_t total;
    rng_state = 7;
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 300), LIION_OK);
    ck_assert_int_eq(liion_secs1_reasm_new(&r, ctx), LIION_OK);
    total = make_message(ctx, body, sizeof body, 1, &blocks);
    ck_assert_uint_gt(total, 257);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks, 257), LIION_OK);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, blocks + 257, 257), LIION_E_LIMIT);
    ck_errmsg_has(ctx, "488 bytes so far is over the limit of 300");
    ck_assert_uint_eq(liion_secs1_reasm_blocks(r), 1);
    free(blocks);
    liion_secs1_reasm_free(r);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(reasm_misuse)
{
    liion_ctx *ctx = new_ctx();
    liion_secs1_reasm *r = (liion_secs1_reasm *)&r;
    liion_secs1_event ev = LIION_SECS1_BLOCK_ACCEPTED;
    ck_assert_int_eq(liion_secs1_reasm_new(NULL, ctx), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_secs1_reasm_new(&r, NULL), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(liion_secs1_reasm_new(&r, ctx), LIION_OK);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, NULL, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(ev, 0);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, NULL, 5), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_secs1_reasm_add(&ev, r, NULL, 0), LIION_E_TRUNCATED);
    ck_assert_uint_eq(liion_secs1_reasm_blocks(NULL), 0);
    liion_secs1_reasm_reset(NULL);
    liion_secs1_reasm_free(r);
    liion_secs1_reasm_free(NULL);
    ck_assert_uint_eq(liion_secs1_checksum(NULL, 5), 0);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------------------- */

typedef struct job {
    const uint8_t *blocks;
    size_t total;
    size_t body_len;
} job;

static liion_status body_reasm(const liion_allocator *hooks, void *user)
{
    const job *j = user;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs1_reasm *r = NULL;
    liion_status s;
    size_t at = 0;
    liion_secs1_event ev = (liion_secs1_event)0;

    o.allocator = hooks;
    s = liion_ctx_new(&ctx, &o);
    if (s != LIION_OK)
        return s;
    s = liion_secs1_reasm_new(&r, ctx);
    /* two messages: the second one reuses the buffer */
    for (int m = 0; m < 2 && s == LIION_OK; m++) {
        at = 0;
        while (s == LIION_OK && at < j->total) {
            size_t bl = (size_t)j->blocks[at] + 3u;
            s = liion_secs1_reasm_add(&ev, r, j->blocks + at, bl);
            if (s == LIION_OK)
                at += bl;
        }
        if (s == LIION_OK) {
            size_t n = 0;
            ck_assert_int_eq(ev, LIION_SECS1_MESSAGE_COMPLETE);
            ck_assert_int_eq(liion_secs1_reasm_message(NULL, NULL, &n, r), LIION_OK);
            ck_assert_uint_eq(n, j->body_len);
            liion_secs1_reasm_reset(r);
        }
    }
    liion_secs1_reasm_free(r);
    liion_ctx_free(ctx);
    return s;
}

START_TEST(alloc_failures)
{
    liion_ctx *ctx = new_ctx();
    uint8_t body[3000], *blocks;
    job j;
    unsigned long calls;
    rng_state = 99;
    j.total = make_message(ctx, body, sizeof body, 3, &blocks);
    j.blocks = blocks;
    j.body_len = sizeof body;
    calls = liion_test_alloc_loop("secs1 reassembler", body_reasm, &j);
    /* ctx + reassembler + a handful of buffer growths for 3000 bytes, none for message 2 */
    ck_assert_uint_le(calls, 8);
    free(blocks);
    liion_ctx_free(ctx);
}
END_TEST

static Suite *secs1_suite(void)
{
    Suite *s = suite_create("secs1");
    TCase *tc = tcase_create("blocks");
    tcase_add_test(tc, vector_t36);
    tcase_add_test(tc, vector_t37);
    tcase_add_test(tc, block_decode_negative);
    tcase_add_test(tc, block_encode_negative);
    tcase_add_test(tc, block_counts);
    tcase_add_test(tc, split_layout);
    suite_add_tcase(s, tc);

    tc = tcase_create("reassembly");
    tcase_add_loop_test(tc, reasm_random_round_trips, 0, 4);
    tcase_add_test(tc, reasm_errors_change_nothing);
    tcase_add_test(tc, reasm_block_zero_start);
    tcase_add_test(tc, reasm_limit);
    tcase_add_test(tc, reasm_misuse);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(secs1_suite());
}
