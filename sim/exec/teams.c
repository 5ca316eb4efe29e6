#include "sim/exec/teams.h"

#include <gsl/gsl_matrix.h>

bool ts_team_any(const ts_exec_model *m)
{
    for (size_t e = 0; m && e < m->n; e++)
        if (m->team_size[e] > 0)
            return true;
    return false;
}

/* The followers of cohort c's members if they first move after as_of:
 * from the pool they started in (they have not moved) to each B != it,
 * outside, in every step, spread over the `over` steps that follow. */
static void expected_transfers(const ts_exec_model *m, const ts_cohort *c,
                               double *transfers)
{
    size_t n = m->K + 1, e = c->entity, s = c->pool, over = m->team_over[e];
    double per_step = (double)c->count * m->team_size[e] / (double)over;
    double stayed = 1; /* P(no move in steps before k) */
    for (size_t k = m->cohorts->begin; k < m->steps; k++) {
        const gsl_matrix *P = ts_exec_chain_at(m, e, k)->P;
        for (size_t b = 0; b + 1 < n; b++) {
            if (b == s)
                continue;
            double first = stayed * gsl_matrix_get(P, s, b) * per_step;
            for (size_t j = k + 1; j <= k + over && j < m->steps; j++)
                transfers[(j * n + s) * n + b] += first;
        }
        stayed *= gsl_matrix_get(P, s, s);
    }
}

/* The followers of a first move the record holds: certain (SPEC section
 * 8). */
static void recorded_transfers(const ts_exec_model *m, const ts_cohort *c,
                               const ts_cohort_move *mv, double *transfers)
{
    size_t n = m->K + 1, over = m->team_over[c->entity];
    if (mv->to == m->K)
        return; /* out of the field: no team follows */
    double per_step =
        (double)c->count * m->team_size[c->entity] / (double)over;
    for (size_t j = mv->step + 1; j <= mv->step + over && j < m->steps; j++)
        transfers[(j * n + mv->from) * n + mv->to] += per_step;
}

void ts_team_transfers(const ts_exec_model *m, double *transfers)
{
    const ts_cohorts *cs = m->cohorts;
    for (size_t i = 0; i < cs->n; i++) {
        const ts_cohort *c = &cs->items[i];
        const ts_cohort_move *first = ts_cohort_first_move(cs, c);
        if (m->team_size[c->entity] <= 0)
            continue;
        if (first)
            recorded_transfers(m, c, first, transfers);
        else
            expected_transfers(m, c, transfers);
    }
}
