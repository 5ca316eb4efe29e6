/* Flows summed over runs of steps: the whole horizon (the flows heat
 * map) and twelve-month periods (the net gain per year). The same sums
 * serve calibration's observed inflows over a period. */
#ifndef TS_FLOW_SUMS_H
#define TS_FLOW_SUMS_H

#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/mc/montecarlo.h"
#include "sim/engine/project.h"
#include "sim/engine/timeline.h"

/* out (n x n, n = K + 1) = the projected flows F_ij summed over steps
 * k0 <= k < k1; the diagonal is 0 and row K holds the entrants. */
void ts_flow_sum_projected(const ts_projection *p, const ts_timeline *t,
                           size_t k0, size_t k1, double *out);

/* The same for the Monte Carlo mean flows. */
void ts_flow_sum_mc(const ts_mc_result *mc, size_t k0, size_t k1,
                    double *out);

/* Twelve-month periods from the start: their number (the last may be
 * shorter when the horizon is not whole years) and the steps of each. */
size_t ts_year_periods(const ts_scenario *sc);
void ts_year_period_steps(const ts_scenario *sc, size_t period, size_t *k0,
                          size_t *k1);

/* A pool's headcount change over steps [k0, k1) split into its parts:
 * end - start = entrants + transfers_in - transfers_out - left_field. */
typedef struct ts_pool_balance {
    double start, end;
    double entrants, transfers_in, transfers_out, left_field;
} ts_pool_balance;

/* From the n x n sums of ts_flow_sum_projected over the same steps. */
ts_pool_balance ts_pool_balance_of(const ts_projection *p, const double *sum,
                                   size_t k0, size_t k1, size_t pool);

#endif
