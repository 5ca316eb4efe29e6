/* Writing charts.gp: a gnuplot script that draws the charts from the CSV
 * files beside it, by relative path, so that a user can edit it and run
 * `gnuplot charts.gp` again. It starts with the variables of the run
 * (scenario name, pools, axes), then the shared style of plots/common.gp,
 * then one template of plots/ per chart. The templates are compiled into
 * the binary (sim/output/plot_templates.h). */
#ifndef TS_CHARTS_H
#define TS_CHARTS_H

#include <stdio.h>

#include "models/scenario/chart_options.h"
#include "models/scenario/scenario.h"
#include "sim/output/gp_text.h"

#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;

/* What every chart shares: its title, x axis and y units. */
typedef struct ts_chart_frame {
    const char *title;      /* the scenario name */
    ts_month first, last;   /* dates of the first and last stock */
    double max_people;      /* largest number drawn: people or thousands */
    ts_image_format format;
} ts_chart_frame;

/* Writes the script's header, the frame's variables and the shared
 * style. Variables of particular charts follow, then ts_charts_write_chart
 * for each chart. */
void ts_charts_write_head(FILE *f, const ts_chart_frame *frame);

/* Appends the chart drawn by plots/NAME.gp from data into NAME.png or
 * NAME.svg. False when there is no such template (a build error). */
bool ts_charts_write_chart(FILE *f, const char *name, const char *data,
                           const char *what);

/* Image file name of chart NAME in format: "NAME.png" */
void ts_chart_image_name(const char *name, ts_image_format format, char *buf,
                         size_t size);

/* Named executives the executives chart draws, in file order (the rest
 * are in executives_destinations.csv). */
#define TS_CHART_NAMED 50

/* The top of a chart's scale for pool of a run: its largest
 * deterministic headcount or p95 over the steps. */
double ts_charts_pool_top(const ts_results *r, size_t pool);

/* The charts of a run: the scenario's selection, without the fan when
 * there are no Monte Carlo runs. */
unsigned ts_charts_for_run(const ts_scenario *sc);

/* Writes the variables of the run charts and then every chart of the
 * set `charts`, for r, a run of sc. */
bool ts_charts_write_run_script(FILE *f, const ts_scenario *sc,
                                unsigned charts, const ts_results *r);

#endif
