#include "sim/output/claim_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/date.h"
#include "sim/exec/claim_terms.h"
#include "sim/mc/results.h"

size_t ts_probability_text(double p, double se, size_t runs, char *buf,
                           size_t size)
{
    int n;
    if (isnan(p))
        n = snprintf(buf, size, "(needs runs)");
    else if (isnan(se))
        n = snprintf(buf, size, "%.3f", p);
    else if (se == 0 && (p == 0 || p == 1) && runs > 0)
        /* no run of R disagrees: the one-sided 95% bound */
        return (size_t)snprintf(buf, size, "%s %.4g",
                                p == 1 ? "\u2265" : "\u2264",
                                p == 1 ? 1 - 3.0 / (double)runs
                                       : 3.0 / (double)runs) -
               2; /* the sign is three bytes, one character */
    else
        return (size_t)snprintf(buf, size, "%.3f \u00b1 %.3f", p, se) - 1;
    return n > 0 ? (size_t)n : 0;
}

void ts_claim_covers(const ts_scenario *sc, const ts_claim *c, char *buf,
                     size_t size)
{
    char from[16], last[16];
    if (c->kind == TS_PREDICT_HEADCOUNT) {
        ts_month_format(ts_scenario_step_month(sc, c->at_step), from,
                        sizeof from);
        snprintf(buf, size, "the headcount dated %s", from);
        return;
    }
    ts_month_format(ts_scenario_step_month(sc, c->step_from), from,
                    sizeof from);
    ts_month_format(ts_scenario_step_month(sc, c->step_to) - 1, last,
                    sizeof last);
    snprintf(buf, size, "%s to the end of %s", from, last);
}

size_t ts_claim_makers(const ts_scenario *sc, const ts_results *r, size_t i,
                       ts_claim_term *top)
{
    const ts_exec_exact *x = r->exact;
    if (!x || !r->execs)
        return 0;
    ts_claim_term *rows = malloc((x->n_entities * x->n + 1) * sizeof *rows);
    if (!rows)
        return 0;
    size_t n = ts_claim_terms(x, sc, r->execs, r->claims, i, rows);
    n = n < TS_CLAIM_MAKERS ? n : TS_CLAIM_MAKERS;
    memcpy(top, rows, n * sizeof *top);
    free(rows);
    return n;
}

void ts_exec_now_text(const ts_scenario *sc, const ts_results *r, size_t e,
                      char *buf, size_t size)
{
    const ts_exec_exact *x = r->exact;
    size_t members = ts_executive_members(&sc->execs[e]);
    const char *pool = ts_pool_name(sc, x->now_pool[e]);
    if (x->now_members[e] < members)
        snprintf(buf, size, "%s (%zu of %zu)", pool, x->now_members[e],
                 members);
    else
        snprintf(buf, size, "%s", pool);
}

void ts_exec_moved_span(const ts_scenario *sc, char *buf, size_t size)
{
    char from[16], end[16];
    size_t as_of = ts_scenario_as_of(sc);
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    ts_month_format(ts_scenario_step_month(sc, as_of), from, sizeof from);
    if (as_of > 0)
        snprintf(buf, size, "from %s to %s", from, end);
    else
        snprintf(buf, size, "by %s", end);
}

/* "1 move", "2 moves" */
static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

bool ts_record_text(const ts_scenario *sc, char *buf, size_t size)
{
    size_t as_of = ts_scenario_as_of(sc), used = 0;
    const ts_record *r = sc->record;
    if (as_of == 0 || !r)
        return false;
    for (size_t h = 0; h < r->n_headcounts; h++)
        used += ts_scenario_month_step(sc, r->headcounts[h].at) == as_of;
    char at[16];
    ts_month_format(r->as_of, at, sizeof at);
    snprintf(buf, size, "forecast as of %s, from the record: %zu %s, %zu %s "
             "settled, %zu observed %s", at, r->n_moves,
             plural(r->n_moves, "move", "moves"), r->n_shocks,
             plural(r->n_shocks, "shock", "shocks"), used,
             plural(used, "headcount", "headcounts"));
    return true;
}
