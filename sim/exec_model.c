#include "sim/exec_model.h"

#include <stdlib.h>
#include <string.h>

/* The executives' parameters of every pool, as ts_values whose retention
 * is 1 - exec_move (so the chain's hazard is -ln(1 - exec_move)); the
 * defaults come from the pools' values. */
static ts_values *default_values(const ts_scenario *sc, const ts_values *pools,
                                 const ts_slots *s, const double *x)
{
    size_t K = sc->n_pools;
    ts_values *v = ts_values_create(K);
    if (!v)
        return NULL;
    for (size_t i = 0; i < K; i++) {
        const ts_pool *p = &sc->pools[i];
        double *row = v->share + i * (K + 1);
        v->retention[i] = p->exec_move.given
                              ? 1 - ts_slots_value(s, x, &p->exec_move)
                              : pools->retention[i];
        if (p->exec_to.given)
            ts_values_share_row(&p->exec_to, K, s, x, row);
        else
            memcpy(row, pools->share + i * (K + 1), (K + 1) * sizeof *row);
    }
    return v;
}

static bool overrides(const ts_executive *e)
{
    return e->move.given || e->to.given;
}

/* The chain of an executive who overrides move or to for its pool. */
static ts_chain *override_chain(const ts_values *base, const ts_executive *e,
                                double dt, const ts_slots *s, const double *x)
{
    size_t K = base->K, i = e->pool_index;
    ts_values *v = ts_values_create(K);
    if (!v)
        return NULL;
    memcpy(v->retention, base->retention, K * sizeof *v->retention);
    memcpy(v->share, base->share, K * (K + 1) * sizeof *v->share);
    if (e->move.given)
        v->retention[i] = 1 - ts_slots_value(s, x, &e->move);
    if (e->to.given)
        ts_values_share_row(&e->to, K, s, x, v->share + i * (K + 1));
    ts_chain *c = ts_chain_create(v, dt);
    ts_values_destroy(v);
    return c;
}

static void fill_cumulative(ts_exec_model *m)
{
    size_t n = m->K + 1;
    for (size_t c = 0; c < m->n_chains; c++)
        for (size_t i = 0; i < n; i++) {
            double sum = 0;
            double *row = m->cum + (c * n + i) * n;
            for (size_t j = 0; j < n; j++) {
                sum += gsl_matrix_get(m->chains[c]->P, i, j);
                row[j] = sum;
            }
            row[n - 1] = 1.0; /* the last state takes any round-off */
        }
}

static bool build_chains(ts_exec_model *m, const ts_scenario *sc,
                         const ts_values *base, const ts_slots *s,
                         const double *x)
{
    double dt = ts_scenario_dt(sc);
    if (!(m->chains[m->n_chains++] = ts_chain_create(base, dt)))
        return false;
    for (size_t e = 0; e < m->n; e++) {
        const ts_executive *ex = &sc->execs[e];
        m->start[e] = ex->pool_index;
        m->count[e] = ex->is_group ? (size_t)ex->count.value : 1;
        m->chain_of[e] = 0;
        if (!overrides(ex))
            continue;
        if (!(m->chains[m->n_chains] = override_chain(base, ex, dt, s, x)))
            return false;
        m->chain_of[e] = m->n_chains++;
    }
    return true;
}

ts_exec_model *ts_exec_model_create(const ts_scenario *sc,
                                    const ts_values *pools, const ts_slots *s,
                                    const double *x)
{
    ts_exec_model *m = calloc(1, sizeof *m);
    ts_values *base = default_values(sc, pools, s, x);
    if (!m || !base)
        goto fail;
    size_t n = sc->n_pools + 1;
    m->K = sc->n_pools;
    m->n = sc->n_execs;
    m->start = calloc(m->n + 1, sizeof *m->start);
    m->count = calloc(m->n + 1, sizeof *m->count);
    m->chain_of = calloc(m->n + 1, sizeof *m->chain_of);
    m->chains = calloc(m->n + 1, sizeof *m->chains);
    if (!m->start || !m->count || !m->chain_of || !m->chains ||
        !build_chains(m, sc, base, s, x))
        goto fail;
    if (!(m->cum = malloc(m->n_chains * n * n * sizeof *m->cum)))
        goto fail;
    fill_cumulative(m);
    ts_values_destroy(base);
    return m;
fail:
    ts_values_destroy(base);
    ts_exec_model_destroy(m);
    return NULL;
}

void ts_exec_model_destroy(ts_exec_model *m)
{
    if (!m)
        return;
    for (size_t c = 0; c < m->n_chains; c++)
        ts_chain_destroy(m->chains[c]);
    free(m->chains);
    free(m->start);
    free(m->count);
    free(m->chain_of);
    free(m->cum);
    free(m);
}
