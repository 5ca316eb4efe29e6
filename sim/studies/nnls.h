/* The planning command's solver: non-negative least squares. */
#ifndef TS_NNLS_H
#define TS_NNLS_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <stdbool.h>

/* Non-negative least squares (Lawson and Hanson, "Solving Least Squares
 * Problems", 1974, ch. 23): x >= 0 minimising |A x - b|. A is m x n with
 * m >= n. False when out of memory or it does not settle. */
bool ts_nnls(const gsl_matrix *A, const gsl_vector *b, gsl_vector *x);

#endif
