/* `fit` (SPEC sections 1 and 9): the estimator the scenario calls for —
 * least squares on the aggregates (sim/studies/fit_lsq.h), or maximum
 * likelihood of the record when an executive's rate is fitted
 * (sim/studies/fit_record.h) — each searching from every start through
 * one driver (sim/studies/fit_result.h). */
#ifndef TS_FIT_H
#define TS_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/studies/fit_result.h"

/* Fits sc's `fit` parameters to the observations `use` marks (NULL:
 * all), from `starts` starting points (the first the file's). r holds
 * sc's deterministic results (slots, schedule, means). */
ts_status ts_fit_run(const ts_scenario *sc, const ts_results *r,
                     const bool *use, size_t starts, ts_fit_result **out,
                     ts_diags *d);

#endif
