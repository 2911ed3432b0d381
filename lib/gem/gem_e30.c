/*
 * GEM (E30) host/equipment message bodies: S1F1-F4, S1F15-F18, S2F13/F14, S2F41/F42, S5F1/F2,
 * S6F12, S7F3-F6, S7F19/F20. Encoders write list headers in place and every value with
 * liion_secs_item_encode() (no allocation); decoders walk a liion_secs_msg's body with the
 * item read API and hand back borrowed items.
 */
#include "core/bytes.h"
#include "core/core.h"
#include "secs2/secs2.h" /* the item encoder (liion__secs_size/_write), struct liion_secs_msg */

#include <liion/gem_e30.h>
#include <string.h>

/* ---- format classes ----------------------------------------------------------------------- */

static int is_int_fmt(liion_secs_format f)
{
    switch (f) {
    case LIION_SECS_I1: case LIION_SECS_I2: case LIION_SECS_I4: case LIION_SECS_I8:
    case LIION_SECS_U1: case LIION_SECS_U2: case LIION_SECS_U4: case LIION_SECS_U8:
        return 1;
    default:
        return 0;
    }
}

/* One integer value. */
static int is_int1(const liion_secs_item *it)
{
    return is_int_fmt(liion_secs_item_format(it)) && liion_secs_item_count(it) == 1;
}

/* SVID, ECID, CPNAME: one integer, or A. */
static int is_id(const liion_secs_item *it)
{
    return is_int1(it) || liion_secs_item_format(it) == LIION_SECS_A;
}

/* RCMD: A, or one U1 / I1. */
static int is_rcmd(const liion_secs_item *it)
{
    liion_secs_format f = liion_secs_item_format(it);
    return f == LIION_SECS_A ||
           ((f == LIION_SECS_U1 || f == LIION_SECS_I1) && liion_secs_item_count(it) == 1);
}

/* PPID: A or B. */
static int is_ppid(const liion_secs_item *it)
{
    liion_secs_format f = liion_secs_item_format(it);
    return f == LIION_SECS_A || f == LIION_SECS_B;
}

static int is_scalar(const liion_secs_item *it)
{
    liion_secs_format f = liion_secs_item_format(it);
    return f != LIION_SECS_L && f != LIION_SECS_NONE;
}

static int is_any(const liion_secs_item *it)
{
    return liion_secs_item_format(it) != LIION_SECS_NONE;
}

static int is_b1(const liion_secs_item *it)
{
    return liion_secs_item_format(it) == LIION_SECS_B && liion_secs_item_count(it) == 1;
}

static int is_list(const liion_secs_item *it, size_t n)
{
    return liion_secs_item_format(it) == LIION_SECS_L && liion_secs_item_count(it) == n;
}

static int is_list_any(const liion_secs_item *it)
{
    return liion_secs_item_format(it) == LIION_SECS_L;
}

typedef int (*fmt_pred)(const liion_secs_item *it);

#define ID_FORMATS "U1-U8, I1-I8 or A"

/* ---- encoding ----------------------------------------------------------------------------- */

/* The core measuring writer (core/bytes.h; pos keeps counting past cap, so a NULL buffer
 * measures) with the context for the BUFFER_TOO_SMALL message. */
typedef struct wr {
    liion__wr o;
    liion_ctx *ctx;
} wr;

static void put(wr *w, uint8_t b)
{
    liion__wr_u8(&w->o, b);
}

/* Item header: format code, then 1-3 length bytes (minimal). */
static void put_hdr(wr *w, unsigned fmt, size_t len)
{
    unsigned nb = len <= 0xFF ? 1u : len <= 0xFFFF ? 2u : 3u;
    put(w, (uint8_t)((fmt << 2) | nb));
    for (unsigned i = nb; i-- > 0;)
        put(w, (uint8_t)(len >> (8 * i)));
}

static void put_item(wr *w, const liion_secs_item *it)
{
    /* the SECS-II item encoder itself (lib/secs2), without a public call's entry checks per
     * item: the items were checked by the caller of put_item */
    size_t sz = liion__secs_size(it);
    uint8_t *at = liion__wr_take(&w->o, sz);
    if (at != NULL)
        liion__secs_write(at, it);
}

static void put_b1(wr *w, uint8_t v)
{
    put_hdr(w, LIION_SECS_B, 1);
    put(w, v);
}

/* <A> of n bytes (n checked by the caller). */
static void put_a(wr *w, const char *text, size_t n)
{
    put_hdr(w, LIION_SECS_A, n);
    liion__wr_bytes(&w->o, text, n);
}

static liion_status enc_enter(wr *w, uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx)
{
    liion_status s;
    liion__wr_init(&w->o, buf, cap); /* first: the callers' writer is never uninitialised */
    w->ctx = ctx;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (written == NULL || (buf == NULL && cap > 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem: NULL argument");
    *written = 0;
    return LIION_OK;
}

static liion_status wr_finish(wr *w, size_t *written)
{
    *written = liion__wr_size(&w->o);
    if (liion__wr_overflow(&w->o))
        return liion__error(w->ctx, LIION_E_BUFFER_TOO_SMALL, "gem: %zu bytes needed, %zu given",
                            w->o.pos, w->o.cap);
    return LIION_OK;
}

/* Check the caller's array: count, no NULL, formats. */
static liion_status check_items(liion_ctx *ctx, const liion_secs_item *const *items, size_t count,
                                fmt_pred ok, const char *what, const char *name,
                                const char *expect)
{
    if (items == NULL && count > 0)
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s: NULL %s array", what, name);
    if (count > LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE, "%s: %zu %ss, more than a list can hold", what,
                            count, name);
    for (size_t i = 0; i < count; i++) {
        if (items[i] == NULL)
            return liion__error(ctx, LIION_E_INVALID_ARG, "%s: %s %zu is NULL", what, name, i);
        if (!ok(items[i]))
            return liion__error(ctx, LIION_E_INVALID_ARG, "%s: %s %zu is %s; expected %s", what,
                                name, i, liion_secs_format_name(liion_secs_item_format(items[i])),
                                expect);
    }
    return LIION_OK;
}

static liion_status check_one(liion_ctx *ctx, const liion_secs_item *it, fmt_pred ok,
                              const char *what, const char *name, const char *expect)
{
    if (it == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s: NULL %s", what, name);
    if (!ok(it))
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s: %s is %s; expected %s", what, name,
                            liion_secs_format_name(liion_secs_item_format(it)), expect);
    return LIION_OK;
}

/* L[n] <item>... */
static liion_status enc_list(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                             const liion_secs_item *const *items, size_t count, fmt_pred ok,
                             const char *what, const char *name, const char *expect)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s != LIION_OK)
        return s;
    s = check_items(ctx, items, count, ok, what, name, expect);
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, count);
    for (size_t i = 0; i < count; i++)
        put_item(&w, items[i]);
    return wr_finish(&w, written);
}

/* ---- decoding ----------------------------------------------------------------------------- */

static size_t len_bytes(size_t len)
{
    return len <= 0xFF ? 1u : len <= 0xFFFF ? 2u : 3u;
}

/* Byte offset of child k of a list that starts at `off` (minimal length bytes). */
static size_t child_off(liion_ctx *ctx, const liion_secs_item *list, size_t off, size_t k)
{
    size_t o = off + 1 + len_bytes(liion_secs_item_count(list));
    for (size_t j = 0; j < k; j++) {
        size_t sz = 0;
        (void)liion_secs_item_encoded_size(&sz, ctx, liion_secs_item_child(list, j));
        o += sz;
    }
    return o;
}

/* Check stream/function and fetch the body (NULL allowed only when want_body is 0). */
static liion_status msg_enter(const liion_secs_item **body, liion_ctx *ctx,
                              const liion_secs_msg *msg, unsigned stream, unsigned function,
                              int want_body)
{
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (msg == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S%uF%u: NULL message", stream, function);
    if (liion_secs_msg_stream(msg) != stream || liion_secs_msg_function(msg) != function)
        return liion__error(ctx, LIION_E_DECODE, "S%uF%u expected, got S%uF%u", stream, function,
                            (unsigned)liion_secs_msg_stream(msg),
                            (unsigned)liion_secs_msg_function(msg));
    *body = liion_secs_msg_body(msg);
    if (want_body && *body == NULL)
        return liion__error_at(ctx, LIION_E_DECODE, 0, "S%uF%u: no body", stream, function);
    if (!want_body && *body != NULL)
        return liion__error_at(ctx, LIION_E_DECODE, 0, "S%uF%u: a body where E5 has none",
                               stream, function);
    return LIION_OK;
}

static liion_status shape(liion_ctx *ctx, size_t off, unsigned stream, unsigned function,
                          const char *expect, const liion_secs_item *got)
{
    return liion__error_at(ctx, LIION_E_DECODE, off, "S%uF%u: expected %s at offset %zu, got %s[%zu]",
                           stream, function, expect, off,
                           liion_secs_format_name(liion_secs_item_format(got)),
                           liion_secs_item_count(got));
}

/* Every child of `list` (at offset off) satisfies ok. */
static liion_status check_children(liion_ctx *ctx, const liion_secs_item *list, size_t off,
                                   fmt_pred ok, unsigned stream, unsigned function,
                                   const char *name, const char *expect)
{
    size_t n = liion_secs_item_count(list);
    for (size_t i = 0; i < n; i++) {
        const liion_secs_item *c = liion_secs_item_child(list, i);
        if (!ok(c)) {
            size_t o = child_off(ctx, list, off, i);
            return liion__error_at(ctx, LIION_E_DECODE, o,
                                   "S%uF%u: %s %zu at offset %zu is %s[%zu]; expected %s", stream,
                                   function, name, i, o,
                                   liion_secs_format_name(liion_secs_item_format(c)),
                                   liion_secs_item_count(c), expect);
        }
    }
    return LIION_OK;
}

/* L[n] <item>... */
static liion_status dec_list(const liion_secs_item **list, size_t *count, liion_ctx *ctx,
                             const liion_secs_msg *msg, unsigned stream, unsigned function,
                             fmt_pred ok, const char *name, const char *expect)
{
    const liion_secs_item *b = NULL;
    liion_status s = msg_enter(&b, ctx, msg, stream, function, 1);
    if (s != LIION_OK)
        return s;
    if (list == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S%uF%u: NULL output", stream, function);
    if (!is_list_any(b))
        return shape(ctx, 0, stream, function, "L[n]", b);
    s = check_children(ctx, b, 0, ok, stream, function, name, expect);
    if (s != LIION_OK)
        return s;
    *list = b;
    if (count)
        *count = liion_secs_item_count(b);
    return LIION_OK;
}

static void text_out(const char **text, size_t *len, const liion_secs_item *it)
{
    size_t n = 0;
    const uint8_t *p = it ? liion_secs_item_text(it, &n) : NULL;
    if (text)
        *text = it ? (p ? (const char *)p : "") : NULL;
    if (len)
        *len = it ? n : 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

liion_status liion_gem_msg_from_event(liion_secs_msg *msg, const liion_hsms_event *ev)
{
    liion_status s;
    if (msg == NULL || msg->magic != LIION__MAGIC_SECS_MSG)
        return LIION_E_INVALID_ARG;
    s = liion__ctx_enter(msg->ctx);
    if (s != LIION_OK)
        return s;
    if (ev == NULL || ev->struct_size < sizeof(liion_hsms_event) ||
        (ev->type != LIION_HSMS_EV_DATA && ev->type != LIION_HSMS_EV_REPLY))
        return liion__error(msg->ctx, LIION_E_INVALID_ARG,
                            "gem: not a data or reply event");
    if (ev->body == NULL && ev->body_len > 0)
        return liion__error(msg->ctx, LIION_E_INVALID_ARG, "gem: event without its body");
    s = liion_secs_msg_set_sf(msg, ev->stream & 0x7fu, ev->function, ev->wbit ? 1 : 0);
    if (s == LIION_OK)
        s = liion_secs_msg_set_ids(msg, ev->session_id, ev->system_bytes);
    if (s == LIION_OK)
        s = liion_secs_msg_decode(msg, ev->body, ev->body_len);
    return s;
}

liion_status liion_gem_pair_at(const liion_secs_item **first, const liion_secs_item **second,
                               const liion_secs_item *list, size_t index)
{
    const liion_secs_item *p;
    if (first == NULL || second == NULL || !is_list_any(list))
        return LIION_E_INVALID_ARG;
    if (index >= liion_secs_item_count(list))
        return LIION_E_RANGE;
    p = liion_secs_item_child(list, index);
    if (!is_list(p, 2))
        return LIION_E_INVALID_ARG;
    *first = liion_secs_item_child(p, 0);
    *second = liion_secs_item_child(p, 1);
    return LIION_OK;
}

liion_status liion_gem_empty_decode(liion_ctx *ctx, const liion_secs_msg *msg, uint8_t stream,
                                    uint8_t function)
{
    const liion_secs_item *b = NULL;
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (!((stream == 1 && (function == 1 || function == 15 || function == 17)) ||
          (stream == 7 && function == 19)))
        return liion__error(ctx, LIION_E_INVALID_ARG, "S%uF%u is not a header-only GEM message",
                            (unsigned)stream, (unsigned)function);
    return msg_enter(&b, ctx, msg, stream, function, 0);
}

liion_status liion_gem_ack_msg_decode(uint8_t *ack, liion_ctx *ctx, const liion_secs_msg *msg,
                                      uint8_t stream, uint8_t function)
{
    const liion_secs_item *b = NULL;
    liion_secs_format f;
    size_t n = 0;
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (ack == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem: NULL ack");
    if (!((stream == 1 && (function == 16 || function == 18)) || (stream == 5 && function == 2) ||
          (stream == 6 && function == 12) || (stream == 7 && function == 4)))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "S%uF%u is not a one-byte acknowledge of gem_e30", (unsigned)stream,
                            (unsigned)function);
    s = msg_enter(&b, ctx, msg, stream, function, 1);
    if (s != LIION_OK)
        return s;
    f = liion_secs_item_format(b);
    if ((f != LIION_SECS_B && f != LIION_SECS_U1) || liion_secs_item_count(b) != 1)
        return shape(ctx, 0, stream, function, "<B[1]>", b);
    *ack = liion_secs_item_raw(b, &n)[0];
    return LIION_OK;
}

/* ---- stream 1 ----------------------------------------------------------------------------- */

liion_status liion_gem_s1f2_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const char *mdln, size_t mdln_len, const char *softrev,
                                   size_t softrev_len)
{
    /* the same body as S1F13 */
    return liion_gem_s1f13_encode(buf, cap, written, ctx, mdln, mdln_len, softrev, softrev_len);
}

static int is_text_a(const liion_secs_item *it)
{
    return liion_secs_item_format(it) == LIION_SECS_A;
}

liion_status liion_gem_s1f2_decode(const char **mdln, size_t *mdln_len, const char **softrev,
                                   size_t *softrev_len, liion_ctx *ctx, const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    liion_status s = msg_enter(&b, ctx, msg, 1, 2, 1);
    if (s != LIION_OK)
        return s;
    if (!is_list(b, 0) && !is_list(b, 2))
        return shape(ctx, 0, 1, 2, "L[0] or L[2] <A MDLN> <A SOFTREV>", b);
    s = check_children(ctx, b, 0, is_text_a, 1, 2, "MDLN/SOFTREV", "A");
    if (s != LIION_OK)
        return s;
    text_out(mdln, mdln_len, liion_secs_item_child(b, 0));
    text_out(softrev, softrev_len, liion_secs_item_child(b, 1));
    return LIION_OK;
}

liion_status liion_gem_s1f3_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const liion_secs_item *const *svids, size_t count)
{
    return enc_list(buf, cap, written, ctx, svids, count, is_id, "S1F3", "SVID", ID_FORMATS);
}

liion_status liion_gem_s1f3_decode(const liion_secs_item **svids, size_t *count, liion_ctx *ctx,
                                   const liion_secs_msg *msg)
{
    return dec_list(svids, count, ctx, msg, 1, 3, is_id, "SVID", ID_FORMATS);
}

liion_status liion_gem_s1f4_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const liion_secs_item *const *values, size_t count)
{
    return enc_list(buf, cap, written, ctx, values, count, is_any, "S1F4", "SV", "an item");
}

liion_status liion_gem_s1f4_decode(const liion_secs_item **values, size_t *count,
                                   liion_ctx *ctx, const liion_secs_msg *msg)
{
    return dec_list(values, count, ctx, msg, 1, 4, is_any, "SV", "an item");
}

/* ---- stream 2 ----------------------------------------------------------------------------- */

liion_status liion_gem_s2f13_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const liion_secs_item *const *ecids, size_t count)
{
    return enc_list(buf, cap, written, ctx, ecids, count, is_id, "S2F13", "ECID", ID_FORMATS);
}

liion_status liion_gem_s2f13_decode(const liion_secs_item **ecids, size_t *count,
                                    liion_ctx *ctx, const liion_secs_msg *msg)
{
    return dec_list(ecids, count, ctx, msg, 2, 13, is_id, "ECID", ID_FORMATS);
}

liion_status liion_gem_s2f14_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const liion_secs_item *const *values, size_t count)
{
    return enc_list(buf, cap, written, ctx, values, count, is_scalar, "S2F14", "ECV",
                    "a non-list item");
}

liion_status liion_gem_s2f14_decode(const liion_secs_item **values, size_t *count,
                                    liion_ctx *ctx, const liion_secs_msg *msg)
{
    return dec_list(values, count, ctx, msg, 2, 14, is_scalar, "ECV", "a non-list item");
}

liion_status liion_gem_s2f41_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const liion_secs_item *rcmd,
                                    const liion_secs_item *const *cpnames,
                                    const liion_secs_item *const *cpvals, size_t count)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_one(ctx, rcmd, is_rcmd, "S2F41", "RCMD", "A, U1 or I1");
    if (s == LIION_OK)
        s = check_items(ctx, cpnames, count, is_id, "S2F41", "CPNAME", ID_FORMATS);
    if (s == LIION_OK)
        s = check_items(ctx, cpvals, count, is_scalar, "S2F41", "CPVAL", "a non-list item");
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, 2);
    put_item(&w, rcmd);
    put_hdr(&w, LIION_SECS_L, count);
    for (size_t i = 0; i < count; i++) {
        put_hdr(&w, LIION_SECS_L, 2);
        put_item(&w, cpnames[i]);
        put_item(&w, cpvals[i]);
    }
    return wr_finish(&w, written);
}

/* L[n] { L[2] <a> <b> }... at offset off */
static liion_status check_pairs(liion_ctx *ctx, const liion_secs_item *list, size_t off,
                                fmt_pred a_ok, fmt_pred b_ok, unsigned stream, unsigned function,
                                const char *a_name, const char *a_expect, const char *b_name,
                                const char *b_expect)
{
    size_t n = liion_secs_item_count(list);
    for (size_t i = 0; i < n; i++) {
        const liion_secs_item *p = liion_secs_item_child(list, i);
        size_t o;
        if (is_list(p, 2) && a_ok(liion_secs_item_child(p, 0)) &&
            b_ok(liion_secs_item_child(p, 1)))
            continue; /* the common case: offsets are computed only for an error */
        o = child_off(ctx, list, off, i);
        if (!is_list(p, 2))
            return liion__error_at(ctx, LIION_E_DECODE, o,
                                   "S%uF%u: parameter %zu at offset %zu is %s[%zu]; expected "
                                   "L[2] <%s> <%s>",
                                   stream, function, i, o,
                                   liion_secs_format_name(liion_secs_item_format(p)),
                                   liion_secs_item_count(p), a_name, b_name);
        if (!a_ok(liion_secs_item_child(p, 0))) {
            size_t oo = child_off(ctx, p, o, 0);
            return liion__error_at(ctx, LIION_E_DECODE, oo,
                                   "S%uF%u: %s of parameter %zu at offset %zu is %s; expected %s",
                                   stream, function, a_name, i, oo,
                                   liion_secs_format_name(
                                       liion_secs_item_format(liion_secs_item_child(p, 0))),
                                   a_expect);
        }
        if (!b_ok(liion_secs_item_child(p, 1))) {
            size_t oo = child_off(ctx, p, o, 1);
            return liion__error_at(ctx, LIION_E_DECODE, oo,
                                   "S%uF%u: %s of parameter %zu at offset %zu is %s[%zu]; "
                                   "expected %s",
                                   stream, function, b_name, i, oo,
                                   liion_secs_format_name(
                                       liion_secs_item_format(liion_secs_item_child(p, 1))),
                                   liion_secs_item_count(liion_secs_item_child(p, 1)), b_expect);
        }
    }
    return LIION_OK;
}

liion_status liion_gem_s2f41_decode(const liion_secs_item **rcmd, const liion_secs_item **params,
                                    size_t *count, liion_ctx *ctx, const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL, *cps;
    size_t o;
    liion_status s = msg_enter(&b, ctx, msg, 2, 41, 1);
    if (s != LIION_OK)
        return s;
    if (rcmd == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S2F41: NULL rcmd");
    if (!is_list(b, 2))
        return shape(ctx, 0, 2, 41, "L[2] <RCMD> L[n]", b);
    if (!is_rcmd(liion_secs_item_child(b, 0)))
        return shape(ctx, child_off(ctx, b, 0, 0), 2, 41, "RCMD <A>, <U1> or <I1>",
                     liion_secs_item_child(b, 0));
    cps = liion_secs_item_child(b, 1);
    o = child_off(ctx, b, 0, 1); /* one item's size: the RCMD */
    if (!is_list_any(cps))
        return shape(ctx, o, 2, 41, "L[n] of parameters", cps);
    s = check_pairs(ctx, cps, o, is_id, is_scalar, 2, 41, "CPNAME", ID_FORMATS, "CPVAL",
                    "a non-list item");
    if (s != LIION_OK)
        return s;
    *rcmd = liion_secs_item_child(b, 0);
    if (params)
        *params = cps;
    if (count)
        *count = liion_secs_item_count(cps);
    return LIION_OK;
}

liion_status liion_gem_s2f42_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    uint8_t hcack, const liion_secs_item *const *cpnames,
                                    const uint8_t *cpacks, size_t count)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_items(ctx, cpnames, count, is_id, "S2F42", "CPNAME", ID_FORMATS);
    if (s == LIION_OK && cpacks == NULL && count > 0)
        s = liion__error(ctx, LIION_E_INVALID_ARG, "S2F42: NULL CPACK array");
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, 2);
    put_b1(&w, hcack);
    put_hdr(&w, LIION_SECS_L, count);
    for (size_t i = 0; i < count; i++) {
        put_hdr(&w, LIION_SECS_L, 2);
        put_item(&w, cpnames[i]);
        put_b1(&w, cpacks[i]);
    }
    return wr_finish(&w, written);
}

liion_status liion_gem_s2f42_decode(uint8_t *hcack, const liion_secs_item **params, size_t *count,
                                    liion_ctx *ctx, const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL, *cps;
    size_t o, n = 0;
    liion_status s = msg_enter(&b, ctx, msg, 2, 42, 1);
    if (s != LIION_OK)
        return s;
    if (hcack == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S2F42: NULL hcack");
    if (!is_list(b, 2))
        return shape(ctx, 0, 2, 42, "L[2] <B HCACK> L[n]", b);
    if (!is_b1(liion_secs_item_child(b, 0)))
        return shape(ctx, child_off(ctx, b, 0, 0), 2, 42, "HCACK <B[1]>",
                     liion_secs_item_child(b, 0));
    cps = liion_secs_item_child(b, 1);
    o = child_off(ctx, b, 0, 1);
    if (!is_list_any(cps))
        return shape(ctx, o, 2, 42, "L[n] of parameters", cps);
    s = check_pairs(ctx, cps, o, is_id, is_b1, 2, 42, "CPNAME", ID_FORMATS, "CPACK", "B[1]");
    if (s != LIION_OK)
        return s;
    *hcack = liion_secs_item_raw(liion_secs_item_child(b, 0), &n)[0];
    if (params)
        *params = cps;
    if (count)
        *count = liion_secs_item_count(cps);
    return LIION_OK;
}

liion_status liion_gem_s2f15_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const liion_secs_item *const *ecids,
                                    const liion_secs_item *const *ecvs, size_t count)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_items(ctx, ecids, count, is_id, "S2F15", "ECID", ID_FORMATS);
    if (s == LIION_OK)
        s = check_items(ctx, ecvs, count, is_scalar, "S2F15", "ECV", "a non-list item");
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, count);
    for (size_t i = 0; i < count; i++) {
        put_hdr(&w, LIION_SECS_L, 2);
        put_item(&w, ecids[i]);
        put_item(&w, ecvs[i]);
    }
    return wr_finish(&w, written);
}

liion_status liion_gem_s2f15_decode(const liion_secs_item **pairs, size_t *count, liion_ctx *ctx,
                                    const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    liion_status s = msg_enter(&b, ctx, msg, 2, 15, 1);
    if (s != LIION_OK)
        return s;
    if (!is_list_any(b))
        return shape(ctx, 0, 2, 15, "L[n] of L[2] <ECID> <ECV>", b);
    s = check_pairs(ctx, b, 0, is_id, is_scalar, 2, 15, "ECID", ID_FORMATS, "ECV",
                    "a non-list item");
    if (s != LIION_OK)
        return s;
    if (pairs)
        *pairs = b;
    if (count)
        *count = liion_secs_item_count(b);
    return LIION_OK;
}

/* TIME: 12 (YYMMDDhhmmss) or 16 (YYYYMMDDhhmmsscc) ASCII digits. */
static int time_ok(const char *t, size_t n)
{
    if (t == NULL || (n != 12 && n != 16))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    return 1;
}

liion_status liion_gem_s2f18_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const char *time, size_t time_len)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s != LIION_OK)
        return s;
    if (!time_ok(time, time_len))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "S2F18: TIME must be 12 (YYMMDDhhmmss) or 16 (YYYYMMDDhhmmsscc) "
                            "digits, got %zu bytes",
                            time_len);
    put_a(&w, time, time_len);
    return wr_finish(&w, written);
}

liion_status liion_gem_s2f18_decode(const char **time, size_t *time_len, liion_ctx *ctx,
                                    const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    size_t n = 0;
    const char *t;
    liion_status s = msg_enter(&b, ctx, msg, 2, 18, 1);
    if (s != LIION_OK)
        return s;
    if (!is_text_a(b))
        return shape(ctx, 0, 2, 18, "TIME <A[12|16]>", b);
    t = (const char *)liion_secs_item_raw(b, &n);
    if (!time_ok(t, n))
        return liion__error_at(ctx, LIION_E_DECODE, 0,
                               "S2F18: TIME must be 12 or 16 digits, got %zu bytes", n);
    if (time)
        *time = t;
    if (time_len)
        *time_len = n;
    return LIION_OK;
}

/* ---- stream 5 ----------------------------------------------------------------------------- */

liion_status liion_gem_s5f1_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   uint8_t alcd, const liion_secs_item *alid, const char *altx,
                                   size_t altx_len)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_one(ctx, alid, is_int1, "S5F1", "ALID", "one U1-U8 or I1-I8 value");
    if (s == LIION_OK && altx == NULL && altx_len > 0)
        s = liion__error(ctx, LIION_E_INVALID_ARG, "S5F1: NULL ALTX");
    if (s == LIION_OK && altx_len > LIION_SECS_MAX_LENGTH)
        s = liion__error(ctx, LIION_E_RANGE, "S5F1: ALTX of %zu bytes", altx_len);
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, 3);
    put_b1(&w, alcd);
    put_item(&w, alid);
    put_a(&w, altx, altx_len);
    return wr_finish(&w, written);
}

liion_status liion_gem_s5f1_decode(uint8_t *alcd, const liion_secs_item **alid, const char **altx,
                                   size_t *altx_len, liion_ctx *ctx, const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    size_t n = 0;
    liion_status s = msg_enter(&b, ctx, msg, 5, 1, 1);
    if (s != LIION_OK)
        return s;
    if (alcd == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S5F1: NULL alcd");
    if (!is_list(b, 3))
        return shape(ctx, 0, 5, 1, "L[3] <B ALCD> <ALID> <A ALTX>", b);
    if (!is_b1(liion_secs_item_child(b, 0)))
        return shape(ctx, child_off(ctx, b, 0, 0), 5, 1, "ALCD <B[1]>",
                     liion_secs_item_child(b, 0));
    if (!is_int1(liion_secs_item_child(b, 1)))
        return shape(ctx, child_off(ctx, b, 0, 1), 5, 1, "ALID (one U1-U8 or I1-I8 value)",
                     liion_secs_item_child(b, 1));
    if (!is_text_a(liion_secs_item_child(b, 2)))
        return shape(ctx, child_off(ctx, b, 0, 2), 5, 1, "ALTX <A>", liion_secs_item_child(b, 2));
    *alcd = liion_secs_item_raw(liion_secs_item_child(b, 0), &n)[0];
    if (alid)
        *alid = liion_secs_item_child(b, 1);
    text_out(altx, altx_len, liion_secs_item_child(b, 2));
    return LIION_OK;
}

/* Integer vector: one U1-U8 / I1-I8 item of any length (S5F5's ALID vector). */
static int is_int_vec(const liion_secs_item *it)
{
    return is_int_fmt(liion_secs_item_format(it));
}

liion_status liion_gem_s5f3_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   uint8_t aled, const liion_secs_item *alid)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_one(ctx, alid, is_int1, "S5F3", "ALID", "one U1-U8 or I1-I8 value");
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, 2);
    put_b1(&w, aled);
    put_item(&w, alid);
    return wr_finish(&w, written);
}

liion_status liion_gem_s5f3_decode(uint8_t *aled, const liion_secs_item **alid, liion_ctx *ctx,
                                   const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    size_t n = 0;
    liion_status s = msg_enter(&b, ctx, msg, 5, 3, 1);
    if (s != LIION_OK)
        return s;
    if (aled == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S5F3: NULL aled");
    if (!is_list(b, 2))
        return shape(ctx, 0, 5, 3, "L[2] <B ALED> <ALID>", b);
    if (!is_b1(liion_secs_item_child(b, 0)))
        return shape(ctx, child_off(ctx, b, 0, 0), 5, 3, "ALED <B[1]>",
                     liion_secs_item_child(b, 0));
    if (!is_int1(liion_secs_item_child(b, 1)))
        return shape(ctx, child_off(ctx, b, 0, 1), 5, 3, "ALID (one U1-U8 or I1-I8 value)",
                     liion_secs_item_child(b, 1));
    *aled = liion_secs_item_raw(liion_secs_item_child(b, 0), &n)[0];
    if (alid)
        *alid = liion_secs_item_child(b, 1);
    return LIION_OK;
}

liion_status liion_gem_s5f5_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const liion_secs_item *alids)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_one(ctx, alids, is_int_vec, "S5F5", "ALID vector",
                      "one U1-U8 or I1-I8 item (empty: every alarm)");
    if (s != LIION_OK)
        return s;
    put_item(&w, alids);
    return wr_finish(&w, written);
}

liion_status liion_gem_s5f5_decode(const liion_secs_item **alids, liion_ctx *ctx,
                                   const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    liion_status s = msg_enter(&b, ctx, msg, 5, 5, 1);
    if (s != LIION_OK)
        return s;
    if (!is_int_vec(b))
        return shape(ctx, 0, 5, 5, "ALID vector (U1-U8 or I1-I8)", b);
    if (alids)
        *alids = b;
    return LIION_OK;
}

liion_status liion_gem_s5f6_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const uint8_t *alcds, const liion_secs_item *const *alids,
                                   const char *const *altxs, const size_t *altx_lens, size_t count)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s != LIION_OK)
        return s;
    if (count > 0 && (alcds == NULL || alids == NULL || altx_lens == NULL))
        return liion__error(ctx, LIION_E_INVALID_ARG, "S5F6: NULL array with %zu alarms", count);
    if (count > LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE, "S5F6: %zu alarms", count);
    s = check_items(ctx, alids, count, is_int1, "S5F6", "ALID", "one U1-U8 or I1-I8 value");
    for (size_t i = 0; s == LIION_OK && i < count; i++) {
        if (altx_lens[i] > 0 && (altxs == NULL || altxs[i] == NULL))
            s = liion__error(ctx, LIION_E_INVALID_ARG, "S5F6: NULL ALTX %zu", i);
        else if (altx_lens[i] > LIION_SECS_MAX_LENGTH)
            s = liion__error(ctx, LIION_E_RANGE, "S5F6: ALTX %zu of %zu bytes", i, altx_lens[i]);
    }
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, count);
    for (size_t i = 0; i < count; i++) {
        put_hdr(&w, LIION_SECS_L, 3);
        put_b1(&w, alcds[i]);
        put_item(&w, alids[i]);
        put_a(&w, altx_lens[i] > 0 ? altxs[i] : "", altx_lens[i]);
    }
    return wr_finish(&w, written);
}

liion_status liion_gem_s5f6_decode(const liion_secs_item **alarms, size_t *count, liion_ctx *ctx,
                                   const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    unsigned f = msg != NULL && liion_secs_msg_function(msg) == 8 ? 8u : 6u; /* same body */
    liion_status s = msg_enter(&b, ctx, msg, 5, f, 1);
    if (s != LIION_OK)
        return s;
    if (!is_list_any(b))
        return shape(ctx, 0, 5, f, "L[n] of alarms", b);
    for (size_t i = 0; i < liion_secs_item_count(b); i++) {
        const liion_secs_item *a = liion_secs_item_child(b, i);
        size_t o = child_off(ctx, b, 0, i);
        if (!is_list(a, 3))
            return shape(ctx, o, 5, f, "alarm L[3] <B ALCD> <ALID> <A ALTX>", a);
        if (!is_b1(liion_secs_item_child(a, 0)))
            return shape(ctx, child_off(ctx, a, o, 0), 5, f, "ALCD <B[1]>",
                         liion_secs_item_child(a, 0));
        if (!is_int1(liion_secs_item_child(a, 1)))
            return shape(ctx, child_off(ctx, a, o, 1), 5, f, "ALID (one U1-U8 or I1-I8 value)",
                         liion_secs_item_child(a, 1));
        if (!is_text_a(liion_secs_item_child(a, 2)))
            return shape(ctx, child_off(ctx, a, o, 2), 5, f, "ALTX <A>",
                         liion_secs_item_child(a, 2));
    }
    if (alarms)
        *alarms = b;
    if (count)
        *count = liion_secs_item_count(b);
    return LIION_OK;
}

liion_status liion_gem_s5f6_alarm_at(uint8_t *alcd, const liion_secs_item **alid,
                                     const char **altx, size_t *altx_len,
                                     const liion_secs_item *alarms, size_t i)
{
    const liion_secs_item *a = liion_secs_item_child(alarms, i);
    size_t n = 0;
    if (alcd == NULL || a == NULL || !is_list(a, 3) || !is_b1(liion_secs_item_child(a, 0)) ||
        !is_int1(liion_secs_item_child(a, 1)) || !is_text_a(liion_secs_item_child(a, 2)))
        return LIION_E_INVALID_ARG;
    *alcd = liion_secs_item_raw(liion_secs_item_child(a, 0), &n)[0];
    if (alid)
        *alid = liion_secs_item_child(a, 1);
    text_out(altx, altx_len, liion_secs_item_child(a, 2));
    return LIION_OK;
}

/* ---- stream 10 ---------------------------------------------------------------------------- */

liion_status liion_gem_s10f3_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    uint8_t tid, const liion_secs_item *text)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_one(ctx, text, is_scalar, "S10F3", "TEXT", "a non-list item (A usually)");
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, 2);
    put_b1(&w, tid);
    put_item(&w, text);
    return wr_finish(&w, written);
}

liion_status liion_gem_s10f3_decode(uint8_t *tid, const liion_secs_item **text, liion_ctx *ctx,
                                    const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    size_t n = 0;
    unsigned f = msg != NULL && liion_secs_msg_function(msg) == 1 ? 1u : 3u; /* same body */
    liion_status s = msg_enter(&b, ctx, msg, 10, f, 1);
    if (s != LIION_OK)
        return s;
    if (tid == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S10F%u: NULL tid", f);
    if (!is_list(b, 2))
        return shape(ctx, 0, 10, f, "L[2] <B TID> <TEXT>", b);
    if (!is_b1(liion_secs_item_child(b, 0)))
        return shape(ctx, child_off(ctx, b, 0, 0), 10, f, "TID <B[1]>",
                     liion_secs_item_child(b, 0));
    if (!is_scalar(liion_secs_item_child(b, 1)))
        return shape(ctx, child_off(ctx, b, 0, 1), 10, f, "TEXT (a non-list item)",
                     liion_secs_item_child(b, 1));
    *tid = liion_secs_item_raw(liion_secs_item_child(b, 0), &n)[0];
    if (text)
        *text = liion_secs_item_child(b, 1);
    return LIION_OK;
}

/* ---- stream 7 ----------------------------------------------------------------------------- */

static liion_status enc_pp(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                           const liion_secs_item *ppid, const liion_secs_item *ppbody,
                           const char *what, int allow_empty)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s != LIION_OK)
        return s;
    if (allow_empty && ppid == NULL) {
        put_hdr(&w, LIION_SECS_L, 0);
        return wr_finish(&w, written);
    }
    s = check_one(ctx, ppid, is_ppid, what, "PPID", "A or B");
    if (s == LIION_OK)
        s = check_one(ctx, ppbody, is_scalar, what, "PPBODY", "a non-list item");
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, 2);
    put_item(&w, ppid);
    put_item(&w, ppbody);
    return wr_finish(&w, written);
}

static liion_status dec_pp(const liion_secs_item **ppid, const liion_secs_item **ppbody,
                           liion_ctx *ctx, const liion_secs_msg *msg, unsigned function,
                           int allow_empty)
{
    const liion_secs_item *b = NULL;
    liion_status s = msg_enter(&b, ctx, msg, 7, function, 1);
    if (s != LIION_OK)
        return s;
    if (allow_empty && is_list(b, 0)) {
        if (ppid)
            *ppid = NULL;
        if (ppbody)
            *ppbody = NULL;
        return LIION_OK;
    }
    if (!is_list(b, 2))
        return shape(ctx, 0, 7, function,
                     allow_empty ? "L[2] <PPID> <PPBODY> or L[0]" : "L[2] <PPID> <PPBODY>", b);
    if (!is_ppid(liion_secs_item_child(b, 0)))
        return shape(ctx, child_off(ctx, b, 0, 0), 7, function, "PPID <A> or <B>",
                     liion_secs_item_child(b, 0));
    if (!is_scalar(liion_secs_item_child(b, 1)))
        return shape(ctx, child_off(ctx, b, 0, 1), 7, function, "PPBODY (a non-list item)",
                     liion_secs_item_child(b, 1));
    if (ppid)
        *ppid = liion_secs_item_child(b, 0);
    if (ppbody)
        *ppbody = liion_secs_item_child(b, 1);
    return LIION_OK;
}

liion_status liion_gem_s7f3_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const liion_secs_item *ppid, const liion_secs_item *ppbody)
{
    return enc_pp(buf, cap, written, ctx, ppid, ppbody, "S7F3", 0);
}

liion_status liion_gem_s7f3_decode(const liion_secs_item **ppid, const liion_secs_item **ppbody,
                                   liion_ctx *ctx, const liion_secs_msg *msg)
{
    return dec_pp(ppid, ppbody, ctx, msg, 3, 0);
}

liion_status liion_gem_s7f5_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const liion_secs_item *ppid)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_one(ctx, ppid, is_ppid, "S7F5", "PPID", "A or B");
    if (s != LIION_OK)
        return s;
    put_item(&w, ppid);
    return wr_finish(&w, written);
}

liion_status liion_gem_s7f5_decode(const liion_secs_item **ppid, liion_ctx *ctx,
                                   const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    liion_status s = msg_enter(&b, ctx, msg, 7, 5, 1);
    if (s != LIION_OK)
        return s;
    if (ppid == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S7F5: NULL ppid");
    if (!is_ppid(b))
        return shape(ctx, 0, 7, 5, "PPID <A> or <B>", b);
    *ppid = b;
    return LIION_OK;
}

liion_status liion_gem_s7f6_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const liion_secs_item *ppid, const liion_secs_item *ppbody)
{
    return enc_pp(buf, cap, written, ctx, ppid, ppbody, "S7F6", 1);
}

liion_status liion_gem_s7f6_decode(const liion_secs_item **ppid, const liion_secs_item **ppbody,
                                   liion_ctx *ctx, const liion_secs_msg *msg)
{
    return dec_pp(ppid, ppbody, ctx, msg, 6, 1);
}

/* One unsigned integer value (U1-U8): S7F1's LENGTH. */
static int is_uint1(const liion_secs_item *it)
{
    liion_secs_format f = liion_secs_item_format(it);
    return (f == LIION_SECS_U1 || f == LIION_SECS_U2 || f == LIION_SECS_U4 ||
            f == LIION_SECS_U8) &&
           liion_secs_item_count(it) == 1;
}

liion_status liion_gem_s7f1_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                   const liion_secs_item *ppid, uint64_t length)
{
    wr w;
    liion_status s = enc_enter(&w, buf, cap, written, ctx);
    if (s == LIION_OK)
        s = check_one(ctx, ppid, is_ppid, "S7F1", "PPID", "A or B");
    if (s != LIION_OK)
        return s;
    put_hdr(&w, LIION_SECS_L, 2);
    put_item(&w, ppid);
    if (length <= UINT32_MAX) {
        put_hdr(&w, LIION_SECS_U4, 4);
        liion__wr_be32(&w.o, (uint32_t)length);
    } else {
        put_hdr(&w, LIION_SECS_U8, 8);
        liion__wr_be64(&w.o, length);
    }
    return wr_finish(&w, written);
}

liion_status liion_gem_s7f1_decode(const liion_secs_item **ppid, uint64_t *length,
                                   liion_ctx *ctx, const liion_secs_msg *msg)
{
    const liion_secs_item *b = NULL;
    liion_status s = msg_enter(&b, ctx, msg, 7, 1, 1);
    if (s != LIION_OK)
        return s;
    if (length == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S7F1: NULL length");
    if (!is_list(b, 2))
        return shape(ctx, 0, 7, 1, "L[2] <PPID> <LENGTH>", b);
    if (!is_ppid(liion_secs_item_child(b, 0)))
        return shape(ctx, child_off(ctx, b, 0, 0), 7, 1, "PPID <A> or <B>",
                     liion_secs_item_child(b, 0));
    if (!is_uint1(liion_secs_item_child(b, 1)))
        return shape(ctx, child_off(ctx, b, 0, 1), 7, 1, "LENGTH (one U1-U8 value)",
                     liion_secs_item_child(b, 1));
    (void)liion_secs_item_get_uint(length, liion_secs_item_child(b, 1), 0);
    if (ppid)
        *ppid = liion_secs_item_child(b, 0);
    return LIION_OK;
}

liion_status liion_gem_s7f17_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const liion_secs_item *const *ppids, size_t count)
{
    return enc_list(buf, cap, written, ctx, ppids, count, is_ppid, "S7F17", "PPID", "A or B");
}

liion_status liion_gem_s7f17_decode(const liion_secs_item **ppids, size_t *count,
                                    liion_ctx *ctx, const liion_secs_msg *msg)
{
    return dec_list(ppids, count, ctx, msg, 7, 17, is_ppid, "PPID", "A or B");
}

liion_status liion_gem_s7f20_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const liion_secs_item *const *ppids, size_t count)
{
    return enc_list(buf, cap, written, ctx, ppids, count, is_ppid, "S7F20", "PPID", "A or B");
}

liion_status liion_gem_s7f20_decode(const liion_secs_item **ppids, size_t *count,
                                    liion_ctx *ctx, const liion_secs_msg *msg)
{
    return dec_list(ppids, count, ctx, msg, 7, 20, is_ppid, "PPID", "A or B");
}
