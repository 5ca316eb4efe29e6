/* Executives and predictions inside one Monte Carlo run: every executive
 * (each member of a group) is followed one by one on the executives'
 * step chain, from a random stream of its own per run, and each
 * prediction is checked against the run: distinct executives with a
 * qualifying move in the window, or a pool's headcount at a date. The
 * tallies are integers, so merging workers in any order gives the same
 * sums. */
#ifndef TS_EXEC_MC_H
#define TS_EXEC_MC_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/exec/claims.h"
#include "sim/exec/exec_model.h"
#include "sim/exec/teams.h"

/* Counts over runs. */
typedef struct ts_exec_tally {
    size_t n_entities, n_claims, n;
    uint64_t *moved;       /* per entity: member-runs with a move */
    uint64_t *end;         /* entities x n: member-runs ending in pool j */
    uint64_t *claim_hits;  /* per claim: runs in which it came true */
} ts_exec_tally;

ts_exec_tally *ts_exec_tally_create(const ts_exec_model *m,
                                    const ts_claims *c);
void ts_exec_tally_destroy(ts_exec_tally *t);
void ts_exec_tally_add(ts_exec_tally *into, const ts_exec_tally *from);

/* Claim c's Monte Carlo probability over `runs` runs and its standard
 * error sqrt(p (1 - p) / runs). */
void ts_exec_tally_claim(const ts_exec_tally *t, size_t runs, size_t c,
                         double *p, double *se);

/* One worker's scratch space and tally. */
typedef struct ts_exec_mc ts_exec_mc;

ts_exec_mc *ts_exec_mc_create(const ts_exec_model *m, const ts_claims *c);
void ts_exec_mc_destroy(ts_exec_mc *x);
const ts_exec_tally *ts_exec_mc_tally(const ts_exec_mc *x);

/* Simulates the executives of run `run` over `steps` steps on the chains
 * of m (the run's own when its parameters or shocks were drawn; the same
 * entities as the model x was created with) from their own stream of
 * `seed`, and records the leaders whose teams follow them (their first
 * move, to a pool other than outside). */
void ts_exec_mc_simulate(ts_exec_mc *x, const ts_exec_model *m,
                         uint64_t seed, size_t run, size_t steps);

/* The leaders of the last simulated run, in the order of the people. */
const ts_team_lead *ts_exec_mc_leads(const ts_exec_mc *x, size_t *n);

/* Checks every claim against the last simulated run; stock is the run's
 * stocks ((steps + 1) x (K + 1)) for headcount claims. */
/* Tallies each claim against the run (stock: its stocks); came_true,
 * when not NULL, gets 1 or 0 per claim. */
void ts_exec_mc_claims(ts_exec_mc *x, size_t steps, const uint32_t *stock,
                       uint32_t *came_true);

#endif
