#include "sim/csv_out.h"

#include <math.h>

void ts_csv_number(FILE *f, double x)
{
    if (isnan(x))
        return;
    if (isinf(x))
        fputs(x > 0 ? "inf" : "-inf", f);
    else
        fprintf(f, "%.12g", x == 0 ? 0.0 : x); /* no "-0" */
}

const char *ts_pool_name(const ts_scenario *sc, size_t i)
{
    return i < sc->n_pools ? sc->pools[i].id : TS_OUTSIDE_ID;
}

void ts_csv_write_stocks(FILE *f, const ts_scenario *sc,
                         const ts_projection *p, const ts_mc_stats *stats)
{
    char date[16];
    double dt = ts_scenario_dt(sc);
    fputs("step,date,years,pool,deterministic,mean,sd,p05,p25,p50,p75,p95\n",
          f);
    for (size_t k = 0; k <= p->steps; k++) {
        ts_month_format(ts_scenario_step_month(sc, k), date, sizeof date);
        for (size_t j = 0; j < p->n; j++) {
            size_t cell = k * p->n + j;
            fprintf(f, "%zu,%s,", k, date);
            ts_csv_number(f, (double)k * dt);
            fprintf(f, ",%s,", ts_pool_name(sc, j));
            ts_csv_number(f, p->stock[cell]);
            if (stats) {
                fputc(',', f);
                ts_csv_number(f, stats->mean[cell]);
                fputc(',', f);
                ts_csv_number(f, stats->sd[cell]);
                for (size_t q = 0; q < TS_N_QUANTILES; q++) {
                    fputc(',', f);
                    ts_csv_number(f, stats->q[q][cell]);
                }
            } else {
                fputs(",,,,,,,", f);
            }
            fputc('\n', f);
        }
    }
}

void ts_csv_write_flows(FILE *f, const ts_scenario *sc, const ts_timeline *t,
                        const ts_projection *p, const ts_mc_result *mc)
{
    char date[16];
    size_t n = p->n;
    fputs("step,date,from,to,deterministic,mean\n", f);
    for (size_t k = 0; k < p->steps; k++) {
        ts_month_format(ts_scenario_step_month(sc, k), date, sizeof date);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                if (i == j)
                    continue;
                double det = ts_projection_flow(p, t, k, i, j);
                double mean = NAN;
                if (mc)
                    mean = (double)mc->flow_sum[(k * n + i) * n + j] /
                           (double)mc->runs;
                if (det == 0 && (!mc || mean == 0))
                    continue;
                fprintf(f, "%zu,%s,%s,%s,", k, date, ts_pool_name(sc, i),
                        ts_pool_name(sc, j));
                ts_csv_number(f, det);
                fputc(',', f);
                ts_csv_number(f, mean);
                fputc('\n', f);
            }
    }
}

void ts_csv_write_steady(FILE *f, const ts_scenario *sc, const ts_steady *s)
{
    fputs("pool,steady_headcount,mean_stay_years\n", f);
    for (size_t i = 0; i < s->K; i++) {
        fprintf(f, "%s,", ts_pool_name(sc, i));
        ts_csv_number(f, s->exists ? s->headcount[i] : NAN);
        fputc(',', f);
        ts_csv_number(f, s->mean_stay[i]);
        fputc('\n', f);
    }
}
