/* Special functions for lib/spec that libm lacks or cannot give thread-safely: lgamma for
 * positive arguments (libm's lgamma writes the global signgam, a data race between contexts),
 * the regularized incomplete beta function and its quantile, and the normal quantile.
 * Textbook algorithms (Lanczos, Lentz's continued fraction); the Check suite compares them
 * with reference values. exp/log/sqrt come from libm (spec_internal.h). */
#include "spec/spec_internal.h"

#include <string.h>

double liion__spec_lgamma(double x)
{
    static const double c[9] = { 0.99999999999980993,     676.5203681218851,
                                 -1259.1392167224028,     771.32342877765313,
                                 -176.61502916214059,     12.507343278686905,
                                 -0.13857109526572012,    9.9843695780195716e-6,
                                 1.5056327351493116e-7 };
    static const double half_log_2pi = 0.91893853320467274178;
    double a, t;
    if (!(x > 0))
        return NAN;
    if (x < 0.5) /* lgamma(x) = lgamma(x + 1) - log(x) */
        return liion__spec_lgamma(x + 1.0) - liion__spec_log(x);
    if (x >= 10.0) { /* Stirling series */
        double z = 1.0 / x, z2 = z * z;
        return (x - 0.5) * liion__spec_log(x) - x + half_log_2pi +
               z * (1.0 / 12 - z2 * (1.0 / 360 - z2 * (1.0 / 1260 - z2 * (1.0 / 1680))));
    }
    x -= 1.0; /* Lanczos, g = 7, n = 9 */
    a = c[0];
    t = x + 7.5;
    for (int i = 1; i < 9; i++)
        a += c[i] / (x + (double)i);
    return half_log_2pi + (x + 0.5) * liion__spec_log(t) - t + liion__spec_log(a);
}

/* Continued fraction for I_x(a, b) (modified Lentz), as in Numerical Recipes' betacf. */
static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300, eps = 1e-16;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap, h;
    if (liion__spec_fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    h = d;
    for (int m = 1; m <= 200000; m++) {
        double dm = (double)m, m2 = 2.0 * dm, aa, del;
        aa = dm * (b - dm) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (liion__spec_fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (liion__spec_fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (liion__spec_fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (liion__spec_fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        del = d * c;
        h *= del;
        if (liion__spec_fabs(del - 1.0) < eps)
            break;
    }
    return h;
}

double liion__spec_betainc(double x, double a, double b)
{
    double lbt;
    if (x <= 0)
        return 0.0;
    if (x >= 1)
        return 1.0;
    lbt = liion__spec_lgamma(a + b) - liion__spec_lgamma(a) - liion__spec_lgamma(b) +
          a * liion__spec_log(x) + b * liion__spec_log(1.0 - x);
    if (x < (a + 1.0) / (a + b + 2.0))
        return liion__spec_exp(lbt) * betacf(a, b, x) / a;
    return 1.0 - liion__spec_exp(lbt) * betacf(b, a, 1.0 - x) / b;
}

double liion__spec_beta_quantile(double p, double a, double b)
{
    double lo = 0.0, hi = 1.0;
    if (p <= 0)
        return 0.0;
    if (p >= 1)
        return 1.0;
    /* I_x is increasing in x: bisect until the bracket stops shrinking (about 1075 steps at
     * most for subnormal answers; typically 60). */
    for (int i = 0; i < 1100; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        if (liion__spec_betainc(mid, a, b) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Standard normal CDF by Marsaglia's series Phi(z) = 1/2 + phi(z) (z + z^3/3 + z^5/15 + ...),
 * accurate to about 1e-15 absolute for |z| <= 8. */
static double norm_cdf(double z)
{
    double sum = z, term = z, z2 = z * z;
    if (z < -8)
        return 0.0;
    if (z > 8)
        return 1.0;
    for (int i = 3; i < 400; i += 2) {
        term *= z2 / (double)i;
        sum += term;
        if (liion__spec_fabs(term) < 1e-17 * liion__spec_fabs(sum))
            break;
    }
    return 0.5 + sum * liion__spec_exp(-0.5 * z2 - 0.91893853320467274178);
}

double liion__spec_norm_upper_quantile(double q)
{
    /* Acklam's rational approximation of the lower quantile at p = 1 - q (relative error
     * 1.15e-9), then one Newton step on Phi. */
    static const double a[6] = { -3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00 };
    static const double b[5] = { -5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01 };
    static const double c[6] = { -7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00 };
    static const double d[4] = { 7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00 };
    const double plow = 0.02425;
    double p = 1.0 - q, x, t, r;
    if (p < plow) {
        t = liion__spec_sqrt(-2.0 * liion__spec_log(p));
        x = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) /
            ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1.0);
    } else if (p <= 1.0 - plow) {
        t = p - 0.5;
        r = t * t;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    } else {
        t = liion__spec_sqrt(-2.0 * liion__spec_log(q));
        x = -(((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) /
            ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1.0);
    }
    if (x > -8 && x < 8) {
        double pdf = liion__spec_exp(-0.5 * x * x - 0.91893853320467274178);
        if (pdf > 0)
            x -= (norm_cdf(x) - p) / pdf;
    }
    return x;
}
