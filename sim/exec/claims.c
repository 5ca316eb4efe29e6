#include "sim/exec/claims.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool *mask_of(const ts_pool_list *l, size_t n)
{
    bool *mask = calloc(n, sizeof *mask);
    if (mask)
        for (size_t i = 0; i < l->n; i++)
            mask[l->index[i]] = true;
    return mask;
}

/* The record's headcount of a claim's pool at its date, when the record
 * knows it: at or before as_of. */
static double observed(const ts_scenario *sc, const ts_claim *c)
{
    const ts_record *r = sc->record;
    size_t as_of = ts_scenario_as_of(sc);
    for (size_t h = 0; r && as_of > 0 && c->at_step <= as_of &&
                       h < r->n_headcounts;
         h++)
        if (ts_scenario_month_step(sc, r->headcounts[h].at) == c->at_step &&
            ts_scenario_pool_index(sc, r->headcounts[h].pool) == c->pool)
            return r->headcounts[h].value;
    return NAN;
}

static bool compile(const ts_scenario *sc, const ts_prediction *p,
                    ts_claim *c)
{
    c->observed = NAN;
    size_t n = sc->n_pools + 1;
    c->kind = p->kind;
    c->id = p->id.s;
    c->text = p->text ? p->text : "";
    if (p->kind == TS_PREDICT_HEADCOUNT) {
        c->pool = p->pool_index;
        c->at_step = p->at_step;
        c->below = p->below.given;
        c->threshold = p->below.given ? p->below.value : p->above.value;
        c->observed = observed(sc, c);
        return true;
    }
    c->step_from = p->step_from;
    c->step_to = p->step_to;
    c->at_least = p->at_least.given ? (size_t)p->at_least.value : 1;
    c->from = mask_of(&p->from, n);
    c->to = mask_of(&p->to, n);
    c->who = p->who.given ? mask_of(&p->who, sc->n_execs + 1) : NULL;
    return c->from && c->to && (c->who || !p->who.given);
}

ts_claims *ts_claims_create(const ts_scenario *sc)
{
    ts_claims *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n = sc->n_predictions;
    c->items = calloc(c->n + 1, sizeof *c->items);
    if (!c->items) {
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < c->n; i++) {
        if (!compile(sc, &sc->predictions[i], &c->items[i])) {
            ts_claims_destroy(c);
            return NULL;
        }
        c->n_moves += c->items[i].kind == TS_PREDICT_MOVES;
    }
    return c;
}

void ts_claims_destroy(ts_claims *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].from);
        free(c->items[i].to);
        free(c->items[i].who);
    }
    free(c->items);
    free(c);
}
