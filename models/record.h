/* The record of what happened (SPEC section 8, `history:`): as_of,
 * moves, shocks, observed headcounts and the claims that resolved
 * (outcomes), each entry with its place for messages. Read here for its
 * types and keys; a scenario's record is checked against the scenario by
 * models/validate_record.h, and `score` reads a file's record alone. */
#ifndef TS_RECORD_H
#define TS_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "models/date.h"
#include "models/diag.h"
#include "models/yaml_value.h"

struct talentsim_scenario;

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
    struct talentsim_scenario *names;  /* a standalone record's: owns the
                                          file names marks point to */
} ts_record;

/* Reads a history: mapping node into *r (zeroed by the caller); every
 * mistake of its types and keys reported. `moves` naming a CSV file is
 * read from it (models/record_csv.h), its name interned in names. */
ts_status ts_record_read(const ts_yaml_ctx *ctx, yaml_node_t *node,
                         struct talentsim_scenario *names, ts_record *r);

/* Reads path's history.outcomes and history.headcounts; every mistake
 * reported, at its FILE:LINE:COL. *out is NULL unless TS_OK. */
ts_status ts_record_load(const char *path, ts_record **out, ts_diags *d);
void ts_record_destroy(ts_record *r);
/* Frees what a record holds (not the record itself). */
void ts_record_free(ts_record *r);

#endif
