/* talentsim check --explain: the scenario as talentsim reads it, after
 * `extends` (SPEC section 6), each value followed by the file and line
 * that wrote it. */
#ifndef TS_EXPLAIN_H
#define TS_EXPLAIN_H

#include <stdio.h>

#include "models/base/diag.h"

/* Reads path (following extends) and writes the merged document to
 * out as YAML with "# FILE:LINE" comments. */
ts_status ts_explain_scenario(const char *path, FILE *out, ts_diags *d);

#endif
