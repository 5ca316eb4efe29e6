/* talentsim score (SPEC section 8) against values computed by hand:
 * Brier, the log score with its clipping, interval scores and WIS from
 * given quantiles, coverage, absolute error without runs; outcomes known
 * by a forecast's as_of are not scored; every mistake of the record and
 * of a forecast directory is an error at its place. The forecasts here
 * are written by hand, so that every number is known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/studies/score.h"
#include "tests/harness.h"

static void near(double got, double want)
{
    if (!(fabs(got - want) <= 1e-12 * fmax(1, fabs(want))))
        fail_msg("got %.15g, want %.15g", got, want);
}

/* The formulas on numbers worked by hand. */
static void formulas(void **state)
{
    (void)state;
    near(ts_brier(0.7, true), 0.09);
    near(ts_brier(0.7, false), 0.49);
    near(ts_log_score(0.7, true), 0.35667494393873245);
    /* certain and wrong: clipped to 0.999, -ln 0.001 */
    near(ts_log_score(1.0, false), 6.907755278982137);
    near(ts_log_score(0.0, false), 0.0010005003335835335);
    double q[5] = {10, 20, 30, 40, 50};
    /* y = 45: IS_0.5 = 20 + 4 * 5 = 40, IS_0.1 = 40,
     * WIS = (0.5 * 15 + 0.25 * 40 + 0.05 * 40) / 2.5 = 7.8 */
    near(ts_interval_score(20, 40, 45, 0.5), 40);
    near(ts_interval_score(10, 50, 45, 0.1), 40);
    near(ts_wis(q, 45), 7.8);
    /* y = 5: IS_0.5 = 20 + 4 * 15 = 80, IS_0.1 = 40 + 20 * 5 = 140,
     * WIS = (12.5 + 20 + 7) / 2.5 = 15.8 */
    near(ts_wis(q, 5), 15.8);
    /* inside both: only the widths */
    near(ts_wis(q, 30), (0 + 0.25 * 20 + 0.05 * 40) / 2.5);
}

/* A forecast directory written by hand: made at as_of, claim p with an
 * exact and a Monte Carlo row, pool a's stocks at 2025-01. */
static void forecast(const char *dir, const char *as_of, const char *p,
                     const char *quantiles)
{
    char path[700], text[1200];
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/run.yaml", dir);
    snprintf(text, sizeof text, "talentsim: \"0\"\nscenarios:\n"
             "  - name: \"x\"\n    as_of: \"%s\"\n", as_of);
    ts_test_write_file(path, text);
    snprintf(path, sizeof path, "%s/predictions.csv", dir);
    snprintf(text, sizeof text, "id,probability,stderr,method,text\n"
             "c,0.5,0.02,montecarlo,\"a, claim\"\nc,%s,,exact,\"a, claim\"\n"
             "h,0.25,0.01,montecarlo,\n", p);
    ts_test_write_file(path, text);
    snprintf(path, sizeof path, "%s/stocks.csv", dir);
    snprintf(text, sizeof text, "step,date,years,pool,deterministic,mean,sd,"
             "p05,p25,p50,p75,p95\n"
             "0,2024-01,0,a,100,100,0,100,100,100,100,100\n"
             "12,2025-01,1,a,31,30,5,%s\n", quantiles);
    ts_test_write_file(path, text);
}

static ts_run_result *run(const char *const *argv)
{
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    return r;
}

/* The row of csv that begins with prefix, or NULL. */
static const char *row(const char *csv, const char *prefix)
{
    for (const char *l = csv; l && *l;
         l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, prefix, strlen(prefix)) == 0)
            return l + strlen(prefix);
    return NULL;
}

static void scores_by_hand(void **state)
{
    (void)state;
    char dir[256], a[512], b[512], c[512], out[512], rec[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(c, sizeof c, "%s/late", dir);
    snprintf(out, sizeof out, "%s/scores", dir);
    snprintf(rec, sizeof rec, "%s/record.yaml", dir);
    forecast(a, "2024-01", "0.8", "10,20,30,40,50");
    /* no runs: empty quantiles, the deterministic 31 */
    forecast(b, "2024-01", "0.6", ",,,,");
    /* made after both outcomes were known: nothing scored */
    forecast(c, "2025-06", "0.9", "10,20,30,40,50");
    ts_test_write_file(rec,
        "history:\n"
        "  outcomes:\n"
        "    - {id: c, came_true: true, on: 2025-01}\n"
        "  headcounts:\n"
        "    - {pool: a, at: 2025-01, value: 45}\n");
    const char *argv[] = {"talentsim", "score", a, b, c, "--outcomes", rec,
                          "-o", out, NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    snprintf(path, sizeof path, "%s/scores.csv", out);
    char *csv = ts_test_file_text(path, NULL);
    char prefix[600];
    /* a: the exact 0.8 against 1: Brier 0.04, log -ln 0.8; y = 45 */
    snprintf(prefix, sizeof prefix, "%s,c,claim,2025-01,", a);
    assert_string_equal(strtok(strdup(row(csv, prefix)), "\n"),
                        "0.8,1,0.04,0.223143551314,,,,");
    snprintf(prefix, sizeof prefix, "%s,a,headcount,2025-01,", a);
    assert_non_null(strstr(row(csv, prefix), "30,45,,,7.8,15,0,1\n"));
    /* b: 0.6 and no runs: |45 - 31| and no WIS */
    snprintf(prefix, sizeof prefix, "%s,c,claim,2025-01,", b);
    assert_non_null(strstr(row(csv, prefix), "0.6,1,0.16,"));
    snprintf(prefix, sizeof prefix, "%s,a,headcount,2025-01,", b);
    assert_non_null(strstr(row(csv, prefix), "31,45,,,,14,,\n"));
    /* late: known by its as_of, so nothing */
    snprintf(prefix, sizeof prefix, "%s,", c);
    assert_null(row(csv, prefix));
    free(csv);
    snprintf(path, sizeof path, "%s/scores_summary.csv", out);
    csv = ts_test_file_text(path, NULL);
    snprintf(prefix, sizeof prefix, "%s,2025-06,0,,,0,,,,2\n", c);
    assert_non_null(strstr(csv, prefix));
    snprintf(prefix, sizeof prefix, "%s,2024-01,1,0.04,", a);
    assert_non_null(strstr(csv, prefix));
    free(csv);
    /* the terminal ranks a (Brier 0.04) before b (0.16), late last */
    const char *ra = strstr(r->out, a), *rb = strstr(r->out, b),
               *rc = strstr(r->out, c);
    assert_true(ra && rb && rc && ra < rb && rb < rc);
    assert_non_null(strstr(r->out, "2 not scored (2 known by its as_of"));
    free(r);
    ts_test_rmtree(dir);
}

/* Ten scored claims or more: reliability.csv's bins by hand (all at
 * 0.8: one bin, 12 claims, 9 true, share 0.75), and the diagram in
 * charts.gp; fewer: no diagram. */
static void reliability_bins(void **state)
{
    (void)state;
    char dir[256], a[512], rec[512], out[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(rec, sizeof rec, "%s/record.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    forecast(a, "2024-01", "0.8", "10,20,30,40,50");
    /* twelve claims, each at 0.8 (an outcome id is said once) */
    char yaml[4096] = "history:\n  outcomes:\n";
    char csv_text[4096] = "id,probability,stderr,method,text\n";
    for (int i = 0; i < 12; i++) {
        size_t len = strlen(yaml);
        snprintf(yaml + len, sizeof yaml - len, "    - {id: c%d, came_true: "
                 "%s, on: 2025-%02d}\n", i, i < 9 ? "true" : "false", i + 1);
        len = strlen(csv_text);
        snprintf(csv_text + len, sizeof csv_text - len, "c%d,0.8,,exact,\n",
                 i);
    }
    ts_test_write_file(rec, yaml);
    snprintf(path, sizeof path, "%s/predictions.csv", a);
    ts_test_write_file(path, csv_text);
    const char *argv[] = {"talentsim", "score", a, "--outcomes", rec,
                          "--no-plots", "-o", out, NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    free(r);
    snprintf(path, sizeof path, "%s/reliability.csv", out);
    char *csv = ts_test_file_text(path, NULL);
    assert_non_null(strstr(csv, "\n0.8,0.9,12,9,0.75,0.8\n"));
    assert_non_null(strstr(csv, "\n0.0,0.1,0,0,,\n"));
    free(csv);
    snprintf(path, sizeof path, "%s/charts.gp", out);
    csv = ts_test_file_text(path, NULL);
    assert_non_null(strstr(csv, "# ---- reliability"));
    free(csv);
    ts_test_write_file(rec, "history:\n  outcomes:\n    - {id: c0, "
                            "came_true: true, on: 2025-01}\n");
    r = run(argv);
    assert_int_equal(r->status, 0);
    free(r);
    csv = ts_test_file_text(path, NULL);
    assert_null(strstr(csv, "# ---- reliability"));
    free(csv);
    ts_test_rmtree(dir);
}

/* What score refuses, each at its place, nothing written. */
static void bad_records(void **state)
{
    (void)state;
    char dir[256], a[512], rec[512], out[512];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(rec, sizeof rec, "%s/record.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    forecast(a, "2024-01", "0.8", "10,20,30,40,50");
    const struct {
        const char *yaml, *want;
    } cases[] = {
        {"history:\n  outcomes:\n    - {id: nope, came_true: true, "
         "on: 2025-01}\n",
         ":3:7: error: outcome of 'nope': no forecast has a prediction with "
         "that id"},
        {"history:\n  outcomes:\n    - {id: c, came_true: maybe, "
         "on: 2025-01}\n",
         ":3:26: error: came_true must be true or false, got 'maybe'"},
        {"history:\n  outcomes:\n    - {id: c, came_true: true, on: 25}\n",
         ":3:36: error: on must be a month written YYYY-MM"},
        {"history:\n  outcomes:\n    - {id: c, came_tru: true, "
         "on: 2025-01}\n",
         ":3:15: error: unknown key 'came_tru' in an outcome; did you mean "
         "'came_true'?"},
        {"history:\n  headcounts:\n    - {pool: a, at: 2025-01, "
         "value: -3}\n",
         ":3:37: error: value must be a whole number from 0 to"},
        {"history:\n  headcounts:\n    - {pool: outside, at: 2025-01, "
         "value: 3}\n",
         ":3:7: error: a headcount is a pool's; outside has none"},
        {"history:\n  headcounts:\n    - {pool: z, at: 2025-01, value: 3}\n",
         ":3:7: error: headcount of 'z': no forecast has that pool at that "
         "date"},
        {"history:\n  outcome:\n    - {id: c, came_true: true, "
         "on: 2025-01}\n",
         ":2:3: error: unknown key 'outcome' in history; did you mean "
         "'outcomes'?"},
        {"scenario: {start: 2024-01}\n",
         ":1:1: error: the outcomes file has no history: section"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ts_test_write_file(rec, cases[i].yaml);
        const char *argv[] = {"talentsim", "score", a, "--outcomes", rec,
                              "-o", out, NULL};
        ts_run_result *r = run(argv);
        if (r->status != 2 || !strstr(r->err, cases[i].want))
            fail_msg("case %zu: status %d, %s", i, r->status, r->err);
        free(r);
    }
    /* a directory that is not a forecast's */
    ts_test_write_file(rec, "history:\n  outcomes: []\n");
    const char *none[] = {"talentsim", "score", dir, "--outcomes", rec,
                          "-o", out, NULL};
    ts_run_result *r = run(none);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "is not a forecast's output directory: "
                                   "run.yaml"));
    free(r);
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0); /* nothing written */
    ts_test_rmtree(dir);
}

/* What an attacker may leave in a directory given to score (SPEC
 * section 8; README, Security): each refused at once, or read as CSV
 * and YAML are, never as the text happens to split. */
static ts_run_result *score_one(const char *a, const char *rec,
                                const char *out)
{
    const char *argv[] = {"talentsim", "score", a, "--outcomes", rec,
                          "--no-plots", "-o", out, NULL};
    return run(argv);
}

static void expect_refused(ts_run_result *r, const char *want)
{
    if (r->status != 2 || !strstr(r->err, want))
        fail_msg("status %d, %s (wanted: %s)", r->status, r->err, want);
    free(r);
}

static void hostile_forecasts(void **state)
{
    (void)state;
    char dir[256], a[512], rec[512], out[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(rec, sizeof rec, "%s/record.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    ts_test_write_file(rec, "history:\n  outcomes:\n"
                            "    - {id: real, came_true: true, "
                            "on: 2025-01}\n");
    /* a text with a line break that looks like a row of its own: read
     * as the quoted text it is, the claim keeps its 0.13 */
    forecast(a, "2024-01", "0.8", "10,20,30,40,50");
    snprintf(path, sizeof path, "%s/predictions.csv", a);
    ts_test_write_file(path, "id,probability,stderr,method,text\n"
                             "c,0.5,,exact,\"harmless\nreal,0.999,,exact,x\"\n"
                             "real,0.13,,exact,\n");
    ts_run_result *r = score_one(a, rec, out);
    assert_int_equal(r->status, 0);
    free(r);
    snprintf(path, sizeof path, "%s/scores.csv", out);
    char *csv = ts_test_file_text(path, NULL), prefix[700];
    snprintf(prefix, sizeof prefix, "%s,real,claim,2025-01,", a);
    assert_non_null(row(csv, prefix));
    assert_non_null(strstr(row(csv, prefix), "0.13,1,0.7569,"));
    free(csv);
    /* a probability outside [0, 1], at its line and column */
    snprintf(path, sizeof path, "%s/predictions.csv", a);
    ts_test_write_file(path, "id,probability,stderr,method,text\n"
                             "real,1.5,,exact,\n");
    expect_refused(score_one(a, rec, out),
                   "predictions.csv:2:6: error: a probability lies in [0, "
                   "1], got 1.5");
    forecast(a, "2024-01", "0.8", "10,20,30,40,50");
    /* quantiles out of order */
    forecast(a, "2024-01", "0.8", "10,20,50,40,60");
    expect_refused(score_one(a, rec, out),
                   "stocks.csv:3:33: error: the quantiles of a row are in "
                   "order");
    forecast(a, "2024-01", "0.8", "10,20,30,40,50");
    /* run.yaml a FIFO: refused, not read (it would never end) */
    snprintf(path, sizeof path, "%s/run.yaml", a);
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    expect_refused(score_one(a, rec, out), "run.yaml: not a regular file");
    unlink(path);
    /* 200,000 brackets: the loader's depth limit, not libyaml's
     * quadratic cost */
    size_t n = 200000;
    char *deep = malloc(n + 1);
    memset(deep, '[', n);
    deep[n] = '\0';
    ts_test_write_file(path, deep);
    free(deep);
    expect_refused(score_one(a, rec, out), "run.yaml:1:");
    /* above the size of a run.yaml */
    size_t big = 2u * 1024 * 1024;
    char *fat = malloc(big + 1);
    memset(fat, '#', big);
    fat[big] = '\0';
    ts_test_write_file(path, fat);
    free(fat);
    expect_refused(score_one(a, rec, out), "run.yaml: the file has 2097152 "
                                           "bytes");
    forecast(a, "2024-01", "0.8", "10,20,30,40,50");
    /* an outcome twice */
    ts_test_write_file(rec, "history:\n  outcomes:\n"
                            "    - &o {id: c, came_true: true, on: 2025-01}\n"
                            "    - *o\n");
    expect_refused(score_one(a, rec, out),
                   ":3:7: error: the outcome of 'c' is in the record twice "
                   "(first at line 3)");
    /* the work bounded before a forecast is read: 1,000 directories
     * against 1,001 outcomes */
    size_t cap = 1001 * 64 + 64;
    char *many = malloc(cap);
    size_t len = (size_t)snprintf(many, cap, "history:\n  outcomes:\n");
    for (int i = 0; i < 1001; i++)
        len += (size_t)snprintf(many + len, cap - len, "    - {id: c%d, "
                                "came_true: true, on: 2025-01}\n", i);
    ts_test_write_file(rec, many);
    free(many);
    const char *argv[1010];
    size_t k = 0;
    argv[k++] = "talentsim";
    argv[k++] = "score";
    for (int i = 0; i < 1000; i++)
        argv[k++] = a;
    argv[k++] = "--outcomes";
    argv[k++] = rec;
    argv[k++] = "-o";
    argv[k++] = out;
    argv[k] = NULL;
    expect_refused(run(argv), "1000 forecast directories against 1001 "
                              "outcomes and headcounts would score 1001000 "
                              "rows, above the limit of 1000000");
    ts_test_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formulas),
        cmocka_unit_test(scores_by_hand),
        cmocka_unit_test(reliability_bins),
        cmocka_unit_test(bad_records),
        cmocka_unit_test(hostile_forecasts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
