#include "sim/mc/mc_stats.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const double ts_quantile_levels[TS_N_QUANTILES] = {0.05, 0.25, 0.50, 0.75,
                                                   0.95};

/* Moves the k-th smallest of a[0..n) to a[k], smaller ones before it and
 * larger ones after (Hoare's selection, median of three pivots): the
 * percentiles need a few order statistics, not a sorted array. */
static void select_kth(double *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        double x = a[lo], y = a[mid], z = a[hi];
        double pivot = x < y ? (y < z ? y : (x < z ? z : x))
                             : (x < z ? x : (y < z ? z : y));
        size_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* The smallest of a[0..n). */
static double smallest(const double *a, size_t n)
{
    double m = a[0];
    for (size_t i = 1; i < n; i++)
        m = a[i] < m ? a[i] : m;
    return m;
}

/* Hyndman-Fan type 7 quantiles (as gsl_stats_quantile_from_sorted_data)
 * at increasing levels: select order statistic floor(h), then the next
 * one is the smallest of what lies above it. */
static void quantiles(ts_mc_stats *s, size_t cell, double *v, size_t n)
{
    size_t from = 0;
    for (size_t q = 0; q < TS_N_QUANTILES; q++) {
        double h = (double)(n - 1) * ts_quantile_levels[q];
        size_t lo = (size_t)floor(h);
        select_kth(v + from, n - from, lo - from);
        double a = v[lo], delta = h - (double)lo;
        /* the same arithmetic as gsl_stats_quantile_from_sorted_data */
        s->q[q][cell] = lo + 1 < n ? (1 - delta) * a +
                                         delta * smallest(v + lo + 1,
                                                          n - lo - 1)
                                   : a;
        from = lo;
    }
}

/* The same quantiles by counting, for whole numbers spanning a range
 * no wider than a few times the runs (as stocks across runs do): the
 * order statistics come from one pass over the counts, in increasing
 * order. count has room for max - min + 1 entries. */
static void quantiles_by_count(ts_mc_stats *s, size_t cell, const double *v,
                               size_t n, double min, double max,
                               uint32_t *count)
{
    size_t width = (size_t)(max - min) + 1;
    memset(count, 0, width * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[(size_t)(v[i] - min)]++;
    size_t value = 0, below = count[0]; /* runs <= min + value */
    for (size_t q = 0; q < TS_N_QUANTILES; q++) {
        double h = (double)(n - 1) * ts_quantile_levels[q];
        size_t lo = (size_t)floor(h);
        while (below <= lo)
            below += count[++value];
        double a = min + (double)value, delta = h - (double)lo;
        double b = a;
        if (lo + 1 < n) {
            size_t next = value, upto = below;
            while (upto <= lo + 1)
                upto += count[++next];
            b = min + (double)next;
        }
        /* the same arithmetic as gsl_stats_quantile_from_sorted_data */
        s->q[q][cell] = lo + 1 < n ? (1 - delta) * a + delta * b : a;
    }
}

void ts_mc_stats_destroy(ts_mc_stats *s)
{
    if (!s)
        return;
    free(s->mean);
    free(s->sd);
    for (size_t q = 0; q < TS_N_QUANTILES; q++)
        free(s->q[q]);
    free(s);
}

/* Counting is used when the values span at most this many per run. */
#define COUNT_WIDTH_PER_RUN 4

static void summarise_cell(ts_mc_stats *s, size_t cell, double *values,
                           uint32_t *count)
{
    size_t runs = s->runs;
    /* two passes: the sum, then squares about the mean (no cancellation
     * of large sums of squares) */
    double sum = 0, sq = 0, min = values[0], max = values[0];
    for (size_t i = 0; i < runs; i++) {
        sum += values[i];
        min = values[i] < min ? values[i] : min;
        max = values[i] > max ? values[i] : max;
    }
    double mean = sum / (double)runs;
    for (size_t i = 0; i < runs; i++)
        sq += (values[i] - mean) * (values[i] - mean);
    s->mean[cell] = mean;
    s->sd[cell] = runs >= 2 ? sqrt(sq / (double)(runs - 1)) : NAN;
    if (max - min < (double)(COUNT_WIDTH_PER_RUN * runs))
        quantiles_by_count(s, cell, values, runs, min, max, count);
    else
        quantiles(s, cell, values, runs);
}

/* Cells are summarised in blocks: each run's stocks of a block are read
 * together (the result holds runs one after another), which is what
 * keeps this fast for many runs. All threads' blocks stay within this. */
#define BLOCK_BYTES (16u << 20)

/* The summaries from a sketch: exact means and sds from integer sums,
 * percentiles within TS_SKETCH_REL_ERROR. */
static void from_sketch(ts_mc_stats *s, const ts_mc_result *r, size_t cells)
{
    for (size_t c = 0; c < cells; c++) {
        ts_sketch_moments(r->sketch, c, r->runs, &s->mean[c], &s->sd[c]);
        for (size_t q = 0; q < TS_N_QUANTILES; q++)
            s->q[q][c] = ts_sketch_quantile(r->sketch, c, r->runs,
                                            ts_quantile_levels[q]);
    }
}

/* Cells [first, end) of r's exact stocks, with buffers of its own. */
typedef struct stats_part {
    ts_mc_stats *s;
    const ts_mc_result *r;
    size_t first, end, block;
    bool ok;
    pthread_t thread;
} stats_part;

static void *summarise_part(void *arg)
{
    stats_part *p = arg;
    size_t runs = p->r->runs, cells = (p->r->steps + 1) * p->r->n;
    double *values = malloc(p->block * runs * sizeof *values);
    uint32_t *tally = malloc(COUNT_WIDTH_PER_RUN * runs * sizeof *tally);
    p->ok = values && tally;
    for (size_t first = p->first; p->ok && first < p->end;
         first += p->block) {
        size_t count = first + p->block <= p->end ? p->block
                                                   : p->end - first;
        for (size_t run = 0; run < runs; run++) {
            const uint32_t *row = p->r->stock + run * cells + first;
            for (size_t c = 0; c < count; c++)
                values[c * runs + run] = row[c];
        }
        for (size_t c = 0; c < count; c++)
            summarise_cell(p->s, first + c, values + c * runs, tally);
    }
    free(values);
    free(tally);
    return NULL;
}

/* The exact summaries, cells split among up to `threads` threads (each
 * cell's numbers do not depend on the split). */
static bool from_stocks(ts_mc_stats *s, const ts_mc_result *r, size_t cells,
                        size_t threads)
{
    threads = threads < 1 ? 1 : threads > cells ? cells : threads;
    stats_part *parts = calloc(threads, sizeof *parts);
    if (!parts)
        return false;
    size_t block = BLOCK_BYTES / threads / (r->runs * sizeof(double));
    block = block < 1 ? 1 : block;
    for (size_t t = 0; t < threads; t++)
        parts[t] = (stats_part){.s = s, .r = r, .block = block,
                                .first = cells * t / threads,
                                .end = cells * (t + 1) / threads};
    /* part 0 on this thread; the others on their own, or here too when
     * no thread can be started */
    bool *started = calloc(threads, sizeof *started);
    for (size_t t = 1; started && t < threads; t++)
        started[t] = pthread_create(&parts[t].thread, NULL, summarise_part,
                                    &parts[t]) == 0;
    summarise_part(&parts[0]);
    bool ok = started != NULL && parts[0].ok;
    for (size_t t = 1; started && t < threads; t++) {
        if (started[t])
            pthread_join(parts[t].thread, NULL);
        else
            summarise_part(&parts[t]);
        ok = ok && parts[t].ok;
    }
    free(started);
    free(parts);
    return ok;
}

ts_mc_stats *ts_mc_stats_create(const ts_mc_result *r, size_t threads)
{
    ts_mc_stats *s = calloc(1, sizeof *s);
    if (!s || r->runs == 0)
        goto fail;
    size_t cells = (r->steps + 1) * r->n;
    s->steps = r->steps;
    s->n = r->n;
    s->runs = r->runs;
    s->mean = malloc(cells * sizeof *s->mean);
    s->sd = malloc(cells * sizeof *s->sd);
    if (!s->mean || !s->sd)
        goto fail;
    for (size_t q = 0; q < TS_N_QUANTILES; q++)
        if (!(s->q[q] = malloc(cells * sizeof *s->q[q])))
            goto fail;
    if (r->sketch) {
        from_sketch(s, r, cells);
        return s;
    }
    if (from_stocks(s, r, cells, threads))
        return s;
fail:
    ts_mc_stats_destroy(s);
    return NULL;
}
