/* HSMS framing: encode a Select.req, an S1F13 W data message and a Linktest.req, feed the
 * bytes one at a time into a stream decoder (as a slow TCP peer would deliver them) and print
 * each frame it yields. Then show what a malformed frame does to the stream. */
#include <liion/liion.h>

#include <stdio.h>

static int fail(liion_ctx *ctx, const char *what, liion_status st)
{
    fprintf(stderr, "%s: %s: %s\n", what, liion_status_str(st), liion_ctx_errmsg(ctx));
    return 1;
}

static void print_frame(const liion_hsms_header *h, const uint8_t *body, size_t body_len)
{
    if (h->stype == LIION_HSMS_DATA) {
        printf("data  S%uF%u%s session %u system %u, %zu body bytes:", (unsigned)h->stream,
               (unsigned)h->function, h->wbit ? " W" : "", (unsigned)h->session_id,
               (unsigned)h->system_bytes, body_len);
        for (size_t i = 0; i < body_len; i++)
            printf(" %02x", body[i]);
        printf("\n");
    } else {
        printf("%-12s session 0x%04x system %u%s\n",
               liion_hsms_stype_str((liion_hsms_stype)h->stype), (unsigned)h->session_id,
               (unsigned)h->system_bytes,
               (h->flags & LIION_HSMS_FLAG_SESSION_ALL) ? " (session 0xFFFF)" : "");
    }
}

int main(void)
{
    liion_ctx *ctx = NULL;
    liion_hsms_stream *st = NULL;
    uint8_t wire[256];
    size_t len = 0, w = 0, frames = 0;
    /* S1F13 W body: L[2] { A "MDLN1", A "SOFTREV1" } (SECS-II bytes; see liion/secs.h) */
    static const uint8_t s1f13[] = { 0x01, 0x02, 0x41, 0x05, 'M', 'D', 'L', 'N', '1',
                                     0x41, 0x08, 'S', 'O', 'F', 'T', 'R', 'E', 'V', '1' };
    static const uint8_t garbage[] = { 0x00, 0x00, 0x00, 0x0a, 0xff, 0xff, 0x00, 0x00,
                                       0x00, 0x08, 0x00, 0x00, 0x00, 0x09 }; /* SType 8 */
    liion_status st_code;

    st_code = liion_ctx_new(&ctx, NULL);
    if (st_code != LIION_OK) {
        fprintf(stderr, "liion_ctx_new: %s\n", liion_status_str(st_code));
        return 1;
    }

    /* encode three frames back to back into one buffer */
    st_code = liion_hsms_encode_control(wire + len, sizeof wire - len, &w, ctx,
                                        LIION_HSMS_SELECT_REQ, 0xFFFF, 1, 0, 0);
    if (st_code != LIION_OK)
        return fail(ctx, "Select.req", st_code);
    len += w;
    st_code = liion_hsms_encode_data(wire + len, sizeof wire - len, &w, ctx, 1, 1, 13, 1, 2,
                                     s1f13, sizeof s1f13);
    if (st_code != LIION_OK)
        return fail(ctx, "S1F13", st_code);
    len += w;
    st_code = liion_hsms_encode_control(wire + len, sizeof wire - len, &w, ctx,
                                        LIION_HSMS_LINKTEST_REQ, LIION_HSMS_SESSION_ALL, 3, 0, 0);
    if (st_code != LIION_OK)
        return fail(ctx, "Linktest.req", st_code);
    len += w;
    printf("%zu bytes on the wire\n", len);

    /* decode them one byte at a time */
    st_code = liion_hsms_stream_new(&st, ctx, 0);
    if (st_code != LIION_OK)
        return fail(ctx, "liion_hsms_stream_new", st_code);
    for (size_t i = 0; i < len; i++) {
        size_t used = 0;
        st_code = liion_hsms_stream_feed(&used, st, wire + i, 1);
        if (st_code != LIION_OK)
            return fail(ctx, "feed", st_code);
        if (liion_hsms_stream_ready(st)) {
            liion_hsms_header h = LIION_HSMS_HEADER_INIT;
            const uint8_t *body = NULL;
            size_t body_len = 0;
            st_code = liion_hsms_stream_frame(&h, &body, &body_len, st);
            if (st_code != LIION_OK)
                return fail(ctx, "frame", st_code);
            print_frame(&h, body, body_len);
            frames++;
        }
    }
    if (frames != 3) {
        fprintf(stderr, "expected 3 frames, got %zu\n", frames);
        return 1;
    }

    /* a malformed frame breaks the stream, with the offset of the fault */
    st_code = liion_hsms_stream_feed(NULL, st, garbage, sizeof garbage);
    printf("bad frame: %s at byte %zu: %s\n", liion_status_str(st_code),
           liion_ctx_error_offset(ctx), liion_ctx_errmsg(ctx));
    if (st_code != LIION_E_DECODE || !liion_hsms_stream_broken(st))
        return 1;
    st_code = liion_hsms_stream_feed(NULL, st, wire, len);
    printf("next feed: %s\n", liion_status_str(st_code));
    if (st_code != LIION_E_STATE)
        return 1;
    liion_hsms_stream_reset(st); /* a new connection starts clean */

    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
    return 0;
}
