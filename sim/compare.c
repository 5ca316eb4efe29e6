#include "sim/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/limits.h"
#include "sim/charts.h"
#include "sim/csv_out.h"
#include "sim/outputs.h"
#include "sim/prepare.h"
#include "sim/results.h"

static const ts_mark usage_mark = {"talentsim", 0, 0};
static const char *const compare_owned[] = {
    "compare.csv", "charts.gp", "compare.png", "compare.svg", NULL};

typedef struct compare_side {
    const char *path;
    ts_scenario *sc;
    ts_results r;
    char name[160];            /* how charts and tables call it */
} compare_side;

typedef struct compare_ctx {
    compare_side side[2];
    size_t index[2][TS_MAX_POOLS + 1];  /* pool indices, per side */
    size_t n;
} compare_ctx;

static void compare_free(compare_ctx *c)
{
    for (int s = 0; s < 2; s++) {
        ts_results_free(&c->side[s].r);
        ts_scenario_destroy(c->side[s].sc);
    }
}

/* Scenario names, else file stems, else both with A/B. */
static void name_sides(compare_ctx *c)
{
    compare_side *a = &c->side[0], *b = &c->side[1];
    snprintf(a->name, sizeof a->name, "%s", a->sc->name);
    snprintf(b->name, sizeof b->name, "%s", b->sc->name);
    if (strcmp(a->name, b->name) != 0)
        return;
    ts_file_stem(a->path, a->name, sizeof a->name);
    ts_file_stem(b->path, b->name, sizeof b->name);
    if (strcmp(a->name, b->name) != 0)
        return;
    snprintf(a->name, sizeof a->name, "%s (A)", a->sc->name);
    snprintf(b->name, sizeof b->name, "%s (B)", b->sc->name);
}

static ts_status pick_one_pool(compare_ctx *c, const char *id, ts_diags *d)
{
    const ts_scenario *a = c->side[0].sc, *b = c->side[1].sc;
    size_t ia = ts_scenario_pool_index(a, id);
    size_t ib = ts_scenario_pool_index(b, id);
    if (ia != SIZE_MAX && ib != SIZE_MAX) {
        c->index[0][0] = ia;
        c->index[1][0] = ib;
        c->n = 1;
        return TS_OK;
    }
    const ts_scenario *lacking = ia == SIZE_MAX ? a : b;
    const char *hint = ts_scenario_suggest_pool(lacking, id, true);
    if (hint)
        return ts_diag_add(d, usage_mark, "--pool '%s' is not a pool of %s; "
                           "did you mean '%s'?", id,
                           c->side[lacking == b].path, hint);
    return ts_diag_add(d, usage_mark, "--pool '%s' is not a pool of %s", id,
                       c->side[lacking == b].path);
}

/* The pools of A that B has too, in A's order. */
static ts_status pick_shared_pools(compare_ctx *c, ts_diags *d)
{
    const ts_scenario *a = c->side[0].sc, *b = c->side[1].sc;
    c->n = 0;
    for (size_t i = 0; i < a->n_pools; i++) {
        size_t j = ts_scenario_pool_index(b, a->pools[i].id);
        if (j == SIZE_MAX || j == b->n_pools)
            continue;
        c->index[0][c->n] = i;
        c->index[1][c->n] = j;
        c->n++;
    }
    if (c->n == 0)
        return ts_diag_add(d, usage_mark, "%s and %s have no pool id in "
                           "common (compare matches pools by id)",
                           c->side[0].path, c->side[1].path);
    return TS_OK;
}

/* Lists the pools that only one side has, so that none goes unnoticed. */
static void note_unshared(FILE *err, const compare_ctx *c)
{
    for (int s = 0; s < 2; s++) {
        const ts_scenario *me = c->side[s].sc, *other = c->side[1 - s].sc;
        bool first = true;
        for (size_t i = 0; i < me->n_pools; i++) {
            if (ts_scenario_pool_index(other, me->pools[i].id) != SIZE_MAX)
                continue;
            fprintf(err, "%s%s", first ? "note: not compared, only in " : ", ",
                    first ? c->side[s].path : "");
            if (first)
                fprintf(err, ": ");
            fputs(me->pools[i].id, err);
            first = false;
        }
        if (!first)
            fputc('\n', err);
    }
}

static double stat_or_nan(const ts_results *r, size_t q, size_t cell)
{
    return r->stats ? r->stats->q[q][cell] : NAN;
}

static ts_status write_compare_csv(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const compare_ctx *c = ctx;
    char date[16];
    fputs("date,pool,deterministic,mean,p05,p95,scenario\n", f);
    for (size_t p = 0; p < c->n; p++)
        for (int s = 0; s < 2; s++) {
            const compare_side *side = &c->side[s];
            const ts_results *r = &side->r;
            size_t n = side->sc->n_pools + 1, j = c->index[s][p];
            for (size_t k = 0; k <= side->sc->horizon; k++) {
                size_t cell = k * n + j;
                double v[4] = {r->projection->stock[cell],
                               r->stats ? r->stats->mean[cell] : NAN,
                               stat_or_nan(r, 0, cell),
                               stat_or_nan(r, TS_N_QUANTILES - 1, cell)};
                ts_month_format(ts_scenario_step_month(side->sc, k), date,
                                sizeof date);
                fprintf(f, "%s,%s", date, ts_pool_name(side->sc, j));
                for (int i = 0; i < 4; i++) {
                    fputc(',', f);
                    ts_csv_number(f, v[i]);
                }
                fputc(',', f);
                ts_csv_text(f, side->name);
                fputc('\n', f);
            }
        }
    return TS_OK;
}

/* The largest number a panel shows, over both sides. */
static double compare_max(const compare_ctx *c)
{
    double max = 0;
    for (int s = 0; s < 2; s++) {
        const compare_side *side = &c->side[s];
        size_t n = side->sc->n_pools + 1;
        for (size_t p = 0; p < c->n; p++)
            for (size_t k = 0; k <= side->sc->horizon; k++) {
                size_t cell = k * n + c->index[s][p];
                double v = side->r.projection->stock[cell];
                double hi = stat_or_nan(&side->r, TS_N_QUANTILES - 1, cell);
                max = v > max ? v : max;
                max = hi > max ? hi : max;
            }
    }
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

static ts_status write_compare_script(FILE *f, const void *ctx, ts_diags *d)
{
    const compare_ctx *c = ctx;
    const ts_scenario *a = c->side[0].sc, *b = c->side[1].sc;
    char title[400];
    snprintf(title, sizeof title, "%s vs %s", c->side[0].name,
             c->side[1].name);
    ts_chart_frame frame = {
        .title = title,
        .first = a->start < b->start ? a->start : b->start,
        .last = end_month(a) > end_month(b) ? end_month(a) : end_month(b),
        .max_people = compare_max(c), .format = a->format};
    ts_charts_write_head(f, &frame);
    fputs("\n# ---- the comparison ----\n", f);
    fprintf(f, "n_pools = %zu\n", c->n);
    ts_gp_array(f, "pool_id", c->n, compare_pool_id, c);
    ts_gp_array(f, "pool_label", c->n, compare_pool_label, c);
    ts_gp_array(f, "series_name", 2, series_name, c);
    fprintf(f, "rows_a = %zu\nrows_b = %zu\n", a->horizon + 1,
            b->horizon + 1);
    fprintf(f, "array has_mc[2] = [%d, %d]\n", a->runs > 0, b->runs > 0);
    if (!ts_charts_write_chart(f, "compare", "compare.csv",
                               "each pool under both scenarios")) {
        ts_diag_add(d, usage_mark, "the compare chart template is missing "
                    "from this build of talentsim");
        return TS_ERUNTIME;
    }
    return TS_OK;
}

/* The step of sc dated m, or SIZE_MAX when no stock is dated m. */
static size_t step_at(const ts_scenario *sc, ts_month m)
{
    if (m < sc->start || (m - sc->start) % sc->step_months != 0)
        return SIZE_MAX;
    size_t k = (size_t)((m - sc->start) / sc->step_months);
    return k <= sc->horizon ? k : SIZE_MAX;
}

static void print_comparison(FILE *out, const compare_ctx *c)
{
    const ts_scenario *a = c->side[0].sc, *b = c->side[1].sc;
    size_t ka = SIZE_MAX, kb = SIZE_MAX;
    for (size_t k = a->horizon + 1; k-- > 0 && kb == SIZE_MAX;) {
        kb = step_at(b, ts_scenario_step_month(a, k));
        ka = k;
    }
    fprintf(out, "compare: %s (%s) vs %s (%s)\n", c->side[0].name,
            c->side[0].path, c->side[1].name, c->side[1].path);
    if (kb == SIZE_MAX) {
        fprintf(out, "  (no month has a stock in both scenarios)\n");
        return;
    }
    char date[16];
    ts_month_format(ts_scenario_step_month(a, ka), date, sizeof date);
    fprintf(out, "\n  headcount at %s (deterministic)\n", date);
    fprintf(out, "  %-24s %14.14s %14.14s %14s\n", "pool", c->side[0].name,
            c->side[1].name, "difference");
    for (size_t p = 0; p < c->n; p++) {
        double va = c->side[0].r.projection->stock[ka * (a->n_pools + 1) +
                                                  c->index[0][p]];
        double vb = c->side[1].r.projection->stock[kb * (b->n_pools + 1) +
                                                  c->index[1][p]];
        fprintf(out, "  %-24s %14.0f %14.0f %+14.0f", ts_pool_name(a,
                c->index[0][p]), va, vb, vb - va);
        if (va > 0)
            fprintf(out, " (%+.1f%%)", 100.0 * (vb - va) / va);
        fputc('\n', out);
    }
}

static void compare_dir(const ts_options *opt, const compare_ctx *c,
                        char *buf, size_t size)
{
    char sa[128], sb[128];
    if (opt->out_dir) {
        snprintf(buf, size, "%s", opt->out_dir);
        return;
    }
    ts_file_stem(c->side[0].path, sa, sizeof sa);
    ts_file_stem(c->side[1].path, sb, sizeof sb);
    snprintf(buf, size, "out/compare-%s-%s", sa, sb);
}

static ts_status load_sides(const ts_options *opt, compare_ctx *c,
                            ts_diags *d)
{
    c->side[0].path = opt->scenario_path;
    c->side[1].path = opt->scenario_path_b;
    ts_status sa = ts_prepare_scenario(c->side[0].path, opt, &c->side[0].sc,
                                       d);
    ts_status sb = ts_prepare_scenario(c->side[1].path, opt, &c->side[1].sc,
                                       d);
    if (sa != TS_OK || sb != TS_OK)
        return sa != TS_OK ? sa : sb;
    name_sides(c);
    return opt->pool ? pick_one_pool(c, opt->pool, d)
                     : pick_shared_pools(c, d);
}

static ts_status compute_sides(const ts_options *opt, const ts_env *env,
                               compare_ctx *c, ts_diags *d)
{
    ts_status st = TS_OK;
    for (int s = 0; st == TS_OK && s < 2; s++) {
        char label[200];
        snprintf(label, sizeof label, "simulating %s", c->side[s].name);
        ts_mc_setup setup = {
            ts_thread_count(opt), env->cancel,
            env->err_is_terminal && !opt->quiet ? env->err : NULL, label,
            opt->no_process_noise, env->ranks, false};
        st = ts_results_deterministic(c->side[s].sc, &c->side[s].r, d);
        if (st == TS_OK)
            st = ts_results_monte_carlo(c->side[s].sc, &setup, &c->side[s].r,
                                        d);
    }
    return st;
}

ts_status ts_command_compare(const ts_options *opt, const ts_env *env,
                             ts_diags *d)
{
    static const ts_output_file files[] = {
        {"compare.csv", write_compare_csv},
        {"charts.gp", write_compare_script}};
    compare_ctx *c = calloc(1, sizeof *c);
    char dir[4096], image[32];
    if (!c) {
        ts_diag_add(d, usage_mark, "out of memory");
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
        ts_chart_image_name("compare", c->side[0].sc->format, image,
                            sizeof image);
        ts_output_plan plan = {.dir = dir, .files = files, .n_files = 2,
                               .images = {image}, .n_images = 1,
                               .render = !opt->no_plots,
                               .owned = compare_owned};
        ts_output_env oenv = {env->err, opt->quiet, env->cancel, env->hold,
                          env->ranks && env->ranks->rank > 0};
        ts_output_outcome done;
        st = ts_write_outputs(&plan, c, &oenv, &done, d);
        if (done.committed && !opt->quiet) {
            print_comparison(env->out, c);
            fprintf(env->out, "wrote %s/: compare.csv charts.gp%s%s\n", dir,
                    done.drawn ? " " : "", done.drawn ? image : "");
        }
        if (st == TS_ECANCEL)
            ts_diag_add(d, usage_mark, "interrupted; the previous results "
                        "in %s/ are untouched", dir);
    }
    compare_free(c);
    free(c);
    return st;
}
