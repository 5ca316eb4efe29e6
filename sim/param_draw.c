#include "sim/param_draw.h"

#include "sim/rng.h"

/* Parameter draws use stream (seed ^ salt, run), apart from the pools'
 * (seed, run) and the executives'. */
#define PARAM_STREAM_SALT UINT64_C(0x706172616d657465) /* "paramete" */

size_t ts_slots_draw(const ts_slots *s, uint64_t seed, size_t run,
                     gsl_rng *rng, double *x)
{
    uint64_t key = ts_rng_stream_key(seed ^ PARAM_STREAM_SALT, run);
    size_t bad = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        const ts_param *p = s->items[i].param;
        if (p->dist.kind == TS_DIST_NONE) {
            x[i] = p->value;
            continue;
        }
        ts_rng_seed_substream(rng, key, i);
        x[i] = ts_dist_draw(&p->dist, rng);
        if (bad == SIZE_MAX && !ts_range_contains(&s->items[i].range, x[i]))
            bad = i;
    }
    return bad;
}
