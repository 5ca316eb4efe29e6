/* The record on the time charts (SPEC section 8): a vertical line at
 * as_of, observed headcounts and recorded moves as points. Writes their
 * gnuplot variables into charts.gp (every text through ts_gp_quote):
 *   as_of_date          '' for a forecast from the start
 *   n_observed, observed_n (n_observed, at least 1), observed_date[],
 *   observed_pool[] (pool numbers), observed_value[]: the record's
 *   headcounts, all of them
 *   n_recorded, recorded_n, recorded_date[], recorded_pool[],
 *   recorded_value[] (the projection of the pool moved to, or from when
 *   to `outside`, at the move's end), recorded_label[] ("Andrej
 *   Karpathy → anthropic"; '' when there are too many to name),
 *   recorded_left (not drawn).
 * With none of a kind, its arrays hold one stand-in point (n_ = 0, _n =
 * 1) that the charts draw transparent. */
#ifndef TS_RECORD_CHART_H
#define TS_RECORD_CHART_H

#include <stdio.h>

#include "models/scenario/scenario.h"

typedef struct talentsim_run ts_results;

/* Markers past this many are not drawn, and past TS_CHART_NAMED_MOVES
 * they carry no names: a chart is for seeing, not for reading a list. */
#define TS_CHART_MOVES_MAX 400
#define TS_CHART_NAMED_MOVES 16

/* False when out of memory. */
bool ts_charts_write_record(FILE *f, const ts_scenario *sc,
                            const ts_results *r);

#endif
