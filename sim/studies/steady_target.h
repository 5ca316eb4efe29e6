/* Whether the `target` headcounts can be a steady state (SPEC section 1:
 * n* = -a Q_pp^-1 with constant inflow a), and the inflow each pool
 * needs for that: a = -n* Q_pp, attainable when none is negative (the
 * manpower-planning classics' "attainable structures"). */
#ifndef TS_STEADY_TARGET_H
#define TS_STEADY_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/engine/values.h"

/* A required inflow below -TS_TARGET_INFLOW_TOL x max(1, target) is
 * negative; above it, round-off of a zero. */
#define TS_TARGET_INFLOW_TOL 1e-9

typedef struct ts_steady_target {
    size_t K;
    bool complete;      /* every pool has a target; else nothing below */
    double *target;     /* K */
    double *required;   /* K: a_j = -sum_i n*_i Q_ij over the pools */
    bool attainable;    /* no required inflow is negative */
} ts_steady_target;

/* For sc's targets under the values v; NULL when out of memory. */
ts_steady_target *ts_steady_target_create(const ts_scenario *sc,
                                          const ts_values *v);
void ts_steady_target_destroy(ts_steady_target *t);

/* Whether pool j's required inflow is negative. */
bool ts_steady_target_negative(const ts_steady_target *t, size_t j);

#endif
