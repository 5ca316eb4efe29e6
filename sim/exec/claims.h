/* The scenario's predictions compiled for computing: pool sets as masks,
 * windows and dates as steps. */
#ifndef TS_CLAIMS_H
#define TS_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"

typedef struct ts_claim {
    ts_prediction_kind kind;
    const char *id;
    const char *text;            /* "" when none */
    /* moves: at least `at_least` distinct executives make a move from a
     * pool of `from` to a pool of `to` in steps [step_from, step_to) */
    bool *from, *to;             /* K+1 each */
    bool *who;                   /* per executive entry (entity): whose
                                    moves count; NULL: everyone's */
    size_t step_from, step_to;
    size_t at_least;
    /* headcount: the stock of `pool` at step `at_step` below (strict <)
     * or above (strict >) `threshold` */
    size_t pool, at_step;
    double threshold;
    bool below;
    double observed;             /* the record's headcount of `pool` at
                                    `at_step` when that is at or before
                                    as_of (SPEC section 8); NaN: none */
} ts_claim;

typedef struct ts_claims {
    size_t n;
    ts_claim *items;
    size_t n_moves;              /* how many are executive-move claims */
} ts_claims;

/* NULL when out of memory. The strings point into sc, which must
 * outlive the claims. */
ts_claims *ts_claims_create(const ts_scenario *sc);
void ts_claims_destroy(ts_claims *c);

/* Whether entity e's moves count for claim c. */
static inline bool ts_claim_about(const ts_claim *c, size_t e)
{
    return !c->who || c->who[e];
}

/* A move from i to j (i != j) counts for claim c in step k. */
static inline bool ts_claim_counts(const ts_claim *c, size_t k, size_t i,
                                   size_t j)
{
    return k >= c->step_from && k < c->step_to && c->from[i] && c->to[j] &&
           i != j;
}

#endif
