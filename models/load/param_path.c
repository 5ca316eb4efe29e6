#include "models/load/param_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "models/load/fields.h"
#include "models/yaml/yaml_doc.h"

/* Path components are short identifiers; a longer one is a mistake. */
#define PATH_PART_MAX 128
#define PATH_PARTS_MAX 4

typedef struct path_parts {
    char part[PATH_PARTS_MAX][PATH_PART_MAX];
    size_t n;
} path_parts;

static bool split_path(const char *path, path_parts *out)
{
    out->n = 0;
    const char *s = path;
    while (out->n < PATH_PARTS_MAX) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        if (len == 0 || len >= PATH_PART_MAX)
            return false;
        memcpy(out->part[out->n], s, len);
        out->part[out->n++][len] = '\0';
        if (!dot)
            return true;
        s = dot + 1;
    }
    return false;
}

static ts_status path_error(ts_diags *d, ts_mark m, const char *path)
{
    return ts_diag_add(d, m, "'%s' is not a parameter path; use "
                       "scenario.FIELD, pools.ID.FIELD, pools.ID.to.DEST, "
                       "executives.NAME.move, executives.NAME.team.size, "
                       "shocks.ID.chance or outputs.FIELD", path);
}

static ts_pool *find_pool(ts_scenario *sc, const char *id, ts_mark m,
                          ts_diags *d)
{
    if (strcmp(id, TS_OUTSIDE_ID) == 0) {
        ts_diag_add(d, m, "'outside' takes whoever leaves the field; it has "
                    "no parameters of its own");
        return NULL;
    }
    size_t i = ts_scenario_pool_index(sc, id);
    if (i < sc->n_pools)
        return &sc->pools[i];
    const char *hint = ts_scenario_suggest_pool(sc, id, false);
    if (hint)
        ts_diag_add(d, m, "unknown pool '%s'; did you mean '%s'?", id, hint);
    else
        ts_diag_add(d, m, "unknown pool '%s'", id);
    return NULL;
}

static ts_status unknown_field(ts_diags *d, ts_mark m,
                               const ts_field_table *t, const char *key)
{
    const char *hint = ts_field_suggest(t, key);
    if (hint)
        return ts_diag_add(d, m, "unknown %s field '%s'; did you mean '%s'?",
                           t->section, key, hint);
    return ts_diag_add(d, m, "unknown %s field '%s'", t->section, key);
}

/* Where a path points: a field table entry and the struct it sets. */
typedef struct path_target {
    const ts_field *field;
    void *object;
    bool is_step;
} path_target;

/* A share of `to` or `exec_to`: an entry for a known destination,
 * added when the mapping did not have it. A mapping the file does not
 * give that follows another (`exec_to` follows `to`, an executive's `to`
 * its pool's `exec_to`) cannot take one share: the new mapping would
 * hold that share alone and quietly drop every destination it
 * followed. `follows` names what it follows (NULL: `to`, whose default
 * is empty). */
static ts_status resolve_share(ts_scenario *sc, ts_shares *shares,
                               const char *dest, const char *follows,
                               const char *path, ts_mark m, ts_diags *d,
                               path_target *t)
{
    if (follows && !shares->given)
        return ts_diag_add(d, m, "'%s': the file does not give this "
                           "mapping, so it follows %s; write it in the file "
                           "to change one of its shares", path, follows);
    if (ts_scenario_pool_index(sc, dest) == SIZE_MAX)
        return find_pool(sc, dest, m, d) ? TS_OK : TS_EINPUT;
    ts_share *s = ts_shares_get(shares, dest, m);
    if (!s)
        return ts_diag_nomem(d);
    t->field = &ts_share_field;
    t->object = s;
    return TS_OK;
}

/* executives.NAME.FIELD and executives.NAME.to.DEST */
static ts_status resolve_executive(ts_scenario *sc, const path_parts *pp,
                                   const char *path, ts_mark m, ts_diags *d,
                                   path_target *t)
{
    ts_executive *e = ts_scenario_find_executive(sc, pp->part[1]);
    if (!e)
        return ts_diag_add(d, m, "no executive or group is named '%s'",
                           pp->part[1]);
    if (pp->n == 4 && strcmp(pp->part[2], "to") == 0)
        return resolve_share(sc, &e->to, pp->part[3], "its pool's exec_to",
                             path, m, d, t);
    if (pp->n == 4 && strcmp(pp->part[2], "team") == 0) {
        if (!e->team.given)
            return ts_diag_add(d, m, "'%s': executive '%s' has no team in "
                               "the file", path, pp->part[1]);
        t->field = ts_field_find(&ts_team_fields, pp->part[3]);
        t->object = &e->team;
        return t->field ? TS_OK
                        : unknown_field(d, m, &ts_team_fields, pp->part[3]);
    }
    if (pp->n != 3)
        return path_error(d, m, path);
    const char *key = pp->part[2];
    if (strcmp(key, "name") == 0 || strcmp(key, "group") == 0 ||
        strcmp(key, "pool") == 0)
        return ts_diag_add(d, m, "an executive's %s cannot be changed with "
                           "a path", key);
    t->field = ts_field_find(&ts_executive_fields, key);
    t->object = e;
    return t->field ? TS_OK : unknown_field(d, m, &ts_executive_fields, key);
}

/* shocks.ID.FIELD: a number of the shock (its chance, how long it lasts);
 * what it sets is changed in the file. */
static ts_status resolve_shock(ts_scenario *sc, const path_parts *pp,
                               ts_mark m, ts_diags *d, path_target *t)
{
    ts_shock *s = ts_scenario_find_shock(sc, pp->part[1]);
    if (!s)
        return ts_diag_add(d, m, "no shock has the id '%s'", pp->part[1]);
    const char *key = pp->part[2];
    if (strcmp(key, "chance") != 0 && strcmp(key, "lasts") != 0)
        return ts_diag_add(d, m, "a shock's %s cannot be changed with a "
                           "path (chance and lasts can)", key);
    t->field = ts_field_find(&ts_shock_fields, key);
    t->object = s;
    return TS_OK;
}

static ts_status resolve(ts_scenario *sc, const char *path, ts_mark m,
                         ts_diags *d, path_target *t)
{
    path_parts pp;
    memset(t, 0, sizeof *t);
    if (!split_path(path, &pp))
        return path_error(d, m, path);
    if (strcmp(pp.part[0], "scenario") == 0 && pp.n == 2) {
        t->field = ts_field_find(&ts_scenario_fields, pp.part[1]);
        t->object = sc;
        t->is_step = t->field && strcmp(t->field->key, "step") == 0;
        return t->field ? TS_OK
                        : unknown_field(d, m, &ts_scenario_fields, pp.part[1]);
    }
    if (strcmp(pp.part[0], "outputs") == 0 && pp.n == 2) {
        t->field = ts_field_find(&ts_outputs_fields, pp.part[1]);
        t->object = sc;
        return t->field ? TS_OK
                        : unknown_field(d, m, &ts_outputs_fields, pp.part[1]);
    }
    if (strcmp(pp.part[0], "executives") == 0 && pp.n >= 3)
        return resolve_executive(sc, &pp, path, m, d, t);
    if (strcmp(pp.part[0], "shocks") == 0 && pp.n == 3)
        return resolve_shock(sc, &pp, m, d, t);
    if (strcmp(pp.part[0], "pools") != 0 || pp.n < 3)
        return path_error(d, m, path);
    ts_pool *pool = find_pool(sc, pp.part[1], m, d);
    if (!pool)
        return TS_EINPUT;
    if (pp.n == 4 && strcmp(pp.part[2], "to") == 0)
        return resolve_share(sc, &pool->to, pp.part[3], NULL, path, m, d, t);
    if (pp.n == 4 && strcmp(pp.part[2], "exec_to") == 0)
        return resolve_share(sc, &pool->exec_to, pp.part[3], "the pool's to",
                             path, m, d, t);
    if (pp.n != 3)
        return path_error(d, m, path);
    if (strcmp(pp.part[2], "id") == 0)
        return ts_diag_add(d, m, "a pool's id cannot be changed with a path");
    t->field = ts_field_find(&ts_pool_fields, pp.part[2]);
    t->object = pool;
    return t->field ? TS_OK : unknown_field(d, m, &ts_pool_fields, pp.part[2]);
}

static ts_status apply_step(ts_scenario *sc, const char *value, ts_mark m,
                            ts_diags *d)
{
    int months = ts_step_months_parse(value);
    if (months == 0)
        return ts_diag_add(d, m, "step must be month, quarter or year, got "
                           "'%s'", value);
    return ts_scenario_change_step(sc, months, m, d);
}

ts_status ts_param_path_apply(ts_scenario *sc, const char *path,
                              const char *value, const char *label,
                              ts_diags *d)
{
    sc->validated = false;
    sc->revision++;
    /* without a label the change names itself */
    char *own = NULL;
    if (!label) {
        size_t size = strlen(path) + strlen(value) + 2;
        if (!(own = malloc(size)))
            return ts_diag_nomem(d);
        snprintf(own, size, "%s=%s", path, value);
    }
    const char *file = ts_scenario_intern_source(sc, label ? label : own);
    free(own);
    ts_mark m = {file ? file : "--set", 0, 0};
    if (!file)
        return ts_diag_nomem(d);
    path_target t;
    if (resolve(sc, path, m, d, &t) != TS_OK)
        return TS_EINPUT;
    if (t.is_step)
        return apply_step(sc, value, m, d);
    if (*value == '\0')
        return ts_diag_add(d, m, "no value after '='");

    yaml_parser_t parser;
    yaml_document_t doc;
    bool empty;
    if (!yaml_parser_initialize(&parser))
        return ts_diag_nomem(d);
    yaml_parser_set_input_string(&parser, (const unsigned char *)value,
                                 strlen(value));
    ts_diags problem;
    ts_diags_init(&problem);
    ts_status st = ts_yaml_doc_load(&parser, file, &doc, &empty, &problem);
    yaml_parser_delete(&parser);
    if (st != TS_OK && problem.runtime > 0)
        return ts_diag_nomem(d);
    if (st != TS_OK)
        return ts_diag_add(d, m, "the value is not valid YAML: %s",
                           problem.items[0].message);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    ts_yaml_ctx ctx = {.doc = &doc, .file = file, .diags = d,
                       .no_position = true};
    if (!root)
        st = ts_diag_add(d, m, "no value after '='");
    else
        st = ts_field_apply(&ctx, t.field, root, t.object, sc);
    yaml_document_delete(&doc);
    return st;
}

ts_status ts_param_set_assignment(ts_scenario *sc, const char *assignment,
                                  ts_diags *d)
{
    char label[512];
    snprintf(label, sizeof label, "--set %s", assignment);
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        ts_mark m = {"--set", 0, 0};
        return ts_diag_add(d, m, "expected PATH=VALUE, got '%s'",
                           assignment);
    }
    char path[PATH_PART_MAX * PATH_PARTS_MAX];
    size_t len = (size_t)(eq - assignment);
    if (len >= sizeof path) {
        ts_mark m = {"--set", 0, 0};
        return ts_diag_add(d, m, "parameter path too long");
    }
    memcpy(path, assignment, len);
    path[len] = '\0';
    ts_status st = ts_param_path_apply(sc, path, eq + 1, label, d);
    if (st == TS_OK && !ts_scenario_note_override(sc, assignment))
        return ts_diag_nomem(d);
    return st;
}

ts_status ts_scenario_change_step(ts_scenario *sc, int step_months,
                                  ts_mark mark, ts_diags *d)
{
    if (sc->has_horizon) {
        size_t span = sc->horizon * (size_t)sc->step_months;
        if (span % (size_t)step_months != 0)
            return ts_diag_add(d, mark, "the horizon of %zu months does not "
                               "divide into %s steps", span,
                               ts_step_name(step_months));
        sc->horizon = span / (size_t)step_months;
        sc->horizon_mark = mark;
    }
    sc->step_months = step_months;
    sc->step_mark = mark;
    return TS_OK;
}

ts_param *ts_param_path_param(ts_scenario *sc, const char *path, ts_mark m,
                              const char **key, const ts_range **range,
                              ts_diags *d)
{
    path_target t;
    if (resolve(sc, path, m, d, &t) != TS_OK)
        return NULL;
    if (!t.field || !t.field->is_param) {
        ts_diag_add(d, m, "'%s' is not a number that can change over time",
                    path);
        return NULL;
    }
    *key = t.field->key;
    *range = &t.field->range;
    return (ts_param *)((char *)t.object + t.field->offset);
}

bool ts_param_path_is_executive(const char *path)
{
    return strncmp(path, "executives.", 11) == 0 ||
           (strncmp(path, "pools.", 6) == 0 && strstr(path, ".exec_"));
}
