/* Checks a loaded scenario as a whole: ranges of every parameter, pool
 * ids and destinations, share sums, the time axis and resource limits.
 * Resolves `until` into a horizon in steps and `to` ids into indices. */
#ifndef TS_VALIDATE_H
#define TS_VALIDATE_H

#include "models/diag.h"
#include "models/scenario.h"

/* Tolerance on share sums: 0.1 + 0.2 + 0.7 must pass. */
#define TS_SHARE_SUM_TOL 1e-9

ts_status ts_scenario_validate(ts_scenario *sc, ts_diags *diags);

#endif
