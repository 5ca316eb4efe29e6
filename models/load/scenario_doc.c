/* realpath() is X/Open (XSI), beyond the project's POSIX baseline. */
#define _XOPEN_SOURCE 700
#include "models/load/scenario_doc.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/file_read.h"
#include "models/base/limits.h"
#include "models/base/sources.h"
#include "models/yaml/yaml_doc.h"
#include "models/yaml/yaml_value.h"

/* ---- reading one file ---------------------------------------------- */

ts_status ts_scenario_file_read(const char *path, char **text, size_t *len,
                                ts_diags *d)
{
    ts_mark nowhere = {path, 0, 0};
    char why[PATH_MAX + 300];
    bool runtime;
    *text = ts_file_read_regular(path, TS_MAX_SCENARIO_BYTES, "scenario",
                                 len, why, sizeof why, &runtime);
    if (!*text)
        return runtime ? ts_diag_runtime(d, "%s", why)
                       : ts_diag_add(d, nowhere, "%s", why);
    return TS_OK;
}

static ts_status parse(const char *text, size_t len, const char *file,
                       yaml_document_t *doc, ts_diags *d)
{
    yaml_parser_t parser;
    bool empty;
    if (!yaml_parser_initialize(&parser))
        return ts_diag_nomem(d);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    ts_status st = ts_yaml_doc_load(&parser, file, doc, &empty, d);
    if (st == TS_OK && !empty &&
        (st = ts_yaml_doc_expect_end(&parser, file, d)) != TS_OK)
        yaml_document_delete(doc);
    yaml_parser_delete(&parser);
    return st;
}

void ts_scenario_doc_free(ts_scenario_doc *doc)
{
    if (doc->has_doc)
        yaml_document_delete(&doc->doc);
    free(doc->file_of);
    memset(doc, 0, sizeof *doc);
}

const char *ts_scenario_doc_file(const ts_scenario_doc *doc,
                                 const yaml_node_t *node)
{
    size_t i = (size_t)(node - doc->doc.nodes.start);
    return i < doc->n_nodes ? doc->file_of[i] : NULL;
}

static size_t node_count(const yaml_document_t *doc)
{
    return (size_t)(doc->nodes.top - doc->nodes.start);
}

static ts_mark node_mark(const char *file, const yaml_node_t *node)
{
    ts_mark m = {file, node->start_mark.line + 1,
                 node->start_mark.column + 1};
    return m;
}

/* ---- merging ------------------------------------------------------- */

typedef struct merger {
    const ts_scenario_doc *base, *over;
    ts_scenario_doc *out;
    size_t cap;
    size_t bytes;       /* of the scalars copied so far */
    int *memo[2];       /* base's and variant's node -> its copy, or 0 */
    ts_diags *d;
    bool failed;
    bool over_budget;   /* said once */
} merger;

/* A copy shares what the source's aliases share (memo), so the merged
 * document is no larger than its files; it is also held to the limits of
 * one document (yaml_doc.h) before each node is made, and after the merge
 * its size with aliases expanded is checked as a file's is. */
static bool within_budget(merger *m, const char *file, const yaml_node_t *n,
                          size_t bytes)
{
    m->bytes += bytes;
    if (m->out->n_nodes < TS_YAML_MAX_NODES && m->bytes <= TS_YAML_MAX_BYTES)
        return true;
    if (!m->over_budget)
        ts_diag_add(m->d, node_mark(file, n), "with its base, the scenario "
                    "has more than %d nodes or %d bytes of values (aliases "
                    "counted as what they repeat)", TS_YAML_MAX_NODES,
                    TS_YAML_MAX_BYTES);
    m->over_budget = m->failed = true;
    return false;
}

/* Records the file of the node just added (id), growing the table. */
static int note(merger *m, int id, const char *file, const yaml_node_t *from)
{
    if (!id) {
        m->failed = true;
        return 0;
    }
    size_t i = (size_t)id - 1;
    if (i >= m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        const char **grown = realloc(m->out->file_of, cap * sizeof *grown);
        if (!grown) {
            m->failed = true;
            return 0;
        }
        m->out->file_of = grown;
        m->cap = cap;
    }
    m->out->file_of[i] = file;
    m->out->n_nodes = i + 1;
    yaml_node_t *n = yaml_document_get_node(&m->out->doc, id);
    n->start_mark = from->start_mark;
    n->end_mark = from->end_mark;
    return id;
}

static int copy_node(merger *m, const ts_scenario_doc *src,
                     const yaml_node_t *node, const char *skip,
                     const char *file);

/* A deep copy of node of src; `skip` (may be NULL) names a key of a
 * mapping to leave out (`drop`). */
static int copy(merger *m, const ts_scenario_doc *src, const yaml_node_t *node,
                const char *skip)
{
    const char *file = ts_scenario_doc_file(src, node);
    yaml_document_t *doc = (yaml_document_t *)&src->doc;
    int id = 0;
    size_t src_index = (size_t)(node - doc->nodes.start);
    int *memo = skip ? NULL : &m->memo[src == m->over][src_index];
    if (memo && *memo)
        return *memo;
    if (m->failed || !within_budget(m, file, node, node->type ==
                                    YAML_SCALAR_NODE ? node->data.scalar.length
                                                     : 0))
        return 0;
    id = copy_node(m, src, node, skip, file);
    if (memo)
        *memo = id;
    return id;
}

/* Nodes and scalar bytes below node id with every alias expanded, each
 * node's counted once (memo, 0 = not yet), saturating past the limits. */
typedef struct expanded {
    size_t nodes, bytes;
} expanded;

static expanded expanded_size(yaml_document_t *doc, int id, expanded *memo)
{
    expanded *e = &memo[id - 1];
    if (e->nodes)
        return *e;
    yaml_node_t *n = yaml_document_get_node(doc, id);
    expanded sum = {1, 0};
    const size_t cap_n = TS_YAML_MAX_NODES + 1, cap_b = TS_YAML_MAX_BYTES + 1;
    if (n->type == YAML_SCALAR_NODE)
        sum.bytes = n->data.scalar.length;
    for (yaml_node_item_t *i = n->type == YAML_SEQUENCE_NODE
                                   ? n->data.sequence.items.start
                                   : NULL;
         i && i < n->data.sequence.items.top; i++) {
        expanded c = expanded_size(doc, *i, memo);
        sum.nodes += c.nodes;
        sum.bytes += c.bytes;
        if (sum.nodes > cap_n || sum.bytes > cap_b)
            break;
    }
    for (yaml_node_pair_t *p = n->type == YAML_MAPPING_NODE
                                   ? n->data.mapping.pairs.start
                                   : NULL;
         p && p < n->data.mapping.pairs.top; p++) {
        expanded k = expanded_size(doc, p->key, memo),
                 v = expanded_size(doc, p->value, memo);
        sum.nodes += k.nodes + v.nodes;
        sum.bytes += k.bytes + v.bytes;
        if (sum.nodes > cap_n || sum.bytes > cap_b)
            break;
    }
    sum.nodes = sum.nodes < cap_n ? sum.nodes : cap_n;
    sum.bytes = sum.bytes < cap_b ? sum.bytes : cap_b;
    return *e = sum;
}

/* The merged document, held to one file's limits with aliases expanded. */
static bool merged_within_limits(merger *m, const yaml_node_t *over_root)
{
    size_t n = node_count(&m->out->doc);
    expanded *memo = calloc(n + 1, sizeof *memo);
    if (!memo) {
        m->failed = true;
        return false;
    }
    expanded all = expanded_size(&m->out->doc, 1, memo);
    free(memo);
    if (all.nodes <= TS_YAML_MAX_NODES && all.bytes <= TS_YAML_MAX_BYTES)
        return true;
    ts_diag_add(m->d, node_mark(ts_scenario_doc_file(m->over, over_root),
                                over_root),
                "with its base, the scenario has more than %d nodes or %d "
                "bytes of values (aliases counted as what they repeat)",
                TS_YAML_MAX_NODES, TS_YAML_MAX_BYTES);
    m->failed = true;
    return false;
}

static int copy_node(merger *m, const ts_scenario_doc *src,
                     const yaml_node_t *node, const char *skip,
                     const char *file)
{
    yaml_document_t *out = &m->out->doc;
    yaml_document_t *doc = (yaml_document_t *)&src->doc;
    int id = 0;
    switch (node->type) {
    case YAML_SCALAR_NODE:
        id = yaml_document_add_scalar(out, node->tag, node->data.scalar.value,
                                      (int)node->data.scalar.length,
                                      node->data.scalar.style);
        return note(m, id, file, node);
    case YAML_SEQUENCE_NODE:
        id = note(m, yaml_document_add_sequence(out, node->tag,
                                                node->data.sequence.style),
                  file, node);
        for (yaml_node_item_t *it = node->data.sequence.items.start;
             id && it < node->data.sequence.items.top; it++) {
            int c = copy(m, src, yaml_document_get_node(doc, *it), NULL);
            if (!c || !yaml_document_append_sequence_item(out, id, c))
                m->failed = true;
        }
        return id;
    case YAML_MAPPING_NODE:
        id = note(m, yaml_document_add_mapping(out, node->tag,
                                               node->data.mapping.style),
                  file, node);
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
             id && p < node->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (skip && k->type == YAML_SCALAR_NODE &&
                strcmp((const char *)k->data.scalar.value, skip) == 0)
                continue;
            int kc = copy(m, src, k, NULL);
            int vc = copy(m, src, yaml_document_get_node(doc, p->value), NULL);
            if (!kc || !vc || !yaml_document_append_mapping_pair(out, id, kc,
                                                                  vc))
                m->failed = true;
        }
        return id;
    default:
        m->failed = true;
        return 0;
    }
}

/* Whether the value under `key` (inside a mapping under `parent`) is one
 * value that replaces the base's whole: a number or a distribution
 * {name: [args]}, an observation's {value, sd} or {range}. Decided by
 * where it stands in the schema, never by what its keys look like: a pool
 * may be called `range` or `value`, and `to: {range: 0.3}` over `to:
 * {range: 0.2, b: 0.6}` changes one share and keeps the other. */
static bool is_value_place(const char *parent, const char *key)
{
    static const char *const value_keys[] = {
        "headcount", "inflow", "inflow_growth", "retention", "exec_move",
        "move", "pull", "chance", "flow", "target"};
    static const char *const share_maps[] = {"to", "exec_to", "set"};
    for (size_t i = 0; parent && i < sizeof share_maps / sizeof *share_maps;
         i++)
        if (strcmp(parent, share_maps[i]) == 0)
            return true;
    for (size_t i = 0; key && i < sizeof value_keys / sizeof *value_keys; i++)
        if (strcmp(key, value_keys[i]) == 0)
            return true;
    return false;
}

static int merge_value(merger *m, const char *parent, const char *key,
                       bool top, const yaml_node_t *b, const yaml_node_t *o);

/* Base mapping b with mapping o laid over it, key by key; `skip` keys of
 * o are left out (extends at the top, drop in an item); `at` is the key
 * the mapping stands under (NULL at the top). */
static int merge_mapping(merger *m, const yaml_node_t *b, const yaml_node_t *o,
                         bool top, const char *skip, const char *at)
{
    yaml_document_t *out = &m->out->doc;
    yaml_document_t *bd = (yaml_document_t *)&m->base->doc;
    yaml_document_t *od = (yaml_document_t *)&m->over->doc;
    int id = note(m, yaml_document_add_mapping(out, o->tag,
                                               o->data.mapping.style),
                  ts_scenario_doc_file(m->over, o), o);
    for (yaml_node_pair_t *p = b->data.mapping.pairs.start;
         id && p < b->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(bd, p->key);
        yaml_node_t *v = yaml_document_get_node(bd, p->value);
        const char *key = k->type == YAML_SCALAR_NODE
                              ? (const char *)k->data.scalar.value
                              : NULL;
        if (top && key && strcmp(key, "extends") == 0)
            continue;
        yaml_node_t *ok = NULL;
        yaml_node_t *ov = key ? ts_yaml_lookup(od, o, key, &ok) : NULL;
        int kc = copy(m, ov ? m->over : m->base, ov ? ok : k, NULL);
        int vc = ov ? merge_value(m, at, key, top, v, ov)
                    : copy(m, m->base, v, NULL);
        if (!kc || !vc || !yaml_document_append_mapping_pair(out, id, kc, vc))
            m->failed = true;
    }
    for (yaml_node_pair_t *p = o->data.mapping.pairs.start;
         id && p < o->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(od, p->key);
        const char *key = k->type == YAML_SCALAR_NODE
                              ? (const char *)k->data.scalar.value
                              : NULL;
        if (key && ((top && strcmp(key, "extends") == 0) ||
                    (skip && strcmp(key, skip) == 0) || ts_yaml_lookup(bd, b, key,
                                                               NULL)))
            continue;
        int kc = copy(m, m->over, k, NULL);
        int vc = copy(m, m->over, yaml_document_get_node(od, p->value), NULL);
        if (!kc || !vc || !yaml_document_append_mapping_pair(out, id, kc, vc))
            m->failed = true;
    }
    return id;
}

/* The key items of a list section are matched on; NULL: not merged. */
static const char *item_key(const char *section)
{
    if (strcmp(section, "pools") == 0 || strcmp(section, "shocks") == 0 ||
        strcmp(section, "observed") == 0)
        return "id";
    if (strcmp(section, "executives") == 0)
        return "name";
    return NULL;
}

/* The key history's lists merge on (SPEC section 8): shocks and
 * outcomes on id, headcounts on pool and at; NULL: the list replaces. */
static const char *history_item_key(const char *list)
{
    if (strcmp(list, "shocks") == 0 || strcmp(list, "outcomes") == 0)
        return "id";
    if (strcmp(list, "headcounts") == 0)
        return "pool+at";
    return NULL;
}

/* An item's identity: its id (an executive's name, or its group; a
 * recorded headcount's pool and date, into buf). */
static const char *identity(yaml_document_t *doc, const yaml_node_t *item,
                            const char *key, char *buf, size_t size)
{
    if (strcmp(key, "pool+at") == 0) {
        yaml_node_t *p = ts_yaml_lookup(doc, item, "pool", NULL);
        yaml_node_t *a = ts_yaml_lookup(doc, item, "at", NULL);
        if (!p || !a || p->type != YAML_SCALAR_NODE ||
            a->type != YAML_SCALAR_NODE)
            return NULL;
        snprintf(buf, size, "%s at %s", (const char *)p->data.scalar.value,
                 (const char *)a->data.scalar.value);
        return buf;
    }
    yaml_node_t *v = ts_yaml_lookup(doc, item, key, NULL);
    if (!v && strcmp(key, "name") == 0)
        v = ts_yaml_lookup(doc, item, "group", NULL);
    return v && v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value
                                            : NULL;
}

/* `drop: true` in a variant's item: it removes the base's. */
static bool drops(merger *m, const yaml_node_t *item)
{
    yaml_document_t *od = (yaml_document_t *)&m->over->doc;
    yaml_node_t *v = ts_yaml_lookup(od, item, "drop", NULL);
    if (!v)
        return false;
    if (v->type != YAML_SCALAR_NODE ||
        strcmp((const char *)v->data.scalar.value, "true") != 0) {
        ts_diag_add(m->d, node_mark(ts_scenario_doc_file(m->over, v), v),
                    "drop takes true (to remove the base's item of this "
                    "id), got %s", v->type == YAML_SCALAR_NODE
                                       ? (const char *)v->data.scalar.value
                                       : "a collection");
        m->failed = true;
    }
    return true;
}

/* pools, executives, shocks, observed, and the record's shocks,
 * outcomes and headcounts: the base's items with the variant's of the
 * same identity (key) laid over them (or dropped), then the variant's
 * new ones. */
static int merge_items(merger *m, const char *section, const char *key,
                       const yaml_node_t *b, const yaml_node_t *o)
{
    yaml_document_t *out = &m->out->doc;
    yaml_document_t *bd = (yaml_document_t *)&m->base->doc;
    yaml_document_t *od = (yaml_document_t *)&m->over->doc;
    size_t n_over = (size_t)(o->data.sequence.items.top -
                             o->data.sequence.items.start);
    bool *used = calloc(n_over + 1, sizeof *used);
    int id = used ? note(m, yaml_document_add_sequence(
                                out, o->tag, o->data.sequence.style),
                         ts_scenario_doc_file(m->over, o), o)
                  : 0;
    for (yaml_node_item_t *it = b->data.sequence.items.start;
         id && it < b->data.sequence.items.top; it++) {
        yaml_node_t *bi = yaml_document_get_node(bd, *it);
        char who_buf[256], cw_buf[256];
        const char *who = identity(bd, bi, key, who_buf, sizeof who_buf);
        yaml_node_t *oi = NULL;
        for (size_t j = 0; who && !oi && j < n_over; j++) {
            yaml_node_t *c = yaml_document_get_node(
                od, o->data.sequence.items.start[j]);
            const char *cw = identity(od, c, key, cw_buf, sizeof cw_buf);
            if (!used[j] && cw && strcmp(cw, who) == 0) {
                oi = c;
                used[j] = true;
            }
        }
        int c;
        if (oi && drops(m, oi))
            continue;
        if (oi && bi->type == YAML_MAPPING_NODE &&
            oi->type == YAML_MAPPING_NODE)
            c = merge_mapping(m, bi, oi, false, "drop", section);
        else
            c = oi ? copy(m, m->over, oi, "drop") : copy(m, m->base, bi, NULL);
        if (!c || !yaml_document_append_sequence_item(out, id, c))
            m->failed = true;
    }
    for (size_t j = 0; id && j < n_over; j++) {
        yaml_node_t *c = yaml_document_get_node(od,
                                                o->data.sequence.items.start[j]);
        if (used[j])
            continue;
        if (drops(m, c)) {
            char who_buf[256];
            const char *who = identity(od, c, key, who_buf, sizeof who_buf);
            ts_diag_add(m->d, node_mark(ts_scenario_doc_file(m->over, c), c),
                        "drop: the base has no %s item '%s' to remove",
                        section, who ? who : "(without an id)");
            m->failed = true;
            continue;
        }
        int cc = copy(m, m->over, c, "drop");
        if (!cc || !yaml_document_append_sequence_item(out, id, cc))
            m->failed = true;
    }
    free(used);
    return id;
}

static int merge_value(merger *m, const char *parent, const char *key,
                       bool top, const yaml_node_t *b, const yaml_node_t *o)
{
    bool lists = b->type == YAML_SEQUENCE_NODE &&
                 o->type == YAML_SEQUENCE_NODE;
    if (top && key && item_key(key) && lists)
        return merge_items(m, key, item_key(key), b, o);
    if (!top && parent && key && strcmp(parent, "history") == 0 &&
        history_item_key(key) && lists)
        return merge_items(m, key, history_item_key(key), b, o);
    if (b->type == YAML_MAPPING_NODE && o->type == YAML_MAPPING_NODE &&
        !is_value_place(parent, key))
        return merge_mapping(m, b, o, false, NULL, key);
    return copy(m, m->over, o, NULL);
}

static ts_status merge(const ts_scenario_doc *base,
                       const ts_scenario_doc *over, ts_scenario_doc *out,
                       ts_diags *d)
{
    merger m = {.base = base, .over = over, .out = out, .d = d};
    memset(out, 0, sizeof *out);
    if (!yaml_document_initialize(&out->doc, NULL, NULL, NULL, 1, 1)) {
        return ts_diag_nomem(d);
    }
    out->has_doc = true;
    yaml_node_t *b = yaml_document_get_root_node((yaml_document_t *)&base->doc);
    yaml_node_t *o = yaml_document_get_root_node((yaml_document_t *)&over->doc);
    m.memo[0] = calloc(base->n_nodes + 1, sizeof *m.memo[0]);
    m.memo[1] = calloc(over->n_nodes + 1, sizeof *m.memo[1]);
    if (!m.memo[0] || !m.memo[1])
        m.failed = true;
    else /* follow_extends has checked that both roots are mappings */
        merge_mapping(&m, b, o, true, NULL, NULL);
    free(m.memo[0]);
    free(m.memo[1]);
    if (!m.failed && merged_within_limits(&m, o))
        return TS_OK;
    ts_scenario_doc_free(out);
    if (d->total == 0) {
        ts_diag_nomem(d);
    }
    return TS_EINPUT;
}

/* ---- extends ------------------------------------------------------- */

/* The chain of files being read, as written (for messages) and as
 * canonical paths (to find a cycle). */
typedef struct chain {
    const char *name[TS_MAX_EXTENDS + 1];
    char real[TS_MAX_EXTENDS + 1][PATH_MAX];
    ts_mark ext[TS_MAX_EXTENDS + 1];   /* each file's extends line */
    size_t n;
} chain;

/* A base that cannot be used (missing, not a regular file, too big, not
 * a mapping, a cycle, too deep) is the user's problem at the extends
 * line of the file they ran; a deeper file's line is named after. */
static ts_status base_error(ts_diags *d, const chain *ch, const char *fmt,
                            ...) __attribute__((format(printf, 3, 4)));
static ts_status base_error(ts_diags *d, const chain *ch, const char *fmt,
                            ...)
{
    char msg[TS_DIAG_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const ts_mark *deep = &ch->ext[ch->n - 1];
    if (ch->n == 1)
        return ts_diag_add(d, ch->ext[0], "%s", msg);
    return ts_diag_add(d, ch->ext[0], "%s (the extends at %s:%zu:%zu)", msg,
                       deep->file, deep->line, deep->col);
}

static const char *node_kind(const yaml_node_t *n)
{
    return n->type == YAML_SEQUENCE_NODE ? "a list"
           : n->type == YAML_SCALAR_NODE ? "a single value"
                                         : "a mapping";
}

static ts_status read_doc(const char *text, size_t len, const char *name,
                          ts_sources *sc, ts_scenario_doc *out,
                          ts_diags *d, chain *ch);

static ts_status cycle_error(ts_diags *d, const chain *ch, size_t from,
                             const char *again)
{
    char text[TS_DIAG_MSG_MAX] = "";
    size_t len = 0;
    for (size_t i = from; i < ch->n && len < sizeof text; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s -> ",
                                ch->name[i]);
    return base_error(d, ch, "extends makes a cycle: %s%s", text, again);
}

/* The file's base, read (and merged over) when it has `extends`. */
static ts_status follow_extends(ts_scenario_doc *doc, const char *name,
                                ts_sources *sc, ts_diags *d, chain *ch)
{
    yaml_node_t *root = yaml_document_get_root_node(&doc->doc);
    yaml_node_t *v = root ? ts_yaml_lookup(&doc->doc, root, "extends", NULL) : NULL;
    if (!v)
        return TS_OK;
    ts_mark m = node_mark(ts_scenario_doc_file(doc, v), v);
    if (v->type != YAML_SCALAR_NODE || v->data.scalar.length == 0)
        return ts_diag_add(d, m, "extends must be the path of the base "
                           "scenario, relative to this file");
    ch->ext[ch->n - 1] = m;
    char path[PATH_MAX + 256], real[PATH_MAX], why[PATH_MAX + 300];
    if (!ts_path_beside(name, (const char *)v->data.scalar.value, path,
                        sizeof path))
        return base_error(d, ch, "extends: the path is too long (at most "
                          "%zu bytes with this file's directory)",
                          sizeof path - 1);
    if (!realpath(path, real))
        return base_error(d, ch, "extends: cannot open '%s': %s", path,
                          strerror(errno));
    for (size_t i = 0; i < ch->n; i++)
        if (strcmp(ch->real[i], real) == 0)
            return cycle_error(d, ch, i, path);
    if (ch->n > TS_MAX_EXTENDS)
        return base_error(d, ch, "extends goes more than %d files deep",
                          TS_MAX_EXTENDS);
    size_t len = 0;
    ts_scenario_doc base = {0};
    const char *interned = ts_sources_intern(sc, path);
    if (!interned)
        return ts_diag_nomem(d);
    bool runtime;
    char *text = ts_file_read_regular(path, TS_MAX_SCENARIO_BYTES,
                                      "scenario", &len, why, sizeof why,
                                      &runtime);
    if (!text && runtime)
        return ts_diag_runtime(d, "%s", why);
    if (!text)
        return base_error(d, ch, "extends: '%s': %s", path, why);
    ts_status st = read_doc(text, len, interned, sc, &base, d, ch);
    free(text);
    ts_scenario_doc over = *doc;
    yaml_node_t *broot = st == TS_OK ? yaml_document_get_root_node(&base.doc)
                                     : NULL;
    if (st == TS_OK && !broot)
        st = base_error(d, ch, "extends: '%s' is empty", path);
    else if (st == TS_OK && broot->type != YAML_MAPPING_NODE)
        st = base_error(d, ch, "extends: '%s' is not a scenario: it holds %s, "
                        "not a mapping of scenario keys", path,
                        node_kind(broot));
    if (st == TS_OK)
        st = merge(&base, &over, doc, d);
    if (st == TS_OK)
        ts_scenario_doc_free(&over);
    else
        *doc = over; /* the caller frees the file's own document */
    ts_scenario_doc_free(&base);
    return st;
}

static ts_status read_doc(const char *text, size_t len, const char *name,
                          ts_sources *sc, ts_scenario_doc *out,
                          ts_diags *d, chain *ch)
{
    memset(out, 0, sizeof *out);
    const char *file = ts_sources_intern(sc, name);
    if (!file || !ts_sources_keep_text(sc, file, text, len))
        return ts_diag_nomem(d);
    if (parse(text, len, file, &out->doc, d) != TS_OK)
        return TS_EINPUT;
    out->has_doc = true;
    out->n_nodes = node_count(&out->doc);
    if (!(out->file_of = malloc((out->n_nodes + 1) * sizeof *out->file_of)))
        return ts_diag_nomem(d);
    for (size_t i = 0; i < out->n_nodes; i++)
        out->file_of[i] = file;
    ch->name[ch->n] = file;
    if (!realpath(name, ch->real[ch->n]))
        snprintf(ch->real[ch->n], sizeof ch->real[ch->n], "%s", name);
    ch->n++;
    ts_status st = follow_extends(out, name, sc, d, ch);
    ch->n--;
    return st;
}

ts_status ts_scenario_doc_read(const char *text, size_t len,
                               const char *name, ts_sources *sc,
                               ts_scenario_doc *out, ts_diags *d)
{
    chain *ch = calloc(1, sizeof *ch);
    if (!ch)
        return ts_diag_nomem(d);
    ts_status st = read_doc(text, len, name, sc, out, d, ch);
    free(ch);
    return st;
}
