/* The assertions of the executives' tests: a number within a stated
 * tolerance, and a Monte Carlo frequency within K_SIGMA standard errors
 * of an exact probability. Include <cmocka.h> first and define K_SIGMA
 * (each test file states its own, with why). */
#ifndef TS_TEST_CLAIM_ASSERTS_H
#define TS_TEST_CLAIM_ASSERTS_H

#include <math.h>
#include <stdint.h>

static inline void assert_near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.15g, want %.15g (tolerance %.3g)", got, want, tol);
}

/* A Monte Carlo frequency of `hits` in `trials` against p. */
static inline void assert_within_se(uint64_t hits, uint64_t trials, double p)
{
    double est = (double)hits / (double)trials;
    double se = sqrt(p * (1 - p) / (double)trials);
    if (fabs(est - p) > K_SIGMA * se + 1e-12)
        fail_msg("Monte Carlo %.5f vs exact %.5f: %.1f standard errors",
                 est, p, fabs(est - p) / se);
}

#endif
