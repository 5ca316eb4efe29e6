/* The public API (sim/talentsim.h) over the engine's own types: the
 * handles wrap models' scenario and diagnostics and mc's results. */
#include "sim/talentsim.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/date.h"
#include "models/base/diag.h"
#include "models/load/loader.h"
#include "models/load/param_path.h"
#include "models/validate/record_cut.h"
#include "models/validate/validate.h"
#include "sim/mc/flow_sums.h"
#include "sim/api/run_options.h"
#include "sim/mc/results.h"

/* The handles are the engine's own types under the public names (their
 * tags): talentsim_diagnostics is ts_diags (models/base/diag.h),
 * talentsim_scenario ts_scenario (models/scenario/scenario.h), talentsim_run
 * ts_results (sim/mc/results.h). A program sees them opaque; the layers
 * above, which the command line calls, take either name. */
_Static_assert(TALENTSIM_OK == (int)TS_OK && TALENTSIM_EINPUT == (int)TS_EINPUT
               && TALENTSIM_ERUNTIME == (int)TS_ERUNTIME &&
               TALENTSIM_ECANCEL == (int)TS_ECANCEL,
               "talentsim_status mirrors ts_status");

/* A failure that recorded a runtime diagnostic (memory, I/O) is
 * TALENTSIM_ERUNTIME, whatever status carried it up. */
static talentsim_status status_of(ts_status st, const ts_diags *d)
{
    return (talentsim_status)ts_diag_status(d, st);
}

/* GSL's default error handler aborts the process; a library must not
 * abort its host, and every GSL status is checked here, so the handler
 * is turned off — once, and for the whole process (GSL keeps one
 * handler), before any entry point that computes. */
static pthread_once_t gsl_quiet_once = PTHREAD_ONCE_INIT;

static void gsl_quiet_init(void)
{
    gsl_set_error_handler_off();
}

static void gsl_quiet(void)
{
    pthread_once(&gsl_quiet_once, gsl_quiet_init);
}

const char *talentsim_version(void)
{
    return TALENTSIM_VERSION;
}

/* ---- diagnostics --------------------------------------------------- */

talentsim_diagnostics *talentsim_diagnostics_create(void)
{
    gsl_quiet();
    talentsim_diagnostics *d = malloc(sizeof *d);
    if (d)
        ts_diags_init(d);
    return d;
}

void talentsim_diagnostics_destroy(talentsim_diagnostics *d)
{
    free(d);
}

void talentsim_diagnostics_clear(talentsim_diagnostics *d)
{
    ts_diags_init(d);
}

size_t talentsim_diagnostics_count(const talentsim_diagnostics *d)
{
    return d->count;
}

size_t talentsim_diagnostics_total(const talentsim_diagnostics *d)
{
    return d->total;
}

static const ts_diag *item(const talentsim_diagnostics *d, size_t i)
{
    return i < d->count ? &d->items[i] : NULL;
}

const char *talentsim_diagnostic_file(const talentsim_diagnostics *d,
                                      size_t i)
{
    return item(d, i) ? item(d, i)->file : "";
}

size_t talentsim_diagnostic_line(const talentsim_diagnostics *d, size_t i)
{
    return item(d, i) ? item(d, i)->mark.line : 0;
}

size_t talentsim_diagnostic_column(const talentsim_diagnostics *d, size_t i)
{
    return item(d, i) ? item(d, i)->mark.col : 0;
}

const char *talentsim_diagnostic_message(const talentsim_diagnostics *d,
                                         size_t i)
{
    return item(d, i) ? item(d, i)->message : "";
}

void talentsim_diagnostic_format(const talentsim_diagnostics *d, size_t i,
                                 char *buf, size_t size)
{
    if (size == 0)
        return;
    if (item(d, i))
        ts_diag_format(item(d, i), buf, size);
    else
        buf[0] = '\0';
}

/* ---- scenarios ----------------------------------------------------- */

/* A file that does not load has the rest of its mistakes reported too:
 * what loaded is validated, then let go. */
static talentsim_status loaded(ts_status st, ts_scenario *sc,
                               talentsim_scenario **out,
                               talentsim_diagnostics *d)
{
    if (st != TS_OK && sc)
        ts_scenario_validate(sc, d);
    if (st != TS_OK) {
        ts_scenario_destroy(sc);
        sc = NULL;
    }
    *out = sc;
    return status_of(st, d);
}

talentsim_status talentsim_scenario_load_file(const char *path,
                                              talentsim_scenario **out,
                                              talentsim_diagnostics *d)
{
    gsl_quiet();
    ts_scenario *sc = NULL;
    ts_status st = ts_scenario_load_partial(path, &sc, d);
    return loaded(st, sc, out, d);
}

talentsim_status talentsim_scenario_load_string(const char *text, size_t len,
                                                const char *name,
                                                const char *dir,
                                                talentsim_scenario **out,
                                                talentsim_diagnostics *d)
{
    gsl_quiet();
    /* the loader reads relative paths from the directory of the name */
    size_t size = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
    char *path = malloc(size);
    if (!path) {
        *out = NULL;
        ts_diag_nomem(d);
        return TALENTSIM_ERUNTIME;
    }
    snprintf(path, size, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
    ts_scenario *sc = NULL;
    ts_status st = ts_scenario_load_string_partial(text, len, path, &sc, d);
    free(path);
    return loaded(st, sc, out, d);
}

talentsim_status talentsim_scenario_set(talentsim_scenario *sc,
                                        const char *assignment,
                                        talentsim_diagnostics *d)
{
    return status_of(ts_param_set_assignment(sc, assignment, d), d);
}

talentsim_status talentsim_scenario_override(talentsim_scenario *sc,
                                             const char *path,
                                             const char *value,
                                             const char *label,
                                             talentsim_diagnostics *d)
{
    return status_of(ts_param_path_apply(sc, path, value, label, d), d);
}

talentsim_status talentsim_scenario_as_of(talentsim_scenario *sc,
                                          const char *month,
                                          const char *label,
                                          talentsim_diagnostics *d)
{
    return status_of(ts_record_request_cut(sc, month, label, d), d);
}

talentsim_status talentsim_scenario_validate(talentsim_scenario *sc,
                                             talentsim_diagnostics *d)
{
    return status_of(ts_scenario_validate(sc, d), d);
}

void talentsim_scenario_destroy(talentsim_scenario *sc)
{
    ts_scenario_destroy(sc);
}

const char *talentsim_scenario_name(const talentsim_scenario *sc)
{
    return sc->name;
}

size_t talentsim_scenario_pools(const talentsim_scenario *sc)
{
    return sc->n_pools;
}

const char *talentsim_scenario_pool_id(const talentsim_scenario *sc,
                                       size_t pool)
{
    return pool <= sc->n_pools ? ts_pool_name(sc, pool) : NULL;
}

size_t talentsim_scenario_steps(const talentsim_scenario *sc)
{
    return sc->horizon;
}

void talentsim_scenario_date(const talentsim_scenario *sc, size_t step,
                             char *buf, size_t size)
{
    ts_month_format(ts_scenario_step_month(sc, step), buf, size);
}

size_t talentsim_scenario_runs(const talentsim_scenario *sc)
{
    return sc->runs;
}

size_t talentsim_scenario_predictions(const talentsim_scenario *sc)
{
    return sc->n_predictions;
}

const char *talentsim_scenario_prediction_id(const talentsim_scenario *sc,
                                             size_t i)
{
    return i < sc->n_predictions ? sc->predictions[i].id.s : NULL;
}

/* ---- runs ---------------------------------------------------------- */

/* A run of sc computed by fill (the projection, or the steady state). */
static talentsim_status new_run(const talentsim_scenario *sc,
                                ts_status (*fill)(const ts_scenario *,
                                                  ts_results *, ts_diags *),
                                talentsim_run **out, talentsim_diagnostics *d)
{
    *out = NULL;
    gsl_quiet();
    if (!sc->validated) {
        ts_diag_add(d, ts_nowhere, "the scenario has not been validated "
                    "since it was loaded or changed");
        return TALENTSIM_EINPUT;
    }
    for (size_t i = 0; i < sc->n_learn; i++)
        if (!sc->learn[i].fixed) /* as the command line: sim/cli/prepare.c */
            return status_of(ts_diag_add(
                d, sc->learn[i].mark, "'%s' is learnt: this version checks "
                "learn but does not yet compute the posterior a forecast "
                "needs (SPEC section 11)", sc->learn[i].path), d);
    talentsim_run *run = calloc(1, sizeof *run);
    if (!run) {
        ts_diag_nomem(d);
        return TALENTSIM_ERUNTIME;
    }
    ts_status st = fill(sc, run, d);
    if (st != TS_OK) {
        talentsim_run_destroy(run);
        return status_of(st, d);
    }
    *out = run;
    return TALENTSIM_OK;
}

talentsim_status talentsim_project(const talentsim_scenario *sc,
                                   talentsim_run **out,
                                   talentsim_diagnostics *d)
{
    return new_run(sc, ts_results_deterministic, out, d);
}

talentsim_status talentsim_steady(const talentsim_scenario *sc,
                                  talentsim_run **out,
                                  talentsim_diagnostics *d)
{
    return new_run(sc, ts_results_steady, out, d);
}

double talentsim_steady_stock(const talentsim_run *run, size_t pool)
{
    const ts_steady *s = run->steady;
    return s && s->exists && pool < run->pools ? s->headcount[pool]
                                                    : NAN;
}

void talentsim_mpi_init(int *argc, char ***argv, int *rank, int *ranks)
{
    ts_ranks r;
    ts_ranks_init(argc, argv, &r);
    *rank = r.rank;
    *ranks = r.size;
}

void talentsim_mpi_finish(void)
{
    ts_ranks_finish();
}

/* Whether the run's scenario follows executives by sightings: its
 * executives' results are not a forecast from them yet (the fit of
 * their rates reads them), so none is given. */
static bool sighted(const talentsim_run *run)
{
    return run->sc && run->sc->record && run->sc->record->n_seen > 0;
}

talentsim_status talentsim_simulate(talentsim_run *run,
                                    const talentsim_options *opt,
                                    talentsim_diagnostics *d)
{
    if (sighted(run))
        return status_of(ts_diag_add(
            d, run->sc->record->seen[0].mark, "a forecast from sightings "
            "(history.seen) is not supported yet in this version: they "
            "serve the fit of the executives' rates"), d);
    if (run->mc || !run->projection)
        return TALENTSIM_OK; /* already simulated, or a steady state */
    if (run->sc->revision != run->revision)
        return status_of(ts_diag_add(d, ts_nowhere, "the scenario has "
                                     "changed since this run was projected: "
                                     "project it again"), d);
    gsl_quiet();
    talentsim_options none = {0};
    opt = opt ? opt : &none;
    ts_ranks ranks;
    ts_mc_setup setup = ts_run_options_setup(opt, &ranks);
    ts_status st = ts_results_monte_carlo(run->sc, &setup, run, d);
    if (st == TS_OK && setup.progress && run->sc->runs > 0)
        setup.progress(setup.progress_ctx, run->sc->runs, run->sc->runs);
    return status_of(st, d);
}

void talentsim_run_destroy(talentsim_run *run)
{
    if (!run)
        return;
    ts_results_free(run);
    free(run);
}

double talentsim_stock(const talentsim_run *run, size_t step, size_t pool,
                       talentsim_stat stat)
{
    size_t n = run->pools + 1;
    const ts_mc_stats *s = run->stats;
    if (!run->projection || step > run->steps || pool >= n)
        return NAN;
    size_t at = step * n + pool;
    if (stat == TALENTSIM_DETERMINISTIC)
        return run->projection->stock[at];
    if (!s)
        return NAN;
    switch (stat) {
    case TALENTSIM_MEAN: return s->mean[at];
    case TALENTSIM_SD: return s->sd[at];
    case TALENTSIM_P05: return s->q[0][at];
    case TALENTSIM_P25: return s->q[1][at];
    case TALENTSIM_P50: return s->q[2][at];
    case TALENTSIM_P75: return s->q[3][at];
    case TALENTSIM_P95: return s->q[4][at];
    default: return NAN;
    }
}

double talentsim_flow(const talentsim_run *run, size_t step, size_t from,
                      size_t to, talentsim_stat stat)
{
    size_t n = run->pools + 1;
    if (!run->projection || step >= run->steps || from >= n ||
        to >= n)
        return NAN;
    if (stat != TALENTSIM_DETERMINISTIC &&
        !(stat == TALENTSIM_MEAN && run->mc))
        return NAN;
    /* one step's n x n flows, so that readers never share scratch */
    double *sum = malloc(n * n * sizeof *sum), v = NAN;
    if (!sum)
        return NAN;
    if (stat == TALENTSIM_DETERMINISTIC)
        ts_flow_sum_projected(run->projection, run->timeline, step,
                              step + 1, sum);
    else
        ts_flow_sum_mc(run->mc, step, step + 1, sum);
    v = sum[from * n + to];
    free(sum);
    return v;
}

int talentsim_prediction_decided(const talentsim_run *run, size_t i)
{
    return run->claims && i < run->claims->n &&
           ts_results_claim_method(run, i) == TS_CLAIM_RECORD;
}

int talentsim_prediction(const talentsim_run *run, size_t i,
                         talentsim_method method, double *p, double *stderr_p)
{
    const ts_claims *c = run->claims;
    *p = *stderr_p = NAN;
    if (!c || i >= c->n || sighted(run))
        return 0;
    ts_claim_method how = ts_results_claim_method(run, i);
    if (method == TALENTSIM_EXACT) {
        if (how == TS_CLAIM_MONTECARLO)
            return 0;
        *p = run->exact->claim_p[i];
        return 1;
    }
    if (!run->mc)
        return 0;
    ts_exec_tally_claim(run->mc->exec, run->mc->runs, i, p, stderr_p);
    return 1;
}
