/* Checks a loaded scenario as a whole: ranges of every parameter, pool
 * ids and destinations, share sums, the time axis and resource limits.
 * Resolves `until` into a horizon in steps and `to` ids into indices. */
#ifndef TS_VALIDATE_H
#define TS_VALIDATE_H

#include "models/base/diag.h"
#include "models/scenario/scenario.h"


ts_status ts_scenario_validate(ts_scenario *sc, ts_diags *diags);

#endif
