/* What every command does first: load the scenario file, apply the
 * command-line overrides (--step, --runs, --seed, --set) and validate;
 * and where its outputs go. */
#ifndef TS_PREPARE_H
#define TS_PREPARE_H

#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/cli/cli.h"
#include "sim/talentsim.h"

/* talentsim.h's status as the command line's: the same codes (the
 * library asserts it). */
static inline ts_status ts_from_api(talentsim_status st)
{
    return (ts_status)st;
}

/* Loads path with opt's overrides; *out is NULL unless TS_OK. */
ts_status ts_prepare_scenario(const char *path, const ts_options *opt,
                              ts_scenario **out, ts_diags *d);

/* The same with one more assignment PATH=VALUE applied after opt's,
 * labelled `label` in messages (a sweep's value). */
ts_status ts_prepare_scenario_with(const char *path, const ts_options *opt,
                                   const char *param, const char *value,
                                   const char *label, ts_scenario **out,
                                   ts_diags *d);

/* The output directory of a study (tornado, sweep): -o, else the run's
 * directory with /NAME appended, so a study never replaces a run's
 * charts.gp. */
ts_status ts_study_dir(const ts_options *opt, const ts_scenario *sc,
                       const char *name, char *buf, size_t size,
                       ts_diags *d);

/* A stock date "YYYY-MM" given to `option` (--at, --metric, --target-at):
 * its step, at least `first`, or an error naming the dates allowed. */
ts_status ts_parse_stock_date(const ts_scenario *sc, const char *option,
                              const char *text, size_t first, size_t *step,
                              ts_diags *d);

/* The file name of path without directory and extension. */
void ts_file_stem(const char *path, char *buf, size_t size);

/* -o, else outputs.dir, else out/<scenario file stem>. A directory the
 * file names must stay below the working directory once its links are
 * followed (an error at outputs.dir otherwise); a path longer than size
 * is an error, never cut short. */
ts_status ts_output_dir(const ts_options *opt, const ts_scenario *sc,
                        const char *path, char *buf, size_t size,
                        ts_diags *d);

/* --threads, else every core. */
size_t ts_thread_count(const ts_options *opt);

#endif
