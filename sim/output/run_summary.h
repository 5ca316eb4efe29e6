/* The run's summary on the terminal, after its files are written. */
#ifndef TS_RUN_SUMMARY_H
#define TS_RUN_SUMMARY_H

#include <stdio.h>

#include "models/scenario/scenario.h"
#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;
#include "sim/studies/tornado.h"

/* "NAME: K pools, H monthly steps from A to B[, R Monte Carlo runs]" */
void ts_run_summary_header(FILE *out, const ts_scenario *sc);

/* The whole summary of a computed run (drivers: a tornado of every pool
 * at the horizon, or NULL). */
void ts_run_summary_print(FILE *out, const ts_scenario *sc,
                          const ts_results *r, const ts_tornado *drivers);

/* The steady command's words: with pull, the mean-field map's stable
 * fixed points; the steady state and mean stays; with `target`, whether
 * it can be the steady state and the inflows it needs. r holds the
 * values and the steady state. TS_ERUNTIME when memory runs out. */
ts_status ts_steady_summary_print(FILE *out, const ts_scenario *sc,
                                  const ts_results *r, ts_diags *d);

#endif
