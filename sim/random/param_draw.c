#include "sim/random/param_draw.h"

#include "sim/random/rng.h"

/* Parameter draws use stream (seed ^ salt, run), apart from the pools'
 * (seed, run) and the executives'. */
#define PARAM_STREAM_SALT UINT64_C(0x706172616d657465) /* "paramete" */

uint64_t ts_param_stream_key(uint64_t seed, size_t run)
{
    return ts_rng_stream_key(seed ^ PARAM_STREAM_SALT, run);
}

bool ts_param_draw(const ts_param *p, const ts_range *range, gsl_rng *rng,
                   uint64_t key, uint64_t sub, double *out)
{
    if (p->dist.kind == TS_DIST_NONE) {
        *out = p->value;
        return true;
    }
    ts_rng_seed_substream(rng, key, sub);
    *out = ts_dist_draw(&p->dist, rng);
    return ts_range_contains(range, *out);
}

size_t ts_slots_draw(const ts_slots *s, uint64_t seed, size_t run,
                     gsl_rng *rng, double *x)
{
    uint64_t key = ts_param_stream_key(seed, run);
    size_t bad = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++)
        if (!ts_param_draw(s->items[i].param, &s->items[i].range, rng, key, i,
                           &x[i]) &&
            bad == SIZE_MAX)
            bad = i;
    return bad;
}
