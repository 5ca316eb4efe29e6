#include "models/validate/record_cut.h"

#include <stdlib.h>

#include "models/base/date.h"

ts_status ts_record_request_cut(ts_scenario *sc, const char *month,
                                const char *label, ts_diags *d)
{
    sc->validated = false;
    sc->revision++;
    const char *file = ts_scenario_intern_source(sc, label ? label
                                                           : "as_of");
    ts_mark m = {file ? file : "as_of", 0, 0};
    if (!file)
        return ts_diag_nomem(d);
    if (!ts_month_parse(month, &sc->cut))
        return ts_diag_add(d, m, "'%s' is not a month YYYY-MM", month);
    sc->has_cut = true;
    sc->cut_mark = m;
    return TS_OK;
}

static void cut_moves(ts_record *r, ts_month at)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n_moves; i++) {
        ts_record_move *m = &r->moves[i];
        if (m->at < at) {
            r->moves[kept++] = *m;
            continue;
        }
        free(m->who);
        free(m->to);
        free(m->from);
    }
    r->n_moves = kept;
}

/* Sightings after the cut were not made yet; those at it were. */
static void cut_seen(ts_record *r, ts_month at)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n_seen; i++) {
        ts_record_sighting *s = &r->seen[i];
        if (s->at <= at) {
            r->seen[kept++] = *s;
            continue;
        }
        free(s->who);
        free(s->pool);
    }
    r->n_seen = kept;
}

/* At the start the pools' own headcounts hold (SPEC section 8), so a
 * cut there keeps no headcount dated then. */
static void cut_headcounts(ts_record *r, ts_month at, bool at_start)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n_headcounts; i++) {
        ts_record_headcount *h = &r->headcounts[i];
        if (h->at < at || (h->at == at && !at_start))
            r->headcounts[kept++] = *h;
        else
            free(h->pool);
    }
    r->n_headcounts = kept;
}

/* A shock started at or after the cut had not started by then; one whose
 * window begins at or after it is not the record's business. */
static void cut_shocks(ts_scenario *sc, ts_record *r, ts_month at)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n_shocks; i++) {
        ts_record_shock *s = &r->shocks[i];
        const ts_shock *x = ts_scenario_find_shock(sc, s->id);
        if (!x || ts_scenario_step_month(sc, x->step_from) >= at) {
            free(s->id);
            continue;
        }
        if (!s->never && s->started >= at)
            s->never = true;
        r->shocks[kept++] = *s;
    }
    r->n_shocks = kept;
}

static ts_status check_cut(const ts_scenario *sc, ts_diags *d)
{
    const ts_record *r = sc->record;
    char c[16], a[16];
    ts_month_format(sc->cut, c, sizeof c);
    if (!r || !r->has_as_of)
        return ts_diag_add(d, sc->cut_mark, "there is no record to read as "
                           "of %s: the scenario has no history.as_of", c);
    ts_month_format(r->as_of, a, sizeof a);
    if (sc->cut > r->as_of)
        return ts_diag_add(d, sc->cut_mark, "%s is later than the record's "
                           "as_of (%s): the record says nothing after it",
                           c, a);
    size_t k = ts_scenario_month_step(sc, sc->cut);
    if (k == SIZE_MAX || k > sc->horizon) {
        char s[16];
        ts_month_format(sc->start, s, sizeof s);
        return ts_diag_add(d, sc->cut_mark, "%s is not a date of the run's "
                           "steps (from %s, every %s, to the record's as_of "
                           "%s)", c, s, ts_step_name(sc->step_months), a);
    }
    return TS_OK;
}

ts_status ts_record_apply_cut(ts_scenario *sc, ts_diags *d)
{
    if (!sc->has_cut)
        return TS_OK;
    if (check_cut(sc, d) != TS_OK)
        return TS_EINPUT;
    ts_record *r = sc->record;
    cut_moves(r, sc->cut);
    cut_seen(r, sc->cut);
    cut_headcounts(r, sc->cut, sc->cut == sc->start);
    cut_shocks(sc, r, sc->cut);
    r->as_of = sc->cut;
    return TS_OK;
}
