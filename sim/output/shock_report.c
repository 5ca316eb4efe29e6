#include "sim/output/shock_report.h"

#include <math.h>
#include <stdlib.h>

#include "sim/output/csv_out.h"
#include "sim/output/terminal.h"

/* P(start by the horizon) and the expected start step given a start. */
static void start_summary(const ts_scenario *sc, const ts_shock_starts *s,
                          size_t i, double *p_start, double *expected)
{
    size_t w = s->to[i] - s->from[i];
    double *p = malloc((w + 1) * sizeof *p), mass = 0, at = 0;
    *p_start = *expected = NAN;
    if (!p)
        return;
    ts_shock_start_probs(s, i, sc->shocks[i].chance.value, p);
    for (size_t k = 0; k < w; k++) {
        mass += p[k];
        at += p[k] * (double)(s->from[i] + k);
    }
    *p_start = mass;
    *expected = mass > 0 ? at / mass : NAN;
    free(p);
}

/* The month nearest step `step` (fractional). */
static void month_near(const ts_scenario *sc, double step, char *buf,
                       size_t size)
{
    long months = lround(step * sc->step_months);
    ts_month_format(sc->start + (ts_month)months, buf, size);
}

void ts_shock_write_csv(FILE *f, const ts_scenario *sc,
                        const ts_shock_starts *s)
{
    fputs("id,label,p_start_by_horizon,expected_start\n", f);
    for (size_t i = 0; i < sc->n_shocks; i++) {
        const ts_shock *x = &sc->shocks[i];
        double p, expected;
        char date[16] = "";
        start_summary(sc, s, i, &p, &expected);
        if (!isnan(expected))
            month_near(sc, expected, date, sizeof date);
        fprintf(f, "%s,", x->id.s);
        ts_csv_text(f, x->event.label ? x->event.label : "");
        ts_csv_cell(f, p);
        fprintf(f, ",%s\n", date);
    }
}

void ts_shock_write_starts_csv(FILE *f, const ts_scenario *sc,
                               const ts_shock_starts *s)
{
    fputs("id,step,date,p_start,p_started_by\n", f);
    for (size_t i = 0; i < sc->n_shocks; i++) {
        size_t w = s->to[i] - s->from[i];
        double *p = malloc((w + 1) * sizeof *p), by = 0;
        if (!p)
            return;
        ts_shock_start_probs(s, i, sc->shocks[i].chance.value, p);
        for (size_t k = 0; k < w; k++) {
            char date[16];
            size_t step = s->from[i] + k;
            by += p[k];
            ts_month_format(ts_scenario_step_month(sc, step), date,
                            sizeof date);
            fprintf(f, "%s,%zu,%s,", sc->shocks[i].id.s, step, date);
            ts_csv_number(f, p[k]);
            ts_csv_cell(f, by);
            fputc('\n', f);
        }
        free(p);
    }
}

void ts_shock_print_summary(FILE *out, const ts_scenario *sc,
                            const ts_shock_starts *s)
{
    char end[16], date[16];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    ts_term_printf(out, "\n  %-24s %s\n", "shock",
                   "P(starts before "
                   "the end)");
    for (size_t i = 0; i < sc->n_shocks; i++) {
        const ts_shock *x = &sc->shocks[i];
        double p, expected;
        start_summary(sc, s, i, &p, &expected);
        ts_term_printf(out, "  %-24s %.3f", x->id.s, p);
        if (!isnan(expected)) {
            month_near(sc, expected, date, sizeof date);
            ts_term_printf(out, "   expected start %s if it starts", date);
        }
        if (x->event.label)
            ts_term_printf(out, "   (%s)", x->event.label);
        fputc('\n', out);
    }
    ts_term_printf(out,
                   "  (starting before %s; the projection is the mixture over "
                   "the starts)\n",
                   end);
}
