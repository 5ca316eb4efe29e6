/* Exact binomial, Poisson and multinomial variates for the Monte Carlo's
 * inner loop, drawn from a generator of sim/rng.h.
 *
 * The Monte Carlo spends nearly all its time here, so these replace
 * GSL's samplers on that path: transformed rejection with squeeze
 * (Hormann's BTRS and PTRS) for means of 10 and more, whose common case
 * costs two uniforms and no logarithm, and inversion below, starting
 * with a test that answers 0 without an exponential. A multinomial is
 * split category by category, likeliest first, so the first binomial
 * takes the stayers and later ones see only the few who move; it stops
 * as soon as everyone is placed, and categories of probability zero are
 * never drawn. */
#ifndef TS_SAMPLER_H
#define TS_SAMPLER_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

/* Binomial(n, p) for 0 <= p <= 1. */
unsigned ts_sample_binomial(gsl_rng *rng, unsigned n, double p);

/* Poisson(mu) for 0 <= mu <= TS_MAX_PEOPLE (models/limits.h). */
unsigned ts_sample_poisson(gsl_rng *rng, double mu);

/* log(k!) for whole k >= 0 (Stirling's series with a table below 10;
 * absolute error below 1e-10). */
double ts_log_factorial(double k);

/* How each row of a matrix of probabilities splits a count among its
 * columns: the columns of positive probability, likeliest first (ties
 * by column), each with its probability given that none of the earlier
 * ones took the person. Rows need not sum to 1: only ratios matter, so
 * Phi's rows (which sum to dt) serve as they are. */
typedef struct ts_splits {
    size_t rows, n;
    size_t *count;      /* rows: columns of positive probability */
    uint32_t *column;   /* rows x n: those columns, likeliest first */
    double *cond;       /* rows x n: p_c / (p_c + every later p) */
    double *log_rest;   /* rows x n: log(1 - min(cond, 1 - cond)) */
    size_t zero;        /* cells of probability 0: never drawn */
} ts_splits;

/* The splits of the first `rows` rows of the rows x n matrix p (row
 * stride tda). Every row must have a positive entry. NULL when out of
 * memory. */
ts_splits *ts_splits_create(const double *p, size_t tda, size_t rows,
                            size_t n);
void ts_splits_destroy(ts_splits *s);

/* Splits m people by row `row`: writes the columns that receive anyone
 * to column[] and their counts to count[] (each of room n) and returns
 * how many there are. The counts are Multinomial(m, row / row sum). */
size_t ts_splits_draw(const ts_splits *s, size_t row, gsl_rng *rng,
                      unsigned m, uint32_t *column, unsigned *count);

#endif
