/*
 * libFuzzer target for the HSMS stream decoder (liion_hsms_stream_feed).
 *
 * Input: 3 configuration bytes, then the byte stream.
 *   byte 0: decoder flags (low 3 bits: LENIENT, PASS_UNSUPPORTED, SKIP_TOO_LONG); bit 7
 *           sets a session ID
 *   byte 1: LIION_LIMIT_MAX_MESSAGE_BYTES = 10 + byte1 * 8 (0 keeps the default)
 *   byte 2: chunking: 0 = the whole rest in one buffer, 1 = one byte at a time, otherwise
 *           chunk sizes from a small generator seeded with it (1..byte2 bytes each).
 *
 * Oracles (any disagreement abort()s):
 *   - the chunked decode yields exactly the frames (header fields, body bytes, end offsets)
 *     of a decode of the same bytes fed as one buffer, and ends with the same status and
 *     error offset;
 *   - a strict (flags 0) frame re-encoded with liion_hsms_encode gives back its input bytes;
 *   - an unsupported frame (PASS_UNSUPPORTED) answered with liion_hsms_encode_reject gets
 *     its session ID, system bytes and PType/SType in the places E37 gives them;
 *   - a broken stream refuses every later feed with LIION_E_STATE;
 *   - nothing leaks: the context's memory use returns to its base after the free.
 */
#include <liion/liion.h>

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

#define MAX_FRAMES 8192

typedef struct frame_rec {
    liion_hsms_header h;
    size_t end;      /* stream offset just after the frame */
    size_t body_len;
    const uint8_t *body; /* points into the input for the one-buffer run (stable) */
} frame_rec;

typedef struct run {
    liion_status status;
    size_t err_offset;
    size_t nframes;
} run;

static frame_rec *frames; /* filled by the one-buffer run */

static uint32_t gen(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void check_frame_bytes(liion_ctx *ctx, const liion_hsms_header *h, const uint8_t *body,
                              size_t body_len, const uint8_t *data, size_t end)
{
    uint8_t buf[64];
    size_t w = 0, size = 14 + body_len;
    liion_status s;
    CHECK(end >= size);
    CHECK(memcmp(data + end - size + 14, body, body_len) == 0);
    s = liion_hsms_encode(size <= sizeof buf ? buf : NULL, size <= sizeof buf ? sizeof buf : 0,
                          &w, ctx, h, body, body_len);
    CHECK(w == size);
    if (size <= sizeof buf) {
        CHECK(s == LIION_OK);
        CHECK(memcmp(buf, data + end - size, size) == 0);
    } else {
        uint8_t *big = malloc(size);
        CHECK(big != NULL);
        CHECK(liion_hsms_encode(big, size, &w, ctx, h, body, body_len) == LIION_OK);
        CHECK(memcmp(big, data + end - size, size) == 0);
        free(big);
    }
}

/* Decode data[0..len) in chunks; record (mode 0) or compare against the record (mode 1). */
static run decode(liion_ctx *ctx, uint32_t flags, int32_t session, const uint8_t *data,
                  size_t len, uint8_t chunking, int compare, size_t expect_frames)
{
    liion_hsms_stream *st = NULL;
    run r = { LIION_OK, LIION_OFFSET_NONE, 0 };
    size_t pos = 0;
    uint32_t g = 0x9e3779b9u ^ chunking;

    CHECK(liion_hsms_stream_new(&st, ctx, flags) == LIION_OK);
    CHECK(liion_hsms_stream_set_session_id(st, session) == LIION_OK);
    while (pos < len) {
        size_t c, end, used = 0;
        if (chunking == 0)
            c = len - pos;
        else if (chunking == 1)
            c = 1;
        else
            c = 1 + gen(&g) % chunking;
        end = pos + c > len ? len : pos + c;
        while (pos < end) {
            liion_status s = liion_hsms_stream_feed(&used, st, data + pos, end - pos);
            if (s != LIION_OK) {
                CHECK(s != LIION_E_STATE && s != LIION_E_INVALID_ARG);
                CHECK(used == 0);
                CHECK(liion_hsms_stream_broken(st) == 1 || s == LIION_E_NOMEM);
                r.status = s;
                r.err_offset = liion_ctx_error_offset(ctx);
                if (s != LIION_E_NOMEM) {
                    CHECK(liion_hsms_stream_feed(&used, st, data, len) == LIION_E_STATE);
                    CHECK(liion_ctx_error_offset(ctx) == r.err_offset);
                }
                goto done;
            }
            CHECK(used <= end - pos);
            pos += used;
            CHECK(liion_hsms_stream_offset(st) == pos);
            if (liion_hsms_stream_ready(st)) {
                liion_hsms_header h = LIION_HSMS_HEADER_INIT;
                const uint8_t *body = NULL;
                size_t blen = 0;
                CHECK(liion_hsms_stream_frame(&h, &body, &blen, st) == LIION_OK);
                CHECK(body != NULL);
                CHECK((uint64_t)blen + 10u <= liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES));
                if (h.stype != LIION_HSMS_DATA)
                    CHECK(blen == 0 || (h.flags & LIION_HSMS_FLAG_UNSUPPORTED));
                if (h.flags & LIION_HSMS_FLAG_TOO_LONG) /* skipped: a data message, no body */
                    CHECK((flags & LIION_HSMS_STREAM_SKIP_TOO_LONG) && blen == 0 &&
                          h.stype == LIION_HSMS_DATA && h.ptype == 0);
                if (!compare) {
                    CHECK(r.nframes < MAX_FRAMES);
                    frames[r.nframes].h = h;
                    frames[r.nframes].end = pos;
                    frames[r.nframes].body_len = blen;
                    frames[r.nframes].body = body;
                    if (flags == 0)
                        check_frame_bytes(ctx, &h, body, blen, data, pos);
                    if (h.flags & LIION_HSMS_FLAG_UNSUPPORTED) {
                        /* the Reject.req answer places the PType or SType as E37 says */
                        uint8_t rj[14];
                        size_t w = 0;
                        liion_hsms_reject_reason why = h.ptype != 0
                                                           ? LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED
                                                           : LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED;
                        CHECK(liion_hsms_encode_reject(rj, sizeof rj, &w, ctx, &h, why) == LIION_OK);
                        CHECK(w == 14 && rj[3] == 10 && rj[8] == 0 && rj[9] == 7);
                        CHECK(memcmp(rj + 4, data + pos - blen - 10, 2) == 0);  /* session */
                        CHECK(memcmp(rj + 10, data + pos - blen - 4, 4) == 0);  /* system */
                        CHECK(rj[6] == (h.ptype != 0 ? h.ptype : h.stype));
                        CHECK(rj[7] == (uint8_t)why);
                    }
                } else {
                    const frame_rec *f = &frames[r.nframes];
                    CHECK(r.nframes < expect_frames);
                    CHECK(memcmp(&f->h, &h, sizeof h) == 0);
                    CHECK(f->end == pos);
                    CHECK(f->body_len == blen);
                    CHECK(memcmp(f->body, body, blen) == 0);
                }
                r.nframes++;
            } else {
                CHECK(pos == end);
            }
        }
    }
done:
    liion_hsms_stream_free(st);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    uint32_t flags;
    int32_t session;
    uint8_t chunking;
    uint64_t base;
    run a, b;

    if (size < 3)
        return 0;
    flags = data[0] & 7u;
    session = (data[0] & 0x80u) ? 0x1234 : -1;
    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_message_bytes = data[1] != 0 ? 10u + (uint64_t)data[1] * 8u : 0;
    chunking = data[2];
    data += 3;
    size -= 3;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(ctx);
    if (frames == NULL) {
        frames = calloc(MAX_FRAMES, sizeof *frames);
        CHECK(frames != NULL);
    }

    a = decode(ctx, flags, session, data, size, 0, 0, 0);
    b = decode(ctx, flags, session, data, size, chunking, 1, a.nframes);
    CHECK(a.nframes == b.nframes);
    CHECK(a.status == b.status);
    CHECK(a.err_offset == b.err_offset);
    CHECK(liion_ctx_memory_used(ctx) == base);
    liion_ctx_free(ctx);
    return 0;
}
