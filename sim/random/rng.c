#include "sim/random/rng.h"

#include <limits.h>

_Static_assert(ULONG_MAX >= UINT64_MAX, "unsigned long must hold 64 bits");

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void xo_set(void *vstate, unsigned long seed)
{
    ts_xoshiro *st = vstate;
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64(&x);
}

/* GSL integer samplers expect values in [min, max]; the upper 32 bits
 * are the strongest of xoshiro256**'s output. */
static unsigned long xo_get(void *vstate)
{
    return (unsigned long)(ts_xoshiro_next(vstate) >> 32);
}

/* 53 random bits in [0, 1). */
static double xo_get_double(void *vstate)
{
    return (double)(ts_xoshiro_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", 0xffffffffUL, 0, sizeof(ts_xoshiro), xo_set, xo_get,
    xo_get_double};

const gsl_rng_type *const ts_rng_xoshiro256 = &xoshiro_type;

uint64_t ts_rng_stream_key(uint64_t seed, uint64_t stream)
{
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    uint64_t y = stream ^ a;
    return splitmix64(&y) ^ ts_rng_rotl(a, 17);
}

gsl_rng *ts_rng_alloc(void) { return gsl_rng_alloc(ts_rng_xoshiro256); }

void ts_rng_seed_stream(gsl_rng *rng, uint64_t seed, uint64_t stream)
{
    gsl_rng_set(rng, (unsigned long)ts_rng_stream_key(seed, stream));
}

void ts_rng_seed_substream(gsl_rng *rng, uint64_t key, uint64_t sub)
{
    uint64_t x = key ^ (sub * 0xd1342543de82ef95ULL);
    /* what gsl_rng_set does, without its indirect call: this runs for
     * every step and pool of every run */
    xo_set(rng->state, (unsigned long)splitmix64(&x));
}
