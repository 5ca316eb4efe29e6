/* talentsim.h: the talent-migration engine as a library (SPEC section 10).
 *
 * One public header, opaque handles, no terminal: load a scenario from a
 * file or a string, apply PATH=VALUE overrides, validate (diagnostics as
 * values, each with its FILE:LINE:COL), project it, run its Monte Carlo
 * (threads, a cancel flag and a progress callback passed in), and read
 * stocks, flows, their quantiles and the predictions' probabilities.
 *
 *     talentsim_diagnostics *d = talentsim_diagnostics_create();
 *     talentsim_scenario *sc;
 *     if (talentsim_scenario_load_file("baseline.yaml", &sc, d) ||
 *         talentsim_scenario_set(sc, "scenario.runs=100", d) ||
 *         talentsim_scenario_validate(sc, d))
 *         ... talentsim_diagnostic_format(d, 0, buf, sizeof buf) ...
 *     talentsim_run *run;
 *     talentsim_project(sc, &run, d);
 *     talentsim_simulate(run, NULL, d);
 *     double p50 = talentsim_stock(run, 12, 0, TALENTSIM_P50);
 *     talentsim_run_destroy(run);
 *     talentsim_scenario_destroy(sc);
 *     talentsim_diagnostics_destroy(d);
 *
 * Every _create/_load has a _destroy that accepts NULL. A run borrows its
 * scenario, which must outlive it. Functions that can fail return a
 * status and add what went wrong to the diagnostics; none prints, exits
 * or keeps global state, so separate handles may be used from separate
 * threads. Running out of memory is TALENTSIM_ERUNTIME, never bad input.
 * GSL's default error handler would abort the host on a numerical
 * failure: the first call that creates diagnostics, loads or computes
 * turns it off (gsl_set_error_handler_off, once, for the whole process:
 * GSL keeps one handler), and the library checks every GSL status. A
 * run keeps the dimensions its scenario had when it was projected; a
 * scenario changed since cannot be simulated on that run. Every label
 * argument may be NULL. Link with `pkg-config --cflags --libs
 * talentsim`. */
#ifndef TALENTSIM_H
#define TALENTSIM_H

#include <signal.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TALENTSIM_API __attribute__((visibility("default")))
#else
#define TALENTSIM_API
#endif

typedef enum talentsim_status {
    TALENTSIM_OK = 0,
    TALENTSIM_EINPUT,    /* bad input: the diagnostics say where */
    TALENTSIM_ERUNTIME,  /* memory, numerics, I/O */
    TALENTSIM_ECANCEL    /* the cancel flag was raised */
} talentsim_status;

/* The library's version, "MAJOR.MINOR.PATCH". */
TALENTSIM_API const char *talentsim_version(void);

/* ---- diagnostics --------------------------------------------------- */

typedef struct talentsim_diagnostics talentsim_diagnostics;

TALENTSIM_API talentsim_diagnostics *talentsim_diagnostics_create(void);
TALENTSIM_API void talentsim_diagnostics_destroy(talentsim_diagnostics *d);
TALENTSIM_API void talentsim_diagnostics_clear(talentsim_diagnostics *d);
/* Diagnostics kept (the first 20), and all reported. */
TALENTSIM_API size_t talentsim_diagnostics_count(
    const talentsim_diagnostics *d);
TALENTSIM_API size_t talentsim_diagnostics_total(
    const talentsim_diagnostics *d);
/* Diagnostic i's place (file "" and line 0 when it has none, such as an
 * override's) and message. */
TALENTSIM_API const char *talentsim_diagnostic_file(
    const talentsim_diagnostics *d, size_t i);
TALENTSIM_API size_t talentsim_diagnostic_line(
    const talentsim_diagnostics *d, size_t i);
TALENTSIM_API size_t talentsim_diagnostic_column(
    const talentsim_diagnostics *d, size_t i);
TALENTSIM_API const char *talentsim_diagnostic_message(
    const talentsim_diagnostics *d, size_t i);
/* "FILE:LINE:COL: error: MESSAGE" into buf (text from the file as it
 * is: escape it for the place it is shown). */
TALENTSIM_API void talentsim_diagnostic_format(
    const talentsim_diagnostics *d, size_t i, char *buf, size_t size);

/* ---- scenarios ----------------------------------------------------- */

typedef struct talentsim_scenario talentsim_scenario;

/* Loads a scenario file (and the bases it extends). Syntax, types and
 * keys are checked here; ranges and references by _validate. A file
 * that does not load also has the rest of its mistakes reported. */
TALENTSIM_API talentsim_status talentsim_scenario_load_file(
    const char *path, talentsim_scenario **out, talentsim_diagnostics *d);
/* The same from len bytes of text, named `name` in diagnostics (and
 * naming the scenario when it has no name of its own); relative paths
 * (extends) are read from `dir` (NULL: the working directory). */
TALENTSIM_API talentsim_status talentsim_scenario_load_string(
    const char *text, size_t len, const char *name, const char *dir,
    talentsim_scenario **out, talentsim_diagnostics *d);
/* Applies "PATH=VALUE" (SPEC section 3: pools.ID.FIELD,
 * pools.ID.to.DEST, executives.NAME.move, scenario.FIELD, ...), as
 * --set does; validate afterwards. */
TALENTSIM_API talentsim_status talentsim_scenario_set(
    talentsim_scenario *sc, const char *assignment, talentsim_diagnostics *d);
/* The same for PATH and VALUE apart, with the name the change has for
 * the user in messages (a program's option: "--runs 5"; NULL:
 * "PATH=VALUE"). */
TALENTSIM_API talentsim_status talentsim_scenario_override(
    talentsim_scenario *sc, const char *path, const char *value,
    const char *label, talentsim_diagnostics *d);
/* A forecast as of `month` ("YYYY-MM", SPEC section 8, --as-of): the
 * record read as if it ended then. Validation applies it, after
 * checking the whole record; a date later than history.as_of, or a
 * scenario without a record, is an error there. `label` names the
 * request in messages (NULL: "as_of"). */
TALENTSIM_API talentsim_status talentsim_scenario_as_of(
    talentsim_scenario *sc, const char *month, const char *label,
    talentsim_diagnostics *d);
/* Every check of SPEC section 2, every error in one call. A scenario is
 * projected only once it has validated. */
TALENTSIM_API talentsim_status talentsim_scenario_validate(
    talentsim_scenario *sc, talentsim_diagnostics *d);
TALENTSIM_API void talentsim_scenario_destroy(talentsim_scenario *sc);

TALENTSIM_API const char *talentsim_scenario_name(
    const talentsim_scenario *sc);
/* Pools 0..K-1, and K for `outside`. */
TALENTSIM_API size_t talentsim_scenario_pools(const talentsim_scenario *sc);
TALENTSIM_API const char *talentsim_scenario_pool_id(
    const talentsim_scenario *sc, size_t pool);
/* H steps: stocks are dated at steps 0..H, flows in steps 0..H-1. */
TALENTSIM_API size_t talentsim_scenario_steps(const talentsim_scenario *sc);
/* "YYYY-MM" of step k into buf (8 bytes are enough). */
TALENTSIM_API void talentsim_scenario_date(const talentsim_scenario *sc,
                                           size_t step, char *buf,
                                           size_t size);
TALENTSIM_API size_t talentsim_scenario_runs(const talentsim_scenario *sc);
TALENTSIM_API size_t talentsim_scenario_predictions(
    const talentsim_scenario *sc);
TALENTSIM_API const char *talentsim_scenario_prediction_id(
    const talentsim_scenario *sc, size_t i);

/* ---- runs ---------------------------------------------------------- */

typedef struct talentsim_run talentsim_run;

/* Called from the calling thread now and then with runs done of total,
 * and once more with done = total when the runs are complete. */
typedef void (*talentsim_progress_fn)(void *user, size_t done, size_t total);

typedef struct talentsim_options {
    size_t threads;                      /* 0: one */
    const volatile sig_atomic_t *cancel; /* nonzero stops it; NULL: none */
    talentsim_progress_fn progress;      /* NULL: none */
    void *progress_user;
    int no_process_noise;  /* each run the projection of its draws */
    /* An MPI job (a library built with TALENTSIM_MPI, after
     * talentsim_mpi_init): this process is rank `rank` of `ranks`, runs
     * its share of the runs, and ends with every run's results, the same
     * as one process's. ranks 0: this process runs them all. */
    int rank, ranks;
} talentsim_options;

/* Starts MPI in a library built with it (main's argc and argv) and says
 * which process of how many this is; elsewhere rank 0 of 1. */
TALENTSIM_API void talentsim_mpi_init(int *argc, char ***argv, int *rank,
                                      int *ranks);
TALENTSIM_API void talentsim_mpi_finish(void);

/* The deterministic projection of a validated scenario, its steady state
 * and its exact executive probabilities. */
TALENTSIM_API talentsim_status talentsim_project(
    const talentsim_scenario *sc, talentsim_run **out,
    talentsim_diagnostics *d);
/* The scenario's Monte Carlo runs (its runs and seed) and their
 * summaries; the same numbers for any number of threads. opt may be
 * NULL. Nothing to do when the scenario has no runs. */
TALENTSIM_API talentsim_status talentsim_simulate(
    talentsim_run *run, const talentsim_options *opt,
    talentsim_diagnostics *d);
TALENTSIM_API void talentsim_run_destroy(talentsim_run *run);
/* The steady state alone (the `steady` command), without the projection:
 * read with talentsim_steady_stock. */
TALENTSIM_API talentsim_status talentsim_steady(
    const talentsim_scenario *sc, talentsim_run **out,
    talentsim_diagnostics *d);
/* Pool's headcount in the steady state (SPEC section 1); NaN when the
 * scenario has none (nobody leaves) or pool is out of range. */
TALENTSIM_API double talentsim_steady_stock(const talentsim_run *run,
                                            size_t pool);

typedef enum talentsim_stat {
    TALENTSIM_DETERMINISTIC,
    TALENTSIM_MEAN,
    TALENTSIM_SD,
    TALENTSIM_P05,
    TALENTSIM_P25,
    TALENTSIM_P50,
    TALENTSIM_P75,
    TALENTSIM_P95
} talentsim_stat;

/* The stock of pool at step (0..H), as stocks.csv has it; NaN when the
 * statistic needs runs that were not simulated, or out of range. */
TALENTSIM_API double talentsim_stock(const talentsim_run *run, size_t step,
                                     size_t pool, talentsim_stat stat);
/* People in `from` at the start of step (0..H-1) and in `to` at its end
 * (from = K: the entrants), as flows.csv has them: DETERMINISTIC or
 * MEAN; NaN otherwise. */
TALENTSIM_API double talentsim_flow(const talentsim_run *run, size_t step,
                                    size_t from, size_t to,
                                    talentsim_stat stat);

typedef enum talentsim_method {
    TALENTSIM_EXACT,
    TALENTSIM_MONTECARLO
} talentsim_method;

/* Prediction i's probability by method, with its standard error (NaN
 * for exact); 0 when the run has none by that method (a headcount claim
 * has no exact one, a Monte Carlo one needs runs), 1 otherwise. A claim
 * the record alone decides (a forecast as of a date, SPEC section 8) has
 * its 1 or 0 as the exact one; see talentsim_prediction_decided. A run
 * of a scenario whose record has sightings (history.seen) has none, and
 * talentsim_simulate refuses it: a forecast from sightings is not made
 * in this version (talentsim_project's run serves `fit`). */
TALENTSIM_API int talentsim_prediction(const talentsim_run *run, size_t i,
                                       talentsim_method method, double *p,
                                       double *stderr_p);

/* 1 when the record alone decides prediction i (its window over by
 * as_of, enough moves already recorded, or a headcount observed at its
 * date), 0 otherwise. */
TALENTSIM_API int talentsim_prediction_decided(const talentsim_run *run,
                                               size_t i);

#ifdef __cplusplus
}
#endif

#endif
