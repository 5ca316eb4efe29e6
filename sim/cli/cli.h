/* Parsing of the command line (SPEC section 3) into ts_options. Only
 * parsing: no file is read here. */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "models/base/diag.h"

typedef enum ts_command {
    TS_CMD_RUN,
    TS_CMD_CHECK,
    TS_CMD_STEADY,
    TS_CMD_COMPARE,
    TS_CMD_TORNADO,
    TS_CMD_SWEEP,
    TS_CMD_FIT,
    TS_CMD_BACKTEST,
    TS_CMD_PLAN,
    TS_CMD_REPORT,
    TS_CMD_HELP,
    TS_CMD_VERSION,
    TS_CMD_SCORE
} ts_command;

#define TS_MAX_SETS 256
/* score: up to this many forecast directories */
#define TS_MAX_SCORE_DIRS 1000
/* compare: up to this many scenarios (SPEC section 6) */
#define TS_MAX_COMPARE 8

typedef struct ts_options {
    ts_command command;
    const char *command_name;
    const char *scenario_path;
    const char *scenario_path_b;  /* compare: the second scenario */
    const char *scenario_paths[TS_MAX_COMPARE];  /* compare: all of them */
    size_t n_scenarios;
    const char *pool;           /* compare --pool */
    const char *metric;         /* tornado --metric POOL[@YYYY-MM] */
    const char *param;          /* sweep --param PATH */
    const char *values;         /* sweep --values a,b,c */
    const char *range;          /* sweep --range lo:hi:n */
    const char *at;             /* sweep --at YYYY-MM */
    const char *starts;         /* fit --starts N */
    const char *until;          /* backtest --until YYYY-MM */
    const char *target_at;      /* plan --target-at YYYY-MM */
    const char *out_dir;        /* -o */
    const char *outcomes;       /* score --outcomes FILE */
    const char *as_of;          /* --as-of YYYY-MM: the record cut there */
    const char *dirs[TS_MAX_SCORE_DIRS];  /* score: the forecasts */
    size_t n_dirs;
    const char *runs;           /* --runs, as text: applied as scenario.runs */
    const char *seed;
    const char *step;
    const char *format;         /* --format: applied as outputs.format */
    const char *sets[TS_MAX_SETS];
    size_t n_sets;
    size_t threads;             /* 0: all cores */
    double max_output;          /* --max-output in bytes; 0: the default */
    bool no_plots;
    bool no_process_noise;      /* runs are projections of their draws */
    bool quiet;
    bool explain;               /* check --explain: the merged scenario */
    bool report;                /* --report: report.html beside the run */
    bool points;                /* tornado --points: plain numbers too */
} ts_options;

/* Parses argv; on a usage error returns TS_EINPUT with a message in d. */
ts_status ts_cli_parse(int argc, char **argv, ts_options *opt, ts_diags *d);

/* The --help text. */
void ts_cli_usage(FILE *out);

#endif
