#include "sim/studies/workforce_plan.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/limits.h"
#include "sim/mc/results.h"
#include "sim/studies/nnls.h"

/* A target counts as reached when the plan's headcount is within this
 * share of it: least squares with non-negative inflows meets reachable
 * targets to round-off, and misses unreachable ones by far more. */
#define PLAN_REACHED_TOL 1e-6

/* Stocks at step `at` (K + 1) from headcount n0 (K) and a constant
 * inflow per year a (K), over the timeline's step matrices. */
static bool stocks_with_inflow(const ts_timeline *t, size_t at,
                               const double *n0, const double *a,
                               double *out)
{
    size_t K = t->K, n = K + 1;
    double *now = calloc(n, sizeof *now), *next = calloc(n, sizeof *next);
    if (!now || !next) {
        free(now);
        free(next);
        return false;
    }
    memcpy(now, n0, K * sizeof *now);
    for (size_t k = 0; k < at; k++) {
        const ts_chain *c = ts_timeline_chain(t, k);
        for (size_t j = 0; j < n; j++) {
            double v = 0;
            for (size_t i = 0; i < n; i++)
                v += now[i] * gsl_matrix_get(c->P, i, j);
            for (size_t i = 0; i < K; i++)
                v += a[i] * gsl_matrix_get(c->Phi, i, j);
            next[j] = v;
        }
        memcpy(now, next, n * sizeof *now);
    }
    memcpy(out, now, n * sizeof *out);
    free(now);
    free(next);
    return true;
}

static size_t targeted(size_t K, const double *target, size_t *idx)
{
    size_t m = 0;
    for (size_t i = 0; i < K; i++)
        if (!isnan(target[i]))
            idx[m++] = i;
    return m;
}

/* Solves for the targeted pools' inflows; the other pools keep theirs. */
static bool solve_plan(const ts_results *r, ts_workforce_plan *c)
{
    size_t K = c->K, n = K + 1, *idx = calloc(K, sizeof *idx);
    double *base = calloc(n, sizeof *base), *col = calloc(n, sizeof *col);
    double *a = calloc(K, sizeof *a), *zero = calloc(K, sizeof *zero);
    size_t m = idx ? targeted(c->K, c->target, idx) : 0;
    gsl_matrix *A = m ? gsl_matrix_alloc(m, m) : NULL;
    gsl_vector *b = m ? gsl_vector_alloc(m) : NULL,
               *x = m ? gsl_vector_alloc(m) : NULL;
    bool ok = idx && base && col && a && zero && A && b && x;
    for (size_t i = 0; ok && i < K; i++)
        a[i] = isnan(c->target[i]) ? c->current[i] : 0;
    ok = ok && stocks_with_inflow(r->timeline, c->at, r->values->headcount, a,
                                  base);
    for (size_t k = 0; ok && k < m; k++) {
        memset(a, 0, K * sizeof *a);
        a[idx[k]] = 1;
        ok = stocks_with_inflow(r->timeline, c->at, zero, a, col);
        for (size_t row = 0; ok && row < m; row++)
            gsl_matrix_set(A, row, k, col[idx[row]]);
    }
    for (size_t row = 0; ok && row < m; row++)
        gsl_vector_set(b, row, c->target[idx[row]] - base[idx[row]]);
    ok = ok && ts_nnls(A, b, x);
    c->exact = ok;
    for (size_t i = 0; ok && i < K; i++) {
        c->planned[i] = c->current[i];
        c->reached[i] = base[i];
    }
    for (size_t k = 0; ok && k < m; k++) {
        c->planned[idx[k]] = gsl_vector_get(x, k);
        for (size_t row = 0; row < m; row++)
            c->reached[idx[row]] += gsl_matrix_get(A, row, k) *
                                    gsl_vector_get(x, k);
    }
    for (size_t k = 0; ok && k < m; k++) {
        double want = c->target[idx[k]];
        c->exact &= fabs(c->reached[idx[k]] - want) <=
                    PLAN_REACHED_TOL * fmax(1, want);
    }
    free(idx);
    free(base);
    free(col);
    free(a);
    free(zero);
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_vector_free(x);
    return ok;
}

/* With the plan's inflows held, the steady state and, per pool, the
 * years until its projection stays within 5% of it. */
static bool settle(const ts_scenario *sc, const ts_results *r,
                   ts_workforce_plan *c)
{
    size_t K = sc->n_pools;
    ts_values *v = ts_values_create(K);
    if (!v)
        return false;
    ts_values_from_scenario(sc, v);
    memcpy(v->inflow, c->planned, K * sizeof *v->inflow);
    memset(v->growth, 0, K * sizeof *v->growth);
    ts_steady *s = ts_steady_create(sc, v);
    ts_values_destroy(v);
    if (!s)
        return false;
    const ts_chain *ch = r->timeline->chains[0];
    double *now = calloc(K + 1, sizeof *now), *next = calloc(K + 1,
                                                              sizeof *next);
    size_t steps = (size_t)(1000 / ts_scenario_dt(sc));
    for (size_t i = 0; i < K; i++) {
        c->steady[i] = s->exists ? s->headcount[i] : NAN;
        c->settle[i] = s->exists ? 0 : NAN;
    }
    memcpy(now, r->values->headcount, K * sizeof *now);
    for (size_t k = 0; now && next && s->exists && k < steps; k++) {
        for (size_t i = 0; i < K; i++)
            if (fabs(now[i] - c->steady[i]) > 0.05 * c->steady[i])
                c->settle[i] = (double)(k + 1) * ts_scenario_dt(sc);
        for (size_t j = 0; j <= K; j++) {
            double val = 0;
            for (size_t i = 0; i <= K; i++)
                val += now[i] * gsl_matrix_get(ch->P, i, j);
            for (size_t i = 0; i < K; i++)
                val += c->planned[i] * gsl_matrix_get(ch->Phi, i, j);
            next[j] = val;
        }
        memcpy(now, next, (K + 1) * sizeof *now);
    }
    free(now);
    free(next);
    ts_steady_destroy(s);
    return true;
}

/* The targets by pool, NaN for a pool without one. */
static void plan_targets(const ts_scenario *sc, ts_workforce_plan *c)
{
    for (size_t i = 0; i < sc->n_pools; i++)
        c->target[i] = NAN;
    for (size_t t = 0; t < sc->n_targets; t++)
        c->target[ts_scenario_pool_index(sc, sc->target_ids[t])] =
            sc->targets[t].value;
}

ts_workforce_plan *ts_workforce_plan_create(const ts_scenario *sc,
                                            const ts_results *r, size_t at,
                                            ts_diags *d)
{
    size_t K = sc->n_pools;
    ts_workforce_plan *c = calloc(1, sizeof *c);
    double *buf = c ? calloc(6 * K + 1, sizeof *buf) : NULL;
    if (buf) {
        *c = (ts_workforce_plan){K, at, buf, buf + K, buf + 2 * K,
                                 buf + 3 * K, buf + 4 * K, buf + 5 * K,
                                 false};
        plan_targets(sc, c);
        memcpy(c->current, r->values->inflow, K * sizeof *c->current);
    }
    if (!buf || !solve_plan(r, c) || !settle(sc, r, c)) {
        ts_diag_runtime(d, "out of memory or a failed solve while "
                    "planning");
        free(buf);
        free(c);
        return NULL;
    }
    return c;
}

void ts_workforce_plan_destroy(ts_workforce_plan *p)
{
    if (!p)
        return;
    free(p->current);
    free(p);
}
