/* Exact binomial, Poisson and multinomial variates for the Monte Carlo's
 * inner loop, drawn from a generator of sim/random/rng.h.
 *
 * The Monte Carlo spends nearly all its time here, so these replace
 * GSL's samplers on that path: transformed rejection with squeeze
 * (Hormann's BTRS and PTRS) for means of 10 and more, whose common case
 * costs two uniforms and no logarithm, and inversion below, starting
 * with a test that answers 0 without an exponential. A multinomial is
 * split category by category, the likeliest first, so the first
 * binomial takes the stayers and later ones see only the few who move;
 * the rare categories (two moves in one step) are drawn as one lump and
 * split only when it is not empty (person by person when it is small),
 * the largest other category takes the rest without a draw, and
 * categories of probability zero are never drawn. */
#ifndef TS_SAMPLER_H
#define TS_SAMPLER_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the samplers draw with: a generator of sim/random/rng.h and,
 * optionally, a table of log(k!) for the rejection tests' rare slow path
 * (without it, or beyond it, Stirling's series serves at four logarithms
 * more). */
typedef struct ts_sampler {
    gsl_rng *rng;
    const double *log_fact; /* log(k!) for k < log_fact_size, or NULL */
    size_t log_fact_size;
} ts_sampler;

/* log(k!) for k < size, from lgamma; free() it. NULL when out of memory. */
double *ts_log_factorial_table(size_t size);

/* Binomial(n, p) for 0 <= p <= 1. */
unsigned ts_sample_binomial(const ts_sampler *sp, unsigned n, double p);

/* Poisson(mu) for 0 <= mu <= TS_MAX_PEOPLE (models/base/limits.h). */
unsigned ts_sample_poisson(const ts_sampler *sp, double mu);

/* log(k!) for whole k >= 0 (Stirling's series with a table below 10;
 * absolute error below 1e-10). */
double ts_log_factorial(double k);

/* How each row of a matrix of probabilities splits a count among its
 * columns of positive probability: a plan of conditional binomials
 * (sampler.c says in which order). Rows need not sum to 1: only ratios
 * matter. */
typedef struct ts_splits {
    size_t rows, n;
    size_t *count;      /* rows: positions in the row's plan */
    size_t *rare;       /* rows: where its rare columns start (or count) */
    uint32_t *column;   /* rows x (n+1): each position's column, or
                           TS_SPLIT_LUMP for the rare columns together */
    double *cond;       /* rows x (n+1): its probability given none of
                           the earlier positions of its sequence */
    double *log_rest;   /* rows x (n+1): log(1 - min(cond, 1 - cond)) */
    double *log_odds;   /* rows x (n+1): log(q / (1 - q)), q that min */
    double *cum;        /* rows x (n+1): in the rare sequence, the
                           cumulative share of its columns */
    size_t zero;        /* cells of probability 0: never drawn */
} ts_splits;

#define TS_SPLIT_LUMP UINT32_MAX

/* A lump of rare columns is split person by person (one uniform each)
 * when it holds at most this many people per rare column, which is
 * cheaper than a binomial per column; by conditional binomials above. */
#define TS_PEOPLE_ONE_BY_ONE 4

/* The splits of the first `rows` rows of the rows x n matrix p (row
 * stride tda). Every row must have a positive entry. NULL when out of
 * memory. */
ts_splits *ts_splits_create(const double *p, size_t tda, size_t rows,
                            size_t n);
void ts_splits_destroy(ts_splits *s);

/* Whether a lump of `lumped` people of row `row` is split person by
 * person (else by conditional binomials). */
bool ts_splits_one_by_one(const ts_splits *s, size_t row, unsigned lumped);

/* Splits m people by row `row`: writes the columns that receive anyone
 * to column[] and their counts to count[] (each of room n) and returns
 * how many there are. The counts are Multinomial(m, row / row sum). */
size_t ts_splits_draw(const ts_splits *s, size_t row, const ts_sampler *sp,
                      unsigned m, uint32_t *column, unsigned *count);

#endif
