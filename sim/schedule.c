#include "sim/schedule.h"

#include <stdlib.h>
#include <string.h>

#include "sim/param_draw.h"

/* Event values draw from the parameters' stream, after the slots' own
 * sub-streams (see sim/param_draw.c). */
#define EVENT_SUBSTREAM_BASE (UINT64_C(1) << 40)

static int by_step(const void *a, const void *b)
{
    const ts_change *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    /* same step: keep the order of the file (qsort is not stable) */
    return x->order < y->order ? -1 : x->order > y->order;
}

ts_schedule *ts_schedule_create(const ts_scenario *sc, const ts_slots *s)
{
    ts_schedule *sch = calloc(1, sizeof *sch);
    size_t total = 0;
    for (size_t i = 0; i < sc->n_events; i++)
        total += sc->events[i].n_sets;
    if (!sch || !(sch->items = calloc(total + 1, sizeof *sch->items))) {
        free(sch);
        return NULL;
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        const ts_event *e = &sc->events[i];
        for (size_t k = 0; k < e->n_sets; k++) {
            size_t slot = ts_slots_find(s, e->sets[k].path);
            if (slot == SIZE_MAX)
                continue; /* cannot happen after validation */
            ts_change *c = &sch->items[sch->n++];
            c->slot = slot;
            c->step = e->step;
            c->ramp = e->ramp.given ? (size_t)e->ramp.value : 1;
            c->value = &e->sets[k].value;
            c->range = &s->items[slot].range;
            c->order = sch->n - 1;
            sch->n_uncertain += c->value->dist.kind != TS_DIST_NONE;
            sch->touches_executives |= sc->n_execs > 0;
        }
    }
    qsort(sch->items, sch->n, sizeof *sch->items, by_step);
    return sch;
}

void ts_schedule_destroy(ts_schedule *s)
{
    if (!s)
        return;
    free(s->items);
    free(s);
}

void ts_schedule_means(const ts_schedule *s, double *ev)
{
    for (size_t i = 0; i < s->n; i++)
        ev[i] = s->items[i].value->value;
}

size_t ts_schedule_draw(const ts_schedule *s, uint64_t seed, size_t run,
                        gsl_rng *rng, double *ev)
{
    uint64_t key = ts_param_stream_key(seed, run);
    size_t bad = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++)
        if (!ts_param_draw(s->items[i].value, s->items[i].range, rng, key,
                           EVENT_SUBSTREAM_BASE + i, &ev[i]) &&
            bad == SIZE_MAX)
            bad = i;
    return bad;
}

void ts_schedule_at(const ts_schedule *s, const double *x, const double *ev,
                    size_t n_slots, size_t k, double *xk)
{
    memcpy(xk, x, n_slots * sizeof *xk);
    for (size_t i = 0; s && i < s->n && s->items[i].step <= k; i++) {
        const ts_change *c = &s->items[i];
        size_t j = k - c->step;
        double old = xk[c->slot];
        xk[c->slot] = j + 1 >= c->ramp
                          ? ev[i]
                          : old + (ev[i] - old) * (double)(j + 1) /
                                      (double)c->ramp;
    }
}

size_t ts_schedule_values(const ts_scenario *sc, const ts_slots *slots,
                          const ts_schedule *s, const double *x,
                          const double *ev, size_t k, double *xk,
                          ts_values *v)
{
    ts_schedule_at(s, x, ev, slots->n, k, xk);
    ts_values_from_scenario(sc, v);
    return ts_values_apply_slots(sc, slots, xk, v);
}
