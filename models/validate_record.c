#include "models/validate_record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/limits.h"
#include "models/suggest.h"

/* The step of month m when it starts a step in [0, last], else SIZE_MAX. */
static size_t step_of(const ts_scenario *sc, ts_month m, size_t last)
{
    size_t k = ts_scenario_month_step(sc, m);
    return k != SIZE_MAX && k <= last ? k : SIZE_MAX;
}

/* "must be a month of the run's steps, 2024-01 to 2028-01 every month" */
static ts_status not_a_date(const ts_scenario *sc, ts_diags *d, ts_mark m,
                            const char *what, ts_month got, size_t last)
{
    char g[16], a[16], b[16];
    ts_month_format(got, g, sizeof g);
    ts_month_format(sc->start, a, sizeof a);
    ts_month_format(ts_scenario_step_month(sc, last), b, sizeof b);
    return ts_diag_add(d, m, "%s %s is not a date of the run's steps (%s to "
                       "%s, every %s)", what, g, a, b,
                       ts_step_name(sc->step_months));
}

static size_t exec_index(const ts_scenario *sc, const char *who)
{
    for (size_t e = 0; e < sc->n_execs; e++)
        if (sc->execs[e].name.s && strcmp(sc->execs[e].name.s, who) == 0)
            return e;
    return SIZE_MAX;
}

static ts_status unknown_exec(const ts_scenario *sc, ts_diags *d, ts_mark m,
                              const char *who)
{
    const char *names[TS_MAX_EXECS];
    size_t n = 0;
    for (size_t e = 0; e < sc->n_execs && n < TS_MAX_EXECS; e++)
        names[n++] = sc->execs[e].name.s;
    const char *hint = ts_suggest(who, names, n);
    return hint ? ts_diag_add(d, m, "unknown executive '%s' in the record; "
                              "did you mean '%s'?", who, hint)
                : ts_diag_add(d, m, "unknown executive '%s' in the record",
                              who);
}

static ts_status pool_of(const ts_scenario *sc, ts_diags *d, ts_mark m,
                         const char *id, bool outside_ok, size_t *out)
{
    *out = ts_scenario_pool_index(sc, id);
    if (*out != SIZE_MAX && (outside_ok || *out < sc->n_pools))
        return TS_OK;
    if (*out == sc->n_pools)
        return ts_diag_add(d, m, "'%s' is not a pool here", id);
    const char *hint = ts_scenario_suggest_pool(sc, id, outside_ok);
    return hint ? ts_diag_add(d, m, "unknown pool '%s' in the record; did "
                              "you mean '%s'?", id, hint)
                : ts_diag_add(d, m, "unknown pool '%s' in the record", id);
}

/* Where the record has every executive's members: per entry, per pool. */
typedef struct positions {
    size_t K;
    size_t *count;          /* entries x (K + 1) */
} positions;

static bool positions_init(const ts_scenario *sc, positions *p)
{
    p->K = sc->n_pools;
    p->count = calloc(sc->n_execs * (p->K + 1) + 1, sizeof *p->count);
    for (size_t e = 0; p->count && e < sc->n_execs; e++) {
        const ts_executive *x = &sc->execs[e];
        if (x->pool_index <= p->K)
            p->count[e * (p->K + 1) + x->pool_index] =
                ts_executive_members(x);
    }
    return p->count != NULL;
}

/* The one pool executive e's members are in, or SIZE_MAX when they are
 * in several. */
static size_t only_pool(const positions *p, size_t e)
{
    size_t at = SIZE_MAX;
    for (size_t i = 0; i <= p->K; i++)
        if (p->count[e * (p->K + 1) + i] > 0) {
            if (at != SIZE_MAX)
                return SIZE_MAX;
            at = i;
        }
    return at;
}

/* One move against the record's positions; applied when possible. */
static ts_status apply_move(const ts_scenario *sc, const ts_record_move *m,
                            size_t e, positions *p, ts_diags *d)
{
    const ts_executive *x = &sc->execs[e];
    size_t to, from = SIZE_MAX, n = p->K + 1;
    ts_status st = pool_of(sc, d, m->to_mark, m->to, true, &to);
    if (m->from && pool_of(sc, d, m->from_mark, m->from, false, &from) !=
                       TS_OK)
        st = TS_EINPUT;
    if (m->has_count && !x->is_group)
        st = ts_diag_add(d, m->count_mark, "count is for a group's "
                         "members; '%s' is one executive", m->who);
    if (st != TS_OK)
        return st;
    if (!m->from) {
        from = only_pool(p, e);
        if (from == SIZE_MAX)
            return ts_diag_add(d, m->mark, "the record has the members of "
                               "'%s' in more than one pool by then: say "
                               "from: POOL", m->who);
    }
    size_t there = p->count[e * n + from];
    if (from == p->K)
        return ts_diag_add(d, m->mark, "'%s' left the field (outside) "
                           "earlier in the record and makes no further "
                           "moves", m->who);
    if (there < m->count)
        return ts_diag_add(d, m->from ? m->from_mark : m->mark, "the record "
                           "has %zu of '%s' in %s at that step, not %zu",
                           there, m->who, ts_pool_name(sc, from), m->count);
    if (to == from)
        return ts_diag_add(d, m->to_mark, "a move of '%s' from %s to %s is "
                           "no move", m->who, ts_pool_name(sc, from),
                           ts_pool_name(sc, to));
    p->count[e * n + from] -= m->count;
    p->count[e * n + to] += m->count;
    return TS_OK;
}

/* Moves in the order they happened (file order within a step). */
static int by_at(const void *a, const void *b)
{
    const ts_record_move *x = *(const ts_record_move *const *)a,
                         *y = *(const ts_record_move *const *)b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x < y ? -1 : x > y;
}

static ts_status check_moves(const ts_scenario *sc, const ts_record *r,
                             size_t as_of, ts_diags *d)
{
    ts_status st = TS_OK;
    positions p;
    const ts_record_move **order = calloc(r->n_moves + 1, sizeof *order);
    if (!order || !positions_init(sc, &p)) {
        free(order);
        return ts_diag_add(d, r->mark, "out of memory");
    }
    for (size_t i = 0; i < r->n_moves; i++)
        order[i] = &r->moves[i];
    qsort(order, r->n_moves, sizeof *order, by_at);
    for (size_t i = 0; i < r->n_moves; i++) {
        const ts_record_move *m = order[i];
        size_t e = exec_index(sc, m->who);
        size_t k = step_of(sc, m->at, sc->horizon - 1);
        if (e == SIZE_MAX) {
            st = unknown_exec(sc, d, m->who_mark, m->who);
        } else if (k == SIZE_MAX) {
            st = not_a_date(sc, d, m->at_mark, "at", m->at,
                            sc->horizon - 1);
        } else if (k >= as_of) {
            char a[16];
            ts_month_format(ts_scenario_step_month(sc, as_of), a, sizeof a);
            st = ts_diag_add(d, m->at_mark, "a move of the record must "
                             "lie before its as_of (%s): the record is what "
                             "was known then", a);
        } else if (apply_move(sc, m, e, &p, d) != TS_OK) {
            st = TS_EINPUT;
        }
    }
    free(p.count);
    free(order);
    return st;
}

static size_t shock_index(const ts_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->n_shocks; i++)
        if (sc->shocks[i].id.s && strcmp(sc->shocks[i].id.s, id) == 0)
            return i;
    return SIZE_MAX;
}

static ts_status check_shock_entry(const ts_scenario *sc,
                                   const ts_record_shock *s, size_t as_of,
                                   ts_diags *d)
{
    size_t i = shock_index(sc, s->id);
    if (i == SIZE_MAX)
        return ts_diag_add(d, s->id_mark, "unknown shock '%s' in the record",
                           s->id);
    const ts_shock *x = &sc->shocks[i];
    if (x->event.broken)
        return TS_OK; /* reported where it is */
    if (x->step_from >= as_of)
        return ts_diag_add(d, s->mark, "shock '%s' cannot have started "
                           "before the record's as_of: its window begins "
                           "after it; leave it out", s->id);
    if (s->never)
        return TS_OK;
    size_t k = step_of(sc, s->started, sc->horizon - 1);
    if (k == SIZE_MAX)
        return not_a_date(sc, d, s->started_mark, "started", s->started,
                          sc->horizon - 1);
    if (k < x->step_from || k >= x->step_to || k >= as_of)
        return ts_diag_add(d, s->started_mark, "shock '%s' may start only "
                           "inside its window and before the record's "
                           "as_of", s->id);
    /* a started shock's chance no longer acts: a change of it away from
     * where the shock's `set` is written (--set, a variant) would be
     * quietly contradicted by the record */
    bool cut_later = sc->has_cut && s->started >= sc->cut; /* never */
    if (x->chance.given && x->event.set_mark.file && !cut_later &&
        strcmp(x->chance.mark.file, x->event.set_mark.file) != 0)
        return ts_diag_add(d, x->chance.mark, "the record says shock '%s' "
                           "started (%s:%zu:%zu): its chance no longer "
                           "counts, and changing it changes nothing", s->id,
                           s->started_mark.file, s->started_mark.line,
                           s->started_mark.col);
    return TS_OK;
}

/* Every shock whose window began before as_of is in the record, once. */
static ts_status check_shocks(const ts_scenario *sc, const ts_record *r,
                              size_t as_of, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t j = 0; j < r->n_shocks; j++) {
        if (check_shock_entry(sc, &r->shocks[j], as_of, d) != TS_OK)
            st = TS_EINPUT;
        for (size_t k = 0; k < j; k++)
            if (strcmp(r->shocks[k].id, r->shocks[j].id) == 0)
                st = ts_diag_add(d, r->shocks[j].id_mark, "shock '%s' is in "
                                 "the record twice", r->shocks[j].id);
    }
    for (size_t i = 0; i < sc->n_shocks; i++) {
        if (!sc->shocks[i].id.s || sc->shocks[i].event.broken)
            continue; /* reported where it is */
        bool listed = false;
        for (size_t j = 0; j < r->n_shocks; j++)
            listed |= strcmp(r->shocks[j].id, sc->shocks[i].id.s) == 0;
        if (!listed && sc->shocks[i].step_from < as_of)
            st = ts_diag_add(d, r->mark, "the record must say whether shock "
                             "'%s' started: its window began before as_of "
                             "(shocks: - {id: %s, started: YYYY-MM or "
                             "never})", sc->shocks[i].id.s,
                             sc->shocks[i].id.s);
    }
    return st;
}

static ts_status check_facts(const ts_scenario *sc, const ts_record *r,
                             ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < r->n_headcounts; i++) {
        const ts_record_headcount *h = &r->headcounts[i];
        size_t pool;
        if (pool_of(sc, d, h->mark, h->pool, false, &pool) != TS_OK)
            st = TS_EINPUT;
        else if (step_of(sc, h->at, sc->horizon) == SIZE_MAX)
            st = not_a_date(sc, d, h->mark, "at", h->at, sc->horizon);
    }
    for (size_t i = 0; i < r->n_outcomes; i++) {
        const ts_outcome *o = &r->outcomes[i];
        bool known = false;
        for (size_t p = 0; p < sc->n_predictions; p++)
            known |= sc->predictions[p].id.s &&
                     strcmp(sc->predictions[p].id.s, o->id) == 0;
        if (!known)
            st = ts_diag_add(d, o->mark, "outcome of '%s': the scenario has "
                             "no prediction with that id", o->id);
    }
    return st;
}

ts_status ts_validate_record(const ts_scenario *sc, ts_diags *d)
{
    const ts_record *r = sc->record;
    if (!r || r->broken)
        return TS_OK; /* its mistakes were reported while reading it */
    size_t as_of = 0;
    if (r->has_as_of &&
        (as_of = step_of(sc, r->as_of, sc->horizon)) == SIZE_MAX)
        return not_a_date(sc, d, r->as_of_mark, "as_of", r->as_of,
                          sc->horizon);
    ts_status st = check_moves(sc, r, as_of, d);
    if (check_shocks(sc, r, as_of, d) != TS_OK)
        st = TS_EINPUT;
    if (check_facts(sc, r, d) != TS_OK)
        st = TS_EINPUT;
    for (size_t i = 0; st == TS_OK && as_of == 0 && i < r->n_headcounts; i++)
        if (step_of(sc, r->headcounts[i].at, sc->horizon) == 0)
            st = ts_diag_add(d, r->headcounts[i].mark, "a headcount "
                             "observed at the start is the pool's own "
                             "headcount: write it there (the record sets "
                             "pools only at an as_of after the start)");
    return st;
}
