/* HSMS session throughput: full S6F11 W / S6F12 transactions (112-byte event report, 3-byte
 * ack) between two sessions wired back to back in memory: send, take bytes, feed the peer,
 * read the event, reply, take, feed, match the reply. References in the same run: memcpy of
 * the same bytes, and the bare stream decoder (liion_hsms_stream) over the same frames, so
 * the ratio shows what the session adds on top of framing. */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>

static double secs(uint64_t t0, uint64_t t1)
{
    return (double)(t1 - t0) / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_gem_session: %s failed\n", what);
    exit(1);
}

/* Move all output of a into b. */
static void move(liion_hsms *a, liion_hsms *b)
{
    const uint8_t *p;
    size_t n;
    if (liion_hsms_out_peek(&p, &n, a) != LIION_OK)
        die("peek");
    if (n == 0)
        return;
    if (liion_hsms_feed(b, p, n, 0) != LIION_OK)
        die("feed");
    if (liion_hsms_out_consume(a, n) != LIION_OK)
        die("consume");
}

static uint64_t transaction(liion_hsms *host, liion_hsms *eq, const uint8_t *body, size_t blen,
                            uint64_t tag)
{
    liion_hsms_event ev;
    uint64_t sink = 0;
    uint8_t ack[3] = { 0x21, 0x01, 0x00 };
    ev.struct_size = sizeof ev;
    if (liion_hsms_send_data(NULL, eq, 6, 11, 1, body, blen, tag, 0) != LIION_OK)
        die("send");
    move(eq, host);
    if (liion_hsms_event_next(&ev, host) != LIION_OK || ev.type != LIION_HSMS_EV_DATA)
        die("data event");
    sink += ev.body[ev.body_len - 1];
    if (liion_hsms_reply(host, ev.system_bytes, 6, 12, ack, sizeof ack) != LIION_OK)
        die("reply");
    move(host, eq);
    if (liion_hsms_event_next(&ev, eq) != LIION_OK || ev.type != LIION_HSMS_EV_REPLY ||
        ev.user_tag != tag)
        die("reply event");
    return sink + ev.body_len;
}

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    size_t n = quick ? 1000 : 2000000;
    uint8_t body[112], frames[2 * (14 + 112)];
    liion_ctx *ctx = NULL;
    liion_hsms *host = NULL, *eq = NULL;
    liion_hsms_options o;
    liion_hsms_stream *st = NULL;
    uint64_t t0, t1, sink = 0, peak;
    size_t w, flen = 0;
    double t_session, t_copy, t_stream;

    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)(i * 3u);
    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        die("ctx");
    liion_hsms_options_init(&o, sizeof o);
    if (liion_hsms_new(&host, ctx, &o) != LIION_OK)
        die("host");
    o.role = LIION_HSMS_ROLE_PASSIVE;
    if (liion_hsms_new(&eq, ctx, &o) != LIION_OK || liion_hsms_stream_new(&st, ctx, 0) != LIION_OK)
        die("equipment");
    if (liion_hsms_connected(eq, 0) != LIION_OK || liion_hsms_connected(host, 0) != LIION_OK)
        die("connect");
    move(host, eq);
    move(eq, host);
    if (liion_hsms_get_state(host) != LIION_HSMS_SELECTED)
        die("select");
    {
        liion_hsms_event ev;
        ev.struct_size = sizeof ev;
        do {
            liion_hsms_event_next(&ev, host);
        } while (ev.type != LIION_HSMS_EV_NONE);
        do {
            liion_hsms_event_next(&ev, eq);
        } while (ev.type != LIION_HSMS_EV_NONE);
    }
    /* the same bytes for the references: one S6F11 frame and one S6F12 frame */
    if (liion_hsms_encode_data(frames, sizeof frames, &w, ctx, 0, 6, 11, 1, 1, body, sizeof body) != LIION_OK)
        die("encode");
    flen = w;
    if (liion_hsms_encode_data(frames + flen, sizeof frames - flen, &w, ctx, 0, 6, 12, 0, 1,
                               (const uint8_t *)"\x21\x01\x00", 3) != LIION_OK)
        die("encode");
    flen += w;

    for (size_t i = 0; i < 100; i++) /* warm-up: buffers reach their steady size */
        sink += transaction(host, eq, body, sizeof body, i);
    peak = liion_ctx_memory_peak(ctx);

    t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++)
        sink += transaction(host, eq, body, sizeof body, i);
    t1 = bench_now_ns();
    t_session = secs(t0, t1);

    t0 = bench_now_ns();
    {
        uint8_t dst[sizeof frames];
        for (size_t i = 0; i < n; i++) {
            memcpy(dst, frames, flen);
            bench_use(dst);
        }
    }
    t1 = bench_now_ns();
    t_copy = secs(t0, t1);

    t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        size_t pos = 0;
        while (pos < flen) {
            size_t used = 0;
            if (liion_hsms_stream_feed(&used, st, frames + pos, flen - pos) != LIION_OK)
                die("stream");
            pos += used;
            if (liion_hsms_stream_ready(st)) {
                liion_hsms_header h = LIION_HSMS_HEADER_INIT;
                const uint8_t *b;
                size_t bl;
                liion_hsms_stream_frame(&h, &b, &bl, st);
                sink += bl + h.system_bytes;
            }
        }
    }
    t1 = bench_now_ns();
    t_stream = secs(t0, t1);
    bench_use(&sink);

    printf("hsms session: S6F11 W (112-byte body) + S6F12 transactions, two sessions in memory, %zu transactions\n", n);
    printf("  memcpy of the 2 frames   : %8.2f M transactions/s\n", (double)n / t_copy / 1e6);
    printf("  bare stream decoder      : %8.2f M transactions/s\n", (double)n / t_stream / 1e6);
    printf("  full session round trip  : %8.2f M transactions/s  (%.0f ns each) ratio to stream decoder %.3f, to memcpy %.3f\n",
           (double)n / t_session / 1e6, t_session / (double)n * 1e9, t_stream / t_session,
           t_copy / t_session);
    printf("  context memory peak grew by %llu bytes during the timed runs (0 = no allocation)\n",
           (unsigned long long)(liion_ctx_memory_peak(ctx) - peak));
    liion_hsms_stream_free(st);
    liion_hsms_free(host);
    liion_hsms_free(eq);
    liion_ctx_free(ctx);
    return 0;
}
