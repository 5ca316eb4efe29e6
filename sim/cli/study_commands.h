/* The sensitivity studies of the command line: `tornado` (which
 * uncertain assumption moves a pool's headcount most) and `sweep` (a
 * pool's headcount over the values of one parameter). */
#ifndef TS_STUDY_COMMANDS_H
#define TS_STUDY_COMMANDS_H

#include "sim/cli/commands.h"

#include "models/scenario/scenario.h"
#include "sim/output/outputs.h"

/* A study's output directory (the run's + /name): its files, its chart
 * name.png when charts.gp is among them, then its table on stdout. */
typedef void (*ts_study_printer)(FILE *out, const void *ctx);
ts_status ts_study_outputs(const ts_options *opt, const ts_env *env,
                           const ts_scenario *sc, const char *name,
                           const ts_output_file *files, size_t n_files,
                           const char *const *owned, const void *ctx,
                           ts_study_printer print, ts_diags *d);

/* The same for a study whose charts.gp draws the charts `charts` (names
 * without the extension; at most TS_MAX_IMAGES) instead of name's. */
ts_status ts_study_outputs_charts(const ts_options *opt, const ts_env *env,
                                  const ts_scenario *sc, const char *name,
                                  const ts_output_file *files,
                                  size_t n_files, const char *const *charts,
                                  size_t n_charts, const char *const *owned,
                                  const void *ctx, ts_study_printer print,
                                  ts_diags *d);

ts_status ts_command_tornado(const ts_options *opt, const ts_env *env,
                             ts_diags *d);
ts_status ts_command_sweep(const ts_options *opt, const ts_env *env,
                           ts_diags *d);

#endif
