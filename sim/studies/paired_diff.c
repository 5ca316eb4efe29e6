#include "sim/studies/paired_diff.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "sim/mc/results.h"

bool ts_paired_runs_kept(const ts_results *r)
{
    return r->mc && r->mc->stock;
}

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The dates b shares with a, as steps of each. */
static bool shared_dates(const ts_scenario *sa, const ts_scenario *sb,
                         ts_paired_diff *x)
{
    size_t ha = sa->horizon;
    x->step_a = malloc((ha + 1) * sizeof *x->step_a);
    x->step_b = malloc((ha + 1) * sizeof *x->step_b);
    if (!x->step_a || !x->step_b)
        return false;
    for (size_t k = 0; k <= ha; k++) {
        size_t kb = ts_scenario_month_step(sb, ts_scenario_step_month(sa, k));
        if (kb == SIZE_MAX)
            continue;
        x->step_a[x->n_dates] = k;
        x->step_b[x->n_dates++] = kb;
    }
    return true;
}

bool ts_paired_diff_compute(const ts_scenario *sa, const ts_results *ra,
                            const ts_scenario *sb, const ts_results *rb,
                            const size_t *ja, const size_t *jb, size_t n,
                            double *buf, ts_paired_diff *x)
{
    static const double levels[3] = {0.05, 0.5, 0.95};
    size_t na = sa->n_pools + 1, nb = sb->n_pools + 1;
    size_t runs = sa->runs < sb->runs ? sa->runs : sb->runs;
    if (!shared_dates(sa, sb, x))
        return false;
    x->q = malloc((n * x->n_dates * 3 + 1) * sizeof *x->q);
    x->det = malloc((n * x->n_dates + 1) * sizeof *x->det);
    if (!x->q || !x->det)
        return false;
    for (size_t p = 0; p < n; p++)
        for (size_t t = 0; t < x->n_dates; t++) {
            size_t ka = x->step_a[t], kb = x->step_b[t];
            for (size_t r = 0; r < runs; r++)
                buf[r] = (double)ts_mc_stock(rb->mc, r, kb, jb[p]) -
                         (double)ts_mc_stock(ra->mc, r, ka, ja[p]);
            qsort(buf, runs, sizeof *buf, by_value);
            double *q = x->q + (p * x->n_dates + t) * 3;
            for (int i = 0; i < 3; i++)
                q[i] = gsl_stats_quantile_from_sorted_data(buf, 1, runs,
                                                           levels[i]);
            x->det[p * x->n_dates + t] =
                rb->projection->stock[kb * nb + jb[p]] -
                ra->projection->stock[ka * na + ja[p]];
        }
    return true;
}

void ts_paired_diff_free(ts_paired_diff *x)
{
    free(x->step_a);
    free(x->step_b);
    free(x->q);
    free(x->det);
}

bool ts_paired_claim_diff(const ts_results *ra, size_t ca,
                          const ts_results *rb, size_t cb, double *diff,
                          double *se)
{
    if (!ra->mc || !rb->mc || !ra->mc->claim_run || !rb->mc->claim_run)
        return false;
    size_t na = ra->claims->n, nb = rb->claims->n;
    size_t runs = ra->mc->runs < rb->mc->runs ? ra->mc->runs : rb->mc->runs;
    double sum = 0, sum2 = 0;
    for (size_t r = 0; r < runs; r++) {
        double d = (double)rb->mc->claim_run[r * nb + cb] -
                   (double)ra->mc->claim_run[r * na + ca];
        sum += d;
        sum2 += d * d;
    }
    double n = (double)runs, mean = runs ? sum / n : NAN;
    double var = runs > 1 ? (sum2 - n * mean * mean) / (n - 1) : NAN;
    *diff = mean;
    *se = sqrt(var > 0 ? var : 0) / sqrt(n);
    return runs > 0;
}
