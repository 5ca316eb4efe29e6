/* Running one scenario's Monte Carlo on several processes (MPI ranks):
 * rank r of R takes runs [r * N / R, (r + 1) * N / R), and the integer
 * results are summed across ranks onto every rank. Since run i draws only
 * from its own streams, the result is the same for any number of ranks.
 * Built without MPI (TALENTSIM_MPI off) there is one rank and nothing to
 * merge. */
#ifndef TS_RANKS_H
#define TS_RANKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ts_ranks {
    int rank;
    int size;
} ts_ranks;

/* Starts MPI when built with it (argc/argv as main's); *r gets this
 * process's rank and the count. */
void ts_ranks_init(int *argc, char ***argv, ts_ranks *r);
void ts_ranks_finish(void);

/* This rank's runs of `runs`. */
void ts_ranks_span(const ts_ranks *r, size_t runs, size_t *begin,
                   size_t *end);

/* Sums n counters across ranks, in place, on every rank. False when the
 * communication failed. */
bool ts_ranks_sum_u32(const ts_ranks *r, uint32_t *x, size_t n);
bool ts_ranks_sum_u64(const ts_ranks *r, uint64_t *x, size_t n);

/* The smallest of each rank's x (a run number; SIZE_MAX for none), and
 * the rank that has it. */
bool ts_ranks_min(const ts_ranks *r, uint64_t x, uint64_t *min, int *owner);

/* Broadcasts n 64-bit values from rank `from`. */
bool ts_ranks_share(const ts_ranks *r, uint64_t *x, size_t n, int from);

#endif
