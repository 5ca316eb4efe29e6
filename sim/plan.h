/* Workforce planning (the manpower-planning classics): which constant
 * yearly inflow into each targeted pool brings the `target` headcounts
 * about at a date, and whether a target structure can be a steady state
 * with non-negative inflows. */
#ifndef TS_PLAN_H
#define TS_PLAN_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <stdbool.h>

#include "models/scenario.h"
#include "sim/commands.h"

/* Non-negative least squares (Lawson and Hanson, "Solving Least Squares
 * Problems", 1974, ch. 23): x >= 0 minimising |A x - b|. A is m x n with
 * m >= n. False when out of memory or it does not settle. */
bool ts_nnls(const gsl_matrix *A, const gsl_vector *b, gsl_vector *x);

ts_status ts_command_plan(const ts_options *opt, const ts_env *env,
                          ts_diags *d);

/* The steady command's report on `target`: the inflow each pool needs
 * for the target to be the steady state, n* = -a Q_pp^-1, so
 * a = -n* Q_pp; attainable when none is negative. Prints to out and
 * fills rows of "pool,target,required_inflow,attainable" into csv when
 * csv is not NULL. Needs a target for every pool. */
void ts_steady_target_report(FILE *out, FILE *csv, const ts_scenario *sc,
                             const gsl_matrix *Q);

#endif
