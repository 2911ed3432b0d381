/* HSMS stream decoder throughput: the 112-byte S6F11 event report body framed as HSMS
 * (126-byte frames), decoded (1) from one big buffer holding many frames and (2) fed in
 * 1460-byte TCP-sized chunks, so that frames straddle chunk borders. The reference is memcpy
 * of the same bytes in the same run; ratio = decoder frames/s / memcpy frames/s. */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>

/* L[3] { U4 42, U4 1337, L[2] { L[2] { U4 RPTID, L[5] { U4, F4, A[12], U4, F4 } } x 2 } } */
static size_t s6f11_body(uint8_t *b)
{
    size_t n = 0;
    static const uint8_t head[] = { 0x01, 0x03, 0xb1, 0x04, 0, 0, 0, 42,
                                    0xb1, 0x04, 0, 0, 0x05, 0x39, 0x01, 0x02 };
    for (size_t i = 0; i < sizeof head; i++)
        b[n++] = head[i];
    for (int r = 0; r < 2; r++) {
        static const uint8_t rep[] = {
            0x01, 0x02, 0xb1, 0x04, 0, 0, 0, 101, 0x01, 0x05,
            0xb1, 0x04, 0, 0, 0, 7, 0x91, 0x04, 0x40, 0x60, 0, 0,
            0x41, 0x0c, 'L', 'O', 'T', '-', '0', '0', '0', '0', '0', '0', '0', '1',
            0xb1, 0x04, 0, 0, 0, 9, 0x91, 0x04, 0xbf, 0xa0, 0, 0,
        };
        for (size_t i = 0; i < sizeof rep; i++)
            b[n++] = rep[i];
    }
    return n;
}

static double secs(uint64_t t0, uint64_t t1)
{
    return (double)(t1 - t0) / 1e9;
}

/* Decode all of buf[0..len) fed in chunks of `chunk` bytes; returns frames seen. */
static size_t decode_all(liion_hsms_stream *st, const uint8_t *buf, size_t len, size_t chunk,
                         uint64_t *sink)
{
    size_t pos = 0, frames = 0;
    while (pos < len) {
        size_t end = pos + chunk < len ? pos + chunk : len;
        while (pos < end) {
            size_t used = 0;
            if (liion_hsms_stream_feed(&used, st, buf + pos, end - pos) != LIION_OK)
                abort();
            pos += used;
            if (liion_hsms_stream_ready(st)) {
                liion_hsms_header h = LIION_HSMS_HEADER_INIT;
                const uint8_t *body;
                size_t blen;
                if (liion_hsms_stream_frame(&h, &body, &blen, st) != LIION_OK)
                    abort();
                *sink += h.system_bytes + blen + body[blen - 1];
                frames++;
            }
        }
    }
    return frames;
}

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    size_t frames = quick ? 64 : 8192, rounds = quick ? 2 : 400;
    uint8_t body[128];
    size_t blen = s6f11_body(body), flen, len = 0;
    uint8_t *buf, *dst;
    liion_ctx *ctx = NULL;
    liion_hsms_stream *st = NULL;
    uint64_t t0, t1, sink = 0, mem_before;
    double t_copy, t_big, t_tcp;
    double n_total;

    if (blen != 112 || liion_ctx_new(&ctx, NULL) != LIION_OK ||
        liion_hsms_stream_new(&st, ctx, 0) != LIION_OK)
        return 1;
    flen = liion_hsms_frame_size(blen);
    buf = malloc(flen * frames);
    dst = malloc(flen * frames);
    if (buf == NULL || dst == NULL)
        return 1;
    for (size_t i = 0; i < frames; i++) {
        size_t w;
        if (liion_hsms_encode_data(buf + len, flen, &w, ctx, 1, 6, 11, 1, (uint32_t)i, body,
                                   blen) != LIION_OK)
            return 1;
        len += w;
    }
    n_total = (double)frames * (double)rounds;

    /* warm-up, and the allocation check: steady state allocates nothing */
    if (decode_all(st, buf, len, 1460, &sink) != frames)
        return 1;
    mem_before = liion_ctx_memory_peak(ctx);

    t0 = bench_now_ns();
    for (size_t r = 0; r < rounds; r++) {
        memcpy(dst, buf, len);
        bench_use(dst);
    }
    t1 = bench_now_ns();
    t_copy = secs(t0, t1);

    t0 = bench_now_ns();
    for (size_t r = 0; r < rounds; r++)
        if (decode_all(st, buf, len, len, &sink) != frames)
            return 1;
    t1 = bench_now_ns();
    t_big = secs(t0, t1);

    t0 = bench_now_ns();
    for (size_t r = 0; r < rounds; r++)
        if (decode_all(st, buf, len, 1460, &sink) != frames)
            return 1;
    t1 = bench_now_ns();
    t_tcp = secs(t0, t1);
    bench_use(&sink);

    printf("hsms stream decoder, S6F11 (112-byte body, %zu-byte frames), %zu frames x %zu rounds\n",
           flen, frames, rounds);
    printf("  memcpy reference      : %8.2f M frames/s  (%6.2f GB/s)\n",
           n_total / t_copy / 1e6, (double)len * (double)rounds / t_copy / 1e9);
    printf("  decode, one buffer    : %8.2f M frames/s  (%6.2f GB/s)  ratio to memcpy %.3f\n",
           n_total / t_big / 1e6, (double)len * (double)rounds / t_big / 1e9, t_copy / t_big);
    printf("  decode, 1460-B chunks : %8.2f M frames/s  (%6.2f GB/s)  ratio to memcpy %.3f\n",
           n_total / t_tcp / 1e6, (double)len * (double)rounds / t_tcp / 1e9, t_copy / t_tcp);
    printf("  context memory peak grew by %llu bytes during the timed runs (0 = no allocation)\n",
           (unsigned long long)(liion_ctx_memory_peak(ctx) - mem_before));

    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
    free(buf);
    free(dst);
    return 0;
}
