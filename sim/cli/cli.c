#include "sim/cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "models/base/limits.h"
#include "models/base/suggest.h"
#include "models/yaml/yaml_value.h"

typedef enum opt_id {
    OPT_OUT, OPT_RUNS, OPT_SEED, OPT_STEP, OPT_SET, OPT_THREADS,
    OPT_NO_PLOTS, OPT_FORMAT, OPT_POOL, OPT_METRIC, OPT_PARAM, OPT_VALUES,
    OPT_RANGE, OPT_AT, OPT_STARTS, OPT_UNTIL, OPT_TARGET_AT,
    OPT_NO_PROCESS_NOISE, OPT_QUIET, OPT_HELP, OPT_VERSION, OPT_EXPLAIN,
    OPT_REPORT, OPT_POINTS, OPT_OUTCOMES, OPT_AS_OF, OPT_MAX_OUTPUT
} opt_id;

typedef struct opt_spec {
    const char *name;   /* long form, without "--" */
    char short_name;
    bool takes_value;
    opt_id id;
} opt_spec;

static const opt_spec options[] = {
    {"out", 'o', true, OPT_OUT},
    {"runs", 0, true, OPT_RUNS},
    {"seed", 0, true, OPT_SEED},
    {"step", 0, true, OPT_STEP},
    {"set", 0, true, OPT_SET},
    {"threads", 0, true, OPT_THREADS},
    {"no-plots", 0, false, OPT_NO_PLOTS},
    {"format", 0, true, OPT_FORMAT},
    {"pool", 0, true, OPT_POOL},
    {"metric", 0, true, OPT_METRIC},
    {"param", 0, true, OPT_PARAM},
    {"values", 0, true, OPT_VALUES},
    {"range", 0, true, OPT_RANGE},
    {"at", 0, true, OPT_AT},
    {"starts", 0, true, OPT_STARTS},
    {"until", 0, true, OPT_UNTIL},
    {"target-at", 0, true, OPT_TARGET_AT},
    {"quiet", 'q', false, OPT_QUIET},
    {"help", 'h', false, OPT_HELP},
    {"version", 'V', false, OPT_VERSION},
    {"no-process-noise", 0, false, OPT_NO_PROCESS_NOISE},
    {"explain", 0, false, OPT_EXPLAIN},
    {"report", 0, false, OPT_REPORT},
    {"points", 0, false, OPT_POINTS},
    {"outcomes", 0, true, OPT_OUTCOMES},
    {"as-of", 0, true, OPT_AS_OF},
    {"max-output", 0, true, OPT_MAX_OUTPUT},
};
#define N_OPTIONS (sizeof options / sizeof options[0])

typedef struct cmd_spec {
    const char *name;
    ts_command command;
} cmd_spec;

static const cmd_spec commands[] = {
    {"check", TS_CMD_CHECK},   {"steady", TS_CMD_STEADY},
    {"sweep", TS_CMD_SWEEP},   {"tornado", TS_CMD_TORNADO},
    {"fit", TS_CMD_FIT},       {"backtest", TS_CMD_BACKTEST},
    {"plan", TS_CMD_PLAN},    {"compare", TS_CMD_COMPARE},
    {"report", TS_CMD_REPORT}, {"score", TS_CMD_SCORE},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* In two parts: C11 promises string literals up to 4095 characters. */
void ts_cli_usage(FILE *out)
{
    fputs(
"usage: talentsim SCENARIO.yaml [options]     project and simulate\n"
"       talentsim check  SCENARIO.yaml         validate only\n"
"       talentsim steady SCENARIO.yaml         steady state and mean stay\n"
"       talentsim check --explain SCENARIO.yaml  the scenario after extends,\n"
"                                              each value with its file:line\n"
"       talentsim compare A.yaml B.yaml [C.yaml ...] [--pool ID]\n"
"                                              up to 8 scenarios, and their\n"
"                                              paired differences from A\n"
"       talentsim report SCENARIO.yaml         report.html: one file to share\n"
"       talentsim score DIR... --outcomes FILE  score earlier forecasts\n"
"       talentsim tornado SCENARIO.yaml --metric POOL[@YYYY-MM]|ID "
"[--points]\n"
"                                              which assumption matters most\n"
"       talentsim sweep SCENARIO.yaml --param PATH (--values a,b,c |\n"
"                       --range lo:hi:n) [--at YYYY-MM]\n"
"                                              one assumption over values\n"
"       talentsim fit SCENARIO.yaml [--starts N]  estimate `fit` from `observed`\n"
"       talentsim backtest SCENARIO.yaml --until YYYY-MM\n"
"                                              fit up to a date, test after\n"
"       talentsim plan SCENARIO.yaml --target-at YYYY-MM\n"
"                                              inflows that reach `target`\n"
"       talentsim --help | --version\n"
"\n", out);
    fputs(
"options:\n"
"  -o, --out DIR          output directory (default: outputs.dir of the\n"
"                         scenario, else out/<scenario file stem>;\n"
"                         compare: out/compare-<A stem>-<B stem>)\n"
"      --runs N           Monte Carlo runs (0 = deterministic only)\n"
"      --seed S           random seed (0 to 2^64-1)\n"
"      --step S           month, quarter or year; keeps the calendar span\n"
"      --set PATH=VALUE   change one parameter, e.g.\n"
"                         --set pools.enterprise_software.retention=0.8\n"
"                         PATH: scenario.FIELD, pools.ID.FIELD,\n"
"                         pools.ID.to.DEST, executives.NAME.FIELD,\n"
"                         executives.NAME.team.size, shocks.ID.chance,\n"
"                         outputs.FIELD (repeatable; compare applies it\n"
"                         to both scenarios)\n"
"      --threads N        worker threads (default: all cores); results do\n"
"                         not depend on N\n"
"      --no-plots         write charts.gp but do not run gnuplot\n"
"      --no-process-noise each run is the deterministic projection of its\n"
"                         own parameter draws (uncertainty without the\n"
"                         randomness of who moves)\n"
"      --format F         png (default) or svg images\n"
"      --pool ID          compare: only this pool\n"
"      --metric POOL[@YYYY-MM]  tornado: that pool's headcount then\n"
"                         (default: at the end of the run)\n"
"      --metric ID        tornado: prediction ID's probability\n"
"      --points           tornado: also swing every plain number from 0.8\n"
"                         to 1.2 times its value\n"
"      --param PATH       sweep: the parameter to vary\n"
"      --values a,b,c     sweep: its values\n"
"      --range lo:hi:n    sweep: n values evenly from lo to hi\n"
"      --at YYYY-MM       sweep: the date its chart shows (default: the end)\n"
"      --starts N         fit: starting points (default 1)\n"
"      --until YYYY-MM    backtest: the last month it may use\n"
"      --target-at YYYY-MM  plan: when the targets are due\n"
"      --report           also write report.html (a run, compare)\n"
"      --outcomes FILE    score: the record of what happened\n"
"      --as-of YYYY-MM    forecast as of that date: the record read as if\n"
"                         it ended there (at or before history.as_of)\n"
"      --max-output SIZE  the most a command may write (default 1G;\n"
"                         bytes, or with K, M, G)\n"
"      --explain          check: print the merged scenario with sources\n"
"  -q, --quiet            print nothing but errors\n"
"  -h, --help             this text\n"
"  -V, --version          the version\n"
"\n"
"exit status: 0 success, 1 runtime failure, 2 bad input or usage,\n"
"             128 + the signal when interrupted (130 for Ctrl-C)\n"
"see talentsim(1) for everything else\n", out);
}

static const opt_spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (strlen(options[i].name) == len &&
            strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

static const opt_spec *find_short(char c)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (options[i].short_name == c)
            return &options[i];
    return NULL;
}

static ts_status unknown_option(const char *arg, ts_diags *d)
{
    const char *names[N_OPTIONS];
    char want[64];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    snprintf(want, sizeof want, "%.*s", (int)(len > 2 ? len - 2 : 0),
             arg + 2);
    for (size_t i = 0; i < N_OPTIONS; i++)
        names[i] = options[i].name;
    const char *hint = ts_suggest(want, names, N_OPTIONS);
    if (hint)
        return ts_diag_add(d, ts_usage_mark, "unknown option '%.*s'; did you "
                           "mean '--%s'?", (int)len, arg, hint);
    return ts_diag_add(d, ts_usage_mark, "unknown option '%.*s'", (int)len,
                       arg);
}

static ts_status set_threads(const char *text, ts_options *opt, ts_diags *d)
{
    uint64_t v;
    if (!ts_parse_whole(text, TS_MAX_THREADS, &v) || v == 0)
        return ts_diag_add(d, ts_usage_mark,
                           "--threads must be a whole number "
                           "from 1 to %d, got '%s'",
                           TS_MAX_THREADS, text);
    opt->threads = (size_t)v;
    return TS_OK;
}

/* --max-output SIZE: bytes, or with K, M, G (powers of 1024). */
static ts_status set_max_output(const char *text, ts_options *opt,
                                ts_diags *d)
{
    size_t len = strlen(text);
    double scale = 1;
    char digits[32];
    if (len > 0 && strchr("KMG", text[len - 1])) {
        scale = text[len - 1] == 'K' ? 1024.0
              : text[len - 1] == 'M' ? 1024.0 * 1024 : 1024.0 * 1024 * 1024;
        len--;
    }
    uint64_t v;
    if (len == 0 || len >= sizeof digits)
        v = 0;
    else {
        memcpy(digits, text, len);
        digits[len] = '\0';
        if (!ts_parse_whole(digits, UINT64_MAX / 2, &v))
            v = 0;
    }
    if (v == 0)
        return ts_diag_add(d, ts_usage_mark, "--max-output must be a size "
                           "in bytes, or with K, M or G (e.g. 4G), got '%s'",
                           text);
    opt->max_output = (double)v * scale;
    return TS_OK;
}

static ts_status apply_option(const opt_spec *spec, const char *value,
                              ts_options *opt, ts_diags *d)
{
    switch (spec->id) {
    case OPT_OUT: opt->out_dir = value; break;
    case OPT_RUNS: opt->runs = value; break;
    case OPT_SEED: opt->seed = value; break;
    case OPT_STEP: opt->step = value; break;
    case OPT_SET:
        if (opt->n_sets == TS_MAX_SETS)
            return ts_diag_add(d, ts_usage_mark, "at most %d --set options",
                               TS_MAX_SETS);
        opt->sets[opt->n_sets++] = value;
        break;
    case OPT_THREADS: return set_threads(value, opt, d);
    case OPT_NO_PLOTS: opt->no_plots = true; break;
    case OPT_FORMAT: opt->format = value; break;
    case OPT_POOL: opt->pool = value; break;
    case OPT_METRIC: opt->metric = value; break;
    case OPT_PARAM: opt->param = value; break;
    case OPT_VALUES: opt->values = value; break;
    case OPT_RANGE: opt->range = value; break;
    case OPT_AT: opt->at = value; break;
    case OPT_STARTS: opt->starts = value; break;
    case OPT_UNTIL: opt->until = value; break;
    case OPT_TARGET_AT: opt->target_at = value; break;
    case OPT_NO_PROCESS_NOISE: opt->no_process_noise = true; break;
    case OPT_QUIET: opt->quiet = true; break;
    case OPT_EXPLAIN: opt->explain = true; break;
    case OPT_REPORT: opt->report = true; break;
    case OPT_POINTS: opt->points = true; break;
    case OPT_OUTCOMES: opt->outcomes = value; break;
    case OPT_HELP: opt->command = TS_CMD_HELP; break;
    case OPT_VERSION: opt->command = TS_CMD_VERSION; break;
    case OPT_AS_OF: opt->as_of = value; break;
    case OPT_MAX_OUTPUT: return set_max_output(value, opt, d);
    }
    return TS_OK;
}

/* Handles argv[*i], an option; may consume the next argument. */
static ts_status parse_option(int argc, char **argv, int *i, ts_options *opt,
                              ts_diags *d)
{
    const char *arg = argv[*i];
    const opt_spec *spec;
    const char *value = NULL;
    if (arg[1] == '-') {
        const char *eq = strchr(arg + 2, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (!(spec = find_long(arg + 2, len)))
            return unknown_option(arg, d);
        if (eq && !spec->takes_value)
            return ts_diag_add(d, ts_usage_mark,
                               "option '--%s' takes no value", spec->name);
        value = eq ? eq + 1 : NULL;
    } else {
        if (!(spec = find_short(arg[1])) || arg[2] != '\0')
            return ts_diag_add(d, ts_usage_mark, "unknown option '%s'", arg);
    }
    if (spec->takes_value && !value) {
        if (*i + 1 >= argc)
            return ts_diag_add(d, ts_usage_mark, "option '--%s' needs a value",
                               spec->name);
        value = argv[++*i];
    }
    return apply_option(spec, value, opt, d);
}

static ts_status positional(const char *arg, ts_options *opt, ts_diags *d)
{
    if (!opt->command_name && !opt->scenario_path)
        for (size_t c = 0; c < N_COMMANDS; c++)
            if (strcmp(arg, commands[c].name) == 0) {
                opt->command_name = commands[c].name;
                opt->command = commands[c].command;
                return TS_OK;
            }
    if (opt->command == TS_CMD_SCORE) {
        if (opt->n_dirs == TS_MAX_SCORE_DIRS)
            return ts_diag_add(d, ts_usage_mark, "score takes at most %d "
                               "forecast directories", TS_MAX_SCORE_DIRS);
        opt->dirs[opt->n_dirs++] = arg;
        opt->scenario_path = opt->dirs[0];
        return TS_OK;
    }
    if (opt->scenario_path && opt->command == TS_CMD_COMPARE) {
        if (opt->n_scenarios == TS_MAX_COMPARE)
            return ts_diag_add(d, ts_usage_mark, "compare takes at most %d "
                               "scenario files", TS_MAX_COMPARE);
        if (!opt->scenario_path_b)
            opt->scenario_path_b = arg;
        opt->scenario_paths[opt->n_scenarios++] = arg;
        return TS_OK;
    }
    if (opt->scenario_path)
        return ts_diag_add(d, ts_usage_mark, "unexpected argument '%s' (one "
                           "scenario file at a time)", arg);
    opt->scenario_path = arg;
    opt->scenario_paths[opt->n_scenarios++] = arg;
    return TS_OK;
}

/* Options that belong to one command, and what that command needs. */
static ts_status check_command_options(const ts_options *opt, ts_diags *d)
{
    const struct {
        const char *value, *name;
        ts_command command;
        const char *command_name, *usage;
    } owned[] = {
        {opt->pool, "pool", TS_CMD_COMPARE, "compare",
         "talentsim compare A.yaml B.yaml --pool ID"},
        {opt->metric, "metric", TS_CMD_TORNADO, "tornado",
         "talentsim tornado S.yaml --metric POOL@YYYY-MM"},
        {opt->param, "param", TS_CMD_SWEEP, "sweep",
         "talentsim sweep S.yaml --param PATH --values a,b,c"},
        {opt->values, "values", TS_CMD_SWEEP, "sweep",
         "talentsim sweep S.yaml --param PATH --values a,b,c"},
        {opt->range, "range", TS_CMD_SWEEP, "sweep",
         "talentsim sweep S.yaml --param PATH --range lo:hi:n"},
        {opt->at, "at", TS_CMD_SWEEP, "sweep",
         "talentsim sweep S.yaml --param PATH --values a,b --at YYYY-MM"},
        {opt->starts, "starts", TS_CMD_FIT, "fit",
         "talentsim fit S.yaml --starts N"},
        {opt->until, "until", TS_CMD_BACKTEST, "backtest",
         "talentsim backtest S.yaml --until YYYY-MM"},
        {opt->target_at, "target-at", TS_CMD_PLAN, "plan",
         "talentsim plan S.yaml --target-at YYYY-MM"},
        {opt->outcomes, "outcomes", TS_CMD_SCORE, "score",
         "talentsim score DIR... --outcomes FILE"},
    };
    if (opt->explain && opt->command != TS_CMD_CHECK)
        return ts_diag_add(d, ts_usage_mark,
                           "--explain is an option of check: "
                           "talentsim check --explain S.yaml");
    if (opt->report && opt->command != TS_CMD_RUN &&
        opt->command != TS_CMD_COMPARE)
        return ts_diag_add(d, ts_usage_mark, "--report is an option of a run "
                           "and of compare (or use talentsim report "
                           "S.yaml)");
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        if (owned[i].value && opt->command != owned[i].command)
            return ts_diag_add(d, ts_usage_mark, "--%s is an option of %s: %s",
                               owned[i].name, owned[i].command_name,
                               owned[i].usage);
    if (opt->command == TS_CMD_TORNADO && !opt->metric)
        return ts_diag_add(d, ts_usage_mark, "tornado needs --metric POOL, "
                           "POOL@YYYY-MM or a prediction's ID: what it "
                           "explains");
    if (opt->points && opt->command != TS_CMD_TORNADO)
        return ts_diag_add(d, ts_usage_mark, "--points is an option of "
                           "tornado: talentsim tornado S.yaml --metric ID "
                           "--points");
    if (opt->command == TS_CMD_SWEEP && !opt->param)
        return ts_diag_add(d, ts_usage_mark, "sweep needs --param PATH: the "
                           "parameter it varies");
    if (opt->command == TS_CMD_BACKTEST && !opt->until)
        return ts_diag_add(d, ts_usage_mark, "backtest needs --until YYYY-MM: "
                           "the last month whose figures it may use");
    if (opt->command == TS_CMD_SCORE && opt->as_of)
        return ts_diag_add(d, ts_usage_mark, "--as-of is for commands that "
                           "read a scenario: score takes each forecast's "
                           "as_of from its run.yaml");
    if (opt->command == TS_CMD_SCORE && !opt->outcomes)
        return ts_diag_add(d, ts_usage_mark, "score needs --outcomes FILE: "
                           "the record of what happened (history.outcomes "
                           "and history.headcounts)");
    if (opt->command == TS_CMD_PLAN && !opt->target_at)
        return ts_diag_add(d, ts_usage_mark, "plan needs --target-at YYYY-MM: "
                           "when the target headcounts are due");
    if (opt->command == TS_CMD_SWEEP && !opt->values == !opt->range)
        return ts_diag_add(d, ts_usage_mark, "sweep needs either --values "
                           "a,b,c or --range lo:hi:n");
    return TS_OK;
}

ts_status ts_cli_parse(int argc, char **argv, ts_options *opt, ts_diags *d)
{
    memset(opt, 0, sizeof *opt);
    opt->command = TS_CMD_RUN;
    bool only_positional = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        ts_status st;
        if (!only_positional && strcmp(arg, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (!only_positional && arg[0] == '-' && arg[1] != '\0')
            st = parse_option(argc, argv, &i, opt, d);
        else
            st = positional(arg, opt, d);
        if (st != TS_OK)
            return st;
    }
    if (opt->command == TS_CMD_HELP || opt->command == TS_CMD_VERSION)
        return TS_OK;
    if (opt->command == TS_CMD_SCORE && opt->n_dirs == 0)
        return ts_diag_add(d, ts_usage_mark, "score needs the output "
                           "directories of earlier forecasts: talentsim "
                           "score DIR... --outcomes FILE");
    if (!opt->scenario_path)
        return ts_diag_add(d, ts_usage_mark, "no scenario file given");
    if (opt->command == TS_CMD_COMPARE && !opt->scenario_path_b)
        return ts_diag_add(d, ts_usage_mark,
                           "compare needs two to %d scenario "
                           "files: talentsim compare A.yaml B.yaml "
                           "[C.yaml ...] [--pool ID]",
                           TS_MAX_COMPARE);
    return check_command_options(opt, d);
}
