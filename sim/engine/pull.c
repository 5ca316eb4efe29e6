#include "sim/engine/pull.h"

#include "models/base/limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Round-off can leave a tiny transition slightly negative; beyond this
 * the computation failed (as in sim/engine/chain.c). */
#define PULL_NEG_TOL 1e-12
/* The mean-field map has reached a fixed point when no pool changes by
 * more than this, relative to its size (or 1 person). */
#define PULL_FIXED_TOL 1e-12
/* Taylor terms stop below this share of the sum (round-off). */
#define PULL_TAYLOR_TOL 1e-17
#define PULL_TAYLOR_MAX 40

ts_pull_work *ts_pull_work_create(size_t K)
{
    ts_pull_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t n = K + 1;
    w->n = n;
    w->w = malloc(n * sizeof *w->w);
    w->Q = malloc(n * n * sizeof *w->Q);
    w->P = malloc(n * n * sizeof *w->P);
    w->Phi = malloc(n * n * sizeof *w->Phi);
    w->term = malloc(n * n * sizeof *w->term);
    w->tmp = malloc(n * n * sizeof *w->tmp);
    if (!w->w || !w->Q || !w->P || !w->Phi || !w->term || !w->tmp) {
        ts_pull_work_destroy(w);
        return NULL;
    }
    return w;
}

void ts_pull_work_destroy(ts_pull_work *w)
{
    if (!w)
        return;
    free(w->w);
    free(w->Q);
    free(w->P);
    free(w->Phi);
    free(w->term);
    free(w->tmp);
    free(w);
}

bool ts_pull_any(const ts_values *v)
{
    for (size_t i = 0; i < v->K; i++)
        if (v->pull[i] != 0)
            return true;
    return false;
}

void ts_pull_weights(ts_pull_work *w, const double *pull, const double *n0,
                     const double *now)
{
    size_t K = w->n - 1;
    for (size_t j = 0; j < K; j++) {
        if (pull[j] == 0)
            w->w[j] = 1;
        else
            w->w[j] = now[j] > 0 ? pow(now[j] / n0[j], pull[j]) : 0;
    }
    w->w[K] = 1;
}

/* Q' from the base generator: each pool row's off-diagonal entries
 * reweighted so that they still sum to lambda_i. */
static void reweight(ts_pull_work *w, const ts_chain *c)
{
    size_t n = w->n;
    for (size_t i = 0; i < n; i++) {
        const double *q = c->Q->data + i * c->Q->tda;
        double *out = w->Q + i * n;
        double lambda = -q[i], mass = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                mass += q[j] * w->w[j];
        for (size_t j = 0; j < n; j++)
            out[j] = j == i ? q[i]
                     : mass > 0 ? q[j] * w->w[j] * lambda / mass
                                : 0;
        if (!(mass > 0) && i + 1 < n)
            out[n - 1] = lambda; /* no destination left: outside */
    }
}

/* c = a b, n x n row-major. */
static void multiply(size_t n, const double *a, const double *b, double *c)
{
    memset(c, 0, n * n * sizeof *c);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            double x = a[i * n + k];
            if (x == 0)
                continue;
            const double *bk = b + k * n;
            double *ci = c + i * n;
            for (size_t j = 0; j < n; j++)
                ci[j] += x * bk[j];
        }
}

static double norm1(size_t n, const double *a)
{
    double best = 0;
    for (size_t j = 0; j < n; j++) {
        double col = 0;
        for (size_t i = 0; i < n; i++)
            col += fabs(a[i * n + j]);
        if (col > best)
            best = col;
    }
    return best;
}

/* E = expm(A) into w->P, F = int_0^1 expm(A s) ds into w->Phi, for A =
 * w->Q scaled by dt (A is overwritten). */
static bool exponentiate(ts_pull_work *w, double dt)
{
    size_t n = w->n, nn = n * n;
    double *A = w->Q, *E = w->P, *F = w->Phi, *term = w->term,
           *tmp = w->tmp;
    for (size_t x = 0; x < nn; x++)
        A[x] *= dt;
    int squarings = 0;
    double scale = 1, norm = norm1(n, A);
    while (norm * scale > 0.25 && squarings < 60) {
        scale /= 2;
        squarings++;
    }
    for (size_t x = 0; x < nn; x++)
        A[x] *= scale;
    memset(term, 0, nn * sizeof *term);
    for (size_t i = 0; i < n; i++)
        term[i * n + i] = 1;
    memcpy(E, term, nn * sizeof *E);
    memcpy(F, term, nn * sizeof *F);
    for (int m = 1; m <= PULL_TAYLOR_MAX; m++) {
        multiply(n, term, A, tmp);
        double biggest = 0;
        for (size_t x = 0; x < nn; x++) {
            term[x] = tmp[x] / m;
            E[x] += term[x];
            F[x] += term[x] / (m + 1);
            if (fabs(term[x]) > biggest)
                biggest = fabs(term[x]);
        }
        if (biggest < PULL_TAYLOR_TOL)
            break;
    }
    for (int s = 0; s < squarings; s++) {
        /* F <- (I + E) F / 2, E <- E E */
        multiply(n, E, F, tmp);
        for (size_t x = 0; x < nn; x++)
            F[x] = (F[x] + tmp[x]) / 2;
        multiply(n, E, E, tmp);
        memcpy(E, tmp, nn * sizeof *E);
    }
    for (size_t x = 0; x < nn; x++) {
        F[x] *= dt;
        if (E[x] < -PULL_NEG_TOL || F[x] < -PULL_NEG_TOL ||
            !isfinite(E[x]) || !isfinite(F[x]))
            return false;
        if (E[x] < 0)
            E[x] = 0;
        if (F[x] < 0)
            F[x] = 0;
    }
    return true;
}

bool ts_pull_step(ts_pull_work *w, const ts_chain *c)
{
    reweight(w, c);
    return exponentiate(w, c->dt);
}

ts_projection *ts_pull_project(const ts_timeline *t, const ts_values *v,
                               const double *transfers, size_t *blown,
                               size_t *at)
{
    size_t none;
    if (!blown)
        blown = &none;
    if (!at)
        at = &none;
    *blown = *at = SIZE_MAX;
    size_t K = t->K, n = K + 1, H = t->steps;
    ts_projection *p = ts_projection_create_zero(n, H);
    ts_pull_work *w = ts_pull_work_create(K);
    bool ok = p && w;
    if (ok)
        memcpy(p->stock, v->headcount, K * sizeof *p->stock);
    for (size_t k = 0; ok && k < H; k++) {
        const double *now = p->stock + k * n;
        double *next = p->stock + (k + 1) * n, *e = p->entrants + k * n;
        double *f = p->flow + k * n * n;
        ts_pull_weights(w, v->pull, v->headcount, now);
        if (!(ok = ts_pull_step(w, ts_timeline_chain(t, k))))
            break;
        for (size_t j = 0; j < n; j++) {
            double stay = 0, enter = 0;
            for (size_t i = 0; i < n; i++) {
                double moved = now[i] * w->P[i * n + j];
                stay += moved;
                if (i != j && i < K)
                    f[i * n + j] = moved;
            }
            for (size_t i = 0; i < K; i++)
                enter += t->inflow[k * K + i] * w->w[i] * w->Phi[i * n + j];
            e[j] = enter;
            f[K * n + j] = j == K ? 0 : enter;
            next[j] = stay + enter;
        }
        for (size_t i = 0; transfers && i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double x = transfers[(k * n + i) * n + j];
                next[i] -= x;
                next[j] += x;
                f[i * n + j] += x;
            }
        ts_timeline_observe(t, k + 1, next);
        for (size_t j = 0; ok && j < K; j++)
            if (!(next[j] <= TS_MAX_PEOPLE)) {
                *blown = j;
                *at = k + 1;
                ok = false;
            }
    }
    ts_pull_work_destroy(w);
    if (!ok) {
        ts_projection_destroy(p);
        return NULL;
    }
    return p;
}

/* Iterates the map from `start` (K pools); true with the settled stock in
 * `out` when it settles, false when it does not (or runs away). */
static bool settle(ts_pull_work *w, const ts_timeline *t, const ts_values *v,
                   const double *start, double *out, double *next,
                   bool *runaway)
{
    size_t K = t->K, n = K + 1;
    const ts_chain *c = ts_timeline_chain(t, 0);
    memcpy(out, start, K * sizeof *out);
    for (size_t step = 0; step < TS_PULL_FIXED_STEPS; step++) {
        ts_pull_weights(w, v->pull, v->headcount, out);
        if (!ts_pull_step(w, c))
            return false;
        double change = 0;
        for (size_t j = 0; j < K; j++) {
            double x = 0;
            for (size_t i = 0; i < K; i++)
                x += out[i] * w->P[i * n + j] +
                     v->inflow[i] * w->w[i] * w->Phi[i * n + j];
            next[j] = x;
            double scale = fabs(x) > 1 ? fabs(x) : 1;
            if (fabs(x - out[j]) / scale > change)
                change = fabs(x - out[j]) / scale;
            if (!(x <= TS_MAX_PEOPLE)) {
                *runaway = true;
                return false;
            }
        }
        memcpy(out, next, K * sizeof *out);
        if (change < PULL_FIXED_TOL)
            return true;
    }
    return false;
}

static bool is_new(const ts_pull_fixed *f, const double *x)
{
    for (size_t k = 0; k < f->found; k++) {
        const double *y = f->point + k * f->K;
        bool same = true;
        for (size_t j = 0; j < f->K && same; j++)
            same = fabs(x[j] - y[j]) <= 1e-3 * fmax(1, fabs(y[j]));
        if (same)
            return false;
    }
    return true;
}

ts_pull_fixed *ts_pull_fixed_create(const ts_timeline *t, const ts_values *v)
{
    size_t K = t->K;
    ts_pull_fixed *f = calloc(1, sizeof *f);
    ts_pull_work *w = ts_pull_work_create(K);
    double *start = malloc(3 * K * sizeof *start);
    if (!f || !w || !start ||
        !(f->point = calloc(TS_PULL_FIXED_MAX * K, sizeof *f->point))) {
        ts_pull_fixed_destroy(f);
        ts_pull_work_destroy(w);
        free(start);
        return NULL;
    }
    f->K = K;
    const double factor[TS_PULL_FIXED_MAX] = {1, 0.5, 2};
    double *out = start + K, *next = start + 2 * K;
    for (size_t s = 0; s < TS_PULL_FIXED_MAX; s++) {
        for (size_t j = 0; j < K; j++)
            start[j] = v->headcount[j] * factor[s];
        if (settle(w, t, v, start, out, next, &f->runaway) && is_new(f, out))
            memcpy(f->point + f->found++ * K, out, K * sizeof *out);
    }
    ts_pull_work_destroy(w);
    free(start);
    return f;
}

void ts_pull_fixed_destroy(ts_pull_fixed *f)
{
    if (!f)
        return;
    free(f->point);
    free(f);
}
