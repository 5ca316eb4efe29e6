/* What every command does first: load the scenario file, apply the
 * command-line overrides (--step, --runs, --seed, --set) and validate;
 * and where its outputs go. */
#ifndef TS_PREPARE_H
#define TS_PREPARE_H

#include <stddef.h>

#include "models/scenario.h"
#include "sim/cli.h"

/* Loads path with opt's overrides; *out is NULL unless TS_OK. */
ts_status ts_prepare_scenario(const char *path, const ts_options *opt,
                              ts_scenario **out, ts_diags *d);

/* The file name of path without directory and extension. */
void ts_file_stem(const char *path, char *buf, size_t size);

/* -o, else outputs.dir, else out/<scenario file stem>. */
void ts_output_dir(const ts_options *opt, const ts_scenario *sc,
                   const char *path, char *buf, size_t size);

/* --threads, else every core. */
size_t ts_thread_count(const ts_options *opt);

#endif
