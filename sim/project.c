/* Deterministic projection (row vectors, outside last):
 *
 *     n(k+1) = n(k) P_k + a(t_k) Phi_k,
 *
 * with P_k, Phi_k the step matrices governing step k (sim/chain.c) and
 * a(t_k) the inflow rates at the step's start. This is the expectation of
 * the Monte Carlo process given the parameters. */
#include "sim/project.h"

#include <gsl/gsl_matrix.h>
#include <stdlib.h>
#include <string.h>

ts_projection *ts_projection_create(const ts_timeline *t, const ts_values *v)
{
    ts_projection *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    size_t n = t->K + 1, H = t->steps;
    p->n = n;
    p->steps = H;
    p->stock = calloc((H + 1) * n, sizeof *p->stock);
    p->entrants = calloc(H * n, sizeof *p->entrants);
    if (!p->stock || !p->entrants) {
        ts_projection_destroy(p);
        return NULL;
    }
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
    }
    return p;
}

void ts_projection_destroy(ts_projection *p)
{
    if (!p)
        return;
    free(p->stock);
    free(p->entrants);
    free(p);
}

double ts_projection_flow(const ts_projection *p, const ts_timeline *t,
                          size_t k, size_t i, size_t j)
{
    if (i == t->K)
        return p->entrants[k * p->n + j];
    return p->stock[k * p->n + i] *
           gsl_matrix_get(ts_timeline_chain(t, k)->P, i, j);
}
