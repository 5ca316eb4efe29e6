#include "sim/engine/values.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "models/validate/validate.h"

ts_values *ts_values_create(size_t K)
{
    ts_values *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->K = K;
    v->headcount = calloc(K, sizeof(double));
    v->inflow = calloc(K, sizeof(double));
    v->growth = calloc(K, sizeof(double));
    v->retention = calloc(K, sizeof(double));
    v->share = calloc(K * (K + 1), sizeof(double));
    v->pull = calloc(K + 1, sizeof(double));
    if (!v->headcount || !v->inflow || !v->growth || !v->retention ||
        !v->share || !v->pull) {
        ts_values_destroy(v);
        return NULL;
    }
    return v;
}

void ts_values_destroy(ts_values *v)
{
    if (!v)
        return;
    free(v->headcount);
    free(v->inflow);
    free(v->growth);
    free(v->retention);
    free(v->share);
    free(v->pull);
    free(v);
}

bool ts_values_share_row(const ts_shares *shares, size_t K,
                         const ts_slots *slots, const double *x, double *row)
{
    double named = 0;
    memset(row, 0, (K + 1) * sizeof *row);
    for (size_t s = 0; s < shares->n; s++) {
        const ts_share *sh = &shares->items[s];
        if (sh->dest_index == K)
            continue; /* outside takes the remainder below */
        double v = ts_slots_value(slots, x, &sh->share);
        row[sh->dest_index] += v;
        named += v;
    }
    /* Validation allows sums up to 1 + TS_SHARE_SUM_TOL: within that
     * tolerance the remainder is zero, not negative. */
    row[K] = named < 1 ? 1 - named : 0;
    return named <= 1 + TS_SHARE_SUM_TOL;
}

void ts_values_from_scenario(const ts_scenario *sc, ts_values *v)
{
    size_t K = v->K;
    for (size_t i = 0; i < K; i++) {
        const ts_pool *p = &sc->pools[i];
        v->headcount[i] = p->headcount.value;
        v->inflow[i] = p->inflow.given ? p->inflow.value : 0;
        v->growth[i] = p->inflow_growth.given ? p->inflow_growth.value : 0;
        v->pull[i] = p->pull.given ? p->pull.value : 0;
        v->retention[i] = p->retention.value;
        ts_values_share_row(&p->to, K, NULL, NULL, v->share + i * (K + 1));
    }
}

size_t ts_values_apply_slots(const ts_scenario *sc, const ts_slots *s,
                             const double *x, ts_values *v)
{
    size_t K = v->K, bad = SIZE_MAX;
    (void)sc;
    /* the shares of every pool that has any are rebuilt from the slots:
     * a pool's `to` entries are all given, so all are slots */
    bool *rebuilt = calloc(K + 1, sizeof *rebuilt);
    for (size_t i = 0; rebuilt && i < s->n; i++)
        if (s->items[i].kind == TS_SLOT_SHARE &&
            !rebuilt[s->items[i].owner]) {
            rebuilt[s->items[i].owner] = true;
            memset(v->share + s->items[i].owner * (K + 1), 0,
                   (K + 1) * sizeof *v->share);
        }
    for (size_t i = 0; i < s->n; i++) {
        const ts_slot *slot = &s->items[i];
        size_t o = slot->owner;
        switch (slot->kind) {
        case TS_SLOT_HEADCOUNT: v->headcount[o] = x[i]; break;
        case TS_SLOT_INFLOW: v->inflow[o] = x[i]; break;
        case TS_SLOT_GROWTH: v->growth[o] = x[i]; break;
        case TS_SLOT_PULL: v->pull[o] = x[i]; break;
        case TS_SLOT_RETENTION: v->retention[o] = x[i]; break;
        case TS_SLOT_SHARE:
            if (slot->dest != K) /* outside takes the remainder below */
                v->share[o * (K + 1) + slot->dest] += x[i];
            break;
        default: break;
        }
    }
    for (size_t o = 0; rebuilt && o < K; o++) {
        if (!rebuilt[o])
            continue;
        double *row = v->share + o * (K + 1), named = 0;
        for (size_t j = 0; j < K; j++)
            named += row[j];
        row[K] = named < 1 ? 1 - named : 0;
        if (named > 1 + TS_SHARE_SUM_TOL && bad == SIZE_MAX)
            bad = o;
    }
    free(rebuilt);
    return bad;
}
