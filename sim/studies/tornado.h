/* Which assumptions move the forecast: the deterministic projection with
 * one uncertain parameter at its 5th and then its 95th percentile and
 * every other parameter at its mean (a tornado). Uncertain parameters
 * are the slots with a distribution and the events' values that are
 * distributions. */
#ifndef TS_TORNADO_H
#define TS_TORNADO_H

#include <stddef.h>

#include "models/load/param_slots.h"
#include "models/scenario/scenario.h"
#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;

#define TS_TORNADO_LOW 0.05
#define TS_TORNADO_HIGH 0.95

typedef struct ts_tornado_row {
    char name[TS_SLOT_PATH_MAX + 32];  /* path, and the event's date */
    double low_value, high_value;      /* the parameter's p05 and p95 */
    double *low, *high;                /* stocks of every pool (K + 1) at
                                          the tornado's step */
} ts_tornado_row;

typedef struct ts_tornado {
    size_t n;             /* uncertain parameters */
    size_t step;          /* where the metric is read */
    size_t n_pools;       /* K + 1 */
    double *base;         /* every pool's stock at step, all at means */
    ts_tornado_row *rows;
} ts_tornado;

/* NULL with a message when out of memory; n = 0 when nothing is
 * uncertain. r holds the scenario's deterministic results. */
ts_tornado *ts_tornado_create(const ts_scenario *sc, const ts_results *r,
                              size_t step, ts_diags *d);
void ts_tornado_destroy(ts_tornado *t);

/* Rows sorted by |metric_high - metric_low| of `pool`, largest first,
 * into order (n entries). */
void ts_tornado_order(const ts_tornado *t, size_t pool, size_t *order);

/* What a tornado by swinging measures: a pool's stock at a step
 * (deterministic), or prediction `index`'s probability: exact for a move
 * claim, by Monte Carlo for a headcount claim (the scenario's runs and
 * seed: common random numbers). */
typedef struct ts_tornado_metric {
    bool claim;
    size_t index;        /* pool, or prediction */
    size_t step;         /* a pool's */
} ts_tornado_metric;

/* Parameters --points could not swing, and why, for notes. */
#define TS_TORNADO_NOTES 64
typedef struct ts_tornado_notes {
    char text[TS_TORNADO_NOTES][TS_SLOT_PATH_MAX + 96];
    size_t n, total;
} ts_tornado_notes;

/* The tornado of one metric (SPEC section 7), by changing sc's values
 * and computing the scenario again at each end: every uncertain
 * assumption from its p05 to its p95 with the others at their means,
 * and with points every parameter given as a plain number (headcount,
 * inflow, inflow_growth, retention, a share, exec_move, an executive's
 * move, a shock's chance, pull) from 0.8 v to 1.2 v, those that would
 * leave their valid range (a share: its pool's sum above 1) skipped
 * into notes. sc is restored before it returns. One metric: n_pools 1.
 * opt: how the Monte Carlo runs. NULL with a message when a computation
 * fails. */
ts_tornado *ts_tornado_swing(ts_scenario *sc, ts_tornado_metric metric,
                             bool points, const talentsim_options *opt,
                             ts_tornado_notes *notes, ts_diags *d);

/* The rows of the k largest swings of pool, largest first, into rows
 * (k entries); how many there are (0 when t is NULL, has no rows, or
 * memory runs out). What the summary and the report name as "what moves
 * each pool most". */
#define TS_TORNADO_DRIVERS 3
size_t ts_tornado_top(const ts_tornado *t, size_t pool, size_t k,
                      size_t *rows);

#endif
