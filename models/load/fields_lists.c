/* The list sections, `executives`, `predictions` and `events`: their key
 * tables and the setters only they use. Which keys go together (name or
 * group, a move claim or a headcount claim) and what an event's paths
 * name are checked by validation, which has every key's place. */
#include <stdlib.h>
#include <string.h>

#include "models/load/fields.h"
#include "models/base/limits.h"
#include "models/base/strings.h"

#define NO_RANGE {0, 0, false, false, false, NULL}

/* A string and its place, in a ts_text at the field's offset. */
static ts_status set_text(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, void *target,
                          ts_scenario *sc)
{
    (void)sc;
    ts_text *t = (ts_text *)((char *)target + f->offset);
    t->mark = ts_yaml_mark(ctx, node);
    return ts_yaml_string(ctx, node, f->key, &t->s);
}

/* `name` or `group`: the same text, and whether it names a group. */
static ts_status set_exec_name(const ts_yaml_ctx *ctx, const ts_field *f,
                               const yaml_node_t *node, void *target,
                               ts_scenario *sc)
{
    ts_executive *e = target;
    if (e->name.s)
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, node), "an "
                           "executive has either a name or a group, not "
                           "both");
    e->is_group = strcmp(f->key, "group") == 0;
    return set_text(ctx, f, node, target, sc);
}

/* A date and its place, in a ts_dated at the field's offset. */
static ts_status set_dated(const ts_yaml_ctx *ctx, const ts_field *f,
                           const yaml_node_t *node, void *target,
                           ts_scenario *sc)
{
    (void)sc;
    ts_dated *t = (ts_dated *)((char *)target + f->offset);
    return ts_yaml_dated(ctx, node, f->key, t);
}

static ts_status add_pool_id(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, ts_pool_list *l)
{
    char *id = NULL;
    if (ts_yaml_string(ctx, node, f->key, &id) != TS_OK)
        return TS_EINPUT;
    char **ids = realloc(l->ids, (l->n + 1) * sizeof *ids);
    if (ids)
        l->ids = ids;
    ts_mark *marks = realloc(l->marks, (l->n + 1) * sizeof *marks);
    if (marks)
        l->marks = marks;
    size_t *index = realloc(l->index, (l->n + 1) * sizeof *index);
    if (index)
        l->index = index;
    if (!ids || !marks || !index) {
        free(id);
        return ts_diag_runtime(ctx->diags, "out of memory");
    }
    l->ids[l->n] = id;
    l->marks[l->n] = ts_yaml_mark(ctx, node);
    l->index[l->n++] = SIZE_MAX;
    return TS_OK;
}

/* One pool id, or a list of them. */
static ts_status set_pool_list(const ts_yaml_ctx *ctx, const ts_field *f,
                               const yaml_node_t *node, void *target,
                               ts_scenario *sc)
{
    (void)sc;
    ts_pool_list *l = (ts_pool_list *)((char *)target + f->offset);
    l->mark = ts_yaml_mark(ctx, node);
    l->given = true;
    if (node->type != YAML_SEQUENCE_NODE)
        return add_pool_id(ctx, f, node, l);
    if (node->data.sequence.items.start == node->data.sequence.items.top)
        return ts_diag_add(ctx->diags, l->mark, "%s must name at least one "
                           "%s", f->key, strcmp(f->key, "who") == 0
                                             ? "executive or group"
                                             : "pool");
    ts_status st = TS_OK;
    for (yaml_node_item_t *item = node->data.sequence.items.start;
         item < node->data.sequence.items.top; item++)
        if (add_pool_id(ctx, f, yaml_document_get_node(ctx->doc, *item), l) !=
            TS_OK)
            st = TS_EINPUT;
    return st;
}

/* [first, end): a list of two dates, as a window or a period; or
 * through's [first, last]. */
static ts_status set_date_pair(const ts_yaml_ctx *ctx, const ts_field *f,
                               const yaml_node_t *node, ts_dated *pair,
                               ts_mark *mark, bool *has)
{
    *mark = ts_yaml_mark(ctx, node);
    *has = true;
    bool through = strcmp(f->key, "through") == 0;
    if (node->type != YAML_SEQUENCE_NODE ||
        node->data.sequence.items.top - node->data.sequence.items.start != 2)
        return ts_diag_add(ctx->diags, *mark, "%s must be a list of two "
                           "dates, %s, like [2025-01, %s] or [0, %s]",
                           f->key, through ? "[first, last]" : "[first, end)",
                           through ? "2026-06" : "2026-07",
                           through ? "17" : "18");
    ts_status st = TS_OK;
    for (int i = 0; i < 2; i++) {
        yaml_node_t *item = yaml_document_get_node(
            ctx->doc, node->data.sequence.items.start[i]);
        if (ts_yaml_dated(ctx, item, f->key, &pair[i]) != TS_OK)
            st = TS_EINPUT;
    }
    return st;
}

static ts_status set_window(const ts_yaml_ctx *ctx, const ts_field *f,
                            const yaml_node_t *node, void *target,
                            ts_scenario *sc)
{
    (void)sc;
    ts_prediction *p = target;
    return set_date_pair(ctx, f, node, p->window, &p->window_mark,
                         &p->has_window);
}

static ts_status set_through(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc)
{
    (void)sc;
    ts_prediction *p = target;
    return set_date_pair(ctx, f, node, p->through, &p->through_mark,
                         &p->has_through);
}

static const ts_field team_fields[] = {
    {"size", ts_field_set_uncertain, offsetof(ts_team, size), true, true,
     {0, TS_MAX_HEADCOUNT, false, false, true, "people"}, NULL},
    {"over", ts_field_set_param, offsetof(ts_team, over), false, true,
     {1, TS_MAX_STEPS, false, false, true, "steps"}, NULL},
};
const ts_field_table ts_team_fields = {"team", team_fields,
                                       sizeof team_fields /
                                           sizeof team_fields[0]};

/* team: {size: S, over: M} */
static ts_status set_team(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, void *target,
                          ts_scenario *sc)
{
    ts_team *t = (ts_team *)((char *)target + f->offset);
    t->mark = ts_yaml_mark(ctx, node);
    t->given = true;
    return ts_fields_apply_map(ctx, &ts_team_fields, node, t, sc);
}

static const ts_field executive_fields[] = {
    {"name", set_exec_name, offsetof(ts_executive, name), false, false,
     NO_RANGE, NULL},
    {"group", set_exec_name, offsetof(ts_executive, name), false, false,
     NO_RANGE, NULL},
    {"pool", set_text, offsetof(ts_executive, pool), true, false, NO_RANGE,
     NULL},
    {"count", ts_field_set_param, offsetof(ts_executive, count), false, true,
     {1, TS_MAX_EXEC_PEOPLE, false, false, true, "executives"}, NULL},
    {"move", ts_field_set_uncertain, offsetof(ts_executive, move), false, true,
     {0, 1, false, true, false, NULL}, NULL},
    {"to", ts_field_set_shares, offsetof(ts_executive, to), false, false,
     NO_RANGE, NULL},
    {"team", set_team, offsetof(ts_executive, team), false, false, NO_RANGE,
     NULL},
    {"role", ts_field_set_string, offsetof(ts_executive, role), false, false,
     NO_RANGE, NULL},
    {"note", ts_field_set_string, offsetof(ts_executive, note), false, false,
     NO_RANGE, NULL},
};

static const ts_field prediction_fields[] = {
    {"id", set_text, offsetof(ts_prediction, id), true, false, NO_RANGE,
     NULL},
    {"text", ts_field_set_string, offsetof(ts_prediction, text), false,
     false, NO_RANGE, NULL},
    {"from", set_pool_list, offsetof(ts_prediction, from), false, false,
     NO_RANGE, NULL},
    {"to", set_pool_list, offsetof(ts_prediction, to), false, false,
     NO_RANGE, NULL},
    {"who", set_pool_list, offsetof(ts_prediction, who), false, false,
     NO_RANGE, NULL},
    {"window", set_window, 0, false, false, NO_RANGE, NULL},
    {"through", set_through, 0, false, false, NO_RANGE, NULL},
    {"within", ts_field_set_param, offsetof(ts_prediction, within), false,
     true, {1, TS_MAX_STEPS * 12.0, false, false, true, "months"}, NULL},
    {"at_least", ts_field_set_param, offsetof(ts_prediction, at_least),
     false, true, {1, TS_MAX_EXEC_PEOPLE, false, false, true, "executives"},
     NULL},
    {"pool", set_text, offsetof(ts_prediction, pool), false, false, NO_RANGE,
     NULL},
    {"at", set_dated, offsetof(ts_prediction, at), false, false, NO_RANGE,
     NULL},
    {"below", ts_field_set_param, offsetof(ts_prediction, below), false,
     true, {-TS_MAX_PEOPLE, TS_MAX_PEOPLE, false, false, false, NULL}, NULL},
    {"above", ts_field_set_param, offsetof(ts_prediction, above), false,
     true, {-TS_MAX_PEOPLE, TS_MAX_PEOPLE, false, false, false, NULL}, NULL},
};

/* set: {PATH: value}, each value a number or a distribution; what PATH
 * names and the value's range are checked by validation. */
static ts_status set_event_sets(const ts_yaml_ctx *ctx, const ts_field *f,
                                const yaml_node_t *node, void *target,
                                ts_scenario *sc)
{
    ts_event *e = (ts_event *)((char *)target + f->offset);
    e->set_mark = ts_yaml_mark(ctx, node);
    if (node->type != YAML_MAPPING_NODE ||
        node->data.mapping.pairs.start == node->data.mapping.pairs.top)
        return ts_diag_add(ctx->diags, e->set_mark, "%s must be a mapping of "
                           "parameter paths to values, like "
                           "{pools.a.retention: 0.9}", f->key);
    if (ts_yaml_entries_above(ctx, node, TS_MAX_EVENT_SETS, f->key,
                              "parameter paths"))
        return TS_EINPUT;
    size_t n = (size_t)(node->data.mapping.pairs.top -
                        node->data.mapping.pairs.start);
    if (!(e->sets = calloc(n, sizeof *e->sets)))
        return ts_diag_nomem(ctx->diags);
    ts_status st = TS_OK;
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
        ts_event_set *set = &e->sets[e->n_sets];
        if (ts_yaml_string(ctx, k, "a parameter path", &set->path) != TS_OK) {
            st = TS_EINPUT;
            continue;
        }
        e->n_sets++;
        set->mark = ts_yaml_mark(ctx, k);
        ts_field value = {set->path, ts_field_set_uncertain,
                          offsetof(ts_event_set, value), false, true,
                          NO_RANGE, NULL};
        if (ts_field_set_uncertain(ctx, &value,
                                   yaml_document_get_node(ctx->doc,
                                                          pair->value),
                                   set, sc) != TS_OK)
            st = TS_EINPUT;
    }
    return st;
}

static const ts_field event_fields[] = {
    {"at", set_dated, offsetof(ts_event, at), true, false, NO_RANGE, NULL},
    {"label", ts_field_set_string, offsetof(ts_event, label), false, false,
     NO_RANGE, NULL},
    {"set", set_event_sets, 0, true, false, NO_RANGE, NULL},
    {"ramp", ts_field_set_param, offsetof(ts_event, ramp), false, true,
     {1, TS_MAX_STEPS, false, false, true, "steps"}, NULL},
};

static ts_status set_shock_window(const ts_yaml_ctx *ctx, const ts_field *f,
                                  const yaml_node_t *node, void *target,
                                  ts_scenario *sc)
{
    (void)sc;
    ts_shock *s = target;
    return set_date_pair(ctx, f, node, s->window, &s->window_mark,
                         &s->has_window);
}

static const ts_field shock_fields[] = {
    {"id", set_text, offsetof(ts_shock, id), true, false, NO_RANGE, NULL},
    {"label", ts_field_set_string,
     offsetof(ts_shock, event) + offsetof(ts_event, label), false, false,
     NO_RANGE, NULL},
    {"chance", ts_field_set_uncertain, offsetof(ts_shock, chance), true,
     true, {0, 1, false, false, false, NULL}, NULL},
    {"window", set_shock_window, 0, false, false, NO_RANGE, NULL},
    {"lasts", ts_field_set_param, offsetof(ts_shock, lasts), false, true,
     {1, TS_MAX_STEPS, false, false, true, "steps"}, NULL},
    {"set", set_event_sets, offsetof(ts_shock, event), true, false, NO_RANGE,
     NULL},
};

/* An observed value: a number (sd 1, SPEC), {range: [lo, hi]} (the
 * midpoint, sd (hi - lo) / 2) or {value: v, sd: s}. */
static ts_status observed_pair(const ts_yaml_ctx *ctx, const yaml_node_t *map,
                              const char *a, const char *b, double *x,
                              double *y, bool *found)
{
    yaml_node_t *va = NULL, *vb = NULL;
    size_t n = 0;
    for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
         pair < map->data.mapping.pairs.top; pair++, n++) {
        yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
        const char *key = k->type == YAML_SCALAR_NODE
                              ? (const char *)k->data.scalar.value
                              : "";
        if (strcmp(key, a) == 0)
            va = yaml_document_get_node(ctx->doc, pair->value);
        else if (strcmp(key, b) == 0)
            vb = yaml_document_get_node(ctx->doc, pair->value);
    }
    *found = va && vb && n == 2;
    if (!*found)
        return TS_OK;
    if (ts_yaml_number(ctx, va, a, x) != TS_OK ||
        ts_yaml_number(ctx, vb, b, y) != TS_OK)
        return TS_EINPUT;
    return TS_OK;
}

static ts_status set_observed_value(const ts_yaml_ctx *ctx, const ts_field *f,
                                    const yaml_node_t *node, void *target,
                                    ts_scenario *sc)
{
    ts_observation *o = target;
    ts_param *p = (ts_param *)((char *)o + f->offset);
    ts_mark m = ts_yaml_mark(ctx, node);
    p->given = true;
    p->mark = o->value_mark = m;
    if (node->type != YAML_MAPPING_NODE) {
        if (ts_field_set_param(ctx, f, node, target, sc) != TS_OK)
            return TS_EINPUT;
        o->value = p->value;
        o->sd = 1;
        return TS_OK;
    }
    bool found;
    double lo, hi;
    if (observed_pair(ctx, node, "value", "sd", &o->value, &o->sd, &found) !=
        TS_OK)
        return TS_EINPUT;
    if (found) {
        o->has_sd = true;
        return o->sd > 0 ? TS_OK
                         : ts_diag_add(ctx->diags, m, "%s: sd must be "
                                       "positive, got %g", f->key, o->sd);
    }
    if (node->data.mapping.pairs.top - node->data.mapping.pairs.start == 1) {
        yaml_node_pair_t *pair = node->data.mapping.pairs.start;
        yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
        yaml_node_t *v = yaml_document_get_node(ctx->doc, pair->value);
        if (k->type == YAML_SCALAR_NODE &&
            strcmp((const char *)k->data.scalar.value, "range") == 0 &&
            v->type == YAML_SEQUENCE_NODE &&
            v->data.sequence.items.top - v->data.sequence.items.start == 2) {
            if (ts_yaml_number(ctx, yaml_document_get_node(
                                        ctx->doc, v->data.sequence.items.start[0]),
                               f->key, &lo) != TS_OK ||
                ts_yaml_number(ctx, yaml_document_get_node(
                                        ctx->doc, v->data.sequence.items.start[1]),
                               f->key, &hi) != TS_OK)
                return TS_EINPUT;
            if (!(lo < hi))
                return ts_diag_add(ctx->diags, m, "%s: range needs lo < hi",
                                   f->key);
            o->value = (lo + hi) / 2;
            o->sd = (hi - lo) / 2;
            o->has_sd = true;
            return TS_OK;
        }
    }
    return ts_diag_add(ctx->diags, m, "%s must be a number, {range: [lo, "
                       "hi]} or {value: V, sd: S}", f->key);
}

static ts_status set_period(const ts_yaml_ctx *ctx, const ts_field *f,
                            const yaml_node_t *node, void *target,
                            ts_scenario *sc)
{
    (void)sc;
    ts_observation *o = target;
    return set_date_pair(ctx, f, node, o->period, &o->period_mark,
                         &o->has_period);
}

static const ts_field observed_fields[] = {
    {"id", set_text, offsetof(ts_observation, id), false, false, NO_RANGE,
     NULL},
    {"pool", set_text, offsetof(ts_observation, pool), false, false,
     NO_RANGE, NULL},
    {"from", set_text, offsetof(ts_observation, from), false, false,
     NO_RANGE, NULL},
    {"to", set_text, offsetof(ts_observation, to), false, false, NO_RANGE,
     NULL},
    {"headcount", set_observed_value, offsetof(ts_observation, headcount),
     false, false, NO_RANGE, NULL},
    {"inflow", set_observed_value, offsetof(ts_observation, inflow), false,
     false, NO_RANGE, NULL},
    {"flow", set_observed_value, offsetof(ts_observation, flow), false,
     false, NO_RANGE, NULL},
    {"at", set_dated, offsetof(ts_observation, at), false, false, NO_RANGE,
     NULL},
    {"period", set_period, 0, false, false, NO_RANGE, NULL},
};

/* One entry of `fit`: PATH: {bounds: [lo, hi], start: x}. */
static ts_status set_fit_bounds(const ts_yaml_ctx *ctx, const ts_field *f,
                                const yaml_node_t *node, void *target,
                                ts_scenario *sc)
{
    (void)sc;
    ts_fit_param *p = target;
    p->bounds_mark = ts_yaml_mark(ctx, node);
    p->has_bounds = true;
    if (node->type != YAML_SEQUENCE_NODE ||
        node->data.sequence.items.top - node->data.sequence.items.start != 2)
        return ts_diag_add(ctx->diags, p->bounds_mark, "%s must be a list of "
                           "two numbers, [lo, hi]", f->key);
    for (int i = 0; i < 2; i++) {
        yaml_node_t *item = yaml_document_get_node(
            ctx->doc, node->data.sequence.items.start[i]);
        p->bounds[i].mark = ts_yaml_mark(ctx, item);
        p->bounds[i].given = true;
        if (ts_yaml_number(ctx, item, f->key, &p->bounds[i].value) != TS_OK)
            return TS_EINPUT;
    }
    return TS_OK;
}

static const ts_field fit_fields[] = {
    {"bounds", set_fit_bounds, 0, true, false, NO_RANGE, NULL},
    {"start", ts_field_set_param, offsetof(ts_fit_param, start), false, true,
     NO_RANGE, NULL},
};

#define TABLE(name, arr) {name, arr, sizeof arr / sizeof arr[0]}
const ts_field_table ts_executive_fields =
    TABLE("executive", executive_fields);
const ts_field_table ts_prediction_fields =
    TABLE("prediction", prediction_fields);
const ts_field_table ts_event_fields = TABLE("event", event_fields);
const ts_field_table ts_shock_fields = TABLE("shock", shock_fields);
const ts_field_table ts_observed_fields =
    TABLE("observation", observed_fields);
static const ts_field_table fit_table = TABLE("fit entry", fit_fields);

/* Appends an item to the scenario: its object, where its mark goes
 * (NULL when out of memory) and its `broken` flag. */
typedef ts_mark *(*item_adder)(ts_scenario *sc, void **obj, bool **broken);

static ts_mark *add_executive(ts_scenario *sc, void **obj, bool **broken)
{
    ts_executive *e = ts_scenario_add_executive(sc);
    *obj = e;
    *broken = e ? &e->broken : NULL;
    return e ? &e->mark : NULL;
}

static ts_mark *add_event(ts_scenario *sc, void **obj, bool **broken)
{
    ts_event *e = ts_scenario_add_event(sc);
    *obj = e;
    *broken = e ? &e->broken : NULL;
    return e ? &e->mark : NULL;
}

static ts_mark *add_shock(ts_scenario *sc, void **obj, bool **broken)
{
    ts_shock *s = ts_scenario_add_shock(sc);
    *obj = s;
    *broken = s ? &s->event.broken : NULL;
    return s ? &s->event.mark : NULL;
}

static ts_mark *add_observation(ts_scenario *sc, void **obj, bool **broken)
{
    ts_observation *o = ts_scenario_add_observation(sc);
    *obj = o;
    *broken = o ? &o->broken : NULL;
    return o ? &o->mark : NULL;
}

static ts_mark *add_prediction(ts_scenario *sc, void **obj, bool **broken)
{
    ts_prediction *p = ts_scenario_add_prediction(sc);
    *obj = p;
    *broken = p ? &p->broken : NULL;
    return p ? &p->mark : NULL;
}

/* A list of mappings, each item added by `add` and filled through
 * table; at most max items. */
static ts_status set_list(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, ts_scenario *sc,
                          const ts_field_table *table, size_t max,
                          item_adder add, const char *example)
{
    ts_mark m = ts_yaml_mark(ctx, node);
    bool fatal_before = sc->load_fatal;
    sc->load_fatal = true; /* until the list is read */
    if (node->type != YAML_SEQUENCE_NODE)
        return ts_diag_add(ctx->diags, m, "%s must be a list (each item "
                           "starting with '- %s'), got %s", f->key, example,
                           ts_yaml_kind_name(node));
    if ((size_t)(node->data.sequence.items.top -
                 node->data.sequence.items.start) > max)
        return ts_diag_add(ctx->diags, m, "too many %s: at most %zu are "
                           "supported", f->key, max);
    ts_status st = TS_OK;
    for (yaml_node_item_t *item = node->data.sequence.items.start;
         item < node->data.sequence.items.top; item++) {
        yaml_node_t *in = yaml_document_get_node(ctx->doc, *item);
        void *obj;
        bool *broken;
        ts_mark *mark = add(sc, &obj, &broken);
        if (!mark)
            return ts_diag_nomem(ctx->diags);
        *mark = ts_yaml_mark(ctx, in);
        *broken = ts_fields_apply_map(ctx, table, in, obj, sc) != TS_OK;
        if (*broken)
            st = TS_EINPUT;
    }
    sc->load_fatal = fatal_before;
    return st;
}

ts_status ts_set_executives(const ts_yaml_ctx *ctx, const ts_field *f,
                            const yaml_node_t *node, void *target,
                            ts_scenario *sc)
{
    (void)target;
    return set_list(ctx, f, node, sc, &ts_executive_fields, TS_MAX_EXECS,
                    add_executive, "name: ...' or '- group: ...");
}

ts_status ts_set_predictions(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc)
{
    (void)target;
    return set_list(ctx, f, node, sc, &ts_prediction_fields,
                    TS_MAX_PREDICTIONS, add_prediction, "id: ...");
}

ts_status ts_set_events(const ts_yaml_ctx *ctx, const ts_field *f,
                        const yaml_node_t *node, void *target,
                        ts_scenario *sc)
{
    (void)target;
    return set_list(ctx, f, node, sc, &ts_event_fields, TS_MAX_EVENTS,
                    add_event, "at: ...");
}

ts_status ts_set_shocks(const ts_yaml_ctx *ctx, const ts_field *f,
                        const yaml_node_t *node, void *target,
                        ts_scenario *sc)
{
    (void)target;
    return set_list(ctx, f, node, sc, &ts_shock_fields, TS_MAX_SHOCKS,
                    add_shock, "id: ...");
}

ts_status ts_set_observed(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, void *target,
                          ts_scenario *sc)
{
    (void)target;
    return set_list(ctx, f, node, sc, &ts_observed_fields, TS_MAX_OBSERVED,
                    add_observation, "pool: ...' or '- from: ...");
}

/* A mapping of keys to values, each given to `one` with its key. */
typedef ts_status (*mapping_entry)(const ts_yaml_ctx *ctx, const char *key,
                                   ts_mark key_mark, const yaml_node_t *value,
                                   ts_scenario *sc);

static ts_status set_mapping(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, ts_scenario *sc,
                             const char *example, size_t max,
                             const char *what, mapping_entry one)
{
    ts_mark m = ts_yaml_mark(ctx, node);
    if (node->type != YAML_MAPPING_NODE)
        return ts_diag_add(ctx->diags, m, "%s must be a mapping, like %s",
                           f->key, example);
    if (ts_yaml_entries_above(ctx, node, max, f->key, what))
        return TS_EINPUT;
    ts_status st = TS_OK;
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
        const char *key = ts_yaml_scalar(ctx, k, "a key");
        if (!key || one(ctx, key, ts_yaml_mark(ctx, k),
                        yaml_document_get_node(ctx->doc, pair->value),
                        sc) != TS_OK)
            st = TS_EINPUT;
    }
    return st;
}

static ts_status fit_entry(const ts_yaml_ctx *ctx, const char *key,
                           ts_mark key_mark, const yaml_node_t *value,
                           ts_scenario *sc)
{
    ts_fit_param *grown = realloc(sc->fit, (sc->n_fit + 1) * sizeof *grown);
    if (!grown)
        return ts_diag_nomem(ctx->diags);
    sc->fit = grown;
    ts_fit_param *p = &sc->fit[sc->n_fit];
    memset(p, 0, sizeof *p);
    if (!(p->path = ts_strdup(key)))
        return ts_diag_nomem(ctx->diags);
    sc->n_fit++;
    p->mark = key_mark;
    return ts_fields_apply_map(ctx, &fit_table, value, p, sc);
}

ts_status ts_set_fit(const ts_yaml_ctx *ctx, const ts_field *f,
                     const yaml_node_t *node, void *target, ts_scenario *sc)
{
    (void)target;
    sc->fit_mark = ts_yaml_mark(ctx, node);
    ts_status st = set_mapping(ctx, f, node, sc,
                               "{pools.a.inflow: {bounds: [1000, 50000]}}",
                               TS_MAX_FIT, "parameters", fit_entry);
    sc->load_fatal |= st != TS_OK;
    return st;
}

/* learn: a list of parameter paths (SPEC section 11), at most
 * TS_MAX_LEARN, each a string; resolved by validation. */
ts_status ts_set_learn(const ts_yaml_ctx *ctx, const ts_field *f,
                       const yaml_node_t *node, void *target,
                       ts_scenario *sc)
{
    (void)target;
    ts_mark m = ts_yaml_mark(ctx, node);
    sc->learn_mark = m;
    if (node->type != YAML_SEQUENCE_NODE)
        return ts_diag_add(ctx->diags, m, "%s must be a list of parameter "
                           "paths, like [pools.openai.exec_move]", f->key);
    size_t n = (size_t)(node->data.sequence.items.top -
                        node->data.sequence.items.start);
    if (!(sc->learn = calloc(n + 1, sizeof *sc->learn)))
        return ts_diag_nomem(ctx->diags);
    ts_status st = TS_OK;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(
            ctx->doc, node->data.sequence.items.start[i]);
        ts_mark im = ts_yaml_mark(ctx, item);
        if (i == TS_MAX_LEARN)
            return ts_diag_add(ctx->diags, im, "learn names at most %d "
                               "paths (each block of them is integrated "
                               "exactly); this is path %zu", TS_MAX_LEARN,
                               n);
        const char *path = ts_yaml_scalar(ctx, item, "a learn path");
        if (!path) {
            st = TS_EINPUT;
            continue;
        }
        ts_learn_param *l = &sc->learn[sc->n_learn];
        if (!(l->path = ts_strdup(path)))
            return ts_diag_nomem(ctx->diags);
        l->mark = im;
        sc->n_learn++;
    }
    return st;
}

static ts_status target_entry(const ts_yaml_ctx *ctx, const char *key,
                              ts_mark key_mark, const yaml_node_t *value,
                              ts_scenario *sc)
{
    size_t n = sc->n_targets + 1;
    char **ids = realloc(sc->target_ids, n * sizeof *ids);
    if (ids)
        sc->target_ids = ids;
    ts_mark *marks = realloc(sc->target_marks, n * sizeof *marks);
    if (marks)
        sc->target_marks = marks;
    ts_param *values = realloc(sc->targets, n * sizeof *values);
    if (values)
        sc->targets = values;
    if (!ids || !marks || !values || !(ids[n - 1] = ts_strdup(key)))
        return ts_diag_nomem(ctx->diags);
    memset(&values[n - 1], 0, sizeof values[n - 1]);
    marks[n - 1] = key_mark;
    sc->n_targets = n;
    ts_field headcount = {key, ts_field_set_param, 0, false, true, NO_RANGE,
                          NULL};
    return ts_field_set_param(ctx, &headcount, value, &values[n - 1], sc);
}

ts_status ts_set_target(const ts_yaml_ctx *ctx, const ts_field *f,
                        const yaml_node_t *node, void *target,
                        ts_scenario *sc)
{
    (void)target;
    sc->target_mark = ts_yaml_mark(ctx, node);
    ts_status st = set_mapping(ctx, f, node, sc, "{frontier_labs: 50000}",
                               TS_MAX_POOLS, "pools", target_entry);
    sc->load_fatal |= st != TS_OK;
    return st;
}
