/* The public API (sim/talentsim.h) as a caller sees it: diagnostics as
 * values with their place; an override and a scenario not validated
 * refused; stocks, flows and predictions equal to the files the program
 * writes for the same scenario (read back here from its CSV); the same
 * numbers for one and three threads; the cancel flag and the progress
 * callback; the steady state against a long projection; an override's
 * name in its messages and every mistake of a file in one call; runs
 * without process noise. Nothing here includes an engine header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/talentsim.h"
#include "tests/harness.h"

static const char *two_pools =
    "scenario: {name: api, start: 2024-01, horizon: 12, runs: 200, "
    "seed: 5}\n"
    "pools:\n"
    "  - {id: a, headcount: 1000, inflow: 100, retention: 0.8, "
    "to: {b: 0.5}}\n"
    "  - {id: b, headcount: {range: [400, 600]}, retention: 0.9}\n";

static talentsim_scenario *load(const char *text, talentsim_diagnostics *d)
{
    talentsim_scenario *sc = NULL;
    assert_int_equal(talentsim_scenario_load_string(text, strlen(text),
                                                    "api.yaml", NULL, &sc,
                                                    d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_validate(sc, d), TALENTSIM_OK);
    return sc;
}

static void diagnostics_are_values(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = NULL;
    const char *bad = "scenario: {start: 2024-01, horizon: 12}\n"
                      "pools:\n"
                      "  - {id: a, headcount: 10, retention: 1.3}\n"
                      "  - {id: b, headcount: 10, retention: 0.9, "
                      "to: {c: 0.5}}\n";
    assert_int_equal(talentsim_scenario_load_string(bad, strlen(bad), "x.yaml",
                                                    "dir", &sc, d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_validate(sc, d), TALENTSIM_EINPUT);
    assert_int_equal(talentsim_diagnostics_count(d), 2);
    assert_string_equal(talentsim_diagnostic_file(d, 0), "dir/x.yaml");
    assert_int_equal(talentsim_diagnostic_line(d, 0), 3);
    assert_int_equal(talentsim_diagnostic_column(d, 0), 39);
    assert_string_equal(talentsim_diagnostic_message(d, 0),
                        "retention must be in (0, 1], got 1.3");
    char line[512];
    talentsim_diagnostic_format(d, 1, line, sizeof line);
    assert_non_null(strstr(line, "dir/x.yaml:4:"));
    /* not validated: no projection */
    talentsim_run *run = NULL;
    talentsim_diagnostics_clear(d);
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_EINPUT);
    assert_null(run);
    assert_int_equal(talentsim_diagnostics_count(d), 1);
    talentsim_scenario_destroy(sc);
    /* an override that names nothing */
    talentsim_diagnostics_clear(d);
    sc = load(two_pools, d);
    assert_int_equal(talentsim_scenario_set(sc, "pools.zz.retention=0.5", d),
                     TALENTSIM_EINPUT);
    assert_int_equal(talentsim_diagnostics_total(d), 1);
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_EINPUT);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

/* CSV cell `col` (0-based) of the row of stocks.csv for step and pool. */
static double csv_cell(const char *csv, size_t step, const char *pool,
                       size_t col)
{
    char key[64];
    for (const char *line = strchr(csv, '\n') + 1; *line;
         line = strchr(line, '\n') + 1) {
        snprintf(key, sizeof key, "%zu,", step);
        if (strncmp(line, key, strlen(key)) == 0) {
            const char *p = line;
            for (size_t c = 0; c < 3; c++)
                p = strchr(p, ',') + 1;
            if (strncmp(p, pool, strlen(pool)) == 0 &&
                p[strlen(pool)] == ',') {
                p = line;
                for (size_t c = 0; c < col; c++)
                    p = strchr(p, ',') + 1;
                return *p == ',' || *p == '\n' ? NAN : strtod(p, NULL);
            }
        }
        if (!strchr(line, '\n'))
            break;
    }
    fail_msg("no row for step %zu pool %s", step, pool);
    return NAN;
}

static void same_numbers_as_the_program(void **state)
{
    (void)state;
    char dir[512], file[700], out[700], path[800];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/api.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    ts_test_write_file(file, two_pools);
    const char *argv[] = {"talentsim", file, "-o", out, "--no-plots",
                          "--quiet", NULL};
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    assert_int_equal(r->status, 0);
    free(r);
    snprintf(path, sizeof path, "%s/stocks.csv", out);
    char *csv = ts_test_file_text(path, NULL);
    assert_non_null(csv);

    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = NULL;
    assert_int_equal(talentsim_scenario_load_file(file, &sc, d), TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_validate(sc, d), TALENTSIM_OK);
    assert_string_equal(talentsim_scenario_name(sc), "api");
    assert_int_equal(talentsim_scenario_pools(sc), 2);
    assert_string_equal(talentsim_scenario_pool_id(sc, 2), "outside");
    assert_int_equal(talentsim_scenario_steps(sc), 12);
    char date[16];
    talentsim_scenario_date(sc, 12, date, sizeof date);
    assert_string_equal(date, "2025-01");
    talentsim_run *run[2] = {NULL, NULL};
    size_t threads[2] = {1, 3};
    for (int t = 0; t < 2; t++) {
        talentsim_options opt = {.threads = threads[t]};
        assert_int_equal(talentsim_project(sc, &run[t], d), TALENTSIM_OK);
        assert_true(isnan(talentsim_stock(run[t], 12, 0, TALENTSIM_P50)));
        assert_int_equal(talentsim_simulate(run[t], &opt, d), TALENTSIM_OK);
    }
    for (size_t k = 0; k <= 12; k++)
        for (size_t p = 0; p <= 2; p++)
            for (int s = TALENTSIM_DETERMINISTIC; s <= TALENTSIM_P95; s++) {
                double got = talentsim_stock(run[0], k, p, (talentsim_stat)s);
                double want = csv_cell(
                    csv, k, talentsim_scenario_pool_id(sc, p), 4 + (size_t)s);
                /* the CSV has 12 significant digits */
                if (!(isnan(want) ? isnan(got)
                                  : fabs(got - want) <=
                                        1e-11 * fmax(1, fabs(want))))
                    fail_msg("step %zu pool %zu stat %d: %.17g vs %.17g", k, p,
                             s, got, want);
                double other = talentsim_stock(run[1], k, p,
                                               (talentsim_stat)s);
                assert_true(isnan(got) ? isnan(other) : got == other);
            }
    /* flows: a to b in step 0 is 1000 P_ab; entrants to a are positive */
    double f = talentsim_flow(run[0], 0, 0, 1, TALENTSIM_DETERMINISTIC);
    assert_true(f > 0 && f < 1000);
    assert_true(talentsim_flow(run[0], 0, 2, 0, TALENTSIM_DETERMINISTIC) > 0);
    assert_true(isnan(talentsim_flow(run[0], 12, 0, 1, TALENTSIM_MEAN)));
    assert_true(isnan(talentsim_flow(run[0], 0, 0, 1, TALENTSIM_P50)));
    /* flow balance of every pool in every step, to round-off */
    for (size_t k = 0; k < 12; k++)
        for (size_t j = 0; j < 2; j++) {
            double in = 0, out_ = 0;
            for (size_t i = 0; i <= 2; i++) {
                if (i == j)
                    continue;
                in += talentsim_flow(run[0], k, i, j, TALENTSIM_DETERMINISTIC);
                out_ += talentsim_flow(run[0], k, j, i,
                                       TALENTSIM_DETERMINISTIC);
            }
            double n0 = talentsim_stock(run[0], k, j, TALENTSIM_DETERMINISTIC),
                   n1 = talentsim_stock(run[0], k + 1, j,
                                        TALENTSIM_DETERMINISTIC);
            assert_true(fabs(n0 + in - out_ - n1) < 1e-9 * n1);
        }
    talentsim_run_destroy(run[0]);
    talentsim_run_destroy(run[1]);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
    free(csv);
    ts_test_rmtree(dir);
}

static const char *claims =
    "scenario: {name: claims, start: 2024-01, horizon: 24, runs: 400, "
    "seed: 9}\n"
    "pools:\n"
    "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.5}}\n"
    "  - {id: b, headcount: 100, retention: 0.9}\n"
    "executives:\n"
    "  - {name: X, pool: a, move: 0.3, to: {b: 1}}\n"
    "  - {group: G, pool: a, count: 3}\n"
    "predictions:\n"
    "  - {id: moves, from: a, to: b, within: 12, at_least: 1}\n"
    "  - {id: small, pool: a, at: 2025-01, below: 90}\n";

static void predictions(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(claims, d);
    assert_int_equal(talentsim_scenario_predictions(sc), 2);
    assert_string_equal(talentsim_scenario_prediction_id(sc, 1), "small");
    talentsim_run *run = NULL;
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    double p, se;
    assert_int_equal(talentsim_prediction(run, 0, TALENTSIM_EXACT, &p, &se),
                     1);
    /* X: 1 - 0.7 = 0.3 of moving in a year, all to b; each of G's three
     * members: the pool's 0.2 of leaving, half of them to b (monthly
     * steps: the chain's own probability, as count_tail's test checks) */
    assert_true(p > 0.3 && p < 1);
    assert_true(isnan(se));
    assert_int_equal(talentsim_prediction(run, 1, TALENTSIM_EXACT, &p, &se),
                     0);
    assert_int_equal(talentsim_prediction(run, 0, TALENTSIM_MONTECARLO, &p,
                                          &se),
                     0);
    assert_int_equal(talentsim_simulate(run, NULL, d), TALENTSIM_OK);
    double exact, mc;
    talentsim_prediction(run, 0, TALENTSIM_EXACT, &exact, &se);
    assert_int_equal(talentsim_prediction(run, 0, TALENTSIM_MONTECARLO, &mc,
                                          &se),
                     1);
    assert_true(fabs(mc - exact) < 5 * se);
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

/* Sightings serve the fit: a run of them gives no prediction, and
 * talentsim_simulate says a forecast from them is not made yet. */
static void sightings_give_no_forecast(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%shistory:\n  as_of: 2024-06\n"
             "  seen: [{who: X, at: 2024-04, pool: b}]\n", claims);
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(text, d);
    talentsim_run *run = NULL;
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    double p, se;
    assert_int_equal(talentsim_prediction(run, 0, TALENTSIM_EXACT, &p, &se),
                     0);
    assert_true(isnan(p));
    assert_int_not_equal(talentsim_simulate(run, NULL, d), TALENTSIM_OK);
    char line[1024];
    talentsim_diagnostic_format(d, 0, line, sizeof line);
    assert_non_null(strstr(line, "a forecast from sightings"));
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

typedef struct seen {
    size_t calls, last_done, total;
} seen;

static void on_progress(void *user, size_t done, size_t total)
{
    seen *s = user;
    s->calls++;
    s->last_done = done;
    s->total = total;
}

static void cancel_and_progress(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(two_pools, d);
    talentsim_run *run = NULL;
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    volatile sig_atomic_t cancel = 1;
    talentsim_options opt = {.threads = 2, .cancel = &cancel};
    assert_int_equal(talentsim_simulate(run, &opt, d), TALENTSIM_ECANCEL);
    talentsim_run_destroy(run);
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    seen s = {0};
    cancel = 0;
    opt.progress = on_progress;
    opt.progress_user = &s;
    assert_int_equal(talentsim_simulate(run, &opt, d), TALENTSIM_OK);
    assert_true(s.calls >= 1);
    assert_int_equal(s.total, 200);
    assert_int_equal(s.last_done, 200);
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

/* Cancelling from the progress callback while two workers run: the
 * callback runs on the calling thread, which raises the flag; the
 * workers see it through the engine's own atomic, never by reading the
 * caller's flag (the CI's ThreadSanitizer build runs this test). */
typedef struct canceller {
    volatile sig_atomic_t *flag;
    size_t calls;
} canceller;

static void cancel_on_first_report(void *user, size_t done, size_t total)
{
    canceller *c = user;
    (void)done;
    (void)total;
    c->calls++;
    *c->flag = 1;
}

static void cancel_while_running(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(two_pools, d);
    /* enough runs that the first report (after 0.1 s) comes mid-way */
    assert_int_equal(talentsim_scenario_set(sc, "scenario.runs=2000000", d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_validate(sc, d), TALENTSIM_OK);
    talentsim_run *run = NULL;
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    volatile sig_atomic_t flag = 0;
    canceller c = {&flag, 0};
    talentsim_options opt = {.threads = 2, .cancel = &flag,
                             .progress = cancel_on_first_report,
                             .progress_user = &c};
    assert_int_equal(talentsim_simulate(run, &opt, d), TALENTSIM_ECANCEL);
    assert_true(c.calls >= 1);
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

/* A run keeps the dimensions it was made with: a longer horizon set on
 * its scenario afterwards reads nothing past its arrays (ASan would say
 * so), and the run refuses to be simulated with the changed scenario. */
static void run_keeps_its_dimensions(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(two_pools, d);
    talentsim_run *run = NULL;
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    double last = talentsim_stock(run, 12, 0, TALENTSIM_DETERMINISTIC);
    assert_true(isfinite(last));
    assert_int_equal(talentsim_scenario_set(sc, "scenario.horizon=48", d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_validate(sc, d), TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_steps(sc), 48);
    assert_true(isnan(talentsim_stock(run, 13, 0, TALENTSIM_DETERMINISTIC)));
    assert_true(isnan(talentsim_stock(run, 48, 1, TALENTSIM_DETERMINISTIC)));
    assert_true(isnan(talentsim_flow(run, 12, 0, 1,
                                     TALENTSIM_DETERMINISTIC)));
    assert_true(talentsim_stock(run, 12, 0, TALENTSIM_DETERMINISTIC) ==
                last);
    assert_int_equal(talentsim_simulate(run, NULL, d), TALENTSIM_EINPUT);
    assert_non_null(strstr(talentsim_diagnostic_message(d, 0),
                           "changed since this run was projected"));
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

/* A NULL label: the change names itself in messages. */
static void null_label(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(two_pools, d);
    assert_int_equal(talentsim_scenario_override(sc, "scenario.runs", "many",
                                                 NULL, d),
                     TALENTSIM_EINPUT);
    assert_string_equal(talentsim_diagnostic_file(d, 0),
                        "scenario.runs=many");
    talentsim_diagnostics_clear(d);
    assert_int_equal(talentsim_scenario_override(sc, "scenario.runs", "7",
                                                 NULL, d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_as_of(sc, "2024-13", NULL, d),
                     TALENTSIM_EINPUT);
    assert_string_equal(talentsim_diagnostic_file(d, 0), "as_of");
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

/* The steady state against an independent computation: the projection
 * run for three centuries, by which time (retention 0.9 a year at most)
 * it is within 0.9^300 (2e-14) of it. A steady-state run has no
 * projection. */
static void steady_state(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(two_pools, d);
    talentsim_run *steady = NULL, *run = NULL;
    assert_int_equal(talentsim_steady(sc, &steady, d), TALENTSIM_OK);
    assert_true(isnan(talentsim_stock(steady, 0, 0, TALENTSIM_DETERMINISTIC)));
    assert_true(isnan(talentsim_steady_stock(steady, 2)));
    assert_int_equal(talentsim_scenario_set(sc, "scenario.horizon=3600", d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_set(sc, "scenario.runs=0", d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_validate(sc, d), TALENTSIM_OK);
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    for (size_t p = 0; p < 2; p++) {
        double far = talentsim_stock(run, 3600, p, TALENTSIM_DETERMINISTIC);
        double got = talentsim_steady_stock(steady, p);
        assert_true(got > 0);
        assert_true(fabs(got - far) <= 1e-6 * far);
    }
    talentsim_run_destroy(run);
    talentsim_run_destroy(steady);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

/* An override carries the caller's name for it into the messages; a file
 * that does not load has its other mistakes reported in the same call. */
static void overrides_and_every_mistake(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(two_pools, d);
    assert_int_equal(talentsim_scenario_override(sc, "scenario.runs", "many",
                                                 "--runs many", d),
                     TALENTSIM_EINPUT);
    assert_string_equal(talentsim_diagnostic_file(d, 0), "--runs many");
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_clear(d);
    static const char bad[] =
        "scenario: {name: x, start: 2024-01, horizon: 12}\n"
        "pools:\n"
        "  - {id: a, headcount: 10, retention: 0.5, to: {zz: 0.5}}\n"
        "  - {id: b, headcont: 10, retention: 0.5}\n";
    assert_int_equal(talentsim_scenario_load_string(bad, strlen(bad), "x.yaml",
                                                    NULL, &sc, d),
                     TALENTSIM_EINPUT);
    assert_null(sc);
    assert_int_equal(talentsim_diagnostics_count(d), 2);
    /* the key, found loading; the reference, found validating */
    assert_int_equal(talentsim_diagnostic_line(d, 0), 4);
    assert_non_null(strstr(talentsim_diagnostic_message(d, 0), "'headcont'"));
    assert_int_equal(talentsim_diagnostic_line(d, 1), 3);
    assert_non_null(strstr(talentsim_diagnostic_message(d, 1), "'zz'"));
    talentsim_diagnostics_destroy(d);
}

/* Without process noise and with nothing uncertain every run is the
 * projection in whole people: their sd is 0 and their mean the
 * projection rounded. */
static void no_process_noise(void **state)
{
    (void)state;
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = load(two_pools, d);
    assert_int_equal(talentsim_scenario_set(sc, "pools.b.headcount=500", d),
                     TALENTSIM_OK);
    assert_int_equal(talentsim_scenario_validate(sc, d), TALENTSIM_OK);
    talentsim_run *run = NULL;
    talentsim_options opt = {.threads = 2, .no_process_noise = 1};
    assert_int_equal(talentsim_project(sc, &run, d), TALENTSIM_OK);
    assert_int_equal(talentsim_simulate(run, &opt, d), TALENTSIM_OK);
    for (size_t k = 0; k <= 12; k++)
        for (size_t p = 0; p < 2; p++) {
            double det = talentsim_stock(run, k, p, TALENTSIM_DETERMINISTIC);
            double mean = talentsim_stock(run, k, p, TALENTSIM_MEAN);
            assert_true(fabs(mean - det) <= 0.5 + 1e-9);
            assert_true(talentsim_stock(run, k, p, TALENTSIM_SD) == 0);
        }
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diagnostics_are_values),
        cmocka_unit_test(same_numbers_as_the_program),
        cmocka_unit_test(predictions),
        cmocka_unit_test(sightings_give_no_forecast),
        cmocka_unit_test(cancel_and_progress),
        cmocka_unit_test(cancel_while_running),
        cmocka_unit_test(run_keeps_its_dimensions),
        cmocka_unit_test(null_label),
        cmocka_unit_test(steady_state),
        cmocka_unit_test(overrides_and_every_mistake),
        cmocka_unit_test(no_process_noise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
