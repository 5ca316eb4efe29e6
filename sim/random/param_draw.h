/* One Monte Carlo run's parameters: each uncertain slot is drawn once per
 * run (SPEC section 1, Uncertainty), from a sub-stream of its own of
 * stream (seed xor a salt, run): the draws of run r do not depend on the
 * thread count, and adding an uncertain parameter does not change the
 * others' draws. */
#ifndef TS_PARAM_DRAW_H
#define TS_PARAM_DRAW_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "models/load/param_slots.h"

/* The key of run `run`'s parameter stream. */
uint64_t ts_param_stream_key(uint64_t seed, size_t run);

/* *out = p's value, or a draw from sub-stream `sub` of key when p is a
 * distribution; false when the draw falls outside range. */
bool ts_param_draw(const ts_param *p, const ts_range *range, gsl_rng *rng,
                   uint64_t key, uint64_t sub, double *out);

/* x = run `run`'s values: draws for uncertain slots, the value for the
 * others. Returns the first slot whose draw fell outside its range
 * (never clamped), or SIZE_MAX. */
size_t ts_slots_draw(const ts_slots *s, uint64_t seed, size_t run,
                     gsl_rng *rng, double *x);

#endif
