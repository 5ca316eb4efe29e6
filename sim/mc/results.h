/* Everything computed for one scenario: the step matrices, the
 * deterministic projection, the steady state and the Monte Carlo runs
 * with their summaries. Created empty, filled by the compute functions,
 * released together. */
#ifndef TS_RESULTS_H
#define TS_RESULTS_H

#include <signal.h>
#include <stdio.h>

#include "models/scenario/scenario.h"
#include "sim/exec/claims.h"
#include "sim/exec/exec_exact.h"
#include "sim/exec/exec_model.h"
#include "sim/mc/mc_stats.h"
#include "sim/exec/mixture.h"
#include "sim/engine/shock_starts.h"
#include "sim/mc/ranks.h"
#include "sim/engine/schedule.h"
#include "sim/mc/montecarlo.h"
#include "sim/engine/project.h"
#include "sim/engine/steady.h"
#include "sim/engine/timeline.h"
#include "sim/engine/values.h"

/* talentsim.h's opaque talentsim_run is this. */
typedef struct talentsim_run {
    const ts_scenario *sc; /* set by ts_results_deterministic */
    /* what sc was when the run was made: its arrays have these
     * dimensions whatever is done to sc later */
    size_t pools, steps;
    unsigned long revision;
    ts_values *values;
    ts_timeline *timeline;
    ts_projection *projection;
    ts_steady *steady;
    ts_mc_result *mc;      /* NULL when runs = 0 */
    ts_mc_stats *stats;    /* NULL when runs = 0 */
    /* executives and predictions; NULL when the scenario has neither */
    ts_exec_model *execs;
    ts_claims *claims;
    ts_exec_exact *exact;
    ts_slots *slots;       /* every parameter, with its distribution */
    ts_schedule *schedule; /* the events; NULL without */
    double *x_mean;        /* the slots' values (means) */
    double *ev_mean;       /* the events' values (means) */
    /* shocks and teams (SPEC section 5); NULL without */
    ts_shock_starts *shock_starts;
    ts_mixture *mixture;   /* each start combination's chains, when kept */
    /* the exact executives' results integrated over their uncertain
     * parameters (SPEC section 11: Gauss-Legendre nodes of each one's
     * quantile function), so that the claims keep their exact rows */
    bool exec_integrated;
} ts_results;

/* Whether the executive-move claims are exact: no uncertain parameter,
 * event or shock value (nor a shock's uncertain chance) touches the
 * executives (SPEC section 1: Monte Carlo otherwise). */
bool ts_results_exact_claims(const ts_results *r);

/* How prediction i is given (SPEC sections 1 and 8): decided by the
 * record alone (one row, method `record`); exact (and Monte Carlo beside
 * it when there are runs); or by the runs alone. */
typedef enum ts_claim_method {
    TS_CLAIM_RECORD,
    TS_CLAIM_EXACT,
    TS_CLAIM_MONTECARLO
} ts_claim_method;

ts_claim_method ts_results_claim_method(const ts_results *r, size_t i);

/* Prediction i's headline probability: the record's or the exact one
 * where there is one, else the Monte Carlo frequency (NaN without
 * runs); *se its standard error (NaN when not Monte Carlo). */
double ts_results_claim_p(const ts_results *r, size_t i, double *se);

void ts_results_free(ts_results *r);

/* Parameters, timeline, projection and steady state; and the exact
 * executive results when there are executives or predictions. */
ts_status ts_results_deterministic(const ts_scenario *sc, ts_results *r,
                                   ts_diags *d);

/* The parameters' values and the steady state alone (the steady
 * command), none of the rest. */
ts_status ts_results_steady(const ts_scenario *sc, ts_results *r,
                            ts_diags *d);

/* How a Monte Carlo computation runs: threads, the cancel flag raised by
 * SIGINT, and a progress callback (NULL: none) with its context; the
 * engine never writes to a terminal. */
typedef struct ts_mc_setup {
    size_t threads;
    const volatile sig_atomic_t *cancel;
    ts_progress_fn progress;
    void *progress_ctx;
    bool no_process_noise;
    const ts_ranks *ranks;    /* NULL: this process runs them all */
    bool sketch;              /* histograms even for few runs (tests) */
} ts_mc_setup;

/* The Monte Carlo runs and their summaries; nothing when runs = 0. */
ts_status ts_results_monte_carlo(const ts_scenario *sc,
                                 const ts_mc_setup *setup, ts_results *r,
                                 ts_diags *d);

/* The deterministic projection with slot values x and the events'
 * values ev (a tornado end, a fit's trial); *t gets its timeline. Both
 * NULL when the values are invalid or memory runs out; the caller
 * destroys both. */
ts_projection *ts_results_project(const ts_scenario *sc, const ts_results *r,
                                  const double *x, const double *ev,
                                  ts_timeline **t);


#endif
