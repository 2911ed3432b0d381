/*
 * libFuzzer target: the GEM event-report table. Input: records of [op byte][2-byte big-endian
 * length][body]; op % 4 selects S2F33, S2F35, S2F37 or S6F11 (host parse) applied to ONE
 * table. After each record every event the table knows is reported with S6F11 (equipment
 * build) and the result must parse back against the same table. Any disagreement abort()s.
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

static const liion_secs_item *value(void *user, uint32_t vid)
{
    (void)vid;
    return user;
}

static uint8_t out[1u << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_gem_reports *t = NULL;
    liion_secs_item *v = NULL;
    uint32_t one = 7;
    size_t pos = 0;

    o.max_memory = 64u << 20;
    o.max_depth = 24;
    o.max_items = 100000;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return 0;
    CHECK(liion_gem_reports_new(&t, ctx) == LIION_OK);
    CHECK(liion_secs_item_new_u4(&v, ctx, &one, 1) == LIION_OK);
    while (pos + 3 <= size) {
        uint8_t op = data[pos], ack = 0;
        size_t len = (size_t)data[pos + 1] << 8 | data[pos + 2];
        liion_status st;
        pos += 3;
        if (len > size - pos)
            len = size - pos;
        switch (op % 4) {
        case 0:
            st = liion_gem_reports_on_s2f33(&ack, t, data + pos, len);
            CHECK(st != LIION_OK || ack <= 4);
            break;
        case 1:
            st = liion_gem_reports_on_s2f35(&ack, t, data + pos, len);
            CHECK(st != LIION_OK || ack <= 5);
            break;
        case 2:
            st = liion_gem_reports_on_s2f37(&ack, t, data + pos, len);
            CHECK(ack <= 1);
            break;
        default:
            (void)liion_gem_reports_s6f11_decode(NULL, NULL, t, data + pos, len, NULL, NULL);
            break;
        }
        pos += len;
        /* every enabled, linked event builds and parses back */
        for (uint32_t ce = 0; ce < 64; ce++) {
            size_t w = 0;
            uint32_t d = 0, c = 0;
            if (!liion_gem_reports_event_enabled(t, ce))
                continue;
            st = liion_gem_reports_s6f11_encode(out, sizeof out, &w, t, 5, ce, value, v);
            if (st == LIION_E_BUFFER_TOO_SMALL)
                continue;
            CHECK(st == LIION_OK);
            st = liion_gem_reports_s6f11_decode(&d, &c, t, out, w, NULL, NULL);
            CHECK(st == LIION_OK || st == LIION_E_NOMEM || st == LIION_E_LIMIT);
            CHECK(st != LIION_OK || (d == 5 && c == ce));
        }
    }
    liion_secs_item_free(v);
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
    return 0;
}
