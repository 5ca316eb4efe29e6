/* The score command (SPEC section 8): earlier forecasts' output
 * directories scored against a record of what happened, as scores.csv,
 * scores_summary.csv and a ranking on the terminal. */
#ifndef TS_SCORE_COMMAND_H
#define TS_SCORE_COMMAND_H

#include "sim/cli/commands.h"

ts_status ts_command_score(const ts_options *opt, const ts_env *env,
                           ts_diags *d);

#endif
