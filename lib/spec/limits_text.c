/* Text form of a limit set: liion_spec_limits_decode(). Untrusted input: every token is
 * bounds-checked, the input size and directive count honour the context's limits, numbers are
 * parsed without the C locale (strtod would read "1,5" in a German locale), and a failed
 * decode frees the half-built set. */
#include "spec/spec_internal.h"

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

/* Locale-independent decimal parser: [+-](digits[.digits]|.digits)[(e|E)[+-]digits], or
 * [+-]inf when allow_inf. Exact (correctly rounded) when the significand has at most 15-16
 * digits and the decimal exponent is within +-22, which covers every practical limit. */
static liion_status parse_number(dec *d, const tok *t, int allow_inf, double *out)
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
        return liion__error_at(d->ctx, LIION_E_DECODE, t->off,
                               "line %zu: '%.*s' is not a number", d->line, (int)t->len, t->p);
    v = (double)m;
    if (m == 0) {
        v = 0;
    } else if (e10 >= 0 && e10 <= 22) {
        v *= p10[e10];
    } else if (e10 < 0 && e10 >= -22) {
        v /= p10[-e10];
    } else if (e10 > 330) {
        v = INFINITY;
    } else if (e10 < -360) {
        v = 0;
    } else {
        long k = e10;
        while (k > 22) {
            v *= 1e22;
            k -= 22;
        }
        while (k < -22) {
            v /= 1e22;
            k += 22;
        }
        v = k >= 0 ? v * p10[k] : v / p10[-k];
    }
    if (!liion__spec_finite(v))
        return liion__error_at(d->ctx, LIION_E_RANGE, t->off,
                               "line %zu: '%.*s' is out of the range of a double", d->line,
                               (int)t->len, t->p);
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
