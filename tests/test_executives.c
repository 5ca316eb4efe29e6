/* Executives and predictions: exact results against closed forms, the
 * Poisson-binomial against brute-force enumeration, and Monte Carlo
 * against the exact results within K_SIGMA standard errors (with fixed
 * seeds; about 40 comparisons, so a correct engine fails by chance with
 * probability below 1e-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <cmocka.h>

#include "sim/exec/claim_terms.h"
#include "sim/exec/count_tail.h"
#include "sim/mc/results.h"
#define TS_FIXTURE_RESULTS
#include "tests/scenario_fixture.h"

#define K_SIGMA 5.0
#include "tests/claim_asserts.h"
/* Exact results are sums and products of step-matrix entries: they agree
 * with closed forms to round-off. */
#define EXACT_TOL 1e-10

/* ---- closed forms ------------------------------------------------- */

/* One executive in a, moving with yearly probability m = 0.3 (hazard
 * h = -ln 0.7) to b with share s = 0.6, the rest leaving the field; b
 * keeps its executives (exec_move 0). Over T years:
 *   P(moved)              = 1 - exp(-h T)
 *   P(a move a -> b by T) = s (1 - exp(-h T))
 * and over a window [T0, T1): exp(-h T0) s (1 - exp(-h (T1 - T0))). */
static const char *one_exec =
    "scenario: {start: 2024-01, horizon: 36, runs: 20000, seed: 3}\n"
    "pools:\n"
    "  - {id: a, headcount: 10, retention: 0.9, exec_move: 0.3,\n"
    "     exec_to: {b: 0.6}}\n"
    "  - {id: b, headcount: 10, retention: 0.9, exec_move: 0}\n"
    "executives:\n"
    "  - {name: X, pool: a}\n"
    "predictions:\n"
    "  - {id: by_end, from: a, to: b, within: 36}\n"
    "  - {id: later, from: a, to: b, window: [2025-01, 2026-07]}\n"
    "  - {id: leaves, from: a, to: outside, within: 36}\n";

static void one_executive_closed_form(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f, one_exec, 2);
    double h = -log(0.7), s = 0.6;
    const ts_exec_exact *x = f.r.exact;
    assert_near(x->p_moved[0], 1 - exp(-h * 3), EXACT_TOL);
    assert_near(x->claim_p[0], s * (1 - exp(-h * 3)), EXACT_TOL);
    assert_near(x->claim_p[1], exp(-h * 1) * s * (1 - exp(-h * 1.5)),
                EXACT_TOL);
    assert_near(x->claim_p[2], (1 - s) * (1 - exp(-h * 3)), EXACT_TOL);
    /* the curve at each month m of the first claim */
    for (size_t k = 0; k <= 36; k++)
        assert_near(x->curve[k], s * (1 - exp(-h * (double)k / 12)),
                    EXACT_TOL);
    /* before the second claim's window the curve is undefined */
    assert_true(isnan(x->curve[37 + 11]));
    assert_near(x->curve[37 + 12], 0, EXACT_TOL);
    /* end pools: a with exp(-hT), b with s(1 - exp(-hT)) */
    assert_int_equal(x->end_pool[0], 1); /* b: 0.6*0.657 > 0.343 */
    assert_near(x->p_end[0], s * (1 - exp(-h * 3)), EXACT_TOL);
    ts_fixture_unload(&f);
}

/* With s = 1 the SPEC's one-destination form 1 - exp(-h s T) holds for
 * the prediction too, whatever the step. */
static void one_destination_any_step(void **state)
{
    (void)state;
    const char *steps[] = {"month", "quarter", "year"};
    for (size_t i = 0; i < 3; i++) {
        char yaml[800];
        snprintf(yaml, sizeof yaml,
                 "scenario: {start: 2024-01, step: %s, until: 2026-12, "
                 "runs: 0}\n"
                 "pools:\n"
                 "  - {id: a, headcount: 1, retention: 0.9, exec_move: 0.2,\n"
                 "     exec_to: {b: 1}}\n"
                 "  - {id: b, headcount: 1, retention: 0.9, exec_move: 0}\n"
                 "executives:\n  - {name: X, pool: a}\n"
                 "predictions:\n  - {id: p, from: a, to: b, within: 36}\n",
                 steps[i]);
        ts_fixture f;
        ts_fixture_load(&f, yaml, 1);
        double h = -log(0.8);
        assert_near(f.r.exact->claim_p[0], 1 - exp(-h * 1.0 * 3), EXACT_TOL);
        assert_near(f.r.exact->p_moved[0], 1 - exp(-h * 3), EXACT_TOL);
        ts_fixture_unload(&f);
    }
}

/* A group of c alike members: the count of members with a move is
 * Binomial(c, q), so P(at least k) is the binomial tail. */
static void group_is_binomial(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f,
         "scenario: {start: 2024-01, horizon: 24, runs: 0}\n"
         "pools:\n"
         "  - {id: a, headcount: 1, retention: 0.9, exec_move: 0.25,\n"
         "     exec_to: {b: 0.5}}\n"
         "  - {id: b, headcount: 1, retention: 0.9, exec_move: 0}\n"
         "executives:\n  - {group: G, pool: a, count: 30}\n"
         "predictions:\n  - {id: p, from: a, to: b, within: 24, "
         "at_least: 5}\n",
         1);
    double q = 0.5 * (1 - exp(log(0.75) * 2));
    assert_near(f.r.exact->claim_p[0], gsl_cdf_binomial_Q(4, q, 30),
                EXACT_TOL);
    ts_fixture_unload(&f);
}

/* who: only the named count. X and the two members of H start in a
 * (yearly move 0.3, to b with share 0.6, b keeps them); the four of G
 * start in c and join a (yearly move 0.5), from where they too can move
 * on to b, which a claim without who counts. Each of X and H's members
 * moves a -> b by T = 3 years with q = s (1 - exp(-h T)), independently:
 *   who: X                        q
 *   who: [X, H], at_least: 2      3 q^2 (1 - q) + q^3
 * and without who the count also takes G's members, so it is larger.
 * Monte Carlo agrees with each. */
static void who_counts_only_the_named(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f,
         "scenario: {start: 2024-01, horizon: 36, runs: 20000, seed: 9}\n"
         "pools:\n"
         "  - {id: a, headcount: 1, retention: 0.9, exec_move: 0.3,\n"
         "     exec_to: {b: 0.6}}\n"
         "  - {id: b, headcount: 1, retention: 0.9, exec_move: 0}\n"
         "  - {id: c, headcount: 1, retention: 0.9, exec_move: 0.5,\n"
         "     exec_to: {a: 1}}\n"
         "executives:\n"
         "  - {name: X, pool: a}\n"
         "  - {group: G, pool: c, count: 4}\n"
         "  - {group: H, pool: a, count: 2}\n"
         "predictions:\n"
         "  - {id: x, from: a, to: b, within: 36, who: X}\n"
         "  - {id: xh, from: a, to: b, within: 36, who: [X, H], "
         "at_least: 2}\n"
         "  - {id: all, from: a, to: b, within: 36, at_least: 2}\n"
         "  - {id: any, from: a, to: b, within: 36}\n",
         2);
    double q = 0.6 * (1 - exp(log(0.7) * 3));
    const ts_exec_exact *x = f.r.exact;
    assert_near(x->claim_p[0], q, EXACT_TOL);
    assert_near(x->claim_p[1], 3 * q * q * (1 - q) + q * q * q, EXACT_TOL);
    assert_true(x->claim_p[2] > x->claim_p[1] + 0.05);
    for (size_t c = 0; c < 3; c++)
        assert_within_se(f.r.mc->exec->claim_hits[c], f.r.mc->runs,
                         x->claim_p[c]);
    /* What `all` is made of: a member of G first joins a (hazard hc),
     * then moves on to b (ha, share s) before T, in continuous time
     *   pG = s [(1 - e^{-hc T}) - hc / (hc - ha) (e^{-ha T} - e^{-hc T})]
     * less what monthly steps cannot see (c -> a -> b inside one month:
     * under 0.01 here); four of them in c; X and H's two at a with q.
     * Largest first; and the claim with at_least 1 is 1 minus the
     * product of everyone's chance not to (its own, count-tail path). */
    double ha = -log(0.7), hc = -log(0.5), T = 3;
    double pg = 0.6 * ((1 - exp(-hc * T)) -
                       hc / (hc - ha) * (exp(-ha * T) - exp(-hc * T)));
    ts_claim_term rows[16];
    assert_int_equal(ts_claim_terms(x, f.sc, f.r.execs, f.r.claims, 2, rows),
                     3);
    size_t want_entity[3] = {1, 2, 0}, want_pool[3] = {2, 0, 0};
    double want_members[3] = {4, 2, 1}, want_p[3] = {pg, q, q};
    double none = 1;
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(rows[k].entity, want_entity[k]);
        assert_int_equal(rows[k].pool, want_pool[k]);
        assert_near(rows[k].members, want_members[k], EXACT_TOL);
        assert_near(rows[k].p_each, want_p[k], k == 0 ? 0.01 : EXACT_TOL);
        assert_near(rows[k].expected, rows[k].members * rows[k].p_each,
                    EXACT_TOL);
        none *= pow(1 - rows[k].p_each, rows[k].members);
    }
    assert_near(x->claim_p[3], 1 - none, EXACT_TOL);
    /* who: X only: X's row alone */
    assert_int_equal(ts_claim_terms(x, f.sc, f.r.execs, f.r.claims, 0, rows),
                     1);
    assert_int_equal(rows[0].entity, 0);
    ts_fixture_unload(&f);
}

/* through: [first, last] is the window [first, last + one step): the
 * same probability as that window, and the closed form of a window. */
static void through_is_inclusive(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f,
         "scenario: {start: 2024-01, step: quarter, horizon: 12, runs: 0}\n"
         "pools:\n"
         "  - {id: a, headcount: 1, retention: 0.9, exec_move: 0.3,\n"
         "     exec_to: {b: 0.6}}\n"
         "  - {id: b, headcount: 1, retention: 0.9, exec_move: 0}\n"
         "executives:\n  - {name: X, pool: a}\n"
         "predictions:\n"
         "  - {id: t, from: a, to: b, through: [2025-01, 2025-10]}\n"
         "  - {id: w, from: a, to: b, window: [2025-01, 2026-01]}\n",
         1);
    double h = -log(0.7), s = 0.6;
    assert_near(f.r.exact->claim_p[0], exp(-h) * s * (1 - exp(-h)),
                EXACT_TOL);
    assert_near(f.r.exact->claim_p[0], f.r.exact->claim_p[1], EXACT_TOL);
    ts_fixture_unload(&f);
}

/* ---- Poisson-binomial --------------------------------------------- */

/* Every subset of 10 individuals (entries with multiplicities 1, 2, 3
 * and 4 spread out), against the dynamic programme, for every k. */
static void count_tail_brute_force(void **state)
{
    (void)state;
    const double q[4] = {0.13, 0.71, 0.5, 0.02};
    const size_t mult[4] = {1, 2, 3, 4};
    double people[10];
    size_t n = 0;
    for (size_t i = 0; i < 4; i++)
        for (size_t m = 0; m < mult[i]; m++)
            people[n++] = q[i];
    double pmf[11] = {0};
    for (unsigned set = 0; set < (1u << n); set++) {
        double p = 1;
        unsigned count = 0;
        for (size_t i = 0; i < n; i++) {
            bool in = set & (1u << i);
            p *= in ? people[i] : 1 - people[i];
            count += in;
        }
        pmf[count] += p;
    }
    double work[2 * 12];
    for (size_t k = 0; k <= 10; k++) {
        double tail = 0;
        for (size_t c = k; c <= 10; c++)
            tail += pmf[c];
        assert_near(ts_count_tail(q, mult, 4, k, work), tail, 1e-13);
    }
    /* more than there are */
    double big[2 * 13];
    assert_near(ts_count_tail(q, mult, 4, 11, big), 0, 1e-15);
}

/* ---- Monte Carlo against exact ------------------------------------ */

static const char *several =
    "scenario: {start: 2024-01, horizon: 30, runs: 6000, seed: 11}\n"
    "pools:\n"
    "  - {id: a, headcount: 500, inflow: 100, retention: 0.8,\n"
    "     to: {b: 0.5, c: 0.3}}\n"
    "  - {id: b, headcount: 200, inflow: 20, retention: 0.85, "
    "to: {a: 0.4, c: 0.4}}\n"
    "  - {id: c, headcount: 50, retention: 0.9, to: {a: 0.5}}\n"
    "executives:\n"
    "  - {name: P, pool: a}\n"
    "  - {name: Q, pool: b, move: 0.4, to: {c: 0.9}}\n"
    "  - {name: R, pool: c, move: 0.05}\n"
    "  - {group: G, pool: a, count: 12, move: 0.3}\n"
    "  - {group: H, pool: b, count: 5}\n"
    "predictions:\n"
    "  - {id: ab, from: a, to: b, within: 12, at_least: 2}\n"
    "  - {id: late, from: [a, b], to: [c, outside], "
    "window: [2024-07, 2026-01], at_least: 4}\n"
    "  - {id: any, from: [a, b, c], to: [a, b, c], within: 30, "
    "at_least: 10}\n"
    "  - {id: shrinks, pool: c, at: 2025-01, below: 88}\n"
    "  - {id: grows, pool: a, at: 2026-07, above: 530}\n";

/* A large group: "at least 60,000 of 100,000, each 0.6" is GSL's
 * binomial tail, and two groups' sum (50,000 at 0.3 and 50,000 at 0.9,
 * at least 60,000) the tail of their convolution computed here from
 * GSL's densities; both in well under a second (only the binomial terms
 * that do not underflow are visited). */
static void count_tail_large_groups(void **state)
{
    (void)state;
    size_t k = 60000;
    double *work = malloc(2 * (k + 1) * sizeof *work);
    assert_non_null(work);
    double q1[1] = {0.6};
    size_t m1[1] = {100000};
    assert_near(ts_count_tail(q1, m1, 1, k, work),
                gsl_cdf_binomial_Q((unsigned)k - 1, 0.6, 100000), 1e-9);
    double q2[2] = {0.3, 0.9};
    size_t m2[2] = {50000, 50000};
    double want = 0;
    for (unsigned a = 14000; a <= 16000; a++) /* 0.3 x 50,000 = 15,000 */
        want += gsl_ran_binomial_pdf(a, 0.3, 50000) *
                gsl_cdf_binomial_Q((unsigned)k - 1 - a, 0.9, 50000);
    assert_near(ts_count_tail(q2, m2, 2, k, work), want, 1e-9);
    free(work);
}

static void monte_carlo_agrees(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f, several, 2);
    const ts_exec_tally *t = f.r.mc->exec;
    const ts_exec_exact *x = f.r.exact;
    uint64_t runs = f.r.mc->runs;
    for (size_t e = 0; e < f.sc->n_execs; e++) {
        uint64_t members = runs * f.r.execs->count[e];
        assert_within_se(t->moved[e], members, x->p_moved[e]);
        assert_within_se(t->end[e * 4 + x->end_pool[e]], members,
                         x->p_end[e]);
    }
    for (size_t c = 0; c < 3; c++)
        assert_within_se(t->claim_hits[c], runs, x->claim_p[c]);
    /* headcount claims: exactly the share of runs whose stock says so */
    for (size_t c = 3; c < 5; c++) {
        const ts_claim *cl = &f.r.claims->items[c];
        uint64_t hits = 0;
        for (size_t r = 0; r < runs; r++) {
            double v = ts_mc_stock(f.r.mc, r, cl->at_step, cl->pool);
            hits += cl->below ? v < cl->threshold : v > cl->threshold;
        }
        assert_int_equal(t->claim_hits[c], hits);
        assert_true(hits > 0 && hits < runs); /* a real test of both */
    }
    ts_fixture_unload(&f);
}

/* Executives draw from streams of their own: adding them leaves the
 * pools' runs as they were; and tallies do not depend on threads. */
static void streams_and_threads(void **state)
{
    (void)state;
    ts_fixture with1, with3, without;
    ts_fixture_load(&with1, several, 1);
    ts_fixture_load(&with3, several, 3);
    const char *cut = strstr(several, "executives:");
    char *pools_only = strndup(several, (size_t)(cut - several));
    ts_fixture_load(&without, pools_only, 2);
    size_t cells = with1.r.mc->runs * (with1.r.mc->steps + 1) *
                   with1.r.mc->n;
    assert_memory_equal(with1.r.mc->stock, without.r.mc->stock,
                        cells * sizeof *with1.r.mc->stock);
    const ts_exec_tally *a = with1.r.mc->exec, *b = with3.r.mc->exec;
    assert_memory_equal(a->moved, b->moved, 5 * sizeof *a->moved);
    assert_memory_equal(a->end, b->end, 5 * 4 * sizeof *a->end);
    assert_memory_equal(a->claim_hits, b->claim_hits,
                        5 * sizeof *a->claim_hits);
    free(pools_only);
    ts_fixture_unload(&with1);
    ts_fixture_unload(&with3);
    ts_fixture_unload(&without);
}

/* The executives' defaults: exec_move = 1 - retention and exec_to = to,
 * so without overrides an executive moves like a researcher. */
static void defaults_follow_pool(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f,
         "scenario: {start: 2024-01, horizon: 12, runs: 0}\n"
         "pools:\n"
         "  - {id: a, headcount: 100, retention: 0.8, to: {b: 0.5}}\n"
         "  - {id: b, headcount: 100, retention: 0.9}\n"
         "executives:\n  - {name: X, pool: a}\n",
         1);
    const gsl_matrix *P = f.r.timeline->chains[0]->P;
    const gsl_matrix *X = ts_exec_chain_at(f.r.execs, 0, 0)->P;
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            assert_near(gsl_matrix_get(X, i, j), gsl_matrix_get(P, i, j),
                        1e-15);
    assert_near(f.r.exact->p_moved[0], 0.2, EXACT_TOL); /* 1 - 0.8^1 */
    ts_fixture_unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_executive_closed_form),
        cmocka_unit_test(one_destination_any_step),
        cmocka_unit_test(group_is_binomial),
        cmocka_unit_test(count_tail_brute_force),
        cmocka_unit_test(count_tail_large_groups),
        cmocka_unit_test(monte_carlo_agrees),
        cmocka_unit_test(who_counts_only_the_named),
        cmocka_unit_test(through_is_inclusive),
        cmocka_unit_test(streams_and_threads),
        cmocka_unit_test(defaults_follow_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
