/* What a run writes beside the CSVs of the core: flows_total.csv and
 * net_yearly.csv (checked against flows.csv and stocks.csv, and against
 * flow balance), charts.gp, what happens with gnuplot missing, failing
 * or succeeding (a stand-in gnuplot on PATH, so these tests need no real
 * one), and compare. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "models/load/loader.h"
#include "models/validate/validate.h"
#include "sim/output/outdir.h"
#include "sim/mc/results.h"
#include "tests/harness.h"

/* Relative tolerance for sums of 12-digit CSV numbers. */
#define SUM_TOL 1e-9

static char baseline[1024], brain_drain[1024], labs_yaml[1024],
    isolate_yaml[1024];

static int setup(void **state)
{
    (void)state;
    snprintf(baseline, sizeof baseline, "%s/scenarios/baseline.yaml",
             ts_test_source_dir());
    snprintf(brain_drain, sizeof brain_drain,
             "%s/scenarios/brain_drain.yaml", ts_test_source_dir());
    snprintf(labs_yaml, sizeof labs_yaml, "%s/scenarios/labs.yaml",
             ts_test_source_dir());
    snprintf(isolate_yaml, sizeof isolate_yaml, "%s/scenarios/isolate.yaml",
             ts_test_source_dir());
    return 0;
}

/* ---- small CSV reader: no quoting in these files ------------------ */

#define MAX_FIELDS 16

typedef struct csv {
    char *text;
    char **rows[200000];
    size_t n;      /* data rows, header excluded */
} csv;

static csv *csv_read(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    csv *c = calloc(1, sizeof *c);
    c->text = ts_test_file_text(path, NULL);
    if (!c->text)
        fail_msg("%s was not written", path);
    char *line = strchr(c->text, '\n') + 1;   /* skip the header */
    while (*line) {
        char *end = strchr(line, '\n');
        *end = '\0';
        char **fields = calloc(MAX_FIELDS, sizeof *fields);
        size_t k = 0;
        for (char *p = line; k < MAX_FIELDS; k++) {
            fields[k] = p;
            char *comma = strchr(p, ',');
            if (!comma)
                break;
            *comma = '\0';
            p = comma + 1;
        }
        c->rows[c->n++] = fields;
        line = end + 1;
    }
    return c;
}

static void csv_free(csv *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->rows[i]);
    free(c->text);
    free(c);
}

static double num(const csv *c, size_t row, size_t col)
{
    return strtod(c->rows[row][col], NULL);
}

static const char *str(const csv *c, size_t row, size_t col)
{
    return c->rows[row][col];
}

static void assert_close(double got, double want, double scale)
{
    if (fabs(got - want) > SUM_TOL * (scale > 1 ? scale : 1))
        fail_msg("got %.12g, want %.12g", got, want);
}

/* ---- running ------------------------------------------------------ */

static ts_run_result *run_path(const char *const *argv, const char *path)
{
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run_with_path(argv, path, r);
    return r;
}

static int exists(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static void touch(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ts_test_write_file(path, "old");
}

/* A stand-in gnuplot in dir/bin: its script body is `body`. The PATH
 * to run with (written to path_env) finds it before any real one, and
 * sed and the shell's other tools after it. */
/* Draws an image for every `out = 'NAME.' . image_ext` of the script, in
 * the script's format, and warns once. */
static const char *const drawing_gnuplot =
    "ext=$(sed -n \"s/^image_ext = '\\(.*\\)'/\\1/p\" \"$1\")\n"
    "for n in $(sed -n \"s/^out = '\\(.*\\)\\.' \\. image_ext/\\1/p\" "
    "\"$1\"); do echo image > \"$n.$ext\"; done\n"
    "echo 'warning: stand-in gnuplot' >&2";

static void assert_no_temp_dirs(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (strncmp(e->d_name, ".talentsim-tmp", 14) == 0)
            fail_msg("temporary directory %s left in %s", e->d_name, dir);
    closedir(d);
}

/* ---- flows_total.csv and net_yearly.csv --------------------------- */

/* flows_total.csv is flows.csv summed over steps, pair by pair. */
static void check_flows_total(const char *dir)
{
    csv *steps = csv_read(dir, "flows.csv");
    csv *total = csv_read(dir, "flows_total.csv");
    for (size_t t = 0; t < total->n; t++) {
        double det = 0, mean = 0;
        for (size_t s = 0; s < steps->n; s++)
            if (strcmp(str(steps, s, 2), str(total, t, 0)) == 0 &&
                strcmp(str(steps, s, 3), str(total, t, 1)) == 0) {
                det += num(steps, s, 4);
                mean += num(steps, s, 5);
            }
        assert_close(num(total, t, 2), det, det);
        assert_close(num(total, t, 3), mean, mean);
    }
    csv_free(steps);
    csv_free(total);
}

/* Each row of net_yearly.csv: start and end are stocks.csv's values at
 * the period's dates, net = end - start, and the parts balance:
 * net = entrants + transfers_in - transfers_out - left_field. */
static void check_net_yearly(const char *dir, size_t periods,
                             const char *last_from, const char *last_to)
{
    csv *net = csv_read(dir, "net_yearly.csv");
    csv *stocks = csv_read(dir, "stocks.csv");
    assert_int_equal(strtoul(str(net, net->n - 1, 0), NULL, 10), periods);
    assert_string_equal(str(net, net->n - 1, 1), last_from);
    assert_string_equal(str(net, net->n - 1, 2), last_to);
    for (size_t i = 0; i < net->n; i++) {
        double start = NAN, end = NAN;
        for (size_t s = 0; s < stocks->n; s++) {
            if (strcmp(str(stocks, s, 3), str(net, i, 3)) != 0)
                continue;
            if (strcmp(str(stocks, s, 1), str(net, i, 1)) == 0)
                start = num(stocks, s, 4);
            if (strcmp(str(stocks, s, 1), str(net, i, 2)) == 0)
                end = num(stocks, s, 4);
        }
        double scale = fabs(num(net, i, 4)) + fabs(num(net, i, 5));
        assert_close(num(net, i, 4), start, scale);
        assert_close(num(net, i, 5), end, scale);
        assert_close(num(net, i, 6), end - start, scale);
        assert_close(num(net, i, 7) + num(net, i, 8) - num(net, i, 9) -
                         num(net, i, 10),
                     end - start, scale);
    }
    csv_free(net);
    csv_free(stocks);
}

static void baseline_sums(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    const char *argv[] = {"talentsim", baseline, "-o", dir, "--runs", "40",
                          "--no-plots", "--quiet", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    check_flows_total(dir);
    /* 48 months from 2024-01: four calendar years */
    check_net_yearly(dir, 4, "2027-01", "2028-01");
    csv *total = csv_read(dir, "flows_total.csv");
    assert_int_equal(total->n, 6 * 6 - 6); /* every i != j, outside too */
    csv_free(total);
    free(r);
    ts_test_rmtree(dir);
}

/* A quarterly run from July whose last period is one quarter long. */
static void odd_periods(void **state)
{
    (void)state;
    char dir[512], file[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/q.yaml", dir);
    ts_test_write_file(file,
        "scenario: {name: q, start: 2024-07, step: quarter, horizon: 9, "
        "runs: 0}\n"
        "pools:\n"
        "  - {id: a, headcount: 500, inflow: 80, inflow_growth: 0.1, "
        "retention: 0.8, to: {b: 0.5}}\n"
        "  - {id: b, headcount: 300, inflow: 20, retention: 0.9, "
        "to: {a: 0.2}}\n");
    const char *argv[] = {"talentsim", file, "-o", dir, "--no-plots",
                          "--quiet", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    check_flows_total(dir);
    check_net_yearly(dir, 3, "2026-07", "2026-10");
    free(r);
    ts_test_rmtree(dir);
}

/* ---- charts.gp ---------------------------------------------------- */

static char *script(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/charts.gp", dir);
    char *text = ts_test_file_text(path, NULL);
    if (!text)
        fail_msg("%s was not written", path);
    return text;
}

/* Pools that differ more than 20 times get a log axis (the baseline's
 * do not); twelve pools get twelve colours, none repeated. */
static void stocks_scale_and_colours(void **state)
{
    (void)state;
    char dir[256], file[512], out[512];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/s.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 12, runs: 0}\n"
        "pools:\n"
        "  - {id: big, headcount: 20000, retention: 0.9}\n"
        "  - {id: small, headcount: 20, retention: 0.9}\n");
    const char *argv[] = {"talentsim", file, "-o", out, "--no-plots", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    free(r);
    char *text = script(out);
    assert_non_null(strstr(text, "\nstocks_log = 1 "));
    const char *colours = strstr(text, "array pool_rgb[12] = [");
    assert_non_null(colours);
    unsigned rgb[12];
    const char *at = strchr(colours, '[') + 1;
    at = strchr(at, '[') + 1;
    for (int i = 0; i < 12; i++) {
        at += strcspn(at, "0");
        assert_int_equal(sscanf(at, "0x%6x", &rgb[i]), 1);
        at += 8;
        for (int j = 0; j < i; j++)
            assert_true(rgb[i] != rgb[j]);
    }
    free(text);
    const char *base[] = {"talentsim", baseline, "-o", out, "--no-plots",
                          "--runs", "0", NULL};
    r = run_path(base, NULL);
    assert_int_equal(r->status, 0);
    free(r);
    text = script(out);
    assert_non_null(strstr(text, "\nstocks_log = 0 "));
    free(text);
    ts_test_rmtree(dir);
}

/* The script names its data by relative path, one section per chart
 * selected, and nothing of the temporary directory it was written in. */
static void script_sections(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    const char *argv[] = {"talentsim", baseline, "-o", dir, "--runs", "0",
                          "--set", "outputs.charts=[net, fan, stocks]",
                          "--no-plots", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    /* fan asked for by name, but runs is 0 */
    assert_string_equal(r->err, "note: no fan chart: it needs Monte Carlo "
                                "runs and runs is 0\n");
    char *text = script(dir);
    assert_non_null(strstr(text, "# ---- stocks:"));
    assert_non_null(strstr(text, "# ---- net:"));
    assert_null(strstr(text, "# ---- fan:"));
    assert_null(strstr(text, "# ---- flows:"));
    assert_non_null(strstr(text, "data = 'stocks.csv'\n"));
    assert_non_null(strstr(text, "data = 'net_yearly.csv'\n"));
    assert_null(strstr(text, ".talentsim-tmp"));
    assert_null(strstr(text, dir));
    assert_non_null(strstr(text, "scenario_title = 'baseline'\n"));
    assert_non_null(strstr(text, "term_type = 'pngcairo'\n"));
    /* years on the x axis, calendar years for the bars */
    assert_non_null(strstr(text, "array xtic_label[5] = ['2024', '2025', "
                                 "'2026', '2027', \\\n    '2028']"));
    assert_non_null(strstr(text, "array period_label[4] = ['2024', '2025', "
                                 "'2026', '2027']"));
    free(text);
    free(r);
    ts_test_rmtree(dir);
}

/* ---- gnuplot missing, failing, succeeding ------------------------- */

static void gnuplot_missing(void **state)
{
    (void)state;
    char dir[512], want[1200];
    ts_test_tmpdir(dir, sizeof dir);
    touch(dir, "stocks.png");       /* an image of an earlier run */
    const char *argv[] = {"talentsim", baseline, "-o", dir, "--runs", "20",
                          NULL};
    ts_run_result *r = run_path(argv, "/nonexistent");
    assert_int_equal(r->status, 0);
    snprintf(want, sizeof want, "note: gnuplot is not on PATH, so the "
             "charts were not drawn; draw them with: cd %s && gnuplot "
             "charts.gp\n", dir);
    assert_string_equal(r->err, want);
    assert_true(exists(dir, "charts.gp") && exists(dir, "stocks.csv"));
    assert_false(exists(dir, "stocks.png"));  /* stale: removed */
    assert_non_null(strstr(r->out, "charts.gp run.yaml\n"));
    free(r);
    ts_test_rmtree(dir);
}

static void gnuplot_fails(void **state)
{
    (void)state;
    char dir[512], bin[700], out[600];
    ts_test_tmpdir(dir, sizeof dir);
    ts_test_fake_gnuplot(dir, "echo 'partial' > stocks.png\n"
                      "echo '\"charts.gp\" line 7: unknown or ambiguous "
                      "terminal type' >&2\nexit 1", bin, sizeof bin);
    snprintf(out, sizeof out, "%s/out", dir);
    mkdir(out, 0777);
    touch(out, "fan.png");
    const char *argv[] = {"talentsim", baseline, "-o", out, "--runs", "20",
                          "--quiet", NULL};
    ts_run_result *r = run_path(argv, bin);
    assert_int_equal(r->status, 1);
    char want[1400];
    snprintf(want, sizeof want, "gnuplot: \"charts.gp\" line 7: unknown or "
             "ambiguous terminal type\ntalentsim: error: gnuplot failed, so "
             "the charts were not drawn (the CSV files and charts.gp are in "
             "%s/)\n", out);
    assert_string_equal(r->err, want);
    assert_true(exists(out, "stocks.csv") && exists(out, "charts.gp"));
    assert_false(exists(out, "stocks.png")); /* gnuplot's partial image */
    assert_false(exists(out, "fan.png"));    /* the earlier run's */
    assert_no_temp_dirs(out);
    free(r);
    ts_test_rmtree(dir);
}

static void gnuplot_draws_nothing(void **state)
{
    (void)state;
    char dir[512], bin[700], out[600];
    ts_test_tmpdir(dir, sizeof dir);
    ts_test_fake_gnuplot(dir, "exit 0", bin, sizeof bin);
    snprintf(out, sizeof out, "%s/out", dir);
    const char *argv[] = {"talentsim", baseline, "-o", out, "--runs", "0",
                          "--quiet", NULL};
    ts_run_result *r = run_path(argv, bin);
    assert_int_equal(r->status, 1);
    assert_non_null(strstr(r->err, "gnuplot wrote no stocks.png"));
    assert_true(exists(out, "stocks.csv"));
    free(r);
    ts_test_rmtree(dir);
}

/* A working gnuplot: exactly the selected images land, in the chosen
 * format, and its warnings are passed on. */
static void gnuplot_draws_selected(void **state)
{
    (void)state;
    char dir[512], bin[700], out[600];
    ts_test_tmpdir(dir, sizeof dir);
    ts_test_fake_gnuplot(dir, drawing_gnuplot, bin, sizeof bin);
    snprintf(out, sizeof out, "%s/out", dir);
    mkdir(out, 0777);
    touch(out, "stocks.png");       /* the other format: must go */
    const char *argv[] = {"talentsim", baseline, "-o", out, "--runs", "20",
                          "--set", "outputs.charts=[flows, stocks]",
                          "--format", "svg", NULL};
    ts_run_result *r = run_path(argv, bin);
    assert_int_equal(r->status, 0);
    assert_string_equal(r->err, "gnuplot: warning: stand-in gnuplot\n");
    assert_true(exists(out, "stocks.svg") && exists(out, "flows.svg"));
    assert_false(exists(out, "fan.svg") || exists(out, "net.svg"));
    assert_false(exists(out, "stocks.png"));
    assert_non_null(
        strstr(r->out, "charts.gp run.yaml stocks.svg flows.svg\n"));
    char *text = script(out);
    assert_non_null(strstr(text, "term_type = 'svg'\n"));
    free(text);
    assert_no_temp_dirs(out);
    free(r);
    ts_test_rmtree(dir);
}

/* --no-plots never runs gnuplot (this one would fail) and leaves no
 * image of an earlier run. */
static void no_plots(void **state)
{
    (void)state;
    char dir[512], bin[700], out[600];
    ts_test_tmpdir(dir, sizeof dir);
    ts_test_fake_gnuplot(dir, "exit 1", bin, sizeof bin);
    snprintf(out, sizeof out, "%s/out", dir);
    mkdir(out, 0777);
    touch(out, "net.png");
    const char *argv[] = {"talentsim", baseline, "-o", out, "--runs", "0",
                          "--no-plots", "--quiet", NULL};
    ts_run_result *r = run_path(argv, bin);
    assert_int_equal(r->status, 0);
    assert_string_equal(r->err, "");
    assert_true(exists(out, "charts.gp"));
    assert_false(exists(out, "net.png"));
    free(r);
    ts_test_rmtree(dir);
}

/* ---- compare ------------------------------------------------------ */

/* compare of three scenarios: compare.csv holds, for each shared pool,
 * exactly what each scenario's own run writes in stocks.csv (same seed,
 * same numbers). */
static void compare_matches_runs(void **state)
{
    (void)state;
    const char *paths[3] = {baseline, brain_drain, isolate_yaml};
    const char *names[3] = {"baseline", "brain_drain", "isolate"};
    char dir[512], cmp[600], one[3][600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(cmp, sizeof cmp, "%s/cmp", dir);
    const char *argv_c[] = {"talentsim", "compare", baseline, brain_drain,
                            isolate_yaml, "-o", cmp, "--runs", "30",
                            "--no-plots", NULL};
    ts_run_result *r = run_path(argv_c, NULL);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "compare: baseline ("));
    assert_non_null(strstr(r->out, "headcount at 2028-01"));
    assert_non_null(strstr(r->out, "paired runs:"));
    free(r);
    csv *s[3];
    for (int k = 0; k < 3; k++) {
        snprintf(one[k], sizeof one[k], "%s/%s", dir, names[k]);
        const char *argv[] = {"talentsim", paths[k], "-o", one[k], "--runs",
                              "30", "--no-plots", "--quiet", NULL};
        r = run_path(argv, NULL);
        assert_int_equal(r->status, 0);
        free(r);
        s[k] = csv_read(one[k], "stocks.csv");
    }
    csv *c = csv_read(cmp, "compare.csv");
    assert_int_equal(c->n, 5 * 3 * 49);   /* pools x scenarios x dates */
    size_t checked = 0;
    for (size_t i = 0; i < c->n; i++) {
        const csv *own = NULL;
        for (int k = 0; k < 3; k++)
            if (strcmp(str(c, i, 7), names[k]) == 0)
                own = s[k];
        assert_non_null(own);
        for (size_t j = 0; j < own->n; j++)
            if (strcmp(str(own, j, 1), str(c, i, 0)) == 0 &&
                strcmp(str(own, j, 3), str(c, i, 1)) == 0) {
                assert_string_equal(str(c, i, 2), str(own, j, 4)); /* det */
                assert_string_equal(str(c, i, 3), str(own, j, 5)); /* mean */
                assert_string_equal(str(c, i, 4), str(own, j, 7)); /* p05 */
                assert_string_equal(str(c, i, 5), str(own, j, 9)); /* p50 */
                assert_string_equal(str(c, i, 6), str(own, j, 11)); /* p95 */
                checked++;
            }
    }
    assert_int_equal(checked, c->n);
    csv *diff = csv_read(cmp, "compare_diff.csv");
    assert_int_equal(diff->n, 5 * 2 * 49);
    csv_free(diff);
    csv_free(c);
    for (int k = 0; k < 3; k++)
        csv_free(s[k]);
    ts_test_rmtree(dir);
}

/* compare_diff.csv against the paired differences computed here from
 * each scenario's own runs (loaded and simulated through the library):
 * run r of isolate minus run r of the baseline, enterprise software at
 * 2028-01, sorted, type-7 percentiles. */
static double type7(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)h;
    return lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo])
                      : v[n - 1];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static ts_scenario *load_runs(const char *path, size_t runs, ts_results *r)
{
    ts_diags d;
    ts_diags_init(&d);
    ts_scenario *sc = NULL;
    assert_int_equal(ts_scenario_load(path, &sc, &d), TS_OK);
    sc->runs = runs;
    assert_int_equal(ts_scenario_validate(sc, &d), TS_OK);
    ts_mc_setup setup = {.threads = 2};
    assert_int_equal(ts_results_deterministic(sc, r, &d), TS_OK);
    assert_int_equal(ts_results_monte_carlo(sc, &setup, r, &d), TS_OK);
    return sc;
}

static void compare_diff_by_hand(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    const char *argv[] = {"talentsim", "compare", baseline, isolate_yaml,
                          "-o", dir, "--runs", "40", "--no-plots", "-q",
                          NULL};
    ts_run_result *run = run_path(argv, NULL);
    assert_int_equal(run->status, 0);
    free(run);
    ts_results ra = {0}, rb = {0};
    ts_scenario *a = load_runs(baseline, 40, &ra);
    ts_scenario *b = load_runs(isolate_yaml, 40, &rb);
    size_t es = ts_scenario_pool_index(a, "enterprise_software");
    double v[40];
    for (size_t r = 0; r < 40; r++)
        v[r] = (double)ts_mc_stock(rb.mc, r, 48, es) -
               (double)ts_mc_stock(ra.mc, r, 48, es);
    qsort(v, 40, sizeof *v, cmp_double);
    csv *c = csv_read(dir, "compare_diff.csv");
    bool found = false;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(str(c, i, 0), "2028-01") == 0 &&
            strcmp(str(c, i, 1), "enterprise_software") == 0) {
            found = true;
            assert_close(num(c, i, 3), type7(v, 40, 0.05), fabs(v[0]) + 1);
            assert_close(num(c, i, 4), type7(v, 40, 0.5), fabs(v[0]) + 1);
            assert_close(num(c, i, 5), type7(v, 40, 0.95), fabs(v[39]) + 1);
            assert_string_equal(str(c, i, 6), "isolate");
            assert_string_equal(str(c, i, 7), "baseline");
        }
    assert_true(found);
    csv_free(c);
    ts_results_free(&ra);
    ts_results_free(&rb);
    ts_scenario_destroy(a);
    ts_scenario_destroy(b);
    ts_test_rmtree(dir);
}

static void compare_one_pool(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    const char *argv[] = {"talentsim", "compare", baseline, brain_drain,
                          "--pool", "enterprise_software", "-o", dir,
                          "--runs", "0", "--no-plots", "--quiet", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    csv *c = csv_read(dir, "compare.csv");
    assert_int_equal(c->n, 2 * 49);
    for (size_t i = 0; i < c->n; i++) {
        assert_string_equal(str(c, i, 1), "enterprise_software");
        assert_string_equal(str(c, i, 3), "");   /* no Monte Carlo */
    }
    /* the two scenarios share the start */
    assert_string_equal(str(c, 0, 2), "60000");
    assert_string_equal(str(c, 49, 2), "60000");
    csv_free(c);
    free(r);
    ts_test_rmtree(dir);
}


/* Runs pair only when they share their random numbers: other seeds, or
 * other run counts, give no paired differences and a note that says
 * why; the same seed given on the command line pairs them again. */
static void compare_unpaired(void **state)
{
    (void)state;
    char dir[512], seeded[700], more[700], text[1400];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(seeded, sizeof seeded, "%s/seeded.yaml", dir);
    snprintf(text, sizeof text, "extends: %s\nscenario: {seed: 7}\n",
             baseline);
    ts_test_write_file(seeded, text);
    snprintf(more, sizeof more, "%s/more.yaml", dir);
    snprintf(text, sizeof text, "extends: %s\nscenario: {runs: 30}\n",
             baseline);
    ts_test_write_file(more, text);
    const char *other_seed[] = {"talentsim", "compare", baseline, seeded,
                                "-o", dir, "--runs", "20", "--no-plots",
                                NULL};
    ts_run_result *r = run_path(other_seed, NULL);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->err, "note: no paired differences: baseline "
                                   "has seed 42 and seeded seed 7, so their "
                                   "runs do not share random numbers"));
    assert_null(strstr(r->out, "paired runs"));
    assert_false(exists(dir, "compare_diff.csv"));
    free(r);
    const char *other_runs[] = {"talentsim", "compare", more, baseline, "-o",
                                dir, "--no-plots", NULL};
    r = run_path(other_runs, NULL);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->err, "note: no paired differences: more has "
                                   "30 runs and baseline 1000, so not every "
                                   "run has a pair"));
    assert_false(exists(dir, "compare_diff.csv"));
    free(r);
    const char *same_seed[] = {"talentsim", "compare", baseline, seeded,
                               "-o", dir, "--runs", "20", "--seed", "42",
                               "--no-plots", "--quiet", NULL};
    r = run_path(same_seed, NULL);
    assert_int_equal(r->status, 0);
    assert_true(exists(dir, "compare_diff.csv"));
    free(r);
    ts_test_rmtree(dir);
}

static void compare_errors(void **state)
{
    (void)state;
    char dir[512], other[600];
    ts_test_tmpdir(dir, sizeof dir);
    const char *unknown[] = {"talentsim", "compare", baseline, brain_drain,
                             "--pool", "enterprise_sotware", "-o", dir,
                             NULL};
    ts_run_result *r = run_path(unknown, NULL);
    assert_int_equal(r->status, 2);
    char want[4000];
    snprintf(want, sizeof want, "talentsim: error: --pool "
             "'enterprise_sotware' is not a pool of %s; did you mean "
             "'enterprise_software'?\n", baseline);
    assert_string_equal(r->err, want);
    free(r);

    snprintf(other, sizeof other, "%s/other.yaml", dir);
    ts_test_write_file(other,
        "scenario: {start: 2024-01, horizon: 12}\n"
        "pools:\n"
        "  - {id: x, headcount: 10, retention: 0.9}\n");
    const char *disjoint[] = {"talentsim", "compare", baseline, other, "-o",
                              dir, NULL};
    r = run_path(disjoint, NULL);
    assert_int_equal(r->status, 2);
    snprintf(want, sizeof want, "talentsim: error: the scenarios have no "
             "pool id in common (compare matches pools by id)\n");
    assert_string_equal(r->err, want);
    free(r);

    ts_test_write_file(other,
        "scenario: {start: 2024-01, horizon: 12}\n"
        "pools:\n"
        "  - {id: x, headcount: 10, retention: 1.5}\n");
    r = run_path(disjoint, NULL);
    assert_int_equal(r->status, 2);
    snprintf(want, sizeof want, "%s:3:39: error: retention must be in "
             "(0, 1], got 1.5\n", other);
    assert_string_equal(r->err, want);
    assert_false(exists(dir, "compare.csv"));
    free(r);

    const char *one[] = {"talentsim", "compare", baseline, NULL};
    r = run_path(one, NULL);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "compare needs two to 8 scenario files"));
    free(r);
    ts_test_rmtree(dir);
}

static void format_option(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    const char *argv[] = {"talentsim", baseline, "-o", dir, "--format",
                          "jpg", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, "--format jpg: error: format must be png or "
                                "svg, got 'jpg'\n");
    assert_false(exists(dir, "stocks.csv"));
    free(r);
    ts_test_rmtree(dir);
}

/* ---- executives and predictions ---------------------------------- */

/* executives_paths.csv: every executive's probabilities sum to 1 at
 * every step, start at their pool, and end as executives.csv says. */
static void check_exec_paths(const char *dir)
{
    csv *paths = csv_read(dir, "executives_paths.csv");
    csv *execs = csv_read(dir, "executives.csv");
    for (size_t e = 0; e < execs->n; e++) {
        const char *name = str(execs, e, 0);
        double sum[200] = {0}, end_p = -1;
        size_t last = 0;
        for (size_t i = 0; i < paths->n; i++) {
            if (strcmp(str(paths, i, 2), name) != 0)
                continue;
            size_t k = strtoul(str(paths, i, 0), NULL, 10);
            sum[k] += num(paths, i, 4);
            last = k > last ? k : last;
            if (k == 0)
                assert_string_equal(str(paths, i, 3), str(execs, e, 1));
        }
        for (size_t k = 0; k <= last; k++)
            assert_close(sum[k], 1, 1);
        for (size_t i = 0; i < paths->n; i++)
            if (strcmp(str(paths, i, 2), name) == 0 &&
                strtoul(str(paths, i, 0), NULL, 10) == last &&
                strcmp(str(paths, i, 3), str(execs, e, 3)) == 0)
                end_p = num(paths, i, 4);
        assert_close(end_p, num(execs, e, 4), 1);
    }
    csv_free(paths);
    csv_free(execs);
}

/* The curve at each prediction's own date is its exact probability. */
static void check_curves(const char *dir)
{
    csv *pred = csv_read(dir, "predictions.csv");
    csv *curve = csv_read(dir, "predictions_curve.csv");
    size_t exact_rows = 0;
    for (size_t i = 0; i < pred->n; i++) {
        if (strcmp(str(pred, i, 3), "exact") != 0)
            continue;
        exact_rows++;
        bool found = false;
        for (size_t j = 0; j < curve->n; j++)
            if (strcmp(str(curve, j, 0), str(pred, i, 0)) == 0 &&
                strcmp(str(curve, j, 3), str(pred, i, 1)) == 0)
                found = true;
        if (!found)
            fail_msg("no point of %s's curve is %s", str(pred, i, 0),
                     str(pred, i, 1));
    }
    assert_int_equal(exact_rows, 4);
    csv_free(pred);
    csv_free(curve);
}

static void labs_outputs(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    const char *argv[] = {"talentsim", labs_yaml, "-o", dir, "--runs", "300",
                          "--no-plots", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "  prediction                probability"));
    assert_non_null(strstr(r->out, "montecarlo"));
    assert_non_null(strstr(r->out, "\u00b1 one Monte Carlo standard error, "
                                    "300 runs"));
    assert_non_null(strstr(r->out, "enterprise CTOs (40)"));
    check_exec_paths(dir);
    check_curves(dir);
    csv *pred = csv_read(dir, "predictions.csv");
    assert_int_equal(pred->n, 4 * 2 + 1); /* exact + MC rows, 1 headcount */
    assert_string_equal(str(pred, 0, 3), "exact");
    assert_string_equal(str(pred, 0, 2), "");      /* no stderr */
    assert_string_equal(str(pred, 1, 3), "montecarlo");
    assert_true(num(pred, 1, 2) > 0);
    csv_free(pred);
    free(r);
    ts_test_rmtree(dir);
}

/* Without runs a headcount claim has no probability, and says so. */
static void labs_without_runs(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    const char *argv[] = {"talentsim", labs_yaml, "-o", dir, "--runs", "0",
                          "--no-plots", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "(needs runs)"));
    csv *pred = csv_read(dir, "predictions.csv");
    assert_int_equal(pred->n, 4 + 1);
    assert_string_equal(str(pred, 4, 0), "saas_keeps_shrinking");
    assert_string_equal(str(pred, 4, 1), "");
    csv_free(pred);
    free(r);
    ts_test_rmtree(dir);
}

/* An executive's move through --set: more moving CTOs, a likelier
 * prediction; an unknown name is an error naming the option. */
static void set_executive_move(void **state)
{
    (void)state;
    char dir[512], dir2[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(dir2, sizeof dir2, "%s/more", dir);
    const char *base[] = {"talentsim", labs_yaml, "-o", dir, "--runs", "0",
                          "--no-plots", "-q", NULL};
    const char *more[] = {"talentsim", labs_yaml, "-o", dir2, "--runs", "0",
                          "--no-plots", "-q", "--set",
                          "executives.enterprise CTOs.move=0.3", NULL};
    ts_run_result *r = run_path(base, NULL);
    assert_int_equal(r->status, 0);
    free(r);
    r = run_path(more, NULL);
    assert_int_equal(r->status, 0);
    free(r);
    csv *a = csv_read(dir, "predictions.csv");
    csv *b = csv_read(dir2, "predictions.csv");
    assert_true(num(b, 0, 1) > num(a, 0, 1) + 0.01);
    csv_free(a);
    csv_free(b);
    const char *bad[] = {"talentsim", labs_yaml, "-o", dir, "--set",
                         "executives.Nobody.move=0.1", NULL};
    r = run_path(bad, NULL);
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, "--set executives.Nobody.move=0.1: error: "
                                "no executive or group is named 'Nobody'\n");
    free(r);
    ts_test_rmtree(dir);
}

/* ---- sweep and tornado -------------------------------------------- */

/* sweep.csv's deterministic numbers are, value by value, those of a run
 * with --set PATH=VALUE, to the digit. */
static void sweep_matches_set(void **state)
{
    (void)state;
    char dir[512], one[600], two[600], sw[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(one, sizeof one, "%s/one", dir);
    snprintf(two, sizeof two, "%s/two", dir);
    snprintf(sw, sizeof sw, "%s/sweep", dir);
    const char *sweep[] = {"talentsim", "sweep", baseline, "--param",
                           "pools.enterprise_software.retention", "--values",
                           "0.7,0.9", "--runs", "0", "-o", sw, "--no-plots",
                           "-q", NULL};
    const char *run1[] = {"talentsim", baseline, "--set",
                          "pools.enterprise_software.retention=0.7", "--runs",
                          "0", "-o", one, "--no-plots", "-q", NULL};
    const char *run2[] = {"talentsim", baseline, "--set",
                          "pools.enterprise_software.retention=0.9", "--runs",
                          "0", "-o", two, "--no-plots", "-q", NULL};
    const char *const *argvs[] = {sweep, run1, run2};
    for (size_t i = 0; i < 3; i++) {
        ts_run_result *r = run_path(argvs[i], NULL);
        assert_int_equal(r->status, 0);
        free(r);
    }
    csv *s = csv_read(sw, "sweep.csv");
    csv *a = csv_read(one, "stocks.csv"), *b = csv_read(two, "stocks.csv");
    assert_int_equal(s->n, 2 * a->n);
    for (size_t i = 0; i < s->n; i++) {
        const csv *st = strcmp(str(s, i, 0), "0.7") == 0 ? a : b;
        size_t found = 0;
        for (size_t j = 0; j < st->n; j++)
            if (strcmp(str(st, j, 1), str(s, i, 2)) == 0 &&
                strcmp(str(st, j, 3), str(s, i, 1)) == 0) {
                assert_string_equal(str(s, i, 3), str(st, j, 4));
                found++;
            }
        assert_int_equal(found, 1);
    }
    csv_free(s);
    csv_free(a);
    csv_free(b);
    ts_test_rmtree(dir);
}

/* tornado.csv: the largest swing first, and each end equal to a run
 * with --set PATH=that end's value. */
static void tornado_matches_set(void **state)
{
    (void)state;
    char dir[512], tor[600], one[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(tor, sizeof tor, "%s/tornado", dir);
    snprintf(one, sizeof one, "%s/one", dir);
    const char *argv[] = {"talentsim", "tornado", baseline, "--metric",
                          "enterprise_software@2027-01", "-o", tor,
                          "--no-plots", NULL};
    ts_run_result *r = run_path(argv, NULL);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "what moves the headcount of "
                                   "enterprise_software at 2027-01"));
    free(r);
    csv *t = csv_read(tor, "tornado.csv");
    assert_true(t->n >= 10);
    assert_string_equal(str(t, 0, 0), "pools.enterprise_software.retention");
    for (size_t i = 1; i < t->n; i++)
        assert_true(num(t, i, 5) <= num(t, i - 1, 5));
    char set[256];
    snprintf(set, sizeof set, "%s=%s", str(t, 0, 0), str(t, 0, 1));
    const char *low[] = {"talentsim", baseline, "--set", set, "--runs", "0",
                         "-o", one, "--no-plots", "-q", NULL};
    r = run_path(low, NULL);
    assert_int_equal(r->status, 0);
    free(r);
    csv *st = csv_read(one, "stocks.csv");
    bool seen = false;
    for (size_t j = 0; j < st->n; j++)
        if (strcmp(str(st, j, 1), "2027-01") == 0 &&
            strcmp(str(st, j, 3), "enterprise_software") == 0) {
            assert_close(num(st, j, 4), num(t, 0, 3), 1e3 * num(t, 0, 3));
            seen = true;
        }
    assert_true(seen);
    csv_free(st);
    csv_free(t);
    ts_test_rmtree(dir);
}

static void study_errors(void **state)
{
    (void)state;
    char dir[512], plain[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(plain, sizeof plain, "%s/plain.yaml", dir);
    ts_test_write_file(plain,
        "scenario: {start: 2024-01, horizon: 12}\n"
        "pools:\n  - {id: a, headcount: 10, retention: 0.9}\n");
    struct {
        const char *argv[12];
        int status;
        const char *err;
    } cases[] = {
        {{"talentsim", "tornado", plain, "--metric", "a", "-o", dir, NULL},
         2, "talentsim: error: %s has no uncertain parameter, so there is "
            "nothing to rank: give one as a distribution, e.g. retention: "
            "{range: [0.7, 0.85]}\n"},
        {{"talentsim", "tornado", plain, "--metric", "aa", "-o", dir, NULL},
         2, "talentsim: error: --metric: unknown pool 'aa'; did you mean "
            "'a'?\n"},
        {{"talentsim", "tornado", plain, "--metric", "a@2024-13", "-o", dir,
          NULL},
         2, "talentsim: error: --metric: '2024-13' is not a month YYYY-MM\n"},
        {{"talentsim", "sweep", plain, "--param", "pools.a.retention",
          "--range", "0.9:0.7:3", "-o", dir, NULL},
         2, "talentsim: error: --range must be lo:hi:n with lo < hi and n "
            "from 2 to 200, got '0.9:0.7:3'\n"},
        {{"talentsim", "sweep", plain, "--param", "pools.a.retention",
          "--values", "0.8,1.5", "-o", dir, NULL},
         2, "--param pools.a.retention=1.5: error: retention must be in "
            "(0, 1], got 1.5\n"},
        {{"talentsim", plain, "--metric", "a", NULL},
         2, "talentsim: error: --metric is an option of tornado: talentsim "
            "tornado S.yaml --metric POOL@YYYY-MM\n"
            "Try 'talentsim --help' for usage.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ts_run_result *r = run_path(cases[i].argv, NULL);
        char want[2048];
        snprintf(want, sizeof want, cases[i].err, plain);
        assert_int_equal(r->status, cases[i].status);
        assert_string_equal(r->err, want);
        free(r);
    }
    assert_false(exists(dir, "tornado.csv") || exists(dir, "sweep.csv"));
    ts_test_rmtree(dir);
}

/* A full disk: writing fails at close, with the system's words, and
 * nothing reaches the output directory. (/dev/full stands in for the
 * disk: every write to it fails with ENOSPC.) */
static void disk_full(void **state)
{
    (void)state;
    char dir[512];
    ts_test_tmpdir(dir, sizeof dir);
    ts_diags d;
    ts_diags_init(&d);
    ts_outdir *o;
    assert_int_equal(ts_outdir_begin(dir, &o, &d), TS_OK);
    FILE *f = ts_outdir_open(o, "stocks.csv", &d);
    assert_non_null(f);
    fclose(f);
    f = fopen("/dev/full", "w");
    assert_non_null(f);
    fputs("step,date\n", f);
    assert_int_equal(ts_outdir_close(o, f, "stocks.csv", &d), TS_ERUNTIME);
    char line[2048], want[1200];
    ts_diag_format(&d.items[0], line, sizeof line);
    snprintf(want, sizeof want, "error: cannot write '%s/stocks.csv': No "
             "space left on device", dir);
    assert_non_null(strstr(line, want));
    ts_outdir_abort(o);
    assert_false(exists(dir, "stocks.csv"));
    assert_no_temp_dirs(dir);
    ts_test_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(baseline_sums),
        cmocka_unit_test(odd_periods),
        cmocka_unit_test(script_sections),
        cmocka_unit_test(stocks_scale_and_colours),
        cmocka_unit_test(gnuplot_missing),
        cmocka_unit_test(gnuplot_fails),
        cmocka_unit_test(gnuplot_draws_nothing),
        cmocka_unit_test(gnuplot_draws_selected),
        cmocka_unit_test(no_plots),
        cmocka_unit_test(format_option),
        cmocka_unit_test(disk_full),
        cmocka_unit_test(compare_matches_runs),
        cmocka_unit_test(compare_diff_by_hand),
        cmocka_unit_test(compare_one_pool),
        cmocka_unit_test(compare_unpaired),
        cmocka_unit_test(compare_errors),
        cmocka_unit_test(labs_outputs),
        cmocka_unit_test(labs_without_runs),
        cmocka_unit_test(set_executive_move),
        cmocka_unit_test(sweep_matches_set),
        cmocka_unit_test(tornado_matches_set),
        cmocka_unit_test(study_errors),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
