/* Reading a record (SPEC section 8, `history:`) from a YAML node: every
 * entry's types and keys, a `moves` or `seen` naming a CSV file read
 * from it (models/record/record_csv.h), an outcome or a headcount said
 * twice refused. */
#ifndef TS_RECORD_READ_H
#define TS_RECORD_READ_H

#include "models/base/sources.h"
#include "models/record/record.h"
#include "models/yaml/yaml_value.h"

/* Reads a history: mapping node into *r (zeroed by the caller); every
 * mistake of its types and keys reported. `moves` naming a CSV file is
 * read from it (models/record/record_csv.h), its name interned in names. */
ts_status ts_record_read(const ts_yaml_ctx *ctx, yaml_node_t *node,
                         ts_sources *names, ts_record *r);

#endif
