/* Distributions a numeric parameter may take instead of a number
 * (SPEC section 1, Uncertainty): {uniform: [lo, hi]} (and its alias
 * {range: [lo, hi]}), {triangular: [lo, mode, hi]}, {normal: [mean, sd]},
 * {lognormal: [mu, sigma]} (of the logarithm), {beta: [a, b]}. */
#ifndef TS_DISTRIBUTION_H
#define TS_DISTRIBUTION_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

typedef enum ts_dist_kind {
    TS_DIST_NONE,          /* a plain number */
    TS_DIST_UNIFORM,
    TS_DIST_TRIANGULAR,
    TS_DIST_NORMAL,
    TS_DIST_LOGNORMAL,
    TS_DIST_BETA
} ts_dist_kind;

typedef struct ts_dist {
    ts_dist_kind kind;
    double a[3];           /* the arguments as written */
} ts_dist;

/* The kind named `name` ("range" is uniform) and how many arguments it
 * takes; false when there is none. */
bool ts_dist_parse_name(const char *name, ts_dist_kind *kind,
                        size_t *arity);

/* Every distribution name (for "did you mean"); *n gets the count. */
const char *const *ts_dist_names(size_t *n);

const char *ts_dist_kind_name(ts_dist_kind kind);

/* What the arguments are: "[lo, hi]", "[mean, sd]" ... */
const char *ts_dist_arguments(ts_dist_kind kind);

/* Why the arguments are invalid ("sd must be positive"), or NULL. */
const char *ts_dist_check_args(const ts_dist *d);

double ts_dist_mean(const ts_dist *d);
double ts_dist_variance(const ts_dist *d);

/* The p-quantile, 0 < p < 1. */
double ts_dist_quantile(const ts_dist *d, double p);

/* The tails beyond which validation does not look: a distribution is
 * checked against a parameter's range between its TS_DIST_TAIL and
 * 1 - TS_DIST_TAIL quantiles (a normal's +-4.75 sd), and a draw beyond
 * them that leaves the range fails the run (never clamped). */
#define TS_DIST_TAIL 1e-6

/* P(X < lo) + P(X > hi), or with open ends P(X <= lo) / P(X >= hi). */
double ts_dist_outside(const ts_dist *d, double lo, double hi, bool lo_open,
                       bool hi_open);

/* One draw. */
double ts_dist_draw(const ts_dist *d, gsl_rng *rng);

/* "uniform [0.7, 0.8]" for messages and tables. */
void ts_dist_format(const ts_dist *d, char *buf, size_t size);

#endif
