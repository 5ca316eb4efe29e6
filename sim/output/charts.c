#include "sim/output/charts.h"
#include "sim/output/claim_text.h"
#include "sim/output/gp_text.h"
#include "sim/output/record_chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mc/flow_sums.h"
#include "sim/mc/results.h"
#include "sim/output/plot_templates.h"

void ts_chart_image_name(const char *name, ts_image_format format, char *buf,
                         size_t size)
{
    snprintf(buf, size, "%s.%s", name, ts_image_format_name(format));
}

/* Tics on the time axis, at dates people read: quarters for short runs,
 * years, or every few years for long ones. */
typedef struct time_tics {
    ts_month at[64];
    size_t n;
    bool with_month;
} time_tics;

static void choose_time_tics(ts_month first, ts_month last, time_tics *t)
{
    long span = last - first;
    int every = span <= 30 ? 3 : span <= 12 * 14 ? 12 : span <= 12 * 30 ? 24
                                                                         : 60;
    t->n = 0;
    t->with_month = every < 12;
    ts_month m = first + (every - first % every) % every;
    for (; m <= last && t->n < sizeof t->at / sizeof t->at[0]; m += every)
        t->at[t->n++] = m;
    if (t->n == 0) { /* a run shorter than a quarter */
        t->at[t->n++] = first;
        t->with_month = true;
    }
}

static const char *tic_date(const void *ctx, size_t i, char *buf,
                            size_t size)
{
    ts_month_format(((const time_tics *)ctx)->at[i], buf, size);
    return buf;
}

static const char *tic_label(const void *ctx, size_t i, char *buf,
                             size_t size)
{
    const time_tics *t = ctx;
    ts_month_format(t->at[i], buf, size);
    if (!t->with_month)
        buf[4] = '\0';
    return buf;
}

void ts_charts_write_head(FILE *f, const ts_chart_frame *fr)
{
    bool svg = fr->format == TS_IMAGE_SVG;
    fputs("# Charts of scenario ", f);
    ts_gp_quote(f, fr->title);
    fputs(", written by talentsim " TALENTSIM_VERSION ".\n"
"# Draw them again, after editing this file if you like, with\n"
"#     gnuplot charts.gp\n"
"# run in this directory: the data files are named relative to it.\n"
"# For SVG images set term_type = \"svg\" and image_ext = \"svg\".\n\n",
          f);
    ts_gp_string(f, "term_type", svg ? "svg" : "pngcairo");
    ts_gp_string(f, "image_ext", ts_image_format_name(fr->format));
    ts_gp_string(f, "scenario_title", fr->title);
    bool thousands = fr->max_people >= 10000;
    ts_gp_number(f, "scale", thousands ? 1000 : 1);
    ts_gp_string(f, "unit", thousands ? "thousands of people" : "people");
    time_tics tics;
    choose_time_tics(fr->first, fr->last, &tics);
    fprintf(f, "n_xtics = %zu\n", tics.n);
    ts_gp_array(f, "xtic_date", tics.n, tic_date, &tics);
    ts_gp_array(f, "xtic_label", tics.n, tic_label, &tics);
    fputs("\n# ---- shared style (plots/common.gp) ----\n", f);
    fputs(ts_plot_template("common"), f);
}

bool ts_charts_write_chart(FILE *f, const char *name, const char *data,
                           const char *what)
{
    const char *text = ts_plot_template(name);
    if (!text)
        return false;
    fprintf(f, "\n# ---- %s: %s (plots/%s.gp) ----\n", name, what, name);
    ts_gp_string(f, "data", data);
    fprintf(f, "out = '%s.' . image_ext\n", name);
    fputs(text, f);
    return true;
}

static const char *pool_id(const void *ctx, size_t i, char *buf,
                           size_t size)
{
    (void)buf;
    (void)size;
    return ((const ts_scenario *)ctx)->pools[i].id;
}

static const char *pool_label(const void *ctx, size_t i, char *buf,
                              size_t size)
{
    (void)buf;
    (void)size;
    const ts_pool *p = &((const ts_scenario *)ctx)->pools[i];
    return p->label ? p->label : p->id;
}

/* The pool variables of the run charts: n_pools, pool_id[], pool_label[]
 * (label, else id) and rows_per_step (the pools plus outside). */
static void write_pools(FILE *f, const ts_scenario *sc)
{
    fprintf(f, "n_pools = %zu\n", sc->n_pools);
    ts_gp_array(f, "pool_id", sc->n_pools, pool_id, sc);
    ts_gp_array(f, "pool_label", sc->n_pools, pool_label, sc);
    fprintf(f, "rows_per_step = %zu    # stocks.csv: the pools, then "
            "outside\n", sc->n_pools + 1);
}

static const char *event_date(const void *ctx, size_t i, char *buf,
                              size_t size)
{
    const ts_scenario *sc = ctx;
    ts_month_format(ts_scenario_step_month(sc, sc->events[i].step), buf,
                    size);
    return buf;
}

static const char *event_label(const void *ctx, size_t i, char *buf,
                               size_t size)
{
    const ts_event *e = &((const ts_scenario *)ctx)->events[i];
    if (e->label)
        return e->label;
    snprintf(buf, size, "event %zu", i + 1);
    return buf;
}

/* The shocks the time charts shade: each one's window of possible
 * starts, from its first possible start to the end of its window (the
 * horizon when it gives none); with a record, what is left of it from
 * as_of, or the months it acts when the record says it started, and
 * nothing for one that can no longer start. */
typedef struct shown_shocks {
    const ts_scenario *sc;
    size_t n;
    size_t *shock, *from, *to;   /* steps */
    bool *started;
} shown_shocks;

static bool shown_shocks_init(shown_shocks *v, const ts_scenario *sc,
                              const ts_shock_starts *st)
{
    size_t m = sc->n_shocks + 1;
    *v = (shown_shocks){sc, 0, calloc(m, sizeof(size_t)),
                        calloc(m, sizeof(size_t)), calloc(m, sizeof(size_t)),
                        calloc(m, sizeof(bool))};
    if (!v->shock || !v->from || !v->to || !v->started)
        return false;
    for (size_t i = 0; i < sc->n_shocks; i++) {
        size_t from = sc->shocks[i].step_from, to = sc->shocks[i].step_to;
        int settled = st ? st->settled[i] : TS_SHOCK_OPEN;
        if (st) {
            from = st->from[i];
            to = settled == TS_SHOCK_STARTED ? from + st->lasts[i] : st->to[i];
        }
        if (settled == TS_SHOCK_NEVER)
            continue;
        v->shock[v->n] = i;
        v->from[v->n] = from;
        v->to[v->n] = to < sc->horizon ? to : sc->horizon;
        v->started[v->n++] = settled == TS_SHOCK_STARTED;
    }
    return true;
}

static void shown_shocks_free(shown_shocks *v)
{
    free(v->shock);
    free(v->from);
    free(v->to);
    free(v->started);
}

static const char *shock_from(const void *ctx, size_t i, char *buf,
                              size_t size)
{
    const shown_shocks *v = ctx;
    ts_month_format(ts_scenario_step_month(v->sc, v->from[i]), buf, size);
    return buf;
}

static const char *shock_to(const void *ctx, size_t i, char *buf,
                            size_t size)
{
    const shown_shocks *v = ctx;
    ts_month_format(ts_scenario_step_month(v->sc, v->to[i]), buf, size);
    return buf;
}

static const char *shock_label(const void *ctx, size_t i, char *buf,
                               size_t size)
{
    const shown_shocks *v = ctx;
    const ts_shock *s = &v->sc->shocks[v->shock[i]];
    snprintf(buf, size, "%s %s", s->event.label ? s->event.label : s->id.s,
             v->started[i] ? "(started)" : "may start");
    return buf;
}

/* n_events, event_date[] and event_label[] (the label, else "event N"):
 * the markers of the time charts; and the shocks they shade. */
static bool write_events(FILE *f, const ts_scenario *sc,
                         const ts_shock_starts *st)
{
    fprintf(f, "n_events = %zu\n", sc->n_events);
    ts_gp_array(f, "event_date", sc->n_events, event_date, sc);
    ts_gp_array(f, "event_label", sc->n_events, event_label, sc);
    shown_shocks v;
    bool ok = shown_shocks_init(&v, sc, st);
    if (ok) {
        fprintf(f, "n_shocks = %zu\n", v.n);
        ts_gp_array(f, "shock_from", v.n, shock_from, &v);
        ts_gp_array(f, "shock_to", v.n, shock_to, &v);
        ts_gp_array(f, "shock_label", v.n, shock_label, &v);
    }
    shown_shocks_free(&v);
    return ok;
}

/* "2024" for a calendar year, else "2024-07 to 2025-07". */
static const char *period_label(const void *ctx, size_t y, char *buf,
                                size_t size)
{
    const ts_scenario *sc = ctx;
    size_t k0, k1;
    char from[16], to[16];
    ts_year_period_steps(sc, y, &k0, &k1);
    ts_month a = ts_scenario_step_month(sc, k0);
    ts_month b = ts_scenario_step_month(sc, k1);
    ts_month_format(a, from, sizeof from);
    ts_month_format(b, to, sizeof to);
    if (a % 12 == 0 && b - a == 12)
        snprintf(buf, size, "%.4s", from);
    else
        snprintf(buf, size, "%s to %s", from, to);
    return buf;
}

unsigned ts_charts_for_run(const ts_scenario *sc)
{
    unsigned set = sc->charts;
    if (sc->runs == 0)
        set &= ~TS_CHART_BIT(TS_CHART_FAN);
    if (sc->n_execs == 0)
        set &= ~TS_CHART_BIT(TS_CHART_EXECUTIVES);
    return set;
}

/* The executive-move predictions, in file order. */
static const ts_prediction *move_claim(const ts_scenario *sc, size_t i)
{
    for (size_t p = 0; p < sc->n_predictions; p++)
        if (sc->predictions[p].kind == TS_PREDICT_MOVES && i-- == 0)
            return &sc->predictions[p];
    return NULL;
}

static const char *claim_id(const void *ctx, size_t i, char *buf,
                            size_t size)
{
    (void)buf;
    (void)size;
    return move_claim(ctx, i)->id.s;
}

/* "id: text (at least k)", the text cut to keep the legend readable. */
static const char *claim_title(const void *ctx, size_t i, char *buf,
                               size_t size)
{
    const ts_prediction *p = move_claim(ctx, i);
    const char *text = p->text ? p->text : "";
    size_t k = p->at_least.given ? (size_t)p->at_least.value : 1;
    if (strlen(text) > 72)
        snprintf(buf, size, "%s: %.69s... (%zu+)", p->id.s, text, k);
    else if (*text)
        snprintf(buf, size, "%s: %s (%zu+)", p->id.s, text, k);
    else
        snprintf(buf, size, "%s (%zu+)", p->id.s, k);
    return buf;
}

static const char *claim_end(const void *ctx, size_t i, char *buf,
                             size_t size)
{
    const ts_scenario *sc = ctx;
    ts_month_format(ts_scenario_step_month(sc, move_claim(sc, i)->step_to),
                    buf, size);
    return buf;
}

/* The executives chart's variables: its claims, how many named
 * executives, and which pools they most likely go to (for the legend;
 * pool numbers from 1, 0 for outside). */
static void write_exec_vars(FILE *f, const ts_scenario *sc,
                            const ts_exec_exact *x)
{
    size_t claims = 0, named = 0;
    for (size_t p = 0; p < sc->n_predictions; p++)
        claims += sc->predictions[p].kind == TS_PREDICT_MOVES;
    fprintf(f, "n_claims = %zu\n", claims);
    ts_gp_array(f, "claim_id", claims, claim_id, sc);
    ts_gp_array(f, "claim_title", claims, claim_title, sc);
    ts_gp_array(f, "claim_end", claims, claim_end, sc);
    bool *used = calloc(sc->n_pools + 1, sizeof *used);
    for (size_t e = 0; e < sc->n_execs; e++)
        if (!sc->execs[e].is_group) {
            named++;
            if (used)
                used[x->dest[e]] = true;
        }
    /* a record of thousands: the first TS_CHART_NAMED of them drawn */
    fprintf(f, "n_named = %zu    # named executives drawn\n"
            "n_named_all = %zu\n",
            named < TS_CHART_NAMED ? named : TS_CHART_NAMED, named);
    size_t n_dest = 0;
    for (size_t j = 0; used && j <= sc->n_pools; j++)
        n_dest += used[j];
    fprintf(f, "n_dest = %zu\narray dest_pool[%zu] = [", n_dest,
            n_dest ? n_dest : 1);
    for (size_t j = 0, w = 0; used && j <= sc->n_pools; j++)
        if (used[j])
            fprintf(f, "%s%zu", w++ ? ", " : "",
                    j == sc->n_pools ? 0 : j + 1);
    fputs(n_dest ? "]\n" : "0]\n", f);
    char end[16];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    ts_gp_string(f, "horizon_label", end);
    char span[48];
    ts_exec_moved_span(sc, span, sizeof span);
    ts_gp_string(f, "moved_span", span);
    free(used);
}

static const struct {
    ts_chart_kind kind;
    const char *data, *what;
} run_charts[] = {
    {TS_CHART_STOCKS, "stocks.csv", "headcount per pool over time"},
    {TS_CHART_FAN, "stocks.csv", "Monte Carlo median and bands per pool"},
    {TS_CHART_FLOWS, "flows_total.csv", "people moving between pools"},
    {TS_CHART_NET, "net_yearly.csv", "net gain or loss per pool and year"},
    {TS_CHART_EXECUTIVES, "executives_destinations.csv",
     "prediction curves and executives' moves"},
};

/* The stocks chart on a log axis when its pools differ so much that a
 * linear one squeezes the small ones into a sliver: the largest pool
 * more than TS_CHART_LOG_RATIO times the smallest (each at its own
 * largest). stocks_min: the axis's foot, below the smallest headcount. */
#define TS_CHART_LOG_RATIO 20.0
static void write_stocks_scale(FILE *f, const ts_scenario *sc,
                               const ts_results *r, double top)
{
    const ts_projection *p = r->projection;
    double smallest_top = top, smallest = top;
    for (size_t j = 0; j < sc->n_pools; j++) {
        double pool_top = 0;
        for (size_t k = 0; k <= p->steps; k++) {
            double v = p->stock[k * p->n + j];
            pool_top = fmax(pool_top, v);
            smallest = fmin(smallest, v);
        }
        smallest_top = fmin(smallest_top, pool_top);
    }
    bool log = smallest > 0 && top > TS_CHART_LOG_RATIO * smallest_top;
    fprintf(f, "stocks_log = %d    # the pools differ more than %g times\n",
            log, TS_CHART_LOG_RATIO);
    ts_gp_number(f, "stocks_min", log ? smallest * 0.8 : 0);
}

bool ts_charts_write_run_script(FILE *f, const ts_scenario *sc,
                                unsigned charts, const ts_results *r)
{
    char from[16], to[16], period[48];
    const ts_exec_exact *x = r->exact;
    double max_people = 0; /* what the y axes must hold */
    for (size_t j = 0; j < sc->n_pools; j++)
        max_people = fmax(max_people, ts_charts_pool_top(r, j));
    ts_chart_frame frame = {
        .title = ts_scenario_title(sc), .first = sc->start,
        .last = ts_scenario_step_month(sc, sc->horizon),
        .max_people = max_people, .format = sc->format};
    ts_charts_write_head(f, &frame);
    fputs("\n# ---- the run ----\n", f);
    write_pools(f, sc);
    fprintf(f, "runs = %zu\n", sc->runs);
    write_stocks_scale(f, sc, r, frame.max_people);
    ts_gp_string(f, "counts_text", sc->counts ? sc->counts : "");
    fprintf(f, "feedback = %d    # some pool pulls (SPEC section 5)\n",
            ts_scenario_pulls(sc));
    fprintf(f, "n_periods = %zu\n", ts_year_periods(sc));
    ts_gp_array(f, "period_label", ts_year_periods(sc), period_label, sc);
    ts_month_format(frame.first, from, sizeof from);
    ts_month_format(frame.last, to, sizeof to);
    snprintf(period, sizeof period, "%s to %s", from, to);
    ts_gp_string(f, "period_text", period);
    if (!write_events(f, sc, r->shock_starts) ||
        !ts_charts_write_record(f, sc, r))
        return false;
    if (charts & TS_CHART_BIT(TS_CHART_EXECUTIVES))
        write_exec_vars(f, sc, x);
    for (size_t i = 0; i < sizeof run_charts / sizeof run_charts[0]; i++)
        if ((charts & TS_CHART_BIT(run_charts[i].kind)) &&
            !ts_charts_write_chart(f, ts_chart_kind_name(run_charts[i].kind),
                                   run_charts[i].data, run_charts[i].what))
            return false;
    return true;
}

double ts_charts_pool_top(const ts_results *r, size_t pool)
{
    const ts_projection *p = r->projection;
    double max = 0;
    for (size_t k = 0; k <= p->steps; k++) {
        size_t cell = k * p->n + pool;
        max = fmax(max, p->stock[cell]);
        if (r->stats)
            max = fmax(max, r->stats->q[TS_N_QUANTILES - 1][cell]);
    }
    return max;
}
