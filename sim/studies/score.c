#include "sim/studies/score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double ts_brier(double p, bool came_true)
{
    double o = came_true ? 1 : 0;
    return (p - o) * (p - o);
}

double ts_log_score(double p, bool came_true)
{
    double q = fmin(fmax(p, TS_LOG_SCORE_CLIP), 1 - TS_LOG_SCORE_CLIP);
    return -log(came_true ? q : 1 - q);
}

double ts_interval_score(double l, double u, double y, double alpha)
{
    return (u - l) + (y < l ? 2 / alpha * (l - y) : 0) +
           (y > u ? 2 / alpha * (y - u) : 0);
}

double ts_wis(const double *q, double y)
{
    return (0.5 * fabs(y - q[2]) + 0.25 * ts_interval_score(q[1], q[3], y,
                                                            0.5) +
            0.05 * ts_interval_score(q[0], q[4], y, 0.1)) /
           2.5;
}

static ts_score_row blank(size_t forecast, ts_score_kind kind, size_t entry)
{
    return (ts_score_row){forecast, kind, entry, NAN, NAN, NAN, NAN,
                          NAN, NAN, -1, -1};
}

/* Outcome i by forecast k, when the forecast has it and it became known
 * after the forecast was made; false otherwise (counted). */
static bool claim_row(const ts_record *r, const ts_forecast *f, size_t k,
                      size_t i, ts_score_row *row, ts_score_summary *s)
{
    const ts_outcome *o = &r->outcomes[i];
    if (!f->has_claim[i] || isnan(f->claim[i].p) || o->on <= f->as_of) {
        s->not_scored++;
        s->known_before += f->has_claim[i] && o->on <= f->as_of;
        return false;
    }
    *row = blank(k, TS_SCORE_CLAIM, i);
    row->forecast_value = f->claim[i].p;
    row->observed = o->came_true;
    row->brier = ts_brier(row->forecast_value, o->came_true);
    row->log_score = ts_log_score(row->forecast_value, o->came_true);
    return true;
}

static bool headcount_row(const ts_record *r, const ts_forecast *f,
                          size_t k, size_t i, ts_score_row *row,
                          ts_score_summary *s)
{
    const ts_record_headcount *h = &r->headcounts[i];
    const ts_forecast_stock *st = &f->stock[i];
    if (!st->found || h->at <= f->as_of) {
        s->not_scored++;
        s->known_before += st->found && h->at <= f->as_of;
        return false;
    }
    double y = h->value;
    *row = blank(k, TS_SCORE_HEADCOUNT, i);
    row->observed = y;
    if (!st->has_runs) {
        row->forecast_value = st->deterministic;
        row->abs_error = fabs(y - st->deterministic);
        return true;
    }
    row->forecast_value = st->q[2];
    row->abs_error = fabs(y - st->q[2]);
    row->wis = ts_wis(st->q, y);
    row->in50 = y >= st->q[1] && y <= st->q[3];
    row->in90 = y >= st->q[0] && y <= st->q[4];
    return true;
}

/* Every outcome and headcount is in some forecast. */
static ts_status check_known(const ts_record *r, ts_forecast *const *f,
                             size_t n, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < r->n_outcomes; i++) {
        bool any = false;
        for (size_t k = 0; k < n; k++)
            any |= f[k]->has_claim[i];
        if (!any)
            st = ts_diag_add(d, r->outcomes[i].mark, "outcome of '%s': no "
                             "forecast has a prediction with that id",
                             r->outcomes[i].id);
    }
    for (size_t i = 0; i < r->n_headcounts; i++) {
        bool any = false;
        for (size_t k = 0; k < n; k++)
            any |= f[k]->stock[i].found;
        if (!any)
            st = ts_diag_add(d, r->headcounts[i].mark, "headcount of '%s': "
                             "no forecast has that pool at that date",
                             r->headcounts[i].pool);
    }
    return st;
}

static void summarise(const ts_scores *s, ts_score_summary *sum, size_t k)
{
    double brier = 0, logs = 0, wis = 0;
    size_t n_wis = 0, in50 = 0, in90 = 0;
    for (size_t j = 0; j < s->n_rows; j++) {
        const ts_score_row *row = &s->rows[j];
        if (row->forecast != k)
            continue;
        if (row->kind == TS_SCORE_CLAIM) {
            sum->claims++;
            brier += row->brier;
            logs += row->log_score;
        } else {
            sum->headcounts++;
            if (!isnan(row->wis)) {
                n_wis++;
                wis += row->wis;
                in50 += row->in50 == 1;
                in90 += row->in90 == 1;
            }
        }
    }
    sum->mean_brier = sum->claims ? brier / (double)sum->claims : NAN;
    sum->mean_log_score = sum->claims ? logs / (double)sum->claims : NAN;
    sum->mean_wis = n_wis ? wis / (double)n_wis : NAN;
    sum->coverage50 = n_wis ? (double)in50 / (double)n_wis : NAN;
    sum->coverage90 = n_wis ? (double)in90 / (double)n_wis : NAN;
}

ts_status ts_scores_compute(const ts_record *r, ts_forecast *const *f,
                            size_t n, ts_scores **out, ts_diags *d)
{
    *out = NULL;
    ts_status st = check_known(r, f, n, d);
    if (st != TS_OK)
        return st;
    size_t most = n * (r->n_outcomes + r->n_headcounts);
    ts_scores *s = calloc(1, sizeof *s);
    if (s) {
        s->rows = calloc(most + 1, sizeof *s->rows);
        s->summary = calloc(n + 1, sizeof *s->summary);
        s->n_forecasts = n;
    }
    if (!s || !s->rows || !s->summary) {
        ts_scores_destroy(s);
        ts_diag_nomem(d);
        return TS_ERUNTIME;
    }
    for (size_t k = 0; k < n; k++) {
        for (size_t i = 0; i < r->n_outcomes; i++)
            s->n_rows += claim_row(r, f[k], k, i, &s->rows[s->n_rows],
                                   &s->summary[k]);
        for (size_t i = 0; i < r->n_headcounts; i++)
            s->n_rows += headcount_row(r, f[k], k, i, &s->rows[s->n_rows],
                                       &s->summary[k]);
    }
    for (size_t k = 0; k < n; k++)
        summarise(s, &s->summary[k], k);
    *out = s;
    return TS_OK;
}

void ts_scores_destroy(ts_scores *s)
{
    if (!s)
        return;
    free(s->rows);
    free(s->summary);
    free(s);
}
