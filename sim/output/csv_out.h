/* The CSV files of SPEC section 4: header row, '.' decimal point, at
 * least 10 significant digits (we write 12), dates YYYY-MM, `outside` as
 * a pool id. Writers only format; sim/output/outdir.h decides where. */
#ifndef TS_CSV_OUT_H
#define TS_CSV_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "models/scenario/scenario.h"
#include "sim/output/csv_text.h"
#include "sim/mc/mc_stats.h"
#include "sim/mc/montecarlo.h"
#include "sim/engine/project.h"
#include "sim/engine/steady.h"
#include "sim/studies/steady_target.h"
#include "sim/engine/timeline.h"

/* stats may be NULL (runs = 0): the Monte Carlo columns are left empty. */
void ts_csv_write_stocks(FILE *f, const ts_scenario *sc,
                         const ts_projection *p, const ts_mc_stats *stats);

/* mc may be NULL (runs = 0). Rows whose flows are all zero are left out. */
void ts_csv_write_flows(FILE *f, const ts_scenario *sc, const ts_timeline *t,
                        const ts_projection *p, const ts_mc_result *mc);

/* flows_total.csv: from,to,deterministic,mean summed over the horizon,
 * every pair i != j except outside -> outside, zeros included (the heat
 * map needs every cell). mc may be NULL. Returns false when out of
 * memory. */
bool ts_csv_write_flows_total(FILE *f, const ts_scenario *sc,
                              const ts_timeline *t, const ts_projection *p,
                              const ts_mc_result *mc);

/* net_yearly.csv: period,from,to,pool,start,end,net,entrants,
 * transfers_in,transfers_out,left_field per twelve-month period and pool
 * (deterministic). Returns false when out of memory. */
bool ts_csv_write_net_yearly(FILE *f, const ts_scenario *sc,
                             const ts_timeline *t, const ts_projection *p);

void ts_csv_write_steady(FILE *f, const ts_scenario *sc, const ts_steady *s);

/* target.csv: pool,target,required_inflow,attainable (the header alone
 * when not every pool has a target). */
void ts_csv_write_steady_target(FILE *f, const ts_scenario *sc,
                                const ts_steady_target *t);

#endif
