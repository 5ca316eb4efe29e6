#include "sim/engine/schedule.h"

#include <stdlib.h>
#include <string.h>

#include "sim/random/param_draw.h"

/* Event values draw from the parameters' stream, after the slots' own
 * sub-streams (see sim/random/param_draw.c); shocks' values after those, so
 * that adding a shock changes no event's draw. */
#define EVENT_SUBSTREAM_BASE (UINT64_C(1) << 40)
#define SHOCK_SUBSTREAM_BASE (UINT64_C(1) << 41)

static int by_step(const void *a, const void *b)
{
    const ts_change *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    /* same step: keep the order of the file (qsort is not stable) */
    return x->order < y->order ? -1 : x->order > y->order;
}

/* One change of PATH: value (an event's or a shock's). False when the
 * path names no slot (cannot happen after validation). */
static bool make_change(const ts_slots *s, const ts_event_set *set,
                        size_t step, size_t ramp, ts_change *c)
{
    size_t slot = ts_slots_find(s, set->path);
    if (slot == SIZE_MAX)
        return false;
    *c = (ts_change){slot, step, ramp, SIZE_MAX, &set->value,
                     &s->items[slot].range, 0, 0, SIZE_MAX};
    return true;
}

ts_schedule *ts_schedule_create(const ts_scenario *sc, const ts_slots *s)
{
    ts_schedule *sch = calloc(1, sizeof *sch);
    size_t total = 0, shock_total = 0;
    for (size_t i = 0; i < sc->n_events; i++)
        total += sc->events[i].n_sets;
    for (size_t i = 0; i < sc->n_shocks; i++)
        shock_total += sc->shocks[i].event.n_sets;
    if (!sch || !(sch->items = calloc(total + 1, sizeof *sch->items)) ||
        !(sch->shock = calloc(shock_total + 1, sizeof *sch->shock))) {
        ts_schedule_destroy(sch);
        return NULL;
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        const ts_event *e = &sc->events[i];
        for (size_t k = 0; k < e->n_sets; k++) {
            ts_change *c = &sch->items[sch->n];
            if (!make_change(s, &e->sets[k], e->step,
                             e->ramp.given ? (size_t)e->ramp.value : 1, c))
                continue; /* cannot happen after validation */
            c->order = sch->n++;
            sch->n_uncertain += c->value->dist.kind != TS_DIST_NONE;
        }
    }
    qsort(sch->items, sch->n, sizeof *sch->items, by_step);
    for (size_t i = 0; i < sch->n; i++)
        sch->items[i].value_index = i;
    for (size_t i = 0; i < sc->n_shocks; i++) {
        const ts_event *e = &sc->shocks[i].event;
        for (size_t k = 0; k < e->n_sets; k++) {
            ts_change *c = &sch->shock[sch->n_shock];
            if (!make_change(s, &e->sets[k], 0, 1, c))
                continue;
            c->shock = i;
            c->order = total + sch->n_shock;
            c->value_index = sch->n + sch->n_shock++;
            sch->n_uncertain += c->value->dist.kind != TS_DIST_NONE;
        }
    }
    sch->touches_executives = sc->n_execs > 0 && sch->n + sch->n_shock > 0;
    return sch;
}

const ts_change *ts_schedule_change_of(const ts_schedule *s,
                                       size_t value_index)
{
    return value_index < s->n ? &s->items[value_index]
                              : &s->shock[value_index - s->n];
}

void ts_schedule_with_starts(const ts_schedule *base, const size_t *starts,
                             const size_t *lasts, ts_schedule *out)
{
    memcpy(out->items, base->items, base->n * sizeof *base->items);
    out->n = base->n;
    out->shock = NULL;
    out->n_shock = 0;
    out->n_uncertain = base->n_uncertain;
    out->touches_executives = base->touches_executives;
    for (size_t j = 0; j < base->n_shock; j++) {
        const ts_change *t = &base->shock[j];
        size_t start = starts[t->shock];
        if (start == SIZE_MAX)
            continue;
        ts_change *c = &out->items[out->n++];
        *c = *t;
        c->step = start;
        c->until = lasts[t->shock] > SIZE_MAX - start ? SIZE_MAX
                                                      : start + lasts[t->shock];
    }
    qsort(out->items, out->n, sizeof *out->items, by_step);
}

void ts_schedule_destroy(ts_schedule *s)
{
    if (!s)
        return;
    free(s->items);
    free(s->shock);
    free(s);
}

void ts_schedule_means(const ts_schedule *s, double *ev)
{
    for (size_t i = 0; i < s->n; i++)
        ev[i] = s->items[i].value->value;
    for (size_t j = 0; j < s->n_shock; j++)
        ev[s->n + j] = s->shock[j].value->value;
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
    for (size_t j = 0; j < s->n_shock; j++)
        if (!ts_param_draw(s->shock[j].value, s->shock[j].range, rng, key,
                           SHOCK_SUBSTREAM_BASE + j, &ev[s->n + j]) &&
            bad == SIZE_MAX)
            bad = s->n + j;
    return bad;
}

/* xk = the slot values governing step k: x with every change up to
 * step k applied (s may be NULL: no events). */
static void values_at(const ts_schedule *s, const double *x, const double *ev,
                      size_t n_slots, size_t k, double *xk)
{
    memcpy(xk, x, n_slots * sizeof *xk);
    for (size_t i = 0; s && i < s->n && s->items[i].step <= k; i++) {
        const ts_change *c = &s->items[i];
        if (k >= c->until)
            continue; /* a shock that ended: as if it never was */
        size_t j = k - c->step;
        double old = xk[c->slot], to = ev[c->value_index];
        xk[c->slot] = j + 1 >= c->ramp
                          ? to
                          : old + (to - old) * (double)(j + 1) /
                                      (double)c->ramp;
    }
}

size_t ts_schedule_values(const ts_scenario *sc, const ts_slots *slots,
                          const ts_schedule *s, const double *x,
                          const double *ev, size_t k, double *xk,
                          ts_values *v)
{
    values_at(s, x, ev, slots->n, k, xk);
    ts_values_from_scenario(sc, v);
    return ts_values_apply_slots(sc, slots, xk, v);
}
