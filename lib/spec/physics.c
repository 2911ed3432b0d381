/* Dew point / frost point and ppmv (Hardy 1998 ITS-90), electrode mass balance and porosity,
 * binomial confidence bounds and vision qualification. */
#include "spec/spec_internal.h"

#include <string.h>

/* ---- argument helpers --------------------------------------------------------------------- */

static liion_status need_finite(liion_ctx *ctx, const char *what, double v)
{
    if (!liion__spec_finite(v))
        return liion__error(ctx, LIION_E_RANGE, "%s is %s; a finite number is required", what,
                            v != v ? "NaN" : "infinite");
    return LIION_OK;
}

static liion_status need_positive(liion_ctx *ctx, const char *what, double v)
{
    liion_status st = need_finite(ctx, what, v);
    if (st == LIION_OK && !(v > 0))
        st = liion__error(ctx, LIION_E_RANGE, "%s must be > 0, got %g", what, v);
    return st;
}

/* ---- dew point ------------------------------------------------------------------------------ */

static double hardy_ln_es(double t_c, liion_dewpoint_basis basis)
{
    double T = t_c + 273.15, lnT = liion__spec_log(T);
    if (basis == LIION_DEWPOINT_FROST) {
        static const double k[6] = { -5.8666426e3,  2.232870244e1, 1.39387003e-2,
                                     -3.4262402e-5, 2.7040955e-8,  6.7063522e-1 };
        return k[0] / T + k[1] + T * (k[2] + T * (k[3] + T * k[4])) + k[5] * lnT;
    } else {
        static const double g[8] = { -2.8365744e3,    -6.028076559e3, 1.954263612e1,
                                     -2.737830188e-2, 1.6261698e-5,   7.0229056e-10,
                                     -1.8680009e-13,  2.7150305 };
        return g[0] / (T * T) + g[1] / T + g[2] +
               T * (g[3] + T * (g[4] + T * (g[5] + T * g[6]))) + g[7] * lnT;
    }
}

/* Magnus fits (WMO CIMO guide, Sonntag 1990): over ice 611.2 exp(22.46 t / (272.62 + t)),
 * over water 611.2 exp(17.62 t / (243.12 + t)), t in C. */
#define MAGNUS_LN_E0 6.415424237852311 /* ln 611.2 */
#define MAGNUS_B(basis) ((basis) == LIION_DEWPOINT_FROST ? 22.46 : 17.62)
#define MAGNUS_C(basis) ((basis) == LIION_DEWPOINT_FROST ? 272.62 : 243.12)

static double ln_es(double t_c, liion_dewpoint_basis basis, uint32_t flags)
{
    if (flags & LIION_DEWPOINT_MAGNUS)
        return MAGNUS_LN_E0 + MAGNUS_B(basis) * t_c / (MAGNUS_C(basis) + t_c);
    return hardy_ln_es(t_c, basis);
}

/* Validity range of the chosen formula. */
static void dew_range(liion_dewpoint_basis basis, uint32_t flags, double *lo, double *hi)
{
    if (flags & LIION_DEWPOINT_MAGNUS) {
        *lo = basis == LIION_DEWPOINT_FROST ? -65.0 : -45.0;
        *hi = basis == LIION_DEWPOINT_FROST ? 0.01 : 60.0;
    } else {
        *lo = -100.0;
        *hi = basis == LIION_DEWPOINT_FROST ? 0.01 : 100.0;
    }
}

static liion_status dew_args(liion_ctx *ctx, double t_c, liion_dewpoint_basis basis,
                             uint32_t flags)
{
    liion_status st;
    double lo, hi;
    if (basis != LIION_DEWPOINT_FROST && basis != LIION_DEWPOINT_WATER)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "dew-point basis %d is neither LIION_DEWPOINT_FROST nor "
                            "LIION_DEWPOINT_WATER",
                            (int)basis);
    st = need_finite(ctx, "dew point", t_c);
    if (st != LIION_OK)
        return st;
    dew_range(basis, flags, &lo, &hi);
    if (t_c < lo || t_c > hi)
        return liion__error(ctx, LIION_E_RANGE, "%s %g C is outside the %s range %g to %g C",
                            basis == LIION_DEWPOINT_FROST ? "frost point" : "dew point", t_c,
                            (flags & LIION_DEWPOINT_MAGNUS) ? "Magnus" : "Hardy ITS-90", lo, hi);
    return LIION_OK;
}

static liion_status pressure_arg(liion_ctx *ctx, double p)
{
    liion_status st = need_finite(ctx, "pressure", p);
    if (st == LIION_OK && (p < 1000.0 || p > 2e6))
        st = liion__error(ctx, LIION_E_RANGE, "pressure %g Pa is outside 1 kPa to 2 MPa", p);
    return st;
}

/* WMO enhancement factor, p in Pa. */
static double enhancement(double p_pa)
{
    double hpa = p_pa / 100.0;
    return 1.0016 + 3.15e-6 * hpa - 0.074 / hpa;
}

liion_status liion_dewpoint_vapor_pressure(double *pa_out, liion_ctx *ctx, double t_c,
                                           liion_dewpoint_basis basis, uint32_t flags)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!pa_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "pa_out is NULL");
    if (flags & ~LIION_DEWPOINT_MAGNUS)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown dew-point flags 0x%x",
                            (unsigned)(flags & ~LIION_DEWPOINT_MAGNUS));
    st = dew_args(ctx, t_c, basis, flags);
    if (st != LIION_OK)
        return st;
    *pa_out = liion__spec_exp(ln_es(t_c, basis, flags));
    return LIION_OK;
}

static liion_status dew_common(liion_ctx *ctx, double t_c, double p, liion_dewpoint_basis basis,
                               uint32_t flags, uint32_t allowed, double *e_out)
{
    liion_status st = dew_args(ctx, t_c, basis, flags);
    if (st == LIION_OK)
        st = pressure_arg(ctx, p);
    if (st != LIION_OK)
        return st;
    if (flags & ~allowed)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown dew-point flags 0x%x",
                            (unsigned)(flags & ~allowed));
    *e_out = liion__spec_exp(ln_es(t_c, basis, flags));
    if (flags & LIION_DEWPOINT_ENHANCE)
        *e_out *= enhancement(p);
    if (*e_out >= p)
        return liion__error(ctx, LIION_E_RANGE,
                            "vapour pressure %g Pa at %g C is not below the total pressure %g Pa",
                            *e_out, t_c, p);
    return LIION_OK;
}

liion_status liion_dewpoint_to_ppmv(double *ppmv_out, liion_ctx *ctx, double t_c,
                                    double pressure_pa, liion_dewpoint_basis basis,
                                    uint32_t flags)
{
    double e = 0.0;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!ppmv_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "ppmv_out is NULL");
    st = dew_common(ctx, t_c, pressure_pa, basis, flags,
                    LIION_DEWPOINT_ENHANCE | LIION_DEWPOINT_DRY_BASIS | LIION_DEWPOINT_MAGNUS,
                    &e);
    if (st != LIION_OK)
        return st;
    *ppmv_out = (flags & LIION_DEWPOINT_DRY_BASIS) ? e / (pressure_pa - e) * 1e6
                                                   : e / pressure_pa * 1e6;
    return LIION_OK;
}

liion_status liion_dewpoint_mixing_ratio(double *mg_per_kg_out, liion_ctx *ctx, double t_c,
                                         double pressure_pa, liion_dewpoint_basis basis,
                                         uint32_t flags)
{
    double e = 0.0;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!mg_per_kg_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "mg_per_kg_out is NULL");
    st = dew_common(ctx, t_c, pressure_pa, basis, flags,
                    LIION_DEWPOINT_ENHANCE | LIION_DEWPOINT_MAGNUS, &e);
    if (st != LIION_OK)
        return st;
    *mg_per_kg_out = 0.62198 * e / (pressure_pa - e) * 1e6;
    return LIION_OK;
}

liion_status liion_dewpoint_from_ppmv(double *t_c_out, liion_ctx *ctx, double ppmv,
                                      double pressure_pa, liion_dewpoint_basis basis,
                                      uint32_t flags)
{
    double x, target_ln, t, lo, hi, f = 1.0;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!t_c_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "t_c_out is NULL");
    if (basis != LIION_DEWPOINT_FROST && basis != LIION_DEWPOINT_WATER)
        return liion__error(ctx, LIION_E_INVALID_ARG, "dew-point basis %d is unknown",
                            (int)basis);
    if (flags & ~(LIION_DEWPOINT_ENHANCE | LIION_DEWPOINT_DRY_BASIS | LIION_DEWPOINT_MAGNUS))
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown dew-point flags 0x%x",
                            (unsigned)flags);
    st = need_positive(ctx, "ppmv", ppmv);
    if (st == LIION_OK)
        st = pressure_arg(ctx, pressure_pa);
    if (st != LIION_OK)
        return st;
    x = ppmv * 1e-6;
    if (flags & LIION_DEWPOINT_DRY_BASIS)
        x = x / (1.0 + x); /* e/(P-e) = r  ->  e/P = r/(1+r) */
    if (x >= 1.0)
        return liion__error(ctx, LIION_E_RANGE, "%g ppmv is not a possible vapour fraction", ppmv);
    if (flags & LIION_DEWPOINT_ENHANCE)
        f = enhancement(pressure_pa);
    target_ln = liion__spec_log(x * pressure_pa / f);
    dew_range(basis, flags, &lo, &hi);
    if (target_ln < ln_es(lo, basis, flags) || target_ln > ln_es(hi, basis, flags))
        return liion__error(ctx, LIION_E_RANGE,
                            "%g ppmv at %g Pa has no %s in the %s range %g to %g C", ppmv,
                            pressure_pa, basis == LIION_DEWPOINT_FROST ? "frost point" : "dew point",
                            (flags & LIION_DEWPOINT_MAGNUS) ? "Magnus" : "Hardy ITS-90", lo, hi);
    if (flags & LIION_DEWPOINT_MAGNUS) { /* closed form */
        double L = target_ln - MAGNUS_LN_E0;
        *t_c_out = MAGNUS_C(basis) * L / (MAGNUS_B(basis) - L);
        return LIION_OK;
    }
    /* ln e_s is increasing in T: bisection to full precision (robust, about 60 steps). */
    for (int i = 0; i < 200; i++) {
        t = 0.5 * (lo + hi);
        if (t <= lo || t >= hi)
            break;
        if (hardy_ln_es(t, basis) < target_ln)
            lo = t;
        else
            hi = t;
    }
    *t_c_out = 0.5 * (lo + hi);
    return LIION_OK;
}

/* ---- electrode physics ---------------------------------------------------------------------- */

liion_status liion_electrode_wet_loading(double *mg_cm2_out, liion_ctx *ctx, double wet_um,
                                         double slurry_g_cm3, double solids_fraction)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!mg_cm2_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "mg_cm2_out is NULL");
    if ((st = need_positive(ctx, "wet film thickness", wet_um)) != LIION_OK ||
        (st = need_positive(ctx, "slurry density", slurry_g_cm3)) != LIION_OK ||
        (st = need_positive(ctx, "solids mass fraction", solids_fraction)) != LIION_OK)
        return st;
    if (solids_fraction > 1.0)
        return liion__error(ctx, LIION_E_RANGE, "solids mass fraction %g is above 1",
                            solids_fraction);
    /* um * 1e-4 cm * g/cm3 * 1e3 mg/g = 0.1 * um * g/cm3 mg/cm2 */
    *mg_cm2_out = 0.1 * wet_um * slurry_g_cm3 * solids_fraction;
    return LIION_OK;
}

liion_status liion_electrode_loading_tolerance(double *pct_out, liion_ctx *ctx,
                                               double nominal_wet_um, double tol_um)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!pct_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "pct_out is NULL");
    if ((st = need_positive(ctx, "nominal wet thickness", nominal_wet_um)) != LIION_OK ||
        (st = need_finite(ctx, "wet tolerance", tol_um)) != LIION_OK)
        return st;
    if (tol_um < 0)
        return liion__error(ctx, LIION_E_RANGE, "wet tolerance %g um is negative", tol_um);
    *pct_out = 100.0 * tol_um / nominal_wet_um;
    return LIION_OK;
}

liion_status liion_electrode_coat_thickness(double *um_out, liion_ctx *ctx, double electrode_um,
                                            double foil_um, uint32_t sides)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!um_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "um_out is NULL");
    if (sides != 1 && sides != 2)
        return liion__error(ctx, LIION_E_INVALID_ARG, "coated sides must be 1 or 2, got %u",
                            (unsigned)sides);
    if ((st = need_positive(ctx, "electrode thickness", electrode_um)) != LIION_OK ||
        (st = need_positive(ctx, "foil thickness", foil_um)) != LIION_OK)
        return st;
    if (foil_um >= electrode_um)
        return liion__error(ctx, LIION_E_RANGE,
                            "foil %g um is not thinner than the electrode %g um", foil_um,
                            electrode_um);
    *um_out = (electrode_um - foil_um) / (double)sides;
    return LIION_OK;
}

liion_status liion_electrode_true_density(double *g_cm3_out, liion_ctx *ctx,
                                          const double *mass_fractions, const double *densities,
                                          size_t n)
{
    double wsum = 0, inv = 0;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!g_cm3_out || !mass_fractions || !densities || n == 0)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "true density needs an output and n >= 1 fractions and densities");
    for (size_t i = 0; i < n; i++) {
        if (!liion__spec_finite(mass_fractions[i]) || mass_fractions[i] < 0)
            return liion__error(ctx, LIION_E_RANGE, "mass fraction [%zu] = %g is not in [0, 1]",
                                i, mass_fractions[i]);
        if (!liion__spec_finite(densities[i]) || !(densities[i] > 0))
            return liion__error(ctx, LIION_E_RANGE, "density [%zu] = %g is not > 0", i,
                                densities[i]);
        wsum += mass_fractions[i];
        inv += mass_fractions[i] / densities[i];
    }
    if (liion__spec_fabs(wsum - 1.0) > 1e-6)
        return liion__error(ctx, LIION_E_RANGE, "mass fractions sum to %.9g, not 1", wsum);
    *g_cm3_out = 1.0 / inv;
    return LIION_OK;
}

liion_status liion_electrode_density(double *g_cm3_out, liion_ctx *ctx, double loading_mg_cm2,
                                     double coat_um)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!g_cm3_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "g_cm3_out is NULL");
    if ((st = need_positive(ctx, "areal loading", loading_mg_cm2)) != LIION_OK ||
        (st = need_positive(ctx, "coating thickness", coat_um)) != LIION_OK)
        return st;
    /* mg/cm2 / um = 1e-3 g / (1e-4 cm * cm2) = 10 g/cm3 */
    *g_cm3_out = 10.0 * loading_mg_cm2 / coat_um;
    return LIION_OK;
}

liion_status liion_electrode_porosity(double *porosity_out, liion_ctx *ctx,
                                      double loading_mg_cm2, double coat_um, double true_g_cm3)
{
    double rho;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!porosity_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "porosity_out is NULL");
    if ((st = need_positive(ctx, "areal loading", loading_mg_cm2)) != LIION_OK ||
        (st = need_positive(ctx, "coating thickness", coat_um)) != LIION_OK ||
        (st = need_positive(ctx, "true density", true_g_cm3)) != LIION_OK)
        return st;
    rho = 10.0 * loading_mg_cm2 / coat_um;
    if (rho > true_g_cm3)
        return liion__error(ctx, LIION_E_RANGE,
                            "compaction density %g g/cm3 exceeds the true density %g g/cm3 "
                            "(negative porosity: check loading, thickness and units)",
                            rho, true_g_cm3);
    *porosity_out = 1.0 - rho / true_g_cm3;
    return LIION_OK;
}

/* ---- binomial bounds ------------------------------------------------------------------------ */

/* One-sided lower / upper bounds at tail probability alpha each. */
static void cp_bounds(double *lo, double *hi, uint64_t k, uint64_t n, double alpha)
{
    double dk = (double)k, dn = (double)n;
    *lo = k == 0 ? 0.0 : liion__spec_beta_quantile(alpha, dk, dn - dk + 1.0);
    *hi = k == n ? 1.0 : liion__spec_beta_quantile(1.0 - alpha, dk + 1.0, dn - dk);
}

static void wilson_bounds(double *lo, double *hi, uint64_t k, uint64_t n, double alpha)
{
    double z = liion__spec_norm_upper_quantile(alpha), dn = (double)n, p = (double)k / dn;
    double z2 = z * z, den = 1.0 + z2 / dn, centre = (p + z2 / (2.0 * dn)) / den;
    double half = z / den * liion__spec_sqrt(p * (1.0 - p) / dn + z2 / (4.0 * dn * dn));
    *lo = k == 0 ? 0.0 : centre - half;
    *hi = k == n ? 1.0 : centre + half;
    if (*lo < 0)
        *lo = 0;
    if (*hi > 1)
        *hi = 1;
}

static liion_status bounds_args(liion_ctx *ctx, uint64_t k, uint64_t n, double confidence,
                                liion_bound_method method)
{
    if (method != LIION_BOUND_CLOPPER_PEARSON && method != LIION_BOUND_WILSON)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown bound method %d", (int)method);
    if (!liion__spec_finite(confidence) || !(confidence > 0 && confidence < 1))
        return liion__error(ctx, LIION_E_RANGE, "confidence %g is not in (0, 1)", confidence);
    if (n == 0)
        return liion__error(ctx, LIION_E_RANGE, "a proportion needs n >= 1 trials");
    if (k > n)
        return liion__error(ctx, LIION_E_RANGE, "k = %llu successes is more than n = %llu",
                            (unsigned long long)k, (unsigned long long)n);
    return LIION_OK;
}

static void bounds(double *lo, double *hi, uint64_t k, uint64_t n, double confidence,
                   liion_bound_method method, uint32_t one_sided)
{
    double alpha = one_sided ? 1.0 - confidence : 0.5 * (1.0 - confidence);
    if (method == LIION_BOUND_CLOPPER_PEARSON)
        cp_bounds(lo, hi, k, n, alpha);
    else
        wilson_bounds(lo, hi, k, n, alpha);
}

liion_status liion_binomial_bounds(double *lo_out, double *hi_out, liion_ctx *ctx, uint64_t k,
                                   uint64_t n, double confidence, liion_bound_method method,
                                   uint32_t one_sided)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!lo_out || !hi_out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "lo_out and hi_out must not be NULL");
    st = bounds_args(ctx, k, n, confidence, method);
    if (st != LIION_OK)
        return st;
    bounds(lo_out, hi_out, k, n, confidence, method, one_sided);
    return LIION_OK;
}

/* ---- vision qualification ------------------------------------------------------------------- */

liion_status liion_vision_qualify(liion_vision_report *out, liion_ctx *ctx, uint64_t tp,
                                  uint64_t fn, uint64_t fp, uint64_t tn, double min_recall,
                                  double max_frr, double confidence, liion_bound_method method)
{
    liion_vision_report r;
    double lo, hi;
    int use_recall, use_frr, fail = 0, unproven = 0;
    size_t n;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!out || out->struct_size < sizeof(uint32_t) * 2)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "out is NULL or its struct_size is not set");
    if (!liion__spec_finite(min_recall) || min_recall < 0 || min_recall > 1)
        return liion__error(ctx, LIION_E_RANGE, "min_recall %g is not in [0, 1]", min_recall);
    if (!liion__spec_finite(max_frr) || !(max_frr > 0) || max_frr > 1)
        return liion__error(ctx, LIION_E_RANGE, "max_frr %g is not in (0, 1]", max_frr);
    if (tp > UINT64_MAX - fn || fp > UINT64_MAX - tn)
        return liion__error(ctx, LIION_E_RANGE, "confusion counts overflow");
    /* n = 1 / k = 0 only to validate the confidence and method once. */
    st = bounds_args(ctx, 0, 1, confidence, method);
    if (st != LIION_OK)
        return st;
    memset(&r, 0, sizeof r);
    r.struct_size = out->struct_size;
    r.defects = tp + fn;
    r.goods = fp + tn;
    r.recall = r.recall_lo = r.frr = r.frr_hi = NAN;
    use_recall = min_recall > 0;
    use_frr = max_frr < 1;
    if (r.defects > 0) {
        r.recall = (double)tp / (double)r.defects;
        bounds(&lo, &hi, tp, r.defects, confidence, method, 1);
        r.recall_lo = lo;
    }
    if (r.goods > 0) {
        r.frr = (double)fp / (double)r.goods;
        bounds(&lo, &hi, fp, r.goods, confidence, method, 1);
        r.frr_hi = hi;
    }
    if (use_recall) {
        if (r.defects == 0)
            unproven = 1;
        else if (r.recall < min_recall)
            fail = 1;
        else if (r.recall_lo < min_recall)
            unproven = 1;
    }
    if (use_frr) {
        if (r.goods == 0)
            unproven = 1;
        else if (r.frr >= max_frr)
            fail = 1;
        else if (!(r.frr_hi < max_frr))
            unproven = 1;
    }
    r.verdict = fail       ? LIION_VISION_NOT_QUALIFIED
                : unproven ? LIION_VISION_NOT_ENOUGH_EVIDENCE
                           : LIION_VISION_QUALIFIED;
    n = out->struct_size < sizeof r ? out->struct_size : sizeof r;
    memcpy(out, &r, n);
    return LIION_OK;
}

liion_status liion_vision_streak_counts(uint64_t counts_out[4], liion_ctx *ctx,
                                        const double *width_mm, const uint8_t *is_defect,
                                        const uint8_t *rejected, size_t n, double min_width_mm)
{
    uint64_t c[4] = { 0, 0, 0, 0 };
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!counts_out || (n > 0 && (!width_mm || !is_defect || !rejected)))
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "counts_out, width_mm, is_defect and rejected must not be NULL");
    if ((st = need_finite(ctx, "min_width_mm", min_width_mm)) != LIION_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (is_defect[i]) {
            if (!liion__spec_finite(width_mm[i]))
                return liion__error(ctx, LIION_E_RANGE, "width_mm[%zu] is not finite", i);
            if (width_mm[i] <= min_width_mm)
                continue; /* below the required detection width: not scored */
            c[rejected[i] ? 0 : 1]++;
        } else {
            c[rejected[i] ? 2 : 3]++;
        }
    }
    memcpy(counts_out, c, sizeof c);
    return LIION_OK;
}
