/* The public API (sim/talentsim.h) over the engine's own types: the
 * handles wrap models' scenario and diagnostics and mc's results. */
#include "sim/talentsim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/date.h"
#include "models/diag.h"
#include "models/loader.h"
#include "models/param_path.h"
#include "models/validate.h"
#include "sim/mc/flow_sums.h"
#include "sim/mc/results.h"

struct talentsim_diagnostics {
    ts_diags d;
};

struct talentsim_scenario {
    ts_scenario *sc;
    bool validated;   /* since the last change */
};

struct talentsim_run {
    const ts_scenario *sc;
    ts_results r;
};

static talentsim_status status_of(ts_status st)
{
    switch (st) {
    case TS_OK: return TALENTSIM_OK;
    case TS_EINPUT: return TALENTSIM_EINPUT;
    case TS_ECANCEL: return TALENTSIM_ECANCEL;
    default: return TALENTSIM_ERUNTIME;
    }
}

const char *talentsim_version(void)
{
    return TALENTSIM_VERSION;
}

/* ---- diagnostics --------------------------------------------------- */

talentsim_diagnostics *talentsim_diagnostics_create(void)
{
    talentsim_diagnostics *d = malloc(sizeof *d);
    if (d)
        ts_diags_init(&d->d);
    return d;
}

void talentsim_diagnostics_destroy(talentsim_diagnostics *d)
{
    free(d);
}

void talentsim_diagnostics_clear(talentsim_diagnostics *d)
{
    ts_diags_init(&d->d);
}

size_t talentsim_diagnostics_count(const talentsim_diagnostics *d)
{
    return d->d.count;
}

size_t talentsim_diagnostics_total(const talentsim_diagnostics *d)
{
    return d->d.total;
}

static const ts_diag *item(const talentsim_diagnostics *d, size_t i)
{
    return i < d->d.count ? &d->d.items[i] : NULL;
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

static talentsim_status wrap(ts_status st, ts_scenario *sc,
                             talentsim_scenario **out,
                             talentsim_diagnostics *d)
{
    *out = NULL;
    if (st != TS_OK)
        return status_of(st);
    talentsim_scenario *h = calloc(1, sizeof *h);
    if (!h) {
        ts_scenario_destroy(sc);
        ts_diag_add(&d->d, ts_nowhere, "out of memory");
        return TALENTSIM_ERUNTIME;
    }
    h->sc = sc;
    *out = h;
    return TALENTSIM_OK;
}

talentsim_status talentsim_scenario_load_file(const char *path,
                                              talentsim_scenario **out,
                                              talentsim_diagnostics *d)
{
    ts_scenario *sc = NULL;
    ts_status st = ts_scenario_load(path, &sc, &d->d);
    return wrap(st, sc, out, d);
}

talentsim_status talentsim_scenario_load_string(const char *text, size_t len,
                                                const char *name,
                                                const char *dir,
                                                talentsim_scenario **out,
                                                talentsim_diagnostics *d)
{
    /* the loader reads relative paths from the directory of the name */
    size_t size = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
    char *path = malloc(size);
    if (!path) {
        *out = NULL;
        ts_diag_add(&d->d, ts_nowhere, "out of memory");
        return TALENTSIM_ERUNTIME;
    }
    snprintf(path, size, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
    ts_scenario *sc = NULL;
    ts_status st = ts_scenario_load_string(text, len, path, &sc, &d->d);
    free(path);
    return wrap(st, sc, out, d);
}

talentsim_status talentsim_scenario_set(talentsim_scenario *sc,
                                        const char *assignment,
                                        talentsim_diagnostics *d)
{
    sc->validated = false;
    return status_of(ts_param_set_assignment(sc->sc, assignment, &d->d));
}

talentsim_status talentsim_scenario_validate(talentsim_scenario *sc,
                                             talentsim_diagnostics *d)
{
    ts_status st = ts_scenario_validate(sc->sc, &d->d);
    sc->validated = st == TS_OK;
    return status_of(st);
}

void talentsim_scenario_destroy(talentsim_scenario *sc)
{
    if (!sc)
        return;
    ts_scenario_destroy(sc->sc);
    free(sc);
}

const char *talentsim_scenario_name(const talentsim_scenario *sc)
{
    return sc->sc->name;
}

size_t talentsim_scenario_pools(const talentsim_scenario *sc)
{
    return sc->sc->n_pools;
}

const char *talentsim_scenario_pool_id(const talentsim_scenario *sc,
                                       size_t pool)
{
    return pool <= sc->sc->n_pools ? ts_pool_name(sc->sc, pool) : NULL;
}

size_t talentsim_scenario_steps(const talentsim_scenario *sc)
{
    return sc->sc->horizon;
}

void talentsim_scenario_date(const talentsim_scenario *sc, size_t step,
                             char *buf, size_t size)
{
    ts_month_format(ts_scenario_step_month(sc->sc, step), buf, size);
}

size_t talentsim_scenario_runs(const talentsim_scenario *sc)
{
    return sc->sc->runs;
}

size_t talentsim_scenario_predictions(const talentsim_scenario *sc)
{
    return sc->sc->n_predictions;
}

const char *talentsim_scenario_prediction_id(const talentsim_scenario *sc,
                                             size_t i)
{
    return i < sc->sc->n_predictions ? sc->sc->predictions[i].id.s : NULL;
}

/* ---- runs ---------------------------------------------------------- */

talentsim_status talentsim_project(const talentsim_scenario *sc,
                                   talentsim_run **out,
                                   talentsim_diagnostics *d)
{
    *out = NULL;
    if (!sc->validated) {
        ts_diag_add(&d->d, ts_nowhere, "the scenario has not been validated "
                    "since it was loaded or changed");
        return TALENTSIM_EINPUT;
    }
    talentsim_run *run = calloc(1, sizeof *run);
    if (!run) {
        ts_diag_add(&d->d, ts_nowhere, "out of memory");
        return TALENTSIM_ERUNTIME;
    }
    run->sc = sc->sc;
    ts_status st = ts_results_deterministic(sc->sc, &run->r, &d->d);
    if (st != TS_OK) {
        talentsim_run_destroy(run);
        return status_of(st);
    }
    *out = run;
    return TALENTSIM_OK;
}

talentsim_status talentsim_simulate(talentsim_run *run,
                                    const talentsim_options *opt,
                                    talentsim_diagnostics *d)
{
    if (run->r.mc)
        return TALENTSIM_OK; /* already simulated */
    ts_mc_setup setup = {.threads = opt && opt->threads ? opt->threads : 1};
    if (opt) {
        setup.cancel = opt->cancel;
        setup.progress = opt->progress;
        setup.progress_ctx = opt->progress_user;
    }
    ts_status st = ts_results_monte_carlo(run->sc, &setup, &run->r, &d->d);
    if (st == TS_OK && setup.progress && run->sc->runs > 0)
        setup.progress(setup.progress_ctx, run->sc->runs, run->sc->runs);
    return status_of(st);
}

void talentsim_run_destroy(talentsim_run *run)
{
    if (!run)
        return;
    ts_results_free(&run->r);
    free(run);
}

double talentsim_stock(const talentsim_run *run, size_t step, size_t pool,
                       talentsim_stat stat)
{
    size_t n = run->sc->n_pools + 1;
    const ts_mc_stats *s = run->r.stats;
    if (step > run->sc->horizon || pool >= n)
        return NAN;
    size_t at = step * n + pool;
    if (stat == TALENTSIM_DETERMINISTIC)
        return run->r.projection->stock[at];
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
    size_t n = run->sc->n_pools + 1;
    if (step >= run->sc->horizon || from >= n || to >= n)
        return NAN;
    if (stat != TALENTSIM_DETERMINISTIC &&
        !(stat == TALENTSIM_MEAN && run->r.mc))
        return NAN;
    /* one step's n x n flows, so that readers never share scratch */
    double *sum = malloc(n * n * sizeof *sum), v = NAN;
    if (!sum)
        return NAN;
    if (stat == TALENTSIM_DETERMINISTIC)
        ts_flow_sum_projected(run->r.projection, run->r.timeline, step,
                              step + 1, sum);
    else
        ts_flow_sum_mc(run->r.mc, step, step + 1, sum);
    v = sum[from * n + to];
    free(sum);
    return v;
}

int talentsim_prediction(const talentsim_run *run, size_t i,
                         talentsim_method method, double *p, double *stderr_p)
{
    const ts_claims *c = run->r.claims;
    *p = *stderr_p = NAN;
    if (!c || i >= c->n)
        return 0;
    if (method == TALENTSIM_EXACT) {
        if (c->items[i].kind != TS_PREDICT_MOVES ||
            !ts_results_exact_claims(&run->r))
            return 0;
        *p = run->r.exact->claim_p[i];
        return 1;
    }
    if (!run->r.mc)
        return 0;
    ts_exec_tally_claim(run->r.mc->exec, run->r.mc->runs, i, p, stderr_p);
    return 1;
}
