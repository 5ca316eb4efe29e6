/* What a run says about its shocks: shocks.csv (id, the probability that
 * the shock starts by the horizon, its expected start if it does),
 * shocks_start.csv (the probability of starting in each step of the
 * window, and by it), and the summary lines on stdout. All exact, from
 * the start law of sim/engine/shock_starts.h with the chances' means. */
#ifndef TS_SHOCK_REPORT_H
#define TS_SHOCK_REPORT_H

#include <stdio.h>

#include "models/scenario/scenario.h"
#include "sim/engine/shock_starts.h"

/* shocks.csv: id,label,p_start_by_horizon,expected_start (YYYY-MM, the
 * month nearest the expected start given that it starts; empty when it
 * cannot start). */
void ts_shock_write_csv(FILE *f, const ts_scenario *sc,
                        const ts_shock_starts *s);

/* shocks_start.csv: id,step,date,p_start,p_started_by (the probability
 * of starting in that step, and in it or before). */
void ts_shock_write_starts_csv(FILE *f, const ts_scenario *sc,
                               const ts_shock_starts *s);

/* One line per shock: its chance of starting by the horizon. */
void ts_shock_print_summary(FILE *out, const ts_scenario *sc,
                            const ts_shock_starts *s);

#endif
