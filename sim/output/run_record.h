/* run.yaml (SPEC section 7): the record of what made an output
 * directory — talentsim's version, the command line as given, the
 * working directory, each scenario file and every base it extends with
 * a SHA-256 of the bytes read (nettle), the --set changes in order, seed,
 * runs, step, threads, as_of and the UTC time. Every text is a quoted
 * YAML string (one escaping routine, ts_yaml_text), so that no value can
 * forge a key. The one file whose bytes differ from run to run. */
#ifndef TS_RUN_RECORD_H
#define TS_RUN_RECORD_H

#include <stddef.h>
#include <stdio.h>

#include "models/scenario/scenario.h"

typedef struct ts_run_record {
    int argc;
    char *const *argv;                 /* the command line as given */
    const ts_scenario *const *scenarios;
    size_t n_scenarios;
    size_t threads;
} ts_run_record;

/* The YAML sink: text as one double-quoted scalar; control characters,
 * quotes and backslashes escaped, bytes that are not UTF-8 as \xNN. */
void ts_yaml_text(FILE *f, const char *text);

/* Writes run.yaml; TS_ERUNTIME when the working directory or the clock
 * cannot be read. */
ts_status ts_run_record_write(FILE *f, const ts_run_record *rec,
                              ts_diags *d);

#endif
