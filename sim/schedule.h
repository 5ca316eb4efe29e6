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

#include "models/param_slots.h"
#include "models/scenario.h"
#include "sim/values.h"

typedef struct ts_change {
    size_t slot;
    size_t step;               /* the first step it governs */
    size_t ramp;               /* >= 1 */
    const ts_param *value;     /* the new value: a number or distribution */
    const ts_range *range;     /* the slot's */
    size_t order;              /* place in the file */
} ts_change;

typedef struct ts_schedule {
    ts_change *items;          /* in order of step, then of the file */
    size_t n;
    size_t n_uncertain;        /* values that are distributions */
    bool touches_executives;
} ts_schedule;

/* NULL when out of memory. Every event path must name a slot (the
 * validated scenario guarantees it). */
ts_schedule *ts_schedule_create(const ts_scenario *sc, const ts_slots *s);
void ts_schedule_destroy(ts_schedule *s);

/* The values of the changes in one run: ev[i] the mean of change i, or
 * a draw from its own sub-stream (after the slots'). Returns the first
 * change whose draw fell outside its slot's range, or SIZE_MAX. */
void ts_schedule_means(const ts_schedule *s, double *ev);
size_t ts_schedule_draw(const ts_schedule *s, uint64_t seed, size_t run,
                        gsl_rng *rng, double *ev);

/* xk = the slot values governing step k: x with every change up to
 * step k applied (s may be NULL: no events). */
void ts_schedule_at(const ts_schedule *s, const double *x, const double *ev,
                    size_t n_slots, size_t k, double *xk);

/* The values governing step k: xk as above and v, the pools' values from
 * sc with xk applied. Returns a pool whose shares sum above 1 (a drawn
 * event value), else SIZE_MAX. */
size_t ts_schedule_values(const ts_scenario *sc, const ts_slots *slots,
                          const ts_schedule *s, const double *x,
                          const double *ev, size_t k, double *xk,
                          ts_values *v);

#endif
