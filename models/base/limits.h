/* Documented maxima, checked before anything is allocated for them. The
 * README's "Limits" section lists the same numbers and why. */
#ifndef TS_LIMITS_H
#define TS_LIMITS_H

/* Dense matrix exponentials of size 2(K+1) cost O(K^3): beyond 200 pools
 * one step matrix takes seconds. */
#define TS_MAX_POOLS 200
/* Scenario files are a few kilobytes; the largest the limits allow (200
 * pools, 500 executives, 200 events...) stays well under this. A bigger
 * file is a mistake, or an attempt to stall the loader: refused before it
 * is read. */
#define TS_MAX_SCENARIO_BYTES (1024u * 1024)
/* 500 years of months; a longer horizon is almost certainly a typo. */
#define TS_MAX_STEPS 6000
#define TS_MAX_RUNS 10000000
#define TS_MAX_HEADCOUNT 1e9
#define TS_MAX_INFLOW 1e9
/* Monte Carlo keeps people as 32-bit counts (GSL's multinomial takes
 * unsigned int). Everyone ever in the model (initial headcount plus
 * expected entrants) must stay well below 2^32. */
#define TS_MAX_PEOPLE 2e9
/* Monte Carlo keeps every run's stocks for exact percentiles up to this
 * many bytes of them; beyond, it keeps a histogram per step and pool
 * (sim/mc/sketch.h: percentiles within 0.4%), whose size does not grow with
 * the runs. */
#define TS_EXACT_STOCK_BYTES (256.0 * 1024 * 1024)
/* Bytes of one step-and-pool histogram (sim/mc/sketch.h's bins x 4, sums) */
#define TS_SKETCH_CELL_BYTES ((256.0 + 24 * 128) * 4 + 24)
#define TS_MAX_MC_BYTES (4.0 * 1024 * 1024 * 1024)
#define TS_MAX_THREADS 256
/* Executive entries (named ones and groups): a record of thousands of
 * people is normal (SPEC section 8); those with their own `move` or `to`
 * each need a step matrix of their own, and are fewer. */
#define TS_MAX_EXECS 10000
#define TS_MAX_EXEC_CHAINS 500
/* Executives the Monte Carlo follows one by one (group members count). */
#define TS_MAX_EXEC_PEOPLE 100000
#define TS_MAX_PREDICTIONS 200
#define TS_MAX_EVENTS 200
/* Shocks: each doubles the states a step can be in (active or not), and
 * the exact mixture enumerates their start combinations (below). */
#define TS_MAX_SHOCKS 8
/* A pool's pull e weighs it by (n / n0)^e: beyond this elasticity a
 * tenfold change of headcount changes the pull 10^5-fold, which no seed
 * supports. */
#define TS_MAX_PULL 5.0
/* The largest ln of a pull's weight: e^300 leaves room for the inflow and
 * shares it multiplies below the largest double (e^709). */
#define TS_PULL_LOG_MAX 300.0
/* The deterministic projection and exact predictions mix over every
 * combination of the shocks' starts (each shock: a step of its window,
 * or never); more combinations than this are refused, never
 * approximated. */
#define TS_MAX_SHOCK_COMBINATIONS 20000
/* ... and more work or memory than these (estimated in models/validate.c
 * before it starts: combinations x states x chains x (2(K+1))^3, and the
 * step matrices kept): about a minute and 2 GiB on a 2-core machine. */
#define TS_MAX_MIXTURE_WORK 4e10
/* Combinations up to this many keep their step matrices for the Monte
 * Carlo runs to share; beyond, each run builds its own. */
#define TS_MIX_KEEP_MAX 512
#define TS_MAX_MIXTURE_BYTES (2.0 * 1024 * 1024 * 1024)
/* The exact executives' step matrices and their distributions over the
 * pools at every step, without shocks (models/validate.c). */
#define TS_MAX_EXEC_CHAIN_BYTES (1.0 * 1024 * 1024 * 1024)
/* The exact claims' work, operations (models/validate.c's estimate;
 * measured: 200 claims over 10,000 executives of 50 pools and 24 steps,
 * 2.2e9, about 2 s here besides writing the files). */
#define TS_MAX_CLAIM_WORK 2e10
/* A fit of the executives' rates (sim/studies/fit_record.c's estimate:
 * about 400 evaluations of the record's likelihood per start). */
#define TS_MAX_FIT_WORK 1e11
#define TS_MAX_FIT_BYTES (1.0 * 1024 * 1024 * 1024)
/* With shocks or teams the projection keeps every step's flows (steps x
 * (pools + 1)^2 doubles): a mixture's flows cannot be rebuilt from one
 * step matrix. */
#define TS_MAX_FLOW_BYTES (1024.0 * 1024 * 1024)
#define TS_MAX_OBSERVED 1000
/* Paths one event sets. */
#define TS_MAX_EVENT_SETS 200
/* Parameters one fit estimates: each costs a projection per iteration. */
#define TS_MAX_FIT 50
/* Paths one scenario learns from its record (SPEC section 11): each
 * block of them is integrated by quadrature or Laplace. */
#define TS_MAX_LEARN 12

/* A path talentsim makes: an output directory (PATH_MAX on Linux) with a
 * file name under it. Longer ones are refused (ENAMETOOLONG). */
#define TS_PATH_MAX (4096 + 256)

#endif
