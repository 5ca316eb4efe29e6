/* When the shocks start (SPEC section 5, Shocks). A shock with annual
 * chance c has per-step chance q = 1 - (1 - c)^dt, and starts at most
 * once: in step k of its window [k0, k1) with probability
 *
 *     P(start = k) = (1 - q)^(k - k0) q,    P(never) = (1 - q)^(k1 - k0),
 *
 * (c = 1 starts it at k0 for certain, c = 0 never). Shocks are
 * independent, so a combination of starts, one outcome per shock, has
 * the product of their probabilities. Combinations are numbered in mixed
 * radix: shock i has radix W_i + 1 (a step of its window, or never), or
 * 1 when its chance is a fixed 0 or 1. A run draws each shock's start by
 * inversion of the geometric law from a sub-stream of its own.
 *
 * With a record (SPEC section 8) a shock it says started at s starts at s
 * for certain; one still to start has the rest of its window from as_of,
 * k_a, by the law restarted there: P(start = k) = (1 - q)^(k - k_a) q. */
#ifndef TS_SHOCK_STARTS_H
#define TS_SHOCK_STARTS_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "models/load/param_slots.h"
#include "models/scenario/scenario.h"

/* What the record settles of a shock's start (SPEC section 8). */
enum { TS_SHOCK_OPEN, TS_SHOCK_STARTED, TS_SHOCK_NEVER };

typedef struct ts_shock_starts {
    size_t n;            /* shocks */
    size_t *from, *to;   /* windows [from, to); with a record, what is
                            left of them from as_of */
    int *settled;        /* per shock: TS_SHOCK_OPEN, or what the record
                            says: started at `from`, or never */
    size_t *lasts;       /* steps each governs (the horizon: to the end) */
    size_t *radix;       /* outcomes counted in the combinations */
    size_t n_combos;
    double dt;
} ts_shock_starts;

/* NULL when out of memory; sc must be validated. */
ts_shock_starts *ts_shock_starts_create(const ts_scenario *sc);
void ts_shock_starts_destroy(ts_shock_starts *s);

/* p[k - from] = P(start in step k) for k in the window, p[to - from] =
 * P(never): to - from + 1 numbers summing to 1. */
void ts_shock_start_probs(const ts_shock_starts *s, size_t i, double chance,
                          double *p);

/* Combination c's start of each shock (SIZE_MAX: never), and its
 * probability with the chances `chance` (one per shock). */
double ts_shock_combo(const ts_shock_starts *s, size_t c,
                      const double *chance, size_t *starts);

/* The combination of starts; SIZE_MAX when one is not among the
 * combinations (a drawn chance of exactly 0 or 1 where the fixed one is
 * not). */
size_t ts_shock_combo_of(const ts_shock_starts *s, const size_t *starts);

/* The chance of each shock in slot values x. */
void ts_shock_chances(const ts_scenario *sc, const ts_slots *slots,
                      const double *x, double *chance);

/* Run `run`'s starts: shock i from sub-stream i of stream
 * (seed ^ salt, run), so adding a shock changes no other draw. */
void ts_shock_draw_starts(const ts_shock_starts *s, const double *chance,
                          uint64_t seed, size_t run, gsl_rng *rng,
                          size_t *starts);

#endif
