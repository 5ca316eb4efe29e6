/* Learning the executives' rates from the record (SPEC section 9),
 * without R: the record's log-likelihood against one computed in the
 * test from GSL's matrix exponential of the generator written out by
 * hand; known rates recovered within 1 % from a large record simulated
 * here; and the reported standard errors within 10 % of the spread of
 * the estimates over 200 replicate records. (tests/peer_msm.sh compares
 * with R's msm where R is installed.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <cmocka.h>

#include "tests/harness.h"

#include "sim/exec/exec_likelihood.h"
#include "sim/mc/results.h"
#include "sim/studies/fit.h"
#define TS_FIXTURE_RESULTS
#include "tests/scenario_fixture.h"

/* Two pools and outside: a's executives move with yearly probability
 * 0.3, 60 % of them to b; b's with 0.2, half of them to a. */
#define MOVE_A 0.3
#define TO_B 0.6
#define MOVE_B 0.2
#define TO_A 0.5
#define POOLS                                                             \
    "pools:\n"                                                            \
    "  - {id: a, headcount: 100, retention: 0.9, exec_move: 0.3,\n"       \
    "     exec_to: {b: 0.6}}\n"                                           \
    "  - {id: b, headcount: 100, retention: 0.9, exec_move: 0.2,\n"       \
    "     exec_to: {a: 0.5}}\n"

/* expm(Q t) of the chain above (a, b, outside), by GSL. */
static void step_matrix(double t, double move_a, double to_b,
                        double move_b, gsl_matrix *P)
{
    double ha = -log(1 - move_a), hb = -log(1 - move_b);
    double q[9] = {-ha, ha * to_b, ha * (1 - to_b),
                   hb * TO_A, -hb, hb * (1 - TO_A),
                   0, 0, 0};
    gsl_matrix_view Q = gsl_matrix_view_array(q, 3, 3);
    gsl_matrix_scale(&Q.matrix, t);
    gsl_linalg_exponential_ss(&Q.matrix, P, GSL_PREC_DOUBLE);
}

/* X moves a -> b in 2024-03 (step 2); Y is seen in b in 2024-07 (step
 * 6, as_of): log L = 2 log P_aa + log P_ab + 3 log P_bb (X over steps
 * 0..5) + log (P^6)_ab (Y from the start to its sighting). */
static void loglik_by_hand(void **state)
{
    (void)state;
    ts_fixture f;
    ts_diags d;
    ts_fixture_load_deterministic(&f,
        "scenario: {start: 2024-01, horizon: 12, runs: 0}\n" POOLS
        "executives:\n  - {name: X, pool: a}\n  - {name: Y, pool: a}\n"
        "history:\n  as_of: 2024-07\n"
        "  moves: [{who: X, at: 2024-03, to: b}]\n"
        "  seen: [{who: Y, at: 2024-07, pool: b}]\n", &d);
    ts_exec_counts *c = ts_exec_counts_create(f.sc, f.r.execs);
    assert_non_null(c);
    gsl_matrix *P = gsl_matrix_alloc(3, 3), *P6 = gsl_matrix_alloc(3, 3);
    step_matrix(1.0 / 12, MOVE_A, TO_B, MOVE_B, P);
    step_matrix(0.5, MOVE_A, TO_B, MOVE_B, P6);
    double want = 2 * log(gsl_matrix_get(P, 0, 0)) +
                  log(gsl_matrix_get(P, 0, 1)) +
                  3 * log(gsl_matrix_get(P, 1, 1)) +
                  log(gsl_matrix_get(P6, 0, 1));
    double got = ts_exec_loglik(c, f.r.execs);
    if (!(fabs(got - want) < 1e-10))
        fail_msg("log L %.15g, by hand %.15g", got, want);
    assert_int_equal(c->followed, 1);
    assert_int_equal(c->sighted, 1);
    gsl_matrix_free(P);
    gsl_matrix_free(P6);
    ts_exec_counts_destroy(c);
    ts_fixture_unload(&f);
}

/* A text buffer that grows. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = 2 * (t->len + (size_t)n + 1);
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* One member's next pool from row i of P. */
static size_t next_pool(const gsl_matrix *P, size_t i, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng), sum = 0;
    for (size_t j = 0; j < 3; j++)
        if (u < (sum += gsl_matrix_get(P, i, j)))
            return j;
    return 2;
}

static const char *const pool_id[3] = {"a", "b", "outside"};

/* Fits `yaml` and returns the estimates (and standard errors) of its
 * three fitted parameters. */
static void fit_three(const char *yaml, double *est, double *se)
{
    ts_fixture x;
    ts_diags d;
    ts_fixture_load_deterministic(&x, yaml, &d);
    ts_fit_result *f = NULL;
    if (ts_fit_run(x.sc, &x.r, NULL, 1, &f, &d) != TS_OK)
        fail_msg("the fit failed: %s", d.count ? d.items[0].message : "");
    assert_true(f->by_record);
    for (size_t j = 0; j < 3; j++) {
        est[j] = f->estimate[j];
        se[j] = f->stderr_p[j];
    }
    ts_fit_result_destroy(f);
    ts_fixture_unload(&x);
}

#define FIT_THREE                                                         \
    "fit:\n"                                                              \
    "  pools.a.exec_move: {bounds: [0.001, 0.999]}\n"                     \
    "  pools.a.exec_to.b: {bounds: [0, 1]}\n"                             \
    "  pools.b.exec_move: {bounds: [0.001, 0.999]}\n"

/* Two groups of 50,000 followed by moves for 36 months, every month's
 * moves drawn here from the step matrix (a multinomial per group and
 * pool) and recorded as group moves: the estimates within 1 % of the
 * rates they were drawn from. */
static void recovered_from_moves(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261207);
    gsl_matrix *P = gsl_matrix_alloc(3, 3);
    step_matrix(1.0 / 12, MOVE_A, TO_B, MOVE_B, P);
    text t = {0};
    put(&t, "scenario: {start: 2020-01, horizon: 48, runs: 0}\n" POOLS
            "executives:\n"
            "  - {group: A, pool: a, count: 50000}\n"
            "  - {group: B, pool: b, count: 50000}\n" FIT_THREE
            "history:\n  as_of: 2023-01\n  moves:\n");
    unsigned in[2][3] = {{50000, 0, 0}, {0, 50000, 0}};
    for (int k = 0; k < 36; k++)
        for (int g = 0; g < 2; g++) {
            unsigned next[3] = {0, 0, in[g][2]};
            for (size_t i = 0; i < 2; i++) {
                double p[3] = {gsl_matrix_get(P, i, 0),
                               gsl_matrix_get(P, i, 1),
                               gsl_matrix_get(P, i, 2)};
                unsigned n[3];
                gsl_ran_multinomial(rng, 3, in[g][i], p, n);
                for (size_t j = 0; j < 3; j++) {
                    next[j] += n[j];
                    if (j != i && n[j] > 0)
                        put(&t, "    - {who: %s, at: %d-%02d, from: %s, "
                                "to: %s, count: %u}\n", g ? "B" : "A",
                            2020 + k / 12, k % 12 + 1, pool_id[i],
                            pool_id[j], n[j]);
                }
            }
            memcpy(in[g], next, sizeof next);
        }
    double est[3], se[3], truth[3] = {MOVE_A, TO_B, MOVE_B};
    fit_three(t.s, est, se);
    for (size_t j = 0; j < 3; j++)
        if (!(fabs(est[j] / truth[j] - 1) < 0.01))
            fail_msg("parameter %zu: %.5f against %.5f (se %.5f)", j, est[j],
                     truth[j], se[j]);
    free(t.s);
    gsl_matrix_free(P);
    gsl_rng_free(rng);
}

/* A replicate: 150 executives (75 in each pool) seen every six months
 * for four years, their months drawn from the step matrix. */
static char *replicate(gsl_rng *rng, const gsl_matrix *P)
{
    text t = {0};
    put(&t, "scenario: {start: 2020-01, horizon: 48, runs: 0}\n" POOLS
            "executives:\n");
    for (int e = 0; e < 150; e++)
        put(&t, "  - {name: e%d, pool: %s}\n", e, e % 2 ? "b" : "a");
    put(&t, FIT_THREE "history:\n  as_of: 2024-01\n  seen:\n");
    for (int e = 0; e < 150; e++) {
        size_t at = (size_t)(e % 2);
        bool gone = false; /* seen outside: never seen again */
        for (int m = 1; m <= 48 && !gone; m++) {
            at = next_pool(P, at, rng);
            if (m % 6 != 0)
                continue;
            put(&t, "    - {who: e%d, at: %d-%02d, pool: %s}\n", e,
                2020 + m / 12, m % 12 + 1, pool_id[at]);
            gone = at == 2;
        }
    }
    return t.s;
}

/* The spread of the estimates over 200 replicates against the standard
 * errors reported (their root mean square): within 10 %, about two
 * standard errors of a spread measured from 200 values. */
static void standard_errors_match_spread(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    gsl_matrix *P = gsl_matrix_alloc(3, 3);
    step_matrix(1.0 / 12, MOVE_A, TO_B, MOVE_B, P);
    enum { R = 200 };
    double sum[3] = {0}, sum2[3] = {0}, se2[3] = {0};
    for (int k = 0; k < R; k++) {
        char *yaml = replicate(rng, P);
        double est[3], se[3];
        fit_three(yaml, est, se);
        free(yaml);
        for (size_t j = 0; j < 3; j++) {
            sum[j] += est[j];
            sum2[j] += est[j] * est[j];
            se2[j] += se[j] * se[j];
        }
    }
    for (size_t j = 0; j < 3; j++) {
        double mean = sum[j] / R;
        double spread = sqrt((sum2[j] - R * mean * mean) / (R - 1));
        double reported = sqrt(se2[j] / R);
        if (!(fabs(reported / spread - 1) < 0.10))
            fail_msg("parameter %zu: standard error %.5f, spread of the "
                     "estimates %.5f", j, reported, spread);
    }
    gsl_matrix_free(P);
    gsl_rng_free(rng);
}

/* A shock the record says started and that changes executives' rates
 * is refused by the fit (its months would need the shock's chains). */
static void started_shock_refused(void **state)
{
    (void)state;
    ts_fixture x;
    ts_diags d;
    ts_fixture_load_deterministic(&x,
        "scenario: {start: 2024-01, horizon: 24, runs: 0}\n" POOLS
        "executives:\n  - {name: X, pool: a}\n"
        "shocks:\n  - {id: s, chance: 0.5, window: [2024-03, 2025-01],\n"
        "     set: {pools.a.exec_move: 0.6}}\n"
        "fit:\n  pools.a.exec_move: {bounds: [0.01, 0.99]}\n"
        "history:\n  as_of: 2024-12\n"
        "  shocks: [{id: s, started: 2024-05}]\n", &d);
    ts_fit_result *f = NULL;
    assert_int_equal(ts_fit_run(x.sc, &x.r, NULL, 1, &f, &d), TS_EINPUT);
    assert_null(f);
    assert_non_null(strstr(d.items[0].message, "shock 's' started before "
                                                "as_of"));
    ts_fixture_unload(&x);
}

/* fitted.yaml runs from the directory it is written in, with every
 * estimate in force: labs_2024.yaml extends labs.yaml, which writes
 * pools.openai.exec_move; fitted.yaml's extends is rewritten to reach
 * its base from the output directory (here in /tmp, far from the
 * scenarios), and the estimate of the base's value is an override in
 * fitted_base.yaml, which fitted.yaml extends. */
static void fitted_yaml_runs_elsewhere(void **state)
{
    (void)state;
    char dir[256], scenario[700], out[600], fitted[700], run_out[700],
         path[800];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(scenario, sizeof scenario, "%s/scenarios/labs_2024.yaml",
             ts_test_source_dir());
    snprintf(out, sizeof out, "%s/fit", dir);
    const char *fit[] = {"talentsim", "fit", scenario, "-o", out,
                         "--no-plots", "--quiet", NULL};
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(fit, r);
    assert_int_equal(r->status, 0);
    /* the estimate, as fit.csv says it */
    snprintf(path, sizeof path, "%s/fit.csv", out);
    char *csv = ts_test_file_text(path, NULL);
    const char *row = strstr(csv, "\npools.openai.exec_move,");
    assert_non_null(row);
    double estimate = strtod(row + strlen("\npools.openai.exec_move,"),
                             NULL);
    free(csv);
    assert_true(estimate > 0.5 && estimate < 1);
    /* it runs from there, and the estimate is the value in force */
    snprintf(fitted, sizeof fitted, "%s/fitted.yaml", out);
    snprintf(run_out, sizeof run_out, "%s/run", dir);
    const char *again[] = {"talentsim", fitted, "--runs", "0", "-o",
                           run_out, "--no-plots", "--quiet", NULL};
    ts_test_run(again, r);
    if (r->status != 0)
        fail_msg("fitted.yaml does not run: %s", r->err);
    const char *explain[] = {"talentsim", "check", "--explain", fitted,
                             NULL};
    ts_test_run(explain, r);
    assert_int_equal(r->status, 0);
    char want[64];
    snprintf(want, sizeof want, "exec_move: %.10g", estimate);
    const char *pools = strstr(r->out, "- id: openai");
    assert_non_null(pools);
    const char *value = strstr(pools, "exec_move:");
    assert_non_null(value);
    assert_memory_equal(value, want, strlen(want));
    free(r);
    ts_test_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loglik_by_hand),
        cmocka_unit_test(recovered_from_moves),
        cmocka_unit_test(standard_errors_match_spread),
        cmocka_unit_test(started_shock_refused),
        cmocka_unit_test(fitted_yaml_runs_elsewhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
