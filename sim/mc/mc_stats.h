/* Summaries of Monte Carlo stocks per step and pool: mean, standard
 * deviation and the 5th, 25th, 50th, 75th and 95th percentiles. */
#ifndef TS_MC_STATS_H
#define TS_MC_STATS_H

#include <stddef.h>

#include "sim/mc/montecarlo.h"

#define TS_N_QUANTILES 5
extern const double ts_quantile_levels[TS_N_QUANTILES];

typedef struct ts_mc_stats {
    size_t steps;   /* H; rows hold H+1 steps */
    size_t n;
    size_t runs;
    double *mean;   /* (H+1) x n */
    double *sd;     /* (H+1) x n; sample sd (n-1), NaN when runs < 2 */
    double *q[TS_N_QUANTILES];
} ts_mc_stats;

/* NULL when out of memory. Percentiles interpolate between order
 * statistics (Hyndman & Fan type 7, as R's and numpy's defaults). Up to
 * `threads` threads share the work; the result is the same for any. */
ts_mc_stats *ts_mc_stats_create(const ts_mc_result *r, size_t threads);
void ts_mc_stats_destroy(ts_mc_stats *s);

#endif
