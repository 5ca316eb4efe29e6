/* `talentsim fit` (estimate the `fit` parameters from `observed`) and
 * `talentsim backtest --until` (fit on what was known then, and measure
 * the error on what came after). */
#ifndef TS_FIT_COMMANDS_H
#define TS_FIT_COMMANDS_H

#include "sim/cli/commands.h"

ts_status ts_command_fit(const ts_options *opt, const ts_env *env,
                         ts_diags *d);
ts_status ts_command_backtest(const ts_options *opt, const ts_env *env,
                              ts_diags *d);

#endif
