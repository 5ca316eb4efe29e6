#include "sim/cli/fit_commands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/yaml/yaml_value.h"
#include "sim/studies/fit.h"
#include "sim/studies/fit_record.h"
#include "sim/output/charts.h"
#include "sim/output/csv_text.h"
#include "sim/output/outputs.h"
#include "sim/cli/fitted_yaml.h"
#include "sim/cli/prepare.h"
#include "sim/cli/study_commands.h"
#include "sim/output/terminal.h"

#define MAX_STARTS 1000

typedef struct fit_ctx {
    const ts_scenario *sc;
    const char *path;            /* the scenario file */
    const ts_fit_result *f;
    const struct move_rows *moves;  /* fit_moves.csv's rows (a fit of
                                       executives' rates) */
    ts_fitted fitted;               /* fitted.yaml and its base */
} fit_ctx;

/* fit_moves.csv's rows, made once for the CSV file and the chart. */
typedef struct move_row {
    size_t e, i, j;
    double recorded, expected;
} move_row;

typedef struct move_rows {
    move_row *items;
    size_t n, cap;
    bool failed;
} move_rows;

static void keep_move_row(void *ctx, size_t e, size_t i, size_t j,
                          double recorded, double expected)
{
    move_rows *m = ctx;
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        move_row *v = realloc(m->items, cap * sizeof *v);
        if (!v) {
            m->failed = true;
            return;
        }
        m->items = v;
        m->cap = cap;
    }
    m->items[m->n++] = (move_row){e, i, j, recorded, expected};
}

static ts_status write_fit_moves(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const fit_ctx *c = ctx;
    fputs("who,from,to,recorded,expected\n", f);
    for (size_t k = 0; k < c->moves->n; k++) {
        const move_row *m = &c->moves->items[k];
        ts_csv_text(f, c->sc->execs[m->e].name.s);
        fputc(',', f);
        ts_csv_text(f, ts_pool_name(c->sc, m->i));
        fputc(',', f);
        ts_csv_text(f, ts_pool_name(c->sc, m->j));
        ts_csv_cell(f, m->recorded);
        ts_csv_cell(f, m->expected);
        fputc('\n', f);
    }
    return TS_OK;
}

/* The chart's numbers: moves summed over executives per pair of pools. */
#define FIT_CHART_PAIRS 30
typedef struct pair_sums {
    size_t n;                 /* K + 1 */
    double *recorded, *expected;   /* n x n */
} pair_sums;


typedef struct pair_list {
    const ts_scenario *sc;
    const pair_sums *sums;
    size_t *cell;             /* the pairs shown, largest first */
    size_t n;
} pair_list;

static const char *pair_label(const void *ctx, size_t k, char *buf,
                              size_t size)
{
    const pair_list *l = ctx;
    size_t n = l->sums->n, c = l->cell[k];
    snprintf(buf, size, "%s \u2192 %s", ts_pool_name(l->sc, c / n),
             ts_pool_name(l->sc, c % n));
    return buf;
}

/* A pair of pools and its moves, recorded and expected, for sorting. */
typedef struct sized {
    size_t cell;
    double size;
} sized;

static int by_size(const void *a, const void *b)
{
    const sized *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return (x->cell > y->cell) - (x->cell < y->cell);
}

/* The record chart's arrays: the FIT_CHART_PAIRS pairs of pools with the
 * most moves, recorded and expected under the fitted rates. */
static bool write_pair_vars(FILE *f, const fit_ctx *c)
{
    size_t n = c->sc->n_pools + 1;
    pair_sums p = {n, calloc(n * n, sizeof(double)),
                   calloc(n * n, sizeof(double))};
    pair_list l = {c->sc, &p, calloc(n * n, sizeof(size_t)), 0};
    sized *order = calloc(n * n, sizeof *order);
    bool ok = p.recorded && p.expected && l.cell && order;
    for (size_t k = 0; ok && k < c->moves->n; k++) {
        const move_row *m = &c->moves->items[k];
        p.recorded[m->i * n + m->j] += m->recorded;
        p.expected[m->i * n + m->j] += m->expected;
    }
    for (size_t k = 0; ok && k < n * n; k++)
        if (p.recorded[k] > 0 || p.expected[k] > 0)
            order[l.n++] = (sized){k, p.recorded[k] + p.expected[k]};
    if (ok) {
        qsort(order, l.n, sizeof *order, by_size);
        for (size_t k = 0; k < l.n; k++)
            l.cell[k] = order[k].cell;
        if (l.n > FIT_CHART_PAIRS)
            l.n = FIT_CHART_PAIRS;
        fprintf(f, "n_pairs = %zu\n", l.n);
        ts_gp_array(f, "pair_label", l.n, pair_label, &l);
        fprintf(f, "array pair_recorded[%zu]\narray pair_expected[%zu]\n",
                l.n ? l.n : 1, l.n ? l.n : 1);
        for (size_t k = 0; k < l.n; k++)
            fprintf(f, "pair_recorded[%zu] = %.10g\npair_expected[%zu] = "
                    "%.10g\n", k + 1, p.recorded[l.cell[k]], k + 1,
                    p.expected[l.cell[k]]);
    }
    free(p.recorded);
    free(p.expected);
    free(l.cell);
    free(order);
    return ok;
}

static ts_status write_fit_csv(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const fit_ctx *c = ctx;
    fputs("parameter,estimate,stderr,lo,hi\n", f);
    for (size_t j = 0; j < c->f->n_params; j++) {
        const ts_fit_param *p = &c->sc->fit[j];
        double v[4] = {c->f->estimate[j], c->f->stderr_p[j],
                       p->bounds[0].value, p->bounds[1].value};
        ts_csv_text(f, p->path);
        ts_csv_cells(f, v, 4);
        fputc('\n', f);
    }
    return TS_OK;
}

static ts_status write_residuals(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const fit_ctx *c = ctx;
    fputs("observation,observed,fitted,residual,weight\n", f);
    for (size_t i = 0; i < c->sc->n_observed; i++) {
        const ts_observation *o = &c->sc->observed[i];
        char label[256];
        ts_observation_label(c->sc, o, label, sizeof label);
        double v[4] = {o->value, c->f->fitted[i], o->value - c->f->fitted[i],
                       1 / (o->sd * o->sd)};
        ts_csv_text(f, label);
        ts_csv_cells(f, v, 4);
        fputc('\n', f);
    }
    return TS_OK;
}

static ts_status write_fitted_yaml(FILE *out, const void *ctx, ts_diags *d)
{
    return ts_fitted_write(out, &((const fit_ctx *)ctx)->fitted, d);
}

static ts_status write_fitted_base(FILE *out, const void *ctx, ts_diags *d)
{
    return ts_fitted_write_base(out, &((const fit_ctx *)ctx)->fitted, d);
}

static const char *observation_label(const void *ctx, size_t i, char *buf,
                                     size_t size)
{
    const fit_ctx *c = ctx;
    ts_observation_label(c->sc, &c->sc->observed[i], buf, size);
    return buf;
}

static ts_status write_fit_script(FILE *f, const void *ctx, ts_diags *d)
{
    const fit_ctx *c = ctx;
    double max = 0;
    for (size_t i = 0; i < c->sc->n_observed; i++)
        max = fmax(max, fmax(c->sc->observed[i].value, c->f->fitted[i]));
    ts_chart_frame frame = {ts_scenario_title(c->sc), c->sc->start,
                            ts_scenario_step_month(c->sc, c->sc->horizon),
                            max, c->sc->format};
    ts_charts_write_head(f, &frame);
    fputs("\n# ---- the fit ----\n", f);
    fprintf(f, "n_obs = %zu\n", c->sc->n_observed);
    ts_gp_array(f, "obs_label", c->sc->n_observed, observation_label, c);
    if (c->f->by_record && !write_pair_vars(f, c)) {
        ts_diag_runtime(d, "out of memory writing charts.gp");
        return TS_ERUNTIME;
    }
    bool ok = (c->sc->n_observed == 0 ||
               ts_charts_write_chart(f, "fit", "fit_residuals.csv",
                                     "observed against fitted")) &&
              (!c->f->by_record ||
               ts_charts_write_chart(f, "fit_moves", "fit_moves.csv",
                                     "recorded against expected moves per "
                                     "pair of pools"));
    if (!ok) {
        ts_diag_add(d, ts_usage_mark, "a fit template is missing");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

/* The label column, as wide as the longest observation label or fitted
 * path (at least 44): nothing is cut. */
static int label_width(const ts_scenario *sc)
{
    size_t w = 44;
    char label[256];
    for (size_t i = 0; i < sc->n_observed; i++) {
        ts_observation_label(sc, &sc->observed[i], label, sizeof label);
        w = strlen(label) > w ? strlen(label) : w;
    }
    for (size_t j = 0; j < sc->n_fit; j++)
        w = strlen(sc->fit[j].path) > w ? strlen(sc->fit[j].path) : w;
    return (int)w;
}

/* The first line of a fit by likelihood: what it was fitted to. */
static void print_record_head(FILE *out, const fit_ctx *c)
{
    const ts_fit_result *f = c->f;
    ts_term_printf(out, "%s: %zu parameter%s fitted by maximum likelihood "
                   "to the record (%zu executive%s followed by moves, %zu "
                   "sighted)", ts_scenario_title(c->sc), f->n_params,
                   f->n_params == 1 ? "" : "s", f->followed,
                   f->followed == 1 ? "" : "s", f->sighted);
    if (f->n_obs > 0)
        ts_term_printf(out, " and %zu observation%s", f->n_obs,
                       f->n_obs == 1 ? "" : "s");
    ts_term_printf(out, " (%zu start%s, %zu iteration%s), log-likelihood "
                   "%.6g", f->starts, f->starts == 1 ? "" : "s",
                   f->iterations, f->iterations == 1 ? "" : "s", f->log_lik);
    if (f->n_obs > 0)
        ts_term_printf(out, ", chi-square %.4g", f->chi2);
    ts_term_printf(out, "\n\n");
}

static void print_fit(FILE *out, const void *ctx)
{
    const fit_ctx *c = ctx;
    const ts_fit_result *f = c->f;
    if (f->by_record)
        print_record_head(out, c);
    else
    ts_term_printf(out, "%s: %zu parameter%s fitted to %zu observation%s "
                   "(%zu start%s, %zu iteration%s), chi-square %.4g with %zu "
                   "degree%s of freedom\n\n", ts_scenario_title(c->sc),
                   f->n_params,
                   f->n_params == 1 ? "" : "s", f->n_obs,
                   f->n_obs == 1 ? "" : "s", f->starts,
                   f->starts == 1 ? "" : "s", f->iterations,
                   f->iterations == 1 ? "" : "s", f->chi2, f->dof,
                   f->dof == 1 ? "" : "s");
    int w = label_width(c->sc);
    ts_term_printf(out, "  %-*s %14s %12s  %s\n", w, "parameter", "estimate",
            "stderr", "bounds");
    for (size_t j = 0; j < f->n_params; j++) {
        const ts_fit_param *p = &c->sc->fit[j];
        ts_term_printf(out, "  %-*s %14.6g %12.4g  [%g, %g]%s\n", w, p->path,
                f->estimate[j], f->stderr_p[j], p->bounds[0].value,
                p->bounds[1].value, f->at_bound[j] ? "  at a bound" : "");
    }
    if (c->sc->n_observed > 0)
        ts_term_printf(out, "\n  %-*s %14s %14s %10s\n", w, "observation",
                       "observed", "fitted", "residual/sd");
    for (size_t i = 0; i < c->sc->n_observed; i++) {
        const ts_observation *o = &c->sc->observed[i];
        char label[256];
        ts_observation_label(c->sc, o, label, sizeof label);
        double r = (f->fitted[i] - o->value) / o->sd;
        /* a residual that rounds to zero is shown as 0.00, never -0.00 */
        ts_term_printf(out, "  %-*s %14.0f %14.0f %10.2f\n", w, label,
                       o->value, f->fitted[i], fabs(r) < 0.005 ? 0.0 : r);
    }
    if (f->scaled)
        ts_term_printf(
            out, "\n  (standard errors scaled by chi-square / degrees of "
                 "freedom: some observations have no sd)\n");
    for (size_t k = 0; k < f->n_notes; k++)
        ts_term_printf(out, "  note: %s\n", f->notes[k]);
}

static ts_status parse_starts(const ts_options *opt, size_t *starts,
                              ts_diags *d)
{
    uint64_t v = 1;
    if (opt->starts && (!ts_parse_whole(opt->starts, MAX_STARTS, &v) ||
                        v < 1))
        return ts_diag_add(d, ts_usage_mark, "--starts must be a whole number "
                           "from 1 to %d, got '%s'", MAX_STARTS, opt->starts);
    *starts = (size_t)v;
    return TS_OK;
}

static ts_status needs_fit(const ts_scenario *sc, const char *path,
                           ts_diags *d)
{
    if (sc->n_fit == 0)
        return ts_diag_add(d, ts_usage_mark, "%s has no fit section: list the "
                           "parameters to estimate, like fit: "
                           "{pools.a.inflow: {bounds: [1000, 50000]}}", path);
    if (sc->n_observed == 0 && !ts_fit_by_record(sc))
        return ts_diag_add(d, ts_usage_mark,
                           "%s has no observed section: give "
                           "the figures to fit to",
                           path);
    return TS_OK;
}

ts_status ts_command_fit(const ts_options *opt, const ts_env *env,
                         ts_diags *d)
{
    static const char *const owned[] = {"fit.csv", "fit_residuals.csv",
                                        "fitted.yaml", "charts.gp",
                                        "fit.png", "fit.svg",
                                        "fit_moves.csv", "fit_moves.png",
                                        "fit_moves.svg", "fitted_base.yaml",
                                        NULL};
    ts_output_file files[6] = {
        {"fit.csv", write_fit_csv, NULL},
        {"fit_residuals.csv", write_residuals, NULL},
        {"fitted.yaml", write_fitted_yaml, NULL},
        {"charts.gp", write_fit_script, NULL}};
    ts_scenario *sc;
    talentsim_run *r = NULL;
    ts_fit_result *f = NULL;
    size_t starts = 1;
    ts_status st = parse_starts(opt, &starts, d);
    if (st != TS_OK)
        return st;
    st = ts_prepare_scenario(opt->scenario_path, opt, &sc, d);
    if (st != TS_OK)
        return st;
    st = needs_fit(sc, opt->scenario_path, d);
    if (st == TS_OK)
        st = ts_fit_record_precheck(sc, starts, d);
    if (st == TS_OK)
        st = ts_from_api(talentsim_project(sc, &r, d));
    if (st == TS_OK)
        st = ts_fit_run(sc, r, NULL, starts, &f, d);
    if (st == TS_OK) {
        move_rows moves = {NULL, 0, 0, false};
        if (f->by_record &&
            (!ts_fit_record_moves(sc, r, f, keep_move_row, &moves) ||
             moves.failed)) {
            ts_diag_runtime(d, "out of memory for fit_moves.csv");
            st = TS_ERUNTIME;
        }
        fit_ctx *c = malloc(sizeof *c);
        char dir[TS_PATH_MAX];
        if (!c && st == TS_OK)
            st = ts_diag_nomem(d);
        if (st == TS_OK)
            st = ts_study_dir(opt, sc, "fit", dir, sizeof dir, d);
        if (st == TS_OK) {
            *c = (fit_ctx){sc, opt->scenario_path, f, &moves, {0}};
            st = ts_fitted_prepare(&c->fitted, sc, opt->scenario_path, f,
                                   dir, d);
        }
        size_t n_files = 4;
        if (st == TS_OK && f->by_record)
            files[n_files++] = (ts_output_file){"fit_moves.csv",
                                                write_fit_moves, NULL};
        if (st == TS_OK && c->fitted.base_estimates)
            files[n_files++] = (ts_output_file){"fitted_base.yaml",
                                                write_fitted_base, NULL};
        /* fit.png for the aggregates, fit_moves.png for the record */
        const char *charts[2];
        size_t n_charts = 0;
        if (sc->n_observed > 0)
            charts[n_charts++] = "fit";
        if (f->by_record)
            charts[n_charts++] = "fit_moves";
        if (st == TS_OK)
            st = ts_study_outputs_charts(opt, env, sc, "fit", files,
                                         n_files, charts, n_charts, owned,
                                         c, print_fit, d);
        free(c);
        free(moves.items);
    }
    ts_fit_result_destroy(f);
    talentsim_run_destroy(r);
    talentsim_scenario_destroy(sc);
    return st;
}

/* ---- backtest ----------------------------------------------------- */

typedef struct backtest_ctx {
    const ts_scenario *sc;
    const bool *training;
    const double *predicted;
    ts_month until;
    bool fitted;
} backtest_ctx;

static ts_status write_backtest(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const backtest_ctx *c = ctx;
    fputs("observation,observed,predicted,error,relative_error,used_in_fit\n",
          f);
    for (size_t i = 0; i < c->sc->n_observed; i++) {
        const ts_observation *o = &c->sc->observed[i];
        char label[256];
        ts_observation_label(c->sc, o, label, sizeof label);
        double err = c->predicted[i] - o->value;
        double v[4] = {o->value, c->predicted[i], err,
                       o->value != 0 ? err / o->value : NAN};
        ts_csv_text(f, label);
        ts_csv_cells(f, v, 4);
        fprintf(f, ",%s\n", c->training[i] ? "yes" : "no");
    }
    return TS_OK;
}

static void print_backtest(FILE *out, const void *ctx)
{
    const backtest_ctx *c = ctx;
    char until[16];
    double sq = 0;
    size_t n = 0;
    ts_month_format(c->until, until, sizeof until);
    ts_term_printf(out,
                   "%s: %s; the later observations against the projection\n\n",
                   ts_scenario_title(c->sc),
                   c->fitted ? "fitted on the observations up to "
                               "the cut-off"
                             : "projected as written (no fit section)");
    int w = label_width(c->sc);
    ts_term_printf(out, "  %-*s %14s %14s %10s\n", w,
                   "observation (after cut-off)", "observed", "predicted",
                   "error");
    for (size_t i = 0; i < c->sc->n_observed; i++) {
        if (c->training[i])
            continue;
        const ts_observation *o = &c->sc->observed[i];
        char label[256];
        ts_observation_label(c->sc, o, label, sizeof label);
        double rel = (c->predicted[i] - o->value) / o->value;
        ts_term_printf(out, "  %-*s %14.0f %14.0f %+9.1f%%\n", w, label,
                       o->value, c->predicted[i], 100 * rel);
        sq += rel * rel;
        n++;
    }
    if (n)
        ts_term_printf(out, "\n  root mean square error: %.1f%% over %zu "
                "observations after %s\n", 100 * sqrt(sq / (double)n), n,
                until);
    else
        ts_term_printf(out, "  (no observation after %s)\n", until);
}

/* The date an observation is known: its `at`, or its period's end. */
static ts_month known_at(const ts_observation *o)
{
    return o->kind == TS_OBSERVED_HEADCOUNT ? o->at.month : o->period[1].month;
}

ts_status ts_command_backtest(const ts_options *opt, const ts_env *env,
                              ts_diags *d)
{
    static const char *const owned[] = {"backtest.csv", NULL};
    static const ts_output_file files[] = {{"backtest.csv", write_backtest, NULL}};
    ts_scenario *sc;
    talentsim_run *r = NULL;
    ts_fit_result *f = NULL;
    ts_month until;
    if (!ts_month_parse(opt->until, &until))
        return ts_diag_add(d, ts_usage_mark,
                           "--until must be a month YYYY-MM, "
                           "got '%s'",
                           opt->until);
    ts_status st = ts_prepare_scenario(opt->scenario_path, opt, &sc, d);
    if (st != TS_OK)
        return st;
    bool *training = calloc(sc->n_observed + 1, sizeof *training);
    double *predicted = calloc(sc->n_observed + 1, sizeof *predicted);
    size_t n_train = 0;
    if (!training || !predicted) {
        ts_diag_nomem(d);
        st = TS_ERUNTIME;
    }
    if (st == TS_OK && sc->n_observed == 0)
        st = ts_diag_add(d, ts_usage_mark,
                         "%s has no observed section: nothing "
                         "to test against",
                         opt->scenario_path);
    for (size_t i = 0; st == TS_OK && i < sc->n_observed; i++)
        n_train += training[i] = known_at(&sc->observed[i]) <= until;
    if (st == TS_OK)
        st = ts_from_api(talentsim_project(sc, &r, d));
    if (st == TS_OK && sc->n_fit > n_train)
        st = ts_diag_add(d, ts_usage_mark,
                         "backtest fits %zu parameters on the "
                         "%zu observations known by %s: too few; choose a "
                         "later --until or fit fewer parameters",
                         sc->n_fit, n_train, opt->until);
    if (st == TS_OK && sc->n_fit > 0)
        st = ts_fit_run(sc, r, training, 1, &f, d);
    if (st == TS_OK && !ts_fit_predict(sc, r, f, predicted)) {
        ts_diag_runtime(d, "out of memory while projecting the "
                    "observations");
        st = TS_ERUNTIME;
    }
    if (st == TS_OK) {
        backtest_ctx c = {sc, training, predicted, until, f != NULL};
        st = ts_study_outputs(opt, env, sc, "backtest", files, 1, owned, &c,
                              print_backtest, d);
    }
    free(training);
    free(predicted);
    ts_fit_result_destroy(f);
    talentsim_run_destroy(r);
    talentsim_scenario_destroy(sc);
    return st;
}
