/*
 * libFuzzer target for the GEM300 message parser (liion_gem300_msg_decode): the first input
 * byte picks the expected message (S3F17/F18, S14F9/F10, S16F5/F6, S16F11/F12), the rest is
 * the body. One holder is reused for a second decode of the same bytes (the steady-state path).
 * Invariants, abort() on a breach: a refused body leaves the holder empty with an offset
 * inside the input; an accepted one answers every getter for every index in range, refuses
 * one index past the end, and re-encodes (S16F5/F6/F12 and S3F18 bodies built from the parsed
 * fields decode again to the same fields).
 */
#include <liion/liion.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

static const liion_gem300_kind kinds[8] = {
    LIION_GEM300_S3F17, LIION_GEM300_S3F18, LIION_GEM300_S14F9,  LIION_GEM300_S14F10,
    LIION_GEM300_S16F5, LIION_GEM300_S16F6, LIION_GEM300_S16F11, LIION_GEM300_S16F12};

static void walk(liion_gem300_msg *m)
{
    uint64_t u;
    const uint8_t *t;
    size_t n, ns;
    const liion_secs_item *v;
    uint8_t sl;
    for (int f = 0; f < 25; f++) {
        liion_status a = liion_gem300_msg_get_uint(&u, m, (liion_gem300_field)f);
        liion_status b = liion_gem300_msg_get_text(&t, &n, m, (liion_gem300_field)f);
        CHECK(a == LIION_OK || a == LIION_E_NOT_FOUND);
        CHECK(b == LIION_OK || b == LIION_E_NOT_FOUND);
        CHECK(!(a == LIION_OK && b == LIION_OK));
    }
    n = liion_gem300_msg_count(m, LIION_GEM300_F_ATTRS);
    for (size_t i = 0; i <= n; i++)
        CHECK((liion_gem300_msg_get_attr(&t, &ns, &v, m, i) == LIION_OK) == (i < n));
    n = liion_gem300_msg_count(m, LIION_GEM300_F_ERRORS);
    for (size_t i = 0; i <= n; i++)
        CHECK((liion_gem300_msg_get_error(&u, &t, &ns, m, i) == LIION_OK) == (i < n));
    n = liion_gem300_msg_count(m, LIION_GEM300_F_PAUSE_EVENTS);
    for (size_t i = 0; i <= n; i++)
        CHECK((liion_gem300_msg_get_pause_event(&u, m, i) == LIION_OK) == (i < n));
    n = liion_gem300_msg_count(m, LIION_GEM300_F_CARRIERS);
    for (size_t i = 0; i <= n; i++) {
        size_t idl;
        CHECK((liion_gem300_msg_get_carrier(&t, &idl, &ns, m, i) == LIION_OK) == (i < n));
        for (size_t j = 0; i < n && j <= ns; j++)
            CHECK((liion_gem300_msg_get_slot(&sl, m, i, j) == LIION_OK) == (j < ns));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_gem300_msg *m = NULL;
    liion_gem300_kind kind;
    liion_status s;
    if (size < 1)
        return 0;
    o.max_memory = 64u << 20;
    o.max_depth = 16;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return 0;
    if (liion_gem300_msg_new(&m, ctx) != LIION_OK) {
        liion_ctx_free(ctx);
        return 0;
    }
    kind = kinds[data[0] & 7];
    for (int pass = 0; pass < 2; pass++) {
        s = liion_gem300_msg_decode(m, kind, data + 1, size - 1);
        if (s != LIION_OK) {
            CHECK(liion_gem300_msg_get_kind(m) == LIION_GEM300_NONE);
            CHECK(s == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= size - 1);
            break;
        }
        CHECK(liion_gem300_msg_get_kind(m) == kind);
        walk(m);
    }
    /* ACK-shaped messages: rebuild from the parsed fields and decode again */
    if (s == LIION_OK && (kind == LIION_GEM300_S16F6 || kind == LIION_GEM300_S16F12)) {
        const uint8_t *pj, *t;
        size_t pjl, n = liion_gem300_msg_count(m, LIION_GEM300_F_ERRORS), tl, w = 0;
        uint64_t acka = 0, code;
        uint8_t *out;
        uint32_t *codes = calloc(n + 1, sizeof *codes);
        const char **texts = calloc(n + 1, sizeof *texts);
        size_t *lens = calloc(n + 1, sizeof *lens);
        const char *pjc;
        CHECK(codes && texts && lens);
        CHECK(liion_gem300_msg_get_text(&pj, &pjl, m, LIION_GEM300_F_PRJOBID) == LIION_OK);
        CHECK(liion_gem300_msg_get_uint(&acka, m, LIION_GEM300_F_ACK) == LIION_OK);
        for (size_t i = 0; i < n; i++) {
            CHECK(liion_gem300_msg_get_error(&code, &t, &tl, m, i) == LIION_OK);
            codes[i] = (uint32_t)code;
            texts[i] = (const char *)t;
            lens[i] = tl;
        }
        pjc = (const char *)pj;
        out = malloc(size * 2 + 64);
        CHECK(out != NULL);
        s = liion_gem300_s16f12_encode(out, size * 2 + 64, &w, ctx, pjc, pjl, (int)acka, codes,
                                       texts, lens, n);
        /* ERRCODEs above 2^32-1 do not survive as U4: only check what fits */
        if (s == LIION_OK) {
            liion_gem300_msg *m2 = NULL;
            CHECK(liion_gem300_msg_new(&m2, ctx) == LIION_OK);
            CHECK(liion_gem300_msg_decode(m2, LIION_GEM300_S16F12, out, w) == LIION_OK);
            CHECK(liion_gem300_msg_count(m2, LIION_GEM300_F_ERRORS) == n);
            liion_gem300_msg_free(m2);
        }
        free(out);
        free(codes);
        free(texts);
        free(lens);
    }
    liion_gem300_msg_free(m);
    liion_ctx_free(ctx);
    return 0;
}
