/* What a move claim's probability is made of (SPEC section 7,
 * prediction_terms.csv): per named executive, and per group and the pool
 * its members are in at the window's start (at as_of, when that is
 * later: SPEC section 8), the chance of each one making a qualifying move
 * in what is left of the window and the expected number who do; members
 * the record already counts are not among them. */
#ifndef TS_CLAIM_TERMS_H
#define TS_CLAIM_TERMS_H

#include <stddef.h>

#include "sim/exec/exec_exact.h"
#include "sim/exec/exec_model.h"

typedef struct ts_claim_term {
    size_t entity;      /* the executives section's entry */
    size_t pool;        /* where they are at the window's start (a named
                           executive: their most likely pool there) */
    double members;     /* 1, or a group's expected members there */
    double p_each;      /* each one's probability of a qualifying move */
    double expected;    /* members x p_each */
} ts_claim_term;

/* prediction_terms.csv shows each claim's this many largest terms. */
#define TS_CLAIM_TERMS_SHOWN 50

/* Claim c's terms with p_each > 0, largest expected first (ties in the
 * file's order), into rows (room for entities x (K + 1)); how many. 0
 * for a headcount claim or when x has no terms. */
size_t ts_claim_terms(const ts_exec_exact *x, const ts_scenario *sc,
                      const ts_exec_model *m, const ts_claims *claims,
                      size_t c, ts_claim_term *rows);

#endif
