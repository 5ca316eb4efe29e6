#include "sim/studies/steady_target.h"

#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>

#include "sim/engine/chain.h"

ts_steady_target *ts_steady_target_create(const ts_scenario *sc,
                                          const ts_values *v)
{
    size_t K = sc->n_pools;
    ts_steady_target *t = calloc(1, sizeof *t);
    gsl_matrix *Q = gsl_matrix_alloc(K + 1, K + 1);
    if (!t || !Q || !(t->target = calloc(K + 1, sizeof *t->target)) ||
        !(t->required = calloc(K + 1, sizeof *t->required))) {
        gsl_matrix_free(Q);
        ts_steady_target_destroy(t);
        return NULL;
    }
    t->K = K;
    t->complete = sc->n_targets == K;
    for (size_t i = 0; i < sc->n_targets; i++)
        t->target[ts_scenario_pool_index(sc, sc->target_ids[i])] =
            sc->targets[i].value;
    ts_chain_generator(v, Q);
    t->attainable = t->complete;
    for (size_t j = 0; t->complete && j < K; j++) {
        double a = 0;
        for (size_t i = 0; i < K; i++)
            a -= t->target[i] * gsl_matrix_get(Q, i, j);
        t->required[j] = a;
        t->attainable &= !ts_steady_target_negative(t, j);
    }
    gsl_matrix_free(Q);
    return t;
}

bool ts_steady_target_negative(const ts_steady_target *t, size_t j)
{
    return t->required[j] < -TS_TARGET_INFLOW_TOL * fmax(1, t->target[j]);
}

void ts_steady_target_destroy(ts_steady_target *t)
{
    if (!t)
        return;
    free(t->target);
    free(t->required);
    free(t);
}
