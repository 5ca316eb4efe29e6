#include "sim/cli/study_commands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/limits.h"
#include "models/load/param_path.h"
#include "models/yaml/yaml_value.h"
#include "sim/output/charts.h"
#include "sim/output/claim_text.h"
#include "sim/output/csv_text.h"
#include "sim/output/outputs.h"
#include "sim/cli/prepare.h"
#include "sim/studies/tornado.h"
#include "sim/output/terminal.h"

#define SWEEP_MAX_VALUES 200

/* A prediction's id given to --metric: its index, or SIZE_MAX. */
static size_t prediction_index(const ts_scenario *sc, const char *text)
{
    for (size_t i = 0; i < sc->n_predictions; i++)
        if (strcmp(sc->predictions[i].id.s, text) == 0)
            return i;
    return SIZE_MAX;
}

/* --metric POOL, POOL@YYYY-MM or a prediction's ID */
static ts_status parse_metric(const ts_scenario *sc, const char *text,
                              ts_tornado_metric *m, ts_diags *d)
{
    char id[256];
    const char *at = strchr(text, '@');
    m->index = prediction_index(sc, text);
    if ((m->claim = m->index != SIZE_MAX))
        return TS_OK;
    snprintf(id, sizeof id, "%.*s", at ? (int)(at - text) : (int)strlen(text),
             text);
    m->index = ts_scenario_pool_index(sc, id);
    if (m->index == SIZE_MAX) {
        const char *hint = ts_scenario_suggest_pool(sc, id, true);
        return hint ? ts_diag_add(d, ts_usage_mark, "--metric: unknown pool "
                                  "'%s'; did you mean '%s'?", id, hint)
                    : ts_diag_add(d, ts_usage_mark, "--metric: '%s' is "
                                  "neither a pool nor a prediction", id);
    }
    m->step = sc->horizon;
    return at ? ts_parse_stock_date(sc, "--metric", at + 1, 0, &m->step, d)
              : TS_OK;
}

ts_status ts_study_outputs(const ts_options *opt, const ts_env *env,
                           const ts_scenario *sc, const char *name,
                           const ts_output_file *files, size_t n_files,
                           const char *const *owned, const void *ctx,
                           ts_study_printer print, ts_diags *d)
{
    const char *charts[1] = {name};
    return ts_study_outputs_charts(opt, env, sc, name, files, n_files, charts,
                                   1, owned, ctx, print, d);
}

ts_status ts_study_outputs_charts(const ts_options *opt, const ts_env *env,
                                  const ts_scenario *sc, const char *name,
                                  const ts_output_file *files,
                                  size_t n_files, const char *const *charts,
                                  size_t n_charts, const char *const *owned,
                                  const void *ctx, ts_study_printer print,
                                  ts_diags *d)
{
    char dir[TS_PATH_MAX], image[TS_MAX_IMAGES][48];
    bool chart = false;
    for (size_t i = 0; i < n_files; i++)
        chart |= strcmp(files[i].name, "charts.gp") == 0;
    ts_status st = ts_study_dir(opt, sc, name, dir, sizeof dir, d);
    if (st != TS_OK)
        return st;
    const ts_scenario *scs[1] = {sc};
    ts_run_record record = ts_command_record(opt, env, scs, 1);
    ts_output_plan plan = {.dir = dir, .files = files, .n_files = n_files,
                           .render = !opt->no_plots, .owned = owned,
                           .record = &record};
    for (size_t i = 0; chart && i < n_charts && i < TS_MAX_IMAGES; i++) {
        ts_chart_image_name(charts[i], sc->format, image[i],
                            sizeof image[i]);
        plan.images[plan.n_images++] = image[i];
    }
    ts_output_env oenv = ts_command_output_env(opt, env);
    ts_output_outcome done;
    st = ts_write_outputs(&plan, ctx, &oenv, &done, d);
    if (done.committed && !opt->quiet) {
        print(env->out, ctx);
        ts_outputs_print_written(env->out, &plan, &done);
    }
    return st;
}

/* ---- tornado ------------------------------------------------------ */

/* A parameter's value for people: 51000 rather than 5.1e+04. */
static void format_value(double v, char *buf, size_t size)
{
    snprintf(buf, size, fabs(v) >= 1000 ? "%.0f" : "%.4g", v);
}

typedef struct tornado_ctx {
    const ts_scenario *sc;
    const ts_tornado *t;
    const size_t *order;
    size_t pool;
    char metric[128];
    bool claim;                 /* a probability, not a headcount */
    bool points;
    const char *how;            /* how the metric was computed */
} tornado_ctx;

static ts_status write_tornado_csv(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const tornado_ctx *c = ctx;
    fputs("parameter,low_value,high_value,metric_low,metric_high,swing\n", f);
    for (size_t i = 0; i < c->t->n; i++) {
        const ts_tornado_row *row = &c->t->rows[c->order[i]];
        double lo = row->low[c->pool], hi = row->high[c->pool];
        double v[5] = {row->low_value, row->high_value, lo, hi,
                       fabs(hi - lo)};
        ts_csv_text(f, row->name);
        ts_csv_cells(f, v, 5);
        fputc('\n', f);
    }
    return TS_OK;
}

static const char *row_label(const void *ctx, size_t i, char *buf,
                             size_t size)
{
    const tornado_ctx *c = ctx;
    const ts_tornado_row *row = &c->t->rows[c->order[i]];
    char lo[32], hi[32];
    format_value(row->low_value, lo, sizeof lo);
    format_value(row->high_value, hi, sizeof hi);
    snprintf(buf, size, "%s  (%s to %s)", row->name, lo, hi);
    return buf;
}

/* The tornado chart's rows: more would not read. */
#define TORNADO_CHART_ROWS 20

static ts_status write_tornado_script(FILE *f, const void *ctx, ts_diags *d)
{
    const tornado_ctx *c = ctx;
    double max = c->t->base[c->pool];
    for (size_t i = 0; i < c->t->n; i++) {
        max = fmax(max, c->t->rows[i].low[c->pool]);
        max = fmax(max, c->t->rows[i].high[c->pool]);
    }
    ts_chart_frame frame = {ts_scenario_title(c->sc), c->sc->start,
                            ts_scenario_step_month(c->sc, c->sc->horizon),
                            max, c->sc->format};
    ts_charts_write_head(f, &frame);
    fputs("\n# ---- the tornado ----\n", f);
    /* the chart draws the largest swings only; the CSV has them all */
    size_t rows = c->t->n < TORNADO_CHART_ROWS ? c->t->n : TORNADO_CHART_ROWS;
    fprintf(f, "n_rows = %zu\n", rows);
    ts_gp_array(f, "row_label", rows, row_label, c);
    size_t longest = 0;
    for (size_t i = 0; i < rows; i++) {
        char buf[512];
        size_t len = strlen(row_label(c, i, buf, sizeof buf));
        longest = len > longest ? len : longest;
    }
    fprintf(f, "label_chars = %zu\n", longest);
    ts_gp_number(f, "base", c->t->base[c->pool]);
    ts_gp_string(f, "metric_title", c->metric);
    char how[300], shown[64] = "";
    if (rows < c->t->n)
        snprintf(shown, sizeof shown, "the %zu largest swings of %zu", rows,
                 c->t->n);
    snprintf(how, sizeof how, "%s; p05 and p95%s, the others at their "
             "means", c->how, c->points ? " (plain numbers 0.8 and 1.2 "
             "times)" : "");
    ts_gp_string(f, "rows_text", shown);
    fprintf(f, "claim_metric = %d\n", c->claim);
    ts_gp_string(f, "how_text", how);
    ts_gp_string(f, "low_text", c->points ? "assumption at its low end"
                                          : "assumption at its 5th "
                                            "percentile");
    ts_gp_string(f, "high_text", c->points ? "assumption at its high end"
                                           : "assumption at its 95th "
                                             "percentile");
    if (!ts_charts_write_chart(f, "tornado", "tornado.csv",
                               "what moves the metric most")) {
        ts_diag_add(d, ts_usage_mark, "the tornado template is missing");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

/* A headcount as a whole number, a probability to three places. */
static void format_metric(const tornado_ctx *c, double v, char *buf,
                          size_t size)
{
    snprintf(buf, size, c->claim ? "%.3f" : "%.0f", v);
}

static void print_tornado(FILE *out, const tornado_ctx *c)
{
    char base[32];
    format_metric(c, c->t->base[c->pool], base, sizeof base);
    ts_term_printf(out, "%s: what moves %s\n", ts_scenario_title(c->sc),
                   c->metric);
    ts_term_printf(out, "  (%s; each assumption at its 5th and 95th "
                   "percentile%s, the others at their means: %s)\n\n",
                   c->how, c->points ? ", each plain number at 0.8 and 1.2 "
                   "times it" : "", base);
    int w = 44; /* as wide as the longest name: none is cut */
    for (size_t i = 0; i < c->t->n; i++)
        w = (int)strlen(c->t->rows[i].name) > w
                ? (int)strlen(c->t->rows[i].name) : w;
    ts_term_printf(out, "  %-*s %21s %21s %12s\n", w, "assumption",
                   c->points ? "low to high" : "p05 to p95",
                   c->claim ? "probability" : "headcount", "swing");
    for (size_t i = 0; i < c->t->n; i++) {
        const ts_tornado_row *row = &c->t->rows[c->order[i]];
        char values[80], heads[80], lo[32], hi[32], swing[32];
        format_value(row->low_value, lo, sizeof lo);
        format_value(row->high_value, hi, sizeof hi);
        snprintf(values, sizeof values, "%s to %s", lo, hi);
        format_metric(c, row->low[c->pool], lo, sizeof lo);
        format_metric(c, row->high[c->pool], hi, sizeof hi);
        snprintf(heads, sizeof heads, "%s to %s", lo, hi);
        format_metric(c, fabs(row->high[c->pool] - row->low[c->pool]), swing,
                      sizeof swing);
        ts_term_printf(out, "  %-*s %21s %21s %12s\n", w, row->name,
                       values, heads, swing);
    }
}

static ts_status no_uncertainty(const char *path, ts_diags *d)
{
    return ts_diag_add(d, ts_usage_mark, "%s has no uncertain parameter, so "
                       "there is nothing to rank: give one as a "
                       "distribution, e.g. retention: {range: [0.7, 0.85]}",
                       path);
}

static void print_tornado_ctx(FILE *out, const void *ctx)
{
    print_tornado(out, ctx);
}

static ts_status tornado_outputs(const ts_options *opt, const ts_env *env,
                                 tornado_ctx *c, ts_diags *d)
{
    static const char *const owned[] = {"tornado.csv", "charts.gp",
                                        "tornado.png", "tornado.svg", NULL};
    static const ts_output_file files[] = {
        {"tornado.csv", write_tornado_csv, NULL},
        {"charts.gp", write_tornado_script, NULL}};
    return ts_study_outputs(opt, env, c->sc, "tornado", files, 2, owned, c,
                            print_tornado_ctx, d);
}

/* Whether some row moves the metric at all. */
static bool any_swing(const ts_tornado *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i].low[0] != t->rows[i].high[0])
            return true;
    return false;
}

/* The tornado by swinging (a claim, or --points): how it was computed,
 * and the parameters --points left out, as notes. */
static ts_status swing_tornado(const ts_options *opt, const ts_env *env,
                               ts_scenario *sc, ts_tornado_metric m,
                               tornado_ctx *c, ts_tornado **out,
                               ts_diags *d)
{
    bool mc = m.claim && sc->predictions[m.index].kind ==
                             TS_PREDICT_HEADCOUNT;
    if (mc && sc->runs == 0)
        return ts_diag_add(d, ts_usage_mark, "--metric %s: a headcount "
                           "claim has a probability only by Monte Carlo, "
                           "and runs is 0", opt->metric);
    ts_progress bar;
    talentsim_options setup = ts_command_mc_setup(opt, env, "swinging",
                                                  &bar);
    ts_tornado_notes *notes = calloc(1, sizeof *notes);
    ts_tornado *t = notes ? ts_tornado_swing(sc, m, opt->points, &setup,
                                             notes, d)
                          : NULL;
    ts_progress_finish(&bar);
    for (size_t i = 0; t && notes && !opt->quiet && i < notes->n; i++)
        ts_term_printf(env->err, "note: --points left out %s\n",
                       notes->text[i]);
    if (t && notes && !opt->quiet && notes->total > notes->n)
        ts_term_printf(env->err, "note: --points left out %zu more\n",
                       notes->total - notes->n);
    free(notes);
    c->how = mc ? "Monte Carlo, the scenario's runs and seed for every "
                  "value"
         : m.claim ? "exact" : "deterministic";
    *out = t;
    return t ? TS_OK : TS_ERUNTIME;
}

ts_status ts_command_tornado(const ts_options *opt, const ts_env *env,
                             ts_diags *d)
{
    ts_scenario *sc;
    talentsim_run *r = NULL;
    ts_tornado *t = NULL;
    size_t *order = NULL;
    tornado_ctx c = {.how = "deterministic", .points = opt->points};
    ts_tornado_metric m = {0};
    ts_status st = ts_prepare_scenario(opt->scenario_path, opt, &sc, d);
    if (st != TS_OK)
        return st;
    st = parse_metric(sc, opt->metric, &m, d);
    c.claim = m.claim;
    c.pool = m.claim || opt->points ? 0 : m.index;
    if (st == TS_OK && (m.claim || opt->points))
        st = swing_tornado(opt, env, sc, m, &c, &t, d);
    else if (st == TS_OK) {
        st = ts_from_api(talentsim_project(sc, &r, d));
        if (st == TS_OK && !(t = ts_tornado_create(sc, r, m.step, d)))
            st = TS_ERUNTIME;
    }
    if (st == TS_OK && t->n == 0)
        st = no_uncertainty(opt->scenario_path, d);
    if (st == TS_OK && m.claim && !opt->points && !opt->quiet &&
        !any_swing(t))
        ts_term_printf(env->err, "note: no uncertain assumption moves %s; "
                       "--points swings the plain numbers too (an "
                       "executive's move, a share, a shock's chance)\n",
                       opt->metric);
    if (st == TS_OK && !(order = calloc(t->n, sizeof *order)))
        st = ts_diag_nomem(d);
    if (st == TS_OK) {
        char date[16];
        ts_tornado_order(t, c.pool, order);
        ts_month_format(ts_scenario_step_month(sc, m.step), date,
                        sizeof date);
        c.sc = sc;
        c.t = t;
        c.order = order;
        if (m.claim)
            snprintf(c.metric, sizeof c.metric, "the probability of %s",
                     sc->predictions[m.index].id.s);
        else
            snprintf(c.metric, sizeof c.metric, "the headcount of %s at %s",
                     ts_pool_name(sc, m.index), date);
        st = tornado_outputs(opt, env, &c, d);
    }
    free(order);
    ts_tornado_destroy(t);
    talentsim_run_destroy(r);
    talentsim_scenario_destroy(sc);
    return st;
}

/* ---- sweep -------------------------------------------------------- */

static ts_status parse_values(const ts_options *opt, double *values,
                              size_t *n, ts_diags *d)
{
    *n = 0;
    if (opt->values) {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", opt->values);
        char *save = NULL;
        for (char *tok = strtok_r(buf, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            if (*n == SWEEP_MAX_VALUES)
                return ts_diag_add(d, ts_usage_mark, "--values: at most %d "
                                   "values", SWEEP_MAX_VALUES);
            if (!ts_parse_number(tok, &values[(*n)++]))
                return ts_diag_add(d, ts_usage_mark, "--values: '%s' is not a "
                                   "number", tok);
        }
        return *n > 0 ? TS_OK
                      : ts_diag_add(d, ts_usage_mark, "--values: no value");
    }
    double lo, hi;
    uint64_t count;
    char a[128], b[128], c[128];
    if (sscanf(opt->range, "%127[^:]:%127[^:]:%127s", a, b, c) != 3 ||
        !ts_parse_number(a, &lo) || !ts_parse_number(b, &hi) ||
        !ts_parse_whole(c, SWEEP_MAX_VALUES, &count) || count < 2 ||
        !(lo < hi))
        return ts_diag_add(d, ts_usage_mark, "--range must be lo:hi:n with "
                           "lo < hi and n from 2 to %d, got '%s'",
                           SWEEP_MAX_VALUES, opt->range);
    for (uint64_t i = 0; i < count; i++)
        values[(*n)++] = lo + (hi - lo) * (double)i / (double)(count - 1);
    return TS_OK;
}

typedef struct sweep_ctx {
    const ts_scenario *sc;      /* the first value's: pools and dates */
    const char *path;
    size_t n;
    const double *values;
    talentsim_run **runs;       /* n */
    size_t at;                  /* the chart's step */
} sweep_ctx;

static void sweep_row(FILE *f, const sweep_ctx *c, size_t v, size_t k,
                      size_t j, bool with_date)
{
    const talentsim_run *r = c->runs[v];
    double x[4] = {talentsim_stock(r, k, j, TALENTSIM_DETERMINISTIC),
                   talentsim_stock(r, k, j, TALENTSIM_MEAN),
                   talentsim_stock(r, k, j, TALENTSIM_P05),
                   talentsim_stock(r, k, j, TALENTSIM_P95)};
    char date[16];
    if (with_date) {
        ts_csv_number(f, c->values[v]);
        ts_month_format(ts_scenario_step_month(c->sc, k), date, sizeof date);
        fprintf(f, ",%s,%s", ts_pool_name(c->sc, j), date);
    } else {
        fprintf(f, "%s,", ts_pool_name(c->sc, j));
        ts_csv_number(f, c->values[v]);
    }
    ts_csv_cells(f, x, 4);
    fputc('\n', f);
}

static ts_status write_sweep_csv(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const sweep_ctx *c = ctx;
    fputs("value,pool,date,deterministic,mean,p05,p95\n", f);
    for (size_t v = 0; v < c->n; v++)
        for (size_t j = 0; j <= c->sc->n_pools; j++)
            for (size_t k = 0; k <= c->sc->horizon; k++)
                sweep_row(f, c, v, k, j, true);
    return TS_OK;
}

static ts_status write_sweep_at(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const sweep_ctx *c = ctx;
    fputs("pool,value,deterministic,mean,p05,p95\n", f);
    for (size_t j = 0; j < c->sc->n_pools; j++)
        for (size_t v = 0; v < c->n; v++)
            sweep_row(f, c, v, c->at, j, false);
    return TS_OK;
}

static const char *sweep_pool_label(const void *ctx, size_t i, char *buf,
                                    size_t size)
{
    (void)buf;
    (void)size;
    const ts_pool *p = &((const sweep_ctx *)ctx)->sc->pools[i];
    return p->label ? p->label : p->id;
}

static ts_status write_sweep_script(FILE *f, const void *ctx, ts_diags *d)
{
    const sweep_ctx *c = ctx;
    double max = 0;
    for (size_t v = 0; v < c->n; v++)
        for (size_t j = 0; j < c->sc->n_pools; j++)
            max = fmax(max, ts_charts_pool_top(c->runs[v], j));
    char at[16];
    ts_month_format(ts_scenario_step_month(c->sc, c->at), at, sizeof at);
    ts_chart_frame frame = {ts_scenario_title(c->sc), c->sc->start,
                            ts_scenario_step_month(c->sc, c->sc->horizon),
                            max, c->sc->format};
    ts_charts_write_head(f, &frame);
    fputs("\n# ---- the sweep ----\n", f);
    fprintf(f, "n_pools = %zu\nn_values = %zu\nhas_mc = %d\n",
            c->sc->n_pools, c->n,
            !isnan(talentsim_stock(c->runs[0], 0, 0, TALENTSIM_MEAN)));
    ts_gp_array(f, "pool_label", c->sc->n_pools, sweep_pool_label, c);
    ts_gp_string(f, "param_path", c->path);
    ts_gp_string(f, "at_label", at);
    if (!ts_charts_write_chart(f, "sweep", "sweep_at.csv",
                               "headcount against the parameter")) {
        ts_diag_add(d, ts_usage_mark, "the sweep template is missing");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

/* A column as wide as its heading, at least 14: ids are never cut. */
static int column_width(const char *heading)
{
    size_t len = strlen(heading);
    return len > 14 ? (int)len : 14;
}

/* The probability a sweep shows for prediction i: exact where there is
 * one, else Monte Carlo; false when there is neither. */
static bool sweep_probability(const talentsim_run *r, size_t i, double *p,
                              double *se, const char **method)
{
    *method = "exact";
    if (talentsim_prediction(r, i, TALENTSIM_EXACT, p, se))
        return true;
    *method = "montecarlo";
    return talentsim_prediction(r, i, TALENTSIM_MONTECARLO, p, se) != 0;
}

static void print_sweep_predictions(FILE *out, const sweep_ctx *c)
{
    if (c->sc->n_predictions == 0)
        return;
    ts_term_printf(out, "\n  each prediction's probability against %s "
                   "(exact where there is one, else Monte Carlo)\n\n  %14s",
                   c->path, "value");
    for (size_t i = 0; i < c->sc->n_predictions; i++) {
        const char *id = c->sc->predictions[i].id.s;
        ts_term_printf(out, " %*s", column_width(id), id);
    }
    fputc('\n', out);
    for (size_t v = 0; v < c->n; v++) {
        ts_term_printf(out, "  %14.6g", c->values[v]);
        for (size_t i = 0; i < c->sc->n_predictions; i++) {
            double p, se;
            const char *method;
            int w = column_width(c->sc->predictions[i].id.s);
            char text[48] = "(needs runs)";
            size_t shown = strlen(text);
            if (sweep_probability(c->runs[v], i, &p, &se, &method))
                shown = ts_probability_text(p, se, c->sc->runs, text,
                                            sizeof text);
            /* the width in characters, where a sign is several bytes */
            ts_term_printf(out, " %*s", w + (int)(strlen(text) - shown),
                           text);
        }
        fputc('\n', out);
    }
}

static void print_sweep(FILE *out, const sweep_ctx *c)
{
    char at[16];
    ts_month_format(ts_scenario_step_month(c->sc, c->at), at, sizeof at);
    ts_term_printf(out,
                   "%s: headcount at %s (deterministic) against %s\n\n  %14s",
                   ts_scenario_title(c->sc), at, c->path, "value");
    for (size_t j = 0; j < c->sc->n_pools; j++)
        ts_term_printf(out, " %*s", column_width(ts_pool_name(c->sc, j)),
                       ts_pool_name(c->sc, j));
    fputc('\n', out);
    for (size_t v = 0; v < c->n; v++) {
        ts_term_printf(out, "  %14.6g", c->values[v]);
        for (size_t j = 0; j < c->sc->n_pools; j++)
            ts_term_printf(out, " %*.0f",
                    column_width(ts_pool_name(c->sc, j)),
                    talentsim_stock(c->runs[v], c->at, j,
                                    TALENTSIM_DETERMINISTIC));
        fputc('\n', out);
    }
    print_sweep_predictions(out, c);
}

/* sweep_predictions.csv: value,id,probability,stderr,method; an exact
 * row for a move claim, a Monte Carlo row when there are runs. */
static ts_status write_sweep_predictions(FILE *f, const void *ctx,
                                         ts_diags *d)
{
    (void)d;
    const sweep_ctx *c = ctx;
    static const struct {
        talentsim_method method;
        const char *name;
    } methods[] = {{TALENTSIM_EXACT, "exact"},
                   {TALENTSIM_MONTECARLO, "montecarlo"}};
    fputs("value,id,probability,stderr,method\n", f);
    for (size_t v = 0; v < c->n; v++)
        for (size_t i = 0; i < c->sc->n_predictions; i++)
            for (size_t m = 0; m < 2; m++) {
                double p, se;
                if (!talentsim_prediction(c->runs[v], i, methods[m].method,
                                          &p, &se))
                    continue;
                ts_csv_number(f, c->values[v]);
                fprintf(f, ",%s,", c->sc->predictions[i].id.s);
                ts_csv_number(f, p);
                ts_csv_cell(f, se);
                fprintf(f, ",%s\n", methods[m].name);
            }
    return TS_OK;
}

static void print_sweep_ctx(FILE *out, const void *ctx)
{
    print_sweep(out, ctx);
}

static ts_status sweep_outputs(const ts_options *opt, const ts_env *env,
                               sweep_ctx *c, ts_diags *d)
{
    static const char *const owned[] = {"sweep.csv", "sweep_at.csv",
                                        "sweep_predictions.csv",
                                        "charts.gp", "sweep.png",
                                        "sweep.svg", NULL};
    static const ts_output_file files[] = {
        {"sweep.csv", write_sweep_csv, NULL},
        {"sweep_at.csv", write_sweep_at, NULL},
        {"sweep_predictions.csv", write_sweep_predictions, NULL},
        {"charts.gp", write_sweep_script, NULL}};
    /* sweep_predictions.csv only for a scenario with predictions */
    bool claims = c->sc->n_predictions > 0;
    const ts_output_file without[] = {files[0], files[1], files[3]};
    return ts_study_outputs(opt, env, c->sc, "sweep",
                            claims ? files : without, claims ? 4 : 3, owned,
                            c, print_sweep_ctx, d);
}

/* --param must name a number of the scenario. */
static ts_status check_param_path(ts_scenario *sc, const char *path,
                                  ts_diags *d)
{
    const char *key;
    const ts_range *range;
    ts_mark m = {"--param", 0, 0};
    return ts_param_path_param(sc, path, m, &key, &range, d) ? TS_OK
                                                             : TS_EINPUT;
}

/* Runs the scenario once per value of the parameter. Each value goes
 * through the same path as --set, so it is checked like the file. */
static ts_status run_values(const ts_options *opt, const ts_env *env,
                            sweep_ctx *c, ts_scenario **scs, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t v = 0; st == TS_OK && v < c->n; v++) {
        char value[64], label[512], progress[64];
        snprintf(value, sizeof value, "%.17g", c->values[v]);
        snprintf(label, sizeof label, "--param %s=%s", c->path, value);
        st = ts_prepare_scenario_with(opt->scenario_path, opt, c->path,
                                      value, label, &scs[v], d);
        snprintf(progress, sizeof progress, "value %zu of %zu", v + 1, c->n);
        if (st == TS_OK)
            st = ts_command_compute(opt, env, scs[v], progress, &c->runs[v],
                                    d);
    }
    return st;
}

ts_status ts_command_sweep(const ts_options *opt, const ts_env *env,
                           ts_diags *d)
{
    double values[SWEEP_MAX_VALUES];
    sweep_ctx c = {.path = opt->param, .values = values};
    ts_scenario *scs[SWEEP_MAX_VALUES] = {NULL}, *first = NULL;
    ts_status st = parse_values(opt, values, &c.n, d);
    if (st == TS_OK)
        st = ts_prepare_scenario(opt->scenario_path, opt, &first, d);
    if (st == TS_OK)
        st = check_param_path(first, opt->param, d);
    c.at = first ? first->horizon : 0;
    if (st == TS_OK && opt->at)
        st = ts_parse_stock_date(first, "--at", opt->at, 0, &c.at, d);
    if (st == TS_OK && !(c.runs = calloc(c.n, sizeof *c.runs))) {
        ts_diag_nomem(d);
        st = TS_ERUNTIME;
    }
    if (st == TS_OK)
        st = run_values(opt, env, &c, scs, d);
    if (st == TS_OK) {
        c.sc = scs[0];
        st = sweep_outputs(opt, env, &c, d);
    }
    for (size_t v = 0; c.runs && v < c.n; v++)
        talentsim_run_destroy(c.runs[v]);
    free(c.runs);
    for (size_t v = 0; v < c.n; v++)
        talentsim_scenario_destroy(scs[v]);
    talentsim_scenario_destroy(first);
    return st;
}
