#include "sim/output/explain.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"
#include "models/base/sources.h"
#include "models/load/scenario_doc.h"
#include "sim/output/terminal.h"

/* Comments start at this column, or two spaces after longer lines. */
#define EXPLAIN_COMMENT_COLUMN 52

typedef struct printer {
    FILE *out;
    const ts_scenario_doc *doc;
    size_t column;   /* of the line being written */
} printer;

static void put(printer *p, const char *s)
{
    ts_term_text(p->out, s);
    p->column += strlen(s);
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* A scalar as YAML: plain when that reads back the same, else double
 * quoted with escapes (a control character as \xHH, as YAML reads it). */
static void scalar(printer *p, const yaml_node_t *n)
{
    const char *s = (const char *)n->data.scalar.value;
    bool plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                 n->data.scalar.length > 0 &&
                 strcspn(s, ":#{}[],&*!|>'\"%@`\n\t") == strlen(s) &&
                 s[0] != ' ' && s[strlen(s) - 1] != ' ' &&
                 (s[0] != '-' || (s[1] >= '0' && s[1] <= '9') ||
                  s[1] == '.') &&
                 !has_control(s);
    if (plain) {
        put(p, s);
        return;
    }
    put(p, "\"");
    for (const char *c = s; *c; c++) {
        char buf[8];
        if (*c == '"' || *c == '\\')
            snprintf(buf, sizeof buf, "\\%c", *c);
        else if (*c == '\n')
            snprintf(buf, sizeof buf, "\\n");
        else if ((unsigned char)*c < 0x20 || *c == 0x7f)
            snprintf(buf, sizeof buf, "\\x%02x", (unsigned char)*c);
        else
            snprintf(buf, sizeof buf, "%c", *c);
        put(p, buf);
    }
    put(p, "\"");
}

static yaml_node_t *node(const printer *p, int id)
{
    return yaml_document_get_node((yaml_document_t *)&p->doc->doc, id);
}

/* Written inline, {a: 1} or [1, 2], with one source: a list of
 * scalars, and a mapping of such values that one file wrote entirely
 * (a distribution, a `to` the file gives whole). A mapping merged from
 * several files is written as a block, each value with its own. */
static bool inline_only(const printer *p, const yaml_node_t *n)
{
    if (n->type == YAML_SCALAR_NODE)
        return true;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *i = n->data.sequence.items.start;
             i < n->data.sequence.items.top; i++)
            if (node(p, *i)->type != YAML_SCALAR_NODE)
                return false;
        return true;
    }
    const char *file = ts_scenario_doc_file(p->doc, n);
    size_t count = 0;
    for (yaml_node_pair_t *q = n->data.mapping.pairs.start;
         q < n->data.mapping.pairs.top; q++, count++) {
        const yaml_node_t *v = node(p, q->value);
        if (!inline_only(p, v) || v->type == YAML_MAPPING_NODE ||
            ts_scenario_doc_file(p->doc, v) != file ||
            v->start_mark.line != n->start_mark.line)
            return false;
    }
    return count <= 6;
}

static void inline_value(printer *p, const yaml_node_t *n)
{
    if (n->type == YAML_SCALAR_NODE) {
        scalar(p, n);
    } else if (n->type == YAML_SEQUENCE_NODE) {
        put(p, "[");
        for (yaml_node_item_t *i = n->data.sequence.items.start;
             i < n->data.sequence.items.top; i++) {
            if (i > n->data.sequence.items.start)
                put(p, ", ");
            inline_value(p, node(p, *i));
        }
        put(p, "]");
    } else {
        put(p, "{");
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start;
             q < n->data.mapping.pairs.top; q++) {
            if (q > n->data.mapping.pairs.start)
                put(p, ", ");
            scalar(p, node(p, q->key));
            put(p, ": ");
            inline_value(p, node(p, q->value));
        }
        put(p, "}");
    }
}

/* "# FILE:LINE" for node, at the comment column; then a new line. */
static void source(printer *p, const yaml_node_t *n)
{
    const char *file = ts_scenario_doc_file(p->doc, n);
    size_t pad = p->column < EXPLAIN_COMMENT_COLUMN
                     ? EXPLAIN_COMMENT_COLUMN - p->column
                     : 2;
    ts_term_printf(p->out, "%*s# %s:%zu\n", (int)pad, "", file ? file : "?",
            (size_t)n->start_mark.line + 1);
    p->column = 0;
}

static void indent(printer *p, size_t depth)
{
    for (size_t i = 0; i < depth; i++)
        put(p, "  ");
}

static void block(printer *p, const yaml_node_t *n, size_t depth);

/* key: value, the value inline with its source, or a block below. */
static void pair(printer *p, const yaml_node_t *k, const yaml_node_t *v,
                 size_t depth)
{
    scalar(p, k);
    put(p, ":");
    if (inline_only(p, v)) {
        put(p, " ");
        inline_value(p, v);
        source(p, v);
        return;
    }
    source(p, k);
    block(p, v, depth + 1);
}

static void block(printer *p, const yaml_node_t *n, size_t depth)
{
    if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start;
             q < n->data.mapping.pairs.top; q++) {
            indent(p, depth);
            pair(p, node(p, q->key), node(p, q->value), depth);
        }
        return;
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *i = n->data.sequence.items.start;
             i < n->data.sequence.items.top; i++) {
            const yaml_node_t *item = node(p, *i);
            indent(p, depth);
            put(p, "- ");
            if (item->type == YAML_MAPPING_NODE &&
                item->data.mapping.pairs.start <
                    item->data.mapping.pairs.top) {
                /* the first key on the dash's line, the rest below it */
                yaml_node_pair_t *q = item->data.mapping.pairs.start;
                pair(p, node(p, q->key), node(p, q->value), depth + 1);
                for (q++; q < item->data.mapping.pairs.top; q++) {
                    indent(p, depth + 1);
                    pair(p, node(p, q->key), node(p, q->value), depth + 1);
                }
            } else {
                inline_value(p, item);
                source(p, item);
            }
        }
        return;
    }
    indent(p, depth);
    scalar(p, n);
    source(p, n);
}

ts_status ts_explain_scenario(const char *path, FILE *out, ts_diags *d)
{
    char *text = NULL;
    size_t len = 0;
    ts_sources *names = calloc(1, sizeof *names); /* the file names */
    ts_scenario_doc doc = {0};
    ts_status st = names ? ts_scenario_file_read(path, &text, &len, d)
                         : ts_diag_nomem(d);
    if (st == TS_OK)
        st = ts_scenario_doc_read(text, len, path, names, &doc, d);
    yaml_node_t *root = st == TS_OK ? yaml_document_get_root_node(&doc.doc)
                                    : NULL;
    if (root) {
        printer p = {out, &doc, 0};
        ts_term_printf(out,
                       "# %s as talentsim reads it: each value with the file "
                       "and line that wrote it\n",
                       path);
        block(&p, root, 0);
    }
    ts_scenario_doc_free(&doc);
    if (names)
        ts_sources_free(names);
    free(names);
    free(text);
    return st;
}
