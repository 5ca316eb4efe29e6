/* The command line as a user meets it: output files, determinism across
 * thread counts, exit codes, and results kept safe on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/harness.h"

static char baseline[1024];

static int setup(void **state)
{
    (void)state;
    snprintf(baseline, sizeof baseline, "%s/scenarios/baseline.yaml",
             ts_test_source_dir());
    return 0;
}

static ts_run_result *run(const char *const *argv)
{
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    return r;
}

static void path_in(char *buf, size_t size, const char *dir, const char *f)
{
    snprintf(buf, size, "%s/%s", dir, f);
}

static char *first_line(const char *dir, const char *file)
{
    char path[1024];
    path_in(path, sizeof path, dir, file);
    char *text = ts_test_file_text(path, NULL);
    assert_non_null(text);
    *strchr(text, '\n') = '\0';
    return text;
}

/* Runs the baseline with --runs into a fresh directory (path in dir) and
 * returns the text of one output file; the caller frees it and removes
 * dir. */
static char *baseline_output(const char *runs, const char *file, char *dir,
                             size_t size)
{
    char path[1024];
    ts_test_tmpdir(dir, size);
    const char *argv[] = {"talentsim", baseline, "-o", dir, "--runs", runs,
                          "--quiet", NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    assert_string_equal(r->out, ""); /* --quiet */
    free(r);
    path_in(path, sizeof path, dir, file);
    char *text = ts_test_file_text(path, NULL);
    assert_non_null(text);
    return text;
}

static void test_headers_match_spec(void **state)
{
    (void)state;
    char dir[256];
    char *text = baseline_output("50", "stocks.csv", dir, sizeof dir);
    char *h = first_line(dir, "stocks.csv");
    assert_string_equal(h, "step,date,years,pool,deterministic,mean,sd,p05,"
                        "p25,p50,p75,p95");
    free(h);
    h = first_line(dir, "flows.csv");
    assert_string_equal(h, "step,date,from,to,deterministic,mean");
    free(h);
    h = first_line(dir, "steady.csv");
    assert_string_equal(h, "pool,steady_headcount,mean_stay_years");
    free(h);
    /* 5 pools + outside, steps 0..48, one header */
    size_t lines = 0;
    for (char *c = text; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1 + 49 * 6);
    assert_non_null(strstr(text, "\n48,2028-01,4,outside,"));
    free(text);
    ts_test_rmtree(dir);
}

static void test_deterministic_only_leaves_mc_columns_empty(void **state)
{
    (void)state;
    char dir[256];
    char *text = baseline_output("0", "stocks.csv", dir, sizeof dir);
    assert_non_null(strstr(text, "\n0,2024-01,0,frontier_labs,35000,,,,,,,\n"));
    free(text);
    ts_test_rmtree(dir);
}

/* At least 10 significant digits: a non-integer flow is written in full. */
static void test_numbers_have_ten_digits(void **state)
{
    (void)state;
    char dir[256];
    char *text = baseline_output("0", "flows.csv", dir, sizeof dir);
    char *row = strstr(text, "\n0,2024-01,frontier_labs,big_tech_ai,");
    assert_non_null(row);
    char *value = row + strlen("\n0,2024-01,frontier_labs,big_tech_ai,");
    size_t digits = 0;
    for (char *c = value; *c && *c != ','; c++)
        digits += *c >= '0' && *c <= '9';
    assert_true(digits >= 10);
    free(text);
    ts_test_rmtree(dir);
}

static void test_same_files_for_any_thread_count(void **state)
{
    (void)state;
    char d1[256], d2[256], a[1024], b[1024];
    ts_test_tmpdir(d1, sizeof d1);
    ts_test_tmpdir(d2, sizeof d2);
    const char *one[] = {"talentsim", baseline, "-o", d1, "--runs", "300",
                         "--threads", "1", "--quiet", NULL};
    const char *two[] = {"talentsim", baseline, "-o", d2, "--runs", "300",
                         "--threads", "2", "--quiet", NULL};
    ts_run_result *r = run(one);
    assert_int_equal(r->status, 0);
    free(r);
    r = run(two);
    assert_int_equal(r->status, 0);
    free(r);
    const char *files[] = {"stocks.csv", "flows.csv", "steady.csv"};
    for (size_t i = 0; i < 3; i++) {
        path_in(a, sizeof a, d1, files[i]);
        path_in(b, sizeof b, d2, files[i]);
        assert_true(ts_test_same_file(a, b));
    }
    ts_test_rmtree(d1);
    ts_test_rmtree(d2);
}

/* A rejected run and a failed run leave earlier results as they were. */
static void test_failure_keeps_previous_results(void **state)
{
    (void)state;
    char dir[256], kept[1024], path[1024];
    ts_test_tmpdir(dir, sizeof dir);
    const char *good[] = {"talentsim", baseline, "-o", dir, "--runs", "20",
                          "--quiet", NULL};
    ts_run_result *r = run(good);
    assert_int_equal(r->status, 0);
    free(r);
    path_in(path, sizeof path, dir, "stocks.csv");
    snprintf(kept, sizeof kept, "%s.kept", dir);
    char *before = ts_test_file_text(path, NULL);

    const char *bad[] = {"talentsim", baseline, "-o", dir, "--set",
                         "pools.academia.retention=2", NULL};
    r = run(bad);
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, "--set pools.academia.retention=2: error: "
                        "retention must be in (0, 1], got 2\n");
    free(r);
    char *after = ts_test_file_text(path, NULL);
    assert_string_equal(before, after);
    free(after);

    /* an output path under a regular file cannot be created: exit 1 */
    char blocked[1024];
    path_in(blocked, sizeof blocked, dir, "stocks.csv/sub");
    const char *fail[] = {"talentsim", baseline, "-o", blocked, "--quiet",
                          NULL};
    r = run(fail);
    assert_int_equal(r->status, 1);
    assert_non_null(strstr(r->err, "cannot create output directory"));
    free(r);
    after = ts_test_file_text(path, NULL);
    assert_string_equal(before, after);
    free(after);
    free(before);
    ts_test_rmtree(dir);
}

/* SIGINT during the Monte Carlo: exit 1, a message, old results intact,
 * no temporary directory left behind. */
static void test_interrupt_keeps_previous_results(void **state)
{
    (void)state;
    char dir[256], path[1024];
    ts_test_tmpdir(dir, sizeof dir);
    const char *good[] = {"talentsim", baseline, "-o", dir, "--runs", "10",
                          "--quiet", NULL};
    ts_run_result *r = run(good);
    assert_int_equal(r->status, 0);
    free(r);
    path_in(path, sizeof path, dir, "stocks.csv");
    char *before = ts_test_file_text(path, NULL);

    /* A century of months: long enough to be interrupted, no growth so
     * that it stays within the people limit. */
    char slow[1024];
    path_in(slow, sizeof slow, dir, "slow.yaml");
    FILE *f = fopen(slow, "w");
    assert_non_null(f);
    fputs("scenario: {start: 2024-01, until: 2124-12, runs: 5000}\n"
          "pools:\n", f);
    for (int i = 0; i < 8; i++)
        fprintf(f, "  - {id: p%d, headcount: 5000, inflow: 1000, "
                "retention: 0.8, to: {p%d: 0.5}}\n", i, (i + 1) % 8);
    fclose(f);

    int err[2];
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(err[1], STDERR_FILENO);
        execl(ts_test_binary(), "talentsim", slow, "-o", dir, "--threads",
              "1", (char *)NULL);
        _exit(127);
    }
    close(err[1]);
    struct timespec wait = {1, 0};
    nanosleep(&wait, NULL);
    kill(pid, SIGINT);
    int status;
    waitpid(pid, &status, 0);
    char msg[4096] = "";
    ssize_t n = read(err[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(err[0]);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 130); /* 128 + SIGINT */
    assert_non_null(strstr(msg, "interrupted; nothing was written"));
    char *after = ts_test_file_text(path, NULL);
    assert_string_equal(before, after);
    free(after);
    free(before);
    ts_test_rmtree(dir);
}

/* A file with mistakes in several places: a misspelt key in one pool,
 * an unknown destination in another, and one in each other section.
 * Every one is reported in one run, in file order, none twice. */
static void test_every_error_in_one_run(void **state)
{
    (void)state;
    char dir[256], path[512];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(path, sizeof path, dir, "mistakes.yaml");
    ts_test_write_file(path,
        "scenario:\n"
        "  start: 2024-01\n"
        "  horizon: 24\n"
        "pools:\n"
        "  - id: frontier_labs\n"
        "    headcount: 1000\n"
        "    retention: 0.9\n"
        "    inflw: 300\n"
        "    to: {big_tech_ai: 0.3}\n"
        "  - id: big_tech_ai\n"
        "    headcount: 500\n"
        "    retention: 0.8\n"
        "    to: {frontier_lab: 0.2}\n"
        "executives:\n"
        "  - {name: A, pool: big_tech, move: 0.3}\n"
        "  - {name: B, pool: frontier_labs, move: 1.3}\n"
        "predictions:\n"
        "  - {id: p, pool: frontier_labs, at: 2030-01, below: 5}\n"
        "events:\n"
        "  - {at: 3, set: {pools.frontier_labs.retention: 1.5}}\n"
        "observed:\n"
        "  - {pool: big_tech_ai, headcount: 100, at: 2024-13}\n");
    const char *argv[] = {"talentsim", "check", path, NULL};
    ts_run_result *r = run(argv);
    const char *lines[] = {
        "8:5: error: unknown key 'inflw' in pool; did you mean 'inflow'?",
        "13:10: error: unknown pool 'frontier_lab' in to of 'big_tech_ai'; "
        "did you mean 'frontier_labs'?",
        "15:21: error: unknown pool 'big_tech' in pool of executive 'A'",
        "16:42: error: move must be in [0, 1), got 1.3",
        "18:38: error: at 2030-01 is outside the run, 2024-01 to 2026-01 "
        "(steps 0 to 24)",
        "20:50: error: pools.frontier_labs.retention must be in (0, 1], got "
        "1.5",
        "22:45: error: at must be a month YYYY-MM or a step number up to "
        "6000, got '2024-13'"};
    char want[4096];
    size_t len = 0;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        len += (size_t)snprintf(want + len, sizeof want - len, "%s:%s\n",
                                path, lines[i]);
    assert_string_equal(r->err, want);
    assert_int_equal(r->status, 2);
    free(r);
    ts_test_rmtree(dir);
}

/* An error the file does not have alone says which command-line change
 * caused it; a file that has it alone does not blame the command line. */
static void test_set_errors_say_so(void **state)
{
    (void)state;
    const char *sum[] = {"talentsim", "check", baseline, "--set",
                         "pools.frontier_labs.to.big_tech_ai=0.9", NULL};
    ts_run_result *r = run(sum);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, ": error: shares in to of "
                                   "'frontier_labs' sum to 1.3, above 1 "
                                   "(after --set pools.frontier_labs.to."
                                   "big_tech_ai=0.9)\n"));
    free(r);
    char dir[256], path[512];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(path, sizeof path, dir, "over.yaml");
    ts_test_write_file(path,
        "scenario: {start: 2024-01, horizon: 12}\n"
        "pools:\n"
        "  - {id: a, headcount: 10, retention: 0.9, to: {b: 0.7, c: 0.5}}\n"
        "  - {id: b, headcount: 10, retention: 0.9}\n"
        "  - {id: c, headcount: 10, retention: 0.9}\n");
    const char *own[] = {"talentsim", "check", path, "--set",
                         "pools.b.retention=0.8", NULL};
    r = run(own);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "sum to 1.2, above 1\n"));
    assert_null(strstr(r->err, "after --set"));
    free(r);
    ts_test_rmtree(dir);
}

/* A Monte Carlo probability that no run contradicts is the one-sided
 * 95% bound, >= 1 - 3/R or <= 3/R, never a certain 1.000 +- 0.000; and
 * each claim's window is said in months. */
static void test_certain_claims_show_their_bound(void **state)
{
    (void)state;
    char dir[256], path[512], out[512];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(path, sizeof path, dir, "sure.yaml");
    path_in(out, sizeof out, dir, "out");
    ts_test_write_file(path,
        "scenario: {start: 2024-01, horizon: 12, runs: 200}\n"
        "pools:\n"
        "  - {id: a, headcount: 1000, retention: 0.9}\n"
        "predictions:\n"
        "  - {id: low, pool: a, at: 2025-01, below: 5000}\n"
        "  - {id: high, pool: a, at: 2025-01, above: 5000}\n");
    const char *argv[] = {"talentsim", path, "-o", out, "--no-plots", NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "  low                       \u2265 0.985 "));
    assert_non_null(strstr(r->out, "  high                      \u2264 0.015 "));
    assert_non_null(strstr(r->out, "  low                      the headcount "
                                   "dated 2025-01\n"));
    assert_null(strstr(r->out, "1.000 \u00b1 0.000"));
    free(r);
    ts_test_rmtree(dir);
}

/* A run changed by --set names the change wherever it names the
 * scenario: the summary, the charts' title, the report's; a change of
 * outputs only does not. */
static void test_overrides_are_named(void **state)
{
    (void)state;
    char dir[256], out[512], path[600];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(out, sizeof out, dir, "out");
    const char *argv[] = {"talentsim", baseline, "-o", out, "--no-plots",
                          "--runs", "0", "--set",
                          "pools.enterprise_software.retention=0.9",
                          "--set", "outputs.format=svg", "--report", NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    const char *title =
        "baseline, with pools.enterprise_software.retention=0.9";
    assert_int_equal(strncmp(r->out, title, strlen(title)), 0);
    assert_int_equal(r->out[strlen(title)], ':');
    path_in(path, sizeof path, out, "charts.gp");
    char *text = ts_test_file_text(path, NULL);
    assert_non_null(strstr(text, "scenario_title = 'baseline, with "
                                 "pools.enterprise_software.retention="
                                 "0.9'\n"));
    free(text);
    path_in(path, sizeof path, out, "report.html");
    text = ts_test_file_text(path, NULL);
    assert_non_null(strstr(text, "<title>baseline, with pools."
                                 "enterprise_software.retention=0.9"));
    free(text);
    free(r);
    ts_test_rmtree(dir);
}

/* The row of `csv` that begins with `prefix`, or NULL. */
static const char *row_of(const char *csv, const char *prefix)
{
    for (const char *line = csv; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, prefix, strlen(prefix)) == 0)
            return line + strlen(prefix);
    return NULL;
}

/* sweep's probabilities are those of runs with the value set by hand:
 * the exact one to every digit, the Monte Carlo one with the same
 * random numbers (the same seed and runs) to every digit too. */
static void test_sweep_predictions_match_set_runs(void **state)
{
    (void)state;
    char dir[256], file[512], out[512], one[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(file, sizeof file, dir, "s.yaml");
    path_in(out, sizeof out, dir, "sweep");
    path_in(one, sizeof one, dir, "one");
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 24, runs: 300, seed: 3}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.5}}\n"
        "  - {id: b, headcount: 100, retention: 0.9}\n"
        "executives:\n  - {group: G, pool: a, count: 10}\n"
        "predictions:\n"
        "  - {id: moves, from: a, to: b, within: 24, at_least: 2, who: G}\n"
        "  - {id: small, pool: b, at: 2026-01, below: 130}\n");
    const char *sweep[] = {"talentsim", "sweep", file, "--param",
                           "pools.a.exec_move", "--values", "0.1,0.3",
                           "--no-plots", "-o", out, NULL};
    ts_run_result *r = run(sweep);
    assert_int_equal(r->status, 0);
    path_in(path, sizeof path, out, "sweep_predictions.csv");
    char *swept = ts_test_file_text(path, NULL);
    const char *set[] = {"talentsim", file, "--set", "pools.a.exec_move=0.3",
                         "--no-plots", "-o", one, NULL};
    free(r);
    r = run(set);
    assert_int_equal(r->status, 0);
    path_in(path, sizeof path, one, "predictions.csv");
    char *single = ts_test_file_text(path, NULL);
    const char *rows[][2] = {{"0.3,moves,", "moves,"},
                             {"0.3,small,", "small,"}};
    for (size_t i = 0; i < 2; i++) {
        const char *a = row_of(swept, rows[i][0]);
        const char *b = row_of(single, rows[i][1]);
        assert_non_null(a);
        assert_non_null(b);
        /* probability,stderr,method of the first row of each */
        const char *method = strstr(b, ",exact,") ? ",exact" : ",montecarlo";
        size_t len = (size_t)(strstr(b, method) - b) + strlen(method);
        assert_memory_equal(a, b, len);
    }
    free(swept);
    free(single);
    free(r);
    ts_test_rmtree(dir);
}

/* compare_predictions.csv: the exact difference is that of the two
 * exact values, the paired Monte Carlo one the difference of the two
 * frequencies (the same runs), with a standard error below that of two
 * independent estimates (common random numbers). */
static void test_compare_predictions(void **state)
{
    (void)state;
    char dir[256], a[512], b[512], out[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(a, sizeof a, dir, "a.yaml");
    path_in(b, sizeof b, dir, "b.yaml");
    path_in(out, sizeof out, dir, "out");
    const char *yaml =
        "scenario: {name: %s, start: 2024-01, horizon: 24, runs: 400}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.5}, "
        "exec_move: %s}\n"
        "  - {id: b, headcount: 100, retention: 0.9}\n"
        "executives:\n  - {group: G, pool: a, count: 10}\n"
        "predictions:\n"
        "  - {id: moves, from: a, to: b, within: 24, at_least: 2}\n";
    char text[1024];
    snprintf(text, sizeof text, yaml, "one", "0.1");
    ts_test_write_file(a, text);
    snprintf(text, sizeof text, yaml, "two", "0.15");
    ts_test_write_file(b, text);
    const char *argv[] = {"talentsim", "compare", a, b, "--no-plots",
                          "--report", "-o", out, NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "  moves\n    one "));
    /* the report's tables are tables, not the terminal's text */
    path_in(path, sizeof path, out, "report.html");
    char *html = ts_test_file_text(path, NULL);
    assert_null(strstr(html, "<pre>"));
    assert_non_null(strstr(html, "<h2>Predictions</h2>"));
    assert_non_null(strstr(html, "<tr><td>moves</td><td>one</td>"));
    free(html);
    path_in(path, sizeof path, out, "compare_predictions.csv");
    char *csv = ts_test_file_text(path, NULL);
    double v[4][4]; /* one exact, one mc, two exact, two mc: p se d dse */
    const char *rows[4] = {"moves,one,", "moves,one,", "moves,two,",
                           "moves,two,"};
    const char *line = csv;
    for (size_t i = 0; i < 4; i++) {
        line = row_of(line, rows[i]);
        assert_non_null(line);
        char method[16];
        for (size_t k = 0; k < 4; k++)
            v[i][k] = NAN;
        const char *f = line;
        v[i][0] = strtod(f, NULL);
        f = strchr(f, ',') + 1;
        if (*f != ',')
            v[i][1] = strtod(f, NULL);
        f = strchr(f, ',') + 1;
        assert_int_equal(sscanf(f, "%15[a-z]", method), 1);
        assert_string_equal(method, i % 2 ? "montecarlo" : "exact");
        f = strchr(f, ',') + 1;
        if (*f != ',' && *f != '\n')
            v[i][2] = strtod(f, NULL);
        f = strchr(f, ',') + 1;
        if (*f != ',' && *f != '\n')
            v[i][3] = strtod(f, NULL);
        line = strchr(line, '\n') + 1;
    }
    assert_true(fabs(v[2][2] - (v[2][0] - v[0][0])) < 1e-10);
    assert_true(fabs(v[3][2] - (v[3][0] - v[1][0])) < 1e-10);
    assert_true(v[3][3] > 0 && v[3][3] < sqrt(v[1][1] * v[1][1] +
                                             v[3][1] * v[3][1]));
    free(csv);
    free(r);
    ts_test_rmtree(dir);
}

/* tornado --metric ID against runs with the value set by hand: each
 * end of the one uncertain assumption's row is the probability a run
 * with that value gives, to every digit: exact for the move claim, by
 * Monte Carlo with the same runs and seed for the headcount claim. */
static void test_tornado_of_a_claim(void **state)
{
    (void)state;
    char dir[256], file[512], out[512], one[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(file, sizeof file, dir, "s.yaml");
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 24, runs: 300, seed: 5}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, retention: {range: [0.7, 0.9]}, "
        "to: {b: 0.5}}\n"
        "  - {id: b, headcount: 100, retention: 0.9}\n"
        "executives:\n  - {group: G, pool: a, count: 10}\n"
        "predictions:\n"
        "  - {id: moves, from: a, to: b, within: 24, at_least: 3}\n"
        "  - {id: small, pool: b, at: 2026-01, below: 118}\n");
    const char *ids[2] = {"moves", "small"};
    for (size_t k = 0; k < 2; k++) {
        snprintf(out, sizeof out, "%s/t%zu", dir, k);
        const char *argv[] = {"talentsim", "tornado", file, "--metric",
                              ids[k], "--no-plots", "-o", out, NULL};
        ts_run_result *r = run(argv);
        assert_int_equal(r->status, 0);
        free(r);
        path_in(path, sizeof path, out, "tornado.csv");
        char *csv = ts_test_file_text(path, NULL);
        const char *row = row_of(csv, "pools.a.retention,");
        assert_non_null(row);
        char lo[32], hi[32], plo[32], phi[32];
        assert_int_equal(sscanf(row, "%31[^,],%31[^,],%31[^,],%31[^,]", lo,
                                hi, plo, phi), 4);
        assert_true(strcmp(plo, phi) != 0); /* it does swing */
        const char *ends[2][2] = {{lo, plo}, {hi, phi}};
        for (size_t e = 0; e < 2; e++) {
            char set[64], prefix[40];
            snprintf(set, sizeof set, "pools.a.retention=%s", ends[e][0]);
            snprintf(one, sizeof one, "%s/one%zu%zu", dir, k, e);
            const char *again[] = {"talentsim", file, "--set", set,
                                   "--no-plots", "-o", one, NULL};
            r = run(again);
            assert_int_equal(r->status, 0);
            free(r);
            path_in(path, sizeof path, one, "predictions.csv");
            char *pred = ts_test_file_text(path, NULL);
            snprintf(prefix, sizeof prefix, "%s,%s,", ids[k], ends[e][1]);
            assert_non_null(row_of(pred, prefix));
            free(pred);
        }
        free(csv);
    }
    const char *no_runs[] = {"talentsim", "tornado", file, "--metric",
                             "small", "--runs", "0", NULL};
    ts_run_result *r = run(no_runs);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "talentsim: error: --metric small: a "
                                   "headcount claim has a probability only "
                                   "by Monte Carlo, and runs is 0\n"));
    free(r);
    ts_test_rmtree(dir);
}

/* The report's Assumptions take each value's comment whole: one that
 * runs on over comment lines, the one that closes a flow mapping for
 * each of its shares, the one below a mapping that closes without one;
 * and an executive's note when the file gives no comment. */
static void test_report_sources(void **state)
{
    (void)state;
    char dir[256], file[512], out[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(file, sizeof file, dir, "s.yaml");
    path_in(out, sizeof out, dir, "out");
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 12, runs: 0}\n"
        "pools:\n"
        "  - id: a\n"
        "    headcount: 100     # SEED 1: a figure\n"
        "                       # that runs on\n"
        "    retention: 0.8\n"
        "    to: {b: 0.2,\n"
        "         c: 0.1}       # ASSUMPTION: both shares\n"
        "  - id: b\n"
        "    headcount: 50\n"
        "    retention: 0.9\n"
        "    to: {a: 0.1,\n"
        "         c: 0.1}\n"
        "                       # SEED 2: below the mapping\n"
        "  - {id: c, headcount: 10, retention: 0.9}\n"
        "executives:\n"
        "  - {name: X, pool: a, move: 0.2,\n"
        "     note: \"SEED 3: where X was\"}\n");
    const char *argv[] = {"talentsim", "report", file, "--no-plots", "-o",
                          out, NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    free(r);
    path_in(path, sizeof path, out, "report.html");
    char *html = ts_test_file_text(path, NULL);
    const char *want[] = {
        ("pools.a.headcount</td><td>100</td><td>SEED 1: a figure that "
         "runs on</td>"),
        "pools.a.retention</td><td>0.8</td><td></td>",
        "pools.a.to.b</td><td>0.2</td><td>ASSUMPTION: both shares</td>",
        "pools.a.to.c</td><td>0.1</td><td>ASSUMPTION: both shares</td>",
        "pools.b.to.a</td><td>0.1</td><td>SEED 2: below the mapping</td>",
        "pools.b.to.c</td><td>0.1</td><td>SEED 2: below the mapping</td>",
        "executives.X.move</td><td>0.2</td><td>SEED 3: where X was</td>"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(html, want[i]))
            fail_msg("report.html lacks %s", want[i]);
    free(html);
    ts_test_rmtree(dir);
}

/* Every output of two runs but run.yaml is the same, byte for byte. */
static void assert_same_outputs(const char *a_dir, const char *b_dir)
{
    const char *files[] = {"stocks.csv", "flows.csv", "predictions.csv",
                           "prediction_terms.csv", "executives.csv",
                           "predictions_curve.csv", "charts.gp"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char a[700], b[700];
        path_in(a, sizeof a, a_dir, files[k]);
        path_in(b, sizeof b, b_dir, files[k]);
        if (!ts_test_same_file(a, b))
            fail_msg("%s differs from %s", a, b);
    }
}

/* A record whose as_of is the start (outcomes only: a run does not read
 * them) changes no output but run.yaml (SPEC section 8). */
static void test_empty_record_changes_nothing(void **state)
{
    (void)state;
    char dir[256], with[512], without[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    const char *yaml =
        "scenario: {name: r, start: 2024-01, horizon: 12, runs: 50}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.5}}\n"
        "  - {id: b, headcount: 100, retention: 0.9}\n"
        "executives:\n  - {group: G, pool: a, count: 10}\n"
        "predictions:\n  - {id: m, from: a, to: b, within: 12}\n";
    char text[2048];
    const char *names[2] = {"with", "without"};
    char *dirs[2] = {with, without};
    for (int i = 0; i < 2; i++) {
        snprintf(dirs[i], 512, "%s/%s", dir, names[i]);
        snprintf(path, sizeof path, "%s/%s.yaml", dir, names[i]);
        snprintf(text, sizeof text, "%s%s", yaml,
                 i ? "" : "history:\n  as_of: 2024-01\n  outcomes:\n"
                          "    - {id: m, came_true: true, on: 2025-01}\n");
        ts_test_write_file(path, text);
        const char *argv[] = {"talentsim", path, "--no-plots", "-o", dirs[i],
                              "--quiet", NULL};
        ts_run_result *r = run(argv);
        assert_int_equal(r->status, 0);
        free(r);
    }
    assert_same_outputs(with, without);
    ts_test_rmtree(dir);
}

/* --as-of reads the record as if it ended there (SPEC section 8): the
 * same outputs as the record cut by hand (moves at or after it and
 * headcounts after it dropped, a shock started at or after it `never`,
 * one whose window begins at or after it left out); at the start, the
 * same as no record at all. A date after history.as_of, or no record, is
 * refused. */
static const char *as_of_base =
    "scenario: {name: r, start: 2024-01, horizon: 36, runs: 300}\n"
    "pools:\n"
    "  - {id: a, headcount: 100, retention: 0.9, exec_move: 0.3,\n"
    "     exec_to: {b: 0.6, c: 0.1}}\n"
    "  - {id: b, headcount: 10, retention: 0.9, exec_move: 0}\n"
    "  - {id: c, headcount: 10, retention: 0.9, exec_move: 0}\n"
    "executives:\n"
    "  - {name: X, pool: a}\n"
    "  - {group: G, pool: a, count: 3}\n"
    "predictions:\n"
    "  - {id: two, from: a, to: b, within: 36, at_least: 2}\n"
    "  - {id: early, from: a, to: b, within: 12}\n"
    "shocks:\n"
    "  - {id: s, chance: 0.5, window: [2024-03, 2026-07],\n"
    "     set: {pools.a.exec_move: 0.6}}\n"
    "  - {id: t, chance: 0.2, window: [2024-11, 2026-07],\n"
    "     set: {pools.b.retention: 0.6}}\n";

static void run_ok(const char *file, const char *out, const char *as_of)
{
    const char *argv[] = {"talentsim", file, "--no-plots", "-o", out,
                          "--quiet", as_of ? "--as-of" : NULL, as_of, NULL};
    ts_run_result *r = run(argv);
    if (r->status != 0)
        fail_msg("exit %d: %s", r->status, r->err);
    free(r);
}

static void write_scenario(const char *dir, const char *name,
                           const char *history, char *path, size_t size)
{
    char text[4096];
    snprintf(path, size, "%s/%s.yaml", dir, name);
    snprintf(text, sizeof text, "%s%s", as_of_base, history);
    ts_test_write_file(path, text);
}

static void test_as_of_cuts_the_record(void **state)
{
    (void)state;
    char dir[256], full[512], cut[512], none[512], out[3][700];
    ts_test_tmpdir(dir, sizeof dir);
    write_scenario(dir, "full",
        "history:\n  as_of: 2025-01\n  moves:\n"
        "    - {who: G, at: 2024-03, to: c, count: 1}\n"
        "    - {who: X, at: 2024-08, to: b}\n"
        "  shocks:\n    - {id: s, started: 2024-09}\n"
        "    - {id: t, started: 2024-12}\n"
        "  headcounts:\n    - {pool: a, at: 2024-08, value: 80}\n"
        "    - {pool: a, at: 2025-01, value: 70}\n", full, sizeof full);
    write_scenario(dir, "cut",
        "history:\n  as_of: 2024-08\n  moves:\n"
        "    - {who: G, at: 2024-03, to: c, count: 1}\n"
        "  shocks:\n    - {id: s, started: never}\n"
        "  headcounts:\n    - {pool: a, at: 2024-08, value: 80}\n",
        cut, sizeof cut);
    write_scenario(dir, "none", "", none, sizeof none);
    for (int i = 0; i < 3; i++)
        snprintf(out[i], sizeof out[i], "%s/out%d", dir, i);
    run_ok(full, out[0], "2024-08");
    run_ok(cut, out[1], NULL);
    assert_same_outputs(out[0], out[1]);
    /* run.yaml says when the forecast was made: what score reads */
    char path[800];
    snprintf(path, sizeof path, "%s/run.yaml", out[0]);
    char *yaml = ts_test_file_text(path, NULL);
    assert_non_null(strstr(yaml, "    as_of: \"2024-08\"\n"));
    free(yaml);
    run_ok(full, out[0], NULL);
    yaml = ts_test_file_text(path, NULL);
    assert_non_null(strstr(yaml, "    as_of: \"2025-01\"\n"));
    free(yaml);
    run_ok(full, out[0], "2024-01");
    run_ok(none, out[2], NULL);
    assert_same_outputs(out[0], out[2]);

    const struct {
        const char *file, *as_of, *message;
    } bad[] = {
        {full, "2025-02", "--as-of 2025-02: error: 2025-02 is later than "
                          "the record's as_of (2025-01)"},
        {none, "2024-06", "--as-of 2024-06: error: there is no record to "
                          "read as of 2024-06"},
        {full, "2023-12", "--as-of 2023-12: error: 2023-12 is not a date "
                          "of the run's steps"},
        {full, "June", "--as-of June: error: 'June' is not a month"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *argv[] = {"talentsim", "check", bad[i].file, "--as-of",
                              bad[i].as_of, NULL};
        ts_run_result *r = run(argv);
        assert_int_equal(r->status, 2);
        if (!strstr(r->err, bad[i].message))
            fail_msg("wanted '%s' in: %s", bad[i].message, r->err);
        free(r);
    }
    /* the record says s started: its chance may not be changed */
    const char *set[] = {"talentsim", "check", full, "--set",
                         "shocks.s.chance=0.9", NULL};
    ts_run_result *r = run(set);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "--set shocks.s.chance=0.9: error: the "
                                   "record says shock 's' started"));
    free(r);
    ts_test_rmtree(dir);
}

/* report.html's Track record: a resolved claim's Brier score is that of
 * the run's own probability (predictions.csv), worked here. */
static void test_track_record(void **state)
{
    (void)state;
    char dir[256], file[512], out[512], path[700];
    ts_test_tmpdir(dir, sizeof dir);
    path_in(file, sizeof file, dir, "s.yaml");
    path_in(out, sizeof out, dir, "out");
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 24, runs: 0}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.5}}\n"
        "  - {id: b, headcount: 100, retention: 0.9}\n"
        "executives:\n  - {group: G, pool: a, count: 10}\n"
        "predictions:\n  - {id: m, from: a, to: b, within: 12}\n"
        "history:\n  outcomes:\n"
        "    - {id: m, came_true: false, on: 2025-01}\n");
    const char *argv[] = {"talentsim", "report", file, "--no-plots", "-o",
                          out, NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 0);
    free(r);
    path_in(path, sizeof path, out, "predictions.csv");
    char *csv = ts_test_file_text(path, NULL);
    double p = strtod(row_of(csv, "m,"), NULL);
    free(csv);
    char want[200];
    snprintf(want, sizeof want, "<td>m</td><td>no</td><td>2025-01</td>"
             "<td class=\"n\">%.3f</td><td class=\"n\">%.4f</td>", p,
             p * p);
    path_in(path, sizeof path, out, "report.html");
    char *html = ts_test_file_text(path, NULL);
    assert_non_null(strstr(html, "<h2>Track record</h2>"));
    if (!strstr(html, want))
        fail_msg("report.html lacks %s", want);
    free(html);
    ts_test_rmtree(dir);
}

static void test_usage_errors(void **state)
{
    (void)state;
    const char *typo[] = {"talentsim", baseline, "--sed", "4", NULL};
    ts_run_result *r = run(typo);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "talentsim: error: unknown option "
                           "'--sed'; did you mean '--seed'?"));
    free(r);
    const char *nofit[] = {"talentsim", "fit", baseline, NULL};
    r = run(nofit);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "has no fit section: list the "
                                   "parameters to estimate"));
    free(r);
    const char *misplaced[] = {"talentsim", baseline, "--until", "2025-01",
                               NULL};
    r = run(misplaced);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "--until is an option of backtest"));
    free(r);
    const char *points[] = {"talentsim", baseline, "--points", NULL};
    r = run(points);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "talentsim: error: --points is an option "
                                   "of tornado"));
    free(r);
    const char *metric[] = {"talentsim", "tornado", baseline, "--metric",
                            "nothing", NULL};
    r = run(metric);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "talentsim: error: --metric: 'nothing' "
                                   "is neither a pool nor a prediction"));
    free(r);
    const char *none[] = {"talentsim", NULL};
    r = run(none);
    assert_int_equal(r->status, 2);
    free(r);
    const char *threads[] = {"talentsim", baseline, "--threads", "0", NULL};
    r = run(threads);
    assert_int_equal(r->status, 2);
    free(r);
    const char *missing[] = {"talentsim", "check", "no/such.yaml", NULL};
    r = run(missing);
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, "no/such.yaml: error: cannot open the "
                        "scenario: No such file or directory\n");
    free(r);
    /* score needs its record, and takes each forecast's as_of from it */
    const char *score[] = {"talentsim", "score", "out/x", NULL};
    r = run(score);
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, "talentsim: error: score needs --outcomes "
                                "FILE: the record of what happened "
                                "(history.outcomes and history.headcounts)"
                                "\nTry 'talentsim --help' for usage.\n");
    free(r);
    const char *as_of[] = {"talentsim", "score", "out/x", "--outcomes",
                           baseline, "--as-of", "2025-01", NULL};
    r = run(as_of);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "--as-of is for commands that read a "
                                   "scenario"));
    free(r);
    const char *help[] = {"talentsim", "--help", NULL};
    r = run(help);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "usage: talentsim SCENARIO.yaml"));
    free(r);
}

static void test_steady_and_check_commands(void **state)
{
    (void)state;
    char dir[256], path[1024];
    ts_test_tmpdir(dir, sizeof dir);
    const char *steady[] = {"talentsim", "steady", baseline, "-o", dir, NULL};
    ts_run_result *r = run(steady);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "steady headcount"));
    assert_non_null(strstr(r->out, "note: inflow_growth is not zero"));
    path_in(path, sizeof path, dir, "steady.csv");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    free(r);
    const char *check[] = {"talentsim", "check", baseline, NULL};
    r = run(check);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "ok"));
    free(r);
    ts_test_rmtree(dir);
}

/* A record's moves from a CSV file (SPEC section 8) are the same record
 * as the list: every output byte for byte, columns in any order, quoted
 * fields, a path relative to the file that names it (a base in another
 * directory too), a variant's CSV replacing its base's list; run.yaml
 * names the CSV with its SHA-256; a directory is refused at the line
 * that names it. */
static void test_moves_csv(void **state)
{
    (void)state;
    char dir[256], path[800], sub[600], out[4][700];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/base", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/variant", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    const char *history = "history:\n  as_of: 2025-01\n"
                          "  shocks:\n    - {id: s, started: 2024-09}\n"
                          "    - {id: t, started: never}\n";
    char text[4096];
    snprintf(path, sizeof path, "%s/base/list.yaml", dir);
    snprintf(text, sizeof text, "%s%s  moves:\n"
             "    - {who: G, at: 2024-03, to: c, count: 1}\n"
             "    - {who: X, at: 2024-08, to: b}\n", as_of_base, history);
    ts_test_write_file(path, text);
    snprintf(path, sizeof path, "%s/base/csv.yaml", dir);
    snprintf(text, sizeof text, "%s%s  moves: moves.csv\n", as_of_base,
             history);
    ts_test_write_file(path, text);
    snprintf(path, sizeof path, "%s/base/moves.csv", dir);
    ts_test_write_file(path, "to,who,at,count,from\r\n"
                             "c,\"G\",2024-03,1,a\r\n"
                             "b, X ,2024-08,,\r\n");
    snprintf(path, sizeof path, "%s/variant/v.yaml", dir);
    ts_test_write_file(path, "extends: ../base/csv.yaml\n");
    snprintf(path, sizeof path, "%s/variant/w.yaml", dir);
    ts_test_write_file(path, "extends: ../base/list.yaml\n"
                             "history: {moves: mine.csv}\n");
    snprintf(path, sizeof path, "%s/variant/mine.csv", dir);
    ts_test_write_file(path, "who,at,to\nG,2024-03,c\nX,2024-08,b\n");
    const char *files[] = {"base/list.yaml", "base/csv.yaml",
                           "variant/v.yaml", "variant/w.yaml"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        snprintf(out[i], sizeof out[i], "%s/out%d", dir, i);
        run_ok(path, out[i], NULL);
        if (i > 0)
            assert_same_outputs(out[0], out[i]);
    }
    snprintf(path, sizeof path, "%s/run.yaml", out[2]);
    char *yaml = ts_test_file_text(path, NULL);
    assert_non_null(strstr(yaml, "/base/moves.csv\", sha256: \""));
    free(yaml);

    snprintf(path, sizeof path, "%s/base/dir.yaml", dir);
    snprintf(text, sizeof text, "%shistory:\n  as_of: 2024-02\n"
             "  moves: ../variant\n", as_of_base);
    ts_test_write_file(path, text);
    const char *argv[] = {"talentsim", "check", path, NULL};
    ts_run_result *r = run(argv);
    assert_int_equal(r->status, 2);
    if (!strstr(r->err, "dir.yaml:20:10: error: moves: '") ||
        !strstr(r->err, "/base/../variant': not a regular file"))
        fail_msg("got %s", r->err);
    free(r);
    ts_test_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers_match_spec),
        cmocka_unit_test(test_deterministic_only_leaves_mc_columns_empty),
        cmocka_unit_test(test_numbers_have_ten_digits),
        cmocka_unit_test(test_same_files_for_any_thread_count),
        cmocka_unit_test(test_failure_keeps_previous_results),
        cmocka_unit_test(test_interrupt_keeps_previous_results),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_every_error_in_one_run),
        cmocka_unit_test(test_set_errors_say_so),
        cmocka_unit_test(test_certain_claims_show_their_bound),
        cmocka_unit_test(test_overrides_are_named),
        cmocka_unit_test(test_sweep_predictions_match_set_runs),
        cmocka_unit_test(test_compare_predictions),
        cmocka_unit_test(test_tornado_of_a_claim),
        cmocka_unit_test(test_report_sources),
        cmocka_unit_test(test_empty_record_changes_nothing),
        cmocka_unit_test(test_as_of_cuts_the_record),
        cmocka_unit_test(test_moves_csv),
        cmocka_unit_test(test_track_record),
        cmocka_unit_test(test_steady_and_check_commands),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
