/* The events of a scenario as changes of parameter slots over steps
 * (SPEC section 1, Events): without a ramp the new value governs step
 * `at` and every later step; with `ramp: N` step at + j uses
 * old + (new - old) (j + 1) / N for j < N, where old is the value that
 * step would have had without the event. */
#ifndef TS_SCHEDULE_H
#define TS_SCHEDULE_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/load/param_slots.h"
#include "models/scenario/scenario.h"
#include "sim/engine/values.h"

typedef struct ts_change {
    size_t slot;
    size_t step;               /* the first step it governs */
    size_t ramp;               /* >= 1 */
    size_t until;              /* the first step it no longer governs (a
                                  shock's end); SIZE_MAX: none */
    const ts_param *value;     /* the new value: a number or distribution */
    const ts_range *range;     /* the slot's */
    size_t order;              /* place in the file; shocks after events */
    size_t value_index;        /* its value in the values vector ev */
    size_t shock;              /* the shock it belongs to; SIZE_MAX: an
                                  event's */
} ts_change;

/* The events' changes, and the shocks' as templates whose step is not
 * known until a run draws the shocks' starts (ts_schedule_with_starts).
 * The values vector ev holds the n events' changes (value_index i for
 * items[i]) and then the n_shock shock changes (n + j for shock[j]). */
typedef struct ts_schedule {
    ts_change *items;          /* in order of step, then of the file */
    size_t n;
    ts_change *shock;          /* templates, shock by shock */
    size_t n_shock;
    size_t n_uncertain;        /* values that are distributions */
    bool touches_executives;
} ts_schedule;

/* Values in ev: events' and shocks' changes. */
static inline size_t ts_schedule_n_values(const ts_schedule *s)
{
    return s ? s->n + s->n_shock : 0;
}

/* The change whose value is ev[value_index]. */
const ts_change *ts_schedule_change_of(const ts_schedule *s,
                                       size_t value_index);

/* `out` = the events' changes with each shock's changes at the start
 * starts[i] (SIZE_MAX: it never starts) governing `lasts[i]` steps, in
 * the order ts_schedule_at applies them: by step, and at one step events
 * before shocks. out->items needs room for n + n_shock changes. */
void ts_schedule_with_starts(const ts_schedule *base, const size_t *starts,
                             const size_t *lasts, ts_schedule *out);

/* NULL when out of memory. Every event and shock path must name a slot
 * (the validated scenario guarantees it). With shocks the schedule is
 * created even without events. */
ts_schedule *ts_schedule_create(const ts_scenario *sc, const ts_slots *s);
void ts_schedule_destroy(ts_schedule *s);

/* The values of the changes in one run: ev[i] the mean of value i, or
 * a draw from its own sub-stream (after the slots'). Returns the first
 * value whose draw fell outside its slot's range, or SIZE_MAX. */
void ts_schedule_means(const ts_schedule *s, double *ev);
size_t ts_schedule_draw(const ts_schedule *s, uint64_t seed, size_t run,
                        gsl_rng *rng, double *ev);

/* The values governing step k: xk as above and v, the pools' values from
 * sc with xk applied. Returns a pool whose shares sum above 1 (a drawn
 * event value), else SIZE_MAX. */
size_t ts_schedule_values(const ts_scenario *sc, const ts_slots *slots,
                          const ts_schedule *s, const double *x,
                          const double *ev, size_t k, double *xk,
                          ts_values *v);

#endif
