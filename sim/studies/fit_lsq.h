/* Calibration (SPEC section 1): the parameters of `fit` estimated by
 * weighted nonlinear least squares (GSL's gsl_multifit_nlinear, trust
 * region) so that the deterministic projection reproduces `observed`.
 * Residuals are (model - observed) / sd. Each parameter is searched on
 * an unbounded scale u with p = lo + (hi - lo) / (1 + e^-u), so bounds
 * always hold. */
#ifndef TS_FIT_LSQ_H
#define TS_FIT_LSQ_H

#include "sim/studies/fit_result.h"

/* Fits as ts_fit_run does, by least squares on the aggregates. */
ts_status ts_fit_lsq_run(const ts_scenario *sc, const ts_results *r,
                         const bool *use, size_t starts, ts_fit_result **out,
                         ts_diags *d);

#endif
