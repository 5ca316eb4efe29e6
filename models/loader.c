#include "models/loader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "models/fields.h"

/* Reports libyaml's own problem with its mark. */
static ts_status yaml_problem(const yaml_parser_t *parser, const char *file,
                              ts_diags *diags)
{
    ts_mark m = {file, parser->problem_mark.line + 1,
                 parser->problem_mark.column + 1};
    const char *problem = parser->problem ? parser->problem : "unknown error";
    if (parser->error == YAML_READER_ERROR)
        return ts_diag_add(diags, m, "the file is not valid UTF-8 text (%s)",
                           problem);
    if (parser->context)
        return ts_diag_add(diags, m, "YAML syntax error: %s %s", problem,
                           parser->context);
    return ts_diag_add(diags, m, "YAML syntax error: %s", problem);
}

/* A scenario is one YAML document: a second one would be ignored. */
static ts_status check_single_document(yaml_parser_t *parser,
                                       const char *file, ts_diags *diags)
{
    yaml_document_t extra;
    if (!yaml_parser_load(parser, &extra))
        return yaml_problem(parser, file, diags);
    yaml_node_t *root = yaml_document_get_root_node(&extra);
    ts_status st = TS_OK;
    if (root) {
        ts_mark m = {file, root->start_mark.line + 1,
                     root->start_mark.column + 1};
        st = ts_diag_add(diags, m, "a scenario file holds one YAML document; "
                         "found a second one here");
    }
    yaml_document_delete(&extra);
    return st;
}

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

static ts_status load_from_parser(yaml_parser_t *parser, const char *name,
                                  ts_scenario **out, ts_diags *diags)
{
    ts_scenario *sc = ts_scenario_create();
    yaml_document_t doc;
    bool have_doc = false;
    ts_status st = TS_EINPUT;
    const char *file;
    if (!sc || !(file = ts_scenario_intern_source(sc, name))) {
        ts_mark nowhere = {name, 0, 0};
        ts_diag_add(diags, nowhere, "out of memory");
        goto done;
    }
    if (!yaml_parser_load(parser, &doc)) {
        yaml_problem(parser, file, diags);
        goto done;
    }
    have_doc = true;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        ts_mark start = {file, 1, 1};
        ts_diag_add(diags, start, "the scenario file is empty; it needs at "
                    "least a 'scenario' and a 'pools' section");
        goto done;
    }
    if (check_single_document(parser, file, diags) != TS_OK)
        goto done;
    ts_yaml_ctx ctx = {.doc = &doc, .file = file, .diags = diags};
    sc->mark = ts_yaml_mark(&ctx, root);
    if (root->type != YAML_MAPPING_NODE) {
        ts_diag_add(diags, sc->mark, "the top level of a scenario must be a "
                    "mapping with 'scenario' and 'pools', got %s",
                    ts_yaml_kind_name(root));
        goto done;
    }
    st = ts_fields_apply_map(&ctx, &ts_top_fields, root, sc, sc);
    if (st == TS_OK && !sc->name && !(sc->name = file_stem(name)))
        st = ts_diag_add(diags, sc->mark, "out of memory");
done:
    if (have_doc)
        yaml_document_delete(&doc);
    if (st != TS_OK) {
        ts_scenario_destroy(sc);
        sc = NULL;
    }
    *out = sc;
    return st;
}

ts_status ts_scenario_load_string(const char *text, size_t len,
                                  const char *name, ts_scenario **out,
                                  ts_diags *diags)
{
    yaml_parser_t parser;
    *out = NULL;
    if (!yaml_parser_initialize(&parser)) {
        ts_mark nowhere = {name, 0, 0};
        return ts_diag_add(diags, nowhere, "out of memory");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    ts_status st = load_from_parser(&parser, name, out, diags);
    yaml_parser_delete(&parser);
    return st;
}

ts_status ts_scenario_load(const char *path, ts_scenario **out,
                           ts_diags *diags)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        ts_mark nowhere = {path, 0, 0};
        return ts_diag_add(diags, nowhere, "cannot open the scenario: %s",
                           strerror(errno));
    }
    yaml_parser_t parser;
    ts_status st;
    if (!yaml_parser_initialize(&parser)) {
        ts_mark nowhere = {path, 0, 0};
        st = ts_diag_add(diags, nowhere, "out of memory");
    } else {
        yaml_parser_set_input_file(&parser, f);
        st = load_from_parser(&parser, path, out, diags);
        yaml_parser_delete(&parser);
    }
    fclose(f);
    return st;
}
