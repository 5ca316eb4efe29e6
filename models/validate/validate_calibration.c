/* Validation of calibration and planning: observations (what, of which
 * pools, when: dates on the step grid inside the run), the parameters
 * `fit` estimates (paths, bounds, starts) and the `target` headcounts. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/validate/checks.h"
#include "models/load/param_path.h"

static ts_status observed_kind(ts_observation *o, ts_diags *d)
{
    int n = o->headcount.given + o->inflow.given + o->flow.given;
    if (n != 1)
        return ts_diag_add(d, o->mark, "an observation gives exactly one of "
                           "headcount, inflow or flow");
    o->kind = o->headcount.given ? TS_OBSERVED_HEADCOUNT
              : o->inflow.given  ? TS_OBSERVED_INFLOW
                                 : TS_OBSERVED_FLOW;
    return TS_OK;
}

static ts_status observed_pools(const ts_scenario *sc, ts_observation *o,
                                ts_diags *d)
{
    if (o->kind == TS_OBSERVED_FLOW) {
        if (!o->from.s || !o->to.s || o->pool.s)
            return ts_diag_add(d, o->value_mark, "a flow needs from and to "
                               "(and no pool)");
        if (ts_check_pool_id(sc, o->from.s, o->from.mark, true,
                             "from of an observation", &o->from_index,
                             d) != TS_OK ||
            ts_check_pool_id(sc, o->to.s, o->to.mark, true,
                             "to of an observation", &o->to_index,
                             d) != TS_OK)
            return TS_EINPUT;
        return o->from_index != o->to_index
                   ? TS_OK
                   : ts_diag_add(d, o->to.mark, "a flow goes from one pool "
                                 "to another");
    }
    if (!o->pool.s || o->from.s || o->to.s)
        return ts_diag_add(d, o->value_mark, "a %s needs pool (and no from "
                           "or to)", o->kind == TS_OBSERVED_HEADCOUNT
                                         ? "headcount" : "inflow");
    return ts_check_pool_id(sc, o->pool.s, o->pool.mark,
                            o->kind == TS_OBSERVED_HEADCOUNT,
                            "pool of an observation", &o->pool_index, d);
}

static ts_status observed_dates(const ts_scenario *sc, ts_observation *o,
                                ts_diags *d)
{
    if (o->kind == TS_OBSERVED_HEADCOUNT) {
        if (!o->at.given || o->has_period)
            return ts_diag_add(d, o->value_mark, "a headcount needs at: "
                               "YYYY-MM (and no period)");
        if (ts_dated_step(sc, &o->at, "at", true, &o->step_from, d) != TS_OK)
            return TS_EINPUT;
        o->step_to = o->step_from;
        return TS_OK;
    }
    if (!o->has_period || o->at.given)
        return ts_diag_add(d, o->value_mark, "an %s needs period: [first, "
                           "end) (and no at)", o->kind == TS_OBSERVED_INFLOW
                                                   ? "inflow" : "flow");
    return ts_dated_span(sc, o->period, o->period_mark, "period", false,
                         &o->step_from, &o->step_to, d);
}

/* A fitted parameter: a number the file gives, bounds inside its range,
 * a start inside the bounds. */
static ts_status check_fit_param(ts_scenario *sc, ts_fit_param *f,
                                 ts_diags *d)
{
    const char *key;
    const ts_range *range;
    ts_param *p = ts_param_path_param(sc, f->path, f->mark, &key, &range, d);
    if (!p)
        return TS_EINPUT;
    if (p->dist.kind != TS_DIST_NONE)
        return ts_diag_add(d, f->mark, "'%s' is a distribution; fit "
                           "estimates a number: write one there", f->path);
    /* fitted.yaml writes the estimate where the file has the value */
    if (!p->given)
        return ts_diag_add(d, f->mark, "'%s': give %s in the file (a "
                           "starting guess) to fit it", f->path, key);
    double lo = f->bounds[0].value, hi = f->bounds[1].value;
    if (!(lo < hi))
        return ts_diag_add(d, f->bounds_mark, "bounds of '%s' must be [lo, "
                           "hi] with lo < hi, got [%g, %g]", f->path, lo, hi);
    char r[64];
    ts_range_format(range, r, sizeof r);
    if (!ts_range_contains(range, lo) || !ts_range_contains(range, hi))
        return ts_diag_add(d, f->bounds_mark, "bounds of '%s' must lie in %s",
                           f->path, r);
    if (f->start.given && !(f->start.value > lo && f->start.value < hi))
        return ts_diag_add(d, f->start.mark, "start of '%s' must lie inside "
                           "its bounds (%g, %g)", f->path, lo, hi);
    f->target = p;
    return TS_OK;
}

/* Whether the record holds what an executive's rate is learnt from:
 * moves complete from the start to an as_of after it, or sightings. */
static bool record_has_data(const ts_scenario *sc)
{
    const ts_record *r = sc->record;
    return r && ((r->has_as_of && r->as_of > sc->start) || r->n_seen > 0);
}

/* Fitting an executive's rate needs the record, and weighs the
 * aggregates against its likelihood: each needs its sd. */
static ts_status check_fit_record(const ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    bool any = false;
    for (size_t i = 0; i < sc->n_fit; i++) {
        if (!ts_param_path_is_executive(sc->fit[i].path))
            continue;
        any = true;
        if (!record_has_data(sc))
            st = ts_diag_add(d, sc->fit[i].mark, "'%s' is an executive's "
                             "rate: fitting it needs the record of their "
                             "moves (history.as_of after the start, with its "
                             "moves) or sightings (history.seen)",
                             sc->fit[i].path);
    }
    for (size_t i = 0; any && i < sc->n_observed; i++)
        if (!sc->observed[i].has_sd && !sc->observed[i].broken)
            st = ts_diag_add(d, sc->observed[i].value_mark, "with an "
                             "executive's rate fitted, each observation is "
                             "weighed against the record's likelihood: give "
                             "it an sd ({value: V, sd: S}) or a range");
    return st;
}

static ts_status check_fit(ts_scenario *sc, ts_diags *d)
{
    ts_status st = check_fit_record(sc, d);
    for (size_t i = 0; i < sc->n_fit; i++) {
        for (size_t j = 0; j < i; j++)
            if (strcmp(sc->fit[i].path, sc->fit[j].path) == 0)
                return ts_diag_add(d, sc->fit[i].mark, "'%s' is fitted "
                                   "twice", sc->fit[i].path);
        if (check_fit_param(sc, &sc->fit[i], d) != TS_OK)
            st = TS_EINPUT;
    }
    return st;
}

/* target: pool -> headcount, kept in pool order (NaN: no target). */
static ts_status check_targets(ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < sc->n_targets; i++) {
        size_t pool;
        if (ts_check_pool_id(sc, sc->target_ids[i], sc->target_marks[i],
                             false, "target", &pool, d) != TS_OK) {
            st = TS_EINPUT;
            continue;
        }
        if (!(sc->targets[i].value >= 0))
            st = ts_diag_add(d, sc->targets[i].mark, "a target headcount "
                             "must be at least 0, got %g",
                             sc->targets[i].value);
        for (size_t j = 0; j < i; j++)
            if (strcmp(sc->target_ids[i], sc->target_ids[j]) == 0)
                st = ts_diag_add(d, sc->target_marks[i], "pool '%s' has two "
                                 "targets", sc->target_ids[i]);
    }
    return st;
}

ts_status ts_validate_calibration(ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < sc->n_observed; i++) {
        ts_observation *o = &sc->observed[i];
        if (o->broken)
            continue;
        if (observed_kind(o, d) != TS_OK || observed_pools(sc, o, d) != TS_OK ||
            observed_dates(sc, o, d) != TS_OK)
            st = TS_EINPUT;
    }
    if (check_fit(sc, d) != TS_OK)
        st = TS_EINPUT;
    if (check_targets(sc, d) != TS_OK)
        st = TS_EINPUT;
    return st;
}
