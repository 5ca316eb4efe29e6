/* The record read as if it ended at an earlier date (SPEC section 8,
 * --as-of): moves at or after it, and headcounts after it, are dropped;
 * a shock started at or after it becomes `never`, and one whose window
 * begins at or after it leaves the record; sightings after it are
 * dropped. The whole record is validated
 * first, so a mistake in what the cut drops is still reported. */
#ifndef TS_RECORD_CUT_H
#define TS_RECORD_CUT_H

#include "models/base/diag.h"
#include "models/scenario/scenario.h"

/* Asks for the cut at `month` ("YYYY-MM"); `label` names the request in
 * messages ("--as-of 2025-01"). Applied by validation. */
ts_status ts_record_request_cut(ts_scenario *sc, const char *month,
                                const char *label, ts_diags *d);

/* Applies a requested cut to a record that has been validated: an error
 * when there is no record with an as_of, or the date is not a stock date
 * of the run at or before it. */
ts_status ts_record_apply_cut(ts_scenario *sc, ts_diags *d);

#endif
