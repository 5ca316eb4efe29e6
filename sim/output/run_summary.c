/* The summary a run prints when its files are in place (SPEC section 3:
 * the command line's words; sim/cli calls it): the headcount table, the
 * shocks, the teams' caps, the feedback, what moves each pool most, the
 * executives and the predictions. Every text from the file goes through
 * the terminal routine. */
#include "sim/output/run_summary.h"
#include "sim/mc/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/date.h"
#include "sim/engine/pull.h"
#include "sim/exec/claim_terms.h"
#include "sim/output/claim_text.h"
#include "sim/studies/steady_target.h"
#include "sim/output/shock_report.h"
#include "sim/output/terminal.h"

static ts_status no_memory(ts_diags *d, const char *what)
{
    ts_diag_runtime(d, "out of memory while writing %s", what);
    return TS_ERUNTIME;
}

void ts_run_summary_header(FILE *out, const ts_scenario *sc)
{
    char from[16], to[16];
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), to, sizeof to);
    char last[16];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon) - 1, last,
                    sizeof last);
    ts_term_printf(out, "%s: %zu pools, %zu %s steps from %s through %s "
                   "(the last stocks are dated %s)", ts_scenario_title(sc),
                   sc->n_pools,
                   sc->horizon, ts_step_adjective(sc->step_months), from,
                   last, to);
    if (sc->runs > 0)
        ts_term_printf(out, ", %zu Monte Carlo runs (seed %llu)", sc->runs,
                (unsigned long long)sc->seed);
    fputc('\n', out);
}

static void print_summary(FILE *out, const ts_scenario *sc,
                          const ts_results *r)
{
    char from[16], to[16];
    size_t H = sc->horizon, n = sc->n_pools + 1;
    double years = (double)H * ts_scenario_dt(sc);
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, H), to, sizeof to);
    ts_run_summary_header(out, sc);
    char record[160];
    if (ts_record_text(sc, record, sizeof record))
        ts_term_printf(out, "  (%s)\n", record);
    if (sc->counts)
        ts_term_printf(out, "  (a headcount counts %s)\n", sc->counts);
    for (size_t i = 0; i < sc->n_learn; i++)
        if (sc->learn[i].fixed) /* SPEC section 11: a number fixes it */
            ts_term_printf(out, "  (%s is fixed at %g by %s, so the record "
                           "does not teach it)\n", sc->learn[i].path,
                           sc->learn[i].target->value,
                           sc->learn[i].target->mark.file);
    ts_term_printf(out, "\n  %-24s %12s %12s %12s  %s\n", "pool", from, to,
            "net/year", r->stats ? "p05-p95 at end" : "");
    for (size_t j = 0; j < n; j++) {
        double start = r->projection->stock[j];
        double end = r->projection->stock[H * n + j];
        ts_term_printf(out, "  %-24s %12.0f %12.0f %+12.0f",
                       ts_pool_name(sc, j), start, end, (end - start) / years);
        if (r->stats)
            ts_term_printf(out, "  %.0f-%.0f", r->stats->q[0][H * n + j],
                    r->stats->q[TS_N_QUANTILES - 1][H * n + j]);
        fputc('\n', out);
    }
    ts_term_printf(
        out, "\n  (outside counts everyone who left the field since %s)\n",
        from);
}

/* With pull the deterministic column is the mean-field path, not the
 * mean of the runs (SPEC section 5): how far they part at the horizon,
 * pool by pool, in Monte Carlo standard errors. */
static void print_feedback(FILE *out, const ts_scenario *sc,
                           const ts_results *r)
{
    if (!ts_scenario_pulls(sc))
        return;
    size_t n = sc->n_pools + 1, H = sc->horizon;
    char end[16];
    ts_month_format(ts_scenario_step_month(sc, H), end, sizeof end);
    ts_term_printf(out, "\n  feedback (pull): the deterministic column is the "
            "mean-field path, not the mean of the runs\n");
    if (!r->stats) {
        ts_term_printf(out, "  (with runs, the summary compares them)\n");
        return;
    }
    ts_term_printf(out, "  %-24s %12s %12s %12s %8s\n", "pool", "mean-field",
            "MC mean", "difference", "in SE");
    for (size_t j = 0; j < sc->n_pools; j++) {
        size_t cell = H * n + j;
        double det = r->projection->stock[cell], mean = r->stats->mean[cell];
        double se = r->stats->sd[cell] / sqrt((double)sc->runs);
        ts_term_printf(out, "  %-24s %12.0f %12.0f %+12.0f", sc->pools[j].id,
                       det, mean, mean - det);
        if (se > 0)
            ts_term_printf(out, " %+8.1f", (mean - det) / se);
        fputc('\n', out);
    }
    ts_term_printf(out,
                   "  (at %s; within 2-3 standard errors they agree, beyond "
                   "it the pull's nonlinearity parts them)\n",
                   end);
}

/* The projection moves every expected follower; a Monte Carlo run no
 * more than the pool holds (SPEC section 5). Where a team is larger than
 * its pool may get, the two can part: say so. */
static void print_team_caps(FILE *out, const ts_scenario *sc,
                            const ts_results *r)
{
    size_t n = sc->n_pools + 1;
    for (size_t e = 0; e < sc->n_execs; e++) {
        const ts_executive *x = &sc->execs[e];
        if (!x->team.given)
            continue;
        size_t a = x->pool_index;
        double low = r->projection->stock[a], people =
            x->team.size.value * (x->is_group ? x->count.value : 1);
        for (size_t k = 1; k <= sc->horizon; k++)
            if (r->projection->stock[k * n + a] < low)
                low = r->projection->stock[k * n + a];
        if (people > low)
            ts_term_printf(
                out,
                "\n  note: the teams of '%s' (%.0f people in all) "
                "could find '%s' with fewer people (as few as %.0f in "
                "the projection): the projection moves every expected "
                "follower, a Monte Carlo run no more than the pool "
                "holds\n",
                x->name.s, people, sc->pools[a].id, low);
    }
}

/* The probability in a column of 17 characters. */
static void print_probability(FILE *out, double p, double se, size_t runs)
{
    char text[48];
    size_t shown = ts_probability_text(p, se, runs, text, sizeof text);
    ts_term_printf(out, "  %s%*s", text, (int)(shown < 17 ? 17 - shown : 0),
                   "");
}

/* Per claim, what its window covers and who makes it most: the three
 * largest expected movers (members x each one's chance). */
static void print_claim_makeup(FILE *out, const ts_scenario *sc,
                               const ts_results *r)
{
    ts_term_printf(out, "\n  what each claim covers, and who makes it "
                   "(expected qualifying movers, the three largest):\n");
    for (size_t i = 0; i < r->claims->n; i++) {
        char words[64];
        ts_claim_term top[TS_CLAIM_MAKERS];
        ts_claim_covers(sc, &r->claims->items[i], words, sizeof words);
        ts_term_printf(out, "  %-24s %s", r->claims->items[i].id, words);
        size_t n = ts_claim_makers(sc, r, i, top);
        for (size_t k = 0; k < n; k++)
            ts_term_printf(out, "%s%s (%s) %.2f", k ? ", " : "; ",
                           sc->execs[top[k].entity].name.s,
                           ts_pool_name(sc, top[k].pool), top[k].expected);
        fputc('\n', out);
    }
}

static void print_predictions(FILE *out, const ts_scenario *sc,
                              const ts_results *r)
{
    if (sc->n_predictions == 0)
        return;
    ts_term_printf(out, "\n  %-24s  %-17s  %-10s  %s\n", "prediction",
            "probability", "method", "claim");
    for (size_t i = 0; i < r->claims->n; i++) {
        const ts_claim *c = &r->claims->items[i];
        ts_claim_method how = ts_results_claim_method(r, i);
        if (how == TS_CLAIM_RECORD) {
            ts_term_printf(out, "  %-24s", c->id);
            print_probability(out, r->exact->claim_p[i], NAN, 0);
            ts_term_printf(out, "  %-10s  %s\n", "record", c->text);
            continue;
        }
        bool exact = how == TS_CLAIM_EXACT;
        if (exact) {
            ts_term_printf(out, "  %-24s", c->id);
            print_probability(out, r->exact->claim_p[i], NAN, 0);
            ts_term_printf(out, "  %-10s  %s\n", "exact", c->text);
        }
        if (!r->mc && exact)
            continue;
        double p = NAN, se = NAN;
        if (r->mc)
            ts_exec_tally_claim(r->mc->exec, r->mc->runs, i, &p, &se);
        ts_term_printf(out, "  %-24s", exact ? "" : c->id);
        print_probability(out, p, se, r->mc ? r->mc->runs : 0);
        ts_term_printf(out, "  %-10s  %s\n", "montecarlo",
                       exact ? "" : c->text);
    }
    if (r->mc)
        ts_term_printf(out,
                       "  (\u00b1 one Monte Carlo standard error, %zu runs; "
                       "\u2265 1 \u2212 3/R when no run disagrees)\n",
                       r->mc->runs);
    print_claim_makeup(out, sc, r);
}

/* Executives the run summary lists, in file order. */
#define TS_SUMMARY_EXECS 50

static void print_executives(FILE *out, const ts_scenario *sc,
                             const ts_results *r)
{
    if (sc->n_execs == 0)
        return;
    char end[16], span[48];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    ts_exec_moved_span(sc, span, sizeof span);
    ts_term_printf(out, "\n  %-30s %-20s %9s  most likely in %s\n",
                   "executive", "now in", "P(moved)", end);
    /* a record of thousands: the first of them here, all in the CSV */
    size_t shown = sc->n_execs < TS_SUMMARY_EXECS ? sc->n_execs
                                                  : TS_SUMMARY_EXECS;
    for (size_t e = 0; e < shown; e++) {
        const ts_executive *x = &sc->execs[e];
        char name[64];
        if (x->is_group)
            snprintf(name, sizeof name, "%s (%.0f)", x->name.s,
                     x->count.value);
        else
            snprintf(name, sizeof name, "%s", x->name.s);
        char now[96];
        ts_exec_now_text(sc, r, e, now, sizeof now);
        ts_term_printf(out, "  %-30.30s %-20.20s %9.3f  %s (%.2f)\n", name,
                now, r->exact->p_moved[e],
                ts_pool_name(sc, r->exact->end_pool[e]),
                r->exact->p_end[e]);
    }
    if (shown < sc->n_execs)
        ts_term_printf(out, "  ... and %zu more (executives.csv has every "
                       "one)\n", sc->n_execs - shown);
    ts_term_printf(out,
                   "  (P(moved): at least one move %s; a group's numbers "
                   "are per member)\n",
                   span);
}

/* For each pool, the three uncertain assumptions that move its headcount
 * at the horizon most (t: a tornado of every pool at the horizon). */
static void print_drivers(FILE *out, const ts_scenario *sc,
                          const ts_tornado *t)
{
    if (!t || t->n == 0)
        return;
    char end[16];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    ts_term_printf(out, "\n  what moves each pool at %s most (deterministic, "
                   "an assumption from its p05 to its p95):\n", end);
    for (size_t j = 0; j < sc->n_pools; j++) {
        size_t top[TS_TORNADO_DRIVERS];
        size_t n = ts_tornado_top(t, j, TS_TORNADO_DRIVERS, top);
        ts_term_printf(out, "  %-24s", ts_pool_name(sc, j));
        for (size_t i = 0; i < n; i++) {
            const ts_tornado_row *row = &t->rows[top[i]];
            const char *name = row->name;
            if (strncmp(name, "pools.", 6) == 0)
                name += 6; /* the summary is wide enough as it is */
            ts_term_printf(out, "%s%s %+.0f", i ? ", " : " ", name,
                           row->high[j] - row->low[j]);
        }
        fputc('\n', out);
    }
}

void ts_run_summary_print(FILE *out, const ts_scenario *sc,
                          const ts_results *r, const ts_tornado *drivers)
{
    print_summary(out, sc, r);
    if (sc->n_shocks > 0)
        ts_shock_print_summary(out, sc, r->shock_starts);
    print_team_caps(out, sc, r);
    print_feedback(out, sc, r);
    print_drivers(out, sc, drivers);
    print_executives(out, sc, r);
    print_predictions(out, sc, r);
}

static void print_steady(FILE *out, const ts_scenario *sc, const ts_steady *s)
{
    ts_run_summary_header(out, sc);
    bool growth = false;
    for (size_t i = 0; i < sc->n_pools; i++)
        growth |= sc->pools[i].inflow_growth.value != 0;
    if (growth)
        ts_term_printf(out,
                       "note: inflow_growth is not zero; the steady state "
                       "holds each pool's inflow at its start rate\n");
    if (!s->exists)
        ts_term_printf(out, "%s\n", s->reason);
    ts_term_printf(out, "\n  %-24s %16s %16s\n", "pool", "steady headcount",
            "mean stay (y)");
    for (size_t i = 0; i < s->K; i++) {
        ts_term_printf(out, "  %-24s ", ts_pool_name(sc, i));
        if (s->exists)
            ts_term_printf(out, "%16.0f ", s->headcount[i]);
        else
            ts_term_printf(out, "%16s ", "-");
        ts_term_printf(out, "%16.2f\n", s->mean_stay[i]);
    }
}

/* Whether `target` can be the steady state, and the inflows it needs. */
static ts_status print_target(FILE *out, const ts_scenario *sc,
                              const ts_values *v, ts_diags *d)
{
    ts_steady_target *t = ts_steady_target_create(sc, v);
    if (!t)
        return no_memory(d, "the target's inflows");
    if (!t->complete) {
        ts_term_printf(out, "\n  (whether `target` can be the steady state "
                       "needs a target for every pool)\n");
        ts_steady_target_destroy(t);
        return TS_OK;
    }
    ts_term_printf(out, "\n  %-24s %16s %16s\n", "pool", "target",
                   "inflow it needs");
    for (size_t j = 0; j < t->K; j++)
        ts_term_printf(out, "  %-24s %16.0f %16.0f%s\n", ts_pool_name(sc, j),
                       t->target[j], t->required[j],
                       ts_steady_target_negative(t, j)
                           ? "  (negative: not attainable)"
                           : "");
    ts_term_printf(out, "  the target %s a steady state with non-negative "
                   "inflows\n", t->attainable ? "is" : "is not");
    ts_steady_target_destroy(t);
    return TS_OK;
}

/* With pull there is no closed form: the mean-field map's stable fixed
 * points, found by iterating it (sim/engine/pull.h), or that none was found.
 */
static ts_status print_pull_fixed(FILE *out, const ts_scenario *sc,
                                  const ts_values *v, ts_diags *d)
{
    ts_timeline *t = ts_timeline_create(sc, v);
    ts_pull_fixed *f = t ? ts_pull_fixed_create(t, v) : NULL;
    ts_timeline_destroy(t);
    if (!f)
        return no_memory(d, "the fixed points");
    ts_term_printf(out,
                   "note: with pull the closed form below does not hold (it "
                   "ignores the pull); the mean-field map, iterated from the "
                   "start and from half and twice it with constant inflow:\n");
    if (f->found == 0)
        ts_term_printf(out, "  no fixed point found%s\n",
                f->runaway ? ": the path grows without bound" : "");
    for (size_t k = 0; k < f->found; k++) {
        ts_term_printf(out, "  stable fixed point %zu:", k + 1);
        for (size_t j = 0; j < sc->n_pools; j++)
            ts_term_printf(out, " %s %.0f", sc->pools[j].id,
                           f->point[k * f->K + j]);
        fputc('\n', out);
    }
    if (f->found > 1)
        ts_term_printf(
            out, "  (more than one: where the path ends depends on where "
                 "it starts, a tipping point lies between them)\n");
    ts_pull_fixed_destroy(f);
    return TS_OK;
}

ts_status ts_steady_summary_print(FILE *out, const ts_scenario *sc,
                                  const ts_results *r, ts_diags *d)
{
    ts_status st = TS_OK;
    if (ts_scenario_pulls(sc))
        st = print_pull_fixed(out, sc, r->values, d);
    if (st != TS_OK)
        return st;
    print_steady(out, sc, r->steady);
    return sc->n_targets ? print_target(out, sc, r->values, d) : TS_OK;
}
