#include "models/yaml/yaml_doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* libyaml's reader reports a byte offset, not a mark: count lines. */
static ts_mark offset_mark(const char *file, const char *text, size_t len,
                           size_t offset)
{
    ts_mark m = {file, 1, 1};
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n') {
            m.line++;
            m.col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            m.col++; /* count characters, not UTF-8 continuation bytes */
        }
    }
    return m;
}

/* libyaml's own problem (syntax, not UTF-8) with its mark. */
static ts_status parser_problem(const yaml_parser_t *parser,
                             const char *file, ts_diags *diags)
{
    ts_mark m = {file, parser->problem_mark.line + 1,
                 parser->problem_mark.column + 1};
    const char *problem = parser->problem ? parser->problem : "unknown error";
    if (parser->error == YAML_MEMORY_ERROR)
        return ts_diag_nomem(diags);
    if (parser->error == YAML_READER_ERROR) {
        m = offset_mark(file, (const char *)parser->input.string.start,
                        (size_t)(parser->input.string.end -
                                 parser->input.string.start),
                        parser->problem_offset);
        return ts_diag_add(diags, m, "the file is not valid UTF-8 text (%s)",
                           problem);
    }
    if (parser->context)
        return ts_diag_add(diags, m, "YAML syntax error: %s %s", problem,
                           parser->context);
    return ts_diag_add(diags, m, "YAML syntax error: %s", problem);
}

typedef struct anchor {
    char *name;
    int id;
    size_t size;     /* nodes, aliases expanded */
    size_t bytes;    /* scalar bytes, aliases expanded */
    int height;      /* levels below the node */
    bool closed;     /* an open collection cannot be repeated inside itself */
} anchor;

typedef struct open_node {
    int id;
    bool is_map;
    int pending_key; /* a mapping's key waiting for its value, or 0 */
    size_t size;
    size_t bytes;
    int height;
    int anchor;      /* index into the anchors, or -1 */
} open_node;

typedef struct builder {
    yaml_document_t *doc;
    const char *file;
    ts_diags *diags;
    open_node stack[TS_YAML_MAX_DEPTH];
    int depth;
    size_t expanded;
    size_t expanded_bytes;
    anchor anchors[TS_YAML_MAX_ANCHORS];
    int n_anchors;
} builder;

static ts_mark event_mark(const builder *b, const yaml_event_t *ev)
{
    ts_mark m = {b->file, ev->start_mark.line + 1, ev->start_mark.column + 1};
    return m;
}

static ts_status nomem(const builder *b)
{
    return ts_diag_nomem(b->diags);
}

/* Puts node id (of `size` nodes and `bytes` bytes of scalars, `height`
 * levels) into the open collection, or makes it the root. */
static ts_status attach(builder *b, const yaml_event_t *ev, int id,
                        size_t size, size_t bytes, int height)
{
    b->expanded += size;
    b->expanded_bytes += bytes;
    if (b->expanded > TS_YAML_MAX_NODES)
        return ts_diag_add(b->diags, event_mark(b, ev), "the document has "
                           "more than %d nodes (aliases counted as what they "
                           "repeat)", TS_YAML_MAX_NODES);
    if (b->expanded_bytes > TS_YAML_MAX_BYTES)
        return ts_diag_add(b->diags, event_mark(b, ev), "the document's "
                           "values come to more than %d bytes (aliases "
                           "counted as what they repeat)", TS_YAML_MAX_BYTES);
    if (b->depth == 0)
        return TS_OK; /* the root: the first node added */
    open_node *top = &b->stack[b->depth - 1];
    top->size += size;
    top->bytes += bytes;
    if (height + 1 > top->height)
        top->height = height + 1;
    int ok;
    if (!top->is_map) {
        ok = yaml_document_append_sequence_item(b->doc, top->id, id);
    } else if (!top->pending_key) {
        top->pending_key = id;
        ok = 1;
    } else {
        ok = yaml_document_append_mapping_pair(b->doc, top->id,
                                               top->pending_key, id);
        top->pending_key = 0;
    }
    return ok ? TS_OK : nomem(b);
}

static void set_marks(builder *b, int id, const yaml_event_t *ev)
{
    yaml_node_t *n = yaml_document_get_node(b->doc, id);
    n->start_mark = ev->start_mark;
    n->end_mark = ev->end_mark;
}

static ts_status add_anchor(builder *b, const yaml_event_t *ev,
                            const yaml_char_t *name, int id, int *index)
{
    *index = -1;
    if (!name)
        return TS_OK;
    if (b->n_anchors >= TS_YAML_MAX_ANCHORS)
        return ts_diag_add(b->diags, event_mark(b, ev), "more than %d "
                           "anchors in one file", TS_YAML_MAX_ANCHORS);
    anchor *a = &b->anchors[b->n_anchors];
    a->name = malloc(strlen((const char *)name) + 1);
    if (!a->name)
        return nomem(b);
    strcpy(a->name, (const char *)name);
    a->id = id;
    a->size = 1;
    a->bytes = 0;
    a->height = 0;
    a->closed = false;
    *index = b->n_anchors++;
    return TS_OK;
}

static const yaml_char_t *node_tag(const yaml_char_t *tag,
                                   const char *fallback)
{
    if (!tag || strcmp((const char *)tag, "!") == 0)
        return (const yaml_char_t *)fallback;
    return tag;
}

static ts_status on_scalar(builder *b, const yaml_event_t *ev)
{
    const yaml_char_t *tag =
        node_tag(ev->data.scalar.tag, YAML_DEFAULT_SCALAR_TAG);
    if (ev->data.scalar.length > (size_t)INT32_MAX)
        return ts_diag_add(b->diags, event_mark(b, ev), "value too long");
    int id = yaml_document_add_scalar(b->doc, (yaml_char_t *)tag,
                                      ev->data.scalar.value,
                                      (int)ev->data.scalar.length,
                                      ev->data.scalar.style);
    if (!id)
        return nomem(b);
    set_marks(b, id, ev);
    int index;
    if (add_anchor(b, ev, ev->data.scalar.anchor, id, &index) != TS_OK)
        return TS_EINPUT;
    if (index >= 0) {
        b->anchors[index].closed = true;
        b->anchors[index].bytes = ev->data.scalar.length;
    }
    return attach(b, ev, id, 1, ev->data.scalar.length, 0);
}

static ts_status on_start(builder *b, const yaml_event_t *ev, bool is_map)
{
    if (b->depth >= TS_YAML_MAX_DEPTH)
        return ts_diag_add(b->diags, event_mark(b, ev), "nested deeper than "
                           "%d levels", TS_YAML_MAX_DEPTH);
    int id;
    const yaml_char_t *anchor_name;
    if (is_map) {
        id = yaml_document_add_mapping(
            b->doc,
            (yaml_char_t *)node_tag(ev->data.mapping_start.tag,
                                    YAML_DEFAULT_MAPPING_TAG),
            ev->data.mapping_start.style);
        anchor_name = ev->data.mapping_start.anchor;
    } else {
        id = yaml_document_add_sequence(
            b->doc,
            (yaml_char_t *)node_tag(ev->data.sequence_start.tag,
                                    YAML_DEFAULT_SEQUENCE_TAG),
            ev->data.sequence_start.style);
        anchor_name = ev->data.sequence_start.anchor;
    }
    if (!id)
        return nomem(b);
    set_marks(b, id, ev);
    int index;
    if (add_anchor(b, ev, anchor_name, id, &index) != TS_OK)
        return TS_EINPUT;
    /* attached now (so the root is node 1); size and height follow at
     * its end */
    if (attach(b, ev, id, 1, 0, 0) != TS_OK)
        return TS_EINPUT;
    open_node *n = &b->stack[b->depth++];
    *n = (open_node){id, is_map, 0, 1, 0, 0, index};
    return TS_OK;
}

static ts_status on_end(builder *b, const yaml_event_t *ev)
{
    open_node n = b->stack[--b->depth];
    yaml_node_t *node = yaml_document_get_node(b->doc, n.id);
    node->end_mark = ev->end_mark;
    if (n.anchor >= 0) {
        anchor *a = &b->anchors[n.anchor];
        a->size = n.size;
        a->bytes = n.bytes;
        a->height = n.height;
        a->closed = true;
    }
    if (b->depth > 0) {
        /* the parent counted this node as one node of height 0 */
        open_node *top = &b->stack[b->depth - 1];
        top->size += n.size - 1;
        top->bytes += n.bytes;
        if (n.height + 1 > top->height)
            top->height = n.height + 1;
    }
    return TS_OK;
}

static ts_status on_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    int i = b->n_anchors - 1; /* a redefined anchor: the latest counts */
    while (i >= 0 && strcmp(b->anchors[i].name, name) != 0)
        i--;
    if (i < 0)
        return ts_diag_add(b->diags, event_mark(b, ev), "alias '*%s' names "
                           "no anchor written before it", name);
    const anchor *a = &b->anchors[i];
    if (!a->closed)
        return ts_diag_add(b->diags, event_mark(b, ev), "alias '*%s' repeats "
                           "a collection it is inside", name);
    if (b->depth + a->height > TS_YAML_MAX_DEPTH)
        return ts_diag_add(b->diags, event_mark(b, ev), "nested deeper than "
                           "%d levels (through alias '*%s')",
                           TS_YAML_MAX_DEPTH, name);
    /* one node in the document, repeated where the alias stands */
    return attach(b, ev, a->id, a->size, a->bytes, a->height);
}

static ts_status on_event(builder *b, const yaml_event_t *ev, bool *done)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(b, ev, false);
    case YAML_MAPPING_START_EVENT: return on_start(b, ev, true);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_end(b, ev);
    case YAML_ALIAS_EVENT: return on_alias(b, ev);
    case YAML_DOCUMENT_END_EVENT:
    case YAML_STREAM_END_EVENT: *done = true; return TS_OK;
    default: return TS_OK;
    }
}

ts_status ts_yaml_doc_load(yaml_parser_t *parser, const char *file,
                           yaml_document_t *doc, bool *empty,
                           ts_diags *diags)
{
    builder *b = calloc(1, sizeof *b);
    *empty = true;
    if (!b || !yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1)) {
        free(b);
        return ts_diag_nomem(diags);
    }
    *b = (builder){.doc = doc, .file = file, .diags = diags};
    ts_status st = TS_OK;
    bool done = false;
    while (st == TS_OK && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(parser, &ev)) {
            st = parser_problem(parser, file, diags);
            break;
        }
        if (ev.type == YAML_DOCUMENT_START_EVENT)
            *empty = false;
        st = on_event(b, &ev, &done);
        yaml_event_delete(&ev);
    }
    for (int i = 0; i < b->n_anchors; i++)
        free(b->anchors[i].name);
    free(b);
    if (st != TS_OK)
        yaml_document_delete(doc);
    else if (*empty || !yaml_document_get_root_node(doc))
        *empty = true;
    return st;
}

ts_status ts_yaml_doc_expect_end(yaml_parser_t *parser, const char *file,
                                 ts_diags *diags)
{
    yaml_event_t ev;
    bool second = false;
    for (;;) {
        if (!yaml_parser_parse(parser, &ev))
            return parser_problem(parser, file, diags);
        yaml_event_type_t type = ev.type;
        ts_mark m = {file, ev.start_mark.line + 1, ev.start_mark.column + 1};
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            return TS_OK;
        if (type == YAML_DOCUMENT_START_EVENT) {
            second = true;
            continue;
        }
        if (second && type != YAML_DOCUMENT_END_EVENT)
            return ts_diag_add(diags, m, "a scenario file holds one YAML "
                               "document; found a second one here");
    }
}
