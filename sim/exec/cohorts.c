#include "sim/exec/cohorts.h"

#include <stdint.h>
#include <stdlib.h>

/* While the record is replayed: runs of consecutive members with one
 * history, linked in member order per entry; histories are chains of
 * moves that share their tails, so a split copies nothing. A history is
 * made once (a node per distinct move and tail, found again through a
 * hash table), so equal histories are the same node, and neighbouring
 * runs with the same history and pool are one: a record of many
 * members moving alike stays a few runs, and a move walks only those. */
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
    size_t *table;         /* open addressing over nodes; SIZE_MAX: empty */
    size_t table_size;     /* a power of two, kept at least twice n_nodes */
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

static size_t node_hash(ts_cohort_move m, size_t prev)
{
    uint64_t h = ((uint64_t)m.step * 0x9E3779B97F4A7C15u) ^
                 ((uint64_t)m.from << 21) ^ ((uint64_t)m.to << 42) ^
                 ((uint64_t)prev * 0xC2B2AE3D27D4EB4Fu);
    h ^= h >> 29;
    return (size_t)(h * 0xBF58476D1CE4E5B9u);
}

static bool same_node(const node *x, ts_cohort_move m, size_t prev)
{
    return x->prev == prev && x->move.step == m.step &&
           x->move.from == m.from && x->move.to == m.to;
}

/* The table twice as large, every node placed again. */
static bool rehash(replay *r)
{
    size_t size = r->table_size ? 2 * r->table_size : 256;
    size_t *t = malloc(size * sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < size; i++)
        t[i] = SIZE_MAX;
    for (size_t k = 0; k < r->n_nodes; k++) {
        size_t i = node_hash(r->nodes[k].move, r->nodes[k].prev) & (size_t)(size - 1);
        while (t[i] != SIZE_MAX)
            i = (i + 1) & (size - 1);
        t[i] = k;
    }
    free(r->table);
    r->table = t;
    r->table_size = size;
    return true;
}

/* The node of move m after history prev: the one made before, or new. */
static size_t add_node(replay *r, ts_cohort_move m, size_t prev)
{
    if (2 * (r->n_nodes + 1) > r->table_size && !rehash(r))
        return SIZE_MAX;
    size_t i = node_hash(m, prev) & (r->table_size - 1);
    for (; r->table[i] != SIZE_MAX; i = (i + 1) & (r->table_size - 1))
        if (same_node(&r->nodes[r->table[i]], m, prev))
            return r->table[i];
    node x = {m, prev};
    if (!grow((void **)&r->nodes, &r->cap_nodes, r->n_nodes + 1, sizeof x))
        return SIZE_MAX;
    r->nodes[r->n_nodes] = x;
    r->table[i] = r->n_nodes;
    return r->n_nodes++;
}

/* Run i joins the run before it when both have one history and pool. */
static void coalesce(replay *r, size_t before, size_t i)
{
    if (before == SIZE_MAX)
        return;
    run *a = &r->runs[before], *b = &r->runs[i];
    if (a->pool == b->pool && a->history == b->history) {
        a->count += b->count;
        a->next = b->next;
        b->count = 0;
    }
}

/* Moves `count` members of the entry whose first run is head from
 * `from` (SIZE_MAX: wherever they all are) to `to` in step k, lowest
 * numbers first. */
static bool apply(replay *r, size_t head, size_t count, size_t from,
                  size_t to, size_t k)
{
    size_t before = SIZE_MAX;
    for (size_t i = head; i != SIZE_MAX && count > 0;
         before = i, i = r->runs[i].next) {
        if (from == SIZE_MAX && r->runs[i].count > 0)
            from = r->runs[i].pool;
        size_t h = r->runs[i].history;
        bool came_now = h != SIZE_MAX && r->nodes[h].move.step == k;
        if (r->runs[i].pool != from || r->runs[i].count == 0 || came_now)
            continue; /* a step's moves take who was there at its start */
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
        h = add_node(r, m, r->runs[i].history);
        if (h == SIZE_MAX)
            return false;
        r->runs[i].history = h;
        r->runs[i].pool = to;
        count -= take;
        coalesce(r, before, i);
        if (r->runs[i].count == 0)
            i = before; /* merged into it: walk on from there */
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

/* Cohorts keyed by (entry, history, pool): members with one history are
 * one cohort even when other members lie between them. */
typedef struct cohort_map {
    size_t *slot;        /* cohort index; SIZE_MAX: empty */
    size_t size;         /* a power of two above twice the runs */
} cohort_map;

static size_t *cohort_slot(cohort_map *map, const ts_cohorts *c,
                           const replay *r, size_t e, size_t i)
{
    const run *x = &r->runs[i];
    uint64_t h = ((uint64_t)e * 0x9E3779B97F4A7C15u) ^
                 ((uint64_t)x->history * 0xC2B2AE3D27D4EB4Fu) ^
                 ((uint64_t)x->pool << 32);
    h ^= h >> 31;
    size_t k = (size_t)(h * 0xBF58476D1CE4E5B9u) & (map->size - 1);
    for (;; k = (k + 1) & (map->size - 1)) {
        size_t at = map->slot[k];
        if (at == SIZE_MAX)
            return &map->slot[k];
        const ts_cohort *y = &c->items[at];
        if (y->entity == e && y->pool == x->pool && y->history == x->history)
            return &map->slot[k];
    }
}

static bool collect(const ts_scenario *sc, const replay *r, ts_cohorts *c)
{
    size_t total = 0;
    for (size_t i = 0; i < r->n_runs; i++)
        for (size_t h = r->runs[i].history; r->runs[i].count > 0 &&
                                            h != SIZE_MAX;
             h = r->nodes[h].prev)
            total++;
    cohort_map map = {NULL, 64};
    while (map.size < 2 * r->n_runs + 2)
        map.size *= 2;
    map.slot = malloc(map.size * sizeof *map.slot);
    c->items = calloc(r->n_runs + 1, sizeof *c->items);
    c->moves = calloc(total + 1, sizeof *c->moves);
    c->first = calloc(sc->n_execs + 1, sizeof *c->first);
    if (!map.slot || !c->items || !c->moves || !c->first) {
        free(map.slot);
        return false;
    }
    for (size_t k = 0; k < map.size; k++)
        map.slot[k] = SIZE_MAX;
    size_t at = 0;
    for (size_t e = 0; e < sc->n_execs; e++) {
        c->first[e] = c->n;
        for (size_t i = r->head[e]; i != SIZE_MAX; i = r->runs[i].next) {
            if (r->runs[i].count == 0)
                continue;
            size_t *slot = cohort_slot(&map, c, r, e, i);
            if (*slot != SIZE_MAX) {
                c->items[*slot].count += r->runs[i].count;
                continue;
            }
            size_t n = unwind(r, i, c->moves, at);
            *slot = c->n;
            c->items[c->n++] = (ts_cohort){e, r->runs[i].count,
                                           r->runs[i].pool, at, n,
                                           r->runs[i].history};
            at += n;
        }
    }
    c->first[sc->n_execs] = c->n;
    free(map.slot);
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
    free(r.table);
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
