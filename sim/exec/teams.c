#include "sim/exec/teams.h"

#include <gsl/gsl_matrix.h>

bool ts_team_any(const ts_exec_model *m)
{
    for (size_t e = 0; m && e < m->n; e++)
        if (m->team_size[e] > 0)
            return true;
    return false;
}

/* Entity e's first moves: from its start s to each B != s, outside, in
 * every step, spread over the `over` steps that follow. */
static void entity_transfers(const ts_exec_model *m, size_t e,
                             double *transfers)
{
    size_t n = m->K + 1, s = m->start[e], over = m->team_over[e];
    double per_step = (double)m->count[e] * m->team_size[e] / (double)over;
    double stayed = 1; /* P(no move in steps before k) */
    for (size_t k = 0; k < m->steps; k++) {
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

void ts_team_transfers(const ts_exec_model *m, double *transfers)
{
    for (size_t e = 0; e < m->n; e++)
        if (m->team_size[e] > 0)
            entity_transfers(m, e, transfers);
}
