/* The Monte Carlo's samplers against their exact distributions.
 *
 * Each case draws N = 200,000 variates with a fixed seed and compares
 * the counts with GSL's probability functions by Pearson's chi-square
 * (cells with an expected count of at least 5, the tails pooled into
 * the end cells). A correct sampler gives a p-value above 1e-6 except
 * once in a million seeds; the power check shows the same test rejects
 * a binomial whose p is 2% off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include <cmocka.h>

#include "sim/random/rng.h"
#include "sim/random/sampler.h"

#define DRAWS 200000
#define MIN_P_VALUE 1e-6
#define MIN_EXPECTED 5.0

typedef double (*pmf_fn)(unsigned x, const double *par);

static double binomial_pmf(unsigned x, const double *par)
{
    return gsl_ran_binomial_pdf(x, par[1], (unsigned)par[0]);
}

static double poisson_pmf(unsigned x, const double *par)
{
    return gsl_ran_poisson_pdf(x, par[0]);
}

/* Pearson's p-value of the counts hist[0..top] against pmf, where top
 * collects every draw from top up. Values are merged into cells from
 * the left until a cell expects MIN_EXPECTED and so does what is left
 * beyond it; the last cell takes the whole upper tail. */
static double chi_square_p(const unsigned *hist, size_t top, pmf_fn pmf,
                           const double *par)
{
    double stat = 0, below = 0, e = 0, o = 0;
    size_t cells = 0;
    for (size_t x = 0; x <= top; x++) {
        double p = x < top ? pmf((unsigned)x, par) : 1 - below;
        p = p > 0 ? p : 0;
        below += p;
        e += DRAWS * p;
        o += hist[x];
        if (x == top ||
            (e >= MIN_EXPECTED && DRAWS * (1 - below) >= MIN_EXPECTED)) {
            stat += (o - e) * (o - e) / e;
            cells++;
            e = o = 0;
        }
    }
    assert_true(cells >= 2);
    return gsl_cdf_chisq_Q(stat, (double)(cells - 1));
}

typedef unsigned (*draw_fn)(const ts_sampler *sp, const double *par);

static unsigned draw_binomial(const ts_sampler *sp, const double *par)
{
    return ts_sample_binomial(sp, (unsigned)par[0], par[1]);
}

static unsigned draw_poisson(const ts_sampler *sp, const double *par)
{
    return ts_sample_poisson(sp, par[0]);
}

/* Every case runs twice: with a log(k!) table (as the Monte Carlo) and
 * without (Stirling's series). */
static size_t table_size;

/* The p-value of DRAWS variates of draw(par) against pmf(par_pmf). */
static double fit_p_value(draw_fn draw, const double *par, pmf_fn pmf,
                          const double *par_pmf, double mean, double sd)
{
    size_t top = (size_t)(mean + 12 * sd + 20);
    unsigned *hist = calloc(top + 1, sizeof *hist);
    gsl_rng *rng = ts_rng_alloc();
    ts_rng_seed_stream(rng, 2024, 7);
    double *table = table_size ? ts_log_factorial_table(table_size) : NULL;
    ts_sampler sp = {rng, table, table_size};
    for (size_t i = 0; i < DRAWS; i++) {
        unsigned x = draw(&sp, par);
        hist[x < top ? x : top]++;
    }
    double p = chi_square_p(hist, top, pmf, par_pmf);
    gsl_rng_free(rng);
    free(table);
    free(hist);
    return p;
}

static double binomial_fit(unsigned n, double p, double p_pmf)
{
    double par[2] = {n, p}, par_pmf[2] = {n, p_pmf};
    double mean = n * p, sd = sqrt(n * p * (1 - p));
    return fit_p_value(draw_binomial, par, binomial_pmf, par_pmf, mean, sd);
}

static void test_binomial_matches_its_distribution(void **state)
{
    (void)state;
    /* inversion (mean < 10), BTRS (mean >= 10), each also with p > 1/2
     * (drawn as n minus a binomial with 1 - p), and rare moves */
    static const double cases[][2] = {
        {1, 0.5},      {7, 0.2},     {40, 0.2},    {12, 0.93},
        {50, 0.2},     {51, 0.2},    {490, 0.35},  {300, 0.5},
        {35000, 0.986}, {200, 0.9},  {1000000, 3e-6}, {60000, 0.0007}};
    for (size_t c = 0; c < 2 * sizeof cases / sizeof *cases; c++) {
        const double *k = cases[c / 2];
        table_size = c % 2 ? 100000 : 0;
        double p = binomial_fit((unsigned)k[0], k[1], k[1]);
        if (p < MIN_P_VALUE)
            fail_msg("Binomial(%g, %g), table %zu: chi-square p-value %g",
                     k[0], k[1], table_size, p);
    }
}

static void test_chi_square_rejects_a_wrong_p(void **state)
{
    (void)state;
    /* draws with p 2% above what the test is told: each path must be
     * caught, or the test above proves nothing */
    table_size = 0;
    assert_true(binomial_fit(490, 0.35 * 1.02, 0.35) < MIN_P_VALUE);
    assert_true(binomial_fit(35000, 0.986, 0.9863) < MIN_P_VALUE);
    assert_true(binomial_fit(40, 0.2 * 1.05, 0.2) < MIN_P_VALUE);
}

static void test_poisson_matches_its_distribution(void **state)
{
    (void)state;
    static const double means[] = {0.05, 1, 3, 9.99, 10, 37.5, 2333};
    for (size_t c = 0; c < 2 * sizeof means / sizeof *means; c++) {
        double par[1] = {means[c / 2]};
        table_size = c % 2 ? 100000 : 0;
        double p = fit_p_value(draw_poisson, par, poisson_pmf, par, par[0],
                               sqrt(par[0]));
        if (p < MIN_P_VALUE)
            fail_msg("Poisson(%g), table %zu: chi-square p-value %g", par[0],
                     table_size, p);
    }
}

static void test_edge_cases_are_exact(void **state)
{
    (void)state;
    gsl_rng *rng = ts_rng_alloc();
    ts_rng_seed_stream(rng, 1, 1);
    ts_sampler sp = {rng, NULL, 0};
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(ts_sample_binomial(&sp, 0, 0.3), 0);
        assert_int_equal(ts_sample_binomial(&sp, 17, 0), 0);
        assert_int_equal(ts_sample_binomial(&sp, 17, 1), 17);
        assert_int_equal(ts_sample_poisson(&sp, 0), 0);
        assert_true(ts_sample_binomial(&sp, 5, 0.5) <= 5);
    }
    gsl_rng_free(rng);
}

static void test_log_factorial_matches_lgamma(void **state)
{
    (void)state;
    double *table = ts_log_factorial_table(300);
    for (double k = 0; k < 300; k++) {
        assert_true(fabs(ts_log_factorial(k) - lgamma(k + 1)) < 1e-10);
        assert_true(table[(size_t)k] == lgamma(k + 1));
    }
    free(table);
    static const double big[] = {1e3, 12345, 1e6, 2e9};
    for (size_t i = 0; i < sizeof big / sizeof *big; i++)
        assert_true(fabs(ts_log_factorial(big[i]) - lgamma(big[i] + 1)) <
                    1e-10 * lgamma(big[i] + 1));
}

/* A row with a zero, a dominant column, four main ones and two rare
 * ones (below 1% of the 0.05 of leaving), as P's rows are. */
static const double row[8] = {0.0205, 0, 0.95, 0.015, 0.01, 0.004, 0.0004,
                              0.0001};

/* Splits of m people, `splits` times: each column's mean and variance
 * are Binomial(m, p_j)'s and pairs covary as a multinomial's. */
static void check_split_marginals(unsigned m, int splits)
{
    ts_splits *s = ts_splits_create(row, 8, 1, 8);
    assert_non_null(s);
    assert_int_equal(s->zero, 1);
    /* the likeliest, the lump, four main ones from the least up, and the
     * two rare ones likeliest first */
    static const uint32_t plan[8] = {2, TS_SPLIT_LUMP, 5, 4, 3, 0, 6, 7};
    assert_int_equal(s->count[0], 8);
    assert_int_equal(s->rare[0], 6);
    assert_memory_equal(s->column, plan, sizeof plan);
    double sum[8] = {0}, sq[8] = {0}, cross[2] = {0};
    uint32_t col[8];
    unsigned cnt[8];
    gsl_rng *rng = ts_rng_alloc();
    ts_rng_seed_stream(rng, 5, 0);
    ts_sampler sp = {rng, NULL, 0};
    for (int r = 0; r < splits; r++) {
        size_t got = ts_splits_draw(s, 0, &sp, m, col, cnt);
        unsigned total = 0, seen[8] = {0}, got_of[8] = {0};
        for (size_t c = 0; c < got; c++) {
            assert_true(cnt[c] > 0);
            assert_int_not_equal(col[c], 1); /* probability 0 */
            assert_int_equal(seen[col[c]]++, 0);
            total += cnt[c];
            sum[col[c]] += cnt[c];
            sq[col[c]] += (double)cnt[c] * cnt[c];
            got_of[col[c]] = cnt[c];
        }
        cross[0] += (double)got_of[6] * got_of[7]; /* two rare ones */
        cross[1] += (double)got_of[3] * got_of[6]; /* main and rare */
        assert_int_equal(total, m); /* nobody lost or made */
    }
    /* each column is Binomial(m, p_j): mean within 5 standard errors,
     * variance within 5 of its standard errors (normal approximation of
     * the sample variance: se = var sqrt(2 / splits)) */
    for (size_t j = 0; j < 8; j++) {
        double mean = sum[j] / splits, var = sq[j] / splits - mean * mean;
        double mu = m * row[j], v = m * row[j] * (1 - row[j]);
        if (row[j] == 0) {
            assert_true(sum[j] == 0);
            continue;
        }
        assert_true(fabs(mean - mu) < 5 * sqrt(v / splits));
        assert_true(fabs(var - v) < 5 * v * sqrt(2.0 / splits) + 1e-9);
    }
    /* and they are dependent as a multinomial's: cov = -m p_i p_j (the
     * sample covariance's se is about sd_i sd_j / sqrt(splits)) */
    static const size_t pair[2][2] = {{6, 7}, {3, 6}};
    for (size_t k = 0; k < 2; k++) {
        size_t i = pair[k][0], j = pair[k][1];
        double cov = cross[k] / splits - sum[i] / splits * sum[j] / splits;
        double se = sqrt(m * row[i] * m * row[j] / splits);
        assert_true(fabs(cov + m * row[i] * row[j]) < 5 * se);
    }
    gsl_rng_free(rng);
    ts_splits_destroy(s);
}

static void test_split_marginals_are_binomial(void **state)
{
    (void)state;
    /* The lump (rows 6 and 7: 0.0005 of M) holds 1.5 people on average
     * for M = 3000, split person by person; 50 for M = 100000, split by
     * binomials (TS_PEOPLE_ONE_BY_ONE per rare column at most one by
     * one): both ways must give the multinomial. */
    assert_true(3000 * 0.0005 < TS_PEOPLE_ONE_BY_ONE);
    assert_true(100000 * 0.0005 > 5 * 2 * TS_PEOPLE_ONE_BY_ONE);
    check_split_marginals(3000, 20000);
    check_split_marginals(100000, 20000);
}

static void test_splits_depend_on_ratios_only(void **state)
{
    (void)state;
    /* Phi's rows sum to dt, not 1: the same seed must split alike */
    double scaled[8];
    for (size_t j = 0; j < 8; j++)
        scaled[j] = row[j] / 12;
    ts_splits *a = ts_splits_create(row, 8, 1, 8);
    ts_splits *b = ts_splits_create(scaled, 8, 1, 8);
    gsl_rng *ra = ts_rng_alloc(), *rb = ts_rng_alloc();
    ts_rng_seed_stream(ra, 9, 3);
    ts_rng_seed_stream(rb, 9, 3);
    ts_sampler sa = {ra, NULL, 0}, sb = {rb, NULL, 0};
    uint32_t ca[8], cb[8];
    unsigned na[8], nb[8];
    for (int r = 0; r < 1000; r++) {
        size_t ga = ts_splits_draw(a, 0, &sa, 777, ca, na);
        size_t gb = ts_splits_draw(b, 0, &sb, 777, cb, nb);
        assert_int_equal(ga, gb);
        assert_memory_equal(ca, cb, ga * sizeof *ca);
        assert_memory_equal(na, nb, ga * sizeof *na);
    }
    gsl_rng_free(ra);
    gsl_rng_free(rb);
    ts_splits_destroy(a);
    ts_splits_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binomial_matches_its_distribution),
        cmocka_unit_test(test_chi_square_rejects_a_wrong_p),
        cmocka_unit_test(test_poisson_matches_its_distribution),
        cmocka_unit_test(test_edge_cases_are_exact),
        cmocka_unit_test(test_log_factorial_matches_lgamma),
        cmocka_unit_test(test_split_marginals_are_binomial),
        cmocka_unit_test(test_splits_depend_on_ratios_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
