#include "sim/exec/count_tail.h"

#include <gsl/gsl_randist.h>
#include <string.h>

/* f (k+1 entries, f[k] = P(>= k)) convolved with Binomial(m, q). */
static void fold(double *f, double *tmp, size_t k, size_t m, double q)
{
    memset(tmp, 0, (k + 1) * sizeof *tmp);
    size_t top = m < k ? m : k;
    double below = 0; /* P(binomial < k), to put the rest in the bucket */
    for (size_t x = 0; x <= top; x++) {
        double b = x < k ? gsl_ran_binomial_pdf((unsigned)x, q, (unsigned)m)
                         : (below < 1 ? 1.0 - below : 0.0);
        if (x < k)
            below += b;
        if (b == 0)
            continue;
        for (size_t c = 0; c <= k; c++) {
            size_t to = c + x < k ? c + x : k;
            tmp[to] += f[c] * b;
        }
    }
    memcpy(f, tmp, (k + 1) * sizeof *f);
}

double ts_count_tail(const double *q, const size_t *mult, size_t n, size_t k,
                     double *work)
{
    if (k == 0)
        return 1.0;
    double *f = work, *tmp = work + k + 1;
    memset(f, 0, (k + 1) * sizeof *f);
    f[0] = 1.0;
    for (size_t i = 0; i < n; i++)
        if (q[i] > 0 && mult[i] > 0)
            fold(f, tmp, k, mult[i], q[i] < 1 ? q[i] : 1.0);
    return f[k] < 1 ? f[k] : 1.0;
}
