/* Workforce planning (the manpower-planning classics): which constant
 * yearly inflow into each targeted pool brings the scenario's `target`
 * headcounts about at a step (non-negative least squares), the steady
 * state with those inflows held, and how long each pool takes to come
 * within 5% of it. */
#ifndef TS_WORKFORCE_PLAN_H
#define TS_WORKFORCE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;

typedef struct ts_workforce_plan {
    size_t K;
    size_t at;                  /* the step the targets are for */
    double *current;            /* K: the scenario's inflow at the start */
    double *planned;            /* K: planned (targeted) or kept inflow */
    double *target;             /* K: NaN without a target */
    double *reached;            /* K: headcount at `at` with the plan */
    double *steady;             /* K: steady state with the plan */
    double *settle;             /* K: years until within 5% of it */
    bool exact;                 /* every target reached */
} ts_workforce_plan;

/* The plan for sc's targets (it has some) at step `at` (1..H), r
 * holding sc's projection. NULL with a message when memory or the solve
 * fails. */
ts_workforce_plan *ts_workforce_plan_create(const ts_scenario *sc,
                                            const ts_results *r, size_t at,
                                            ts_diags *d);
void ts_workforce_plan_destroy(ts_workforce_plan *p);

#endif
