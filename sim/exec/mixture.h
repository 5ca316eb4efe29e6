/* The deterministic projection and exact executive results of a scenario
 * with shocks or teams (SPEC section 5). Given its start, a shock is an
 * event, and the system is linear given the parameters, so the expected
 * stocks, flows and claim probabilities are the mixture, over every
 * combination of the shocks' starts (sim/engine/shock_starts.h), of each
 * combination's own, weighted by its probability:
 *
 *     E[n(k)] = sum_c P(c) n_c(k),   P(claim) = sum_c P(c) P_c(claim),
 *
 * each P_c(claim) a Poisson-binomial over executives independent given
 * the starts. Each combination's projection adds its teams' expected
 * followers (sim/exec/teams.h). Nothing is approximated: validation refuses
 * more combinations than TS_MAX_SHOCK_COMBINATIONS. */
#ifndef TS_MIXTURE_H
#define TS_MIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "models/base/limits.h"
#include "models/load/param_slots.h"
#include "models/scenario/scenario.h"
#include "sim/exec/claims.h"
#include "sim/exec/exec_exact.h"
#include "sim/exec/exec_model.h"
#include "sim/engine/project.h"
#include "sim/engine/schedule.h"
#include "sim/engine/shock_starts.h"
#include "sim/engine/timeline.h"


typedef struct ts_mixture {
    ts_shock_starts *starts;
    size_t n;                  /* combinations */
    double *weight;            /* per combination */
    ts_timeline **timeline;    /* per combination when kept, else NULL */
    ts_exec_model **execs;     /* the same for the executives */
    bool kept;
} ts_mixture;

/* What a mixture is computed from: slot values x and the events' and
 * shocks' values ev (means, or a tornado's or a fit's trial), the
 * headcounts v, and the claims (NULL: no executive results). */
typedef struct ts_mix_input {
    const ts_scenario *sc;
    const ts_slots *slots;
    const ts_schedule *sch;    /* may be NULL */
    const double *x, *ev;
    const ts_values *v;
    const ts_claims *claims;
    bool execs;                /* build the executives' chains */
} ts_mix_input;

/* The mixture's projection (*p, with its flows), its exact executive
 * results (*xe, when in->claims) and, when keep, the mixture itself for
 * the Monte Carlo (*mix; NULL otherwise). TS_ERUNTIME when out of
 * memory or a step matrix fails. */
ts_status ts_mixture_compute(const ts_mix_input *in, bool keep,
                             ts_mixture **mix, ts_projection **p,
                             ts_exec_exact **xe);
void ts_mixture_destroy(ts_mixture *m);

/* The events' schedule with the shocks at starts: room for it, and
 * filling it (NULL when the scenario has no schedule). */
ts_schedule *ts_mixture_schedule_alloc(const ts_schedule *sch);
void ts_mixture_schedule_free(ts_schedule *s);
const ts_schedule *ts_mixture_schedule_at(const ts_schedule *sch,
                                          const ts_shock_starts *starts,
                                          const size_t *start,
                                          ts_schedule *room);

#endif
