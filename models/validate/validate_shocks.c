/* Validation of the shocks section (SPEC section 5, Shocks): ids, the
 * chance per year in [0, 1], the window of possible starts (dates of the
 * run, first before end), how many steps a shock lasts, and what it sets
 * (the same paths and values as an event's). The states shocks produce,
 * alone, with events and with each other, are checked with the events'
 * (models/validate_events.c). */
#include <stdio.h>
#include <string.h>

#include "models/validate/checks.h"
#include "models/load/fields.h"
#include "models/base/limits.h"

static const ts_range *shock_range(const char *key)
{
    return &ts_field_find(&ts_shock_fields, key)->range;
}

static ts_status check_id(const ts_scenario *sc, size_t i, ts_diags *d)
{
    const ts_shock *s = &sc->shocks[i];
    if (!ts_valid_id(s->id.s))
        return ts_diag_add(d, s->id.mark, "shock id '%s' must start with a "
                           "letter or '_' and contain only letters, digits, "
                           "'_' and '-'", s->id.s);
    for (size_t j = 0; j < i; j++)
        if (!sc->shocks[j].event.broken &&
            strcmp(sc->shocks[j].id.s, s->id.s) == 0)
            return ts_diag_add(d, s->id.mark, "duplicate shock id '%s' "
                               "(first at line %zu)", s->id.s,
                               sc->shocks[j].id.mark.line);
    return TS_OK;
}

/* [first, end): first a step that runs (0..H-1), end a date up to H. */
static ts_status resolve_window(const ts_scenario *sc, ts_shock *s,
                                ts_diags *d)
{
    if (!s->has_window) {
        s->step_from = 0;
        s->step_to = sc->horizon;
        return TS_OK;
    }
    return ts_dated_span(sc, s->window, s->window_mark, "window", true,
                         &s->step_from, &s->step_to, d);
}

/* What the shock sets: known paths, values in range, none twice. */
static ts_status resolve_sets(ts_scenario *sc, ts_shock *s, ts_diags *d)
{
    ts_status st = TS_OK;
    ts_event *e = &s->event;
    for (size_t k = 0; k < e->n_sets; k++) {
        if (ts_resolve_event_set(sc, &e->sets[k], d) != TS_OK) {
            st = TS_EINPUT;
            continue;
        }
        for (size_t j = 0; j < k; j++)
            if (strcmp(e->sets[j].path, e->sets[k].path) == 0) {
                st = ts_diag_add(d, e->sets[k].mark, "'%s' is set twice by "
                                 "shock '%s'", e->sets[k].path, s->id.s);
                break;
            }
    }
    return st;
}

static ts_status resolve_shock(ts_scenario *sc, size_t i, ts_diags *d)
{
    ts_shock *s = &sc->shocks[i];
    ts_status st = check_id(sc, i, d);
    if (ts_check_param(&s->chance, "chance", shock_range("chance"), sc->runs,
                       d) != TS_OK)
        st = TS_EINPUT;
    if (ts_check_param(&s->lasts, "lasts", shock_range("lasts"), sc->runs,
                       d) != TS_OK)
        st = TS_EINPUT;
    if (resolve_window(sc, s, d) != TS_OK)
        st = TS_EINPUT;
    if (resolve_sets(sc, s, d) != TS_OK)
        st = TS_EINPUT;
    return st;
}

ts_status ts_resolve_shocks(ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t i = 0; i < sc->n_shocks; i++)
        if (!sc->shocks[i].event.broken && resolve_shock(sc, i, d) != TS_OK)
            st = TS_EINPUT;
    return st;
}
