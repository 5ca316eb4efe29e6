/* The plan command: the inflows that reach the scenario's targets at
 * --target-at (sim/studies/workforce_plan), as plan.csv and a table. */
#ifndef TS_PLAN_COMMAND_H
#define TS_PLAN_COMMAND_H

#include "sim/cli/commands.h"

ts_status ts_command_plan(const ts_options *opt, const ts_env *env,
                          ts_diags *d);

#endif
