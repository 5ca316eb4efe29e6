/* A libyaml document built from the parser's events, with limits checked
 * as each event arrives: nesting depth, the number of nodes the aliases
 * expand to, and anchors. libyaml's own yaml_parser_load has none of
 * these (its simple-key bookkeeping is quadratic in the nesting depth,
 * and an alias can repeat a large node many times), so a file written to
 * stall a loader is refused at the event that crosses a limit, before
 * libyaml has looked further. The nodes keep libyaml's marks. */
#ifndef TS_YAML_DOC_H
#define TS_YAML_DOC_H

#include <stdbool.h>
#include <yaml.h>

#include "models/base/diag.h"

/* Deeper than any scenario (the deepest key is four levels down). */
#define TS_YAML_MAX_DEPTH 64
/* Nodes of the document with every alias expanded: an alias counts the
 * nodes of the node it repeats. */
#define TS_YAML_MAX_NODES 1000000
/* Bytes of the document's scalars with every alias expanded: eight
 * times the largest file, so that a value repeated by aliases cannot ask
 * for gigabytes of copies (a merge with `extends` copies every repeat). */
#define TS_YAML_MAX_BYTES (8 * 1024 * 1024)
/* Anchors (&name) in one document. */
#define TS_YAML_MAX_ANCHORS 1024

/* Reads one document from parser into *doc (initialised here, the caller
 * deletes it when TS_OK). *empty is true when the stream has no
 * document. file names the input in marks. */
ts_status ts_yaml_doc_load(yaml_parser_t *parser, const char *file,
                           yaml_document_t *doc, bool *empty,
                           ts_diags *diags);

/* After ts_yaml_doc_load: an error at the first node of a second
 * document, if the stream has one. */
ts_status ts_yaml_doc_expect_end(yaml_parser_t *parser, const char *file,
                                 ts_diags *diags);

#endif
