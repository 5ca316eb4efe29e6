/* The record of what happened (SPEC section 8, `history:`), as `score`
 * reads it: the claims that resolved (`outcomes`) and the headcounts
 * observed (`headcounts`), from a scenario file or a file holding only
 * `history:`, extends followed. Each entry keeps its place for messages.
 * The rest of the record (as_of, moves, shocks), which a forecast as of
 * a date reads, is checked for its keys only: this version does not
 * forecast from it yet. */
#ifndef TS_RECORD_H
#define TS_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "models/date.h"
#include "models/diag.h"
#include "models/scenario.h"

/* Outcomes and headcounts one record may hold. */
#define TS_MAX_RECORD_ENTRIES 100000

typedef struct ts_outcome {
    char *id;              /* a prediction's */
    ts_mark mark;
    bool came_true;
    ts_month on;           /* the stock date from which it was known */
} ts_outcome;

typedef struct ts_record_headcount {
    char *pool;
    ts_mark mark;
    ts_month at;           /* a stock date */
    double value;          /* a whole number >= 0 */
} ts_record_headcount;

typedef struct ts_record {
    ts_outcome *outcomes;
    size_t n_outcomes;
    ts_record_headcount *headcounts;
    size_t n_headcounts;
    ts_scenario *names;    /* owns the file names marks point to */
} ts_record;

/* Reads path's history.outcomes and history.headcounts; every mistake
 * reported, at its FILE:LINE:COL. *out is NULL unless TS_OK. */
ts_status ts_record_load(const char *path, ts_record **out, ts_diags *d);
void ts_record_destroy(ts_record *r);

#endif
