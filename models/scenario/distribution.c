#include "models/scenario/distribution.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    ts_dist_kind kind;
    size_t arity;
} table[] = {
    {"uniform", TS_DIST_UNIFORM, 2},   {"range", TS_DIST_UNIFORM, 2},
    {"triangular", TS_DIST_TRIANGULAR, 3}, {"normal", TS_DIST_NORMAL, 2},
    {"lognormal", TS_DIST_LOGNORMAL, 2}, {"beta", TS_DIST_BETA, 2},
};
#define N_DISTS (sizeof table / sizeof table[0])

static const char *const names[N_DISTS] = {
    "uniform", "range", "triangular", "normal", "lognormal", "beta"};

bool ts_dist_parse_name(const char *name, ts_dist_kind *kind, size_t *arity)
{
    for (size_t i = 0; i < N_DISTS; i++)
        if (strcmp(name, table[i].name) == 0) {
            *kind = table[i].kind;
            *arity = table[i].arity;
            return true;
        }
    return false;
}

const char *const *ts_dist_names(size_t *n)
{
    *n = N_DISTS;
    return names;
}

const char *ts_dist_kind_name(ts_dist_kind kind)
{
    for (size_t i = 0; i < N_DISTS; i++)
        if (table[i].kind == kind)
            return table[i].name;
    return "number";
}

const char *ts_dist_arguments(ts_dist_kind kind)
{
    switch (kind) {
    case TS_DIST_UNIFORM: return "[lo, hi]";
    case TS_DIST_TRIANGULAR: return "[lo, mode, hi]";
    case TS_DIST_NORMAL: return "[mean, sd]";
    case TS_DIST_LOGNORMAL: return "[mu, sigma] of the logarithm";
    case TS_DIST_BETA: return "[a, b]";
    case TS_DIST_NONE: break;
    }
    return "";
}

const char *ts_dist_check_args(const ts_dist *d)
{
    const double *a = d->a;
    switch (d->kind) {
    case TS_DIST_UNIFORM:
        return a[0] < a[1] ? NULL : "needs lo < hi";
    case TS_DIST_TRIANGULAR:
        if (!(a[0] < a[2]))
            return "needs lo < hi";
        return a[0] <= a[1] && a[1] <= a[2] ? NULL
                                            : "needs lo <= mode <= hi";
    case TS_DIST_NORMAL:
        return a[1] > 0 ? NULL : "needs a positive sd";
    case TS_DIST_LOGNORMAL:
        return a[1] > 0 ? NULL : "needs a positive sigma";
    case TS_DIST_BETA:
        return a[0] > 0 && a[1] > 0 ? NULL : "needs positive a and b";
    case TS_DIST_NONE:
        break;
    }
    return NULL;
}

double ts_dist_mean(const ts_dist *d)
{
    const double *a = d->a;
    switch (d->kind) {
    case TS_DIST_UNIFORM: return (a[0] + a[1]) / 2;
    case TS_DIST_TRIANGULAR: return (a[0] + a[1] + a[2]) / 3;
    case TS_DIST_NORMAL: return a[0];
    case TS_DIST_LOGNORMAL: return exp(a[0] + a[1] * a[1] / 2);
    case TS_DIST_BETA: return a[0] / (a[0] + a[1]);
    case TS_DIST_NONE: break;
    }
    return NAN;
}

double ts_dist_variance(const ts_dist *d)
{
    const double *a = d->a;
    double s2;
    switch (d->kind) {
    case TS_DIST_UNIFORM: return (a[1] - a[0]) * (a[1] - a[0]) / 12;
    case TS_DIST_TRIANGULAR:
        return (a[0] * a[0] + a[1] * a[1] + a[2] * a[2] - a[0] * a[1] -
                a[0] * a[2] - a[1] * a[2]) / 18;
    case TS_DIST_NORMAL: return a[1] * a[1];
    case TS_DIST_LOGNORMAL:
        s2 = a[1] * a[1];
        return (exp(s2) - 1) * exp(2 * a[0] + s2);
    case TS_DIST_BETA:
        return a[0] * a[1] /
               ((a[0] + a[1]) * (a[0] + a[1]) * (a[0] + a[1] + 1));
    case TS_DIST_NONE: break;
    }
    return NAN;
}

/* P(X <= x) */
static double cdf(const ts_dist *d, double x)
{
    const double *a = d->a;
    switch (d->kind) {
    case TS_DIST_UNIFORM: return gsl_cdf_flat_P(x, a[0], a[1]);
    case TS_DIST_TRIANGULAR:
        if (x <= a[0])
            return 0;
        if (x >= a[2])
            return 1;
        if (x <= a[1])
            return (x - a[0]) * (x - a[0]) / ((a[2] - a[0]) * (a[1] - a[0]));
        return 1 - (a[2] - x) * (a[2] - x) / ((a[2] - a[0]) * (a[2] - a[1]));
    case TS_DIST_NORMAL: return gsl_cdf_gaussian_P(x - a[0], a[1]);
    case TS_DIST_LOGNORMAL: return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, a[0], a[1]);
    case TS_DIST_BETA:
        return x <= 0 ? 0 : x >= 1 ? 1 : gsl_cdf_beta_P(x, a[0], a[1]);
    case TS_DIST_NONE: break;
    }
    return NAN;
}

double ts_dist_outside(const ts_dist *d, double lo, double hi, bool lo_open,
                       bool hi_open)
{
    /* Continuous distributions put no mass on a point, so open and closed
     * ends differ only where a distribution's support ends exactly there
     * (a beta at 0 or 1, a uniform ending at the bound): those are fine. */
    (void)lo_open;
    (void)hi_open;
    double below = cdf(d, lo);
    double above = 1 - cdf(d, hi);
    return (below > 0 ? below : 0) + (above > 0 ? above : 0);
}

double ts_dist_quantile(const ts_dist *d, double p)
{
    const double *a = d->a;
    double c;
    switch (d->kind) {
    case TS_DIST_UNIFORM: return a[0] + p * (a[1] - a[0]);
    case TS_DIST_TRIANGULAR:
        c = (a[1] - a[0]) / (a[2] - a[0]);
        return p < c ? a[0] + sqrt(p * (a[2] - a[0]) * (a[1] - a[0]))
                     : a[2] - sqrt((1 - p) * (a[2] - a[0]) * (a[2] - a[1]));
    case TS_DIST_NORMAL: return a[0] + gsl_cdf_gaussian_Pinv(p, a[1]);
    case TS_DIST_LOGNORMAL: return gsl_cdf_lognormal_Pinv(p, a[0], a[1]);
    case TS_DIST_BETA: return gsl_cdf_beta_Pinv(p, a[0], a[1]);
    case TS_DIST_NONE: break;
    }
    return NAN;
}

double ts_dist_draw(const ts_dist *d, gsl_rng *rng)
{
    const double *a = d->a;
    switch (d->kind) {
    case TS_DIST_UNIFORM: return gsl_ran_flat(rng, a[0], a[1]);
    case TS_DIST_TRIANGULAR:
        return ts_dist_quantile(d, gsl_rng_uniform(rng));
    case TS_DIST_NORMAL: return a[0] + gsl_ran_gaussian(rng, a[1]);
    case TS_DIST_LOGNORMAL: return gsl_ran_lognormal(rng, a[0], a[1]);
    case TS_DIST_BETA: return gsl_ran_beta(rng, a[0], a[1]);
    case TS_DIST_NONE: break;
    }
    return NAN;
}

void ts_dist_format(const ts_dist *d, char *buf, size_t size)
{
    if (d->kind == TS_DIST_TRIANGULAR)
        snprintf(buf, size, "triangular [%g, %g, %g]", d->a[0], d->a[1],
                 d->a[2]);
    else
        snprintf(buf, size, "%s [%g, %g]", ts_dist_kind_name(d->kind),
                 d->a[0], d->a[1]);
}
