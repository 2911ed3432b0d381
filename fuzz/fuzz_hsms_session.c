/*
 * libFuzzer target for the sans-I/O HSMS session (liion_hsms_*): random bytes and random time
 * steps into a session, plus a peer session wired back to back so that the fuzzer can reach
 * SELECTED and open transactions.
 *
 * Input: 4 configuration bytes (flags, timers, linktest period), then a program of ops. Each op
 * byte selects a side (bit 7) and an action (low 4 bits); some take an argument byte:
 *   0 feed the next n bytes (n = argument) of raw input to the side
 *   1 advance the clock by argument * 7 ms and tick both sides
 *   2 send a W-bit data message (stream/function from the argument)
 *   3 reply to the last data event seen
 *   4 select, 5 deselect, 6 linktest, 7 separate
 *   8 disconnect and reconnect the side
 *   9 move the side's output to the other side in chunks of (argument % 17 + 1) bytes
 *  10 take part of the side's output and throw it away
 *  11 drain the side's events
 *  12 send S9Fx about a made-up header
 *  13 run the GEM body parsers (S1F13, S1F14, ack) on the next n bytes (n = argument)
 *  14 declare (or, with bit 6 of the op, take back) a supported primary message
 *
 * Oracles (abort() on failure): every call returns a documented status; after a successful
 * tick at `now` the next deadline is later than `now`; events have known types and a body only
 * with a length; the output queue never outgrows what the ops put in (bounded by the memory
 * cap); nothing leaks: the context's memory returns to its base after the frees.
 */
#include <liion/liion.h>

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

typedef struct side {
    liion_hsms *h;
    uint32_t last_sys;
    uint8_t last_stream, last_function;
} side;

static int status_ok(liion_status s)
{
    return s == LIION_OK || s == LIION_E_STATE || s == LIION_E_NOMEM || s == LIION_E_INVALID_ARG;
}

static void drain(side *sd)
{
    liion_hsms_event ev;
    for (;;) {
        memset(&ev, 0, sizeof ev);
        ev.struct_size = sizeof ev;
        CHECK(liion_hsms_event_next(&ev, sd->h) == LIION_OK);
        if (ev.type == LIION_HSMS_EV_NONE)
            return;
        CHECK(ev.type <= LIION_HSMS_EV_CLOSE);
        CHECK((ev.body == NULL) == (ev.body_len == 0));
        if (ev.body_len > 0) {
            volatile uint8_t x = ev.body[0];
            x = ev.body[ev.body_len - 1];
            (void)x;
        }
        if (ev.type == LIION_HSMS_EV_DATA && ev.wbit) {
            sd->last_sys = ev.system_bytes;
            sd->last_stream = ev.stream;
            sd->last_function = ev.function;
        }
    }
}

static void tick(side *sd, uint64_t now)
{
    liion_status s = liion_hsms_tick(sd->h, now);
    CHECK(s == LIION_OK || s == LIION_E_NOMEM);
    if (s == LIION_OK)
        CHECK(liion_hsms_next_deadline(sd->h) > now);
}

static void move(side *from, side *to, size_t chunk, uint64_t now)
{
    uint8_t buf[64];
    size_t w;
    if (chunk > sizeof buf)
        chunk = sizeof buf;
    do {
        CHECK(liion_hsms_out_take(buf, chunk, &w, from->h) == LIION_OK);
        if (w > 0 && liion_hsms_get_state(to->h) != LIION_HSMS_NOT_CONNECTED)
            CHECK(status_ok(liion_hsms_feed(to->h, buf, w, now)));
    } while (w > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_hsms_options ho;
    liion_ctx *ctx = NULL;
    side sd[2];
    uint64_t base, now = 1000;
    size_t pos = 4;
    uint8_t body[300];

    if (size < 4)
        return 0;
    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_message_bytes = 4096;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(ctx);
    memset(sd, 0, sizeof sd);
    memset(body, 0x41, sizeof body);
    for (int i = 0; i < 2; i++) {
        liion_hsms_options_init(&ho, sizeof ho);
        ho.role = (uint32_t)i;
        ho.session_id = data[0] & 3u;
        ho.flags = (uint32_t)(data[0] >> 2) & 15u; /* incl. LIION_HSMS_OPT_CHECK_BODY */
        ho.t3_ms = 1u + (uint32_t)data[1] * 4u;
        ho.t5_ms = 1u + (uint32_t)data[1];
        ho.t6_ms = 1u + (uint32_t)data[2] * 2u;
        ho.t7_ms = 1u + (uint32_t)data[2] * 3u;
        ho.t8_ms = 1u + (uint32_t)data[2];
        ho.linktest_ms = data[3];
        CHECK(liion_hsms_new(&sd[i].h, ctx, &ho) == LIION_OK);
        CHECK(liion_hsms_connected(sd[i].h, now) == LIION_OK);
    }

    while (pos < size) {
        uint8_t op = data[pos++];
        uint8_t arg = pos < size ? data[pos] : 0;
        side *me = &sd[op >> 7], *peer = &sd[!(op >> 7)];
        liion_status s;
        switch (op & 15u) {
        case 0: {
            size_t n = arg;
            pos++;
            if (n > size - pos)
                n = size - pos;
            if (liion_hsms_get_state(me->h) != LIION_HSMS_NOT_CONNECTED)
                CHECK(status_ok(liion_hsms_feed(me->h, data + pos, n, now)));
            pos += n;
            break;
        }
        case 1:
            pos++;
            now += (uint64_t)arg * 7u;
            tick(&sd[0], now);
            tick(&sd[1], now);
            break;
        case 2:
            pos++;
            s = liion_hsms_send_data(NULL, me->h, arg & 0x7fu, (uint8_t)(arg | 1u), 1, body,
                                     arg, arg, now);
            CHECK(status_ok(s));
            break;
        case 3:
            s = liion_hsms_reply(me->h, me->last_sys, me->last_stream,
                                 (uint8_t)(me->last_function + 1u), body, 3);
            CHECK(status_ok(s));
            break;
        case 4: CHECK(status_ok(liion_hsms_select(me->h, now))); break;
        case 5: CHECK(status_ok(liion_hsms_deselect(me->h, now))); break;
        case 6: CHECK(status_ok(liion_hsms_linktest(me->h, now))); break;
        case 7: CHECK(status_ok(liion_hsms_separate(me->h, now))); break;
        case 8:
            CHECK(liion_hsms_disconnected(me->h, now) == LIION_OK);
            CHECK(liion_hsms_get_state(me->h) == LIION_HSMS_NOT_CONNECTED);
            CHECK(liion_hsms_out_pending(me->h) == 0);
            CHECK(liion_hsms_open_transactions(me->h) == 0);
            CHECK(liion_hsms_connected(me->h, now) == LIION_OK);
            break;
        case 9:
            pos++;
            move(me, peer, (size_t)(arg % 17u) + 1u, now);
            break;
        case 10: {
            uint8_t buf[32];
            size_t w;
            pos++;
            CHECK(liion_hsms_out_take(buf, arg % sizeof buf, &w, me->h) == LIION_OK);
            break;
        }
        case 11: drain(me); break;
        case 12: {
            liion_hsms_header h = LIION_HSMS_HEADER_INIT;
            pos++;
            h.stream = arg & 0x7fu;
            h.function = arg;
            h.system_bytes = arg;
            CHECK(status_ok(liion_hsms_send_s9(NULL, me->h, (uint8_t)((arg % 6u) * 2u + 1u), &h)));
            break;
        }
        case 13: {
            size_t n = arg;
            uint8_t ack;
            int has;
            liion_status r;
            pos++;
            if (n > size - pos)
                n = size - pos;
            r = liion_gem_s1f13_decode(&has, ctx, data + pos, n);
            CHECK(r == LIION_OK || r == LIION_E_DECODE || r == LIION_E_TRUNCATED ||
                  r == LIION_E_LIMIT);
            if (r == LIION_OK)
                CHECK(has == 0 || has == 1);
            r = liion_gem_s1f14_decode(&ack, ctx, data + pos, n);
            CHECK(r == LIION_OK || r == LIION_E_DECODE || r == LIION_E_TRUNCATED ||
                  r == LIION_E_LIMIT);
            r = liion_gem_ack_decode(&ack, ctx, data + pos, n);
            CHECK(r == LIION_OK || r == LIION_E_DECODE || r == LIION_E_TRUNCATED ||
                  r == LIION_E_LIMIT);
            pos += n;
            break;
        }
        case 14:
            pos++;
            CHECK(status_ok(liion_hsms_set_supported(me->h, arg & 0x7fu, (uint8_t)((arg * 3u) | 1u),
                                                     !(op & 0x40u))));
            break;
        default: break;
        }
        if (liion_hsms_get_state(me->h) == LIION_HSMS_NOT_CONNECTED && (op & 0x40u)) {
            CHECK(liion_hsms_disconnected(me->h, now) == LIION_OK);
            CHECK(liion_hsms_connected(me->h, now) == LIION_OK);
        }
    }
    drain(&sd[0]);
    drain(&sd[1]);
    liion_hsms_free(sd[0].h);
    liion_hsms_free(sd[1].h);
    CHECK(liion_ctx_memory_used(ctx) == base);
    liion_ctx_free(ctx);
    return 0;
}
