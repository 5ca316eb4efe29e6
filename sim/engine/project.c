/* Deterministic projection (row vectors, outside last):
 *
 *     n(k+1) = n(k) P_k + a(t_k) Phi_k,
 *
 * with P_k, Phi_k the step matrices governing step k (sim/engine/chain.c) and
 * a(t_k) the inflow rates at the step's start. This is the expectation of
 * the Monte Carlo process given the parameters. */
#include "sim/engine/project.h"

#include <gsl/gsl_matrix.h>
#include <stdlib.h>
#include <string.h>

static ts_projection *projection_alloc(size_t n, size_t H, bool flows)
{
    ts_projection *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = n;
    p->steps = H;
    p->stock = calloc((H + 1) * n, sizeof *p->stock);
    p->entrants = calloc(H * n, sizeof *p->entrants);
    if (flows)
        p->flow = calloc(H * n * n, sizeof *p->flow);
    if (!p->stock || !p->entrants || (flows && !p->flow)) {
        ts_projection_destroy(p);
        return NULL;
    }
    return p;
}

ts_projection *ts_projection_create_zero(size_t n, size_t steps)
{
    return projection_alloc(n, steps, true);
}

/* The flows of step k: n_i(k) P_ij, entrants from outside (row n-1),
 * and the step's transfers. */
static void keep_flows(ts_projection *p, const ts_chain *c, size_t k,
                       const double *transfers)
{
    size_t n = p->n;
    const double *now = p->stock + k * n;
    double *f = p->flow + k * n * n;
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = 0; j < n; j++)
            f[i * n + j] = i == j ? 0 : now[i] * gsl_matrix_get(c->P, i, j);
    memcpy(f + (n - 1) * n, p->entrants + k * n, n * sizeof *f);
    f[(n - 1) * n + n - 1] = 0;
    for (size_t x = 0; transfers && x < n * n; x++)
        f[x] += transfers[k * n * n + x];
}

ts_projection *ts_projection_create_with(const ts_timeline *t,
                                         const ts_values *v,
                                         const double *transfers,
                                         bool flows)
{
    size_t n = t->K + 1, H = t->steps;
    ts_projection *p = projection_alloc(n, H, flows);
    if (!p)
        return NULL;
    memcpy(p->stock, v->headcount, t->K * sizeof *p->stock);
    for (size_t k = 0; k < H; k++) {
        const ts_chain *c = ts_timeline_chain(t, k);
        const double *now = p->stock + k * n;
        const double *e = t->arrivals + k * n;
        double *next = p->stock + (k + 1) * n;
        memcpy(p->entrants + k * n, e, n * sizeof *e);
        for (size_t j = 0; j < n; j++) {
            double stay = 0;
            for (size_t i = 0; i < n; i++)
                stay += now[i] * gsl_matrix_get(c->P, i, j);
            next[j] = stay + e[j];
        }
        /* followers move at the step's end, before the next matrix */
        for (size_t i = 0; transfers && i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double f = transfers[(k * n + i) * n + j];
                next[i] -= f;
                next[j] += f;
            }
        ts_timeline_observe(t, k + 1, next);
        if (flows)
            keep_flows(p, c, k, transfers);
    }
    return p;
}

ts_projection *ts_projection_create(const ts_timeline *t, const ts_values *v)
{
    return ts_projection_create_with(t, v, NULL, false);
}

void ts_projection_add(ts_projection *into, const ts_projection *from,
                       double weight)
{
    size_t n = into->n, H = into->steps;
    for (size_t x = 0; x < (H + 1) * n; x++)
        into->stock[x] += weight * from->stock[x];
    for (size_t x = 0; x < H * n; x++)
        into->entrants[x] += weight * from->entrants[x];
    for (size_t x = 0; from->flow && x < H * n * n; x++)
        into->flow[x] += weight * from->flow[x];
}

void ts_projection_destroy(ts_projection *p)
{
    if (!p)
        return;
    free(p->stock);
    free(p->entrants);
    free(p->flow);
    free(p);
}

double ts_projection_flow(const ts_projection *p, const ts_timeline *t,
                          size_t k, size_t i, size_t j)
{
    if (p->flow)
        return p->flow[(k * p->n + i) * p->n + j];
    if (i == t->K)
        return p->entrants[k * p->n + j];
    return p->stock[k * p->n + i] *
           gsl_matrix_get(ts_timeline_chain(t, k)->P, i, j);
}
