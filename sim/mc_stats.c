#include "sim/mc_stats.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

const double ts_quantile_levels[TS_N_QUANTILES] = {0.05, 0.25, 0.50, 0.75,
                                                   0.95};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
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

static void summarise_cell(ts_mc_stats *s, size_t cell, double *values)
{
    size_t runs = s->runs;
    double mean = gsl_stats_mean(values, 1, runs);
    s->mean[cell] = mean;
    s->sd[cell] = runs >= 2 ? gsl_stats_sd_m(values, 1, runs, mean) : NAN;
    qsort(values, runs, sizeof *values, cmp_double);
    for (size_t q = 0; q < TS_N_QUANTILES; q++)
        s->q[q][cell] = gsl_stats_quantile_from_sorted_data(
            values, 1, runs, ts_quantile_levels[q]);
}

ts_mc_stats *ts_mc_stats_create(const ts_mc_result *r)
{
    ts_mc_stats *s = calloc(1, sizeof *s);
    double *values = NULL;
    if (!s || r->runs == 0)
        goto fail;
    size_t cells = (r->steps + 1) * r->n;
    s->steps = r->steps;
    s->n = r->n;
    s->runs = r->runs;
    s->mean = malloc(cells * sizeof *s->mean);
    s->sd = malloc(cells * sizeof *s->sd);
    values = malloc(r->runs * sizeof *values);
    if (!s->mean || !s->sd || !values)
        goto fail;
    for (size_t q = 0; q < TS_N_QUANTILES; q++)
        if (!(s->q[q] = malloc(cells * sizeof *s->q[q])))
            goto fail;
    for (size_t k = 0; k <= r->steps; k++)
        for (size_t j = 0; j < r->n; j++) {
            for (size_t run = 0; run < r->runs; run++)
                values[run] = ts_mc_stock(r, run, k, j);
            summarise_cell(s, k * r->n + j, values);
        }
    free(values);
    return s;
fail:
    free(values);
    ts_mc_stats_destroy(s);
    return NULL;
}
