#include "sim/studies/fit_record.h"

#include "models/load/param_path.h"
#include "sim/mc/results.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/exec/exec_likelihood.h"

#define ML_MAX_ITER 1000
/* Central differences in u: truncation ~ h^2, round-off ~ eps / h. */
#define ML_GRAD_STEP 1e-5
/* Converged when no component of F's gradient in u is above this (F is
 * a log-likelihood: 1e-6 is far below its noise as data). */
#define ML_GRAD_TOL 1e-6
/* The Hessian's steps: this share of each parameter's bound width. */
#define ML_HESS_STEP 1e-4
/* Eigenvalues of the scaled Hessian below this share of the largest:
 * a direction the record does not see. */
#define ML_RANK_TOL 1e-8

bool ts_fit_by_record(const ts_scenario *sc)
{
    for (size_t j = 0; j < sc->n_fit; j++) {
        if (ts_param_path_is_executive(sc->fit[j].path))
            return true;
    }
    return false;
}

/* ---- the parameters and their unbounded scale ---------------------- */

/* A fitted share belongs to a mapping (`to`, `exec_to`, an executive's
 * `to`): its group, the shares of the mapping that are not fitted
 * (`fixed`), and the lower bounds of the group's shares after it. */
typedef struct ml_param {
    size_t slot;
    double lo, hi;
    const ts_shares *group;   /* NULL: not a share */
    double fixed, lo_after;
} ml_param;

typedef struct ml_ctx {
    const ts_scenario *sc;
    const ts_results *r;
    const ts_exec_counts *counts;
    ts_exec_model *m;         /* its chains set anew for each evaluation */
    const size_t *obs;
    size_t n_params, n_obs;
    ml_param *par;
    double *x;                /* slot values, fitted ones overwritten */
    double *model;            /* every observation */
    double chi2, log_lik;     /* at the last evaluation */
    bool failed;
} ml_ctx;

/* The mapping that holds share parameter p, or NULL. */
static const ts_shares *mapping_of(const ts_scenario *sc, const ts_param *p)
{
    for (size_t i = 0; i < sc->n_pools; i++) {
        const ts_shares *m[2] = {&sc->pools[i].to, &sc->pools[i].exec_to};
        for (int k = 0; k < 2; k++)
            for (size_t s = 0; s < m[k]->n; s++)
                if (&m[k]->items[s].share == p)
                    return m[k];
    }
    for (size_t e = 0; e < sc->n_execs; e++)
        for (size_t s = 0; s < sc->execs[e].to.n; s++)
            if (&sc->execs[e].to.items[s].share == p)
                return &sc->execs[e].to;
    return NULL;
}

static bool fitted(const ml_ctx *c, const ts_param *p)
{
    for (size_t j = 0; j < c->n_params; j++)
        if (c->sc->fit[j].target == p)
            return true;
    return false;
}

static void describe_params(ml_ctx *c)
{
    for (size_t j = 0; j < c->n_params; j++) {
        ml_param *q = &c->par[j];
        q->lo = c->sc->fit[j].bounds[0].value;
        q->hi = c->sc->fit[j].bounds[1].value;
        q->group = mapping_of(c->sc, c->sc->fit[j].target);
        if (!q->group)
            continue;
        for (size_t s = 0; s < q->group->n; s++)
            if (!fitted(c, &q->group->items[s].share))
                q->fixed += c->r->x_mean[ts_fit_slot_of(
                    c->r, &q->group->items[s].share)];
        for (size_t k = j + 1; k < c->n_params; k++)
            if (mapping_of(c->sc, c->sc->fit[k].target) == q->group)
                q->lo_after += c->sc->fit[k].bounds[0].value;
    }
}

static double logistic(double u)
{
    return 1 / (1 + exp(-u));
}

/* The share parameter j may reach given the group's shares before it. */
static double share_cap(const ml_param *q, double taken)
{
    return fmin(q->hi, 1 - q->fixed - taken - q->lo_after);
}

/* Group g's shares fitted so far (among parameters before j). */
static double taken_before(const ml_ctx *c, size_t j, const double *p)
{
    double sum = 0;
    for (size_t k = 0; k < j; k++)
        if (c->par[k].group && c->par[k].group == c->par[j].group)
            sum += p[k];
    return sum;
}

static void to_params(const ml_ctx *c, const gsl_vector *u, double *p)
{
    for (size_t j = 0; j < c->n_params; j++) {
        const ml_param *q = &c->par[j];
        double hi = q->group ? share_cap(q, taken_before(c, j, p)) : q->hi;
        p[j] = q->lo + (hi - q->lo) * logistic(gsl_vector_get(u, j));
    }
}

static void to_u(const ml_ctx *c, const double *p, gsl_vector *u)
{
    for (size_t j = 0; j < c->n_params; j++) {
        const ml_param *q = &c->par[j];
        double hi = q->group ? share_cap(q, taken_before(c, j, p)) : q->hi;
        double s = hi > q->lo ? (p[j] - q->lo) / (hi - q->lo) : 0.5;
        s = fmin(fmax(s, 1e-9), 1 - 1e-9);
        gsl_vector_set(u, j, log(s / (1 - s)));
    }
}

/* ---- the objective ------------------------------------------------- */

/* F at parameter values p: chi^2 / 2 - log L; +inf where the record is
 * impossible, NaN (and c->failed) where nothing can be computed. */
static double objective_p(ml_ctx *c, const double *p)
{
    for (size_t j = 0; j < c->n_params; j++)
        c->x[c->par[j].slot] = p[j];
    if (!ts_exec_model_set_values(c->m, c->sc, c->r->slots, c->r->schedule,
                                  c->x, c->r->ev_mean)) {
        c->failed = true;
        return NAN;
    }
    c->log_lik = ts_exec_loglik(c->counts, c->m);
    c->chi2 = 0;
    if (c->n_obs > 0 && !ts_observations_model(c->sc, c->r, c->x,
                                               c->r->ev_mean, c->model)) {
        c->failed = true;
        return NAN;
    }
    for (size_t i = 0; i < c->n_obs; i++) {
        const ts_observation *o = &c->sc->observed[c->obs[i]];
        double z = (c->model[c->obs[i]] - o->value) / o->sd;
        c->chi2 += z * z;
    }
    if (isnan(c->log_lik))
        c->failed = true;
    return 0.5 * c->chi2 - c->log_lik;
}

static double objective_u(const gsl_vector *u, void *params)
{
    ml_ctx *c = params;
    double p[TS_MAX_FIT];
    to_params(c, u, p);
    double f = objective_p(c, p);
    return isfinite(f) ? f : GSL_POSINF;
}

static void gradient_u(const gsl_vector *u, void *params, gsl_vector *g)
{
    gsl_vector *v = gsl_vector_alloc(u->size);
    if (!v) {
        gsl_vector_set_all(g, NAN);
        return;
    }
    gsl_vector_memcpy(v, u);
    for (size_t j = 0; j < u->size; j++) {
        double uj = gsl_vector_get(u, j);
        double h = ML_GRAD_STEP * fmax(1.0, fabs(uj));
        gsl_vector_set(v, j, uj + h);
        double fp = objective_u(v, params);
        gsl_vector_set(v, j, uj - h);
        double fm = objective_u(v, params);
        gsl_vector_set(v, j, uj);
        gsl_vector_set(g, j, (fp - fm) / (2 * h));
    }
    gsl_vector_free(v);
}

static void objective_and_gradient(const gsl_vector *u, void *params,
                                   double *f, gsl_vector *g)
{
    gradient_u(u, params, g);
    *f = objective_u(u, params);
}

/* ---- the search ---------------------------------------------------- */

/* One start: where BFGS ended, -log L there (value), its iterations. */
typedef ts_fit_try ml_try;

/* BFGS from u0 until the gradient is flat; restarted once where it
 * stops, as a quasi-Newton search's curvature may be stale there. */
static bool search(ml_ctx *c, const gsl_vector *u0, ml_try *out)
{
    size_t p = c->n_params;
    gsl_multimin_function_fdf fdf = {objective_u, gradient_u,
                                     objective_and_gradient, p, c};
    gsl_multimin_fdfminimizer *s = gsl_multimin_fdfminimizer_alloc(
        gsl_multimin_fdfminimizer_vector_bfgs2, p);
    if (!s)
        return false;
    gsl_vector_memcpy(out->u, u0);
    out->iterations = 0;
    out->converged = false;
    for (int round = 0; round < 2 && !c->failed; round++) {
        if (gsl_multimin_fdfminimizer_set(s, &fdf, out->u, 0.01, 0.1) !=
            GSL_SUCCESS)
            break;
        for (size_t it = 0; it < ML_MAX_ITER; it++) {
            out->iterations++;
            int status = gsl_multimin_fdfminimizer_iterate(s);
            bool flat = gsl_multimin_test_gradient(
                            gsl_multimin_fdfminimizer_gradient(s),
                            ML_GRAD_TOL) == GSL_SUCCESS;
            if (flat || status != GSL_SUCCESS) {
                out->converged = flat || status == GSL_ENOPROG;
                break;
            }
        }
        gsl_vector_memcpy(out->u, gsl_multimin_fdfminimizer_x(s));
        out->value = gsl_multimin_fdfminimizer_minimum(s);
    }
    gsl_multimin_fdfminimizer_free(s);
    return !c->failed && isfinite(out->value);
}

/* The driver's search (sim/studies/fit_result.h): BFGS from p0. */
typedef struct ml_starts {
    ml_ctx *c;
    gsl_vector *u0;
} ml_starts;

static bool ml_search(void *ctx, const double *p0, ml_try *t)
{
    ml_starts *s = ctx;
    to_u(s->c, p0, s->u0);
    s->c->failed = false;
    return search(s->c, s->u0, t);
}

static bool best_of_starts(ml_ctx *c, size_t starts, ml_try *best)
{
    ml_starts s = {c, gsl_vector_alloc(c->n_params)};
    bool any = s.u0 && ts_fit_best_of_starts(c->sc, c->n_params, starts,
                                             ml_search, &s, best);
    gsl_vector_free(s.u0);
    return any;
}

/* ---- standard errors ----------------------------------------------- */

/* F's Hessian on the parameters' own scale at p, by central differences
 * with steps of ML_HESS_STEP times each bound width. */
static bool hessian(ml_ctx *c, const double *p, gsl_matrix *H)
{
    size_t n = c->n_params;
    double q[TS_MAX_FIT], h[TS_MAX_FIT];
    memcpy(q, p, n * sizeof *q);
    double f0 = objective_p(c, q);
    for (size_t j = 0; j < n; j++)
        h[j] = ML_HESS_STEP * (c->par[j].hi - c->par[j].lo);
    for (size_t a = 0; a < n; a++)
        for (size_t b = a; b < n; b++) {
            double v;
            if (a == b) {
                q[a] = p[a] + h[a];
                double fp = objective_p(c, q);
                q[a] = p[a] - h[a];
                double fm = objective_p(c, q);
                v = (fp - 2 * f0 + fm) / (h[a] * h[a]);
            } else {
                double f[4];
                for (int k = 0; k < 4; k++) {
                    q[a] = p[a] + (k < 2 ? h[a] : -h[a]);
                    q[b] = p[b] + (k % 2 == 0 ? h[b] : -h[b]);
                    f[k] = objective_p(c, q);
                }
                v = (f[0] - f[1] - f[2] + f[3]) / (4 * h[a] * h[b]);
            }
            q[a] = p[a];
            q[b] = p[b];
            gsl_matrix_set(H, a, b, v);
            gsl_matrix_set(H, b, a, v);
        }
    objective_p(c, p); /* leaves x, model and log_lik at the estimate */
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            if (!isfinite(gsl_matrix_get(H, a, b)))
                return false;
    return !c->failed;
}

/* Whether the Hessian, scaled to unit diagonal, has a direction F is
 * flat in; if so, says which parameters weigh most in it. */
static bool flat_direction(const ml_ctx *c, const gsl_matrix *H,
                           const size_t *keep, size_t n, ts_fit_result *f)
{
    gsl_matrix *S = gsl_matrix_alloc(n, n), *V = gsl_matrix_alloc(n, n);
    gsl_vector *ev = gsl_vector_alloc(n);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(n);
    bool flat = false;
    if (!S || !V || !ev || !w)
        flat = true;
    for (size_t a = 0; !flat && a < n; a++)
        for (size_t b = 0; b < n; b++) {
            double haa = gsl_matrix_get(H, keep[a], keep[a]),
                   hbb = gsl_matrix_get(H, keep[b], keep[b]);
            gsl_matrix_set(S, a, b, gsl_matrix_get(H, keep[a], keep[b]) /
                                        sqrt(haa * hbb));
        }
    if (!flat) {
        gsl_eigen_symmv(S, ev, V, w);
        gsl_eigen_symmv_sort(ev, V, GSL_EIGEN_SORT_VAL_DESC);
        double top = gsl_vector_get(ev, 0);
        for (size_t k = 0; k < n; k++) {
            if (gsl_vector_get(ev, k) > ML_RANK_TOL * top)
                continue;
            flat = true;
            size_t a, b;
            ts_fit_heaviest_two(V, k, &a, &b);
            ts_fit_note(f, "%s and %s cannot be told apart: the record and "
                        "the observations only see a combination of them",
                        c->sc->fit[keep[a]].path, c->sc->fit[keep[b]].path);
        }
    }
    gsl_matrix_free(S);
    gsl_matrix_free(V);
    gsl_vector_free(ev);
    gsl_eigen_symmv_free(w);
    return flat;
}

/* Standard errors from the inverse Hessian of the parameters inside
 * their bounds (one at a bound has none: F's slope there is not 0). */
static void standard_errors(ml_ctx *c, const double *p, ts_fit_result *f)
{
    size_t n = c->n_params, keep[TS_MAX_FIT], m = 0;
    gsl_matrix *H = gsl_matrix_alloc(n, n);
    for (size_t j = 0; j < n; j++)
        f->stderr_p[j] = NAN;
    if (!H || !hessian(c, p, H)) {
        ts_fit_note(f, "the likelihood's curvature could not be computed%s"
                    "%s: no standard errors", "", "");
        gsl_matrix_free(H);
        return;
    }
    for (size_t j = 0; j < n; j++) {
        if (f->at_bound[j])
            continue;
        if (!(gsl_matrix_get(H, j, j) > 0)) {
            ts_fit_note(f, "%s cannot be identified: the record and the "
                        "observations do not change with it%s",
                        c->sc->fit[j].path, "");
            continue;
        }
        keep[m++] = j;
    }
    gsl_matrix *A = m ? gsl_matrix_alloc(m, m) : NULL;
    if (A && !flat_direction(c, H, keep, m, f)) {
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                gsl_matrix_set(A, a, b, gsl_matrix_get(H, keep[a], keep[b]));
        if (gsl_linalg_cholesky_decomp1(A) == GSL_SUCCESS &&
            gsl_linalg_cholesky_invert(A) == GSL_SUCCESS)
            for (size_t a = 0; a < m; a++)
                f->stderr_p[keep[a]] = sqrt(gsl_matrix_get(A, a, a));
        else
            ts_fit_note(f, "the likelihood is not curved upwards at the "
                        "estimate%s%s: no standard errors", "", "");
    }
    gsl_matrix_free(A);
    gsl_matrix_free(H);
}

/* ---- driver -------------------------------------------------------- */

static ts_status finish(ml_ctx *c, const ml_try *best, ts_fit_result *f,
                        ts_diags *d)
{
    double p[TS_MAX_FIT];
    to_params(c, best->u, p);
    objective_p(c, p);
    if (c->failed) {
        return ts_diag_runtime(d, "the likelihood could not be computed at "
                               "the estimate (out of memory, or a failed "
                               "matrix exponential)");
    }
    f->by_record = true;
    f->log_lik = c->log_lik;
    f->followed = c->counts->followed;
    f->sighted = c->counts->sighted;
    f->chi2 = c->chi2;
    f->iterations = best->iterations;
    f->converged = best->converged;
    f->dof = c->n_obs > c->n_params ? c->n_obs - c->n_params : 0;
    memcpy(f->estimate, p, c->n_params * sizeof *p);
    memcpy(f->x, c->x, c->r->slots->n * sizeof *f->x);
    memcpy(f->fitted, c->model, c->sc->n_observed * sizeof *f->fitted);
    ts_fit_bounds_notes(c->sc, f);
    standard_errors(c, p, f);
    return TS_OK;
}

/* A shock the record says started before as_of and that changes
 * executives' rates: its months are part of the record's likelihood,
 * which this version does not yet compute. NULL: none. */
static const ts_record_shock *started_executive_shock(const ts_scenario *sc)
{
    const ts_record *rec = sc->record;
    for (size_t i = 0; rec && i < rec->n_shocks; i++) {
        const ts_record_shock *s = &rec->shocks[i];
        const ts_shock *x = NULL;
        for (size_t j = 0; j < sc->n_shocks; j++)
            if (sc->shocks[j].id.s && strcmp(sc->shocks[j].id.s, s->id) == 0)
                x = &sc->shocks[j];
        for (size_t k = 0; !s->never && x && k < x->event.n_sets; k++) {
            if (ts_param_path_is_executive(x->event.sets[k].path))
                return s;
        }
    }
    return NULL;
}

/* The fit's cost, before it starts: each start's search evaluates log L
 * a few hundred times (TS_FIT_EVALUATIONS, BFGS with central-difference
 * gradients), each at the cost the record gives it (README, Limits). */
#define TS_FIT_EVALUATIONS 400.0
static ts_status too_costly(const ts_scenario *sc, double work, double bytes,
                            size_t max_gap, ts_diags *d)
{
    if (work <= TS_MAX_FIT_WORK && bytes <= TS_MAX_FIT_BYTES)
        return TS_OK;
    return ts_diag_add(d, sc->fit_mark, "fitting the executives' rates "
                       "would take about %.1e operations and %.1f GiB (a "
                       "record whose sightings are up to %zu steps apart, "
                       "among %zu pools), above %.0e and %.0f GiB; fit on "
                       "sightings closer together, fewer pools or fewer "
                       "starts", work, bytes / (1024.0 * 1024 * 1024),
                       max_gap, sc->n_pools, TS_MAX_FIT_WORK,
                       TS_MAX_FIT_BYTES / (1024.0 * 1024 * 1024));
}

static ts_status fit_cost(const ts_scenario *sc, const ts_exec_counts *c,
                          size_t starts, ts_diags *d)
{
    double bytes, work = ts_exec_loglik_cost(c, &bytes) *
                         TS_FIT_EVALUATIONS * (double)(starts ? starts : 1);
    return too_costly(sc, work, bytes, c->max_gap, d);
}

static int by_who_at(const void *a, const void *b)
{
    const ts_record_sighting *x = *(const ts_record_sighting *const *)a,
                             *y = *(const ts_record_sighting *const *)b;
    int c = strcmp(x->who, y->who);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

ts_status ts_fit_record_precheck(const ts_scenario *sc, size_t starts,
                                 ts_diags *d)
{
    const ts_record *r = sc->record;
    if (!ts_fit_by_record(sc) || !r || r->n_seen == 0)
        return TS_OK;
    const ts_record_sighting **order = calloc(r->n_seen, sizeof *order);
    if (!order)
        return ts_diag_nomem(d);
    for (size_t i = 0; i < r->n_seen; i++)
        order[i] = &r->seen[i];
    qsort(order, r->n_seen, sizeof *order, by_who_at);
    /* the longest span in steps: from the start to a first sighting, or
     * between two of one executive's */
    size_t max_gap = 0;
    for (size_t i = 0; i < r->n_seen; i++) {
        bool first = i == 0 || strcmp(order[i - 1]->who, order[i]->who);
        ts_month from = first ? sc->start : order[i - 1]->at;
        size_t gap = (size_t)(order[i]->at - from) /
                     (size_t)sc->step_months;
        max_gap = gap > max_gap ? gap : max_gap;
    }
    free(order);
    double classes = 1, K1 = (double)sc->n_pools + 1;
    for (size_t e = 0; e < sc->n_execs; e++)
        classes += sc->execs[e].move.given || sc->execs[e].to.given;
    double work = classes * (double)max_gap * K1 * K1 * K1 *
                  TS_FIT_EVALUATIONS * (double)(starts ? starts : 1);
    return too_costly(sc, work, ((double)max_gap + 1) * K1 * K1 * 8,
                      max_gap, d);
}

ts_status ts_fit_record_run(const ts_scenario *sc, const ts_results *r,
                            const bool *use, size_t starts,
                            ts_fit_result **out, ts_diags *d)
{
    const ts_record_shock *shock = started_executive_shock(sc);
    *out = NULL;
    if (shock)
        return ts_diag_add(d, shock->mark, "shock '%s' started before "
                           "as_of and changes executives' rates: a fit of "
                           "their rates over its months is not supported "
                           "yet in this version", shock->id);
    size_t p = sc->n_fit, n_obs = 0;
    size_t *obs = calloc(sc->n_observed + 1, sizeof *obs);
    ts_fit_result *f = ts_fit_result_create(p, sc->n_observed, r->slots->n);
    double *x = malloc((r->slots->n + 1) * sizeof *x);
    double *model = calloc(sc->n_observed + 1, sizeof *model);
    ml_param *par = calloc(p + 1, sizeof *par);
    ts_exec_counts *counts = r->execs ? ts_exec_counts_create(sc, r->execs)
                                      : NULL;
    ts_exec_model *m = ts_exec_model_create(sc, r->slots, r->schedule,
                                            r->x_mean, r->ev_mean);
    ts_status st = obs && f && x && model && par && counts && m
                       ? TS_OK
                       : TS_ERUNTIME;
    *out = NULL;
    if (st != TS_OK)
        ts_diag_nomem(d);
    if (st == TS_OK)
        st = fit_cost(sc, counts, starts, d);
    for (size_t i = 0; st == TS_OK && i < sc->n_observed; i++)
        if (!use || use[i])
            obs[n_obs++] = i;
    for (size_t j = 0; st == TS_OK && j < p; j++)
        if ((par[j].slot = f->slot[j] =
                 ts_fit_slot_of(r, sc->fit[j].target)) == SIZE_MAX)
            st = TS_ERUNTIME;
    ml_try best = {gsl_vector_alloc(p), 0, 0, false, false};
    if (st == TS_OK) {
        memcpy(x, r->x_mean, r->slots->n * sizeof *x);
        ml_ctx c = {sc, r, counts, m, obs, p, n_obs, par, x, model, 0, 0,
                    false};
        describe_params(&c);
        f->n_obs = n_obs;
        f->starts = starts;
        if (!best.u || !best_of_starts(&c, starts, &best)) {
            st = ts_diag_runtime(d, "the fit failed: the record's "
                                 "likelihood could not be computed at any "
                                 "start (out of memory, or a failed matrix "
                                 "exponential)");
        } else {
            st = finish(&c, &best, f, d);
        }
        if (st == TS_OK && !f->converged) {
            ts_diag_add(d, sc->fit_mark, "the fit did not converge in %d "
                        "iterations (-log L %.6g where it stopped), so it is "
                        "not reported; try more --starts, narrower bounds or "
                        "fewer parameters", ML_MAX_ITER, best.value);
            st = TS_ERUNTIME;
        }
    }
    gsl_vector_free(best.u);
    ts_exec_counts_destroy(counts);
    ts_exec_model_destroy(m);
    free(par);
    free(obs);
    free(x);
    free(model);
    if (st != TS_OK) {
        ts_fit_result_destroy(f);
        return st;
    }
    *out = f;
    return TS_OK;
}

bool ts_fit_record_moves(const ts_scenario *sc, const ts_results *r,
                         const ts_fit_result *f, ts_fit_moves_fn row,
                         void *ctx)
{
    ts_exec_model *m = ts_exec_model_create(sc, r->slots, r->schedule, f->x,
                                            r->ev_mean);
    bool ok = m && ts_exec_fit_moves(sc, m, row, ctx);
    ts_exec_model_destroy(m);
    return ok;
}
