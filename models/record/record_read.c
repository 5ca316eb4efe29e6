#include "models/record/record_read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/limits.h"
#include "models/record/record_csv.h"
#include "models/base/suggest.h"
#include "models/yaml/yaml_value.h"

static const char *const history_keys[] = {"as_of", "moves", "seen",
                                           "shocks", "headcounts",
                                           "outcomes"};
#define N_HISTORY_KEYS (sizeof history_keys / sizeof history_keys[0])

/* Every key of an entry among `keys`, each required one there. */
static ts_status check_keys(const ts_yaml_ctx *ctx, yaml_node_t *entry,
                            const char *what, const char *const *keys,
                            size_t n, size_t required)
{
    ts_status st = TS_OK;
    for (yaml_node_pair_t *p = entry->data.mapping.pairs.start;
         p < entry->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(ctx->doc, p->key);
        const char *key = ts_yaml_scalar(ctx, k, "a key");
        size_t i = 0;
        while (key && i < n && strcmp(keys[i], key) != 0)
            i++;
        if (!key) {
            st = TS_EINPUT;
        } else if (i == n) {
            const char *hint = ts_suggest(key, keys, n);
            st = hint ? ts_diag_add(ctx->diags, ts_yaml_mark(ctx, k),
                                    "unknown key '%s' in %s; did you mean "
                                    "'%s'?", key, what, hint)
                      : ts_diag_add(ctx->diags, ts_yaml_mark(ctx, k),
                                    "unknown key '%s' in %s", key, what);
        }
    }
    for (size_t i = 0; i < required; i++)
        if (!ts_yaml_lookup(ctx->doc, entry, keys[i], NULL))
            st = ts_diag_add(ctx->diags, ts_yaml_mark(ctx, entry),
                             "missing required key '%s' in %s", keys[i],
                             what);
    return st;
}

static ts_status read_bool(const ts_yaml_ctx *ctx, yaml_node_t *node,
                           const char *what, bool *out)
{
    const char *s = ts_yaml_scalar(ctx, node, what);
    if (s && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
        *out = s[0] == 't';
        return TS_OK;
    }
    return s ? ts_diag_add(ctx->diags, ts_yaml_mark(ctx, node), "%s must be "
                           "true or false, got '%s'", what, s)
             : TS_EINPUT;
}

static ts_status read_outcome(const ts_yaml_ctx *ctx, yaml_node_t *entry,
                              void *item)
{
    ts_outcome *o = item;
    static const char *const keys[] = {"id", "came_true", "on"};
    o->mark = ts_yaml_mark(ctx, entry);
    if (check_keys(ctx, entry, "an outcome", keys, 3, 3) != TS_OK)
        return TS_EINPUT;
    ts_status st = ts_yaml_string(ctx, ts_yaml_lookup(ctx->doc, entry, "id", NULL),
                                  "id", &o->id);
    if (read_bool(ctx, ts_yaml_lookup(ctx->doc, entry, "came_true", NULL),
                  "came_true", &o->came_true) != TS_OK)
        st = TS_EINPUT;
    if (ts_yaml_month(ctx, ts_yaml_lookup(ctx->doc, entry, "on", NULL), "on",
                      &o->on) != TS_OK)
        st = TS_EINPUT;
    return st;
}

static ts_status read_headcount(const ts_yaml_ctx *ctx, yaml_node_t *entry,
                                void *item)
{
    ts_record_headcount *h = item;
    static const char *const keys[] = {"pool", "at", "value", "sd"};
    h->mark = ts_yaml_mark(ctx, entry);
    h->sd = NAN;
    if (check_keys(ctx, entry, "a headcount", keys, 4, 3) != TS_OK)
        return TS_EINPUT;
    uint64_t whole = 0;
    ts_status st = ts_yaml_string(
        ctx, ts_yaml_lookup(ctx->doc, entry, "pool", NULL), "pool", &h->pool);
    if (ts_yaml_month(ctx, ts_yaml_lookup(ctx->doc, entry, "at", NULL), "at",
                      &h->at) != TS_OK)
        st = TS_EINPUT;
    if (ts_yaml_whole(ctx, ts_yaml_lookup(ctx->doc, entry, "value", NULL),
                      "value", (uint64_t)TS_MAX_PEOPLE, &whole) != TS_OK)
        st = TS_EINPUT;
    h->value = (double)whole;
    yaml_node_t *sd = ts_yaml_lookup(ctx->doc, entry, "sd", NULL);
    if (sd) {
        h->sd_mark = ts_yaml_mark(ctx, sd);
        if (ts_yaml_number(ctx, sd, "sd", &h->sd) != TS_OK)
            st = TS_EINPUT;
        else if (!(h->sd > 0))
            st = ts_diag_add(ctx->diags, h->sd_mark, "sd must be above 0, "
                             "got %g", h->sd);
    }
    if (st == TS_OK && strcmp(h->pool, TS_OUTSIDE_ID) == 0)
        st = ts_diag_add(ctx->diags, h->mark, "a headcount is a pool's; "
                         "outside has none");
    return st;
}

/* A list of entries, each read into its slot of *items (size each). */
typedef ts_status (*entry_reader)(const ts_yaml_ctx *ctx, yaml_node_t *e,
                                  void *item);

static ts_status read_list(const ts_yaml_ctx *ctx, yaml_node_t *list,
                           const char *key, size_t size, entry_reader read,
                           void **items, size_t *n)
{
    if (list->type != YAML_SEQUENCE_NODE)
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, list), "history's "
                           "%s must be a list, got %s", key,
                           ts_yaml_kind_name(list));
    size_t count = (size_t)(list->data.sequence.items.top -
                            list->data.sequence.items.start);
    if (count > TS_MAX_RECORD_ENTRIES)
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, list), "history's "
                           "%s has %zu entries, above the limit of %d", key,
                           count, TS_MAX_RECORD_ENTRIES);
    if (!(*items = calloc(count + 1, size)))
        return ts_diag_runtime(ctx->diags, "out of memory");
    ts_status st = TS_OK;
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *e = yaml_document_get_node(
            ctx->doc, list->data.sequence.items.start[i]);
        char *item = (char *)*items + i * size;
        if (e->type != YAML_MAPPING_NODE)
            st = ts_diag_add(ctx->diags, ts_yaml_mark(ctx, e), "each of "
                             "history's %s is a mapping, got %s", key,
                             ts_yaml_kind_name(e));
        else if (read(ctx, e, item) != TS_OK)
            st = TS_EINPUT;
    }
    *n = count;
    return st;
}

static ts_status read_move(const ts_yaml_ctx *ctx, yaml_node_t *entry,
                           void *item)
{
    ts_record_move *m = item;
    static const char *const keys[] = {"who", "at", "to", "from", "count"};
    m->mark = ts_yaml_mark(ctx, entry);
    m->count = 1;
    if (check_keys(ctx, entry, "a move", keys, 5, 3) != TS_OK)
        return TS_EINPUT;
    yaml_node_t *who = ts_yaml_lookup(ctx->doc, entry, "who", NULL);
    yaml_node_t *at = ts_yaml_lookup(ctx->doc, entry, "at", NULL);
    yaml_node_t *to = ts_yaml_lookup(ctx->doc, entry, "to", NULL);
    yaml_node_t *from = ts_yaml_lookup(ctx->doc, entry, "from", NULL);
    yaml_node_t *count = ts_yaml_lookup(ctx->doc, entry, "count", NULL);
    m->who_mark = ts_yaml_mark(ctx, who);
    m->at_mark = ts_yaml_mark(ctx, at);
    m->to_mark = ts_yaml_mark(ctx, to);
    ts_status st = ts_yaml_string(ctx, who, "who", &m->who);
    if (ts_yaml_month(ctx, at, "at", &m->at) != TS_OK)
        st = TS_EINPUT;
    if (ts_yaml_string(ctx, to, "to", &m->to) != TS_OK)
        st = TS_EINPUT;
    if (from) {
        m->from_mark = ts_yaml_mark(ctx, from);
        if (ts_yaml_string(ctx, from, "from", &m->from) != TS_OK)
            st = TS_EINPUT;
    }
    if (count) {
        uint64_t c = 0;
        m->has_count = true;
        m->count_mark = ts_yaml_mark(ctx, count);
        if (ts_yaml_whole(ctx, count, "count", TS_MAX_EXEC_PEOPLE, &c) !=
                TS_OK)
            st = TS_EINPUT;
        else if (c == 0)
            st = ts_diag_add(ctx->diags, m->count_mark, "count must be at "
                             "least 1: how many of the group moved");
        m->count = (size_t)c;
    }
    return st;
}

static ts_status read_sighting(const ts_yaml_ctx *ctx, yaml_node_t *entry,
                               void *item)
{
    ts_record_sighting *s = item;
    static const char *const keys[] = {"who", "at", "pool"};
    s->mark = ts_yaml_mark(ctx, entry);
    if (check_keys(ctx, entry, "a sighting", keys, 3, 3) != TS_OK)
        return TS_EINPUT;
    yaml_node_t *who = ts_yaml_lookup(ctx->doc, entry, "who", NULL);
    yaml_node_t *at = ts_yaml_lookup(ctx->doc, entry, "at", NULL);
    yaml_node_t *pool = ts_yaml_lookup(ctx->doc, entry, "pool", NULL);
    s->who_mark = ts_yaml_mark(ctx, who);
    s->at_mark = ts_yaml_mark(ctx, at);
    s->pool_mark = ts_yaml_mark(ctx, pool);
    ts_status st = ts_yaml_string(ctx, who, "who", &s->who);
    if (ts_yaml_month(ctx, at, "at", &s->at) != TS_OK)
        st = TS_EINPUT;
    if (ts_yaml_string(ctx, pool, "pool", &s->pool) != TS_OK)
        st = TS_EINPUT;
    return st;
}

static ts_status read_shock(const ts_yaml_ctx *ctx, yaml_node_t *entry,
                            void *item)
{
    ts_record_shock *r = item;
    static const char *const keys[] = {"id", "started"};
    r->mark = ts_yaml_mark(ctx, entry);
    if (check_keys(ctx, entry, "a shock of the record", keys, 2, 2) != TS_OK)
        return TS_EINPUT;
    yaml_node_t *id = ts_yaml_lookup(ctx->doc, entry, "id", NULL);
    yaml_node_t *started = ts_yaml_lookup(ctx->doc, entry, "started", NULL);
    r->id_mark = ts_yaml_mark(ctx, id);
    r->started_mark = ts_yaml_mark(ctx, started);
    ts_status st = ts_yaml_string(ctx, id, "id", &r->id);
    const char *text = started->type == YAML_SCALAR_NODE
                           ? (const char *)started->data.scalar.value
                           : NULL;
    if (text && strcmp(text, "never") == 0)
        r->never = true;
    else if (ts_yaml_month(ctx, started, "started (YYYY-MM or never)",
                           &r->started) != TS_OK)
        st = TS_EINPUT;
    return st;
}

static int outcome_cmp(const void *a, const void *b)
{
    const ts_outcome *x = *(const ts_outcome *const *)a,
                     *y = *(const ts_outcome *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x > y) - (x < y);
}

static int headcount_cmp(const void *a, const void *b)
{
    const ts_record_headcount *x = *(const ts_record_headcount *const *)a,
                              *y = *(const ts_record_headcount *const *)b;
    int c = strcmp(x->pool, y->pool);
    if (c)
        return c;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x > y) - (x < y);
}

/* An outcome said twice (by id), or a pool's headcount twice at one
 * date: the record would count it twice, or say two things. Sorted, so
 * that a record of 100,000 entries is checked in n log n. */
static ts_status check_unique(const ts_record *r, ts_diags *d)
{
    size_t n = r->n_outcomes > r->n_headcounts ? r->n_outcomes
                                                : r->n_headcounts;
    const void **order = calloc(n + 1, sizeof *order);
    if (!order)
        return ts_diag_nomem(d);
    ts_status st = TS_OK;
    for (size_t i = 0; i < r->n_outcomes; i++)
        order[i] = &r->outcomes[i];
    qsort(order, r->n_outcomes, sizeof *order, outcome_cmp);
    for (size_t i = 1; i < r->n_outcomes; i++) {
        const ts_outcome *x = order[i - 1], *y = order[i];
        if (strcmp(x->id, y->id) == 0)
            st = ts_diag_add(d, y->mark, "the outcome of '%s' is in the "
                             "record twice (first at line %zu)", y->id,
                             x->mark.line);
    }
    for (size_t i = 0; i < r->n_headcounts; i++)
        order[i] = &r->headcounts[i];
    qsort(order, r->n_headcounts, sizeof *order, headcount_cmp);
    for (size_t i = 1; i < r->n_headcounts; i++) {
        const ts_record_headcount *x = order[i - 1], *y = order[i];
        if (strcmp(x->pool, y->pool) == 0 && x->at == y->at)
            st = ts_diag_add(d, y->mark, "the headcount of %s at that date "
                             "is in the record twice (first at line %zu)", y->pool,
                             x->mark.line);
    }
    free(order);
    return st;
}

ts_status ts_record_read(const ts_yaml_ctx *ctx, yaml_node_t *h,
                         ts_sources *names, ts_record *r)
{
    r->broken = true; /* until it is read */
    if (h->type != YAML_MAPPING_NODE)
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, h), "history must "
                           "be a mapping (as_of, moves, seen, shocks, "
                           "headcounts, outcomes), got %s", ts_yaml_kind_name(h));
    ts_status st = check_keys(ctx, h, "history", history_keys,
                              N_HISTORY_KEYS, 0);
    r->mark = ts_yaml_mark(ctx, h);
    yaml_node_t *as_of = ts_yaml_lookup(ctx->doc, h, "as_of", NULL);
    yaml_node_t *mv = ts_yaml_lookup(ctx->doc, h, "moves", NULL);
    yaml_node_t *sh = ts_yaml_lookup(ctx->doc, h, "shocks", NULL);
    yaml_node_t *seen = ts_yaml_lookup(ctx->doc, h, "seen", NULL);
    if (as_of) {
        r->has_as_of = true;
        r->as_of_mark = ts_yaml_mark(ctx, as_of);
        if (ts_yaml_month(ctx, as_of, "as_of", &r->as_of) != TS_OK)
            st = TS_EINPUT;
    }
    if (mv && mv->type == YAML_SCALAR_NODE) {
        if (ts_record_moves_csv(ctx, mv, names, r) != TS_OK)
            st = TS_EINPUT;
    } else if (mv && read_list(ctx, mv, "moves", sizeof *r->moves,
                             read_move, (void **)&r->moves,
                             &r->n_moves) != TS_OK)
        st = TS_EINPUT;
    if (seen && seen->type == YAML_SCALAR_NODE) {
        if (ts_record_seen_csv(ctx, seen, names, r) != TS_OK)
            st = TS_EINPUT;
    } else if (seen && read_list(ctx, seen, "seen", sizeof *r->seen,
                                 read_sighting, (void **)&r->seen,
                                 &r->n_seen) != TS_OK)
        st = TS_EINPUT;
    if (sh && read_list(ctx, sh, "shocks", sizeof *r->shocks, read_shock,
                        (void **)&r->shocks, &r->n_shocks) != TS_OK)
        st = TS_EINPUT;
    yaml_node_t *o = ts_yaml_lookup(ctx->doc, h, "outcomes", NULL);
    yaml_node_t *c = ts_yaml_lookup(ctx->doc, h, "headcounts", NULL);
    if (o && read_list(ctx, o, "outcomes", sizeof *r->outcomes,
                       read_outcome, (void **)&r->outcomes,
                       &r->n_outcomes) != TS_OK)
        st = TS_EINPUT;
    if (c && read_list(ctx, c, "headcounts", sizeof *r->headcounts,
                       read_headcount, (void **)&r->headcounts,
                       &r->n_headcounts) != TS_OK)
        st = TS_EINPUT;
    if (st == TS_OK)
        st = check_unique(r, ctx->diags);
    r->broken = st != TS_OK;
    return st;
}

