/*
 * Private to lib/spec: self-contained math (libliion links no libm: the shared library is
 * linked with --no-undefined and without -lm, so exp/log/sqrt/lgamma are implemented here),
 * and shared helpers of the spec module.
 */
#ifndef LIION__SPEC_INTERNAL_H
#define LIION__SPEC_INTERNAL_H

#include "core/core.h"
#include <liion/spec.h>

#include <float.h>
#include <math.h>

static inline double liion__spec_exp(double x) { return exp(x); }
static inline double liion__spec_log(double x) { return log(x); }   /* natural log, x > 0 */
static inline double liion__spec_sqrt(double x) { return sqrt(x); } /* x >= 0 */
double liion__spec_lgamma(double x); /* x > 0 */
/* Regularized incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1. */
double liion__spec_betainc(double x, double a, double b);
/* Quantile of Beta(a, b): x with I_x(a, b) = p, by bisection on betainc. */
double liion__spec_beta_quantile(double p, double a, double b);
/* Standard normal upper quantile z with P(Z > z) = q, 0 < q < 1. */
double liion__spec_norm_upper_quantile(double q);

/* Handle checks for lib/spec/attach.c (limits.c owns the structs): LIION_OK, LIION_E_INVALID_ARG
 * (NULL) or LIION_E_MISUSE (not a live handle). They touch no error state. */
liion_status liion__spec_result_valid(const liion_spec_result *r);
liion_status liion__spec_limits_valid(const liion_spec_limits *l);
/* The context of a live limit set (for lib/spec/limits_text.c's error messages). */
liion_ctx *liion__spec_limits_ctx(const liion_spec_limits *l);

static inline double liion__spec_fabs(double x)
{
    return x < 0 ? -x : x;
}

static inline int liion__spec_finite(double x)
{
    return (x - x) == 0.0; /* false for NaN and +-inf */
}

#endif
