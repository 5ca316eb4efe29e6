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
#include "sim/engine/pull.h"
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

static void print_header(FILE *out, const ts_scenario *sc)
{
    char from[16], to[16];
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), to, sizeof to);
    ts_term_printf(out, "%s: %zu pools, %zu %s steps from %s to %s", sc->name,
            sc->n_pools, sc->horizon, ts_step_adjective(sc->step_months),
            from, to);
    if (sc->runs > 0)
        ts_term_printf(out, ", %zu Monte Carlo runs (seed %llu)", sc->runs,
                (unsigned long long)sc->seed);
    fputc('\n', out);
}

static void print_summary(FILE *out, const ts_scenario *sc,
                          const ts_results *r)
{
    char from[16], to[16];
    size_t H = sc->horizon, n = sc->n_pools + 1;
    double years = (double)H * ts_scenario_dt(sc);
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, H), to, sizeof to);
    print_header(out, sc);
    ts_term_printf(out, "\n  %-24s %12s %12s %12s  %s\n", "pool", from, to,
            "net/year", r->stats ? "p05-p95 at end" : "");
    for (size_t j = 0; j < n; j++) {
        double start = r->projection->stock[j];
        double end = r->projection->stock[H * n + j];
        ts_term_printf(out, "  %-24s %12.0f %12.0f %+12.0f",
                       ts_pool_name(sc, j), start, end, (end - start) / years);
        if (r->stats)
            ts_term_printf(out, "  %.0f-%.0f", r->stats->q[0][H * n + j],
                    r->stats->q[TS_N_QUANTILES - 1][H * n + j]);
        fputc('\n', out);
    }
    ts_term_printf(
        out, "\n  (outside counts everyone who left the field since %s)\n",
        from);
}

/* With pull the deterministic column is the mean-field path, not the
 * mean of the runs (SPEC section 5): how far they part at the horizon,
 * pool by pool, in Monte Carlo standard errors. */
static void print_feedback(FILE *out, const ts_scenario *sc,
                           const ts_results *r)
{
    if (!ts_results_pull(sc))
        return;
    size_t n = sc->n_pools + 1, H = sc->horizon;
    char end[16];
    ts_month_format(ts_scenario_step_month(sc, H), end, sizeof end);
    ts_term_printf(out, "\n  feedback (pull): the deterministic column is the "
            "mean-field path, not the mean of the runs\n");
    if (!r->stats) {
        ts_term_printf(out, "  (with runs, the summary compares them)\n");
        return;
    }
    ts_term_printf(out, "  %-24s %12s %12s %12s %8s\n", "pool", "mean-field",
            "MC mean", "difference", "in SE");
    for (size_t j = 0; j < sc->n_pools; j++) {
        size_t cell = H * n + j;
        double det = r->projection->stock[cell], mean = r->stats->mean[cell];
        double se = r->stats->sd[cell] / sqrt((double)sc->runs);
        ts_term_printf(out, "  %-24s %12.0f %12.0f %+12.0f", sc->pools[j].id,
                       det, mean, mean - det);
        if (se > 0)
            ts_term_printf(out, " %+8.1f", (mean - det) / se);
        fputc('\n', out);
    }
    ts_term_printf(out,
                   "  (at %s; within 2-3 standard errors they agree, beyond "
                   "it the pull's nonlinearity parts them)\n",
                   end);
}

/* The projection moves every expected follower; a Monte Carlo run no
 * more than the pool holds (SPEC section 5). Where a team is larger than
 * its pool may get, the two can part: say so. */
static void print_team_caps(FILE *out, const ts_scenario *sc,
                            const ts_results *r)
{
    size_t n = sc->n_pools + 1;
    for (size_t e = 0; e < sc->n_execs; e++) {
        const ts_executive *x = &sc->execs[e];
        if (!x->team.given)
            continue;
        size_t a = x->pool_index;
        double low = r->projection->stock[a], people =
            x->team.size.value * (x->is_group ? x->count.value : 1);
        for (size_t k = 1; k <= sc->horizon; k++)
            if (r->projection->stock[k * n + a] < low)
                low = r->projection->stock[k * n + a];
        if (people > low)
            ts_term_printf(
                out,
                "\n  note: the teams of '%s' (%.0f people in all) "
                "could find '%s' with fewer people (as few as %.0f in "
                "the projection): the projection moves every expected "
                "follower, a Monte Carlo run no more than the pool "
                "holds\n",
                x->name.s, people, sc->pools[a].id, low);
    }
}

/* "0.858" or "0.862 +- 0.008" (two standard errors would be the usual
 * 95% interval; we print one and say so). */
static void print_probability(FILE *out, double p, double se)
{
    if (isnan(p))
        ts_term_printf(out, "  %-17s", "(needs runs)");
    else if (isnan(se))
        ts_term_printf(out, "  %-17.3f", p);
    else
        ts_term_printf(out, "  %.3f \u00b1 %.3f    ", p, se);
}

static void print_predictions(FILE *out, const ts_scenario *sc,
                              const ts_results *r)
{
    if (sc->n_predictions == 0)
        return;
    ts_term_printf(out, "\n  %-24s  %-17s  %-10s  %s\n", "prediction",
            "probability", "method", "claim");
    for (size_t i = 0; i < r->claims->n; i++) {
        const ts_claim *c = &r->claims->items[i];
        bool exact = c->kind == TS_PREDICT_MOVES && ts_results_exact_claims(r);
        if (exact) {
            ts_term_printf(out, "  %-24s", c->id);
            print_probability(out, r->exact->claim_p[i], NAN);
            ts_term_printf(out, "  %-10s  %s\n", "exact", c->text);
        }
        if (!r->mc && exact)
            continue;
        double p = NAN, se = NAN;
        if (r->mc)
            ts_exec_tally_claim(r->mc->exec, r->mc->runs, i, &p, &se);
        ts_term_printf(out, "  %-24s", exact ? "" : c->id);
        print_probability(out, p, se);
        ts_term_printf(out, "  %-10s  %s\n", "montecarlo",
                       exact ? "" : c->text);
    }
    if (r->mc)
        ts_term_printf(out,
                       "  (\u00b1 one Monte Carlo standard error, %zu runs)\n",
                       r->mc->runs);
}

static void print_executives(FILE *out, const ts_scenario *sc,
                             const ts_results *r)
{
    if (sc->n_execs == 0)
        return;
    char end[16];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    ts_term_printf(out, "\n  %-30s %-20s %9s  most likely in %s\n",
                   "executive", "now in", "P(moved)", end);
    for (size_t e = 0; e < sc->n_execs; e++) {
        const ts_executive *x = &sc->execs[e];
        char name[64];
        if (x->is_group)
            snprintf(name, sizeof name, "%s (%.0f)", x->name.s,
                     x->count.value);
        else
            snprintf(name, sizeof name, "%s", x->name.s);
        ts_term_printf(out, "  %-30.30s %-20.20s %9.3f  %s (%.2f)\n", name,
                ts_pool_name(sc, x->pool_index), r->exact->p_moved[e],
                ts_pool_name(sc, r->exact->end_pool[e]),
                r->exact->p_end[e]);
    }
    ts_term_printf(out,
                   "  (P(moved): at least one move by %s; a group's numbers "
                   "are per member)\n",
                   end);
}

/* For each pool, the three uncertain assumptions that move its headcount
 * at the horizon most (t: a tornado of every pool at the horizon). */
static void print_drivers(FILE *out, const ts_scenario *sc,
                          const ts_tornado *t)
{
    if (!t || t->n == 0)
        return;
    char end[16];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    ts_term_printf(out, "\n  what moves each pool at %s most (deterministic, "
                   "an assumption from its p05 to its p95):\n", end);
    for (size_t j = 0; j < sc->n_pools; j++) {
        size_t top[TS_TORNADO_DRIVERS];
        size_t n = ts_tornado_top(t, j, TS_TORNADO_DRIVERS, top);
        ts_term_printf(out, "  %-24s", ts_pool_name(sc, j));
        for (size_t i = 0; i < n; i++) {
            const ts_tornado_row *row = &t->rows[top[i]];
            const char *name = row->name;
            if (strncmp(name, "pools.", 6) == 0)
                name += 6; /* the summary is wide enough as it is */
            ts_term_printf(out, "%s%s %+.0f", i ? ", " : " ", name,
                           row->high[j] - row->low[j]);
        }
        fputc('\n', out);
    }
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
            print_summary(env->out, sc, &r);
            if (sc->n_shocks > 0)
                ts_shock_print_summary(env->out, sc, r.shock_starts);
            print_team_caps(env->out, sc, &r);
            print_feedback(env->out, sc, &r);
            print_drivers(env->out, sc, drivers);
            print_executives(env->out, sc, &r);
            print_predictions(env->out, sc, &r);
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
        print_header(env->out, sc);
    }
    ts_scenario_destroy(sc);
    return st;
}

static void print_steady(FILE *out, const ts_scenario *sc, const ts_steady *s)
{
    print_header(out, sc);
    bool growth = false;
    for (size_t i = 0; i < sc->n_pools; i++)
        growth |= sc->pools[i].inflow_growth.value != 0;
    if (growth)
        ts_term_printf(out,
                       "note: inflow_growth is not zero; the steady state "
                       "holds each pool's inflow at its start rate\n");
    if (!s->exists)
        ts_term_printf(out, "%s\n", s->reason);
    ts_term_printf(out, "\n  %-24s %16s %16s\n", "pool", "steady headcount",
            "mean stay (y)");
    for (size_t i = 0; i < s->K; i++) {
        ts_term_printf(out, "  %-24s ", ts_pool_name(sc, i));
        if (s->exists)
            ts_term_printf(out, "%16.0f ", s->headcount[i]);
        else
            ts_term_printf(out, "%16s ", "-");
        ts_term_printf(out, "%16.2f\n", s->mean_stay[i]);
    }
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

/* Whether `target` can be the steady state, and the inflows it needs. */
static ts_status print_target(FILE *out, const ts_scenario *sc,
                              const ts_values *v, ts_diags *d)
{
    ts_steady_target *t = ts_steady_target_create(sc, v);
    if (!t)
        return no_memory(d, "the target's inflows");
    if (!t->complete) {
        ts_term_printf(out, "\n  (whether `target` can be the steady state "
                       "needs a target for every pool)\n");
        ts_steady_target_destroy(t);
        return TS_OK;
    }
    ts_term_printf(out, "\n  %-24s %16s %16s\n", "pool", "target",
                   "inflow it needs");
    for (size_t j = 0; j < t->K; j++)
        ts_term_printf(out, "  %-24s %16.0f %16.0f%s\n", ts_pool_name(sc, j),
                       t->target[j], t->required[j],
                       ts_steady_target_negative(t, j)
                           ? "  (negative: not attainable)"
                           : "");
    ts_term_printf(out, "  the target %s a steady state with non-negative "
                   "inflows\n", t->attainable ? "is" : "is not");
    ts_steady_target_destroy(t);
    return TS_OK;
}

/* With pull there is no closed form: the mean-field map's stable fixed
 * points, found by iterating it (sim/engine/pull.h), or that none was found.
 */
static ts_status print_pull_fixed(FILE *out, const ts_scenario *sc,
                                  const ts_values *v, ts_diags *d)
{
    ts_timeline *t = ts_timeline_create(sc, v);
    ts_pull_fixed *f = t ? ts_pull_fixed_create(t, v) : NULL;
    ts_timeline_destroy(t);
    if (!f)
        return no_memory(d, "the fixed points");
    ts_term_printf(out,
                   "note: with pull the closed form below does not hold (it "
                   "ignores the pull); the mean-field map, iterated from the "
                   "start and from half and twice it with constant inflow:\n");
    if (f->found == 0)
        ts_term_printf(out, "  no fixed point found%s\n",
                f->runaway ? ": the path grows without bound" : "");
    for (size_t k = 0; k < f->found; k++) {
        ts_term_printf(out, "  stable fixed point %zu:", k + 1);
        for (size_t j = 0; j < sc->n_pools; j++)
            ts_term_printf(out, " %s %.0f", sc->pools[j].id,
                           f->point[k * f->K + j]);
        fputc('\n', out);
    }
    if (f->found > 1)
        ts_term_printf(
            out, "  (more than one: where the path ends depends on where "
                 "it starts, a tipping point lies between them)\n");
    ts_pull_fixed_destroy(f);
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
    if (st == TS_OK && !opt->quiet && ts_results_pull(sc))
        st = print_pull_fixed(env->out, sc, r.values, d);
    if (st == TS_OK && !opt->quiet) {
        print_steady(env->out, sc, r.steady);
        if (sc->n_targets)
            st = print_target(env->out, sc, r.values, d);
        ts_term_printf(env->out, "wrote %s/steady.csv%s\n", dir,
                sc->n_targets ? " target.csv" : "");
    }
    ts_results_free(&r);
    ts_scenario_destroy(sc);
    return st;
}
