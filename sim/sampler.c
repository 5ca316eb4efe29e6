/* Binomial and Poisson variates by transformed rejection with squeeze
 * (W. Hormann, "The generation of binomial random variates", J. Statist.
 * Comput. Simul. 46, 1993, algorithm BTRS; and "The transformed
 * rejection method for generating Poisson random variables", Insurance:
 * Mathematics and Economics 12, 1993, algorithm PTRS) for means >= 10,
 * and by inversion (sequential search from 0) below. With u, v uniform
 * on (0, 1) and us = 1/2 - |u - 1/2|, the candidate is
 *
 *     k = floor((2a / us + b)(u - 1/2) + c),
 *
 * accepted at once inside the squeeze (us >= 0.07, v <= v_r: most
 * draws), otherwise when log(v alpha / (a / us^2 + b)) is below the log
 * of the probability of k relative to the mode's. A binomial with
 * p > 1/2 is n minus one with 1 - p. Multinomials are sequences of
 * conditional binomials (as GSL's gsl_ran_multinomial) over the columns
 * sorted by probability. */
#include "sim/sampler.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "sim/rng.h"

/* Below this mean BTRS's and PTRS's hats are not valid bounds. */
#define TS_REJECTION_MIN_MEAN 10.0
/* Inside this part of the hat it lies below the density (the squeeze). */
#define TS_SQUEEZE_US 0.07

/* log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2] for k < 10
 * (from lgamma); from 10 on the series' next term is below 3e-11. */
static const double stirling_tail_table[10] = {
    0.08106146679532733, 0.041340695955409457, 0.027677925684997717,
    0.020790672103765839, 0.016644691189821259, 0.013876128823072875,
    0.011896709945893313, 0.010411265261973668, 0.0092554621827094508,
    0.0083305634333594725};

static double stirling_tail(double k)
{
    if (k < 10)
        return stirling_tail_table[(int)k];
    double kp1 = k + 1, kp1sq = kp1 * kp1;
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / kp1;
}

double ts_log_factorial(double k)
{
    static const double half_log_2pi = 0.91893853320467274178;
    return (k + 0.5) * log(k + 1) - (k + 1) + half_log_2pi + stirling_tail(k);
}

/* Binomial(n, p) by inversion, for p <= 1/2 and n p < 10; log_q is
 * log(1 - p). Bernoulli's inequality (1 - p)^n >= 1 - n p answers most
 * draws of rare moves with 0 before any exponential. */
static unsigned binomial_inversion(gsl_rng *rng, unsigned n, double p,
                                   double log_q)
{
    double mean = (double)n * p, ratio = p / (1 - p);
    for (;;) {
        double u = ts_rng_open01(rng);
        if (u < 1 - mean)
            return 0;
        double pk = exp((double)n * log_q);
        unsigned x = 0;
        while (u > pk && x < n && pk > 0) {
            u -= pk;
            x++;
            pk *= ratio * (double)(n - x + 1) / (double)x;
        }
        /* Round-off can leave u above the whole mass: draw again. */
        if (u <= pk)
            return x;
    }
}

/* The slow half of BTRS's acceptance test for candidate k: whether
 * log(v alpha / (a / us^2 + b)) lies below log(f(k) / f(m)), f the
 * binomial density and m its mode. */
static bool btrs_accept(double k, double nd, double p, double spq, double a,
                        double b, double us, double v)
{
    double alpha = (2.83 + 5.1 / b) * spq;
    double m = floor((nd + 1) * p), r = p / (1 - p);
    double bound = (m + 0.5) * log((m + 1) / (r * (nd - m + 1))) +
                   (nd + 1) * log((nd - m + 1) / (nd - k + 1)) +
                   (k + 0.5) * log(r * (nd - k + 1) / (k + 1)) +
                   stirling_tail(m) + stirling_tail(nd - m) -
                   stirling_tail(k) - stirling_tail(nd - k);
    return log(v * alpha / (a / (us * us) + b)) <= bound;
}

/* Binomial(n, p) by BTRS, for p <= 1/2 and n p >= 10. The squeeze test
 * v <= v_r = 0.92 - 4.2 / b is taken as v b <= 0.92 b - 4.2 (b > 0), and
 * floor as truncation once the candidate is known to be >= 0: the
 * common path then has one division. */
static unsigned binomial_btrs(gsl_rng *rng, unsigned n, double p)
{
    double nd = (double)n;
    double spq = sqrt(nd * p * (1 - p));
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = nd * p + 0.5;
    double vb_r = 0.92 * b - 4.2;
    for (;;) {
        double u = ts_rng_open01(rng) - 0.5;
        double v = ts_rng_open01(rng);
        double us = 0.5 - fabs(u);
        double x = (2 * a / us + b) * u + c;
        if (x < 0 || x >= nd + 1)
            continue;
        double k = (double)(uint64_t)x;
        if ((us >= TS_SQUEEZE_US && v * b <= vb_r) ||
            btrs_accept(k, nd, p, spq, a, b, us, v))
            return (unsigned)k;
    }
}

/* Binomial(n, p) for p <= 1/2, log_q = log(1 - p). */
static unsigned binomial_lower(gsl_rng *rng, unsigned n, double p,
                               double log_q)
{
    if (n == 0 || !(p > 0))
        return 0;
    if ((double)n * p < TS_REJECTION_MIN_MEAN)
        return binomial_inversion(rng, n, p, log_q);
    return binomial_btrs(rng, n, p);
}

unsigned ts_sample_binomial(gsl_rng *rng, unsigned n, double p)
{
    if (p > 0.5)
        return n - binomial_lower(rng, n, 1 - p, log(p));
    return binomial_lower(rng, n, p, log1p(-p));
}

static unsigned poisson_inversion(gsl_rng *rng, double mu)
{
    for (;;) {
        double u = ts_rng_open01(rng);
        if (u < 1 - mu) /* e^-mu >= 1 - mu */
            return 0;
        double pk = exp(-mu);
        unsigned x = 0;
        while (u > pk && pk > 0) {
            u -= pk;
            x++;
            pk *= mu / (double)x;
        }
        if (u <= pk)
            return x;
    }
}

static unsigned poisson_ptrs(gsl_rng *rng, double mu)
{
    double slam = sqrt(mu), log_mu = log(mu);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    double v_r = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = ts_rng_open01(rng) - 0.5;
        double v = ts_rng_open01(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2 * a / us + b) * u + mu + 0.43);
        if (k < 0 || k > (double)UINT_MAX)
            continue;
        if (us >= TS_SQUEEZE_US && v <= v_r)
            return (unsigned)k;
        if (us < 0.013 && v > us)
            continue;
        if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <=
            -mu + k * log_mu - ts_log_factorial(k))
            return (unsigned)k;
    }
}

unsigned ts_sample_poisson(gsl_rng *rng, double mu)
{
    if (!(mu > 0))
        return 0;
    if (mu < TS_REJECTION_MIN_MEAN)
        return poisson_inversion(rng, mu);
    return poisson_ptrs(rng, mu);
}

/* The row being sorted, for the comparison (qsort has no context). */
typedef struct ranked {
    double p;
    uint32_t column;
} ranked;

static int likelier_first(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->p != b->p)
        return a->p > b->p ? -1 : 1;
    return a->column < b->column ? -1 : a->column > b->column;
}

static void splits_fill_row(ts_splits *s, size_t r, const double *row,
                            ranked *buf)
{
    size_t n = s->n, count = 0;
    for (size_t j = 0; j < n; j++)
        if (row[j] > 0)
            buf[count++] = (ranked){row[j], (uint32_t)j};
    s->zero += n - count;
    qsort(buf, count, sizeof *buf, likelier_first);
    /* Sums from the smallest up, so the rare columns' share survives. */
    double rest = 0;
    for (size_t c = count; c-- > 0;) {
        rest += buf[c].p;
        double cond = c + 1 == count ? 1.0 : buf[c].p / rest;
        s->column[r * n + c] = buf[c].column;
        s->cond[r * n + c] = cond;
        s->log_rest[r * n + c] = cond > 0.5 ? log(cond) : log1p(-cond);
    }
    s->count[r] = count;
}

ts_splits *ts_splits_create(const double *p, size_t tda, size_t rows,
                            size_t n)
{
    ts_splits *s = calloc(1, sizeof *s);
    ranked *buf = malloc((n ? n : 1) * sizeof *buf);
    if (!s || !buf)
        goto fail;
    s->rows = rows;
    s->n = n;
    size_t cells = rows * n > 0 ? rows * n : 1;
    s->count = calloc(rows ? rows : 1, sizeof *s->count);
    s->column = malloc(cells * sizeof *s->column);
    s->cond = malloc(cells * sizeof *s->cond);
    s->log_rest = malloc(cells * sizeof *s->log_rest);
    if (!s->count || !s->column || !s->cond || !s->log_rest)
        goto fail;
    for (size_t r = 0; r < rows; r++)
        splits_fill_row(s, r, p + r * tda, buf);
    free(buf);
    return s;
fail:
    free(buf);
    ts_splits_destroy(s);
    return NULL;
}

void ts_splits_destroy(ts_splits *s)
{
    if (!s)
        return;
    free(s->count);
    free(s->column);
    free(s->cond);
    free(s->log_rest);
    free(s);
}

size_t ts_splits_draw(const ts_splits *s, size_t row, gsl_rng *rng,
                      unsigned m, uint32_t *column, unsigned *count)
{
    size_t base = row * s->n, last = s->count[row], out = 0;
    const double *cond = s->cond + base, *log_rest = s->log_rest + base;
    for (size_t c = 0; c < last && m > 0; c++) {
        unsigned x = m;
        if (c + 1 < last)
            x = cond[c] > 0.5
                    ? m - binomial_lower(rng, m, 1 - cond[c], log_rest[c])
                    : binomial_lower(rng, m, cond[c], log_rest[c]);
        if (x) {
            column[out] = s->column[base + c];
            count[out++] = x;
            m -= x;
        }
    }
    return out;
}
