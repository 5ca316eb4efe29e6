#include "models/scenario/scenario.h"

#include "models/base/limits.h"
#include "models/base/suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

ts_scenario *ts_scenario_create(void)
{
    ts_scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    sc->step_months = 1;
    sc->runs = TS_DEFAULT_RUNS;
    sc->seed = TS_DEFAULT_SEED;
    sc->charts = TS_CHARTS_ALL;
    sc->format = TS_IMAGE_PNG;
    return sc;
}

static void shares_free(ts_shares *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].dest);
    free(s->items);
}

static void pool_free(ts_pool *p)
{
    free(p->id);
    free(p->label);
    shares_free(&p->to);
    shares_free(&p->exec_to);
}

static void executive_free(ts_executive *e)
{
    free(e->name.s);
    free(e->pool.s);
    shares_free(&e->to);
    free(e->role);
    free(e->note);
}

static void pool_list_free(ts_pool_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->ids[i]);
    free(l->ids);
    free(l->marks);
    free(l->index);
}

static void event_free(ts_event *e)
{
    free(e->label);
    for (size_t i = 0; i < e->n_sets; i++)
        free(e->sets[i].path);
    free(e->sets);
}

static void prediction_free(ts_prediction *p)
{
    free(p->id.s);
    free(p->text);
    pool_list_free(&p->from);
    pool_list_free(&p->to);
    pool_list_free(&p->who);
    free(p->pool.s);
}

void ts_scenario_destroy(ts_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_pools; i++)
        pool_free(&sc->pools[i]);
    free(sc->pools);
    for (size_t i = 0; i < sc->n_execs; i++)
        executive_free(&sc->execs[i]);
    free(sc->execs);
    free(sc->exec_by_name);
    for (size_t i = 0; i < sc->n_predictions; i++)
        prediction_free(&sc->predictions[i]);
    free(sc->predictions);
    for (size_t i = 0; i < sc->n_events; i++)
        event_free(&sc->events[i]);
    free(sc->events);
    for (size_t i = 0; i < sc->n_shocks; i++) {
        event_free(&sc->shocks[i].event);
        free(sc->shocks[i].id.s);
    }
    free(sc->shocks);
    for (size_t i = 0; i < sc->n_observed; i++) {
        free(sc->observed[i].id.s);
        free(sc->observed[i].pool.s);
        free(sc->observed[i].from.s);
        free(sc->observed[i].to.s);
    }
    free(sc->observed);
    for (size_t i = 0; i < sc->n_fit; i++)
        free(sc->fit[i].path);
    free(sc->fit);
    for (size_t i = 0; i < sc->n_learn; i++)
        free(sc->learn[i].path);
    free(sc->learn);
    for (size_t i = 0; i < sc->n_targets; i++)
        free(sc->target_ids[i]);
    free(sc->target_ids);
    free(sc->target_marks);
    free(sc->targets);
    for (size_t i = 0; i < sc->n_overrides; i++)
        free(sc->overrides[i]);
    free(sc->overrides);
    free(sc->title);
    if (sc->record)
        ts_record_free(sc->record);
    free(sc->record);
    ts_sources_free(&sc->sources);
    free(sc->name);
    free(sc->description);
    free(sc->counts);
    free(sc->out_dir);
    free(sc);
}

ts_pool *ts_scenario_add_pool(ts_scenario *sc)
{
    if (sc->n_pools == sc->cap_pools) {
        size_t cap = sc->cap_pools ? 2 * sc->cap_pools : 8;
        ts_pool *grown = realloc(sc->pools, cap * sizeof *grown);
        if (!grown)
            return NULL;
        sc->pools = grown;
        sc->cap_pools = cap;
    }
    ts_pool *p = &sc->pools[sc->n_pools++];
    memset(p, 0, sizeof *p);
    return p;
}

/* The n items of `size` bytes at items with room for one more, zeroed,
 * at the end; NULL (items as they were) when out of memory. These
 * arrays only ever grow through here, one item at a time, so their room
 * is the power of two at or above n: it doubles when n reaches one
 * (10,000 executives make 14 reallocations, not 10,000 copies). */
static void *grown_by_one(void *items, size_t n, size_t size)
{
    char *grown = items;
    if (n == 0 || (n & (n - 1)) == 0) {
        if (!(grown = realloc(items, (n ? 2 * n : 1) * size)))
            return NULL;
    }
    memset(grown + n * size, 0, size);
    return grown;
}

ts_executive *ts_scenario_add_executive(ts_scenario *sc)
{
    void *g = grown_by_one(sc->execs, sc->n_execs, sizeof *sc->execs);
    return g ? &(sc->execs = g)[sc->n_execs++] : NULL;
}

ts_prediction *ts_scenario_add_prediction(ts_scenario *sc)
{
    void *g = grown_by_one(sc->predictions, sc->n_predictions,
                           sizeof *sc->predictions);
    return g ? &(sc->predictions = g)[sc->n_predictions++] : NULL;
}

ts_event *ts_scenario_add_event(ts_scenario *sc)
{
    void *g = grown_by_one(sc->events, sc->n_events, sizeof *sc->events);
    return g ? &(sc->events = g)[sc->n_events++] : NULL;
}

ts_shock *ts_scenario_add_shock(ts_scenario *sc)
{
    void *g = grown_by_one(sc->shocks, sc->n_shocks, sizeof *sc->shocks);
    return g ? &(sc->shocks = g)[sc->n_shocks++] : NULL;
}

ts_shock *ts_scenario_find_shock(ts_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->n_shocks; i++)
        if (sc->shocks[i].id.s && strcmp(sc->shocks[i].id.s, id) == 0)
            return &sc->shocks[i];
    return NULL;
}

int ts_scenario_pulls(const ts_scenario *sc)
{
    for (size_t i = 0; i < sc->n_pools; i++) {
        const ts_param *e = &sc->pools[i].pull;
        if (e->given && (e->value != 0 || e->dist.kind != TS_DIST_NONE))
            return 1;
    }
    return 0;
}

size_t ts_scenario_n_teams(const ts_scenario *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_execs; i++)
        n += sc->execs[i].team.given;
    return n;
}

ts_observation *ts_scenario_add_observation(ts_scenario *sc)
{
    void *g = grown_by_one(sc->observed, sc->n_observed, sizeof *sc->observed);
    return g ? &(sc->observed = g)[sc->n_observed++] : NULL;
}

ts_executive *ts_scenario_find_executive(const ts_scenario *sc,
                                         const char *name)
{
    if (sc->exec_by_name) { /* a record names thousands: search by name */
        size_t lo = 0, hi = sc->n_exec_by_name;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2, i = sc->exec_by_name[mid];
            int c = strcmp(sc->execs[i].name.s, name);
            if (c == 0)
                return &sc->execs[i];
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return NULL;
    }
    for (size_t i = 0; i < sc->n_execs; i++)
        if (sc->execs[i].name.s && strcmp(sc->execs[i].name.s, name) == 0)
            return &sc->execs[i];
    return NULL;
}

size_t ts_executive_members(const ts_executive *x)
{
    if (!x->is_group)
        return 1;
    double c = x->count.value;
    /* a count out of its range was reported; it must not overflow here */
    if (!(c >= 1))
        return 0;
    return c <= TS_MAX_EXEC_PEOPLE ? (size_t)c : TS_MAX_EXEC_PEOPLE + 1;
}

size_t ts_scenario_exec_people(const ts_scenario *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_execs; i++)
        n += ts_executive_members(&sc->execs[i]);
    return n;
}

size_t ts_scenario_pool_index(const ts_scenario *sc, const char *id)
{
    if (strcmp(id, TS_OUTSIDE_ID) == 0)
        return sc->n_pools;
    for (size_t i = 0; i < sc->n_pools; i++)
        if (sc->pools[i].id && strcmp(sc->pools[i].id, id) == 0)
            return i;
    return SIZE_MAX;
}

size_t ts_scenario_as_of(const ts_scenario *sc)
{
    if (!sc->record || !sc->record->has_as_of)
        return 0;
    size_t k = ts_scenario_month_step(sc, sc->record->as_of);
    return k == SIZE_MAX ? 0 : k;
}

const char *ts_scenario_suggest_pool(const ts_scenario *sc, const char *id,
                                     bool with_outside)
{
    const char *names[TS_MAX_POOLS + 1];
    size_t n = 0;
    for (size_t j = 0; j < sc->n_pools && n < TS_MAX_POOLS; j++)
        names[n++] = sc->pools[j].id;
    if (with_outside)
        names[n++] = TS_OUTSIDE_ID;
    return ts_suggest(id, names, n);
}

const char *ts_scenario_intern_source(ts_scenario *sc, const char *name)
{
    return ts_sources_intern(&sc->sources, name);
}

double ts_scenario_dt(const ts_scenario *sc) { return sc->step_months / 12.0; }

ts_month ts_scenario_step_month(const ts_scenario *sc, size_t k)
{
    return sc->start + (ts_month)k * sc->step_months;
}

size_t ts_scenario_month_step(const ts_scenario *sc, ts_month m)
{
    if (m < sc->start || (m - sc->start) % sc->step_months != 0)
        return SIZE_MAX;
    size_t k = (size_t)((m - sc->start) / sc->step_months);
    return k <= sc->horizon ? k : SIZE_MAX;
}

const char *ts_pool_name(const ts_scenario *sc, size_t i)
{
    return i < sc->n_pools ? sc->pools[i].id : TS_OUTSIDE_ID;
}

/* Whether an assignment changes what is computed: how the outputs look
 * (outputs.*) and the name itself do not, and are left out of titles. */
static bool changes_numbers(const char *assignment)
{
    return strncmp(assignment, "outputs.", 8) != 0 &&
           strncmp(assignment, "scenario.name=", 14) != 0;
}

const char *ts_scenario_title(const ts_scenario *sc)
{
    return sc->title ? sc->title : sc->name;
}

bool ts_scenario_note_override(ts_scenario *sc, const char *assignment)
{
    char **grown = realloc(sc->overrides,
                           (sc->n_overrides + 1) * sizeof *grown);
    if (!grown)
        return false;
    sc->overrides = grown;
    if (!(sc->overrides[sc->n_overrides] = strdup(assignment)))
        return false;
    sc->n_overrides++;
    size_t len = strlen(sc->name) + sizeof ", with ", named = 0;
    for (size_t i = 0; i < sc->n_overrides; i++)
        len += strlen(sc->overrides[i]) + 2;
    char *title = malloc(len);
    if (!title)
        return false;
    size_t at = (size_t)snprintf(title, len, "%s, with ", sc->name);
    for (size_t i = 0; i < sc->n_overrides; i++)
        if (changes_numbers(sc->overrides[i]))
            at += (size_t)snprintf(title + at, len - at, "%s%s",
                                   named++ ? ", " : "", sc->overrides[i]);
    free(sc->title);
    sc->title = named ? title : NULL;
    if (!named)
        free(title);
    return true;
}
