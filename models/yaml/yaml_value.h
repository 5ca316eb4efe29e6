/* Strict reading of libyaml document nodes: numbers, whole numbers,
 * strings and months, each failing with a message at the node's mark.
 * Numbers are parsed with strtod plus a full-match check: no trailing
 * characters, no hex, no NaN or infinity, no quoted numbers. */
#ifndef TS_YAML_VALUE_H
#define TS_YAML_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "models/base/date.h"
#include "models/base/diag.h"

/* What a loader needs to read nodes: the document, the name used in
 * marks, and where errors go. */
typedef struct ts_yaml_ctx {
    yaml_document_t *doc;
    const char *file;
    ts_diags *diags;
    bool no_position;   /* a command-line value: name it, no line/col */
    /* the file of each node, when the document merges several (extends;
     * models/load/scenario_doc.h); NULL: every node is file's */
    const char *const *node_file;
    size_t n_node_file;
} ts_yaml_ctx;

ts_mark ts_yaml_mark(const ts_yaml_ctx *ctx, const yaml_node_t *node);

/* "a mapping", "a list", "a string", "a number" ... for messages. */
const char *ts_yaml_kind_name(const yaml_node_t *node);

/* The value of key in mapping map (and its key node into *key_node when
 * not NULL), or NULL: not a mapping, or no such key. */
yaml_node_t *ts_yaml_lookup(yaml_document_t *doc, const yaml_node_t *map,
                            const char *key, yaml_node_t **key_node);

/* Plain scalar text, or NULL (with an error naming `what`) otherwise. */
const char *ts_yaml_scalar(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                           const char *what);

ts_status ts_yaml_number(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                         const char *what, double *out);
ts_status ts_yaml_whole(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                        const char *what, uint64_t max, uint64_t *out);
ts_status ts_yaml_string(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                         const char *what, char **out);
ts_status ts_yaml_month(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                        const char *what, ts_month *out);

/* A date of the run: a month YYYY-MM or a step number (ts_dated of
 * models/base/date.h). */
ts_status ts_yaml_dated(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                        const char *what, ts_dated *out);

/* True (with an error at the node) when a mapping or list has more than
 * max entries; `what` names them ("destinations"). */
bool ts_yaml_entries_above(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                           size_t max, const char *key, const char *what);

/* Parses text as a decimal number the way scenario files do; false when
 * it is not one. Shared with the command line (--set, --range). */
bool ts_parse_number(const char *text, double *out);
bool ts_parse_whole(const char *text, uint64_t max, uint64_t *out);

#endif
