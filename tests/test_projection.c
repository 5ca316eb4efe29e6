/* The deterministic projection against closed forms and invariants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>

#include <cmocka.h>

#include "sim/engine/project.h"
#include "sim/engine/timeline.h"
#include "tests/scenario_fixture.h"

/* Five constant-parameter pools (growth 0, so that the projection at a
 * calendar date is the same for every step size). */
static const char *five_pools_yaml =
    "scenario: {start: 2024-01, step: %s, until: 2033-12}\n"
    "pools:\n"
    "  - {id: f, headcount: 35000, inflow: 28000, retention: 0.85,\n"
    "     to: {b: 0.35, i: 0.30, u: 0.10}}\n"
    "  - {id: b, headcount: 120000, inflow: 55000, retention: 0.82,\n"
    "     to: {f: 0.30, i: 0.25, e: 0.15, u: 0.05}}\n"
    "  - {id: e, headcount: 60000, inflow: 18000, retention: 0.78,\n"
    "     to: {f: 0.20, b: 0.30, i: 0.20}}\n"
    "  - {id: i, headcount: 25000, inflow: 15000, retention: 0.80,\n"
    "     to: {f: 0.25, b: 0.30, e: 0.10}}\n"
    "  - {id: u, headcount: 40000, inflow: 6000, retention: 0.90,\n"
    "     to: {f: 0.35, b: 0.35, i: 0.10}}\n";

typedef struct fixture {
    ts_scenario *sc;
    ts_values *v;
    ts_timeline *t;
    ts_projection *p;
} fixture;

static void fixture_load(fixture *f, const char *yaml)
{
    f->sc = ts_fixture_scenario(yaml);
    assert_non_null(f->sc);
    f->v = ts_values_create(f->sc->n_pools);
    ts_values_from_scenario(f->sc, f->v);
    f->t = ts_timeline_create(f->sc, f->v);
    assert_non_null(f->t);
    f->p = ts_projection_create(f->t, f->v);
    assert_non_null(f->p);
}

static void fixture_free(fixture *f)
{
    ts_projection_destroy(f->p);
    ts_timeline_destroy(f->t);
    ts_values_destroy(f->v);
    ts_scenario_destroy(f->sc);
}

static void fixture_step(fixture *f, const char *step)
{
    char yaml[2048];
    snprintf(yaml, sizeof yaml, five_pools_yaml, step);
    fixture_load(f, yaml);
}

/* One pool: n(t) = n0 e^(-lambda t) + a (1 - e^(-lambda t)) / lambda,
 * exact at every step because inflow is constant. Relative 1e-12: the
 * recursion accumulates a few ulps per step over 120 steps. */
static void test_one_pool_closed_form(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, "scenario: {start: 2024-01, horizon: 120}\n"
                     "pools: [{id: a, headcount: 1000, inflow: 300, "
                     "retention: 0.75}]\n");
    double lambda = -log(0.75);
    for (size_t k = 0; k <= 120; k++) {
        double t = (double)k / 12, decay = exp(-lambda * t);
        double want = 1000 * decay + 300 * (1 - decay) / lambda;
        double got = f.p->stock[k * 2];
        assert_true(fabs(got - want) <= 1e-12 * want);
        /* everyone who entered and is not in the pool has left */
        double left = 1000 + 300 * t - want;
        assert_true(fabs(f.p->stock[k * 2 + 1] - left) <= 1e-9 * (1000 + 300 * t));
    }
    fixture_free(&f);
}

/* Month, quarter and year steps agree at year boundaries to 1e-9
 * relative (the tolerance; observed agreement is ~1e-14). */
static void test_step_invariance(void **state)
{
    (void)state;
    fixture m, q, y;
    fixture_step(&m, "month");
    fixture_step(&q, "quarter");
    fixture_step(&y, "year");
    assert_int_equal(m.sc->horizon, 120);
    assert_int_equal(q.sc->horizon, 40);
    assert_int_equal(y.sc->horizon, 10);
    size_t n = 6;
    for (size_t year = 0; year <= 10; year++)
        for (size_t j = 0; j < n; j++) {
            double a = m.p->stock[12 * year * n + j];
            double b = q.p->stock[4 * year * n + j];
            double c = y.p->stock[year * n + j];
            double scale = fmax(fabs(a), 1);
            assert_true(fabs(a - b) <= 1e-9 * scale);
            assert_true(fabs(a - c) <= 1e-9 * scale);
        }
    fixture_free(&m);
    fixture_free(&q);
    fixture_free(&y);
}

/* Each step: stock change = flows in - flows out (pools), and outside
 * gains the leavers plus the entrants who left within the step. */
static void test_flow_balance(void **state)
{
    (void)state;
    fixture f;
    fixture_step(&f, "month");
    size_t n = f.p->n, K = n - 1;
    for (size_t k = 0; k < f.p->steps; k++)
        for (size_t j = 0; j < n; j++) {
            double in = 0, out = 0;
            for (size_t i = 0; i < n; i++)
                if (i != j)
                    in += ts_projection_flow(f.p, f.t, k, i, j);
            if (j == K)
                in += f.p->entrants[k * n + K];
            for (size_t l = 0; j < K && l < n; l++)
                if (l != j)
                    out += ts_projection_flow(f.p, f.t, k, j, l);
            double change = f.p->stock[(k + 1) * n + j] - f.p->stock[k * n + j];
            assert_true(fabs(change - (in - out)) <=
                        1e-12 * f.p->stock[(k + 1) * n + j] + 1e-9);
        }
    fixture_free(&f);
}

/* Nobody is lost: all stocks including outside add up to the initial
 * headcount plus every entrant, with growing inflow too. */
static void test_people_conserved(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, "scenario: {start: 2024-01, step: quarter, horizon: 20}\n"
                     "pools:\n"
                     "  - {id: a, headcount: 500, inflow: 100, "
                     "inflow_growth: 0.3, retention: 0.8, to: {b: 0.5}}\n"
                     "  - {id: b, headcount: 200, inflow: 50, "
                     "inflow_growth: -0.2, retention: 0.9}\n");
    double total = 700;
    for (size_t k = 0; k <= 20; k++) {
        double sum = 0;
        for (size_t j = 0; j < 3; j++)
            sum += f.p->stock[k * 3 + j];
        assert_true(fabs(sum - total) <= 1e-12 * total);
        if (k < 20) {
            double t = (double)k * 0.25;
            total += 0.25 * (100 * pow(1.3, t) + 50 * pow(0.8, t));
        }
    }
    fixture_free(&f);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_pool_closed_form),
        cmocka_unit_test(test_step_invariance),
        cmocka_unit_test(test_flow_balance),
        cmocka_unit_test(test_people_conserved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
