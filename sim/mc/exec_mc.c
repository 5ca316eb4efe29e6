#include "sim/mc/exec_mc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/random/rng.h"

/* Executives draw from stream (seed ^ salt, run), not (seed, run): adding
 * executives to a scenario leaves its pools' draws, and so its stocks,
 * unchanged. */
#define EXEC_STREAM_SALT UINT64_C(0x6578656375746976) /* "executiv" */

struct ts_exec_mc {
    const ts_exec_model *m;
    const ts_claims *c;
    size_t people;
    uint32_t *entity_of;   /* people */
    uint32_t *cohort_of;   /* people */
    uint32_t *pos;         /* people: current pool */
    uint8_t *moved;        /* people */
    uint8_t *qualified;    /* claims x people */
    uint8_t *certain;      /* claims x people: counted by the record */
    ts_team_lead *leads;   /* people: this run's leaders */
    size_t n_leads;
    gsl_rng *rng;
    ts_exec_tally *tally;
};

ts_exec_tally *ts_exec_tally_create(const ts_exec_model *m,
                                    const ts_claims *c)
{
    ts_exec_tally *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->n_entities = m->n;
    t->n_claims = c->n;
    t->n = m->K + 1;
    t->moved = calloc(m->n + 1, sizeof *t->moved);
    t->end = calloc((m->n + 1) * t->n, sizeof *t->end);
    t->claim_hits = calloc(c->n + 1, sizeof *t->claim_hits);
    if (!t->moved || !t->end || !t->claim_hits) {
        ts_exec_tally_destroy(t);
        return NULL;
    }
    return t;
}

void ts_exec_tally_destroy(ts_exec_tally *t)
{
    if (!t)
        return;
    free(t->moved);
    free(t->end);
    free(t->claim_hits);
    free(t);
}

void ts_exec_tally_add(ts_exec_tally *into, const ts_exec_tally *from)
{
    for (size_t e = 0; e < into->n_entities; e++) {
        into->moved[e] += from->moved[e];
        for (size_t j = 0; j < into->n; j++)
            into->end[e * into->n + j] += from->end[e * into->n + j];
    }
    for (size_t i = 0; i < into->n_claims; i++)
        into->claim_hits[i] += from->claim_hits[i];
}

void ts_exec_tally_claim(const ts_exec_tally *t, size_t runs, size_t c,
                         double *p, double *se)
{
    *p = (double)t->claim_hits[c] / (double)runs;
    *se = sqrt(*p * (1 - *p) / (double)runs);
}

/* Whether the recorded moves of cohort co count for claim cl. */
static bool counted(const ts_cohorts *cs, const ts_cohort *co,
                    const ts_claim *cl)
{
    if (cl->kind != TS_PREDICT_MOVES || !ts_claim_about(cl, co->entity))
        return false;
    for (size_t i = 0; i < co->n_moves; i++) {
        const ts_cohort_move *mv = &cs->moves[co->move0 + i];
        if (ts_claim_counts(cl, mv->step, mv->from, mv->to))
            return true;
    }
    return false;
}

/* People in cohort order (entries in order, members in number order),
 * each with the claims the record already counts them for. */
static void place_people(ts_exec_mc *x, const ts_exec_model *m)
{
    const ts_cohorts *cs = m->cohorts;
    size_t p = 0;
    for (size_t i = 0; i < cs->n; i++) {
        const ts_cohort *co = &cs->items[i];
        for (size_t c = 0; c < x->c->n; c++)
            if (counted(cs, co, &x->c->items[c]))
                memset(x->certain + c * x->people + p, 1, co->count);
        for (size_t k = 0; k < co->count; k++, p++) {
            x->entity_of[p] = (uint32_t)co->entity;
            x->cohort_of[p] = (uint32_t)i;
        }
    }
}

ts_exec_mc *ts_exec_mc_create(const ts_exec_model *m, const ts_claims *c)
{
    ts_exec_mc *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->m = m;
    x->c = c;
    for (size_t e = 0; e < m->n; e++)
        x->people += m->count[e];
    size_t P = x->people + 1;
    x->entity_of = malloc(P * sizeof *x->entity_of);
    x->cohort_of = malloc(P * sizeof *x->cohort_of);
    x->pos = malloc(P * sizeof *x->pos);
    x->moved = malloc(P);
    x->qualified = malloc((c->n + 1) * P);
    x->certain = calloc((c->n + 1) * P, 1);
    x->leads = malloc(P * sizeof *x->leads);
    x->rng = ts_rng_alloc();
    x->tally = ts_exec_tally_create(m, c);
    if (!x->entity_of || !x->cohort_of || !x->pos || !x->moved ||
        !x->qualified || !x->certain || !x->leads || !x->rng || !x->tally) {
        ts_exec_mc_destroy(x);
        return NULL;
    }
    place_people(x, m);
    return x;
}

void ts_exec_mc_destroy(ts_exec_mc *x)
{
    if (!x)
        return;
    free(x->entity_of);
    free(x->cohort_of);
    free(x->certain);
    free(x->pos);
    free(x->moved);
    free(x->qualified);
    free(x->leads);
    gsl_rng_free(x->rng);
    ts_exec_tally_destroy(x->tally);
    free(x);
}

const ts_exec_tally *ts_exec_mc_tally(const ts_exec_mc *x)
{
    return x->tally;
}

/* The pool a person of entity e in pool i moves to over step k. */
static size_t draw_destination(const ts_exec_mc *x, const ts_exec_model *m,
                               size_t e, size_t k, size_t i)
{
    size_t n = m->K + 1;
    const double *cum = m->cum + (ts_exec_chain_index(m, e, k) * n + i) * n;
    double u = gsl_rng_uniform(x->rng);
    size_t j = 0;
    while (j + 1 < n && u >= cum[j])
        j++;
    return j;
}

/* Marks, for each move claim, whether step k's move i -> j counts. */
static void record_move(ts_exec_mc *x, size_t person, size_t k, size_t i,
                        size_t j)
{
    x->moved[person] = 1;
    for (size_t c = 0; c < x->c->n; c++)
        if (x->c->items[c].kind == TS_PREDICT_MOVES &&
            ts_claim_about(&x->c->items[c], x->entity_of[person]) &&
            ts_claim_counts(&x->c->items[c], k, i, j))
            x->qualified[c * x->people + person] = 1;
}

/* A leader's team follows their first move unless it is out of the
 * field; the run's size, whole people. */
static void record_lead(ts_exec_mc *x, const ts_exec_model *m, size_t e,
                        size_t k, size_t from, size_t to)
{
    if (m->team_size[e] <= 0 || to == m->K)
        return;
    x->leads[x->n_leads++] = (ts_team_lead){
        (uint32_t)k, (uint32_t)from, (uint32_t)to,
        (uint32_t)llround(m->team_size[e]), (uint32_t)m->team_over[e]};
}

/* Person p from as_of: where the record leaves them, their team already
 * led when the record has them move. */
static void follow_person(ts_exec_mc *x, const ts_exec_model *m, size_t p,
                          size_t steps)
{
    const ts_cohorts *cs = m->cohorts;
    const ts_cohort *co = &cs->items[x->cohort_of[p]];
    const ts_cohort_move *first = ts_cohort_first_move(cs, co);
    size_t e = co->entity, at = co->pool;
    bool led = first != NULL;
    if (first)
        record_lead(x, m, e, first->step, first->from, first->to);
    x->moved[p] = 0;
    for (size_t k = cs->begin; k < steps; k++) {
        size_t to = draw_destination(x, m, e, k, at);
        if (to != at) {
            if (!led)
                record_lead(x, m, e, k, at, to);
            led = true;
            record_move(x, p, k, at, to);
        }
        at = to;
    }
    x->pos[p] = (uint32_t)at;
    x->tally->moved[e] += x->moved[p];
    x->tally->end[e * (m->K + 1) + at]++;
}

static void follow_people(ts_exec_mc *x, const ts_exec_model *m,
                          size_t steps)
{
    x->n_leads = 0;
    for (size_t p = 0; p < x->people; p++)
        follow_person(x, m, p, steps);
}

static bool claim_holds(const ts_exec_mc *x, size_t c, size_t steps,
                        const uint32_t *stock)
{
    const ts_claim *cl = &x->c->items[c];
    size_t n = x->m->K + 1;
    if (cl->kind == TS_PREDICT_HEADCOUNT) {
        (void)steps;
        double v = stock[cl->at_step * n + cl->pool];
        return cl->below ? v < cl->threshold : v > cl->threshold;
    }
    size_t count = 0;
    const uint8_t *q = x->qualified + c * x->people;
    for (size_t p = 0; p < x->people && count < cl->at_least; p++)
        count += q[p];
    return count >= cl->at_least;
}

void ts_exec_mc_simulate(ts_exec_mc *x, const ts_exec_model *m,
                         uint64_t seed, size_t run, size_t steps)
{
    ts_rng_seed_stream(x->rng, seed ^ EXEC_STREAM_SALT, run);
    memcpy(x->qualified, x->certain, (x->c->n + 1) * (x->people + 1));
    follow_people(x, m, steps);
}

const ts_team_lead *ts_exec_mc_leads(const ts_exec_mc *x, size_t *n)
{
    *n = x->n_leads;
    return x->leads;
}

void ts_exec_mc_claims(ts_exec_mc *x, size_t steps, const uint32_t *stock,
                       uint32_t *came_true)
{
    for (size_t c = 0; c < x->c->n; c++) {
        bool holds = claim_holds(x, c, steps, stock);
        x->tally->claim_hits[c] += holds;
        if (came_true)
            came_true[c] = holds;
    }
}
