/* The executives' and predictions' CSV files (SPEC section 4, and the
 * chart data beside them). Writers only format. */
#ifndef TS_EXEC_CSV_H
#define TS_EXEC_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "models/scenario/scenario.h"
#include "sim/exec/claims.h"
#include "sim/exec/exec_exact.h"
#include "sim/exec/exec_model.h"
#include "sim/mc/montecarlo.h"

typedef struct talentsim_run ts_results;

/* executives.csv: name,start_pool,p_moved,most_likely_end_pool,
 * p_most_likely_end_pool; one row per named executive and per group. */
void ts_csv_write_executives(FILE *f, const ts_scenario *sc,
                             const ts_exec_exact *x);

/* executives_paths.csv: step,date,name,pool,probability for steps 0..H;
 * rows of probability exactly 0 are left out. False when out of
 * memory. */
bool ts_csv_write_exec_paths(FILE *f, const ts_scenario *sc,
                             const ts_exec_exact *x);

/* predictions.csv: id,probability,stderr,method,text. A claim the
 * record decides has one `record` row; an exact one an exact row and,
 * with runs, a montecarlo row; any other a montecarlo row (probability
 * empty when runs = 0). See ts_results_claim_method. */
void ts_csv_write_predictions(FILE *f, const ts_results *r);

/* predictions_curve.csv: id,step,date,probability: for each executive-
 * move claim, the exact probability of at least at_least qualifying
 * moves from the window's start to each later step. */
void ts_csv_write_prediction_curves(FILE *f, const ts_scenario *sc,
                                    const ts_claims *c,
                                    const ts_exec_exact *x);

/* prediction_terms.csv: id,who,pool,members,p_each,expected per move
 * claim (sim/exec/claim_terms.h), largest expected first. False when out
 * of memory. */
bool ts_csv_write_prediction_terms(FILE *f, const ts_scenario *sc,
                                   const ts_exec_model *m,
                                   const ts_claims *c,
                                   const ts_exec_exact *x);

/* executives_destinations.csv: name,start_pool,p_moved,destination,
 * p_destination for each named executive: the pool other than the start
 * they most likely end in (the executives chart's bars). */
void ts_csv_write_destinations(FILE *f, const ts_scenario *sc,
                               const ts_exec_exact *x);

#endif
