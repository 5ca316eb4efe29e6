#include "sim/studies/fit_lsq.h"

#include "sim/mc/results.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/limits.h"

#define FIT_MAX_ITER 200
/* Central differences: round-off ~ eps/h, truncation ~ h^2; h ~ eps^(1/3) */
#define FIT_FD_STEP 6e-6
#define FIT_TOL 1e-10
/* Singular values below this share of the largest: not identifiable. */
#define FIT_RANK_TOL 1e-7

/* ---- the least-squares problem ------------------------------------ */

typedef struct fit_ctx {
    const ts_scenario *sc;
    /* the search's workspace, and each start's try against the best */
    gsl_multifit_nlinear_workspace *w;
    gsl_multifit_nlinear_fdf *fdf;
    const ts_results *r;
    const size_t *slot;       /* per parameter */
    const size_t *obs;        /* the observations used */
    size_t n_params, n_obs;
    double *x;                /* slot values, fitted ones overwritten */
    double *model;            /* every observation */
    bool failed;
} fit_ctx;

static double lower(const fit_ctx *c, size_t j)
{
    return c->sc->fit[j].bounds[0].value;
}

static double upper(const fit_ctx *c, size_t j)
{
    return c->sc->fit[j].bounds[1].value;
}

static double to_p(const fit_ctx *c, size_t j, double u)
{
    return lower(c, j) + (upper(c, j) - lower(c, j)) / (1 + exp(-u));
}

static double to_u(const fit_ctx *c, size_t j, double p)
{
    double s = (p - lower(c, j)) / (upper(c, j) - lower(c, j));
    s = fmin(fmax(s, 1e-9), 1 - 1e-9);
    return log(s / (1 - s));
}

static int residuals(const gsl_vector *u, void *params, gsl_vector *f)
{
    fit_ctx *c = params;
    for (size_t j = 0; j < c->n_params; j++)
        c->x[c->slot[j]] = to_p(c, j, gsl_vector_get(u, j));
    if (!ts_observations_model(c->sc, c->r, c->x, c->r->ev_mean, c->model)) {
        c->failed = true;
        return GSL_EDOM;
    }
    for (size_t i = 0; i < c->n_obs; i++) {
        const ts_observation *o = &c->sc->observed[c->obs[i]];
        gsl_vector_set(f, i, (c->model[c->obs[i]] - o->value) / o->sd);
    }
    return GSL_SUCCESS;
}

/* The Jacobian in u = logit((p - lo) / (hi - lo)) by central differences
 * with a step of FIT_FD_STEP in u (times |u| beyond 1): a step in u is a
 * step in p scaled to the parameter's bound width, (hi - lo) s (1 - s)
 * du, never one relative to a value near zero (GSL's own forward
 * differences take h |u|, which vanishes at the bounds' midpoint, u = 0,
 * and made a well-determined parameter look as if it changed nothing).
 * The model and slot values of the point itself are left as they were. */
static int jacobian(const gsl_vector *u, void *params, gsl_matrix *J)
{
    fit_ctx *c = params;
    size_t p = c->n_params, n = c->n_obs, n_all = c->sc->n_observed,
           n_slots = c->r->slots->n;
    gsl_vector *up = gsl_vector_alloc(p), *fp = gsl_vector_alloc(n),
               *fm = gsl_vector_alloc(n);
    double *model = malloc((n_all + 1) * sizeof *model),
           *x = malloc((n_slots + 1) * sizeof *x);
    int status = up && fp && fm && model && x ? GSL_SUCCESS : GSL_ENOMEM;
    if (status == GSL_SUCCESS) {
        memcpy(model, c->model, n_all * sizeof *model);
        memcpy(x, c->x, n_slots * sizeof *x);
        gsl_vector_memcpy(up, u);
    }
    for (size_t j = 0; status == GSL_SUCCESS && j < p; j++) {
        double uj = gsl_vector_get(u, j);
        double h = FIT_FD_STEP * fmax(1.0, fabs(uj));
        gsl_vector_set(up, j, uj + h);
        status = residuals(up, c, fp);
        gsl_vector_set(up, j, uj - h);
        if (status == GSL_SUCCESS)
            status = residuals(up, c, fm);
        gsl_vector_set(up, j, uj);
        for (size_t i = 0; status == GSL_SUCCESS && i < n; i++)
            gsl_matrix_set(J, i, j, (gsl_vector_get(fp, i) -
                                     gsl_vector_get(fm, i)) / (2 * h));
    }
    if (model && x) {
        memcpy(c->model, model, n_all * sizeof *model);
        memcpy(c->x, x, n_slots * sizeof *x);
    }
    gsl_vector_free(up);
    gsl_vector_free(fp);
    gsl_vector_free(fm);
    free(model);
    free(x);
    return status;
}

/* One start: the solution in u, its chi2 (value), iterations and how
 * it ended. */
typedef ts_fit_try fit_try;

/* Whether the solver stands where chi-square has no slope (GSL's gradient
 * test, |g_j| max(|u_j|, 1) <= FIT_TOL max(chi2/2, 1), g = J^T f): the
 * trust region can then take no step that lowers it, and gives up after
 * its iterations although it is at a minimum, or on a flat direction the
 * identification notes name. */
static bool stationary(gsl_multifit_nlinear_workspace *w)
{
    const gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    const gsl_vector *f = gsl_multifit_nlinear_residual(w);
    const gsl_vector *u = gsl_multifit_nlinear_position(w);
    double half_chi2 = 0.5 * gsl_blas_dnrm2(f) * gsl_blas_dnrm2(f);
    for (size_t j = 0; j < J->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(J, j);
        double g;
        gsl_blas_ddot(&col.vector, f, &g);
        if (fabs(g) * fmax(fabs(gsl_vector_get(u, j)), 1) >
            FIT_TOL * fmax(half_chi2, 1))
            return false;
    }
    return true;
}

static bool solve_from(fit_ctx *c, gsl_multifit_nlinear_workspace *w,
                       gsl_multifit_nlinear_fdf *fdf, const double *p0,
                       fit_try *out)
{
    gsl_vector *u0 = gsl_vector_alloc(c->n_params);
    if (!u0)
        return false;
    for (size_t j = 0; j < c->n_params; j++)
        gsl_vector_set(u0, j, to_u(c, j, p0[j]));
    int info = 0;
    c->failed = false;
    bool ok = gsl_multifit_nlinear_init(u0, fdf, w) == GSL_SUCCESS;
    int status = ok ? gsl_multifit_nlinear_driver(FIT_MAX_ITER, FIT_TOL,
                                                  FIT_TOL, 0.0, NULL, NULL,
                                                  &info, w)
                    : GSL_EFAILED;
    gsl_vector_free(u0);
    if (!ok || c->failed)
        return false;
    double chi = gsl_blas_dnrm2(gsl_multifit_nlinear_residual(w));
    out->value = chi * chi;
    out->iterations = gsl_multifit_nlinear_niter(w);
    out->converged = status == GSL_SUCCESS;
    out->stalled = status == GSL_ENOPROG ||
                   (status == GSL_EMAXITER && stationary(w));
    gsl_vector_memcpy(out->u, gsl_multifit_nlinear_position(w));
    return true;
}

/* ---- after the fit: standard errors, bounds, identifiability ------ */

/* Singular values of J with its columns scaled to unit norm (so that a
 * retention near 0.85 and an inflow near 8,000 weigh alike: the test is
 * scale-free): a direction the observations cannot see means parameters
 * that cannot be told apart, or one that changes nothing. `norm` holds
 * each column's norm. */
static bool identifiability(const fit_ctx *c, const gsl_matrix *J,
                            const double *norm, ts_fit_result *f)
{
    size_t n = J->size1, p = J->size2;
    if (n < p) {
        ts_fit_note(f, "fewer observations than fitted parameters: %s%s",
             "not every parameter can be identified", "");
        return false;
    }
    gsl_matrix *A = gsl_matrix_alloc(n, p), *V = gsl_matrix_alloc(p, p);
    gsl_vector *S = gsl_vector_alloc(p), *work = gsl_vector_alloc(p);
    bool ok = A && V && S && work;
    for (size_t j = 0; ok && j < p; j++) {
        if (norm[j] > 0 || f->at_bound[j])
            continue;
        ok = false;
        ts_fit_note(f, "%s cannot be identified: it changes none of the "
             "observations%s", c->sc->fit[j].path, "");
    }
    if (ok) {
        gsl_matrix_memcpy(A, J);
        for (size_t j = 0; j < p; j++) {
            gsl_vector_view col = gsl_matrix_column(A, j);
            gsl_vector_scale(&col.vector, norm[j] > 0 ? 1 / norm[j] : 0);
        }
        gsl_linalg_SV_decomp(A, V, S, work);
        double top = gsl_vector_get(S, 0);
        for (size_t k = 0; k < p; k++) {
            if (gsl_vector_get(S, k) > FIT_RANK_TOL * top && top > 0)
                continue;
            ok = false;
            /* the two parameters that weigh most in the blind direction */
            size_t a, b;
            ts_fit_heaviest_two(V, k, &a, &b);
            if (f->at_bound[a])
                continue; /* already said: resting on its bound */
            if (p == 1 || fabs(gsl_matrix_get(V, b, k)) < 1e-3)
                ts_fit_note(f, "%s cannot be identified: it changes none of the "
                     "observations%s", c->sc->fit[a].path, "");
            else
                ts_fit_note(f, "%s and %s cannot be told apart: the observations "
                     "only see a combination of them",
                     c->sc->fit[a].path, c->sc->fit[b].path);
        }
    }
    gsl_matrix_free(A);
    gsl_matrix_free(V);
    gsl_vector_free(S);
    gsl_vector_free(work);
    return ok;
}

/* cov = (J^T J)^-1 (J already weighted by 1/sd), computed on the
 * unit-norm columns and scaled back, so that columns of very different
 * sizes do not make it look singular. False when it is singular. */
static bool covariance(const gsl_matrix *J, const double *norm,
                       gsl_matrix *cov)
{
    size_t p = J->size2;
    gsl_matrix *Js = gsl_matrix_alloc(J->size1, p);
    if (!Js)
        return false;
    gsl_matrix_memcpy(Js, J);
    for (size_t j = 0; j < p; j++) {
        gsl_vector_view col = gsl_matrix_column(Js, j);
        gsl_vector_scale(&col.vector, 1 / norm[j]);
    }
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, Js, Js, 0, cov);
    gsl_matrix_free(Js);
    if (gsl_linalg_cholesky_decomp1(cov) != GSL_SUCCESS ||
        gsl_linalg_cholesky_invert(cov) != GSL_SUCCESS)
        return false;
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p; b++)
            gsl_matrix_set(cov, a, b,
                           gsl_matrix_get(cov, a, b) / (norm[a] * norm[b]));
    return true;
}

/* Standard errors on the parameters' own scale: the Jacobian in u is
 * turned into one in p (column j divided by dp_j/du_j), so a parameter
 * resting on a bound, where dp/du vanishes, is not mistaken for one the
 * observations cannot see. */
static void standard_errors(const fit_ctx *c, const gsl_matrix *Ju,
                            const gsl_vector *u, ts_fit_result *f)
{
    size_t p = c->n_params;
    bool all_sd = true;
    for (size_t i = 0; i < c->n_obs; i++)
        all_sd &= c->sc->observed[c->obs[i]].has_sd;
    f->scaled = !all_sd && f->dof > 0;
    gsl_matrix *J = gsl_matrix_alloc(Ju->size1, p);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    for (size_t j = 0; j < p; j++)
        f->stderr_p[j] = NAN;
    if (!J || !cov) {
        gsl_matrix_free(J);
        gsl_matrix_free(cov);
        return;
    }
    gsl_matrix_memcpy(J, Ju);
    for (size_t j = 0; j < p; j++) {
        double s = 1 / (1 + exp(-gsl_vector_get(u, j)));
        double dpdu = (upper(c, j) - lower(c, j)) * s * (1 - s);
        gsl_vector_view col = gsl_matrix_column(J, j);
        gsl_vector_scale(&col.vector, dpdu > 0 ? 1 / dpdu : 0);
    }
    double norm[TS_MAX_FIT];
    for (size_t j = 0; j < p; j++) {
        gsl_vector_view col = gsl_matrix_column(J, j);
        norm[j] = gsl_blas_dnrm2(&col.vector);
    }
    if (identifiability(c, J, norm, f) && covariance(J, norm, cov)) {
        double scale = f->scaled ? f->chi2 / (double)f->dof : 1;
        for (size_t j = 0; j < p; j++)
            f->stderr_p[j] = sqrt(scale * gsl_matrix_get(cov, j, j));
    }
    gsl_matrix_free(J);
    gsl_matrix_free(cov);
}

static ts_status finish(fit_ctx *c, gsl_multifit_nlinear_workspace *w,
                        gsl_multifit_nlinear_fdf *fdf, fit_try *best,
                        ts_fit_result *f, ts_diags *d)
{
    /* initialising at the best solution evaluates the residuals (and
     * c->model, c->x) and the Jacobian there */
    if (gsl_multifit_nlinear_init(best->u, fdf, w) != GSL_SUCCESS ||
        c->failed) {
        return ts_diag_runtime(d, "the fit's Jacobian could not be computed "
                               "(out of memory, or a failed matrix "
                               "exponential)");
    }
    gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    f->chi2 = best->value;
    f->iterations = best->iterations;
    f->converged = best->converged || best->stalled;
    f->dof = c->n_obs > c->n_params ? c->n_obs - c->n_params : 0;
    for (size_t j = 0; j < c->n_params; j++)
        f->estimate[j] = to_p(c, j, gsl_vector_get(best->u, j));
    memcpy(f->x, c->x, c->r->slots->n * sizeof *f->x);
    memcpy(f->fitted, c->model, c->sc->n_observed * sizeof *f->fitted);
    if (best->stalled)
        ts_fit_note(f, "the fit stopped where no step lowered chi-square%s%s: a "
             "minimum, or a direction the observations cannot see (see the "
             "notes on identification)", "", "");
    ts_fit_bounds_notes(c->sc, f);
    standard_errors(c, J, best->u, f);
    return TS_OK;
}

static bool lsq_search(void *ctx, const double *p0, fit_try *t)
{
    fit_ctx *c = ctx;
    return solve_from(c, c->w, c->fdf, p0, t);
}

ts_status ts_fit_lsq_run(const ts_scenario *sc, const ts_results *r,
                         const bool *use, size_t starts, ts_fit_result **out,
                         ts_diags *d)
{
    size_t p = sc->n_fit, n_obs = 0;
    size_t *obs = calloc(sc->n_observed + 1, sizeof *obs);
    ts_fit_result *f = ts_fit_result_create(p, sc->n_observed, r->slots->n);
    double *x = malloc((r->slots->n + 1) * sizeof *x);
    double *model = calloc(sc->n_observed + 1, sizeof *model);
    ts_status st = obs && f && x && model ? TS_OK : ts_diag_nomem(d);
    *out = NULL;
    for (size_t i = 0; st == TS_OK && i < sc->n_observed; i++)
        if (!use || use[i])
            obs[n_obs++] = i;
    for (size_t j = 0; st == TS_OK && j < p; j++)
        if ((f->slot[j] = ts_fit_slot_of(r, sc->fit[j].target)) == SIZE_MAX)
            st = ts_diag_runtime(d, "the fit's parameter %s has no value "
                                 "slot in the run (a defect: please report "
                                 "it)", sc->fit[j].path);
    if (st == TS_OK && n_obs < p)
        st = ts_diag_add(d, sc->fit_mark, "fitting %zu parameters needs at "
                         "least %zu observations, and %zu are used", p, p,
                         n_obs);
    if (st == TS_OK) {
        memcpy(x, r->x_mean, r->slots->n * sizeof *x);
        gsl_multifit_nlinear_parameters params =
            gsl_multifit_nlinear_default_parameters();
        gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(
            gsl_multifit_nlinear_trust, &params, n_obs, p);
        gsl_multifit_nlinear_fdf fdf = {residuals, jacobian, NULL, n_obs, p,
                                        NULL, 0, 0, 0};
        fit_ctx c = {sc, w, &fdf, r, f->slot, obs, p, n_obs, x, model,
                     false};
        fdf.params = &c;
        fit_try best = {gsl_vector_alloc(p), 0, 0, false, false};
        f->n_obs = n_obs;
        f->starts = starts;
        if (!w || !best.u ||
            !ts_fit_best_of_starts(sc, p, starts, lsq_search, &c, &best)) {
            ts_diag_add(d, ts_nowhere, "the fit failed: the projection could "
                        "not be computed at any start");
            st = TS_ERUNTIME;
        } else
            st = finish(&c, w, &fdf, &best, f, d);
        if (st == TS_OK && !f->converged) {
            ts_diag_add(d, sc->fit_mark, "the fit did not converge in %d "
                        "iterations (chi-square %.4g where it stopped), so "
                        "it is not reported; try more --starts, narrower "
                        "bounds or fewer parameters", FIT_MAX_ITER, f->chi2);
            st = TS_ERUNTIME;
        }
        gsl_vector_free(best.u);
        gsl_multifit_nlinear_free(w);
    }
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

