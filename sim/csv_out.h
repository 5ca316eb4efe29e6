/* The CSV files of SPEC section 4: header row, '.' decimal point, at
 * least 10 significant digits (we write 12), dates YYYY-MM, `outside` as
 * a pool id. Writers only format; sim/outdir.h decides where. */
#ifndef TS_CSV_OUT_H
#define TS_CSV_OUT_H

#include <stdio.h>

#include "models/scenario.h"
#include "sim/mc_stats.h"
#include "sim/montecarlo.h"
#include "sim/project.h"
#include "sim/steady.h"
#include "sim/timeline.h"

/* Writes one number as CSV: 12 significant digits, empty for NaN. */
void ts_csv_number(FILE *f, double x);

/* Pool id of index i (K is outside). */
const char *ts_pool_name(const ts_scenario *sc, size_t i);

/* stats may be NULL (runs = 0): the Monte Carlo columns are left empty. */
void ts_csv_write_stocks(FILE *f, const ts_scenario *sc,
                         const ts_projection *p, const ts_mc_stats *stats);

/* mc may be NULL (runs = 0). Rows whose flows are all zero are left out. */
void ts_csv_write_flows(FILE *f, const ts_scenario *sc, const ts_timeline *t,
                        const ts_projection *p, const ts_mc_result *mc);

void ts_csv_write_steady(FILE *f, const ts_scenario *sc, const ts_steady *s);

#endif
