#include "models/validate/validate_record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/load/param_path.h"
#include "models/base/limits.h"
#include "models/base/suggest.h"

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
    const ts_executive *x = ts_scenario_find_executive(sc, who);
    return x ? (size_t)(x - sc->execs) : SIZE_MAX;
}

static ts_status unknown_exec(const ts_scenario *sc, ts_diags *d, ts_mark m,
                              const char *who)
{
    const char **names = malloc((sc->n_execs + 1) * sizeof *names);
    size_t n = 0;
    for (size_t e = 0; names && e < sc->n_execs; e++)
        names[n++] = sc->execs[e].name.s;
    const char *hint = names ? ts_suggest(who, names, n) : NULL;
    free(names);
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
    size_t *arrived;        /* of them, those who came in this step: a
                               step's moves take members who were there
                               at its start */
} positions;

static bool positions_init(const ts_scenario *sc, positions *p)
{
    p->K = sc->n_pools;
    p->count = calloc(sc->n_execs * (p->K + 1) + 1, sizeof *p->count);
    p->arrived = calloc(sc->n_execs * (p->K + 1) + 1, sizeof *p->arrived);
    if (!p->arrived) {
        free(p->count);
        p->count = NULL;
    }
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

/* Whether executive e's chain moves people from pool i to j (j = K:
 * outside) at the scenario's own values: its move there above 0 and its
 * share of j above 0 (the rest of the shares goes outside). */
static bool edge(const ts_scenario *sc, const ts_executive *x, size_t i,
                 size_t j)
{
    const ts_pool *p = &sc->pools[i];
    bool own = x->pool_index == i;
    double move = own && x->move.given ? x->move.value
                  : p->exec_move.given ? p->exec_move.value
                                       : 1 - p->retention.value;
    const ts_shares *s = own && x->to.given ? &x->to
                         : p->exec_to.given ? &p->exec_to
                                            : &p->to;
    double to_j = 0, sum = 0;
    for (size_t k = 0; k < s->n; k++) {
        sum += s->items[k].share.value;
        if (s->items[k].dest_index == j)
            to_j += s->items[k].share.value;
    }
    if (j == sc->n_pools)
        to_j += 1 - sum;
    return move > 0 && to_j > 1e-12;
}

/* reach[i * n + j]: whether the chain of x can take someone from i to j
 * over some time (its transitive closure; n = K + 1). */
static bool *reachable(const ts_scenario *sc, const ts_executive *x)
{
    size_t n = sc->n_pools + 1;
    bool *reach = calloc(n * n, sizeof *reach);
    if (!reach)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            reach[i * n + j] = i == j || (i < sc->n_pools && edge(sc, x, i, j));
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; reach[i * n + k] && j < n; j++)
                reach[i * n + j] |= reach[k * n + j];
    return reach;
}

/* Whether an event or a shock changes some executive's chain: then which
 * transitions are possible is not the file's values alone, and the check
 * of the sightings' transitions is left to the fit. */
static bool chains_change(const ts_scenario *sc)
{
    for (size_t e = 0; e < sc->n_events + sc->n_shocks; e++) {
        const ts_event *ev = e < sc->n_events ? &sc->events[e]
                                              : &sc->shocks[e - sc->n_events]
                                                     .event;
        for (size_t k = 0; k < ev->n_sets; k++)
            if (ts_param_path_is_executive(ev->sets[k].path))
                return true;
    }
    return false;
}

/* Whether x's chain can take someone from pool `from` to `to` within
 * one step (a step's matrix is positive wherever the graph of its
 * moves leads): the shared closure for executives on the pools' chain,
 * a search of x's own graph for one with a move or to of its own. */
static bool can_move(const ts_scenario *sc, const ts_executive *x,
                     const bool *shared, size_t from, size_t to)
{
    size_t n = sc->n_pools + 1;
    if (!(x->move.given || x->to.given))
        return shared[from * n + to];
    bool seen[TS_MAX_POOLS + 1] = {false};
    size_t queue[TS_MAX_POOLS + 1], head = 0, tail = 0;
    seen[from] = true;
    queue[tail++] = from;
    while (head < tail) {
        size_t i = queue[head++];
        if (i == to)
            return true;
        for (size_t j = 0; i < sc->n_pools && j < n; j++)
            if (!seen[j] && edge(sc, x, i, j)) {
                seen[j] = true;
                queue[tail++] = j;
            }
    }
    return false;
}

/* One move against the record's positions; applied when possible.
 * reach: the pools' chain's closure, NULL when events or shocks change
 * the executives' chains (then the fit finds a move they cannot make). */
static ts_status apply_move(const ts_scenario *sc, const ts_record_move *m,
                            size_t e, positions *p, const bool *reach,
                            ts_diags *d)
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
    size_t there = p->count[e * n + from] - p->arrived[e * n + from];
    if (from == p->K)
        return ts_diag_add(d, m->mark, "'%s' left the field (outside) "
                           "earlier in the record and makes no further "
                           "moves", m->who);
    if (there < m->count)
        return ts_diag_add(d, m->from ? m->from_mark : m->mark, "the record "
                           "has %zu of '%s' in %s at that step's start, not "
                           "%zu", 
                           there, m->who, ts_pool_name(sc, from), m->count);
    if (to == from)
        return ts_diag_add(d, m->to_mark, "a move of '%s' from %s to %s is "
                           "no move", m->who, ts_pool_name(sc, from),
                           ts_pool_name(sc, to));
    if (reach && !can_move(sc, x, reach, from, to))
        return ts_diag_add(d, m->to_mark, "'%s' cannot move from %s to %s: "
                           "their chain has no way there (exec_move, "
                           "exec_to and their own move and to)", m->who,
                           ts_pool_name(sc, from), ts_pool_name(sc, to));
    p->count[e * n + from] -= m->count;
    p->count[e * n + to] += m->count;
    p->arrived[e * n + to] += m->count;
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

/* Replaying the record (sim/exec/cohorts.c) walks, for each move, the
 * runs of alike members its group has come to: at most one per earlier
 * move of the group, and at most its members. Bounded before the run
 * starts: a moves file of 100,000 rows of one group would otherwise
 * walk 10^10 runs. */
#define TS_MAX_REPLAY_WORK 2e9

static ts_status replay_cost(const ts_scenario *sc, const ts_record_move *m,
                             size_t e, size_t *moves_of, double *work,
                             ts_diags *d)
{
    double members = sc->execs[e].is_group ? sc->execs[e].count.value : 1;
    double earlier = (double)moves_of[e]++;
    *work += earlier < members ? earlier + 1 : members;
    if (*work <= TS_MAX_REPLAY_WORK)
        return TS_OK;
    return ts_diag_add(d, m->mark, "replaying the record up to this move "
                       "would take about %.1e steps (its group's moves "
                       "against its members that moved apart), above the "
                       "limit of %.0e; record the group's moves with count "
                       "where members move alike, or follow fewer members",
                       *work, TS_MAX_REPLAY_WORK);
}

static ts_status check_moves(const ts_scenario *sc, const ts_record *r,
                             size_t as_of, ts_diags *d)
{
    ts_status st = TS_OK;
    positions p;
    const ts_record_move **order = calloc(r->n_moves + 1, sizeof *order);
    if (!order || !positions_init(sc, &p)) {
        free(order);
        return ts_diag_nomem(d);
    }
    for (size_t i = 0; i < r->n_moves; i++)
        order[i] = &r->moves[i];
    qsort(order, r->n_moves, sizeof *order, by_at);
    /* any executive without a chain of its own stands for the pools' */
    bool *reach = NULL;
    double work = 0;
    size_t *moves_of = calloc(sc->n_execs + 1, sizeof *moves_of);
    if (!moves_of) {
        free(order);
        free(p.count);
        free(p.arrived);
        return ts_diag_nomem(d);
    }
    if (r->n_moves > 0 && sc->n_execs > 0 && !chains_change(sc)) {
        ts_executive plain = sc->execs[0];
        plain.move.given = plain.to.given = false;
        if (!(reach = reachable(sc, &plain))) {
            free(moves_of);
            free(order);
            free(p.count);
            free(p.arrived);
            return ts_diag_nomem(d);
        }
    }
    for (size_t i = 0; i < r->n_moves; i++) {
        const ts_record_move *m = order[i];
        size_t e = exec_index(sc, m->who);
        size_t k = step_of(sc, m->at, sc->horizon - 1);
        if (i > 0 && order[i - 1]->at != m->at) /* a new step */
            memset(p.arrived, 0,
                   sc->n_execs * (p.K + 1) * sizeof *p.arrived);
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
        } else if (apply_move(sc, m, e, &p, reach, d) != TS_OK) {
            st = TS_EINPUT;
        } else if (replay_cost(sc, m, e, moves_of, &work, d) != TS_OK) {
            st = TS_EINPUT;
            break;
        }
    }
    free(reach);
    free(moves_of);
    free(p.count);
    free(p.arrived);
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

/* ---- sightings --------------------------------------------------- */

static int by_who_at(const void *a, const void *b)
{
    const ts_record_sighting *x = *(const ts_record_sighting *const *)a,
                             *y = *(const ts_record_sighting *const *)b;
    if (x->exec != y->exec)
        return x->exec < y->exec ? -1 : 1;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* One sighting on its own: who, when, where. */
static ts_status check_sighting(const ts_scenario *sc,
                                ts_record_sighting *s, size_t as_of,
                                const ts_record_move *const *moved,
                                ts_diags *d)
{
    size_t e = exec_index(sc, s->who), pool;
    if (e == SIZE_MAX)
        return unknown_exec(sc, d, s->who_mark, s->who);
    const ts_executive *x = &sc->execs[e];
    if (x->broken || x->pool_index >= sc->n_pools)
        return TS_EINPUT; /* its own mistake was reported where it is */
    if (x->is_group)
        return ts_diag_add(d, s->who_mark, "sightings follow a named "
                           "executive; '%s' is a group: record its members' "
                           "moves instead", s->who);
    if (x->team.given)
        return ts_diag_add(d, s->who_mark, "'%s' has a team, which follows "
                           "a first move; sightings do not say when it was: "
                           "record their moves instead", s->who);
    const ts_record_move *mv = moved ? moved[e] : NULL;
    if (mv)
        return ts_diag_add(d, s->who_mark, "'%s' is in the record's moves "
                           "(%s:%zu:%zu): an executive is followed by moves "
                           "or by sightings, not both", s->who,
                           mv->mark.file, mv->mark.line, mv->mark.col);
    size_t k = step_of(sc, s->at, as_of);
    if (k == SIZE_MAX && step_of(sc, s->at, sc->horizon) != SIZE_MAX) {
        char a[16];
        ts_month_format(ts_scenario_step_month(sc, as_of), a, sizeof a);
        return ts_diag_add(d, s->at_mark, "a sighting of the record must "
                           "lie at or before its as_of (%s): the record is "
                           "what was known then", a);
    }
    if (k == SIZE_MAX)
        return not_a_date(sc, d, s->at_mark, "at", s->at, sc->horizon);
    if (pool_of(sc, d, s->pool_mark, s->pool, true, &pool) != TS_OK)
        return TS_EINPUT;
    s->exec = e;
    s->pool_index = pool;
    if (k == 0 && pool != x->pool_index)
        return ts_diag_add(d, s->pool_mark, "'%s' starts in %s: a sighting "
                           "at the start must say so", s->who,
                           ts_pool_name(sc, x->pool_index));
    return TS_OK;
}

/* Sighting b after a of one executive: not in two pools at one date,
 * nowhere after outside, no transition the chain cannot make. */
static ts_status check_pair(const ts_scenario *sc,
                            const ts_record_sighting *a,
                            const ts_record_sighting *b, const bool *reach,
                            ts_diags *d)
{
    size_t i = a->pool_index, j = b->pool_index, n = sc->n_pools + 1;
    char at[16];
    ts_month_format(b->at, at, sizeof at);
    if (a->at == b->at && i != j)
        return ts_diag_add(d, b->pool_mark, "'%s' is seen in two pools at "
                           "%s: %s and %s", b->who, at, a->pool, b->pool);
    if (i == sc->n_pools && j != i)
        return ts_diag_add(d, b->pool_mark, "'%s' was seen outside (left "
                           "the field) before %s, and leaving is for good",
                           b->who, at);
    if (reach && !reach[i * n + j])
        return ts_diag_add(d, b->pool_mark, "'%s' cannot get from %s to %s: "
                           "their chain has no way there (exec_move, "
                           "exec_to and their own move and to)", b->who,
                           a->pool, b->pool);
    return TS_OK;
}

static ts_status check_seen(const ts_scenario *sc, const ts_record *r,
                            size_t as_of, ts_diags *d)
{
    ts_status st = TS_OK;
    const ts_record_sighting **order = calloc(r->n_seen + 1, sizeof *order);
    if (!order)
        return ts_diag_nomem(d);
    size_t n = 0;
    /* each executive's first recorded move, if any */
    const ts_record_move **moved = calloc(sc->n_execs + 1, sizeof *moved);
    for (size_t i = 0; moved && i < r->n_moves; i++) {
        size_t e = exec_index(sc, r->moves[i].who);
        if (e != SIZE_MAX && !moved[e])
            moved[e] = &r->moves[i];
    }
    for (size_t i = 0; i < r->n_seen; i++) {
        r->seen[i].exec = SIZE_MAX;
        if (check_sighting(sc, &r->seen[i], as_of, moved, d) != TS_OK)
            st = TS_EINPUT;
        else
            order[n++] = &r->seen[i];
    }
    qsort(order, n, sizeof *order, by_who_at);
    /* executives without a move or to of their own share one chain */
    bool check_reach = !chains_change(sc);
    bool *shared = NULL, *own = NULL;
    for (size_t i = 0; i < n; i++) {
        const ts_executive *x = &sc->execs[order[i]->exec];
        bool mine = x->move.given || x->to.given;
        bool fresh = i == 0 || order[i - 1]->exec != order[i]->exec;
        if (check_reach && mine && fresh) {
            free(own);
            own = reachable(sc, x);
        } else if (check_reach && !mine && !shared) {
            shared = reachable(sc, x);
        }
        /* the first sighting after the start pool, the start a sighting */
        ts_record_sighting start = {order[i]->who, x->pool.s, sc->start,
                                    order[i]->exec, x->pool_index, x->mark,
                                    x->mark, x->mark, x->pool.mark};
        const ts_record_sighting *before = fresh ? &start : order[i - 1];
        if (check_pair(sc, before, order[i],
                       !check_reach ? NULL : mine ? own : shared, d) != TS_OK)
            st = TS_EINPUT;
    }
    free(shared);
    free(own);
    free(moved);
    free(order);
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
    if (check_seen(sc, r, as_of, d) != TS_OK)
        st = TS_EINPUT;
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
