#include "sim/studies/tornado.h"

#include "sim/api/run_options.h"
#include "sim/mc/results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/distribution.h"
#include "models/load/fields.h"

/* Every pool's deterministic stock at `step` with slot values x and
 * events' values ev. */
static bool stocks_at(const ts_scenario *sc, const ts_results *r,
                      const double *x, const double *ev, size_t step,
                      double *out)
{
    ts_timeline *t;
    ts_projection *p = ts_results_project(sc, r, x, ev, &t);
    if (p)
        memcpy(out, p->stock + step * p->n, p->n * sizeof *out);
    ts_projection_destroy(p);
    ts_timeline_destroy(t);
    return p != NULL;
}

static size_t count_uncertain(const ts_results *r)
{
    size_t n = r->slots->n_uncertain;
    for (size_t i = 0; r->schedule && i < r->schedule->n; i++)
        n += r->schedule->items[i].value->dist.kind != TS_DIST_NONE;
    for (size_t i = 0; r->schedule && i < r->schedule->n_shock; i++)
        n += r->schedule->shock[i].value->dist.kind != TS_DIST_NONE;
    return n;
}

/* The row's low and high ends: x or ev with one entry at p05 / p95. */
static bool fill_row(const ts_scenario *sc, const ts_results *r,
                     ts_tornado *t, ts_tornado_row *row, const ts_dist *dist,
                     double *x, double *ev, double *target)
{
    double keep = *target;
    row->low_value = ts_dist_quantile(dist, TS_TORNADO_LOW);
    row->high_value = ts_dist_quantile(dist, TS_TORNADO_HIGH);
    row->low = malloc(t->n_pools * sizeof *row->low);
    row->high = malloc(t->n_pools * sizeof *row->high);
    if (!row->low || !row->high)
        return false;
    *target = row->low_value;
    bool ok = stocks_at(sc, r, x, ev, t->step, row->low);
    *target = row->high_value;
    ok = ok && stocks_at(sc, r, x, ev, t->step, row->high);
    *target = keep;
    return ok;
}

static bool fill_rows(const ts_scenario *sc, const ts_results *r,
                      ts_tornado *t, double *x, double *ev)
{
    size_t k = 0;
    for (size_t i = 0; i < r->slots->n; i++) {
        const ts_slot *s = &r->slots->items[i];
        if (s->param->dist.kind == TS_DIST_NONE)
            continue;
        snprintf(t->rows[k].name, sizeof t->rows[k].name, "%s", s->path);
        if (!fill_row(sc, r, t, &t->rows[k++], &s->param->dist, x, ev, &x[i]))
            return false;
    }
    for (size_t i = 0; r->schedule && i < r->schedule->n; i++) {
        const ts_change *c = &r->schedule->items[i];
        if (c->value->dist.kind == TS_DIST_NONE)
            continue;
        char date[16];
        ts_month_format(ts_scenario_step_month(sc, c->step), date,
                        sizeof date);
        snprintf(t->rows[k].name, sizeof t->rows[k].name, "%s from %s",
                 r->slots->items[c->slot].path, date);
        if (!fill_row(sc, r, t, &t->rows[k++], &c->value->dist, x, ev,
                      &ev[i]))
            return false;
    }
    for (size_t i = 0; r->schedule && i < r->schedule->n_shock; i++) {
        const ts_change *c = &r->schedule->shock[i];
        if (c->value->dist.kind == TS_DIST_NONE)
            continue;
        snprintf(t->rows[k].name, sizeof t->rows[k].name, "%s during %s",
                 r->slots->items[c->slot].path, sc->shocks[c->shock].id.s);
        if (!fill_row(sc, r, t, &t->rows[k++], &c->value->dist, x, ev,
                      &ev[c->value_index]))
            return false;
    }
    return true;
}

ts_tornado *ts_tornado_create(const ts_scenario *sc, const ts_results *r,
                              size_t step, ts_diags *d)
{
    ts_tornado *t = calloc(1, sizeof *t);
    size_t changes = ts_schedule_n_values(r->schedule);
    double *x = malloc((r->slots->n + 1) * sizeof *x);
    double *ev = malloc((changes + 1) * sizeof *ev);
    bool ok = t && x && ev;
    if (ok) {
        t->n = count_uncertain(r);
        t->step = step;
        t->n_pools = sc->n_pools + 1;
        t->base = malloc(t->n_pools * sizeof *t->base);
        t->rows = calloc(t->n + 1, sizeof *t->rows);
        memcpy(x, r->x_mean, r->slots->n * sizeof *x);
        if (changes)
            memcpy(ev, r->ev_mean, changes * sizeof *ev);
        ok = t->base && t->rows &&
             stocks_at(sc, r, x, ev, step, t->base) &&
             fill_rows(sc, r, t, x, ev);
    }
    free(x);
    free(ev);
    if (!ok) {
        ts_tornado_destroy(t);
        if (d->runtime == 0)
            ts_diag_runtime(d, "out of memory while computing the "
                            "tornado");
        return NULL;
    }
    return t;
}

void ts_tornado_destroy(ts_tornado *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->rows && i < t->n; i++) {
        free(t->rows[i].low);
        free(t->rows[i].high);
    }
    free(t->rows);
    free(t->base);
    free(t);
}

void ts_tornado_order(const ts_tornado *t, size_t pool, size_t *order)
{
    for (size_t i = 0; i < t->n; i++)
        order[i] = i;
    /* insertion sort: a handful of parameters; ties keep file order */
    for (size_t i = 1; i < t->n; i++) {
        size_t v = order[i], j = i;
        double sv = fabs(t->rows[v].high[pool] - t->rows[v].low[pool]);
        while (j > 0 && fabs(t->rows[order[j - 1]].high[pool] -
                             t->rows[order[j - 1]].low[pool]) < sv) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

size_t ts_tornado_top(const ts_tornado *t, size_t pool, size_t k,
                      size_t *rows)
{
    size_t *order = t && t->n ? malloc(t->n * sizeof *order) : NULL;
    if (!order)
        return 0;
    ts_tornado_order(t, pool, order);
    size_t n = t->n < k ? t->n : k;
    memcpy(rows, order, n * sizeof *rows);
    free(order);
    return n;
}

/* ---- by swinging the scenario's own values ------------------------ */

/* The metric for sc as it now is. */
static ts_status metric_of(const ts_scenario *sc, ts_tornado_metric m,
                           const ts_mc_setup *setup, double *out,
                           ts_diags *d)
{
    ts_results r = {0};
    ts_status st = ts_results_deterministic(sc, &r, d);
    if (st == TS_OK && !m.claim)
        *out = r.projection->stock[m.step * (sc->n_pools + 1) + m.index];
    else if (st == TS_OK && sc->predictions[m.index].kind == TS_PREDICT_MOVES)
        *out = r.exact->claim_p[m.index];
    else if (st == TS_OK &&
             (st = ts_results_monte_carlo(sc, setup, &r, d)) == TS_OK) {
        double se;
        ts_exec_tally_claim(r.mc->exec, r.mc->runs, m.index, out, &se);
    }
    ts_results_free(&r);
    return st;
}

/* A swing of one value: its path, the two ends, and where it lives. */
typedef struct swing {
    ts_param *param;
    const char *path;
    double low, high;
} swing;

static bool point_kind(ts_slot_kind k)
{
    return k != TS_SLOT_TEAM_SIZE;
}

/* The share slots of the same owner and kind as slot i, summed with
 * slot i at v: a pool's shares may not pass 1. */
static double shares_with(const ts_slots *s, size_t i, double v)
{
    double sum = 0;
    for (size_t j = 0; j < s->n; j++)
        if (s->items[j].kind == s->items[i].kind &&
            s->items[j].owner == s->items[i].owner)
            sum += j == i ? v : s->items[j].param->value;
    return sum;
}

static bool is_share(ts_slot_kind k)
{
    return k == TS_SLOT_SHARE || k == TS_SLOT_EXEC_SHARE ||
           k == TS_SLOT_EXECUTIVE_SHARE;
}

static void note(ts_tornado_notes *notes, const char *path, double v,
                 const char *why)
{
    if (notes->n < TS_TORNADO_NOTES)
        snprintf(notes->text[notes->n++], sizeof notes->text[0],
                 "%s = %g: %s", path, v, why);
    notes->total++;
}

/* Slot i as a point swing 0.8 v to 1.2 v, or a note why not. */
static bool point_swing(const ts_slots *s, size_t i, swing *w,
                        ts_tornado_notes *notes)
{
    const ts_slot *slot = &s->items[i];
    double v = slot->param->value;
    w->low = 0.8 * v;
    w->high = 1.2 * v;
    if (slot->range.whole) {
        w->low = round(w->low);
        w->high = round(w->high);
    }
    if (v == 0 || w->low == w->high) {
        note(notes, slot->path, v, "0.8 and 1.2 times it are the same");
        return false;
    }
    if (!ts_range_contains(&slot->range, w->low) ||
        !ts_range_contains(&slot->range, w->high)) {
        note(notes, slot->path, v, "1.2 or 0.8 times it leaves its valid "
             "range");
        return false;
    }
    if (is_share(slot->kind) && shares_with(s, i, w->high) > 1 + 1e-12) {
        note(notes, slot->path, v, "1.2 times it takes its pool's shares "
             "above 1");
        return false;
    }
    return true;
}

/* Every value to swing: uncertain slots and events' values (p05 to p95),
 * and with points the plain slots. */
static size_t swings_of(const ts_results *r, bool points, swing *w,
                        ts_tornado_notes *notes)
{
    size_t n = 0;
    for (size_t i = 0; i < r->slots->n; i++) {
        const ts_slot *slot = &r->slots->items[i];
        w[n].param = (ts_param *)slot->param; /* the caller's own sc */
        w[n].path = slot->path;
        if (slot->param->dist.kind != TS_DIST_NONE) {
            w[n].low = ts_dist_quantile(&slot->param->dist, TS_TORNADO_LOW);
            w[n].high = ts_dist_quantile(&slot->param->dist,
                                         TS_TORNADO_HIGH);
            n++;
        } else if (points && point_kind(slot->kind) &&
                   point_swing(r->slots, i, &w[n], notes)) {
            n++;
        }
    }
    size_t events = r->schedule ? r->schedule->n + r->schedule->n_shock : 0;
    for (size_t i = 0; i < events; i++) {
        const ts_change *c = i < r->schedule->n
                                 ? &r->schedule->items[i]
                                 : &r->schedule->shock[i - r->schedule->n];
        if (c->value->dist.kind == TS_DIST_NONE)
            continue;
        w[n] = (swing){(ts_param *)c->value, r->slots->items[c->slot].path,
                       ts_dist_quantile(&c->value->dist, TS_TORNADO_LOW),
                       ts_dist_quantile(&c->value->dist, TS_TORNADO_HIGH)};
        n++;
    }
    return n;
}

/* One row: the value at each end, the others where they are. */
static ts_status swing_row(ts_scenario *sc, ts_tornado_metric m,
                           const ts_mc_setup *setup, swing *w,
                           ts_tornado_row *row, ts_diags *d)
{
    double keep = w->param->value;
    snprintf(row->name, sizeof row->name, "%s", w->path);
    row->low_value = w->low;
    row->high_value = w->high;
    row->low = malloc(sizeof *row->low);
    row->high = malloc(sizeof *row->high);
    if (!row->low || !row->high) {
        ts_diag_nomem(d);
        return TS_ERUNTIME;
    }
    w->param->value = w->low;
    ts_status st = metric_of(sc, m, setup, row->low, d);
    w->param->value = w->high;
    if (st == TS_OK)
        st = metric_of(sc, m, setup, row->high, d);
    w->param->value = keep;
    return st;
}

ts_tornado *ts_tornado_swing(ts_scenario *sc, ts_tornado_metric metric,
                             bool points, const talentsim_options *opt,
                             ts_tornado_notes *notes, ts_diags *d)
{
    /* the studies' runs report no progress of their own */
    talentsim_options quiet = *opt;
    quiet.progress = NULL;
    ts_ranks ranks;
    ts_mc_setup setup = ts_run_options_setup(&quiet, &ranks);
    ts_results r = {0};
    ts_tornado *t = calloc(1, sizeof *t);
    ts_status st = t ? ts_results_deterministic(sc, &r, d)
                     : ts_diag_nomem(d);
    size_t most = r.slots ? r.slots->n + (r.schedule ? r.schedule->n +
                                          r.schedule->n_shock : 0) : 0;
    swing *w = st == TS_OK ? calloc(most + 1, sizeof *w) : NULL;
    ts_dist *kept = st == TS_OK ? calloc(most + 1, sizeof *kept) : NULL;
    if (st == TS_OK && (!w || !kept))
        st = ts_diag_nomem(d);
    size_t n = st == TS_OK ? swings_of(&r, points, w, notes) : 0;
    /* every other assumption at its mean: no distribution while it runs */
    for (size_t i = 0; i < n; i++) {
        kept[i] = w[i].param->dist;
        w[i].param->dist.kind = TS_DIST_NONE;
    }
    if (st == TS_OK) {
        t->n = n;
        t->n_pools = 1;
        t->step = metric.step;
        t->base = malloc(sizeof *t->base);
        t->rows = calloc(n + 1, sizeof *t->rows);
        st = t->base && t->rows ? metric_of(sc, metric, &setup, t->base, d)
                                : ts_diag_nomem(d);
    }
    for (size_t i = 0; st == TS_OK && i < n; i++)
        st = swing_row(sc, metric, &setup, &w[i], &t->rows[i], d);
    for (size_t i = 0; i < n; i++)
        w[i].param->dist = kept[i];
    free(w);
    free(kept);
    ts_results_free(&r);
    if (st != TS_OK) {
        if (st == TS_ERUNTIME && d->count == 0)
            ts_diag_runtime(d, "out of memory while computing the "
                        "tornado");
        ts_tornado_destroy(t);
        return NULL;
    }
    return t;
}
