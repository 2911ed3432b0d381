/*
 * libFuzzer target: every decoder of gem_e30.h. Input: [op byte][SECS-II body]; op % 22
 * selects the message (stream/function) and its decoder. A body the decoder accepts is built
 * again with the matching encoder from the decoded parts, and the rebuilt body must decode
 * to an equal item tree and be accepted again. Any disagreement abort()s.
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

#define MAXK 1024
static uint8_t out[1u << 20];
static const liion_secs_item *k1[MAXK], *k2[MAXK];
static uint8_t acks[MAXK];

#define N_OPS 32
static const uint8_t ops[N_OPS][2] = {
    { 1, 1 },   { 1, 15 }, { 1, 17 }, { 7, 19 }, { 1, 16 }, { 1, 18 }, { 5, 2 },  { 6, 12 },
    { 7, 4 },   { 1, 2 },  { 1, 3 },  { 1, 4 },  { 2, 13 }, { 2, 14 }, { 2, 41 }, { 2, 42 },
    { 5, 1 },   { 7, 3 },  { 7, 5 },  { 7, 6 },  { 7, 20 }, { 6, 12 }, { 5, 3 },  { 5, 5 },
    { 5, 6 },   { 5, 8 },  { 10, 3 }, { 10, 1 }, { 2, 15 }, { 2, 18 },
    { 7, 1 },   { 7, 17 },
};
static const char *txts[MAXK];
static size_t lens[MAXK];

/* children of a list into k1 */
static int kids(const liion_secs_item *l, size_t n)
{
    if (n > MAXK)
        return 0;
    for (size_t i = 0; i < n; i++)
        k1[i] = liion_secs_item_child(l, i);
    return 1;
}

/* the children of a list of L[2] pairs into k1 / k2 */
static int pairs(const liion_secs_item *l, size_t n)
{
    if (n > MAXK)
        return 0;
    for (size_t i = 0; i < n; i++)
        CHECK(liion_gem_pair_at(&k1[i], &k2[i], l, i) == LIION_OK);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_secs_msg *m = NULL, *m2 = NULL;
    const liion_secs_item *a = NULL, *b = NULL, *c = NULL;
    const char *t1 = NULL, *t2 = NULL;
    size_t n = 0, l1 = 0, l2 = 0, w = 0;
    uint8_t ack = 0, op;
    liion_status st, enc = LIION_E_UNSUPPORTED;
    if (size < 1)
        return 0;
    op = (uint8_t)(data[0] % N_OPS);
    o.max_memory = 64u << 20;
    o.max_depth = 24;
    o.max_items = 100000;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return 0;
    if (liion_secs_msg_new(&m, ctx) != LIION_OK || liion_secs_msg_new(&m2, ctx) != LIION_OK)
        goto done;
    CHECK(liion_secs_msg_set_sf(m, ops[op][0], ops[op][1], 0) == LIION_OK);
    CHECK(liion_secs_msg_set_sf(m2, ops[op][0], ops[op][1], 0) == LIION_OK);
    if (liion_secs_msg_decode(m, data + 1, size - 1) != LIION_OK)
        goto done;
    switch (op) {
    case 0: case 1: case 2: case 3:
        st = liion_gem_empty_decode(ctx, m, ops[op][0], ops[op][1]);
        CHECK(st == LIION_OK ? size == 1 : size > 1);
        goto done;
    case 4: case 5: case 6: case 7: case 8: case 21:
        st = liion_gem_ack_msg_decode(&ack, ctx, m, ops[op][0], ops[op][1]);
        if (st == LIION_OK && liion_secs_item_format(liion_secs_msg_body(m)) == LIION_SECS_B)
            enc = liion_gem_ack_encode(out, sizeof out, &w, ctx, ack);
        break;
    case 9:
        st = liion_gem_s1f2_decode(&t1, &l1, &t2, &l2, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s1f2_encode(out, sizeof out, &w, ctx, t1, l1, t2, l2);
        break;
    case 10:
        st = liion_gem_s1f3_decode(&a, &n, ctx, m);
        if (st == LIION_OK && kids(a, n))
            enc = liion_gem_s1f3_encode(out, sizeof out, &w, ctx, k1, n);
        break;
    case 11:
        st = liion_gem_s1f4_decode(&a, &n, ctx, m);
        if (st == LIION_OK && kids(a, n))
            enc = liion_gem_s1f4_encode(out, sizeof out, &w, ctx, k1, n);
        break;
    case 12:
        st = liion_gem_s2f13_decode(&a, &n, ctx, m);
        if (st == LIION_OK && kids(a, n))
            enc = liion_gem_s2f13_encode(out, sizeof out, &w, ctx, k1, n);
        break;
    case 13:
        st = liion_gem_s2f14_decode(&a, &n, ctx, m);
        if (st == LIION_OK && kids(a, n))
            enc = liion_gem_s2f14_encode(out, sizeof out, &w, ctx, k1, n);
        break;
    case 14:
        st = liion_gem_s2f41_decode(&a, &b, &n, ctx, m);
        if (st == LIION_OK && pairs(b, n))
            enc = liion_gem_s2f41_encode(out, sizeof out, &w, ctx, a, k1, k2, n);
        break;
    case 15:
        st = liion_gem_s2f42_decode(&ack, &b, &n, ctx, m);
        if (st == LIION_OK && pairs(b, n)) {
            for (size_t i = 0; i < n; i++) {
                size_t one = 0;
                acks[i] = liion_secs_item_raw(k2[i], &one)[0];
            }
            enc = liion_gem_s2f42_encode(out, sizeof out, &w, ctx, ack, k1, acks, n);
        }
        break;
    case 16:
        st = liion_gem_s5f1_decode(&ack, &a, &t1, &l1, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s5f1_encode(out, sizeof out, &w, ctx, ack, a, t1, l1);
        break;
    case 17:
        st = liion_gem_s7f3_decode(&a, &b, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s7f3_encode(out, sizeof out, &w, ctx, a, b);
        break;
    case 18:
        st = liion_gem_s7f5_decode(&a, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s7f5_encode(out, sizeof out, &w, ctx, a);
        break;
    case 19:
        st = liion_gem_s7f6_decode(&a, &b, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s7f6_encode(out, sizeof out, &w, ctx, a, b);
        break;
    case 22:
        st = liion_gem_s5f3_decode(&ack, &a, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s5f3_encode(out, sizeof out, &w, ctx, ack, a);
        break;
    case 23:
        st = liion_gem_s5f5_decode(&a, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s5f5_encode(out, sizeof out, &w, ctx, a);
        break;
    case 24:
    case 25:
        st = liion_gem_s5f6_decode(&a, &n, ctx, m);
        if (st == LIION_OK && n <= MAXK) {
            for (size_t i = 0; i < n; i++)
                CHECK(liion_gem_s5f6_alarm_at(&acks[i], &k1[i], &txts[i], &lens[i], a, i) ==
                      LIION_OK);
            enc = liion_gem_s5f6_encode(out, sizeof out, &w, ctx, acks, k1, txts, lens, n);
        }
        break;
    case 26:
    case 27:
        st = liion_gem_s10f3_decode(&ack, &a, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s10f3_encode(out, sizeof out, &w, ctx, ack, a);
        break;
    case 28:
        st = liion_gem_s2f15_decode(&b, &n, ctx, m);
        if (st == LIION_OK && pairs(b, n))
            enc = liion_gem_s2f15_encode(out, sizeof out, &w, ctx, k1, k2, n);
        break;
    case 29:
        st = liion_gem_s2f18_decode(&t1, &l1, ctx, m);
        if (st == LIION_OK)
            enc = liion_gem_s2f18_encode(out, sizeof out, &w, ctx, t1, l1);
        break;
    case 30: {
        uint64_t len = 0;
        st = liion_gem_s7f1_decode(&a, &len, ctx, m);
        /* a LENGTH sent as U1/U2/U8 comes back as U4 (U8 past 2^32 - 1): compare values */
        if (st == LIION_OK) {
            uint64_t back = 0;
            const liion_secs_item *a2 = NULL;
            CHECK(liion_gem_s7f1_encode(out, sizeof out, &w, ctx, a, len) == LIION_OK);
            if (liion_secs_msg_decode(m2, out, w) == LIION_OK) {
                CHECK(liion_gem_s7f1_decode(&a2, &back, ctx, m2) == LIION_OK);
                CHECK(back == len && liion_secs_item_equal(a, a2));
            }
        }
        goto done;
    }
    case 31:
        st = liion_gem_s7f17_decode(&a, &n, ctx, m);
        if (st == LIION_OK && kids(a, n))
            enc = liion_gem_s7f17_encode(out, sizeof out, &w, ctx, k1, n);
        break;
    default:
        st = liion_gem_s7f20_decode(&a, &n, ctx, m);
        if (st == LIION_OK && kids(a, n))
            enc = liion_gem_s7f20_encode(out, sizeof out, &w, ctx, k1, n);
        break;
    }
    (void)c;
    if (st != LIION_OK) {
        /* a refusal names a status and leaves a message */
        CHECK(st == LIION_E_DECODE);
        CHECK(liion_ctx_errmsg(ctx)[0] != '\0');
        goto done;
    }
    if (enc == LIION_E_UNSUPPORTED || enc == LIION_E_BUFFER_TOO_SMALL)
        goto done;
    CHECK(enc == LIION_OK);
    if (liion_secs_msg_decode(m2, out, w) != LIION_OK)
        goto done; /* limits (items) may refuse a rebuilt body only in theory; ignore */
    CHECK(liion_secs_item_equal(liion_secs_msg_body(m), liion_secs_msg_body(m2)));
done:
    liion_secs_msg_free(m);
    liion_secs_msg_free(m2);
    liion_ctx_free(ctx);
    return 0;
}
