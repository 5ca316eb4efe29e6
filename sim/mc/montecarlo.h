/* Monte Carlo runs of the chain with integer people. */
#ifndef TS_MONTECARLO_H
#define TS_MONTECARLO_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "models/base/diag.h"
#include "models/load/param_slots.h"
#include "sim/mc/exec_mc.h"
#include "sim/exec/mixture.h"
#include "sim/engine/shock_starts.h"
#include "sim/mc/ranks.h"
#include "sim/engine/schedule.h"
#include "sim/mc/sketch.h"
#include "sim/engine/timeline.h"
#include "sim/engine/values.h"

typedef void (*ts_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct ts_mc_config {
    uint64_t seed;
    size_t runs;
    size_t threads;                     /* >= 1 */
    const volatile sig_atomic_t *cancel; /* may be NULL */
    ts_progress_fn progress;             /* called from the calling thread */
    void *progress_ctx;
    /* Executives and predictions to follow in every run; both NULL, or
     * both set. */
    const ts_exec_model *execs;
    const ts_claims *claims;
    /* The scenario and its parameter slots: with uncertain slots each
     * run draws its own parameters. NULL: every run uses t and v. */
    const ts_scenario *sc;
    const ts_slots *slots;
    const ts_schedule *schedule;        /* the events; may be NULL */
    /* Shocks (SPEC section 5): each run draws their starts from a
     * stream of its own; mix holds each start combination's chains when
     * it kept them (NULL: a run builds its own); x_mean and ev_mean are
     * the parameters of runs that draw none. */
    const ts_shock_starts *shocks;      /* NULL without shocks */
    const ts_mixture *mix;
    const double *x_mean, *ev_mean;
    /* Some pool pulls (SPEC section 5, Feedback): each run's step
     * matrices follow its own stocks. */
    bool pull;
    /* Each run is the deterministic projection of its own parameters,
     * rounded to whole people (stocks) and per step and pair (flows). */
    bool no_process_noise;
    /* With several processes (MPI), this one's share of the runs; the
     * results are merged so every rank holds them all. NULL: one. */
    const ts_ranks *ranks;
    /* Keep histograms (sim/mc/sketch.h), not every run's stocks: memory that
     * does not grow with the runs; percentiles within 0.4%. */
    bool sketch;
} ts_mc_config;

typedef struct ts_mc_result {
    size_t runs;
    size_t steps;       /* H */
    size_t n;           /* K + 1 */
    uint32_t *stock;    /* runs x (H+1) x n; NULL with a sketch */
    ts_sketch *sketch;  /* per step and pool; NULL without */
    uint64_t *flow_sum; /* H x n x n: people in i at step start, in j at its
                           end, summed over runs; row n-1 (outside) holds
                           the entrants by where they end the step */
    ts_exec_tally *exec;  /* executives and predictions; NULL without */
    uint32_t *claim_run;  /* runs x claims: 1 where the claim came true,
                             kept with the stocks (compare pairs them);
                             NULL otherwise */
} ts_mc_result;

/* Runs cfg->runs simulations; run r draws from stream (seed, r) only, so
 * the result is the same for any thread count. */
ts_status ts_mc_run(const ts_timeline *t, const ts_values *v,
                    const ts_mc_config *cfg, ts_mc_result **out,
                    ts_diags *diags);
void ts_mc_result_destroy(ts_mc_result *r);

static inline uint32_t ts_mc_stock(const ts_mc_result *r, size_t run,
                                   size_t k, size_t j)
{
    return r->stock[(run * (r->steps + 1) + k) * r->n + j];
}

#endif
