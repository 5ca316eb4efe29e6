/* A file read for its record alone (SPEC section 8: `score`'s outcomes
 * file, a scenario or a file holding only `history:`), through the
 * loader's reader of scenario files (limits, `extends`). */
#ifndef TS_RECORD_FILE_H
#define TS_RECORD_FILE_H

#include "models/base/diag.h"
#include "models/record/record.h"

/* Reads path's history.outcomes and history.headcounts; every mistake
 * reported, at its FILE:LINE:COL. *out is NULL unless TS_OK. */
ts_status ts_record_load(const char *path, ts_record **out, ts_diags *d);

#endif
