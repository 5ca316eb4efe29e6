#include "sim/exec/claim_terms.h"

#include <stdlib.h>

static int by_expected(const void *a, const void *b)
{
    const ts_claim_term *x = a, *y = b;
    if (x->expected != y->expected)
        return x->expected < y->expected ? 1 : -1;
    if (x->entity != y->entity)  /* ties in the file's order */
        return x->entity < y->entity ? -1 : 1;
    return (x->pool > y->pool) - (x->pool < y->pool);
}

/* A named executive: one row, at their most likely pool at the start. */
static size_t named_row(const double *terms, const double *at_start,
                        size_t n, size_t e, ts_claim_term *row)
{
    double p = 0, best = -1;
    size_t pool = 0;
    for (size_t i = 0; i < n; i++) {
        p += terms[i];
        if (at_start[i] > best) {
            best = at_start[i];
            pool = i;
        }
    }
    *row = (ts_claim_term){e, pool, 1, p, p};
    return p > 0;
}

size_t ts_claim_terms(const ts_exec_exact *x, const ts_scenario *sc,
                      const ts_exec_model *m, const ts_claims *claims,
                      size_t c, ts_claim_term *rows)
{
    const ts_claim *cl = &claims->items[c];
    size_t n = x->n, got = 0;
    if (!x->terms || cl->kind != TS_PREDICT_MOVES)
        return 0;
    for (size_t e = 0; e < x->n_entities; e++) {
        const double *terms = x->terms + (c * x->n_entities + e) * n;
        const double *at_start = x->term_at + (c * x->n_entities + e) * n;
        if (!ts_claim_about(cl, e))
            continue;
        if (!sc->execs[e].is_group) {
            got += named_row(terms, at_start, n, e, &rows[got]);
            continue;
        }
        double count = (double)m->count[e];
        for (size_t i = 0; i < n; i++)
            if (terms[i] > 0)
                rows[got++] = (ts_claim_term){e, i, count * at_start[i],
                                              terms[i] / at_start[i],
                                              count * terms[i]};
    }
    qsort(rows, got, sizeof *rows, by_expected);
    return got;
}
