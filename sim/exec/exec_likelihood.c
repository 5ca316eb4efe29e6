#include "sim/exec/exec_likelihood.h"

#include <gsl/gsl_blas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- counting the record ------------------------------------------ */

/* sighted[e]: whether executive e is followed by sightings. */
static bool *sighted_executives(const ts_scenario *sc)
{
    bool *s = calloc(sc->n_execs + 1, sizeof *s);
    const ts_record *r = sc->record;
    for (size_t i = 0; s && r && i < r->n_seen; i++)
        s[r->seen[i].exec] = true;
    return s;
}

/* Cohort h's pool at the start of step k, and whether a recorded move
 * takes it elsewhere in step k (*to). */
static void count_cohorts(const ts_scenario *sc, const ts_exec_model *m,
                          const bool *sighted, ts_exec_counts *c)
{
    const ts_cohorts *cs = m->cohorts;
    size_t n = c->n;
    for (size_t h = 0; h < cs->n; h++) {
        const ts_cohort *co = &cs->items[h];
        if (sighted[co->entity])
            continue;
        size_t pool = sc->execs[co->entity].pool_index, next = 0;
        size_t cls = m->class_of[co->entity];
        c->followed += co->count;
        for (size_t k = 0; k < cs->begin; k++) {
            size_t to = pool;
            if (next < co->n_moves && cs->moves[co->move0 + next].step == k)
                to = cs->moves[co->move0 + next++].to;
            size_t s = m->state_of_step[k];
            c->step[((s * c->n_classes + cls) * n + pool) * n + to] +=
                (double)co->count;
            pool = to;
        }
    }
}

static int by_who_at(const void *a, const void *b)
{
    const ts_record_sighting *x = *(const ts_record_sighting *const *)a,
                             *y = *(const ts_record_sighting *const *)b;
    if (x->exec != y->exec)
        return x->exec < y->exec ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

static int by_span(const void *a, const void *b)
{
    const ts_sight_pair *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->k0 != y->k0)
        return x->k0 < y->k0 ? -1 : 1;
    if (x->k1 != y->k1)
        return x->k1 < y->k1 ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

/* Executive e went from pool `from`, where it was seen (or started) at
 * step k0, to `to`, where it was next seen, at step k1 > k0. */
typedef void (*sight_pair_fn)(void *ctx, size_t e, size_t k0, size_t k1,
                              size_t from, size_t to);

/* Calls fn for each pair of consecutive sightings of every sighted
 * executive (its start pool the first), executive by executive, in date
 * order; *executives counts them. False when out of memory. */
static bool each_sighting_pair(const ts_scenario *sc, sight_pair_fn fn,
                               void *ctx, size_t *executives)
{
    const ts_record *r = sc->record;
    size_t n_seen = r ? r->n_seen : 0;
    const ts_record_sighting **order = calloc(n_seen + 1, sizeof *order);
    if (!order)
        return false;
    for (size_t i = 0; i < n_seen; i++)
        order[i] = &r->seen[i];
    qsort(order, n_seen, sizeof *order, by_who_at);
    size_t k0 = 0, from = 0, e = 0;
    *executives = 0;
    for (size_t i = 0; i < n_seen; i++) {
        if (i == 0 || order[i - 1]->exec != order[i]->exec) {
            e = order[i]->exec;
            k0 = 0;
            from = sc->execs[e].pool_index;
            ++*executives;
        }
        size_t k1 = ts_scenario_month_step(sc, order[i]->at);
        size_t to = order[i]->pool_index;
        if (k1 == k0)
            continue; /* seen where they were: nothing happened between */
        fn(ctx, e, k0, k1, from, to);
        k0 = k1;
        from = to;
    }
    free(order);
    return true;
}

typedef struct pair_count {
    const ts_exec_model *m;
    ts_exec_counts *c;
} pair_count;

static void add_pair(void *ctx, size_t e, size_t k0, size_t k1, size_t from,
                     size_t to)
{
    pair_count *p = ctx;
    ts_exec_counts *c = p->c;
    c->pairs[c->n_pairs++] = (ts_sight_pair){p->m->class_of[e], k0, k1, from,
                                             to, 1};
    if (k1 - k0 > c->max_gap)
        c->max_gap = k1 - k0;
}

/* Each executive's consecutive sightings as pairs, then equal pairs
 * counted once. */
static bool count_sightings(const ts_scenario *sc, const ts_exec_model *m,
                            ts_exec_counts *c)
{
    size_t n_seen = sc->record ? sc->record->n_seen : 0;
    pair_count p = {m, c};
    if (!(c->pairs = calloc(n_seen + 1, sizeof *c->pairs)) ||
        !each_sighting_pair(sc, add_pair, &p, &c->sighted))
        return false;
    qsort(c->pairs, c->n_pairs, sizeof *c->pairs, by_span);
    size_t kept = 0;
    for (size_t i = 0; i < c->n_pairs; i++) {
        ts_sight_pair *last = kept ? &c->pairs[kept - 1] : NULL;
        if (last && by_span(last, &c->pairs[i]) == 0)
            last->count += 1;
        else
            c->pairs[kept++] = c->pairs[i];
    }
    c->n_pairs = kept;
    return true;
}

ts_exec_counts *ts_exec_counts_create(const ts_scenario *sc,
                                      const ts_exec_model *m)
{
    ts_exec_counts *c = calloc(1, sizeof *c);
    bool *sighted = sighted_executives(sc);
    if (!c || !sighted) {
        free(c);
        free(sighted);
        return NULL;
    }
    c->n = m->K + 1;
    c->n_states = m->n_states;
    c->n_classes = m->n_classes;
    c->step = calloc(c->n_states * c->n_classes * c->n * c->n,
                     sizeof *c->step);
    bool ok = c->step != NULL;
    if (ok)
        count_cohorts(sc, m, sighted, c);
    ok = ok && count_sightings(sc, m, c);
    free(sighted);
    if (!ok) {
        ts_exec_counts_destroy(c);
        return NULL;
    }
    return c;
}

void ts_exec_counts_destroy(ts_exec_counts *c)
{
    if (!c)
        return;
    free(c->step);
    free(c->pairs);
    free(c);
}

/* ---- evaluating it ------------------------------------------------ */

/* n log p for a count n of events of probability p (0 log 0 = 0). */
static double term(double count, double p)
{
    if (count == 0)
        return 0;
    return p > 0 ? count * log(p) : -INFINITY;
}

static double steps_loglik(const ts_exec_counts *c, const ts_exec_model *m)
{
    size_t n = c->n;
    double sum = 0;
    for (size_t s = 0; s < c->n_states; s++)
        for (size_t cls = 0; cls < c->n_classes; cls++) {
            const double *cnt = c->step + (s * c->n_classes + cls) * n * n;
            const gsl_matrix *P = m->chains[s * m->n_classes + cls]->P;
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    sum += term(cnt[i * n + j], gsl_matrix_get(P, i, j));
        }
    return sum;
}

/* M = the product of class cls's step matrices over steps [k0, k1). */
static void span_product(const ts_exec_model *m, size_t cls, size_t k0,
                         size_t k1, gsl_matrix *M, gsl_matrix *tmp)
{
    gsl_matrix_set_identity(M);
    for (size_t k = k0; k < k1; k++) {
        const gsl_matrix *P =
            m->chains[m->state_of_step[k] * m->n_classes + cls]->P;
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, M, P, 0, tmp);
        gsl_matrix_memcpy(M, tmp);
    }
}

/* With one state the chain is the same every step: the span's product
 * is a power of P, kept for each gap (powers[g] = P^g) per class. */
static bool powers_of(const ts_exec_model *m, size_t cls, size_t max_gap,
                      gsl_matrix **powers)
{
    const gsl_matrix *P = m->chains[cls]->P;
    size_t n = P->size1;
    for (size_t g = 0; g <= max_gap; g++) {
        if (!(powers[g] = gsl_matrix_alloc(n, n)))
            return false;
        if (g == 0)
            gsl_matrix_set_identity(powers[g]);
        else
            gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, powers[g - 1], P,
                           0, powers[g]);
    }
    return true;
}

static void free_powers(gsl_matrix **powers, size_t n)
{
    for (size_t g = 0; powers && g < n; g++)
        gsl_matrix_free(powers[g]);
    free(powers);
}

static double pairs_loglik(const ts_exec_counts *c, const ts_exec_model *m)
{
    size_t n = c->n, cls_now = SIZE_MAX, k0 = SIZE_MAX, k1 = SIZE_MAX;
    bool homogeneous = m->n_states == 1;
    gsl_matrix *M = gsl_matrix_alloc(n, n), *tmp = gsl_matrix_alloc(n, n);
    gsl_matrix **powers = NULL;
    double sum = M && tmp ? 0 : NAN;
    for (size_t p = 0; !isnan(sum) && p < c->n_pairs; p++) {
        const ts_sight_pair *q = &c->pairs[p];
        if (homogeneous && q->cls != cls_now) {
            free_powers(powers, c->max_gap + 1);
            powers = calloc(c->max_gap + 1, sizeof *powers);
            cls_now = q->cls;
            if (!powers || !powers_of(m, q->cls, c->max_gap, powers)) {
                sum = NAN;
                break;
            }
        }
        const gsl_matrix *span = M;
        if (homogeneous) {
            span = powers[q->k1 - q->k0];
        } else if (q->cls != cls_now || q->k0 != k0 || q->k1 != k1) {
            span_product(m, q->cls, q->k0, q->k1, M, tmp);
            cls_now = q->cls;
            k0 = q->k0;
            k1 = q->k1;
        }
        sum += term(q->count, gsl_matrix_get(span, q->i, q->j));
    }
    free_powers(powers, c->max_gap + 1);
    gsl_matrix_free(M);
    gsl_matrix_free(tmp);
    return sum;
}

double ts_exec_loglik_cost(const ts_exec_counts *c, double *bytes)
{
    double n = (double)c->n, cube = n * n * n, work = 0;
    *bytes = 2 * n * n * 8;
    if (c->n_states == 1) {
        size_t classes = 0;
        for (size_t p = 0; p < c->n_pairs; p++)
            classes += p == 0 || c->pairs[p].cls != c->pairs[p - 1].cls;
        work = (double)classes * (double)c->max_gap * cube;
        *bytes += ((double)c->max_gap + 1) * n * n * 8;
    } else {
        for (size_t p = 0; p < c->n_pairs; p++) {
            const ts_sight_pair *q = &c->pairs[p], *b = p ? q - 1 : NULL;
            if (!b || b->cls != q->cls || b->k0 != q->k0 || b->k1 != q->k1)
                work += (double)(q->k1 - q->k0) * cube;
        }
    }
    return work + (double)c->n_states * (double)c->n_classes * n * n;
}

double ts_exec_loglik(const ts_exec_counts *c, const ts_exec_model *m)
{
    return steps_loglik(c, m) + pairs_loglik(c, m);
}

/* ---- recorded against expected moves ------------------------------ */

/* Adds, for each entity e and pair (i, j): recorded[(e n + i) n + j] and
 * expected[...]. */
static void moves_of_cohorts(const ts_scenario *sc, const ts_exec_model *m,
                             const bool *sighted, double *recorded,
                             double *expected)
{
    const ts_cohorts *cs = m->cohorts;
    size_t n = m->K + 1;
    for (size_t h = 0; h < cs->n; h++) {
        const ts_cohort *co = &cs->items[h];
        if (sighted[co->entity])
            continue;
        size_t e = co->entity, pool = sc->execs[e].pool_index, next = 0;
        double w = (double)co->count;
        for (size_t k = 0; k < cs->begin; k++) {
            const gsl_matrix *P = ts_exec_chain_at(m, e, k)->P;
            for (size_t j = 0; j < n; j++)
                expected[(e * n + pool) * n + j] +=
                    w * gsl_matrix_get(P, pool, j);
            if (next < co->n_moves && cs->moves[co->move0 + next].step == k) {
                size_t to = cs->moves[co->move0 + next++].to;
                recorded[(e * n + pool) * n + to] += w;
                pool = to;
            }
        }
    }
}

/* The sighting pairs' recorded and expected moves, the span matrices
 * from the pools' powers where the chain is the same every step. */
typedef struct pair_moves {
    const ts_exec_model *m;
    gsl_matrix *M, *tmp, **powers;
    double *recorded, *expected;
} pair_moves;

static void add_pair_moves(void *ctx, size_t e, size_t k0, size_t k1,
                           size_t from, size_t to)
{
    pair_moves *p = ctx;
    size_t n = p->m->K + 1;
    const gsl_matrix *span = p->M;
    if (p->powers && p->m->class_of[e] == 0)
        span = p->powers[k1 - k0];
    else
        span_product(p->m, p->m->class_of[e], k0, k1, p->M, p->tmp);
    for (size_t j = 0; j < n; j++)
        p->expected[(e * n + from) * n + j] += gsl_matrix_get(span, from, j);
    p->recorded[(e * n + from) * n + to] += 1;
}

static bool moves_of_sightings(const ts_scenario *sc, const ts_exec_model *m,
                               double *recorded, double *expected)
{
    size_t n = m->K + 1, as_of = m->cohorts->begin, executives;
    pair_moves p = {m, gsl_matrix_alloc(n, n), gsl_matrix_alloc(n, n),
                    /* the pools' own chain the same every step: its
                     * powers, made once */
                    m->n_states == 1 ? calloc(as_of + 1, sizeof(gsl_matrix *))
                                     : NULL,
                    recorded, expected};
    bool ok = p.M && p.tmp &&
              (m->n_states != 1 ||
               (p.powers && powers_of(m, 0, as_of, p.powers))) &&
              each_sighting_pair(sc, add_pair_moves, &p, &executives);
    free_powers(p.powers, p.powers ? as_of + 1 : 0);
    gsl_matrix_free(p.M);
    gsl_matrix_free(p.tmp);
    return ok;
}

bool ts_exec_fit_moves(const ts_scenario *sc, const ts_exec_model *m,
                       ts_fit_move_fn row, void *ctx)
{
    size_t n = m->K + 1, size = (sc->n_execs + 1) * n * n;
    double *recorded = calloc(size, sizeof *recorded);
    double *expected = calloc(size, sizeof *expected);
    bool *sighted = sighted_executives(sc);
    bool ok = recorded && expected && sighted;
    if (ok) {
        moves_of_cohorts(sc, m, sighted, recorded, expected);
        ok = moves_of_sightings(sc, m, recorded, expected);
    }
    for (size_t e = 0; ok && e < sc->n_execs; e++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                size_t at = (e * n + i) * n + j;
                if (i != j && (recorded[at] > 0 || expected[at] > 0))
                    row(ctx, e, i, j, recorded[at], expected[at]);
            }
    free(recorded);
    free(expected);
    free(sighted);
    return ok;
}
