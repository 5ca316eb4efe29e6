/* Validation of the events section: when each event happens (a month on
 * the step grid, or a step, inside the run), what it sets (parameter
 * paths of numbers that can change over time, each value in its range),
 * and every state the events produce: after each event the shares of a
 * `to` still sum to at most 1. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/validate/checks.h"
#include "models/scenario/distribution.h"
#include "models/base/limits.h"
#include "models/load/param_path.h"
#include "models/validate/validate.h"

static ts_status resolve_step(const ts_scenario *sc, ts_event *e,
                              ts_diags *d)
{
    return ts_dated_step(sc, &e->at, "event at", false, &e->step, d);
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
    if (strcmp(key, "pull") == 0)
        return ts_diag_add(d, set->mark, "'%s': an event or a shock cannot "
                           "set a pull; give it in the file", set->path);
    if (strcmp(key, "chance") == 0 || strcmp(key, "lasts") == 0 ||
        strcmp(key, "size") == 0 || strcmp(key, "over") == 0)
        return ts_diag_add(d, set->mark, "'%s': an event or a shock cannot "
                           "set a shock's %s or a team's; give it in the "
                           "file", set->path, key);
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

ts_status ts_resolve_event_set(ts_scenario *sc, ts_event_set *set,
                               ts_diags *d)
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
 * to the order of the file. Sorted by (step, path), so a file with many
 * events is checked in n log n. */
typedef struct set_ref {
    size_t step;
    const ts_event_set *set;
} set_ref;

static int by_step_path(const void *a, const void *b)
{
    const set_ref *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    int c = strcmp(x->set->path, y->set->path);
    if (c != 0)
        return c;
    /* the later one in the file is reported */
    return (x->set->mark.line > y->set->mark.line) -
           (x->set->mark.line < y->set->mark.line);
}

static ts_status check_duplicates(const ts_scenario *sc, ts_diags *d)
{
    size_t n = 0;
    for (size_t a = 0; a < sc->n_events; a++)
        n += sc->events[a].n_sets;
    set_ref *refs = malloc((n + 1) * sizeof *refs);
    if (!refs)
        return ts_diag_nomem(d);
    n = 0;
    for (size_t a = 0; a < sc->n_events; a++)
        for (size_t i = 0; i < sc->events[a].n_sets; i++)
            refs[n++] = (set_ref){sc->events[a].step, &sc->events[a].sets[i]};
    qsort(refs, n, sizeof *refs, by_step_path);
    ts_status st = TS_OK;
    for (size_t i = 1; i < n; i++)
        if (refs[i].step == refs[i - 1].step &&
            strcmp(refs[i].set->path, refs[i - 1].set->path) == 0) {
            st = ts_diag_add(d, refs[i].set->mark, "'%s' is set twice at "
                             "the same step (also at line %zu)",
                             refs[i].set->path, refs[i - 1].set->mark.line);
            break;
        }
    free(refs);
    return st;
}

ts_status ts_resolve_events(ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < sc->n_events; i++) {
        ts_event *e = &sc->events[i];
        if (e->broken)
            continue;
        if (resolve_step(sc, e, d) != TS_OK)
            st = TS_EINPUT;
        if (ts_check_param(&e->ramp, "ramp",
                           &ts_field_find(&ts_event_fields, "ramp")->range,
                           sc->runs, d) != TS_OK)
            st = TS_EINPUT;
        for (size_t k = 0; k < e->n_sets; k++)
            if (ts_resolve_event_set(sc, &e->sets[k], d) != TS_OK)
                st = TS_EINPUT;
    }
    if (st == TS_OK)
        st = check_duplicates(sc, d);
    return st;
}

/* ---- the states events produce ------------------------------------ */

/* One event's change of one share of the mapping being checked. */
typedef struct share_change {
    size_t share;              /* index in the mapping */
    size_t step, ramp;
    double top, mean;          /* the new value's largest draw and mean */
    const ts_event *event;
} share_change;

/* What share k is at a step: its own value with its changes up to that
 * step applied in order (SPEC section 1: a ramp moves from the value the
 * step would have had without it). c holds share k's changes only. *top
 * follows the largest draws, for the bound on the sum; *mean the
 * means. */
static void share_at(const ts_param *base, const share_change *c, size_t n,
                     size_t step, double *top, double *mean)
{
    double m = base->value;
    double t = base->dist.kind != TS_DIST_NONE
                   ? ts_dist_quantile(&base->dist, 1 - TS_DIST_TAIL)
                   : m;
    for (size_t i = 0; i < n && c[i].step <= step; i++) {
        size_t j = step - c[i].step;
        if (j + 1 >= c[i].ramp) {
            t = c[i].top;
            m = c[i].mean;
            continue;
        }
        double f = (double)(j + 1) / (double)c[i].ramp;
        t += (c[i].top - t) * f;
        m += (c[i].mean - m) * f;
    }
    *top = t;
    *mean = m;
}

/* By share, then in the order the engine applies them: by step, and at
 * one step in the order of the file. */
static int by_share_step(const void *a, const void *b)
{
    const share_change *x = a, *y = b;
    if (x->share != y->share)
        return x->share < y->share ? -1 : 1;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return (x->event > y->event) - (x->event < y->event);
}

/* Which share of the mapping p is, or SIZE_MAX (compared as addresses:
 * p may point into any mapping). */
static size_t share_index(const ts_shares *shares, const ts_param *p)
{
    uintptr_t at = (uintptr_t)p, first = (uintptr_t)shares->items;
    uintptr_t end = first + shares->n * sizeof *shares->items;
    if (!shares->items || at < first || at >= end)
        return SIZE_MAX;
    return (size_t)(at - first) / sizeof *shares->items;
}

/* The changes that events make to the shares of one mapping, grouped by
 * share (first[k] .. first[k+1]); targets[i] is what set i names. */
static size_t collect_changes(const ts_scenario *sc, const ts_shares *shares,
                              ts_param *const *targets, share_change *out,
                              size_t *first)
{
    size_t n = 0, t = 0;
    for (size_t i = 0; i < sc->n_events; i++) {
        const ts_event *e = &sc->events[i];
        for (size_t j = 0; j < e->n_sets; j++, t++) {
            size_t k = share_index(shares, targets[t]);
            if (k == SIZE_MAX)
                continue;
            const ts_param *v = &e->sets[j].value;
            out[n++] = (share_change){
                k, e->step, e->ramp.given ? (size_t)e->ramp.value : 1,
                v->dist.kind == TS_DIST_NONE
                    ? v->value
                    : ts_dist_quantile(&v->dist, 1 - TS_DIST_TAIL),
                v->value, e};
        }
    }
    qsort(out, n, sizeof *out, by_share_step);
    for (size_t k = 0, i = 0; k <= shares->n; k++) {
        while (i < n && out[i].share < k)
            i++;
        first[k] = i;
    }
    return n;
}

/* The latest change started by `step`: the event the message points at. */
static const ts_event *event_at(const share_change *c, size_t n, size_t step)
{
    const share_change *latest = NULL;
    for (size_t i = 0; i < n; i++)
        if (c[i].step <= step &&
            (!latest || c[i].step > latest->step ||
             (c[i].step == latest->step && c[i].event > latest->event)))
            latest = &c[i];
    return latest ? latest->event : c[0].event;
}

/* The sums of a mapping's shares at one step, with the largest draws
 * (top) and the means; whether outside is named and whether a drawn
 * value is among them. Shares no event changes add the same every step:
 * `fixed` holds them, the loop visits only the changed ones. */
typedef struct share_sums {
    double top, mean;
    bool outside, uncertain;
} share_sums;

static share_sums fixed_sums(const ts_scenario *sc, const ts_shares *shares,
                             const size_t *first)
{
    share_sums f = {0, 0, false, false};
    for (size_t k = 0; k < shares->n; k++) {
        f.outside |= shares->items[k].dest_index == sc->n_pools;
        if (first[k + 1] > first[k])
            continue;
        const ts_param *p = &shares->items[k].share;
        f.mean += p->value;
        f.top += p->dist.kind == TS_DIST_NONE
                     ? p->value
                     : ts_dist_quantile(&p->dist, 1 - TS_DIST_TAIL);
    }
    return f;
}

static share_sums sums_at(const ts_shares *shares, const share_change *c,
                          const size_t *first, share_sums fixed, size_t step)
{
    share_sums s = fixed;
    for (size_t k = 0; k < shares->n; k++) {
        const share_change *ck = c + first[k];
        size_t nk = first[k + 1] - first[k];
        if (nk == 0)
            continue;
        for (size_t i = 0; i < nk && ck[i].step <= step; i++)
            s.uncertain |= ck[i].top != ck[i].mean;
        double top, mean;
        share_at(&shares->items[k].share, ck, nk, step, &top, &mean);
        s.top += top;
        s.mean += mean;
    }
    return s;
}

/* A ramp stays between the values it joins, so no share is ever above
 * the largest of its own top and its changes' tops: when those sum to at
 * most 1, so does every state (the common case, checked at once). */
static bool bound_below_one(const ts_shares *shares, const share_change *c,
                            const size_t *first, share_sums fixed)
{
    double bound = fixed.top;
    for (size_t k = 0; k < shares->n; k++) {
        if (first[k + 1] == first[k])
            continue;
        const ts_param *p = &shares->items[k].share;
        double top = p->dist.kind != TS_DIST_NONE
                         ? ts_dist_quantile(&p->dist, 1 - TS_DIST_TAIL)
                         : p->value;
        for (size_t i = first[k]; i < first[k + 1]; i++) {
            if (c[i].top > top)
                top = c[i].top;
            if (c[i].top != c[i].mean)
                return false; /* a drawn value: say so at its step */
        }
        bound += top;
    }
    return bound <= 1 + TS_SHARE_SUM_TOL;
}

/* The steps at which some change starts or ramps: marks[step] > 0
 * (counted as the prefix sums of +1 at each start, -1 past each end). */
static void mark_steps(const ts_scenario *sc, const share_change *c, size_t n,
                       int *marks)
{
    memset(marks, 0, (sc->horizon + 1) * sizeof *marks);
    for (size_t i = 0; i < n; i++) {
        size_t end = c[i].step + c[i].ramp;
        marks[c[i].step]++;
        marks[end < sc->horizon ? end : sc->horizon]--;
    }
    for (size_t s = 1; s <= sc->horizon; s++)
        marks[s] += marks[s - 1];
}

/* Every step at which a change of this mapping starts or ramps: the
 * state there must be one the file could have written (shares summing
 * to at most 1, and to exactly 1 when outside is named). */
static ts_status check_mapping(const ts_scenario *sc, const ts_shares *shares,
                               const char *where, const share_change *c,
                               const size_t *first, size_t n, int *marks,
                               ts_diags *d)
{
    char date[16];
    mark_steps(sc, c, n, marks);
    share_sums fixed = fixed_sums(sc, shares, first);
    if (!fixed.outside && bound_below_one(shares, c, first, fixed))
        return TS_OK;
    for (size_t step = 0; step < sc->horizon; step++) {
        if (marks[step] <= 0)
            continue;
        share_sums sum = sums_at(shares, c, first, fixed, step);
        bool outside = sum.outside, uncertain = sum.uncertain;
        double top = sum.top, mean = sum.mean;
        const ts_event *e = event_at(c, n, step);
        ts_month_format(ts_scenario_step_month(sc, step), date, sizeof date);
        if (outside && uncertain)
            return ts_diag_add(d, e->set_mark, "this event draws a share of "
                               "%s, which names 'outside': leave 'outside' "
                               "out of it, so that it takes what the drawn "
                               "shares leave", where);
        if (outside && fabs(mean - 1) > TS_SHARE_SUM_TOL)
            return ts_diag_add(d, e->set_mark, "after this event the shares "
                               "in %s sum to %.10g at %s; it names "
                               "'outside', so they must sum to 1 (change "
                               "the other shares in the same event, or "
                               "leave 'outside' out)", where, mean, date);
        if (top > 1 + TS_SHARE_SUM_TOL)
            return ts_diag_add(d, e->set_mark, "after this event the shares "
                               "in %s can sum to %.4g at %s, above 1",
                               where, top, date);
    }
    return TS_OK;
}

/* ---- the states shocks can produce --------------------------------- */

/* A shock's change of one share of the mapping being checked. */
typedef struct shock_change {
    size_t shock, share;
    double top, mean;
} shock_change;

/* Whether shock s can be under way in step k: it starts in [from, to)
 * and lasts `lasts` steps (to the end when not given). */
static bool shock_can_act(const ts_scenario *sc, const ts_shock *s, size_t k)
{
    size_t lasts = s->lasts.given ? (size_t)s->lasts.value : sc->horizon;
    return k >= s->step_from && k < s->step_to - 1 + lasts;
}

static size_t collect_shock_changes(const ts_scenario *sc,
                                    const ts_shares *shares,
                                    ts_param *const *targets,
                                    shock_change *out)
{
    size_t n = 0, t = 0;
    for (size_t i = 0; i < sc->n_shocks; i++) {
        const ts_event *e = &sc->shocks[i].event;
        for (size_t j = 0; j < e->n_sets; j++, t++) {
            size_t k = share_index(shares, targets[t]);
            if (k == SIZE_MAX)
                continue;
            const ts_param *v = &e->sets[j].value;
            out[n++] = (shock_change){
                i, k,
                v->dist.kind == TS_DIST_NONE
                    ? v->value
                    : ts_dist_quantile(&v->dist, 1 - TS_DIST_TAIL),
                v->value};
        }
    }
    return n;
}

/* The shares' sum with the shocks of `active` (a bit per shock) under
 * way, each shock's value winning over the events' and, between shocks,
 * the later in `order` (the file's, or its reverse: which one started
 * last decides). */
static double shock_sum(const ts_shares *shares, const share_change *c,
                        const size_t *first, const shock_change *x,
                        size_t nx, unsigned active, bool reverse,
                        size_t step, bool *uncertain)
{
    double sum = 0;
    for (size_t k = 0; k < shares->n; k++) {
        double top, mean;
        share_at(&shares->items[k].share, c + first[k],
                 first[k + 1] - first[k], step, &top, &mean);
        for (size_t a = 0; a < nx; a++) {
            const shock_change *s = &x[reverse ? nx - 1 - a : a];
            if (s->share == k && (active >> s->shock & 1u)) {
                mean = s->mean;
                *uncertain |= s->top != s->mean;
            }
        }
        sum += mean;
    }
    return sum;
}

/* The largest the shares can sum to in step k with any of the shocks
 * that can be under way then: each share at the largest of its events'
 * value, the shocks' values and the targets of ramps still running (a
 * shock's value can be where a ramp starts from). */
static double shock_bound(const ts_scenario *sc, const ts_shares *shares,
                          const share_change *c, const size_t *first,
                          const shock_change *x, size_t nx, size_t step)
{
    double sum = 0;
    for (size_t k = 0; k < shares->n; k++) {
        double top, mean;
        const share_change *ck = c + first[k];
        size_t nk = first[k + 1] - first[k];
        share_at(&shares->items[k].share, ck, nk, step, &top, &mean);
        bool shocked = false;
        for (size_t a = 0; a < nx; a++)
            if (x[a].share == k &&
                shock_can_act(sc, &sc->shocks[x[a].shock], step)) {
                shocked = true;
                if (x[a].top > top)
                    top = x[a].top;
            }
        for (size_t i = 0; shocked && i < nk; i++)
            if (ck[i].step <= step && step < ck[i].step + ck[i].ramp &&
                ck[i].top > top)
                top = ck[i].top;
        sum += top;
    }
    return sum;
}

/* Which shocks can be under way in step k, as bits; and the first. */
static unsigned acting_shocks(const ts_scenario *sc, const shock_change *x,
                              size_t nx, size_t k, size_t *first_shock)
{
    unsigned bits = 0;
    *first_shock = SIZE_MAX;
    for (size_t a = 0; a < nx; a++)
        if (shock_can_act(sc, &sc->shocks[x[a].shock], k)) {
            bits |= 1u << x[a].shock;
            if (x[a].shock < *first_shock)
                *first_shock = x[a].shock;
        }
    return bits;
}

/* Every state the shocks can produce in this mapping, alone, with each
 * other and with the events: at each step where the shocks that can be
 * under way or the events' values change, the bound on the sum (at most
 * 1) and, where the mapping names outside, the sum with every subset of
 * those shocks under way (exactly 1). */
static ts_status check_shock_states(const ts_scenario *sc,
                                    const ts_shares *shares,
                                    const char *where, const share_change *c,
                                    const size_t *first, const int *marks,
                                    const shock_change *x, size_t nx,
                                    ts_diags *d)
{
    char date[16];
    bool outside = false;
    for (size_t k = 0; k < shares->n; k++)
        outside |= shares->items[k].dest_index == sc->n_pools;
    unsigned before = 0;
    for (size_t step = 0; step < sc->horizon; step++) {
        size_t s0;
        unsigned acting = acting_shocks(sc, x, nx, step, &s0);
        bool changed = acting != before || (marks && marks[step] > 0);
        before = acting;
        if (!acting || !changed)
            continue;
        ts_month_format(ts_scenario_step_month(sc, step), date, sizeof date);
        const ts_event *e = &sc->shocks[s0].event;
        double bound = shock_bound(sc, shares, c, first, x, nx, step);
        if (!outside && bound > 1 + TS_SHARE_SUM_TOL)
            return ts_diag_add(d, e->set_mark, "with shock '%s' under way "
                               "the shares in %s can sum to %.4g at %s, "
                               "above 1", sc->shocks[s0].id.s, where, bound,
                               date);
        for (unsigned sub = acting; outside && sub; sub = (sub - 1) & acting)
            for (int rev = 0; rev < 2; rev++) {
                bool uncertain = false;
                double sum = shock_sum(shares, c, first, x, nx, sub, rev,
                                       step, &uncertain);
                if (uncertain)
                    return ts_diag_add(d, e->set_mark, "this shock draws a "
                                       "share of %s, which names 'outside': "
                                       "leave 'outside' out of it, so that "
                                       "it takes what the drawn shares "
                                       "leave", where);
                if (fabs(sum - 1) > TS_SHARE_SUM_TOL)
                    return ts_diag_add(d, e->set_mark, "with shock '%s' "
                                       "under way the shares in %s sum to "
                                       "%.10g at %s; it names 'outside', so "
                                       "they must sum to 1 (change the "
                                       "other shares in the same shock, or "
                                       "leave 'outside' out)",
                                       sc->shocks[s0].id.s, where, sum, date);
            }
    }
    return TS_OK;
}

/* Scratch space for checking one mapping after another. */
typedef struct state_scratch {
    ts_param **targets;        /* what each event set names */
    ts_param **shock_targets;  /* what each shock set names */
    share_change *changes;     /* one per event set at most */
    shock_change *shock_changes;
    size_t first[TS_MAX_POOLS + 2];
    int *marks;                /* one per step */
} state_scratch;

static ts_status check_shares_over_time(const ts_scenario *sc,
                                        const ts_shares *shares,
                                        const char *where, state_scratch *w,
                                        ts_diags *d)
{
    size_t n = collect_changes(sc, shares, w->targets, w->changes, w->first);
    ts_status st = n == 0 ? TS_OK
                          : check_mapping(sc, shares, where, w->changes,
                                          w->first, n, w->marks, d);
    size_t nx = collect_shock_changes(sc, shares, w->shock_targets,
                                      w->shock_changes);
    if (st != TS_OK || nx == 0)
        return st;
    if (n == 0)
        memset(w->marks, 0, (sc->horizon + 1) * sizeof *w->marks);
    return check_shock_states(sc, shares, where, w->changes, w->first,
                              w->marks, w->shock_changes, nx, d);
}

/* Each path of n events (at `stride` bytes from each other: events, or
 * the events inside shocks) resolved once: what it names. */
static ts_param **resolve_targets(const ts_scenario *sc, const void *first,
                                  size_t n_events, size_t stride,
                                  size_t *n_sets)
{
    size_t n = 0;
    for (size_t i = 0; i < n_events; i++)
        n += ((const ts_event *)((const char *)first + i * stride))->n_sets;
    ts_param **t = calloc(n + 1, sizeof *t);
    if (!t)
        return NULL;
    n = 0;
    for (size_t i = 0; i < n_events; i++) {
        const ts_event *e =
            (const ts_event *)((const char *)first + i * stride);
        for (size_t j = 0; j < e->n_sets; j++) {
            const char *key;
            const ts_range *range;
            ts_diags quiet;
            ts_diags_init(&quiet);
            /* the paths were resolved already: no message can come */
            t[n++] = ts_param_path_param((ts_scenario *)sc, e->sets[j].path,
                                         e->sets[j].mark, &key, &range,
                                         &quiet);
        }
    }
    *n_sets = n;
    return t;
}

ts_status ts_validate_events(const ts_scenario *sc, ts_diags *d)
{
    if (sc->n_events == 0 && sc->n_shocks == 0)
        return TS_OK;
    size_t n_sets, n_shock_sets;
    state_scratch w;
    w.targets = resolve_targets(sc, sc->events, sc->n_events,
                                sizeof *sc->events, &n_sets);
    w.shock_targets = resolve_targets(sc, sc->shocks, sc->n_shocks,
                                      sizeof *sc->shocks, &n_shock_sets);
    w.changes = malloc((n_sets + 1) * sizeof *w.changes);
    w.shock_changes = malloc((n_shock_sets + 1) * sizeof *w.shock_changes);
    w.marks = malloc((sc->horizon + 1) * sizeof *w.marks);
    ts_status st = TS_OK;
    if (!w.targets || !w.shock_targets || !w.changes || !w.shock_changes ||
        !w.marks)
        st = ts_diag_nomem(d);
    char where[300];
    for (size_t p = 0; st == TS_OK && p < sc->n_pools; p++) {
        snprintf(where, sizeof where, "to of '%s'", sc->pools[p].id);
        st = check_shares_over_time(sc, &sc->pools[p].to, where, &w, d);
        snprintf(where, sizeof where, "exec_to of '%s'", sc->pools[p].id);
        if (st == TS_OK)
            st = check_shares_over_time(sc, &sc->pools[p].exec_to, where, &w,
                                        d);
    }
    for (size_t x = 0; st == TS_OK && x < sc->n_execs; x++) {
        snprintf(where, sizeof where, "to of executive '%s'",
                 sc->execs[x].name.s);
        st = check_shares_over_time(sc, &sc->execs[x].to, where, &w, d);
    }
    free(w.targets);
    free(w.shock_targets);
    free(w.changes);
    free(w.shock_changes);
    free(w.marks);
    return st;
}
