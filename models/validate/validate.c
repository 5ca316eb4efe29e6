#include "models/validate/validate.h"
#include "models/validate/record_cut.h"
#include "models/validate/validate_record.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/validate/checks.h"
#include "models/load/fields.h"
#include "models/scenario/distribution.h"
#include "models/base/limits.h"

static ts_status check_time_axis(ts_scenario *sc, ts_diags *d)
{
    if (!sc->has_horizon && !sc->has_until)
        return ts_diag_add(d, sc->start_mark, "scenario needs 'horizon: N' "
                           "(steps) or 'until: YYYY-MM' (last month)");
    if (sc->has_until) {
        long months = sc->until + 1 - sc->start;
        if (months <= 0)
            return ts_diag_add(d, sc->until_mark,
                               "until must not be before start");
        if (months % sc->step_months != 0)
            return ts_diag_add(d, sc->until_mark,
                               "until must end a whole %s step after start "
                               "(%ld months is not a multiple of %d)",
                               ts_step_name(sc->step_months), months,
                               sc->step_months);
        sc->horizon = (size_t)(months / sc->step_months);
        sc->horizon_mark = sc->until_mark;
    }
    if (sc->horizon < 1)
        return ts_diag_add(d, sc->horizon_mark,
                           "horizon must be at least 1 step");
    if (sc->horizon > TS_MAX_STEPS)
        return ts_diag_add(d, sc->horizon_mark,
                           "horizon of %zu steps is above the limit of %d "
                           "steps", sc->horizon, TS_MAX_STEPS);
    ts_month end = ts_scenario_step_month(sc, sc->horizon);
    if (ts_month_year(end) > TS_YEAR_MAX)
        return ts_diag_add(d, sc->horizon_mark, "the run would end after the "
                           "year %d", TS_YEAR_MAX);
    return TS_OK;
}

static ts_status check_ids(const ts_scenario *sc, ts_diags *d)
{
    ts_status st = TS_OK;
    if (sc->n_pools == 0)
        return ts_diag_add(d, sc->mark, "the scenario has no pools");
    for (size_t i = 0; i < sc->n_pools; i++) {
        const ts_pool *p = &sc->pools[i];
        if (!p->id)
            continue; /* already reported as missing */
        if (strcmp(p->id, TS_OUTSIDE_ID) == 0)
            st = ts_diag_add(d, p->id_mark, "'outside' is the reserved pool "
                             "of people who left the field; choose another "
                             "id");
        else if (!ts_valid_id(p->id))
            st = ts_diag_add(d, p->id_mark, "pool id '%s' must start with a "
                             "letter or '_' and contain only letters, "
                             "digits, '_' and '-'", p->id);
        for (size_t j = 0; j < i; j++)
            if (sc->pools[j].id && strcmp(sc->pools[j].id, p->id) == 0) {
                st = ts_diag_add(d, p->id_mark, "duplicate pool id '%s' "
                                 "(first defined at line %zu)", p->id,
                                 sc->pools[j].id_mark.line);
                break;
            }
    }
    return st;
}

static ts_status check_pool_params(const ts_pool *pool, size_t runs,
                                   ts_diags *d)
{
    ts_status st = TS_OK;
    for (size_t f = 0; f < ts_pool_fields.n; f++) {
        const ts_field *field = &ts_pool_fields.fields[f];
        if (!field->is_param)
            continue;
        const ts_param *p =
            (const ts_param *)((const char *)pool + field->offset);
        if (field->key && strcmp(field->key, "retention") == 0 && p->given &&
            p->value == 0)
            st = ts_diag_add(d, p->mark, "retention must be in (0, 1]: 0 "
                             "would mean an infinite leaving rate; use a "
                             "small positive value");
        else if (ts_check_param(p, field->key, &field->range, runs, d) != TS_OK)
            st = TS_EINPUT;
    }
    return st;
}

/* pull e weighs a pool by (n / n0)^e (SPEC section 5): n0 must not be 0,
 * and the weight must stay a number for any stock the limits allow (1
 * person to everyone ever in the model): e ln(TS_MAX_PEOPLE / n0) and
 * -e ln(n0) below ln of the largest double, with room for the inflow it
 * scales. */
static ts_status check_pull(const ts_pool *p, ts_diags *d)
{
    const ts_param *e = &p->pull;
    if (!e->given || (e->dist.kind == TS_DIST_NONE && e->value == 0))
        return TS_OK;
    double low = p->headcount.dist.kind == TS_DIST_NONE
                     ? p->headcount.value
                     : ts_dist_quantile(&p->headcount.dist, TS_DIST_TAIL);
    if (!(low >= 1))
        return ts_diag_add(d, e->mark, "pull: '%s' can start empty (its "
                           "headcount can be %.3g), and its pull weighs it "
                           "by its headcount relative to the start", p->id,
                           low);
    double top = e->dist.kind == TS_DIST_NONE
                     ? e->value
                     : ts_dist_quantile(&e->dist, 1 - TS_DIST_TAIL);
    double bottom = e->dist.kind == TS_DIST_NONE
                        ? e->value
                        : ts_dist_quantile(&e->dist, TS_DIST_TAIL);
    double grow = top > 0 ? top * log(TS_MAX_PEOPLE / low) : 0;
    double shrink = bottom < 0 ? -bottom * log(low) : 0;
    if (grow > TS_PULL_LOG_MAX || shrink > TS_PULL_LOG_MAX)
        return ts_diag_add(d, e->mark, "pull: an elasticity of %.3g would "
                           "weigh '%s' by up to e^%.0f as its headcount "
                           "changes, beyond what a number holds; use a "
                           "smaller one", grow > shrink ? top : bottom,
                           p->id, grow > shrink ? grow : shrink);
    return TS_OK;
}

static ts_status check_pool_shares(const ts_scenario *sc, size_t i,
                                   ts_diags *d)
{
    ts_pool *pool = &sc->pools[i];
    char where[300], self[400];
    snprintf(where, sizeof where, "to of '%s'", pool->id);
    snprintf(self, sizeof self, "pool '%s' names itself in to; staying is "
             "set by retention", pool->id);
    ts_share_owner to = {where, i, self};
    ts_status st = ts_check_shares(sc, &pool->to, &to, d);
    snprintf(where, sizeof where, "exec_to of '%s'", pool->id);
    snprintf(self, sizeof self, "pool '%s' names itself in exec_to; "
             "staying is set by exec_move", pool->id);
    ts_share_owner exec_to = {where, i, self};
    if (ts_check_shares(sc, &pool->exec_to, &exec_to, d) != TS_OK)
        st = TS_EINPUT;
    return st;
}

/* Everyone who is ever in the model must fit the Monte Carlo counters. */
static ts_status check_people_limit(const ts_scenario *sc, ts_diags *d)
{
    double people = 0, dt = ts_scenario_dt(sc);
    for (size_t i = 0; i < sc->n_pools; i++) {
        const ts_pool *p = &sc->pools[i];
        people += p->headcount.value;
        for (size_t k = 0; k < sc->horizon; k++)
            people += p->inflow.value * dt *
                      pow(1 + p->inflow_growth.value, (double)k * dt);
    }
    if (!(people <= TS_MAX_PEOPLE))
        return ts_diag_add(d, sc->horizon_mark, "the scenario brings %.3g "
                           "people into the model over its horizon (headcount "
                           "plus expected entrants), above the limit of %.3g; "
                           "shorten the horizon or lower inflow or "
                           "inflow_growth", people, TS_MAX_PEOPLE);
    return TS_OK;
}

/* Stocks of every run (4 bytes per pool and step), or above
 * TS_EXACT_STOCK_BYTES one histogram per pool and step, plus the flow
 * sums (8 bytes per pair and step); the histograms and flow sums once for
 * the result and once per worker (two workers are counted, the usual
 * machine's cores). */
static ts_status check_mc_memory(const ts_scenario *sc, ts_diags *d)
{
    if (sc->runs == 0)
        return TS_OK;
    double n = (double)(sc->n_pools + 1), steps = (double)sc->horizon;
    double cells = (steps + 1) * n;
    double stocks = (double)sc->runs * cells * 4.0;
    if (stocks > TS_EXACT_STOCK_BYTES)
        stocks = 3.0 * cells * TS_SKETCH_CELL_BYTES;
    double bytes = stocks + 3.0 * steps * n * n * 8.0;
    if (bytes > TS_MAX_MC_BYTES)
        return ts_diag_add(d, sc->runs_mark, "%zu runs of %zu steps and %zu "
                           "pools would need about %.1f GiB for the Monte "
                           "Carlo results, above the limit of %.0f GiB; use "
                           "fewer steps or pools", sc->runs, sc->horizon,
                           sc->n_pools, bytes / (1024.0 * 1024 * 1024),
                           TS_MAX_MC_BYTES / (1024.0 * 1024 * 1024));
    return TS_OK;
}

/* The exact mixture's cost, estimated before anything starts: each
 * combination of starts builds a step matrix (a matrix exponential of
 * size m = 2(K+1), ~m^3 work) for every state its parameters pass
 * through (at most 1 + the events' steps + each shock's start and end;
 * every step with pull), for the pools and for each executive class (the
 * pools' executives, and each named one or group with its own move or
 * to). Up to TS_MIX_KEEP_MAX combinations are kept for the Monte Carlo, each
 * state's matrices with them (about TS_MIX_BYTES_PER_CELL bytes per
 * (K+1)^2 cell). Measured: 50 pools, 10 executives of their own and one
 * shock over 140 steps is 5.4e9 work in 6.9 s and 0.9 GB here. */
#define TS_MIX_BYTES_PER_CELL 72.0
static ts_status mixture_cost(const ts_scenario *sc, double combos,
                              ts_mark at, ts_diags *d)
{
    double states = 1, classes = 1, K1 = (double)sc->n_pools + 1;
    for (size_t i = 0; i < sc->n_events; i++)
        states += sc->events[i].ramp.given ? sc->events[i].ramp.value : 1;
    for (size_t i = 0; i < sc->n_shocks; i++)
        states += sc->shocks[i].lasts.given ? 2 : 1;
    if (states > (double)sc->horizon)
        states = (double)sc->horizon;
    for (size_t e = 0; e < sc->n_execs; e++)
        classes += sc->execs[e].move.given || sc->execs[e].to.given;
    double exec_chains = sc->n_execs > 0 ? states * classes : 0;
    double pool_chains = ts_scenario_pulls(sc) ? (double)sc->horizon : states;
    double m = 2 * K1;
    double work = combos * (pool_chains + exec_chains) * m * m * m;
    double kept = combos <= TS_MIX_KEEP_MAX ? combos : 1;
    double bytes = kept * (pool_chains + exec_chains) * K1 * K1 *
                   TS_MIX_BYTES_PER_CELL;
    if (work > TS_MAX_MIXTURE_WORK)
        return ts_diag_add(d, at, "the exact mixture over the shocks' starts "
                           "would build %.0f step matrices of %zu pools "
                           "(%.0f combinations x %.0f states x %.0f chains; "
                           "about %.1e operations, above the limit of %.0e, "
                           "several minutes); shorten the windows, use fewer "
                           "pools, or fewer executives with a move or to of "
                           "their own", combos * (pool_chains + exec_chains),
                           sc->n_pools, combos, states,
                           (pool_chains + exec_chains) / states, work,
                           TS_MAX_MIXTURE_WORK);
    if (bytes > TS_MAX_MIXTURE_BYTES)
        return ts_diag_add(d, at, "the exact mixture over the shocks' starts "
                           "would keep about %.1f GiB of step matrices, above "
                           "the limit of %.0f GiB; shorten the windows, use "
                           "fewer pools, or fewer executives with a move or "
                           "to of their own", bytes / (1024.0 * 1024 * 1024),
                           TS_MAX_MIXTURE_BYTES / (1024.0 * 1024 * 1024));
    return TS_OK;
}

/* The exact mixture over the shocks' starts: one projection per
 * combination (each shock starts at a step of its window, or never),
 * refused above TS_MAX_SHOCK_COMBINATIONS rather than approximated. With
 * shocks or teams the projection keeps every step's flows. */
static ts_status check_shock_mixture(const ts_scenario *sc, ts_diags *d)
{
    double combos = 1;
    const ts_shock *last = NULL;
    for (size_t i = 0; i < sc->n_shocks; i++) {
        const ts_shock *s = &sc->shocks[i];
        if (s->chance.value > 0 && s->chance.value < 1) {
            combos *= (double)(s->step_to - s->step_from) + 1;
            last = s;
        }
    }
    /* the last uncertain shock's window names where to shorten */
    ts_mark at = !last                   ? ts_nowhere
                 : last->window_mark.line ? last->window_mark
                                          : last->event.mark;
    if (combos > TS_MAX_SHOCK_COMBINATIONS)
        return ts_diag_add(d, at, "the shocks' possible starts make %.0f "
                           "combinations, above the %d the exact mixture "
                           "computes (it never approximates); shorten the "
                           "windows or use fewer shocks", combos,
                           TS_MAX_SHOCK_COMBINATIONS);
    if (combos > 1 && mixture_cost(sc, combos, at, d) != TS_OK)
        return TS_EINPUT;
    double n = (double)(sc->n_pools + 1);
    if ((sc->n_shocks > 0 || ts_scenario_n_teams(sc) > 0) &&
        (double)sc->horizon * n * n * 8.0 > TS_MAX_FLOW_BYTES)
        return ts_diag_add(d, sc->horizon_mark, "with shocks or teams the "
                           "projection keeps every step's flows: %zu steps "
                           "of %zu pools would need %.1f GiB, above %.0f "
                           "GiB", sc->horizon, sc->n_pools,
                           (double)sc->horizon * n * n * 8.0 /
                               (1024.0 * 1024 * 1024),
                           TS_MAX_FLOW_BYTES / (1024.0 * 1024 * 1024));
    return TS_OK;
}

/* The exact executives' cost, before anything starts (with shocks,
 * check_shock_mixture multiplies it by the combinations of starts): a
 * step matrix for each executive class (the pools' chain, and each named
 * one or group with a move or to of its own) in each state the
 * parameters pass through (each step of an event's ramp is one), each a
 * matrix exponential of size 2(K+1) and four (K+1)^2 matrices kept; and
 * each executive's distribution over the pools at every step. Refused
 * at the item whose addition crosses the budget (README, Limits). */
#define TS_CHAIN_BYTES_PER_CELL 32.0
static ts_status check_exec_cost(const ts_scenario *sc, ts_diags *d)
{
    if (sc->n_execs == 0)
        return TS_OK;
    double K1 = (double)sc->n_pools + 1, m = 2 * K1;
    double per_chain_work = m * m * m,
           per_chain_bytes = K1 * K1 * TS_CHAIN_BYTES_PER_CELL;
    double classes = 1;
    for (size_t e = 0; e < sc->n_execs; e++)
        classes += sc->execs[e].move.given || sc->execs[e].to.given;
    double states = 1;
    for (size_t i = 0; i < sc->n_events + sc->n_shocks; i++) {
        const ts_event *ev = i < sc->n_events ? &sc->events[i]
                                              : &sc->shocks[i - sc->n_events]
                                                     .event;
        bool shock = i >= sc->n_events;
        states += ev->ramp.given ? ev->ramp.value
                  : shock && sc->shocks[i - sc->n_events].lasts.given ? 2
                                                                        : 1;
        if (states > (double)sc->horizon)
            states = (double)sc->horizon;
        double work = states * classes * per_chain_work,
               bytes = states * classes * per_chain_bytes;
        if (work > TS_MAX_MIXTURE_WORK || bytes > TS_MAX_EXEC_CHAIN_BYTES)
            return ts_diag_add(d, ev->mark, "the executives' chains would "
                               "need %.0f step matrices of %zu pools (%.0f "
                               "states of the parameters x %.0f chains: "
                               "about %.1e operations and %.1f GiB, above "
                               "%.0e and %.0f GiB); use a shorter ramp, fewer "
                               "pools, or fewer executives with a move or to "
                               "of their own", states * classes,
                               sc->n_pools, states, classes, work,
                               bytes / (1024.0 * 1024 * 1024),
                               TS_MAX_MIXTURE_WORK,
                               TS_MAX_EXEC_CHAIN_BYTES /
                                   (1024.0 * 1024 * 1024));
    }
    /* each exact claim: the qualifying mass and the terms of each
     * distinct (chain, pool) over the horizon, each pool's move per chain,
     * and the count tail over the members at each step (Poisson-binomial,
     * up to at_least) */
    double keys = classes * K1 < (double)sc->n_execs ? classes * K1
                                                     : (double)sc->n_execs;
    double people = (double)ts_scenario_exec_people(sc), claim_work = 0,
           H = (double)sc->horizon;
    for (size_t i = 0; i < sc->n_predictions; i++) {
        const ts_prediction *c = &sc->predictions[i];
        if (c->kind != TS_PREDICT_MOVES)
            continue;
        double need = c->at_least.given ? c->at_least.value : 1;
        claim_work += 2 * keys * H * K1 * K1 + classes * K1 * H * K1 * K1 +
                      (H + 1) * (double)sc->n_execs *
                          (need < people ? need : people);
        if (claim_work > TS_MAX_CLAIM_WORK)
            return ts_diag_add(d, c->mark, "the exact claims up to this one "
                               "would take about %.1e operations (%zu "
                               "executives in %.0f chains over %zu pools and "
                               "%zu steps), above the limit of %.0e; use "
                               "fewer claims, executives or steps, or a "
                               "smaller at_least", claim_work, sc->n_execs,
                               classes, sc->n_pools, sc->horizon,
                               TS_MAX_CLAIM_WORK);
    }
    double chains = 0, path = 0,
           per_path = ((double)sc->horizon + 1) * K1 * 8.0;
    for (size_t e = 0; e < sc->n_execs; e++) {
        chains += sc->execs[e].move.given || sc->execs[e].to.given;
        path += per_path;
        double work = states * (chains + 1) * per_chain_work,
               bytes = states * (chains + 1) * per_chain_bytes + path;
        if (work > TS_MAX_MIXTURE_WORK || bytes > TS_MAX_EXEC_CHAIN_BYTES)
            return ts_diag_add(d, sc->execs[e].mark, "the executives up to "
                               "this one would need about %.1f GiB for their "
                               "chains and their distributions over %zu "
                               "pools at each of %zu steps (and %.1e "
                               "operations), above %.0f GiB and %.0e; use "
                               "fewer executives, pools or steps", bytes /
                               (1024.0 * 1024 * 1024), sc->n_pools,
                               sc->horizon + 1, work,
                               TS_MAX_EXEC_CHAIN_BYTES /
                                   (1024.0 * 1024 * 1024),
                               TS_MAX_MIXTURE_WORK);
    }
    return TS_OK;
}

/* Every pool has its id: references to pools can be checked without
 * reporting a pool whose id was the mistake. */
static bool ids_loaded(const ts_scenario *sc)
{
    for (size_t i = 0; i < sc->n_pools; i++)
        if (!sc->pools[i].id)
            return false;
    return true;
}

static bool any_broken(const ts_scenario *sc)
{
    bool broken = false;
    for (size_t i = 0; i < sc->n_pools; i++)
        broken |= sc->pools[i].broken;
    for (size_t i = 0; i < sc->n_execs; i++)
        broken |= sc->execs[i].broken;
    for (size_t i = 0; i < sc->n_predictions; i++)
        broken |= sc->predictions[i].broken;
    for (size_t i = 0; i < sc->n_events; i++)
        broken |= sc->events[i].broken;
    for (size_t i = 0; i < sc->n_shocks; i++)
        broken |= sc->shocks[i].event.broken;
    for (size_t i = 0; i < sc->n_observed; i++)
        broken |= sc->observed[i].broken;
    return broken;
}

/* Each check runs when what it relies on is sound, so that one mistake
 * is reported once and every independent one is reported too (a
 * scenario loaded with mistakes has them marked broken: skipped). */
ts_status ts_scenario_validate(ts_scenario *sc, ts_diags *d)
{
    sc->validated = false;
    bool axis = check_time_axis(sc, d) == TS_OK;
    bool refs = check_ids(sc, d) == TS_OK && ids_loaded(sc);
    ts_status st = axis && refs ? TS_OK : TS_EINPUT;
    /* events may add unset shares, which the share checks then resolve */
    bool events = axis && refs && ts_resolve_events(sc, d) == TS_OK;
    if (axis && refs && ts_resolve_shocks(sc, d) != TS_OK)
        events = false;
    if (!events)
        st = TS_EINPUT;
    for (size_t i = 0; refs && i < sc->n_pools; i++) {
        if (sc->pools[i].broken)
            continue;
        if (check_pool_params(&sc->pools[i], sc->runs, d) != TS_OK ||
            check_pull(&sc->pools[i], d) != TS_OK)
            st = TS_EINPUT;
        if (check_pool_shares(sc, i, d) != TS_OK)
            st = TS_EINPUT;
    }
    bool shares = st == TS_OK;
    if (refs && ts_validate_executives(sc, d) != TS_OK)
        st = TS_EINPUT;
    if (axis && refs && ts_validate_predictions(sc, d) != TS_OK)
        st = TS_EINPUT;
    /* the states events produce need every share resolved */
    if (events && shares && st == TS_OK && !any_broken(sc) &&
        ts_validate_events(sc, d) != TS_OK)
        st = TS_EINPUT;
    if (axis && refs && ts_validate_calibration(sc, d) != TS_OK)
        st = TS_EINPUT;
    if (axis && refs && events && ts_validate_record(sc, d) != TS_OK)
        st = TS_EINPUT;
    if (axis && refs && events && ts_validate_learn(sc, d) != TS_OK)
        st = TS_EINPUT;
    if (st != TS_OK || any_broken(sc))
        return TS_EINPUT;
    if (ts_record_apply_cut(sc, d) != TS_OK)
        return TS_EINPUT;
    if (check_people_limit(sc, d) != TS_OK ||
        check_exec_cost(sc, d) != TS_OK ||
        check_shock_mixture(sc, d) != TS_OK)
        return TS_EINPUT;
    st = check_mc_memory(sc, d);
    sc->validated = st == TS_OK;
    return st;
}
