/* Calibration and planning: known parameters recovered from data the
 * model made (within 1% when exact, inside the reported standard errors
 * with noise), unidentifiable parameters and bounds reported, fitted.yaml
 * reproducing the fit, plan against closed forms, and non-negative least
 * squares against its optimality conditions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>

#include <cmocka.h>

#include "sim/studies/fit.h"
#include "sim/cli/plan_command.h"
#include "sim/studies/nnls.h"
#include "sim/output/csv_out.h"
#include "sim/random/rng.h"
#include "tests/harness.h"
#include "tests/scenario_fixture.h"

/* Two pools over three years; the truth is a's inflow 300 and b's
 * retention 0.9. */
static const char *truth =
    "scenario: {name: truth, start: 2022-01, until: 2024-12, runs: 0}\n"
    "pools:\n"
    "  - {id: a, headcount: 1000, inflow: 300, retention: 0.8, "
    "to: {b: 0.5}}\n"
    "  - {id: b, headcount: 500, inflow: 100, retention: 0.9, "
    "to: {a: 0.2}}\n"
    "  - {id: c, headcount: 50, retention: 0.7}\n";

static const char *observations[] = {
    "  - {pool: a, headcount: %s, at: 2023-01}\n",
    "  - {pool: a, inflow: %s, period: [2022-01, 2023-01]}\n",
    "  - {pool: b, inflow: %s, period: [2023-01, 2024-01]}\n",
    "  - {from: a, to: b, flow: %s, period: [2022-01, 2023-01]}\n",
    "  - {pool: b, headcount: %s, at: 2025-01}\n",
};
#define N_OBS 5

/* The observations sc's deterministic projection makes, into out;
 * destroys sc. */
static void observe(ts_scenario *sc, double *out)
{
    assert_non_null(sc);
    ts_results r = {0};
    ts_diags d;
    ts_diags_init(&d);
    assert_int_equal(ts_results_deterministic(sc, &r, &d), TS_OK);
    assert_true(ts_observations_model(sc, &r, r.x_mean, r.ev_mean, out));
    ts_results_free(&r);
    ts_scenario_destroy(sc);
}

/* The observations the truth makes. */
static void true_values(double *out)
{
    ts_scenario *sc = ts_fixture_scenario(truth);
    assert_non_null(sc);
    /* observations need a scenario that declares them: add them with 0 */
    char yaml[4096];
    size_t len = (size_t)snprintf(yaml, sizeof yaml, "%sobserved:\n", truth);
    for (size_t i = 0; i < N_OBS; i++)
        len += (size_t)snprintf(yaml + len, sizeof yaml - len,
                                observations[i], "0");
    ts_scenario_destroy(sc);
    observe(ts_fixture_scenario(yaml), out);
}

/* A scenario fitting `fit` (YAML) to the values obs (with sd, or none),
 * its starting guesses in `guess` (replacing the truth's numbers). */
static ts_scenario *fitting(const double *obs, const double *sd,
                            const char *fit, char *yaml, size_t size)
{
    size_t len = (size_t)snprintf(
        yaml, size,
        "scenario: {name: fitme, start: 2022-01, until: 2024-12, runs: 0}\n"
        "pools:\n"
        "  - {id: a, headcount: 1000, inflow: 150, retention: 0.8, "
        "to: {b: 0.5}}\n"
        "  - {id: b, headcount: 500, inflow: 100, retention: 0.7, "
        "to: {a: 0.2}}\n"
        "  - {id: c, headcount: 50, retention: 0.7}\n"
        "observed:\n");
    for (size_t i = 0; i < N_OBS; i++) {
        char v[96];
        if (sd)
            snprintf(v, sizeof v, "{value: %.17g, sd: %.17g}", obs[i], sd[i]);
        else
            snprintf(v, sizeof v, "%.17g", obs[i]);
        len += (size_t)snprintf(yaml + len, size - len, observations[i], v);
    }
    snprintf(yaml + len, size - len, "fit:\n%s", fit);
    return ts_fixture_scenario(yaml);
}

static ts_fit_result *fit_it(ts_scenario *sc, ts_results *r, size_t starts)
{
    ts_diags d;
    ts_diags_init(&d);
    ts_fit_result *f = NULL;
    assert_int_equal(ts_results_deterministic(sc, r, &d), TS_OK);
    assert_int_equal(ts_fit_run(sc, r, NULL, starts, &f, &d), TS_OK);
    return f;
}

static const char *two_params =
    "  pools.a.inflow: {bounds: [10, 2000]}\n"
    "  pools.b.retention: {bounds: [0.5, 0.99]}\n";

static void recovers_exact(void **state)
{
    (void)state;
    double obs[N_OBS];
    char yaml[4096];
    true_values(obs);
    ts_scenario *sc = fitting(obs, NULL, two_params, yaml, sizeof yaml);
    assert_non_null(sc);
    ts_results r = {0};
    ts_fit_result *f = fit_it(sc, &r, 1);
    assert_true(f->converged);
    assert_true(fabs(f->estimate[0] - 300) < 0.01 * 300);
    assert_true(fabs(f->estimate[1] - 0.9) < 0.01 * 0.9);
    assert_true(f->chi2 < 1e-6);
    assert_int_equal(f->n_notes, 0);
    ts_fit_result_destroy(f);
    ts_results_free(&r);
    ts_scenario_destroy(sc);
}

/* Noise of 2% on every observation, said as the sd: the truth lies
 * within three reported standard errors of each estimate (fixed seed). */
static void recovers_with_noise(void **state)
{
    (void)state;
    double obs[N_OBS], sd[N_OBS];
    char yaml[4096];
    true_values(obs);
    gsl_rng *rng = ts_rng_alloc();
    ts_rng_seed_stream(rng, 2024, 0);
    for (size_t i = 0; i < N_OBS; i++) {
        sd[i] = 0.02 * obs[i];
        obs[i] += gsl_ran_gaussian(rng, sd[i]);
    }
    gsl_rng_free(rng);
    ts_scenario *sc = fitting(obs, sd, two_params, yaml, sizeof yaml);
    ts_results r = {0};
    ts_fit_result *f = fit_it(sc, &r, 3);
    assert_false(f->scaled);
    assert_true(f->stderr_p[0] > 0 && f->stderr_p[1] > 0);
    assert_true(fabs(f->estimate[0] - 300) < 3 * f->stderr_p[0]);
    assert_true(fabs(f->estimate[1] - 0.9) < 3 * f->stderr_p[1]);
    ts_fit_result_destroy(f);
    ts_results_free(&r);
    ts_scenario_destroy(sc);
}

/* c's retention changes none of the observations: reported as such, in
 * words, and without a standard error. */
static void unidentifiable(void **state)
{
    (void)state;
    double obs[N_OBS];
    char yaml[4096];
    true_values(obs);
    ts_scenario *sc = fitting(obs, NULL,
                              "  pools.a.inflow: {bounds: [10, 2000]}\n"
                              "  pools.c.retention: {bounds: [0.5, 0.9]}\n",
                              yaml, sizeof yaml);
    ts_results r = {0};
    ts_fit_result *f = fit_it(sc, &r, 1);
    assert_int_equal(f->n_notes, 1);
    assert_string_equal(f->notes[0], "pools.c.retention cannot be "
                                     "identified: it changes none of the "
                                     "observations");
    assert_true(isnan(f->stderr_p[1]));
    ts_fit_result_destroy(f);
    ts_results_free(&r);
    ts_scenario_destroy(sc);
}

/* A parameter that changes nothing fitted alone: the solver can take no
 * step, which is a stall at a flat direction, not a failure to converge
 * (it said "1 iterations" and "did not converge in 200 iterations"). */
static void unidentifiable_alone(void **state)
{
    (void)state;
    double obs[N_OBS];
    char yaml[4096];
    true_values(obs);
    ts_scenario *sc = fitting(obs, NULL,
                              "  pools.c.retention: {bounds: [0.5, 0.9]}\n",
                              yaml, sizeof yaml);
    ts_results r = {0};
    ts_fit_result *f = fit_it(sc, &r, 1);
    assert_true(f->converged);
    assert_int_equal(f->n_notes, 2);
    assert_non_null(strstr(f->notes[0], "the fit stopped where no step "
                                        "lowered chi-square"));
    assert_string_equal(f->notes[1], "pools.c.retention cannot be "
                                     "identified: it changes none of the "
                                     "observations");
    assert_true(isnan(f->stderr_p[0]));
    ts_fit_result_destroy(f);
    ts_results_free(&r);
    ts_scenario_destroy(sc);
}

/* Three parameters of very different scales (a retention near 0.85, an
 * inflow near 8,000, a share near 0.3) from 16 exact observations with
 * sd 1 %, in pools of 1e8 and 2e8 people (so that the retention's
 * column of the Jacobian is about 1e8 times the inflow's; the first
 * release's unscaled rank test called the inflow unidentifiable): the
 * fit is perfect, every parameter is identified, and the
 * standard errors are sqrt(diag((J^T W J)^-1)), W = diag(1/sd^2), with J
 * computed here by central differences of the observations' model values
 * (an independent computation), unscaled although chi2 = 0. */
static const char *scales_yaml =
    "scenario: {name: scales, start: 2022-01, until: 2025-12, runs: 0}\n"
    "pools:\n"
    "  - {id: f, headcount: 100000000, inflow: %.17g, retention: %.17g, "
    "to: {b: %.17g}}\n"
    "  - {id: b, headcount: 200000000, inflow: 5000, retention: 0.9, "
    "to: {f: 0.1}}\n"
    "observed:\n%s"
    "fit:\n"
    "  pools.f.retention: {bounds: [0.6, 0.99], start: 0.8}\n"
    "  pools.f.inflow: {bounds: [1000, 20000], start: 6000}\n"
    "  pools.f.to.b: %s\n";

/* The share's fit: bounds [0.05, 0.6]; or [0, 0.6], whose midpoint is the
 * truth, from a start there (the fit ends at u = logit(1/2) = 0, where a
 * finite-difference step relative to u vanished and the share was called
 * unidentifiable, with every standard error empty). */
static const char *share_off_middle = "{bounds: [0.05, 0.6], start: 0.4}";
static const char *share_at_middle = "{bounds: [0, 0.6], start: 0.3}";

#define N_SCALE_OBS 16

static void scales_observations(const double *v, const double *sd,
                                char *out, size_t size)
{
    const char *pools[2] = {"f", "b"};
    size_t len = 0, i = 0;
    for (int y = 2023; y <= 2026; y++)
        for (int p = 0; p < 2; p++, i++)
            len += (size_t)snprintf(out + len, size - len,
                                    "  - {pool: %s, headcount: {value: "
                                    "%.17g, sd: %.17g}, at: %d-01}\n",
                                    pools[p], v ? v[i] : 1, sd ? sd[i] : 1,
                                    y);
    for (int y = 2022; y <= 2024; y++)
        for (int p = 0; p < 2; p++, i++)
            len += (size_t)snprintf(out + len, size - len,
                                    "  - {pool: %s, inflow: {value: %.17g, "
                                    "sd: %.17g}, period: [%d-01, %d-01]}\n",
                                    pools[p], v ? v[i] : 1, sd ? sd[i] : 1,
                                    y, y + 1);
    for (; i < N_SCALE_OBS; i++)
        len += (size_t)snprintf(out + len, size - len,
                                "  - {from: f, to: b, flow: {value: %.17g, "
                                "sd: %.17g}, period: [2023-01, 2025-01]}\n",
                                v ? v[i] : 1, sd ? sd[i] : 1);
}

static ts_scenario *scales_scenario(const double *theta, const double *v,
                                    const double *sd, const char *share)
{
    char obs[4096], yaml[8192];
    scales_observations(v, sd, obs, sizeof obs);
    snprintf(yaml, sizeof yaml, scales_yaml, theta[1], theta[0], theta[2],
             obs, share);
    return ts_fixture_scenario(yaml);
}

/* The model's observations at theta = (retention, inflow, share). */
static void scales_model(const double *theta, double *out)
{
    observe(scales_scenario(theta, NULL, NULL, share_off_middle), out);
}

static void scales_fit(const char *share)
{
    const double truth3[3] = {0.85, 8000, 0.3};
    double obs[N_SCALE_OBS], sd[N_SCALE_OBS];
    scales_model(truth3, obs);
    for (size_t i = 0; i < N_SCALE_OBS; i++)
        sd[i] = 0.01 * obs[i];
    ts_scenario *sc = scales_scenario(truth3, obs, sd, share);
    assert_non_null(sc);
    ts_results r = {0};
    ts_fit_result *f = fit_it(sc, &r, 1);
    assert_true(f->converged);
    for (size_t j = 0; j < 3; j++)
        assert_true(fabs(f->estimate[j] - truth3[j]) < 1e-5 * truth3[j]);
    assert_int_equal(f->n_notes, 0);
    assert_false(f->scaled);

    /* J by central differences (step 1e-5 of each value), weighted */
    gsl_matrix *J = gsl_matrix_alloc(N_SCALE_OBS, 3);
    for (size_t j = 0; j < 3; j++) {
        double up[3], dn[3], mu[N_SCALE_OBS], md[N_SCALE_OBS];
        memcpy(up, truth3, sizeof up);
        memcpy(dn, truth3, sizeof dn);
        double h = 1e-5 * truth3[j];
        up[j] += h;
        dn[j] -= h;
        scales_model(up, mu);
        scales_model(dn, md);
        for (size_t i = 0; i < N_SCALE_OBS; i++)
            gsl_matrix_set(J, i, j, (mu[i] - md[i]) / (2 * h) / sd[i]);
    }
    gsl_matrix *A = gsl_matrix_alloc(3, 3);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, J, J, 0, A);
    gsl_linalg_cholesky_decomp1(A);
    gsl_linalg_cholesky_invert(A);
    for (size_t j = 0; j < 3; j++) {
        double want = sqrt(gsl_matrix_get(A, j, j));
        assert_true(isfinite(f->stderr_p[j]));
        if (!(fabs(f->stderr_p[j] - want) <= 1e-3 * want))
            fail_msg("stderr %zu: got %.10g, want %.10g", j, f->stderr_p[j],
                     want);
    }
    gsl_matrix_free(J);
    gsl_matrix_free(A);
    ts_fit_result_destroy(f);
    ts_results_free(&r);
    ts_scenario_destroy(sc);
}

static void well_determined_scales(void **state)
{
    (void)state;
    scales_fit(share_off_middle);
}

static void share_at_bounds_midpoint(void **state)
{
    (void)state;
    scales_fit(share_at_middle);
}

/* The truth (300) outside the bounds: the estimate rests on the bound it
 * cannot pass, and says so. */
static void bounds_hold(void **state)
{
    (void)state;
    double obs[N_OBS];
    char yaml[4096];
    true_values(obs);
    ts_scenario *sc = fitting(obs, NULL,
                              "  pools.a.inflow: {bounds: [10, 200]}\n"
                              "  pools.b.retention: {bounds: [0.5, 0.99]}\n",
                              yaml, sizeof yaml);
    ts_results r = {0};
    ts_fit_result *f = fit_it(sc, &r, 1);
    assert_true(f->estimate[0] <= 200 && f->estimate[0] > 199.9);
    assert_int_equal(f->at_bound[0], 1);
    assert_non_null(strstr(f->notes[0], "pools.a.inflow ended at its upper "
                                        "bound"));
    ts_fit_result_destroy(f);
    ts_results_free(&r);
    ts_scenario_destroy(sc);
}

/* `talentsim fit` end to end: fitted.yaml, run through the same model,
 * gives the fitted values of fit_residuals.csv. The file begins with a
 * comment in UTF-8 (the loader's marks count characters, the file has
 * bytes: an estimate written a few bytes off broke the file). */
static void fitted_yaml_reproduces(void **state)
{
    (void)state;
    double obs[N_OBS];
    char yaml[4096], source[4200], dir[512], file[600], fitted[700];
    true_values(obs);
    ts_scenario *sc = fitting(obs, NULL, two_params, yaml, sizeof yaml);
    ts_scenario_destroy(sc);
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/fitme.yaml", dir);
    snprintf(source, sizeof source, "# Zürich — São Paulo — 東京\n%s", yaml);
    ts_test_write_file(file, source);
    const char *argv[] = {"talentsim", "fit", file, "-o", dir, "--no-plots",
                          "-q", NULL};
    ts_run_result *run = malloc(sizeof *run);
    ts_test_run(argv, run);
    assert_int_equal(run->status, 0);
    free(run);
    snprintf(fitted, sizeof fitted, "%s/fitted.yaml", dir);
    char *text = ts_test_file_text(fitted, NULL);
    assert_non_null(strstr(text, "# Fitted by talentsim"));
    ts_scenario *again = ts_fixture_scenario(text);
    assert_non_null(again);
    ts_results r = {0};
    ts_diags d;
    ts_diags_init(&d);
    double model[N_OBS];
    assert_int_equal(ts_results_deterministic(again, &r, &d), TS_OK);
    assert_true(ts_observations_model(again, &r, r.x_mean, r.ev_mean, model));
    for (size_t i = 0; i < N_OBS; i++)
        assert_true(fabs(model[i] - obs[i]) < 1e-4 * obs[i]);
    ts_results_free(&r);
    ts_scenario_destroy(again);
    free(text);
    ts_test_rmtree(dir);
}

/* ---- planning ----------------------------------------------------- */

/* One pool, everyone who leaves leaves the field: n(T) = n0 e^-lT +
 * a (1 - e^-lT) / l, so the inflow that reaches N at T is
 * a = (N - n0 e^-lT) l / (1 - e^-lT); its steady state a / l. */
static void plan_one_pool(void **state)
{
    (void)state;
    char dir[512], file[600], csv[700];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/p.yaml", dir);
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 36, runs: 0}\n"
        "pools:\n  - {id: a, headcount: 1000, inflow: 50, retention: 0.8}\n"
        "target: {a: 2000}\n");
    const char *argv[] = {"talentsim", "plan", file, "--target-at",
                          "2026-01", "-o", dir, "-q", NULL};
    ts_run_result *run = malloc(sizeof *run);
    ts_test_run(argv, run);
    assert_int_equal(run->status, 0);
    free(run);
    snprintf(csv, sizeof csv, "%s/plan.csv", dir);
    char *text = ts_test_file_text(csv, NULL);
    double cur, planned, target, reached, steady, years;
    char *row = strchr(text, '\n') + 1;
    assert_int_equal(sscanf(row, "a,%lf,%lf,%lf,%lf,%lf,%lf", &cur, &planned,
                            &target, &reached, &steady, &years),
                     6);
    double l = -log(0.8), T = 2, e = exp(-l * T);
    double want = (2000 - 1000 * e) * l / (1 - e);
    assert_true(fabs(planned - want) < 1e-8 * want);
    assert_true(fabs(reached - 2000) < 1e-6);
    assert_true(fabs(steady - want / l) < 1e-8 * want / l);
    free(text);
    ts_test_rmtree(dir);
}

/* Two pools, a sending half its leavers to b: integrate the ODEs
 * dn_a/dt = a_a - l_a n_a, dn_b/dt = a_b + s l_a n_a - l_b n_b with a
 * fine Euler step from the plan's inflows and land on the targets. */
static void plan_two_pools(void **state)
{
    (void)state;
    char dir[512], file[600], csv[700];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/p.yaml", dir);
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 12, step: quarter, runs: 0}\n"
        "pools:\n"
        "  - {id: a, headcount: 1000, inflow: 50, retention: 0.8, "
        "to: {b: 0.5}}\n"
        "  - {id: b, headcount: 500, retention: 0.9}\n"
        "target: {a: 1500, b: 1200}\n");
    const char *argv[] = {"talentsim", "plan", file, "--target-at",
                          "2027-01", "-o", dir, "-q", NULL};
    ts_run_result *run = malloc(sizeof *run);
    ts_test_run(argv, run);
    assert_int_equal(run->status, 0);
    free(run);
    snprintf(csv, sizeof csv, "%s/plan.csv", dir);
    char *text = ts_test_file_text(csv, NULL);
    double x[2][6];
    char *row = strchr(text, '\n') + 1;
    assert_int_equal(sscanf(row, "a,%lf,%lf,%lf,%lf,%lf,%lf", &x[0][0],
                            &x[0][1], &x[0][2], &x[0][3], &x[0][4], &x[0][5]),
                     6);
    row = strchr(row, '\n') + 1;
    assert_int_equal(sscanf(row, "b,%lf,%lf,%lf,%lf,%lf,%lf", &x[1][0],
                            &x[1][1], &x[1][2], &x[1][3], &x[1][4], &x[1][5]),
                     6);
    double la = -log(0.8), lb = -log(0.9), na = 1000, nb = 500;
    double h = 1e-5;
    for (double t = 0; t < 3 - h / 2; t += h) {
        double da = x[0][1] - la * na, db = x[1][1] + 0.5 * la * na - lb * nb;
        na += h * da;
        nb += h * db;
    }
    assert_true(fabs(na - 1500) < 0.05 && fabs(nb - 1200) < 0.05);
    free(text);
    ts_test_rmtree(dir);
}

/* NNLS: x >= 0, the gradient A^T (b - A x) is ~0 where x > 0 and <= 0
 * where x = 0; and a problem whose unconstrained solution is negative. */
static void nnls_optimality(void **state)
{
    (void)state;
    const double a[12] = {1, 2, 0.5, 3, 1, 1, 0.2, 4, 2, 2, 1, 0.5};
    const double bb[4] = {1, -2, 3, 0.5};
    gsl_matrix_const_view A = gsl_matrix_const_view_array(a, 4, 3);
    gsl_vector_const_view b = gsl_vector_const_view_array(bb, 4);
    gsl_vector *x = gsl_vector_alloc(3), *r = gsl_vector_alloc(4),
               *w = gsl_vector_alloc(3);
    assert_true(ts_nnls(&A.matrix, &b.vector, x));
    gsl_vector_memcpy(r, &b.vector);
    gsl_blas_dgemv(CblasNoTrans, -1, &A.matrix, x, 1, r);
    gsl_blas_dgemv(CblasTrans, 1, &A.matrix, r, 0, w);
    size_t zeros = 0;
    for (size_t j = 0; j < 3; j++) {
        double xj = gsl_vector_get(x, j), wj = gsl_vector_get(w, j);
        assert_true(xj >= 0);
        if (xj > 0)
            assert_true(fabs(wj) < 1e-9);
        else {
            assert_true(wj <= 1e-9);
            zeros++;
        }
    }
    assert_true(zeros >= 1); /* the constraint is active */
    gsl_vector_free(x);
    gsl_vector_free(r);
    gsl_vector_free(w);
}

/* One pool: the steady state N needs inflow N l; a target below what
 * transfers alone bring needs a negative inflow: not attainable. */
static void steady_target(void **state)
{
    (void)state;
    ts_scenario *sc = ts_fixture_scenario(
        "scenario: {start: 2024-01, horizon: 12}\n"
        "pools:\n"
        "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.9}}\n"
        "  - {id: b, headcount: 100, retention: 0.9}\n"
        "target: {a: 1000, b: 100}\n");
    assert_non_null(sc);
    ts_values *v = ts_values_create(2);
    ts_values_from_scenario(sc, v);
    ts_steady_target *t = ts_steady_target_create(sc, v);
    assert_non_null(t);
    char *buf = NULL;
    size_t len = 0;
    FILE *csv = open_memstream(&buf, &len);
    ts_csv_write_steady_target(csv, sc, t);
    fclose(csv);
    ts_steady_target_destroy(t);
    double la = -log(0.8), lb = -log(0.9), need_a, need_b;
    char ok_a[8], ok_b[8];
    assert_int_equal(sscanf(strchr(buf, '\n') + 1,
                            "a,1000,%lf,%7[a-z]\nb,100,%lf,%7[a-z]", &need_a,
                            ok_a, &need_b, ok_b),
                     4);
    assert_true(fabs(need_a - 1000 * la) < 1e-9);
    assert_true(fabs(need_b - (100 * lb - 0.9 * la * 1000)) < 1e-9);
    assert_string_equal(ok_a, "yes");
    assert_string_equal(ok_b, "no");
    free(buf);
    ts_values_destroy(v);
    ts_scenario_destroy(sc);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program: errors by status */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_exact),
        cmocka_unit_test(recovers_with_noise),
        cmocka_unit_test(unidentifiable),
        cmocka_unit_test(unidentifiable_alone),
        cmocka_unit_test(well_determined_scales),
        cmocka_unit_test(share_at_bounds_midpoint),
        cmocka_unit_test(bounds_hold),
        cmocka_unit_test(fitted_yaml_reproduces),
        cmocka_unit_test(plan_one_pool),
        cmocka_unit_test(plan_two_pools),
        cmocka_unit_test(nnls_optimality),
        cmocka_unit_test(steady_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
