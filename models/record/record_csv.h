/* A record's moves and sightings from CSV files an analyst keeps in a
 * spreadsheet (SPEC section 8: `moves: moves.csv`, `seen: seen.csv`,
 * relative to the file that names them): a header naming the columns
 * (moves: `who`, `at` and `to`, with `from` and `count` optional;
 * sightings: `who`, `at`, `pool`), in any order; then one per row. Every mistake
 * is reported at the CSV's own FILE:LINE:COL, all in one run, and the
 * file is kept among the scenario's sources (run.yaml records its
 * SHA-256). */
#ifndef TS_RECORD_CSV_H
#define TS_RECORD_CSV_H

#include "models/record/record.h"
#include "models/yaml/yaml_value.h"

/* What a record's CSV file may hold: a record of thousands of people is
 * normal (10,000 people seen monthly for five years is 600,000 rows). */
#define TS_MAX_RECORD_CSV_BYTES ((size_t)64 * 1024 * 1024)
#define TS_MAX_RECORD_CSV_ROWS 1000000


/* Reads the moves of the CSV file that node (a scalar) names into
 * r->moves; names interns the file's name for the marks. */
ts_status ts_record_moves_csv(const ts_yaml_ctx *ctx, yaml_node_t *node,
                              ts_sources *names,
                              ts_record *r);

/* The same for sightings (`seen: seen.csv`): columns who, at, pool. */
ts_status ts_record_seen_csv(const ts_yaml_ctx *ctx, yaml_node_t *node,
                             ts_sources *names, ts_record *r);

#endif
