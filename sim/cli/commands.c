#include "sim/cli/commands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/output/charts.h"
#include "sim/output/explain.h"
#include "sim/output/outputs.h"
#include "sim/cli/prepare.h"
#include "sim/output/run_files.h"
#include "sim/output/run_summary.h"
#include "sim/studies/tornado.h"
#include "sim/output/terminal.h"
#include "models/base/limits.h"


/* A chart asked for by name is left out when it does not apply. */
static void note_charts_left_out(FILE *err, const ts_scenario *sc,
                                 unsigned charts, bool quiet)
{
    static const struct {
        ts_chart_kind kind;
        const char *why;
    } needs[] = {
        {TS_CHART_FAN, "it needs Monte Carlo runs and runs is 0"},
        {TS_CHART_EXECUTIVES, "the scenario has no executives"}};
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++) {
        unsigned bit = TS_CHART_BIT(needs[i].kind);
        if (!quiet && sc->charts_given && (sc->charts & bit) &&
            !(charts & bit))
            ts_term_printf(err, "note: no %s chart: %s\n",
                    ts_chart_kind_name(needs[i].kind), needs[i].why);
    }
}

talentsim_options ts_command_mc_setup(const ts_options *opt,
                                      const ts_env *env, const char *label,
                                      ts_progress *bar)
{
    bool drawn = env->err_is_terminal && !opt->quiet;
    ts_progress_init(bar, env->err, drawn, label);
    return (talentsim_options){.threads = ts_thread_count(opt),
                               .cancel = env->cancel,
                               .progress = drawn ? ts_progress_update : NULL,
                               .progress_user = bar,
                               .no_process_noise = opt->no_process_noise,
                               .rank = env->rank,
                               .ranks = env->ranks};
}

ts_output_env ts_command_output_env(const ts_options *opt,
                                    const ts_env *env)
{
    return (ts_output_env){env->err, opt->quiet, env->cancel, env->hold,
                           env->rank > 0, opt->max_output};
}

ts_run_record ts_command_record(const ts_options *opt, const ts_env *env,
                                const ts_scenario *const *scs, size_t n)
{
    return (ts_run_record){env->argc, env->argv, scs, n,
                           ts_thread_count(opt)};
}

/* The scenario's projection and its runs: *run is NULL unless TS_OK. */
ts_status ts_command_compute(const ts_options *opt, const ts_env *env,
                             const ts_scenario *sc, const char *label,
                             talentsim_run **run, ts_diags *d)
{
    ts_progress bar;
    talentsim_options setup = ts_command_mc_setup(opt, env, label, &bar);
    ts_status st = ts_from_api(talentsim_project(sc, run, d));
    if (st == TS_OK)
        st = ts_from_api(talentsim_simulate(*run, &setup, d));
    ts_progress_finish(&bar);
    if (st != TS_OK) {
        talentsim_run_destroy(*run);
        *run = NULL;
    }
    return st;
}

/* The command's scenario with its overrides, validated, and where its
 * outputs go. */
static ts_status open_scenario(const ts_options *opt, ts_scenario **sc,
                               char *dir, size_t size, ts_diags *d)
{
    ts_status st = ts_prepare_scenario(opt->scenario_path, opt, sc, d);
    if (st == TS_OK &&
        (st = ts_output_dir(opt, *sc, opt->scenario_path, dir, size, d)) !=
            TS_OK) {
        talentsim_scenario_destroy(*sc);
        *sc = NULL;
    }
    return st;
}

ts_status ts_command_run(const ts_options *opt, const ts_env *env,
                         ts_diags *d)
{
    ts_scenario *sc;
    talentsim_run *r = NULL;
    char dir[TS_PATH_MAX];
    ts_status st = open_scenario(opt, &sc, dir, sizeof dir, d);
    if (st != TS_OK)
        return st;
    bool report = opt->report || opt->command == TS_CMD_REPORT;
    st = ts_command_compute(opt, env, sc, "simulating", &r, d);
    ts_run_files ctx = {.sc = sc, .r = r, .charts = ts_charts_for_run(sc),
                        .path = opt->scenario_path, .draw = !opt->no_plots,
                        .cancel = env->cancel};
    ts_output_plan plan;
    ts_run_files_plan(&ctx, dir, !opt->no_plots, report, &plan);
    const ts_scenario *scs[1] = {sc};
    ts_run_record record = ts_command_record(opt, env, scs, 1);
    plan.record = &record;
    ts_output_env oenv = ts_command_output_env(opt, env);
    ts_output_outcome done;
    ts_tornado *drivers = NULL; /* the summary's and the report's */
    if (st == TS_OK && !oenv.skip && (report || !opt->quiet))
        ctx.drivers = drivers = ts_tornado_create(sc, r, sc->horizon, d);
    if (st == TS_OK) {
        note_charts_left_out(env->err, sc, ctx.charts, opt->quiet);
        st = ts_write_outputs(&plan, &ctx, &oenv, &done, d);
        if (done.committed && !opt->quiet) {
            ts_run_summary_print(env->out, sc, r, drivers);
            ts_outputs_print_written(env->out, &plan, &done);
        }
    }
    if (st == TS_ECANCEL)
        ts_outputs_interrupted(dir, d);
    ts_tornado_destroy(drivers);
    talentsim_run_destroy(r);
    talentsim_scenario_destroy(sc);
    return st;
}

ts_status ts_command_check(const ts_options *opt, const ts_env *env,
                           ts_diags *d)
{
    ts_scenario *sc;
    ts_status st = ts_prepare_scenario(opt->scenario_path, opt, &sc, d);
    if (st != TS_OK)
        return st;
    /* a pull's runaway shows only on its mean-field path: compute it */
    if (ts_scenario_pulls(sc)) {
        talentsim_run *r = NULL;
        st = ts_from_api(talentsim_project(sc, &r, d));
        talentsim_run_destroy(r);
    }
    if (st == TS_OK && opt->explain)
        st = ts_explain_scenario(opt->scenario_path, env->out, d);
    else if (st == TS_OK && !opt->quiet) {
        ts_term_printf(env->out, "%s: ok\n", opt->scenario_path);
        ts_run_summary_header(env->out, sc);
    }
    talentsim_scenario_destroy(sc);
    return st;
}

ts_status ts_command_steady(const ts_options *opt, const ts_env *env,
                            ts_diags *d)
{
    ts_scenario *sc;
    talentsim_run *r = NULL;
    char dir[TS_PATH_MAX];
    ts_status st = open_scenario(opt, &sc, dir, sizeof dir, d);
    if (st == TS_OK)
        st = ts_from_api(talentsim_steady(sc, &r, d));
    if (st != TS_OK) {
        talentsim_scenario_destroy(sc);
        return st;
    }
    ts_run_files ctx = {.sc = sc, .r = r, .path = opt->scenario_path,
                        .cancel = env->cancel};
    ts_output_plan plan;
    ts_steady_files_plan(&ctx, dir, &plan);
    const ts_scenario *scs[1] = {sc};
    ts_run_record record = ts_command_record(opt, env, scs, 1);
    plan.record = &record;
    ts_output_env oenv = ts_command_output_env(opt, env);
    ts_output_outcome done;
    st = ts_write_outputs(&plan, &ctx, &oenv, &done, d);
    if (st == TS_OK && !opt->quiet)
        st = ts_steady_summary_print(env->out, sc, r, d);
    if (st == TS_OK && !opt->quiet)
        ts_outputs_print_written(env->out, &plan, &done);
    talentsim_run_destroy(r);
    talentsim_scenario_destroy(sc);
    return st;
}
