/* The probability of the record under the executives' chains (SPEC
 * section 9): the likelihood `fit` maximises.
 *
 * Executives followed by moves contribute, for every step k in
 * [start, as_of) and every member, the step's transition probability
 * P_k[i, j]: a stay (j = i) or the recorded move. Sighted executives
 * (panel data) contribute, for each pair of consecutive sightings (their
 * start pool is the first), the probability of the second pool given the
 * first across the steps between them, the product of those steps'
 * matrices: the likelihood of R's msm for panel data.
 *
 * What the record holds is counted once (ts_exec_counts_create): the
 * executive-steps per (state, class, i, j), and the sighting pairs per
 * distinct (class, k0, k1, i, j); an evaluation is then a sum of counts
 * times the logarithms of a few matrix entries, whatever the number of
 * people. */
#ifndef TS_EXEC_LIKELIHOOD_H
#define TS_EXEC_LIKELIHOOD_H

#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/exec/exec_model.h"

/* Sighting pairs of one chain across one span of steps. */
typedef struct ts_sight_pair {
    size_t cls, k0, k1, i, j;
    double count;
} ts_sight_pair;

typedef struct ts_exec_counts {
    size_t n, n_states, n_classes;
    double *step;          /* n_states x n_classes x n x n */
    ts_sight_pair *pairs;  /* sorted by (cls, k0, k1) */
    size_t n_pairs;
    size_t max_gap;        /* the longest span between two sightings */
    size_t followed, sighted;  /* executives (members) of each kind */
} ts_exec_counts;

/* From a validated scenario's record and a model of its executives (its
 * classes and states; any parameter values). NULL when out of memory. */
ts_exec_counts *ts_exec_counts_create(const ts_scenario *sc,
                                      const ts_exec_model *m);
void ts_exec_counts_destroy(ts_exec_counts *c);

/* What one evaluation of log L costs, before any is made: operations,
 * and in *bytes the matrices it keeps (the powers P^g up to the longest
 * gap between two sightings, where the chain is the same every step). */
double ts_exec_loglik_cost(const ts_exec_counts *c, double *bytes);

/* log L at m's parameter values: -INFINITY when the record is impossible
 * under them; NAN when out of memory. */
double ts_exec_loglik(const ts_exec_counts *c, const ts_exec_model *m);

/* Recorded against expected moves (SPEC section 9, fit_moves.csv): for
 * entity e and pools i != j, each call of `row` gives the moves (or, for
 * sightings, the transitions between consecutive sightings) the record
 * holds and their expectation under m given the recorded positions.
 * Rows with neither are left out. False when out of memory. */
typedef void (*ts_fit_move_fn)(void *ctx, size_t e, size_t i, size_t j,
                               double recorded, double expected);
bool ts_exec_fit_moves(const ts_scenario *sc, const ts_exec_model *m,
                       ts_fit_move_fn row, void *ctx);

#endif
