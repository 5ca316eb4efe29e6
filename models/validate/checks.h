/* Checks shared by the validation of every section: a number against its
 * range, and a `to` mapping (known destinations, not the owner itself,
 * shares summing to at most 1). */
#ifndef TS_CHECKS_H
#define TS_CHECKS_H

#include <stddef.h>

#include "models/load/fields.h"
#include "models/scenario/scenario.h"

/* p (when given) against r; key names it in the message. A
 * distribution's mean must be in r, and its draws in r so surely that
 * none of `runs` runs is likely to draw outside. */
ts_status ts_check_param(const ts_param *p, const char *key,
                         const ts_range *r, size_t runs, ts_diags *d);

/* Who a `to` mapping belongs to, for messages. */
typedef struct ts_share_owner {
    const char *where;         /* "to of 'a'" */
    size_t self;              /* the pool it may not name; SIZE_MAX: none */
    const char *self_message; /* the message when it does */
} ts_share_owner;

/* Resolves each destination's index and checks the mapping. */
ts_status ts_check_shares(const ts_scenario *sc, ts_shares *shares,
                          const ts_share_owner *owner, ts_diags *d);

/* Resolves a pool id written at mark: its index, or an error with a
 * "did you mean" naming `what` ("pool of executive 'X'"). */
ts_status ts_check_pool_id(const ts_scenario *sc, const char *id,
                           ts_mark mark, bool outside_ok, const char *what,
                           size_t *index, ts_diags *d);

/* The step a date names (SPEC section 2: a month on the step grid, or a
 * step number), or an error naming `what` ("window end"). A stock date
 * may be any of steps 0..H (H: the date after the last step); a step
 * that governs what follows (an event's) one of 0..H-1. */
ts_status ts_dated_step(const ts_scenario *sc, const ts_dated *date,
                        const char *what, bool stock_date, size_t *step,
                        ts_diags *d);

/* The steps [*from, *to) of a span written [first, end) (a window or a
 * period, `what` in messages): two dates, end after first. first_runs:
 * the first must be a step that runs (a shock's start), not any stock
 * date. */
ts_status ts_dated_span(const ts_scenario *sc, const ts_dated *pair,
                        ts_mark mark, const char *what, bool first_runs,
                        size_t *from, size_t *to, ts_diags *d);

/* Ids appear in parameter paths and CSV cells: a letter or '_' first,
 * then letters, digits, '_' or '-'. */
bool ts_valid_id(const char *id);

/* Executives and predictions (models/validate_executives.c). */
ts_status ts_validate_executives(ts_scenario *sc, ts_diags *d);
ts_status ts_validate_predictions(ts_scenario *sc, ts_diags *d);

/* Events (models/validate_events.c): first their steps and paths (which
 * may add unset shares, so before the shares are checked), then the
 * states they produce (after every `to` was resolved). */
ts_status ts_resolve_events(ts_scenario *sc, ts_diags *d);
/* One PATH: value of an event's or a shock's set: what it names and
 * whether the value fits it (a share it adds starts at 0). */
ts_status ts_resolve_event_set(ts_scenario *sc, ts_event_set *set,
                               ts_diags *d);
/* Shocks (models/validate_shocks.c): ids, chances, windows, lasts and
 * what they set; like events, before the shares are checked. */
ts_status ts_resolve_shocks(ts_scenario *sc, ts_diags *d);
ts_status ts_validate_events(const ts_scenario *sc, ts_diags *d);

/* Observations, fit and target (models/validate_calibration.c). */
ts_status ts_validate_calibration(ts_scenario *sc, ts_diags *d);

/* learn (models/validate/validate_learn.c): its paths and priors, and a
 * headcount both observed and in the record. */
ts_status ts_validate_learn(ts_scenario *sc, ts_diags *d);

#endif
