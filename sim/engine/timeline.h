/* What governs each step of a run: which step matrices (a ts_chain) and
 * which inflow rates. With constant parameters one chain serves every
 * step; inflow changes per step through its growth. */
#ifndef TS_TIMELINE_H
#define TS_TIMELINE_H

#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/engine/chain.h"
#include "sim/engine/schedule.h"
#include "sim/engine/values.h"

typedef struct ts_timeline {
    size_t K;               /* pools (outside is index K) */
    size_t steps;           /* H */
    double dt;              /* years per step */
    ts_chain **chains;
    size_t n_chains;
    size_t *chain_of_step;  /* steps entries: index into chains */
    double *inflow;         /* steps x K: a_i(t_k) = a_i (1+g_i)^t_k */
    double *arrivals;       /* steps x (K+1): (a(t_k) Phi_k)_j, the expected
                               entrants of step k who end it in j */
    /* The record's headcounts at as_of (SPEC section 8): the pools' stocks
     * are set to them there, in the projection and in every run (a jump,
     * not a flow); NaN for a pool not observed; NULL: none. */
    double *observed;       /* K */
    size_t observed_at;     /* the step of as_of */
} ts_timeline;

/* Builds the timeline of a validated scenario from values v. NULL when
 * out of memory or when a step matrix cannot be computed. */
ts_timeline *ts_timeline_create(const ts_scenario *sc, const ts_values *v);
void ts_timeline_destroy(ts_timeline *t);

/* The timeline of slot values x with the events' changes (values ev)
 * applied step by step: a new chain wherever retention or shares
 * change, the inflow of each step from its own base rate and growth
 * (growth counting from the start). sch may be NULL. NULL when out of
 * memory, or when a drawn change makes a pool's shares sum above 1
 * (*bad_pool says which). */
ts_timeline *ts_timeline_create_scheduled(const ts_scenario *sc,
                                          const ts_slots *slots,
                                          const ts_schedule *sch,
                                          const double *x, const double *ev,
                                          size_t *bad_pool);

/* Sets stock (K pools) at step k to what the record observed there. */
static inline void ts_timeline_observe(const ts_timeline *t, size_t k,
                                       double *stock)
{
    if (!t->observed || k != t->observed_at)
        return;
    for (size_t i = 0; i < t->K; i++)
        if (t->observed[i] == t->observed[i]) /* not NaN */
            stock[i] = t->observed[i];
}

static inline const ts_chain *ts_timeline_chain(const ts_timeline *t,
                                                size_t k)
{
    return t->chains[t->chain_of_step[k]];
}

#endif
