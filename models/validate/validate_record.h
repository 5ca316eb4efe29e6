/* The record (history:, SPEC section 8) checked against its scenario:
 * every name, pool, shock and prediction known, every date on the step
 * grid inside the run and the record, every move possible from where the
 * record puts the executive, every shock whose window began before as_of
 * accounted for, and no chance changed of a shock it says started; each
 * mistake at its line, all in one run. */
#ifndef TS_VALIDATE_RECORD_H
#define TS_VALIDATE_RECORD_H

#include "models/base/diag.h"
#include "models/scenario/scenario.h"

ts_status ts_validate_record(const ts_scenario *sc, ts_diags *d);

#endif
