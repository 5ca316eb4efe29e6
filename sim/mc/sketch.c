#include "sim/mc/sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t bin_of(uint32_t v)
{
    if (v < 256)
        return v;
    int e = 31;
    while (!(v >> e))
        e--;
    return 256 + (size_t)(e - 8) * 128 + ((v >> (e - 7)) & 127);
}

/* The middle of bin b's values. */
static double bin_middle(size_t b)
{
    if (b < 256)
        return (double)b;
    size_t e = (b - 256) / 128 + 8, m = (b - 256) % 128;
    double lo = ldexp((double)(128 + m), (int)e - 7);
    double width = ldexp(1.0, (int)e - 7);
    return lo + (width - 1) / 2;
}

ts_sketch *ts_sketch_create(size_t cells)
{
    ts_sketch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cells = cells;
    s->counts = calloc(cells * TS_SKETCH_BINS, sizeof *s->counts);
    s->sum = calloc(cells, sizeof *s->sum);
    s->sumsq = calloc(2 * cells, sizeof *s->sumsq);
    if (!s->counts || !s->sum || !s->sumsq) {
        ts_sketch_destroy(s);
        return NULL;
    }
    return s;
}

void ts_sketch_destroy(ts_sketch *s)
{
    if (!s)
        return;
    free(s->counts);
    free(s->sum);
    free(s->sumsq);
    free(s);
}

/* (hi, lo) += x, a 128-bit sum in two words. */
static void add128(uint64_t *hi, uint64_t *lo, uint64_t x)
{
    uint64_t before = *lo;
    *lo += x;
    *hi += *lo < before;
}

void ts_sketch_add(ts_sketch *s, const uint32_t *stocks)
{
    for (size_t c = 0; c < s->cells; c++) {
        uint64_t v = stocks[c];
        s->counts[c * TS_SKETCH_BINS + bin_of(stocks[c])]++;
        s->sum[c] += v;
        add128(&s->sumsq[2 * c], &s->sumsq[2 * c + 1], v * v);
    }
}

void ts_sketch_merge(ts_sketch *into, const ts_sketch *from)
{
    for (size_t i = 0; i < into->cells * TS_SKETCH_BINS; i++)
        into->counts[i] += from->counts[i];
    for (size_t c = 0; c < into->cells; c++) {
        into->sum[c] += from->sum[c];
        add128(&into->sumsq[2 * c], &into->sumsq[2 * c + 1],
               from->sumsq[2 * c + 1]);
        into->sumsq[2 * c] += from->sumsq[2 * c];
    }
}

void ts_sketch_moments(const ts_sketch *s, size_t c, size_t runs,
                       double *mean, double *sd)
{
    long double n = (long double)runs, sum = (long double)s->sum[c];
    long double sq = ldexpl((long double)s->sumsq[2 * c], 64) +
                     (long double)s->sumsq[2 * c + 1];
    *mean = (double)(sum / n);
    if (runs < 2) {
        *sd = NAN;
        return;
    }
    long double var = (sq - sum * sum / n) / (n - 1);
    *sd = var > 0 ? (double)sqrtl(var) : 0;
}

/* The value of order statistic k (0-based) of cell c. */
static double order_statistic(const ts_sketch *s, size_t c, size_t k)
{
    const uint32_t *h = s->counts + c * TS_SKETCH_BINS;
    size_t seen = 0;
    for (size_t b = 0; b < TS_SKETCH_BINS; b++) {
        seen += h[b];
        if (seen > k)
            return bin_middle(b);
    }
    return NAN;
}

double ts_sketch_quantile(const ts_sketch *s, size_t c, size_t runs,
                          double p)
{
    double h = (double)(runs - 1) * p, delta = h - floor(h);
    size_t lo = (size_t)floor(h);
    double a = order_statistic(s, c, lo);
    return lo + 1 < runs ? (1 - delta) * a +
                               delta * order_statistic(s, c, lo + 1)
                         : a;
}
