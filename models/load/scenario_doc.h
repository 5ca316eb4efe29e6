/* A scenario's YAML document with `extends:` resolved (SPEC section 6):
 * the file is its base with its own keys laid over it. Mappings merge
 * key by key; the lists `pools`, `executives`, `shocks` and `observed`
 * merge item by item on their `id` (`name` or `group` for executives),
 * and the record's `shocks` and `outcomes` on `id`, its `headcounts` on
 * `pool` and `at` (SPEC section 8):
 * an item with a new id is appended, `drop: true` removes one; any other
 * list, and any value written as a mapping (a distribution, an observed
 * {value, sd}), replaces the base's. Chains of extends are followed
 * (relative paths, up to TS_MAX_EXTENDS deep), and a cycle is an error
 * naming the chain. Every node remembers the file that wrote it, so that
 * every message points into that file. */
#ifndef TS_SCENARIO_DOC_H
#define TS_SCENARIO_DOC_H

#include <stddef.h>
#include <yaml.h>

#include "models/base/diag.h"
#include "models/base/sources.h"

#define TS_MAX_EXTENDS 16

typedef struct ts_scenario_doc {
    yaml_document_t doc;
    const char **file_of;     /* per node (node - doc.nodes.start): the
                                 file that wrote it (interned in sc, the store of names) */
    size_t n_nodes;
    bool has_doc;
} ts_scenario_doc;

/* Reads text (the file `name`) into *out, following its extends; names
 * are interned in sc. An empty document has no root. */
ts_status ts_scenario_doc_read(const char *text, size_t len,
                               const char *name, ts_sources *sc,
                               ts_scenario_doc *out, ts_diags *d);

/* Reads a file from disk (checked against TS_MAX_SCENARIO_BYTES) into a
 * NUL-terminated buffer the caller frees. */
ts_status ts_scenario_file_read(const char *path, char **text, size_t *len,
                                ts_diags *d);

void ts_scenario_doc_free(ts_scenario_doc *doc);

/* The file that wrote node. */
const char *ts_scenario_doc_file(const ts_scenario_doc *doc,
                                 const yaml_node_t *node);

#endif
