#include "sim/out/claim_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/date.h"
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
