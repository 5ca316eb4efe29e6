#include "sim/cli/commands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/out/charts.h"
#include "sim/out/csv_out.h"
#include "sim/out/explain.h"
#include "sim/out/exec_csv.h"
#include "sim/out/outputs.h"
#include "sim/cli/plan_command.h"
#include "sim/cli/prepare.h"
#include "sim/out/report.h"
#include "sim/out/run_summary.h"
#include "sim/mc/results.h"
#include "sim/studies/tornado.h"
#include "sim/out/shock_report.h"
#include "sim/out/terminal.h"
#include "models/limits.h"

static const char *const steady_owned[] = {"steady.csv", "target.csv",
                                           NULL};

/* What the file writers of a run see. */
typedef struct run_ctx {
    const ts_scenario *sc;
    const ts_results *r;
    unsigned charts;
    const char *path;          /* the scenario file, for the report */
    const ts_tornado *drivers; /* the summary's and the report's tornado */
    bool draw;                 /* gnuplot may run */
    const volatile sig_atomic_t *cancel;
} run_ctx;

/* report.html beside the run's files (sim/out/report.h). */
static ts_status finish_report(ts_outdir *o, const void *ctx, ts_diags *d)
{
    const run_ctx *c = ctx;
    ts_report_input in = {c->sc, c->r, c->path, c->drivers, c->charts,
                          c->draw, c->cancel};
    return ts_report_write(o, &in, d);
}

static ts_status no_memory(ts_diags *d, const char *file)
{
    ts_diag_add(d, ts_nowhere, "out of memory while writing %s", file);
    return TS_ERUNTIME;
}

static ts_status write_stocks(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_csv_write_stocks(f, c->sc, c->r->projection, c->r->stats);
    return TS_OK;
}

static ts_status write_flows(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_csv_write_flows(f, c->sc, c->r->timeline, c->r->projection, c->r->mc);
    return TS_OK;
}

static ts_status write_flows_total(FILE *f, const void *ctx, ts_diags *d)
{
    const run_ctx *c = ctx;
    return ts_csv_write_flows_total(f, c->sc, c->r->timeline,
                                    c->r->projection, c->r->mc)
               ? TS_OK
               : no_memory(d, "flows_total.csv");
}

static ts_status write_net_yearly(FILE *f, const void *ctx, ts_diags *d)
{
    const run_ctx *c = ctx;
    return ts_csv_write_net_yearly(f, c->sc, c->r->timeline, c->r->projection)
               ? TS_OK
               : no_memory(d, "net_yearly.csv");
}

static ts_status write_steady(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_csv_write_steady(f, c->sc, c->r->steady);
    return TS_OK;
}

static ts_status write_executives(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_csv_write_executives(f, c->sc, c->r->exact);
    return TS_OK;
}

static ts_status write_exec_paths(FILE *f, const void *ctx, ts_diags *d)
{
    const run_ctx *c = ctx;
    return ts_csv_write_exec_paths(f, c->sc, c->r->exact)
               ? TS_OK
               : no_memory(d, "executives_paths.csv");
}

static ts_status write_destinations(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_csv_write_destinations(f, c->sc, c->r->exact);
    return TS_OK;
}

static ts_status write_predictions(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_csv_write_predictions(f, c->sc, c->r->claims, c->r->exact, c->r->mc,
                             ts_results_exact_claims(c->r));
    return TS_OK;
}

static ts_status write_prediction_curves(FILE *f, const void *ctx,
                                         ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_csv_write_prediction_curves(f, c->sc, c->r->claims, c->r->exact);
    return TS_OK;
}

static ts_status write_shocks(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_shock_write_csv(f, c->sc, c->r->shock_starts);
    return TS_OK;
}

static ts_status write_shock_starts(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const run_ctx *c = ctx;
    ts_shock_write_starts_csv(f, c->sc, c->r->shock_starts);
    return TS_OK;
}

static ts_status write_chart_script(FILE *f, const void *ctx, ts_diags *d)
{
    const run_ctx *c = ctx;
    if (!ts_charts_write_run_script(f, c->sc, c->charts,
                                    ts_results_max_headcount(c->r),
                                    c->r->exact)) {
        ts_diag_add(d, ts_nowhere, "a chart template is missing from this "
                    "build of talentsim");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

/* The images of the selected charts, in chart order. */
static size_t chart_images(unsigned charts, ts_image_format format,
                           char names[][32], const char **images)
{
    size_t n = 0;
    for (int k = 0; k < TS_N_CHART_KINDS; k++)
        if (charts & TS_CHART_BIT(k)) {
            ts_chart_image_name(ts_chart_kind_name((ts_chart_kind)k), format,
                                names[n], sizeof names[n]);
            images[n] = names[n];
            n++;
        }
    return n;
}

static void print_written(FILE *out, const char *dir,
                          const ts_output_plan *plan, bool drawn)
{
    ts_term_printf(out, "wrote %s/:", dir);
    for (size_t i = 0; i < plan->n_files; i++)
        ts_term_printf(out, " %s", plan->files[i].name);
    for (size_t i = 0; drawn && i < plan->n_images; i++)
        ts_term_printf(out, " %s", plan->images[i]);
    if (plan->finish)
        fputs(" report.html", out);
    fputc('\n', out);
}

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

/* The files of a run, in the order written (charts.gp last): the pools'
 * always, the executives', the predictions' and the shocks' when the
 * scenario has them. */
enum run_when { ALWAYS, WITH_EXECS, WITH_CLAIMS, WITH_SHOCKS };
static const struct {
    ts_output_file file;
    enum run_when when;
} run_table[] = {
    {{"stocks.csv", write_stocks}, ALWAYS},
    {{"flows.csv", write_flows}, ALWAYS},
    {{"steady.csv", write_steady}, ALWAYS},
    {{"flows_total.csv", write_flows_total}, ALWAYS},
    {{"net_yearly.csv", write_net_yearly}, ALWAYS},
    {{"executives.csv", write_executives}, WITH_EXECS},
    {{"executives_paths.csv", write_exec_paths}, WITH_EXECS},
    {{"executives_destinations.csv", write_destinations}, WITH_EXECS},
    {{"predictions.csv", write_predictions}, WITH_CLAIMS},
    {{"predictions_curve.csv", write_prediction_curves}, WITH_CLAIMS},
    {{"shocks.csv", write_shocks}, WITH_SHOCKS},
    {{"shocks_start.csv", write_shock_starts}, WITH_SHOCKS},
    {{"charts.gp", write_chart_script}, ALWAYS}};
#define N_RUN_FILES (sizeof run_table / sizeof run_table[0])

static size_t run_files(const ts_scenario *sc, ts_output_file *files)
{
    size_t n = 0;
    for (size_t i = 0; i < N_RUN_FILES; i++) {
        enum run_when w = run_table[i].when;
        if (w == ALWAYS || (w == WITH_EXECS && sc->n_execs) ||
            (w == WITH_CLAIMS && sc->n_predictions) ||
            (w == WITH_SHOCKS && sc->n_shocks))
            files[n++] = run_table[i].file;
    }
    return n;
}

/* Every file a run may write; those it did not write this time are
 * removed, so that no stale output of an earlier run is left beside new
 * results (an image of a chart no longer selected, or in the other
 * format). */
typedef struct run_owned {
    char image[2 * TS_N_CHART_KINDS][32];
    const char *names[N_RUN_FILES + 2 * TS_N_CHART_KINDS + 2];
} run_owned;

static const char *const *run_owned_files(run_owned *o)
{
    size_t n = 0;
    for (size_t i = 0; i < N_RUN_FILES; i++)
        o->names[n++] = run_table[i].file.name;
    o->names[n++] = "report.html";
    for (int k = 0; k < TS_N_CHART_KINDS; k++)
        for (int f = 0; f < 2; f++) {
            char *img = o->image[2 * k + f];
            ts_chart_image_name(ts_chart_kind_name((ts_chart_kind)k),
                                f ? TS_IMAGE_SVG : TS_IMAGE_PNG, img,
                                sizeof o->image[0]);
            o->names[n++] = img;
        }
    o->names[n] = NULL;
    return o->names;
}

ts_mc_setup ts_command_mc_setup(const ts_options *opt, const ts_env *env,
                                const char *label, ts_progress *bar)
{
    bool drawn = env->err_is_terminal && !opt->quiet;
    ts_progress_init(bar, env->err, drawn, label);
    return (ts_mc_setup){.threads = ts_thread_count(opt),
                         .cancel = env->cancel,
                         .progress = drawn ? ts_progress_update : NULL,
                         .progress_ctx = bar,
                         .no_process_noise = opt->no_process_noise,
                         .ranks = env->ranks};
}

ts_status ts_command_run(const ts_options *opt, const ts_env *env,
                         ts_diags *d)
{
    ts_output_file files[N_RUN_FILES];
    run_owned owned;
    ts_scenario *sc;
    ts_results r = {0};
    char dir[TS_PATH_MAX], names[TS_N_CHART_KINDS][32];
    ts_status st = ts_prepare_scenario(opt->scenario_path, opt, &sc, d);
    if (st != TS_OK)
        return st;
    ts_output_dir(opt, sc, opt->scenario_path, dir, sizeof dir);
    bool report = opt->report || opt->command == TS_CMD_REPORT;
    run_ctx ctx = {sc, &r, ts_charts_for_run(sc), opt->scenario_path,
                   NULL, !opt->no_plots, env->cancel};
    ts_output_plan plan = {.dir = dir, .files = files,
                           .n_files = run_files(sc, files),
                           .render = !opt->no_plots,
                           .owned = run_owned_files(&owned),
                           .finish = report ? finish_report : NULL};
    plan.n_images = chart_images(ctx.charts, sc->format, names, plan.images);
    ts_progress bar;
    ts_mc_setup setup = ts_command_mc_setup(opt, env, "simulating", &bar);
    ts_output_env oenv = {env->err, opt->quiet, env->cancel, env->hold,
                          env->ranks && env->ranks->rank > 0};
    ts_output_outcome done;
    st = ts_results_deterministic(sc, &r, d);
    if (st == TS_OK)
        st = ts_results_monte_carlo(sc, &setup, &r, d);
    ts_progress_finish(&bar);
    ts_tornado *drivers = NULL; /* the summary's and the report's */
    if (st == TS_OK && !oenv.skip && (report || !opt->quiet))
        ctx.drivers = drivers = ts_tornado_create(sc, &r, sc->horizon, d);
    if (st == TS_OK) {
        note_charts_left_out(env->err, sc, ctx.charts, opt->quiet);
        st = ts_write_outputs(&plan, &ctx, &oenv, &done, d);
        if (done.committed && !opt->quiet) {
            ts_run_summary_print(env->out, sc, &r, drivers);
            print_written(env->out, dir, &plan, done.drawn);
        }
    }
    if (st == TS_ECANCEL)
        ts_outputs_interrupted(dir, d);
    ts_tornado_destroy(drivers);
    ts_results_free(&r);
    ts_scenario_destroy(sc);
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
    if (ts_results_pull(sc)) {
        ts_results r = {0};
        st = ts_results_deterministic(sc, &r, d);
        ts_results_free(&r);
    }
    if (st == TS_OK && opt->explain)
        st = ts_explain_scenario(opt->scenario_path, env->out, d);
    else if (st == TS_OK && !opt->quiet) {
        ts_term_printf(env->out, "%s: ok\n", opt->scenario_path);
        ts_run_summary_header(env->out, sc);
    }
    ts_scenario_destroy(sc);
    return st;
}

/* target.csv: can `target` be the steady state? */
static ts_status write_target(FILE *f, const void *ctx, ts_diags *d)
{
    const run_ctx *c = ctx;
    ts_steady_target *t = ts_steady_target_create(c->sc, c->r->values);
    if (!t)
        return no_memory(d, "target.csv");
    ts_csv_write_steady_target(f, c->sc, t);
    ts_steady_target_destroy(t);
    return TS_OK;
}

ts_status ts_command_steady(const ts_options *opt, const ts_env *env,
                            ts_diags *d)
{
    static const ts_output_file files[] = {{"steady.csv", write_steady},
                                           {"target.csv", write_target}};
    ts_scenario *sc;
    ts_results r = {0};
    char dir[TS_PATH_MAX];
    ts_status st = ts_prepare_scenario(opt->scenario_path, opt, &sc, d);
    if (st != TS_OK)
        return st;
    ts_output_dir(opt, sc, opt->scenario_path, dir, sizeof dir);
    run_ctx ctx = {sc, &r, 0, opt->scenario_path, NULL, false, env->cancel};
    ts_output_plan plan = {.dir = dir, .files = files,
                           .n_files = sc->n_targets ? 2 : 1,
                           .owned = steady_owned};
    ts_output_env oenv = {env->err, opt->quiet, env->cancel, env->hold,
                          env->ranks && env->ranks->rank > 0};
    ts_output_outcome done;
    if ((r.values = ts_values_create(sc->n_pools))) {
        ts_values_from_scenario(sc, r.values);
        r.steady = ts_steady_create(sc, r.values);
    }
    if (!r.steady)
        st = no_memory(d, "steady.csv");
    if (st == TS_OK)
        st = ts_write_outputs(&plan, &ctx, &oenv, &done, d);
    if (st == TS_OK && !opt->quiet)
        st = ts_steady_summary_print(env->out, sc, &r, d);
    if (st == TS_OK && !opt->quiet)
        ts_term_printf(env->out, "wrote %s/steady.csv%s\n", dir,
                sc->n_targets ? " target.csv" : "");
    ts_results_free(&r);
    ts_scenario_destroy(sc);
    return st;
}
