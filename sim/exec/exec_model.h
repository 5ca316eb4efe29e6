/* The executives' own chain (SPEC section 1, Executives): per pool the
 * hazard h = -ln(1 - exec_move) with exec_move defaulting to
 * 1 - retention, and destinations exec_to defaulting to `to`. A named
 * executive or a group may override move and to for its starting pool,
 * and then has a chain of its own (a "class"). An "entity" is one named
 * executive or one group (count alike members). Events make the chains
 * change over time: each distinct set of parameters is a "state". */
#ifndef TS_EXEC_MODEL_H
#define TS_EXEC_MODEL_H

#include <stddef.h>

#include "models/load/param_slots.h"
#include "models/scenario/scenario.h"
#include "sim/exec/cohorts.h"
#include "sim/engine/chain.h"
#include "sim/engine/schedule.h"

typedef struct ts_exec_model {
    size_t K;            /* pools; outside is K */
    size_t n;            /* entities */
    size_t *start;       /* n: pool at as_of (a group split by the record:
                            the one with the most members; SPEC section 8) */
    ts_cohorts *cohorts; /* the members as the record leaves them */
    size_t *count;       /* n: members (1 for a named executive) */
    size_t *class_of;    /* n: 0 = the pools' defaults, else its own */
    double *team_size;   /* n: people following each member; 0: none */
    size_t *team_over;   /* n: steps they follow over */
    size_t n_classes;
    size_t steps;
    size_t n_states;
    size_t *state_of_step;  /* steps */
    ts_chain **chains;   /* n_states x n_classes */
    double *cum;         /* n_states x n_classes x (K+1) x (K+1): rows of P
                            summed left to right, for drawing a pool */
} ts_exec_model;

/* From slot values x (means or one run's draws) with the events'
 * changes ev (sch may be NULL); NULL when out of memory or a step
 * matrix fails. */
ts_exec_model *ts_exec_model_create(const ts_scenario *sc,
                                    const ts_slots *s,
                                    const ts_schedule *sch, const double *x,
                                    const double *ev);
void ts_exec_model_destroy(ts_exec_model *m);

/* m's chains again for slot values x (and the events' ev), its states
 * (which steps share a chain) and everything else kept: a fit changes
 * the rates and nothing else. The chains then hold P alone (no Phi, no
 * splits: ts_chain_create_p), enough for a likelihood. False when out of
 * memory or a step matrix fails. */
bool ts_exec_model_set_values(ts_exec_model *m, const ts_scenario *sc,
                              const ts_slots *s, const ts_schedule *sch,
                              const double *x, const double *ev);

static inline size_t ts_exec_chain_index(const ts_exec_model *m, size_t e,
                                         size_t k)
{
    return m->state_of_step[k] * m->n_classes + m->class_of[e];
}

/* The step matrix entity e moves by in step k. */
static inline const ts_chain *ts_exec_chain_at(const ts_exec_model *m,
                                               size_t e, size_t k)
{
    return m->chains[ts_exec_chain_index(m, e, k)];
}

#endif
