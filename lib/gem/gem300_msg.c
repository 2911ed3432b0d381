/*
 * GEM300 messages: builders for S3F17/F18, S16F11/F12, S16F5/F6, S14F9/F10 (caller buffer, no
 * allocation) and one checked parser for all of them (liion_gem300_msg).
 *
 * The parser first decodes the body with the SECS-II decoder into a message the holder keeps
 * (framing, truncation and the context limits are checked there, with offsets), then checks
 * the structure against the expected message. Structure errors carry the byte offset of the
 * offending item: offsets are found by walking the raw body next to the decoded tree, since
 * the decoder accepts non-minimal length bytes and a re-encoded size would be wrong.
 */
#include "core/bytes.h"
#include "core/core.h"
#include "secs2/secs2.h"

#include <liion/gem300.h>
#include <string.h>

#define LIION__MAGIC_G300 0x67333030u /* "g300" */

#define NFIELDS 14 /* scalar fields 1..13 */
#define NLISTS 4   /* ATTRS, ERRORS, CARRIERS, PAUSE_EVENTS */

struct liion_gem300_msg {
    uint32_t magic;
    liion_ctx *ctx;
    liion_secs_msg *rx;
    liion_gem300_kind kind;
    const liion_secs_item *f[NFIELDS];
    const liion_secs_item *lists[NLISTS];
};

/* ---- builders --------------------------------------------------------------------------- */

static void w_hdr(liion__wr *w, unsigned fmt, size_t len)
{
    if (len <= 0xFFu) {
        liion__wr_u8(w, (uint8_t)(fmt << 2 | 1u));
        liion__wr_u8(w, (uint8_t)len);
    } else if (len <= 0xFFFFu) {
        liion__wr_u8(w, (uint8_t)(fmt << 2 | 2u));
        liion__wr_be16(w, (uint16_t)len);
    } else {
        liion__wr_u8(w, (uint8_t)(fmt << 2 | 3u));
        liion__wr_be24(w, (uint32_t)len);
    }
}

static void w_list(liion__wr *w, size_t n)
{
    w_hdr(w, LIION_SECS_L, n);
}

static void w_text(liion__wr *w, const char *s, size_t n)
{
    w_hdr(w, LIION_SECS_A, n);
    if (n > 0)
        liion__wr_bytes(w, s, n);
}

static void w_u4(liion__wr *w, uint32_t v)
{
    w_hdr(w, LIION_SECS_U4, 4);
    liion__wr_be32(w, v);
}

static void w_byte(liion__wr *w, unsigned fmt, uint8_t v)
{
    w_hdr(w, fmt, 1);
    liion__wr_u8(w, v);
}

static void w_item(liion__wr *w, const liion_secs_item *it)
{
    size_t n = liion__secs_size(it);
    uint8_t *p = liion__wr_take(w, n);
    if (p != NULL)
        liion__secs_write(p, it);
}

typedef struct enc {
    liion_ctx *ctx;
    const char *what;
    liion_status s;
} enc;

static int chk_text(enc *e, const char *p, size_t n, const char *name)
{
    if (e->s != LIION_OK)
        return 0;
    if (p == NULL && n > 0)
        e->s = liion__error(e->ctx, LIION_E_INVALID_ARG, "%s: NULL %s", e->what, name);
    else if (n > LIION_SECS_MAX_LENGTH)
        e->s = liion__error(e->ctx, LIION_E_RANGE, "%s: %s of %zu bytes, at most %u", e->what,
                            name, n, (unsigned)LIION_SECS_MAX_LENGTH);
    return e->s == LIION_OK;
}

static int chk_count(enc *e, const void *arr, size_t n, const char *name)
{
    if (e->s != LIION_OK)
        return 0;
    if (arr == NULL && n > 0)
        e->s = liion__error(e->ctx, LIION_E_INVALID_ARG, "%s: NULL %s with count %zu", e->what,
                            name, n);
    else if (n > LIION_SECS_MAX_LENGTH)
        e->s = liion__error(e->ctx, LIION_E_RANGE, "%s: %zu %s, at most %u", e->what, n, name,
                            (unsigned)LIION_SECS_MAX_LENGTH);
    return e->s == LIION_OK;
}

static int chk_pairs(enc *e, const char *const *names, const size_t *lens,
                     const liion_secs_item *const *values, size_t n, const char *name)
{
    if (!chk_count(e, names, n, name) || !chk_count(e, lens, n, name) ||
        !chk_count(e, values, n, name))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!chk_text(e, names[i], lens[i], name))
            return 0;
        if (values[i] == NULL) {
            e->s = liion__error(e->ctx, LIION_E_INVALID_ARG, "%s: %s %zu has a NULL value",
                                e->what, name, i);
            return 0;
        }
    }
    return 1;
}

static int chk_errors(enc *e, const uint32_t *codes, const char *const *texts,
                      const size_t *lens, size_t n)
{
    if (!chk_count(e, codes, n, "error codes") || !chk_count(e, texts, n, "error texts") ||
        !chk_count(e, lens, n, "error text lengths"))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!chk_text(e, texts[i], lens[i], "ERRTEXT"))
            return 0;
    return 1;
}

static void w_pairs(liion__wr *w, const char *const *names, const size_t *lens,
                    const liion_secs_item *const *values, size_t n)
{
    w_list(w, n);
    for (size_t i = 0; i < n; i++) {
        w_list(w, 2);
        w_text(w, names[i], lens[i]);
        w_item(w, values[i]);
    }
}

static void w_errors(liion__wr *w, const uint32_t *codes, const char *const *texts,
                     const size_t *lens, size_t n)
{
    w_list(w, n);
    for (size_t i = 0; i < n; i++) {
        w_list(w, 2);
        w_u4(w, codes[i]);
        w_text(w, texts[i], lens[i]);
    }
}

static liion_status enc_begin(enc *e, liion_ctx *ctx, const char *what, uint8_t *buf, size_t cap,
                              size_t *written)
{
    e->ctx = ctx;
    e->what = what;
    e->s = liion__ctx_enter(ctx);
    if (e->s != LIION_OK)
        return e->s;
    if (written == NULL || (buf == NULL && cap > 0))
        e->s = liion__error(ctx, LIION_E_INVALID_ARG, "%s: NULL %s", what,
                            written == NULL ? "written" : "buffer");
    else
        *written = 0;
    return e->s;
}

static liion_status enc_end(enc *e, liion__wr *w, size_t *written)
{
    *written = liion__wr_size(w);
    if (liion__wr_overflow(w))
        return liion__error(e->ctx, LIION_E_BUFFER_TOO_SMALL, "%s: %zu bytes needed, %zu given",
                            e->what, liion__wr_size(w), w->cap);
    return LIION_OK;
}

liion_status liion_gem300_s3f17_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                       uint32_t dataid, const char *action, size_t action_len,
                                       const char *carrierid, size_t carrierid_len, uint8_t ptn,
                                       const char *const *attr_names,
                                       const size_t *attr_name_lens,
                                       const liion_secs_item *const *attr_values, size_t n_attrs)
{
    enc e;
    liion__wr w;
    if (enc_begin(&e, ctx, "S3F17", buf, cap, written) != LIION_OK)
        return e.s;
    if (!chk_text(&e, action, action_len, "CARRIERACTION") ||
        !chk_text(&e, carrierid, carrierid_len, "CARRIERID") ||
        !chk_pairs(&e, attr_names, attr_name_lens, attr_values, n_attrs, "attributes"))
        return e.s;
    liion__wr_init(&w, buf, cap);
    w_list(&w, 5);
    w_u4(&w, dataid);
    w_text(&w, action, action_len);
    w_text(&w, carrierid, carrierid_len);
    w_byte(&w, LIION_SECS_U1, ptn);
    w_pairs(&w, attr_names, attr_name_lens, attr_values, n_attrs);
    return enc_end(&e, &w, written);
}

liion_status liion_gem300_s3f18_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                       uint8_t caack, const uint32_t *codes,
                                       const char *const *texts, const size_t *text_lens,
                                       size_t n_errors)
{
    enc e;
    liion__wr w;
    if (enc_begin(&e, ctx, "S3F18", buf, cap, written) != LIION_OK)
        return e.s;
    if (!chk_errors(&e, codes, texts, text_lens, n_errors))
        return e.s;
    liion__wr_init(&w, buf, cap);
    w_list(&w, 2);
    w_byte(&w, LIION_SECS_U1, caack);
    w_errors(&w, codes, texts, text_lens, n_errors);
    return enc_end(&e, &w, written);
}

liion_status liion_gem300_s16f11_encode(
    uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx, uint32_t dataid,
    const char *prjobid, size_t prjobid_len, uint8_t mf, const char *const *carrier_ids,
    const size_t *carrier_id_lens, const size_t *slot_counts, const uint8_t *slots,
    size_t n_carriers, uint8_t recipe_method, const char *rcpspec, size_t rcpspec_len,
    const char *const *param_names, const size_t *param_name_lens,
    const liion_secs_item *const *param_values, size_t n_params, int process_start,
    const uint32_t *pause_events, size_t n_pause)
{
    enc e;
    liion__wr w;
    size_t nslots = 0, k = 0;
    if (enc_begin(&e, ctx, "S16F11", buf, cap, written) != LIION_OK)
        return e.s;
    if (!chk_text(&e, prjobid, prjobid_len, "PRJOBID") ||
        !chk_count(&e, carrier_ids, n_carriers, "carrier IDs") ||
        !chk_count(&e, carrier_id_lens, n_carriers, "carrier ID lengths") ||
        !chk_count(&e, slot_counts, n_carriers, "slot counts") ||
        !chk_text(&e, rcpspec, rcpspec_len, "RCPSPEC") ||
        !chk_pairs(&e, param_names, param_name_lens, param_values, n_params, "parameters") ||
        !chk_count(&e, pause_events, n_pause, "pause events"))
        return e.s;
    for (size_t i = 0; i < n_carriers; i++) {
        if (!chk_text(&e, carrier_ids[i], carrier_id_lens[i], "CARRIERID") ||
            !chk_count(&e, slots != NULL ? (const void *)slots : NULL, slot_counts[i],
                       "SLOTIDs"))
            return e.s;
        if (!liion__size_add(nslots, slot_counts[i], &nslots))
            return liion__error(ctx, LIION_E_RANGE, "S16F11: slot counts overflow");
    }
    liion__wr_init(&w, buf, cap);
    w_list(&w, 7);
    w_u4(&w, dataid);
    w_text(&w, prjobid, prjobid_len);
    w_byte(&w, LIION_SECS_B, mf);
    w_list(&w, n_carriers);
    for (size_t i = 0; i < n_carriers; i++) {
        w_list(&w, 2);
        w_text(&w, carrier_ids[i], carrier_id_lens[i]);
        w_list(&w, slot_counts[i]);
        for (size_t j = 0; j < slot_counts[i]; j++)
            w_byte(&w, LIION_SECS_U1, slots[k++]);
    }
    w_list(&w, 3);
    w_byte(&w, LIION_SECS_U1, recipe_method);
    w_text(&w, rcpspec, rcpspec_len);
    w_pairs(&w, param_names, param_name_lens, param_values, n_params);
    w_byte(&w, LIION_SECS_BOOLEAN, process_start ? 1u : 0u);
    w_list(&w, n_pause);
    for (size_t i = 0; i < n_pause; i++)
        w_u4(&w, pause_events[i]);
    return enc_end(&e, &w, written);
}

static liion_status s16_ack(const char *what, uint8_t *buf, size_t cap, size_t *written,
                            liion_ctx *ctx, const char *prjobid, size_t prjobid_len, int acka,
                            const uint32_t *codes, const char *const *texts,
                            const size_t *text_lens, size_t n_errors)
{
    enc e;
    liion__wr w;
    if (enc_begin(&e, ctx, what, buf, cap, written) != LIION_OK)
        return e.s;
    if (!chk_text(&e, prjobid, prjobid_len, "PRJOBID") ||
        !chk_errors(&e, codes, texts, text_lens, n_errors))
        return e.s;
    liion__wr_init(&w, buf, cap);
    w_list(&w, 2);
    w_text(&w, prjobid, prjobid_len);
    w_list(&w, 2);
    w_byte(&w, LIION_SECS_BOOLEAN, acka ? 1u : 0u);
    w_errors(&w, codes, texts, text_lens, n_errors);
    return enc_end(&e, &w, written);
}

liion_status liion_gem300_s16f12_encode(uint8_t *buf, size_t cap, size_t *written,
                                        liion_ctx *ctx, const char *prjobid, size_t prjobid_len,
                                        int acka, const uint32_t *codes,
                                        const char *const *texts, const size_t *text_lens,
                                        size_t n_errors)
{
    return s16_ack("S16F12", buf, cap, written, ctx, prjobid, prjobid_len, acka, codes, texts,
                   text_lens, n_errors);
}

liion_status liion_gem300_s16f6_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                       const char *prjobid, size_t prjobid_len, int acka,
                                       const uint32_t *codes, const char *const *texts,
                                       const size_t *text_lens, size_t n_errors)
{
    return s16_ack("S16F6", buf, cap, written, ctx, prjobid, prjobid_len, acka, codes, texts,
                   text_lens, n_errors);
}

liion_status liion_gem300_s16f5_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                       uint32_t dataid, const char *prjobid, size_t prjobid_len,
                                       const char *cmd, size_t cmd_len,
                                       const char *const *names, const size_t *name_lens,
                                       const liion_secs_item *const *values, size_t n_params)
{
    enc e;
    liion__wr w;
    if (enc_begin(&e, ctx, "S16F5", buf, cap, written) != LIION_OK)
        return e.s;
    if (!chk_text(&e, prjobid, prjobid_len, "PRJOBID") ||
        !chk_text(&e, cmd, cmd_len, "PRCMDNAME") ||
        !chk_pairs(&e, names, name_lens, values, n_params, "parameters"))
        return e.s;
    liion__wr_init(&w, buf, cap);
    w_list(&w, 4);
    w_u4(&w, dataid);
    w_text(&w, prjobid, prjobid_len);
    w_text(&w, cmd, cmd_len);
    w_pairs(&w, names, name_lens, values, n_params);
    return enc_end(&e, &w, written);
}

liion_status liion_gem300_s14f9_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                       const char *objspec, size_t objspec_len,
                                       const char *objtype, size_t objtype_len,
                                       const char *const *names, const size_t *name_lens,
                                       const liion_secs_item *const *values, size_t n_attrs)
{
    enc e;
    liion__wr w;
    if (enc_begin(&e, ctx, "S14F9", buf, cap, written) != LIION_OK)
        return e.s;
    if (!chk_text(&e, objspec, objspec_len, "OBJSPEC") ||
        !chk_text(&e, objtype, objtype_len, "OBJTYPE") ||
        !chk_pairs(&e, names, name_lens, values, n_attrs, "attributes"))
        return e.s;
    liion__wr_init(&w, buf, cap);
    w_list(&w, 3);
    w_text(&w, objspec, objspec_len);
    w_text(&w, objtype, objtype_len);
    w_pairs(&w, names, name_lens, values, n_attrs);
    return enc_end(&e, &w, written);
}

liion_status liion_gem300_s14f10_encode(uint8_t *buf, size_t cap, size_t *written,
                                        liion_ctx *ctx, const char *objspec, size_t objspec_len,
                                        const char *const *names, const size_t *name_lens,
                                        const liion_secs_item *const *values, size_t n_attrs,
                                        uint8_t objack, const uint32_t *codes,
                                        const char *const *texts, const size_t *text_lens,
                                        size_t n_errors)
{
    enc e;
    liion__wr w;
    if (enc_begin(&e, ctx, "S14F10", buf, cap, written) != LIION_OK)
        return e.s;
    if (!chk_text(&e, objspec, objspec_len, "OBJSPEC") ||
        !chk_pairs(&e, names, name_lens, values, n_attrs, "attributes") ||
        !chk_errors(&e, codes, texts, text_lens, n_errors))
        return e.s;
    liion__wr_init(&w, buf, cap);
    w_list(&w, 3);
    w_text(&w, objspec, objspec_len);
    w_pairs(&w, names, name_lens, values, n_attrs);
    w_list(&w, 2);
    w_byte(&w, LIION_SECS_U1, objack);
    w_errors(&w, codes, texts, text_lens, n_errors);
    return enc_end(&e, &w, written);
}

/* ---- parser ----------------------------------------------------------------------------- */

liion_status liion_gem300_msg_new(liion_gem300_msg **out, liion_ctx *ctx)
{
    liion_gem300_msg *m;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    m = liion__calloc(ctx, 1, sizeof *m);
    if (m == NULL)
        return LIION_E_NOMEM;
    s = liion_secs_msg_new(&m->rx, ctx);
    if (s != LIION_OK) {
        liion__free(ctx, m, sizeof *m);
        return s;
    }
    m->magic = LIION__MAGIC_G300;
    m->ctx = ctx;
    *out = m;
    return LIION_OK;
}

void liion_gem300_msg_free(liion_gem300_msg *m)
{
    if (m == NULL || m->magic != LIION__MAGIC_G300)
        return;
    m->magic = LIION__MAGIC_DEAD;
    liion_secs_msg_free(m->rx);
    liion__free(m->ctx, m, sizeof *m);
}

liion_gem300_kind liion_gem300_msg_get_kind(const liion_gem300_msg *m)
{
    return m != NULL && m->magic == LIION__MAGIC_G300 ? m->kind : LIION_GEM300_NONE;
}

/* An item of the decoded tree and its byte offset in the body. */
typedef struct node {
    const liion_secs_item *it;
    size_t off;
} node;

typedef struct chk {
    liion_gem300_msg *m;
    const uint8_t *b; /* the body, already validated by the SECS-II decoder */
    size_t len;
    const char *what;
} chk;

/* Wire size of the item at off (the body is well formed; still bounded by len). */
static size_t wire_size(const chk *c, size_t off)
{
    size_t nlb, n = 0, pos;
    unsigned fmt;
    if (off >= c->len)
        return 0;
    fmt = (unsigned)c->b[off] >> 2;
    nlb = c->b[off] & 3u;
    if (off + 1 + nlb > c->len)
        return c->len - off;
    for (size_t i = 0; i < nlb; i++)
        n = n << 8 | c->b[off + 1 + i];
    pos = off + 1 + nlb;
    if (fmt != LIION_SECS_L)
        return pos + n - off;
    for (size_t i = 0; i < n && pos < c->len; i++)
        pos += wire_size(c, pos);
    return pos - off;
}

static node first_child(const chk *c, node p)
{
    node k;
    k.it = liion_secs_item_child(p.it, 0);
    k.off = p.off + 1 + (c->b[p.off] & 3u);
    return k;
}

static node next_sibling(const chk *c, node parent, node k, size_t next_index)
{
    node n;
    n.it = liion_secs_item_child(parent.it, next_index);
    n.off = k.off + wire_size(c, k.off);
    return n;
}

static liion_status bad(const chk *c, node n, const char *fmt_what, const char *elem)
{
    return liion__error_at(c->m->ctx, LIION_E_DECODE, n.off, "%s: %s must be %s (found %s[%zu])",
                           c->what, elem, fmt_what,
                           liion_secs_format_name(liion_secs_item_format(n.it)),
                           liion_secs_item_count(n.it));
}

static liion_status want_list(const chk *c, node n, size_t count, const char *elem)
{
    static const char *const names[] = {"L[0]", "L[1]", "L[2]", "L[3]", "L[4]", "L[5]", "L[6]",
                                        "L[7]"};
    if (liion_secs_item_format(n.it) != LIION_SECS_L || liion_secs_item_count(n.it) != count)
        return bad(c, n, count < 8 ? names[count] : "a list", elem);
    return LIION_OK;
}

static liion_status want_list_any(const chk *c, node n, const char *elem)
{
    if (liion_secs_item_format(n.it) != LIION_SECS_L)
        return bad(c, n, "a list", elem);
    return LIION_OK;
}

static liion_status want_text(const chk *c, node n, const char *elem)
{
    if (liion_secs_item_format(n.it) != LIION_SECS_A)
        return bad(c, n, "A", elem);
    return LIION_OK;
}

static liion_status want_uint(const chk *c, node n, const char *elem)
{
    uint64_t v;
    liion_secs_format f = liion_secs_item_format(n.it);
    int is_int = f == LIION_SECS_U1 || f == LIION_SECS_U2 || f == LIION_SECS_U4 ||
                 f == LIION_SECS_U8 || f == LIION_SECS_I1 || f == LIION_SECS_I2 ||
                 f == LIION_SECS_I4 || f == LIION_SECS_I8;
    if (!is_int || liion_secs_item_count(n.it) != 1 ||
        liion_secs_item_get_uint(&v, n.it, 0) != LIION_OK)
        return bad(c, n, "one non-negative integer", elem);
    return LIION_OK;
}

static liion_status want_byte(const chk *c, node n, const char *elem)
{
    liion_secs_format f = liion_secs_item_format(n.it);
    if ((f != LIION_SECS_B && f != LIION_SECS_U1) || liion_secs_item_count(n.it) != 1)
        return bad(c, n, "B[1] or U1[1]", elem);
    return LIION_OK;
}

static liion_status want_bool(const chk *c, node n, const char *elem)
{
    if (liion_secs_item_format(n.it) != LIION_SECS_BOOLEAN || liion_secs_item_count(n.it) != 1)
        return bad(c, n, "BOOLEAN[1]", elem);
    return LIION_OK;
}

/* L[n] { L[2] <A name> value } */
static liion_status want_pairs(const chk *c, node n, const char *elem)
{
    liion_status s = want_list_any(c, n, elem);
    size_t cnt = liion_secs_item_count(n.it);
    node k;
    if (s != LIION_OK || cnt == 0)
        return s;
    k = first_child(c, n);
    for (size_t i = 0; i < cnt; i++) {
        if ((s = want_list(c, k, 2, elem)) != LIION_OK ||
            (s = want_text(c, first_child(c, k), "a name")) != LIION_OK)
            return s;
        if (i + 1 < cnt)
            k = next_sibling(c, n, k, i + 1);
    }
    return LIION_OK;
}

/* L[n] { L[2] <ERRCODE> <A ERRTEXT> } */
static liion_status want_errors(const chk *c, node n)
{
    liion_status s = want_list_any(c, n, "the error list");
    size_t cnt = liion_secs_item_count(n.it);
    node k, e;
    if (s != LIION_OK || cnt == 0)
        return s;
    k = first_child(c, n);
    for (size_t i = 0; i < cnt; i++) {
        if ((s = want_list(c, k, 2, "an error")) != LIION_OK)
            return s;
        e = first_child(c, k);
        if ((s = want_uint(c, e, "ERRCODE")) != LIION_OK ||
            (s = want_text(c, next_sibling(c, k, e, 1), "ERRTEXT")) != LIION_OK)
            return s;
        if (i + 1 < cnt)
            k = next_sibling(c, n, k, i + 1);
    }
    return LIION_OK;
}

/* Children 0..n-1 of a list node, with offsets. */
static void kids(const chk *c, node p, node *out, size_t n)
{
    out[0] = first_child(c, p);
    for (size_t i = 1; i < n; i++)
        out[i] = next_sibling(c, p, out[i - 1], i);
}

static liion_status check_s16f11(chk *c, node top)
{
    liion_gem300_msg *m = c->m;
    node k[7], r[3], cr, sl;
    liion_status s;
    size_t n;
    if ((s = want_list(c, top, 7, "the body")) != LIION_OK)
        return s;
    kids(c, top, k, 7);
    if ((s = want_uint(c, k[0], "DATAID")) != LIION_OK ||
        (s = want_text(c, k[1], "PRJOBID")) != LIION_OK ||
        (s = want_byte(c, k[2], "MF")) != LIION_OK ||
        (s = want_list_any(c, k[3], "the carrier list")) != LIION_OK)
        return s;
    n = liion_secs_item_count(k[3].it);
    if (n > 0) {
        cr = first_child(c, k[3]);
        for (size_t i = 0; i < n; i++) {
            size_t ns;
            if ((s = want_list(c, cr, 2, "a carrier")) != LIION_OK ||
                (s = want_text(c, first_child(c, cr), "CARRIERID")) != LIION_OK)
                return s;
            sl = next_sibling(c, cr, first_child(c, cr), 1);
            if ((s = want_list_any(c, sl, "the slot list")) != LIION_OK)
                return s;
            ns = liion_secs_item_count(sl.it);
            if (ns > 0) {
                node e = first_child(c, sl);
                for (size_t j = 0; j < ns; j++) {
                    if (liion_secs_item_format(e.it) != LIION_SECS_U1 ||
                        liion_secs_item_count(e.it) != 1)
                        return bad(c, e, "U1[1]", "SLOTID");
                    if (j + 1 < ns)
                        e = next_sibling(c, sl, e, j + 1);
                }
            }
            if (i + 1 < n)
                cr = next_sibling(c, k[3], cr, i + 1);
        }
    }
    if ((s = want_list(c, k[4], 3, "the recipe")) != LIION_OK)
        return s;
    kids(c, k[4], r, 3);
    if ((s = want_byte(c, r[0], "PRRECIPEMETHOD")) != LIION_OK ||
        (s = want_text(c, r[1], "RCPSPEC")) != LIION_OK ||
        (s = want_pairs(c, r[2], "the recipe parameter list")) != LIION_OK ||
        (s = want_bool(c, k[5], "PRPROCESSSTART")) != LIION_OK ||
        (s = want_list_any(c, k[6], "the pause event list")) != LIION_OK)
        return s;
    n = liion_secs_item_count(k[6].it);
    if (n > 0) {
        node e = first_child(c, k[6]);
        for (size_t i = 0; i < n; i++) {
            if ((s = want_uint(c, e, "PRPAUSEEVENT")) != LIION_OK)
                return s;
            if (i + 1 < n)
                e = next_sibling(c, k[6], e, i + 1);
        }
    }
    m->f[LIION_GEM300_F_DATAID] = k[0].it;
    m->f[LIION_GEM300_F_PRJOBID] = k[1].it;
    m->f[LIION_GEM300_F_MF] = k[2].it;
    m->lists[LIION_GEM300_F_CARRIERS - 20] = k[3].it;
    m->f[LIION_GEM300_F_PRRECIPEMETHOD] = r[0].it;
    m->f[LIION_GEM300_F_RCPSPEC] = r[1].it;
    m->lists[LIION_GEM300_F_ATTRS - 20] = r[2].it;
    m->f[LIION_GEM300_F_PRPROCESSSTART] = k[5].it;
    m->lists[LIION_GEM300_F_PAUSE_EVENTS - 20] = k[6].it;
    return LIION_OK;
}

static liion_status check(chk *c, liion_gem300_kind kind, node top)
{
    liion_gem300_msg *m = c->m;
    node k[5], a[2];
    liion_status s;
    switch (kind) {
    case LIION_GEM300_S3F17:
        if ((s = want_list(c, top, 5, "the body")) != LIION_OK)
            return s;
        kids(c, top, k, 5);
        if ((s = want_uint(c, k[0], "DATAID")) != LIION_OK ||
            (s = want_text(c, k[1], "CARRIERACTION")) != LIION_OK ||
            (s = want_text(c, k[2], "CARRIERID")) != LIION_OK ||
            (s = want_uint(c, k[3], "PTN")) != LIION_OK ||
            (s = want_pairs(c, k[4], "the carrier attribute list")) != LIION_OK)
            return s;
        m->f[LIION_GEM300_F_DATAID] = k[0].it;
        m->f[LIION_GEM300_F_CARRIERACTION] = k[1].it;
        m->f[LIION_GEM300_F_CARRIERID] = k[2].it;
        m->f[LIION_GEM300_F_PTN] = k[3].it;
        m->lists[0] = k[4].it;
        return LIION_OK;
    case LIION_GEM300_S3F18:
        if ((s = want_list(c, top, 2, "the body")) != LIION_OK)
            return s;
        kids(c, top, k, 2);
        if ((s = want_byte(c, k[0], "CAACK")) != LIION_OK || (s = want_errors(c, k[1])) != LIION_OK)
            return s;
        m->f[LIION_GEM300_F_ACK] = k[0].it;
        m->lists[1] = k[1].it;
        return LIION_OK;
    case LIION_GEM300_S14F9:
        if ((s = want_list(c, top, 3, "the body")) != LIION_OK)
            return s;
        kids(c, top, k, 3);
        if ((s = want_text(c, k[0], "OBJSPEC")) != LIION_OK ||
            (s = want_text(c, k[1], "OBJTYPE")) != LIION_OK ||
            (s = want_pairs(c, k[2], "the attribute list")) != LIION_OK)
            return s;
        m->f[LIION_GEM300_F_OBJSPEC] = k[0].it;
        m->f[LIION_GEM300_F_OBJTYPE] = k[1].it;
        m->lists[0] = k[2].it;
        return LIION_OK;
    case LIION_GEM300_S14F10:
        if ((s = want_list(c, top, 3, "the body")) != LIION_OK)
            return s;
        kids(c, top, k, 3);
        if ((s = want_text(c, k[0], "OBJSPEC")) != LIION_OK ||
            (s = want_pairs(c, k[1], "the attribute list")) != LIION_OK ||
            (s = want_list(c, k[2], 2, "the status")) != LIION_OK)
            return s;
        kids(c, k[2], a, 2);
        if ((s = want_byte(c, a[0], "OBJACK")) != LIION_OK || (s = want_errors(c, a[1])) != LIION_OK)
            return s;
        m->f[LIION_GEM300_F_OBJSPEC] = k[0].it;
        m->lists[0] = k[1].it;
        m->f[LIION_GEM300_F_ACK] = a[0].it;
        m->lists[1] = a[1].it;
        return LIION_OK;
    case LIION_GEM300_S16F5:
        if ((s = want_list(c, top, 4, "the body")) != LIION_OK)
            return s;
        kids(c, top, k, 4);
        if ((s = want_uint(c, k[0], "DATAID")) != LIION_OK ||
            (s = want_text(c, k[1], "PRJOBID")) != LIION_OK ||
            (s = want_text(c, k[2], "PRCMDNAME")) != LIION_OK ||
            (s = want_pairs(c, k[3], "the command parameter list")) != LIION_OK)
            return s;
        m->f[LIION_GEM300_F_DATAID] = k[0].it;
        m->f[LIION_GEM300_F_PRJOBID] = k[1].it;
        m->f[LIION_GEM300_F_PRCMDNAME] = k[2].it;
        m->lists[0] = k[3].it;
        return LIION_OK;
    case LIION_GEM300_S16F6:
    case LIION_GEM300_S16F12:
        if ((s = want_list(c, top, 2, "the body")) != LIION_OK)
            return s;
        kids(c, top, k, 2);
        if ((s = want_text(c, k[0], "PRJOBID")) != LIION_OK ||
            (s = want_list(c, k[1], 2, "the status")) != LIION_OK)
            return s;
        kids(c, k[1], a, 2);
        if ((s = want_bool(c, a[0], "ACKA")) != LIION_OK || (s = want_errors(c, a[1])) != LIION_OK)
            return s;
        m->f[LIION_GEM300_F_PRJOBID] = k[0].it;
        m->f[LIION_GEM300_F_ACK] = a[0].it;
        m->lists[1] = a[1].it;
        return LIION_OK;
    default: /* LIION_GEM300_S16F11 */
        return check_s16f11(c, top);
    }
}

static const char *kind_name(liion_gem300_kind k)
{
    switch (k) {
    case LIION_GEM300_S3F17: return "S3F17";
    case LIION_GEM300_S3F18: return "S3F18";
    case LIION_GEM300_S14F9: return "S14F9";
    case LIION_GEM300_S14F10: return "S14F10";
    case LIION_GEM300_S16F5: return "S16F5";
    case LIION_GEM300_S16F6: return "S16F6";
    case LIION_GEM300_S16F11: return "S16F11";
    case LIION_GEM300_S16F12: return "S16F12";
    default: return NULL;
    }
}

static void clear(liion_gem300_msg *m)
{
    m->kind = LIION_GEM300_NONE;
    memset(m->f, 0, sizeof m->f);
    memset(m->lists, 0, sizeof m->lists);
}

static liion_status enter(liion_gem300_msg *m)
{
    if (m == NULL)
        return LIION_E_INVALID_ARG;
    if (m->magic != LIION__MAGIC_G300)
        return LIION_E_MISUSE;
    return liion__ctx_enter(m->ctx);
}

liion_status liion_gem300_msg_decode(liion_gem300_msg *m, liion_gem300_kind kind,
                                     const uint8_t *body, size_t len)
{
    chk c;
    node top;
    liion_status s = enter(m);
    if (s != LIION_OK)
        return s;
    clear(m);
    c.what = kind_name(kind);
    if (c.what == NULL)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "gem300: unknown message kind 0x%x",
                            (unsigned)kind);
    if (body == NULL && len > 0)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "%s: NULL body", c.what);
    if (len == 0)
        return liion__error_at(m->ctx, LIION_E_DECODE, 0, "%s: empty body", c.what);
    s = liion_secs_msg_decode(m->rx, body, len);
    if (s != LIION_OK)
        return s;
    c.m = m;
    c.b = body;
    c.len = len;
    top.it = liion_secs_msg_body(m->rx);
    top.off = 0;
    s = check(&c, kind, top);
    if (s != LIION_OK) {
        clear(m);
        return s;
    }
    m->kind = kind;
    return LIION_OK;
}

static liion_status field_item(const liion_secs_item **it, liion_gem300_msg *m,
                               liion_gem300_field field)
{
    liion_status s = enter(m);
    if (s != LIION_OK)
        return s;
    if ((int)field < 1 || (int)field >= NFIELDS || m->f[field] == NULL)
        return liion__error(m->ctx, LIION_E_NOT_FOUND, "gem300: the %s message has no field %d",
                            m->kind == LIION_GEM300_NONE ? "empty" : kind_name(m->kind),
                            (int)field);
    *it = m->f[field];
    return LIION_OK;
}

liion_status liion_gem300_msg_get_uint(uint64_t *out, liion_gem300_msg *m,
                                       liion_gem300_field field)
{
    const liion_secs_item *it = NULL;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    s = field_item(&it, m, field);
    if (s != LIION_OK)
        return s;
    if (liion_secs_item_format(it) == LIION_SECS_A)
        return liion__error(m->ctx, LIION_E_NOT_FOUND, "gem300: field %d is text", (int)field);
    s = liion_secs_item_get_uint(out, it, 0);
    if (s == LIION_OK && liion_secs_item_format(it) == LIION_SECS_BOOLEAN)
        *out = *out != 0;
    return s;
}

liion_status liion_gem300_msg_get_text(const uint8_t **text, size_t *len, liion_gem300_msg *m,
                                       liion_gem300_field field)
{
    const liion_secs_item *it = NULL;
    liion_status s;
    if (text == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    s = field_item(&it, m, field);
    if (s != LIION_OK)
        return s;
    if (liion_secs_item_format(it) != LIION_SECS_A)
        return liion__error(m->ctx, LIION_E_NOT_FOUND, "gem300: field %d is not text",
                            (int)field);
    *text = liion_secs_item_text(it, len);
    return LIION_OK;
}

static const liion_secs_item *list_of(const liion_gem300_msg *m, liion_gem300_field field)
{
    if (m == NULL || m->magic != LIION__MAGIC_G300 || (int)field < 20 ||
        (int)field >= 20 + NLISTS)
        return NULL;
    return m->lists[(int)field - 20];
}

size_t liion_gem300_msg_count(const liion_gem300_msg *m, liion_gem300_field field)
{
    return liion_secs_item_count(list_of(m, field));
}

static liion_status entry(const liion_secs_item **e, liion_gem300_msg *m,
                          liion_gem300_field field, size_t index)
{
    const liion_secs_item *l;
    liion_status s = enter(m);
    if (s != LIION_OK)
        return s;
    l = list_of(m, field);
    if (l == NULL || index >= liion_secs_item_count(l))
        return liion__error(m->ctx, LIION_E_NOT_FOUND, "gem300: no entry %zu in list %d", index,
                            (int)field);
    *e = liion_secs_item_child(l, index);
    return LIION_OK;
}

liion_status liion_gem300_msg_get_attr(const uint8_t **name, size_t *name_len,
                                       const liion_secs_item **value, liion_gem300_msg *m,
                                       size_t index)
{
    const liion_secs_item *e = NULL;
    liion_status s;
    if (name == NULL || name_len == NULL || value == NULL)
        return LIION_E_INVALID_ARG;
    s = entry(&e, m, LIION_GEM300_F_ATTRS, index);
    if (s != LIION_OK)
        return s;
    *name = liion_secs_item_text(liion_secs_item_child(e, 0), name_len);
    *value = liion_secs_item_child(e, 1);
    return LIION_OK;
}

liion_status liion_gem300_msg_get_error(uint64_t *code, const uint8_t **text, size_t *text_len,
                                        liion_gem300_msg *m, size_t index)
{
    const liion_secs_item *e = NULL;
    liion_status s;
    if (code == NULL || text == NULL || text_len == NULL)
        return LIION_E_INVALID_ARG;
    s = entry(&e, m, LIION_GEM300_F_ERRORS, index);
    if (s != LIION_OK)
        return s;
    s = liion_secs_item_get_uint(code, liion_secs_item_child(e, 0), 0);
    if (s != LIION_OK)
        return s;
    *text = liion_secs_item_text(liion_secs_item_child(e, 1), text_len);
    return LIION_OK;
}

liion_status liion_gem300_msg_get_carrier(const uint8_t **id, size_t *id_len, size_t *nslots,
                                          liion_gem300_msg *m, size_t index)
{
    const liion_secs_item *e = NULL;
    liion_status s;
    if (id == NULL || id_len == NULL || nslots == NULL)
        return LIION_E_INVALID_ARG;
    s = entry(&e, m, LIION_GEM300_F_CARRIERS, index);
    if (s != LIION_OK)
        return s;
    *id = liion_secs_item_text(liion_secs_item_child(e, 0), id_len);
    *nslots = liion_secs_item_count(liion_secs_item_child(e, 1));
    return LIION_OK;
}

liion_status liion_gem300_msg_get_slot(uint8_t *slot, liion_gem300_msg *m, size_t carrier,
                                       size_t index)
{
    const liion_secs_item *e = NULL, *l;
    uint64_t v = 0;
    liion_status s;
    if (slot == NULL)
        return LIION_E_INVALID_ARG;
    s = entry(&e, m, LIION_GEM300_F_CARRIERS, carrier);
    if (s != LIION_OK)
        return s;
    l = liion_secs_item_child(e, 1);
    if (index >= liion_secs_item_count(l))
        return liion__error(m->ctx, LIION_E_NOT_FOUND, "gem300: carrier %zu has no slot entry %zu",
                            carrier, index);
    s = liion_secs_item_get_uint(&v, liion_secs_item_child(l, index), 0);
    *slot = (uint8_t)v;
    return s;
}

liion_status liion_gem300_msg_get_pause_event(uint64_t *ceid, liion_gem300_msg *m, size_t index)
{
    const liion_secs_item *e = NULL;
    liion_status s;
    if (ceid == NULL)
        return LIION_E_INVALID_ARG;
    s = entry(&e, m, LIION_GEM300_F_PAUSE_EVENTS, index);
    if (s != LIION_OK)
        return s;
    return liion_secs_item_get_uint(ceid, e, 0);
}
