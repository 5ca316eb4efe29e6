/* `talentsim compare A.yaml B.yaml [--pool ID]`: both scenarios run with
 * the same command-line options, and each pool they share (matched by
 * id) is drawn under both on one chart; compare.csv holds the numbers. */
#ifndef TS_COMPARE_H
#define TS_COMPARE_H

#include "sim/cli/commands.h"

ts_status ts_command_compare(const ts_options *opt, const ts_env *env,
                             ts_diags *d);

#endif
