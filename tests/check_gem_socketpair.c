/* Two HSMS sessions, an active host and a passive equipment, talking through a real
 * socketpair(AF_UNIX, SOCK_STREAM) with non-blocking I/O, driven by a small poll loop in the
 * test with an injected clock: Select, S1F13/F14, S1F1/F2, S2F41/F42 (built and parsed with
 * gem.h / gem_e30.h), Linktest, Deselect, Separate; the same exchange with reads of one byte
 * at a time; T3, T6, T7 and T8 driven by the clock; a malformed frame mid-stream. */
#define _POSIX_C_SOURCE 200809L
#include <liion/liion.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/run.h"

typedef struct end {
    liion_hsms *h;
    int fd;
    int closed; /* the session said EV_CLOSE: write what is left, then stop */
} end;

typedef struct hlink {
    liion_ctx *ctx;
    end host, eq;
    uint64_t now;
    size_t chunk; /* bytes per read */
} hlink;

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL, 0);
    ck_assert_int_ge(fl, 0);
    ck_assert_int_eq(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
}

static liion_hsms *mk(liion_ctx *ctx, uint32_t role, uint32_t flags)
{
    liion_hsms_options o;
    liion_hsms *h = NULL;
    ck_assert_int_eq(liion_hsms_options_init(&o, sizeof o), LIION_OK);
    o.role = role;
    o.session_id = 1;
    o.flags = flags;
    o.t3_ms = 3000;
    o.t6_ms = 600;
    o.t7_ms = 700;
    o.t8_ms = 800;
    ck_assert_int_eq(liion_hsms_new(&h, ctx, &o), LIION_OK);
    return h;
}

static void link_open(hlink *l, size_t chunk, uint32_t host_flags)
{
    int sv[2];
    memset(l, 0, sizeof *l);
    ck_assert_int_eq(liion_ctx_new(&l->ctx, NULL), LIION_OK);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    set_nonblock(sv[0]);
    set_nonblock(sv[1]);
    l->host.fd = sv[0];
    l->eq.fd = sv[1];
    l->host.h = mk(l->ctx, LIION_HSMS_ROLE_ACTIVE, host_flags);
    l->eq.h = mk(l->ctx, LIION_HSMS_ROLE_PASSIVE, LIION_HSMS_OPT_EQUIPMENT);
    l->chunk = chunk;
    l->now = 1000;
    ck_assert_int_eq(liion_hsms_connected(l->eq.h, l->now), LIION_OK);
    ck_assert_int_eq(liion_hsms_connected(l->host.h, l->now), LIION_OK);
}

static void link_close(hlink *l)
{
    close(l->host.fd);
    close(l->eq.fd);
    liion_hsms_free(l->host.h);
    liion_hsms_free(l->eq.h);
    liion_ctx_free(l->ctx);
}

/* Move bytes of one end: write what the session has, read what the socket has. */
static int step(hlink *l, end *e)
{
    int moved = 0;
    const uint8_t *d = NULL;
    size_t n = 0;
    uint8_t buf[4096];
    ck_assert_int_eq(liion_hsms_out_peek(&d, &n, e->h), LIION_OK);
    if (n > 0) {
        ssize_t w = write(e->fd, d, n);
        if (w > 0) {
            ck_assert_int_eq(liion_hsms_out_consume(e->h, (size_t)w), LIION_OK);
            moved = 1;
        } else {
            ck_assert(w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
        }
    }
    if (liion_hsms_get_state(e->h) != LIION_HSMS_NOT_CONNECTED) {
        ssize_t r = read(e->fd, buf, l->chunk < sizeof buf ? l->chunk : sizeof buf);
        if (r > 0) {
            ck_assert_int_eq(liion_hsms_feed(e->h, buf, (size_t)r, l->now), LIION_OK);
            moved = 1;
        } else if (r < 0) {
            ck_assert(errno == EAGAIN || errno == EWOULDBLOCK);
        }
    }
    return moved;
}

/* The event loop: poll both sockets (no wait: the clock is injected), move bytes, run the
 * timers, until nothing moves. */
static void run(hlink *l)
{
    for (int guard = 0; guard < 100000; guard++) {
        struct pollfd p[2] = { { l->host.fd, POLLIN, 0 }, { l->eq.fd, POLLIN, 0 } };
        int moved;
        ck_assert_int_ge(poll(p, 2, 0), 0);
        moved = step(l, &l->host) | step(l, &l->eq);
        ck_assert_int_eq(liion_hsms_tick(l->host.h, l->now), LIION_OK);
        ck_assert_int_eq(liion_hsms_tick(l->eq.h, l->now), LIION_OK);
        if (!moved && liion_hsms_out_pending(l->host.h) == 0 &&
            liion_hsms_out_pending(l->eq.h) == 0)
            return;
    }
    ck_abort_msg("the loop does not settle");
}

/* Advance the clock to t in steps of 50 ms, running the loop at each. */
static void advance(hlink *l, uint64_t t)
{
    while (l->now < t) {
        l->now = l->now + 50 < t ? l->now + 50 : t;
        run(l);
    }
}

static liion_hsms_event next_ev(liion_hsms *h)
{
    liion_hsms_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = sizeof ev;
    ck_assert_int_eq(liion_hsms_event_next(&ev, h), LIION_OK);
    return ev;
}

/* Skip events until one of type t. */
static liion_hsms_event expect_ev(liion_hsms *h, liion_hsms_event_type t)
{
    for (;;) {
        liion_hsms_event ev = next_ev(h);
        if (ev.type == (uint32_t)t)
            return ev;
        ck_assert_msg(ev.type != LIION_HSMS_EV_NONE, "no %s event",
                      liion_hsms_event_type_str(t));
        ck_assert_msg(ev.type != LIION_HSMS_EV_PROTOCOL_ERROR, "protocol error %u", ev.code);
    }
}

static void drain(liion_hsms *h)
{
    while (next_ev(h).type != LIION_HSMS_EV_NONE) {
    }
}

static liion_secs_item *asc(liion_ctx *ctx, const char *s)
{
    liion_secs_item *it = NULL;
    ck_assert_int_eq(liion_secs_item_new_ascii(&it, ctx, s, strlen(s)), LIION_OK);
    return it;
}

/* ---- the whole exchange ------------------------------------------------------------------ */

START_TEST(exchange)
{
    hlink l;
    uint8_t body[256];
    size_t w = 0, n = 0, ml = 0;
    uint32_t sys = 0;
    uint8_t ack = 0xee;
    const char *mdln = NULL;
    const liion_secs_item *rcmd = NULL, *cps = NULL, *a = NULL, *b = NULL;
    liion_secs_msg *m = NULL;
    liion_hsms_event ev;
    liion_secs_item *cmd, *names[1], *vals[1];

    link_open(&l, _i == 0 ? 4096 : 1, 0);
    ck_assert_int_eq(liion_secs_msg_new(&m, l.ctx), LIION_OK);
    run(&l);
    ck_assert_int_eq(liion_hsms_get_state(l.host.h), LIION_HSMS_SELECTED);
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_SELECTED);
    drain(l.host.h);
    drain(l.eq.h);

    /* S1F13 / S1F14 */
    ck_assert_int_eq(liion_gem_s1f13_encode(body, sizeof body, &w, l.ctx, NULL, 0, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_send_data(&sys, l.host.h, 1, 13, 1, body, w, 113, l.now),
                     LIION_OK);
    run(&l);
    ev = expect_ev(l.eq.h, LIION_HSMS_EV_DATA);
    ck_assert_uint_eq(ev.function, 13);
    ck_assert_int_eq(liion_gem_s1f13_decode(NULL, l.ctx, ev.body, ev.body_len), LIION_OK);
    ck_assert_int_eq(liion_gem_s1f14_encode(body, sizeof body, &w, l.ctx, 0, "CELL-COATER", 11,
                                            "2.1", 3),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_reply(l.eq.h, ev.system_bytes, 1, 14, body, w), LIION_OK);
    run(&l);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_REPLY);
    ck_assert_uint_eq(ev.user_tag, 113);
    ck_assert_int_eq(liion_gem_s1f14_decode(&ack, l.ctx, ev.body, ev.body_len), LIION_OK);
    ck_assert_uint_eq(ack, 0);

    /* S1F1 / S1F2 */
    ck_assert_int_eq(liion_hsms_send_data(&sys, l.host.h, 1, 1, 1, NULL, 0, 101, l.now), LIION_OK);
    run(&l);
    ev = expect_ev(l.eq.h, LIION_HSMS_EV_DATA);
    ck_assert_int_eq(liion_gem_msg_from_event(m, &ev), LIION_OK);
    ck_assert_int_eq(liion_gem_empty_decode(l.ctx, m, 1, 1), LIION_OK);
    ck_assert_int_eq(liion_gem_s1f2_encode(body, sizeof body, &w, l.ctx, "CELL-COATER", 11, "2.1",
                                           3),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_reply(l.eq.h, ev.system_bytes, 1, 2, body, w), LIION_OK);
    run(&l);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_REPLY);
    ck_assert_uint_eq(ev.user_tag, 101);
    ck_assert_int_eq(liion_gem_msg_from_event(m, &ev), LIION_OK);
    ck_assert_int_eq(liion_gem_s1f2_decode(&mdln, &ml, NULL, NULL, l.ctx, m), LIION_OK);
    ck_assert_uint_eq(ml, 11);
    ck_assert_mem_eq(mdln, "CELL-COATER", 11);

    /* S2F41 / S2F42 */
    cmd = asc(l.ctx, "START");
    names[0] = asc(l.ctx, "LOT");
    vals[0] = asc(l.ctx, "L-0042");
    ck_assert_int_eq(liion_gem_s2f41_encode(body, sizeof body, &w, l.ctx, cmd,
                                            (const liion_secs_item *const *)names,
                                            (const liion_secs_item *const *)vals, 1),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_send_data(&sys, l.host.h, 2, 41, 1, body, w, 241, l.now),
                     LIION_OK);
    run(&l);
    ev = expect_ev(l.eq.h, LIION_HSMS_EV_DATA);
    ck_assert_int_eq(liion_gem_msg_from_event(m, &ev), LIION_OK);
    ck_assert_int_eq(liion_gem_s2f41_decode(&rcmd, &cps, &n, l.ctx, m), LIION_OK);
    ck_assert(liion_secs_item_equal(rcmd, cmd));
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(liion_gem_pair_at(&a, &b, cps, 0), LIION_OK);
    ck_assert(liion_secs_item_equal(b, vals[0]));
    ck_assert_int_eq(liion_gem_s2f42_encode(body, sizeof body, &w, l.ctx, LIION_GEM_HCACK_OK,
                                            NULL, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_reply(l.eq.h, ev.system_bytes, 2, 42, body, w), LIION_OK);
    run(&l);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_REPLY);
    ck_assert_uint_eq(ev.user_tag, 241);
    ck_assert_int_eq(liion_gem_msg_from_event(m, &ev), LIION_OK);
    ack = 0xee;
    ck_assert_int_eq(liion_gem_s2f42_decode(&ack, NULL, &n, l.ctx, m), LIION_OK);
    ck_assert_uint_eq(ack, LIION_GEM_HCACK_OK);
    ck_assert_uint_eq(n, 0);
    liion_secs_item_free(cmd);
    liion_secs_item_free(names[0]);
    liion_secs_item_free(vals[0]);

    /* Linktest */
    ck_assert_int_eq(liion_hsms_linktest(l.host.h, l.now), LIION_OK);
    run(&l);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_CONTROL);
    ck_assert_uint_eq(ev.stype, LIION_HSMS_LINKTEST_RSP);

    /* Deselect, Select again */
    ck_assert_int_eq(liion_hsms_deselect(l.host.h, l.now), LIION_OK);
    run(&l);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_CONTROL);
    ck_assert_uint_eq(ev.stype, LIION_HSMS_DESELECT_RSP);
    ck_assert_uint_eq(ev.code, LIION_HSMS_DESELECT_OK);
    ck_assert_int_eq(liion_hsms_get_state(l.host.h), LIION_HSMS_NOT_SELECTED);
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_NOT_SELECTED);
    ck_assert_int_eq(liion_hsms_select(l.host.h, l.now), LIION_OK);
    run(&l);
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_SELECTED);

    /* Separate */
    drain(l.eq.h);
    ck_assert_int_eq(liion_hsms_separate(l.host.h, l.now), LIION_OK);
    ck_assert_uint_eq(expect_ev(l.host.h, LIION_HSMS_EV_CLOSE).code,
                      LIION_HSMS_CLOSE_SEPARATE_SENT);
    run(&l); /* the host still writes its Separate.req */
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_NOT_CONNECTED);
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_CLOSE).code,
                      LIION_HSMS_CLOSE_SEPARATE_RECEIVED);
    liion_secs_msg_free(m);
    link_close(&l);
}
END_TEST

/* ---- timers ------------------------------------------------------------------------------- */

START_TEST(t3_reply_timeout)
{
    hlink l;
    uint32_t sys = 0;
    liion_hsms_event ev;
    link_open(&l, 4096, 0);
    run(&l);
    drain(l.host.h);
    drain(l.eq.h);
    ck_assert_int_eq(liion_hsms_send_data(&sys, l.host.h, 1, 1, 1, NULL, 0, 7, l.now), LIION_OK);
    run(&l);
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_DATA).function, 1); /* never answered */
    advance(&l, l.now + 2950);
    ck_assert_uint_eq(liion_hsms_open_transactions(l.host.h), 1);
    advance(&l, l.now + 50);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_TIMEOUT);
    ck_assert_uint_eq(ev.code, LIION_HSMS_T3);
    ck_assert_uint_eq(ev.user_tag, 7);
    ck_assert_uint_eq(ev.system_bytes, sys);
    ck_assert_int_eq(liion_hsms_get_state(l.host.h), LIION_HSMS_SELECTED);
    link_close(&l);
}
END_TEST

START_TEST(t6_control_timeout)
{
    hlink l;
    liion_hsms_event ev;
    uint64_t t0;
    link_open(&l, 4096, 0);
    run(&l);
    drain(l.host.h);
    /* the equipment stops reading: the Linktest.req stays in the socket */
    ck_assert_int_eq(liion_hsms_linktest(l.host.h, l.now), LIION_OK);
    t0 = l.now;
    for (; l.now < t0 + 600; l.now += 50) {
        (void)step(&l, &l.host);
        ck_assert_int_eq(liion_hsms_tick(l.host.h, l.now), LIION_OK);
        ck_assert_int_eq(liion_hsms_get_state(l.host.h), LIION_HSMS_SELECTED);
    }
    l.now = t0 + 600;
    ck_assert_int_eq(liion_hsms_tick(l.host.h, l.now), LIION_OK);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_TIMEOUT);
    ck_assert_uint_eq(ev.code, LIION_HSMS_T6);
    ck_assert_uint_eq(ev.stype, LIION_HSMS_LINKTEST_REQ);
    ck_assert_uint_eq(expect_ev(l.host.h, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_T6);
    ck_assert_int_eq(liion_hsms_get_state(l.host.h), LIION_HSMS_NOT_CONNECTED);
    link_close(&l);
}
END_TEST

START_TEST(t7_not_selected)
{
    hlink l;
    link_open(&l, 4096, LIION_HSMS_OPT_NO_AUTO_SELECT);
    run(&l);
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_NOT_SELECTED);
    advance(&l, 1000 + 650);
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_NOT_SELECTED);
    advance(&l, 1000 + 700);
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_TIMEOUT).code, LIION_HSMS_T7);
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_T7);
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_NOT_CONNECTED);
    link_close(&l);
}
END_TEST

START_TEST(t8_stalled_message)
{
    hlink l;
    static const uint8_t half[7] = { 0, 0, 0, 10, 0, 1, 0x81 }; /* S1F1 W, cut after 7 bytes */
    uint64_t t0;
    link_open(&l, 4096, 0);
    run(&l);
    drain(l.eq.h);
    ck_assert_int_eq(write(l.host.fd, half, sizeof half), (ssize_t)sizeof half);
    run(&l);
    t0 = l.now;
    advance(&l, t0 + 750);
    ck_assert_int_eq(liion_hsms_get_state(l.eq.h), LIION_HSMS_SELECTED);
    advance(&l, t0 + 800);
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_TIMEOUT).code, LIION_HSMS_T8);
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_T8);
    link_close(&l);
}
END_TEST

/* A frame with a length field under 10 in the middle of the stream: the equipment reports
 * it, sends Separate.req and closes; the host receives the Separate.req. */
START_TEST(malformed_frame_mid_stream)
{
    hlink l;
    liion_hsms_event ev;
    uint32_t sys = 0;
    static const uint8_t bad[9] = { 0, 0, 0, 5, 1, 2, 3, 4, 5 };
    link_open(&l, _i == 0 ? 4096 : 1, 0);
    run(&l);
    drain(l.host.h);
    drain(l.eq.h);
    ck_assert_int_eq(liion_hsms_send_data(&sys, l.host.h, 1, 1, 1, NULL, 0, 1, l.now), LIION_OK);
    run(&l);
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_DATA).function, 1);
    ck_assert_int_eq(write(l.host.fd, bad, sizeof bad), (ssize_t)sizeof bad);
    run(&l);
    ev = expect_ev(l.eq.h, LIION_HSMS_EV_PROTOCOL_ERROR);
    ck_assert_uint_eq(ev.code, LIION_HSMS_ERR_MALFORMED);
    ck_assert_uint_eq(ev.status, LIION_E_DECODE);
    ck_assert_uint_eq(ev.offset, 14 + 14); /* after Select.req and S1F1 */
    ck_assert_uint_eq(expect_ev(l.eq.h, LIION_HSMS_EV_CLOSE).code, LIION_HSMS_CLOSE_MALFORMED);
    ck_assert_int_eq(liion_hsms_get_state(l.host.h), LIION_HSMS_NOT_CONNECTED);
    ev = expect_ev(l.host.h, LIION_HSMS_EV_ABORTED); /* the open S1F1 */
    ck_assert_uint_eq(ev.system_bytes, sys);
    ck_assert_uint_eq(expect_ev(l.host.h, LIION_HSMS_EV_CLOSE).code,
                      LIION_HSMS_CLOSE_SEPARATE_RECEIVED);
    link_close(&l);
}
END_TEST

static Suite *socketpair_suite(void)
{
    Suite *s = suite_create("gem_socketpair");
    TCase *tc = tcase_create("socketpair");
    tcase_add_loop_test(tc, exchange, 0, 2); /* whole reads, one-byte reads */
    tcase_add_test(tc, t3_reply_timeout);
    tcase_add_test(tc, t6_control_timeout);
    tcase_add_test(tc, t7_not_selected);
    tcase_add_test(tc, t8_stalled_message);
    tcase_add_loop_test(tc, malformed_frame_mid_stream, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(socketpair_suite());
}
