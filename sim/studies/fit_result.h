/* What a fit of `fit`'s parameters gives, and what its estimators share
 * (SPEC sections 1 and 9): the result, its notes in words, the start
 * points and the one driver that searches from each and keeps the best,
 * each parameter's slot, and the observations' model values. */
#ifndef TS_FIT_RESULT_H
#define TS_FIT_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/scenario/scenario.h"
#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;

/* Every observation's model value for slot values x (and the events'
 * ev). False when out of memory or the values are invalid. */
bool ts_observations_model(const ts_scenario *sc, const ts_results *r,
                           const double *x, const double *ev, double *out);

/* "frontier_labs inflow 2022-01 to 2023-01" */
void ts_observation_label(const ts_scenario *sc, const ts_observation *o,
                          char *buf, size_t size);

#define TS_FIT_NOTE_MAX 512

typedef struct ts_fit_result {
    size_t n_params, n_obs;
    size_t *slot;             /* per parameter: its slot */
    double *estimate;         /* per parameter */
    double *stderr_p;         /* NaN when not identifiable */
    int *at_bound;            /* -1 lower, +1 upper, 0 inside */
    double *fitted;           /* per observation, at the estimate */
    double *x;                /* all slot values at the estimate */
    double chi2;
    size_t dof;
    bool by_record;           /* by likelihood (sim/studies/fit_record.h) */
    double log_lik;           /* the record's log-likelihood there */
    size_t followed, sighted; /* executives the record follows by moves
                                 (group members count) and by sightings */
    bool converged;
    size_t iterations, starts;
    bool scaled;              /* stderr scaled by chi2 / dof */
    char notes[8][TS_FIT_NOTE_MAX];  /* in words: bounds, identifiability */
    size_t n_notes;
} ts_fit_result;

void ts_fit_result_destroy(ts_fit_result *f);

/* The pieces both estimators share: a result for p parameters (NULL
 * when out of memory); start point s of `starts` (the file's start or
 * value for s = 0, else a point spread over the bounds); a note in
 * words; notes for estimates at a bound (and f->at_bound); a
 * parameter's slot. */
ts_fit_result *ts_fit_result_create(size_t p, size_t n_obs, size_t n_slots);
void ts_fit_start_point(const ts_scenario *sc, size_t s, size_t starts,
                        double *p0);
void ts_fit_note(ts_fit_result *f, const char *fmt, const char *a,
                 const char *b);
void ts_fit_bounds_notes(const ts_scenario *sc, ts_fit_result *f);
size_t ts_fit_slot_of(const ts_results *r, const ts_param *p);

/* Every observation's model value at f's estimate, or with f NULL at
 * the parameters' means (what a backtest predicts). False when out of
 * memory. */
bool ts_fit_predict(const ts_scenario *sc, const ts_results *r,
                    const ts_fit_result *f, double *out);

/* The two parameters (rows of V) that weigh most in the direction of
 * column k: a flat direction is named by them ("a and b cannot be told
 * apart"); b = a with one parameter. */
void ts_fit_heaviest_two(const gsl_matrix *V, size_t k, size_t *a,
                         size_t *b);

/* One search's end: where (u, on the estimator's unbounded scale), its
 * objective there (lower is better: chi-square, or -log L), the
 * iterations and how it ended. */
typedef struct ts_fit_try {
    gsl_vector *u;
    double value;
    size_t iterations;
    bool converged;
    bool stalled;   /* no step lowered it: a minimum or a flat direction */
} ts_fit_try;

/* One estimator's search from start point p0 (each parameter on its own
 * scale) into *t (its u allocated by the driver): false when it could
 * not be computed there. */
typedef bool (*ts_fit_search_fn)(void *ctx, const double *p0, ts_fit_try *t);

/* The driver of both estimators: a search from each of `starts` start
 * points, the best into *best (best->u of n_params, allocated by the
 * caller); false when no search could be computed or memory ran out. */
bool ts_fit_best_of_starts(const ts_scenario *sc, size_t n_params,
                           size_t starts, ts_fit_search_fn search, void *ctx,
                           ts_fit_try *best);

#endif
