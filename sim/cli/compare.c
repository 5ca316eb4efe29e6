#include "sim/cli/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/base/limits.h"
#include "sim/output/charts.h"
#include "sim/output/claim_text.h"
#include "sim/output/csv_text.h"
#include "sim/output/outputs.h"
#include "sim/output/gnuplot.h"
#include "sim/cli/prepare.h"
#include "sim/output/report.h"
#include "sim/studies/paired_diff.h"
#include "sim/output/terminal.h"

static const char *const compare_owned[] = {
    "compare.csv", "compare_diff.csv", "compare_predictions.csv",
    "charts.gp", "compare.png",
    "compare.svg", "compare_diff.png", "compare_diff.svg", "report.html",
    NULL};

typedef struct compare_side {
    const char *path;
    ts_scenario *sc;
    talentsim_run *r;
    char name[160];            /* how charts and tables call it */
} compare_side;

typedef struct compare_ctx {
    compare_side side[TS_MAX_COMPARE];
    size_t n_sides;
    size_t index[TS_MAX_COMPARE][TS_MAX_POOLS + 1];  /* pool per side */
    size_t n;                  /* pools compared */
    ts_paired_diff diff[TS_MAX_COMPARE];  /* from the first; [0] unused */
    bool paired;               /* every side kept every run's stocks */
    bool draw;                 /* gnuplot may run (the report's charts) */
    const volatile sig_atomic_t *cancel;
} compare_ctx;

static void compare_free(compare_ctx *c)
{
    for (size_t s = 0; s < c->n_sides; s++) {
        talentsim_run_destroy(c->side[s].r);
        talentsim_scenario_destroy(c->side[s].sc);
        ts_paired_diff_free(&c->diff[s]);
    }
}

static bool names_unique(const compare_ctx *c)
{
    for (size_t a = 0; a < c->n_sides; a++)
        for (size_t b = 0; b < a; b++)
            if (strcmp(c->side[a].name, c->side[b].name) == 0)
                return false;
    return true;
}

/* Scenario names, else file stems, else names with A, B, C ... */
static void name_sides(compare_ctx *c)
{
    for (size_t s = 0; s < c->n_sides; s++)
        snprintf(c->side[s].name, sizeof c->side[s].name, "%s",
                 c->side[s].sc->name);
    if (names_unique(c))
        return;
    for (size_t s = 0; s < c->n_sides; s++)
        ts_file_stem(c->side[s].path, c->side[s].name,
                     sizeof c->side[s].name);
    if (names_unique(c))
        return;
    for (size_t s = 0; s < c->n_sides; s++)
        snprintf(c->side[s].name, sizeof c->side[s].name, "%s (%c)",
                 c->side[s].sc->name, (char)('A' + s));
}

/* The pools of the first scenario that every other has too, in its
 * order (or the one --pool names). */
static ts_status pick_pools(compare_ctx *c, const char *only, ts_diags *d)
{
    const ts_scenario *a = c->side[0].sc;
    c->n = 0;
    for (size_t i = 0; i < a->n_pools; i++) {
        if (only && strcmp(a->pools[i].id, only) != 0)
            continue;
        bool everywhere = true;
        for (size_t s = 1; s < c->n_sides; s++) {
            size_t j = ts_scenario_pool_index(c->side[s].sc, a->pools[i].id);
            everywhere &= j != SIZE_MAX && j < c->side[s].sc->n_pools;
            c->index[s][c->n] = j;
        }
        if (!everywhere)
            continue;
        c->index[0][c->n++] = i;
    }
    if (c->n > 0)
        return TS_OK;
    if (only) {
        for (size_t s = 0; s < c->n_sides; s++) {
            if (ts_scenario_pool_index(c->side[s].sc, only) != SIZE_MAX)
                continue;
            const char *hint = ts_scenario_suggest_pool(c->side[s].sc, only,
                                                        false);
            if (hint)
                return ts_diag_add(d, ts_usage_mark, "--pool '%s' is not a "
                                   "pool of %s; did you mean '%s'?", only,
                                   c->side[s].path, hint);
            return ts_diag_add(d, ts_usage_mark, "--pool '%s' is not a pool "
                               "of %s", only, c->side[s].path);
        }
    }
    return ts_diag_add(d, ts_usage_mark, "the scenarios have no pool id in "
                       "common (compare matches pools by id)");
}

/* Lists the pools not every scenario has, so that none goes unnoticed. */
static void note_unshared(FILE *err, const compare_ctx *c)
{
    for (size_t s = 0; s < c->n_sides; s++) {
        const ts_scenario *me = c->side[s].sc;
        bool first = true;
        for (size_t i = 0; i < me->n_pools; i++) {
            bool everywhere = true;
            for (size_t t = 0; t < c->n_sides; t++)
                everywhere &= ts_scenario_pool_index(c->side[t].sc,
                                                     me->pools[i].id) !=
                              SIZE_MAX;
            if (everywhere)
                continue;
            ts_term_printf(err, "%s%s",
                           first ? "note: not compared, not in every "
                                   "scenario: "
                                 : ", ",
                           me->pools[i].id);
            first = false;
        }
        if (!first)
            ts_term_printf(err, " (%s)\n", c->side[s].path);
    }
}

/* Why the sides' runs cannot be paired run by run, or NULL: the runs
 * share their random numbers only with the same seed and as many runs
 * (a scenario's own seed or runs are never changed to make them so). */
static const char *unpairable(const compare_ctx *c, char *buf, size_t size)
{
    const ts_scenario *a = c->side[0].sc;
    for (size_t s = 0; s < c->n_sides; s++) {
        if (!ts_paired_runs_kept(c->side[s].r))
            return "a scenario has no Monte Carlo runs, or too many to keep "
                   "each one";
    }
    for (size_t s = 1; s < c->n_sides; s++) {
        const ts_scenario *b = c->side[s].sc;
        if (b->seed != a->seed) {
            snprintf(buf, size, "%s has seed %llu and %s seed %llu, so their "
                     "runs do not share random numbers (give both the same "
                     "seed, e.g. --seed %llu)", c->side[0].name,
                     (unsigned long long)a->seed, c->side[s].name,
                     (unsigned long long)b->seed, (unsigned long long)a->seed);
            return buf;
        }
        if (b->runs != a->runs) {
            snprintf(buf, size, "%s has %zu runs and %s %zu, so not every "
                     "run has a pair (give both the same number, e.g. --runs "
                     "%zu)", c->side[0].name, a->runs, c->side[s].name,
                     b->runs, a->runs);
            return buf;
        }
    }
    return NULL;
}

/* Paired differences need every run's stocks of every side, from the
 * same random numbers. */
static ts_status pair_sides(compare_ctx *c, FILE *err, bool quiet,
                            ts_diags *d)
{
    char why_buf[TS_DIAG_MSG_MAX];
    const char *why = unpairable(c, why_buf, sizeof why_buf);
    c->paired = why == NULL;
    if (!c->paired) {
        if (!quiet)
            ts_term_printf(err, "note: no paired differences: %s\n", why);
        return TS_OK;
    }
    size_t most = 0;
    for (size_t s = 0; s < c->n_sides; s++)
        most = c->side[s].sc->runs > most ? c->side[s].sc->runs : most;
    double *buf = malloc((most + 1) * sizeof *buf);
    bool ok = buf != NULL;
    for (size_t s = 1; ok && s < c->n_sides; s++)
        ok = ts_paired_diff_compute(c->side[0].sc, c->side[0].r,
                                    c->side[s].sc, c->side[s].r, c->index[0],
                                    c->index[s], c->n, buf, &c->diff[s]);
    free(buf);
    if (!ok) {
        ts_diag_runtime(d, "out of memory for the paired "
                    "differences");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

static ts_status write_compare_csv(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const compare_ctx *c = ctx;
    char date[16];
    fputs("date,pool,deterministic,mean,p05,p50,p95,scenario\n", f);
    for (size_t p = 0; p < c->n; p++)
        for (size_t s = 0; s < c->n_sides; s++) {
            const compare_side *side = &c->side[s];
            const talentsim_run *r = side->r;
            size_t j = c->index[s][p];
            for (size_t k = 0; k <= side->sc->horizon; k++) {
                double v[5] = {
                    talentsim_stock(r, k, j, TALENTSIM_DETERMINISTIC),
                    talentsim_stock(r, k, j, TALENTSIM_MEAN),
                    talentsim_stock(r, k, j, TALENTSIM_P05),
                    talentsim_stock(r, k, j, TALENTSIM_P50),
                    talentsim_stock(r, k, j, TALENTSIM_P95)};
                ts_month_format(ts_scenario_step_month(side->sc, k), date,
                                sizeof date);
                fprintf(f, "%s,%s", date, ts_pool_name(side->sc, j));
                ts_csv_cells(f, v, 5);
                fputc(',', f);
                ts_csv_text(f, side->name);
                fputc('\n', f);
            }
        }
    return TS_OK;
}

static ts_status write_diff_csv(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const compare_ctx *c = ctx;
    const ts_scenario *a = c->side[0].sc;
    char date[16];
    fputs("date,pool,deterministic,p05,p50,p95,scenario,minus\n", f);
    for (size_t p = 0; p < c->n; p++)
        for (size_t s = 1; s < c->n_sides; s++) {
            const ts_paired_diff *x = &c->diff[s];
            for (size_t t = 0; t < x->n_dates; t++) {
                const double *q = x->q + (p * x->n_dates + t) * 3;
                ts_month_format(ts_scenario_step_month(a, x->step_a[t]),
                                date, sizeof date);
                fprintf(f, "%s,%s,", date, ts_pool_name(a, c->index[0][p]));
                ts_csv_number(f, x->det[p * x->n_dates + t]);
                ts_csv_cells(f, q, 3);
                fputc(',', f);
                ts_csv_text(f, c->side[s].name);
                fputc(',', f);
                ts_csv_text(f, c->side[0].name);
                fputc('\n', f);
            }
        }
    return TS_OK;
}

/* The largest number a panel shows, over every side. */
static double compare_max(const compare_ctx *c)
{
    double max = 0;
    for (size_t s = 0; s < c->n_sides; s++)
        for (size_t p = 0; p < c->n; p++)
            max = fmax(max, ts_charts_pool_top(c->side[s].r, c->index[s][p]));
    return max;
}

static const char *compare_pool_id(const void *ctx, size_t i, char *buf,
                                   size_t size)
{
    (void)buf;
    (void)size;
    const compare_ctx *c = ctx;
    return ts_pool_name(c->side[0].sc, c->index[0][i]);
}

static const char *compare_pool_label(const void *ctx, size_t i, char *buf,
                                      size_t size)
{
    (void)buf;
    (void)size;
    const compare_ctx *c = ctx;
    size_t j = c->index[0][i];
    const ts_scenario *a = c->side[0].sc;
    return j < a->n_pools && a->pools[j].label ? a->pools[j].label
                                                : ts_pool_name(a, j);
}

static const char *series_name(const void *ctx, size_t i, char *buf,
                               size_t size)
{
    (void)buf;
    (void)size;
    return ((const compare_ctx *)ctx)->side[i].name;
}

static ts_month end_month(const ts_scenario *sc)
{
    return ts_scenario_step_month(sc, sc->horizon);
}

/* gnuplot array NAME[n] of whole numbers. */
static void gp_counts(FILE *f, const char *name, const size_t *v, size_t n)
{
    fprintf(f, "array %s[%zu] = [", name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%zu", i ? ", " : "", v[i]);
    fputs("]\n", f);
}

static ts_status write_compare_script(FILE *f, const void *ctx, ts_diags *d)
{
    const compare_ctx *c = ctx;
    char title[400];
    size_t len = 0;
    for (size_t s = 0; s < c->n_sides && len < sizeof title; s++)
        len += (size_t)snprintf(title + len, sizeof title - len, "%s%s",
                                s ? " vs " : "", c->side[s].name);
    ts_month first = c->side[0].sc->start, last = end_month(c->side[0].sc);
    for (size_t s = 1; s < c->n_sides; s++) {
        first = c->side[s].sc->start < first ? c->side[s].sc->start : first;
        last = end_month(c->side[s].sc) > last ? end_month(c->side[s].sc)
                                               : last;
    }
    ts_chart_frame frame = {.title = title, .first = first, .last = last,
                            .max_people = compare_max(c),
                            .format = c->side[0].sc->format};
    ts_charts_write_head(f, &frame);
    fputs("\n# ---- the comparison ----\n", f);
    fprintf(f, "n_pools = %zu\nn_series = %zu\n", c->n, c->n_sides);
    ts_gp_array(f, "pool_id", c->n, compare_pool_id, c);
    ts_gp_array(f, "pool_label", c->n, compare_pool_label, c);
    ts_gp_array(f, "series_name", c->n_sides, series_name, c);
    size_t rows[TS_MAX_COMPARE], has_mc[TS_MAX_COMPARE],
        diff_rows[TS_MAX_COMPARE];
    for (size_t s = 0; s < c->n_sides; s++) {
        rows[s] = c->side[s].sc->horizon + 1;
        has_mc[s] = c->side[s].sc->runs > 0;
        diff_rows[s] = s ? c->diff[s].n_dates : 0;
    }
    gp_counts(f, "series_rows", rows, c->n_sides);
    gp_counts(f, "has_mc", has_mc, c->n_sides);
    gp_counts(f, "diff_rows", diff_rows, c->n_sides);
    if (!ts_charts_write_chart(f, "compare", "compare.csv",
                               "each pool under every scenario") ||
        (c->paired && !ts_charts_write_chart(f, "compare_diff",
                                             "compare_diff.csv",
                                             "the paired differences from "
                                             "the first scenario"))) {
        ts_diag_add(d, ts_usage_mark, "the compare chart template is missing "
                    "from this build of talentsim");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

/* The last month with a stock in every scenario, as steps of each. */
static bool common_end(const compare_ctx *c, size_t *step)
{
    const ts_scenario *a = c->side[0].sc;
    for (size_t k = a->horizon + 1; k-- > 0;) {
        bool all = true;
        step[0] = k;
        for (size_t s = 1; s < c->n_sides && all; s++) {
            step[s] = ts_scenario_month_step(c->side[s].sc,
                                             ts_scenario_step_month(a, k));
            all = step[s] != SIZE_MAX;
        }
        if (all)
            return true;
    }
    return false;
}

/* A difference as printed: one that rounds to zero is +0, never -0. */
static double shown(double x, double half_unit)
{
    return fabs(x) < half_unit ? 0.0 : x;
}

/* The paired difference of side s at step ka of the first, pool p. */
static const double *paired_at(const compare_ctx *c, size_t s, size_t p,
                               size_t ka)
{
    const ts_paired_diff *x = &c->diff[s];
    for (size_t t = 0; c->paired && t < x->n_dates; t++)
        if (x->step_a[t] == ka)
            return x->q + (p * x->n_dates + t) * 3;
    return NULL;
}

/* ---- the predictions the scenarios share --------------------------- */

/* Prediction ia of the first scenario's index in each side, when every
 * side has its id. */
static bool shared_prediction(const compare_ctx *c, size_t ia, size_t *idx)
{
    const char *id = c->side[0].sc->predictions[ia].id.s;
    for (size_t s = 0; s < c->n_sides; s++) {
        const ts_scenario *sc = c->side[s].sc;
        idx[s] = SIZE_MAX;
        for (size_t i = 0; i < sc->n_predictions; i++)
            if (strcmp(sc->predictions[i].id.s, id) == 0)
                idx[s] = i;
        if (idx[s] == SIZE_MAX)
            return false;
    }
    return true;
}

/* One row of compare_predictions.csv: side s's probability by method,
 * and its difference from the first side's (exact: of the exact values;
 * Monte Carlo: the paired difference, when the runs pair). False when
 * the side has no probability by that method. */
typedef struct claim_row {
    double p, se, diff, diff_se;
} claim_row;

static bool claim_row_of(const compare_ctx *c, size_t s, const size_t *idx,
                         talentsim_method method, claim_row *row)
{
    double pa, sea;
    row->diff = row->diff_se = NAN;
    if (!talentsim_prediction(c->side[s].r, idx[s], method, &row->p,
                              &row->se))
        return false;
    if (s == 0)
        return true;
    if (method == TALENTSIM_EXACT &&
        talentsim_prediction(c->side[0].r, idx[0], method, &pa, &sea))
        row->diff = row->p - pa;
    else if (method == TALENTSIM_MONTECARLO && c->paired)
        ts_paired_claim_diff(c->side[0].r, idx[0], c->side[s].r, idx[s],
                             &row->diff, &row->diff_se);
    return true;
}

static const struct {
    talentsim_method method;
    const char *name;
} claim_methods[] = {{TALENTSIM_EXACT, "exact"},
                     {TALENTSIM_MONTECARLO, "montecarlo"}};

static ts_status write_compare_predictions(FILE *f, const void *ctx,
                                           ts_diags *d)
{
    (void)d;
    const compare_ctx *c = ctx;
    size_t idx[TS_MAX_COMPARE];
    fputs("id,scenario,probability,stderr,method,diff,diff_stderr\n", f);
    for (size_t i = 0; i < c->side[0].sc->n_predictions; i++) {
        if (!shared_prediction(c, i, idx))
            continue;
        for (size_t s = 0; s < c->n_sides; s++)
            for (size_t m = 0; m < 2; m++) {
                claim_row row;
                if (!claim_row_of(c, s, idx, claim_methods[m].method, &row))
                    continue;
                fprintf(f, "%s,", c->side[0].sc->predictions[i].id.s);
                ts_csv_text(f, c->side[s].name);
                double v[2] = {row.p, row.se}, w[2] = {row.diff, row.diff_se};
                ts_csv_cells(f, v, 2);
                fprintf(f, ",%s", claim_methods[m].name);
                ts_csv_cells(f, w, 2);
                fputc('\n', f);
            }
    }
    return TS_OK;
}

/* The first prediction every scenario shares, or SIZE_MAX. */
static size_t first_shared(const compare_ctx *c)
{
    size_t idx[TS_MAX_COMPARE];
    for (size_t i = 0; i < c->side[0].sc->n_predictions; i++)
        if (shared_prediction(c, i, idx))
            return i;
    return SIZE_MAX;
}

/* Where a shared prediction's row stands: prediction i of the first
 * scenario, side s, method m; whether it is the prediction's first row
 * and its side's first. */
typedef struct claim_place {
    size_t i, s, m;
    bool first_of_claim, first_of_side;
} claim_place;

typedef void (*claim_row_fn)(FILE *out, const compare_ctx *c,
                             const claim_place *at, const claim_row *row);

/* Every row of every prediction the scenarios share, in the first
 * scenario's order. */
static void each_shared_row(FILE *out, const compare_ctx *c,
                            claim_row_fn fn)
{
    size_t idx[TS_MAX_COMPARE];
    for (size_t i = 0; i < c->side[0].sc->n_predictions; i++) {
        if (!shared_prediction(c, i, idx))
            continue;
        claim_place at = {i, 0, 0, true, true};
        for (at.s = 0; at.s < c->n_sides; at.s++) {
            at.first_of_side = true;
            for (at.m = 0; at.m < 2; at.m++) {
                claim_row row;
                if (!claim_row_of(c, at.s, idx, claim_methods[at.m].method,
                                  &row))
                    continue;
                fn(out, c, &at, &row);
                at.first_of_claim = at.first_of_side = false;
            }
        }
    }
}

static void print_claim_row(FILE *out, const compare_ctx *c,
                            const claim_place *at, const claim_row *row)
{
    size_t s = at->s, m = at->m;
    bool first = at->first_of_side;
    if (at->first_of_claim)
        ts_term_printf(out, "  %s\n",
                       c->side[0].sc->predictions[at->i].id.s);
    char text[48];
    size_t shown = ts_probability_text(row->p, row->se,
                                       c->side[s].sc->runs, text,
                                       sizeof text);
    ts_term_printf(out, "    %-24.24s %s%*s %-10s",
                   first ? c->side[s].name : "", text,
                   (int)(shown < 17 ? 17 - shown : 0), "",
                   claim_methods[m].name);
    if (!isnan(row->diff) && isnan(row->diff_se))
        ts_term_printf(out, " %+.3f", row->diff);
    else if (!isnan(row->diff))
        ts_term_printf(out, " paired runs: %+.3f \u00b1 %.3f", row->diff,
                       row->diff_se);
    fputc('\n', out);
}

static void print_shared_predictions(FILE *out, const compare_ctx *c)
{
    if (first_shared(c) != SIZE_MAX)
        ts_term_printf(out, "\n  the predictions every scenario has, and "
                       "each one's difference from %s\n", c->side[0].name);
    each_shared_row(out, c, print_claim_row);
}

static void print_comparison(FILE *out, const compare_ctx *c)
{
    size_t step[TS_MAX_COMPARE];
    ts_term_printf(out, "compare:");
    for (size_t s = 0; s < c->n_sides; s++)
        ts_term_printf(out, "%s %s (%s)", s ? " vs" : "", c->side[s].name,
                c->side[s].path);
    fputc('\n', out);
    if (!common_end(c, step)) {
        ts_term_printf(out, "  (no month has a stock in every scenario)\n");
        return;
    }
    char date[16];
    const ts_scenario *a = c->side[0].sc;
    ts_month_format(ts_scenario_step_month(a, step[0]), date, sizeof date);
    ts_term_printf(out,
                   "\n  headcount at %s (deterministic), and each scenario's "
                   "difference from %s\n",
                   date, c->side[0].name);
    for (size_t p = 0; p < c->n; p++) {
        ts_term_printf(out, "  %s\n", ts_pool_name(a, c->index[0][p]));
        double va = talentsim_stock(c->side[0].r, step[0], c->index[0][p],
                                    TALENTSIM_DETERMINISTIC);
        for (size_t s = 0; s < c->n_sides; s++) {
            double v = talentsim_stock(c->side[s].r, step[s], c->index[s][p],
                                       TALENTSIM_DETERMINISTIC);
            ts_term_printf(out, "    %-24.24s %12.0f", c->side[s].name, v);
            if (s > 0) {
                ts_term_printf(out, " %+12.0f", shown(v - va, 0.5));
                if (va > 0)
                    ts_term_printf(out, " (%+.1f%%)",
                                   shown(100.0 * (v - va) / va, 0.05));
                const double *q = paired_at(c, s, p, step[0]);
                if (q)
                    ts_term_printf(out, "   paired runs: %+.0f [%+.0f, %+.0f]",
                                   q[1], q[0], q[2]);
            }
            fputc('\n', out);
        }
    }
    print_shared_predictions(out, c);
    if (c->paired && c->n_sides > 1)
        ts_term_printf(
            out, "  (paired runs: the median and 5th-95th percentile of "
                 "the difference run by run, or for a prediction its mean "
                 "and standard error; the runs share their random "
                 "numbers)\n");
}

static void compare_dir(const ts_options *opt, const compare_ctx *c,
                        char *buf, size_t size)
{
    if (opt->out_dir) {
        snprintf(buf, size, "%s", opt->out_dir);
        return;
    }
    size_t len = (size_t)snprintf(buf, size, "out/compare");
    for (size_t s = 0; s < c->n_sides && len < size; s++) {
        char stem[128];
        ts_file_stem(c->side[s].path, stem, sizeof stem);
        len += (size_t)snprintf(buf + len, size - len, "-%s", stem);
    }
}

static ts_status load_sides(const ts_options *opt, compare_ctx *c,
                            ts_diags *d)
{
    ts_status st = TS_OK;
    c->n_sides = opt->n_scenarios;
    for (size_t s = 0; s < c->n_sides; s++) {
        c->side[s].path = opt->scenario_paths[s];
        ts_status one = ts_prepare_scenario(c->side[s].path, opt,
                                            &c->side[s].sc, d);
        if (one != TS_OK && st == TS_OK)
            st = one;
    }
    if (st != TS_OK)
        return st;
    name_sides(c);
    return pick_pools(c, opt->pool, d);
}

static ts_status compute_sides(const ts_options *opt, const ts_env *env,
                               compare_ctx *c, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t s = 0; st == TS_OK && s < c->n_sides; s++) {
        char label[200];
        snprintf(label, sizeof label, "simulating %s", c->side[s].name);
        st = ts_command_compute(opt, env, c->side[s].sc, label, &c->side[s].r,
                                d);
    }
    if (st == TS_OK)
        st = pair_sides(c, env->err, opt->quiet, d);
    return st;
}

/* The comparison's script drawn as SVG. */
static bool write_compare_svg(FILE *f, void *ctx, ts_diags *d)
{
    compare_ctx *c = ctx;
    ts_scenario *a = c->side[0].sc;
    a->format = TS_IMAGE_SVG; /* the same script, drawn as SVG */
    fprintf(f, "font_scale = %g\n", TS_REPORT_FONT_SCALE);
    bool ok = write_compare_script(f, c, d) == TS_OK;
    a->format = TS_IMAGE_PNG;
    return ok;
}

/* The report's charts as SVG in the temporary directory: the run's own
 * when it draws SVG, else drawn here (and *temp: removed once read). */
static bool compare_svgs(ts_outdir *o, compare_ctx *c, bool *temp,
                         ts_diags *d)
{
    *temp = c->side[0].sc->format != TS_IMAGE_SVG;
    if (!c->draw)
        return false;
    return !*temp ||
           ts_report_draw_svgs(o, write_compare_svg, c, c->cancel, d);
}

/* The report's headcount table: each pool's headcount at the last
 * month every scenario reaches, and each one's difference from the
 * first (with the paired runs' median and 5th-95th percentile). */
static void report_headcounts(FILE *out, const compare_ctx *c)
{
    size_t step[TS_MAX_COMPARE];
    if (!common_end(c, step))
        return;
    char date[16];
    const ts_scenario *a = c->side[0].sc;
    ts_month_format(ts_scenario_step_month(a, step[0]), date, sizeof date);
    fprintf(out, "<h2>Headcount at %s</h2>\n<table><thead><tr><th>pool"
            "</th><th>scenario</th><th>headcount</th><th>difference from ",
            date);
    ts_report_text(out, c->side[0].name);
    fputs("</th><th>paired runs: median [p05, p95]</th></tr></thead>\n",
          out);
    for (size_t p = 0; p < c->n; p++) {
        double va = talentsim_stock(c->side[0].r, step[0], c->index[0][p],
                                    TALENTSIM_DETERMINISTIC);
        for (size_t s = 0; s < c->n_sides; s++) {
            double v = talentsim_stock(c->side[s].r, step[s], c->index[s][p],
                                       TALENTSIM_DETERMINISTIC);
            fputs("<tr><td>", out);
            ts_report_text(out, s ? "" : ts_pool_name(a, c->index[0][p]));
            fputs("</td><td>", out);
            ts_report_text(out, c->side[s].name);
            fprintf(out, "</td><td class=\"n\">%.0f</td><td class=\"n\">",
                    v);
            if (s > 0 && va > 0)
                fprintf(out, "%+.0f (%+.1f%%)", shown(v - va, 0.5),
                        shown(100.0 * (v - va) / va, 0.05));
            fputs("</td><td class=\"n\">", out);
            const double *q = s ? paired_at(c, s, p, step[0]) : NULL;
            if (q)
                fprintf(out, "%+.0f [%+.0f, %+.0f]", q[1], q[0], q[2]);
            fputs("</td></tr>\n", out);
        }
    }
    fputs("</table>\n", out);
}

/* A row of the report's table of the predictions the scenarios share. */
static void report_claim_row(FILE *out, const compare_ctx *c,
                             const claim_place *at, const claim_row *row)
{
    char text[48];
    ts_probability_text(row->p, row->se, c->side[at->s].sc->runs, text,
                        sizeof text);
    fputs("<tr><td>", out);
    if (at->first_of_claim)
        ts_report_text(out, c->side[0].sc->predictions[at->i].id.s);
    fputs("</td><td>", out);
    ts_report_text(out, c->side[at->s].name);
    fprintf(out, "</td><td class=\"n\">%s</td><td>%s</td>"
            "<td class=\"n\">", text, claim_methods[at->m].name);
    if (!isnan(row->diff) && isnan(row->diff_se))
        fprintf(out, "%+.3f", row->diff);
    else if (!isnan(row->diff))
        fprintf(out, "%+.3f &plusmn; %.3f (paired runs)", row->diff,
                row->diff_se);
    fputs("</td></tr>\n", out);
}

static void report_predictions(FILE *out, const compare_ctx *c)
{
    if (first_shared(c) == SIZE_MAX)
        return;
    fputs("<h2>Predictions</h2>\n<table><thead><tr><th>prediction</th>"
          "<th>scenario</th><th>probability</th><th>method</th>"
          "<th>difference from the first</th></tr></thead>\n", out);
    each_shared_row(out, c, report_claim_row);
    fputs("</table>\n", out);
}

/* report.html of a comparison: the scenarios, the table at the last
 * common month with the paired differences, and both charts. */
static ts_status compare_report(ts_outdir *o, const void *ctx, ts_diags *d)
{
    compare_ctx *c = (compare_ctx *)ctx;
    bool temp, drawn = compare_svgs(o, c, &temp, d);
    FILE *out = ts_outdir_open(o, "report.html", d);
    if (!out)
        return TS_ERUNTIME;
    char title[400];
    size_t len = 0;
    for (size_t s = 0; s < c->n_sides && len < sizeof title; s++)
        len += (size_t)snprintf(title + len, sizeof title - len, "%s%s",
                                s ? " vs " : "", c->side[s].name);
    ts_report_begin(out, title);
    fputs("<p class=\"note\">Scenarios:", out);
    for (size_t s = 0; s < c->n_sides; s++) {
        fputs(s ? ", " : " ", out);
        ts_report_text(out, c->side[s].name);
        fputs(" (<code>", out);
        ts_report_text(out, c->side[s].path);
        fputs("</code>)", out);
    }
    fputs(c->paired ? ". The runs share their random numbers, so each run's "
                      "difference from the first scenario is the effect of "
                      "the assumptions.</p>\n"
                    : ". The runs are not paired (see the note of the "
                      "command line): only each scenario's own bands are "
                      "shown.</p>\n", out);
    report_headcounts(out, c);
    report_predictions(out, c);
    fputs("<h2>Charts</h2>\n", out);
    if (!drawn || !ts_report_figure(out, o, "compare", "Each scenario's "
                                    "median and 5-95 % band.", temp))
        fputs("<p class=\"note\">The charts need gnuplot (Debian: "
              "gnuplot-nox).</p>\n", out);
    else if (c->paired)
        ts_report_figure(out, o, "compare_diff", "Each scenario minus the "
                         "first, run by run: median and 5-95 % of the "
                         "paired differences; dashed: the deterministic "
                         "difference.", temp);
    ts_report_end(out);
    return ts_outdir_close(o, out, "report.html", d);
}

/* compare.csv, compare_diff.csv when the runs pair,
 * compare_predictions.csv when the scenarios share a prediction, and
 * charts.gp; how many. */
static size_t compare_files(const compare_ctx *c, ts_output_file *files)
{
    size_t n = 0, idx[TS_MAX_COMPARE];
    bool shared = false;
    for (size_t i = 0; i < c->side[0].sc->n_predictions; i++)
        shared |= shared_prediction(c, i, idx);
    files[n++] = (ts_output_file){"compare.csv", write_compare_csv, NULL};
    if (c->paired)
        files[n++] = (ts_output_file){"compare_diff.csv", write_diff_csv, NULL};
    if (shared)
        files[n++] = (ts_output_file){"compare_predictions.csv",
                                      write_compare_predictions, NULL};
    files[n++] = (ts_output_file){"charts.gp", write_compare_script, NULL};
    return n;
}

ts_status ts_command_compare(const ts_options *opt, const ts_env *env,
                             ts_diags *d)
{
    compare_ctx *c = calloc(1, sizeof *c);
    char dir[TS_PATH_MAX], image[2][32];
    if (!c) {
        ts_diag_nomem(d);
        return TS_ERUNTIME;
    }
    ts_status st = load_sides(opt, c, d);
    if (st == TS_OK) {
        if (!opt->quiet && !opt->pool)
            note_unshared(env->err, c);
        st = compute_sides(opt, env, c, d);
    }
    if (st == TS_OK) {
        compare_dir(opt, c, dir, sizeof dir);
        ts_chart_image_name("compare", c->side[0].sc->format, image[0],
                            sizeof image[0]);
        ts_chart_image_name("compare_diff", c->side[0].sc->format, image[1],
                            sizeof image[1]);
        const ts_scenario *scs[TS_MAX_COMPARE];
        for (size_t s = 0; s < c->n_sides; s++)
            scs[s] = c->side[s].sc;
        ts_run_record record = ts_command_record(opt, env, scs, c->n_sides);
        ts_output_file files[4];
        size_t n_files = compare_files(c, files);
        ts_output_plan plan = {.record = &record, .dir = dir,
                               .files = files, .n_files = n_files,
                               .images = {image[0], image[1]},
                               .n_images = c->paired ? 2 : 1,
                               .render = !opt->no_plots,
                               .owned = compare_owned,
                               .finish = opt->report ? compare_report : NULL};
        c->draw = !opt->no_plots;
        c->cancel = env->cancel;
        ts_output_env oenv = ts_command_output_env(opt, env);
        ts_output_outcome done;
        st = ts_write_outputs(&plan, c, &oenv, &done, d);
        if (done.committed && !opt->quiet) {
            print_comparison(env->out, c);
            ts_outputs_print_written(env->out, &plan, &done);
        }
        if (st == TS_ECANCEL)
            ts_outputs_interrupted(dir, d);
    }
    compare_free(c);
    free(c);
    return st;
}
