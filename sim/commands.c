#include "sim/commands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/loader.h"
#include "models/param_path.h"
#include "models/validate.h"
#include "sim/csv_out.h"
#include "sim/mc_stats.h"
#include "sim/montecarlo.h"
#include "sim/outdir.h"
#include "sim/progress.h"
#include "sim/project.h"
#include "sim/steady.h"
#include "sim/timeline.h"

/* Files the main run writes; stale ones from an earlier run are removed. */
static const char *const run_outputs[] = {"stocks.csv", "flows.csv",
                                          "steady.csv", NULL};
static const char *const steady_outputs[] = {"steady.csv", NULL};

static const ts_mark nowhere = {NULL, 0, 0};

/* Applies --step, --runs, --seed and then each --set, in that order. */
static ts_status apply_overrides(ts_scenario *sc, const ts_options *opt,
                                 ts_diags *d)
{
    const struct {
        const char *option, *path, *value;
    } shortcuts[] = {{"--step", "scenario.step", opt->step},
                     {"--runs", "scenario.runs", opt->runs},
                     {"--seed", "scenario.seed", opt->seed}};
    ts_status st = TS_OK;
    for (size_t i = 0; st == TS_OK && i < sizeof shortcuts / sizeof shortcuts[0];
         i++) {
        if (!shortcuts[i].value)
            continue;
        char label[128];
        snprintf(label, sizeof label, "%s %s", shortcuts[i].option,
                 shortcuts[i].value);
        st = ts_param_path_apply(sc, shortcuts[i].path, shortcuts[i].value,
                                 label, d);
    }
    for (size_t i = 0; st == TS_OK && i < opt->n_sets; i++)
        st = ts_param_set_assignment(sc, opt->sets[i], d);
    return st;
}

static ts_status load_checked(const ts_options *opt, ts_scenario **out,
                              ts_diags *d)
{
    ts_scenario *sc = NULL;
    ts_status st = ts_scenario_load(opt->scenario_path, &sc, d);
    if (st == TS_OK)
        st = apply_overrides(sc, opt, d);
    if (st == TS_OK)
        st = ts_scenario_validate(sc, d);
    if (st != TS_OK) {
        ts_scenario_destroy(sc);
        sc = NULL;
    }
    *out = sc;
    return st;
}

/* -o, else outputs.dir, else out/<scenario file stem>. */
static void output_dir(const ts_options *opt, const ts_scenario *sc,
                       char *buf, size_t size)
{
    if (opt->out_dir) {
        snprintf(buf, size, "%s", opt->out_dir);
        return;
    }
    if (sc->out_dir) {
        snprintf(buf, size, "%s", sc->out_dir);
        return;
    }
    const char *base = strrchr(opt->scenario_path, '/');
    base = base ? base + 1 : opt->scenario_path;
    const char *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(buf, size, "out/%.*s", len, base);
}

static size_t default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

/* The computed results of one run, released together. */
typedef struct run_results {
    ts_values *values;
    ts_timeline *timeline;
    ts_projection *projection;
    ts_steady *steady;
    ts_mc_result *mc;
    ts_mc_stats *stats;
} run_results;

static void run_results_free(run_results *r)
{
    ts_mc_stats_destroy(r->stats);
    ts_mc_result_destroy(r->mc);
    ts_steady_destroy(r->steady);
    ts_projection_destroy(r->projection);
    ts_timeline_destroy(r->timeline);
    ts_values_destroy(r->values);
}

static ts_status out_of_memory(ts_diags *d, const char *what)
{
    ts_diag_add(d, nowhere, "out of memory or numerical failure while "
                "computing %s", what);
    return TS_ERUNTIME;
}

static ts_status compute_deterministic(const ts_scenario *sc, run_results *r,
                                       ts_diags *d)
{
    if (!(r->values = ts_values_create(sc->n_pools)))
        return out_of_memory(d, "parameters");
    ts_values_from_scenario(sc, r->values);
    if (!(r->timeline = ts_timeline_create(sc, r->values)))
        return out_of_memory(d, "the step matrices");
    if (!(r->projection = ts_projection_create(r->timeline, r->values)))
        return out_of_memory(d, "the projection");
    if (!(r->steady = ts_steady_create(sc, r->values)))
        return out_of_memory(d, "the steady state");
    return TS_OK;
}

static ts_status compute_monte_carlo(const ts_scenario *sc,
                                     const ts_options *opt,
                                     const ts_env *env, run_results *r,
                                     ts_diags *d)
{
    if (sc->runs == 0)
        return TS_OK;
    ts_progress bar;
    ts_progress_init(&bar, env->err, env->err_is_terminal && !opt->quiet,
                     "simulating");
    ts_mc_config cfg = {
        .seed = sc->seed, .runs = sc->runs,
        .threads = opt->threads ? opt->threads : default_threads(),
        .cancel = env->cancel, .progress = ts_progress_update,
        .progress_ctx = &bar};
    ts_status st = ts_mc_run(r->timeline, r->values, &cfg, &r->mc, d);
    ts_progress_finish(&bar);
    if (st == TS_ECANCEL)
        return st;
    if (st != TS_OK)
        return st;
    if (!(r->stats = ts_mc_stats_create(r->mc)))
        return out_of_memory(d, "Monte Carlo summaries");
    return TS_OK;
}

typedef void (*csv_writer)(FILE *f, const ts_scenario *sc,
                           const run_results *r);

static void write_stocks(FILE *f, const ts_scenario *sc, const run_results *r)
{
    ts_csv_write_stocks(f, sc, r->projection, r->stats);
}

static void write_flows(FILE *f, const ts_scenario *sc, const run_results *r)
{
    ts_csv_write_flows(f, sc, r->timeline, r->projection, r->mc);
}

static void write_steady(FILE *f, const ts_scenario *sc, const run_results *r)
{
    ts_csv_write_steady(f, sc, r->steady);
}

static ts_status write_file(ts_outdir *o, const char *name, csv_writer w,
                            const ts_scenario *sc, const run_results *r,
                            ts_diags *d)
{
    FILE *f = ts_outdir_open(o, name, d);
    if (!f)
        return TS_ERUNTIME;
    w(f, sc, r);
    return ts_outdir_close(o, f, name, d);
}

typedef struct output_file {
    const char *name;
    csv_writer write;
} output_file;

static ts_status write_outputs(const char *dir, const output_file *files,
                               size_t n, const char *const *owned,
                               const ts_scenario *sc, const run_results *r,
                               ts_diags *d)
{
    ts_outdir *o;
    ts_status st = ts_outdir_begin(dir, &o, d);
    for (size_t i = 0; st == TS_OK && i < n; i++)
        st = write_file(o, files[i].name, files[i].write, sc, r, d);
    if (st != TS_OK) {
        ts_outdir_abort(o);
        return st;
    }
    return ts_outdir_commit(o, owned, d);
}

static void print_header(FILE *out, const ts_scenario *sc)
{
    char from[16], to[16];
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), to, sizeof to);
    fprintf(out, "%s: %zu pools, %zu %s steps from %s to %s", sc->name,
            sc->n_pools, sc->horizon, ts_step_adjective(sc->step_months),
            from, to);
    if (sc->runs > 0)
        fprintf(out, ", %zu Monte Carlo runs (seed %llu)", sc->runs,
                (unsigned long long)sc->seed);
    fputc('\n', out);
}

static void print_summary(FILE *out, const ts_scenario *sc,
                          const run_results *r, const char *dir)
{
    char from[16], to[16];
    size_t H = sc->horizon, n = sc->n_pools + 1;
    double years = (double)H * ts_scenario_dt(sc);
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, H), to, sizeof to);
    print_header(out, sc);
    fprintf(out, "\n  %-24s %12s %12s %12s  %s\n", "pool", from, to,
            "net/year", r->stats ? "p05-p95 at end" : "");
    for (size_t j = 0; j < n; j++) {
        double start = r->projection->stock[j];
        double end = r->projection->stock[H * n + j];
        fprintf(out, "  %-24s %12.0f %12.0f %+12.0f", ts_pool_name(sc, j),
                start, end, (end - start) / years);
        if (r->stats)
            fprintf(out, "  %.0f-%.0f", r->stats->q[0][H * n + j],
                    r->stats->q[TS_N_QUANTILES - 1][H * n + j]);
        fputc('\n', out);
    }
    fprintf(out, "\n  (outside counts everyone who left the field since %s)\n",
            from);
    fprintf(out, "wrote %s/: stocks.csv flows.csv steady.csv\n", dir);
}

ts_status ts_command_run(const ts_options *opt, const ts_env *env,
                         ts_diags *d)
{
    static const output_file files[] = {{"stocks.csv", write_stocks},
                                        {"flows.csv", write_flows},
                                        {"steady.csv", write_steady}};
    ts_scenario *sc;
    run_results r = {0};
    char dir[4096];
    ts_status st = load_checked(opt, &sc, d);
    if (st != TS_OK)
        return st;
    output_dir(opt, sc, dir, sizeof dir);
    st = compute_deterministic(sc, &r, d);
    if (st == TS_OK)
        st = compute_monte_carlo(sc, opt, env, &r, d);
    if (st == TS_OK)
        st = write_outputs(dir, files, sizeof files / sizeof files[0],
                           run_outputs, sc, &r, d);
    if (st == TS_OK && !opt->quiet)
        print_summary(env->out, sc, &r, dir);
    if (st == TS_ECANCEL)
        ts_diag_add(d, nowhere, "interrupted; the previous results in %s/ "
                    "are untouched", dir);
    run_results_free(&r);
    ts_scenario_destroy(sc);
    return st;
}

ts_status ts_command_check(const ts_options *opt, const ts_env *env,
                           ts_diags *d)
{
    ts_scenario *sc;
    ts_status st = load_checked(opt, &sc, d);
    if (st != TS_OK)
        return st;
    if (!opt->quiet) {
        fprintf(env->out, "%s: ok\n", opt->scenario_path);
        print_header(env->out, sc);
    }
    ts_scenario_destroy(sc);
    return TS_OK;
}

static void print_steady(FILE *out, const ts_scenario *sc, const ts_steady *s)
{
    print_header(out, sc);
    bool growth = false;
    for (size_t i = 0; i < sc->n_pools; i++)
        growth |= sc->pools[i].inflow_growth.value != 0;
    if (growth)
        fprintf(out, "note: inflow_growth is not zero; the steady state "
                "holds each pool's inflow at its start rate\n");
    if (!s->exists)
        fprintf(out, "%s\n", s->reason);
    fprintf(out, "\n  %-24s %16s %16s\n", "pool", "steady headcount",
            "mean stay (y)");
    for (size_t i = 0; i < s->K; i++) {
        fprintf(out, "  %-24s ", ts_pool_name(sc, i));
        if (s->exists)
            fprintf(out, "%16.0f ", s->headcount[i]);
        else
            fprintf(out, "%16s ", "-");
        fprintf(out, "%16.2f\n", s->mean_stay[i]);
    }
}

ts_status ts_command_steady(const ts_options *opt, const ts_env *env,
                            ts_diags *d)
{
    static const output_file files[] = {{"steady.csv", write_steady}};
    ts_scenario *sc;
    run_results r = {0};
    char dir[4096];
    ts_status st = load_checked(opt, &sc, d);
    if (st != TS_OK)
        return st;
    output_dir(opt, sc, dir, sizeof dir);
    r.values = ts_values_create(sc->n_pools);
    if (r.values) {
        ts_values_from_scenario(sc, r.values);
        r.steady = ts_steady_create(sc, r.values);
    }
    if (!r.steady)
        st = out_of_memory(d, "the steady state");
    if (st == TS_OK)
        st = write_outputs(dir, files, 1, steady_outputs, sc, &r, d);
    if (st == TS_OK && !opt->quiet) {
        print_steady(env->out, sc, r.steady);
        fprintf(env->out, "wrote %s/steady.csv\n", dir);
    }
    run_results_free(&r);
    ts_scenario_destroy(sc);
    return st;
}
