/* The scenario model as plain data: what a YAML scenario says, with the
 * place each value came from so that validation can point at it.
 * Created by ts_scenario_create, filled by the loader (models/load/loader.h),
 * checked by models/validate/validate.h, released by ts_scenario_destroy. */
#ifndef TS_SCENARIO_H
#define TS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/scenario/chart_options.h"
#include "models/base/date.h"
#include "models/scenario/distribution.h"
#include "models/base/diag.h"
#include "models/record/record.h"


/* A numeric parameter: its value and where it was set. When it is
 * uncertain, dist says how and value is the distribution's mean (what
 * the deterministic projection uses). */
typedef struct ts_param {
    double value;
    ts_mark mark;
    bool given;
    ts_dist dist;
    /* where a number's text lies in mark.file: [start, end) in characters
     * from libyaml's marks (fitted.yaml writes an estimate over it) */
    size_t text_start, text_end;
} ts_param;

/* One entry of a pool's `to` mapping: a destination and its share. */
typedef struct ts_share {
    char *dest;          /* pool id as written, or "outside" */
    size_t dest_index;   /* resolved by validation; K (= n_pools) is outside */
    ts_param share;
    ts_mark key_mark;    /* where the destination id was written */
} ts_share;

/* A `to` mapping: destinations and shares, the rest leaving the field. */
typedef struct ts_shares {
    ts_share *items;
    size_t n;
    ts_mark mark;        /* the mapping */
    bool given;
} ts_shares;

/* A string with the place it was written. */
typedef struct ts_text {
    char *s;
    ts_mark mark;
} ts_text;

typedef struct ts_pool {
    char *id;
    char *label;
    ts_mark mark;        /* the pool's mapping */
    ts_mark id_mark;
    ts_param headcount;
    ts_param inflow;
    ts_param inflow_growth;
    ts_param retention;
    ts_shares to;
    ts_param exec_move;  /* executives: annual P(move); default 1 - retention */
    ts_param pull;       /* elasticity of its pull on headcount (SPEC 5) */
    ts_shares exec_to;   /* executives: where movers go; default `to` */
    bool broken;               /* a mistake inside it was reported while
                                  loading: validation passes it over */
} ts_pool;

/* People who follow their leader (SPEC section 5): when the executive
 * first moves, from A to B (not outside), `size` people of A move to B,
 * size/over in each of the `over` steps after the move. */
typedef struct ts_team {
    ts_param size;
    ts_param over;       /* default 1 */
    ts_mark mark;        /* the team's mapping */
    bool given;
} ts_team;

/* A named executive, or a group of `count` alike executives. */
typedef struct ts_executive {
    ts_text name;        /* `name`, or the group's `group` */
    bool is_group;
    ts_mark mark;        /* the item's mapping */
    ts_text pool;        /* where they are at the start */
    size_t pool_index;   /* resolved by validation */
    ts_param count;      /* groups: members */
    ts_param move;       /* overrides the pool's exec_move for its pool */
    ts_shares to;        /* overrides the pool's exec_to for its pool */
    ts_team team;        /* each member's team */
    char *role;
    char *note;
    bool broken;               /* a mistake inside it was reported while
                                  loading: validation passes it over */
} ts_executive;

/* A list of pool ids written as one id or a list; indices resolved by
 * validation. */
typedef struct ts_pool_list {
    char **ids;
    ts_mark *marks;
    size_t *index;
    size_t n;
    ts_mark mark;
    bool given;
} ts_pool_list;


typedef enum ts_prediction_kind {
    TS_PREDICT_MOVES,      /* distinct executives moving from -> to */
    TS_PREDICT_HEADCOUNT   /* a pool's headcount below or above a value */
} ts_prediction_kind;

typedef struct ts_prediction {
    ts_text id;
    char *text;
    ts_mark mark;
    ts_prediction_kind kind;    /* resolved by validation */
    /* executive moves */
    ts_pool_list from, to;
    ts_pool_list who;           /* executives' names or groups (index:
                                   the executive); not given: everyone */
    ts_dated window[2];         /* [start, end) */
    ts_mark window_mark;
    bool has_window;
    ts_dated through[2];        /* [first, last], both step starts */
    ts_mark through_mark;
    bool has_through;
    ts_param within;            /* months from the start */
    ts_param at_least;          /* default 1 */
    size_t step_from, step_to;  /* resolved: steps [step_from, step_to) */
    /* headcount */
    ts_text pool;
    size_t pool_index;
    ts_dated at;
    size_t at_step;
    ts_param below, above;
    bool broken;               /* a mistake inside it was reported while
                                  loading: validation passes it over */
} ts_prediction;

/* One path of `learn`: the parameter whose distribution is its prior.
 * fixed: a later variant or a --set gave it a number, so it is not
 * learnt (the summary says so). */
typedef struct ts_learn_param {
    char *path;
    ts_mark mark;
    ts_param *target;          /* resolved by validation */
    bool fixed;
} ts_learn_param;

/* One PATH: value of an event's `set`. */
typedef struct ts_event_set {
    char *path;
    ts_mark mark;              /* the path as written */
    ts_param value;            /* a number or a distribution */
    size_t slot;               /* resolved by validation */
} ts_event_set;

/* A scheduled change of parameters (SPEC section 1, Events). */
typedef struct ts_event {
    ts_mark mark;
    ts_dated at;               /* YYYY-MM or a step number */
    size_t step;               /* resolved: the first step it governs */
    char *label;
    ts_param ramp;             /* steps to reach the new values; 1: none */
    ts_event_set *sets;
    size_t n_sets;
    ts_mark set_mark;
    bool broken;               /* a mistake inside it was reported while
                                  loading: validation passes it over */
} ts_event;

/* An event whose start is uncertain (SPEC section 5, Shocks): it starts
 * at most once, in step k of its window with probability
 * (1 - q)^(k - k0) q, q = 1 - (1 - chance)^dt, and acts as an event at
 * that step for `lasts` steps. Its `set` (and label, mark, broken) live
 * in `event`, the first member, so they are read, resolved and checked
 * exactly as an event's; the event's at and ramp are unused. */
typedef struct ts_shock {
    ts_event event;
    ts_text id;
    ts_param chance;           /* per year, in [0, 1] */
    ts_dated window[2];        /* [first, end) of its possible starts */
    ts_mark window_mark;
    bool has_window;
    ts_param lasts;            /* steps; not given: to the end */
    size_t step_from, step_to; /* resolved window: starts in [from, to) */
} ts_shock;

typedef enum ts_observed_kind {
    TS_OBSERVED_HEADCOUNT,    /* a pool's stock dated `at` */
    TS_OBSERVED_INFLOW,       /* entrants plus transfers into a pool */
    TS_OBSERVED_FLOW          /* people from one pool to another */
} ts_observed_kind;

/* A data point for calibration (SPEC section 1, Calibration). */
typedef struct ts_observation {
    ts_text id;                /* optional: what a variant matches it on */
    ts_mark mark;
    ts_observed_kind kind;    /* resolved by validation */
    ts_text pool, from, to;
    size_t pool_index, from_index, to_index;
    ts_param headcount, inflow, flow;  /* the one given: its number... */
    double value, sd;         /* ...as a target and its sd (resolved) */
    ts_mark value_mark;
    bool has_sd;              /* {value, sd} or {range} */
    ts_dated at;
    ts_dated period[2];       /* [first, end) */
    ts_mark period_mark;
    bool has_period;
    size_t step_from, step_to;  /* resolved: steps [from, to), or at */
    bool broken;               /* a mistake inside it was reported while
                                  loading: validation passes it over */
} ts_observation;

/* One parameter `fit` estimates. */
typedef struct ts_fit_param {
    char *path;
    ts_mark mark;
    ts_param bounds[2];
    ts_mark bounds_mark;
    bool has_bounds;
    ts_param start;
    ts_param *target;         /* resolved: the parameter it sets */
} ts_fit_param;

/* The tag is talentsim.h's opaque handle: a library user's
 * talentsim_scenario is this. */
typedef struct talentsim_scenario {
    char *name;
    char *description;
    char *counts;              /* what a headcount counts, said on charts
                                  and in the summary (NULL: not said) */
    ts_mark mark;              /* the top-level mapping */
    ts_month start;
    ts_mark start_mark;
    int step_months;           /* 1, 3 or 12 */
    ts_mark step_mark;
    size_t horizon;            /* steps; resolved from `until` by validation */
    bool has_horizon;
    ts_mark horizon_mark;
    ts_month until;            /* last month simulated */
    bool has_until;
    ts_mark until_mark;
    size_t runs;
    ts_mark runs_mark;
    uint64_t seed;
    char *out_dir;             /* NULL: out/<file stem> */
    ts_mark out_dir_mark;      /* where the file wrote it */
    bool out_dir_inherited;    /* written by a base, not the file run: a
                                  variant still writes to out/<its stem> */
    unsigned charts;           /* TS_CHART_BIT set; default: all */
    bool charts_given;         /* outputs.charts was written */
    ts_image_format format;    /* outputs.format, default png */
    ts_pool *pools;
    size_t n_pools;
    size_t cap_pools;
    ts_executive *execs;
    size_t n_execs;
    size_t *exec_by_name;      /* the named ones' indices sorted by name,
                                  for lookups (made by validation; NULL
                                  before) */
    size_t n_exec_by_name;
    ts_prediction *predictions;
    size_t n_predictions;
    ts_event *events;
    size_t n_events;
    ts_shock *shocks;
    size_t n_shocks;
    ts_observation *observed;
    size_t n_observed;
    ts_fit_param *fit;
    size_t n_fit;
    ts_mark fit_mark;
    /* `learn` (SPEC section 11): the paths the record teaches, each with
     * the parameter it names once validated */
    ts_learn_param *learn;
    size_t n_learn;
    ts_mark learn_mark;
    ts_param *targets;         /* per pool (n_pools, once validated) */
    size_t n_targets;
    char **target_ids;         /* as written, with marks */
    ts_mark *target_marks;
    ts_mark target_mark;
    ts_sources sources;        /* the names marks point to, and the
                                  files' texts */
    /* the --set assignments applied, in order, and the name they make:
     * "baseline, with pools.a.retention=0.9" (NULL: none) */
    char **overrides;
    size_t n_overrides;
    char *title;
    /* history: the record of what happened (SPEC section 8); NULL: none */
    ts_record *record;
    /* --as-of: the record read as if it ended at cut (models/record_cut) */
    bool has_cut;
    ts_month cut;
    ts_mark cut_mark;          /* the request, for messages */
    /* A mistake while loading that leaves nothing sound to validate
     * (the scenario block, a section that is not a list); mistakes
     * inside one item only mark the item broken, so that validation can
     * still report every other error of the file. */
    bool load_fatal;
    /* validated since it was loaded or last changed (talentsim_project
     * takes no other) */
    bool validated;
    /* counts the changes since loading: a run made before one refuses
     * to go on with the changed scenario */
    unsigned long revision;
} ts_scenario;

/* Shares of one mapping may sum to 1 within this (0.1 + 0.2 + 0.7 is
 * not 1 in binary); validation and the engine both read it. */
#define TS_SHARE_SUM_TOL 1e-9

/* Defaults for keys a scenario may leave out (documented in the README). */
#define TS_DEFAULT_RUNS 1000
#define TS_DEFAULT_SEED 42

ts_scenario *ts_scenario_create(void);
void ts_scenario_destroy(ts_scenario *sc);

/* Appends a zeroed pool; returns NULL when out of memory. */
ts_pool *ts_scenario_add_pool(ts_scenario *sc);

/* Appends a zeroed executive, prediction, shock, event or observation;
 * NULL when out of memory. */
ts_executive *ts_scenario_add_executive(ts_scenario *sc);
ts_prediction *ts_scenario_add_prediction(ts_scenario *sc);
ts_shock *ts_scenario_add_shock(ts_scenario *sc);
ts_event *ts_scenario_add_event(ts_scenario *sc);
ts_observation *ts_scenario_add_observation(ts_scenario *sc);

/* The shock with id `id`, or NULL. */
ts_shock *ts_scenario_find_shock(ts_scenario *sc, const char *id);

/* Whether some pool has a pull (a nonzero number or a distribution). */
int ts_scenario_pulls(const ts_scenario *sc);

/* Executives with a team. */
size_t ts_scenario_n_teams(const ts_scenario *sc);

/* The executive or group named `name`, or NULL (by bisection once
 * validation has made the index of names). */
ts_executive *ts_scenario_find_executive(const ts_scenario *sc,
                                         const char *name);

/* Executives the Monte Carlo follows one by one: named ones count 1,
 * a group its members. */
size_t ts_scenario_exec_people(const ts_scenario *sc);

/* Executive x's members: 1, or a group's count (0 when it has none,
 * above the limit when it is too large: validation reports both). */
size_t ts_executive_members(const ts_executive *x);

/* Index of the pool with this id, K for "outside", or SIZE_MAX. */
size_t ts_scenario_pool_index(const ts_scenario *sc, const char *id);

/* What titles, the summary and the report call the scenario: its name,
 * and the --set changes made to it ("baseline, with
 * pools.enterprise_software.retention=0.9"), so that a modified run
 * never passes for the file's own. */
const char *ts_scenario_title(const ts_scenario *sc);

/* Records an applied PATH=VALUE in the title; false when out of
 * memory. */
bool ts_scenario_note_override(ts_scenario *sc, const char *assignment);

/* Pool id of index i (n_pools is outside). */
const char *ts_pool_name(const ts_scenario *sc, size_t i);

/* The pool id closest to a mistyped id ("did you mean"), or NULL; with
 * with_outside, "outside" is a candidate too. */
const char *ts_scenario_suggest_pool(const ts_scenario *sc, const char *id,
                                     bool with_outside);

/* Keeps a copy of a source name for marks to point to; NULL if no memory. */
const char *ts_scenario_intern_source(ts_scenario *sc, const char *name);

/* Years per step (dt). */
double ts_scenario_dt(const ts_scenario *sc);

/* Date of the start of step k. */
ts_month ts_scenario_step_month(const ts_scenario *sc, size_t k);

/* The step whose stock is dated m (0..horizon), or SIZE_MAX when m is
 * not one of the run's stock dates. */
size_t ts_scenario_month_step(const ts_scenario *sc, ts_month m);

/* The step of the record's as_of (SPEC section 8): what a run knows
 * happened before it; 0 without a record or as_of. */
size_t ts_scenario_as_of(const ts_scenario *sc);


#endif
