/* A relative comparison for numeric tests (include <cmocka.h> first):
 * got within tol * max(1, |want|) of want, or the test fails with both
 * numbers. */
#ifndef TS_TEST_ASSERT_REL_H
#define TS_TEST_ASSERT_REL_H

#include <math.h>

static inline void assert_rel(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol * fmax(1, fabs(want))))
        fail_msg("got %.15g, want %.15g (relative tolerance %.3g)", got,
                 want, tol);
}

#endif
