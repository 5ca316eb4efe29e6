#include "models/scenario.h"

#include "models/limits.h"
#include "models/suggest.h"

#include <stdlib.h>
#include <string.h>

char *ts_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

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

static void pool_free(ts_pool *p)
{
    free(p->id);
    free(p->label);
    for (size_t i = 0; i < p->n_to; i++)
        free(p->to[i].dest);
    free(p->to);
}

void ts_scenario_destroy(ts_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_pools; i++)
        pool_free(&sc->pools[i]);
    free(sc->pools);
    for (size_t i = 0; i < sc->n_sources; i++)
        free(sc->sources[i]);
    free(sc->sources);
    free(sc->name);
    free(sc->description);
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

size_t ts_scenario_pool_index(const ts_scenario *sc, const char *id)
{
    if (strcmp(id, TS_OUTSIDE_ID) == 0)
        return sc->n_pools;
    for (size_t i = 0; i < sc->n_pools; i++)
        if (sc->pools[i].id && strcmp(sc->pools[i].id, id) == 0)
            return i;
    return SIZE_MAX;
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
    for (size_t i = 0; i < sc->n_sources; i++)
        if (strcmp(sc->sources[i], name) == 0)
            return sc->sources[i];
    char **grown = realloc(sc->sources, (sc->n_sources + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    sc->sources = grown;
    char *copy = ts_strdup(name);
    if (!copy)
        return NULL;
    sc->sources[sc->n_sources++] = copy;
    return copy;
}

double ts_scenario_dt(const ts_scenario *sc) { return sc->step_months / 12.0; }

ts_month ts_scenario_step_month(const ts_scenario *sc, size_t k)
{
    return sc->start + (ts_month)k * sc->step_months;
}
