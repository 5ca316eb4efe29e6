/* Workforce planning (the manpower-planning classics): which constant
 * yearly inflow into each targeted pool brings the `target` headcounts
 * about at a date, and whether a target structure can be a steady state
 * with non-negative inflows. */
#ifndef TS_PLAN_COMMAND_H
#define TS_PLAN_COMMAND_H

#include "models/scenario.h"
#include "sim/cli/commands.h"

ts_status ts_command_plan(const ts_options *opt, const ts_env *env,
                          ts_diags *d);


#endif
