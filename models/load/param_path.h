/* Parameter paths, the addresses shared by --set, events, sweeps and fit:
 *   scenario.FIELD   pools.ID.FIELD   pools.ID.to.DEST   outputs.FIELD
 * A value is parsed as YAML (so a mapping such as '{a: 0.2}' works where
 * the file takes one) and applied through the same field tables as the
 * file, so it is checked exactly like the file once validated. */
#ifndef TS_PARAM_PATH_H
#define TS_PARAM_PATH_H

#include "models/base/diag.h"
#include "models/load/fields.h"
#include "models/scenario/scenario.h"

/* Applies PATH=VALUE. label names the source in messages (for example
 * "--set pools.a.retention=0.9"). */
ts_status ts_param_path_apply(ts_scenario *sc, const char *path,
                              const char *value, const char *label,
                              ts_diags *diags);

/* Parses "PATH=VALUE" and applies it, labelled "--set PATH=VALUE". */
ts_status ts_param_set_assignment(ts_scenario *sc, const char *assignment,
                                  ts_diags *diags);

/* The numeric parameter PATH names (a share entry is added, unset, when
 * a `to` does not have the destination), its key and valid range; NULL
 * with a message at m when PATH names none. */
ts_param *ts_param_path_param(ts_scenario *sc, const char *path, ts_mark m,
                              const char **key, const ts_range **range,
                              ts_diags *d);

/* Whether PATH names an executive's rate (SPEC section 9:
 * executives.NAME..., pools.ID.exec_move, pools.ID.exec_to.POOL): what
 * the record teaches, and what fit estimates by likelihood. */
bool ts_param_path_is_executive(const char *path);

/* Changes the step while keeping the calendar span of `horizon` (an error
 * when the span does not divide evenly into the new step). */
ts_status ts_scenario_change_step(ts_scenario *sc, int step_months,
                                  ts_mark mark, ts_diags *diags);

#endif
