/* Validation of the executives and predictions sections: every key's
 * range, which keys go together, pool ids, and windows and dates that
 * fall on step boundaries inside the horizon. Resolves pool indices and
 * the steps of windows and dates. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/validate/checks.h"
#include "models/scenario/distribution.h"
#include "models/base/limits.h"
#include "models/base/suggest.h"

/* The range of a field of table, to check a ts_param against. */
static const ts_range *range_of(const ts_field_table *table, const char *key)
{
    const ts_field *f = ts_field_find(table, key);
    return &f->range;
}

static ts_status check_exec_identity(const ts_scenario *sc, size_t i,
                                     ts_diags *d)
{
    const ts_executive *e = &sc->execs[i];
    if (!e->name.s)
        return ts_diag_add(d, e->mark, "an executive needs a name (one "
                           "person) or a group (a cohort, with count)");
    if (e->is_group && !e->count.given)
        return ts_diag_add(d, e->name.mark, "group '%s' needs count: how "
                           "many executives it holds", e->name.s);
    if (!e->is_group && e->count.given)
        return ts_diag_add(d, e->count.mark, "count is for groups; '%s' is "
                           "one named executive", e->name.s);
    return TS_OK;
}

/* The yearly probability that an executive of e moves from their
 * starting pool: their own move, else the pool's exec_move, else
 * 1 - retention (the mean, for a distribution). */
static double move_chance(const ts_scenario *sc, const ts_executive *e)
{
    const ts_pool *p = &sc->pools[e->pool_index];
    if (e->move.given)
        return e->move.value;
    if (p->exec_move.given)
        return p->exec_move.value;
    return 1 - p->retention.value;
}

/* team: {size, over}: a whole number of people no larger than the pool
 * they leave, behind an executive who can move at all. */
static ts_status check_team(const ts_scenario *sc, const ts_executive *e,
                            ts_diags *d)
{
    const ts_team *t = &e->team;
    if (!t->given)
        return TS_OK;
    ts_status st = TS_OK;
    if (ts_check_param(&t->size, "size", range_of(&ts_team_fields, "size"),
                       sc->runs, d) != TS_OK ||
        ts_check_param(&t->over, "over", range_of(&ts_team_fields, "over"),
                       sc->runs, d) != TS_OK)
        return TS_EINPUT;
    const ts_pool *p = &sc->pools[e->pool_index];
    double top = t->size.dist.kind == TS_DIST_NONE
                     ? t->size.value
                     : ts_dist_quantile(&t->size.dist, 1 - TS_DIST_TAIL);
    if (move_chance(sc, e) == 0)
        st = ts_diag_add(d, t->mark, "'%s' cannot move (a move chance of "
                         "0), so the team would never follow", e->name.s);
    else if (top > p->headcount.value)
        st = ts_diag_add(d, t->size.mark, "a team of %.10g people is larger "
                         "than '%s' (%.10g people at the start), the pool "
                         "it leaves", top, p->id, p->headcount.value);
    return st;
}

static ts_status check_executive(ts_scenario *sc, size_t i, ts_diags *d)
{
    ts_executive *e = &sc->execs[i];
    if (check_exec_identity(sc, i, d) != TS_OK)
        return TS_EINPUT;
    char what[300], self[500];
    snprintf(what, sizeof what, "pool of executive '%s'", e->name.s);
    if (ts_check_pool_id(sc, e->pool.s, e->pool.mark, false, what,
                         &e->pool_index, d) != TS_OK)
        return TS_EINPUT;
    ts_status st = TS_OK;
    if (ts_check_param(&e->count, "count",
                       range_of(&ts_executive_fields, "count"), sc->runs, d) != TS_OK)
        st = TS_EINPUT;
    if (ts_check_param(&e->move, "move",
                       range_of(&ts_executive_fields, "move"), sc->runs, d) != TS_OK)
        st = TS_EINPUT;
    snprintf(what, sizeof what, "to of executive '%s'", e->name.s);
    snprintf(self, sizeof self, "executive '%s' starts in '%s' and names it "
             "in to; staying is set by move", e->name.s, e->pool.s);
    ts_share_owner owner = {what, e->pool_index, self};
    if (ts_check_shares(sc, &e->to, &owner, d) != TS_OK)
        st = TS_EINPUT;
    if (st == TS_OK && check_team(sc, e, d) != TS_OK)
        st = TS_EINPUT;
    return st;
}

/* An executive and its name, for sorting by name. */
typedef struct named {
    const char *name;
    size_t index;
} named;

static int by_name(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* sc->exec_by_name, and each name given twice said at its second place
 * (sorted, a name's entries are neighbours: a record of thousands of
 * executives is checked in n log n). */
static ts_status index_names(ts_scenario *sc, ts_diags *d)
{
    named *v = calloc(sc->n_execs + 1, sizeof *v);
    size_t n = 0;
    free(sc->exec_by_name);
    sc->exec_by_name = calloc(sc->n_execs + 1, sizeof *sc->exec_by_name);
    if (!v || !sc->exec_by_name) {
        free(v);
        return ts_diag_nomem(d);
    }
    for (size_t i = 0; i < sc->n_execs; i++)
        if (sc->execs[i].name.s)
            v[n++] = (named){sc->execs[i].name.s, i};
    qsort(v, n, sizeof *v, by_name);
    ts_status st = TS_OK;
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && strcmp(v[k - 1].name, v[k].name) == 0) {
            const ts_executive *e = &sc->execs[v[k].index];
            st = ts_diag_add(d, e->name.mark, "duplicate executive name "
                             "'%s' (first at line %zu)", e->name.s,
                             sc->execs[v[k - 1].index].name.mark.line);
            continue;
        }
        sc->exec_by_name[kept++] = v[k].index;
    }
    sc->n_exec_by_name = kept;
    free(v);
    return st;
}

ts_status ts_validate_executives(ts_scenario *sc, ts_diags *d)
{
    ts_status st = sc->n_execs > 0 ? index_names(sc, d) : TS_OK;
    for (size_t i = 0; i < sc->n_execs; i++)
        if (!sc->execs[i].broken && check_executive(sc, i, d) != TS_OK)
            st = TS_EINPUT;
    size_t own = 0;
    for (size_t i = 0; i < sc->n_execs; i++)
        own += sc->execs[i].move.given || sc->execs[i].to.given;
    if (own > TS_MAX_EXEC_CHAINS)
        return ts_diag_add(d, sc->execs[0].mark, "%zu executives have a move "
                           "or to of their own, above the limit of %d (each "
                           "needs step matrices of its own): let more of "
                           "them move as their pool's executives do",
                           own, TS_MAX_EXEC_CHAINS);
    if (st == TS_OK && ts_scenario_exec_people(sc) > TS_MAX_EXEC_PEOPLE)
        return ts_diag_add(d, sc->execs[0].mark, "the executives section "
                           "follows %zu executives, above the limit of %d",
                           ts_scenario_exec_people(sc), TS_MAX_EXEC_PEOPLE);
    return st;
}

/* ---- predictions -------------------------------------------------- */

/* The step at month m when m is a step boundary in [start, end]. */
static ts_status check_pool_list(const ts_scenario *sc, ts_pool_list *l,
                                 bool outside_ok, const char *what,
                                 ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < l->n; i++)
        if (ts_check_pool_id(sc, l->ids[i], l->marks[i], outside_ok, what,
                             &l->index[i], d) != TS_OK)
            st = TS_EINPUT;
    return st;
}

/* within: N months from the start, a whole number of steps inside the
 * run. */
static ts_status resolve_within(const ts_scenario *sc, ts_prediction *p,
                                ts_diags *d)
{
    size_t months = (size_t)p->within.value;
    size_t run = sc->horizon * (size_t)sc->step_months;
    p->step_from = 0;
    if (months > run)
        return ts_diag_add(d, p->within.mark, "within: %zu months is longer "
                           "than the run (%zu months)", months, run);
    if (months % (size_t)sc->step_months != 0)
        return ts_diag_add(d, p->within.mark, "within: %zu months is not a "
                           "whole number of %s steps", months,
                           ts_step_name(sc->step_months));
    p->step_to = months / (size_t)sc->step_months;
    return TS_OK;
}

/* through: [first, last], both step starts; the window runs to the end
 * of the step that starts at last. */
static ts_status resolve_through(const ts_scenario *sc, ts_prediction *p,
                                 ts_diags *d)
{
    const ts_dated *last = &p->through[1];
    if (!last->is_step && last->month >= sc->start &&
        (last->month - sc->start) % sc->step_months != 0) {
        char got[16], step[16];
        ts_month month = sc->start + (last->month - sc->start) /
                                         sc->step_months * sc->step_months;
        ts_month_format(last->month, got, sizeof got);
        ts_month_format(month, step, sizeof step);
        return ts_diag_add(d, last->mark, "through ends with the step that "
                           "starts at its last date, so that date must be a "
                           "step start; %s is not one (a step is a %s): the "
                           "step "
                           "that holds %s starts at %s, so \"to the end of "
                           "%s\" is through: [FIRST, %s]", got,
                           ts_step_name(sc->step_months), got, step, got,
                           step);
    }
    size_t first, end;
    if (ts_dated_step(sc, &p->through[0], "through first", false, &first,
                      d) != TS_OK ||
        ts_dated_step(sc, last, "through last", false, &end, d) != TS_OK)
        return TS_EINPUT;
    if (end < first)
        return ts_diag_add(d, p->through_mark, "through must not end before "
                           "it starts: [first, last] with last no earlier "
                           "than first");
    p->step_from = first;
    p->step_to = end + 1;
    return TS_OK;
}

/* who: each name an executive's or a group's, once. */
static ts_status resolve_who(const ts_scenario *sc, ts_prediction *p,
                             ts_diags *d)
{
    const char **names = malloc((sc->n_execs + 1) * sizeof *names);
    size_t n = 0;
    if (!names)
        return ts_diag_nomem(d);
    for (size_t e = 0; e < sc->n_execs; e++)
        names[n++] = sc->execs[e].name.s;
    ts_status st = TS_OK;
    for (size_t i = 0; i < p->who.n; i++) {
        const char *name = p->who.ids[i];
        size_t e = 0;
        while (e < n && !(names[e] && strcmp(names[e], name) == 0))
            e++;
        const char *hint = e < n ? NULL : ts_suggest(name, names, n);
        if (e == n)
            st = hint ? ts_diag_add(d, p->who.marks[i], "unknown executive "
                                    "'%s' in who of prediction '%s'; did "
                                    "you mean '%s'?", name, p->id.s, hint)
                      : ts_diag_add(d, p->who.marks[i], "unknown executive "
                                    "'%s' in who of prediction '%s' (who "
                                    "names executives or groups of the "
                                    "executives section)", name, p->id.s);
        for (size_t j = 0; e < n && j < i; j++)
            if (p->who.index[j] == e)
                st = ts_diag_add(d, p->who.marks[i], "who of prediction '%s' "
                                 "names '%s' twice", p->id.s, name);
        p->who.index[i] = e < n ? e : SIZE_MAX;
    }
    free(names);
    return st;
}

/* The executives a move claim counts: who's, or everyone. */
static size_t claim_people(const ts_scenario *sc, const ts_prediction *p)
{
    if (!p->who.given)
        return ts_scenario_exec_people(sc);
    size_t n = 0;
    for (size_t i = 0; i < p->who.n; i++) {
        const ts_executive *e = &sc->execs[p->who.index[i]];
        n += ts_executive_members(e);
    }
    return n;
}

/* from/to and window, within or through; resolves the window's steps. */
static ts_status check_move_claim(ts_scenario *sc, ts_prediction *p,
                                  ts_diags *d)
{
    char what[300];
    if (!p->from.given || !p->to.given)
        return ts_diag_add(d, p->id.mark, "prediction '%s' needs from and "
                           "to: the pools executives move between",
                           p->id.s);
    int spans = p->has_window + p->within.given + p->has_through;
    if (spans > 1)
        return ts_diag_add(d, p->has_through ? p->through_mark
                                             : p->within.mark,
                           "prediction '%s' gives more than one of window, "
                           "within and through; give one", p->id.s);
    if (spans == 0)
        return ts_diag_add(d, p->id.mark, "prediction '%s' needs window: "
                           "[first, end), through: [first, last] or within: "
                           "N months", p->id.s);
    snprintf(what, sizeof what, "from of prediction '%s'", p->id.s);
    ts_status st = check_pool_list(sc, &p->from, false, what, d);
    snprintf(what, sizeof what, "to of prediction '%s'", p->id.s);
    if (check_pool_list(sc, &p->to, true, what, d) != TS_OK)
        st = TS_EINPUT;
    if (p->who.given && resolve_who(sc, p, d) != TS_OK)
        st = TS_EINPUT;
    if (ts_check_param(&p->within, "within",
                       range_of(&ts_prediction_fields, "within"), sc->runs, d) !=
            TS_OK ||
        ts_check_param(&p->at_least, "at_least",
                       range_of(&ts_prediction_fields, "at_least"), sc->runs, d) !=
            TS_OK || st != TS_OK)
        return TS_EINPUT;
    if (p->within.given)
        return resolve_within(sc, p, d);
    if (p->has_through)
        return resolve_through(sc, p, d);
    return ts_dated_span(sc, p->window, p->window_mark, "window", false,
                         &p->step_from, &p->step_to, d);
}

static ts_status check_move_count(const ts_scenario *sc,
                                  const ts_prediction *p, ts_diags *d)
{
    size_t people = claim_people(sc, p);
    double k = p->at_least.given ? p->at_least.value : 1;
    if (ts_scenario_exec_people(sc) == 0)
        return ts_diag_add(d, p->id.mark, "prediction '%s' counts "
                           "executives' moves, but the scenario has no "
                           "executives section", p->id.s);
    if (k > (double)people)
        return ts_diag_add(d, p->at_least.mark, "at_least is %.0f, but %s "
                           "only %zu executive%s", k,
                           p->who.given ? "who names" : "the scenario follows",
                           people, people == 1 ? "" : "s");
    return TS_OK;
}

static ts_status check_headcount_claim(ts_scenario *sc, ts_prediction *p,
                                       ts_diags *d)
{
    char what[300];
    if (!p->pool.s || !p->at.given)
        return ts_diag_add(d, p->id.mark, "prediction '%s' needs pool and "
                           "at: whose headcount, and when", p->id.s);
    if (p->below.given == p->above.given)
        return ts_diag_add(d, p->id.mark, "prediction '%s' needs either "
                           "below: N or above: N", p->id.s);
    snprintf(what, sizeof what, "pool of prediction '%s'", p->id.s);
    if (ts_check_pool_id(sc, p->pool.s, p->pool.mark, true, what,
                         &p->pool_index, d) != TS_OK)
        return TS_EINPUT;
    return ts_dated_step(sc, &p->at, "at", true, &p->at_step, d);
}

/* Which claim the keys make: moves or headcount, not both, not none. */
static ts_status classify(ts_prediction *p, ts_diags *d)
{
    bool moves = p->from.given || p->to.given || p->has_window ||
                 p->within.given || p->at_least.given || p->who.given ||
                 p->has_through;
    bool heads = p->pool.s || p->at.given || p->below.given || p->above.given;
    if (moves && heads)
        return ts_diag_add(d, p->id.mark, "prediction '%s' mixes an "
                           "executive-move claim (from, to, who, window, "
                           "through or within, at_least) with a headcount "
                           "claim (pool, at, "
                           "below or above)", p->id.s);
    if (!moves && !heads)
        return ts_diag_add(d, p->id.mark, "prediction '%s' states no claim: "
                           "give from, to and window, through or within "
                           "(executive moves), or pool, at and below or "
                           "above (headcount)", p->id.s);
    p->kind = moves ? TS_PREDICT_MOVES : TS_PREDICT_HEADCOUNT;
    return TS_OK;
}

static ts_status check_prediction(ts_scenario *sc, size_t i, ts_diags *d)
{
    ts_prediction *p = &sc->predictions[i];
    if (!p->id.s)
        return TS_EINPUT; /* reported as missing */
    if (!ts_valid_id(p->id.s))
        return ts_diag_add(d, p->id.mark, "prediction id '%s' must start "
                           "with a letter or '_' and contain only letters, "
                           "digits, '_' and '-'", p->id.s);
    for (size_t j = 0; j < i; j++)
        if (sc->predictions[j].id.s &&
            strcmp(sc->predictions[j].id.s, p->id.s) == 0)
            return ts_diag_add(d, p->id.mark, "duplicate prediction id '%s' "
                               "(first at line %zu)", p->id.s,
                               sc->predictions[j].id.mark.line);
    if (ts_scenario_pool_index(sc, p->id.s) != SIZE_MAX)
        return ts_diag_add(d, p->id.mark, "prediction id '%s' is also a pool "
                           "id: both can be a --metric, so they must differ",
                           p->id.s);
    if (classify(p, d) != TS_OK)
        return TS_EINPUT;
    if (p->kind == TS_PREDICT_HEADCOUNT)
        return check_headcount_claim(sc, p, d);
    if (check_move_claim(sc, p, d) != TS_OK)
        return TS_EINPUT;
    return check_move_count(sc, p, d);
}

ts_status ts_validate_predictions(ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < sc->n_predictions; i++)
        if (!sc->predictions[i].broken && check_prediction(sc, i, d) != TS_OK)
            st = TS_EINPUT;
    return st;
}
