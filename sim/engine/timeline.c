#include "sim/engine/timeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a(t_k) Phi_k for every step: what the projection adds and the mean
 * of the Monte Carlo's entrants. False when out of memory. */
static bool fill_arrivals(ts_timeline *t)
{
    size_t K = t->K, n = K + 1;
    t->arrivals = malloc(t->steps * n * sizeof *t->arrivals);
    if (!t->arrivals)
        return false;
    for (size_t k = 0; k < t->steps; k++) {
        const gsl_matrix *Phi = ts_timeline_chain(t, k)->Phi;
        const double *a = t->inflow + k * K;
        double *e = t->arrivals + k * n;
        for (size_t j = 0; j < n; j++) {
            double enter = 0;
            for (size_t i = 0; i < K; i++)
                enter += a[i] * Phi->data[i * Phi->tda + j];
            e[j] = enter;
        }
    }
    return true;
}

/* The record's headcounts at as_of, when it has any. */
static bool observe(const ts_scenario *sc, ts_timeline *t)
{
    const ts_record *r = sc->record;
    size_t at = ts_scenario_as_of(sc);
    for (size_t h = 0; r && at > 0 && h < r->n_headcounts; h++) {
        if (ts_scenario_month_step(sc, r->headcounts[h].at) != at)
            continue;
        if (!t->observed) {
            if (!(t->observed = malloc((t->K + 1) * sizeof *t->observed)))
                return false;
            for (size_t i = 0; i < t->K; i++)
                t->observed[i] = NAN;
            t->observed_at = at;
        }
        t->observed[ts_scenario_pool_index(sc, r->headcounts[h].pool)] =
            r->headcounts[h].value;
    }
    return true;
}

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
    if (!fill_arrivals(t) || !observe(sc, t))
        goto fail;
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
    free(t->arrivals);
    free(t->observed);
    free(t);
}

/* Whether the chain of values a equals that of b (retention and
 * shares): then a step can reuse the previous step's matrices. */
static bool same_chain(const ts_values *a, const ts_values *b)
{
    size_t K = a->K;
    return memcmp(a->retention, b->retention, K * sizeof *a->retention) ==
               0 &&
           memcmp(a->share, b->share, K * (K + 1) * sizeof *a->share) == 0;
}

static bool copy_values(ts_values *to, const ts_values *from)
{
    size_t K = from->K;
    memcpy(to->headcount, from->headcount, K * sizeof *to->headcount);
    memcpy(to->inflow, from->inflow, K * sizeof *to->inflow);
    memcpy(to->growth, from->growth, K * sizeof *to->growth);
    memcpy(to->retention, from->retention, K * sizeof *to->retention);
    memcpy(to->share, from->share, K * (K + 1) * sizeof *to->share);
    return true;
}

/* Adds step k's chain: the previous one when nothing changed. */
static bool add_step_chain(ts_timeline *t, size_t k, const ts_values *v,
                           ts_values *prev)
{
    if (k > 0 && same_chain(v, prev)) {
        t->chain_of_step[k] = t->chain_of_step[k - 1];
        return true;
    }
    ts_chain *c = ts_chain_create(v, t->dt);
    if (!c)
        return false;
    t->chains[t->n_chains] = c;
    t->chain_of_step[k] = t->n_chains++;
    return copy_values(prev, v);
}

ts_timeline *ts_timeline_create_scheduled(const ts_scenario *sc,
                                          const ts_slots *slots,
                                          const ts_schedule *sch,
                                          const double *x, const double *ev,
                                          size_t *bad_pool)
{
    size_t K = sc->n_pools;
    ts_timeline *t = calloc(1, sizeof *t);
    ts_values *v = ts_values_create(K), *prev = ts_values_create(K);
    double *xk = malloc((slots->n + 1) * sizeof *xk);
    *bad_pool = SIZE_MAX;
    if (!t || !v || !prev || !xk)
        goto fail;
    t->K = K;
    t->steps = sc->horizon;
    t->dt = ts_scenario_dt(sc);
    t->chains = calloc(t->steps, sizeof *t->chains);
    t->chain_of_step = calloc(t->steps, sizeof *t->chain_of_step);
    t->inflow = malloc(t->steps * K * sizeof *t->inflow);
    if (!t->chains || !t->chain_of_step || !t->inflow)
        goto fail;
    bool constant = !sch || sch->n == 0;
    for (size_t k = 0; k < t->steps; k++) {
        /* without events every step has the values of the first */
        if (k == 0 || !constant)
            *bad_pool = ts_schedule_values(sc, slots, sch, x, ev, k, xk, v);
        if (*bad_pool != SIZE_MAX || !add_step_chain(t, k, v, prev))
            goto fail;
        double years = (double)k * t->dt;
        for (size_t i = 0; i < K; i++)
            t->inflow[k * K + i] = v->inflow[i] * pow(1 + v->growth[i], years);
    }
    if (!fill_arrivals(t) || !observe(sc, t))
        goto fail;
    ts_values_destroy(v);
    ts_values_destroy(prev);
    free(xk);
    return t;
fail:
    ts_values_destroy(v);
    ts_values_destroy(prev);
    free(xk);
    ts_timeline_destroy(t);
    return NULL;
}
