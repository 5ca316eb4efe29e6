/* The physical cost of a Monte Carlo workload: the same binomial and
 * Poisson variates the simulation draws (one likeliest-first multinomial
 * split per pool and step for the people, one Poisson per destination
 * and step for the entrants), with the same samplers and generator, in
 * a tight loop with nothing else: no bookkeeping, no sub-stream
 * seeding, no summaries. The counts are the deterministic projection's,
 * rounded, which the simulation's follow closely. It also counts the
 * binomials the planned splits (sim/random/sampler.h) draw per run against a
 * split column by column in index order (GSL's gsl_ran_multinomial
 * draws one per column of positive probability), and the cells of
 * probability 0 that are never drawn.
 *   bench/ts_draws SCENARIO.yaml [RUNS]   prints seconds and runs/s */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/load/loader.h"
#include "models/validate/validate.h"
#include "sim/engine/project.h"
#include "sim/random/rng.h"
#include "sim/random/sampler.h"
#include "sim/engine/timeline.h"

/* Binomials one split drew, from its result: in each sequence of the
 * plan, one per position up to the last that received anyone, none for
 * a sequence's last position (it takes the rest). The rare sequence is
 * drawn only when its lump received anyone, and then person by person
 * (*people of them, one uniform each) when the lump is small
 * (TS_PEOPLE_ONE_BY_ONE). */
static size_t binomials_drawn(const ts_splits *s, size_t row,
                              const uint32_t *column, const unsigned *count,
                              size_t got, const uint32_t *pos,
                              size_t *people)
{
    size_t rare = s->rare[row], end = s->count[row];
    size_t last_a = 0, last_b = 0;
    unsigned lumped = 0;
    bool any_a = false, any_b = false;
    for (size_t c = 0; c < got; c++) {
        size_t p = pos[column[c]];
        if (p < rare) {
            last_a = any_a && last_a > p ? last_a : p;
            any_a = true;
        } else {
            last_b = any_b && last_b > p ? last_b : p;
            any_b = true;
            lumped += count[c];
        }
    }
    if (any_b) { /* the lump, at position 1, received them */
        last_a = any_a && last_a > 1 ? last_a : 1;
        any_a = true;
    }
    size_t drawn = any_a ? (last_a + 1 < rare ? last_a + 1 : rare - 1) : 0;
    if (any_b && ts_splits_one_by_one(s, row, lumped))
        *people += lumped;
    else if (any_b)
        drawn += last_b + 1 < end ? last_b + 1 - rare : end - 1 - rare;
    return drawn;
}

/* Columns of positive probability in a row: what a split column by
 * column in index order draws a binomial for. */
static size_t positive_columns(const ts_splits *s, size_t row)
{
    return s->count[row] - (s->rare[row] < s->count[row]);
}

/* One run's draws, with the binomials counted when rank is not NULL. */
static unsigned run_draws(const ts_timeline *t, const ts_projection *p,
                          const ts_sampler *sp, uint32_t *column,
                          unsigned *count,
                          const uint32_t *rank, size_t *drawn,
                          size_t *by_column, size_t *one_by_one)
{
    size_t K = t->K, n = K + 1;
    unsigned sink = 0;
    for (size_t k = 0; k < t->steps; k++) {
        const ts_chain *c = ts_timeline_chain(t, k);
        for (size_t i = 0; i < K; i++) {
            unsigned people = (unsigned)(p->stock[k * n + i] + 0.5);
            if (!people)
                continue;
            size_t got = ts_splits_draw(c->people, i, sp, people, column,
                                        count);
            sink += count[0];
            if (rank) {
                *drawn += binomials_drawn(c->people, i, column, count,
                                          got, rank + (k * K + i) * n,
                                          one_by_one);
                *by_column += positive_columns(c->people, i);
            }
        }
        for (size_t j = 0; j < n; j++)
            if (t->arrivals[k * n + j] > 0)
                sink += ts_sample_poisson(sp, t->arrivals[k * n + j]);
    }
    return sink;
}

/* rank[(k K + i) n + column] = its position in row i's plan at step
 * k. */
static uint32_t *ranks_of(const ts_timeline *t)
{
    size_t K = t->K, n = K + 1;
    uint32_t *rank = calloc(t->steps * K * n, sizeof *rank);
    for (size_t k = 0; rank && k < t->steps; k++) {
        const ts_splits *s = ts_timeline_chain(t, k)->people;
        for (size_t i = 0; i < K; i++)
            for (size_t c = 0; c < s->count[i]; c++) {
                uint32_t col = s->column[i * (n + 1) + c];
                if (col != TS_SPLIT_LUMP)
                    rank[(k * K + i) * n + col] = (uint32_t)c;
            }
    }
    return rank;
}

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
    size_t n = t->K + 1;
    uint32_t *column = calloc(n, sizeof *column), *rank = ranks_of(t);
    unsigned *count = calloc(n, sizeof *count), sink = 0;
    gsl_rng *rng = ts_rng_alloc();
    ts_rng_seed_stream(rng, 1, 0);
    /* the table the simulation would use (sim/mc/montecarlo.c) */
    size_t table = (size_t)1 << 19;
    double *log_fact = ts_log_factorial_table(table);
    ts_sampler sp = {rng, log_fact, table};
    size_t drawn = 0, by_column = 0, zero = 0, people = 0;
    for (size_t k = 0; k < t->steps; k++)
        zero += ts_timeline_chain(t, k)->people->zero;
    sink += run_draws(t, p, &sp, column, count, rank, &drawn, &by_column,
                      &people);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (size_t r = 0; r < runs; r++)
        sink += run_draws(t, p, &sp, column, count, NULL, NULL, NULL, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) +
                  (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("seconds=%.3f runs=%zu runs_per_second=%.1f (sink %u)\n", secs,
           runs, (double)runs / secs, sink % 2);
    printf("binomials per run: %zu planned (and %zu people of small lumps "
           "one by one), %zu column by column; zero-probability cells never "
           "drawn: %zu\n",
           drawn, people, by_column, zero);
    free(column);
    free(count);
    free(rank);
    free(log_fact);
    gsl_rng_free(rng);
    ts_projection_destroy(p);
    ts_timeline_destroy(t);
    ts_values_destroy(v);
    ts_scenario_destroy(sc);
    return 0;
}
