/* Steady state under constant inflow, and expected stay per pool. */
#ifndef TS_STEADY_H
#define TS_STEADY_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/engine/values.h"

typedef struct ts_steady {
    size_t K;
    bool exists;
    double *headcount;   /* K; valid when exists */
    double *mean_stay;   /* K; years per stay, INFINITY at retention 1 */
    char reason[256];    /* why there is none, when !exists */
} ts_steady;

/* Solves n* = -a Q_pp^-1 with the inflow a held at v->inflow. NULL when
 * out of memory. Pool names in reason come from sc. */
ts_steady *ts_steady_create(const ts_scenario *sc, const ts_values *v);
void ts_steady_destroy(ts_steady *s);

#endif
