#include "sim/studies/tornado.h"
#include "sim/mc/results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        ts_diag_add(d, ts_nowhere, "out of memory while computing the "
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
