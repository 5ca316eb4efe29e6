/* Discretisation of the continuous-time chain over one step. */
#ifndef TS_CHAIN_H
#define TS_CHAIN_H

#include <gsl/gsl_matrix.h>
#include <stddef.h>

#include "models/base/diag.h"
#include "sim/random/sampler.h"
#include "sim/engine/values.h"

typedef struct ts_chain {
    size_t n;        /* states: K pools + outside (last) */
    double dt;       /* years per step */
    gsl_matrix *Q;   /* generator, n x n */
    gsl_matrix *P;   /* expm(Q dt): P[i][j] = Pr(in j at step end | in i) */
    gsl_matrix *Phi; /* int_0^dt expm(Q s) ds: rows sum to dt */
    ts_splits *people; /* how the Monte Carlo draws P's pool rows */
} ts_chain;

/* Builds Q from v and computes P and Phi for step length dt (years).
 * Returns NULL on failure (out of memory or a failed exponential). */
ts_chain *ts_chain_create(const ts_values *v, double dt);
void ts_chain_destroy(ts_chain *c);

/* Q and P = expm(Q dt) alone (Phi and the people's splits NULL): for a
 * likelihood, which needs nothing else and is evaluated many times. */
ts_chain *ts_chain_create_p(const ts_values *v, double dt);

/* Fills Q (n x n, n = K+1) from retention and shares. */
void ts_chain_generator(const ts_values *v, gsl_matrix *Q);

#endif
