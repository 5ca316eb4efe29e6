/* One step of the talent chain.
 *
 * Pools 0..K-1 are transient states of a continuous-time Markov chain and
 * state K ("outside") is absorbing. With leaving hazard
 * lambda_i = -ln(retention_i) and destination shares s_ij,
 *
 *     Q_ij = lambda_i s_ij  (j != i),   Q_ii = -lambda_i,   Q_K. = 0.
 *
 * Over a step of dt years the transition matrix is P = expm(Q dt) and the
 * people entering at a constant rate a during the step end it at a Phi,
 * with Phi = int_0^dt expm(Q s) ds. Both come from one exponential of the
 * augmented matrix (Van Loan, "Computing integrals involving the matrix
 * exponential", IEEE TAC 23(3), 1978):
 *
 *     expm([[Q, I], [0, 0]] dt) = [[P, Phi], [0, I]].
 *
 * GSL's gsl_linalg_exponential_ss (scaling and squaring, Moler & Van Loan
 * 2003) computes it at double precision. */
#include "sim/engine/chain.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>

/* Round-off in the exponential can leave a reachable-but-tiny transition
 * slightly negative; anything beyond this is a numerical failure. */
#define TS_CHAIN_NEG_TOL 1e-12

void ts_chain_generator(const ts_values *v, gsl_matrix *Q)
{
    size_t K = v->K, n = K + 1;
    gsl_matrix_set_zero(Q);
    for (size_t i = 0; i < K; i++) {
        double lambda = -log(v->retention[i]);
        double out = 0;
        for (size_t j = 0; j < n; j++) {
            double q = lambda * v->share[i * n + j];
            if (j == i || q == 0)
                continue;
            gsl_matrix_set(Q, i, j, q);
            out += q;
        }
        /* The diagonal balances the row exactly, so rows of P sum to 1
         * to round-off even when shares sum to 1 within tolerance. */
        gsl_matrix_set(Q, i, i, -out);
    }
}

/* Sets tiny negative round-off to zero; false when an entry is clearly
 * negative (the exponential failed). */
static int clean_nonnegative(gsl_matrix *m)
{
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++) {
            double x = gsl_matrix_get(m, i, j);
            if (x < -TS_CHAIN_NEG_TOL || !isfinite(x))
                return 0;
            if (x < 0)
                gsl_matrix_set(m, i, j, 0);
        }
    return 1;
}

/* E = expm(A). gsl_linalg_exponential_ss allocates two matrices of A's
 * size and uses them without checking (GSL 2.7, linalg/exponential.c):
 * with memory short it would crash. Reserve that much first, so that an
 * allocation failure is our 0 and a clean error. */
static int expm_checked(const gsl_matrix *A, gsl_matrix *E)
{
    size_t scratch = 2 * A->size1 * A->size2 * sizeof(double);
    void *room = malloc(scratch);
    if (!room)
        return 0;
    ((volatile char *)room)[scratch - 1] = 0; /* not optimised away */
    free(room);
    return gsl_linalg_exponential_ss(A, E, GSL_PREC_DOUBLE) == GSL_SUCCESS;
}

static int exponentiate(ts_chain *c)
{
    size_t n = c->n;
    gsl_matrix *A = gsl_matrix_calloc(2 * n, 2 * n);
    gsl_matrix *E = gsl_matrix_alloc(2 * n, 2 * n);
    int ok = 0;
    if (!A || !E)
        goto done;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(A, i, j, gsl_matrix_get(c->Q, i, j) * c->dt);
        gsl_matrix_set(A, i, n + i, c->dt);
    }
    if (!expm_checked(A, E))
        goto done;
    gsl_matrix_const_view p = gsl_matrix_const_submatrix(E, 0, 0, n, n);
    gsl_matrix_const_view f = gsl_matrix_const_submatrix(E, 0, n, n, n);
    gsl_matrix_memcpy(c->P, &p.matrix);
    gsl_matrix_memcpy(c->Phi, &f.matrix);
    ok = clean_nonnegative(c->P) && clean_nonnegative(c->Phi);
done:
    gsl_matrix_free(A);
    gsl_matrix_free(E);
    return ok;
}

/* A chain with Q made from v, P (and Phi when asked for) allocated;
 * NULL when out of memory. */
static ts_chain *chain_alloc(const ts_values *v, double dt, bool phi)
{
    ts_chain *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n = v->K + 1;
    c->dt = dt;
    c->Q = gsl_matrix_alloc(c->n, c->n);
    c->P = gsl_matrix_alloc(c->n, c->n);
    c->Phi = phi ? gsl_matrix_alloc(c->n, c->n) : NULL;
    if (!c->Q || !c->P || (phi && !c->Phi)) {
        ts_chain_destroy(c);
        return NULL;
    }
    ts_chain_generator(v, c->Q);
    return c;
}

ts_chain *ts_chain_create(const ts_values *v, double dt)
{
    ts_chain *c = chain_alloc(v, dt, true);
    if (c && exponentiate(c) &&
        (c->people = ts_splits_create(c->P->data, c->P->tda, v->K, c->n)))
        return c;
    ts_chain_destroy(c);
    return NULL;
}

ts_chain *ts_chain_create_p(const ts_values *v, double dt)
{
    ts_chain *c = chain_alloc(v, dt, false);
    gsl_matrix *A = c ? gsl_matrix_alloc(c->n, c->n) : NULL;
    bool ok = A != NULL;
    if (ok) {
        gsl_matrix_memcpy(A, c->Q);
        gsl_matrix_scale(A, dt);
        ok = expm_checked(A, c->P) && clean_nonnegative(c->P);
    }
    gsl_matrix_free(A);
    if (!ok) {
        ts_chain_destroy(c);
        return NULL;
    }
    return c;
}

void ts_chain_destroy(ts_chain *c)
{
    if (!c)
        return;
    gsl_matrix_free(c->Q);
    gsl_matrix_free(c->P);
    gsl_matrix_free(c->Phi);
    ts_splits_destroy(c->people);
    free(c);
}
