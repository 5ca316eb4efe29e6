/* Every numeric parameter of a validated scenario that the engine uses,
 * as a flat list of "slots" each with its parameter path: what Monte
 * Carlo draws per run, what tornado varies, what sweep and fit set. A
 * run's parameters are then one vector x of slot values. */
#ifndef TS_PARAM_SLOTS_H
#define TS_PARAM_SLOTS_H

#include <stddef.h>

#include "models/load/fields.h"
#include "models/scenario/scenario.h"

typedef enum ts_slot_kind {
    TS_SLOT_HEADCOUNT,
    TS_SLOT_INFLOW,
    TS_SLOT_GROWTH,
    TS_SLOT_RETENTION,
    TS_SLOT_SHARE,            /* pool owner's `to`, destination dest */
    TS_SLOT_EXEC_MOVE,        /* pool owner's exec_move */
    TS_SLOT_EXEC_SHARE,       /* pool owner's exec_to */
    TS_SLOT_EXECUTIVE_MOVE,   /* executive owner's move */
    TS_SLOT_EXECUTIVE_SHARE,  /* executive owner's to */
    /* After every other slot, so that adding a shock or a team leaves the
     * other slots' indices, and so their draws' sub-streams, as they
     * were (common random numbers). */
    TS_SLOT_SHOCK_CHANCE,     /* shock owner's chance */
    TS_SLOT_TEAM_SIZE,        /* executive owner's team size */
    TS_SLOT_PULL              /* pool owner's pull */
} ts_slot_kind;

#define TS_SLOT_PATH_MAX 320

typedef struct ts_slot {
    ts_slot_kind kind;
    size_t owner;             /* pool or executive index */
    size_t dest;              /* shares: destination index (K = outside) */
    const ts_param *param;    /* its value (the mean) and distribution */
    char path[TS_SLOT_PATH_MAX];
    ts_range range;           /* valid values */
} ts_slot;

typedef struct ts_slots {
    ts_slot *items;
    size_t n;
    size_t n_uncertain;       /* slots with a distribution */
    bool exec_uncertain;      /* an uncertain slot changes executives */
} ts_slots;

/* The slots of every given parameter of sc; NULL when out of memory. */
ts_slots *ts_slots_create(const ts_scenario *sc);
void ts_slots_destroy(ts_slots *s);

/* The slot at `path`, or SIZE_MAX. */
size_t ts_slots_find(const ts_slots *s, const char *path);

/* x[i] = each slot's value (the means). */
void ts_slots_means(const ts_slots *s, double *x);

/* The value parameter p has in the vector x (of slots s); p's own value
 * when s or x is NULL or p has no slot. */
double ts_slots_value(const ts_slots *s, const double *x, const ts_param *p);

/* Whether slot's value changes the executives' chains (a pool's rate
 * or shares where the executives follow the pool's, an executive's own,
 * a team, a shock's chance). */
bool ts_slot_touches_executives(const ts_scenario *sc, const ts_slot *slot);

#endif
