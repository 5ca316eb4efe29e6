#include "models/checks.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "models/validate.h"

ts_status ts_check_param(const ts_param *p, const char *key,
                         const ts_range *r, ts_diags *d)
{
    char range[64];
    if (!p->given)
        return TS_OK;
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
    return ts_check_param(&s->share, "a share", &ts_share_field.range, d);
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
    if (names_outside && fabs(sum - 1) > TS_SHARE_SUM_TOL)
        return ts_diag_add(d, shares->mark, "shares in %s sum to %.10g; when "
                           "'outside' is named they must sum to 1",
                           owner->where, sum);
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

