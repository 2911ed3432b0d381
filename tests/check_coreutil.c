/* Unit tests for the library-internal building blocks: bytes.h cursors, liion__buf,
 * liion__arena, liion__intern and liion__map64 (lib/core/). */
#include "core/arena.h"
#include "core/buf.h"
#include "core/bytes.h"
#include "core/core.h"
#include "core/hash.h"
#include "support/failalloc.h"

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/run.h"

/* Check's ck_assert_* macros report every passed assertion to the parent process (one pipe
 * write each), which makes loops of a million assertions slow; these only act on failure. */
#define T_TRUE(c)                                                                             \
    do {                                                                                      \
        if (!(c))                                                                             \
            ck_abort_msg("Assertion '%s' failed", #c);                                        \
    } while (0)
#define T_U(a, op, b)                                                                         \
    do {                                                                                      \
        uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b);                                   \
        if (!(a_ op b_))                                                                      \
            ck_abort_msg("Assertion '%s %s %s' failed: %ju vs %ju", #a, #op, #b, a_, b_);     \
    } while (0)
#define T_I(a, op, b)                                                                         \
    do {                                                                                      \
        intmax_t a_ = (intmax_t)(a), b_ = (intmax_t)(b);                                      \
        if (!(a_ op b_))                                                                      \
            ck_abort_msg("Assertion '%s %s %s' failed: %jd vs %jd", #a, #op, #b, a_, b_);     \
    } while (0)
#define T_UEQ(a, b) T_U(a, ==, b)
#define T_IEQ(a, b) T_I(a, ==, b)
#define T_UNE(a, b) T_U(a, !=, b)
#define T_INE(a, b) T_I(a, !=, b)
#define T_ULT(a, b) T_U(a, <, b)
#define T_ILT(a, b) T_I(a, <, b)
#define T_ULE(a, b) T_U(a, <=, b)
#define T_ILE(a, b) T_I(a, <=, b)
#define T_UGT(a, b) T_U(a, >, b)
#define T_IGT(a, b) T_I(a, >, b)
#define T_UGE(a, b) T_U(a, >=, b)
#define T_IGE(a, b) T_I(a, >=, b)

/* ---- helpers ------------------------------------------------------------------------- */

static liion_ctx *new_ctx(uint64_t max_memory)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    o.max_memory = max_memory;
    T_IEQ(liion_ctx_new(&ctx, &o), LIION_OK);
    ck_assert_ptr_nonnull(ctx);
    return ctx;
}

/* Deterministic PRNG (xorshift64*) so failures reproduce. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * UINT64_C(0x2545F4914F6CDD1D);
}

/* A context on the shared failing test allocator (tests/support/failalloc.h), created before
 * any failure is armed: set fa->fail_at = fa->calls + n to fail the n-th allocation after it. */
static liion_ctx *new_fail_ctx(liion_test_alloc *fa)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_test_alloc_init(fa);
    o.allocator = &fa->hooks;
    T_IEQ(liion_ctx_new(&ctx, &o), LIION_OK);
    T_UEQ(fa->live, 1); /* the context itself */
    return ctx;
}

/* ---- bytes ----------------------------------------------------------------------------- */

START_TEST(bytes_known_patterns)
{
    uint8_t b[8];
    static const uint8_t be64[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    static const uint8_t le64[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };

    liion__store_be16(b, 0x0102);
    ck_assert_mem_eq(b, "\x01\x02", 2);
    liion__store_be24(b, 0x010203);
    ck_assert_mem_eq(b, "\x01\x02\x03", 3);
    liion__store_be32(b, 0x01020304u);
    ck_assert_mem_eq(b, "\x01\x02\x03\x04", 4);
    liion__store_be64(b, UINT64_C(0x0102030405060708));
    ck_assert_mem_eq(b, be64, 8);
    liion__store_le16(b, 0x0102);
    ck_assert_mem_eq(b, "\x02\x01", 2);
    liion__store_le32(b, 0x01020304u);
    ck_assert_mem_eq(b, "\x04\x03\x02\x01", 4);
    liion__store_le64(b, UINT64_C(0x0102030405060708));
    ck_assert_mem_eq(b, le64, 8);

    T_UEQ(liion__load_be16(be64), 0x0102);
    T_UEQ(liion__load_be24(be64), 0x010203);
    T_UEQ(liion__load_be32(be64), 0x01020304u);
    T_UEQ(liion__load_be64(be64), UINT64_C(0x0102030405060708));
    T_UEQ(liion__load_le16(be64), 0x0201);
    T_UEQ(liion__load_le32(be64), 0x04030201u);
    T_UEQ(liion__load_le64(be64), UINT64_C(0x0807060504030201));

    /* IEEE 754: 1.0f = 3F800000, 1.0 = 3FF0000000000000, -2.5 = C004000000000000 */
    liion__store_f32be(b, 1.0f);
    ck_assert_mem_eq(b, "\x3f\x80\x00\x00", 4);
    liion__store_f32le(b, 1.0f);
    ck_assert_mem_eq(b, "\x00\x00\x80\x3f", 4);
    liion__store_f64be(b, -2.5);
    ck_assert_mem_eq(b, "\xc0\x04\x00\x00\x00\x00\x00\x00", 8);
    T_TRUE(liion__load_f64be(b) == -2.5);
    liion__store_f64le(b, -2.5);
    ck_assert_mem_eq(b, "\x00\x00\x00\x00\x00\x00\x04\xc0", 8);
    T_TRUE(liion__load_f64le(b) == -2.5);
    T_TRUE(liion__load_f32be((const uint8_t *)"\x3f\x80\x00\x00") == 1.0f);
    T_TRUE(liion__load_f32le((const uint8_t *)"\x00\x00\x80\x3f") == 1.0f);
}
END_TEST

START_TEST(bytes_round_trips)
{
    uint64_t s = 12345;
    uint8_t b[8];
    for (int i = 0; i < 10000; i++) {
        uint64_t v = rng_next(&s);
        liion__store_be16(b, (uint16_t)v);
        T_UEQ(liion__load_be16(b), (uint16_t)v);
        liion__store_le16(b, (uint16_t)v);
        T_UEQ(liion__load_le16(b), (uint16_t)v);
        liion__store_be24(b, (uint32_t)v);
        T_UEQ(liion__load_be24(b), (uint32_t)v & 0xffffffu);
        liion__store_be32(b, (uint32_t)v);
        T_UEQ(liion__load_be32(b), (uint32_t)v);
        liion__store_le32(b, (uint32_t)v);
        T_UEQ(liion__load_le32(b), (uint32_t)v);
        liion__store_be64(b, v);
        T_UEQ(liion__load_be64(b), v);
        T_UEQ(b[0], (uint8_t)(v >> 56));
        liion__store_le64(b, v);
        T_UEQ(liion__load_le64(b), v);
        T_UEQ(b[0], (uint8_t)v);
        /* bit patterns survive float round trips, NaNs included */
        liion__store_be64(b, v);
        liion__store_f64le(b, liion__load_f64be(b));
        T_UEQ(liion__load_le64(b), v);
        liion__store_be32(b, (uint32_t)v);
        liion__store_f32le(b, liion__load_f32be(b));
        T_UEQ(liion__load_le32(b), (uint32_t)v);
    }
}
END_TEST

START_TEST(bytes_reader_bounds)
{
    static const uint8_t in[7] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
    liion__rd rd;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    float f;
    double d;
    const uint8_t *p = NULL;

    liion__rd_init(&rd, in, sizeof in);
    T_UEQ(liion__rd_left(&rd), 7);
    T_TRUE(!liion__rd_be64(&rd, &u64)); /* 7 < 8 */
    T_TRUE(!liion__rd_le64(&rd, &u64));
    T_TRUE(!liion__rd_f64be(&rd, &d));
    T_TRUE(!liion__rd_f64le(&rd, &d));
    T_TRUE(!liion__rd_bytes(&rd, 8, &p));
    T_TRUE(!liion__rd_skip(&rd, 8));
    T_UEQ(rd.pos, 0);

    T_TRUE(liion__rd_be32(&rd, &u32));
    T_UEQ(u32, 0x01020304u);
    T_UEQ(rd.pos, 4);
    T_TRUE(!liion__rd_be32(&rd, &u32)); /* 3 left */
    T_TRUE(!liion__rd_le32(&rd, &u32));
    T_TRUE(!liion__rd_f32be(&rd, &f));
    T_TRUE(!liion__rd_f32le(&rd, &f));
    T_UEQ(u32, 0x01020304u); /* untouched on failure */
    T_UEQ(rd.pos, 4);
    T_TRUE(liion__rd_le16(&rd, &u16));
    T_UEQ(u16, 0x0605);
    T_TRUE(!liion__rd_be16(&rd, &u16));
    T_TRUE(!liion__rd_le16(&rd, &u16));
    T_TRUE(!liion__rd_be24(&rd, &u32));
    T_UEQ(rd.pos, 6);
    T_TRUE(liion__rd_bytes(&rd, 1, &p));
    ck_assert_ptr_eq(p, in + 6); /* zero copy */
    T_UEQ(liion__rd_left(&rd), 0);
    T_TRUE(!liion__rd_u8(&rd, &u8));
    T_TRUE(!liion__rd_skip(&rd, 1));
    T_TRUE(liion__rd_skip(&rd, 0));
    T_TRUE(liion__rd_bytes(&rd, 0, &p));
    T_TRUE(!liion__rd_bytes(&rd, SIZE_MAX, &p));
    T_UEQ(rd.pos, 7);

    liion__rd_init(&rd, in, sizeof in);
    T_TRUE(liion__rd_be24(&rd, &u32));
    T_UEQ(u32, 0x010203u);
    T_TRUE(liion__rd_u8(&rd, &u8));
    T_UEQ(u8, 4);
    T_TRUE(liion__rd_skip(&rd, 1));
    T_TRUE(liion__rd_be16(&rd, &u16));
    T_UEQ(u16, 0x0607);

    liion__rd_init(&rd, in, sizeof in);
    T_TRUE(liion__rd_le64(&rd, &u64) == false);
    T_TRUE(liion__rd_skip(&rd, SIZE_MAX) == false);
    T_TRUE(liion__rd_copy(&rd, &u32, 4));
    ck_assert_mem_eq(&u32, in, 4);

    /* a NULL input is an empty one */
    liion__rd_init(&rd, NULL, 99);
    T_UEQ(liion__rd_left(&rd), 0);
    T_TRUE(!liion__rd_u8(&rd, &u8));
    T_TRUE(liion__rd_bytes(&rd, 0, &p));
    ck_assert_ptr_nonnull(p);
}
END_TEST

/* One encoder used both to measure and to write. */
static void encode_sample(liion__wr *wr)
{
    size_t at;
    liion__wr_u8(wr, 0xA5);
    at = wr->pos;
    liion__wr_be32(wr, 0); /* length placeholder */
    liion__wr_be16(wr, 0x0102);
    liion__wr_be24(wr, 0x030405);
    liion__wr_be32(wr, 0x06070809u);
    liion__wr_be64(wr, UINT64_C(0x0a0b0c0d0e0f1011));
    liion__wr_le16(wr, 0x0102);
    liion__wr_le32(wr, 0x01020304u);
    liion__wr_le64(wr, UINT64_C(0x0102030405060708));
    liion__wr_f32be(wr, 1.0f);
    liion__wr_f64be(wr, -2.5);
    liion__wr_f32le(wr, 1.0f);
    liion__wr_f64le(wr, -2.5);
    liion__wr_bytes(wr, "xyz", 3);
    liion__wr_bytes(wr, NULL, 0);
    liion__wr_fill(wr, 0xEE, 2);
    liion__wr_patch_be32(wr, at, (uint32_t)(wr->pos - at - 4));
}

START_TEST(bytes_writer_measure)
{
    static const uint8_t expect[] = {
        0xA5, 0, 0, 0, 65 - 5, /* u8, be32 length of the rest */
        1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
        2, 1, 4, 3, 2, 1, 8, 7, 6, 5, 4, 3, 2, 1,
        0x3f, 0x80, 0, 0, 0xc0, 0x04, 0, 0, 0, 0, 0, 0,
        0, 0, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0x04, 0xc0,
        'x', 'y', 'z', 0xEE, 0xEE,
    };
    uint8_t buf[128];
    liion__wr wr;
    size_t need;

    T_UEQ(sizeof expect, 65);
    liion__wr_init(&wr, NULL, 0);
    encode_sample(&wr);
    need = wr.pos;
    T_UEQ(need, sizeof expect);
    T_TRUE(liion__wr_overflow(&wr));

    memset(buf, 0x55, sizeof buf);
    liion__wr_init(&wr, buf, sizeof buf);
    encode_sample(&wr);
    T_TRUE(!liion__wr_overflow(&wr));
    T_UEQ(liion__wr_size(&wr), need);
    ck_assert_mem_eq(buf, expect, sizeof expect);
    T_UEQ(buf[need], 0x55);

    /* exact fit */
    memset(buf, 0x55, sizeof buf);
    liion__wr_init(&wr, buf, need);
    encode_sample(&wr);
    T_TRUE(!liion__wr_overflow(&wr));
    ck_assert_mem_eq(buf, expect, sizeof expect);

    /* one byte short: every cap below need overflows, pos still tells the size, and nothing
     * is written at or past cap */
    for (size_t cap = 0; cap < need; cap++) {
        memset(buf, 0x55, sizeof buf);
        liion__wr_init(&wr, buf, cap);
        encode_sample(&wr);
        T_TRUE(liion__wr_overflow(&wr));
        T_UEQ(wr.pos, need);
        for (size_t i = cap; i < sizeof buf; i++)
            T_UEQ(buf[i], 0x55);
    }

    /* pos saturates rather than wraps */
    liion__wr_init(&wr, buf, sizeof buf);
    liion__wr_fill(&wr, 0, 10);
    ck_assert_ptr_null(liion__wr_take(&wr, SIZE_MAX));
    T_UEQ(wr.pos, SIZE_MAX);
    T_TRUE(liion__wr_overflow(&wr));
}
END_TEST

/* ---- buf ------------------------------------------------------------------------------- */

START_TEST(buf_growth)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__buf b;
    liion__rd rd;
    size_t cap0 = 0, grows = 0;

    liion__buf_init(&b, ctx);
    T_UEQ(b.len, 0);
    for (uint32_t i = 0; i < 100000; i++) {
        T_IEQ(liion__buf_append_u8(&b, (uint8_t)i), LIION_OK);
        T_IEQ(liion__buf_append_be16(&b, (uint16_t)i), LIION_OK);
        T_IEQ(liion__buf_append_be32(&b, i), LIION_OK);
        T_IEQ(liion__buf_append_be64(&b, (uint64_t)i << 20), LIION_OK);
        T_IEQ(liion__buf_append_le16(&b, (uint16_t)i), LIION_OK);
        T_IEQ(liion__buf_append_le32(&b, i), LIION_OK);
        T_IEQ(liion__buf_append_le64(&b, ~(uint64_t)i), LIION_OK);
        T_IEQ(liion__buf_append(&b, "ab", 2), LIION_OK);
        T_IEQ(liion__buf_append(&b, NULL, 0), LIION_OK);
        if (b.cap != cap0) {
            grows++;
            cap0 = b.cap;
        }
    }
    T_UEQ(b.len, 100000u * 31u);
    T_UGE(b.cap, b.len);
    T_ULE(grows, 40); /* geometric, not linear */
    T_UEQ(liion_ctx_memory_used(ctx), before + b.cap);

    liion__rd_init(&rd, b.data, b.len);
    for (uint32_t i = 0; i < 100000; i++) {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
        const uint8_t *p;
        T_TRUE(liion__rd_u8(&rd, &u8) && u8 == (uint8_t)i);
        T_TRUE(liion__rd_be16(&rd, &u16) && u16 == (uint16_t)i);
        T_TRUE(liion__rd_be32(&rd, &u32) && u32 == i);
        T_TRUE(liion__rd_be64(&rd, &u64) && u64 == (uint64_t)i << 20);
        T_TRUE(liion__rd_le16(&rd, &u16) && u16 == (uint16_t)i);
        T_TRUE(liion__rd_le32(&rd, &u32) && u32 == i);
        T_TRUE(liion__rd_le64(&rd, &u64) && u64 == ~(uint64_t)i);
        T_TRUE(liion__rd_bytes(&rd, 2, &p) && memcmp(p, "ab", 2) == 0);
    }
    T_UEQ(liion__rd_left(&rd), 0);

    /* reset keeps the memory */
    cap0 = b.cap;
    liion__buf_reset(&b);
    T_UEQ(b.len, 0);
    T_UEQ(b.cap, cap0);
    T_IEQ(liion__buf_append(&b, "z", 1), LIION_OK);
    T_UEQ(b.cap, cap0);
    T_UEQ(b.data[0], 'z');

    liion__buf_free(&b);
    ck_assert_ptr_null(b.data);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion__buf_free(&b); /* again: harmless */
    liion__buf_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(buf_printf_detach)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__buf b;
    uint8_t *p;
    size_t len = 99, cap = 99;
    char big[1000];

    liion__buf_init(&b, ctx);
    T_IEQ(liion__buf_printf(&b, "%s", ""), LIION_OK);
    T_UEQ(b.len, 0);
    ck_assert_ptr_nonnull(b.data);
    T_UEQ(b.data[0], 0);
    T_IEQ(liion__buf_printf(&b, "id=%d name=%s", 42, "cell"), LIION_OK);
    T_UEQ(b.len, strlen("id=42 name=cell"));
    ck_assert_str_eq((const char *)b.data, "id=42 name=cell");
    T_IEQ(liion__buf_printf(&b, "|%05u", 7u), LIION_OK);
    ck_assert_str_eq((const char *)b.data, "id=42 name=cell|00007");

    /* longer than the capacity: takes the second, grown attempt */
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = 0;
    T_IEQ(liion__buf_printf(&b, "<%s>", big), LIION_OK);
    T_UEQ(b.len, 21 + 2 + 999);
    T_UGT(b.cap, b.len);
    T_UEQ(b.data[b.len], 0);
    T_UEQ(b.data[b.len - 1], '>');
    T_UEQ(b.data[22], 'q');
    T_UEQ(strlen((const char *)b.data), b.len);

    /* detach: the caller owns the block and frees it with its capacity */
    {
        size_t want_len = b.len, want_cap = b.cap;
        p = liion__buf_detach(&b, &len, &cap);
        ck_assert_ptr_nonnull(p);
        T_UEQ(len, want_len);
        T_UEQ(cap, want_cap);
        ck_assert_ptr_null(b.data);
        T_UEQ(b.len, 0);
        T_UEQ(b.cap, 0);
        T_UEQ(liion_ctx_memory_used(ctx), before + cap);
        T_IEQ(memcmp(p, "id=42", 5), 0);
        liion__free(ctx, p, cap);
        T_UEQ(liion_ctx_memory_used(ctx), before);
    }
    /* an empty buffer detaches to NULL */
    p = liion__buf_detach(&b, &len, &cap);
    ck_assert_ptr_null(p);
    T_UEQ(len, 0);
    T_UEQ(cap, 0);

    /* append_space */
    {
        uint8_t *w = NULL;
        T_IEQ(liion__buf_append_space(&b, 5, &w), LIION_OK);
        ck_assert_ptr_eq(w, b.data);
        memcpy(w, "hello", 5);
        T_IEQ(liion__buf_append_space(&b, 0, &w), LIION_OK);
        T_UEQ(b.len, 5);
        T_IEQ(memcmp(b.data, "hello", 5), 0);
    }
    liion__buf_free(&b);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(buf_memory_cap)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__buf b;
    uint8_t chunk[100];
    liion_status st = LIION_OK;

    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (uint8_t)i;
    T_IEQ(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MEMORY, before + 10000), LIION_OK);
    liion__buf_init(&b, ctx);
    for (int i = 0; i < 1000 && st == LIION_OK; i++)
        st = liion__buf_append(&b, chunk, sizeof chunk);
    T_IEQ(st, LIION_E_NOMEM);
    T_IEQ(liion_ctx_errcode(ctx), LIION_E_NOMEM);
    T_ULE(liion_ctx_memory_used(ctx), before + 10000);
    /* growth is clamped to the cap instead of failing at half of it */
    T_UGE(b.len, 9900);
    T_UEQ(b.len % 100, 0);
    for (size_t i = 0; i < b.len; i++)
        T_UEQ(b.data[i], (uint8_t)(i % 100));
    /* a failed append leaves the buffer usable */
    T_IEQ(liion__buf_printf(&b, "%0200d", 1), LIION_E_NOMEM);
    T_UEQ(b.len % 100, 0);
    T_UEQ(b.data[b.len - 1], 99);

    liion__buf_free(&b);
    T_UEQ(liion_ctx_memory_used(ctx), before);

    /* a size that overflows is refused without allocating */
    liion__buf_init(&b, ctx);
    T_IEQ(liion__buf_append(&b, chunk, 10), LIION_OK);
    T_IEQ(liion__buf_reserve(&b, SIZE_MAX - 5), LIION_E_NOMEM);
    T_UEQ(b.len, 10);
    liion__buf_free(&b);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(buf_alloc_failure_loop)
{
    for (long n = 1;; n++) {
        liion_test_alloc fa;
        liion_ctx *ctx = new_fail_ctx(&fa);
        liion__buf b;
        liion_status st = LIION_OK;
        size_t i;
        fa.fail_at = fa.calls + (unsigned long)n;
        liion__buf_init(&b, ctx);
        for (i = 0; i < 5000 && st == LIION_OK; i++)
            st = (i % 2) ? liion__buf_append_be32(&b, (uint32_t)i)
                         : liion__buf_printf(&b, "<%zu>", i);
        if (st != LIION_OK)
            T_IEQ(st, LIION_E_NOMEM);
        liion__buf_free(&b);
        T_UEQ(fa.live, 1);
        liion_ctx_free(ctx);
        T_UEQ(fa.live, 0);
        T_UEQ(fa.size_mismatches, 0);
        if (st == LIION_OK) {
            T_UEQ(fa.injected, 0);
            T_IGT(n, 3);
            break;
        }
    }
}
END_TEST

/* ---- arena ----------------------------------------------------------------------------- */

START_TEST(arena_alignment)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__arena a;
    uint64_t s = 99;
    struct {
        uint8_t *p;
        size_t n;
        uint8_t fill;
    } rec[2000];
    size_t sum = 0;

    liion__arena_init(&a, ctx, 256);
    T_UEQ(liion_ctx_memory_used(ctx), before); /* lazy */
    for (size_t i = 0; i < 2000; i++) {
        size_t align = (size_t)1 << (i % 7); /* 1 .. 64 */
        size_t n = (size_t)(rng_next(&s) % (i % 50 == 49 ? 5000 : 200));
        uint8_t *p = liion__arena_alloc(&a, n, align);
        ck_assert_ptr_nonnull(p);
        T_UEQ((uintptr_t)p % align, 0);
        rec[i].p = p;
        rec[i].n = n;
        rec[i].fill = (uint8_t)(i * 7 + 1);
        if (n != 0)
            memset(p, rec[i].fill, n); /* ASan: the whole block is ours */
        sum += n != 0 ? n : 1;
        T_UEQ(liion__arena_used(&a), sum);
    }
    for (size_t i = 0; i < 2000; i++) /* no block overlapped another */
        for (size_t j = 0; j < rec[i].n; j++)
            T_UEQ(rec[i].p[j], rec[i].fill);

    /* default alignment, calloc, strndup with a zero byte inside, memdup */
    {
        void *p = liion__arena_alloc(&a, 3, 0);
        uint32_t *z = liion__arena_calloc(&a, 100, sizeof *z, _Alignof(uint32_t));
        char *str = liion__arena_strndup(&a, "a\0b", 3);
        uint8_t *m = liion__arena_memdup(&a, "xyz", 3);
        ck_assert_ptr_nonnull(p);
        T_UEQ((uintptr_t)p % _Alignof(max_align_t), 0);
        ck_assert_ptr_nonnull(z);
        for (int i = 0; i < 100; i++)
            T_UEQ(z[i], 0);
        ck_assert_ptr_nonnull(str);
        ck_assert_mem_eq(str, "a\0b\0", 4);
        ck_assert_ptr_nonnull(m);
        ck_assert_mem_eq(m, "xyz", 3);
        ck_assert_ptr_nonnull(liion__arena_strndup(&a, NULL, 0));
        ck_assert_ptr_nonnull(liion__arena_memdup(&a, NULL, 0));
    }

    /* bad alignments are refused */
    ck_assert_ptr_null(liion__arena_alloc(&a, 8, 3));
    T_IEQ(liion_ctx_errcode(ctx), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(liion__arena_alloc(&a, 8, 128));
    ck_assert_ptr_null(liion__arena_alloc(&a, SIZE_MAX - 10, 16));
    T_IEQ(liion_ctx_errcode(ctx), LIION_E_NOMEM);
    ck_assert_ptr_null(liion__arena_calloc(&a, SIZE_MAX / 2, 4, 4));

    T_UEQ(liion_ctx_memory_used(ctx), before + liion__arena_reserved(&a));
    liion__arena_free(&a);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion__arena_free(&a);
    liion__arena_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

/* A decoder's worth of allocations: many small ones plus a few big ones. */
static void one_message(liion__arena *a, uint32_t seed)
{
    uint64_t s = seed;
    for (int i = 0; i < 500; i++) {
        size_t n = (size_t)(rng_next(&s) % 300) + 1;
        size_t align = (size_t)1 << (rng_next(&s) % 5);
        uint8_t *p;
        if (i % 100 == 50)
            n = 20000; /* a big request: own chunk */
        p = liion__arena_alloc(a, n, align);
        ck_assert_ptr_nonnull(p);
        memset(p, i, n);
    }
}

START_TEST(arena_reset_reuse)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__arena a;
    uint64_t m1, r1;

    liion__arena_init(&a, ctx, 1024);
    one_message(&a, 1);
    m1 = liion_ctx_memory_used(ctx);
    T_UGT(m1, before + 100000);
    T_UGT(liion__arena_used(&a), 100000);

    liion__arena_reset(&a);
    T_UEQ(liion__arena_used(&a), 0);
    r1 = liion_ctx_memory_used(ctx);
    T_ULE(r1, m1);
    T_UEQ(r1, before + liion__arena_reserved(&a));

    /* the same workload again: no more memory, ever */
    for (uint32_t k = 0; k < 10; k++) {
        one_message(&a, 1);
        T_UEQ(liion_ctx_memory_used(ctx), r1);
        liion__arena_reset(&a);
        T_UEQ(liion_ctx_memory_used(ctx), r1);
    }
    T_ULE(liion_ctx_memory_peak(ctx), m1);

    /* a single-chunk arena resets without touching the heap */
    liion__arena_free(&a);
    liion__arena_init(&a, ctx, 0);
    ck_assert_ptr_nonnull(liion__arena_alloc(&a, 10, 1));
    r1 = liion_ctx_memory_used(ctx);
    liion__arena_reset(&a);
    T_UEQ(liion_ctx_memory_used(ctx), r1);
    liion__arena_reset(&a);
    liion__arena_free(&a);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion__arena_reset(&a); /* empty arena */
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(arena_memory_cap)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__arena a;
    size_t got = 0;
    void *p;

    T_IEQ(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MEMORY, before + 50000), LIION_OK);
    liion__arena_init(&a, ctx, 1000);
    while ((p = liion__arena_alloc(&a, 100, 8)) != NULL) {
        memset(p, 1, 100);
        got += 100;
        T_ULT(got, 60000);
    }
    T_IEQ(liion_ctx_errcode(ctx), LIION_E_NOMEM);
    T_ULE(liion_ctx_memory_used(ctx), before + 50000);
    T_UGE(got, 40000); /* the last chunk is clamped to what the cap leaves */
    T_UEQ(liion__arena_used(&a), got);
    liion__arena_free(&a);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion_ctx_free(ctx);
}
END_TEST

static int log_calls;
static void count_log(void *user, liion_log_level level, const char *msg)
{
    (void)user;
    (void)level;
    (void)msg;
    log_calls++;
}

START_TEST(arena_alloc_failure_loop)
{
    for (long n = 1;; n++) {
        liion_test_alloc fa;
        liion_ctx *ctx = new_fail_ctx(&fa);
        liion__arena a;
        bool ok = true;
        fa.fail_at = fa.calls + (unsigned long)n;
        liion__arena_init(&a, ctx, 512);
        for (int msg = 0; msg < 3 && ok; msg++) {
            for (int i = 0; i < 300 && ok; i++) {
                void *p = liion__arena_alloc(&a, (size_t)(i % 40) * 7 + (i == 150 ? 4000 : 0), 8);
                if (p == NULL) {
                    T_IEQ(liion_ctx_errcode(ctx), LIION_E_NOMEM);
                    ok = false;
                }
            }
            if (ok) {
                /* a failed merge must be silent: no error left behind, nothing logged */
                T_IEQ(liion_ctx_set_log(ctx, LIION_LOG_DEBUG, count_log, NULL),
                                 LIION_OK);
                log_calls = 0;
                liion__arena_reset(&a);
                T_IEQ(liion_ctx_errcode(ctx), LIION_OK);
                T_IEQ(log_calls, 0);
                T_IEQ(liion_ctx_set_log(ctx, LIION_LOG_DEBUG, NULL, NULL), LIION_OK);
            }
        }
        liion__arena_free(&a);
        T_UEQ(fa.live, 1);
        liion_ctx_free(ctx);
        T_UEQ(fa.live, 0);
        T_UEQ(fa.size_mismatches, 0);
        if (ok && fa.injected == 0) {
            T_IGT(n, 3);
            break;
        }
    }
}
END_TEST

/* ---- intern ---------------------------------------------------------------------------- */

#define NSTR 100000

/* String i of a set of distinct strings: text, binary with zero bytes, text with a NUL inside,
 * and the empty string at i == 7. */
static size_t make_str(uint32_t i, uint8_t *out)
{
    uint8_t lane[4];
    if (i == 7)
        return 0;
    switch (i % 3) {
    case 0:
        return (size_t)snprintf((char *)out, 32, "A%u", (unsigned)i);
    case 1:
        out[0] = 'B';
        liion__store_le32(lane, i);
        memcpy(out + 1, lane, 4);
        out[5] = 0;
        out[6] = 0;
        memset(out + 7, 'x', i % 7);
        return 7 + i % 7;
    default: {
        int n = snprintf((char *)out, 32, "C%u", (unsigned)i);
        out[n] = 0;
        out[n + 1] = 't';
        return (size_t)n + 2;
    }
    }
}

START_TEST(intern_dedup_stability)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__intern t;
    const char **first = malloc(NSTR * sizeof *first);
    uint8_t s[32];

    ck_assert_ptr_nonnull(first);
    liion__intern_init(&t, ctx);
    T_TRUE(!liion__intern_find(&t, "A0", 2, NULL));
    ck_assert_ptr_null(liion__intern_str(&t, 0, NULL));
    for (uint32_t i = 0; i < NSTR; i++) {
        size_t n = make_str(i, s);
        uint32_t id = 12345;
        bool is_new = false;
        T_IEQ(liion__intern_put(&t, s, n, &id, &is_new), LIION_OK);
        T_TRUE(is_new);
        T_UEQ(id, i); /* dense, insertion order */
        T_UEQ(liion__intern_count(&t), i + 1);
        first[i] = liion__intern_str(&t, id, NULL);
        /* interning it again gives the same id */
        T_IEQ(liion__intern_put(&t, s, n, &id, &is_new), LIION_OK);
        T_TRUE(!is_new);
        T_UEQ(id, i);
    }
    T_UEQ(liion__intern_count(&t), NSTR);

    for (uint32_t i = 0; i < NSTR; i++) {
        size_t n = make_str(i, s), len = 999;
        uint32_t id = 0;
        bool is_new = true;
        const char *str;
        T_TRUE(liion__intern_find(&t, s, n, &id));
        T_UEQ(id, i);
        T_IEQ(liion__intern_put(&t, s, n, &id, &is_new), LIION_OK);
        T_TRUE(!is_new);
        T_UEQ(id, i);
        str = liion__intern_str(&t, i, &len);
        ck_assert_ptr_eq(str, first[i]); /* stable address */
        T_UEQ(len, n);
        T_TRUE(n == 0 || memcmp(str, s, n) == 0);
        T_UEQ((uint8_t)str[n], 0); /* NUL-terminated copy */
        /* a prefix or an extension is another string */
        if (n > 0 && liion__intern_find(&t, s, n - 1, &id))
            T_UNE(id, i);
        s[n] = 'Z';
        T_TRUE(!liion__intern_find(&t, s, n + 1, NULL));
    }
    T_TRUE(liion__intern_find(&t, NULL, 0, NULL)); /* the empty string is in */
    T_TRUE(!liion__intern_find(&t, "nope", 4, NULL));
    T_TRUE(!liion__intern_find(&t, "B", 1, NULL));
    ck_assert_ptr_null(liion__intern_str(&t, NSTR, NULL));
    ck_assert_ptr_null(liion__intern_str(&t, UINT32_MAX, NULL));
    T_IEQ(liion__intern_put(&t, NULL, 3, NULL, NULL), LIION_E_INVALID_ARG);
    T_UEQ(liion__intern_count(&t), NSTR);

    liion__intern_free(&t);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    T_UEQ(liion__intern_count(&t), 0);
    /* reusable after free */
    T_IEQ(liion__intern_put(&t, "x", 1, NULL, NULL), LIION_OK);
    liion__intern_free(&t);
    liion__intern_free(NULL);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    free(first);
    liion_ctx_free(ctx);
}
END_TEST

/* A reserved table takes its strings without ever growing its slots or entries; reserving a
 * table that is not empty changes nothing; a reserve that cannot be allocated leaves the table
 * empty and usable. */
START_TEST(intern_reserve)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__intern t;
    uint8_t s[32];
    size_t slots, entries;
    liion__intern_init(&t, ctx);
    T_IEQ(liion__intern_reserve(&t, 0), LIION_OK);
    T_UEQ(t.slot_cap, 0);
    T_IEQ(liion__intern_reserve(&t, 1000), LIION_OK);
    slots = t.slot_cap;
    entries = t.entry_cap;
    T_TRUE(slots >= 1000 + 1000 / 3 && (slots & (slots - 1)) == 0);
    T_UEQ(entries, 1000);
    for (uint32_t i = 0; i < 1000; i++) {
        uint32_t id;
        T_IEQ(liion__intern_put(&t, s, make_str(i, s), &id, NULL), LIION_OK);
        T_UEQ(id, i);
    }
    T_UEQ(t.slot_cap, slots); /* no rehash, no entry growth */
    T_UEQ(t.entry_cap, entries);
    T_IEQ(liion__intern_reserve(&t, 100000), LIION_OK); /* not empty: no-op */
    T_UEQ(t.slot_cap, slots);
    for (uint32_t i = 0; i < 1000; i++) {
        uint32_t id;
        T_TRUE(liion__intern_find(&t, s, make_str(i, s), &id));
        T_UEQ(id, i);
    }
    liion__intern_free(&t);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion_ctx_free(ctx);

    ctx = new_ctx(4096); /* too small for 100000 strings */
    liion__intern_init(&t, ctx);
    T_IEQ(liion__intern_reserve(&t, 100000), LIION_E_NOMEM);
    T_UEQ(t.slot_cap, 0);
    T_UEQ(t.entry_cap, 0);
    T_IEQ(liion__intern_put(&t, "a", 1, NULL, NULL), LIION_OK);
    liion__intern_free(&t);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(intern_limit_and_cap)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__intern t;
    uint8_t s[32];
    uint32_t id;
    uint32_t i;
    liion_status st = LIION_OK;

    /* entry limit */
    liion__intern_init(&t, ctx);
    T_UEQ(t.max_count, UINT32_MAX - 1);
    t.max_count = 3;
    T_IEQ(liion__intern_put(&t, "a", 1, NULL, NULL), LIION_OK);
    T_IEQ(liion__intern_put(&t, "b", 1, NULL, NULL), LIION_OK);
    T_IEQ(liion__intern_put(&t, "c", 1, NULL, NULL), LIION_OK);
    T_IEQ(liion__intern_put(&t, "d", 1, &id, NULL), LIION_E_LIMIT);
    T_IEQ(liion_ctx_errcode(ctx), LIION_E_LIMIT);
    T_IEQ(liion__intern_put(&t, "b", 1, &id, NULL), LIION_OK); /* known: fine */
    T_UEQ(id, 1);
    T_UEQ(liion__intern_count(&t), 3);
    liion__intern_free(&t);

    /* memory cap */
    T_IEQ(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MEMORY, before + 64 * 1024),
                     LIION_OK);
    liion__intern_init(&t, ctx);
    for (i = 0; i < NSTR && st == LIION_OK; i++) {
        size_t n = make_str(i, s);
        st = liion__intern_put(&t, s, n, NULL, NULL);
    }
    T_IEQ(st, LIION_E_NOMEM);
    T_IEQ(liion_ctx_errcode(ctx), LIION_E_NOMEM);
    T_ULE(liion_ctx_memory_used(ctx), before + 64 * 1024);
    /* the table is intact: everything before the failure is still there */
    T_UEQ(liion__intern_count(&t), i - 1);
    for (uint32_t j = 0; j + 1 < i; j++) {
        size_t n = make_str(j, s);
        T_TRUE(liion__intern_find(&t, s, n, &id));
        T_UEQ(id, j);
    }
    T_TRUE(!liion__intern_find(&t, s, make_str(i - 1, s), NULL));
    liion__intern_free(&t);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(intern_alloc_failure_loop)
{
    for (long n = 1;; n++) {
        liion_test_alloc fa;
        liion_ctx *ctx = new_fail_ctx(&fa);
        liion__intern t;
        uint8_t s[32];
        liion_status st = LIION_OK;
        uint32_t i;
        fa.fail_at = fa.calls + (unsigned long)n;
        liion__intern_init(&t, ctx);
        for (i = 0; i < 1000 && st == LIION_OK; i++)
            st = liion__intern_put(&t, s, make_str(i, s), NULL, NULL);
        if (st != LIION_OK) {
            T_IEQ(st, LIION_E_NOMEM);
            T_UEQ(liion__intern_count(&t), i - 1);
            /* consistent after the failure, and usable again */
            for (uint32_t j = 0; j + 1 < i; j++)
                T_TRUE(liion__intern_find(&t, s, make_str(j, s), NULL));
            T_IEQ(liion__intern_put(&t, s, make_str(i - 1, s), NULL, NULL),
                             LIION_OK);
            T_UEQ(liion__intern_count(&t), i);
        }
        liion__intern_free(&t);
        T_UEQ(fa.live, 1);
        liion_ctx_free(ctx);
        T_UEQ(fa.live, 0);
        T_UEQ(fa.size_mismatches, 0);
        if (st == LIION_OK) {
            T_UEQ(fa.injected, 0);
            T_IGT(n, 5);
            break;
        }
    }
}
END_TEST

START_TEST(hash_quality)
{
    /* distinct seeds, lengths and single-bit flips change the hash; about half the output bits
     * flip on average (avalanche) */
    uint8_t in[64];
    uint64_t h0, total = 0;
    int samples = 0;
    memset(in, 0x5a, sizeof in);
    T_UNE(liion__hash_bytes(in, 8, 1), liion__hash_bytes(in, 8, 2));
    T_UNE(liion__hash_bytes(in, 8, 1), liion__hash_bytes(in, 9, 1));
    T_UNE(liion__hash_bytes("", 0, 0), liion__hash_bytes("\0", 1, 0));
    T_UEQ(liion__hash_bytes(NULL, 0, 7), liion__hash_bytes("x", 0, 7));
    for (size_t len = 1; len <= sizeof in; len++) {
        h0 = liion__hash_bytes(in, len, 42);
        for (size_t bit = 0; bit < len * 8; bit++) {
            uint64_t h;
            in[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            h = liion__hash_bytes(in, len, 42);
            in[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            T_UNE(h, h0);
            total += (uint64_t)__builtin_popcountll(h ^ h0);
            samples++;
        }
    }
    T_UGT(total / (uint64_t)samples, 28);
    T_ULT(total / (uint64_t)samples, 36);
    T_UNE(liion__hash_u64(0, 0), liion__hash_u64(1, 0));
    T_UNE(liion__hash_u64(5, 0), liion__hash_u64(5, 1));
}
END_TEST

/* ---- map ------------------------------------------------------------------------------- */

#define NKEYS 2048

START_TEST(map_shadow_random)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__map64 m;
    static uint64_t keys[NKEYS], vals[NKEYS];
    static bool present[NKEYS];
    size_t live = 0;
    uint64_t s = 777;

    keys[0] = 0;
    keys[1] = UINT64_MAX;
    keys[2] = 1;
    keys[3] = UINT64_MAX - 1;
    for (size_t k = 4; k < NKEYS; k++) {
        /* half random, half small sequential or strided (typical IDs) */
        keys[k] = (k % 2) ? rng_next(&s) : (uint64_t)k * ((k % 4) ? 1u : UINT64_C(1) << 32);
        for (size_t j = 0; j < k; j++)
            if (keys[j] == keys[k])
                keys[k] = rng_next(&s) | 1u, j = 0;
    }
    memset(present, 0, sizeof present);

    liion__map64_init(&m, ctx);
    T_TRUE(!liion__map64_get(&m, 0, NULL));
    T_TRUE(!liion__map64_remove(&m, 5, NULL));
    for (int op = 0; op < 100000; op++) {
        uint64_t r = rng_next(&s);
        size_t k = (size_t)(r % NKEYS);
        unsigned kind = (unsigned)((r >> 32) % 10);
        uint64_t v = 0xdead;
        if (kind < 5) {
            uint64_t nv = rng_next(&s);
            T_IEQ(liion__map64_put(&m, keys[k], nv), LIION_OK);
            if (!present[k])
                live++;
            present[k] = true;
            vals[k] = nv;
        } else if (kind < 8) {
            bool got = liion__map64_get(&m, keys[k], &v);
            T_TRUE(got == present[k]);
            if (got)
                T_UEQ(v, vals[k]);
        } else {
            bool got = liion__map64_remove(&m, keys[k], &v);
            T_TRUE(got == present[k]);
            if (got) {
                T_UEQ(v, vals[k]);
                live--;
            }
            present[k] = false;
            T_TRUE(!liion__map64_get(&m, keys[k], NULL));
        }
        T_UEQ(liion__map64_count(&m), live);

        if (op % 10000 == 9999) {
            size_t cursor = 0, seen = 0;
            uint64_t key, val;
            static bool visited[NKEYS];
            memset(visited, 0, sizeof visited);
            while (liion__map64_next(&m, &cursor, &key, &val)) {
                size_t j;
                for (j = 0; j < NKEYS && keys[j] != key; j++)
                    ;
                T_ULT(j, NKEYS);
                T_TRUE(present[j]);
                T_TRUE(!visited[j]);
                T_UEQ(val, vals[j]);
                visited[j] = true;
                seen++;
            }
            T_UEQ(seen, live);
            T_TRUE(!liion__map64_next(&m, &cursor, &key, &val)); /* stays finished */
            for (size_t j = 0; j < NKEYS; j++) {
                bool got = liion__map64_get(&m, keys[j], &v);
                T_TRUE(got == present[j]);
                if (got)
                    T_UEQ(v, vals[j]);
            }
        }
    }
    T_ULE(m.used * 4, m.cap * 3); /* load factor */

    liion__map64_clear(&m);
    T_UEQ(liion__map64_count(&m), 0);
    T_TRUE(!liion__map64_get(&m, keys[1], NULL));
    T_TRUE(!liion__map64_get(&m, 0, NULL));
    liion__map64_free(&m);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion__map64_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(map_bulk)
{
    liion_ctx *ctx = new_ctx(0);
    uint64_t before = liion_ctx_memory_used(ctx);
    liion__map64 m;
    uint64_t v;
    const uint64_t n = 100000;

    liion__map64_init(&m, ctx);
    T_IEQ(liion__map64_reserve(&m, (size_t)n), LIION_OK);
    {
        size_t cap = m.cap;
        for (uint64_t i = 0; i < n; i++)
            T_IEQ(liion__map64_put(&m, i << 12, ~i), LIION_OK);
        T_UEQ(m.cap, cap); /* reserve was enough */
    }
    T_UEQ(liion__map64_count(&m), n);
    for (uint64_t i = 0; i < n; i += 2)
        T_TRUE(liion__map64_remove(&m, i << 12, NULL));
    T_UEQ(liion__map64_count(&m), n / 2);
    for (uint64_t i = 0; i < n; i++) {
        bool got = liion__map64_get(&m, i << 12, &v);
        T_TRUE(got == (i % 2 == 1));
        if (got)
            T_UEQ(v, ~i);
    }
    /* overwrite keeps the count */
    T_IEQ(liion__map64_put(&m, 1u << 12, 5), LIION_OK);
    T_UEQ(liion__map64_count(&m), n / 2);
    T_TRUE(liion__map64_get(&m, 1u << 12, &v) && v == 5);
    T_IEQ(liion__map64_put(&m, 0, 0), LIION_OK);
    T_IEQ(liion__map64_put(&m, UINT64_MAX, UINT64_MAX), LIION_OK);
    T_TRUE(liion__map64_get(&m, 0, &v) && v == 0);
    T_TRUE(liion__map64_get(&m, UINT64_MAX, &v) && v == UINT64_MAX);
    T_UEQ(liion__map64_count(&m), n / 2 + 2); /* key 0 had been removed */
    liion__map64_free(&m);
    T_UEQ(liion_ctx_memory_used(ctx), before);

    /* memory cap */
    T_IEQ(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MEMORY, before + 100000), LIION_OK);
    liion__map64_init(&m, ctx);
    {
        liion_status st = LIION_OK;
        uint64_t i;
        for (i = 1; i < n && st == LIION_OK; i++)
            st = liion__map64_put(&m, i * 977, i);
        T_IEQ(st, LIION_E_NOMEM);
        T_IEQ(liion_ctx_errcode(ctx), LIION_E_NOMEM);
        T_UEQ(liion__map64_count(&m), i - 2);
        for (uint64_t j = 1; j + 1 < i; j++)
            T_TRUE(liion__map64_get(&m, j * 977, &v) && v == j);
        T_TRUE(!liion__map64_get(&m, (i - 1) * 977, NULL));
        T_IEQ(liion__map64_reserve(&m, SIZE_MAX / 2), LIION_E_NOMEM);
    }
    liion__map64_free(&m);
    T_UEQ(liion_ctx_memory_used(ctx), before);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(map_alloc_failure_loop)
{
    for (long n = 1;; n++) {
        liion_test_alloc fa;
        liion_ctx *ctx = new_fail_ctx(&fa);
        liion__map64 m;
        liion_status st = LIION_OK;
        uint64_t i;
        fa.fail_at = fa.calls + (unsigned long)n;
        liion__map64_init(&m, ctx);
        for (i = 0; i < 1000 && st == LIION_OK; i++)
            st = liion__map64_put(&m, i * UINT64_C(0x9E3779B97F4A7C15), i);
        if (st != LIION_OK) {
            T_IEQ(st, LIION_E_NOMEM);
            T_UEQ(liion__map64_count(&m), i - 1);
            for (uint64_t j = 0; j + 1 < i; j++) {
                uint64_t v;
                T_TRUE(liion__map64_get(&m, j * UINT64_C(0x9E3779B97F4A7C15), &v));
                T_UEQ(v, j);
            }
        }
        liion__map64_free(&m);
        T_UEQ(fa.live, 1);
        liion_ctx_free(ctx);
        T_UEQ(fa.live, 0);
        T_UEQ(fa.size_mismatches, 0);
        if (st == LIION_OK) {
            T_UEQ(fa.injected, 0);
            T_IGT(n, 3);
            break;
        }
    }
}
END_TEST

/* ---- main ------------------------------------------------------------------------------ */

static Suite *coreutil_suite(void)
{
    Suite *s = suite_create("coreutil");
    TCase *tc;

    tc = tcase_create("bytes");
    tcase_add_test(tc, bytes_known_patterns);
    tcase_add_test(tc, bytes_round_trips);
    tcase_add_test(tc, bytes_reader_bounds);
    tcase_add_test(tc, bytes_writer_measure);
    suite_add_tcase(s, tc);

    tc = tcase_create("buf");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, buf_growth);
    tcase_add_test(tc, buf_printf_detach);
    tcase_add_test(tc, buf_memory_cap);
    tcase_add_test(tc, buf_alloc_failure_loop);
    suite_add_tcase(s, tc);

    tc = tcase_create("arena");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, arena_alignment);
    tcase_add_test(tc, arena_reset_reuse);
    tcase_add_test(tc, arena_memory_cap);
    tcase_add_test(tc, arena_alloc_failure_loop);
    suite_add_tcase(s, tc);

    tc = tcase_create("intern");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hash_quality);
    tcase_add_test(tc, intern_dedup_stability);
    tcase_add_test(tc, intern_limit_and_cap);
    tcase_add_test(tc, intern_reserve);
    tcase_add_test(tc, intern_alloc_failure_loop);
    suite_add_tcase(s, tc);

    tc = tcase_create("map");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, map_shadow_random);
    tcase_add_test(tc, map_bulk);
    tcase_add_test(tc, map_alloc_failure_loop);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    return liion_test_run(coreutil_suite());
}
