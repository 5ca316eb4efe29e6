#include "sim/exec/cohorts.h"

#include <stdlib.h>

/* While the record is replayed: runs of consecutive members with one
 * history, linked in member order per entry; histories are chains of
 * moves that share their tails, so a split copies nothing. */
typedef struct run {
    size_t count, pool, history, next; /* SIZE_MAX: none */
} run;

typedef struct node {
    ts_cohort_move move;
    size_t prev;
} node;

typedef struct replay {
    run *runs;
    size_t n_runs, cap_runs;
    node *nodes;
    size_t n_nodes, cap_nodes;
    size_t *head;          /* per entry: its first run */
} replay;

static bool grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap * 2 : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *p = realloc(*items, cap2 * size);
    if (!p)
        return false;
    *items = p;
    *cap = cap2;
    return true;
}

static size_t add_run(replay *r, run x)
{
    if (!grow((void **)&r->runs, &r->cap_runs, r->n_runs + 1, sizeof x))
        return SIZE_MAX;
    r->runs[r->n_runs] = x;
    return r->n_runs++;
}

static size_t add_node(replay *r, ts_cohort_move m, size_t prev)
{
    node x = {m, prev};
    if (!grow((void **)&r->nodes, &r->cap_nodes, r->n_nodes + 1, sizeof x))
        return SIZE_MAX;
    r->nodes[r->n_nodes] = x;
    return r->n_nodes++;
}

/* Moves `count` members of the entry whose first run is *head from
 * `from` (SIZE_MAX: wherever they all are) to `to` in step k, lowest
 * numbers first. */
static bool apply(replay *r, size_t head, size_t count, size_t from,
                  size_t to, size_t k)
{
    for (size_t i = head; i != SIZE_MAX && count > 0; i = r->runs[i].next) {
        if (from == SIZE_MAX && r->runs[i].count > 0)
            from = r->runs[i].pool;
        if (r->runs[i].pool != from || r->runs[i].count == 0)
            continue;
        size_t take = count < r->runs[i].count ? count : r->runs[i].count;
        if (take < r->runs[i].count) {
            /* the rest keeps the old history, after the movers */
            run rest = r->runs[i];
            rest.count -= take;
            size_t j = add_run(r, rest);
            if (j == SIZE_MAX)
                return false;
            r->runs[i].count = take;
            r->runs[i].next = j;
        }
        ts_cohort_move m = {(uint32_t)k, (uint32_t)from, (uint32_t)to};
        size_t h = add_node(r, m, r->runs[i].history);
        if (h == SIZE_MAX)
            return false;
        r->runs[i].history = h;
        r->runs[i].pool = to;
        count -= take;
    }
    return true;
}

/* Moves in the order they happened (file order within a step), as the
 * record's validation replays them. */
static int by_at(const void *a, const void *b)
{
    const ts_record_move *x = *(const ts_record_move *const *)a,
                         *y = *(const ts_record_move *const *)b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x < y ? -1 : x > y;
}

static bool replay_moves(const ts_scenario *sc, replay *r)
{
    const ts_record *rec = sc->record;
    const ts_record_move **order = calloc(rec->n_moves + 1, sizeof *order);
    if (!order)
        return false;
    for (size_t i = 0; i < rec->n_moves; i++)
        order[i] = &rec->moves[i];
    qsort(order, rec->n_moves, sizeof *order, by_at);
    bool ok = true;
    for (size_t i = 0; ok && i < rec->n_moves; i++) {
        const ts_record_move *m = order[i];
        const ts_executive *x = ts_scenario_find_executive(sc, m->who);
        size_t e = (size_t)(x - sc->execs);
        size_t from = m->from ? ts_scenario_pool_index(sc, m->from)
                              : SIZE_MAX;
        ok = apply(r, r->head[e], m->count, from,
                   ts_scenario_pool_index(sc, m->to),
                   ts_scenario_month_step(sc, m->at));
    }
    free(order);
    return ok;
}

static bool start_runs(const ts_scenario *sc, replay *r)
{
    if (!(r->head = calloc(sc->n_execs + 1, sizeof *r->head)))
        return false;
    for (size_t e = 0; e < sc->n_execs; e++) {
        const ts_executive *x = &sc->execs[e];
        run first = {ts_executive_members(x), x->pool_index, SIZE_MAX,
                     SIZE_MAX};
        if ((r->head[e] = add_run(r, first)) == SIZE_MAX)
            return false;
    }
    return true;
}

/* Run i's history into moves[at ..], oldest first; how many. */
static size_t unwind(const replay *r, size_t i, ts_cohort_move *moves,
                     size_t at)
{
    size_t n = 0;
    for (size_t h = r->runs[i].history; h != SIZE_MAX; h = r->nodes[h].prev)
        n++;
    size_t k = n;
    for (size_t h = r->runs[i].history; h != SIZE_MAX; h = r->nodes[h].prev)
        moves[at + --k] = r->nodes[h].move;
    return n;
}

static bool collect(const ts_scenario *sc, const replay *r, ts_cohorts *c)
{
    size_t total = 0;
    for (size_t i = 0; i < r->n_runs; i++)
        for (size_t h = r->runs[i].history; h != SIZE_MAX;
             h = r->nodes[h].prev)
            total++;
    c->items = calloc(r->n_runs + 1, sizeof *c->items);
    c->moves = calloc(total + 1, sizeof *c->moves);
    c->first = calloc(sc->n_execs + 1, sizeof *c->first);
    if (!c->items || !c->moves || !c->first)
        return false;
    size_t at = 0;
    for (size_t e = 0; e < sc->n_execs; e++) {
        c->first[e] = c->n;
        for (size_t i = r->head[e]; i != SIZE_MAX; i = r->runs[i].next) {
            if (r->runs[i].count == 0)
                continue;
            size_t n = unwind(r, i, c->moves, at);
            c->items[c->n++] = (ts_cohort){e, r->runs[i].count,
                                           r->runs[i].pool, at, n};
            at += n;
        }
    }
    c->first[sc->n_execs] = c->n;
    return true;
}

ts_cohorts *ts_cohorts_create(const ts_scenario *sc)
{
    ts_cohorts *c = calloc(1, sizeof *c);
    replay r = {0};
    if (!c)
        return NULL;
    c->begin = ts_scenario_as_of(sc);
    bool ok = start_runs(sc, &r) &&
              (!sc->record || replay_moves(sc, &r)) && collect(sc, &r, c);
    free(r.runs);
    free(r.nodes);
    free(r.head);
    if (!ok) {
        ts_cohorts_destroy(c);
        return NULL;
    }
    return c;
}

void ts_cohorts_destroy(ts_cohorts *c)
{
    if (!c)
        return;
    free(c->items);
    free(c->moves);
    free(c->first);
    free(c);
}
