/* The record of what happened (SPEC section 8, `history:`): as_of,
 * moves, shocks, observed headcounts and the claims that resolved
 * (outcomes), each entry with its place for messages: the types. Read
 * from YAML by models/record/record_read.h (its CSV files by
 * record_csv.h); a scenario's record is checked against the scenario by
 * models/validate/validate_record.h, and `score` reads a file's record
 * alone (models/load/record_file.h). */
#ifndef TS_RECORD_H
#define TS_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "models/base/date.h"
#include "models/base/diag.h"
#include "models/base/sources.h"


/* Reserved id of the absorbing pool of people who left the field: the
 * record names it as the scenario does. */
#define TS_OUTSIDE_ID "outside"

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
    double sd;             /* its error, > 0 (SPEC section 11: what
                              learning weighs it by); NaN: not given */
    ts_mark sd_mark;
} ts_record_headcount;

/* A recorded move: `who` (a name or a group; count of its members) in
 * the step that starts at `at`, to `to`, from `from` when given. */
typedef struct ts_record_move {
    char *who, *to, *from;    /* from: NULL when not given */
    ts_mark mark, who_mark, to_mark, from_mark, count_mark;
    ts_month at;
    ts_mark at_mark;
    size_t count;             /* 1 unless given */
    bool has_count;
} ts_record_move;

/* A sighting (SPEC sections 8 and 9, `seen`): where the named executive
 * `who` was at the stock date `at` (panel data: the moves between
 * sightings are unknown). */
typedef struct ts_record_sighting {
    char *who, *pool;
    ts_month at;
    size_t exec, pool_index;  /* resolved by validation */
    ts_mark mark, who_mark, at_mark, pool_mark;
} ts_record_sighting;

/* Whether and when a shock started: `started` a month, or never. */
typedef struct ts_record_shock {
    char *id;
    ts_mark mark, id_mark, started_mark;
    bool never;
    ts_month started;
} ts_record_shock;

typedef struct ts_record {
    bool has_as_of;
    ts_month as_of;
    ts_mark as_of_mark;
    ts_mark mark;             /* the history mapping */
    bool broken;              /* a mistake was reported while reading:
                                 validation passes it over */
    ts_record_move *moves;
    size_t n_moves;
    ts_record_sighting *seen;
    size_t n_seen;
    ts_record_shock *shocks;
    size_t n_shocks;
    ts_outcome *outcomes;
    size_t n_outcomes;
    ts_record_headcount *headcounts;
    size_t n_headcounts;
    ts_sources *names;        /* a standalone record's (models/load/
                                 record_file.h): the file names marks
                                 point to; NULL in a scenario's */
} ts_record;

void ts_record_destroy(ts_record *r);
/* Frees what a record holds (not the record itself). */
void ts_record_free(ts_record *r);

#endif
