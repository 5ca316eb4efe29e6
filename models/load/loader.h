/* Reads a scenario from YAML with libyaml's document API, so every value
 * keeps the line and column it was written at. Loading checks syntax,
 * types and keys; models/validate/validate.h checks ranges and cross references. */
#ifndef TS_LOADER_H
#define TS_LOADER_H

#include <stddef.h>

#include "models/base/diag.h"
#include "models/scenario/scenario.h"

/* Loads path into a new scenario (*out, caller destroys). On TS_EINPUT
 * *out is NULL and diags say why. The scenario's name defaults to the
 * file's stem. */
ts_status ts_scenario_load(const char *path, ts_scenario **out,
                           ts_diags *diags);

/* The same, but when the file has mistakes inside some items only (a
 * pool, an executive, an event...), *out is the scenario without them
 * (those items marked broken) along with TS_EINPUT, so that validation
 * can report the file's other errors in the same run. *out is NULL when
 * nothing sound is left (the scenario block, a section that is not a
 * list). */
ts_status ts_scenario_load_partial(const char *path, ts_scenario **out,
                                   ts_diags *diags);

/* The same from memory; name is used in marks. */
ts_status ts_scenario_load_string(const char *text, size_t len,
                                  const char *name, ts_scenario **out,
                                  ts_diags *diags);

/* ts_scenario_load_partial from memory. */
ts_status ts_scenario_load_string_partial(const char *text, size_t len,
                                          const char *name, ts_scenario **out,
                                          ts_diags *diags);

#endif
