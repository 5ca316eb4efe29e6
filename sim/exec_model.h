/* The executives' own chain (SPEC section 1, Executives): per pool the
 * hazard h = -ln(1 - exec_move) with exec_move defaulting to
 * 1 - retention, and destinations exec_to defaulting to `to`. A named
 * executive or a group may override move and to for its starting pool,
 * and then has a chain of its own. An "entity" is one named executive or
 * one group (count alike members). */
#ifndef TS_EXEC_MODEL_H
#define TS_EXEC_MODEL_H

#include <stddef.h>

#include "models/param_slots.h"
#include "models/scenario.h"
#include "sim/chain.h"

typedef struct ts_exec_model {
    size_t K;            /* pools; outside is K */
    size_t n;            /* entities */
    size_t *start;       /* n: starting pool */
    size_t *count;       /* n: members (1 for a named executive) */
    size_t *chain_of;    /* n: index into chains */
    ts_chain **chains;   /* chains[0]: the pools' defaults */
    size_t n_chains;
    double *cum;         /* n_chains x (K+1) x (K+1): rows of P summed
                            left to right, for drawing a destination */
} ts_exec_model;

/* From the pools' values (the executives' defaults) and, when s and x
 * are given, one run's slot values; NULL when out of memory or a step
 * matrix fails. */
ts_exec_model *ts_exec_model_create(const ts_scenario *sc,
                                    const ts_values *pools, const ts_slots *s,
                                    const double *x);
void ts_exec_model_destroy(ts_exec_model *m);

/* The step matrix entity e moves by. */
static inline const ts_chain *ts_exec_chain(const ts_exec_model *m, size_t e)
{
    return m->chains[m->chain_of[e]];
}

#endif
