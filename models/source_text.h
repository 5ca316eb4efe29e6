/* The text of every file a scenario was read from (the file and the
 * bases it extends), kept by the loader for what a YAML parser does not
 * keep: the comment written on a value's line, which the report shows as
 * the value's source. Writers ask here instead of reading YAML again. */
#ifndef TS_SOURCE_TEXT_H
#define TS_SOURCE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario.h"

/* Keeps a copy of len bytes of text as the text of file, a name interned
 * in sc (ts_scenario_intern_source). False when out of memory. */
bool ts_scenario_keep_text(ts_scenario *sc, const char *file,
                           const char *text, size_t len);

/* The comment on line `line` (1-based) of file: what follows the first
 * '#' outside quotes, leading blanks dropped, into buf; "" when there is
 * none or the text was not kept. */
void ts_scenario_comment(const ts_scenario *sc, const char *file,
                         size_t line, char *buf, size_t size);

/* The bytes read from sources[i] (the file or a base), or NULL when it
 * is not a file (a --set's label) or its text was not kept. */
const char *ts_scenario_source_bytes(const ts_scenario *sc, size_t i,
                                     size_t *len);

#endif
