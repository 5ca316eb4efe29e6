/* Feedback (SPEC section 5, pull) against independent computations: the
 * fast step exponential against GSL's (sim/engine/chain.c) to round-off; the
 * mean-field path of two pools against the recursion written out here,
 * with shares renormalised and inflow scaled by hand and every step's
 * matrices from GSL; pull 0 identical to no pull; far from any threshold
 * the Monte Carlo mean agrees with the mean-field path within K_SIGMA
 * standard errors, near one they part by many (and the same scenario
 * without pull agrees, so the parting is the feedback's); one and three
 * threads give the same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/engine/pull.h"
#include "sim/mc/results.h"
#define TS_FIXTURE_RESULTS
#include "tests/scenario_fixture.h"
#include "tests/assert_rel.h"

#define K_SIGMA 5.0

/* With every weight 1 the step is the base chain's: P and Phi to 1e-13
 * (Taylor with scaling and squaring against GSL's Pade: the two differ
 * by a few units of 1e-14 once squarings compound round-off), for a
 * month, a year and ten years (the last needs five squarings). */
static void fast_exponential(void **state)
{
    (void)state;
    const double dts[] = {1.0 / 12, 1, 10};
    ts_values *v = ts_values_create(3);
    double ret[3] = {0.8, 0.6, 0.95};
    double share[3][4] = {{0, 0.5, 0.2, 0.3}, {0.3, 0, 0.3, 0.4},
                          {0.1, 0.1, 0, 0.8}};
    for (size_t i = 0; i < 3; i++) {
        v->retention[i] = ret[i];
        memcpy(v->share + i * 4, share[i], sizeof share[i]);
    }
    ts_pull_work *w = ts_pull_work_create(3);
    for (size_t d = 0; d < 3; d++) {
        ts_chain *c = ts_chain_create(v, dts[d]);
        assert_non_null(c);
        for (size_t j = 0; j < 4; j++)
            w->w[j] = 1;
        assert_true(ts_pull_step(w, c));
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 4; j++) {
                if (!(fabs(w->P[i * 4 + j] - gsl_matrix_get(c->P, i, j)) <
                      1e-13))
                    fail_msg("dt %g P[%zu][%zu]: %.17g against %.17g",
                             dts[d], i, j, w->P[i * 4 + j],
                             gsl_matrix_get(c->P, i, j));
                assert_true(fabs(w->Phi[i * 4 + j] -
                                 gsl_matrix_get(c->Phi, i, j)) <
                            1e-13 * fmax(1, dts[d]));
            }
        ts_chain_destroy(c);
    }
    ts_pull_work_destroy(w);
    ts_values_destroy(v);
}

/* Two pools, a pulling with e = 0.7: step by step, w = (n_a / n_a(0))^e,
 * b's leavers to a s w / (s w + 1 - s), a's inflow a_a w, and the step's
 * P and Phi from GSL for those shares; n(k+1) = n(k) P + (inflow) Phi. */
static void mean_field_by_hand(void **state)
{
    (void)state;
    const char *yaml =
        "scenario: {start: 2024-01, horizon: 24, runs: 0}\n"
        "pools:\n"
        "  - {id: a, headcount: 1000, inflow: 600, retention: 0.8, "
        "to: {b: 0.5}, pull: 0.7}\n"
        "  - {id: b, headcount: 5000, inflow: 300, retention: 0.9, "
        "to: {a: 0.4}}\n";
    ts_fixture f;
    ts_fixture_load(&f, yaml, 1);
    double now[3] = {1000, 5000, 0};
    ts_values *v = ts_values_create(2);
    for (size_t k = 0; k < 24; k++) {
        double wa = pow(now[0] / 1000, 0.7);
        v->retention[0] = 0.8;
        v->retention[1] = 0.9;
        v->share[0 * 3 + 1] = 0.5;   /* b has no pull: weight 1 */
        v->share[0 * 3 + 2] = 0.5;
        v->share[1 * 3 + 0] = 0.4 * wa / (0.4 * wa + 0.6);
        v->share[1 * 3 + 2] = 0.6 / (0.4 * wa + 0.6);
        ts_chain *c = ts_chain_create(v, 1.0 / 12);
        double in[2] = {600 * wa, 300}, next[3] = {0, 0, 0};
        for (size_t j = 0; j < 3; j++)
            for (size_t i = 0; i < 3; i++) {
                next[j] += now[i] * gsl_matrix_get(c->P, i, j);
                if (i < 2)
                    next[j] += in[i] * gsl_matrix_get(c->Phi, i, j);
            }
        memcpy(now, next, sizeof now);
        ts_chain_destroy(c);
        for (size_t j = 0; j < 3; j++)
            assert_rel(f.r.projection->stock[(k + 1) * 3 + j], now[j],
                       1e-12);
    }
    ts_values_destroy(v);
    ts_fixture_unload(&f);
}

/* pull: 0 on every pool is the scenario without pull, bit for bit:
 * projection, every run's stocks and the flows. */
static void zero_pull_identical(void **state)
{
    (void)state;
    const char *with =
        "scenario: {start: 2024-01, horizon: 24, runs: 300}\n"
        "pools:\n"
        "  - {id: a, headcount: 1000, inflow: 600, retention: 0.8, "
        "to: {b: 0.5}, pull: 0}\n"
        "  - {id: b, headcount: 5000, retention: 0.9, pull: 0}\n";
    const char *without =
        "scenario: {start: 2024-01, horizon: 24, runs: 300}\n"
        "pools:\n"
        "  - {id: a, headcount: 1000, inflow: 600, retention: 0.8, "
        "to: {b: 0.5}}\n"
        "  - {id: b, headcount: 5000, retention: 0.9}\n";
    ts_fixture a, b;
    ts_fixture_load(&a, with, 2);
    ts_fixture_load(&b, without, 2);
    assert_memory_equal(a.r.projection->stock, b.r.projection->stock,
                        25 * 3 * sizeof(double));
    assert_memory_equal(a.r.mc->stock, b.r.mc->stock,
                        300 * 25 * 3 * sizeof(uint32_t));
    assert_memory_equal(a.r.mc->flow_sum, b.r.mc->flow_sum,
                        24 * 9 * sizeof(uint64_t));
    ts_fixture_unload(&a);
    ts_fixture_unload(&b);
}

/* How far the Monte Carlo mean of pool j at step k is from the
 * mean-field path, in standard errors. */
static double parting(const ts_fixture *f, size_t k, size_t j)
{
    size_t runs = f->sc->runs, n = f->sc->n_pools + 1;
    double sum = 0, sq = 0;
    for (size_t r = 0; r < runs; r++) {
        double x = ts_mc_stock(f->r.mc, r, k, j);
        sum += x;
        sq += x * x;
    }
    double mean = sum / (double)runs;
    double se = sqrt((sq / (double)runs - mean * mean) / (double)runs);
    return (mean - f->r.projection->stock[k * n + j]) / se;
}

/* Far from a threshold (tens of thousands of people, pull 0.5: the
 * weights are nearly linear over the runs' spread) the runs' mean is the
 * mean-field path within K_SIGMA standard errors at every year. */
static void far_from_threshold(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f,
                    "scenario: {start: 2024-01, horizon: 60, runs: 4000}\n"
                    "pools:\n"
                    "  - {id: a, headcount: 20000, inflow: 5000, "
                    "retention: 0.8, to: {b: 0.5}, pull: 0.5}\n"
                    "  - {id: b, headcount: 50000, inflow: 5000, "
                    "retention: 0.85, to: {a: 0.2}}\n",
                    2);
    for (size_t k = 12; k <= 60; k += 12)
        for (size_t j = 0; j < 2; j++)
            if (fabs(parting(&f, k, j)) > K_SIGMA)
                fail_msg("step %zu pool %zu: %.1f standard errors", k, j,
                         parting(&f, k, j));
    ts_fixture_unload(&f);
}

/* Near a tipping point: a holds 100, loses 22 a year, and draws b's
 * leavers in proportion to (n_a / 100)^3, which at 100 is just what it
 * loses. The mean-field path sits on the threshold and drifts down;
 * the runs fall to either side, and those above keep growing, so their
 * mean leaves the path by far more than any sampling error. Without pull
 * the same scenario's runs agree with its projection: the parting is the
 * feedback's. */
#define TIPPING(pull)                                                      \
    "scenario: {start: 2024-01, horizon: 120, runs: 4000}\n"               \
    "pools:\n"                                                             \
    "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.5}, pull: " pull \
    "}\n"                                                                  \
    "  - {id: b, headcount: 10000, inflow: 1500, retention: 0.85, "        \
    "to: {a: 0.0135}}\n"

static void near_threshold(void **state)
{
    (void)state;
    ts_fixture tip, flat;
    ts_fixture_load(&tip, TIPPING("3"), 2);
    ts_fixture_load(&flat, TIPPING("0"), 2);
    assert_true(parting(&tip, 120, 0) > 20);
    assert_true(fabs(parting(&flat, 120, 0)) < K_SIGMA);
    /* the runs split: some end far above the start, some far below */
    size_t high = 0, low = 0;
    for (size_t r = 0; r < 4000; r++) {
        uint32_t x = ts_mc_stock(tip.r.mc, r, 120, 0);
        high += x > 1000;
        low += x < 50;
    }
    assert_true(high > 100 && low > 1000);
    ts_fixture_unload(&tip);
    ts_fixture_unload(&flat);
}

static void threads_agree(void **state)
{
    (void)state;
    const char *yaml =
        "scenario: {start: 2024-01, horizon: 36, runs: 400}\n"
        "pools:\n"
        "  - {id: a, headcount: 300, inflow: 100, retention: 0.8, "
        "to: {b: 0.5}, pull: {range: [0.5, 1.5]}}\n"
        "  - {id: b, headcount: 2000, retention: 0.9, to: {a: 0.2}}\n";
    ts_fixture one, three;
    ts_fixture_load(&one, yaml, 1);
    ts_fixture_load(&three, yaml, 3);
    assert_memory_equal(one.r.mc->stock, three.r.mc->stock,
                        400 * 37 * 3 * sizeof(uint32_t));
    assert_memory_equal(one.r.mc->flow_sum, three.r.mc->flow_sum,
                        36 * 9 * sizeof(uint64_t));
    ts_fixture_unload(&one);
    ts_fixture_unload(&three);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_exponential),
        cmocka_unit_test(mean_field_by_hand),
        cmocka_unit_test(zero_pull_identical),
        cmocka_unit_test(far_from_threshold),
        cmocka_unit_test(near_threshold),
        cmocka_unit_test(threads_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
