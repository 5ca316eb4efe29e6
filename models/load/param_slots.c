#include "models/load/param_slots.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    ts_slots *s;
    size_t cap;
    bool ok;
} builder;

static const ts_range *pool_range(const char *key)
{
    return &ts_field_find(&ts_pool_fields, key)->range;
}

/* Whether an uncertain slot changes the executives' chain: their own
 * parameters do, and a pool's retention and `to` where they are the
 * executives' defaults. */
bool ts_slot_touches_executives(const ts_scenario *sc, const ts_slot *slot)
{
    if (sc->n_execs == 0)
        return false;
    switch (slot->kind) {
    case TS_SLOT_RETENTION: return !sc->pools[slot->owner].exec_move.given;
    case TS_SLOT_SHARE: return !sc->pools[slot->owner].exec_to.given;
    case TS_SLOT_EXEC_MOVE:
    case TS_SLOT_EXEC_SHARE:
    case TS_SLOT_EXECUTIVE_MOVE:
    case TS_SLOT_EXECUTIVE_SHARE:
    case TS_SLOT_TEAM_SIZE:
    case TS_SLOT_SHOCK_CHANCE: return true; /* when it starts moves them */
    default: return false;
    }
}

static void add(builder *b, ts_slot_kind kind, size_t owner, size_t dest,
                const ts_param *p, const ts_range *range, const char *fmt,
                const char *a, const char *c)
{
    if (!b->ok || !p->given)
        return;
    if (b->s->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        ts_slot *grown = realloc(b->s->items, cap * sizeof *grown);
        if (!grown) {
            b->ok = false;
            return;
        }
        b->s->items = grown;
        b->cap = cap;
    }
    ts_slot *slot = &b->s->items[b->s->n++];
    memset(slot, 0, sizeof *slot);
    slot->kind = kind;
    slot->owner = owner;
    slot->dest = dest;
    slot->param = p;
    slot->range = *range;
    snprintf(slot->path, sizeof slot->path, fmt, a, c);
    if (p->dist.kind != TS_DIST_NONE)
        b->s->n_uncertain++;
}

static void add_shares(builder *b, ts_slot_kind kind, size_t owner,
                       const ts_shares *shares, const char *fmt,
                       const char *name)
{
    for (size_t k = 0; k < shares->n; k++)
        add(b, kind, owner, shares->items[k].dest_index,
            &shares->items[k].share, &ts_share_field.range, fmt, name,
            shares->items[k].dest);
}

static void add_pool(builder *b, const ts_pool *p, size_t i)
{
    add(b, TS_SLOT_HEADCOUNT, i, 0, &p->headcount, pool_range("headcount"),
        "pools.%s.headcount%s", p->id, "");
    add(b, TS_SLOT_INFLOW, i, 0, &p->inflow, pool_range("inflow"),
        "pools.%s.inflow%s", p->id, "");
    add(b, TS_SLOT_GROWTH, i, 0, &p->inflow_growth,
        pool_range("inflow_growth"), "pools.%s.inflow_growth%s", p->id, "");
    add(b, TS_SLOT_RETENTION, i, 0, &p->retention, pool_range("retention"),
        "pools.%s.retention%s", p->id, "");
    add_shares(b, TS_SLOT_SHARE, i, &p->to, "pools.%s.to.%s", p->id);
    add(b, TS_SLOT_EXEC_MOVE, i, 0, &p->exec_move, pool_range("exec_move"),
        "pools.%s.exec_move%s", p->id, "");
    add_shares(b, TS_SLOT_EXEC_SHARE, i, &p->exec_to, "pools.%s.exec_to.%s",
               p->id);
}

ts_slots *ts_slots_create(const ts_scenario *sc)
{
    builder b = {calloc(1, sizeof(ts_slots)), 0, true};
    if (!b.s)
        return NULL;
    for (size_t i = 0; i < sc->n_pools; i++)
        add_pool(&b, &sc->pools[i], i);
    const ts_range *move = &ts_field_find(&ts_executive_fields, "move")->range;
    for (size_t e = 0; e < sc->n_execs; e++) {
        const ts_executive *x = &sc->execs[e];
        add(&b, TS_SLOT_EXECUTIVE_MOVE, e, 0, &x->move, move,
            "executives.%s.move%s", x->name.s, "");
        add_shares(&b, TS_SLOT_EXECUTIVE_SHARE, e, &x->to,
                   "executives.%s.to.%s", x->name.s);
    }
    const ts_range *chance = &ts_field_find(&ts_shock_fields, "chance")->range;
    for (size_t i = 0; i < sc->n_shocks; i++)
        add(&b, TS_SLOT_SHOCK_CHANCE, i, 0, &sc->shocks[i].chance, chance,
            "shocks.%s.chance%s", sc->shocks[i].id.s, "");
    const ts_range *size = &ts_field_find(&ts_team_fields, "size")->range;
    for (size_t e = 0; e < sc->n_execs; e++)
        if (sc->execs[e].team.given)
            add(&b, TS_SLOT_TEAM_SIZE, e, 0, &sc->execs[e].team.size, size,
                "executives.%s.team.size%s", sc->execs[e].name.s, "");
    for (size_t i = 0; i < sc->n_pools; i++)
        add(&b, TS_SLOT_PULL, i, 0, &sc->pools[i].pull, pool_range("pull"),
            "pools.%s.pull%s", sc->pools[i].id, "");
    if (!b.ok) {
        ts_slots_destroy(b.s);
        return NULL;
    }
    for (size_t i = 0; i < b.s->n; i++)
        if (b.s->items[i].param->dist.kind != TS_DIST_NONE)
            b.s->exec_uncertain |=
                ts_slot_touches_executives(sc, &b.s->items[i]);
    return b.s;
}

void ts_slots_destroy(ts_slots *s)
{
    if (!s)
        return;
    free(s->items);
    free(s);
}

size_t ts_slots_find(const ts_slots *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].path, path) == 0)
            return i;
    return SIZE_MAX;
}

void ts_slots_means(const ts_slots *s, double *x)
{
    for (size_t i = 0; i < s->n; i++)
        x[i] = s->items[i].param->value;
}

double ts_slots_value(const ts_slots *s, const double *x, const ts_param *p)
{
    if (s && x)
        for (size_t i = 0; i < s->n; i++)
            if (s->items[i].param == p)
                return x[i];
    return p->value;
}
