/* Steady state against closed forms and the long-run projection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include <cmocka.h>

#include "sim/engine/project.h"
#include "sim/engine/steady.h"
#include "sim/engine/timeline.h"
#include "tests/scenario_fixture.h"

static ts_steady *steady_of(const char *yaml, ts_scenario **sc_out,
                            ts_values **v_out)
{
    ts_scenario *sc = ts_fixture_scenario(yaml);
    assert_non_null(sc);
    ts_values *v = ts_values_create(sc->n_pools);
    ts_values_from_scenario(sc, v);
    ts_steady *s = ts_steady_create(sc, v);
    assert_non_null(s);
    *sc_out = sc;
    *v_out = v;
    return s;
}

static void steady_free(ts_steady *s, ts_values *v, ts_scenario *sc)
{
    ts_steady_destroy(s);
    ts_values_destroy(v);
    ts_scenario_destroy(sc);
}

/* Pool a sends a share s of leavers to b: a* = a_a / lambda_a,
 * b* = (a_b + s lambda_a a*) / lambda_b. */
static void test_two_pools_closed_form(void **state)
{
    (void)state;
    ts_scenario *sc;
    ts_values *v;
    ts_steady *s = steady_of(
        "scenario: {start: 2024-01, horizon: 12}\n"
        "pools:\n"
        "  - {id: a, headcount: 0, inflow: 500, retention: 0.8, to: {b: 0.4}}\n"
        "  - {id: b, headcount: 0, inflow: 100, retention: 0.9}\n", &sc, &v);
    double la = -log(0.8), lb = -log(0.9);
    double a = 500 / la, b = (100 + 0.4 * la * a) / lb;
    assert_true(s->exists);
    assert_true(fabs(s->headcount[0] - a) <= 1e-12 * a);
    assert_true(fabs(s->headcount[1] - b) <= 1e-12 * b);
    assert_true(fabs(s->mean_stay[0] - 1 / la) <= 1e-14 / la);
    steady_free(s, v, sc);
}

/* A 1000-year projection (the slowest mode decays at ~6% a year) with constant inflow settles on n*. */
static void test_projection_converges(void **state)
{
    (void)state;
    const char *yaml =
        "scenario: {start: 2024-01, step: year, horizon: 1000}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, inflow: 900, retention: 0.7,\n"
        "     to: {b: 0.5, c: 0.3}}\n"
        "  - {id: b, headcount: 5000, inflow: 50, retention: 0.85,\n"
        "     to: {a: 0.2, c: 0.2}}\n"
        "  - {id: c, headcount: 10, inflow: 0, retention: 0.9,\n"
        "     to: {a: 0.6}}\n";
    ts_scenario *sc;
    ts_values *v;
    ts_steady *s = steady_of(yaml, &sc, &v);
    ts_timeline *t = ts_timeline_create(sc, v);
    ts_projection *p = ts_projection_create(t, v);
    assert_true(s->exists);
    for (size_t i = 0; i < 3; i++) {
        double end = p->stock[1000 * 4 + i];
        assert_true(fabs(end - s->headcount[i]) <= 1e-9 * s->headcount[i]);
    }
    ts_projection_destroy(p);
    ts_timeline_destroy(t);
    steady_free(s, v, sc);
}

static void test_no_steady_state_when_a_pool_never_drains(void **state)
{
    (void)state;
    ts_scenario *sc;
    ts_values *v;
    ts_steady *s = steady_of(
        "scenario: {start: 2024-01, horizon: 12}\n"
        "pools:\n"
        "  - {id: a, headcount: 0, inflow: 5, retention: 1}\n", &sc, &v);
    assert_false(s->exists);
    assert_non_null(strstr(s->reason, "pool 'a' has retention 1"));
    assert_true(isinf(s->mean_stay[0]));
    steady_free(s, v, sc);

    s = steady_of("scenario: {start: 2024-01, horizon: 12}\n"
                  "pools:\n"
                  "  - {id: a, headcount: 0, inflow: 5, retention: 0.5,\n"
                  "     to: {b: 1}}\n"
                  "  - {id: b, headcount: 0, retention: 0.5, to: {a: 1}}\n",
                  &sc, &v);
    assert_false(s->exists);
    assert_non_null(strstr(s->reason, "never reach outside"));
    steady_free(s, v, sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_pools_closed_form),
        cmocka_unit_test(test_projection_converges),
        cmocka_unit_test(test_no_steady_state_when_a_pool_never_drains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
