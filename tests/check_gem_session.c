/* The sans-I/O HSMS-SS session: two sessions wired back to back in memory (one's output fed
 * to the other's input, whole, one byte at a time or in random chunks), every timer driven by
 * an injected clock, the peer bugs other libraries had (linktest after reconnect, T6 after
 * Select with an immediate S1F13, unknown session ID, unexpected reply, malformed frame),
 * API misuse and allocation failures. Includes only <liion/liion.h>, as an application. */
#include <liion/liion.h>

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"
#include "support/testutil.h"

_Static_assert(LIION_HSMS_NOT_CONNECTED == 0 && LIION_HSMS_NOT_SELECTED == 1 &&
                   LIION_HSMS_SELECTED == 2,
               "state values");
_Static_assert(LIION_HSMS_EV_NONE == 0 && LIION_HSMS_EV_STATE == 1 && LIION_HSMS_EV_DATA == 2 &&
                   LIION_HSMS_EV_REPLY == 3 && LIION_HSMS_EV_TIMEOUT == 4 &&
                   LIION_HSMS_EV_CONTROL == 5 && LIION_HSMS_EV_REJECTED == 6 &&
                   LIION_HSMS_EV_PROTOCOL_ERROR == 7 && LIION_HSMS_EV_ABORTED == 8 &&
                   LIION_HSMS_EV_CLOSE == 9,
               "event type values");
_Static_assert(sizeof(liion_hsms_options) == 40, "options layout");
_Static_assert(offsetof(liion_hsms_event, user_tag) == 24 &&
                   offsetof(liion_hsms_event, system_bytes) == 40 &&
                   offsetof(liion_hsms_event, session_id) == 44 &&
                   offsetof(liion_hsms_event, stype) == 46 &&
                   offsetof(liion_hsms_event, wbit) == 49 && offsetof(liion_hsms_event, body) == 56,
               "event layout");

/* ---- harness --------------------------------------------------------------------------- */

static int chunk_mode; /* 0 whole, 1 one byte, 2 random chunks */
static uint32_t rng = 12345;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

typedef struct pair {
    liion_ctx *ctx;
    uint64_t base; /* memory of the bare context */
    liion_hsms *a; /* active: host */
    liion_hsms *p; /* passive: equipment */
} pair;

static uint64_t ctx_base; /* memory of a bare context */

static liion_ctx *new_ctx(void)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    ctx_base = liion_ctx_memory_used(ctx);
    return ctx;
}

static liion_hsms *mk(liion_ctx *ctx, uint32_t role, uint32_t flags, uint32_t linktest)
{
    liion_hsms_options o;
    liion_hsms *h = NULL;
    ck_assert_int_eq(liion_hsms_options_init(&o, sizeof o), LIION_OK);
    o.role = role;
    o.session_id = 1;
    o.flags = flags;
    o.t3_ms = 3000;
    o.t5_ms = 500;
    o.t6_ms = 600;
    o.t7_ms = 700;
    o.t8_ms = 800;
    o.linktest_ms = linktest;
    ck_assert_int_eq(liion_hsms_new(&h, ctx, &o), LIION_OK);
    return h;
}

static void pair_init(pair *pr, uint32_t aflags, uint32_t pflags, uint32_t linktest)
{
    pr->ctx = new_ctx();
    pr->base = liion_ctx_memory_used(pr->ctx);
    pr->a = mk(pr->ctx, LIION_HSMS_ROLE_ACTIVE, aflags, linktest);
    pr->p = mk(pr->ctx, LIION_HSMS_ROLE_PASSIVE, pflags, linktest);
}

static void pair_free(pair *pr)
{
    liion_hsms_free(pr->a);
    liion_hsms_free(pr->p);
    ck_assert_uint_eq(liion_ctx_memory_used(pr->ctx), pr->base);
    liion_ctx_free(pr->ctx);
}

/* Feed data to h in the current chunk mode. */
static void feed(liion_hsms *h, const uint8_t *d, size_t n, uint64_t now)
{
    size_t pos = 0;
    while (pos < n) {
        size_t c = n - pos;
        if (chunk_mode == 1)
            c = 1;
        else if (chunk_mode == 2 && c > 1)
            c = 1 + rnd() % (c < 20 ? c : 20);
        if (liion_hsms_get_state(h) == LIION_HSMS_NOT_CONNECTED)
            return;
        ck_assert_int_eq(liion_hsms_feed(h, d + pos, c, now), LIION_OK);
        pos += c;
    }
}

/* Move bytes from src to dst: returns the count. */
static size_t xfer(liion_hsms *src, liion_hsms *dst, uint64_t now)
{
    uint8_t buf[4096];
    size_t w = 0, total = 0;
    do {
        ck_assert_int_eq(liion_hsms_out_take(buf, sizeof buf, &w, src), LIION_OK);
        feed(dst, buf, w, now);
        total += w;
    } while (w > 0);
    return total;
}

static void pump(pair *pr, uint64_t now)
{
    while (xfer(pr->a, pr->p, now) + xfer(pr->p, pr->a, now) > 0) {
    }
}

static size_t take(liion_hsms *h, uint8_t *buf, size_t cap)
{
    size_t w = 0;
    ck_assert_int_eq(liion_hsms_out_take(buf, cap, &w, h), LIION_OK);
    return w;
}

static liion_hsms_event next_ev(liion_hsms *h)
{
    liion_hsms_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = sizeof ev;
    ck_assert_int_eq(liion_hsms_event_next(&ev, h), LIION_OK);
    return ev;
}

/* Skip events until one of type t; fail if none. */
static liion_hsms_event expect_ev(liion_hsms *h, liion_hsms_event_type t)
{
    for (;;) {
        liion_hsms_event ev = next_ev(h);
        if (ev.type == (uint32_t)t)
            return ev;
        ck_assert_msg(ev.type != LIION_HSMS_EV_NONE, "no %s event", liion_hsms_event_type_str(t));
    }
}

static void drain(liion_hsms *h)
{
    while (next_ev(h).type != LIION_HSMS_EV_NONE) {
    }
}

static int has_ev(liion_hsms *h, liion_hsms_event_type t)
{
    for (;;) {
        liion_hsms_event ev = next_ev(h);
        if (ev.type == (uint32_t)t)
            return 1;
        if (ev.type == LIION_HSMS_EV_NONE)
            return 0;
    }
}

static void connect_select(pair *pr, uint64_t now)
{
    ck_assert_int_eq(liion_hsms_connected(pr->p, now), LIION_OK);
    ck_assert_int_eq(liion_hsms_connected(pr->a, now), LIION_OK);
    pump(pr, now);
    ck_assert_int_eq(liion_hsms_get_state(pr->a), LIION_HSMS_SELECTED);
    ck_assert_int_eq(liion_hsms_get_state(pr->p), LIION_HSMS_SELECTED);
}


/* ---- tests ----------------------------------------------------------------------------- */

START_TEST(select_handshake_vectors)
{
    pair pr;
    uint8_t buf[64], want[14];
    liion_hsms_event ev;
    chunk_mode = _i;
    pair_init(&pr, 0, 0, 0);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_NOT_CONNECTED);
    ck_assert_int_eq(liion_hsms_connected(pr.p, 0), LIION_OK);
    ck_assert_uint_eq(liion_hsms_out_pending(pr.p), 0); /* passive waits */
    ck_assert_int_eq(liion_hsms_connected(pr.a, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_connected(pr.a, 0), LIION_E_STATE);
    /* T33 shape: Select.req, session 0xFFFF, system bytes 1 */
    ck_assert_uint_eq(take(pr.a, buf, sizeof buf), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 00 00 00 01 00 00 00 01");
    ck_assert_mem_eq(buf, want, 14);
    feed(pr.p, buf, 14, 10);
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_SELECTED);
    ck_assert_uint_eq(take(pr.p, buf, sizeof buf), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 00 00 00 02 00 00 00 01");
    ck_assert_mem_eq(buf, want, 14);
    feed(pr.a, buf, 14, 20);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_STATE);
    ck_assert_uint_eq(ev.prev_state, LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(ev.state, LIION_HSMS_NOT_SELECTED);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_STATE);
    ck_assert_uint_eq(ev.state, LIION_HSMS_SELECTED);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_CONTROL);
    ck_assert_uint_eq(ev.stype, LIION_HSMS_SELECT_RSP);
    ck_assert_uint_eq(ev.code, LIION_HSMS_SELECT_OK);
    ck_assert_uint_eq(next_ev(pr.a).type, LIION_HSMS_EV_NONE);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), UINT64_MAX);
    /* A second Select.req while selected: "already active" */
    liion_test_unhex(want, sizeof want, "00 00 00 0a 12 34 00 00 00 01 01 02 03 04"); /* T35f, go-secs */
    feed(pr.p, want, 14, 30);
    ck_assert_uint_eq(take(pr.p, buf, sizeof buf), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a 12 34 00 00 00 02 01 02 03 04");
    want[7] = LIION_HSMS_SELECT_ALREADY_ACTIVE; /* status byte */
    ck_assert_mem_eq(buf, want, 14);
    pair_free(&pr);
}
END_TEST

/* Select.req with any session ID is accepted and echoed (go-secs sends the configured one). */
START_TEST(select_any_session_id)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms *p = mk(ctx, LIION_HSMS_ROLE_PASSIVE, 0, 0);
    uint8_t in[14], out[14], want[14];
    liion_test_unhex(in, sizeof in, "00 00 00 0a 12 34 00 00 00 01 01 02 03 04");
    liion_test_unhex(want, sizeof want, "00 00 00 0a 12 34 00 00 00 02 01 02 03 04");
    ck_assert_int_eq(liion_hsms_connected(p, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_feed(p, in, 14, 1), LIION_OK);
    ck_assert_uint_eq(take(p, out, sizeof out), 14);
    ck_assert_mem_eq(out, want, 14);
    ck_assert_int_eq(liion_hsms_get_state(p), LIION_HSMS_SELECTED);
    liion_hsms_free(p);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(data_and_reply_matched)
{
    pair pr;
    uint8_t body[300];
    uint32_t sys = 0, sys2 = 0;
    liion_hsms_event ev;
    chunk_mode = _i;
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)(i * 7);
    pair_init(&pr, 0, 0, 0);
    connect_select(&pr, 0);
    drain(pr.a);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 1, 13, 1, body, 12, 42, 100), LIION_OK);
    ck_assert_int_eq(liion_hsms_send_data(&sys2, pr.a, 1, 1, 1, NULL, 0, 43, 100), LIION_OK);
    ck_assert_uint_ne(sys, 0);
    ck_assert_uint_ne(sys, sys2);
    ck_assert_uint_eq(liion_hsms_open_transactions(pr.a), 2);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), 3100);
    xfer(pr.a, pr.p, 110);
    ev = next_ev(pr.p);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_DATA);
    ck_assert_uint_eq(ev.stream, 1);
    ck_assert_uint_eq(ev.function, 13);
    ck_assert_uint_eq(ev.wbit, 1);
    ck_assert_uint_eq(ev.system_bytes, sys);
    ck_assert_uint_eq(ev.body_len, 12);
    ck_assert_mem_eq(ev.body, body, 12);
    ev = next_ev(pr.p);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_DATA);
    ck_assert_uint_eq(ev.function, 1);
    ck_assert_ptr_null(ev.body);
    /* answer in the other order */
    ck_assert_int_eq(liion_hsms_reply(pr.p, sys2, 1, 2, body, sizeof body), LIION_OK);
    ck_assert_int_eq(liion_hsms_reply(pr.p, sys, 1, 14, body, 3), LIION_OK);
    ck_assert_int_eq(liion_hsms_reply(pr.p, sys, 1, 15, body, 3), LIION_E_INVALID_ARG);
    xfer(pr.p, pr.a, 120);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_REPLY);
    ck_assert_uint_eq(ev.user_tag, 43);
    ck_assert_uint_eq(ev.function, 2);
    ck_assert_uint_eq(ev.body_len, sizeof body);
    ck_assert_mem_eq(ev.body, body, sizeof body);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_REPLY);
    ck_assert_uint_eq(ev.user_tag, 42);
    ck_assert_uint_eq(ev.function, 14);
    ck_assert_uint_eq(liion_hsms_open_transactions(pr.a), 0);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), UINT64_MAX);
    /* no T3 later */
    ck_assert_int_eq(liion_hsms_tick(pr.a, 100000), LIION_OK);
    ck_assert_uint_eq(next_ev(pr.a).type, LIION_HSMS_EV_NONE);
    pair_free(&pr);
}
END_TEST

/* T3 per transaction; a late reply is an unexpected reply: Reject.req reason 3. With the
 * equipment flag an expired W-bit message of the equipment produces S9F9. */
START_TEST(t3_timeout_late_reply_and_s9f9)
{
    pair pr;
    uint32_t s1 = 0, s2 = 0;
    uint8_t buf[64];
    size_t n;
    liion_hsms_event ev;
    chunk_mode = _i;
    pair_init(&pr, 0, LIION_HSMS_OPT_EQUIPMENT, 0);
    connect_select(&pr, 0);
    drain(pr.a);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_send_data(&s1, pr.a, 1, 1, 1, NULL, 0, 7, 1000), LIION_OK);
    ck_assert_int_eq(liion_hsms_send_data(&s2, pr.a, 2, 17, 1, NULL, 0, 8, 2000), LIION_OK);
    xfer(pr.a, pr.p, 1000);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_tick(pr.a, 3999), LIION_OK);
    ck_assert_uint_eq(next_ev(pr.a).type, LIION_HSMS_EV_NONE);
    ck_assert_int_eq(liion_hsms_tick(pr.a, 4000), LIION_OK);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_TIMEOUT);
    ck_assert_uint_eq(ev.code, LIION_HSMS_T3);
    ck_assert_uint_eq(ev.user_tag, 7);
    ck_assert_uint_eq(ev.stream, 1);
    ck_assert_uint_eq(ev.function, 1);
    ck_assert_uint_eq(next_ev(pr.a).type, LIION_HSMS_EV_NONE);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), 5000);
    ck_assert_uint_eq(liion_hsms_open_transactions(pr.a), 1);
    /* host (active, not equipment) sends no S9F9 */
    ck_assert_uint_eq(liion_hsms_out_pending(pr.a), 0);
    /* the late reply */
    ck_assert_int_eq(liion_hsms_reply(pr.p, s1, 1, 2, NULL, 0), LIION_OK);
    xfer(pr.p, pr.a, 4100);
    ev = expect_ev(pr.a, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_UNEXPECTED_REPLY);
    ck_assert_uint_eq(ev.system_bytes, s1);
    n = take(pr.a, buf, sizeof buf);
    ck_assert_uint_eq(n, 14);
    ck_assert_uint_eq(buf[5 + 4], LIION_HSMS_REJECT_REQ);
    ck_assert_uint_eq(buf[4 + 2], 0);    /* rejected SType: data */
    ck_assert_uint_eq(buf[4 + 3], 3);    /* reason: transaction not open */
    ck_assert_uint_eq(buf[13], (uint8_t)s1);
    feed(pr.p, buf, n, 4100);
    ev = expect_ev(pr.p, LIION_HSMS_EV_REJECTED);
    ck_assert_uint_eq(ev.code, 3);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    /* equipment's own W-bit message times out: S9F9 with the SHEAD */
    ck_assert_int_eq(liion_hsms_send_data(&s1, pr.p, 6, 11, 1, NULL, 0, 99, 5000), LIION_OK);
    ck_assert_uint_eq(take(pr.p, buf, sizeof buf), 14);
    ck_assert_int_eq(liion_hsms_tick(pr.p, 8000), LIION_OK);
    ev = expect_ev(pr.p, LIION_HSMS_EV_TIMEOUT);
    ck_assert_uint_eq(ev.user_tag, 99);
    n = take(pr.p, buf, sizeof buf);
    ck_assert_uint_eq(n, 14 + 12);
    ck_assert_uint_eq(buf[6], 9);    /* S9, no W-bit */
    ck_assert_uint_eq(buf[7], 9);    /* F9 */
    ck_assert_uint_eq(buf[14], 0x21);
    ck_assert_uint_eq(buf[15], 10);
    ck_assert_uint_eq(buf[16 + 2], 0x86); /* SHEAD: W + S6 */
    ck_assert_uint_eq(buf[16 + 3], 11);
    ck_assert_uint_eq(buf[16 + 9], (uint8_t)s1);
    pair_free(&pr);
}
END_TEST

/* secs4net #75: the equipment answers Select.req and sends S1F13 at once, in the same
 * segment; the host must be SELECTED before it reads the S1F13, and no T6 may fire later. */
START_TEST(select_then_immediate_s1f13)
{
    pair pr;
    uint8_t buf[256];
    size_t n = 0, w;
    uint32_t sys = 0;
    liion_hsms_event ev;
    chunk_mode = _i;
    pair_init(&pr, 0, 0, 0);
    ck_assert_int_eq(liion_hsms_connected(pr.p, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_connected(pr.a, 0), LIION_OK);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), 600); /* T6 of the Select.req */
    xfer(pr.a, pr.p, 5);
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.p, 1, 13, 1, NULL, 0, 1, 5), LIION_OK);
    while ((w = take(pr.p, buf + n, 3)) > 0) /* gather the whole segment, 3 bytes a take */
        n += w;
    ck_assert_uint_eq(n, 28);
    feed(pr.a, buf, n, 10);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    ev = expect_ev(pr.a, LIION_HSMS_EV_CONTROL);
    ck_assert_uint_eq(ev.code, 0);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_DATA);
    ck_assert_uint_eq(ev.function, 13);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), UINT64_MAX);
    ck_assert_int_eq(liion_hsms_tick(pr.a, 60000), LIION_OK);
    ck_assert_uint_eq(next_ev(pr.a).type, LIION_HSMS_EV_NONE);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    ck_assert_int_eq(liion_hsms_reply(pr.a, ev.system_bytes, 1, 14, NULL, 0), LIION_OK);
    xfer(pr.a, pr.p, 20);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_REPLY).user_tag, 1);
    pair_free(&pr);
}
END_TEST

/* secs4net #68: periodic linktest, and it restarts after a reconnect. */
START_TEST(linktest_periodic_and_after_reconnect)
{
    pair pr;
    uint8_t buf[64];
    chunk_mode = _i;
    pair_init(&pr, 0, 0, 1000);
    connect_select(&pr, 0);
    drain(pr.a);
    drain(pr.p);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), 1000);
    ck_assert_int_eq(liion_hsms_tick(pr.a, 999), LIION_OK);
    ck_assert_uint_eq(liion_hsms_out_pending(pr.a), 0);
    for (uint64_t t = 1000; t <= 5000; t += 1000) {
        ck_assert_int_eq(liion_hsms_tick(pr.a, t), LIION_OK);
        ck_assert_int_eq(liion_hsms_tick(pr.p, t - 1), LIION_OK);
        ck_assert_uint_eq(liion_hsms_out_pending(pr.a), 14);
        ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), t + 600); /* T6 */
        pump(&pr, t);
    }
    ck_assert_int_eq(has_ev(pr.a, LIION_HSMS_EV_CONTROL), 0); /* automatic ones are silent */
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    /* reconnect */
    ck_assert_int_eq(liion_hsms_disconnected(pr.a, 5500), LIION_OK);
    ck_assert_int_eq(liion_hsms_disconnected(pr.p, 5500), LIION_OK);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), UINT64_MAX);
    ck_assert_uint_eq(liion_hsms_connect_time(pr.a), 6000);
    connect_select(&pr, 6000);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.a), 7000);
    ck_assert_int_eq(liion_hsms_tick(pr.a, 7000), LIION_OK);
    ck_assert_uint_eq(take(pr.a, buf, sizeof buf), 14);
    ck_assert_uint_eq(buf[9], LIION_HSMS_LINKTEST_REQ);
    ck_assert_uint_eq(buf[4], 0xff);
    /* no answer: T6 closes the connection */
    ck_assert_int_eq(liion_hsms_tick(pr.a, 7599), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    ck_assert_int_eq(liion_hsms_tick(pr.a, 7600), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_TIMEOUT).code, LIION_HSMS_T6);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_T6);
    pair_free(&pr);
}
END_TEST

START_TEST(t7_not_selected_closes)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms *p = mk(ctx, LIION_HSMS_ROLE_PASSIVE, 0, 0);
    liion_hsms *a = mk(ctx, LIION_HSMS_ROLE_ACTIVE, LIION_HSMS_OPT_NO_AUTO_SELECT, 0);
    ck_assert_int_eq(liion_hsms_connected(p, 100), LIION_OK);
    ck_assert_int_eq(liion_hsms_connected(a, 100), LIION_OK);
    ck_assert_uint_eq(liion_hsms_out_pending(a), 0);
    ck_assert_uint_eq(liion_hsms_next_deadline(p), 800);
    ck_assert_int_eq(liion_hsms_tick(p, 799), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(p), LIION_HSMS_NOT_SELECTED);
    ck_assert_int_eq(liion_hsms_tick(p, 800), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(p), LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(expect_ev(p, LIION_HSMS_EV_TIMEOUT).code, LIION_HSMS_T7);
    ck_assert_uint_eq(expect_ev(p, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_T7);
    ck_assert_int_eq(liion_hsms_feed(p, (const uint8_t *)"x", 1, 900), LIION_E_STATE);
    /* the active one selects by hand and is not hit by T7 */
    ck_assert_int_eq(liion_hsms_select(a, 200), LIION_OK);
    ck_assert_int_eq(liion_hsms_select(a, 200), LIION_E_STATE); /* one control transaction */
    ck_assert_int_eq(liion_hsms_connected(p, 200), LIION_OK);
    xfer(a, p, 210);
    xfer(p, a, 220);
    ck_assert_int_eq(liion_hsms_get_state(a), LIION_HSMS_SELECTED);
    ck_assert_int_eq(liion_hsms_tick(a, 10000), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(a), LIION_HSMS_SELECTED);
    liion_hsms_free(a);
    liion_hsms_free(p);
    ck_assert_uint_eq(liion_ctx_memory_used(ctx), ctx_base);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(t8_intercharacter)
{
    pair pr;
    uint8_t frame[14 + 4];
    size_t w;
    chunk_mode = 0;
    pair_init(&pr, 0, 0, 0);
    connect_select(&pr, 0);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_encode_data(frame, sizeof frame, &w, pr.ctx, 1, 1, 3, 1, 77,
                                            (const uint8_t *)"\x01\x01\x41\x00", 4),
                     LIION_OK);
    /* trickle within T8: fine */
    for (size_t i = 0; i < w; i++) {
        ck_assert_int_eq(liion_hsms_feed(pr.p, frame + i, 1, 1000 + i * 700), LIION_OK);
        ck_assert_int_eq(liion_hsms_tick(pr.p, 1000 + i * 700 + 799), LIION_OK);
    }
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_DATA).function, 3);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.p), UINT64_MAX);
    /* stall in the middle: T8 closes */
    ck_assert_int_eq(liion_hsms_feed(pr.p, frame, 5, 20000), LIION_OK);
    ck_assert_uint_eq(liion_hsms_next_deadline(pr.p), 20800);
    ck_assert_int_eq(liion_hsms_tick(pr.p, 20799), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_SELECTED);
    ck_assert_int_eq(liion_hsms_tick(pr.p, 20800), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_TIMEOUT).code, LIION_HSMS_T8);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_T8);
    pair_free(&pr);
}
END_TEST

/* secs4net #86: a data message for an unknown device ID gets S9F1 and the link stays up. */
START_TEST(unknown_session_id_s9f1)
{
    pair pr;
    uint8_t frame[64], buf[64];
    size_t w, n;
    liion_hsms_event ev;
    chunk_mode = _i;
    pair_init(&pr, 0, LIION_HSMS_OPT_EQUIPMENT, 0);
    connect_select(&pr, 0);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_encode_data(frame, sizeof frame, &w, pr.ctx, 7, 1, 1, 1,
                                            0x01020304, NULL, 0),
                     LIION_OK);
    feed(pr.p, frame, w, 10);
    ev = next_ev(pr.p);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_UNKNOWN_SESSION);
    ck_assert_uint_eq(ev.session_id, 7);
    ck_assert_uint_eq(next_ev(pr.p).type, LIION_HSMS_EV_NONE); /* not delivered as data */
    n = take(pr.p, buf, sizeof buf);
    ck_assert_uint_eq(n, 26);
    ck_assert_uint_eq(buf[5], 1); /* our session ID */
    ck_assert_uint_eq(buf[6], 9);
    ck_assert_uint_eq(buf[7], 1);
    ck_assert_mem_eq(buf + 16, frame + 4, 10); /* MHEAD */
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_SELECTED);
    /* the host side (no equipment flag) reports it and sends nothing */
    feed(pr.a, frame, w, 10);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNKNOWN_SESSION);
    ck_assert_uint_eq(liion_hsms_out_pending(pr.a), 0);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    pair_free(&pr);
}
END_TEST

/* secs4net #91: after a malformed frame the stream is lost; the session reports it, tells a
 * selected peer with Separate.req and closes; open transactions are aborted. */
START_TEST(malformed_frame_separates)
{
    pair pr;
    uint8_t buf[64];
    liion_hsms_event ev;
    uint32_t sys;
    chunk_mode = _i;
    pair_init(&pr, 0, 0, 0);
    connect_select(&pr, 0);
    drain(pr.a);
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 1, 1, 1, NULL, 0, 5, 10), LIION_OK);
    ck_assert_uint_eq(take(pr.a, buf, sizeof buf), 14);
    feed(pr.a, (const uint8_t *)"    S32F32 garbage", 18, 20);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_NOT_CONNECTED);
    ev = next_ev(pr.a);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_MALFORMED);
    ck_assert_uint_eq(ev.status, LIION_E_LIMIT);
    ck_assert_uint_eq(ev.offset, 14); /* stream offset since connecting: after the Select.rsp */
    ev = expect_ev(pr.a, LIION_HSMS_EV_ABORTED);
    ck_assert_uint_eq(ev.user_tag, 5);
    ev = expect_ev(pr.a, LIION_HSMS_EV_CLOSE);
    ck_assert_uint_eq(ev.code, LIION_HSMS_CLOSE_MALFORMED);
    ck_assert_uint_eq(take(pr.a, buf, sizeof buf), 14);
    ck_assert_uint_eq(buf[9], LIION_HSMS_SEPARATE_REQ);
    ck_assert_int_eq(liion_hsms_feed(pr.a, buf, 1, 30), LIION_E_STATE);
    /* a control message with a body: E_DECODE, offset of the length field (after 14 bytes) */
    {
        liion_hsms *p = pr.p;
        uint8_t lt[14], bad[16];
        liion_test_unhex(lt, sizeof lt, "00 00 00 0a ff ff 00 00 00 05 00 00 00 09");
        liion_test_unhex(bad, sizeof bad, "00 00 00 0c ff ff 00 00 00 05 00 00 00 0a 01 00");
        drain(p);
        feed(p, lt, 14, 40);
        ck_assert_uint_eq(take(p, buf, sizeof buf), 14); /* Linktest.rsp */
        feed(p, bad, 16, 41);
        ev = expect_ev(p, LIION_HSMS_EV_PROTOCOL_ERROR);
        ck_assert_uint_eq(ev.status, LIION_E_DECODE);
        ck_assert_uint_eq(ev.offset, 28); /* after Select.req and Linktest.req */
        ck_assert_int_eq(liion_hsms_get_state(p), LIION_HSMS_NOT_CONNECTED);
    }
    pair_free(&pr);
}
END_TEST

START_TEST(reject_cases)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms *p = mk(ctx, LIION_HSMS_ROLE_PASSIVE, 0, 0);
    uint8_t in[32], out[64], want[14];
    liion_hsms_event ev;
    size_t w;
    ck_assert_int_eq(liion_hsms_connected(p, 0), LIION_OK);
    drain(p);
    /* data while NOT SELECTED: reason 4 */
    ck_assert_int_eq(liion_hsms_encode_data(in, sizeof in, &w, ctx, 1, 1, 1, 1, 0x55, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_feed(p, in, w, 1), LIION_OK);
    ck_assert_uint_eq(take(p, out, sizeof out), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a 00 01 00 04 00 07 00 00 00 55");
    ck_assert_mem_eq(out, want, 14);
    ck_assert_uint_eq(expect_ev(p, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_NOT_SELECTED);
    /* unknown SType 8: reason 1, byte 2 = 8 */
    liion_test_unhex(in, sizeof in, "00 00 00 0a ff ff 00 00 00 08 00 00 00 66");
    ck_assert_int_eq(liion_hsms_feed(p, in, 14, 2), LIION_OK);
    ck_assert_uint_eq(take(p, out, sizeof out), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 08 01 00 07 00 00 00 66");
    ck_assert_mem_eq(out, want, 14);
    ev = expect_ev(p, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_UNSUPPORTED);
    /* PType 5: reason 2, byte 2 = 5 */
    liion_test_unhex(in, sizeof in, "00 00 00 0a ff ff 00 00 05 01 00 00 00 67");
    ck_assert_int_eq(liion_hsms_feed(p, in, 14, 3), LIION_OK);
    ck_assert_uint_eq(take(p, out, sizeof out), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 05 02 00 07 00 00 00 67");
    ck_assert_mem_eq(out, want, 14);
    ck_assert_uint_eq(expect_ev(p, LIION_HSMS_EV_PROTOCOL_ERROR).code, LIION_HSMS_ERR_UNSUPPORTED);
    /* Linktest.rsp nobody asked for: reason 3 */
    liion_test_unhex(in, sizeof in, "00 00 00 0a ff ff 00 00 00 06 00 00 00 68");
    ck_assert_int_eq(liion_hsms_feed(p, in, 14, 4), LIION_OK);
    ck_assert_uint_eq(take(p, out, sizeof out), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 06 03 00 07 00 00 00 68");
    ck_assert_mem_eq(out, want, 14);
    ck_assert_uint_eq(expect_ev(p, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNEXPECTED_RESPONSE);
    /* Deselect.req while not selected: status 1 */
    liion_test_unhex(in, sizeof in, "00 00 00 0a ff ff 00 00 00 03 00 00 00 69");
    ck_assert_int_eq(liion_hsms_feed(p, in, 14, 5), LIION_OK);
    ck_assert_uint_eq(take(p, out, sizeof out), 14);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 00 01 00 04 00 00 00 69");
    ck_assert_mem_eq(out, want, 14);
    /* still connected through all of it */
    ck_assert_int_eq(liion_hsms_get_state(p), LIION_HSMS_NOT_SELECTED);
    /* a Reject.req is never answered */
    liion_test_unhex(in, sizeof in, "00 00 00 0a ff ff 00 03 00 07 00 00 00 6a");
    ck_assert_int_eq(liion_hsms_feed(p, in, 14, 6), LIION_OK);
    ck_assert_uint_eq(liion_hsms_out_pending(p), 0);
    ck_assert_uint_eq(expect_ev(p, LIION_HSMS_EV_REJECTED).code, 3);
    liion_hsms_free(p);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(deselect_separate_and_disconnect)
{
    pair pr;
    uint32_t sys;
    liion_hsms_event ev;
    chunk_mode = _i;
    pair_init(&pr, 0, 0, 0);
    connect_select(&pr, 0);
    drain(pr.a);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_linktest(pr.a, 5), LIION_OK);
    pump(&pr, 6);
    ev = expect_ev(pr.a, LIION_HSMS_EV_CONTROL);
    ck_assert_uint_eq(ev.stype, LIION_HSMS_LINKTEST_RSP);
    ck_assert_int_eq(liion_hsms_deselect(pr.a, 10), LIION_OK);
    pump(&pr, 11);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_NOT_SELECTED);
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_NOT_SELECTED);
    ev = expect_ev(pr.a, LIION_HSMS_EV_CONTROL);
    ck_assert_uint_eq(ev.stype, LIION_HSMS_DESELECT_RSP);
    ck_assert_uint_eq(ev.code, LIION_HSMS_DESELECT_OK);
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 1, 1, 1, NULL, 0, 0, 12), LIION_E_STATE);
    ck_assert_int_eq(liion_hsms_separate(pr.a, 12), LIION_E_STATE);
    ck_assert_int_eq(liion_hsms_deselect(pr.a, 12), LIION_E_STATE);
    ck_assert_int_eq(liion_hsms_select(pr.a, 13), LIION_OK);
    pump(&pr, 14);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    /* Separate.req: both end, the sender's transactions are aborted */
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 1, 1, 1, NULL, 0, 77, 15), LIION_OK);
    ck_assert_int_eq(liion_hsms_separate(pr.a, 16), LIION_OK);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_ABORTED).user_tag, 77);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_SEPARATE_SENT);
    xfer(pr.a, pr.p, 17);
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_CLOSE).code,
                      LIION_HSMS_CLOSE_SEPARATE_RECEIVED);
    ck_assert_int_eq(liion_hsms_disconnected(pr.a, 18), LIION_OK);
    ck_assert_int_eq(liion_hsms_disconnected(pr.p, 18), LIION_OK);
    /* reconnect; a plain disconnect aborts open transactions too */
    connect_select(&pr, 1000);
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.p, 6, 11, 1, NULL, 0, 123, 1001), LIION_OK);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_disconnected(pr.p, 1002), LIION_OK);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_ABORTED).user_tag, 123);
    ck_assert_uint_eq(liion_hsms_out_pending(pr.p), 0);
    ck_assert_int_eq(has_ev(pr.p, LIION_HSMS_EV_CLOSE), 0);
    pair_free(&pr);
}
END_TEST

/* E5 stream 9: unknown stream -> S9F3, unknown function -> S9F5 (equipment); the host aborts
 * a W-bit transaction with SxF0. Replies are never filtered. */
START_TEST(unsupported_messages_s9f3_s9f5)
{
    pair pr;
    uint8_t buf[64];
    size_t n;
    uint32_t sys = 0, sys2 = 0;
    liion_hsms_event ev;
    chunk_mode = _i;
    pair_init(&pr, 0, LIION_HSMS_OPT_EQUIPMENT, 0);
    connect_select(&pr, 0);
    drain(pr.a);
    drain(pr.p);
    ck_assert_int_eq(liion_hsms_set_supported(pr.p, 1, 13, 1), LIION_OK);
    ck_assert_int_eq(liion_hsms_set_supported(pr.p, 1, 1, 1), LIION_OK);
    ck_assert_int_eq(liion_hsms_set_supported(pr.p, 1, 1, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_set_supported(pr.p, 1, 2, 1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_set_supported(pr.p, 128, 1, 1), LIION_E_INVALID_ARG);
    /* S1F13: delivered */
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 1, 13, 1, NULL, 0, 1, 1), LIION_OK);
    xfer(pr.a, pr.p, 2);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_DATA).function, 13);
    /* S1F1 (taken back): S9F5 with the MHEAD */
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 1, 1, 1, NULL, 0, 2, 3), LIION_OK);
    xfer(pr.a, pr.p, 4);
    ev = next_ev(pr.p);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_UNKNOWN_FUNCTION);
    ck_assert_uint_eq(next_ev(pr.p).type, LIION_HSMS_EV_NONE);
    n = take(pr.p, buf, sizeof buf);
    ck_assert_uint_eq(n, 26);
    ck_assert_uint_eq(buf[6], 9);
    ck_assert_uint_eq(buf[7], 5);
    ck_assert_uint_eq(buf[16 + 2], 0x81);
    ck_assert_uint_eq(buf[16 + 9], (uint8_t)sys);
    /* S2F41: S9F3 */
    ck_assert_int_eq(liion_hsms_send_data(&sys2, pr.a, 2, 41, 1, NULL, 0, 3, 5), LIION_OK);
    xfer(pr.a, pr.p, 6);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNKNOWN_STREAM);
    n = take(pr.p, buf, sizeof buf);
    ck_assert_uint_eq(n, 26);
    ck_assert_uint_eq(buf[7], 3);
    /* the host filters too, and aborts a W-bit primary with SxF0 */
    ck_assert_int_eq(liion_hsms_set_supported(pr.a, 6, 11, 1), LIION_OK);
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.p, 5, 1, 1, NULL, 0, 77, 7), LIION_OK);
    xfer(pr.p, pr.a, 8);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNKNOWN_STREAM);
    xfer(pr.a, pr.p, 9);
    ev = expect_ev(pr.p, LIION_HSMS_EV_REPLY);
    ck_assert_uint_eq(ev.user_tag, 77);
    ck_assert_uint_eq(ev.stream, 5);
    ck_assert_uint_eq(ev.function, 0);
    /* (the S5F0 above passed the equipment's filter: replies are never filtered) a second
     * reply to a transaction the SxF0 already closed is an unexpected reply */
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.p, 1, 13, 1, NULL, 0, 78, 10), LIION_OK);
    xfer(pr.p, pr.a, 11);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNKNOWN_STREAM); /* host declared only S6F11 */
    ck_assert_int_eq(liion_hsms_reply(pr.a, sys, 1, 14, NULL, 0), LIION_OK);
    xfer(pr.a, pr.p, 12);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_REPLY).function, 0); /* the SxF0 came first */
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNEXPECTED_REPLY);
    pair_free(&pr);
}
END_TEST

/* Every S9 error message the equipment session sends by itself, byte for byte: S9F1 unknown
 * device ID, S9F3 unknown stream, S9F5 unknown function, S9F7 illegal data
 * (LIION_HSMS_OPT_CHECK_BODY), S9F11 data too long (the body is skipped unbuffered and the
 * stream goes on), S9F9 T3 timeout. Each carries the 10-byte header of the message concerned;
 * the S9 system bytes are the equipment's own (1, 2, 3, ...). */
static void feed_hex(liion_hsms *h, const char *hex, uint64_t now)
{
    uint8_t b[256];
    size_t n = liion_test_unhex(b, sizeof b, hex);
    feed(h, b, n, now);
}

static void expect_out(liion_hsms *h, const char *hex)
{
    uint8_t want[256], got[256];
    size_t wn = liion_test_unhex(want, sizeof want, hex);
    size_t gn = take(h, got, sizeof got);
    ck_assert_uint_eq(gn, wn);
    ck_assert_mem_eq(got, want, wn);
}

START_TEST(s9_exact_bytes)
{
    pair pr;
    liion_hsms_event ev;
    uint8_t big[4 + 10 + 100];
    uint32_t sys = 0;
    chunk_mode = _i;
    pair_init(&pr, 0, LIION_HSMS_OPT_EQUIPMENT | LIION_HSMS_OPT_CHECK_BODY, 0);
    connect_select(&pr, 0);
    drain(pr.p);
    /* S9F1: S1F1 W for device 7 */
    feed_hex(pr.p, "00 00 00 0a 00 07 81 01 00 00 01 02 03 04", 1);
    expect_out(pr.p, "00 00 00 16 00 01 09 01 00 00 00 00 00 01 21 0a"
                     " 00 07 81 01 00 00 01 02 03 04");
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNKNOWN_SESSION);
    ck_assert_int_eq(liion_hsms_set_supported(pr.p, 1, 1, 1), LIION_OK);
    ck_assert_int_eq(liion_hsms_set_supported(pr.p, 1, 3, 1), LIION_OK);
    /* S9F3: S2F41 W */
    feed_hex(pr.p, "00 00 00 0a 00 01 82 29 00 00 00 00 00 11", 2);
    expect_out(pr.p, "00 00 00 16 00 01 09 03 00 00 00 00 00 02 21 0a"
                     " 00 01 82 29 00 00 00 00 00 11");
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNKNOWN_STREAM);
    /* S9F5: S1F5 W */
    feed_hex(pr.p, "00 00 00 0a 00 01 81 05 00 00 00 00 00 12", 3);
    expect_out(pr.p, "00 00 00 16 00 01 09 05 00 00 00 00 00 03 21 0a"
                     " 00 01 81 05 00 00 00 00 00 12");
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR).code,
                      LIION_HSMS_ERR_UNKNOWN_FUNCTION);
    /* S9F7: S1F3 W whose body is a truncated item (U4 of 4 bytes with 1 present) */
    feed_hex(pr.p, "00 00 00 0f 00 01 81 03 00 00 00 00 00 13 01 01 b1 04 00", 4);
    expect_out(pr.p, "00 00 00 16 00 01 09 07 00 00 00 00 00 04 21 0a"
                     " 00 01 81 03 00 00 00 00 00 13");
    ev = expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_ILLEGAL_DATA);
    ck_assert_uint_eq(ev.status, LIION_E_TRUNCATED);
    ck_assert_uint_eq(ev.body_len, 5);
    ck_assert_uint_eq(next_ev(pr.p).type, LIION_HSMS_EV_NONE); /* not delivered */
    /* a well-formed S1F3 passes the check */
    feed_hex(pr.p, "00 00 00 0c 00 01 81 03 00 00 00 00 00 20 01 00", 5);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_DATA).body_len, 2);
    /* S9F11: S1F3 W of 110 bytes over a limit of 64: skipped, answered, the stream goes on */
    ck_assert_int_eq(liion_ctx_set_limit(pr.ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 64), LIION_OK);
    memset(big, 0x41, sizeof big);
    liion_test_unhex(big, sizeof big, "00 00 00 6e 00 01 81 03 00 00 00 00 00 14 21 62");
    {
        uint64_t mem = liion_ctx_memory_used(pr.ctx);
        feed(pr.p, big, sizeof big, 6);
        ck_assert_uint_le(liion_ctx_memory_used(pr.ctx), mem + 64); /* the body was not kept */
    }
    expect_out(pr.p, "00 00 00 16 00 01 09 0b 00 00 00 00 00 05 21 0a"
                     " 00 01 81 03 00 00 00 00 00 14");
    ev = expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_TOO_LONG);
    ck_assert_uint_eq(ev.system_bytes, 0x14);
    ck_assert_uint_eq(ev.body_len, 0);
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_SELECTED);
    feed_hex(pr.p, "00 00 00 0c 00 01 81 03 00 00 00 00 00 21 01 00", 7);
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_DATA).system_bytes, 0x21);
    /* the host aborts an over-long W-bit primary with SxF0 (no S9 from a host) */
    feed(pr.a, big, sizeof big, 8);
    ck_assert_uint_eq(expect_ev(pr.a, LIION_HSMS_EV_PROTOCOL_ERROR).code, LIION_HSMS_ERR_TOO_LONG);
    expect_out(pr.a, "00 00 00 0a 00 01 01 00 00 00 00 00 00 14");
    /* over-long garbage before a data header still breaks the stream (secs4net #91) */
    ck_assert_int_eq(liion_ctx_set_limit(pr.ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 0), LIION_OK);
    /* S9F9: the equipment's S6F11 W gets no reply within T3 (3000 ms) */
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.p, 6, 11, 1, NULL, 0, 9, 100), LIION_OK);
    ck_assert_uint_eq(sys, 6);
    expect_out(pr.p, "00 00 00 0a 00 01 86 0b 00 00 00 00 00 06");
    ck_assert_int_eq(liion_hsms_tick(pr.p, 3099), LIION_OK);
    ck_assert_uint_eq(liion_hsms_out_pending(pr.p), 0);
    ck_assert_int_eq(liion_hsms_tick(pr.p, 3100), LIION_OK);
    expect_out(pr.p, "00 00 00 16 00 01 09 09 00 00 00 00 00 07 21 0a"
                     " 00 01 86 0b 00 00 00 00 00 06");
    ck_assert_uint_eq(expect_ev(pr.p, LIION_HSMS_EV_TIMEOUT).code, LIION_HSMS_T3);
    pair_free(&pr);
}
END_TEST

/* An over-long length in front of a header that is not a data message is garbage: the
 * stream breaks as before (LIMIT at the length field), nothing is skipped. */
START_TEST(too_long_garbage_still_breaks)
{
    pair pr;
    liion_hsms_event ev;
    chunk_mode = _i;
    pair_init(&pr, 0, LIION_HSMS_OPT_EQUIPMENT, 0);
    connect_select(&pr, 0);
    drain(pr.p);
    ck_assert_int_eq(liion_ctx_set_limit(pr.ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 64), LIION_OK);
    /* a Linktest.req header with length 0x100 */
    feed_hex(pr.p, "00 00 01 00 ff ff 00 00 00 05 00 00 00 01", 1);
    ev = expect_ev(pr.p, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_MALFORMED);
    ck_assert_uint_eq(ev.status, LIION_E_LIMIT);
    ck_assert_uint_eq(ev.offset, 14); /* stream offset of the length field: after Select.req */
    ck_assert_int_eq(liion_hsms_get_state(pr.p), LIION_HSMS_NOT_CONNECTED);
    pair_free(&pr);
}
END_TEST

START_TEST(peer_rejects_our_data)
{
    pair pr;
    uint8_t in[14];
    uint32_t sys;
    liion_hsms_event ev;
    pair_init(&pr, 0, 0, 0);
    connect_select(&pr, 0);
    drain(pr.a);
    ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 2, 41, 1, NULL, 0, 9, 1), LIION_OK);
    liion_test_unhex(in, sizeof in, "00 00 00 0a 00 01 00 04 00 07 00 00 00 00");
    in[13] = (uint8_t)sys;
    ck_assert_int_eq(liion_hsms_feed(pr.a, in, 14, 2), LIION_OK);
    ev = expect_ev(pr.a, LIION_HSMS_EV_REJECTED);
    ck_assert_uint_eq(ev.user_tag, 9);
    ck_assert_uint_eq(ev.code, LIION_HSMS_REJECT_ENTITY_NOT_SELECTED);
    ck_assert_uint_eq(ev.stream, 2);
    ck_assert_uint_eq(ev.function, 41);
    ck_assert_uint_eq(liion_hsms_open_transactions(pr.a), 0);
    pair_free(&pr);
}
END_TEST

/* A long random conversation with random chunking: every request gets its reply, tags match. */
START_TEST(random_conversation)
{
    pair pr;
    uint8_t body[512];
    uint64_t now = 0;
    size_t replies = 0, sent = 0;
    rng = 777u + (uint32_t)_i;
    chunk_mode = 2;
    pair_init(&pr, 0, 0, 250);
    connect_select(&pr, 0);
    drain(pr.a);
    drain(pr.p);
    for (int round = 0; round < 300; round++) {
        liion_hsms_event ev;
        size_t len = rnd() % sizeof body;
        uint32_t sys;
        for (size_t i = 0; i < len; i++)
            body[i] = (uint8_t)rnd();
        now += rnd() % 100;
        ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 6, 11, 1, body, len, 1000u + (uint64_t)round,
                                              now),
                         LIION_OK);
        sent++;
        ck_assert_int_eq(liion_hsms_tick(pr.a, now), LIION_OK);
        ck_assert_int_eq(liion_hsms_tick(pr.p, now), LIION_OK);
        pump(&pr, now);
        while ((ev = next_ev(pr.p)).type != LIION_HSMS_EV_NONE) {
            ck_assert_uint_eq(ev.type, LIION_HSMS_EV_DATA);
            ck_assert_uint_eq(ev.body_len, len);
            if (len)
                ck_assert_mem_eq(ev.body, body, len);
            ck_assert_int_eq(liion_hsms_reply(pr.p, ev.system_bytes, 6, 12, ev.body, ev.body_len > 4 ? 4 : ev.body_len), LIION_OK);
        }
        pump(&pr, now);
        while ((ev = next_ev(pr.a)).type != LIION_HSMS_EV_NONE) {
            ck_assert_uint_eq(ev.type, LIION_HSMS_EV_REPLY);
            ck_assert_uint_eq(ev.user_tag, 1000u + (uint64_t)round);
            replies++;
        }
    }
    ck_assert_uint_eq(replies, sent);
    ck_assert_int_eq(liion_hsms_get_state(pr.a), LIION_HSMS_SELECTED);
    pair_free(&pr);
}
END_TEST

START_TEST(api_misuse_and_options)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms *h = NULL;
    liion_hsms_options o;
    liion_hsms_event ev;
    uint8_t big[64];
    size_t w;
    const uint8_t *pk;
    ck_assert_int_eq(liion_hsms_new(NULL, ctx, NULL), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_new(&h, NULL, NULL), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_options_init(NULL, sizeof o), LIION_E_INVALID_ARG);
    liion_hsms_options_init(&o, sizeof o);
    o.role = 2;
    ck_assert_int_eq(liion_hsms_new(&h, ctx, &o), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(h);
    o.role = 0;
    o.session_id = 0x8000;
    ck_assert_int_eq(liion_hsms_new(&h, ctx, &o), LIION_E_INVALID_ARG);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "32767") != NULL);
    o.session_id = 0;
    o.flags = 0x100;
    ck_assert_int_eq(liion_hsms_new(&h, ctx, &o), LIION_E_INVALID_ARG);
    /* a bigger struct from a newer caller: zero tail fine, nonzero tail unsupported */
    memset(big, 0, sizeof big);
    memcpy(big, &o, sizeof o);
    ((liion_hsms_options *)(void *)big)->flags = 0;
    ((liion_hsms_options *)(void *)big)->struct_size = sizeof big;
    ck_assert_int_eq(liion_hsms_new(&h, ctx, (liion_hsms_options *)(void *)big), LIION_OK);
    liion_hsms_free(h);
    big[60] = 1;
    ck_assert_int_eq(liion_hsms_new(&h, ctx, (liion_hsms_options *)(void *)big), LIION_E_UNSUPPORTED);
    /* defaults: T6 5 s, T7 10 s */
    ck_assert_int_eq(liion_hsms_new(&h, ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_hsms_connected(h, 0), LIION_OK);
    ck_assert_uint_eq(liion_hsms_next_deadline(h), 5000);
    ck_assert_int_eq(liion_hsms_send_data(NULL, h, 1, 1, 1, NULL, 0, 0, 0), LIION_E_STATE);
    ck_assert_int_eq(liion_hsms_send_data(NULL, h, 128, 1, 0, NULL, 0, 0, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_send_data(NULL, h, 1, 2, 1, NULL, 0, 0, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_send_data(NULL, h, 1, 1, 0, NULL, 5, 0, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_send_s9(NULL, h, 2, NULL), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_feed(h, NULL, 3, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_out_take(NULL, 5, &w, h), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_out_peek(&pk, &w, h), LIION_OK);
    ck_assert_uint_eq(w, 14);
    ck_assert_int_eq(liion_hsms_out_consume(h, 15), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_out_consume(h, 4), LIION_OK);
    ck_assert_uint_eq(liion_hsms_out_pending(h), 10);
    ev.struct_size = 4;
    ck_assert_int_eq(liion_hsms_event_next(&ev, h), LIION_E_INVALID_ARG);
    /* a short event struct gets only its bytes */
    memset(&ev, 0xAB, sizeof ev);
    ev.struct_size = 12;
    ck_assert_int_eq(liion_hsms_event_next(&ev, h), LIION_OK);
    ck_assert_uint_eq(ev.type, LIION_HSMS_EV_STATE);
    ck_assert_uint_eq(ev.prev_state, 0xABABABABu);
    ck_assert_uint_eq(liion_hsms_event_count(h), 0);
    ck_assert_str_eq(liion_hsms_state_str(LIION_HSMS_SELECTED), "SELECTED");
    ck_assert_str_eq(liion_hsms_state_str((liion_hsms_state)9), "unknown state");
    ck_assert_str_eq(liion_hsms_event_type_str(LIION_HSMS_EV_REPLY), "reply");
    ck_assert_str_eq(liion_hsms_event_type_str((liion_hsms_event_type)99), "unknown event");
    ck_assert_int_eq(liion_hsms_get_state(NULL), LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(liion_hsms_next_deadline(NULL), UINT64_MAX);
    ck_assert_int_eq(liion_hsms_tick(NULL, 0), LIION_E_INVALID_ARG);
    liion_hsms_free(h);
    liion_hsms_free(NULL);
    ck_assert_uint_eq(liion_ctx_memory_used(ctx), ctx_base);
    liion_ctx_free(ctx);
}
END_TEST

/* Allocation failures over creation and a short exchange. */
static liion_status body_exchange(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_hsms *a = NULL, *p = NULL;
    uint8_t buf[2048], body[300];
    size_t w;
    uint32_t sys = 0;
    liion_status s;
    liion_hsms_event ev;
    memset(body, 0x5a, sizeof body);
    body[0] = 0x22; /* <B[297]>: a well-formed item, for LIION_HSMS_OPT_CHECK_BODY */
    body[1] = 0x01;
    body[2] = 0x29;
    o.allocator = hooks;
    s = liion_ctx_new(&ctx, &o);
    if (s != LIION_OK)
        return s;
    s = liion_hsms_new(&a, ctx, NULL);
    if (s == LIION_OK) {
        liion_hsms_options ho;
        liion_hsms_options_init(&ho, sizeof ho);
        ho.role = LIION_HSMS_ROLE_PASSIVE;
        if (user != NULL) /* the body check's message is allocated on the first primary */
            ho.flags = LIION_HSMS_OPT_EQUIPMENT | LIION_HSMS_OPT_CHECK_BODY;
        s = liion_hsms_new(&p, ctx, &ho);
    }
    if (s == LIION_OK)
        s = liion_hsms_connected(p, 0);
    if (s == LIION_OK)
        s = liion_hsms_connected(a, 0);
    if (s == LIION_OK)
        s = liion_hsms_out_take(buf, sizeof buf, &w, a);
    for (size_t i = 0; s == LIION_OK && i < w; i++) /* one byte at a time: stream buffer */
        s = liion_hsms_feed(p, buf + i, 1, 1);
    if (s == LIION_OK)
        s = liion_hsms_out_take(buf, sizeof buf, &w, p);
    if (s == LIION_OK)
        s = liion_hsms_feed(a, buf, w, 2);
    if (s == LIION_OK)
        s = liion_hsms_send_data(&sys, a, 1, 3, 1, body, sizeof body, 1, 3);
    if (s == LIION_OK)
        s = liion_hsms_out_take(buf, sizeof buf, &w, a);
    if (s == LIION_OK)
        s = liion_hsms_feed(p, buf, w, 4);
    if (s == LIION_OK)
        s = liion_hsms_reply(p, sys, 1, 4, body, 10);
    if (s == LIION_OK)
        s = liion_hsms_out_take(buf, sizeof buf, &w, p);
    if (s == LIION_OK)
        s = liion_hsms_feed(a, buf, w, 5);
    if (s == LIION_OK) {
        ev.struct_size = sizeof ev;
        do {
            liion_hsms_event_next(&ev, a);
        } while (ev.type != LIION_HSMS_EV_REPLY && ev.type != LIION_HSMS_EV_NONE);
        ck_assert_uint_eq(ev.type, LIION_HSMS_EV_REPLY);
    }
    liion_hsms_free(a);
    liion_hsms_free(p);
    liion_ctx_free(ctx);
    return s;
}

START_TEST(alloc_failures)
{
    static int check_body = 1;
    ck_assert_uint_gt(liion_test_alloc_loop("hsms session exchange", body_exchange, NULL), 5);
    ck_assert_uint_gt(liion_test_alloc_loop("hsms session exchange, body check", body_exchange,
                                            &check_body),
                      5);
}
END_TEST

/* Steady state: a request/reply cycle allocates nothing once the buffers have grown. */
START_TEST(steady_state_no_allocation)
{
    pair pr;
    uint8_t body[200];
    uint64_t peak = 0;
    memset(body, 1, sizeof body);
    chunk_mode = 0;
    pair_init(&pr, 0, 0, 0);
    connect_select(&pr, 0);
    for (int round = 0; round < 50; round++) {
        uint32_t sys;
        liion_hsms_event ev;
        if (round == 10)
            peak = liion_ctx_memory_peak(pr.ctx);
        ck_assert_int_eq(liion_hsms_send_data(&sys, pr.a, 6, 11, 1, body, sizeof body, 1, 0), LIION_OK);
        xfer(pr.a, pr.p, 0);
        while ((ev = next_ev(pr.p)).type != LIION_HSMS_EV_NONE)
            if (ev.type == LIION_HSMS_EV_DATA)
                ck_assert_int_eq(liion_hsms_reply(pr.p, ev.system_bytes, 6, 12, NULL, 0), LIION_OK);
        xfer(pr.p, pr.a, 0);
        drain(pr.a);
    }
    ck_assert_uint_eq(liion_ctx_memory_peak(pr.ctx), peak);
    pair_free(&pr);
}
END_TEST

static Suite *gem_session_suite(void)
{
    Suite *s = suite_create("gem_session");
    TCase *tc = tcase_create("session");
    tcase_add_loop_test(tc, select_handshake_vectors, 0, 3);
    tcase_add_test(tc, select_any_session_id);
    tcase_add_loop_test(tc, data_and_reply_matched, 0, 3);
    tcase_add_loop_test(tc, t3_timeout_late_reply_and_s9f9, 0, 2);
    tcase_add_loop_test(tc, select_then_immediate_s1f13, 0, 3);
    tcase_add_loop_test(tc, linktest_periodic_and_after_reconnect, 0, 2);
    tcase_add_test(tc, t7_not_selected_closes);
    tcase_add_test(tc, t8_intercharacter);
    tcase_add_loop_test(tc, unknown_session_id_s9f1, 0, 2);
    tcase_add_loop_test(tc, malformed_frame_separates, 0, 3);
    tcase_add_test(tc, reject_cases);
    tcase_add_loop_test(tc, deselect_separate_and_disconnect, 0, 2);
    tcase_add_test(tc, peer_rejects_our_data);
    tcase_add_loop_test(tc, unsupported_messages_s9f3_s9f5, 0, 2);
    tcase_add_loop_test(tc, s9_exact_bytes, 0, 3);
    tcase_add_loop_test(tc, too_long_garbage_still_breaks, 0, 3);
    tcase_add_loop_test(tc, random_conversation, 0, 3);
    tcase_add_test(tc, api_misuse_and_options);
    tcase_add_test(tc, alloc_failures);
    tcase_add_test(tc, steady_state_no_allocation);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(gem_session_suite());
}
