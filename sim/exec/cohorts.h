/* The executives as the record leaves them at as_of (SPEC section 8):
 * each executive entry's members split into cohorts, members whose
 * recorded moves are the same, each with the pool it is in at as_of and
 * the moves that put it there. A forecast moves each cohort on from
 * as_of; a claim counts a cohort's members as certain when one of its
 * recorded moves already qualifies.
 *
 * A group's members are numbered 1..count, and a recorded group move of
 * c members moves the c lowest-numbered ones in `from` at that step's
 * start; so the members stay in runs of consecutive numbers with the
 * same history, and a move splits at most one run. Members with the same
 * history are one cohort, wherever their numbers lie: a record of many
 * alike moves makes few cohorts. Without a record (or
 * with as_of at the start) there is one cohort per entry, in its
 * starting pool, with no moves. */
#ifndef TS_COHORTS_H
#define TS_COHORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"

/* One recorded move of a cohort, in step `step`. */
typedef struct ts_cohort_move {
    uint32_t step, from, to;
} ts_cohort_move;

typedef struct ts_cohort {
    size_t entity;       /* the executives section's entry */
    size_t count;        /* members */
    size_t pool;         /* where they are at as_of */
    size_t move0, n_moves;  /* its moves: moves[move0 .. move0 + n_moves),
                               in the order they happened */
    size_t history;      /* the replay's name for those moves (equal
                            histories, equal numbers; SIZE_MAX: none) */
} ts_cohort;

typedef struct ts_cohorts {
    size_t begin;        /* the step of as_of (0: the start) */
    size_t n;            /* cohorts, in entry order, then member order */
    ts_cohort *items;
    ts_cohort_move *moves;
    size_t *first;       /* per entry + 1: its cohorts are
                            items[first[e] .. first[e + 1]) */
} ts_cohorts;

/* From a validated scenario's record; NULL when out of memory. */
ts_cohorts *ts_cohorts_create(const ts_scenario *sc);
void ts_cohorts_destroy(ts_cohorts *c);

/* The first recorded move of cohort c, or NULL when it made none. */
static inline const ts_cohort_move *ts_cohort_first_move(
    const ts_cohorts *cs, const ts_cohort *c)
{
    return c->n_moves > 0 ? &cs->moves[c->move0] : NULL;
}

#endif
