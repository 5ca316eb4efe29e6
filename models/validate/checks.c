#include "models/validate/checks.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>


/* A distribution must stay inside the parameter's range: its draws are
 * never clamped, so a draw outside fails the run. Rejected when at
 * least one of `runs` runs is more than 1% likely to draw outside. */
static ts_status check_distribution(const ts_param *p, const char *key,
                                    const ts_range *r, size_t runs,
                                    ts_diags *d)
{
    char range[64], dist[96];
    ts_range_format(r, range, sizeof range);
    ts_dist_format(&p->dist, dist, sizeof dist);
    if (!ts_range_contains(r, p->value))
        return ts_diag_add(d, p->mark, "%s: the mean of %s is %.10g, "
                           "outside %s", key, dist, p->value, range);
    double out = ts_dist_outside(&p->dist, r->lo, r->hi, r->lo_open,
                                 r->hi_open);
    double n = runs > 0 ? (double)runs : 1;
    if (out * n > 0.01)
        return ts_diag_add(d, p->mark, "%s: %s falls outside %s with "
                           "probability %.2g per draw, so some of %zu runs "
                           "would likely draw outside it (draws are never "
                           "clamped); choose a distribution inside the "
                           "range, such as a beta or a triangular", key,
                           dist, range, out, runs > 0 ? runs : 1);
    return TS_OK;
}

ts_status ts_check_param(const ts_param *p, const char *key,
                         const ts_range *r, size_t runs, ts_diags *d)
{
    char range[64];
    if (!p->given)
        return TS_OK;
    if (p->dist.kind != TS_DIST_NONE)
        return check_distribution(p, key, r, runs, d);
    if (!ts_range_contains(r, p->value)) {
        ts_range_format(r, range, sizeof range);
        return ts_diag_add(d, p->mark, "%s must be in %s, got %.10g", key,
                           range, p->value);
    }
    if (r->whole && p->value != floor(p->value))
        return ts_diag_add(d, p->mark, "%s must be a whole number%s%s, got "
                           "%.10g", key, r->whole_of ? " of " : "",
                           r->whole_of ? r->whole_of : "", p->value);
    return TS_OK;
}

ts_status ts_check_pool_id(const ts_scenario *sc, const char *id,
                           ts_mark mark, bool outside_ok, const char *what,
                           size_t *index, ts_diags *d)
{
    *index = ts_scenario_pool_index(sc, id);
    if (*index == sc->n_pools && !outside_ok)
        return ts_diag_add(d, mark, "%s cannot be 'outside'", what);
    if (*index != SIZE_MAX)
        return TS_OK;
    const char *hint = ts_scenario_suggest_pool(sc, id, outside_ok);
    if (hint)
        return ts_diag_add(d, mark, "unknown pool '%s' in %s; did you mean "
                           "'%s'?", id, what, hint);
    return ts_diag_add(d, mark, "unknown pool '%s' in %s", id, what);
}

static ts_status check_destination(const ts_scenario *sc, ts_share *s,
                                   const ts_share_owner *owner, ts_diags *d)
{
    if (ts_check_pool_id(sc, s->dest, s->key_mark, true, owner->where,
                         &s->dest_index, d) != TS_OK)
        return TS_EINPUT;
    if (s->dest_index == owner->self)
        return ts_diag_add(d, s->key_mark, "%s", owner->self_message);
    return ts_check_param(&s->share, "a share", &ts_share_field.range,
                          sc->runs, d);
}

/* The largest value a share can take: its own, or the top of its
 * distribution (a one-in-a-million draw for unbounded ones). */
static double share_top(const ts_param *p)
{
    return p->dist.kind == TS_DIST_NONE
               ? p->value
               : ts_dist_quantile(&p->dist, 1 - TS_DIST_TAIL);
}

/* Uncertain shares: every draw must sum to at most 1, and outside takes
 * the remainder (it cannot be named: the sum would have to be 1). */
static ts_status check_uncertain_shares(const ts_shares *shares,
                                        const ts_share_owner *owner,
                                        bool names_outside, ts_diags *d)
{
    double top = 0;
    bool uncertain = false;
    for (size_t k = 0; k < shares->n; k++) {
        uncertain |= shares->items[k].share.dist.kind != TS_DIST_NONE;
        top += share_top(&shares->items[k].share);
    }
    if (!uncertain)
        return TS_OK;
    if (names_outside)
        return ts_diag_add(d, shares->mark, "with a distribution among the "
                           "shares in %s, leave 'outside' out: it takes what "
                           "the drawn shares leave", owner->where);
    if (top > 1 + TS_SHARE_SUM_TOL)
        return ts_diag_add(d, shares->mark, "the shares in %s can be drawn "
                           "to sum to %.4g, above 1; narrow their "
                           "distributions", owner->where, top);
    return TS_OK;
}

ts_status ts_check_shares(const ts_scenario *sc, ts_shares *shares,
                          const ts_share_owner *owner, ts_diags *d)
{
    ts_status st = TS_OK;
    double sum = 0;
    bool names_outside = false;
    for (size_t k = 0; k < shares->n; k++) {
        ts_share *s = &shares->items[k];
        if (check_destination(sc, s, owner, d) != TS_OK) {
            st = TS_EINPUT;
            continue;
        }
        sum += s->share.value;
        names_outside |= s->dest_index == sc->n_pools;
    }
    if (st != TS_OK)
        return st;
    if (sum > 1 + TS_SHARE_SUM_TOL)
        return ts_diag_add(d, shares->mark, "shares in %s sum to %.10g, "
                           "above 1", owner->where, sum);
    if (check_uncertain_shares(shares, owner, names_outside, d) != TS_OK)
        return TS_EINPUT;
    if (names_outside && fabs(sum - 1) > TS_SHARE_SUM_TOL)
        return ts_diag_add(d, shares->mark, "shares in %s sum to %.10g; when "
                           "'outside' is named they must sum to 1",
                           owner->where, sum);
    return TS_OK;
}

ts_status ts_dated_step(const ts_scenario *sc, const ts_dated *date,
                        const char *what, bool stock_date, size_t *step,
                        ts_diags *d)
{
    char got[32], a[16], b[16];
    size_t last = stock_date ? sc->horizon : sc->horizon - 1;
    ts_month_format(sc->start, a, sizeof a);
    ts_month_format(ts_scenario_step_month(sc, last), b, sizeof b);
    if (date->is_step) {
        snprintf(got, sizeof got, "step %zu", date->step);
        *step = date->step;
    } else {
        ts_month_format(date->month, got, sizeof got);
        if (date->month >= sc->start &&
            (date->month - sc->start) % sc->step_months != 0)
            return ts_diag_add(d, date->mark, "%s %s is not on a %s step "
                               "boundary (steps start at %s)", what, got,
                               ts_step_name(sc->step_months), a);
        *step = date->month < sc->start
                    ? SIZE_MAX
                    : (size_t)((date->month - sc->start) / sc->step_months);
    }
    if (*step > last) {
        if (stock_date)
            return ts_diag_add(d, date->mark, "%s %s is outside the run, %s "
                               "to %s (steps 0 to %zu)", what, got, a, b,
                               last);
        return ts_diag_add(d, date->mark, "%s %s is not a step of the run: "
                           "steps start from %s to %s (0 to %zu)", what, got,
                           a, b, last);
    }
    return TS_OK;
}

ts_status ts_dated_span(const ts_scenario *sc, const ts_dated *pair,
                        ts_mark mark, const char *what, bool first_runs,
                        size_t *from, size_t *to, ts_diags *d)
{
    char start[64], end[64];
    snprintf(start, sizeof start, "%s start", what);
    snprintf(end, sizeof end, "%s end", what);
    if (ts_dated_step(sc, &pair[0], start, !first_runs, from, d) != TS_OK ||
        ts_dated_step(sc, &pair[1], end, true, to, d) != TS_OK)
        return TS_EINPUT;
    if (*to <= *from)
        return ts_diag_add(d, mark, "%s must end after it starts: [first, "
                           "end) with end later than first", what);
    return TS_OK;
}

/* Ids are used in parameter paths (pools.ID.FIELD) and CSV cells: a
 * letter or '_' first, then letters, digits, '_' or '-'. */
bool ts_valid_id(const char *id)
{
    if (!isalpha((unsigned char)id[0]) && id[0] != '_')
        return false;
    for (const char *s = id; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

