/* The physical cost of a Monte Carlo workload: the same binomial and
 * Poisson variates the simulation draws (one multinomial per pool and
 * step for the people, one Poisson and one multinomial for the
 * entrants), from the same generator, in a tight loop with nothing else:
 * no bookkeeping, no sub-stream seeding, no summaries. The counts are
 * the deterministic projection's, rounded, which the simulation's
 * follow closely.
 *   bench/ts_draws SCENARIO.yaml [RUNS]   prints seconds and runs/s */
#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/loader.h"
#include "models/validate.h"
#include "sim/project.h"
#include "sim/rng.h"
#include "sim/timeline.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ts_draws SCENARIO.yaml [RUNS]\n");
        return 2;
    }
    ts_diags d;
    ts_diags_init(&d);
    ts_scenario *sc = NULL;
    if (ts_scenario_load(argv[1], &sc, &d) != TS_OK ||
        ts_scenario_validate(sc, &d) != TS_OK) {
        fprintf(stderr, "%s: does not load\n", argv[1]);
        return 2;
    }
    size_t runs = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : sc->runs;
    ts_values *v = ts_values_create(sc->n_pools);
    ts_values_from_scenario(sc, v);
    ts_timeline *t = ts_timeline_create(sc, v);
    ts_projection *p = ts_projection_create(t, v);
    size_t K = t->K, n = K + 1, H = t->steps;
    unsigned *split = calloc(n, sizeof *split), sink = 0;
    gsl_rng *rng = ts_rng_alloc();
    ts_rng_seed_stream(rng, 1, 0);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (size_t r = 0; r < runs; r++)
        for (size_t k = 0; k < H; k++) {
            const ts_chain *c = ts_timeline_chain(t, k);
            for (size_t i = 0; i < K; i++) {
                unsigned people = (unsigned)(p->stock[k * n + i] + 0.5);
                if (people)
                    gsl_ran_multinomial(rng, n, people,
                                        c->P->data + i * c->P->tda, split);
                double mu = t->inflow[k * K + i] * t->dt;
                unsigned e = mu > 0 ? gsl_ran_poisson(rng, mu) : 0;
                if (e)
                    gsl_ran_multinomial(rng, n, e,
                                        c->Phi->data + i * c->Phi->tda,
                                        split);
                sink += split[0];
            }
        }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) +
                  (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("seconds=%.3f runs=%zu runs_per_second=%.1f (sink %u)\n", secs,
           runs, (double)runs / secs, sink % 2);
    free(split);
    gsl_rng_free(rng);
    ts_projection_destroy(p);
    ts_timeline_destroy(t);
    ts_values_destroy(v);
    ts_scenario_destroy(sc);
    return 0;
}
