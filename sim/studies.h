/* The sensitivity studies of the command line: `tornado` (which
 * uncertain assumption moves a pool's headcount most) and `sweep` (a
 * pool's headcount over the values of one parameter). */
#ifndef TS_STUDIES_H
#define TS_STUDIES_H

#include "sim/commands.h"

ts_status ts_command_tornado(const ts_options *opt, const ts_env *env,
                             ts_diags *d);
ts_status ts_command_sweep(const ts_options *opt, const ts_env *env,
                           ts_diags *d);

#endif
