/* talentsim: parses the command line, dispatches to a command, prints
 * diagnostics and maps the status to the exit code (0 ok, 1 runtime
 * failure, 2 bad input or usage). */
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/cli/commands.h"
#include "sim/cli/compare.h"
#include "sim/cli/study_commands.h"
#include "sim/cli/fit_commands.h"
#include "sim/cli/plan_command.h"
#include "sim/cli/score_command.h"
#include "sim/output/terminal.h"

/* The one piece of process state: a signal handler can only reach a
 * static object. Commands see it through ts_env. `interrupted` is the
 * signal received; `holding` counts the output directories being written
 * (sim/output/outputs.h). Nothing else leaves a trace outside the process, so
 * outside of writing a signal ends it at once, whatever it was doing
 * (loading, validating, projecting, fitting, simulating): exit status
 * 128 + the signal, 130 for Ctrl-C, as shells expect. While writing, the
 * writer sees the flag, removes its temporary directory and returns. */
static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t holding;

static void on_signal(int sig)
{
    interrupted = sig;
    if (holding > 0)
        return;
    static const char msg[] = "talentsim: interrupted; nothing was "
                              "written\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(128 + sig);
}

static int mark_cmp(const void *a, const void *b)
{
    const ts_diag *x = a, *y = b;
    if (strcmp(x->file, y->file) != 0)
        return 0; /* different sources keep their order */
    if (x->mark.line != y->mark.line)
        return x->mark.line < y->mark.line ? -1 : 1;
    return (x->mark.col > y->mark.col) - (x->mark.col < y->mark.col);
}

/* Errors in file order, so the first one printed is the first in the
 * file; insertion sort keeps equal positions in reporting order. */
static void print_diags(ts_diags *d, FILE *err)
{
    for (size_t i = 1; i < d->count; i++)
        for (size_t j = i; j > 0 && mark_cmp(&d->items[j - 1],
                                             &d->items[j]) > 0; j--) {
            ts_diag t = d->items[j];
            d->items[j] = d->items[j - 1];
            d->items[j - 1] = t;
        }
    char line[TS_DIAG_MSG_MAX + 4200];
    for (size_t i = 0; i < d->count; i++) {
        ts_diag_format(&d->items[i], line, sizeof line);
        ts_term_printf(err, "%s\n", line);
    }
    if (d->total > d->count)
        ts_term_printf(err, "talentsim: %zu more errors not shown\n",
                d->total - d->count);
}

static int exit_code(ts_status st, const ts_diags *d)
{
    switch (ts_diag_status(d, st)) {
    case TS_OK: return 0;
    case TS_EINPUT: return 2;
    default: return 1;
    }
}

static ts_status dispatch(const ts_options *opt, const ts_env *env,
                          ts_diags *d)
{
    switch (opt->command) {
    case TS_CMD_CHECK: return ts_command_check(opt, env, d);
    case TS_CMD_STEADY: return ts_command_steady(opt, env, d);
    case TS_CMD_COMPARE: return ts_command_compare(opt, env, d);
    case TS_CMD_TORNADO: return ts_command_tornado(opt, env, d);
    case TS_CMD_SWEEP: return ts_command_sweep(opt, env, d);
    case TS_CMD_FIT: return ts_command_fit(opt, env, d);
    case TS_CMD_BACKTEST: return ts_command_backtest(opt, env, d);
    case TS_CMD_PLAN: return ts_command_plan(opt, env, d);
    case TS_CMD_SCORE: return ts_command_score(opt, env, d);
    default: return ts_command_run(opt, env, d);
    }
}

/* Everything but starting and stopping MPI; rank 0 alone speaks. */
static int run(int argc, char **argv, int rank, int ranks)
{
    ts_options opt;
    ts_diags diags;
    ts_diags_init(&diags);
    bool root = rank == 0;
    ts_status st = ts_cli_parse(argc, argv, &opt, &diags);
    if (st != TS_OK) {
        if (root) {
            print_diags(&diags, stderr);
            ts_term_printf(stderr, "Try 'talentsim --help' for usage.\n");
        }
        return 2;
    }
    if (opt.command == TS_CMD_HELP || opt.command == TS_CMD_VERSION) {
        if (root && opt.command == TS_CMD_HELP)
            ts_cli_usage(stdout);
        else if (root)
            ts_term_printf(stdout, "talentsim %s\n", TALENTSIM_VERSION);
        return 0;
    }
    opt.quiet |= !root;
    ts_env env = {stdout, stderr, root && isatty(STDERR_FILENO) != 0,
                  &interrupted, &holding, rank, ranks, argc, argv};
    st = dispatch(&opt, &env, &diags);
    if (st != TS_OK && st != TS_ECANCEL && diags.total == 0)
        /* every failure says why; one that reached here silent is ours */
        ts_diag_runtime(&diags, "the command failed without saying why "
                        "(a defect of talentsim: please report it)");
    if (root)
        print_diags(&diags, stderr);
    if (interrupted)
        return 128 + interrupted;
    return exit_code(st, &diags);
}

int main(int argc, char **argv)
{
    int rank, ranks;
    talentsim_mpi_init(&argc, &argv, &rank, &ranks);
    gsl_set_error_handler_off(); /* GSL reports by status, never aborts */

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    int code = run(argc, argv, rank, ranks);
    talentsim_mpi_finish();
    return code;
}
