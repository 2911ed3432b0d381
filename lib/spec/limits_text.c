/* Text form of a limit set: liion_spec_limits_decode(). Untrusted input: every token is
 * bounds-checked, the input size and directive count honour the context's limits, numbers are
 * parsed without the C locale (strtod would read "1,5" in a German locale), and a failed
 * decode frees the half-built set. */
#define _DEFAULT_SOURCE /* newlocale, uselocale (POSIX 2008) */
#include "spec/spec_internal.h"

#include "core/bytes.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKEN 256u

typedef struct tok {
    const char *p;
    size_t len;
    size_t off; /* byte offset in the input */
} tok;

typedef struct dec {
    liion_ctx *ctx;
    const char *s;
    size_t len, pos, line;
} dec;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Split the next line into at most `max` tokens; returns the count, or -1 with an error
 * set (too many tokens, control byte). Comments run from '#' to the end of the line. */
static int next_line(dec *d, tok *t, int max, size_t *line_off)
{
    int n = 0;
    *line_off = d->pos;
    while (d->pos < d->len && d->s[d->pos] != '\n') {
        char c = d->s[d->pos];
        if (is_space(c)) {
            d->pos++;
            continue;
        }
        if (c == '#') {
            while (d->pos < d->len && d->s[d->pos] != '\n')
                d->pos++;
            break;
        }
        if (n == max) {
            liion__error_at(d->ctx, LIION_E_DECODE, d->pos,
                            "line %zu: more than %d fields", d->line, max);
            return -1;
        }
        t[n].p = d->s + d->pos;
        t[n].off = d->pos;
        while (d->pos < d->len && d->s[d->pos] != '\n' && !is_space(d->s[d->pos]) &&
               d->s[d->pos] != '#') {
            unsigned char u = (unsigned char)d->s[d->pos];
            if (u < 0x20 || u == 0x7f) {
                liion__error_at(d->ctx, LIION_E_DECODE, d->pos,
                                "line %zu: control byte 0x%02x in a limit set", d->line,
                                (unsigned)u);
                return -1;
            }
            d->pos++;
        }
        t[n].len = (size_t)(d->s + d->pos - t[n].p);
        if (t[n].len > MAX_TOKEN) {
            liion__error_at(d->ctx, LIION_E_LIMIT, t[n].off,
                            "line %zu: a field is longer than %u bytes", d->line, MAX_TOKEN);
            return -1;
        }
        n++;
    }
    if (d->pos < d->len)
        d->pos++; /* the '\n' */
    return n;
}

static int tok_is(const tok *t, const char *word)
{
    size_t n = strlen(word);
    return t->len == n && memcmp(t->p, word, n) == 0;
}

/* NUL-terminated copy of a token into buf[MAX_TOKEN + 1]. */
static const char *tok_str(const tok *t, char *buf)
{
    memcpy(buf, t->p, t->len);
    buf[t->len] = '\0';
    return buf;
}

/* strtod of a syntax-checked decimal token (NUL-terminated, C digits and '.') in the C locale,
 * whatever the process locale (a per-thread C locale; plain strtod if that cannot be had):
 * correctly rounded. */
static double c_strtod(const char *s)
{
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old;
    double v;
    if (c == (locale_t)0)
        return strtod(s, NULL);
    old = uselocale(c);
    v = strtod(s, NULL);
    uselocale(old);
    freelocale(c);
    return v;
}

/* Locale-independent decimal parser: [+-](digits[.digits]|.digits)[(e|E)[+-]digits], or
 * [+-]inf when allow_inf. Correctly rounded: exact arithmetic when the significand fits in
 * 53 bits and the decimal exponent is within +-22 (every practical limit), else strtod in the
 * C locale. */
static liion_status number_value(const tok *t, int allow_inf, double *out);

static liion_status parse_number(dec *d, const tok *t, int allow_inf, double *out)
{
    liion_status st = number_value(t, allow_inf, out);
    if (st == LIION_E_DECODE)
        return liion__error_at(d->ctx, LIION_E_DECODE, t->off,
                               "line %zu: '%.*s' is not a number", d->line, (int)t->len, t->p);
    if (st == LIION_E_RANGE)
        return liion__error_at(d->ctx, LIION_E_RANGE, t->off,
                               "line %zu: '%.*s' is out of the range of a double", d->line,
                               (int)t->len, t->p);
    return st;
}

/* The value of a number token: LIION_OK, LIION_E_DECODE (not a number) or LIION_E_RANGE (out
 * of the range of a double); no message (parse_number() writes it). */
static liion_status number_value(const tok *t, int allow_inf, double *out)
{
    static const double p10[23] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    size_t i = 0;
    int neg = 0, digits = 0, any = 0;
    uint64_t m = 0;
    long e10 = 0, ex = 0;
    double v;
    if (i < t->len && (t->p[i] == '+' || t->p[i] == '-'))
        neg = t->p[i++] == '-';
    if (allow_inf && t->len - i == 3 && memcmp(t->p + i, "inf", 3) == 0) {
        *out = neg ? -INFINITY : INFINITY;
        return LIION_OK;
    }
    for (; i < t->len && t->p[i] >= '0' && t->p[i] <= '9'; i++, any = 1) {
        if (digits < 19) {
            m = m * 10u + (uint64_t)(t->p[i] - '0');
            digits += m != 0;
        } else {
            e10++;
        }
    }
    if (i < t->len && t->p[i] == '.') {
        for (i++; i < t->len && t->p[i] >= '0' && t->p[i] <= '9'; i++, any = 1) {
            if (digits < 19) {
                m = m * 10u + (uint64_t)(t->p[i] - '0');
                digits += m != 0;
                e10--;
            }
        }
    }
    if (any && i < t->len && (t->p[i] == 'e' || t->p[i] == 'E')) {
        int eneg = 0, edig = 0;
        i++;
        if (i < t->len && (t->p[i] == '+' || t->p[i] == '-'))
            eneg = t->p[i++] == '-';
        for (; i < t->len && t->p[i] >= '0' && t->p[i] <= '9'; i++, edig = 1)
            if (ex < 100000)
                ex = ex * 10 + (t->p[i] - '0');
        if (!edig)
            any = 0;
        e10 += eneg ? -ex : ex;
    }
    if (!any || i != t->len)
        return LIION_E_DECODE;
    v = (double)m;
    if (m == 0) {
        v = 0;
    } else if (m <= (UINT64_C(1) << 53) && e10 >= 0 && e10 <= 22) {
        v *= p10[e10]; /* both exact: one rounding */
    } else if (m <= (UINT64_C(1) << 53) && e10 < 0 && e10 >= -22) {
        v /= p10[-e10];
    } else if (e10 > 400) {
        v = INFINITY;
    } else if (e10 < -400) {
        v = 0;
    } else {
        char b[MAX_TOKEN + 1];
        size_t k = t->len - (neg || t->p[0] == '+' ? 1u : 0u);
        memcpy(b, t->p + (t->len - k), k);
        b[k] = '\0';
        v = c_strtod(b);
    }
    if (!liion__spec_finite(v))
        return LIION_E_RANGE;
    *out = neg ? -v : v;
    return LIION_OK;
}

/* Re-report an error of a setter with the line and offset. */
static liion_status rethrow(dec *d, liion_status st, size_t off)
{
    char msg[LIION__ERRMSG_CAP];
    if (st == LIION_E_NOMEM)
        return st;
    size_t n = strlen(liion_ctx_errmsg(d->ctx));
    if (n >= sizeof msg)
        n = sizeof msg - 1;
    memcpy(msg, liion_ctx_errmsg(d->ctx), n);
    msg[n] = '\0';
    return liion__error_at(d->ctx, st, off, "line %zu: %s", d->line, msg);
}

static const struct {
    const char *word;
    liion_spec_kind kind;
    int nums;
} kinds[] = {
    { "two_sided", LIION_SPEC_TWO_SIDED, 2 }, { "upper", LIION_SPEC_UPPER, 1 },
    { "lower", LIION_SPEC_LOWER, 1 },         { "target", LIION_SPEC_TARGET_ABS, 2 },
    { "target_pct", LIION_SPEC_TARGET_PCT, 2 },
};

static liion_status directive(dec *d, liion_spec_limits *l, tok *t, int n)
{
    char a[MAX_TOKEN + 1], b[MAX_TOKEN + 1];
    double x = 0, y = 0;
    liion_status st;
    if (tok_is(&t[0], "advisory")) {
        if (n != 4)
            return liion__error_at(d->ctx, LIION_E_DECODE, t[0].off,
                                   "line %zu: 'advisory' takes <param> <lo> <hi>", d->line);
        if ((st = parse_number(d, &t[2], 1, &x)) != LIION_OK ||
            (st = parse_number(d, &t[3], 1, &y)) != LIION_OK)
            return st;
        st = liion_spec_limits_set_advisory(l, tok_str(&t[1], a), x, y);
        return st == LIION_OK ? st : rethrow(d, st, t[1].off);
    }
    if (tok_is(&t[0], "default")) {
        int p;
        if (n != 2 && n != 3)
            return liion__error_at(d->ctx, LIION_E_DECODE, t[0].off,
                                   "line %zu: 'default' takes <catalogue name> [<nominal>]",
                                   d->line);
        for (p = 1; p <= (int)LIION_SPEC_MOISTURE_PPMV; p++)
            if (tok_is(&t[1], liion_spec_param_name((liion_spec_param)p)))
                break;
        if (p > (int)LIION_SPEC_MOISTURE_PPMV)
            return liion__error_at(d->ctx, LIION_E_NOT_FOUND, t[1].off,
                                   "line %zu: '%.*s' is not in the parameter catalogue", d->line,
                                   (int)t[1].len, t[1].p);
        if (n == 3 && (st = parse_number(d, &t[2], 0, &x)) != LIION_OK)
            return st;
        st = liion_spec_limits_set_default(l, (liion_spec_param)p, x);
        return st == LIION_OK ? st : rethrow(d, st, t[1].off);
    }
    if (n < 3)
        return liion__error_at(d->ctx, LIION_E_DECODE, t[0].off,
                               "line %zu: expected <param> <unit> <kind> <numbers>", d->line);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (!tok_is(&t[2], kinds[k].word))
            continue;
        if (n != 3 + kinds[k].nums)
            return liion__error_at(d->ctx, LIION_E_DECODE, t[2].off,
                                   "line %zu: '%s' takes %d number%s", d->line, kinds[k].word,
                                   kinds[k].nums, kinds[k].nums > 1 ? "s" : "");
        if ((st = parse_number(d, &t[3], 0, &x)) != LIION_OK)
            return st;
        if (kinds[k].nums == 2 && (st = parse_number(d, &t[4], 0, &y)) != LIION_OK)
            return st;
        st = liion_spec_limits_set(l, tok_str(&t[0], a), tok_str(&t[1], b), kinds[k].kind, x, y);
        return st == LIION_OK ? st : rethrow(d, st, t[0].off);
    }
    return liion__error_at(d->ctx, LIION_E_DECODE, t[2].off,
                           "line %zu: unknown limit kind '%.*s' (two_sided, upper, lower, "
                           "target, target_pct)",
                           d->line, (int)t[2].len, t[2].p);
}

liion_status liion_spec_limits_decode(liion_spec_limits **out, liion_ctx *ctx,
                                      const uint8_t *text, size_t len)
{
    dec d;
    tok t[6];
    liion_spec_limits *l = NULL;
    uint64_t directives = 0;
    liion_status st;
    if (out)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!out || (!text && len > 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL, or text is NULL with len > 0");
    if ((uint64_t)len > ctx->max_message_bytes)
        return liion__error_at(ctx, LIION_E_LIMIT, 0,
                               "limit set text of %zu bytes is over the context's "
                               "max_message_bytes (%llu)",
                               len, (unsigned long long)ctx->max_message_bytes);
    d.ctx = ctx;
    d.s = (const char *)text;
    d.len = len;
    d.pos = 0;
    d.line = 0;
    while (d.pos < d.len) {
        size_t line_off;
        int n;
        d.line++;
        n = next_line(&d, t, 6, &line_off);
        if (n < 0) {
            st = liion_ctx_errcode(ctx);
            goto fail;
        }
        if (n == 0)
            continue;
        if (!l) { /* the header: limits <owner_id> <version> */
            char owner[MAX_TOKEN + 1];
            double v;
            if (n != 3 || !tok_is(&t[0], "limits")) {
                st = liion__error_at(ctx, LIION_E_DECODE, t[0].off,
                                     "line %zu: a limit set starts with 'limits <owner_id> "
                                     "<version>'",
                                     d.line);
                goto fail;
            }
            if ((st = parse_number(&d, &t[2], 0, &v)) != LIION_OK)
                goto fail;
            if (!(v >= 0 && v <= 4294967295.0) || v != (double)(uint32_t)v) {
                st = liion__error_at(ctx, LIION_E_RANGE, t[2].off,
                                     "line %zu: version must be an integer 0 to 4294967295",
                                     d.line);
                goto fail;
            }
            st = liion_spec_limits_new(&l, ctx, tok_str(&t[1], owner), (uint32_t)v);
            if (st != LIION_OK)
                goto fail;
            continue;
        }
        if (++directives > ctx->max_items) {
            st = liion__error_at(ctx, LIION_E_LIMIT, line_off,
                                 "line %zu: more than max_items (%llu) directives", d.line,
                                 (unsigned long long)ctx->max_items);
            goto fail;
        }
        st = directive(&d, l, t, n);
        if (st != LIION_OK)
            goto fail;
    }
    if (!l) {
        st = liion__error_at(ctx, LIION_E_TRUNCATED, len,
                             "empty limit set: no 'limits <owner_id> <version>' line");
        goto fail;
    }
    *out = l;
    liion__ctx_enter(ctx); /* the setters succeeded: leave "no error" */
    return LIION_OK;
fail:
    liion_spec_limits_free(l);
    return st;
}

/* ---- encoder ------------------------------------------------------------------------------ */

/* A name the text form can carry as one field: 1 to 256 bytes, no space, '#' or control. */
static int field_ok(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;
    if (n == 0 || n > MAX_TOKEN)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if (u <= 0x20 || u == 0x7f || u == '#')
            return 0;
    }
    return 1;
}

static void put_str(liion__wr *w, const char *s)
{
    liion__wr_bytes(w, s, strlen(s));
}

static void put_num(liion__wr *w, double x)
{
    char b[40];
    liion__wr_u8(w, ' ');
    liion__wr_bytes(w, b, liion__fmt_double(b, sizeof b, x)); /* exact: the decoder rounds correctly */
}

liion_status liion_spec_limits_encode(char *buf, size_t cap, size_t *written,
                                      const liion_spec_limits *limits)
{
    static const char *const KIND[] = { "", "two_sided", "upper", "lower", "target",
                                        "target_pct" };
    liion__wr w;
    liion_ctx *ctx;
    liion_status st = liion__spec_limits_valid(limits);
    char ver[16];
    if (written != NULL)
        *written = 0;
    if (st != LIION_OK)
        return st;
    ctx = liion__spec_limits_ctx(limits);
    if ((st = liion__ctx_enter(ctx)) != LIION_OK)
        return st;
    if (written == NULL || (buf == NULL && cap > 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "written is NULL, or buf is NULL with cap > 0");
    if (!field_ok(liion_spec_limits_owner(limits)))
        return liion__error(ctx, LIION_E_UNSUPPORTED,
                            "limit set owner '%s' cannot be written in the text form (empty, "
                            "longer than %u bytes, or a space, '#' or control byte)",
                            liion_spec_limits_owner(limits), MAX_TOKEN);
    liion__wr_init(&w, (uint8_t *)buf, cap);
    put_str(&w, "limits ");
    put_str(&w, liion_spec_limits_owner(limits));
    snprintf(ver, sizeof ver, " %lu\n", (unsigned long)liion_spec_limits_version(limits));
    put_str(&w, ver);
    for (size_t i = 0; i < liion_spec_limits_count(limits); i++) {
        liion_spec_limit_info info;
        memset(&info, 0, sizeof info);
        info.struct_size = (uint32_t)sizeof info;
        /* liion_spec_limits_get() takes a non-const set for its context entry only */
        if ((st = liion_spec_limits_get(&info, (liion_spec_limits *)(uintptr_t)limits, i)) !=
            LIION_OK)
            return st;
        if (!field_ok(info.param) || !field_ok(info.unit))
            return liion__error(ctx, LIION_E_UNSUPPORTED,
                                "limit %zu ('%s' in '%s') cannot be written in the text form: "
                                "a name with a space, '#' or control byte",
                                i, info.param, info.unit);
        if ((int)info.kind < 1 || (int)info.kind > 5)
            return liion__error(ctx, LIION_E_UNSUPPORTED, "limit %zu has kind %d", i,
                                (int)info.kind);
        put_str(&w, info.param);
        liion__wr_u8(&w, ' ');
        put_str(&w, info.unit);
        liion__wr_u8(&w, ' ');
        put_str(&w, KIND[info.kind]);
        put_num(&w, info.a);
        if (info.kind == LIION_SPEC_TWO_SIDED || info.kind == LIION_SPEC_TARGET_ABS ||
            info.kind == LIION_SPEC_TARGET_PCT)
            put_num(&w, info.b);
        liion__wr_u8(&w, '\n');
        if (info.advisory_lo != -INFINITY || info.advisory_hi != INFINITY) {
            put_str(&w, "advisory ");
            put_str(&w, info.param);
            put_num(&w, info.advisory_lo);
            put_num(&w, info.advisory_hi);
            liion__wr_u8(&w, '\n');
        }
    }
    *written = liion__wr_size(&w);
    if (liion__wr_size(&w) >= cap) /* room for the NUL too */
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "limit set text: %zu bytes and a NUL needed, %zu given",
                            liion__wr_size(&w), cap);
    buf[liion__wr_size(&w)] = '\0';
    return LIION_OK;
}
