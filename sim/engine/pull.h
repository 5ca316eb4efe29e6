/* Feedback: pull that grows with headcount (SPEC section 5). A pool j
 * with pull e_j has weight w_j(k) = (n_j(k) / n_j(0))^e_j at step k, from
 * the stock at the step's start (0 for an empty pool); other pools and
 * outside weigh 1. Each leaver of i chooses among destinations with
 *
 *     s_ij(k) = s_ij w_j(k) / (sum_l s_il w_l(k) + s_i,outside),
 *
 * and j's own inflow is a_j(t_k) w_j(k). Since the leaving hazard lambda_i
 * does not change, the step's generator is the base one with its
 * off-diagonal rows reweighted: Q'_ij = lambda_i Q_ij w_j / (sum_l Q_il
 * w_l), lambda_i = -Q_ii (a row's off-diagonal entries sum to lambda_i).
 * (A row whose every destination weighs 0 sends its leavers outside.)
 *
 * The step matrices then depend on the state, so they are computed step
 * by step: P = expm(Q' dt) and Phi = int_0^dt expm(Q' s) ds by the Taylor
 * series of [[Q', I], [0, 0]] dt (to round-off: terms until they fall
 * below 1e-17 of the sum), with scaling and squaring when ||Q' dt||_1
 * exceeds 1/4: E(2A) = E(A)^2, F(2A) = (I + E(A)) F(A) / 2, F the
 * integral over [0, 1]. */
#ifndef TS_PULL_H
#define TS_PULL_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/engine/chain.h"
#include "sim/engine/project.h"
#include "sim/engine/timeline.h"
#include "sim/engine/values.h"

/* Scratch space for one projection or one worker: n = K + 1 states. */
typedef struct ts_pull_work {
    size_t n;
    double *w;            /* n: weights (outside 1) */
    double *Q, *P, *Phi;  /* n x n, row-major */
    double *term, *tmp;   /* n x n scratch */
} ts_pull_work;

ts_pull_work *ts_pull_work_create(size_t K);
void ts_pull_work_destroy(ts_pull_work *w);

/* Whether any pool of v pulls. */
bool ts_pull_any(const ts_values *v);

/* The weights of stock `now` (K pools) with elasticities pull and
 * initial stocks n0, into w->w. */
void ts_pull_weights(ts_pull_work *w, const double *pull, const double *n0,
                     const double *now);

/* The step matrices of base chain c reweighted by w->w: w->P, w->Phi.
 * False when the exponential fails. */
bool ts_pull_step(ts_pull_work *w, const ts_chain *c);

/* The mean-field projection: n(k+1) = n(k) P(k) + (a(t_k) w(k)) Phi(k),
 * each step's matrices from the projected stock at its start, plus
 * transfers as in ts_projection_create_with; flows kept. NULL when out
 * of memory or a step fails, or when a pool's stock passes the people
 * limit (a pull above 1 makes inflow grow faster than headcount, and the
 * path can run away in finite time): then *blown (may be NULL) holds
 * the pool and *at the step, else SIZE_MAX. */
ts_projection *ts_pull_project(const ts_timeline *t, const ts_values *v,
                               const double *transfers, size_t *blown,
                               size_t *at);

/* Fixed points of the mean-field map n -> n P(n) + (a w(n)) Phi(n) with
 * the first step's parameters held (constant inflow): the closed form
 * of sim/engine/steady.h does not hold with pull. The map is iterated from the
 * start stock and from half and twice it; each start that settles
 * (relative change below 1e-12 per step within TS_PULL_FIXED_STEPS
 * steps) ends at a stable fixed point. Distinct ones (more than 0.1 %
 * apart) are kept: two mean a tipping point between them. */
#define TS_PULL_FIXED_STEPS 200000
#define TS_PULL_FIXED_MAX 3

typedef struct ts_pull_fixed {
    size_t K, found;
    double *point;        /* found x K */
    bool runaway;         /* a start grew past the people limit */
} ts_pull_fixed;

/* NULL when out of memory; t supplies the first step's chain. */
ts_pull_fixed *ts_pull_fixed_create(const ts_timeline *t, const ts_values *v);
void ts_pull_fixed_destroy(ts_pull_fixed *f);

#endif
