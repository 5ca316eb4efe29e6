/* Summaries of many Monte Carlo runs in memory that does not grow with
 * the number of runs: per step and pool, a histogram of the stock on a
 * log-linear grid and exact integer sums. Stocks below 256 have a bin
 * each; above, each power of two is split into 128 bins, so a bin is at
 * most 1/128 of its values wide and a percentile read at a bin's middle
 * is within 0.4% (1/256) of the exact one (see ts_sketch_quantile).
 * Counts and sums are integers, so merging workers or MPI ranks in any
 * order gives the same result. */
#ifndef TS_SKETCH_H
#define TS_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#define TS_SKETCH_BINS (256 + 24 * 128)

typedef struct ts_sketch {
    size_t cells;
    uint32_t *counts;     /* cells x TS_SKETCH_BINS */
    uint64_t *sum;        /* cells: sum of stocks */
    uint64_t *sumsq;      /* cells x 2: sum of squares, high and low words */
} ts_sketch;

/* Relative error bound of a percentile read from the sketch. */
#define TS_SKETCH_REL_ERROR (1.0 / 256)

ts_sketch *ts_sketch_create(size_t cells);
void ts_sketch_destroy(ts_sketch *s);

/* Adds one run's stocks (cells values). */
void ts_sketch_add(ts_sketch *s, const uint32_t *stocks);

/* into += from */
void ts_sketch_merge(ts_sketch *into, const ts_sketch *from);

/* The mean and sample sd of cell c over `runs` runs. */
void ts_sketch_moments(const ts_sketch *s, size_t c, size_t runs,
                       double *mean, double *sd);

/* The type-7 quantile at level p of cell c: the order statistics it
 * interpolates are read at their bins' middles. */
double ts_sketch_quantile(const ts_sketch *s, size_t c, size_t runs,
                          double p);

#endif
