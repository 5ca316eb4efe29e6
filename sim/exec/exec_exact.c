#include "sim/exec/exec_exact.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/exec/count_tail.h"

/* next = dist P for the n states of c. */
static void propagate(const ts_chain *c, const double *dist, double *next)
{
    size_t n = c->n;
    memset(next, 0, n * sizeof *next);
    for (size_t i = 0; i < n; i++) {
        if (dist[i] == 0)
            continue;
        const double *row = c->P->data + i * c->P->tda;
        for (size_t j = 0; j < n; j++)
            next[j] += dist[i] * row[j];
    }
}

/* The most likely pool of dist, skipping `skip` (SIZE_MAX: none); ties
 * go to the first. */
static size_t argmax(const double *dist, size_t n, size_t skip)
{
    size_t best = SIZE_MAX;
    for (size_t j = 0; j < n; j++)
        if (j != skip && (best == SIZE_MAX || dist[j] > dist[best]))
            best = j;
    return best;
}

/* p_moved, end pool and destination of entity e. */
static void follow_entity(const ts_exec_model *m, size_t e, size_t steps,
                          ts_exec_exact *x, double *dist, double *next)
{
    size_t n = m->K + 1, s = m->start[e];
    double stay = 1;
    double *path = x->path + e * (steps + 1) * n;
    memset(dist, 0, n * sizeof *dist);
    dist[s] = 1;
    memcpy(path, dist, n * sizeof *dist);
    for (size_t k = 0; k < steps; k++) {
        const ts_chain *c = ts_exec_chain_at(m, e, k);
        stay *= gsl_matrix_get(c->P, s, s);
        propagate(c, dist, next);
        memcpy(dist, next, n * sizeof *dist);
        memcpy(path + (k + 1) * n, dist, n * sizeof *dist);
    }
    x->p_moved[e] = 1 - stay;
    memcpy(x->end_dist + e * n, dist, n * sizeof *dist);
}

void ts_exec_exact_finish(ts_exec_exact *x, const ts_exec_model *m)
{
    size_t n = x->n;
    for (size_t e = 0; e < x->n_entities; e++) {
        const double *dist = x->end_dist + e * n;
        x->end_pool[e] = argmax(dist, n, SIZE_MAX);
        x->p_end[e] = dist[x->end_pool[e]];
        x->dest[e] = argmax(dist, n, m->start[e]);
        x->p_dest[e] = dist[x->dest[e]];
    }
}

/* One step of the chain with the absorbing state "made a qualifying
 * move": dist moves on by ch, and what it sends from a `from` pool to a
 * `to` pool is absorbed and returned. */
static double absorb_step(const ts_chain *ch, const ts_claim *c, size_t n,
                          double *dist, double *next)
{
    double moved = 0;
    memset(next, 0, n * sizeof *next);
    for (size_t i = 0; i < n; i++) {
        if (dist[i] == 0)
            continue;
        const double *row = ch->P->data + i * ch->P->tda;
        for (size_t j = 0; j < n; j++) {
            if (c->from[i] && c->to[j] && i != j)
                moved += dist[i] * row[j];   /* absorbed */
            else
                next[j] += dist[i] * row[j];
        }
    }
    memcpy(dist, next, n * sizeof *dist);
    return moved;
}

/* q[m] = P(entity e made a qualifying move of claim c in steps
 * [step_from, m)), for m = step_from..steps. */
static void qualifying_mass(const ts_exec_model *m, size_t e,
                            const ts_claim *c, size_t steps, double *q,
                            double *dist, double *next)
{
    size_t n = m->K + 1;
    memset(dist, 0, n * sizeof *dist);
    dist[m->start[e]] = 1;
    for (size_t k = 0; k < c->step_from; k++) {
        propagate(ts_exec_chain_at(m, e, k), dist, next);
        memcpy(dist, next, n * sizeof *dist);
    }
    double moved = 0;
    q[c->step_from] = 0;
    for (size_t k = c->step_from; k < steps; k++) {
        moved += absorb_step(ts_exec_chain_at(m, e, k), c, n, dist, next);
        q[k + 1] = moved;
    }
}

/* terms[i] = P(entity e is in pool i at the window's start and makes a
 * qualifying move inside the window): the occupancy at the start
 * (at_start) times the move from there. */
static void claim_terms(const ts_exec_model *m, size_t e, const ts_claim *c,
                        const double *at_start, double *terms, double *dist,
                        double *next)
{
    size_t n = m->K + 1;
    for (size_t i = 0; i < n; i++) {
        terms[i] = 0;
        if (at_start[i] <= 0) /* from elsewhere it may reach `from` */
            continue;
        memset(dist, 0, n * sizeof *dist);
        dist[i] = 1;
        double moved = 0;
        for (size_t k = c->step_from; k < c->step_to; k++)
            moved += absorb_step(ts_exec_chain_at(m, e, k), c, n, dist,
                                 next);
        terms[i] = at_start[i] * moved;
    }
}

/* The curve of claim c: the count tail at every m from step_from on. */
static bool claim_curve(const ts_exec_model *m, const ts_claim *c,
                        size_t steps, double *curve)
{
    size_t n = m->K + 1, E = m->n, T = steps + 1;
    double *q = malloc(E * T * sizeof *q);
    double *qm = malloc((E + 1) * sizeof *qm);
    double *work = malloc(2 * (c->at_least + 1) * sizeof *work);
    double *dist = malloc(2 * n * sizeof *dist);
    bool ok = q && qm && work && dist;
    for (size_t e = 0; ok && e < E; e++) {
        if (ts_claim_about(c, e))
            qualifying_mass(m, e, c, steps, q + e * T, dist, dist + n);
        else
            memset(q + e * T, 0, T * sizeof *q); /* who leaves e out */
    }
    for (size_t t = 0; ok && t < T; t++) {
        if (t < c->step_from) {
            curve[t] = NAN;
            continue;
        }
        for (size_t e = 0; e < E; e++)
            qm[e] = q[e * T + t];
        curve[t] = ts_count_tail(qm, m->count, E, c->at_least, work);
    }
    free(q);
    free(qm);
    free(work);
    free(dist);
    return ok;
}

static bool alloc_exact(ts_exec_exact *x)
{
    size_t E = x->n_entities + 1, C = x->n_claims + 1;
    x->p_moved = calloc(E, sizeof *x->p_moved);
    x->end_dist = calloc(E * x->n, sizeof *x->end_dist);
    x->path = calloc(E * (x->steps + 1) * x->n, sizeof *x->path);
    x->end_pool = calloc(E, sizeof *x->end_pool);
    x->p_end = calloc(E, sizeof *x->p_end);
    x->dest = calloc(E, sizeof *x->dest);
    x->p_dest = calloc(E, sizeof *x->p_dest);
    x->claim_p = calloc(C, sizeof *x->claim_p);
    x->curve = calloc(C * (x->steps + 1), sizeof *x->curve);
    /* the terms only where they stay small (prediction_terms.csv) */
    size_t terms = (C - 1) * (E - 1) * x->n;
    if (terms > 0 && terms <= TS_EXEC_TERMS_MAX)
        x->terms = calloc(terms, sizeof *x->terms);
    return x->p_moved && x->end_dist && x->path && x->end_pool &&
           x->p_end && x->dest && x->p_dest && x->claim_p && x->curve &&
           (x->terms || terms == 0 || terms > TS_EXEC_TERMS_MAX);
}

static ts_exec_exact *exact_alloc(const ts_exec_model *m,
                                  const ts_claims *claims, size_t steps)
{
    ts_exec_exact *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->n_entities = m->n;
    x->steps = steps;
    x->n = m->K + 1;
    x->n_claims = claims->n;
    if (!alloc_exact(x)) {
        ts_exec_exact_destroy(x);
        return NULL;
    }
    return x;
}

ts_exec_exact *ts_exec_exact_create_zero(const ts_exec_model *m,
                                         const ts_claims *claims,
                                         size_t steps)
{
    return exact_alloc(m, claims, steps);
}

void ts_exec_exact_add(ts_exec_exact *into, const ts_exec_exact *from,
                       double weight)
{
    size_t E = into->n_entities, n = into->n;
    for (size_t e = 0; e < E; e++)
        into->p_moved[e] += weight * from->p_moved[e];
    for (size_t x = 0; x < E * n; x++)
        into->end_dist[x] += weight * from->end_dist[x];
    for (size_t x = 0; x < E * (into->steps + 1) * n; x++)
        into->path[x] += weight * from->path[x];
    for (size_t c = 0; c < into->n_claims; c++)
        into->claim_p[c] += weight * from->claim_p[c];
    for (size_t x = 0; x < into->n_claims * (into->steps + 1); x++)
        into->curve[x] += weight * from->curve[x];
    for (size_t x = 0; into->terms && x < into->n_claims * E * n; x++)
        into->terms[x] += weight * from->terms[x];
}

ts_exec_exact *ts_exec_exact_create(const ts_exec_model *m,
                                    const ts_claims *claims, size_t steps)
{
    ts_exec_exact *x = exact_alloc(m, claims, steps);
    if (!x)
        return NULL;
    double *dist = malloc(2 * x->n * sizeof *dist);
    bool ok = dist != NULL;
    for (size_t e = 0; ok && e < m->n; e++)
        follow_entity(m, e, steps, x, dist, dist + x->n);
    for (size_t i = 0; ok && i < claims->n; i++) {
        const ts_claim *c = &claims->items[i];
        double *curve = x->curve + i * (steps + 1);
        if (c->kind != TS_PREDICT_MOVES) {
            for (size_t t = 0; t <= steps; t++)
                curve[t] = NAN;
            x->claim_p[i] = NAN;
            continue;
        }
        ok = claim_curve(m, c, steps, curve);
        x->claim_p[i] = curve[c->step_to];
        for (size_t e = 0; ok && x->terms && e < m->n; e++)
            if (ts_claim_about(c, e))
                claim_terms(m, e, c, x->path + (e * (steps + 1) +
                                                c->step_from) * x->n,
                            x->terms + (i * m->n + e) * x->n, dist,
                            dist + x->n);
    }
    free(dist);
    if (!ok) {
        ts_exec_exact_destroy(x);
        return NULL;
    }
    ts_exec_exact_finish(x, m);
    return x;
}

void ts_exec_exact_destroy(ts_exec_exact *x)
{
    if (!x)
        return;
    free(x->p_moved);
    free(x->end_dist);
    free(x->path);
    free(x->end_pool);
    free(x->p_end);
    free(x->dest);
    free(x->p_dest);
    free(x->claim_p);
    free(x->curve);
    free(x->terms);
    free(x);
}
