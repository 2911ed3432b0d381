/*
 * SML text for SECS-II items and messages: a renderer into caller buffers (measuring writer,
 * so the size needed comes out of the same code) and a recursive-descent parser into built
 * items (depth bounded by the context's max_depth, items by max_items).
 */
#include "secs2/secs2.h"

#include "core/buf.h"
#include "core/bytes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rendering ----------------------------------------------------------------------- */

static void put(liion__wr *w, const char *s)
{
    liion__wr_bytes(w, s, strlen(s));
}

static void put_indent(liion__wr *w, unsigned level)
{
    liion__wr_fill(w, ' ', 2u * (size_t)level);
}

static const char HEX[] = "0123456789ABCDEF";

static void put_quoted(liion__wr *w, const uint8_t *p, size_t n)
{
    liion__wr_u8(w, '"');
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\') {
            liion__wr_u8(w, '\\');
            liion__wr_u8(w, c);
        } else if (c < 0x20 || c > 0x7E) {
            uint8_t e[4] = { '\\', 'x', (uint8_t)HEX[c >> 4], (uint8_t)HEX[c & 15] };
            liion__wr_bytes(w, e, 4);
        } else {
            liion__wr_u8(w, c);
        }
    }
    liion__wr_u8(w, '"');
}

static void put_hex(liion__wr *w, uint64_t v, unsigned digits)
{
    char t[20];
    t[0] = '0';
    t[1] = 'x';
    for (unsigned i = 0; i < digits; i++)
        t[2 + i] = HEX[(v >> (4u * (digits - 1u - i))) & 15u];
    liion__wr_bytes(w, t, 2u + digits);
}

static void put_float(liion__wr *w, uint64_t bits, size_t esz)
{
    char t[40];
    if (esz == 4) {
        float f;
        uint32_t u = (uint32_t)bits;
        memcpy(&f, &u, 4);
        if (isnan(f)) {
            put_hex(w, bits, 8);
            return;
        }
        for (int prec = 6; prec <= 9; prec++) {
            snprintf(t, sizeof t, "%.*g", prec, (double)f);
            if (liion__f32_bits(strtof(t, NULL)) == u)
                break;
        }
    } else {
        double d;
        memcpy(&d, &bits, 8);
        if (isnan(d)) {
            put_hex(w, bits, 16);
            return;
        }
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(t, sizeof t, "%.*g", prec, d);
            if (liion__f64_bits(strtod(t, NULL)) == bits)
                break;
        }
    }
    put(w, t);
}

static void render(liion__wr *w, const liion_secs_item *it, unsigned level, bool compact)
{
    size_t esz = liion__secs_elem_size[it->fmt];
    const uint8_t *d = it->fmt == LIION_SECS_L ? NULL : liion__secs_data(it);
    char t[32];

    liion__wr_u8(w, '<');
    put(w, liion_secs_format_name((liion_secs_format)it->fmt));
    switch (it->fmt) {
    case LIION_SECS_L:
        snprintf(t, sizeof t, " [%u]", (unsigned)it->len);
        put(w, t);
        for (uint32_t i = 0; i < it->len; i++) {
            if (compact) {
                liion__wr_u8(w, ' ');
            } else {
                liion__wr_u8(w, '\n');
                put_indent(w, level + 1);
            }
            render(w, liion__secs_kid(it, i), level + 1, compact);
        }
        if (it->len != 0 && !compact) {
            liion__wr_u8(w, '\n');
            put_indent(w, level);
        }
        break;
    case LIION_SECS_A:
    case LIION_SECS_J:
        liion__wr_u8(w, ' ');
        put_quoted(w, d, it->len);
        break;
    case LIION_SECS_C2:
        liion__wr_u8(w, ' ');
        put_hex(w, liion__load_be16(d), 4);
        liion__wr_u8(w, ' ');
        put_quoted(w, d + 2, it->len - 2u);
        break;
    case LIION_SECS_B:
        for (uint32_t i = 0; i < it->len; i++) {
            liion__wr_u8(w, ' ');
            put_hex(w, d[i], 2);
        }
        break;
    case LIION_SECS_BOOLEAN:
        for (uint32_t i = 0; i < it->len; i++) {
            liion__wr_u8(w, ' ');
            if (d[i] == 0)
                put(w, "FALSE");
            else if (d[i] == 1)
                put(w, "TRUE");
            else
                put_hex(w, d[i], 2);
        }
        break;
    default:
        for (size_t i = 0; i < it->len / esz; i++) {
            const uint8_t *p = d + i * esz;
            uint64_t bits = esz == 1   ? p[0]
                            : esz == 2 ? liion__load_be16(p)
                            : esz == 4 ? liion__load_be32(p)
                                       : liion__load_be64(p);
            liion__wr_u8(w, ' ');
            if (it->fmt == LIION_SECS_F4 || it->fmt == LIION_SECS_F8) {
                put_float(w, bits, esz);
            } else if (it->fmt == LIION_SECS_I1 || it->fmt == LIION_SECS_I2 ||
                       it->fmt == LIION_SECS_I4 || it->fmt == LIION_SECS_I8) {
                int64_t v = esz == 1   ? (int8_t)(uint8_t)bits
                            : esz == 2 ? (int16_t)(uint16_t)bits
                            : esz == 4 ? (int32_t)(uint32_t)bits
                                       : (int64_t)bits;
                snprintf(t, sizeof t, "%lld", (long long)v);
                put(w, t);
            } else {
                snprintf(t, sizeof t, "%llu", (unsigned long long)bits);
                put(w, t);
            }
        }
        break;
    }
    liion__wr_u8(w, '>');
}

/* Finish a rendering: NUL-terminate or report the size. wr was set up with cap - 1. */
static liion_status finish(liion_ctx *ctx, liion__wr *w, char *buf, size_t cap, size_t *written)
{
    *written = liion__wr_size(w);
    if (buf == NULL || cap == 0 || liion__wr_overflow(w))
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "secs: the SML text needs %zu bytes plus a NUL, the buffer has %zu",
                            *written, cap);
    buf[*written] = '\0';
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_to_sml(char *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *item,
                                              uint32_t flags)
{
    liion__wr w;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (written == NULL || item == NULL || (buf == NULL && cap != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    liion__wr_init(&w, (uint8_t *)buf, cap != 0 ? cap - 1 : 0);
    render(&w, item, 0, (flags & LIION_SECS_SML_COMPACT) != 0);
    return finish(ctx, &w, buf, cap, written);
}

LIION_API liion_status liion_secs_msg_to_sml(char *buf, size_t cap, size_t *written,
                                             const liion_secs_msg *msg, uint32_t flags)
{
    liion__wr w;
    char t[32];
    bool compact = (flags & LIION_SECS_SML_COMPACT) != 0;
    liion_status st;
    if (msg == NULL)
        return LIION_E_INVALID_ARG;
    if (msg->magic != LIION__MAGIC_SECS_MSG)
        return LIION_E_MISUSE;
    st = liion__ctx_enter(msg->ctx);
    if (st != LIION_OK)
        return st;
    if (written == NULL || (buf == NULL && cap != 0))
        return liion__error(msg->ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    liion__wr_init(&w, (uint8_t *)buf, cap != 0 ? cap - 1 : 0);
    snprintf(t, sizeof t, "S%uF%u%s", (unsigned)msg->stream, (unsigned)msg->function,
             msg->wbit ? " W" : "");
    put(&w, t);
    if (msg->body != NULL) {
        liion__wr_u8(&w, compact ? ' ' : '\n');
        render(&w, msg->body, 0, compact);
    }
    liion__wr_u8(&w, compact ? ' ' : '\n');
    liion__wr_u8(&w, '.');
    return finish(msg->ctx, &w, buf, cap, written);
}

/* ---- parsing ------------------------------------------------------------------------- */

typedef struct parser {
    liion_ctx *ctx;
    const char *s;
    size_t len;
    size_t pos;
    size_t items;
    liion__buf vals; /* scratch: big-endian data of the item being parsed */
} parser;

static liion_status perr(parser *p, liion_status st, size_t at, const char *what)
{
    return liion__error_at(p->ctx, st, at, "sml: %s at offset %zu", what, at);
}

/* Skip whitespace and comments. */
static liion_status skip(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            p->pos++;
        } else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '/') {
            while (p->pos < p->len && p->s[p->pos] != '\n')
                p->pos++;
        } else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '*') {
            size_t start = p->pos;
            p->pos += 2;
            for (;;) {
                if (p->pos + 1 >= p->len) {
                    p->pos = p->len;
                    return perr(p, LIION_E_TRUNCATED, start, "unterminated comment");
                }
                if (p->s[p->pos] == '*' && p->s[p->pos + 1] == '/') {
                    p->pos += 2;
                    break;
                }
                p->pos++;
            }
        } else {
            break;
        }
    }
    return LIION_OK;
}

static bool is_tok(char c)
{
    return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
             c == '<' || c == '>' || c == '"' || c == '[' || c == ']' || c == '/' || c == '\0');
}

/* A bare token (number, TRUE, name); *n 0 when there is none. */
static const char *token(parser *p, size_t *n)
{
    size_t start = p->pos;
    while (p->pos < p->len && is_tok(p->s[p->pos]))
        p->pos++;
    *n = p->pos - start;
    return p->s + start;
}

static bool tok_ieq(const char *t, size_t n, const char *word)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char a = t[i], b = word[i];
        if (b == '\0')
            return false;
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (a != b)
            return false;
    }
    return word[i] == '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Unsigned integer token: decimal or 0x hex. *neg set for a leading '-'. */
static bool parse_uint(const char *t, size_t n, uint64_t *v, bool *neg)
{
    uint64_t acc = 0;
    size_t i = 0;
    *neg = false;
    if (n > 0 && (t[0] == '-' || t[0] == '+')) {
        *neg = t[0] == '-';
        i = 1;
    }
    if (n - i > 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
        i += 2;
        if (n - i > 16)
            return false;
        for (; i < n; i++) {
            int h = hexval(t[i]);
            if (h < 0)
                return false;
            acc = acc << 4 | (uint64_t)h;
        }
    } else {
        if (i == n)
            return false;
        for (; i < n; i++) {
            if (t[i] < '0' || t[i] > '9')
                return false;
            if (acc > (UINT64_MAX - (uint64_t)(t[i] - '0')) / 10u)
                return false;
            acc = acc * 10u + (uint64_t)(t[i] - '0');
        }
    }
    *v = acc;
    return true;
}

static liion_status add_be(parser *p, uint64_t v, size_t esz)
{
    switch (esz) {
    case 1: return liion__buf_append_u8(&p->vals, (uint8_t)v);
    case 2: return liion__buf_append_be16(&p->vals, (uint16_t)v);
    case 4: return liion__buf_append_be32(&p->vals, (uint32_t)v);
    default: return liion__buf_append_be64(&p->vals, v);
    }
}

/* A quoted string with escapes, appended as bytes. p->pos is at the opening quote. */
static liion_status parse_string(parser *p)
{
    size_t start = p->pos++;
    liion_status st;
    for (;;) {
        char c;
        if (p->pos >= p->len)
            return perr(p, LIION_E_TRUNCATED, start, "unterminated string");
        c = p->s[p->pos++];
        if (c == '"')
            return LIION_OK;
        if (c == '\\') {
            char e;
            if (p->pos >= p->len)
                return perr(p, LIION_E_TRUNCATED, start, "unterminated string");
            e = p->s[p->pos++];
            switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case '0': c = '\0'; break;
            case 'x': {
                int h, l;
                if (p->pos + 2 > p->len)
                    return perr(p, LIION_E_TRUNCATED, p->pos - 2, "incomplete \\x escape");
                h = hexval(p->s[p->pos]);
                l = hexval(p->s[p->pos + 1]);
                if (h < 0 || l < 0)
                    return perr(p, LIION_E_DECODE, p->pos - 2, "bad \\x escape (two hex digits)");
                c = (char)(h << 4 | l);
                p->pos += 2;
                break;
            }
            default:
                return perr(p, LIION_E_DECODE, p->pos - 2, "unknown escape");
            }
        }
        st = liion__buf_append_u8(&p->vals, (uint8_t)c);
        if (st != LIION_OK)
            return st;
    }
}

static const struct {
    const char *name;
    unsigned fmt;
} NAMES[] = {
    { "L", 000 },  { "B", 010 },  { "BOOLEAN", 011 }, { "A", 020 },  { "J", 021 },
    { "C2", 022 }, { "I8", 030 }, { "I1", 031 },      { "I2", 032 }, { "I4", 034 },
    { "F8", 040 }, { "F4", 044 }, { "U8", 050 },      { "U1", 051 }, { "U2", 052 },
    { "U4", 054 },
};

static bool is_signed_fmt(unsigned f)
{
    return f == 030 || f == 031 || f == 032 || f == 034;
}

/* One value token of a non-list, non-text item. */
static liion_status parse_value(parser *p, unsigned fmt, size_t esz, const char *t, size_t n,
                                size_t at)
{
    uint64_t v;
    bool neg;
    if (fmt == LIION_SECS_F4 || fmt == LIION_SECS_F8) {
        char tmp[64];
        char *end;
        bool hexraw = n > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
        for (size_t i = 2; hexraw && i < n; i++)
            if (hexval(t[i]) < 0)
                hexraw = false;
        if (hexraw) {
            if (n - 2 > esz * 2 || !parse_uint(t, n, &v, &neg))
                return perr(p, LIION_E_RANGE, at, "raw float bits too wide");
            return add_be(p, v, esz);
        }
        if (n >= sizeof tmp)
            return perr(p, LIION_E_DECODE, at, "number too long");
        memcpy(tmp, t, n);
        tmp[n] = '\0';
        if (esz == 4) {
            float f = strtof(tmp, &end);
            if (end != tmp + n)
                return perr(p, LIION_E_DECODE, at, "bad floating-point number");
            return add_be(p, liion__f32_bits(f), 4);
        } else {
            double d = strtod(tmp, &end);
            if (end != tmp + n)
                return perr(p, LIION_E_DECODE, at, "bad floating-point number");
            return add_be(p, liion__f64_bits(d), 8);
        }
    }
    if (fmt == LIION_SECS_BOOLEAN) {
        if (tok_ieq(t, n, "TRUE") || tok_ieq(t, n, "T"))
            return add_be(p, 1, 1);
        if (tok_ieq(t, n, "FALSE") || tok_ieq(t, n, "F"))
            return add_be(p, 0, 1);
    }
    if (!parse_uint(t, n, &v, &neg))
        return perr(p, LIION_E_DECODE, at, "bad number");
    if (is_signed_fmt(fmt)) {
        uint64_t lim = esz == 8 ? (uint64_t)INT64_MAX : ((uint64_t)1 << (8 * esz - 1)) - 1u;
        if (neg ? v > lim + 1u : v > lim)
            return perr(p, LIION_E_RANGE, at, "value out of range for the format");
        v = neg ? (uint64_t)0 - v : v;
    } else {
        uint64_t lim = esz == 8 ? UINT64_MAX : ((uint64_t)1 << (8 * esz)) - 1u;
        if ((neg && v != 0) || v > lim)
            return perr(p, LIION_E_RANGE, at, "value out of range for the format");
    }
    return add_be(p, v, esz);
}

static liion_status parse_item(parser *p, secs__built **out, uint64_t depth);

static liion_status parse_list_body(parser *p, secs__built **out, uint64_t depth)
{
    liion_secs_item *l = NULL;
    liion_status st = liion_secs_item_new_list(&l, p->ctx, 0);
    if (st != LIION_OK)
        return st;
    for (;;) {
        secs__built *k = NULL;
        st = skip(p);
        if (st != LIION_OK)
            break;
        if (p->pos >= p->len || p->s[p->pos] != '<')
            break;
        st = parse_item(p, &k, depth + 1);
        if (st != LIION_OK)
            break;
        st = liion_secs_list_append(l, &k->node);
        if (st != LIION_OK) {
            liion__secs_free_built(k);
            break;
        }
    }
    if (st != LIION_OK) {
        liion_secs_item_free(l);
        return st;
    }
    *out = (secs__built *)(void *)l;
    return LIION_OK;
}

static liion_status parse_item(parser *p, secs__built **out, uint64_t depth)
{
    size_t start, n, at, count_at = 0, declared = 0, esz, count;
    bool has_count = false;
    unsigned fmt = 64;
    const char *t;
    liion_status st;
    secs__built *b = NULL;

    st = skip(p);
    if (st != LIION_OK)
        return st;
    start = p->pos;
    if (p->pos >= p->len)
        return perr(p, LIION_E_TRUNCATED, p->pos, "expected '<' but the text ends");
    if (p->s[p->pos] != '<')
        return perr(p, LIION_E_DECODE, p->pos, "expected '<'");
    p->pos++;
    if (++p->items > p->ctx->max_items)
        return liion__error_at(p->ctx, LIION_E_LIMIT, start, "sml: more than %llu items",
                               (unsigned long long)p->ctx->max_items);
    st = skip(p);
    if (st != LIION_OK)
        return st;
    at = p->pos;
    t = token(p, &n);
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (tok_ieq(t, n, NAMES[i].name))
            fmt = NAMES[i].fmt;
    if (fmt == 64)
        return perr(p, n == 0 && at >= p->len ? LIION_E_TRUNCATED : LIION_E_DECODE, at,
                    "unknown item format");
    esz = liion__secs_elem_size[fmt];
    st = skip(p);
    if (st != LIION_OK)
        return st;
    if (p->pos < p->len && p->s[p->pos] == '[') {
        bool neg;
        uint64_t v;
        count_at = p->pos++;
        st = skip(p);
        if (st != LIION_OK)
            return st;
        t = token(p, &n);
        if (!parse_uint(t, n, &v, &neg) || neg || v > LIION_SECS_MAX_LENGTH)
            return perr(p, LIION_E_DECODE, count_at, "bad item count");
        st = skip(p);
        if (st != LIION_OK)
            return st;
        if (p->pos >= p->len || p->s[p->pos] != ']')
            return perr(p, p->pos >= p->len ? LIION_E_TRUNCATED : LIION_E_DECODE, p->pos,
                        "expected ']'");
        p->pos++;
        has_count = true;
        declared = (size_t)v;
    }

    if (fmt == LIION_SECS_L) {
        if (depth >= p->ctx->max_depth)
            return liion__error_at(p->ctx, LIION_E_LIMIT, start,
                                   "sml: lists nest deeper than the limit of %llu",
                                   (unsigned long long)p->ctx->max_depth);
        st = parse_list_body(p, &b, depth);
        if (st != LIION_OK)
            return st;
        count = b->node.len;
    } else {
        liion__buf_reset(&p->vals);
        if (fmt == LIION_SECS_C2) {
            uint64_t v;
            bool neg;
            st = skip(p);
            if (st != LIION_OK)
                return st;
            at = p->pos;
            t = token(p, &n);
            if (!parse_uint(t, n, &v, &neg) || neg || v > 0xFFFFu)
                return perr(p, p->pos >= p->len ? LIION_E_TRUNCATED : LIION_E_DECODE, at,
                            "C2 needs its encoding header (0..65535) first");
            st = add_be(p, v, 2);
            if (st != LIION_OK)
                return st;
        }
        for (;;) {
            st = skip(p);
            if (st != LIION_OK)
                return st;
            if (p->pos >= p->len || p->s[p->pos] == '>' || p->s[p->pos] == '<')
                break;
            at = p->pos;
            if (p->s[p->pos] == '"') {
                if (esz != 1 || fmt == LIION_SECS_B || fmt == LIION_SECS_BOOLEAN ||
                    fmt == LIION_SECS_U1 || fmt == LIION_SECS_I1)
                    return perr(p, LIION_E_DECODE, at, "a string in a numeric item");
                st = parse_string(p);
            } else {
                t = token(p, &n);
                if (n == 0)
                    return perr(p, LIION_E_DECODE, at, "unexpected character");
                st = parse_value(p, fmt, esz, t, n, at);
            }
            if (st != LIION_OK)
                return st;
            if (p->vals.len > LIION_SECS_MAX_LENGTH)
                return perr(p, LIION_E_RANGE, at, "item longer than 16777215 bytes");
        }
        st = liion__secs_new_raw(&b, p->ctx, fmt, p->vals.data, p->vals.len);
        if (st != LIION_OK)
            return st;
        count = liion_secs_item_count(&b->node);
    }
    st = skip(p);
    if (st == LIION_OK && (p->pos >= p->len || p->s[p->pos] != '>'))
        st = perr(p, p->pos >= p->len ? LIION_E_TRUNCATED : LIION_E_DECODE, p->pos,
                  "expected '>'");
    if (st == LIION_OK && has_count && declared != count)
        st = liion__error_at(p->ctx, LIION_E_DECODE, count_at,
                             "sml: declared count [%zu] but the item has %zu at offset %zu",
                             declared, count, count_at);
    if (st != LIION_OK) {
        liion__secs_free_built(b);
        return st;
    }
    p->pos++;
    *out = b;
    return LIION_OK;
}

static void parser_init(parser *p, liion_ctx *ctx, const char *text, size_t len)
{
    p->ctx = ctx;
    p->s = text != NULL ? text : "";
    p->len = text != NULL ? len : 0;
    p->pos = 0;
    p->items = 0;
    liion__buf_init(&p->vals, ctx);
}

/* After the item: only whitespace, comments and an optional final '.'. */
static liion_status parse_end(parser *p)
{
    liion_status st = skip(p);
    if (st != LIION_OK)
        return st;
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        st = skip(p);
        if (st != LIION_OK)
            return st;
    }
    if (p->pos != p->len)
        return perr(p, LIION_E_DECODE, p->pos, "unexpected text after the item");
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_from_sml(liion_secs_item **out, liion_ctx *ctx,
                                                const char *text, size_t len)
{
    parser p;
    secs__built *b = NULL;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL || (text == NULL && len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    if ((uint64_t)len > ctx->max_message_bytes)
        return liion__error_at(ctx, LIION_E_LIMIT, (size_t)ctx->max_message_bytes,
                               "sml: %zu bytes of text exceed the message limit", len);
    parser_init(&p, ctx, text, len);
    st = parse_item(&p, &b, 0);
    if (st == LIION_OK) {
        st = parse_end(&p);
        if (st != LIION_OK)
            liion__secs_free_built(b);
    }
    liion__buf_free(&p.vals);
    if (st == LIION_OK)
        *out = &b->node;
    return st;
}

LIION_API liion_status liion_secs_msg_from_sml(liion_secs_msg *msg, const char *text,
                                               size_t len)
{
    parser p;
    secs__built *b = NULL;
    liion_status st;
    uint64_t stream = 0, function = 0;
    bool neg = false;
    int wbit = 0;
    const char *t;
    size_t n, at;
    if (msg == NULL)
        return LIION_E_INVALID_ARG;
    if (msg->magic != LIION__MAGIC_SECS_MSG)
        return LIION_E_MISUSE;
    st = liion__ctx_enter(msg->ctx);
    if (st != LIION_OK)
        return st;
    if (text == NULL && len != 0)
        return liion__error(msg->ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    if ((uint64_t)len > msg->ctx->max_message_bytes)
        return liion__error_at(msg->ctx, LIION_E_LIMIT, (size_t)msg->ctx->max_message_bytes,
                               "sml: %zu bytes of text exceed the message limit", len);
    parser_init(&p, msg->ctx, text, len);
    st = skip(&p);
    if (st != LIION_OK)
        return st;
    at = p.pos;
    t = token(&p, &n);
    if (n > 0 && t[n - 1] == '.') { /* "S1F2." : the final dot is not part of the header */
        n--;
        p.pos--;
    }
    /* SxxFyy */
    {
        size_t fpos;
        if (n < 4 || (t[0] != 'S' && t[0] != 's'))
            return perr(&p, n == 0 && at >= len ? LIION_E_TRUNCATED : LIION_E_DECODE, at,
                        "expected a message header SxxFyy");
        for (fpos = 1; fpos < n && t[fpos] != 'F' && t[fpos] != 'f'; fpos++)
            ;
        if (fpos == n || fpos == 1 || fpos + 1 == n ||
            !parse_uint(t + 1, fpos - 1, &stream, &neg) || neg ||
            !parse_uint(t + fpos + 1, n - fpos - 1, &function, &neg) || neg)
            return perr(&p, LIION_E_DECODE, at, "bad message header (SxxFyy)");
        if (stream > 127u || function > 255u)
            return perr(&p, LIION_E_RANGE, at, "stream above 127 or function above 255");
    }
    st = skip(&p);
    if (st != LIION_OK)
        return st;
    at = p.pos;
    t = token(&p, &n);
    if (n > 0 && t[n - 1] == '.') {
        n--;
        p.pos--;
    }
    if (n != 0) {
        if (!tok_ieq(t, n, "W"))
            return perr(&p, LIION_E_DECODE, at, "expected W, an item or '.'");
        wbit = 1;
    }
    st = skip(&p);
    if (st != LIION_OK)
        return st;
    if (p.pos < p.len && p.s[p.pos] == '<')
        st = parse_item(&p, &b, 0);
    if (st == LIION_OK)
        st = parse_end(&p);
    liion__buf_free(&p.vals);
    if (st != LIION_OK) {
        liion__secs_free_built(b);
        return st;
    }
    liion__secs_msg_drop_body(msg);
    msg->stream = (uint8_t)stream;
    msg->function = (uint8_t)function;
    msg->wbit = (uint8_t)wbit;
    if (b != NULL) {
        b->node.flags |= SECS__OWNED;
        msg->body = &b->node;
        msg->body_size = liion__secs_size(&b->node);
    }
    return LIION_OK;
}
