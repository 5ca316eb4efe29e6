#include "sim/engine/shock_starts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/random/rng.h"

/* Shocks' starts draw from stream (seed ^ salt, run): apart from the
 * pools', the executives' and the parameters'. */
#define SHOCK_STREAM_SALT UINT64_C(0x73686f636b737461) /* "shocksta" */

/* A chance written as exactly 0 or 1 has one outcome, as has a start the
 * record settles; any other (or a distribution, whose draws may fall
 * anywhere in [0, 1]) has a step of the window or never. */
static size_t radix_of(const ts_shock_starts *s, size_t i, const ts_shock *x)
{
    bool fixed = x->chance.dist.kind == TS_DIST_NONE &&
                 (x->chance.value == 0 || x->chance.value == 1);
    return fixed || s->settled[i] != TS_SHOCK_OPEN
               ? 1
               : s->to[i] - s->from[i] + 1;
}

/* What the record says of shock x (SPEC section 8): started at a step
 * before as_of (an event there), or not started by as_of, when what is
 * left of its window from as_of on starts it by the geometric law
 * restarted there; a window over by then never starts. */
static void apply_record(const ts_scenario *sc, const ts_shock *x,
                         ts_shock_starts *s, size_t i)
{
    size_t begin = ts_scenario_as_of(sc);
    const ts_record *r = sc->record;
    for (size_t j = 0; r && j < r->n_shocks; j++) {
        if (strcmp(r->shocks[j].id, x->id.s) != 0 || r->shocks[j].never)
            continue;
        s->from[i] = ts_scenario_month_step(sc, r->shocks[j].started);
        s->to[i] = s->from[i] + 1;
        s->settled[i] = TS_SHOCK_STARTED;
        return;
    }
    if (s->from[i] < begin)
        s->from[i] = begin;
    if (s->from[i] >= s->to[i]) {
        s->to[i] = s->from[i];
        s->settled[i] = TS_SHOCK_NEVER;
    }
}

ts_shock_starts *ts_shock_starts_create(const ts_scenario *sc)
{
    ts_shock_starts *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t n = sc->n_shocks;
    s->n = n;
    s->dt = ts_scenario_dt(sc);
    s->from = calloc(n + 1, sizeof *s->from);
    s->to = calloc(n + 1, sizeof *s->to);
    s->lasts = calloc(n + 1, sizeof *s->lasts);
    s->radix = calloc(n + 1, sizeof *s->radix);
    s->settled = calloc(n + 1, sizeof *s->settled);
    if (!s->from || !s->to || !s->lasts || !s->radix || !s->settled) {
        ts_shock_starts_destroy(s);
        return NULL;
    }
    s->n_combos = 1;
    for (size_t i = 0; i < n; i++) {
        const ts_shock *x = &sc->shocks[i];
        s->from[i] = x->step_from;
        s->to[i] = x->step_to;
        s->lasts[i] = x->lasts.given ? (size_t)x->lasts.value : sc->horizon;
        apply_record(sc, x, s, i);
        s->radix[i] = radix_of(s, i, x);
        s->n_combos *= s->radix[i];
    }
    return s;
}

void ts_shock_starts_destroy(ts_shock_starts *s)
{
    if (!s)
        return;
    free(s->from);
    free(s->to);
    free(s->lasts);
    free(s->radix);
    free(s->settled);
    free(s);
}

/* The per-step chance q of an annual chance over dt years. */
static double step_chance(double chance, double dt)
{
    return chance >= 1 ? 1 : -expm1(dt * log1p(-chance));
}

void ts_shock_start_probs(const ts_shock_starts *s, size_t i, double chance,
                          double *p)
{
    double q = s->settled[i] == TS_SHOCK_STARTED ? 1
                                                 : step_chance(chance, s->dt);
    double none = 1;
    size_t w = s->to[i] - s->from[i];
    for (size_t k = 0; k < w; k++) {
        p[k] = none * q;
        none *= 1 - q;
    }
    p[w] = none;
}

/* The one start of a shock with one outcome. */
static size_t settled_start(const ts_shock_starts *s, size_t i, double q)
{
    if (s->settled[i] == TS_SHOCK_STARTED)
        return s->from[i];
    if (s->settled[i] == TS_SHOCK_NEVER)
        return SIZE_MAX;
    return q > 0 ? s->from[i] : SIZE_MAX;
}

double ts_shock_combo(const ts_shock_starts *s, size_t c,
                      const double *chance, size_t *starts)
{
    double weight = 1;
    for (size_t i = 0; i < s->n; i++) {
        size_t digit = c % s->radix[i];
        c /= s->radix[i];
        double q = step_chance(chance[i], s->dt);
        size_t w = s->to[i] - s->from[i];
        if (s->radix[i] == 1) { /* settled, or a fixed chance of 0 or 1 */
            starts[i] = settled_start(s, i, q);
            continue;
        }
        if (digit == w) {
            starts[i] = SIZE_MAX;
            weight *= pow(1 - q, (double)w);
        } else {
            starts[i] = s->from[i] + digit;
            weight *= pow(1 - q, (double)digit) * q;
        }
    }
    return weight;
}

size_t ts_shock_combo_of(const ts_shock_starts *s, const size_t *starts)
{
    size_t c = 0, stride = 1;
    for (size_t i = 0; i < s->n; i++) {
        size_t digit;
        if (s->radix[i] == 1) {
            digit = 0;
        } else {
            digit = starts[i] == SIZE_MAX ? s->to[i] - s->from[i]
                                          : starts[i] - s->from[i];
        }
        c += digit * stride;
        stride *= s->radix[i];
    }
    return c;
}

void ts_shock_chances(const ts_scenario *sc, const ts_slots *slots,
                      const double *x, double *chance)
{
    for (size_t i = 0; i < sc->n_shocks; i++)
        chance[i] = ts_slots_value(slots, x, &sc->shocks[i].chance);
}

void ts_shock_draw_starts(const ts_shock_starts *s, const double *chance,
                          uint64_t seed, size_t run, gsl_rng *rng,
                          size_t *starts)
{
    uint64_t key = ts_rng_stream_key(seed ^ SHOCK_STREAM_SALT, run);
    for (size_t i = 0; i < s->n; i++) {
        double q = step_chance(chance[i], s->dt);
        starts[i] = SIZE_MAX;
        if (s->settled[i] != TS_SHOCK_OPEN) {
            starts[i] = settled_start(s, i, q);
            continue;
        }
        if (q <= 0)
            continue;
        if (q >= 1) {
            starts[i] = s->from[i];
            continue;
        }
        /* K = floor(ln U / ln(1 - q)) is geometric: P(K = k) =
         * (1 - q)^k q */
        ts_rng_seed_substream(rng, key, i);
        double k = floor(log(ts_rng_open01(rng)) / log1p(-q));
        if (k < (double)(s->to[i] - s->from[i]))
            starts[i] = s->from[i] + (size_t)k;
    }
}
