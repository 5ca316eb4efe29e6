/* Steady state of the pools under a constant inflow a (row vector):
 * d n / dt = n Q_pp + a = 0, so n* = -a Q_pp^-1, where Q_pp is the
 * generator restricted to the pools. Q_pp is invertible exactly when
 * every pool eventually drains to outside (the pools are transient
 * states); we check that on the graph of positive rates first, so that the
 * message can name the pool that never drains. The expected length of
 * one stay in pool i is 1/lambda_i = -1/ln(retention_i). */
#include "sim/engine/steady.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/engine/chain.h"

/* Marks pools from which outside is reachable along positive rates. */
static void mark_draining(const gsl_matrix *Q, size_t K, bool *drains)
{
    for (size_t i = 0; i < K; i++)
        drains[i] = gsl_matrix_get(Q, i, K) > 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < K; i++) {
            if (drains[i])
                continue;
            for (size_t j = 0; j < K && !drains[i]; j++)
                if (j != i && drains[j] && gsl_matrix_get(Q, i, j) > 0)
                    drains[i] = changed = true;
        }
    }
}

static void explain(const ts_scenario *sc, const ts_values *v, size_t i,
                    char *buf, size_t size)
{
    if (v->retention[i] == 1)
        snprintf(buf, size, "there is no steady state: pool '%s' has "
                 "retention 1, so nobody ever leaves it", sc->pools[i].id);
    else
        snprintf(buf, size, "there is no steady state: people who leave "
                 "pool '%s' never reach outside (all its leavers' paths "
                 "stay among pools that send no one outside)",
                 sc->pools[i].id);
}

static int solve(const gsl_matrix *Q, const ts_values *v, double *out)
{
    size_t K = v->K;
    gsl_matrix *A = gsl_matrix_alloc(K, K);
    gsl_permutation *perm = gsl_permutation_alloc(K);
    gsl_vector *b = gsl_vector_alloc(K);
    gsl_vector *x = gsl_vector_alloc(K);
    int ok = 0, sign;
    if (!A || !perm || !b || !x)
        goto done;
    /* n Q_pp = -a  <=>  Q_pp^T n^T = -a^T */
    for (size_t i = 0; i < K; i++) {
        for (size_t j = 0; j < K; j++)
            gsl_matrix_set(A, i, j, gsl_matrix_get(Q, j, i));
        gsl_vector_set(b, i, -v->inflow[i]);
    }
    if (gsl_linalg_LU_decomp(A, perm, &sign) == GSL_SUCCESS &&
        gsl_linalg_LU_solve(A, perm, b, x) == GSL_SUCCESS) {
        for (size_t i = 0; i < K; i++)
            out[i] = gsl_vector_get(x, i);
        ok = 1;
    }
done:
    gsl_matrix_free(A);
    gsl_permutation_free(perm);
    gsl_vector_free(b);
    gsl_vector_free(x);
    return ok;
}

ts_steady *ts_steady_create(const ts_scenario *sc, const ts_values *v)
{
    size_t K = v->K;
    ts_steady *s = calloc(1, sizeof *s);
    gsl_matrix *Q = gsl_matrix_alloc(K + 1, K + 1);
    bool *drains = calloc(K, sizeof *drains);
    if (!s || !Q || !drains)
        goto fail;
    s->K = K;
    s->headcount = calloc(K, sizeof *s->headcount);
    s->mean_stay = calloc(K, sizeof *s->mean_stay);
    if (!s->headcount || !s->mean_stay)
        goto fail;
    ts_chain_generator(v, Q);
    for (size_t i = 0; i < K; i++)
        s->mean_stay[i] = v->retention[i] == 1 ? INFINITY
                                               : -1 / log(v->retention[i]);
    mark_draining(Q, K, drains);
    s->exists = true;
    for (size_t i = 0; i < K && s->exists; i++)
        if (!drains[i]) {
            s->exists = false;
            explain(sc, v, i, s->reason, sizeof s->reason);
        }
    if (s->exists && !solve(Q, v, s->headcount)) {
        s->exists = false;
        snprintf(s->reason, sizeof s->reason, "there is no steady state: "
                 "the generator is numerically singular");
    }
    gsl_matrix_free(Q);
    free(drains);
    return s;
fail:
    gsl_matrix_free(Q);
    free(drains);
    ts_steady_destroy(s);
    return NULL;
}

void ts_steady_destroy(ts_steady *s)
{
    if (!s)
        return;
    free(s->headcount);
    free(s->mean_stay);
    free(s);
}
