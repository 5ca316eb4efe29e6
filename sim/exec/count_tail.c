#include "sim/exec/count_tail.h"

#include <gsl/gsl_randist.h>
#include <string.h>

/* f (k+1 entries, f[k] = P(>= k)), nonzero only in [*lo, *hi], convolved
 * with Binomial(m, q). Only the nonzero entries of f and of the
 * binomial are visited (adding a zero changes no sum, so the result is
 * the same to the bit): a group of 100,000 has a few thousand binomial
 * probabilities that do not underflow, not 100,000. */
static void fold(double *f, double *tmp, size_t k, size_t m, double q,
                 size_t *lo, size_t *hi)
{
    memset(tmp, 0, (k + 1) * sizeof *tmp);
    size_t top = m < k ? m : k, new_lo = k, new_hi = 0;
    double below = 0; /* P(binomial < k), to put the rest in the bucket */
    for (size_t x = 0; x <= top; x++) {
        double b = x < k ? gsl_ran_binomial_pdf((unsigned)x, q, (unsigned)m)
                         : (below < 1 ? 1.0 - below : 0.0);
        if (x < k)
            below += b;
        if (b == 0)
            continue;
        for (size_t c = *lo; c <= *hi; c++) {
            size_t to = c + x < k ? c + x : k;
            tmp[to] += f[c] * b;
            if (f[c] != 0) {
                new_lo = to < new_lo ? to : new_lo;
                new_hi = to > new_hi ? to : new_hi;
            }
        }
    }
    memcpy(f, tmp, (k + 1) * sizeof *f);
    if (new_lo <= new_hi) {
        *lo = new_lo;
        *hi = new_hi;
    }
}

double ts_count_tail(const double *q, const size_t *mult, size_t n, size_t k,
                     double *work)
{
    if (k == 0)
        return 1.0;
    double *f = work, *tmp = work + k + 1;
    size_t lo = 0, hi = 0;
    memset(f, 0, (k + 1) * sizeof *f);
    f[0] = 1.0;
    for (size_t i = 0; i < n; i++)
        if (q[i] > 0 && mult[i] > 0)
            fold(f, tmp, k, mult[i], q[i] < 1 ? q[i] : 1.0, &lo, &hi);
    return f[k] < 1 ? f[k] : 1.0;
}
