#include "sim/exec/mixture.h"

#include <stdlib.h>
#include <string.h>

#include "sim/engine/pull.h"
#include "sim/exec/teams.h"

ts_schedule *ts_mixture_schedule_alloc(const ts_schedule *sch)
{
    if (!sch)
        return NULL;
    ts_schedule *s = calloc(1, sizeof *s);
    if (s && !(s->items = calloc(sch->n + sch->n_shock + 1,
                                 sizeof *s->items))) {
        free(s);
        return NULL;
    }
    return s;
}

void ts_mixture_schedule_free(ts_schedule *s)
{
    if (s)
        free(s->items);
    free(s);
}

const ts_schedule *ts_mixture_schedule_at(const ts_schedule *sch,
                                          const ts_shock_starts *starts,
                                          const size_t *start,
                                          ts_schedule *room)
{
    if (!sch)
        return NULL;
    ts_schedule_with_starts(sch, start, starts->lasts, room);
    return room;
}

void ts_mixture_destroy(ts_mixture *m)
{
    if (!m)
        return;
    for (size_t c = 0; m->timeline && c < m->n; c++)
        ts_timeline_destroy(m->timeline[c]);
    for (size_t c = 0; m->execs && c < m->n; c++)
        ts_exec_model_destroy(m->execs[c]);
    free(m->timeline);
    free(m->execs);
    free(m->weight);
    ts_shock_starts_destroy(m->starts);
    free(m);
}

/* Scratch space and sums while the combinations are added up. */
typedef struct mix_work {
    const ts_mix_input *in;
    ts_mixture *m;
    ts_schedule *room;         /* a combination's schedule */
    size_t *start;             /* a combination's starts */
    double *chance;            /* per shock */
    double *transfers;         /* steps x n x n; NULL without teams */
    ts_projection *p;          /* the sum */
    ts_exec_exact *xe;         /* the sum */
} mix_work;

/* Combination c: its step matrices, projection with followers and exact
 * executive results, added with weight w. */
static bool add_combination(mix_work *w, size_t c)
{
    const ts_mix_input *in = w->in;
    double weight = ts_shock_combo(w->m->starts, c, w->chance, w->start);
    w->m->weight[c] = weight;
    if (weight == 0 && !w->m->kept)
        return true;
    const ts_schedule *sch = ts_mixture_schedule_at(in->sch, w->m->starts,
                                                    w->start, w->room);
    size_t bad;
    ts_timeline *t = ts_timeline_create_scheduled(in->sc, in->slots, sch,
                                                  in->x, in->ev, &bad);
    ts_exec_model *em = in->execs ? ts_exec_model_create(in->sc, in->slots,
                                                         sch, in->x, in->ev)
                                  : NULL;
    bool ok = t && (!in->execs || em);
    if (ok && w->transfers) {
        size_t n = t->K + 1;
        memset(w->transfers, 0, t->steps * n * n * sizeof *w->transfers);
        ts_team_transfers(em, w->transfers);
    }
    ts_projection *pc = NULL;
    if (ok)
        pc = ts_pull_any(in->v)
                 ? ts_pull_project(t, in->v, w->transfers, NULL, NULL)
                 : ts_projection_create_with(t, in->v, w->transfers, true);
    ts_exec_exact *xc = ok && w->xe ? ts_exec_exact_create(
                                          em, in->claims, in->sc->horizon)
                                    : NULL;
    ok = ok && pc && (!w->xe || xc);
    if (ok) {
        ts_projection_add(w->p, pc, weight);
        if (xc)
            ts_exec_exact_add(w->xe, xc, weight);
    }
    ts_projection_destroy(pc);
    ts_exec_exact_destroy(xc);
    if (ok && w->m->kept) {
        w->m->timeline[c] = t;
        w->m->execs[c] = em;
    } else {
        ts_timeline_destroy(t);
        ts_exec_model_destroy(em);
    }
    return ok;
}

static bool work_init(mix_work *w, const ts_mix_input *in, bool keep)
{
    const ts_scenario *sc = in->sc;
    size_t n = sc->n_pools + 1, S = sc->n_shocks + 1;
    ts_mixture *m = w->m = calloc(1, sizeof *m);
    if (!m || !(m->starts = ts_shock_starts_create(sc)))
        return false;
    m->n = m->starts->n_combos;
    m->kept = keep && m->n <= TS_MIX_KEEP_MAX;
    m->weight = calloc(m->n, sizeof *m->weight);
    if (m->kept) {
        m->timeline = calloc(m->n, sizeof *m->timeline);
        m->execs = calloc(m->n, sizeof *m->execs);
    }
    w->start = calloc(S, sizeof *w->start);
    w->chance = calloc(S, sizeof *w->chance);
    w->room = ts_mixture_schedule_alloc(in->sch);
    if (ts_scenario_n_teams(sc) > 0)
        w->transfers = calloc(sc->horizon * n * n, sizeof *w->transfers);
    w->p = ts_projection_create_zero(n, sc->horizon);
    if (!m->weight || (m->kept && (!m->timeline || !m->execs)) ||
        !w->start || !w->chance || (in->sch && !w->room) || !w->p ||
        (ts_scenario_n_teams(sc) > 0 && !w->transfers))
        return false;
    ts_shock_chances(sc, in->slots, in->x, w->chance);
    return true;
}

/* The combination's zero exact results need a model to size them: the
 * first combination's. */
static bool exact_zero(mix_work *w)
{
    const ts_mix_input *in = w->in;
    if (!in->claims || !in->execs)
        return true;
    ts_exec_model *em = ts_exec_model_create(in->sc, in->slots, in->sch,
                                             in->x, in->ev);
    w->xe = em ? ts_exec_exact_create_zero(em, in->claims, in->sc->horizon)
               : NULL;
    ts_exec_model_destroy(em);
    return w->xe != NULL;
}

ts_status ts_mixture_compute(const ts_mix_input *in, bool keep,
                             ts_mixture **mix, ts_projection **p,
                             ts_exec_exact **xe)
{
    mix_work w = {.in = in};
    bool ok = work_init(&w, in, keep) && exact_zero(&w);
    for (size_t c = 0; ok && c < w.m->n; c++)
        ok = add_combination(&w, c);
    if (ok && w.xe) {
        /* the starting pools do not depend on the starts */
        ts_exec_model *em = ts_exec_model_create(in->sc, in->slots, in->sch,
                                                 in->x, in->ev);
        ok = em != NULL;
        if (ok)
            ts_exec_exact_finish(w.xe, em);
        ts_exec_model_destroy(em);
    }
    ts_mixture_schedule_free(w.room);
    free(w.start);
    free(w.chance);
    free(w.transfers);
    if (!ok || !keep || !w.m->kept) {
        ts_mixture_destroy(w.m);
        w.m = NULL;
    }
    if (!ok) {
        ts_projection_destroy(w.p);
        ts_exec_exact_destroy(w.xe);
        return TS_ERUNTIME;
    }
    if (mix)
        *mix = w.m;
    else
        ts_mixture_destroy(w.m);
    *p = w.p;
    if (xe)
        *xe = w.xe;
    else
        ts_exec_exact_destroy(w.xe);
    return TS_OK;
}
