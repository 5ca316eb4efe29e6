/* The deterministic projection: expected stocks and flows. */
#ifndef TS_PROJECT_H
#define TS_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/engine/timeline.h"
#include "sim/engine/values.h"

typedef struct ts_projection {
    size_t n;         /* K pools + outside */
    size_t steps;     /* H; stocks hold H+1 rows */
    double *stock;    /* (H+1) x n; outside = cumulative leavers */
    double *entrants; /* H x n: entrants of step k at its end, a(t_k) Phi */
    double *flow;     /* H x n x n: every step's flows, kept when a
                         projection is a mixture or has transfers (row n-1:
                         the entrants); NULL: from the step matrices */
} ts_projection;

/* Projects n(k+1) = n(k) P + a(t_k) Phi from the headcounts in v.
 * NULL when out of memory. */
ts_projection *ts_projection_create(const ts_timeline *t, const ts_values *v);

/* The same with transfers added at each step's end (transfers[(k n + i)
 * n + j] people from i to j in step k; NULL: none), the step's flows
 * kept in p->flow when keep_flows. */
ts_projection *ts_projection_create_with(const ts_timeline *t,
                                         const ts_values *v,
                                         const double *transfers,
                                         bool keep_flows);

/* A projection of zeros (with flows), to add weighted projections to. */
ts_projection *ts_projection_create_zero(size_t n, size_t steps);

/* into += weight * from, stocks, entrants and flows (from keeps its
 * flows, or has them computed from t). */
void ts_projection_add(ts_projection *into, const ts_projection *from,
                       double weight);

void ts_projection_destroy(ts_projection *p);

/* Flow of step k from i to j (i != j): n_i(k) P_ij, or for i = outside
 * the entrants who end the step in j. */
double ts_projection_flow(const ts_projection *p, const ts_timeline *t,
                          size_t k, size_t i, size_t j);

#endif
