/* SPC: streaming statistics (Welford), capability indices, IMR and X-bar/R control charts with
 * the Western Electric and Nelson rules. */
#include "spec/spec_internal.h"

#include <string.h>

#define MAGIC_STATS 0x6c737374u /* "lsst" */
#define MAGIC_CHART 0x6c736368u /* "lsch" */

/* Shewhart constants for subgroup sizes 2..10 (ASTM STP 15D / Montgomery, Appendix VI). */
static const struct {
    double d2, d3_lcl, d4_ucl, a2;
} k_const[11] = {
    { 0, 0, 0, 0 },
    { 0, 0, 0, 0 },
    { 1.128, 0.0, 3.267, 1.880 },
    { 1.693, 0.0, 2.574, 1.023 },
    { 2.059, 0.0, 2.282, 0.729 },
    { 2.326, 0.0, 2.114, 0.577 },
    { 2.534, 0.0, 2.004, 0.483 },
    { 2.704, 0.076, 1.924, 0.419 },
    { 2.847, 0.136, 1.864, 0.373 },
    { 2.970, 0.184, 1.816, 0.337 },
    { 3.078, 0.223, 1.777, 0.308 },
};

liion_status liion_spc_constants(double *d2, double *d3_lcl, double *d4_ucl, double *a2,
                                 liion_ctx *ctx, uint32_t n)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (n < 2 || n > 10)
        return liion__error(ctx, LIION_E_RANGE,
                            "control-chart constants are tabulated for subgroup sizes 2 to 10, "
                            "not %u",
                            (unsigned)n);
    if (d2)
        *d2 = k_const[n].d2;
    if (d3_lcl)
        *d3_lcl = k_const[n].d3_lcl;
    if (d4_ucl)
        *d4_ucl = k_const[n].d4_ucl;
    if (a2)
        *a2 = k_const[n].a2;
    return LIION_OK;
}

/* ---- streaming statistics --------------------------------------------------------------------- */

struct liion_spc_stats {
    uint32_t magic;
    liion_ctx *ctx;
    uint64_t n;
    double mean, m2, min, max, last, mr_sum;
};

static liion_status stats_enter(liion_spc_stats *s)
{
    if (!s)
        return LIION_E_INVALID_ARG;
    if (s->magic != MAGIC_STATS)
        return LIION_E_MISUSE;
    return liion__ctx_enter(s->ctx);
}

liion_status liion_spc_stats_new(liion_spc_stats **out, liion_ctx *ctx)
{
    liion_spc_stats *s;
    liion_status st;
    if (out)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL");
    s = liion__calloc(ctx, 1, sizeof *s);
    if (!s)
        return LIION_E_NOMEM;
    s->ctx = ctx;
    s->magic = MAGIC_STATS;
    *out = s;
    return LIION_OK;
}

void liion_spc_stats_free(liion_spc_stats *s)
{
    if (!s || s->magic != MAGIC_STATS)
        return;
    s->magic = LIION__MAGIC_DEAD;
    liion__free(s->ctx, s, sizeof *s);
}

static liion_status all_finite(liion_ctx *ctx, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!liion__spec_finite(v[i]))
            return liion__error(ctx, LIION_E_RANGE,
                                "value %s at index %zu is refused: values must be finite",
                                v[i] != v[i] ? "NaN" : (v[i] > 0 ? "+inf" : "-inf"), i);
    return LIION_OK;
}

liion_status liion_spc_stats_push(liion_spc_stats *s, const double *values, size_t n)
{
    liion_status st = stats_enter(s);
    if (st != LIION_OK)
        return st;
    if (!values && n > 0)
        return liion__error(s->ctx, LIION_E_INVALID_ARG, "values is NULL with n = %zu", n);
    st = all_finite(s->ctx, values, n);
    if (st != LIION_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        double x = values[i], d;
        if (s->n == 0) {
            s->min = s->max = x;
        } else {
            s->mr_sum += liion__spec_fabs(x - s->last);
            if (x < s->min)
                s->min = x;
            if (x > s->max)
                s->max = x;
        }
        s->last = x;
        s->n++;
        d = x - s->mean;
        s->mean += d / (double)s->n;
        s->m2 += d * (x - s->mean);
    }
    return LIION_OK;
}

uint64_t liion_spc_stats_count(const liion_spc_stats *s)
{
    return s && s->magic == MAGIC_STATS ? s->n : 0;
}

double liion_spc_stats_mean(const liion_spc_stats *s)
{
    return s && s->magic == MAGIC_STATS && s->n > 0 ? s->mean : NAN;
}

double liion_spc_stats_variance(const liion_spc_stats *s)
{
    return s && s->magic == MAGIC_STATS && s->n > 1 ? s->m2 / (double)(s->n - 1) : NAN;
}

double liion_spc_stats_min(const liion_spc_stats *s)
{
    return s && s->magic == MAGIC_STATS && s->n > 0 ? s->min : NAN;
}

double liion_spc_stats_max(const liion_spc_stats *s)
{
    return s && s->magic == MAGIC_STATS && s->n > 0 ? s->max : NAN;
}

liion_status liion_spc_stats_capability(double *cp, double *cpk, double *pp, double *ppk,
                                        liion_spc_stats *s, double lsl, double usl)
{
    double sw, so, mu, kl, ku;
    liion_status st = stats_enter(s);
    if (st != LIION_OK)
        return st;
    if (lsl != lsl || usl != usl || lsl == INFINITY || usl == -INFINITY || !(usl > lsl))
        return liion__error(s->ctx, LIION_E_RANGE,
                            "spec limits [%g, %g] are not a range (use -INFINITY / +INFINITY "
                            "for a one-sided spec)",
                            lsl, usl);
    if (!liion__spec_finite(lsl) && !liion__spec_finite(usl))
        return liion__error(s->ctx, LIION_E_RANGE, "at least one spec limit must be finite");
    if (s->n < 2)
        return liion__error(s->ctx, LIION_E_STATE,
                            "capability needs at least 2 values, have %llu",
                            (unsigned long long)s->n);
    sw = s->mr_sum / (double)(s->n - 1) / k_const[2].d2;
    so = liion__spec_sqrt(s->m2 / (double)(s->n - 1));
    if (!(sw > 0) || !(so > 0))
        return liion__error(s->ctx, LIION_E_STATE,
                            "capability is undefined: the values have no spread");
    mu = s->mean;
    kl = liion__spec_finite(lsl) ? mu - lsl : INFINITY;
    ku = liion__spec_finite(usl) ? usl - mu : INFINITY;
    if (cp)
        *cp = liion__spec_finite(lsl) && liion__spec_finite(usl) ? (usl - lsl) / (6.0 * sw) : NAN;
    if (pp)
        *pp = liion__spec_finite(lsl) && liion__spec_finite(usl) ? (usl - lsl) / (6.0 * so) : NAN;
    if (cpk)
        *cpk = (kl < ku ? kl : ku) / (3.0 * sw);
    if (ppk)
        *ppk = (kl < ku ? kl : ku) / (3.0 * so);
    return LIION_OK;
}

/* ---- control charts ----------------------------------------------------------------------------- */

typedef struct spc_signal {
    uint64_t point;
    double value;
    uint32_t rule;
} spc_signal;

struct liion_spc_chart {
    uint32_t magic;
    uint32_t m; /* subgroup size, 1 for IMR */
    liion_ctx *ctx;
    liion_spc_chart_type type;
    int have_limits;
    double x_lcl, x_cl, x_ucl, r_lcl, r_cl, r_ucl;
    spc_signal *sig;
    size_t nsig, capsig;
};

static liion_status chart_enter(liion_spc_chart *c)
{
    if (!c)
        return LIION_E_INVALID_ARG;
    if (c->magic != MAGIC_CHART)
        return LIION_E_MISUSE;
    return liion__ctx_enter(c->ctx);
}

liion_status liion_spc_chart_new(liion_spc_chart **out, liion_ctx *ctx,
                                 liion_spc_chart_type type, uint32_t subgroup_size)
{
    liion_spc_chart *c;
    liion_status st;
    if (out)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL");
    if (type == LIION_SPC_CHART_IMR) {
        if (subgroup_size != 1)
            return liion__error(ctx, LIION_E_RANGE,
                                "an individuals chart has subgroup size 1, not %u",
                                (unsigned)subgroup_size);
    } else if (type == LIION_SPC_CHART_XBAR_R) {
        if (subgroup_size < 2 || subgroup_size > 10)
            return liion__error(ctx, LIION_E_RANGE,
                                "an X-bar/R chart takes subgroups of 2 to 10, not %u",
                                (unsigned)subgroup_size);
    } else {
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown chart type %d", (int)type);
    }
    c = liion__calloc(ctx, 1, sizeof *c);
    if (!c)
        return LIION_E_NOMEM;
    c->ctx = ctx;
    c->type = type;
    c->m = subgroup_size;
    c->magic = MAGIC_CHART;
    *out = c;
    return LIION_OK;
}

void liion_spc_chart_free(liion_spc_chart *c)
{
    if (!c || c->magic != MAGIC_CHART)
        return;
    if (c->sig)
        liion__free(c->ctx, c->sig, c->capsig * sizeof *c->sig);
    c->magic = LIION__MAGIC_DEAD;
    liion__free(c->ctx, c, sizeof *c);
}

/* Plotted point j (location and range) of the chart for `values`. */
static void point_at(const liion_spc_chart *c, const double *v, size_t j, double *loc,
                     double *range)
{
    if (c->m == 1) {
        *loc = v[j];
        *range = j > 0 ? liion__spec_fabs(v[j] - v[j - 1]) : NAN;
        return;
    }
    {
        const double *g = v + j * c->m;
        double sum = 0, lo = g[0], hi = g[0];
        for (uint32_t i = 0; i < c->m; i++) {
            sum += g[i];
            if (g[i] < lo)
                lo = g[i];
            if (g[i] > hi)
                hi = g[i];
        }
        *loc = sum / (double)c->m;
        *range = hi - lo;
    }
}

static size_t point_count(const liion_spc_chart *c, size_t n)
{
    return c->m == 1 ? n : n / c->m;
}

liion_status liion_spc_chart_fit(liion_spc_chart *c, const double *values, size_t n)
{
    size_t np, nr = 0;
    double loc_sum = 0, r_sum = 0, rbar, center;
    liion_status st = chart_enter(c);
    if (st != LIION_OK)
        return st;
    if (!values && n > 0)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "values is NULL with n = %zu", n);
    st = all_finite(c->ctx, values, n);
    if (st != LIION_OK)
        return st;
    np = point_count(c, n);
    if (np < 2)
        return liion__error(c->ctx, LIION_E_STATE,
                            "estimating limits needs at least 2 points, have %zu", np);
    for (size_t j = 0; j < np; j++) {
        double loc, r;
        point_at(c, values, j, &loc, &r);
        loc_sum += loc;
        if (r == r) {
            r_sum += r;
            nr++;
        }
    }
    center = loc_sum / (double)np;
    rbar = r_sum / (double)nr;
    if (!(rbar > 0))
        return liion__error(c->ctx, LIION_E_STATE,
                            "the data have no spread (mean range 0): limits are undefined");
    if (c->m == 1) {
        double sigma = rbar / k_const[2].d2;
        c->x_lcl = center - 3.0 * sigma;
        c->x_ucl = center + 3.0 * sigma;
        c->r_lcl = k_const[2].d3_lcl * rbar;
        c->r_ucl = k_const[2].d4_ucl * rbar;
    } else {
        c->x_lcl = center - k_const[c->m].a2 * rbar;
        c->x_ucl = center + k_const[c->m].a2 * rbar;
        c->r_lcl = k_const[c->m].d3_lcl * rbar;
        c->r_ucl = k_const[c->m].d4_ucl * rbar;
    }
    c->x_cl = center;
    c->r_cl = rbar;
    c->have_limits = 1;
    return LIION_OK;
}

liion_status liion_spc_chart_set_limits(liion_spc_chart *c, double center, double sigma)
{
    uint32_t m;
    double s_point, rbar;
    liion_status st = chart_enter(c);
    if (st != LIION_OK)
        return st;
    if (!liion__spec_finite(center) || !liion__spec_finite(sigma) || !(sigma > 0))
        return liion__error(c->ctx, LIION_E_RANGE,
                            "centre %g and sigma %g must be finite, sigma > 0", center, sigma);
    m = c->m == 1 ? 2 : c->m; /* the moving range behaves as a range of 2 */
    s_point = c->m == 1 ? sigma : sigma / liion__spec_sqrt((double)c->m);
    rbar = k_const[m].d2 * sigma;
    c->x_cl = center;
    c->x_lcl = center - 3.0 * s_point;
    c->x_ucl = center + 3.0 * s_point;
    c->r_cl = rbar;
    c->r_lcl = k_const[m].d3_lcl * rbar;
    c->r_ucl = k_const[m].d4_ucl * rbar;
    c->have_limits = 1;
    return LIION_OK;
}

liion_status liion_spc_chart_limits(double *lcl, double *cl, double *ucl, liion_spc_chart *c,
                                    uint32_t which)
{
    liion_status st = chart_enter(c);
    if (st != LIION_OK)
        return st;
    if (which != LIION_SPC_CHART_LOCATION && which != LIION_SPC_CHART_RANGE)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "which = %u is not a chart",
                            (unsigned)which);
    if (!c->have_limits)
        return liion__error(c->ctx, LIION_E_STATE,
                            "the chart has no limits yet: fit or set them first");
    if (lcl)
        *lcl = which == LIION_SPC_CHART_LOCATION ? c->x_lcl : c->r_lcl;
    if (cl)
        *cl = which == LIION_SPC_CHART_LOCATION ? c->x_cl : c->r_cl;
    if (ucl)
        *ucl = which == LIION_SPC_CHART_LOCATION ? c->x_ucl : c->r_ucl;
    return LIION_OK;
}

static liion_status add_signal(liion_spc_chart *c, uint32_t rule, size_t point, double value)
{
    if (c->nsig == c->capsig) {
        size_t ncap = c->capsig ? c->capsig * 2 : 16;
        spc_signal *n = c->sig ? liion__realloc(c->ctx, c->sig, c->capsig * sizeof *n,
                                                ncap * sizeof *n)
                               : liion__alloc(c->ctx, ncap * sizeof *n);
        if (!n)
            return LIION_E_NOMEM;
        c->sig = n;
        c->capsig = ncap;
    }
    c->sig[c->nsig].rule = rule;
    c->sig[c->nsig].point = point;
    c->sig[c->nsig].value = value;
    c->nsig++;
    return LIION_OK;
}

#define SPC_ALL_RULES (LIION_SPC_RULES_NELSON | LIION_SPC_RULE_WE4)

liion_status liion_spc_chart_evaluate(liion_spc_chart *c, const double *values, size_t n,
                                      uint32_t rules)
{
    size_t np;
    double s, prev = 0, prev_d = 0;
    /* run lengths */
    size_t above = 0, below = 0, up = 0, down = 0, alt = 0, within = 0, beyond1 = 0;
    /* sides of the last five points: +1 / -1 / 0 beyond 1 and 2 sigma */
    int s1[5] = { 0, 0, 0, 0, 0 }, s2[3] = { 0, 0, 0 };
    liion_status st = chart_enter(c);
    if (st != LIION_OK)
        return st;
    if (!values && n > 0)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "values is NULL with n = %zu", n);
    if (rules & ~(uint32_t)SPC_ALL_RULES)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "unknown rule bits 0x%x",
                            (unsigned)(rules & ~(uint32_t)SPC_ALL_RULES));
    if (!c->have_limits)
        return liion__error(c->ctx, LIION_E_STATE,
                            "the chart has no limits yet: fit or set them first");
    st = all_finite(c->ctx, values, n);
    if (st != LIION_OK)
        return st;
    c->nsig = 0;
    np = point_count(c, n);
    s = (c->x_ucl - c->x_cl) / 3.0;
    for (size_t j = 0; j < np; j++) {
        double x, r, z, d;
        int side1, side2, cnt;
        point_at(c, values, j, &x, &r);
        z = (x - c->x_cl) / s;
        /* Runs. A point on the centre line breaks the same-side runs. */
        above = z > 0 ? above + 1 : 0;
        below = z < 0 ? below + 1 : 0;
        within = liion__spec_fabs(z) < 1.0 ? within + 1 : 0;
        beyond1 = liion__spec_fabs(z) > 1.0 ? beyond1 + 1 : 0;
        if (j > 0) {
            d = x - prev;
            up = d > 0 ? up + 1 : 0;
            down = d < 0 ? down + 1 : 0;
            if (j > 1 && d != 0 && prev_d != 0 && ((d > 0) != (prev_d > 0)))
                alt++;
            else
                alt = 0;
            prev_d = d;
        }
        prev = x;
        side1 = z > 1.0 ? 1 : (z < -1.0 ? -1 : 0);
        side2 = z > 2.0 ? 1 : (z < -2.0 ? -1 : 0);
        memmove(s1, s1 + 1, 4 * sizeof s1[0]);
        s1[4] = side1;
        memmove(s2, s2 + 1, 2 * sizeof s2[0]);
        s2[2] = side2;

#define FIRE(bit, cond)                                                                         \
    do {                                                                                        \
        if ((rules & (bit)) && (cond)) {                                                        \
            st = add_signal(c, (bit), j, x);                                                    \
            if (st != LIION_OK)                                                                 \
                goto fail;                                                                      \
        }                                                                                       \
    } while (0)

        FIRE(LIION_SPC_RULE_NELSON1, x > c->x_ucl || x < c->x_lcl);
        FIRE(LIION_SPC_RULE_NELSON2, above == 9 || below == 9);
        FIRE(LIION_SPC_RULE_NELSON3, up == 5 || down == 5);
        FIRE(LIION_SPC_RULE_NELSON4, alt == 12);
        cnt = 0;
        for (int i = 0; i < 3; i++)
            cnt += side2 != 0 && s2[i] == side2;
        FIRE(LIION_SPC_RULE_NELSON5, side2 != 0 && cnt >= 2);
        cnt = 0;
        for (int i = 0; i < 5; i++)
            cnt += side1 != 0 && s1[i] == side1;
        FIRE(LIION_SPC_RULE_NELSON6, side1 != 0 && cnt >= 4);
        FIRE(LIION_SPC_RULE_NELSON7, within == 15);
        FIRE(LIION_SPC_RULE_NELSON8, beyond1 == 8);
        FIRE(LIION_SPC_RULE_WE4, above == 8 || below == 8);
        if ((rules & LIION_SPC_RULE_RANGE) && r == r &&
            (r > c->r_ucl || (c->r_lcl > 0 && r < c->r_lcl))) {
            st = add_signal(c, LIION_SPC_RULE_RANGE, j, r);
            if (st != LIION_OK)
                goto fail;
        }
#undef FIRE
    }
    return LIION_OK;
fail:
    c->nsig = 0;
    return st;
}

size_t liion_spc_chart_signal_count(const liion_spc_chart *c)
{
    return c && c->magic == MAGIC_CHART ? c->nsig : 0;
}

liion_status liion_spc_chart_signal(uint32_t *rule, uint64_t *point, double *value,
                                    liion_spc_chart *c, size_t index)
{
    liion_status st = chart_enter(c);
    if (st != LIION_OK)
        return st;
    if (!rule || !point)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "rule and point must not be NULL");
    if (index >= c->nsig)
        return liion__error(c->ctx, LIION_E_RANGE, "signal index %zu is past the %zu signals",
                            index, c->nsig);
    *rule = c->sig[index].rule;
    *point = c->sig[index].point;
    if (value)
        *value = c->sig[index].value;
    return LIION_OK;
}
