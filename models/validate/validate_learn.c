/* `learn` (SPEC section 11) checked against the scenario: each path a
 * parameter the run uses, named once, at most TS_MAX_LEARN of them; its
 * distribution in the file that learns it is its prior, whose support
 * lies in the parameter's valid range; a number a later variant or a
 * --set gives fixes it. And what the record adds for learning: a
 * headcount said both in `observed` and in `history.headcounts`. */
#include "models/validate/checks.h"

#include <math.h>
#include <string.h>

#include "models/base/date.h"
#include "models/load/param_path.h"

/* The prior's support [lo, hi] within the parameter's range (its ends
 * carry no probability, so an open end may meet them). */
static ts_status prior_support(const ts_learn_param *l, const ts_dist *p,
                               const ts_range *r, ts_diags *d)
{
    char range[64], prior[96];
    ts_range_format(r, range, sizeof range);
    ts_dist_format(p, prior, sizeof prior);
    double lo, hi;
    switch (p->kind) {
    case TS_DIST_NORMAL:
        if (isinf(r->lo) && isinf(r->hi))
            return TS_OK;
        return ts_diag_add(d, l->mark, "'%s' is learnt, and its prior %s "
                           "reaches outside %s: give a prior inside it "
                           "(beta, uniform or triangular)", l->path, prior,
                           range);
    case TS_DIST_LOGNORMAL:
        if (r->lo == 0 && isinf(r->hi))
            return TS_OK;
        return ts_diag_add(d, l->mark, "'%s' is learnt, and a lognormal "
                           "prior is for a parameter bounded below by 0 "
                           "alone; %s is not: give a beta, uniform or "
                           "triangular prior inside it", l->path, range);
    case TS_DIST_BETA:
        lo = 0;
        hi = 1;
        break;
    case TS_DIST_UNIFORM:
        lo = p->a[0];
        hi = p->a[1];
        break;
    default: /* triangular */
        lo = p->a[0];
        hi = p->a[2];
        break;
    }
    if (lo >= r->lo && hi <= r->hi)
        return TS_OK;
    return ts_diag_add(d, l->mark, "'%s' is learnt, and its prior %s "
                       "reaches outside %s", l->path, prior, range);
}

/* One path: what it names, and its prior. */
static ts_status check_entry(ts_scenario *sc, ts_learn_param *l,
                             size_t learn_rank, ts_diags *d)
{
    const char *key;
    const ts_range *range;
    ts_param *p = ts_param_path_param(sc, l->path, l->mark, &key, &range, d);
    if (!p)
        return TS_EINPUT;
    l->target = p;
    if (ts_param_path_is_executive(l->path) && sc->n_execs == 0)
        return ts_diag_add(d, l->mark, "'%s' is learnt, but no part of the "
                           "run uses it: the scenario follows no executive",
                           l->path);
    size_t rank = ts_sources_index(&sc->sources, p->mark.file);
    if (p->given && p->dist.kind == TS_DIST_NONE) {
        /* a number a later variant or a --set wrote fixes it */
        if (rank < learn_rank || (rank != SIZE_MAX && p->mark.line == 0 &&
                                  rank > learn_rank)) {
            l->fixed = true;
            return TS_OK;
        }
        if (rank == learn_rank)
            return ts_diag_add(d, l->mark, "'%s' is learnt, but the file "
                               "gives it a plain number (line %zu): give a "
                               "distribution, its prior (e.g. {beta: [2, "
                               "8]})", l->path, p->mark.line);
    }
    if (!p->given || p->dist.kind == TS_DIST_NONE)
        return ts_diag_add(d, l->mark, "'%s' is learnt, but its value is %s: "
                           "give it a distribution, its prior, in the file "
                           "that learns it", l->path,
                           !p->given ? "a default" : "a base's number");
    return prior_support(l, &p->dist, range, d);
}

/* A pool's headcount at one date observed twice: in `observed` (with
 * its sd, for fit and learning) and in the record's headcounts. */
static ts_status headcounts_once(const ts_scenario *sc, ts_diags *d)
{
    const ts_record *r = sc->record;
    ts_status st = TS_OK;
    for (size_t i = 0; r && i < r->n_headcounts; i++) {
        const ts_record_headcount *h = &r->headcounts[i];
        if (!h->pool) /* an entry whose mistake was reported reading it */
            continue;
        for (size_t j = 0; j < sc->n_observed; j++) {
            const ts_observation *o = &sc->observed[j];
            if (o->broken || o->kind != TS_OBSERVED_HEADCOUNT ||
                o->pool_index >= sc->n_pools ||
                !sc->pools[o->pool_index].id ||
                strcmp(sc->pools[o->pool_index].id, h->pool) != 0 ||
                ts_scenario_step_month(sc, o->step_from) != h->at)
                continue;
            char at[16];
            ts_month_format(h->at, at, sizeof at);
            st = ts_diag_add(d, h->mark, "the headcount of %s at %s is "
                             "both in observed (line %zu) and in "
                             "history.headcounts: keep it in one",
                             h->pool, at, o->mark.line);
        }
    }
    return st;
}

ts_status ts_validate_learn(ts_scenario *sc, ts_diags *d)
{
    ts_status st = headcounts_once(sc, d);
    size_t learn_rank = ts_sources_index(&sc->sources, sc->learn_mark.file);
    for (size_t i = 0; i < sc->n_learn; i++) {
        ts_learn_param *l = &sc->learn[i];
        bool again = false;
        for (size_t j = 0; j < i && !again; j++)
            again = strcmp(sc->learn[j].path, l->path) == 0;
        if (again)
            st = ts_diag_add(d, l->mark, "'%s' is learnt twice", l->path);
        else if (check_entry(sc, l, learn_rank, d) != TS_OK)
            st = TS_EINPUT;
    }
    return st;
}
