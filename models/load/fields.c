#include "models/load/fields.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/limits.h"
#include "models/base/suggest.h"
#include "models/base/strings.h"
#include "models/record/record_read.h"

/* ---- setters ------------------------------------------------------ */

ts_status ts_field_set_string(const ts_yaml_ctx *ctx, const ts_field *f,
                              const yaml_node_t *node, void *target,
                              ts_scenario *sc)
{
    (void)sc;
    return ts_yaml_string(ctx, node, f->key,
                          (char **)((char *)target + f->offset));
}

ts_status ts_field_set_param(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc)
{
    (void)sc;
    ts_param *p = (ts_param *)((char *)target + f->offset);
    double v;
    if (ts_yaml_number(ctx, node, f->key, &v) != TS_OK)
        return TS_EINPUT;
    p->value = v;
    p->mark = ts_yaml_mark(ctx, node);
    p->text_start = node->start_mark.index;
    p->text_end = node->end_mark.index;
    p->given = true;
    p->dist.kind = TS_DIST_NONE;
    return TS_OK;
}

/* The arguments of a distribution: a list of exactly `arity` numbers. */
static ts_status dist_args(const ts_yaml_ctx *ctx, const char *key,
                           const char *name, const yaml_node_t *args,
                           size_t arity, ts_dist *d)
{
    ts_mark m = ts_yaml_mark(ctx, args);
    size_t n = args->type == YAML_SEQUENCE_NODE
                   ? (size_t)(args->data.sequence.items.top -
                              args->data.sequence.items.start)
                   : 0;
    if (n != arity)
        return ts_diag_add(ctx->diags, m, "%s: %s takes a list of %zu "
                           "numbers, %s", key, name, arity,
                           ts_dist_arguments(d->kind));
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(
            ctx->doc, args->data.sequence.items.start[i]);
        if (ts_yaml_number(ctx, item, key, &d->a[i]) != TS_OK)
            return TS_EINPUT;
    }
    const char *why = ts_dist_check_args(d);
    if (why)
        return ts_diag_add(ctx->diags, m, "%s: %s %s", key, name, why);
    return TS_OK;
}

/* A number, or a distribution written {name: [arguments]}. */
ts_status ts_field_set_uncertain(const ts_yaml_ctx *ctx, const ts_field *f,
                                 const yaml_node_t *node, void *target,
                                 ts_scenario *sc)
{
    if (node->type != YAML_MAPPING_NODE)
        return ts_field_set_param(ctx, f, node, target, sc);
    ts_param *p = (ts_param *)((char *)target + f->offset);
    ts_mark m = ts_yaml_mark(ctx, node);
    if (node->data.mapping.pairs.top - node->data.mapping.pairs.start != 1)
        return ts_diag_add(ctx->diags, m, "%s must be a number or one "
                           "distribution, like {range: [0.7, 0.8]}", f->key);
    yaml_node_pair_t *pair = node->data.mapping.pairs.start;
    yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
    const char *name = ts_yaml_scalar(ctx, k, "a distribution");
    if (!name)
        return TS_EINPUT;
    size_t arity, n_names;
    ts_dist d = {TS_DIST_NONE, {0, 0, 0}};
    if (!ts_dist_parse_name(name, &d.kind, &arity)) {
        const char *hint = ts_suggest(name, ts_dist_names(&n_names), 6);
        if (hint)
            return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, k), "%s: unknown "
                               "distribution '%s'; did you mean '%s'?",
                               f->key, name, hint);
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, k), "%s: unknown "
                           "distribution '%s' (use uniform, range, "
                           "triangular, normal, lognormal or beta)", f->key,
                           name);
    }
    if (dist_args(ctx, f->key, name,
                  yaml_document_get_node(ctx->doc, pair->value), arity,
                  &d) != TS_OK)
        return TS_EINPUT;
    p->dist = d;
    p->value = ts_dist_mean(&d);
    p->mark = m;
    p->given = true;
    return TS_OK;
}

static ts_status set_start(const ts_yaml_ctx *ctx, const ts_field *f,
                           const yaml_node_t *node, void *target,
                           ts_scenario *sc)
{
    (void)target;
    sc->start_mark = ts_yaml_mark(ctx, node);
    return ts_yaml_month(ctx, node, f->key, &sc->start);
}

static ts_status set_until(const ts_yaml_ctx *ctx, const ts_field *f,
                           const yaml_node_t *node, void *target,
                           ts_scenario *sc)
{
    (void)target;
    sc->until_mark = ts_yaml_mark(ctx, node);
    /* In a file both keys is a contradiction; a command-line value
     * replaces whichever the file used. */
    if (sc->has_horizon && !ctx->no_position)
        return ts_diag_add(ctx->diags, sc->until_mark,
                           "give either horizon or until, not both");
    if (ts_yaml_month(ctx, node, f->key, &sc->until) != TS_OK)
        return TS_EINPUT;
    sc->has_until = true;
    sc->has_horizon = false;
    return TS_OK;
}

static ts_status set_horizon(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc)
{
    (void)target;
    uint64_t v;
    sc->horizon_mark = ts_yaml_mark(ctx, node);
    if (sc->has_until && !ctx->no_position)
        return ts_diag_add(ctx->diags, sc->horizon_mark,
                           "give either horizon or until, not both");
    if (ts_yaml_whole(ctx, node, f->key, UINT32_MAX, &v) != TS_OK)
        return TS_EINPUT;
    sc->horizon = (size_t)v;
    sc->has_horizon = true;
    sc->has_until = false;
    return TS_OK;
}

/* A key whose value is one of a few words: parse turns the word into
 * *out, or says it is none of `choices`. */
typedef bool (*keyword_parser)(const char *word, void *out);

static ts_status set_keyword(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, keyword_parser parse,
                             void *out, const char *choices, ts_mark *mark)
{
    const char *text = ts_yaml_scalar(ctx, node, f->key);
    if (!text)
        return TS_EINPUT;
    ts_mark m = ts_yaml_mark(ctx, node);
    if (mark)
        *mark = m;
    if (!parse(text, out))
        return ts_diag_add(ctx->diags, m, "%s must be %s, got '%s'", f->key,
                           choices, text);
    return TS_OK;
}

static bool parse_step(const char *word, void *out)
{
    int months = ts_step_months_parse(word);
    if (months != 0)
        *(int *)out = months;
    return months != 0;
}

static ts_status set_step(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, void *target,
                          ts_scenario *sc)
{
    (void)target;
    return set_keyword(ctx, f, node, parse_step, &sc->step_months,
                       "month, quarter or year", &sc->step_mark);
}

static ts_status set_runs(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, void *target,
                          ts_scenario *sc)
{
    (void)target;
    uint64_t v;
    sc->runs_mark = ts_yaml_mark(ctx, node);
    if (ts_yaml_whole(ctx, node, f->key, TS_MAX_RUNS, &v) != TS_OK)
        return TS_EINPUT;
    sc->runs = (size_t)v;
    return TS_OK;
}

/* A file may only write below the working directory: a relative path
 * without a `..` component (only -o, which the user types, goes
 * elsewhere). Where links lead is checked when the directory is made. */
static ts_status out_dir_inside(const char *dir, ts_mark m, ts_diags *d)
{
    if (dir[0] == '\0')
        return ts_diag_add(d, m, "outputs.dir is empty");
    if (dir[0] == '/')
        return ts_diag_add(d, m, "outputs.dir must be a path relative to "
                           "the working directory, got the absolute '%s' "
                           "(use -o to write elsewhere)", dir);
    for (const char *p = dir; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return ts_diag_add(d, m, "outputs.dir may not leave the "
                               "working directory: '%s' has a '..' (use -o "
                               "to write elsewhere)", dir);
        p += n + (p[n] == '/');
    }
    return TS_OK;
}

/* outputs.dir, and whether a base wrote it (the file run is sources[0]):
 * a variant that names no directory of its own must not write over its
 * base's results. */
static ts_status set_out_dir(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc)
{
    ts_mark m = ts_yaml_mark(ctx, node);
    sc->out_dir_inherited = sc->sources.n > 0 && m.file &&
                            strcmp(m.file, sc->sources.name[0]) != 0;
    sc->out_dir_mark = m;
    ts_status st = ts_field_set_string(ctx, f, node, target, sc);
    if (st != TS_OK)
        return st;
    return out_dir_inside(sc->out_dir, m, ctx->diags);
}

static ts_status set_seed(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, void *target,
                          ts_scenario *sc)
{
    (void)target;
    return ts_yaml_whole(ctx, node, f->key, UINT64_MAX, &sc->seed);
}

static ts_status set_pool_id(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc)
{
    (void)sc;
    ts_pool *pool = target;
    pool->id_mark = ts_yaml_mark(ctx, node);
    return ts_yaml_string(ctx, node, f->key, &pool->id);
}

ts_share *ts_shares_get(ts_shares *shares, const char *dest,
                        ts_mark key_mark)
{
    for (size_t i = 0; i < shares->n; i++)
        if (strcmp(shares->items[i].dest, dest) == 0)
            return &shares->items[i];
    ts_share *grown =
        realloc(shares->items, (shares->n + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    shares->items = grown;
    ts_share *s = &shares->items[shares->n];
    memset(s, 0, sizeof *s);
    s->dest = ts_strdup(dest);
    if (!s->dest)
        return NULL;
    s->key_mark = key_mark;
    shares->n++;
    shares->given = true;
    return s;
}

const ts_field ts_share_field = {
    "share", ts_field_set_uncertain, offsetof(ts_share, share), false, true,
    {0, 1, false, false, false, NULL}, NULL};

/* The destination of one entry of mapping `key`, unless it was written
 * before. */
static ts_share *share_entry(const ts_yaml_ctx *ctx, const char *key,
                             const yaml_node_t *map,
                             const yaml_node_pair_t *pair, ts_shares *shares,
                             ts_status *st)
{
    yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
    const char *dest = ts_yaml_scalar(ctx, k, "a destination");
    if (!dest) {
        *st = TS_EINPUT;
        return NULL;
    }
    ts_mark km = ts_yaml_mark(ctx, k);
    for (const yaml_node_pair_t *prev = map->data.mapping.pairs.start;
         prev < pair; prev++) {
        yaml_node_t *pk = yaml_document_get_node(ctx->doc, prev->key);
        if (pk->type == YAML_SCALAR_NODE &&
            strcmp((const char *)pk->data.scalar.value, dest) == 0) {
            *st = ts_diag_add(ctx->diags, km, "destination '%s' appears twice "
                              "in %s", dest, key);
            return NULL;
        }
    }
    ts_share *share = ts_shares_get(shares, dest, km);
    if (!share) {
        *st = ts_diag_nomem(ctx->diags);
        return NULL;
    }
    share->key_mark = km;
    return share;
}

ts_status ts_field_set_shares(const ts_yaml_ctx *ctx, const ts_field *f,
                              const yaml_node_t *node, void *target,
                              ts_scenario *sc)
{
    ts_shares *shares = (ts_shares *)((char *)target + f->offset);
    shares->mark = ts_yaml_mark(ctx, node);
    shares->given = true;
    if (node->type != YAML_MAPPING_NODE)
        return ts_diag_add(ctx->diags, shares->mark,
                           "%s must be a mapping of destination pool to "
                           "share, like {big_tech_ai: 0.4}, got %s",
                           f->key, ts_yaml_kind_name(node));
    /* every pool and outside at most once: a longer mapping cannot be
     * right, and checking it would cost its square */
    if (ts_yaml_entries_above(ctx, node, TS_MAX_POOLS + 1, f->key,
                              "destinations"))
        return TS_EINPUT;
    ts_status st = TS_OK;
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; pair++) {
        ts_share *share = share_entry(ctx, f->key, node, pair, shares, &st);
        yaml_node_t *v = yaml_document_get_node(ctx->doc, pair->value);
        if (share && ts_field_apply(ctx, &ts_share_field, v, share, sc) !=
                         TS_OK)
            st = TS_EINPUT;
    }
    return st;
}

static ts_status set_pools(const ts_yaml_ctx *ctx, const ts_field *f,
                           const yaml_node_t *node, void *target,
                           ts_scenario *sc)
{
    (void)target;
    ts_mark m = ts_yaml_mark(ctx, node);
    bool fatal_before = sc->load_fatal;
    sc->load_fatal = true; /* until the list is read */
    if (node->type != YAML_SEQUENCE_NODE)
        return ts_diag_add(ctx->diags, m,
                           "%s must be a list of pools (each item starting "
                           "with '- id: ...'), got %s", f->key,
                           ts_yaml_kind_name(node));
    ts_status st = TS_OK;
    for (yaml_node_item_t *item = node->data.sequence.items.start;
         item < node->data.sequence.items.top; item++) {
        if (sc->n_pools >= TS_MAX_POOLS)
            return ts_diag_add(ctx->diags, m,
                               "too many pools: at most %d are supported",
                               TS_MAX_POOLS);
        yaml_node_t *pn = yaml_document_get_node(ctx->doc, *item);
        ts_pool *pool = ts_scenario_add_pool(sc);
        if (!pool)
            return ts_diag_nomem(ctx->diags);
        pool->mark = ts_yaml_mark(ctx, pn);
        pool->broken =
            ts_fields_apply_map(ctx, &ts_pool_fields, pn, pool, sc) != TS_OK;
        if (pool->broken)
            st = TS_EINPUT;
    }
    sc->load_fatal = fatal_before;
    return st;
}

static ts_status set_scenario_block(const ts_yaml_ctx *ctx, const ts_field *f,
                                    const yaml_node_t *node, void *target,
                                    ts_scenario *sc)
{
    (void)f;
    (void)target;
    ts_status st = ts_fields_apply_map(ctx, &ts_scenario_fields, node, sc, sc);
    sc->load_fatal |= st != TS_OK; /* every date depends on it */
    return st;
}

static ts_status set_outputs_block(const ts_yaml_ctx *ctx, const ts_field *f,
                                   const yaml_node_t *node, void *target,
                                   ts_scenario *sc)
{
    (void)f;
    (void)target;
    return ts_fields_apply_map(ctx, &ts_outputs_fields, node, sc, sc);
}

/* One item of outputs.charts: a known chart kind, not named before. */
static ts_status add_chart(const ts_yaml_ctx *ctx, const yaml_node_t *item,
                           unsigned *set)
{
    const char *name = ts_yaml_scalar(ctx, item, "a chart name");
    if (!name)
        return TS_EINPUT;
    ts_mark m = ts_yaml_mark(ctx, item);
    ts_chart_kind kind;
    if (!ts_chart_kind_parse(name, &kind)) {
        const char *why = ts_chart_kind_later(name);
        if (why)
            return ts_diag_add(ctx->diags, m, "chart '%s': %s", name, why);
        const char *hint = ts_suggest(name, ts_chart_kind_names(),
                                      TS_N_CHART_KINDS);
        if (hint)
            return ts_diag_add(ctx->diags, m, "unknown chart '%s'; did you "
                               "mean '%s'?", name, hint);
        return ts_diag_add(ctx->diags, m, "unknown chart '%s' (charts are "
                           "stocks, fan, flows, net and executives)", name);
    }
    if (*set & TS_CHART_BIT(kind))
        return ts_diag_add(ctx->diags, m, "chart '%s' is listed twice", name);
    *set |= TS_CHART_BIT(kind);
    return TS_OK;
}

static ts_status set_charts(const ts_yaml_ctx *ctx, const ts_field *f,
                            const yaml_node_t *node, void *target,
                            ts_scenario *sc)
{
    (void)target;
    if (node->type != YAML_SEQUENCE_NODE)
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, node),
                           "%s must be a list of chart names, like [stocks, "
                           "fan], got %s", f->key, ts_yaml_kind_name(node));
    unsigned set = 0;
    ts_status st = TS_OK;
    for (yaml_node_item_t *item = node->data.sequence.items.start;
         item < node->data.sequence.items.top; item++)
        if (add_chart(ctx, yaml_document_get_node(ctx->doc, *item), &set) !=
            TS_OK)
            st = TS_EINPUT;
    if (st == TS_OK) {
        sc->charts = set;
        sc->charts_given = true;
    }
    return st;
}

static bool parse_format(const char *word, void *out)
{
    return ts_image_format_parse(word, out);
}

static ts_status set_format(const ts_yaml_ctx *ctx, const ts_field *f,
                            const yaml_node_t *node, void *target,
                            ts_scenario *sc)
{
    (void)target;
    return set_keyword(ctx, f, node, parse_format, &sc->format,
                       "png or svg", NULL);
}

/* ---- tables ------------------------------------------------------- */

#define NO_RANGE {0, 0, false, false, false, NULL}

/* history: the record (SPEC section 8), checked against the scenario
 * by validation (models/validate/validate_record.h). */
static ts_status set_history(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc)
{
    (void)f;
    (void)target;
    if (!sc->record && !(sc->record = calloc(1, sizeof *sc->record)))
        return ts_diag_runtime(ctx->diags, "out of memory");
    return ts_record_read(ctx, (yaml_node_t *)node, &sc->sources, sc->record);
}

static const ts_field top_fields[] = {
    {"scenario", set_scenario_block, 0, true, false, NO_RANGE, NULL},
    {"pools", set_pools, 0, true, false, NO_RANGE, NULL},
    {"outputs", set_outputs_block, 0, false, false, NO_RANGE, NULL},
    {"executives", ts_set_executives, 0, false, false, NO_RANGE, NULL},
    {"predictions", ts_set_predictions, 0, false, false, NO_RANGE, NULL},
    {"events", ts_set_events, 0, false, false, NO_RANGE, NULL},
    {"shocks", ts_set_shocks, 0, false, false, NO_RANGE, NULL},
    {"observed", ts_set_observed, 0, false, false, NO_RANGE, NULL},
    {"fit", ts_set_fit, 0, false, false, NO_RANGE, NULL},
    {"learn", ts_set_learn, 0, false, false, NO_RANGE, NULL},
    {"target", ts_set_target, 0, false, false, NO_RANGE, NULL},
    {"history", set_history, 0, false, false, NO_RANGE, NULL},
};

static const ts_field scenario_fields[] = {
    {"name", ts_field_set_string, offsetof(ts_scenario, name), false, false,
     NO_RANGE, NULL},
    {"description", ts_field_set_string, offsetof(ts_scenario, description), false,
     false, NO_RANGE, NULL},
    {"counts", ts_field_set_string, offsetof(ts_scenario, counts), false,
     false, NO_RANGE, NULL},
    {"start", set_start, 0, true, false, NO_RANGE, NULL},
    {"step", set_step, 0, false, false, NO_RANGE, NULL},
    {"horizon", set_horizon, 0, false, false, NO_RANGE, NULL},
    {"until", set_until, 0, false, false, NO_RANGE, NULL},
    {"runs", set_runs, 0, false, false, NO_RANGE, NULL},
    {"seed", set_seed, 0, false, false, NO_RANGE, NULL},
};

static const ts_field pool_fields[] = {
    {"id", set_pool_id, 0, true, false, NO_RANGE, NULL},
    {"label", ts_field_set_string, offsetof(ts_pool, label), false, false, NO_RANGE,
     NULL},
    {"headcount", ts_field_set_uncertain, offsetof(ts_pool, headcount), true, true,
     {0, TS_MAX_HEADCOUNT, false, false, true, "people"}, NULL},
    {"inflow", ts_field_set_uncertain, offsetof(ts_pool, inflow), false, true,
     {0, TS_MAX_INFLOW, false, false, false, NULL}, NULL},
    {"inflow_growth", ts_field_set_uncertain, offsetof(ts_pool, inflow_growth), false,
     true, {-1, DBL_MAX, true, false, false, NULL}, NULL},
    {"retention", ts_field_set_uncertain, offsetof(ts_pool, retention), true, true,
     {0, 1, true, false, false, NULL}, NULL},
    {"to", ts_field_set_shares, offsetof(ts_pool, to), false, false,
     NO_RANGE, NULL},
    {"exec_move", ts_field_set_uncertain, offsetof(ts_pool, exec_move), false,
     true, {0, 1, false, true, false, NULL}, NULL},
    {"exec_to", ts_field_set_shares, offsetof(ts_pool, exec_to), false,
     false, NO_RANGE, NULL},
    {"pull", ts_field_set_uncertain, offsetof(ts_pool, pull), false, true,
     {-TS_MAX_PULL, TS_MAX_PULL, false, false, false, NULL}, NULL},
};

static const ts_field outputs_fields[] = {
    {"dir", set_out_dir, offsetof(ts_scenario, out_dir), false, false,
     NO_RANGE, NULL},
    {"charts", set_charts, 0, false, false, NO_RANGE, NULL},
    {"format", set_format, 0, false, false, NO_RANGE, NULL},
};

#define TABLE(name, arr) {name, arr, sizeof arr / sizeof arr[0]}
_Static_assert(sizeof top_fields / sizeof top_fields[0] <= TS_FIELDS_MAX &&
                   sizeof pool_fields / sizeof pool_fields[0] <= TS_FIELDS_MAX,
               "raise TS_FIELDS_MAX");
const ts_field_table ts_top_fields = TABLE("the scenario file", top_fields);
const ts_field_table ts_scenario_fields = TABLE("scenario", scenario_fields);
const ts_field_table ts_pool_fields = TABLE("pool", pool_fields);
const ts_field_table ts_outputs_fields = TABLE("outputs", outputs_fields);

/* ---- walking ------------------------------------------------------ */

const ts_field *ts_field_find(const ts_field_table *table, const char *key)
{
    for (size_t i = 0; i < table->n; i++)
        if (strcmp(table->fields[i].key, key) == 0)
            return &table->fields[i];
    return NULL;
}

ts_status ts_field_apply(const ts_yaml_ctx *ctx, const ts_field *field,
                         const yaml_node_t *node, void *target,
                         ts_scenario *sc)
{
    if (!field->set)
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, node), "'%s': %s",
                           field->key, field->later);
    return field->set(ctx, field, node, target, sc);
}

const char *ts_field_suggest(const ts_field_table *table, const char *key)
{
    const char *names[TS_FIELDS_MAX];
    for (size_t i = 0; i < table->n; i++)
        names[i] = table->fields[i].key;
    return ts_suggest(key, names, table->n);
}

/* Reports an unknown key; returns the suggested field (or NULL) so that
 * a missing required key already suggested is not reported twice. */
static const ts_field *unknown_key(const ts_yaml_ctx *ctx,
                                   const ts_field_table *table,
                                   const char *key, ts_mark m)
{
    const char *hint = ts_field_suggest(table, key);
    if (!hint) {
        ts_diag_add(ctx->diags, m, "unknown key '%s' in %s", key,
                    table->section);
        return NULL;
    }
    ts_diag_add(ctx->diags, m, "unknown key '%s' in %s; did you mean '%s'?",
                key, table->section, hint);
    return ts_field_find(table, hint);
}

ts_status ts_fields_apply_map(const ts_yaml_ctx *ctx,
                              const ts_field_table *table,
                              const yaml_node_t *node, void *target,
                              ts_scenario *sc)
{
    ts_mark m = ts_yaml_mark(ctx, node);
    if (node->type != YAML_MAPPING_NODE)
        return ts_diag_add(ctx->diags, m, "%s must be a mapping of keys to "
                           "values, got %s", table->section,
                           ts_yaml_kind_name(node));
    ts_status st = TS_OK;
    bool seen[TS_FIELDS_MAX] = {false}; /* present, or suggested */
    /* where each known key was first written: a repeated known key is a
     * duplicate, an unknown one is reported as unknown each time, so the
     * check is linear in the mapping's size */
    size_t first_line[TS_FIELDS_MAX] = {0};
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
        yaml_node_t *v = yaml_document_get_node(ctx->doc, pair->value);
        const char *key = ts_yaml_scalar(ctx, k, "a key");
        if (!key) {
            st = TS_EINPUT;
            continue;
        }
        ts_mark km = ts_yaml_mark(ctx, k);
        const ts_field *field = ts_field_find(table, key);
        if (!field) {
            const ts_field *hint = unknown_key(ctx, table, key, km);
            if (hint)
                seen[hint - table->fields] = true;
            st = TS_EINPUT;
            continue;
        }
        size_t at = (size_t)(field - table->fields);
        if (first_line[at]) {
            st = ts_diag_add(ctx->diags, km, "duplicate key '%s' in %s", key,
                             table->section);
            continue;
        }
        first_line[at] = km.line ? km.line : 1;
        seen[at] = true;
        if (!field->set) {
            st = ts_diag_add(ctx->diags, km, "'%s': %s", key, field->later);
            continue;
        }
        if (field->set(ctx, field, v, target, sc) != TS_OK)
            st = TS_EINPUT;
    }
    for (size_t i = 0; i < table->n; i++)
        if (table->fields[i].required && !seen[i])
            st = ts_diag_add(ctx->diags, m, "missing required key '%s' in %s",
                             table->fields[i].key, table->section);
    return st;
}

void ts_range_format(const ts_range *r, char *buf, size_t size)
{
    if (r->hi == DBL_MAX)
        snprintf(buf, size, "%s%g, inf)", r->lo_open ? "(" : "[", r->lo);
    else
        snprintf(buf, size, "%s%g, %g%s", r->lo_open ? "(" : "[", r->lo,
                 r->hi, r->hi_open ? ")" : "]");
}

bool ts_range_contains(const ts_range *r, double v)
{
    if (r->lo_open ? !(v > r->lo) : !(v >= r->lo))
        return false;
    if (r->hi_open ? !(v < r->hi) : !(v <= r->hi))
        return false;
    return true;
}
