#include "sim/mc/flow_sums.h"

#include <string.h>

void ts_flow_sum_projected(const ts_projection *p, const ts_timeline *t,
                           size_t k0, size_t k1, double *out)
{
    size_t n = p->n;
    memset(out, 0, n * n * sizeof *out);
    for (size_t k = k0; k < k1; k++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                if (i != j)
                    out[i * n + j] += ts_projection_flow(p, t, k, i, j);
}

void ts_flow_sum_mc(const ts_mc_result *mc, size_t k0, size_t k1,
                    double *out)
{
    size_t n = mc->n;
    for (size_t c = 0; c < n * n; c++) {
        uint64_t total = 0;
        for (size_t k = k0; k < k1; k++)
            total += mc->flow_sum[k * n * n + c];
        out[c] = c / n == c % n ? 0.0 : (double)total / (double)mc->runs;
    }
}

static size_t steps_per_year(const ts_scenario *sc)
{
    return (size_t)(12 / sc->step_months);
}

size_t ts_year_periods(const ts_scenario *sc)
{
    size_t per = steps_per_year(sc);
    return (sc->horizon + per - 1) / per;
}

void ts_year_period_steps(const ts_scenario *sc, size_t period, size_t *k0,
                          size_t *k1)
{
    size_t per = steps_per_year(sc);
    *k0 = period * per;
    *k1 = *k0 + per < sc->horizon ? *k0 + per : sc->horizon;
}

ts_pool_balance ts_pool_balance_of(const ts_projection *p, const double *sum,
                                   size_t k0, size_t k1, size_t pool)
{
    size_t n = p->n, outside = n - 1;
    ts_pool_balance b = {
        .start = p->stock[k0 * n + pool],
        .end = p->stock[k1 * n + pool],
        .entrants = sum[outside * n + pool],
        .left_field = sum[pool * n + outside]};
    for (size_t i = 0; i < outside; i++) {
        if (i == pool)
            continue;
        b.transfers_in += sum[i * n + pool];
        b.transfers_out += sum[pool * n + i];
    }
    return b;
}
