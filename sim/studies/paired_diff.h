/* Paired differences between two scenarios (SPEC section 6): run r of
 * one against run r of the other, which drew the same random numbers,
 * at the dates both have; per pool the 5th, 50th and 95th percentiles
 * of the differences, and the deterministic difference. */
#ifndef TS_PAIRED_DIFF_H
#define TS_PAIRED_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;

typedef struct ts_paired_diff {
    size_t n_dates;            /* dates b shares with a */
    size_t *step_a, *step_b;   /* their steps in a and in b */
    double *q;                 /* pools x dates x 3: p05, p50, p95 */
    double *det;               /* pools x dates: deterministic b - a */
} ts_paired_diff;

/* Whether r kept every run's stocks, which pairing reads. */
bool ts_paired_runs_kept(const ts_results *r);

/* b minus a for n pools, pool p being ja[p] in a and jb[p] in b, over
 * the runs both have (both kept, from the same seed); buf holds a
 * double per run. False when out of memory (free x all the same). */
bool ts_paired_diff_compute(const ts_scenario *sa, const ts_results *ra,
                            const ts_scenario *sb, const ts_results *rb,
                            const size_t *ja, const size_t *jb, size_t n,
                            double *buf, ts_paired_diff *x);
void ts_paired_diff_free(ts_paired_diff *x);

/* Claim cb of rb minus claim ca of ra, run by run over the runs both
 * have (both kept their claims' runs, from the same seed): the mean of
 * the paired differences and its standard error. False when a run kept
 * no claims run by run. */
bool ts_paired_claim_diff(const ts_results *ra, size_t ca,
                          const ts_results *rb, size_t cb, double *diff,
                          double *se);

#endif
