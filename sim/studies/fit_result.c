#include "sim/studies/fit_result.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mc/flow_sums.h"
#include "sim/mc/results.h"

/* Within this share of the bounds' width: at the bound. */
#define FIT_BOUND_TOL 1e-4

void ts_observation_label(const ts_scenario *sc, const ts_observation *o,
                          char *buf, size_t size)
{
    char a[16], b[16];
    ts_month_format(ts_scenario_step_month(sc, o->step_from), a, sizeof a);
    ts_month_format(ts_scenario_step_month(sc, o->step_to), b, sizeof b);
    if (o->kind == TS_OBSERVED_HEADCOUNT)
        snprintf(buf, size, "%s headcount %s", ts_pool_name(sc,
                 o->pool_index), a);
    else if (o->kind == TS_OBSERVED_INFLOW)
        snprintf(buf, size, "%s inflow %s to %s",
                 ts_pool_name(sc, o->pool_index), a, b);
    else
        snprintf(buf, size, "%s to %s flow %s to %s",
                 ts_pool_name(sc, o->from_index),
                 ts_pool_name(sc, o->to_index), a, b);
}

/* The model value of one observation from a projection. */
static double observe(const ts_observation *o, const ts_projection *p,
                      const ts_timeline *t, double *sum)
{
    size_t n = p->n;
    if (o->kind == TS_OBSERVED_HEADCOUNT)
        return p->stock[o->step_from * n + o->pool_index];
    ts_flow_sum_projected(p, t, o->step_from, o->step_to, sum);
    if (o->kind == TS_OBSERVED_FLOW)
        return sum[o->from_index * n + o->to_index];
    double in = 0; /* entrants from outside and transfers from pools */
    for (size_t i = 0; i < n; i++)
        if (i != o->pool_index)
            in += sum[i * n + o->pool_index];
    return in;
}

bool ts_observations_model(const ts_scenario *sc, const ts_results *r,
                           const double *x, const double *ev, double *out)
{
    size_t n = sc->n_pools + 1;
    double *sum = malloc(n * n * sizeof *sum);
    ts_timeline *t = NULL;
    ts_projection *p = sum ? ts_results_project(sc, r, x, ev, &t) : NULL;
    for (size_t i = 0; p && i < sc->n_observed; i++)
        out[i] = observe(&sc->observed[i], p, t, sum);
    bool ok = p != NULL;
    ts_projection_destroy(p);
    ts_timeline_destroy(t);
    free(sum);
    return ok;
}

void ts_fit_start_point(const ts_scenario *sc, size_t s, size_t starts,
                        double *p0)
{
    for (size_t j = 0; j < sc->n_fit; j++) {
        const ts_fit_param *f = &sc->fit[j];
        double lo = f->bounds[0].value, hi = f->bounds[1].value;
        if (s == 0) {
            double v = f->start.given ? f->start.value : f->target->value;
            p0[j] = v > lo && v < hi ? v : (lo + hi) / 2;
            continue;
        }
        size_t cell = (s * (2 * j + 1) + j) % starts;
        p0[j] = lo + (hi - lo) * ((double)cell + 0.5) / (double)starts;
    }
}

bool ts_fit_best_of_starts(const ts_scenario *sc, size_t n_params,
                           size_t starts, ts_fit_search_fn search, void *ctx,
                           ts_fit_try *best)
{
    double p0[TS_MAX_FIT];
    ts_fit_try t = {gsl_vector_alloc(n_params), 0, 0, false, false};
    bool any = false;
    for (size_t s = 0; t.u && s < starts; s++) {
        ts_fit_start_point(sc, s, starts, p0);
        if (!search(ctx, p0, &t))
            continue;
        if (!any || t.value < best->value) {
            gsl_vector *u = best->u;
            gsl_vector_memcpy(u, t.u);
            *best = t;
            best->u = u;
            any = true;
        }
    }
    gsl_vector_free(t.u);
    return any;
}

void ts_fit_note(ts_fit_result *f, const char *fmt, const char *a,
                 const char *b)
{
    if (f->n_notes < sizeof f->notes / sizeof f->notes[0])
        snprintf(f->notes[f->n_notes++], TS_FIT_NOTE_MAX, fmt, a, b);
}

void ts_fit_bounds_notes(const ts_scenario *sc, ts_fit_result *f)
{
    for (size_t j = 0; j < f->n_params; j++) {
        double lo = sc->fit[j].bounds[0].value, hi = sc->fit[j].bounds[1].value,
               v = f->estimate[j];
        f->at_bound[j] = v - lo < FIT_BOUND_TOL * (hi - lo)   ? -1
                         : hi - v < FIT_BOUND_TOL * (hi - lo) ? 1
                                                              : 0;
        if (f->at_bound[j])
            ts_fit_note(f, "%s ended at its %s bound: the data want it "
                        "beyond the bounds, or the model cannot reach them",
                        sc->fit[j].path,
                        f->at_bound[j] < 0 ? "lower" : "upper");
    }
}

ts_fit_result *ts_fit_result_create(size_t p, size_t n_obs, size_t n_slots)
{
    ts_fit_result *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->n_params = p;
    f->slot = calloc(p + 1, sizeof *f->slot);
    f->estimate = calloc(p + 1, sizeof *f->estimate);
    f->stderr_p = calloc(p + 1, sizeof *f->stderr_p);
    f->at_bound = calloc(p + 1, sizeof *f->at_bound);
    f->fitted = calloc(n_obs + 1, sizeof *f->fitted);
    f->x = calloc(n_slots + 1, sizeof *f->x);
    if (!f->slot || !f->estimate || !f->stderr_p || !f->at_bound ||
        !f->fitted || !f->x) {
        ts_fit_result_destroy(f);
        return NULL;
    }
    return f;
}

void ts_fit_result_destroy(ts_fit_result *f)
{
    if (!f)
        return;
    free(f->slot);
    free(f->estimate);
    free(f->stderr_p);
    free(f->at_bound);
    free(f->fitted);
    free(f->x);
    free(f);
}

size_t ts_fit_slot_of(const ts_results *r, const ts_param *p)
{
    for (size_t i = 0; i < r->slots->n; i++)
        if (r->slots->items[i].param == p)
            return i;
    return SIZE_MAX;
}

bool ts_fit_predict(const ts_scenario *sc, const ts_results *r,
                    const ts_fit_result *f, double *out)
{
    return ts_observations_model(sc, r, f ? f->x : r->x_mean, r->ev_mean,
                                 out);
}

void ts_fit_heaviest_two(const gsl_matrix *V, size_t k, size_t *a,
                         size_t *b)
{
    size_t p = V->size1;
    *a = 0;
    *b = p > 1 ? 1 : 0;
    for (size_t j = 0; j < p; j++) {
        double w = fabs(gsl_matrix_get(V, j, k));
        if (w > fabs(gsl_matrix_get(V, *a, k))) {
            *b = *a;
            *a = j;
        } else if (j != *a && w > fabs(gsl_matrix_get(V, *b, k))) {
            *b = j;
        }
    }
}
