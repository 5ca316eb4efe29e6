/* Forecasts as of a date (SPEC section 8) against computations by hand:
 * move claims conditioned on the record against enumeration over the
 * executives still to move, with a shock still to start against the
 * mixture over its restarted start law, that law against its formula,
 * observed headcounts setting pools, recorded team transfers, claims the
 * record decides; and Monte Carlo against the exact conditional
 * probabilities within K_SIGMA standard errors (fixed seeds; a dozen
 * comparisons, so a correct engine fails by chance with probability
 * below 1e-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>

#include "sim/mc/results.h"
#define TS_FIXTURE_RESULTS
#include "tests/scenario_fixture.h"

#define K_SIGMA 5.0
#include "tests/claim_asserts.h"
/* Exact results are sums and products of step-matrix entries: they agree
 * with the hand computations to round-off. */
#define EXACT_TOL 1e-10

/* P(at least 2 of 3 independent executives, each with probability p). */
static double two_of_three(double p)
{
    return 3 * p * p * (1 - p) + p * p * p;
}

/* ---- the record's executives -------------------------------------- */

/* Pool a's executives move with yearly probability 0.3 (monthly stay
 * s0 = 0.7^(1/12)), to b with share 0.6 and to c with 0.1; b and c keep
 * theirs. The record, as of 2025-01 (step 12): X moved a -> b in
 * 2024-05 and G's member 1 a -> c in 2024-03; Y and G's members 2 and 3
 * are still in a, each with 24 months to go. */
#define RECORD_POOLS                                                      \
    "pools:\n"                                                            \
    "  - {id: a, headcount: 100, retention: 0.9, exec_move: 0.3,\n"       \
    "     exec_to: {b: 0.6, c: 0.1}}\n"                                   \
    "  - {id: b, headcount: 10, retention: 0.9, exec_move: 0}\n"          \
    "  - {id: c, headcount: 10, retention: 0.9, exec_move: 0}\n"
#define RECORD_MOVES                                                      \
    "  moves:\n"                                                          \
    "    - {who: X, at: 2024-05, to: b}\n"                                \
    "    - {who: G, at: 2024-03, to: c, count: 1}\n"

static const char *record_yaml =
    "scenario: {start: 2024-01, horizon: 36, runs: 20000, seed: 5}\n"
    RECORD_POOLS
    "executives:\n"
    "  - {name: X, pool: a}\n"
    "  - {name: Y, pool: a}\n"
    "  - {group: G, pool: a, count: 3}\n"
    "predictions:\n"
    "  - {id: three, from: a, to: b, within: 36, at_least: 3}\n"
    "  - {id: late, from: a, to: b, window: [2025-07, 2027-01],\n"
    "     at_least: 2}\n"
    "  - {id: early, from: a, to: b, within: 12}\n"
    "  - {id: y_early, from: a, to: b, within: 12, who: Y}\n"
    "  - {id: any, from: a, to: b, within: 36}\n"
    "  - {id: to_c, from: a, to: c, within: 36, who: G, at_least: 2}\n"
    "history:\n"
    "  as_of: 2025-01\n"
    RECORD_MOVES;

/* three: X counts already (c = 1); at least 2 of Y, G2, G3, each
 *        0.6 (1 - 0.7^2) from a over the 24 months left.
 * late:  [2025-07, 2027-01) starts after as_of, so X's move does not
 *        count; each of Y, G2, G3 stays in a six months (0.7^0.5), then
 *        moves to b within 18 (0.6 (1 - 0.7^1.5)); at least 2.
 * to_c:  G1 counts; at least 1 of G2, G3, each 0.1 (1 - 0.7^2).
 * early, any: decided by the record (X moved a -> b in the window);
 * y_early: decided, Y did not. */
static void record_conditions_claims(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f, record_yaml, 2);
    const ts_exec_exact *x = f.r.exact;
    double p3 = 0.6 * (1 - 0.49);
    double pl = sqrt(0.7) * 0.6 * (1 - pow(0.7, 1.5));
    double pc = 0.1 * (1 - 0.49);
    assert_near(x->claim_p[0], two_of_three(p3), EXACT_TOL);
    assert_near(x->claim_p[1], two_of_three(pl), EXACT_TOL);
    assert_near(x->claim_p[5], 1 - (1 - pc) * (1 - pc), EXACT_TOL);
    bool decided[6] = {false, false, true, true, true, false};
    double record[6] = {0, 0, 1, 0, 1, 0};
    for (size_t c = 0; c < 6; c++) {
        assert_int_equal(x->decided[c], decided[c]);
        assert_int_equal(ts_results_claim_method(&f.r, c),
                         decided[c] ? TS_CLAIM_RECORD : TS_CLAIM_EXACT);
        if (decided[c])
            assert_near(x->claim_p[c], record[c], 0);
    }
    /* where they are at as_of, and a move in [as_of, horizon) */
    assert_int_equal(f.r.execs->start[0], 1);      /* X in b */
    assert_int_equal(f.r.execs->start[1], 0);      /* Y in a */
    assert_int_equal(f.r.execs->start[2], 0);      /* two of G in a */
    assert_near(x->p_moved[0], 0, EXACT_TOL);
    assert_near(x->p_moved[1], 1 - 0.49, EXACT_TOL);
    assert_near(x->p_moved[2], 2.0 / 3 * (1 - 0.49), EXACT_TOL);
    /* Monte Carlo: the open claims within K_SIGMA standard errors, and
     * every run agrees with the record on the decided ones */
    const ts_exec_tally *t = f.r.mc->exec;
    for (size_t c = 0; c < 6; c++) {
        if (decided[c])
            assert_int_equal(t->claim_hits[c],
                             record[c] > 0 ? f.r.mc->runs : 0);
        else
            assert_within_se(t->claim_hits[c], f.r.mc->runs,
                             x->claim_p[c]);
    }
    ts_fixture_unload(&f);
}

/* The record at the start with no moves is no record: the same exact
 * results as the scenario without `history`, bit for bit. */
static void empty_record_is_none(void **state)
{
    (void)state;
    const char *base =
        "scenario: {start: 2024-01, horizon: 36, runs: 500, seed: 5}\n"
        RECORD_POOLS
        "executives:\n"
        "  - {name: X, pool: a}\n"
        "  - {group: G, pool: a, count: 3}\n"
        "predictions:\n"
        "  - {id: two, from: a, to: b, within: 36, at_least: 2}\n";
    char with[2048];
    snprintf(with, sizeof with, "%shistory: {as_of: 2024-01}\n", base);
    ts_fixture a, b;
    ts_fixture_load(&a, base, 1);
    ts_fixture_load(&b, with, 1);
    assert_memory_equal(&a.r.exact->claim_p[0], &b.r.exact->claim_p[0],
                        sizeof(double));
    assert_memory_equal(a.r.exact->p_moved, b.r.exact->p_moved,
                        2 * sizeof(double));
    assert_int_equal(a.r.mc->exec->claim_hits[0],
                     b.r.mc->exec->claim_hits[0]);
    assert_false(b.r.exact->decided[0]);
    ts_fixture_unload(&a);
    ts_fixture_unload(&b);
}

/* A group of 1000 of whom the record moves 400 to b one at a time, 50 a
 * month from 2024-03 to 2024-10: "at least 450 from a to b by the end"
 * counts the 400 and needs 50 of the 600 still in a, each 0.6 (1 -
 * 0.7^2) over the 24 months left: a binomial tail, from GSL. The 400
 * moves make one cohort per month, not one per member. */
static void many_recorded_moves(void **state)
{
    (void)state;
    size_t size = 64 * 1024, len = 0;
    char *yaml = malloc(size);
    assert_non_null(yaml);
    len += (size_t)snprintf(yaml, size,
        "scenario: {start: 2024-01, horizon: 36, runs: 2000, seed: 4}\n"
        RECORD_POOLS
        "executives:\n  - {group: G, pool: a, count: 1000}\n"
        "predictions:\n"
        "  - {id: m, from: a, to: b, within: 36, at_least: 450}\n"
        "history:\n  as_of: 2025-01\n  moves:\n");
    for (int k = 0; k < 400; k++)
        len += (size_t)snprintf(yaml + len, size - len,
                                "    - {who: G, at: 2024-%02d, from: a, to: b}\n",
                                3 + k / 50);
    ts_fixture f;
    ts_fixture_load(&f, yaml, 2);
    free(yaml);
    const ts_cohorts *cs = f.r.execs->cohorts;
    assert_int_equal(cs->n, 9);  /* eight months of movers, the rest */
    double p = 0.6 * (1 - 0.49);
    assert_near(f.r.exact->claim_p[0], gsl_cdf_binomial_Q(49, p, 600),
                1e-9);
    assert_within_se(f.r.mc->exec->claim_hits[0], f.r.mc->runs,
                     f.r.exact->claim_p[0]);
    ts_fixture_unload(&f);
}

/* ---- shocks the record settles ------------------------------------ */

/* The shock raises a's exec_move to 0.6 (monthly stay s1 = 0.4^(1/12))
 * from its start to the end; chance 0.5 a year (q = 1 - 0.5^(1/12)),
 * window [2024-07, 2026-07) = steps 6..29. */
static void shock_yaml(const char *settled, char *buf, size_t size)
{
    snprintf(buf, size,
             "scenario: {start: 2024-01, horizon: 36, runs: 20000, "
             "seed: 9}\n" RECORD_POOLS
             "executives:\n"
             "  - {name: X, pool: a}\n"
             "  - {name: Y, pool: a}\n"
             "  - {group: G, pool: a, count: 3}\n"
             "predictions:\n"
             "  - {id: three, from: a, to: b, within: 36, at_least: 3}\n"
             "shocks:\n"
             "  - {id: s, chance: 0.5, window: [2024-07, 2026-07],\n"
             "     set: {pools.a.exec_move: 0.6}}\n"
             "history:\n"
             "  as_of: 2025-01\n" RECORD_MOVES
             "  shocks:\n"
             "    - {id: s, started: %s}\n",
             settled);
}

/* Still to start at as_of (step 12): it starts in step k = 12..29 with
 * probability (1 - q)^(k - 12) q, never with (1 - q)^18. Given a start
 * at k, a member in a at step 12 moves to b by step 36 with probability
 * 0.6 (1 - s0^(k - 12) s1^(36 - k)); the claim is the mixture over k of
 * "at least 2 of 3". */
static void unresolved_shock_is_restarted(void **state)
{
    (void)state;
    char yaml[4096];
    shock_yaml("never", yaml, sizeof yaml);
    ts_fixture f;
    ts_fixture_load(&f, yaml, 2);
    double q = 1 - pow(0.5, 1.0 / 12);
    double s0 = pow(0.7, 1.0 / 12), s1 = pow(0.4, 1.0 / 12);
    double want = 0, sum = 0;
    for (int k = 12; k < 30; k++) {
        double w = pow(1 - q, k - 12) * q;
        double p = 0.6 * (1 - pow(s0, k - 12) * pow(s1, 36 - k));
        want += w * two_of_three(p);
        sum += w;
    }
    double never = pow(1 - q, 18);
    want += never * two_of_three(0.6 * (1 - pow(s0, 24)));
    assert_near(sum + never, 1, 1e-12);
    assert_near(f.r.exact->claim_p[0], want, EXACT_TOL);

    /* the restarted law itself */
    const ts_shock_starts *st = f.r.shock_starts;
    assert_non_null(st);
    assert_int_equal(st->from[0], 12);
    assert_int_equal(st->to[0], 30);
    double p[19];
    ts_shock_start_probs(st, 0, 0.5, p);
    for (int k = 12; k < 30; k++)
        assert_near(p[k - 12], pow(1 - q, k - 12) * q, 1e-15);
    assert_near(p[18], never, 1e-15);

    assert_within_se(f.r.mc->exec->claim_hits[0], f.r.mc->runs,
                     f.r.exact->claim_p[0]);
    ts_fixture_unload(&f);
}

/* Started in 2024-10 (step 9): an event there, so each member in a at
 * as_of moves to b by the end with probability 0.6 (1 - 0.4^2). */
static void started_shock_is_an_event(void **state)
{
    (void)state;
    char yaml[4096];
    shock_yaml("2024-10", yaml, sizeof yaml);
    ts_fixture f;
    ts_fixture_load(&f, yaml, 2);
    assert_near(f.r.exact->claim_p[0], two_of_three(0.6 * (1 - 0.16)),
                EXACT_TOL);
    assert_within_se(f.r.mc->exec->claim_hits[0], f.r.mc->runs,
                     f.r.exact->claim_p[0]);
    ts_fixture_unload(&f);
}

/* ---- pools the record observes ------------------------------------ */

/* a: no inflow, retention 0.9, observed 70 at as_of (step 12);
 * b: retention 1 with 12 entrants a year, observed 20;
 * c: not observed, goes on from its start: 10 * 0.9 at step 12.
 * One step on: a = 70 * 0.9^(1/12), b = 21. Headcount claims dated at
 * as_of are decided by what was observed. */
static const char *observed_yaml =
    "scenario: {start: 2024-01, horizon: 24, runs: 4000, seed: 11}\n"
    "pools:\n"
    "  - {id: a, headcount: 100, retention: 0.9}\n"
    "  - {id: b, headcount: 5, retention: 1, inflow: 12}\n"
    "  - {id: c, headcount: 10, retention: 0.9}\n"
    "predictions:\n"
    "  - {id: a_small, pool: a, at: 2025-01, below: 71}\n"
    "  - {id: b_big, pool: b, at: 2025-01, above: 20}\n"
    "  - {id: b_later, pool: b, at: 2025-07, above: 25}\n"
    "history:\n"
    "  as_of: 2025-01\n"
    "  headcounts:\n"
    "    - {pool: a, at: 2025-01, value: 70}\n"
    "    - {pool: b, at: 2025-01, value: 20}\n"
    "    - {pool: b, at: 2024-07, value: 3}\n";

static void observed_headcounts_set_pools(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f, observed_yaml, 2);
    const ts_projection *p = f.r.projection;
    size_t n = p->n;
    assert_near(p->stock[12 * n + 0], 70, 1e-9);
    assert_near(p->stock[12 * n + 1], 20, 1e-9);
    assert_near(p->stock[12 * n + 2], 9, 1e-9);
    assert_near(p->stock[13 * n + 0], 70 * pow(0.9, 1.0 / 12), 1e-9);
    assert_near(p->stock[13 * n + 1], 21, 1e-9);
    /* before as_of the pools are as simulated from the start */
    assert_near(p->stock[6 * n + 0], 100 * sqrt(0.9), 1e-9);
    assert_near(p->stock[6 * n + 1], 11, 1e-9);
    /* every run holds the observed values at as_of */
    const ts_mc_result *mc = f.r.mc;
    double sum = 0;
    for (size_t run = 0; run < mc->runs; run++) {
        assert_int_equal(ts_mc_stock(mc, run, 12, 0), 70);
        assert_int_equal(ts_mc_stock(mc, run, 12, 1), 20);
        sum += ts_mc_stock(mc, run, 13, 0);
    }
    /* a binomial(70, r) per run one step on */
    double r = pow(0.9, 1.0 / 12);
    double se = sqrt(70 * r * (1 - r) / (double)mc->runs);
    assert_true(fabs(sum / (double)mc->runs - 70 * r) <= K_SIGMA * se);
    /* the claims at as_of are decided; the later one is not */
    assert_int_equal(ts_results_claim_method(&f.r, 0), TS_CLAIM_RECORD);
    assert_near(ts_results_claim_p(&f.r, 0, NULL), 1, 0);
    assert_int_equal(ts_results_claim_method(&f.r, 1), TS_CLAIM_RECORD);
    assert_near(ts_results_claim_p(&f.r, 1, NULL), 0, 0);
    assert_int_equal(ts_results_claim_method(&f.r, 2), TS_CLAIM_MONTECARLO);
    ts_fixture_unload(&f);
}

/* ---- teams the record moved --------------------------------------- */

/* X's recorded move a -> b in step 4 brings 6 followers, 2 in each of
 * steps 5, 6 and 7, for certain: pool a sends nobody to b otherwise. */
static void recorded_team_transfers(void **state)
{
    (void)state;
    const char *yaml =
        "scenario: {start: 2024-01, horizon: 24, runs: 300, seed: 3}\n"
        RECORD_POOLS
        "executives:\n"
        "  - {name: X, pool: a, team: {size: 6, over: 3}}\n"
        "history:\n"
        "  as_of: 2025-01\n"
        "  moves:\n"
        "    - {who: X, at: 2024-05, to: b}\n";
    ts_fixture f;
    ts_fixture_load(&f, yaml, 2);
    const ts_projection *p = f.r.projection;
    size_t n = p->n;
    assert_non_null(p->flow);
    for (size_t k = 0; k < 24; k++) {
        double want = k >= 5 && k <= 7 ? 2 : 0;
        assert_near(p->flow[(k * n + 0) * n + 1], want, 1e-9);
        assert_int_equal(f.r.mc->flow_sum[(k * n + 0) * n + 1],
                         (uint64_t)want * f.r.mc->runs);
    }
    ts_fixture_unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(record_conditions_claims),
        cmocka_unit_test(empty_record_is_none),
        cmocka_unit_test(many_recorded_moves),
        cmocka_unit_test(unresolved_shock_is_restarted),
        cmocka_unit_test(started_shock_is_an_event),
        cmocka_unit_test(observed_headcounts_set_pools),
        cmocka_unit_test(recorded_team_transfers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
