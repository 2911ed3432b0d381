/*
 * The sans-I/O HSMS-SS session (SEMI E37 / E37.1): a state machine over the HSMS stream
 * decoder. Bytes and time in, bytes and events out; no socket, thread or clock here.
 */
#include "core/core.h"

#include <liion/gem.h>
#include <liion/secs.h>
#include <string.h>

#define LIION__MAGIC_HSMS 0x68736d73u /* "hsms" */
#define NEVER UINT64_MAX

typedef struct ev_rec {
    liion_hsms_event ev; /* body is NULL here; body_off locates it in the body buffer */
    size_t body_off;
} ev_rec;

typedef struct txn {
    uint64_t deadline;
    uint64_t user_tag;
    uint32_t system_bytes;
    uint8_t stream, function;
} txn;

struct liion_hsms {
    uint32_t magic;
    liion_ctx *ctx;
    liion_hsms_stream *st;
    uint32_t role, flags;
    uint16_t session_id;
    uint64_t t3, t5, t6, t7, t8, linktest;
    liion_hsms_state state;
    uint32_t next_sys;
    /* bytes to send */
    uint8_t *out;
    size_t out_head, out_len, out_cap;
    /* events and their bodies */
    ev_rec *evs;
    size_t ev_head, ev_len, ev_cap;
    uint8_t *evb;
    size_t evb_len, evb_cap;
    /* open data transactions */
    txn *tx;
    size_t tx_len, tx_cap;
    /* the one open control transaction */
    int ctl_open, ctl_auto;
    uint8_t ctl_stype;
    uint32_t ctl_sys;
    uint64_t ctl_deadline;
    /* supported primary messages: bit (function) of row (stream); NULL = all */
    uint8_t *supported;
    /* #LIION_HSMS_OPT_CHECK_BODY: message reused to check received bodies (created lazily) */
    liion_secs_msg *chk;
    /* timers */
    uint64_t t7_deadline, linktest_due, last_rx, connect_time;
};

/* ---- small helpers ------------------------------------------------------------------- */

static uint64_t add_ms(uint64_t now, uint64_t ms)
{
    return now > NEVER - ms ? NEVER : now + ms;
}

static liion_status hsms_enter(liion_hsms *h)
{
    if (h == NULL)
        return LIION_E_INVALID_ARG;
    if (h->magic != LIION__MAGIC_HSMS)
        return LIION_E_MISUSE;
    return liion__ctx_enter(h->ctx);
}

static liion_status grow(liion_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem)
{
    size_t ncap, old_bytes, new_bytes;
    void *np;
    if (need <= *cap)
        return LIION_OK;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > ((size_t)-1) / 2)
            return liion__error(ctx, LIION_E_NOMEM, "hsms: buffer size overflow");
        ncap *= 2;
    }
    if (!liion__size_mul(ncap, elem, &new_bytes))
        return liion__error(ctx, LIION_E_NOMEM, "hsms: buffer size overflow");
    old_bytes = *cap * elem;
    np = *p ? liion__realloc(ctx, *p, old_bytes, new_bytes) : liion__alloc(ctx, new_bytes);
    if (np == NULL)
        return LIION_E_NOMEM;
    *p = np;
    *cap = ncap;
    return LIION_OK;
}

/* Reserve n bytes at the end of the output queue. */
static liion_status out_reserve(liion_hsms *h, size_t n, uint8_t **at)
{
    size_t need;
    liion_status s;
    if (h->out_head == h->out_len)
        h->out_head = h->out_len = 0;
    if (!liion__size_add(h->out_len, n, &need))
        return liion__error(h->ctx, LIION_E_NOMEM, "hsms: output queue overflow");
    s = grow(h->ctx, (void **)&h->out, &h->out_cap, need, 1);
    if (s != LIION_OK)
        return s;
    *at = h->out + h->out_len;
    return LIION_OK;
}

static liion_status send_control(liion_hsms *h, liion_hsms_stype stype, uint16_t session_id,
                                 uint32_t sys, uint8_t status, uint8_t reject_type)
{
    uint8_t *at = NULL;
    size_t w = 0;
    liion_status s = out_reserve(h, LIION_HSMS_CONTROL_FRAME_BYTES, &at);
    if (s != LIION_OK)
        return s;
    s = liion_hsms_encode_control(at, LIION_HSMS_CONTROL_FRAME_BYTES, &w, h->ctx, stype,
                                  session_id, sys, status, reject_type);
    if (s != LIION_OK)
        return s;
    h->out_len += w;
    return LIION_OK;
}

static liion_status send_reject(liion_hsms *h, const liion_hsms_header *rej,
                                liion_hsms_reject_reason reason)
{
    uint8_t *at = NULL;
    size_t w = 0;
    liion_status s = out_reserve(h, LIION_HSMS_CONTROL_FRAME_BYTES, &at);
    if (s != LIION_OK)
        return s;
    s = liion_hsms_encode_reject(at, LIION_HSMS_CONTROL_FRAME_BYTES, &w, h->ctx, rej, reason);
    if (s != LIION_OK)
        return s;
    h->out_len += w;
    return LIION_OK;
}

static liion_status send_frame(liion_hsms *h, uint8_t stream, uint8_t function, uint8_t wbit,
                               uint32_t sys, const uint8_t *body, size_t body_len)
{
    uint8_t *at = NULL;
    size_t w = 0, size = liion_hsms_frame_size(body_len);
    liion_status s;
    if (size == 0)
        return liion__error(h->ctx, LIION_E_RANGE, "hsms: body of %zu bytes too long", body_len);
    s = out_reserve(h, size, &at);
    if (s != LIION_OK)
        return s;
    s = liion_hsms_encode_data(at, size, &w, h->ctx, h->session_id, stream, function, wbit, sys,
                               body, body_len);
    if (s != LIION_OK)
        return s;
    h->out_len += w;
    return LIION_OK;
}

static int sys_in_use(const liion_hsms *h, uint32_t sys)
{
    size_t i;
    if (h->ctl_open && h->ctl_sys == sys)
        return 1;
    for (i = 0; i < h->tx_len; i++)
        if (h->tx[i].system_bytes == sys)
            return 1;
    return 0;
}

static uint32_t alloc_sys(liion_hsms *h)
{
    uint32_t s;
    do {
        s = h->next_sys++;
        if (h->next_sys == 0)
            h->next_sys = 1;
    } while (s == 0 || sys_in_use(h, s));
    return s;
}

/* Queue an event; body (may be NULL) is copied. */
static liion_status push_ev(liion_hsms *h, const liion_hsms_event *ev, const uint8_t *body,
                            size_t body_len)
{
    liion_status s;
    ev_rec *r;
    if (h->ev_head == h->ev_len) {
        h->ev_head = h->ev_len = 0;
        h->evb_len = 0;
    }
    s = grow(h->ctx, (void **)&h->evs, &h->ev_cap, h->ev_len + 1, sizeof(ev_rec));
    if (s != LIION_OK)
        return s;
    if (body_len > 0) {
        size_t need;
        if (!liion__size_add(h->evb_len, body_len, &need))
            return liion__error(h->ctx, LIION_E_NOMEM, "hsms: event queue overflow");
        s = grow(h->ctx, (void **)&h->evb, &h->evb_cap, need, 1);
        if (s != LIION_OK)
            return s;
    }
    r = &h->evs[h->ev_len++];
    r->ev = *ev;
    r->ev.state = (uint32_t)h->state;
    r->ev.body = NULL;
    r->ev.body_len = body_len;
    r->body_off = h->evb_len;
    if (body_len > 0) {
        memcpy(h->evb + h->evb_len, body, body_len);
        h->evb_len += body_len;
    }
    return LIION_OK;
}

static void ev_init(liion_hsms_event *ev, liion_hsms_event_type type)
{
    memset(ev, 0, sizeof *ev);
    ev->struct_size = (uint32_t)sizeof *ev;
    ev->type = (uint32_t)type;
}

static void ev_from_header(liion_hsms_event *ev, const liion_hsms_header *hd)
{
    ev->system_bytes = hd->system_bytes;
    ev->session_id = hd->session_id;
    ev->stype = hd->stype;
    ev->stream = hd->stream;
    ev->function = hd->function;
    ev->wbit = hd->wbit;
}

static liion_status set_state(liion_hsms *h, liion_hsms_state ns, uint64_t now)
{
    liion_hsms_event ev;
    liion_hsms_state prev = h->state;
    if (prev == ns)
        return LIION_OK;
    h->state = ns;
    h->t7_deadline = ns == LIION_HSMS_NOT_SELECTED ? add_ms(now, h->t7) : NEVER;
    ev_init(&ev, LIION_HSMS_EV_STATE);
    ev.prev_state = (uint32_t)prev;
    return push_ev(h, &ev, NULL, 0);
}

/* End the connection from inside: abort transactions, NOT CONNECTED, start T5. Keeps the
 * output queue (it may end with a Separate.req the application must still write). */
static liion_status end_connection(liion_hsms *h, uint64_t now, int close_reason)
{
    liion_status first = LIION_OK, s;
    size_t i;
    liion_hsms_event ev;
    for (i = 0; i < h->tx_len; i++) {
        ev_init(&ev, LIION_HSMS_EV_ABORTED);
        ev.user_tag = h->tx[i].user_tag;
        ev.system_bytes = h->tx[i].system_bytes;
        ev.session_id = h->session_id;
        ev.stream = h->tx[i].stream;
        ev.function = h->tx[i].function;
        ev.wbit = 1;
        s = push_ev(h, &ev, NULL, 0);
        if (first == LIION_OK)
            first = s;
    }
    h->tx_len = 0;
    h->ctl_open = 0;
    h->linktest_due = NEVER;
    liion_hsms_stream_reset(h->st);
    s = set_state(h, LIION_HSMS_NOT_CONNECTED, now);
    if (first == LIION_OK)
        first = s;
    h->connect_time = add_ms(now, h->t5);
    if (close_reason != 0) {
        ev_init(&ev, LIION_HSMS_EV_CLOSE);
        ev.code = (uint32_t)close_reason;
        s = push_ev(h, &ev, NULL, 0);
        if (first == LIION_OK)
            first = s;
    }
    return first;
}

static liion_status open_control(liion_hsms *h, liion_hsms_stype stype, uint64_t now, int is_auto)
{
    uint32_t sys = alloc_sys(h);
    liion_status s = send_control(h, stype, LIION_HSMS_SESSION_ALL, sys, 0, 0);
    if (s != LIION_OK)
        return s;
    h->ctl_open = 1;
    h->ctl_auto = is_auto;
    h->ctl_stype = (uint8_t)stype;
    h->ctl_sys = sys;
    h->ctl_deadline = add_ms(now, h->t6);
    if (stype == LIION_HSMS_LINKTEST_REQ)
        h->linktest_due = NEVER;
    return LIION_OK;
}

static void hdr_bytes(uint8_t out[10], const liion_hsms_header *hd)
{
    out[0] = (uint8_t)(hd->session_id >> 8);
    out[1] = (uint8_t)hd->session_id;
    if (hd->stype == LIION_HSMS_DATA) {
        out[2] = (uint8_t)((hd->wbit ? 0x80u : 0u) | (hd->stream & 0x7fu));
        out[3] = hd->function;
    } else {
        out[2] = hd->reject_type;
        out[3] = hd->status;
    }
    out[4] = hd->ptype;
    out[5] = hd->stype;
    out[6] = (uint8_t)(hd->system_bytes >> 24);
    out[7] = (uint8_t)(hd->system_bytes >> 16);
    out[8] = (uint8_t)(hd->system_bytes >> 8);
    out[9] = (uint8_t)hd->system_bytes;
}

static liion_status queue_s9(liion_hsms *h, uint32_t *sys_out, uint8_t function,
                             const liion_hsms_header *about)
{
    uint8_t body[12];
    uint32_t sys = alloc_sys(h);
    liion_status s;
    body[0] = 0x21; /* B, 1 length byte */
    body[1] = 10;
    hdr_bytes(body + 2, about);
    s = send_frame(h, 9, function, 0, sys, body, sizeof body);
    if (s == LIION_OK && sys_out)
        *sys_out = sys;
    return s;
}

/* ---- received frames --------------------------------------------------------------- */

static liion_status protocol_error(liion_hsms *h, liion_hsms_error code, const liion_hsms_header *hd,
                                   const uint8_t *body, size_t body_len)
{
    liion_hsms_event ev;
    ev_init(&ev, LIION_HSMS_EV_PROTOCOL_ERROR);
    ev.code = (uint32_t)code;
    if (hd)
        ev_from_header(&ev, hd);
    return push_ev(h, &ev, body, body_len);
}

/* An answer to a primary this side refuses: S9Fx from the equipment, SxF0 from a host when
 * the sender waits for a reply. */
static liion_status refuse(liion_hsms *h, const liion_hsms_header *hd, uint8_t s9_function)
{
    if (h->flags & LIION_HSMS_OPT_EQUIPMENT)
        return queue_s9(h, NULL, s9_function, hd);
    if (hd->wbit && (hd->function & 1u))
        return send_frame(h, hd->stream, 0, 0, hd->system_bytes, NULL, 0);
    return LIION_OK;
}

/* #LIION_HSMS_OPT_CHECK_BODY: is the body one well-formed SECS-II item? Returns LIION_OK when
 * it is, LIION_E_NOMEM, or LIION_E_DECODE after reporting and answering it (S9F7). */
static liion_status check_body(liion_hsms *h, const liion_hsms_header *hd, const uint8_t *body,
                               size_t body_len)
{
    liion_hsms_event ev;
    liion_status s;
    if (h->chk == NULL) {
        s = liion_secs_msg_new(&h->chk, h->ctx);
        if (s != LIION_OK)
            return s;
    }
    s = liion_secs_msg_decode(h->chk, body, body_len);
    if (s == LIION_OK || s == LIION_E_NOMEM)
        return s;
    ev_init(&ev, LIION_HSMS_EV_PROTOCOL_ERROR);
    ev.code = LIION_HSMS_ERR_ILLEGAL_DATA;
    ev.status = (uint32_t)s;
    ev.offset = liion_ctx_error_offset(h->ctx);
    ev_from_header(&ev, hd);
    liion__log(h->ctx, LIION_LOG_WARNING, "hsms: S%uF%u with illegal data: %s",
               (unsigned)hd->stream, (unsigned)hd->function, liion_ctx_errmsg(h->ctx));
    liion__ctx_enter(h->ctx);
    s = push_ev(h, &ev, body, body_len);
    if (s == LIION_OK)
        s = refuse(h, hd, 7);
    return s == LIION_OK ? LIION_E_DECODE : s;
}

static liion_status on_data(liion_hsms *h, const liion_hsms_header *hd, const uint8_t *body,
                            size_t body_len)
{
    liion_hsms_event ev;
    liion_status s;
    size_t i;
    if (h->state != LIION_HSMS_SELECTED) {
        s = send_reject(h, hd, LIION_HSMS_REJECT_ENTITY_NOT_SELECTED);
        if (s != LIION_OK)
            return s;
        return protocol_error(h, LIION_HSMS_ERR_NOT_SELECTED, hd, NULL, 0);
    }
    if (hd->session_id != h->session_id) {
        s = protocol_error(h, LIION_HSMS_ERR_UNKNOWN_SESSION, hd, body, body_len);
        if (s == LIION_OK && (h->flags & LIION_HSMS_OPT_EQUIPMENT))
            s = queue_s9(h, NULL, 1, hd);
        return s;
    }
    if (hd->flags & LIION_HSMS_FLAG_TOO_LONG) {
        /* E5: data too long -> S9F11 (equipment), for a primary or a reply; its body was never
         * kept. A host aborts a waiting primary with SxF0; a reply leaves its transaction
         * open until T3. */
        s = protocol_error(h, LIION_HSMS_ERR_TOO_LONG, hd, NULL, 0);
        if (s != LIION_OK)
            return s;
        if (h->flags & LIION_HSMS_OPT_EQUIPMENT)
            return queue_s9(h, NULL, 11, hd);
        return refuse(h, hd, 11);
    }
    if ((hd->function & 1u) && h->supported != NULL &&
        !(h->supported[(size_t)hd->stream * 32u + hd->function / 8u] & (1u << (hd->function % 8u)))) {
        /* E5: unknown stream -> S9F3, unknown function -> S9F5 (equipment); a host aborts
         * the transaction with SxF0 */
        int known_stream = 0;
        for (size_t k = 0; k < 32; k++)
            known_stream |= h->supported[(size_t)hd->stream * 32u + k];
        s = protocol_error(h, known_stream ? LIION_HSMS_ERR_UNKNOWN_FUNCTION : LIION_HSMS_ERR_UNKNOWN_STREAM,
                           hd, body, body_len);
        if (s != LIION_OK)
            return s;
        return refuse(h, hd, known_stream ? 5 : 3);
    }
    if ((h->flags & LIION_HSMS_OPT_CHECK_BODY) && (hd->function & 1u) && body_len > 0) {
        s = check_body(h, hd, body, body_len);
        if (s != LIION_OK)
            return s == LIION_E_DECODE ? LIION_OK : s;
    }
    if (hd->function & 1u) {
        ev_init(&ev, LIION_HSMS_EV_DATA);
        ev_from_header(&ev, hd);
        return push_ev(h, &ev, body, body_len);
    }
    for (i = 0; i < h->tx_len; i++) {
        if (h->tx[i].system_bytes == hd->system_bytes) {
            ev_init(&ev, LIION_HSMS_EV_REPLY);
            ev_from_header(&ev, hd);
            ev.user_tag = h->tx[i].user_tag;
            s = push_ev(h, &ev, body, body_len);
            if (s != LIION_OK)
                return s;
            h->tx[i] = h->tx[--h->tx_len];
            return LIION_OK;
        }
    }
    s = send_reject(h, hd, LIION_HSMS_REJECT_TRANSACTION_NOT_OPEN);
    if (s != LIION_OK)
        return s;
    return protocol_error(h, LIION_HSMS_ERR_UNEXPECTED_REPLY, hd, body, body_len);
}

/* A response to our control transaction? Closes it and reports; else rejects. */
static liion_status on_response(liion_hsms *h, const liion_hsms_header *hd, uint8_t req_stype,
                                uint64_t now)
{
    liion_hsms_event ev;
    liion_status s;
    int was_auto;
    if (!h->ctl_open || h->ctl_stype != req_stype || h->ctl_sys != hd->system_bytes) {
        s = send_reject(h, hd, LIION_HSMS_REJECT_TRANSACTION_NOT_OPEN);
        if (s != LIION_OK)
            return s;
        return protocol_error(h, LIION_HSMS_ERR_UNEXPECTED_RESPONSE, hd, NULL, 0);
    }
    h->ctl_open = 0;
    was_auto = h->ctl_auto;
    if (req_stype == LIION_HSMS_SELECT_REQ && hd->status == LIION_HSMS_SELECT_OK) {
        s = set_state(h, LIION_HSMS_SELECTED, now);
        if (s != LIION_OK)
            return s;
    } else if (req_stype == LIION_HSMS_DESELECT_REQ && hd->status == LIION_HSMS_DESELECT_OK &&
               h->state == LIION_HSMS_SELECTED) {
        s = set_state(h, LIION_HSMS_NOT_SELECTED, now);
        if (s != LIION_OK)
            return s;
    }
    if (h->linktest > 0 && h->linktest_due == NEVER)
        h->linktest_due = add_ms(now, h->linktest);
    if (was_auto)
        return LIION_OK;
    ev_init(&ev, LIION_HSMS_EV_CONTROL);
    ev_from_header(&ev, hd);
    ev.code = hd->status;
    return push_ev(h, &ev, NULL, 0);
}

static liion_status on_reject(liion_hsms *h, const liion_hsms_header *hd, uint64_t now)
{
    liion_hsms_event ev;
    size_t i;
    ev_init(&ev, LIION_HSMS_EV_REJECTED);
    ev_from_header(&ev, hd);
    ev.stype = hd->reject_type;
    ev.code = hd->status;
    if (h->ctl_open && h->ctl_sys == hd->system_bytes) {
        h->ctl_open = 0;
        if (h->linktest > 0 && h->linktest_due == NEVER)
            h->linktest_due = add_ms(now, h->linktest);
    } else {
        for (i = 0; i < h->tx_len; i++) {
            if (h->tx[i].system_bytes == hd->system_bytes) {
                ev.user_tag = h->tx[i].user_tag;
                ev.stream = h->tx[i].stream;
                ev.function = h->tx[i].function;
                ev.wbit = 1;
                h->tx[i] = h->tx[--h->tx_len];
                break;
            }
        }
    }
    return push_ev(h, &ev, NULL, 0);
}

static liion_status on_frame(liion_hsms *h, const liion_hsms_header *hd, const uint8_t *body,
                             size_t body_len, uint64_t now)
{
    liion_status s;
    if (hd->flags & LIION_HSMS_FLAG_UNSUPPORTED) {
        s = send_reject(h, hd,
                        hd->ptype != 0 ? LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED
                                       : LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED);
        if (s != LIION_OK)
            return s;
        return protocol_error(h, LIION_HSMS_ERR_UNSUPPORTED, hd, NULL, 0);
    }
    switch (hd->stype) {
    case LIION_HSMS_DATA:
        return on_data(h, hd, body, body_len);
    case LIION_HSMS_SELECT_REQ:
        if (h->state == LIION_HSMS_SELECTED)
            return send_control(h, LIION_HSMS_SELECT_RSP, hd->session_id, hd->system_bytes,
                                LIION_HSMS_SELECT_ALREADY_ACTIVE, 0);
        s = send_control(h, LIION_HSMS_SELECT_RSP, hd->session_id, hd->system_bytes,
                         LIION_HSMS_SELECT_OK, 0);
        if (s != LIION_OK)
            return s;
        return set_state(h, LIION_HSMS_SELECTED, now);
    case LIION_HSMS_SELECT_RSP:
        return on_response(h, hd, LIION_HSMS_SELECT_REQ, now);
    case LIION_HSMS_DESELECT_REQ:
        if (h->state != LIION_HSMS_SELECTED)
            return send_control(h, LIION_HSMS_DESELECT_RSP, hd->session_id, hd->system_bytes,
                                LIION_HSMS_DESELECT_NOT_ESTABLISHED, 0);
        s = send_control(h, LIION_HSMS_DESELECT_RSP, hd->session_id, hd->system_bytes,
                         LIION_HSMS_DESELECT_OK, 0);
        if (s != LIION_OK)
            return s;
        return set_state(h, LIION_HSMS_NOT_SELECTED, now);
    case LIION_HSMS_DESELECT_RSP:
        return on_response(h, hd, LIION_HSMS_DESELECT_REQ, now);
    case LIION_HSMS_LINKTEST_REQ:
        return send_control(h, LIION_HSMS_LINKTEST_RSP, LIION_HSMS_SESSION_ALL, hd->system_bytes,
                            0, 0);
    case LIION_HSMS_LINKTEST_RSP:
        return on_response(h, hd, LIION_HSMS_LINKTEST_REQ, now);
    case LIION_HSMS_REJECT_REQ:
        return on_reject(h, hd, now);
    case LIION_HSMS_SEPARATE_REQ:
        return end_connection(h, now, LIION_HSMS_CLOSE_SEPARATE_RECEIVED);
    default: /* the decoder yields no other SType without the UNSUPPORTED flag */
        return protocol_error(h, LIION_HSMS_ERR_UNSUPPORTED, hd, NULL, 0);
    }
}

/* Out of memory while handling input: the session state may miss an answer, so end the
 * connection (best effort: its events may not fit either). */
static liion_status fail_nomem(liion_hsms *h, uint64_t now)
{
    char msg[LIION__ERRMSG_CAP];
    size_t n = strlen(h->ctx->errmsg);
    memcpy(msg, h->ctx->errmsg, n + 1);
    if (h->state != LIION_HSMS_NOT_CONNECTED) {
        liion_hsms_event ev;
        ev_init(&ev, LIION_HSMS_EV_PROTOCOL_ERROR);
        ev.code = LIION_HSMS_ERR_NOMEM;
        ev.status = LIION_E_NOMEM;
        (void)push_ev(h, &ev, NULL, 0);
        (void)end_connection(h, now, LIION_HSMS_CLOSE_NOMEM);
    }
    return liion__error(h->ctx, LIION_E_NOMEM, "%s", msg);
}

/* ---- public API ---------------------------------------------------------------------- */

liion_status liion_hsms_options_init(liion_hsms_options *opts, uint32_t struct_size)
{
    if (opts == NULL || struct_size < sizeof(uint32_t))
        return LIION_E_INVALID_ARG;
    memset(opts, 0, struct_size < sizeof *opts ? struct_size : sizeof *opts);
    opts->struct_size = struct_size;
    return LIION_OK;
}

liion_status liion_hsms_new(liion_hsms **out, liion_ctx *ctx, const liion_hsms_options *opts)
{
    liion_hsms_options o;
    liion_hsms *h;
    liion_status s;
    uint32_t sflags;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    memset(&o, 0, sizeof o);
    if (opts != NULL) {
        size_t n = opts->struct_size;
        if (n < sizeof(uint32_t))
            return liion__error(ctx, LIION_E_INVALID_ARG, "hsms: options struct_size %zu too small",
                                n);
        if (n > sizeof o) {
            const uint8_t *tail = (const uint8_t *)opts + sizeof o;
            size_t i;
            for (i = 0; i < n - sizeof o; i++)
                if (tail[i] != 0)
                    return liion__error(ctx, LIION_E_UNSUPPORTED,
                                        "hsms: options larger than this library knows");
            n = sizeof o;
        }
        memcpy(&o, opts, n);
    }
    if (o.role > LIION_HSMS_ROLE_PASSIVE)
        return liion__error(ctx, LIION_E_INVALID_ARG, "hsms: unknown role %u", o.role);
    if (o.session_id > 0x7fffu)
        return liion__error(ctx, LIION_E_INVALID_ARG, "hsms: session ID %u over 32767",
                            o.session_id);
    if (o.flags & ~(LIION_HSMS_OPT_NO_AUTO_SELECT | LIION_HSMS_OPT_EQUIPMENT |
                    LIION_HSMS_OPT_LENIENT | LIION_HSMS_OPT_CHECK_BODY))
        return liion__error(ctx, LIION_E_INVALID_ARG, "hsms: unknown option flag 0x%x", o.flags);
    h = liion__calloc(ctx, 1, sizeof *h);
    if (h == NULL)
        return LIION_E_NOMEM;
    sflags = LIION_HSMS_STREAM_PASS_UNSUPPORTED | LIION_HSMS_STREAM_SKIP_TOO_LONG;
    if (o.flags & LIION_HSMS_OPT_LENIENT)
        sflags |= LIION_HSMS_STREAM_LENIENT;
    s = liion_hsms_stream_new(&h->st, ctx, sflags);
    if (s == LIION_OK)
        s = liion_hsms_stream_set_session_id(h->st, (int32_t)o.session_id);
    if (s != LIION_OK) {
        liion_hsms_stream_free(h->st);
        liion__free(ctx, h, sizeof *h);
        return s;
    }
    h->magic = LIION__MAGIC_HSMS;
    h->ctx = ctx;
    h->role = o.role;
    h->flags = o.flags;
    h->session_id = (uint16_t)o.session_id;
    h->t3 = o.t3_ms ? o.t3_ms : 45000u;
    h->t5 = o.t5_ms ? o.t5_ms : 10000u;
    h->t6 = o.t6_ms ? o.t6_ms : 5000u;
    h->t7 = o.t7_ms ? o.t7_ms : 10000u;
    h->t8 = o.t8_ms ? o.t8_ms : 5000u;
    h->linktest = o.linktest_ms;
    h->state = LIION_HSMS_NOT_CONNECTED;
    h->next_sys = 1;
    h->t7_deadline = h->linktest_due = NEVER;
    *out = h;
    return LIION_OK;
}

void liion_hsms_free(liion_hsms *h)
{
    liion_ctx *ctx;
    if (h == NULL || h->magic != LIION__MAGIC_HSMS)
        return;
    ctx = h->ctx;
    liion_hsms_stream_free(h->st);
    if (h->out)
        liion__free(ctx, h->out, h->out_cap);
    if (h->evs)
        liion__free(ctx, h->evs, h->ev_cap * sizeof(ev_rec));
    if (h->evb)
        liion__free(ctx, h->evb, h->evb_cap);
    if (h->tx)
        liion__free(ctx, h->tx, h->tx_cap * sizeof(txn));
    if (h->supported)
        liion__free(ctx, h->supported, 128u * 32u);
    liion_secs_msg_free(h->chk);
    h->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, h, sizeof *h);
}

liion_hsms_state liion_hsms_get_state(const liion_hsms *h)
{
    return h && h->magic == LIION__MAGIC_HSMS ? h->state : LIION_HSMS_NOT_CONNECTED;
}

uint64_t liion_hsms_connect_time(const liion_hsms *h)
{
    return h && h->magic == LIION__MAGIC_HSMS ? h->connect_time : 0;
}

liion_status liion_hsms_connected(liion_hsms *h, uint64_t now_ms)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (h->state != LIION_HSMS_NOT_CONNECTED)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: already connected (%s)",
                            liion_hsms_state_str(h->state));
    liion_hsms_stream_reset(h->st);
    h->out_head = h->out_len = 0;
    h->ctl_open = 0;
    h->last_rx = now_ms;
    s = set_state(h, LIION_HSMS_NOT_SELECTED, now_ms);
    if (s != LIION_OK) {
        h->state = LIION_HSMS_NOT_CONNECTED;
        return s;
    }
    /* E37 linktest runs on every connection, a reconnect included (secs4net #68). */
    h->linktest_due = h->linktest > 0 ? add_ms(now_ms, h->linktest) : NEVER;
    if (h->role == LIION_HSMS_ROLE_ACTIVE && !(h->flags & LIION_HSMS_OPT_NO_AUTO_SELECT)) {
        s = open_control(h, LIION_HSMS_SELECT_REQ, now_ms, 0);
        if (s != LIION_OK)
            return s; /* connected, not selected: the caller may retry liion_hsms_select() */
    }
    return LIION_OK;
}

liion_status liion_hsms_disconnected(liion_hsms *h, uint64_t now_ms)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    h->out_head = h->out_len = 0;
    if (h->state == LIION_HSMS_NOT_CONNECTED) {
        h->connect_time = add_ms(now_ms, h->t5);
        return LIION_OK;
    }
    return end_connection(h, now_ms, 0);
}

liion_status liion_hsms_feed(liion_hsms *h, const uint8_t *data, size_t len, uint64_t now_ms)
{
    size_t pos = 0;
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (data == NULL && len > 0)
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: NULL data");
    if (h->state == LIION_HSMS_NOT_CONNECTED)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: feed while NOT CONNECTED");
    if (len > 0)
        h->last_rx = now_ms;
    while (pos < len && h->state != LIION_HSMS_NOT_CONNECTED) {
        size_t used = 0;
        s = liion_hsms_stream_feed(&used, h->st, data + pos, len - pos);
        if (s == LIION_E_NOMEM)
            return fail_nomem(h, now_ms);
        if (s != LIION_OK) {
            /* The byte stream is lost: never guess where the next frame starts (secs4net
             * #91). Report, tell a selected peer with Separate.req, close. */
            liion_hsms_event ev;
            int was_selected = h->state == LIION_HSMS_SELECTED;
            ev_init(&ev, LIION_HSMS_EV_PROTOCOL_ERROR);
            ev.code = LIION_HSMS_ERR_MALFORMED;
            ev.status = (uint32_t)s;
            ev.offset = liion_ctx_error_offset(h->ctx);
            liion__log(h->ctx, LIION_LOG_WARNING, "hsms: malformed frame, closing: %s",
                       liion_ctx_errmsg(h->ctx));
            liion__ctx_enter(h->ctx);
            s = push_ev(h, &ev, NULL, 0);
            if (s == LIION_OK && was_selected)
                s = send_control(h, LIION_HSMS_SEPARATE_REQ, LIION_HSMS_SESSION_ALL,
                                 alloc_sys(h), 0, 0);
            if (s == LIION_OK)
                s = end_connection(h, now_ms, LIION_HSMS_CLOSE_MALFORMED);
            if (s != LIION_OK)
                return fail_nomem(h, now_ms);
            return LIION_OK;
        }
        pos += used;
        if (liion_hsms_stream_ready(h->st)) {
            liion_hsms_header hd = LIION_HSMS_HEADER_INIT;
            const uint8_t *body = NULL;
            size_t body_len = 0;
            s = liion_hsms_stream_frame(&hd, &body, &body_len, h->st);
            if (s == LIION_OK)
                s = on_frame(h, &hd, body, body_len, now_ms);
            if (s == LIION_E_NOMEM)
                return fail_nomem(h, now_ms);
            if (s != LIION_OK)
                return s;
        }
    }
    return LIION_OK;
}

liion_status liion_hsms_tick(liion_hsms *h, uint64_t now_ms)
{
    liion_hsms_event ev;
    size_t i;
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (h->state == LIION_HSMS_NOT_CONNECTED)
        return LIION_OK;
    if (h->ctl_open && now_ms >= h->ctl_deadline) {
        ev_init(&ev, LIION_HSMS_EV_TIMEOUT);
        ev.code = LIION_HSMS_T6;
        ev.stype = h->ctl_stype;
        ev.system_bytes = h->ctl_sys;
        s = push_ev(h, &ev, NULL, 0);
        if (s == LIION_OK)
            s = end_connection(h, now_ms, LIION_HSMS_CLOSE_T6);
        return s == LIION_E_NOMEM ? fail_nomem(h, now_ms) : s;
    }
    if (h->state == LIION_HSMS_NOT_SELECTED && now_ms >= h->t7_deadline) {
        ev_init(&ev, LIION_HSMS_EV_TIMEOUT);
        ev.code = LIION_HSMS_T7;
        s = push_ev(h, &ev, NULL, 0);
        if (s == LIION_OK)
            s = end_connection(h, now_ms, LIION_HSMS_CLOSE_T7);
        return s == LIION_E_NOMEM ? fail_nomem(h, now_ms) : s;
    }
    if (liion_hsms_stream_pending(h->st) > 0 && now_ms >= add_ms(h->last_rx, h->t8)) {
        ev_init(&ev, LIION_HSMS_EV_TIMEOUT);
        ev.code = LIION_HSMS_T8;
        s = push_ev(h, &ev, NULL, 0);
        if (s == LIION_OK)
            s = end_connection(h, now_ms, LIION_HSMS_CLOSE_T8);
        return s == LIION_E_NOMEM ? fail_nomem(h, now_ms) : s;
    }
    for (i = 0; i < h->tx_len;) {
        txn t = h->tx[i];
        if (now_ms < t.deadline) {
            i++;
            continue;
        }
        ev_init(&ev, LIION_HSMS_EV_TIMEOUT);
        ev.code = LIION_HSMS_T3;
        ev.user_tag = t.user_tag;
        ev.system_bytes = t.system_bytes;
        ev.session_id = h->session_id;
        ev.stream = t.stream;
        ev.function = t.function;
        ev.wbit = 1;
        s = push_ev(h, &ev, NULL, 0);
        if (s != LIION_OK)
            return s;
        h->tx[i] = h->tx[--h->tx_len];
        if ((h->flags & LIION_HSMS_OPT_EQUIPMENT) && h->state == LIION_HSMS_SELECTED) {
            liion_hsms_header about = LIION_HSMS_HEADER_INIT;
            about.session_id = h->session_id;
            about.stream = t.stream;
            about.function = t.function;
            about.wbit = 1;
            about.system_bytes = t.system_bytes;
            s = queue_s9(h, NULL, 9, &about);
            if (s != LIION_OK)
                return s;
        }
    }
    if (now_ms >= h->linktest_due && !h->ctl_open) {
        s = open_control(h, LIION_HSMS_LINKTEST_REQ, now_ms, 1);
        if (s != LIION_OK)
            return s;
    }
    return LIION_OK;
}

uint64_t liion_hsms_next_deadline(const liion_hsms *h)
{
    uint64_t d = NEVER;
    size_t i;
    if (h == NULL || h->magic != LIION__MAGIC_HSMS || h->state == LIION_HSMS_NOT_CONNECTED)
        return NEVER;
    if (h->ctl_open && h->ctl_deadline < d)
        d = h->ctl_deadline;
    if (h->state == LIION_HSMS_NOT_SELECTED && h->t7_deadline < d)
        d = h->t7_deadline;
    if (liion_hsms_stream_pending(h->st) > 0 && add_ms(h->last_rx, h->t8) < d)
        d = add_ms(h->last_rx, h->t8);
    for (i = 0; i < h->tx_len; i++)
        if (h->tx[i].deadline < d)
            d = h->tx[i].deadline;
    if (!h->ctl_open && h->linktest_due < d)
        d = h->linktest_due;
    return d;
}

liion_status liion_hsms_send_data(uint32_t *system_bytes, liion_hsms *h, uint8_t stream,
                                  uint8_t function, uint8_t wbit, const uint8_t *body,
                                  size_t body_len, uint64_t user_tag, uint64_t now_ms)
{
    uint32_t sys;
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if ((body == NULL && body_len > 0) || stream > 127 || wbit > 1)
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: bad data message arguments");
    if (wbit && !(function & 1u))
        return liion__error(h->ctx, LIION_E_INVALID_ARG,
                            "hsms: S%uF%u: a W-bit message needs a primary (odd) function",
                            stream, function);
    if (h->state != LIION_HSMS_SELECTED)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: data message while %s",
                            liion_hsms_state_str(h->state));
    if (wbit) {
        s = grow(h->ctx, (void **)&h->tx, &h->tx_cap, h->tx_len + 1, sizeof(txn));
        if (s != LIION_OK)
            return s;
    }
    sys = alloc_sys(h);
    s = send_frame(h, stream, function, wbit, sys, body, body_len);
    if (s != LIION_OK)
        return s;
    if (wbit) {
        txn *t = &h->tx[h->tx_len++];
        t->deadline = add_ms(now_ms, h->t3);
        t->user_tag = user_tag;
        t->system_bytes = sys;
        t->stream = stream;
        t->function = function;
    }
    if (system_bytes)
        *system_bytes = sys;
    return LIION_OK;
}

liion_status liion_hsms_reply(liion_hsms *h, uint32_t system_bytes, uint8_t stream,
                              uint8_t function, const uint8_t *body, size_t body_len)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if ((body == NULL && body_len > 0) || stream > 127)
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: bad reply arguments");
    if (function & 1u)
        return liion__error(h->ctx, LIION_E_INVALID_ARG,
                            "hsms: S%uF%u: a reply has an even function", stream, function);
    if (h->state != LIION_HSMS_SELECTED)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: reply while %s",
                            liion_hsms_state_str(h->state));
    return send_frame(h, stream, function, 0, system_bytes, body, body_len);
}

liion_status liion_hsms_send_s9(uint32_t *system_bytes, liion_hsms *h, uint8_t function,
                                const liion_hsms_header *about)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (about == NULL || function == 0 || function > 11 || !(function & 1u))
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: S9F%u is not an error report",
                            function);
    if (h->state != LIION_HSMS_SELECTED)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: S9F%u while %s", function,
                            liion_hsms_state_str(h->state));
    return queue_s9(h, system_bytes, function, about);
}

liion_status liion_hsms_set_supported(liion_hsms *h, uint8_t stream, uint8_t function,
                                     int supported)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (stream > 127 || !(function & 1u))
        return liion__error(h->ctx, LIION_E_INVALID_ARG,
                            "hsms: S%uF%u is not a primary message", stream, function);
    if (h->supported == NULL) {
        h->supported = liion__calloc(h->ctx, 128u * 32u, 1);
        if (h->supported == NULL)
            return LIION_E_NOMEM;
    }
    if (supported)
        h->supported[(size_t)stream * 32u + function / 8u] |= (uint8_t)(1u << (function % 8u));
    else
        h->supported[(size_t)stream * 32u + function / 8u] &= (uint8_t)~(1u << (function % 8u));
    return LIION_OK;
}

static liion_status start_control(liion_hsms *h, liion_hsms_stype stype, liion_hsms_state need,
                                  int any_connected, uint64_t now_ms)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (any_connected ? h->state == LIION_HSMS_NOT_CONNECTED : h->state != need)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: %s while %s", liion_hsms_stype_str(stype),
                            liion_hsms_state_str(h->state));
    if (h->ctl_open)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: %s while %s is open",
                            liion_hsms_stype_str(stype),
                            liion_hsms_stype_str((liion_hsms_stype)h->ctl_stype));
    return open_control(h, stype, now_ms, 0);
}

liion_status liion_hsms_select(liion_hsms *h, uint64_t now_ms)
{
    return start_control(h, LIION_HSMS_SELECT_REQ, LIION_HSMS_NOT_SELECTED, 0, now_ms);
}

liion_status liion_hsms_deselect(liion_hsms *h, uint64_t now_ms)
{
    return start_control(h, LIION_HSMS_DESELECT_REQ, LIION_HSMS_SELECTED, 0, now_ms);
}

liion_status liion_hsms_linktest(liion_hsms *h, uint64_t now_ms)
{
    return start_control(h, LIION_HSMS_LINKTEST_REQ, LIION_HSMS_SELECTED, 1, now_ms);
}

liion_status liion_hsms_separate(liion_hsms *h, uint64_t now_ms)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (h->state != LIION_HSMS_SELECTED)
        return liion__error(h->ctx, LIION_E_STATE, "hsms: Separate.req while %s",
                            liion_hsms_state_str(h->state));
    s = send_control(h, LIION_HSMS_SEPARATE_REQ, LIION_HSMS_SESSION_ALL, alloc_sys(h), 0, 0);
    if (s != LIION_OK)
        return s;
    return end_connection(h, now_ms, LIION_HSMS_CLOSE_SEPARATE_SENT);
}

size_t liion_hsms_out_pending(const liion_hsms *h)
{
    return h && h->magic == LIION__MAGIC_HSMS ? h->out_len - h->out_head : 0;
}

liion_status liion_hsms_out_take(uint8_t *buf, size_t cap, size_t *written, liion_hsms *h)
{
    size_t n;
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (written == NULL || (buf == NULL && cap > 0))
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: NULL buffer");
    n = h->out_len - h->out_head;
    if (n > cap)
        n = cap;
    if (n > 0)
        memcpy(buf, h->out + h->out_head, n);
    h->out_head += n;
    if (h->out_head == h->out_len)
        h->out_head = h->out_len = 0;
    *written = n;
    return LIION_OK;
}

liion_status liion_hsms_out_peek(const uint8_t **data, size_t *len, liion_hsms *h)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (data == NULL || len == NULL)
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: NULL output");
    *len = h->out_len - h->out_head;
    *data = *len ? h->out + h->out_head : NULL;
    return LIION_OK;
}

liion_status liion_hsms_out_consume(liion_hsms *h, size_t n)
{
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (n > h->out_len - h->out_head)
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: consume %zu of %zu bytes", n,
                            h->out_len - h->out_head);
    h->out_head += n;
    if (h->out_head == h->out_len)
        h->out_head = h->out_len = 0;
    return LIION_OK;
}

size_t liion_hsms_event_count(const liion_hsms *h)
{
    return h && h->magic == LIION__MAGIC_HSMS ? h->ev_len - h->ev_head : 0;
}

liion_status liion_hsms_event_next(liion_hsms_event *ev, liion_hsms *h)
{
    liion_hsms_event tmp;
    size_t n;
    liion_status s = hsms_enter(h);
    if (s != LIION_OK)
        return s;
    if (ev == NULL || ev->struct_size < 8)
        return liion__error(h->ctx, LIION_E_INVALID_ARG, "hsms: event struct_size too small");
    n = ev->struct_size < sizeof tmp ? ev->struct_size : sizeof tmp;
    if (h->ev_head == h->ev_len) {
        ev_init(&tmp, LIION_HSMS_EV_NONE);
        tmp.state = (uint32_t)h->state;
    } else {
        const ev_rec *r = &h->evs[h->ev_head++];
        tmp = r->ev;
        if (tmp.body_len > 0)
            tmp.body = h->evb + r->body_off;
    }
    tmp.struct_size = ev->struct_size;
    memcpy(ev, &tmp, n);
    return LIION_OK;
}

size_t liion_hsms_open_transactions(const liion_hsms *h)
{
    return h && h->magic == LIION__MAGIC_HSMS ? h->tx_len : 0;
}

const char *liion_hsms_state_str(liion_hsms_state state)
{
    switch (state) {
    case LIION_HSMS_NOT_CONNECTED: return "NOT CONNECTED";
    case LIION_HSMS_NOT_SELECTED: return "NOT SELECTED";
    case LIION_HSMS_SELECTED: return "SELECTED";
    default: return "unknown state";
    }
}

const char *liion_hsms_event_type_str(liion_hsms_event_type type)
{
    switch (type) {
    case LIION_HSMS_EV_NONE: return "none";
    case LIION_HSMS_EV_STATE: return "state";
    case LIION_HSMS_EV_DATA: return "data";
    case LIION_HSMS_EV_REPLY: return "reply";
    case LIION_HSMS_EV_TIMEOUT: return "timeout";
    case LIION_HSMS_EV_CONTROL: return "control";
    case LIION_HSMS_EV_REJECTED: return "rejected";
    case LIION_HSMS_EV_PROTOCOL_ERROR: return "protocol error";
    case LIION_HSMS_EV_ABORTED: return "aborted";
    case LIION_HSMS_EV_CLOSE: return "close";
    default: return "unknown event";
    }
}
