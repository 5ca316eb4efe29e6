/* Exact executive results from the step matrices (SPEC section 1): the
 * probability that each executive or group member has moved by the
 * horizon, where they most likely end, and the probability of each
 * executive-move prediction, with its curve over the horizon.
 *
 * "Has moved by step k" is at least one step-granular move in steps
 * 0..k-1, so 1 - prod P_x[s,s] for starting pool s. A prediction's
 * probability follows each executive on the step chain with an extra
 * absorbing state "made a qualifying move" (in a `from` pool at a step's
 * start, in a `to` pool at its end, inside the window), then counts
 * distinct executives with a Poisson-binomial over independent ones
 * (sim/exec/count_tail.h). */
#ifndef TS_EXEC_EXACT_H
#define TS_EXEC_EXACT_H

#include <stddef.h>

#include "sim/exec/claims.h"
#include "sim/exec/exec_model.h"

typedef struct ts_exec_exact {
    size_t n_entities, steps, n;   /* n = K + 1 */
    double *p_moved;               /* per entity (per member of a group) */
    double *end_dist;              /* entities x n: where each ends */
    double *path;                  /* entities x (steps + 1) x n: where
                                      each is at every step (up to as_of,
                                      where the record has them) */
    size_t *now_pool;              /* where each is at as_of (the start
                                      without a record; a group split by
                                      the record: where most members are) */
    size_t *now_members;           /* members there */
    size_t *end_pool;              /* most likely pool at the horizon */
    double *p_end;
    size_t *dest;                  /* most likely pool other than start */
    double *p_dest;
    size_t n_claims;
    double *claim_p;      /* per claim: exact probability; NaN: headcount */
    bool *decided;        /* per claim: the record alone decides it
                             (SPEC section 8: method `record`) */
    double *curve;        /* n_claims x (steps + 1): P(at least k moves in
                             [step_from, m)) for m = 0..steps; NaN before
                             step_from and for headcount claims */
    /* What each claim is made of: n_claims x entities x n, the
     * probability that the entity (a member, for a group) is in pool i
     * at the claim's window start (or at as_of, when later) and makes a
     * qualifying move inside it; zero for those `who` leaves out, for
     * members the record already counts and for headcount claims. NULL
     * when it would hold more than TS_EXEC_TERMS_MAX numbers. */
    double *terms;
    double *term_at;      /* the same shape: the probability of being in
                             pool i there, not already counted */
} ts_exec_exact;

#define TS_EXEC_TERMS_MAX (8u * 1024 * 1024)

/* Members of m's cohorts whose recorded moves before step t already
 * count for claim c. */
size_t ts_exec_certain(const ts_exec_model *m, const ts_claim *c, size_t t);

/* NULL when out of memory. */
ts_exec_exact *ts_exec_exact_create(const ts_exec_model *m,
                                    const ts_claims *claims, size_t steps);
void ts_exec_exact_destroy(ts_exec_exact *x);

/* Zeros, to add the results of each combination of the shocks' starts
 * to (a mixture; SPEC section 5), then ts_exec_exact_finish. */
ts_exec_exact *ts_exec_exact_create_zero(const ts_exec_model *m,
                                         const ts_claims *claims,
                                         size_t steps);

/* into += weight * from: the probabilities, end distributions and
 * curves (a mixture of them is their weighted sum). */
void ts_exec_exact_add(ts_exec_exact *into, const ts_exec_exact *from,
                       double weight);

/* The most likely end pool and destination of each entity from its end
 * distribution (starts: each entity's starting pool). */
void ts_exec_exact_finish(ts_exec_exact *x, const ts_exec_model *m);

#endif
