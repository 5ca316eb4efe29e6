/* Validation of the events section: when each event happens (a month on
 * the step grid, or a step, inside the run), what it sets (parameter
 * paths of numbers that can change over time, each value in its range),
 * and every state the events produce: after each event the shares of a
 * `to` still sum to at most 1. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/checks.h"
#include "models/param_path.h"
#include "models/validate.h"

static ts_status resolve_step(const ts_scenario *sc, ts_event *e,
                              ts_diags *d)
{
    char first[16], last[16], got[16];
    ts_month_format(sc->start, first, sizeof first);
    ts_month_format(ts_scenario_step_month(sc, sc->horizon - 1), last,
                    sizeof last);
    if (e->at_step.given) {
        if (e->at_step.value >= (double)sc->horizon)
            return ts_diag_add(d, e->at_step.mark, "event at step %.0f is "
                               "past the last step (%zu)", e->at_step.value,
                               sc->horizon - 1);
        e->step = (size_t)e->at_step.value;
        return TS_OK;
    }
    ts_month m = e->at_month.month;
    ts_month_format(m, got, sizeof got);
    if (m < sc->start)
        return ts_diag_add(d, e->at_month.mark, "event at %s is before the "
                           "start, %s", got, first);
    if (m > ts_scenario_step_month(sc, sc->horizon - 1))
        return ts_diag_add(d, e->at_month.mark, "event at %s is after the "
                           "last step, which starts %s", got, last);
    if ((m - sc->start) % sc->step_months != 0)
        return ts_diag_add(d, e->at_month.mark, "event at %s is not on a %s "
                           "step boundary (steps start at %s)", got,
                           ts_step_name(sc->step_months), first);
    e->step = (size_t)((m - sc->start) / sc->step_months);
    return TS_OK;
}

/* A parameter an event sets must already have a value to change from:
 * inflow and inflow_growth default to 0 and a missing share to 0, but
 * exec_move, exec_to and an executive's move or to follow other
 * parameters until given. */
static ts_status prepare_target(ts_param *p, const char *key,
                                const ts_event_set *set, ts_diags *d)
{
    if (strcmp(key, "headcount") == 0 || strcmp(key, "count") == 0)
        return ts_diag_add(d, set->mark, "'%s': an event cannot set %s, the "
                           "number at the start", set->path, key);
    if (p->given)
        return TS_OK;
    if (strcmp(key, "inflow") == 0 || strcmp(key, "inflow_growth") == 0 ||
        strcmp(key, "share") == 0) {
        p->given = true;
        p->value = 0;
        p->mark = set->mark;
        return TS_OK;
    }
    return ts_diag_add(d, set->mark, "'%s': give %s in the file to change "
                       "it with an event (until then it follows its "
                       "default)", set->path, key);
}

static ts_status resolve_set(ts_scenario *sc, ts_event_set *set, ts_diags *d)
{
    size_t len = strlen(set->path);
    if (len > 8 && strcmp(set->path + len - 8, ".outside") == 0)
        return ts_diag_add(d, set->mark, "'%s': set the shares of the pools "
                           "people go to; 'outside' takes what they leave",
                           set->path);
    const char *key;
    const ts_range *range;
    ts_param *p = ts_param_path_param(sc, set->path, set->mark, &key, &range,
                                      d);
    if (!p || prepare_target(p, key, set, d) != TS_OK)
        return TS_EINPUT;
    return ts_check_param(&set->value, set->path, range, sc->runs, d);
}

/* The same path set twice at the same step would leave which one wins
 * to the order of the file. */
static ts_status check_duplicates(const ts_scenario *sc, ts_diags *d)
{
    for (size_t a = 0; a < sc->n_events; a++)
        for (size_t i = 0; i < sc->events[a].n_sets; i++)
            for (size_t b = 0; b <= a; b++)
                for (size_t j = 0; j < (b == a ? i : sc->events[b].n_sets);
                     j++)
                    if (sc->events[a].step == sc->events[b].step &&
                        strcmp(sc->events[a].sets[i].path,
                               sc->events[b].sets[j].path) == 0)
                        return ts_diag_add(d, sc->events[a].sets[i].mark,
                                           "'%s' is set twice at the same "
                                           "step (also at line %zu)",
                                           sc->events[a].sets[i].path,
                                           sc->events[b].sets[j].mark.line);
    return TS_OK;
}

ts_status ts_resolve_events(ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < sc->n_events; i++) {
        ts_event *e = &sc->events[i];
        if (resolve_step(sc, e, d) != TS_OK)
            st = TS_EINPUT;
        if (ts_check_param(&e->ramp, "ramp",
                           &ts_field_find(&ts_event_fields, "ramp")->range,
                           sc->runs, d) != TS_OK)
            st = TS_EINPUT;
        for (size_t k = 0; k < e->n_sets; k++)
            if (resolve_set(sc, &e->sets[k], d) != TS_OK)
                st = TS_EINPUT;
    }
    if (st == TS_OK)
        st = check_duplicates(sc, d);
    return st;
}

/* ---- the states events produce ------------------------------------ */

/* The largest value share s can have in the state after the events up
 * to step `step`: the latest event's value, else its own. */
static double share_top_at(const ts_scenario *sc, const ts_shares *shares,
                           size_t k, size_t step)
{
    const ts_param *p = &shares->items[k].share;
    size_t latest = 0;
    bool found = false;
    const ts_param *value = p;
    for (size_t i = 0; i < sc->n_events; i++) {
        const ts_event *e = &sc->events[i];
        if (e->step > step || (found && e->step < latest))
            continue;
        for (size_t j = 0; j < e->n_sets; j++) {
            const char *key;
            const ts_range *range;
            ts_diags quiet;
            ts_diags_init(&quiet);
            /* the paths were resolved already: no message can come */
            if (ts_param_path_param((ts_scenario *)sc, e->sets[j].path,
                                    e->sets[j].mark, &key, &range,
                                    &quiet) == p) {
                value = &e->sets[j].value;
                latest = e->step;
                found = true;
            }
        }
    }
    return value->dist.kind == TS_DIST_NONE
               ? value->value
               : ts_dist_quantile(&value->dist, 1 - 1e-6);
}

static ts_status check_state(const ts_scenario *sc, const ts_shares *shares,
                             const char *where, const ts_event *e,
                             ts_diags *d)
{
    double sum = 0;
    for (size_t k = 0; k < shares->n; k++)
        if (shares->items[k].dest_index != sc->n_pools)
            sum += share_top_at(sc, shares, k, e->step);
    if (sum > 1 + TS_SHARE_SUM_TOL)
        return ts_diag_add(d, e->set_mark, "after this event the shares in "
                           "%s can sum to %.4g, above 1", where, sum);
    return TS_OK;
}

ts_status ts_validate_events(const ts_scenario *sc, ts_diags *d)
{
    char where[300];
    for (size_t i = 0; i < sc->n_events; i++) {
        const ts_event *e = &sc->events[i];
        for (size_t p = 0; p < sc->n_pools; p++) {
            snprintf(where, sizeof where, "to of '%s'", sc->pools[p].id);
            if (check_state(sc, &sc->pools[p].to, where, e, d) != TS_OK)
                return TS_EINPUT;
            snprintf(where, sizeof where, "exec_to of '%s'",
                     sc->pools[p].id);
            if (check_state(sc, &sc->pools[p].exec_to, where, e, d) != TS_OK)
                return TS_EINPUT;
        }
        for (size_t x = 0; x < sc->n_execs; x++) {
            snprintf(where, sizeof where, "to of executive '%s'",
                     sc->execs[x].name.s);
            if (check_state(sc, &sc->execs[x].to, where, e, d) != TS_OK)
                return TS_EINPUT;
        }
    }
    return TS_OK;
}
