/* Loading, defaults, parameter paths and --step. Bad inputs are covered
 * file by file in tests/bad/ (test_bad_input.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "models/load/param_path.h"
#include "tests/scenario_fixture.h"

static const char *two_pools =
    "scenario:\n"
    "  start: 2024-01\n"
    "  horizon: 48\n"
    "pools:\n"
    "  - id: a\n"
    "    headcount: 100\n"
    "    retention: 0.9\n"
    "    to: {b: 0.1, c: 0.2, outside: 0.7}\n"
    "  - {id: b, headcount: 50, retention: 0.8}\n"
    "  - {id: c, headcount: 5, retention: 0.8}\n";

static ts_scenario *load_only(const char *text, ts_diags *d)
{
    ts_scenario *sc = NULL;
    ts_diags_init(d);
    assert_int_equal(ts_scenario_load_string(text, strlen(text), "t.yaml",
                                             &sc, d), TS_OK);
    return sc;
}

static void first_error(const ts_diags *d, char *buf, size_t size)
{
    assert_true(d->count > 0);
    ts_diag_format(&d->items[0], buf, size);
}

static void test_defaults_and_share_tolerance(void **state)
{
    (void)state;
    ts_scenario *sc = ts_fixture_scenario(two_pools);
    assert_non_null(sc); /* 0.1 + 0.2 + 0.7 passes */
    assert_int_equal(sc->runs, TS_DEFAULT_RUNS);
    assert_int_equal(sc->seed, TS_DEFAULT_SEED);
    assert_int_equal(sc->step_months, 1);
    assert_string_equal(sc->name, "fixture");
    assert_int_equal(sc->pools[0].to.items[2].dest_index, 3); /* outside = K */
    ts_scenario_destroy(sc);
}

static void test_until_resolves_to_steps(void **state)
{
    (void)state;
    ts_scenario *sc = ts_fixture_scenario(
        "scenario: {start: 2024-01, until: 2027-12}\n"
        "pools: [{id: a, headcount: 1, retention: 0.5}]\n");
    assert_int_equal(sc->horizon, 48);
    ts_scenario_destroy(sc);
    sc = ts_fixture_scenario(
        "scenario: {start: 2024-01, step: quarter, until: 2027-12}\n"
        "pools: [{id: a, headcount: 1, retention: 0.5}]\n");
    assert_int_equal(sc->horizon, 16);
    ts_scenario_destroy(sc);
}

static void test_step_change_keeps_span(void **state)
{
    (void)state;
    ts_diags d;
    ts_mark m = {"--step", 0, 0};
    ts_scenario *sc = load_only(two_pools, &d);
    assert_int_equal(ts_scenario_change_step(sc, 3, m, &d), TS_OK);
    assert_int_equal(sc->horizon, 16);
    assert_int_equal(ts_scenario_change_step(sc, 12, m, &d), TS_OK);
    assert_int_equal(sc->horizon, 4);
    ts_scenario_destroy(sc);

    sc = load_only("scenario: {start: 2024-01, horizon: 10}\n"
                   "pools: [{id: a, headcount: 1, retention: 0.5}]\n", &d);
    assert_int_equal(ts_scenario_change_step(sc, 3, m, &d), TS_EINPUT);
    char line[1024];
    first_error(&d, line, sizeof line);
    assert_string_equal(line, "--step: error: the horizon of 10 months does "
                        "not divide into quarter steps");
    ts_scenario_destroy(sc);
}

static void test_set_paths(void **state)
{
    (void)state;
    ts_diags d;
    ts_scenario *sc = load_only(two_pools, &d);
    assert_int_equal(ts_param_set_assignment(sc, "pools.b.retention=0.5", &d),
                     TS_OK);
    assert_true(sc->pools[1].retention.value == 0.5);
    assert_int_equal(ts_param_set_assignment(sc, "pools.b.to.c=0.25", &d),
                     TS_OK);
    assert_int_equal(sc->pools[1].to.n, 1);
    assert_true(sc->pools[1].to.items[0].share.value == 0.25);
    assert_int_equal(ts_param_set_assignment(sc, "pools.a.to.b=0.05", &d),
                     TS_OK); /* replaces, does not add */
    assert_int_equal(sc->pools[0].to.n, 3);
    assert_int_equal(ts_param_set_assignment(sc, "scenario.runs=0", &d),
                     TS_OK);
    assert_int_equal(sc->runs, 0);
    assert_int_equal(ts_param_set_assignment(sc, "pools.c.to={a: 0.5}", &d),
                     TS_OK);
    assert_int_equal(ts_param_set_assignment(sc, "scenario.step=year", &d),
                     TS_OK);
    assert_int_equal(sc->horizon, 4);
    /* the result validates, and the sum on a now fails with outside */
    assert_int_equal(ts_scenario_validate(sc, &d), TS_EINPUT);
    char line[1024];
    first_error(&d, line, sizeof line);
    assert_string_equal(line, "t.yaml:8:9: error: shares in to of 'a' sum to "
                        "0.95; when 'outside' is named they must sum to 1");
    ts_scenario_destroy(sc);
}

static void test_set_errors_name_the_path(void **state)
{
    (void)state;
    static const struct {
        const char *assignment, *message;
    } cases[] = {
        {"pools.aa.retention=0.5", "--set pools.aa.retention=0.5: error: "
                                   "unknown pool 'aa'; did you mean 'a'?"},
        {"pools.a.retension=0.5", "--set pools.a.retension=0.5: error: "
                                  "unknown pool field 'retension'; did you "
                                  "mean 'retention'?"},
        {"pools.a.retention=high", "--set pools.a.retention=high: error: "
                                   "retention must be a number, got 'high'"},
        {"pools.a.retention=", "--set pools.a.retention=: error: no value "
                               "after '='"},
        {"retention", "--set: error: expected PATH=VALUE, got 'retention'"},
        {"poolz.a.retention=1", "--set poolz.a.retention=1: error: "
                                "'poolz.a.retention' is not a parameter "
                                "path; use scenario.FIELD, pools.ID.FIELD, "
                                "pools.ID.to.DEST, executives.NAME.move, "
                                "executives.NAME.team.size, "
                                "shocks.ID.chance or "
                                "outputs.FIELD"},
        {"pools.a.to.zz=0.1", "--set pools.a.to.zz=0.1: error: unknown pool "
                              "'zz'; did you mean 'a'?"},
        {"pools.a.id=b", "--set pools.a.id=b: error: a pool's id cannot be "
                         "changed with a path"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ts_diags d;
        char line[1024];
        ts_scenario *sc = load_only(two_pools, &d);
        assert_int_equal(ts_param_set_assignment(sc, cases[i].assignment, &d),
                         TS_EINPUT);
        first_error(&d, line, sizeof line);
        assert_string_equal(line, cases[i].message);
        ts_scenario_destroy(sc);
    }
}

/* A value set on the command line is validated like the file's. */
static void test_set_value_validated(void **state)
{
    (void)state;
    ts_diags d;
    char line[1024];
    ts_scenario *sc = load_only(two_pools, &d);
    assert_int_equal(ts_param_set_assignment(sc, "pools.b.retention=1.5", &d),
                     TS_OK);
    assert_int_equal(ts_scenario_validate(sc, &d), TS_EINPUT);
    first_error(&d, line, sizeof line);
    assert_string_equal(line, "--set pools.b.retention=1.5: error: retention "
                        "must be in (0, 1], got 1.5");
    ts_scenario_destroy(sc);
}

static void test_all_errors_reported(void **state)
{
    (void)state;
    ts_diags d;
    ts_scenario *sc = NULL;
    const char *text = "scenario: {start: 2024-01, horizon: 12, bogus: 1}\n"
                       "pools:\n"
                       "  - {id: a, headcount: x, retention: 0.5}\n"
                       "  - {id: b, headcount: 1, retention: y}\n";
    ts_diags_init(&d);
    assert_int_equal(ts_scenario_load_string(text, strlen(text), "t.yaml",
                                             &sc, &d), TS_EINPUT);
    assert_null(sc);
    assert_int_equal(d.count, 3);
}

/* One date grammar: each date written as a month and as a step number
 * resolves to the same step (quarterly steps from 2024-01: 2025-01 is
 * step 4, 2026-01 step 8), for an event, a headcount prediction, a
 * window, an observation's at and its period. */
static void test_dates_months_or_steps(void **state)
{
    (void)state;
    const char *form =
        "scenario: {start: 2024-01, step: quarter, horizon: 12, runs: 0}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, retention: 0.9, to: {b: 0.1}}\n"
        "  - {id: b, headcount: 50, retention: 0.8}\n"
        "executives: [{name: X, pool: a}]\n"
        "events: [{at: %s, set: {pools.a.retention: 0.8}}]\n"
        "predictions:\n"
        "  - {id: h, pool: a, at: %s, below: 50}\n"
        "  - {id: m, from: a, to: b, window: [%s, %s]}\n"
        "observed:\n"
        "  - {pool: a, headcount: 90, at: %s}\n"
        "  - {pool: a, inflow: 10, period: [%s, %s]}\n";
    char months[2048], steps[2048];
    snprintf(months, sizeof months, form, "2025-01", "2026-01", "2024-04",
             "2025-01", "2026-01", "2024-01", "2025-01");
    snprintf(steps, sizeof steps, form, "4", "8", "1", "4", "8", "0", "4");
    ts_scenario *a = ts_fixture_scenario(months);
    ts_scenario *b = ts_fixture_scenario(steps);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->events[0].step, 4);
    assert_int_equal(b->events[0].step, 4);
    assert_int_equal(a->predictions[0].at_step, 8);
    assert_int_equal(b->predictions[0].at_step, 8);
    assert_int_equal(b->predictions[1].step_from, a->predictions[1].step_from);
    assert_int_equal(b->predictions[1].step_to, 4);
    assert_int_equal(b->observed[0].step_from, 8);
    assert_int_equal(b->observed[1].step_from, 0);
    assert_int_equal(b->observed[1].step_to, a->observed[1].step_to);
    ts_scenario_destroy(a);
    ts_scenario_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_share_tolerance),
        cmocka_unit_test(test_until_resolves_to_steps),
        cmocka_unit_test(test_step_change_keeps_span),
        cmocka_unit_test(test_set_paths),
        cmocka_unit_test(test_set_errors_name_the_path),
        cmocka_unit_test(test_set_value_validated),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_dates_months_or_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
