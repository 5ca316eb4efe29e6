#include "sim/output/csv_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mc/flow_sums.h"
#include "sim/output/csv_text.h"

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
                ts_csv_cell(f, stats->mean[cell]);
                ts_csv_cell(f, stats->sd[cell]);
                for (size_t q = 0; q < TS_N_QUANTILES; q++) {
                    ts_csv_cell(f, stats->q[q][cell]);
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
                ts_csv_cell(f, mean);
                fputc('\n', f);
            }
    }
}

bool ts_csv_write_flows_total(FILE *f, const ts_scenario *sc,
                              const ts_timeline *t, const ts_projection *p,
                              const ts_mc_result *mc)
{
    size_t n = p->n;
    double *det = malloc(n * n * sizeof *det);
    double *mean = malloc(n * n * sizeof *mean);
    if (!det || !mean) {
        free(det);
        free(mean);
        return false;
    }
    ts_flow_sum_projected(p, t, 0, p->steps, det);
    if (mc)
        ts_flow_sum_mc(mc, 0, mc->steps, mean);
    fputs("from,to,deterministic,mean\n", f);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            double row[2] = {det[i * n + j], mc ? mean[i * n + j] : NAN};
            fprintf(f, "%s,%s", ts_pool_name(sc, i), ts_pool_name(sc, j));
            ts_csv_cells(f, row, 2);
            fputc('\n', f);
        }
    free(det);
    free(mean);
    return true;
}

bool ts_csv_write_net_yearly(FILE *f, const ts_scenario *sc,
                             const ts_timeline *t, const ts_projection *p)
{
    size_t n = p->n;
    double *sum = malloc(n * n * sizeof *sum);
    if (!sum)
        return false;
    fputs("period,from,to,pool,start,end,net,entrants,transfers_in,"
          "transfers_out,left_field\n", f);
    for (size_t y = 0; y < ts_year_periods(sc); y++) {
        size_t k0, k1;
        char from[16], to[16];
        ts_year_period_steps(sc, y, &k0, &k1);
        ts_flow_sum_projected(p, t, k0, k1, sum);
        ts_month_format(ts_scenario_step_month(sc, k0), from, sizeof from);
        ts_month_format(ts_scenario_step_month(sc, k1), to, sizeof to);
        for (size_t j = 0; j + 1 < n; j++) {
            ts_pool_balance b = ts_pool_balance_of(p, sum, k0, k1, j);
            double row[7] = {b.start, b.end, b.end - b.start, b.entrants,
                             b.transfers_in, b.transfers_out, b.left_field};
            fprintf(f, "%zu,%s,%s,%s", y + 1, from, to, ts_pool_name(sc, j));
            ts_csv_cells(f, row, 7);
            fputc('\n', f);
        }
    }
    free(sum);
    return true;
}

void ts_csv_write_steady(FILE *f, const ts_scenario *sc, const ts_steady *s)
{
    fputs("pool,steady_headcount,mean_stay_years\n", f);
    for (size_t i = 0; i < s->K; i++) {
        fprintf(f, "%s,", ts_pool_name(sc, i));
        ts_csv_number(f, s->exists ? s->headcount[i] : NAN);
        ts_csv_cell(f, s->mean_stay[i]);
        fputc('\n', f);
    }
}

void ts_csv_write_steady_target(FILE *f, const ts_scenario *sc,
                                const ts_steady_target *t)
{
    fputs("pool,target,required_inflow,attainable\n", f);
    for (size_t j = 0; t->complete && j < t->K; j++) {
        fprintf(f, "%s,", ts_pool_name(sc, j));
        ts_csv_number(f, t->target[j]);
        ts_csv_cell(f, t->required[j]);
        fprintf(f, ",%s\n", ts_steady_target_negative(t, j) ? "no" : "yes");
    }
}
