#include "sim/timeline.h"

#include <math.h>
#include <stdlib.h>

ts_timeline *ts_timeline_create(const ts_scenario *sc, const ts_values *v)
{
    ts_timeline *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->K = v->K;
    t->steps = sc->horizon;
    t->dt = ts_scenario_dt(sc);
    t->chains = calloc(1, sizeof *t->chains);
    t->chain_of_step = calloc(t->steps, sizeof *t->chain_of_step);
    t->inflow = malloc(t->steps * t->K * sizeof *t->inflow);
    if (!t->chains || !t->chain_of_step || !t->inflow)
        goto fail;
    t->chains[0] = ts_chain_create(v, t->dt);
    if (!t->chains[0])
        goto fail;
    t->n_chains = 1;
    for (size_t k = 0; k < t->steps; k++) {
        double years = (double)k * t->dt;
        for (size_t i = 0; i < t->K; i++)
            t->inflow[k * t->K + i] =
                v->inflow[i] * pow(1 + v->growth[i], years);
    }
    return t;
fail:
    ts_timeline_destroy(t);
    return NULL;
}

void ts_timeline_destroy(ts_timeline *t)
{
    if (!t)
        return;
    for (size_t c = 0; c < t->n_chains; c++)
        ts_chain_destroy(t->chains[c]);
    free(t->chains);
    free(t->chain_of_step);
    free(t->inflow);
    free(t);
}
