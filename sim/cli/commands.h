/* The commands of the command line: each loads the scenario, calls the
 * engine and writes or prints its results. main.c only dispatches. */
#ifndef TS_COMMANDS_H
#define TS_COMMANDS_H

#include <signal.h>
#include <stdio.h>

#include "models/base/diag.h"
#include "models/scenario/scenario.h"
#include "sim/cli/cli.h"
#include "sim/cli/progress.h"
#include "sim/output/outputs.h"
#include "sim/output/run_record.h"
#include "sim/talentsim.h"

/* What the commands may use of the process: streams, the flag the SIGINT
 * and SIGTERM handler raises, and the count that keeps it from ending
 * the process while results are being written. */
typedef struct ts_env {
    FILE *out;
    FILE *err;
    bool err_is_terminal;
    const volatile sig_atomic_t *cancel;
    volatile sig_atomic_t *hold;    /* see ts_output_env */
    int rank, ranks;            /* MPI: this process of how many (0 of 1
                                   without); rank 0 writes the outputs */
    int argc;                   /* the command line as given, for */
    char **argv;                /* run.yaml */
} ts_env;

/* How a command writes its directory: its messages, --quiet, the
 * interrupt flags, and whether this process writes at all (MPI rank 0). */
ts_output_env ts_command_output_env(const ts_options *opt,
                                    const ts_env *env);

/* run.yaml's record of a command on scenarios scs (sim/output/run_record.h;
 * it points into env and scs). */
ts_run_record ts_command_record(const ts_options *opt, const ts_env *env,
                                const ts_scenario *const *scs, size_t n);

/* How a command runs its Monte Carlo: --threads, the cancel flag, and a
 * progress bar `label` on stderr when it is a terminal and not --quiet
 * (bar is set up here; the caller finishes it). */
talentsim_options ts_command_mc_setup(const ts_options *opt,
                                      const ts_env *env, const char *label,
                                      ts_progress *bar);

/* The scenario's projection, then its runs with a progress bar `label`;
 * *run is NULL unless TS_OK. */
ts_status ts_command_compute(const ts_options *opt, const ts_env *env,
                             const ts_scenario *sc, const char *label,
                             talentsim_run **run, ts_diags *d);

ts_status ts_command_run(const ts_options *opt, const ts_env *env,
                         ts_diags *d);
ts_status ts_command_check(const ts_options *opt, const ts_env *env,
                           ts_diags *d);
ts_status ts_command_steady(const ts_options *opt, const ts_env *env,
                            ts_diags *d);

#endif
