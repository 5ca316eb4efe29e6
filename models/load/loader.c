#include "models/load/loader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "models/load/fields.h"
#include "models/base/limits.h"
#include "models/load/scenario_doc.h"
#include "models/yaml/yaml_doc.h"
#include "models/base/strings.h"

static char *file_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *stem = ts_strdup(base);
    if (!stem)
        return NULL;
    char *dot = strrchr(stem, '.');
    if (dot && dot != stem)
        *dot = '\0';
    return stem;
}

static ts_status load_text(const char *text, size_t len, const char *name,
                           bool keep_partial, ts_scenario **out,
                           ts_diags *diags)
{
    bool partial = false;
    ts_scenario *sc = ts_scenario_create();
    ts_scenario_doc doc = {0};
    ts_status st = TS_EINPUT;
    const char *file;
    *out = NULL;
    if (!sc || !(file = ts_scenario_intern_source(sc, name))) {
        st = ts_diag_nomem(diags);
        goto done;
    }
    if (ts_scenario_doc_read(text, len, name, &sc->sources, &doc, diags) != TS_OK)
        goto done;
    yaml_node_t *root = yaml_document_get_root_node(&doc.doc);
    if (!root) {
        ts_mark start = {file, 1, 1};
        ts_diag_add(diags, start, "the scenario file is empty; it needs at "
                    "least a 'scenario' and a 'pools' section");
        goto done;
    }
    ts_yaml_ctx ctx = {.doc = &doc.doc, .file = file, .diags = diags,
                       .node_file = doc.file_of, .n_node_file = doc.n_nodes};
    sc->mark = ts_yaml_mark(&ctx, root);
    if (root->type != YAML_MAPPING_NODE) {
        ts_diag_add(diags, sc->mark, "the top level of a scenario must be a "
                    "mapping with 'scenario' and 'pools', got %s",
                    ts_yaml_kind_name(root));
        goto done;
    }
    st = ts_fields_apply_map(&ctx, &ts_top_fields, root, sc, sc);
    if (!sc->name && !(sc->name = file_stem(name)))
        st = ts_diag_nomem(diags);
    /* without the scenario block or the pools nothing can be checked */
    partial = keep_partial && st != TS_OK && !sc->load_fatal &&
              sc->name && sc->start_mark.line > 0 && sc->n_pools > 0;
done:
    ts_scenario_doc_free(&doc);
    if (st != TS_OK && !partial) {
        ts_scenario_destroy(sc);
        sc = NULL;
    }
    *out = sc;
    return st;
}

static ts_status load_string(const char *text, size_t len, const char *name,
                             bool keep_partial, ts_scenario **out,
                             ts_diags *diags)
{
    return load_text(text, len, name, keep_partial, out, diags);
}

ts_status ts_scenario_load_string(const char *text, size_t len,
                                  const char *name, ts_scenario **out,
                                  ts_diags *diags)
{
    return load_string(text, len, name, false, out, diags);
}

ts_status ts_scenario_load_string_partial(const char *text, size_t len,
                                          const char *name, ts_scenario **out,
                                          ts_diags *diags)
{
    return load_string(text, len, name, true, out, diags);
}

static ts_status load_file(const char *path, bool keep_partial,
                           ts_scenario **out, ts_diags *diags)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    if (ts_scenario_file_read(path, &text, &len, diags) != TS_OK)
        return TS_EINPUT;
    ts_status st = load_string(text, len, path, keep_partial, out, diags);
    free(text);
    return st;
}

ts_status ts_scenario_load(const char *path, ts_scenario **out,
                           ts_diags *diags)
{
    return load_file(path, false, out, diags);
}

ts_status ts_scenario_load_partial(const char *path, ts_scenario **out,
                                   ts_diags *diags)
{
    return load_file(path, true, out, diags);
}
