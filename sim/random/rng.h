/* Random streams for Monte Carlo runs.
 *
 * Run r of a scenario with seed S draws from its own stream, seeded from
 * (S, r) alone, so results do not depend on how runs are spread over
 * threads or processes. The generator is xoshiro256** (Blackman & Vigna,
 * "Scrambled linear pseudorandom number generators", 2021) wrapped as a
 * gsl_rng_type so that GSL's samplers (binomial, Poisson, multinomial)
 * draw from it. GSL's own mt19937 uses only 32 bits of its seed, so a
 * million runs would share streams by the birthday bound; xoshiro's state
 * is filled from a 64-bit key by splitmix64. */
#ifndef TS_RNG_H
#define TS_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

extern const gsl_rng_type *const ts_rng_xoshiro256;

/* The state of a generator from ts_rng_alloc, for the inline draws
 * below: the Monte Carlo's samplers (sim/random/sampler.h) call them hundreds
 * of millions of times, where GSL's indirect call would show. */
typedef struct ts_xoshiro {
    uint64_t s[4];
} ts_xoshiro;

static inline uint64_t ts_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* One step of xoshiro256**: the next 64 bits. */
static inline uint64_t ts_xoshiro_next(ts_xoshiro *st)
{
    uint64_t *s = st->s;
    uint64_t result = ts_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ts_rng_rotl(s[3], 45);
    return result;
}

/* The next 64 bits of a generator from ts_rng_alloc. */
static inline uint64_t ts_rng_next(gsl_rng *rng)
{
    return ts_xoshiro_next(rng->state);
}

/* Uniform on the open interval (0, 1): 53 random bits, centred, so that
 * logarithms and divisions by 1/2 - |u - 1/2| are always finite. */
static inline double ts_rng_open01(gsl_rng *rng)
{
    return ((double)(ts_rng_next(rng) >> 11) + 0.5) * 0x1.0p-53;
}

/* The 64-bit key of stream `stream` under seed `seed`. */
uint64_t ts_rng_stream_key(uint64_t seed, uint64_t stream);

/* Allocates a generator (NULL when out of memory); free with gsl_rng_free. */
gsl_rng *ts_rng_alloc(void);

/* Positions rng at the start of stream `stream` of `seed`. */
void ts_rng_seed_stream(gsl_rng *rng, uint64_t seed, uint64_t stream);

/* Positions rng at sub-stream `sub` of the stream whose key is `key`
 * (ts_rng_stream_key). A run gives each (step, pool) and each uncertain
 * parameter a sub-stream of its own, so that a change in one place does
 * not shift the random numbers of every other (common random numbers
 * for comparing scenarios). */
void ts_rng_seed_substream(gsl_rng *rng, uint64_t key, uint64_t sub);

#endif
