#include "sim/exec/exec_model.h"

#include <stdlib.h>
#include <string.h>

/* The executives' parameters of every pool, as ts_values whose retention
 * is 1 - exec_move (so the chain's hazard is -ln(1 - exec_move)); the
 * defaults come from the pools' values of the same step. */
static void default_values(const ts_scenario *sc, const ts_values *pools,
                           const ts_slots *s, const double *xk, ts_values *v)
{
    size_t K = sc->n_pools;
    for (size_t i = 0; i < K; i++) {
        const ts_pool *p = &sc->pools[i];
        double *row = v->share + i * (K + 1);
        v->retention[i] = p->exec_move.given
                              ? 1 - ts_slots_value(s, xk, &p->exec_move)
                              : pools->retention[i];
        if (p->exec_to.given)
            ts_values_share_row(&p->exec_to, K, s, xk, row);
        else
            memcpy(row, pools->share + i * (K + 1), (K + 1) * sizeof *row);
    }
}

static bool overrides(const ts_executive *e)
{
    return e->move.given || e->to.given;
}

/* The chain of an executive who overrides move or to for its pool. */
static ts_chain *override_chain(const ts_values *base, const ts_executive *e,
                                double dt, const ts_slots *s,
                                const double *xk, ts_values *v, bool p_only)
{
    size_t K = base->K, i = e->pool_index;
    memcpy(v->retention, base->retention, K * sizeof *v->retention);
    memcpy(v->share, base->share, K * (K + 1) * sizeof *v->share);
    if (e->move.given)
        v->retention[i] = 1 - ts_slots_value(s, xk, &e->move);
    if (e->to.given)
        ts_values_share_row(&e->to, K, s, xk, v->share + i * (K + 1));
    return p_only ? ts_chain_create_p(v, dt) : ts_chain_create(v, dt);
}

/* Slots whose change changes the executives' chains (stocks and inflows
 * do not). */
static bool moves_executives(const ts_slot *slot)
{
    return slot->kind != TS_SLOT_HEADCOUNT && slot->kind != TS_SLOT_INFLOW &&
           slot->kind != TS_SLOT_GROWTH;
}

static bool same_state(const ts_slots *s, const double *a, const double *b)
{
    for (size_t i = 0; i < s->n; i++)
        if (moves_executives(&s->items[i]) && a[i] != b[i])
            return false;
    return true;
}

/* Scratch space for building the states. */
typedef struct build {
    ts_values *pools, *base, *own;
    double *xk, *prev;
    bool p_only;          /* P alone (a fit's likelihood), no Phi */
} build;

static void build_free(build *b)
{
    ts_values_destroy(b->pools);
    ts_values_destroy(b->base);
    ts_values_destroy(b->own);
    free(b->xk);
    free(b->prev);
}

/* The chains of a new state from step k's values. */
static bool add_state(ts_exec_model *m, const ts_scenario *sc,
                      const ts_slots *s, build *b)
{
    double dt = ts_scenario_dt(sc);
    ts_chain **row = m->chains + m->n_states * m->n_classes;
    default_values(sc, b->pools, s, b->xk, b->base);
    row[0] = b->p_only ? ts_chain_create_p(b->base, dt)
                       : ts_chain_create(b->base, dt);
    if (!row[0])
        return false;
    for (size_t e = 0; e < m->n; e++)
        if (m->class_of[e] != 0 &&
            !(row[m->class_of[e]] =
                  override_chain(b->base, &sc->execs[e], dt, s, b->xk,
                                 b->own, b->p_only)))
            return false;
    m->n_states++;
    return true;
}

static bool build_states(ts_exec_model *m, const ts_scenario *sc,
                         const ts_slots *s, const ts_schedule *sch,
                         const double *x, const double *ev)
{
    size_t K = sc->n_pools;
    build b = {ts_values_create(K), ts_values_create(K), ts_values_create(K),
               malloc((s->n + 1) * sizeof(double)),
               malloc((s->n + 1) * sizeof(double)), false};
    bool ok = b.pools && b.base && b.own && b.xk && b.prev;
    for (size_t k = 0; ok && k < m->steps; k++) {
        /* drawn shares were checked when the pools' timeline was made */
        ts_schedule_values(sc, s, sch, x, ev, k, b.xk, b.pools);
        if (k > 0 && same_state(s, b.xk, b.prev)) {
            m->state_of_step[k] = m->state_of_step[k - 1];
            continue;
        }
        m->state_of_step[k] = m->n_states;
        ok = add_state(m, sc, s, &b);
        memcpy(b.prev, b.xk, s->n * sizeof *b.prev);
    }
    build_free(&b);
    return ok;
}

static void fill_cumulative(ts_exec_model *m)
{
    size_t n = m->K + 1;
    for (size_t c = 0; c < m->n_states * m->n_classes; c++)
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

static bool alloc_model(ts_exec_model *m, const ts_scenario *sc)
{
    m->K = sc->n_pools;
    m->n = sc->n_execs;
    m->steps = sc->horizon;
    m->start = calloc(m->n + 1, sizeof *m->start);
    m->count = calloc(m->n + 1, sizeof *m->count);
    m->class_of = calloc(m->n + 1, sizeof *m->class_of);
    m->team_size = calloc(m->n + 1, sizeof *m->team_size);
    m->team_over = calloc(m->n + 1, sizeof *m->team_over);
    m->state_of_step = calloc(m->steps, sizeof *m->state_of_step);
    if (!m->start || !m->count || !m->class_of || !m->state_of_step ||
        !m->team_size || !m->team_over)
        return false;
    m->n_classes = 1;
    for (size_t e = 0; e < m->n; e++) {
        const ts_executive *ex = &sc->execs[e];
        m->start[e] = ex->pool_index;
        m->count[e] = ex->is_group ? (size_t)ex->count.value : 1;
        m->class_of[e] = overrides(ex) ? m->n_classes++ : 0;
    }
    m->chains = calloc(m->steps * m->n_classes, sizeof *m->chains);
    return m->chains != NULL && (m->cohorts = ts_cohorts_create(sc));
}

/* Each entry's pool at as_of: where most of its members are (ties: the
 * first cohort's). */
static bool place_at_as_of(ts_exec_model *m)
{
    const ts_cohorts *cs = m->cohorts;
    size_t *in = calloc(m->K + 1, sizeof *in);
    if (!in)
        return false;
    for (size_t e = 0; e < m->n; e++) {
        size_t best = 0;
        for (size_t c = cs->first[e]; c < cs->first[e + 1]; c++)
            in[cs->items[c].pool] += cs->items[c].count;
        for (size_t c = cs->first[e]; c < cs->first[e + 1]; c++) {
            size_t pool = cs->items[c].pool;
            if (in[pool] > best) {
                best = in[pool];
                m->start[e] = pool;
            }
        }
        for (size_t c = cs->first[e]; c < cs->first[e + 1]; c++)
            in[cs->items[c].pool] = 0;
    }
    free(in);
    return true;
}

bool ts_exec_model_set_values(ts_exec_model *m, const ts_scenario *sc,
                              const ts_slots *s, const ts_schedule *sch,
                              const double *x, const double *ev)
{
    size_t K = sc->n_pools, done = 0;
    build b = {ts_values_create(K), ts_values_create(K), ts_values_create(K),
               malloc((s->n + 1) * sizeof(double)), NULL, true};
    bool ok = b.pools && b.base && b.own && b.xk;
    for (size_t k = 0; ok && k < m->steps && done < m->n_states; k++) {
        size_t st = m->state_of_step[k];
        if (k > 0 && m->state_of_step[k - 1] >= st)
            continue; /* not this state's first step */
        ts_schedule_values(sc, s, sch, x, ev, k, b.xk, b.pools);
        ts_chain **row = m->chains + st * m->n_classes;
        for (size_t c = 0; c < m->n_classes; c++)
            ts_chain_destroy(row[c]);
        memset(row, 0, m->n_classes * sizeof *row);
        size_t saved = m->n_states;
        m->n_states = st; /* add_state writes the row of state n_states */
        ok = add_state(m, sc, s, &b);
        m->n_states = saved;
        done++;
    }
    build_free(&b);
    if (ok)
        fill_cumulative(m);
    return ok;
}

ts_exec_model *ts_exec_model_create(const ts_scenario *sc,
                                    const ts_slots *s,
                                    const ts_schedule *sch, const double *x,
                                    const double *ev)
{
    ts_exec_model *m = calloc(1, sizeof *m);
    if (!m || !alloc_model(m, sc) || !build_states(m, sc, s, sch, x, ev))
        goto fail;
    if (!place_at_as_of(m))
        goto fail;
    for (size_t e = 0; e < m->n; e++) {
        const ts_team *t = &sc->execs[e].team;
        m->team_size[e] = t->given ? ts_slots_value(s, x, &t->size) : 0;
        m->team_over[e] = t->given && t->over.given ? (size_t)t->over.value
                                                    : 1;
    }
    size_t n = m->K + 1;
    if (!(m->cum = malloc(m->n_states * m->n_classes * n * n *
                          sizeof *m->cum)))
        goto fail;
    fill_cumulative(m);
    return m;
fail:
    ts_exec_model_destroy(m);
    return NULL;
}

void ts_exec_model_destroy(ts_exec_model *m)
{
    if (!m)
        return;
    /* a state that failed half-way left some chains: free every one */
    for (size_t c = 0; m->chains && c < m->steps * m->n_classes; c++)
        ts_chain_destroy(m->chains[c]);
    free(m->chains);
    free(m->start);
    free(m->count);
    free(m->class_of);
    free(m->team_size);
    free(m->team_over);
    free(m->state_of_step);
    free(m->cum);
    ts_cohorts_destroy(m->cohorts);
    free(m);
}
