#include "sim/exec/claims.h"

#include <stdlib.h>

static bool *mask_of(const ts_pool_list *l, size_t n)
{
    bool *mask = calloc(n, sizeof *mask);
    if (mask)
        for (size_t i = 0; i < l->n; i++)
            mask[l->index[i]] = true;
    return mask;
}

static bool compile(const ts_scenario *sc, const ts_prediction *p,
                    ts_claim *c)
{
    size_t n = sc->n_pools + 1;
    c->kind = p->kind;
    c->id = p->id.s;
    c->text = p->text ? p->text : "";
    if (p->kind == TS_PREDICT_HEADCOUNT) {
        c->pool = p->pool_index;
        c->at_step = p->at_step;
        c->below = p->below.given;
        c->threshold = p->below.given ? p->below.value : p->above.value;
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
