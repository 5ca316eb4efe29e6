#include "sim/studies/nnls.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* z = argmin |A_P z - b| over the passive columns, 0 elsewhere. */
static bool solve_passive(const gsl_matrix *A, const gsl_vector *b,
                          const bool *passive, gsl_vector *z)
{
    size_t m = A->size1, n = A->size2, k = 0;
    gsl_vector_set_zero(z);
    for (size_t j = 0; j < n; j++)
        k += passive[j];
    if (k == 0)
        return true;
    gsl_matrix *Ap = gsl_matrix_alloc(m, k);
    gsl_vector *tau = gsl_vector_alloc(k), *zp = gsl_vector_alloc(k),
               *res = gsl_vector_alloc(m);
    bool ok = Ap && tau && zp && res;
    for (size_t j = 0, c = 0; ok && j < n; j++)
        if (passive[j]) {
            gsl_vector_const_view col = gsl_matrix_const_column(A, j);
            gsl_matrix_set_col(Ap, c++, &col.vector);
        }
    ok = ok && gsl_linalg_QR_decomp(Ap, tau) == 0 &&
         gsl_linalg_QR_lssolve(Ap, tau, b, zp, res) == 0;
    for (size_t j = 0, c = 0; ok && j < n; j++)
        if (passive[j])
            gsl_vector_set(z, j, gsl_vector_get(zp, c++));
    gsl_matrix_free(Ap);
    gsl_vector_free(tau);
    gsl_vector_free(zp);
    gsl_vector_free(res);
    return ok;
}

/* w = A^T (b - A x): the gradient, positive where x_j should grow. */
static void gradient(const gsl_matrix *A, const gsl_vector *b,
                     const gsl_vector *x, gsl_vector *r, gsl_vector *w)
{
    gsl_vector_memcpy(r, b);
    gsl_blas_dgemv(CblasNoTrans, -1, A, x, 1, r);
    gsl_blas_dgemv(CblasTrans, 1, A, r, 0, w);
}

/* Step from x towards z until the first passive x_j reaches 0. */
static void step_back(gsl_vector *x, const gsl_vector *z, bool *passive,
                      double tol)
{
    double alpha = 1;
    for (size_t j = 0; j < x->size; j++)
        if (passive[j] && gsl_vector_get(z, j) <= tol) {
            double xj = gsl_vector_get(x, j);
            alpha = fmin(alpha, xj / (xj - gsl_vector_get(z, j)));
        }
    for (size_t j = 0; j < x->size; j++) {
        double xj = gsl_vector_get(x, j);
        gsl_vector_set(x, j, xj + alpha * (gsl_vector_get(z, j) - xj));
        if (passive[j] && gsl_vector_get(x, j) <= tol)
            passive[j] = false;
    }
}

static bool any_nonpositive(const gsl_vector *z, const bool *passive,
                            double tol)
{
    for (size_t j = 0; j < z->size; j++)
        if (passive[j] && gsl_vector_get(z, j) <= tol)
            return true;
    return false;
}

bool ts_nnls(const gsl_matrix *A, const gsl_vector *b, gsl_vector *x)
{
    size_t n = A->size2;
    bool *passive = calloc(n, sizeof *passive);
    gsl_vector *w = gsl_vector_alloc(n), *z = gsl_vector_alloc(n),
               *r = gsl_vector_alloc(A->size1);
    bool ok = passive && w && z && r;
    double tol = 1e-10 * (gsl_blas_dnrm2(b) + 1);
    gsl_vector_set_zero(x);
    for (size_t iter = 0; ok && iter < 30 * n + 30; iter++) {
        gradient(A, b, x, r, w);
        size_t t = SIZE_MAX;
        for (size_t j = 0; j < n; j++)
            if (!passive[j] && gsl_vector_get(w, j) > tol &&
                (t == SIZE_MAX || gsl_vector_get(w, j) > gsl_vector_get(w, t)))
                t = j;
        if (t == SIZE_MAX)
            break;
        passive[t] = true;
        ok = solve_passive(A, b, passive, z);
        for (size_t inner = 0; ok && any_nonpositive(z, passive, 0) &&
                               inner < 3 * n + 3;
             inner++) {
            step_back(x, z, passive, 0);
            ok = solve_passive(A, b, passive, z);
        }
        if (ok)
            gsl_vector_memcpy(x, z);
    }
    free(passive);
    gsl_vector_free(w);
    gsl_vector_free(z);
    gsl_vector_free(r);
    return ok;
}
