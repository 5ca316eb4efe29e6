/* Monte Carlo against the deterministic projection and closed forms.
 * Random tests use fixed seeds and k-sigma bounds (k = 5): with the
 * ~100 comparisons below, a correct engine fails by chance with
 * probability below 1e-4, and a biased one is caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/random/rng.h"

#include <cmocka.h>

#include "sim/mc/mc_stats.h"
#include "sim/mc/montecarlo.h"
#include "sim/engine/project.h"
#include "sim/engine/timeline.h"
#include "tests/scenario_fixture.h"

#define K_SIGMA 5.0

static const char *three_pools =
    "scenario: {start: 2024-01, horizon: 36, runs: 2000, seed: 7}\n"
    "pools:\n"
    "  - {id: a, headcount: 3000, inflow: 1200, inflow_growth: 0.2,\n"
    "     retention: 0.8, to: {b: 0.5, c: 0.2}}\n"
    "  - {id: b, headcount: 1000, inflow: 300, retention: 0.85,\n"
    "     to: {a: 0.3}}\n"
    "  - {id: c, headcount: 0, inflow: 0, retention: 0.95}\n";

typedef struct mc_fixture {
    ts_scenario *sc;
    ts_values *v;
    ts_timeline *t;
    ts_projection *p;
    ts_mc_result *mc;
    ts_mc_stats *st;
} mc_fixture;

/* The scenario's Monte Carlo; with sketch, histograms instead of every
 * run's stocks. */
static void mc_load_with(mc_fixture *f, const char *yaml, size_t threads,
                         bool sketch)
{
    ts_diags d;
    ts_diags_init(&d);
    f->sc = ts_fixture_scenario(yaml);
    assert_non_null(f->sc);
    f->v = ts_values_create(f->sc->n_pools);
    ts_values_from_scenario(f->sc, f->v);
    f->t = ts_timeline_create(f->sc, f->v);
    f->p = ts_projection_create(f->t, f->v);
    ts_mc_config cfg = {.seed = f->sc->seed, .runs = f->sc->runs,
                        .threads = threads, .sketch = sketch};
    assert_int_equal(ts_mc_run(f->t, f->v, &cfg, &f->mc, &d), TS_OK);
    f->st = ts_mc_stats_create(f->mc, threads);
    assert_non_null(f->st);
}

static void mc_load(mc_fixture *f, const char *yaml, size_t threads)
{
    mc_load_with(f, yaml, threads, false);
}

static void mc_free(mc_fixture *f)
{
    ts_mc_stats_destroy(f->st);
    ts_mc_result_destroy(f->mc);
    ts_projection_destroy(f->p);
    ts_timeline_destroy(f->t);
    ts_values_destroy(f->v);
    ts_scenario_destroy(f->sc);
}

static void test_mean_matches_projection(void **state)
{
    (void)state;
    mc_fixture f;
    mc_load(&f, three_pools, 2);
    size_t n = f.p->n;
    for (size_t k = 1; k <= f.p->steps; k++)
        for (size_t j = 0; j < n; j++) {
            size_t cell = k * n + j;
            double se = f.st->sd[cell] / sqrt((double)f.st->runs);
            double diff = fabs(f.st->mean[cell] - f.p->stock[cell]);
            assert_true(se > 0);
            assert_true(diff <= K_SIGMA * se);
        }
    mc_free(&f);
}

/* Exact bookkeeping: over all runs, the change of each pool's total
 * equals the summed flows in minus out (integers, so exact). */
static void test_flows_balance_stocks(void **state)
{
    (void)state;
    mc_fixture f;
    mc_load(&f, three_pools, 2);
    size_t n = f.mc->n, K = n - 1;
    for (size_t k = 0; k < f.mc->steps; k++)
        for (size_t j = 0; j < K; j++) {
            long long before = 0, after = 0, in = 0, out = 0;
            for (size_t r = 0; r < f.mc->runs; r++) {
                before += ts_mc_stock(f.mc, r, k, j);
                after += ts_mc_stock(f.mc, r, k + 1, j);
            }
            for (size_t i = 0; i < n; i++)
                if (i != j) {
                    in += (long long)f.mc->flow_sum[(k * n + i) * n + j];
                    out += (long long)f.mc->flow_sum[(k * n + j) * n + i];
                }
            assert_true(after - before == in - out);
        }
    mc_free(&f);
}

/* Run r uses stream (seed, r) only: any thread count, the same numbers. */
static void test_threads_do_not_change_results(void **state)
{
    (void)state;
    mc_fixture one, two, three;
    mc_load(&one, three_pools, 1);
    mc_load(&two, three_pools, 2);
    mc_load(&three, three_pools, 3);
    size_t cells = one.mc->runs * (one.mc->steps + 1) * one.mc->n;
    size_t flows = one.mc->steps * one.mc->n * one.mc->n;
    assert_memory_equal(one.mc->stock, two.mc->stock, cells * 4);
    assert_memory_equal(one.mc->stock, three.mc->stock, cells * 4);
    assert_memory_equal(one.mc->flow_sum, three.mc->flow_sum, flows * 8);
    /* and the summaries, made by as many threads, agree to the bit */
    size_t stat_cells = (one.mc->steps + 1) * one.mc->n;
    const ts_mc_stats *s1 = one.st, *s3 = three.st;
    assert_memory_equal(s1->mean, s3->mean, stat_cells * sizeof(double));
    assert_memory_equal(s1->sd, s3->sd, stat_cells * sizeof(double));
    for (size_t q = 0; q < TS_N_QUANTILES; q++)
        assert_memory_equal(s1->q[q], s3->q[q], stat_cells * sizeof(double));
    mc_free(&one);
    mc_free(&two);
    mc_free(&three);
}

static void test_seed_changes_results(void **state)
{
    (void)state;
    mc_fixture a, b;
    mc_load(&a, three_pools, 1);
    char *other = strdup(three_pools);
    memcpy(strstr(other, "seed: 7"), "seed: 8", 7);
    mc_load(&b, other, 1);
    size_t cells = a.mc->runs * (a.mc->steps + 1) * a.mc->n;
    assert_true(memcmp(a.mc->stock, b.mc->stock, cells * 4) != 0);
    free(other);
    mc_free(&a);
    mc_free(&b);
}

/* Without inflow, n(t) ~ Binomial(n0, rho^t): check the variance against
 * n0 p (1 - p). The sample variance has relative standard error
 * sqrt(2 / (runs - 1)). */
static void test_binomial_thinning_variance(void **state)
{
    (void)state;
    mc_fixture f;
    mc_load(&f, "scenario: {start: 2024-01, step: year, horizon: 3, "
                "runs: 4000, seed: 3}\n"
                "pools: [{id: a, headcount: 5000, retention: 0.7}]\n", 2);
    for (size_t k = 1; k <= 3; k++) {
        double p = pow(0.7, (double)k);
        double var = 5000 * p * (1 - p);
        double got = f.st->sd[k * 2] * f.st->sd[k * 2];
        double rel_se = sqrt(2.0 / (4000 - 1));
        assert_true(fabs(got - var) <= K_SIGMA * rel_se * var);
    }
    mc_free(&f);
}

/* Entrants only, nobody leaves: n(t) ~ Poisson(a t), mean = var = a t. */
static void test_poisson_entrants(void **state)
{
    (void)state;
    mc_fixture f;
    mc_load(&f, "scenario: {start: 2024-01, step: quarter, horizon: 8, "
                "runs: 4000, seed: 5}\n"
                "pools: [{id: a, headcount: 0, inflow: 400, retention: 1}]\n",
            2);
    for (size_t k = 1; k <= 8; k++) {
        double lambda = 400 * 0.25 * (double)k;
        double se_mean = sqrt(lambda / 4000);
        assert_true(fabs(f.st->mean[k * 2] - lambda) <= K_SIGMA * se_mean);
        double var = f.st->sd[k * 2] * f.st->sd[k * 2];
        assert_true(fabs(var - lambda) <=
                    K_SIGMA * sqrt(2.0 / 3999) * lambda);
    }
    mc_free(&f);
}

/* Percentiles are ordered and bracket the median. */
static void test_percentiles_ordered(void **state)
{
    (void)state;
    mc_fixture f;
    mc_load(&f, three_pools, 2);
    size_t cells = (f.st->steps + 1) * f.st->n;
    for (size_t c = 0; c < cells; c++)
        for (size_t q = 1; q < TS_N_QUANTILES; q++)
            assert_true(f.st->q[q - 1][c] <= f.st->q[q][c]);
    mc_free(&f);
}

/* The percentiles come from order statistics found without sorting (by
 * counting when the values span at most 4 per run, by selection
 * otherwise): they equal GSL's type-7 quantiles of the sorted values
 * exactly, ties and all, for sizes from 1 to 1000 and both spans. */
static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_quantiles_match_sorting(void **state)
{
    (void)state;
    const size_t sizes[] = {1, 2, 3, 7, 20, 101, 1000};
    gsl_rng *rng = ts_rng_alloc();
    ts_rng_seed_stream(rng, 77, 0);
    for (size_t t = 0; t < 2 * sizeof sizes / sizeof sizes[0]; t++) {
        size_t runs = sizes[t / 2];
        unsigned long span = t % 2 ? 1000000 : 50;
        ts_mc_result r = {.runs = runs, .steps = 0, .n = 1};
        r.stock = malloc(runs * sizeof *r.stock);
        double *sorted = malloc(runs * sizeof *sorted);
        for (size_t i = 0; i < runs; i++)
            sorted[i] = r.stock[i] =
                (uint32_t)(1000 + gsl_rng_uniform_int(rng, span));
        qsort(sorted, runs, sizeof *sorted, by_value);
        ts_mc_stats *st = ts_mc_stats_create(&r, 1 + t % 3);
        assert_non_null(st);
        for (size_t q = 0; q < TS_N_QUANTILES; q++)
            assert_true(st->q[q][0] == gsl_stats_quantile_from_sorted_data(
                                           sorted, 1, runs,
                                           ts_quantile_levels[q]));
        ts_mc_stats_destroy(st);
        free(sorted);
        free(r.stock);
    }
    gsl_rng_free(rng);
}

/* Histograms instead of every run (what many runs use): means equal the
 * exact ones, sds agree to 1e-9, every percentile is within the stated
 * 1/256 of the exact one, and the result is the same for 1 and 3
 * threads. */
static void test_sketch_within_bound(void **state)
{
    (void)state;
    mc_fixture exact, one, three;
    mc_load_with(&exact, three_pools, 2, false);
    mc_load_with(&one, three_pools, 1, true);
    mc_load_with(&three, three_pools, 3, true);
    assert_null(one.mc->stock);
    size_t cells = (36 + 1) * 4;
    for (size_t c = 0; c < cells; c++) {
        double m = exact.st->mean[c];
        assert_true(fabs(one.st->mean[c] - m) <= 1e-12 * fmax(1, m));
        assert_true(fabs(one.st->sd[c] - exact.st->sd[c]) <=
                    1e-9 * fmax(1, exact.st->sd[c]));
        for (size_t q = 0; q < TS_N_QUANTILES; q++) {
            double want = exact.st->q[q][c], got = one.st->q[q][c];
            if (fabs(got - want) > want * TS_SKETCH_REL_ERROR + 1e-9)
                fail_msg("cell %zu p%.0f: %.2f vs exact %.2f", c,
                         100 * ts_quantile_levels[q], got, want);
            assert_true(got == three.st->q[q][c]);
        }
        assert_true(one.st->sd[c] == three.st->sd[c] ||
                    (isnan(one.st->sd[c]) && isnan(three.st->sd[c])));
    }
    mc_free(&exact);
    mc_free(&one);
    mc_free(&three);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantiles_match_sorting),
        cmocka_unit_test(test_sketch_within_bound),
        cmocka_unit_test(test_mean_matches_projection),
        cmocka_unit_test(test_flows_balance_stocks),
        cmocka_unit_test(test_threads_do_not_change_results),
        cmocka_unit_test(test_seed_changes_results),
        cmocka_unit_test(test_binomial_thinning_variance),
        cmocka_unit_test(test_poisson_entrants),
        cmocka_unit_test(test_percentiles_ordered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
