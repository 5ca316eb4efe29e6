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

/* The share of entry e's members in cohort c: exactly 1 for a cohort
 * that is the whole entry. */
static double share_of(const ts_exec_model *m, const ts_cohort *c)
{
    return (double)c->count / (double)m->count[c->entity];
}

/* Where the record has cohort c at each stock date up to as_of, added
 * to its entry's path with weight w. */
static void recorded_path(const ts_exec_model *m, const ts_cohort *c,
                          double w, double *path)
{
    const ts_cohorts *cs = m->cohorts;
    size_t n = m->K + 1, next = 0;
    const ts_cohort_move *first = ts_cohort_first_move(cs, c);
    size_t at = first ? first->from : c->pool;
    for (size_t k = 0; k <= cs->begin; k++) {
        /* a move in step s has them in `to` from stock date s + 1 */
        for (; next < c->n_moves && cs->moves[c->move0 + next].step < k;
             next++)
            at = cs->moves[c->move0 + next].to;
        path[k * n + at] += w;
    }
}

/* Cohort c moved on from as_of: its p_moved (a move in [as_of,
 * horizon)), where it is at each step and where it ends, added to its
 * entry's with its share. */
static void follow_cohort(const ts_exec_model *m, const ts_cohort *c,
                          size_t steps, ts_exec_exact *x, double *dist,
                          double *next)
{
    size_t n = m->K + 1, s = c->pool, e = c->entity;
    double stay = 1, w = share_of(m, c);
    double *path = x->path + e * (steps + 1) * n;
    memset(dist, 0, n * sizeof *dist);
    dist[s] = 1;
    recorded_path(m, c, w, path);
    for (size_t k = m->cohorts->begin; k < steps; k++) {
        const ts_chain *ch = ts_exec_chain_at(m, e, k);
        stay *= gsl_matrix_get(ch->P, s, s);
        propagate(ch, dist, next);
        memcpy(dist, next, n * sizeof *dist);
        for (size_t j = 0; j < n; j++)
            path[(k + 1) * n + j] += w * dist[j];
    }
    x->p_moved[e] += w * (1 - stay);
    for (size_t j = 0; j < n; j++)
        x->end_dist[e * n + j] += w * dist[j];
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
        x->now_pool[e] = m->start[e];
        x->now_members[e] = 0;
    }
    const ts_cohorts *cs = m->cohorts;
    for (size_t c = 0; c < cs->n; c++) {
        const ts_cohort *h = &cs->items[c];
        if (h->pool == m->start[h->entity])
            x->now_members[h->entity] += h->count;
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

/* Where cohort c is, as a distribution, at step `at` >= as_of. */
static void cohort_at(const ts_exec_model *m, const ts_cohort *c, size_t at,
                      double *dist, double *next)
{
    size_t n = m->K + 1;
    memset(dist, 0, n * sizeof *dist);
    dist[c->pool] = 1;
    for (size_t k = m->cohorts->begin; k < at; k++) {
        propagate(ts_exec_chain_at(m, c->entity, k), dist, next);
        memcpy(dist, next, n * sizeof *dist);
    }
}

/* The first step of claim c's window the record leaves open. */
static size_t open_from(const ts_exec_model *m, const ts_claim *c)
{
    return c->step_from > m->cohorts->begin ? c->step_from
                                            : m->cohorts->begin;
}

/* q[t] = P(a member of cohort co makes a qualifying move of claim c in
 * steps [open_from, t)), for t = open_from..steps. */
static void qualifying_mass(const ts_exec_model *m, const ts_cohort *co,
                            const ts_claim *c, size_t steps, double *q,
                            double *dist, double *next)
{
    size_t n = m->K + 1, w0 = open_from(m, c);
    cohort_at(m, co, w0, dist, next);
    double moved = 0;
    q[w0] = 0;
    for (size_t k = w0; k < steps; k++) {
        moved += absorb_step(ts_exec_chain_at(m, co->entity, k), c, n, dist,
                             next);
        q[k + 1] = moved;
    }
}

/* Whether one of cohort co's recorded moves before step t counts for
 * claim c. */
static bool recorded_before(const ts_cohorts *cs, const ts_cohort *co,
                            const ts_claim *c, size_t t)
{
    if (!ts_claim_about(c, co->entity))
        return false;
    for (size_t i = 0; i < co->n_moves; i++) {
        const ts_cohort_move *mv = &cs->moves[co->move0 + i];
        if (mv->step < t && ts_claim_counts(c, mv->step, mv->from, mv->to))
            return true;
    }
    return false;
}

size_t ts_exec_certain(const ts_exec_model *m, const ts_claim *c, size_t t)
{
    const ts_cohorts *cs = m->cohorts;
    size_t certain = 0;
    for (size_t i = 0; i < cs->n && t > c->step_from; i++)
        if (recorded_before(cs, &cs->items[i], c, t))
            certain += cs->items[i].count;
    return certain;
}

/* A cohort's chain class and pool at as_of: what its qualifying mass
 * and its distribution over the window depend on (not its name or its
 * recorded history), so that cohorts alike share one computation. */
static size_t chain_key(const ts_exec_model *m, const ts_cohort *co)
{
    return m->class_of[co->entity] * (m->K + 1) + co->pool;
}

/* What one claim's terms need, per chain class: where a cohort of each
 * (class, pool at as_of) is at the window's open start, and the chance
 * of a qualifying move from each pool there; each made once, on first
 * need (a record of 10,000 executives in a few classes makes a few). */
typedef struct terms_cache {
    size_t *at_of;   /* per key: its row of at_rows, SIZE_MAX: not yet */
    double *at_rows; /* rows of n, one per key met */
    size_t n_rows;
    double *moved;   /* per (class, pool): NAN until computed */
} terms_cache;

static bool terms_cache_init(terms_cache *t, const ts_exec_model *m)
{
    size_t n = m->K + 1, keys = m->n_classes * n;
    t->at_of = malloc((keys + 1) * sizeof *t->at_of);
    t->at_rows = malloc((m->cohorts->n + 1) * n * sizeof *t->at_rows);
    t->moved = malloc((keys + 1) * sizeof *t->moved);
    t->n_rows = 0;
    for (size_t k = 0; t->at_of && t->moved && k < keys; k++) {
        t->at_of[k] = SIZE_MAX;
        t->moved[k] = NAN;
    }
    return t->at_of && t->at_rows && t->moved;
}

static void terms_cache_free(terms_cache *t)
{
    free(t->at_of);
    free(t->at_rows);
    free(t->moved);
}

/* Adds to terms[i] (and at_start[i]) each member's share of entry e that
 * is in pool i at the window's open start and makes a qualifying move in
 * what is left of it: the occupancy there times the move from there. */
static void claim_terms(const ts_exec_model *m, const ts_cohort *co,
                        const ts_claim *c, terms_cache *t, double *at_start,
                        double *terms, double *dist, double *next)
{
    size_t n = m->K + 1, w0 = open_from(m, c), key = chain_key(m, co),
           cls = m->class_of[co->entity];
    double w = share_of(m, co);
    if (t->at_of[key] == SIZE_MAX) {
        t->at_of[key] = t->n_rows++;
        cohort_at(m, co, w0, t->at_rows + t->at_of[key] * n, next);
    }
    const double *at = t->at_rows + t->at_of[key] * n;
    for (size_t i = 0; i < n; i++) {
        if (at[i] <= 0) /* from elsewhere it may reach `from` */
            continue;
        double *moved = &t->moved[cls * n + i];
        if (isnan(*moved)) {
            memset(dist, 0, n * sizeof *dist);
            dist[i] = 1;
            *moved = 0;
            for (size_t k = w0; k < c->step_to; k++)
                *moved += absorb_step(ts_exec_chain_at(m, co->entity, k), c,
                                      n, dist, next);
        }
        terms[i] += w * at[i] * *moved;
        at_start[i] += w * at[i];
    }
}

/* Claim c at step t when the record decides it: 1 or 0. */
static double recorded_curve(const ts_exec_model *m, const ts_claim *c,
                             size_t t)
{
    return ts_exec_certain(m, c, t) >= c->at_least ? 1.0 : 0.0;
}

/* The curve of claim c: the count tail at every t from step_from on;
 * up to as_of what the record says, then the cohorts' members not
 * already counted, each from where the record leaves them. */
static bool claim_curve(const ts_exec_model *m, const ts_claim *c,
                        size_t steps, double *curve)
{
    const ts_cohorts *cs = m->cohorts;
    size_t n = m->K + 1, C = cs->n, T = steps + 1, keys = m->n_classes * n;
    size_t certain = ts_exec_certain(m, c, cs->begin);
    size_t need = certain < c->at_least ? c->at_least - certain : 0;
    /* q rows of the distinct keys (row 0: zeros, for cohorts left out
     * or already counted), and each cohort's row */
    double *q = calloc((C + 1) * T, sizeof *q);
    size_t *row_of = malloc((keys + 1) * sizeof *row_of);
    size_t *row = malloc((C + 1) * sizeof *row), rows = 1;
    double *qm = malloc((C + 1) * sizeof *qm);
    size_t *mult = malloc((C + 1) * sizeof *mult);
    double *work = malloc(2 * (need + 1) * sizeof *work);
    double *dist = malloc(2 * n * sizeof *dist);
    bool ok = q && row_of && row && qm && mult && work && dist;
    for (size_t k = 0; ok && k < keys; k++)
        row_of[k] = SIZE_MAX;
    for (size_t i = 0; ok && i < C; i++) {
        const ts_cohort *co = &cs->items[i];
        mult[i] = co->count;
        row[i] = 0;
        if (!ts_claim_about(c, co->entity) ||
            recorded_before(cs, co, c, cs->begin))
            continue;
        size_t key = chain_key(m, co);
        if (row_of[key] == SIZE_MAX) {
            row_of[key] = rows++;
            qualifying_mass(m, co, c, steps, q + row_of[key] * T, dist,
                            dist + n);
        }
        row[i] = row_of[key];
    }
    for (size_t t = 0; ok && t < T; t++) {
        if (t < c->step_from) {
            curve[t] = NAN;
        } else if (cs->begin > 0 && t <= cs->begin) {
            curve[t] = recorded_curve(m, c, t);
        } else if (need == 0) {
            curve[t] = 1;
        } else {
            for (size_t i = 0; i < C; i++)
                qm[i] = q[row[i] * T + t];
            curve[t] = ts_count_tail(qm, mult, C, need, work);
        }
    }
    free(q);
    free(row_of);
    free(row);
    free(qm);
    free(mult);
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
    x->now_pool = calloc(E, sizeof *x->now_pool);
    x->now_members = calloc(E, sizeof *x->now_members);
    x->p_end = calloc(E, sizeof *x->p_end);
    x->dest = calloc(E, sizeof *x->dest);
    x->p_dest = calloc(E, sizeof *x->p_dest);
    x->claim_p = calloc(C, sizeof *x->claim_p);
    x->decided = calloc(C, sizeof *x->decided);
    x->curve = calloc(C * (x->steps + 1), sizeof *x->curve);
    /* the terms only where they stay small (prediction_terms.csv) */
    size_t terms = (C - 1) * (E - 1) * x->n;
    if (terms > 0 && terms <= TS_EXEC_TERMS_MAX) {
        x->terms = calloc(terms, sizeof *x->terms);
        x->term_at = calloc(terms, sizeof *x->term_at);
    }
    return x->p_moved && x->end_dist && x->path && x->end_pool &&
           x->now_pool && x->now_members && x->p_end &&
           x->dest && x->p_dest && x->claim_p && x->decided && x->curve &&
           ((x->terms && x->term_at) || terms == 0 ||
            terms > TS_EXEC_TERMS_MAX);
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
    for (size_t c = 0; c < into->n_claims; c++) {
        /* what the record decides is the same in every combination */
        into->decided[c] = from->decided[c];
        into->claim_p[c] = from->decided[c]
                               ? from->claim_p[c]
                               : into->claim_p[c] + weight * from->claim_p[c];
    }
    for (size_t x = 0; x < into->n_claims * (into->steps + 1); x++)
        into->curve[x] += weight * from->curve[x];
    for (size_t x = 0; into->terms && x < into->n_claims * E * n; x++) {
        into->terms[x] += weight * from->terms[x];
        into->term_at[x] += weight * from->term_at[x];
    }
}

/* Whether the record alone decides claim c (SPEC section 8): its
 * window ended by as_of, or enough members already counted. */
static bool decided_by_record(const ts_exec_model *m, const ts_claim *c)
{
    size_t begin = m->cohorts->begin;
    return begin > 0 && (c->step_to <= begin ||
                         ts_exec_certain(m, c, begin) >= c->at_least);
}

static bool exact_claim(const ts_exec_model *m, const ts_claims *claims,
                        size_t i, ts_exec_exact *x, double *dist)
{
    const ts_claim *c = &claims->items[i];
    size_t steps = x->steps, n = x->n;
    double *curve = x->curve + i * (steps + 1);
    if (c->kind != TS_PREDICT_MOVES) {
        for (size_t t = 0; t <= steps; t++)
            curve[t] = NAN;
        /* decided by a headcount the record observed, or by the runs */
        x->decided[i] = !isnan(c->observed);
        x->claim_p[i] = !x->decided[i] ? NAN
                        : (c->below ? c->observed < c->threshold
                                    : c->observed > c->threshold)
                            ? 1.0
                            : 0.0;
        return true;
    }
    if (!claim_curve(m, c, steps, curve))
        return false;
    x->claim_p[i] = curve[c->step_to];
    x->decided[i] = decided_by_record(m, c);
    const ts_cohorts *cs = m->cohorts;
    if (!x->terms || x->decided[i])
        return true;
    terms_cache t;
    if (!terms_cache_init(&t, m)) {
        terms_cache_free(&t);
        return false;
    }
    for (size_t k = 0; k < cs->n; k++) {
        const ts_cohort *co = &cs->items[k];
        size_t at = (i * m->n + co->entity) * n;
        if (ts_claim_about(c, co->entity) &&
            !recorded_before(cs, co, c, cs->begin))
            claim_terms(m, co, c, &t, x->term_at + at, x->terms + at, dist,
                        dist + n);
    }
    terms_cache_free(&t);
    return true;
}

ts_exec_exact *ts_exec_exact_create(const ts_exec_model *m,
                                    const ts_claims *claims, size_t steps)
{
    ts_exec_exact *x = exact_alloc(m, claims, steps);
    if (!x)
        return NULL;
    double *dist = malloc(2 * x->n * sizeof *dist);
    bool ok = dist != NULL;
    for (size_t c = 0; ok && c < m->cohorts->n; c++)
        follow_cohort(m, &m->cohorts->items[c], steps, x, dist,
                      dist + x->n);
    for (size_t i = 0; ok && i < claims->n; i++)
        ok = exact_claim(m, claims, i, x, dist);
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
    free(x->term_at);
    free(x->decided);
    free(x->end_pool);
    free(x->now_pool);
    free(x->now_members);
    free(x->p_end);
    free(x->dest);
    free(x->p_dest);
    free(x->claim_p);
    free(x->curve);
    free(x->terms);
    free(x);
}
