#include "sim/mc/results.h"

#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/limits.h"

#include "sim/engine/pull.h"

void ts_results_free(ts_results *r)
{
    ts_mixture_destroy(r->mixture);
    ts_shock_starts_destroy(r->shock_starts);
    ts_exec_exact_destroy(r->exact);
    ts_claims_destroy(r->claims);
    ts_exec_model_destroy(r->execs);
    ts_slots_destroy(r->slots);
    ts_schedule_destroy(r->schedule);
    free(r->x_mean);
    free(r->ev_mean);
    ts_mc_stats_destroy(r->stats);
    ts_mc_result_destroy(r->mc);
    ts_steady_destroy(r->steady);
    ts_projection_destroy(r->projection);
    ts_timeline_destroy(r->timeline);
    ts_values_destroy(r->values);
}

/* The computations below fail when memory runs out or a matrix
 * exponential does not settle; their creators say NULL for both. */
static ts_status not_computed(ts_diags *d, const char *what)
{
    return ts_diag_runtime(d, "out of memory or a failed matrix "
                           "exponential while computing %s", what);
}

/* The parameter slots, the events' schedule and their means. */
static ts_status prepare_parameters(const ts_scenario *sc, ts_results *r,
                                   ts_diags *d)
{
    if (!(r->slots = ts_slots_create(sc)) ||
        !(r->x_mean = malloc((r->slots->n + 1) * sizeof *r->x_mean)))
        return ts_diag_nomem(d);
    ts_slots_means(r->slots, r->x_mean);
    if (sc->n_events == 0 && sc->n_shocks == 0)
        return TS_OK;
    if (!(r->schedule = ts_schedule_create(sc, r->slots)) ||
        !(r->ev_mean = malloc((ts_schedule_n_values(r->schedule) + 1) *
                              sizeof *r->ev_mean)))
        return ts_diag_nomem(d);
    ts_schedule_means(r->schedule, r->ev_mean);
    return TS_OK;
}

static ts_status build_timeline(const ts_scenario *sc, ts_results *r,
                                ts_diags *d)
{
    size_t bad;
    r->timeline = r->schedule
                      ? ts_timeline_create_scheduled(sc, r->slots, r->schedule,
                                                     r->x_mean, r->ev_mean,
                                                     &bad)
                      : ts_timeline_create(sc, r->values);
    return r->timeline ? TS_OK : not_computed(d, "the step matrices");
}

bool ts_results_exact_claims(const ts_results *r)
{
    const ts_schedule *s = r->schedule;
    return (!r->slots->exec_uncertain || r->exec_integrated) &&
           !(s && s->n_uncertain > 0 && s->touches_executives);
}

ts_claim_method ts_results_claim_method(const ts_results *r, size_t i)
{
    if (r->exact && r->exact->decided[i])
        return TS_CLAIM_RECORD;
    if (r->claims->items[i].kind == TS_PREDICT_MOVES &&
        ts_results_exact_claims(r))
        return TS_CLAIM_EXACT;
    return TS_CLAIM_MONTECARLO;
}

double ts_results_claim_p(const ts_results *r, size_t i, double *se)
{
    double p = NAN, s = NAN;
    if (ts_results_claim_method(r, i) != TS_CLAIM_MONTECARLO)
        p = r->exact->claim_p[i];
    else if (r->mc)
        ts_exec_tally_claim(r->mc->exec, r->mc->runs, i, &p, &s);
    if (se)
        *se = s;
    return p;
}

/* Gauss-Legendre nodes per uncertain executive parameter (SPEC section
 * 11), and the most node tuples integrated exactly. */
#define TS_EXEC_NODES 16
#define TS_EXEC_TUPLES 4096

/* The exact executives' results averaged over their uncertain
 * parameters that are not learnt (SPEC section 11): each one's
 * distribution at TS_EXEC_NODES Gauss-Legendre nodes of its quantile
 * function, with Legendre's weights, their tuples in a tensor product;
 * given a tuple the executives are as before, so the results average
 * as the mixture over the shocks' starts does. Where a shock or an
 * event's uncertain value touches the executives, or the tuples exceed
 * TS_EXEC_TUPLES, the claims stay Monte Carlo's. False when out of
 * memory. */
static bool integrate_executives(const ts_scenario *sc, ts_results *r)
{
    const ts_slots *s = r->slots;
    const ts_schedule *sch = r->schedule;
    if (!s->exec_uncertain || (sch && sch->n_uncertain > 0 &&
                               sch->touches_executives))
        return true;
    size_t u[TS_MAX_FIT], d = 0, tuples = 1;
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].param->dist.kind != TS_DIST_NONE &&
            ts_slot_touches_executives(sc, &s->items[i])) {
            if (d == TS_MAX_FIT || (tuples *= TS_EXEC_NODES) > TS_EXEC_TUPLES)
                return true;
            u[d++] = i;
        }
    gsl_integration_glfixed_table *gl =
        gsl_integration_glfixed_table_alloc(TS_EXEC_NODES);
    double *x = malloc((s->n + 1) * sizeof *x);
    ts_exec_exact *sum = ts_exec_exact_create_zero(r->execs, r->claims,
                                                   sc->horizon);
    bool ok = gl && x && sum;
    for (size_t t = 0; ok && t < tuples; t++) {
        memcpy(x, r->x_mean, s->n * sizeof *x);
        double w = 1, node, weight;
        for (size_t k = 0, rest = t; k < d; k++, rest /= TS_EXEC_NODES) {
            gsl_integration_glfixed_point(0, 1, rest % TS_EXEC_NODES, &node,
                                          &weight, gl);
            x[u[k]] = ts_dist_quantile(&s->items[u[k]].param->dist, node);
            w *= weight;
        }
        ts_exec_model *m = ts_exec_model_create(sc, s, sch, x, r->ev_mean);
        ts_exec_exact *one = m ? ts_exec_exact_create(m, r->claims,
                                                      sc->horizon)
                               : NULL;
        if ((ok = one != NULL))
            ts_exec_exact_add(sum, one, w);
        ts_exec_exact_destroy(one);
        ts_exec_model_destroy(m);
    }
    if (ok) {
        ts_exec_exact_finish(sum, r->execs);
        ts_exec_exact_destroy(r->exact);
        r->exact = sum;
        r->exec_integrated = true;
    } else {
        ts_exec_exact_destroy(sum);
    }
    free(x);
    gsl_integration_glfixed_table_free(gl);
    return ok;
}

/* Whether the projection is a mixture over the shocks' starts with
 * teams' followers (sim/exec/mixture.h), rather than one timeline's. */
static bool is_mixed(const ts_scenario *sc)
{
    return sc->n_shocks > 0 || ts_scenario_n_teams(sc) > 0;
}

/* The projection and exact executive results as the mixture over the
 * shocks' starts, each with its teams' followers; the combinations'
 * chains kept for the Monte Carlo. */
static ts_status deterministic_mixture(const ts_scenario *sc, ts_results *r,
                                       ts_diags *d)
{
    if (!(r->shock_starts = ts_shock_starts_create(sc)))
        return not_computed(d, "the shocks");
    ts_mix_input in = {sc, r->slots, r->schedule, r->x_mean, r->ev_mean,
                       r->values, r->claims, r->execs != NULL};
    ts_exec_exact_destroy(r->exact);
    r->exact = NULL;
    bool sighted = sc->record && sc->record->n_seen > 0;
    if (ts_mixture_compute(&in, true, &r->mixture, &r->projection,
                           r->claims && !sighted ? &r->exact : NULL) !=
        TS_OK)
        return not_computed(d, "the mixture over the shocks' starts");
    return TS_OK;
}

/* A mean-field path that ran past the people limit: bad input, said at
 * the pull that did it. */
static ts_status pull_runaway(const ts_scenario *sc, const ts_results *r,
                              ts_diags *d)
{
    size_t pool, step;
    ts_projection *p = ts_pull_project(r->timeline, r->values, NULL, &pool,
                                       &step);
    ts_projection_destroy(p);
    if (pool == SIZE_MAX)
        return not_computed(d, "the projection");
    char date[16];
    ts_month_format(ts_scenario_step_month(sc, step), date, sizeof date);
    const ts_pool *x = &sc->pools[pool];
    const ts_param *e = x->pull.given ? &x->pull : &x->headcount;
    for (size_t i = 0; i < sc->n_pools && !x->pull.given; i++)
        if (sc->pools[i].pull.given)
            e = &sc->pools[i].pull;
    return ts_diag_add(d, e->mark, "pull: the mean-field path of '%s' passes "
                       "%.3g people by %s; a pull above 1 lets inflow grow "
                       "faster than headcount and run away; use a smaller "
                       "pull or a shorter horizon", x->id, TS_MAX_PEOPLE,
                       date);
}

ts_status ts_results_steady(const ts_scenario *sc, ts_results *r,
                            ts_diags *d)
{
    r->sc = sc;
    r->pools = sc->n_pools;
    r->steps = sc->horizon;
    r->revision = sc->revision;
    if ((r->values = ts_values_create(sc->n_pools))) {
        ts_values_from_scenario(sc, r->values);
        r->steady = ts_steady_create(sc, r->values);
    }
    return r->steady ? TS_OK : not_computed(d, "the steady state");
}

ts_status ts_results_deterministic(const ts_scenario *sc, ts_results *r,
                                   ts_diags *d)
{
    r->sc = sc;
    r->pools = sc->n_pools;
    r->steps = sc->horizon;
    r->revision = sc->revision;
    if (!(r->values = ts_values_create(sc->n_pools)))
        return ts_diag_nomem(d);
    ts_values_from_scenario(sc, r->values);
    ts_status st = prepare_parameters(sc, r, d);
    if (st == TS_OK)
        st = build_timeline(sc, r, d);
    if (st != TS_OK)
        return st;
    if (!(r->steady = ts_steady_create(sc, r->values)))
        return not_computed(d, "the steady state");
    if (sc->n_execs > 0 || sc->n_predictions > 0) {
        if (!(r->execs = ts_exec_model_create(sc, r->slots, r->schedule,
                                              r->x_mean, r->ev_mean)) ||
            !(r->claims = ts_claims_create(sc)))
            return not_computed(d, "the executives' step matrices");
    }
    if (is_mixed(sc)) {
        st = deterministic_mixture(sc, r, d);
        return st != TS_OK && ts_pull_any(r->values) ? pull_runaway(sc, r, d)
                                                      : st;
    }
    r->projection = ts_pull_any(r->values)
                        ? ts_pull_project(r->timeline, r->values, NULL,
                                          NULL, NULL)
                        : ts_projection_create(r->timeline, r->values);
    if (!r->projection)
        return ts_pull_any(r->values) ? pull_runaway(sc, r, d)
                                      : not_computed(d, "the projection");
    /* sighted executives are not forecast yet: no probabilities made as
     * if they had not been seen (the run serves a fit) */
    bool sighted = sc->record && sc->record->n_seen > 0;
    if (r->execs && !sighted &&
        !(r->exact = ts_exec_exact_create(r->execs, r->claims, sc->horizon)))
        return not_computed(d, "the executives' probabilities");
    if (r->exact && !integrate_executives(sc, r))
        return not_computed(d, "the executives' probabilities over their "
                            "uncertain parameters");
    return TS_OK;
}

ts_status ts_results_monte_carlo(const ts_scenario *sc,
                                 const ts_mc_setup *setup, ts_results *r,
                                 ts_diags *d)
{
    if (sc->runs == 0)
        return TS_OK;
    ts_mc_config cfg = {
        .seed = sc->seed, .runs = sc->runs, .threads = setup->threads,
        .cancel = setup->cancel, .progress = setup->progress,
        .progress_ctx = setup->progress_ctx, .execs = r->execs,
        .claims = r->claims,
        .sc = sc, .slots = r->slots, .schedule = r->schedule,
        .no_process_noise = setup->no_process_noise, .ranks = setup->ranks,
        .shocks = r->shock_starts, .mix = r->mixture, .x_mean = r->x_mean,
        .ev_mean = r->ev_mean, .pull = ts_scenario_pulls(sc) != 0,
        .sketch = setup->sketch ||
                  (double)sc->runs * (double)(sc->horizon + 1) *
                          (double)(sc->n_pools + 1) * 4.0 >
                      TS_EXACT_STOCK_BYTES};
    ts_status st = ts_mc_run(r->timeline, r->values, &cfg, &r->mc, d);
    if (st == TS_ECANCEL || st == TS_EINPUT)
        return st;
    if (st != TS_OK)
        return st;
    if (!(r->stats = ts_mc_stats_create(r->mc, setup->threads)))
        return ts_diag_nomem(d);
    return TS_OK;
}

ts_projection *ts_results_project(const ts_scenario *sc, const ts_results *r,
                                  const double *x, const double *ev,
                                  ts_timeline **t)
{
    size_t bad;
    ts_values *v = ts_values_create(sc->n_pools);
    ts_projection *p = NULL;
    *t = NULL;
    if (!v)
        return NULL;
    ts_values_from_scenario(sc, v);
    if (ts_values_apply_slots(sc, r->slots, x, v) == SIZE_MAX)
        *t = ts_timeline_create_scheduled(sc, r->slots, r->schedule, x, ev,
                                          &bad);
    if (*t && is_mixed(sc)) {
        ts_mix_input in = {sc, r->slots, r->schedule, x, ev, v, NULL,
                           ts_scenario_n_teams(sc) > 0};
        if (ts_mixture_compute(&in, false, NULL, &p, NULL) != TS_OK)
            p = NULL;
    } else if (*t) {
        p = ts_pull_any(v) ? ts_pull_project(*t, v, NULL, NULL, NULL)
                           : ts_projection_create(*t, v);
    }
    if (!p) {
        ts_timeline_destroy(*t);
        *t = NULL;
    }
    ts_values_destroy(v);
    return p;
}
