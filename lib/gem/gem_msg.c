/*
 * GEM (E30) message bodies built and parsed with the SECS-II item API: S1F13/F14 and the
 * one-byte acknowledges (S1F16, S1F18, S6F12, S2F34, ...).
 */
#include "core/core.h"

#include <liion/gem.h>
#include <string.h>

static liion_status add_ascii(liion_secs_item *list, liion_ctx *ctx, const char *s, size_t n)
{
    liion_secs_item *it = NULL;
    liion_status st = liion_secs_item_new_ascii(&it, ctx, s ? s : "", s ? n : 0);
    if (st != LIION_OK)
        return st;
    st = liion_secs_list_append(list, it);
    if (st != LIION_OK)
        liion_secs_item_free(it);
    return st;
}

/* L[0], or L[2] <A mdln> <A softrev>. */
static liion_status ids_list(liion_secs_item **out, liion_ctx *ctx, const char *mdln,
                             size_t mdln_len, const char *softrev, size_t softrev_len)
{
    liion_secs_item *l = NULL;
    liion_status s = liion_secs_item_new_list(&l, ctx, mdln ? 2 : 0);
    if (s == LIION_OK && mdln) {
        s = add_ascii(l, ctx, mdln, mdln_len);
        if (s == LIION_OK)
            s = add_ascii(l, ctx, softrev, softrev_len);
    }
    if (s != LIION_OK) {
        liion_secs_item_free(l);
        return s;
    }
    *out = l;
    return LIION_OK;
}

static liion_status encode_free(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                liion_secs_item *it)
{
    liion_status s = liion_secs_item_encode(buf, cap, written, ctx, it);
    liion_secs_item_free(it);
    return s;
}

static liion_status check_args(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                               const char *mdln, size_t mdln_len, const char *softrev,
                               size_t softrev_len)
{
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (written == NULL || (buf == NULL && cap > 0) || (mdln == NULL && mdln_len > 0) ||
        (mdln != NULL && softrev == NULL && softrev_len > 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem: NULL argument");
    return LIION_OK;
}

liion_status liion_gem_s1f13_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    const char *mdln, size_t mdln_len, const char *softrev,
                                    size_t softrev_len)
{
    liion_secs_item *l = NULL;
    liion_status s = check_args(buf, cap, written, ctx, mdln, mdln_len, softrev, softrev_len);
    if (s != LIION_OK)
        return s;
    s = ids_list(&l, ctx, mdln, mdln_len, softrev, softrev_len);
    if (s != LIION_OK)
        return s;
    return encode_free(buf, cap, written, ctx, l);
}

liion_status liion_gem_s1f14_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    uint8_t commack, const char *mdln, size_t mdln_len,
                                    const char *softrev, size_t softrev_len)
{
    liion_secs_item *top = NULL, *ack = NULL, *ids = NULL;
    liion_status s = check_args(buf, cap, written, ctx, mdln, mdln_len, softrev, softrev_len);
    if (s != LIION_OK)
        return s;
    s = liion_secs_item_new_list(&top, ctx, 2);
    if (s == LIION_OK)
        s = liion_secs_item_new_binary(&ack, ctx, &commack, 1);
    if (s == LIION_OK) {
        s = liion_secs_list_append(top, ack);
        if (s == LIION_OK)
            ack = NULL;
    }
    if (s == LIION_OK)
        s = ids_list(&ids, ctx, mdln, mdln_len, softrev, softrev_len);
    if (s == LIION_OK) {
        s = liion_secs_list_append(top, ids);
        if (s == LIION_OK)
            ids = NULL;
    }
    liion_secs_item_free(ack);
    liion_secs_item_free(ids);
    if (s != LIION_OK) {
        liion_secs_item_free(top);
        return s;
    }
    return encode_free(buf, cap, written, ctx, top);
}

/* Decode one whole body (no trailing bytes). */
static liion_status decode_body(liion_secs_item **out, liion_ctx *ctx, const uint8_t *body,
                                size_t len, const char *what)
{
    size_t used = 0;
    liion_status s;
    if (body == NULL && len > 0)
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s: NULL body", what);
    if (len == 0)
        return liion__error_at(ctx, LIION_E_DECODE, 0, "%s: empty body", what);
    s = liion_secs_item_decode(out, &used, ctx, body, len);
    if (s != LIION_OK)
        return s;
    if (used != len) {
        liion_secs_item_free(*out);
        *out = NULL;
        return liion__error_at(ctx, LIION_E_DECODE, used, "%s: %zu bytes after the body", what,
                               len - used);
    }
    return LIION_OK;
}

static int is_ids(const liion_secs_item *it)
{
    size_t n;
    if (liion_secs_item_format(it) != LIION_SECS_L)
        return 0;
    n = liion_secs_item_count(it);
    if (n == 0)
        return 1;
    return n == 2 && liion_secs_item_format(liion_secs_item_child(it, 0)) == LIION_SECS_A &&
           liion_secs_item_format(liion_secs_item_child(it, 1)) == LIION_SECS_A;
}

liion_status liion_gem_s1f13_decode(int *has_ids, liion_ctx *ctx, const uint8_t *body, size_t len)
{
    liion_secs_item *it = NULL;
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    s = decode_body(&it, ctx, body, len, "S1F13");
    if (s != LIION_OK)
        return s;
    if (!is_ids(it)) {
        liion_secs_item_free(it);
        return liion__error_at(ctx, LIION_E_DECODE, 0, "S1F13: expected L[0] or L[2] <A> <A>");
    }
    if (has_ids)
        *has_ids = liion_secs_item_count(it) == 2;
    liion_secs_item_free(it);
    return LIION_OK;
}

liion_status liion_gem_s1f14_decode(uint8_t *commack, liion_ctx *ctx, const uint8_t *body,
                                    size_t len)
{
    liion_secs_item *it = NULL;
    const liion_secs_item *ack;
    size_t n = 0;
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (commack == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S1F14: NULL commack");
    s = decode_body(&it, ctx, body, len, "S1F14");
    if (s != LIION_OK)
        return s;
    if (liion_secs_item_format(it) != LIION_SECS_L || liion_secs_item_count(it) != 2) {
        liion_secs_item_free(it);
        return liion__error_at(ctx, LIION_E_DECODE, 0, "S1F14: expected L[2] <B COMMACK> L");
    }
    ack = liion_secs_item_child(it, 0);
    if (liion_secs_item_format(ack) != LIION_SECS_B || liion_secs_item_count(ack) != 1) {
        liion_secs_item_free(it);
        return liion__error_at(ctx, LIION_E_DECODE, 0, "S1F14: COMMACK is not <B[1]>");
    }
    if (!is_ids(liion_secs_item_child(it, 1))) {
        liion_secs_item_free(it);
        return liion__error_at(ctx, LIION_E_DECODE, 0,
                               "S1F14: expected L[0] or L[2] <A MDLN> <A SOFTREV>");
    }
    *commack = liion_secs_item_raw(ack, &n)[0];
    liion_secs_item_free(it);
    return LIION_OK;
}

liion_status liion_gem_ack_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                  uint8_t ack)
{
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (written == NULL || (buf == NULL && cap > 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem: NULL argument");
    *written = 3;
    if (cap < 3)
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL, "gem: 3 bytes needed, %zu given", cap);
    buf[0] = 0x21; /* B, one length byte */
    buf[1] = 1;
    buf[2] = ack;
    return LIION_OK;
}

liion_status liion_gem_ack_decode(uint8_t *ack, liion_ctx *ctx, const uint8_t *body, size_t len)
{
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (ack == NULL || (body == NULL && len > 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem: NULL argument");
    if (len == 3 && (body[0] == 0x21 || body[0] == 0xa5) && body[1] == 1) {
        *ack = body[2]; /* the common, minimal form */
        return LIION_OK;
    }
    {
        liion_secs_item *it = NULL;
        liion_secs_format f;
        s = decode_body(&it, ctx, body, len, "ack");
        if (s != LIION_OK)
            return s;
        f = liion_secs_item_format(it);
        if ((f != LIION_SECS_B && f != LIION_SECS_U1) || liion_secs_item_count(it) != 1) {
            liion_secs_item_free(it);
            return liion__error_at(ctx, LIION_E_DECODE, 0, "ack: expected <B[1]> or <U1[1]>");
        }
        {
            size_t n = 0;
            *ack = liion_secs_item_raw(it, &n)[0];
        }
        liion_secs_item_free(it);
        return LIION_OK;
    }
}
