#include "models/load/record_file.h"

#include <stdlib.h>

#include "models/load/scenario_doc.h"
#include "models/record/record_read.h"
#include "models/yaml/yaml_value.h"

static ts_status read_root(const char *path, ts_scenario_doc *doc,
                           ts_record *r, ts_diags *d)
{
    yaml_node_t *root = yaml_document_get_root_node(&doc->doc), *key = NULL;
    ts_yaml_ctx ctx = {.doc = &doc->doc, .file = path, .diags = d,
                       .node_file = doc->file_of, .n_node_file = doc->n_nodes};
    ts_mark start = {path, 1, 1};
    if (!root || root->type != YAML_MAPPING_NODE)
        return ts_diag_add(d, start, "the outcomes file must be a mapping "
                           "with a history: section");
    yaml_node_t *h = ts_yaml_lookup(&doc->doc, root, "history", &key);
    if (!h)
        return ts_diag_add(d, start, "the outcomes file has no history: "
                           "section (SPEC section 8: history.outcomes and "
                           "history.headcounts)");
    return ts_record_read(&ctx, h, r->names, r);
}

ts_status ts_record_load(const char *path, ts_record **out, ts_diags *d)
{
    *out = NULL;
    ts_record *r = calloc(1, sizeof *r);
    char *text = NULL;
    size_t len = 0;
    if (!r || !(r->names = calloc(1, sizeof *r->names))) {
        free(r);
        return ts_diag_nomem(d);
    }
    ts_scenario_doc doc = {0};
    const char *name = ts_sources_intern(r->names, path);
    ts_status st = ts_scenario_file_read(path, &text, &len, d);
    if (st == TS_OK && name)
        st = ts_scenario_doc_read(text, len, name, r->names, &doc, d);
    if (st == TS_OK)
        st = read_root(name, &doc, r, d);
    ts_scenario_doc_free(&doc);
    free(text);
    if (st != TS_OK) {
        ts_record_destroy(r);
        return st;
    }
    *out = r;
    return TS_OK;
}

