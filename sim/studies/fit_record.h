/* Learning the executives' rates from the record (SPEC section 9): the
 * `fit` parameters estimated by maximum likelihood from the record's
 * moves and sightings (sim/exec/exec_likelihood.h), jointly with the
 * `observed` aggregates when there are any, by minimising
 *
 *     F(x) = chi^2(x) / 2 - log L(x)
 *
 * within the bounds (BFGS, GSL's vector_bfgs2, on an unbounded scale:
 * each parameter p = lo + (hi - lo) / (1 + e^-u); the fitted shares of
 * one mapping broken off a stick, one after another, so that they never
 * sum above 1). Standard errors come from the inverse of F's Hessian at
 * the estimate, by central differences with steps of 1e-4 times each
 * parameter's bound width (never relative to a value near zero); a
 * parameter at a bound gets none, and a direction F is flat in is said
 * in words. */
#ifndef TS_FIT_RECORD_H
#define TS_FIT_RECORD_H

#include <stdbool.h>

#include "sim/studies/fit_result.h"

/* Whether sc's fit is by likelihood: it fits an executive's parameter
 * (executives.NAME.move or .to.POOL, pools.ID.exec_move or
 * .exec_to.POOL). */
bool ts_fit_by_record(const ts_scenario *sc);

/* The fit's cost bounded from the record's sightings alone, before
 * anything is projected (README, Limits): an error at the fit section
 * when its longest gap between sightings makes it too costly. */
ts_status ts_fit_record_precheck(const ts_scenario *sc, size_t starts,
                                 ts_diags *d);

/* Fits as ts_fit_run does (the same result; log_lik set, chi2 that of
 * the aggregates used). */
ts_status ts_fit_record_run(const ts_scenario *sc, const ts_results *r,
                            const bool *use, size_t starts,
                            ts_fit_result **out, ts_diags *d);

/* fit_moves.csv's rows at f's estimate (SPEC section 9): for executive
 * entry e and pools i != j (j = K: outside), the record's moves (for
 * sightings, transitions between consecutive sightings) and their
 * expectation under the fitted chains given the recorded positions.
 * False when out of memory. */
typedef void (*ts_fit_moves_fn)(void *ctx, size_t e, size_t i, size_t j,
                                double recorded, double expected);
bool ts_fit_record_moves(const ts_scenario *sc, const ts_results *r,
                         const ts_fit_result *f, ts_fit_moves_fn row,
                         void *ctx);

#endif
