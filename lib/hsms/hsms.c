/* HSMS (SEMI E37) framing: header encode/decode with E37's checks, whole-frame encode/decode
 * and the incremental stream decoder. Raw body bytes only; no SECS-II here. */
#include "core/bytes.h"
#include "core/core.h"

#include <string.h>

#define HSMS_MAGIC_STREAM 0x68736d73u /* "hsms" */
#define HSMS_KNOWN_FLAGS                                                                   \
    (LIION_HSMS_STREAM_LENIENT | LIION_HSMS_STREAM_PASS_UNSUPPORTED | LIION_HSMS_STREAM_SKIP_TOO_LONG)
/* Stand-in body pointer for an empty body: callers get a non-NULL pointer either way. */
static const uint8_t hsms_empty[1] = { 0 };

/* ---- names ----------------------------------------------------------------------------- */

LIION_API const char *liion_hsms_stype_str(liion_hsms_stype stype)
{
    switch (stype) {
    case LIION_HSMS_DATA: return "data message";
    case LIION_HSMS_SELECT_REQ: return "Select.req";
    case LIION_HSMS_SELECT_RSP: return "Select.rsp";
    case LIION_HSMS_DESELECT_REQ: return "Deselect.req";
    case LIION_HSMS_DESELECT_RSP: return "Deselect.rsp";
    case LIION_HSMS_LINKTEST_REQ: return "Linktest.req";
    case LIION_HSMS_LINKTEST_RSP: return "Linktest.rsp";
    case LIION_HSMS_REJECT_REQ: return "Reject.req";
    case LIION_HSMS_SEPARATE_REQ: return "Separate.req";
    case LIION_HSMS_STYPE__FORCE_INT32: break;
    }
    return "unknown SType";
}

/* Text for the byte-3 codes: reserved up to 127 (subsidiary standards), local from 128. */
static const char *code_range_str(uint32_t v)
{
    if (v > 255u)
        return "invalid";
    return v >= 128u ? "local" : "reserved";
}

LIION_API const char *liion_hsms_select_status_str(liion_hsms_select_status status)
{
    switch (status) {
    case LIION_HSMS_SELECT_OK: return "communication established";
    case LIION_HSMS_SELECT_ALREADY_ACTIVE: return "communication already active";
    case LIION_HSMS_SELECT_NOT_READY: return "connection not ready";
    case LIION_HSMS_SELECT_CONNECT_EXHAUST: return "connect exhaust";
    case LIION_HSMS_SELECT_ENTITY_UNKNOWN: return "entity unknown";
    case LIION_HSMS_SELECT_ENTITY_ALREADY_USED: return "entity already in use";
    case LIION_HSMS_SELECT_ENTITY_ALREADY_ACTIVE: return "entity already active";
    case LIION_HSMS_SELECT_STATUS__FORCE_INT32: break;
    }
    return code_range_str((uint32_t)status);
}

LIION_API const char *liion_hsms_deselect_status_str(liion_hsms_deselect_status status)
{
    switch (status) {
    case LIION_HSMS_DESELECT_OK: return "communication ended";
    case LIION_HSMS_DESELECT_NOT_ESTABLISHED: return "communication not established";
    case LIION_HSMS_DESELECT_BUSY: return "communication busy";
    case LIION_HSMS_DESELECT_STATUS__FORCE_INT32: break;
    }
    return code_range_str((uint32_t)status);
}

LIION_API const char *liion_hsms_reject_reason_str(liion_hsms_reject_reason reason)
{
    switch (reason) {
    case LIION_HSMS_REJECT_MALFORMED: return "malformed message (local)";
    case LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED: return "SType not supported";
    case LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED: return "PType not supported";
    case LIION_HSMS_REJECT_TRANSACTION_NOT_OPEN: return "transaction not open";
    case LIION_HSMS_REJECT_ENTITY_NOT_SELECTED: return "entity not selected";
    case LIION_HSMS_REJECT_REASON__FORCE_INT32: break;
    }
    return code_range_str((uint32_t)reason);
}

/* ---- header structs across the ABI (struct_size first) --------------------------------- */

/* Copy the caller's header into a full local one: fields past its struct_size are zero. */
static liion_status hdr_in(liion_ctx *ctx, const liion_hsms_header *in, liion_hsms_header *h)
{
    size_t n = in->struct_size;
    memset(h, 0, sizeof *h);
    if (n < sizeof(uint32_t))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "liion_hsms_header.struct_size %zu is too small", n);
    if (n > sizeof *h) {
        const uint8_t *tail = (const uint8_t *)in + sizeof *h;
        for (size_t i = 0; i < n - sizeof *h; i++)
            if (tail[i] != 0)
                return liion__error(ctx, LIION_E_UNSUPPORTED,
                                    "liion_hsms_header is larger than this library knows "
                                    "(%zu > %zu bytes) and its tail is not zero",
                                    n, sizeof *h);
        n = sizeof *h;
    }
    memcpy(h, in, n);
    h->struct_size = (uint32_t)sizeof *h;
    return LIION_OK;
}

static bool hdr_out_ok(const liion_hsms_header *out)
{
    return out == NULL || out->struct_size >= sizeof(uint32_t);
}

/* Write a full header into the caller's struct, at most its struct_size bytes. */
static void hdr_out(liion_hsms_header *out, const liion_hsms_header *h)
{
    uint32_t size;
    if (out == NULL)
        return;
    size = out->struct_size;
    if (LIION__LIKELY(size == sizeof *h)) {
        *out = *h; /* h->struct_size is sizeof *h too */
        return;
    }
    memcpy(out, h, size < sizeof *h ? size : sizeof *h);
    out->struct_size = size;
}

/* ---- header checks shared by every decoder -------------------------------------------- */

static bool stype_known(uint8_t t)
{
    return t <= 7u || t == 9u;
}

/* Decode and check the 10 header bytes at p into h (flags set by the caller later).
 * hdr_off: offset of p[0] in the caller's input, for error offsets. len_off: offset of the
 * frame's length field, or LIION_OFFSET_NONE when there is none (a bare header), in which
 * case body_len is not checked. */
static liion_status header_check(liion_ctx *ctx, liion_hsms_header *h, const uint8_t *p,
                                 size_t body_len, uint32_t flags, size_t hdr_off, size_t len_off)
{
    uint8_t b2 = p[2], b3 = p[3], ptype = p[4], stype = p[5];
    uint16_t session = liion__load_be16(p);

    memset(h, 0, sizeof *h);
    h->struct_size = (uint32_t)sizeof *h;
    h->session_id = session;
    h->ptype = ptype;
    h->stype = stype;
    h->system_bytes = liion__load_be32(p + 6);

    if (LIION__LIKELY(ptype == 0 && stype == LIION_HSMS_DATA)) {
        h->wbit = (uint8_t)(b2 >> 7);
        h->stream = (uint8_t)(b2 & 0x7fu);
        h->function = b3;
        return LIION_OK;
    }
    if (ptype != 0 || !stype_known(stype)) {
        if (flags & LIION_HSMS_STREAM_PASS_UNSUPPORTED) {
            h->flags = LIION_HSMS_FLAG_UNSUPPORTED;
            if (stype == LIION_HSMS_DATA) {
                h->wbit = (uint8_t)(b2 >> 7);
                h->stream = (uint8_t)(b2 & 0x7fu);
                h->function = b3;
            } else {
                h->reject_type = b2;
                h->status = b3;
            }
            return LIION_OK;
        }
        if (ptype != 0)
            return liion__error_at(ctx, LIION_E_DECODE, hdr_off + 4,
                                   "HSMS PType %u is not supported (only 0, SECS-II); "
                                   "the peer should get Reject.req reason 2",
                                   (unsigned)ptype);
        return liion__error_at(ctx, LIION_E_DECODE, hdr_off + 5,
                               "HSMS SType %u is unknown; the peer should get Reject.req "
                               "reason 1",
                               (unsigned)stype);
    }

    /* a control message */
    if (len_off != LIION_OFFSET_NONE && body_len != 0)
        return liion__error_at(ctx, LIION_E_DECODE, len_off,
                               "HSMS %s carries a %zu-byte body; control messages have none "
                               "(length must be 10)",
                               liion_hsms_stype_str((liion_hsms_stype)stype), body_len);
    switch (stype) {
    case LIION_HSMS_SELECT_RSP:
    case LIION_HSMS_DESELECT_RSP:
        h->status = b3;
        b3 = 0;
        break;
    case LIION_HSMS_REJECT_REQ:
        h->status = b3;
        h->reject_type = b2;
        b2 = b3 = 0;
        break;
    default:
        break;
    }
    if (!(flags & LIION_HSMS_STREAM_LENIENT)) {
        if (b2 != 0 || b3 != 0)
            return liion__error_at(ctx, LIION_E_DECODE, hdr_off + (b2 != 0 ? 2u : 3u),
                                   "HSMS %s has header byte %u = 0x%02x; E37 says 0",
                                   liion_hsms_stype_str((liion_hsms_stype)stype),
                                   b2 != 0 ? 2u : 3u, (unsigned)(b2 != 0 ? b2 : b3));
        if ((stype == LIION_HSMS_LINKTEST_REQ || stype == LIION_HSMS_LINKTEST_RSP) &&
            session != LIION_HSMS_SESSION_ALL)
            return liion__error_at(ctx, LIION_E_DECODE, hdr_off,
                                   "HSMS %s has session ID 0x%04x; E37 says 0xFFFF",
                                   liion_hsms_stype_str((liion_hsms_stype)stype),
                                   (unsigned)session);
    }
    return LIION_OK;
}

/* ---- encoding -------------------------------------------------------------------------- */

/* E37's rules for a header we send; INVALID_ARG naming the first broken one. */
static liion_status encode_check(liion_ctx *ctx, const liion_hsms_header *h, size_t body_len)
{
    const char *name = liion_hsms_stype_str((liion_hsms_stype)h->stype);
    if (h->ptype != 0)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "HSMS PType %u: only 0 (SECS-II) is defined", (unsigned)h->ptype);
    if (!stype_known(h->stype))
        return liion__error(ctx, LIION_E_INVALID_ARG, "HSMS SType %u is unknown",
                            (unsigned)h->stype);
    if (h->stype == LIION_HSMS_DATA) {
        if (h->stream > 127u)
            return liion__error(ctx, LIION_E_INVALID_ARG, "HSMS stream %u is over 127",
                                (unsigned)h->stream);
        if (h->wbit > 1u)
            return liion__error(ctx, LIION_E_INVALID_ARG, "HSMS W-bit %u is not 0 or 1",
                                (unsigned)h->wbit);
        if (h->status != 0 || h->reject_type != 0)
            return liion__error(ctx, LIION_E_INVALID_ARG,
                                "HSMS data message with a status or reject type set");
        return LIION_OK;
    }
    if (body_len != 0)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "HSMS %s cannot carry a body (%zu bytes given)", name, body_len);
    if (h->stream != 0 || h->function != 0 || h->wbit != 0)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "HSMS %s with a stream, function or W-bit set", name);
    if (h->reject_type != 0 && h->stype != LIION_HSMS_REJECT_REQ)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "HSMS %s: only Reject.req has a rejected type (byte 2)", name);
    if (h->status != 0 && h->stype != LIION_HSMS_SELECT_RSP &&
        h->stype != LIION_HSMS_DESELECT_RSP && h->stype != LIION_HSMS_REJECT_REQ)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "HSMS %s has no status byte (byte 3 is 0)", name);
    if ((h->stype == LIION_HSMS_LINKTEST_REQ || h->stype == LIION_HSMS_LINKTEST_RSP) &&
        h->session_id != LIION_HSMS_SESSION_ALL)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "HSMS %s must have session ID 0xFFFF (0x%04x given)", name,
                            (unsigned)h->session_id);
    return LIION_OK;
}

static void header_store(uint8_t *p, const liion_hsms_header *h)
{
    liion__store_be16(p, h->session_id);
    if (h->stype == LIION_HSMS_DATA) {
        p[2] = (uint8_t)((unsigned)(h->wbit << 7) | h->stream);
        p[3] = h->function;
    } else {
        p[2] = h->reject_type;
        p[3] = h->status;
    }
    p[4] = h->ptype;
    p[5] = h->stype;
    liion__store_be32(p + 6, h->system_bytes);
}

LIION_API size_t liion_hsms_frame_size(size_t body_len)
{
    if (body_len > (size_t)UINT32_MAX - LIION_HSMS_HEADER_BYTES)
        return 0;
    return LIION_HSMS_CONTROL_FRAME_BYTES + body_len;
}

/* Common tail of every frame encoder: h is a full, local header. */
static liion_status encode_frame(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                 const liion_hsms_header *h, const uint8_t *body,
                                 size_t body_len)
{
    liion_status st;
    size_t need;
    if (written != NULL)
        *written = 0;
    if (written == NULL || (buf == NULL && cap != 0) || (body == NULL && body_len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "NULL written, buffer or body with a nonzero length");
    st = encode_check(ctx, h, body_len);
    if (st != LIION_OK)
        return st;
    need = liion_hsms_frame_size(body_len);
    if (need == 0)
        return liion__error(ctx, LIION_E_RANGE,
                            "HSMS body of %zu bytes does not fit the 32-bit length field",
                            body_len);
    *written = need;
    if (buf == NULL || cap < need)
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "HSMS frame needs %zu bytes, the buffer has %zu", need, cap);
    liion__store_be32(buf, (uint32_t)(LIION_HSMS_HEADER_BYTES + body_len));
    header_store(buf + LIION_HSMS_LENGTH_BYTES, h);
    if (body_len != 0)
        memcpy(buf + LIION_HSMS_CONTROL_FRAME_BYTES, body, body_len);
    return LIION_OK;
}

LIION_API liion_status liion_hsms_encode(uint8_t *buf, size_t cap, size_t *written,
                                         liion_ctx *ctx, const liion_hsms_header *hdr,
                                         const uint8_t *body, size_t body_len)
{
    liion_hsms_header h;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (written != NULL)
        *written = 0;
    if (hdr == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL header");
    st = hdr_in(ctx, hdr, &h);
    if (st != LIION_OK)
        return st;
    return encode_frame(buf, cap, written, ctx, &h, body, body_len);
}

LIION_API liion_status liion_hsms_encode_data(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, uint16_t session_id,
                                              uint8_t stream, uint8_t function, uint8_t wbit,
                                              uint32_t system_bytes, const uint8_t *body,
                                              size_t body_len)
{
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    h.session_id = session_id;
    h.stream = stream;
    h.function = function;
    h.wbit = wbit;
    h.system_bytes = system_bytes;
    return encode_frame(buf, cap, written, ctx, &h, body, body_len);
}

LIION_API liion_status liion_hsms_encode_control(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, liion_hsms_stype stype,
                                                 uint16_t session_id, uint32_t system_bytes,
                                                 uint8_t status, uint8_t reject_type)
{
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (written != NULL)
        *written = 0;
    if (stype == LIION_HSMS_DATA || (uint32_t)stype > 255u || !stype_known((uint8_t)stype))
        return liion__error(ctx, LIION_E_INVALID_ARG, "SType %d is not a control message type",
                            (int)stype);
    h.stype = (uint8_t)stype;
    h.session_id = session_id;
    h.system_bytes = system_bytes;
    h.status = status;
    h.reject_type = reject_type;
    return encode_frame(buf, cap, written, ctx, &h, NULL, 0);
}

LIION_API liion_status liion_hsms_encode_reject(uint8_t *buf, size_t cap, size_t *written,
                                                liion_ctx *ctx, const liion_hsms_header *rejected,
                                                liion_hsms_reject_reason reason)
{
    liion_hsms_header r, h = LIION_HSMS_HEADER_INIT;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (written != NULL)
        *written = 0;
    if (rejected == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL rejected header");
    if ((uint32_t)reason > 255u)
        return liion__error(ctx, LIION_E_INVALID_ARG, "Reject.req reason %d is not 0-255",
                            (int)reason);
    st = hdr_in(ctx, rejected, &r);
    if (st != LIION_OK)
        return st;
    h.stype = LIION_HSMS_REJECT_REQ;
    h.session_id = r.session_id;
    h.system_bytes = r.system_bytes;
    h.status = (uint8_t)reason;
    h.reject_type = reason == LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED ? r.ptype : r.stype;
    return encode_frame(buf, cap, written, ctx, &h, NULL, 0);
}

LIION_API liion_status liion_hsms_header_encode(uint8_t *buf, size_t cap, size_t *written,
                                                liion_ctx *ctx, const liion_hsms_header *hdr)
{
    liion_hsms_header h;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (written != NULL)
        *written = 0;
    if (hdr == NULL || written == NULL || (buf == NULL && cap != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL header, written or buffer");
    st = hdr_in(ctx, hdr, &h);
    if (st != LIION_OK)
        return st;
    st = encode_check(ctx, &h, 0);
    if (st != LIION_OK)
        return st;
    *written = LIION_HSMS_HEADER_BYTES;
    if (buf == NULL || cap < LIION_HSMS_HEADER_BYTES)
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "HSMS header needs 10 bytes, the buffer has %zu", cap);
    header_store(buf, &h);
    return LIION_OK;
}

/* ---- decoding whole buffers ------------------------------------------------------------ */

static liion_status check_flags(liion_ctx *ctx, uint32_t flags)
{
    if (flags & ~(uint32_t)HSMS_KNOWN_FLAGS)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown HSMS flags 0x%x",
                            (unsigned)(flags & ~(uint32_t)HSMS_KNOWN_FLAGS));
    return LIION_OK;
}

static void session_flags(liion_hsms_header *h, int32_t configured)
{
    if (h->session_id == LIION_HSMS_SESSION_ALL)
        h->flags |= LIION_HSMS_FLAG_SESSION_ALL;
    if (configured >= 0 && (uint32_t)h->session_id == (uint32_t)configured)
        h->flags |= LIION_HSMS_FLAG_SESSION_MATCH;
}

LIION_API liion_status liion_hsms_header_decode(liion_hsms_header *hdr, liion_ctx *ctx,
                                                const uint8_t *data, size_t len,
                                                uint32_t flags)
{
    liion_hsms_header h;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (hdr == NULL || !hdr_out_ok(hdr) || (data == NULL && len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "NULL header, bad struct_size or NULL data");
    st = check_flags(ctx, flags);
    if (st != LIION_OK)
        return st;
    if (len < LIION_HSMS_HEADER_BYTES)
        return liion__error_at(ctx, LIION_E_TRUNCATED, len,
                               "HSMS header is %zu bytes; it needs 10", len);
    if (len > LIION_HSMS_HEADER_BYTES)
        return liion__error_at(ctx, LIION_E_DECODE, LIION_HSMS_HEADER_BYTES,
                               "%zu bytes after the 10-byte HSMS header",
                               len - LIION_HSMS_HEADER_BYTES);
    st = header_check(ctx, &h, data, 0, flags, 0, LIION_OFFSET_NONE);
    if (st != LIION_OK)
        return st;
    session_flags(&h, -1);
    hdr_out(hdr, &h);
    return LIION_OK;
}

/* The length field at frame offset `at`: LIMIT or DECODE when it is unusable. */
static liion_status length_check(liion_ctx *ctx, uint32_t length, size_t at)
{
    if (LIION__UNLIKELY(length < LIION_HSMS_HEADER_BYTES))
        return liion__error_at(ctx, LIION_E_DECODE, at,
                               "HSMS length field %u is under 10, the size of the header alone",
                               (unsigned)length);
    if (LIION__UNLIKELY((uint64_t)length > ctx->max_message_bytes))
        return liion__error_at(ctx, LIION_E_LIMIT, at,
                               "HSMS length field %u is over the limit of %llu bytes "
                               "(LIION_LIMIT_MAX_MESSAGE_BYTES)",
                               (unsigned)length, (unsigned long long)ctx->max_message_bytes);
    return LIION_OK;
}

LIION_API liion_status liion_hsms_frame_decode(liion_hsms_header *hdr, const uint8_t **body,
                                               size_t *body_len, liion_ctx *ctx,
                                               const uint8_t *data, size_t len,
                                               uint32_t flags)
{
    liion_hsms_header h;
    uint32_t length;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (hdr == NULL || !hdr_out_ok(hdr) || body == NULL || body_len == NULL ||
        (data == NULL && len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL argument or bad struct_size");
    st = check_flags(ctx, flags);
    if (st != LIION_OK)
        return st;
    if (len < LIION_HSMS_LENGTH_BYTES)
        return liion__error_at(ctx, LIION_E_TRUNCATED, len,
                               "HSMS frame ends after %zu bytes, inside its length field", len);
    length = liion__load_be32(data);
    st = length_check(ctx, length, 0);
    if (st != LIION_OK)
        return st;
    if (len - LIION_HSMS_LENGTH_BYTES < (size_t)length)
        return liion__error_at(ctx, LIION_E_TRUNCATED, len,
                               "HSMS frame ends after %zu of its %llu bytes", len,
                               (unsigned long long)length + LIION_HSMS_LENGTH_BYTES);
    if (len - LIION_HSMS_LENGTH_BYTES > (size_t)length)
        return liion__error_at(ctx, LIION_E_DECODE, (size_t)length + LIION_HSMS_LENGTH_BYTES,
                               "%zu bytes after the HSMS frame",
                               len - LIION_HSMS_LENGTH_BYTES - (size_t)length);
    st = header_check(ctx, &h, data + LIION_HSMS_LENGTH_BYTES,
                      (size_t)length - LIION_HSMS_HEADER_BYTES, flags, LIION_HSMS_LENGTH_BYTES,
                      0);
    if (st != LIION_OK)
        return st;
    session_flags(&h, -1);
    hdr_out(hdr, &h);
    *body = length > LIION_HSMS_HEADER_BYTES ? data + LIION_HSMS_CONTROL_FRAME_BYTES
                                             : hsms_empty;
    *body_len = (size_t)length - LIION_HSMS_HEADER_BYTES;
    return LIION_OK;
}

/* ---- the stream decoder ---------------------------------------------------------------- */

struct liion_hsms_stream {
    uint32_t magic;
    uint32_t flags;
    liion_ctx *ctx;
    int32_t session_id;  /* configured, or -1 */
    int ready;           /* a frame is complete: hdr, body, body_len */
    int broken;
    liion_status broken_status;
    size_t broken_offset;
    uint64_t offset;      /* bytes taken so far: stream offset of the next byte */
    uint8_t pre[LIION_HSMS_CONTROL_FRAME_BYTES]; /* length field + header being gathered */
    size_t pre_have;      /* 0..14 */
    uint32_t length;      /* the current frame's length field, once pre_have >= 4 */
    uint64_t frame_start; /* stream offset of the current frame's length field */
    size_t body_need;     /* body bytes of the current frame, once the header is in */
    size_t body_have;     /* body bytes gathered into buf (or skipped) */
    int over;             /* SKIP_TOO_LONG: the length field is over the limit */
    int skipping;         /* SKIP_TOO_LONG: the body of an over-long data message is skipped */
    liion_status over_status; /* the limit error, replayed when the header is not data */
    char over_msg[LIION__ERRMSG_CAP];
    uint8_t *buf;         /* internal body buffer, reused frame after frame */
    size_t cap;
    liion_hsms_header hdr; /* header of the current (or ready) frame */
    const uint8_t *body;
    size_t body_len;
    char broken_msg[LIION__ERRMSG_CAP];
};

static bool stream_valid(const liion_hsms_stream *st)
{
    return st != NULL && st->magic == HSMS_MAGIC_STREAM && liion__ctx_valid(st->ctx);
}

/* Enter a call on a stream: validate it and clear its context's error state. */
static liion_status stream_enter(liion_hsms_stream *st)
{
    if (st == NULL)
        return LIION_E_INVALID_ARG;
    if (st->magic != HSMS_MAGIC_STREAM)
        return LIION_E_MISUSE;
    return liion__ctx_enter(st->ctx);
}

LIION_API liion_status liion_hsms_stream_new(liion_hsms_stream **out, liion_ctx *ctx,
                                             uint32_t flags)
{
    liion_hsms_stream *st;
    liion_status s;
    if (out != NULL)
        *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (out == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL out");
    s = check_flags(ctx, flags);
    if (s != LIION_OK)
        return s;
    st = liion__calloc(ctx, 1, sizeof *st);
    if (st == NULL)
        return LIION_E_NOMEM;
    st->magic = HSMS_MAGIC_STREAM;
    st->flags = flags;
    st->ctx = ctx;
    st->session_id = -1;
    *out = st;
    return LIION_OK;
}

LIION_API void liion_hsms_stream_free(liion_hsms_stream *st)
{
    liion_ctx *ctx;
    if (st == NULL || st->magic != HSMS_MAGIC_STREAM)
        return;
    ctx = st->ctx;
    liion__free(ctx, st->buf, st->cap);
    st->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, st, sizeof *st);
}

LIION_API liion_status liion_hsms_stream_set_session_id(liion_hsms_stream *st,
                                                        int32_t session_id)
{
    liion_status s = stream_enter(st);
    if (s != LIION_OK)
        return s;
    if (session_id < -1 || session_id > 0xFFFF)
        return liion__error(st->ctx, LIION_E_INVALID_ARG,
                            "session ID %ld is not -1 or 0..65535", (long)session_id);
    st->session_id = session_id;
    return LIION_OK;
}

LIION_API void liion_hsms_stream_reset(liion_hsms_stream *st)
{
    if (st == NULL || st->magic != HSMS_MAGIC_STREAM)
        return;
    st->ready = 0;
    st->broken = 0;
    st->broken_status = LIION_OK;
    st->broken_offset = LIION_OFFSET_NONE;
    st->broken_msg[0] = '\0';
    st->offset = 0;
    st->pre_have = 0;
    st->length = 0;
    st->frame_start = 0;
    st->body_need = 0;
    st->body_have = 0;
    st->over = 0;
    st->skipping = 0;
    st->body = NULL;
    st->body_len = 0;
}

LIION_API int liion_hsms_stream_ready(const liion_hsms_stream *st)
{
    /* hot: called after every feed; the handle's own magic is enough for a getter */
    return st != NULL && st->magic == HSMS_MAGIC_STREAM && st->ready;
}

LIION_API int liion_hsms_stream_broken(const liion_hsms_stream *st)
{
    return stream_valid(st) && st->broken;
}

LIION_API size_t liion_hsms_stream_pending(const liion_hsms_stream *st)
{
    if (!stream_valid(st) || st->ready || st->broken)
        return 0;
    return st->pre_have + st->body_have;
}

LIION_API uint64_t liion_hsms_stream_offset(const liion_hsms_stream *st)
{
    return stream_valid(st) ? st->offset : 0;
}

/* Record the error already set on the context as the stream's breaking fault. */
static liion_status stream_break(liion_hsms_stream *st, liion_status s)
{
    st->broken = 1;
    st->ready = 0;
    st->broken_status = s;
    st->broken_offset = st->ctx->err_offset;
    memcpy(st->broken_msg, st->ctx->errmsg, sizeof st->broken_msg);
    st->broken_msg[sizeof st->broken_msg - 1] = '\0';
    return s;
}

static size_t off_of(uint64_t v)
{
    return v > (uint64_t)SIZE_MAX - 1 ? SIZE_MAX - 1 : (size_t)v;
}

/* The frame's length field is in: check it. `at` is its stream offset. */
static liion_status stream_length(liion_hsms_stream *st, uint32_t length, uint64_t at)
{
    liion_status s = length_check(st->ctx, length, off_of(at));
    st->over = 0;
    if (s == LIION_E_LIMIT && (st->flags & LIION_HSMS_STREAM_SKIP_TOO_LONG)) {
        /* decided once the header is in: a data message is skipped, anything else breaks */
        st->over = 1;
        st->over_status = s;
        memcpy(st->over_msg, st->ctx->errmsg, sizeof st->over_msg);
        st->over_msg[sizeof st->over_msg - 1] = '\0';
        liion__ctx_enter(st->ctx);
        s = LIION_OK;
    }
    if (s != LIION_OK)
        return stream_break(st, s);
    st->length = length;
    st->frame_start = at;
    return LIION_OK;
}

/* The header is in (p, at stream offset frame_start + 4): check it and prepare the body. */
static liion_status stream_header(liion_hsms_stream *st, const uint8_t *p)
{
    size_t body = (size_t)st->length - LIION_HSMS_HEADER_BYTES;
    liion_status s;
    if (st->over && (p[4] != 0 || p[5] != LIION_HSMS_DATA)) {
        /* not a data message: the over-long length was garbage, the stream is lost */
        st->over = 0;
        liion__error_at(st->ctx, st->over_status, off_of(st->frame_start), "%s", st->over_msg);
        return stream_break(st, st->over_status);
    }
    s = header_check(st->ctx, &st->hdr, p, body, st->flags,
                                  off_of(st->frame_start + LIION_HSMS_LENGTH_BYTES),
                                  off_of(st->frame_start));
    if (s != LIION_OK)
        return stream_break(st, s);
    session_flags(&st->hdr, st->session_id);
    st->body_need = body;
    st->body_have = 0;
    st->skipping = 0;
    if (st->over) { /* a data message (checked above): skip its body */
        st->over = 0;
        st->skipping = 1;
        st->hdr.flags |= LIION_HSMS_FLAG_TOO_LONG;
    }
    return LIION_OK;
}

static void stream_yield(liion_hsms_stream *st, const uint8_t *body)
{
    if (st->skipping) { /* the body was skipped: the frame comes without it */
        st->skipping = 0;
        st->body_need = 0;
    }
    st->ready = 1;
    st->body = st->body_need != 0 ? body : hsms_empty;
    st->body_len = st->body_need;
    st->pre_have = 0;
    st->body_have = 0;
}

/* Make room for `need` body bytes in the internal buffer, growing with what has arrived. */
static liion_status stream_reserve(liion_hsms_stream *st, size_t need)
{
    size_t ncap;
    uint8_t *p;
    if (need <= st->cap)
        return LIION_OK;
    ncap = liion__grow_cap(st->ctx, st->cap, need, 256);
    if (ncap > st->body_need) /* never more than this frame needs (need <= body_need) */
        ncap = st->body_need;
    p = liion__realloc(st->ctx, st->buf, st->cap, ncap);
    if (p == NULL)
        return LIION_E_NOMEM; /* the stream is not broken: the caller may free memory and retry */
    st->buf = p;
    st->cap = ncap;
    return LIION_OK;
}

LIION_API liion_status liion_hsms_stream_feed(size_t *consumed, liion_hsms_stream *st,
                                              const uint8_t *data, size_t len)
{
    size_t pos = 0;
    liion_status s = stream_enter(st);
    if (consumed != NULL)
        *consumed = 0;
    if (s != LIION_OK)
        return s;
    if (data == NULL && len != 0)
        return liion__error(st->ctx, LIION_E_INVALID_ARG, "NULL data with a nonzero length");
    st->ready = 0;
    if (st->broken)
        return liion__error_at(st->ctx, LIION_E_STATE, st->broken_offset,
                               "HSMS stream is broken (%s: %s); reset it for a new connection",
                               liion_status_str(st->broken_status), st->broken_msg);

    /* Fast path: a whole frame at the start of the input is checked and yielded in place. */
    if (st->pre_have == 0 && len >= LIION_HSMS_CONTROL_FRAME_BYTES &&
        !((st->flags & LIION_HSMS_STREAM_SKIP_TOO_LONG) &&
          (uint64_t)liion__load_be32(data) > st->ctx->max_message_bytes)) {
        uint32_t length = liion__load_be32(data);
        s = stream_length(st, length, st->offset);
        if (s != LIION_OK)
            return s;
        if (len - LIION_HSMS_LENGTH_BYTES >= (size_t)length) {
            s = stream_header(st, data + LIION_HSMS_LENGTH_BYTES);
            if (s != LIION_OK)
                return s;
            stream_yield(st, data + LIION_HSMS_CONTROL_FRAME_BYTES);
            pos = LIION_HSMS_LENGTH_BYTES + (size_t)length;
            st->offset += pos;
            if (consumed != NULL)
                *consumed = pos;
            return LIION_OK;
        }
    }

    while (pos < len) {
        size_t left = len - pos;
        if (st->pre_have < LIION_HSMS_LENGTH_BYTES) {
            size_t n = LIION_HSMS_LENGTH_BYTES - st->pre_have;
            if (n > left)
                n = left;
            if (st->pre_have == 0)
                st->frame_start = st->offset + pos;
            memcpy(st->pre + st->pre_have, data + pos, n);
            st->pre_have += n;
            pos += n;
            if (st->pre_have == LIION_HSMS_LENGTH_BYTES) {
                s = stream_length(st, liion__load_be32(st->pre), st->frame_start);
                if (s != LIION_OK)
                    return s;
            }
            continue;
        }
        if (st->pre_have < LIION_HSMS_CONTROL_FRAME_BYTES) {
            size_t n = LIION_HSMS_CONTROL_FRAME_BYTES - st->pre_have;
            if (n > left)
                n = left;
            memcpy(st->pre + st->pre_have, data + pos, n);
            st->pre_have += n;
            pos += n;
            if (st->pre_have == LIION_HSMS_CONTROL_FRAME_BYTES) {
                s = stream_header(st, st->pre + LIION_HSMS_LENGTH_BYTES);
                if (s != LIION_OK)
                    return s;
                if (st->body_need == 0) {
                    stream_yield(st, NULL);
                    break;
                }
            }
            continue;
        }
        /* gathering the body */
        {
            size_t n = st->body_need - st->body_have;
            if (n > left)
                n = left;
            if (st->skipping) {
                /* over the limit: count the bytes, keep none */
                st->body_have += n;
                pos += n;
                if (st->body_have == st->body_need) {
                    stream_yield(st, NULL);
                    break;
                }
                continue;
            }
            if (st->body_have == 0 && n == st->body_need) {
                /* the whole body is in this chunk: no copy */
                pos += n;
                stream_yield(st, data + pos - n);
                break;
            }
            s = stream_reserve(st, st->body_have + n);
            if (s != LIION_OK) {
                st->offset += pos;
                if (consumed != NULL)
                    *consumed = pos;
                return s;
            }
            memcpy(st->buf + st->body_have, data + pos, n);
            st->body_have += n;
            pos += n;
            if (st->body_have == st->body_need) {
                stream_yield(st, st->buf);
                break;
            }
        }
    }
    st->offset += pos;
    if (consumed != NULL)
        *consumed = pos;
    return LIION_OK;
}

LIION_API liion_status liion_hsms_stream_frame(liion_hsms_header *hdr, const uint8_t **body,
                                               size_t *body_len, liion_hsms_stream *st)
{
    liion_status s = stream_enter(st);
    if (s != LIION_OK)
        return s;
    if (!hdr_out_ok(hdr))
        return liion__error(st->ctx, LIION_E_INVALID_ARG,
                            "liion_hsms_header.struct_size is too small");
    if (!st->ready)
        return liion__error(st->ctx, LIION_E_STATE,
                            st->broken ? "HSMS stream is broken: no frame"
                                       : "no HSMS frame is ready: feed more bytes");
    hdr_out(hdr, &st->hdr);
    if (body != NULL)
        *body = st->body;
    if (body_len != NULL)
        *body_len = st->body_len;
    return LIION_OK;
}
