/* Step matrices against closed forms. Tolerances: the exponential is
 * computed to double precision, so sums and closed forms agree to a few
 * ulps times the number of states; 1e-13 leaves a margin of ~100 ulps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include <cmocka.h>

#include "sim/engine/chain.h"

#define TOL 1e-13

/* Five pools shaped like the baseline scenario. */
static ts_values *five_pools(void)
{
    static const double retention[5] = {0.85, 0.82, 0.78, 0.80, 0.90};
    static const double share[5][6] = {
        {0, 0.35, 0, 0.30, 0.10, 0.25},
        {0.30, 0, 0.15, 0.25, 0.05, 0.25},
        {0.20, 0.30, 0, 0.20, 0, 0.30},
        {0.25, 0.30, 0.10, 0, 0, 0.35},
        {0.35, 0.35, 0, 0.10, 0, 0.20}};
    ts_values *v = ts_values_create(5);
    for (size_t i = 0; i < 5; i++) {
        v->retention[i] = retention[i];
        for (size_t j = 0; j < 6; j++)
            v->share[i * 6 + j] = share[i][j];
    }
    return v;
}

static void test_rows_of_P_sum_to_one_and_Phi_to_dt(void **state)
{
    (void)state;
    ts_values *v = five_pools();
    const double dts[] = {1.0 / 12, 0.25, 1.0, 5.0};
    for (size_t d = 0; d < 4; d++) {
        ts_chain *c = ts_chain_create(v, dts[d]);
        assert_non_null(c);
        for (size_t i = 0; i < c->n; i++) {
            double sp = 0, sf = 0;
            for (size_t j = 0; j < c->n; j++) {
                assert_true(gsl_matrix_get(c->P, i, j) >= 0);
                assert_true(gsl_matrix_get(c->Phi, i, j) >= 0);
                sp += gsl_matrix_get(c->P, i, j);
                sf += gsl_matrix_get(c->Phi, i, j);
            }
            assert_true(fabs(sp - 1) < TOL);
            assert_true(fabs(sf - dts[d]) < TOL * dts[d]);
        }
        /* outside is absorbing */
        assert_true(gsl_matrix_get(c->P, 5, 5) == 1);
        ts_chain_destroy(c);
    }
    ts_values_destroy(v);
}

/* One pool: P_00 = rho^dt, P_0,out = 1 - rho^dt,
 * Phi_00 = (1 - e^(-lambda dt)) / lambda. */
static void test_one_pool_closed_form(void **state)
{
    (void)state;
    ts_values *v = ts_values_create(1);
    v->retention[0] = 0.7;
    v->share[1] = 1;
    double lambda = -log(0.7), dt = 0.25;
    ts_chain *c = ts_chain_create(v, dt);
    assert_non_null(c);
    double p = pow(0.7, dt);
    assert_true(fabs(gsl_matrix_get(c->P, 0, 0) - p) < TOL);
    assert_true(fabs(gsl_matrix_get(c->P, 0, 1) - (1 - p)) < TOL);
    double phi = (1 - exp(-lambda * dt)) / lambda;
    assert_true(fabs(gsl_matrix_get(c->Phi, 0, 0) - phi) < TOL * phi);
    assert_true(fabs(gsl_matrix_get(c->Phi, 0, 1) - (dt - phi)) < TOL);
    ts_chain_destroy(c);
    ts_values_destroy(v);
}

/* Pool 0 sends a share s of its leavers to pool 1, which keeps everyone
 * (retention 1): P_01 = s (1 - rho0^dt). */
static void test_two_pool_closed_form(void **state)
{
    (void)state;
    ts_values *v = ts_values_create(2);
    v->retention[0] = 0.6;
    v->retention[1] = 1;
    v->share[0 * 3 + 1] = 0.4;
    v->share[0 * 3 + 2] = 0.6;
    v->share[1 * 3 + 2] = 1;
    ts_chain *c = ts_chain_create(v, 1.0);
    assert_non_null(c);
    assert_true(fabs(gsl_matrix_get(c->P, 0, 1) - 0.4 * 0.4) < TOL);
    assert_true(fabs(gsl_matrix_get(c->P, 0, 2) - 0.6 * 0.4) < TOL);
    assert_true(gsl_matrix_get(c->P, 1, 1) == 1);
    ts_chain_destroy(c);
    ts_values_destroy(v);
}

/* The chain is time-homogeneous: twelve monthly steps make one year. */
static void test_semigroup(void **state)
{
    (void)state;
    ts_values *v = five_pools();
    ts_chain *month = ts_chain_create(v, 1.0 / 12), *year =
        ts_chain_create(v, 1.0);
    gsl_matrix *acc = gsl_matrix_alloc(6, 6), *tmp = gsl_matrix_alloc(6, 6);
    gsl_matrix_set_identity(acc);
    for (int k = 0; k < 12; k++) {
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, acc, month->P, 0, tmp);
        gsl_matrix_memcpy(acc, tmp);
    }
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 6; j++)
            assert_true(fabs(gsl_matrix_get(acc, i, j) -
                             gsl_matrix_get(year->P, i, j)) < 1e-12);
    gsl_matrix_free(acc);
    gsl_matrix_free(tmp);
    ts_chain_destroy(month);
    ts_chain_destroy(year);
    ts_values_destroy(v);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_of_P_sum_to_one_and_Phi_to_dt),
        cmocka_unit_test(test_one_pool_closed_form),
        cmocka_unit_test(test_two_pool_closed_form),
        cmocka_unit_test(test_semigroup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
