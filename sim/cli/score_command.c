#include "sim/cli/score_command.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/date.h"
#include "models/base/limits.h"
#include "models/load/record_file.h"
#include "sim/output/charts.h"
#include "sim/output/csv_text.h"
#include "sim/output/outputs.h"
#include "sim/output/terminal.h"
#include "sim/studies/forecast_read.h"
#include "sim/studies/score.h"

typedef struct score_ctx {
    const ts_record *r;
    ts_forecast **f;
    size_t n;
    const ts_scores *s;
} score_ctx;

static void flag(FILE *f, int x)
{
    fputc(',', f);
    if (x >= 0)
        fputc(x ? '1' : '0', f);
}

static ts_status write_scores(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const score_ctx *c = ctx;
    char date[16];
    fputs("forecast,target,kind,date,forecast_value,observed,brier,"
          "log_score,wis,abs_error,in50,in90\n", f);
    for (size_t j = 0; j < c->s->n_rows; j++) {
        const ts_score_row *row = &c->s->rows[j];
        bool claim = row->kind == TS_SCORE_CLAIM;
        ts_csv_text(f, c->f[row->forecast]->dir);
        fputc(',', f);
        ts_csv_text(f, claim ? c->r->outcomes[row->entry].id
                             : c->r->headcounts[row->entry].pool);
        ts_month_format(claim ? c->r->outcomes[row->entry].on
                              : c->r->headcounts[row->entry].at,
                        date, sizeof date);
        fprintf(f, ",%s,%s", claim ? "claim" : "headcount", date);
        double v[6] = {row->forecast_value, row->observed, row->brier,
                       row->log_score, row->wis, row->abs_error};
        for (int k = 0; k < 6; k++)
            ts_csv_cell(f, v[k]);
        flag(f, row->in50);
        flag(f, row->in90);
        fputc('\n', f);
    }
    return TS_OK;
}

static ts_status write_summary(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const score_ctx *c = ctx;
    char as_of[16];
    fputs("forecast,as_of,claims,mean_brier,mean_log_score,headcounts,"
          "mean_wis,coverage50,coverage90,not_scored\n", f);
    for (size_t k = 0; k < c->n; k++) {
        const ts_score_summary *s = &c->s->summary[k];
        ts_csv_text(f, c->f[k]->dir);
        ts_month_format(c->f[k]->as_of, as_of, sizeof as_of);
        fprintf(f, ",%s,%zu", as_of, s->claims);
        ts_csv_cell(f, s->mean_brier);
        ts_csv_cell(f, s->mean_log_score);
        fprintf(f, ",%zu", s->headcounts);
        ts_csv_cell(f, s->mean_wis);
        ts_csv_cell(f, s->coverage50);
        ts_csv_cell(f, s->coverage90);
        fprintf(f, ",%zu\n", s->not_scored);
    }
    return TS_OK;
}

/* A reliability diagram needs this many scored (forecast, claim)
 * pairs (SPEC section 8). */
#define RELIABILITY_MIN_PAIRS 10

static size_t claim_rows(const ts_scores *s)
{
    size_t n = 0;
    for (size_t j = 0; j < s->n_rows; j++)
        n += s->rows[j].kind == TS_SCORE_CLAIM;
    return n;
}

static bool has_coverage(const ts_scores *s)
{
    for (size_t k = 0; k < s->n_forecasts; k++)
        if (!isnan(s->summary[k].coverage90))
            return true;
    return false;
}

/* reliability.csv: the scored claims in ten bins of forecast
 * probability, [0, 0.1) ... [0.9, 1]. */
static ts_status write_reliability(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const score_ctx *c = ctx;
    size_t n[10] = {0}, hits[10] = {0};
    double sum[10] = {0};
    for (size_t j = 0; j < c->s->n_rows; j++) {
        const ts_score_row *row = &c->s->rows[j];
        if (row->kind != TS_SCORE_CLAIM)
            continue;
        int b = (int)floor(row->forecast_value * 10);
        b = b < 0 ? 0 : b > 9 ? 9 : b;
        n[b]++;
        hits[b] += row->observed == 1;
        sum[b] += row->forecast_value;
    }
    fputs("bin_from,bin_to,claims,came_true,share,mean_probability\n", f);
    for (int b = 0; b < 10; b++) {
        fprintf(f, "%.1f,%.1f,%zu,%zu", b / 10.0, (b + 1) / 10.0, n[b],
                hits[b]);
        ts_csv_cell(f, n[b] ? (double)hits[b] / (double)n[b] : NAN);
        ts_csv_cell(f, n[b] ? sum[b] / (double)n[b] : NAN);
        fputc('\n', f);
    }
    return TS_OK;
}

static const char *forecast_label(const void *ctx, size_t i, char *buf,
                                  size_t size)
{
    (void)buf;
    (void)size;
    return ((const score_ctx *)ctx)->f[i]->dir;
}

static ts_status write_score_script(FILE *f, const void *ctx, ts_diags *d)
{
    const score_ctx *c = ctx;
    ts_chart_frame frame = {"scores", 0, 0, 1, TS_IMAGE_PNG};
    ts_charts_write_head(f, &frame);
    fputs("\n# ---- the scores ----\n", f);
    fprintf(f, "n_forecasts = %zu\n", c->n);
    ts_gp_array(f, "forecast_label", c->n, forecast_label, c);
    bool ok = true;
    if (claim_rows(c->s) >= RELIABILITY_MIN_PAIRS)
        ok = ts_charts_write_chart(f, "reliability", "reliability.csv",
                                   "the claims' reliability");
    if (ok && has_coverage(c->s))
        ok = ts_charts_write_chart(f, "coverage", "scores_summary.csv",
                                   "interval coverage per forecast");
    if (!ok) {
        ts_diag_add(d, ts_nowhere, "a chart template is missing");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

/* NaN last, then smaller first. */
static int by_score(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) - isnan(b);
    return (a > b) - (a < b);
}

/* Forecast a before b: mean Brier, then mean WIS, then the directory. */
static bool ranks_before(const score_ctx *c, size_t a, size_t b)
{
    const ts_score_summary *sa = &c->s->summary[a], *sb = &c->s->summary[b];
    int k = by_score(sa->mean_brier, sb->mean_brier);
    if (!k)
        k = by_score(sa->mean_wis, sb->mean_wis);
    return k ? k < 0 : strcmp(c->f[a]->dir, c->f[b]->dir) < 0;
}

/* The forecasts in rank order (insertion sort: at most a thousand). */
static void rank(const score_ctx *c, size_t *order)
{
    for (size_t i = 0; i < c->n; i++) {
        size_t v = i, j = i;
        while (j > 0 && ranks_before(c, v, order[j - 1])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

static void print_ranking(FILE *out, const score_ctx *c, size_t *order)
{
    ts_term_printf(out, "  %-4s %-32s %-8s %7s %10s %10s %10s %10s %9s\n",
                   "rank", "forecast", "as_of", "claims", "Brier",
                   "log score", "headcounts", "WIS", "in 90%");
    for (size_t i = 0; i < c->n; i++) {
        size_t k = order[i];
        const ts_score_summary *s = &c->s->summary[k];
        char as_of[16], cov[16];
        ts_month_format(c->f[k]->as_of, as_of, sizeof as_of);
        cov[0] = '\0';
        if (!isnan(s->coverage90))
            snprintf(cov, sizeof cov, "%.0f%%", 100 * s->coverage90);
        ts_term_printf(out, "  %-4zu %-32s %-8s %7zu %10.4f %10.4f %10zu "
                       "%10.0f %9s\n", i + 1, c->f[k]->dir, as_of, s->claims,
                       s->mean_brier, s->mean_log_score, s->headcounts,
                       s->mean_wis, cov);
    }
    for (size_t k = 0; k < c->n; k++) {
        const ts_score_summary *s = &c->s->summary[k];
        if (s->not_scored)
            ts_term_printf(out, "  %s: %zu not scored (%zu known by its "
                           "as_of, %zu not in this forecast)\n",
                           c->f[k]->dir, s->not_scored, s->known_before,
                           s->not_scored - s->known_before);
    }
}

/* Rows scores.csv would have at most: every forecast against every
 * outcome and headcount. Bounded before any forecast is read, so that a
 * small file cannot ask for a gigabyte of scores (README, Limits). */
#define TS_MAX_SCORE_ROWS 1000000

static ts_status work_bounded(const ts_options *opt, const ts_record *r,
                              ts_diags *d)
{
    size_t per = r->n_outcomes + r->n_headcounts;
    if (per == 0 || opt->n_dirs <= TS_MAX_SCORE_ROWS / per)
        return TS_OK;
    return ts_diag_add(d, ts_usage_mark, "%zu forecast directories against "
                       "%zu outcomes and headcounts would score %zu rows, "
                       "above the limit of %d: score fewer directories or "
                       "a shorter record", opt->n_dirs, per,
                       opt->n_dirs * per, TS_MAX_SCORE_ROWS);
}

/* The forecasts, read against the record; every unreadable one said. */
static ts_status read_forecasts(const ts_options *opt, const ts_record *r,
                                ts_forecast **f, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t k = 0; k < opt->n_dirs; k++)
        if (ts_forecast_read(opt->dirs[k], r, &f[k], d) != TS_OK)
            st = TS_EINPUT;
    return st;
}

static ts_status score_outputs(const ts_options *opt, const ts_env *env,
                               score_ctx *c, ts_diags *d)
{
    static const char *const owned[] = {
        "scores.csv", "scores_summary.csv", "reliability.csv", "charts.gp",
        "reliability.png", "coverage.png", NULL};
    static const ts_output_file files[] = {
        {"scores.csv", write_scores, NULL},
        {"scores_summary.csv", write_summary, NULL},
        {"reliability.csv", write_reliability, NULL},
        {"charts.gp", write_score_script, NULL}};
    const char *dir = opt->out_dir ? opt->out_dir : "out/scores";
    ts_run_record record = ts_command_record(opt, env, NULL, 0);
    ts_output_plan plan = {.dir = dir, .files = files, .n_files = 4,
                           .owned = owned, .record = &record,
                           .render = !opt->no_plots};
    if (claim_rows(c->s) >= RELIABILITY_MIN_PAIRS)
        plan.images[plan.n_images++] = "reliability.png";
    if (has_coverage(c->s))
        plan.images[plan.n_images++] = "coverage.png";
    ts_output_env oenv = ts_command_output_env(opt, env);
    ts_output_outcome done;
    ts_status st = ts_write_outputs(&plan, c, &oenv, &done, d);
    size_t *order = malloc((c->n + 1) * sizeof *order);
    if (done.committed && !opt->quiet && order) {
        rank(c, order);
        ts_term_printf(env->out, "scores against %s: %zu rows\n",
                       opt->outcomes, c->s->n_rows);
        print_ranking(env->out, c, order);
        ts_outputs_print_written(env->out, &plan, &done);
    }
    free(order);
    return st;
}

ts_status ts_command_score(const ts_options *opt, const ts_env *env,
                           ts_diags *d)
{
    ts_record *r = NULL;
    ts_scores *s = NULL;
    ts_forecast **f = calloc(opt->n_dirs + 1, sizeof *f);
    if (!f) {
        ts_diag_nomem(d);
        return TS_ERUNTIME;
    }
    ts_status st = ts_record_load(opt->outcomes, &r, d);
    if (st == TS_OK)
        st = work_bounded(opt, r, d);
    if (st == TS_OK)
        st = read_forecasts(opt, r, f, d);
    if (st == TS_OK)
        st = ts_scores_compute(r, f, opt->n_dirs, &s, d);
    if (st == TS_OK) {
        score_ctx c = {r, f, opt->n_dirs, s};
        st = score_outputs(opt, env, &c, d);
    }
    for (size_t k = 0; k < opt->n_dirs; k++)
        ts_forecast_destroy(f[k]);
    free(f);
    ts_scores_destroy(s);
    ts_record_destroy(r);
    return st;
}
