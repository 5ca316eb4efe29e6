/* Shocks and teams (SPEC section 5) against independent computations:
 * a shock of chance 1 equals the same change as an event, chance 0 no
 * shock (byte for byte), a tiny chance moves the projection to its
 * order; the projection and an exact prediction equal the mixture,
 * computed here by hand, of scenarios with the shock as dated events;
 * Monte Carlo means and frequencies within K_SIGMA standard errors of the
 * exact values; a team's expected followers against the closed form of
 * its leader's first move; followers capped by a pool that empties; the
 * same results for any thread count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/mc/results.h"
#include "sim/engine/shock_starts.h"
#define TS_FIXTURE_RESULTS
#include "tests/scenario_fixture.h"
#include "tests/assert_rel.h"

#define K_SIGMA 5.0


/* Two pools, a group of four executives of a (their move is
 * 1 - retention by default, so the shock moves them too) and a claim. */
#define BASE                                                              \
    "pools:\n"                                                            \
    "  - {id: a, headcount: 1000, inflow: 100, retention: 0.8, "          \
    "to: {b: 0.5}}\n"                                                     \
    "  - {id: b, headcount: 500, retention: 0.9}\n"                       \
    "executives: [{group: g, pool: a, count: 4}]\n"                       \
    "predictions:\n"                                                      \
    "  - {id: p, from: a, to: b, within: 24, at_least: 2}\n"

#define HEAD(runs) "scenario: {start: 2024-01, horizon: 24, runs: " runs "}\n"

static const char *shock_yaml(const char *chance, const char *runs,
                              char *buf, size_t size)
{
    snprintf(buf, size,
             "scenario: {start: 2024-01, horizon: 24, runs: %s}\n" BASE
             "shocks:\n"
             "  - {id: s, chance: %s, window: [2024-03, 2024-09], lasts: 5,\n"
             "     set: {pools.a.retention: 0.5}}\n",
             runs, chance);
    return buf;
}

/* The shock as events: starting in step k, back to 0.8 five steps on. */
static const char *dated_yaml(size_t k, char *buf, size_t size)
{
    snprintf(buf, size,
             HEAD("0") BASE "events:\n"
             "  - {at: %zu, set: {pools.a.retention: 0.5}}\n"
             "  - {at: %zu, set: {pools.a.retention: 0.8}}\n",
             k, k + 5);
    return buf;
}

static void same_projection(const ts_fixture *a, const ts_fixture *b)
{
    const ts_projection *p = a->r.projection, *q = b->r.projection;
    size_t n = p->n, H = p->steps;
    assert_memory_equal(p->stock, q->stock, (H + 1) * n * sizeof(double));
    for (size_t k = 0; k < H; k++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                assert_true(i == j ||
                            ts_projection_flow(p, a->r.timeline, k, i, j) ==
                            ts_projection_flow(q, b->r.timeline, k, i, j));
}

/* chance 1: the event at the window's start (and back after lasts);
 * chance 0: no shock at all. Bit for bit. */
static void certain_and_impossible(void **state)
{
    (void)state;
    char y[2048];
    ts_fixture one, event, zero, none;
    ts_fixture_load(&one, shock_yaml("1", "0", y, sizeof y), 1);
    ts_fixture_load(&event, dated_yaml(2, y, sizeof y), 1);
    same_projection(&one, &event);
    assert_true(one.r.exact->claim_p[0] == event.r.exact->claim_p[0]);
    ts_fixture_load(&zero, shock_yaml("0", "0", y, sizeof y), 1);
    ts_fixture_load(&none, HEAD("0") BASE, 1);
    same_projection(&zero, &none);
    assert_true(zero.r.exact->claim_p[0] == none.r.exact->claim_p[0]);
    ts_fixture_unload(&one);
    ts_fixture_unload(&event);
    ts_fixture_unload(&zero);
    ts_fixture_unload(&none);
}

/* The projection and the claim are the mixture over the start: steps 2
 * to 7 with P = (1 - q)^(k - 2) q, never with (1 - q)^6, each start's
 * own results from the scenario with the shock as events. */
static void mixture_by_hand(void **state)
{
    (void)state;
    char y[2048];
    double q = 1 - pow(0.6, 1.0 / 12), never = pow(1 - q, 6);
    ts_fixture mix, none;
    ts_fixture_load(&mix, shock_yaml("0.4", "0", y, sizeof y), 1);
    ts_fixture_load(&none, HEAD("0") BASE, 1);
    size_t n = 3, H = 24;
    double *stock = calloc((H + 1) * n, sizeof *stock);
    double *flow = calloc(H * n * n, sizeof *flow);
    double claim = never * none.r.exact->claim_p[0];
    double moved = never * none.r.exact->p_moved[0];
    for (size_t c = 0; c < (H + 1) * n; c++)
        stock[c] = never * none.r.projection->stock[c];
    for (size_t k = 0; k < H; k++)
        for (size_t x = 0; x < n * n; x++)
            flow[k * n * n + x] = never * ts_projection_flow(
                none.r.projection, none.r.timeline, k, x / n, x % n);
    for (size_t start = 2; start < 8; start++) {
        ts_fixture f;
        double w = pow(1 - q, (double)(start - 2)) * q;
        ts_fixture_load(&f, dated_yaml(start, y, sizeof y), 1);
        for (size_t c = 0; c < (H + 1) * n; c++)
            stock[c] += w * f.r.projection->stock[c];
        for (size_t k = 0; k < H; k++)
            for (size_t x = 0; x < n * n; x++)
                flow[k * n * n + x] += w * ts_projection_flow(
                    f.r.projection, f.r.timeline, k, x / n, x % n);
        claim += w * f.r.exact->claim_p[0];
        moved += w * f.r.exact->p_moved[0];
        ts_fixture_unload(&f);
    }
    /* the same sums in another order: round-off only */
    for (size_t c = 0; c < (H + 1) * n; c++)
        assert_rel(mix.r.projection->stock[c], stock[c], 1e-12);
    for (size_t k = 0; k < H; k++)
        for (size_t x = 0; x < n * n; x++)
            if (x / n != x % n)
                assert_rel(ts_projection_flow(mix.r.projection,
                                              mix.r.timeline, k, x / n,
                                              x % n),
                           flow[k * n * n + x], 1e-12);
    assert_rel(mix.r.exact->claim_p[0], claim, 1e-12);
    assert_rel(mix.r.exact->p_moved[0], moved, 1e-12);
    /* and the shock matters: it is not the projection without it */
    assert_true(fabs(stock[24 * n] - none.r.projection->stock[24 * n]) > 10);
    free(stock);
    free(flow);
    ts_fixture_unload(&mix);
    ts_fixture_unload(&none);
}

/* A chance of 1e-6 a year moves the projection by about that share of
 * what the shock does when it starts surely: first order in the total
 * chance of starting, 6 q (a later start moves step 24 somewhat more than
 * the first step's, hence the order, not the number). */
static void tiny_chance_to_its_order(void **state)
{
    (void)state;
    char y[2048];
    ts_fixture tiny, one, none;
    ts_fixture_load(&tiny, shock_yaml("0.000001", "0", y, sizeof y), 1);
    ts_fixture_load(&one, shock_yaml("1", "0", y, sizeof y), 1);
    ts_fixture_load(&none, HEAD("0") BASE, 1);
    size_t n = 3;
    double effect = one.r.projection->stock[24 * n] -
                    none.r.projection->stock[24 * n];
    double moved = tiny.r.projection->stock[24 * n] -
                   none.r.projection->stock[24 * n];
    double order = 6 * (1 - pow(1 - 1e-6, 1.0 / 12)) * fabs(effect);
    assert_true(moved * effect > 0);
    assert_true(fabs(moved) >= 0.3 * order && fabs(moved) <= 3 * order);
    ts_fixture_unload(&tiny);
    ts_fixture_unload(&one);
    ts_fixture_unload(&none);
}

/* 20,000 runs: the mean of a's stock at every step within K_SIGMA
 * standard errors of the projection, and the claim's frequency within
 * K_SIGMA standard errors of its exact probability. */
static void monte_carlo_agrees(void **state)
{
    (void)state;
    char y[2048];
    ts_fixture f;
    ts_fixture_load(&f, shock_yaml("0.4", "20000", y, sizeof y), 2);
    size_t n = 3, runs = 20000;
    for (size_t k = 0; k <= 24; k++)
        for (size_t j = 0; j < 2; j++) {
            double sum = 0, sq = 0;
            for (size_t r = 0; r < runs; r++) {
                double v = ts_mc_stock(f.r.mc, r, k, j);
                sum += v;
                sq += v * v;
            }
            double mean = sum / (double)runs;
            double se = sqrt((sq / (double)runs - mean * mean) /
                             (double)runs);
            double want = f.r.projection->stock[k * n + j];
            if (fabs(mean - want) > K_SIGMA * se + 1e-9)
                fail_msg("step %zu pool %zu: mean %.6g, projection %.6g, "
                         "se %.3g", k, j, mean, want, se);
        }
    double p, se;
    ts_exec_tally_claim(f.r.mc->exec, runs, 0, &p, &se);
    double exact = f.r.exact->claim_p[0];
    assert_true(fabs(p - exact) <=
                K_SIGMA * sqrt(exact * (1 - exact) / (double)runs));
    ts_fixture_unload(&f);
}

/* One leader from a, moving with hazard -ln(0.7) a year, all to b, where
 * executives stay (exec_move 0): P(first move in step k) =
 * 0.7^(k/12) (1 - 0.7^(1/12)); 12 people follow over 4 steps, so the
 * transfer a -> b in step j is 3 * sum_{k=j-4}^{j-1} of those. The
 * projection's flow a -> b is n_a(j) P_ab(j) plus that. */
static void team_closed_form(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f,
                    HEAD("0")
                    "pools:\n"
                    "  - {id: a, headcount: 10000, retention: 0.9, "
                    "to: {b: 1}}\n"
                    "  - {id: b, headcount: 100, retention: 0.9, "
                    "exec_move: 0}\n"
                    "executives:\n"
                    "  - {name: L, pool: a, move: 0.3, to: {b: 1},\n"
                    "     team: {size: 12, over: 4}}\n",
                    1);
    size_t n = 3;
    double stay = pow(0.7, 1.0 / 12);
    for (size_t j = 0; j < 24; j++) {
        double want = 0;
        for (size_t k = j >= 4 ? j - 4 : 0; k < j; k++)
            want += 3 * pow(0.7, (double)k / 12) * (1 - stay);
        const ts_chain *c = ts_timeline_chain(f.r.timeline, j);
        double pools = f.r.projection->stock[j * n] *
                       gsl_matrix_get(c->P, 0, 1);
        double got = f.r.projection->flow[(j * n + 0) * n + 1] - pools;
        assert_rel(got, want, 1e-12);
    }
    ts_fixture_unload(&f);
}

/* Three leaders of a pool of six, each taking six: the projection
 * subtracts the expected 16-odd followers and goes below zero (it does
 * not cap); the Monte Carlo never moves more people than a holds: over
 * the horizon at most its six leave for b. */
static void followers_capped(void **state)
{
    (void)state;
    ts_fixture f;
    ts_fixture_load(&f,
                    HEAD("4000")
                    "pools:\n"
                    "  - {id: a, headcount: 6, retention: 0.999, "
                    "to: {b: 1}}\n"
                    "  - {id: b, headcount: 100, retention: 0.999}\n"
                    "executives:\n"
                    "  - {group: g, pool: a, count: 3, move: 0.9, "
                    "to: {b: 1},\n"
                    "     team: {size: 6, over: 1}}\n",
                    2);
    size_t n = 3;
    assert_true(f.r.projection->stock[24 * n] < -5);
    for (size_t r = 0; r < 4000; r++) {
        uint64_t left = 0;
        for (size_t k = 0; k <= 24; k++)
            assert_true(ts_mc_stock(f.r.mc, r, k, 0) <= 6);
        (void)left;
    }
    uint64_t moved = 0;
    for (size_t k = 0; k < 24; k++)
        moved += f.r.mc->flow_sum[k * n * n + 0 * n + 1];
    assert_true((double)moved / 4000.0 <= 6.0);
    assert_true((double)moved / 4000.0 > 5.0); /* most of them follow */
    ts_fixture_unload(&f);
}

/* The same bytes for one thread and three, with shocks and teams. */
static void threads_agree(void **state)
{
    (void)state;
    const char *yaml =
        HEAD("500")
        "pools:\n"
        "  - {id: a, headcount: 1000, inflow: 100, retention: 0.8, "
        "to: {b: 0.5}}\n"
        "  - {id: b, headcount: 500, retention: {range: [0.85, 0.95]}}\n"
        "executives:\n"
        "  - {group: g, pool: a, count: 4, team: {size: 5, over: 2}}\n"
        "shocks:\n"
        "  - {id: s, chance: 0.5, lasts: 6, set: {pools.a.retention: 0.5}}\n"
        "  - {id: t, chance: {range: [0.1, 0.3]}, window: [6, 18],\n"
        "     set: {pools.b.retention: 0.6}}\n"
        "predictions:\n"
        "  - {id: p, from: a, to: b, within: 24, at_least: 2}\n";
    ts_fixture one, three;
    ts_fixture_load(&one, yaml, 1);
    ts_fixture_load(&three, yaml, 3);
    size_t cells = 500 * 25 * 3;
    assert_memory_equal(one.r.mc->stock, three.r.mc->stock,
                        cells * sizeof(uint32_t));
    assert_memory_equal(one.r.mc->flow_sum, three.r.mc->flow_sum,
                        24 * 9 * sizeof(uint64_t));
    assert_int_equal(one.r.mc->exec->claim_hits[0],
                     three.r.mc->exec->claim_hits[0]);
    ts_fixture_unload(&one);
    ts_fixture_unload(&three);
}

/* The start probabilities sum to 1 and follow the geometric law; a
 * run's draws have the same frequencies (200,000 draws, K_SIGMA). */
static void start_law(void **state)
{
    (void)state;
    char y[2048];
    ts_scenario *sc = ts_fixture_scenario(shock_yaml("0.4", "0", y,
                                                     sizeof y));
    assert_non_null(sc);
    ts_shock_starts *s = ts_shock_starts_create(sc);
    double p[8], q = 1 - pow(0.6, 1.0 / 12), sum = 0;
    ts_shock_start_probs(s, 0, 0.4, p);
    for (size_t k = 0; k < 7; k++) {
        sum += p[k];
        assert_rel(p[k], k < 6 ? pow(1 - q, (double)k) * q
                                : pow(1 - q, 6), 1e-14);
    }
    assert_rel(sum, 1, 1e-14);
    size_t count[7] = {0}, draws = 200000, start;
    double chance = 0.4;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t r = 0; r < draws; r++) {
        ts_shock_draw_starts(s, &chance, 7, r, rng, &start);
        count[start == SIZE_MAX ? 6 : start - 2]++;
    }
    for (size_t k = 0; k < 7; k++) {
        double se = sqrt(p[k] * (1 - p[k]) / (double)draws);
        assert_true(fabs((double)count[k] / (double)draws - p[k]) <=
                    K_SIGMA * se);
    }
    gsl_rng_free(rng);
    ts_shock_starts_destroy(s);
    ts_scenario_destroy(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(certain_and_impossible),
        cmocka_unit_test(mixture_by_hand),
        cmocka_unit_test(tiny_chance_to_its_order),
        cmocka_unit_test(monte_carlo_agrees),
        cmocka_unit_test(team_closed_form),
        cmocka_unit_test(followers_capped),
        cmocka_unit_test(threads_agree),
        cmocka_unit_test(start_law),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
