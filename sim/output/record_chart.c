#include "sim/output/record_chart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/date.h"
#include "sim/mc/results.h"
#include "sim/output/gp_text.h"

/* One recorded move of one executive entry (a group's members who moved
 * together count once). */
typedef struct chart_move {
    size_t entity;
    ts_cohort_move m;
} chart_move;

static int by_step(const void *a, const void *b)
{
    const chart_move *x = a, *y = b;
    if (x->m.step != y->m.step)
        return x->m.step < y->m.step ? -1 : 1;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    if (x->m.from != y->m.from)
        return x->m.from < y->m.from ? -1 : 1;
    return (x->m.to > y->m.to) - (x->m.to < y->m.to);
}

/* The distinct moves of every cohort's history, in time order; *n how
 * many. NULL with *n = 0 when there are none or memory runs out
 * (*oom). */
static chart_move *distinct_moves(const ts_cohorts *cs, size_t *n, bool *oom)
{
    size_t total = 0;
    *n = 0;
    *oom = false;
    for (size_t c = 0; c < cs->n; c++)
        total += cs->items[c].n_moves;
    if (total == 0)
        return NULL;
    chart_move *v = malloc(total * sizeof *v);
    if (!v) {
        *oom = true;
        return NULL;
    }
    size_t k = 0;
    for (size_t c = 0; c < cs->n; c++)
        for (size_t i = 0; i < cs->items[c].n_moves; i++)
            v[k++] = (chart_move){cs->items[c].entity,
                                  cs->moves[cs->items[c].move0 + i]};
    qsort(v, total, sizeof *v, by_step);
    for (size_t i = 0; i < total; i++)
        if (*n == 0 || by_step(&v[*n - 1], &v[i]) != 0)
            v[(*n)++] = v[i];
    return v;
}

typedef struct record_ctx {
    const ts_scenario *sc;
    const ts_results *r;
    const chart_move *moves;
    bool named;
} record_ctx;

/* With no points of a kind, the arrays hold one invisible point at the
 * first stock of the first pool, so that the charts' loops over them are
 * never empty (an empty loop over '+' would stretch the time axis back
 * to 1970). */
static void stand_in(const record_ctx *c, char *buf, size_t size)
{
    ts_month_format(c->sc->start, buf, size);
}

static const char *observed_date(const void *ctx, size_t i, char *buf,
                                 size_t size)
{
    const record_ctx *c = ctx;
    const ts_record *rec = c->sc->record;
    if (!rec || rec->n_headcounts == 0)
        stand_in(c, buf, size);
    else
        ts_month_format(rec->headcounts[i].at, buf, size);
    return buf;
}

static const char *recorded_date(const void *ctx, size_t i, char *buf,
                                 size_t size)
{
    const record_ctx *c = ctx;
    if (!c->moves)
        stand_in(c, buf, size);
    else /* the marker sits where the move is complete: the step's end */
        ts_month_format(ts_scenario_step_month(c->sc,
                                               c->moves[i].m.step + 1),
                        buf, size);
    return buf;
}

static const char *recorded_label(const void *ctx, size_t i, char *buf,
                                  size_t size)
{
    const record_ctx *c = ctx;
    if (!c->named || !c->moves)
        return "";
    const chart_move *m = &c->moves[i];
    snprintf(buf, size, "%s \u2192 %s", c->sc->execs[m->entity].name.s,
             ts_pool_name(c->sc, m->m.to));
    return buf;
}

/* Numbers as a gnuplot array of n >= 1. */
static void number_array(FILE *f, const char *var, size_t n,
                         const double *v)
{
    fprintf(f, "array %s[%zu] = [", var, n);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%.10g", i ? (i % 8 == 0 ? ", \\\n    " : ", ") : "",
                v[i]);
    fputs("]\n", f);
}

/* Writes NAME_n (n, or 1 for the stand-in) and the arrays of n points:
 * dates from date(), pool numbers and values. */
static void write_points(FILE *f, const record_ctx *c, const char *name,
                         size_t n, ts_gp_item_fn date, const double *pool,
                         const double *value)
{
    char var[48];
    double first[1] = {c->r->projection->stock[0]}, one[1] = {1};
    size_t len = n ? n : 1;
    fprintf(f, "n_%s = %zu\n%s_n = %zu\n", name, n, name, len);
    snprintf(var, sizeof var, "%s_date", name);
    ts_gp_array(f, var, len, date, c);
    snprintf(var, sizeof var, "%s_pool", name);
    number_array(f, var, len, n ? pool : one);
    snprintf(var, sizeof var, "%s_value", name);
    number_array(f, var, len, n ? value : first);
}

static bool write_observed(FILE *f, const record_ctx *c)
{
    const ts_record *rec = c->sc->record;
    size_t n = rec ? rec->n_headcounts : 0;
    double *pool = calloc(n + 1, sizeof *pool);
    double *value = calloc(n + 1, sizeof *value);
    bool ok = pool && value;
    for (size_t h = 0; ok && h < n; h++) {
        pool[h] = (double)ts_scenario_pool_index(c->sc,
                                                 rec->headcounts[h].pool) + 1;
        value[h] = rec->headcounts[h].value;
    }
    if (ok)
        write_points(f, c, "observed", n, observed_date, pool, value);
    free(pool);
    free(value);
    return ok;
}

/* The pool a marker sits on, numbered from 1: where the move went, or
 * where it left from for `outside`. */
static size_t marker_pool(const ts_scenario *sc, const ts_cohort_move *m)
{
    return (m->to < sc->n_pools ? m->to : m->from) + 1;
}

static bool write_recorded(FILE *f, record_ctx *c, size_t n_all)
{
    const ts_projection *p = c->r->projection;
    size_t n = n_all < TS_CHART_MOVES_MAX ? n_all : TS_CHART_MOVES_MAX;
    double *y = calloc(n + 1, sizeof *y), *pool = calloc(n + 1, sizeof *pool);
    bool ok = y && pool;
    for (size_t i = 0; ok && i < n; i++) {
        const ts_cohort_move *m = &c->moves[i].m;
        pool[i] = (double)marker_pool(c->sc, m);
        y[i] = p->stock[(m->step + 1) * p->n + (size_t)pool[i] - 1];
    }
    c->named = n_all <= TS_CHART_NAMED_MOVES;
    if (ok) {
        write_points(f, c, "recorded", n, recorded_date, pool, y);
        fprintf(f, "recorded_left = %zu    # recorded moves not drawn (at "
                "most %d are)\n", n_all - n, TS_CHART_MOVES_MAX);
        ts_gp_array(f, "recorded_label", n ? n : 1, recorded_label, c);
    }
    free(y);
    free(pool);
    return ok;
}

bool ts_charts_write_record(FILE *f, const ts_scenario *sc,
                            const ts_results *r)
{
    size_t as_of = ts_scenario_as_of(sc), n = 0;
    bool oom = false;
    char date[16] = "";
    if (as_of > 0)
        ts_month_format(ts_scenario_step_month(sc, as_of), date, sizeof date);
    ts_gp_string(f, "as_of_date", date);
    chart_move *moves = NULL;
    if (r->execs)
        moves = distinct_moves(r->execs->cohorts, &n, &oom);
    record_ctx c = {sc, r, moves, false};
    bool ok = !oom && write_observed(f, &c) && write_recorded(f, &c, n);
    free(moves);
    return ok;
}
