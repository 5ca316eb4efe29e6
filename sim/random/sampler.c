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
#include "sim/random/sampler.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "sim/random/rng.h"

/* Below this mean BTRS's and PTRS's hats are not valid bounds. */
#define TS_REJECTION_MIN_MEAN 10.0
/* Inside this part of the hat it lies below the density (the squeeze). */
#define TS_SQUEEZE_US 0.07
/* A column is rare, and drawn in a lump with the other rare ones, below
 * this share of the probability of leaving the likeliest column: two
 * moves within a step are about lambda dt (1-3% a month) as likely as
 * one. */
#define TS_RARE_SHARE 0.01

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
    double inv = 1 / (k + 1), inv2 = inv * inv; /* one division */
    return (1.0 / 12 - (1.0 / 360 - inv2 / 1260) * inv2) * inv;
}

double *ts_log_factorial_table(size_t size)
{
    double *t = malloc((size ? size : 1) * sizeof *t);
    for (size_t k = 0; t && k < size; k++)
        t[k] = lgamma((double)k + 1);
    return t;
}

double ts_log_factorial(double k)
{
    static const double half_log_2pi = 0.91893853320467274178;
    return (k + 0.5) * log(k + 1) - (k + 1) + half_log_2pi + stirling_tail(k);
}

/* 1/x for the inversions' search, whose steps would otherwise each
 * wait for a division: searches rarely pass x = 30 (means below 10). */
static const double reciprocal_table[64] = {
    0, 1.0 / 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7,
    1.0 / 8, 1.0 / 9, 1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13, 1.0 / 14, 1.0 / 15,
    1.0 / 16, 1.0 / 17, 1.0 / 18, 1.0 / 19, 1.0 / 20, 1.0 / 21, 1.0 / 22, 1.0 / 23,
    1.0 / 24, 1.0 / 25, 1.0 / 26, 1.0 / 27, 1.0 / 28, 1.0 / 29, 1.0 / 30, 1.0 / 31,
    1.0 / 32, 1.0 / 33, 1.0 / 34, 1.0 / 35, 1.0 / 36, 1.0 / 37, 1.0 / 38, 1.0 / 39,
    1.0 / 40, 1.0 / 41, 1.0 / 42, 1.0 / 43, 1.0 / 44, 1.0 / 45, 1.0 / 46, 1.0 / 47,
    1.0 / 48, 1.0 / 49, 1.0 / 50, 1.0 / 51, 1.0 / 52, 1.0 / 53, 1.0 / 54, 1.0 / 55,
    1.0 / 56, 1.0 / 57, 1.0 / 58, 1.0 / 59, 1.0 / 60, 1.0 / 61, 1.0 / 62, 1.0 / 63};

static inline double reciprocal(unsigned x)
{
    return x < 64 ? reciprocal_table[x] : 1.0 / (double)x;
}

/* Binomial(n, p) by inversion, for p <= 1/2 and n p < 10; log_q is
 * log(1 - p). Bernoulli's inequality (1 - p)^n >= 1 - n p answers most
 * draws of rare moves with 0 before any exponential. */
static unsigned binomial_inversion(const ts_sampler *sp, unsigned n, double p,
                                   double log_q)
{
    double mean = (double)n * p, ratio = p / (1 - p);
    for (;;) {
        double u = ts_rng_open01(sp->rng);
        if (u < 1 - mean)
            return 0;
        double pk = exp((double)n * log_q);
        unsigned x = 0;
        while (u > pk && x < n && pk > 0) {
            u -= pk;
            x++;
            pk *= ratio * (double)(n - x + 1) * reciprocal(x);
        }
        /* Round-off can leave u above the whole mass: draw again. */
        if (u <= pk)
            return x;
    }
}

/* log(k!) from the sampler's table when it has k, else by Stirling. */
static inline double log_fact(const ts_sampler *sp, double k)
{
    return k < (double)sp->log_fact_size ? sp->log_fact[(size_t)k]
                                         : ts_log_factorial(k);
}

/* The slow half of BTRS's acceptance test for candidate k: whether
 * log(v alpha / (a / us^2 + b)) lies below log(f(k) / f(m)), f the
 * binomial density and m its mode; log_odds = log(p / (1 - p)). With
 * the table this takes one logarithm. */
static bool btrs_accept(const ts_sampler *sp, double k, double nd, double p,
                        double log_odds, double spq, double a, double b,
                        double us, double v)
{
    double alpha = (2.83 + 5.1 / b) * spq;
    double m = floor((nd + 1) * p);
    double bound = log_fact(sp, m) + log_fact(sp, nd - m) -
                   log_fact(sp, k) - log_fact(sp, nd - k) +
                   (k - m) * log_odds;
    return log(v * alpha / (a / (us * us) + b)) <= bound;
}

/* Binomial(n, p) by BTRS, for p <= 1/2 and n p >= 10. The squeeze test
 * v <= v_r = 0.92 - 4.2 / b is taken as v b <= 0.92 b - 4.2 (b > 0), and
 * floor as truncation once the candidate is known to be >= 0: the
 * common path then has one division. */
static unsigned binomial_btrs(const ts_sampler *sp, unsigned n, double p,
                              double log_odds)
{
    double nd = (double)n;
    double spq = sqrt(nd * p * (1 - p));
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = nd * p + 0.5;
    double vb_r = 0.92 * b - 4.2;
    for (;;) {
        double u = ts_rng_open01(sp->rng) - 0.5;
        double v = ts_rng_open01(sp->rng);
        double us = 0.5 - fabs(u);
        double x = (2 * a / us + b) * u + c;
        if (x < 0 || x >= nd + 1)
            continue;
        double k = (double)(uint64_t)x;
        if ((us >= TS_SQUEEZE_US && v * b <= vb_r) ||
            btrs_accept(sp, k, nd, p, log_odds, spq, a, b, us, v))
            return (unsigned)k;
    }
}

/* Binomial(n, p) for p <= 1/2, log_q = log(1 - p), log_odds =
 * log(p / (1 - p)). */
static unsigned binomial_lower(const ts_sampler *sp, unsigned n, double p,
                               double log_q, double log_odds)
{
    if (n == 0 || !(p > 0))
        return 0;
    if ((double)n * p < TS_REJECTION_MIN_MEAN)
        return binomial_inversion(sp, n, p, log_q);
    return binomial_btrs(sp, n, p, log_odds);
}

unsigned ts_sample_binomial(const ts_sampler *sp, unsigned n, double p)
{
    if (p > 0.5)
        return n - binomial_lower(sp, n, 1 - p, log(p), log1p(-p) - log(p));
    return binomial_lower(sp, n, p, log1p(-p), log(p) - log1p(-p));
}

static unsigned poisson_inversion(const ts_sampler *sp, double mu)
{
    for (;;) {
        double u = ts_rng_open01(sp->rng);
        if (u < 1 - mu) /* e^-mu >= 1 - mu */
            return 0;
        double pk = exp(-mu);
        unsigned x = 0;
        while (u > pk && pk > 0) {
            u -= pk;
            x++;
            pk *= mu * reciprocal(x);
        }
        if (u <= pk)
            return x;
    }
}

/* Poisson(mu) by PTRS, for mu >= 10. As in BTRS the squeeze test is
 * taken without a division (b > 2 here), and what only the slow path
 * needs is computed there. */
static unsigned poisson_ptrs(const ts_sampler *sp, double mu)
{
    double slam = sqrt(mu);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double vb_r = 0.9277 * (b - 2) - 3.6224; /* v_r (b - 2) */
    for (;;) {
        double u = ts_rng_open01(sp->rng) - 0.5;
        double v = ts_rng_open01(sp->rng);
        double us = 0.5 - fabs(u);
        double x = (2 * a / us + b) * u + mu + 0.43;
        if (x < 0 || x >= (double)UINT_MAX)
            continue;
        double k = (double)(uint64_t)x;
        if (us >= TS_SQUEEZE_US && v * (b - 2) <= vb_r)
            return (unsigned)k;
        if (us < 0.013 && v > us)
            continue;
        double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        if (log(v * inv_alpha / (a / (us * us) + b)) <=
            -mu + k * log(mu) - log_fact(sp, k))
            return (unsigned)k;
    }
}

unsigned ts_sample_poisson(const ts_sampler *sp, double mu)
{
    if (!(mu > 0))
        return 0;
    if (mu < TS_REJECTION_MIN_MEAN)
        return poisson_inversion(sp, mu);
    return poisson_ptrs(sp, mu);
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

/* The conditional probabilities of a sequence of k columns split
 * column by column: each one's probability given that none of the
 * earlier took the person; the last takes whoever is left. Sums run
 * from the end, so a rare column's share is kept to full precision. */
static void fill_sequence(const ranked *e, size_t k, uint32_t *column,
                          double *cond, double *log_rest, double *log_odds)
{
    double rest = 0;
    for (size_t c = k; c-- > 0;) {
        rest += e[c].p;
        double x = c + 1 == k ? 1.0 : e[c].p / rest;
        column[c] = e[c].column;
        cond[c] = x;
        log_rest[c] = x > 0.5 ? log(x) : log1p(-x);
        /* of the binomial drawn: with 1 - x when x > 1/2 */
        double lower = x > 0.5 ? 1 - x : x;
        log_odds[c] = lower > 0 ? log(lower) - log_rest[c] : 0;
    }
}

/* The cumulative shares of a sequence of k columns, for drawing person
 * by person; the last is 1 so that round-off never lets one through. */
static void fill_cumulative(const ranked *e, size_t k, double *cum)
{
    double total = 0, sum = 0;
    for (size_t c = 0; c < k; c++)
        total += e[c].p;
    for (size_t c = 0; c < k; c++) {
        sum += e[c].p;
        cum[c] = c + 1 == k ? 1.0 : sum / total;
    }
}

static void reverse(ranked *e, size_t k)
{
    for (size_t a = 0; k > 1 && a < k - 1 - a; a++) {
        ranked x = e[a];
        e[a] = e[k - 1 - a];
        e[k - 1 - a] = x;
    }
}

/* Row r's plan. With the columns sorted likeliest first, the first
 * (those who stay) is drawn first. The other columns are "main" or
 * "rare" (below TS_RARE_SHARE of the leavers' probability, such as
 * two moves within one step). When there are both, the rare ones are
 * drawn as one lump right after the first, then the main ones from the
 * least likely up (so the largest takes the rest without a draw), then,
 * only when the lump is not empty, the rare ones likeliest first. */
static void splits_fill_row(ts_splits *s, size_t r, const double *row,
                            ranked *buf)
{
    size_t n = s->n, w = n + 1, count = 0;
    for (size_t j = 0; j < n; j++)
        if (row[j] > 0)
            buf[1 + count++] = (ranked){row[j], (uint32_t)j};
    s->zero += n - count;
    qsort(buf + 1, count, sizeof *buf, likelier_first);
    const ranked *e = buf + 1; /* e[0] the likeliest, then the others */
    double leave = 0, rare = 0;
    for (size_t c = count; c-- > 1;)
        leave += e[c].p;
    size_t main_end = count; /* e[1 .. main_end) are main, one at least */
    while (main_end > 2 && e[main_end - 1].p < TS_RARE_SHARE * leave)
        rare += e[--main_end].p;
    uint32_t *column = s->column + r * w;
    double *cond = s->cond + r * w, *log_rest = s->log_rest + r * w;
    double *log_odds = s->log_odds + r * w;
    size_t mains = main_end - (count > 0), rares = count - main_end;
    if (rares == 0) {
        /* no lump: the likeliest, then the others from the least up */
        if (count > 1)
            reverse(buf + 2, count - 1);
        fill_sequence(buf + 1, count, column, cond, log_rest, log_odds);
        s->count[r] = s->rare[r] = count;
        return;
    }
    /* buf: the likeliest, the lump, the main ones from the least up,
     * then the rare ones likeliest first (they are in place already) */
    buf[0] = buf[1];
    buf[1] = (ranked){rare, TS_SPLIT_LUMP};
    reverse(buf + 2, mains);
    fill_sequence(buf, 2 + mains, column, cond, log_rest, log_odds);
    fill_sequence(buf + 2 + mains, rares, column + 2 + mains,
                  cond + 2 + mains, log_rest + 2 + mains,
                  log_odds + 2 + mains);
    fill_cumulative(buf + 2 + mains, rares, s->cum + r * w + 2 + mains);
    s->rare[r] = 2 + mains;
    s->count[r] = 2 + mains + rares;
}

ts_splits *ts_splits_create(const double *p, size_t tda, size_t rows,
                            size_t n)
{
    ts_splits *s = calloc(1, sizeof *s);
    ranked *buf = malloc((n + 2) * sizeof *buf);
    if (!s || !buf)
        goto fail;
    s->rows = rows;
    s->n = n;
    size_t cells = rows * (n + 1) > 0 ? rows * (n + 1) : 1;
    s->count = calloc(rows ? rows : 1, sizeof *s->count);
    s->rare = calloc(rows ? rows : 1, sizeof *s->rare);
    s->column = malloc(cells * sizeof *s->column);
    s->cond = malloc(cells * sizeof *s->cond);
    s->log_rest = malloc(cells * sizeof *s->log_rest);
    s->log_odds = malloc(cells * sizeof *s->log_odds);
    s->cum = calloc(cells, sizeof *s->cum);
    if (!s->count || !s->rare || !s->column || !s->cond || !s->log_rest ||
        !s->log_odds || !s->cum)
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
    free(s->rare);
    free(s->column);
    free(s->cond);
    free(s->log_rest);
    free(s->log_odds);
    free(s->cum);
    free(s);
}

/* Splits m by positions [a, b) of a row's plan, appending to column[]
 * and count[] after `out`; what the lump takes goes to *lumped. */
static size_t draw_sequence(const ts_splits *s, size_t base, size_t a,
                            size_t b, const ts_sampler *sp, unsigned m,
                            uint32_t *column, unsigned *count, size_t out,
                            unsigned *lumped)
{
    const double *cond = s->cond + base, *log_rest = s->log_rest + base;
    const double *log_odds = s->log_odds + base;
    for (size_t c = a; c < b && m > 0; c++) {
        unsigned x = m;
        if (c + 1 < b)
            x = cond[c] > 0.5 ? m - binomial_lower(sp, m, 1 - cond[c],
                                                   log_rest[c], log_odds[c])
                              : binomial_lower(sp, m, cond[c], log_rest[c],
                                               log_odds[c]);
        if (x == 0)
            continue;
        m -= x;
        if (s->column[base + c] == TS_SPLIT_LUMP) {
            *lumped = x;
            continue;
        }
        column[out] = s->column[base + c];
        count[out++] = x;
    }
    return out;
}

/* Splits m by positions [a, b) of a row's plan person by person: each
 * one's position from one uniform and the cumulative shares. */
static size_t draw_people(const ts_splits *s, size_t base, size_t a,
                          size_t b, const ts_sampler *sp, unsigned m,
                          uint32_t *column, unsigned *count, size_t out)
{
    const double *cum = s->cum + base;
    unsigned *tally = count + out; /* tally[c - a] for c in [a, b) */
    for (size_t c = a; c < b; c++)
        tally[c - a] = 0;
    for (unsigned i = 0; i < m; i++) {
        double u = ts_rng_open01(sp->rng);
        size_t c = a;
        while (u > cum[c])
            c++;
        tally[c - a]++;
    }
    /* in place: the entry written is never after the one read */
    for (size_t c = a; c < b; c++)
        if (tally[c - a] > 0) {
            column[out] = s->column[base + c];
            count[out++] = tally[c - a];
        }
    return out;
}

bool ts_splits_one_by_one(const ts_splits *s, size_t row, unsigned lumped)
{
    return lumped <= TS_PEOPLE_ONE_BY_ONE * (s->count[row] - s->rare[row]);
}

size_t ts_splits_draw(const ts_splits *s, size_t row, const ts_sampler *sp,
                      unsigned m, uint32_t *column, unsigned *count)
{
    size_t base = row * (s->n + 1), rare = s->rare[row], end = s->count[row];
    unsigned lumped = 0;
    size_t out = draw_sequence(s, base, 0, rare, sp, m, column, count, 0,
                               &lumped);
    if (lumped == 0)
        return out;
    if (ts_splits_one_by_one(s, row, lumped))
        return draw_people(s, base, rare, end, sp, lumped, column, count,
                           out);
    return draw_sequence(s, base, rare, end, sp, lumped, column, count, out,
                         &lumped);
}
