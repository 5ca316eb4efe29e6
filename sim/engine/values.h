/* A scenario's parameters resolved to plain numbers, indexed by pool:
 * what the engine computes with. The deterministic projection uses the
 * scenario's values as written. */
#ifndef TS_VALUES_H
#define TS_VALUES_H

#include <stddef.h>

#include "models/base/diag.h"
#include "models/load/param_slots.h"
#include "models/scenario/scenario.h"

typedef struct ts_values {
    size_t K;            /* pools; index K is outside */
    double *headcount;   /* K */
    double *inflow;      /* K, per year at the start */
    double *growth;      /* K, annual compound growth of inflow */
    double *retention;   /* K */
    double *share;       /* K x (K+1), row i: share of i's leavers to j;
                            column K (outside) holds the remainder */
    double *pull;        /* K: elasticity of each pool's pull (0: none) */
} ts_values;

ts_values *ts_values_create(size_t K);
void ts_values_destroy(ts_values *v);

/* Row of K+1 shares from a validated `to` mapping: the named shares
 * (their values in x when slots and x are given), and the remainder in
 * column K (outside). False when the shares sum above 1. */
bool ts_values_share_row(const ts_shares *shares, size_t K,
                         const ts_slots *slots, const double *x, double *row);

/* Overwrites v (filled from sc) with the pools' slot values x: one
 * run's draws (a headcount is rounded to whole people). Returns the
 * index of a pool whose drawn shares sum above 1, else SIZE_MAX. */
size_t ts_values_apply_slots(const ts_scenario *sc, const ts_slots *s,
                             const double *x, ts_values *v);

/* Fills v (created with sc->n_pools) from a validated scenario. */
void ts_values_from_scenario(const ts_scenario *sc, ts_values *v);

#endif
