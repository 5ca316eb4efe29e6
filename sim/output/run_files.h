/* The files a run writes, as a plan for ts_write_outputs
 * (sim/output/outputs.h): the run command's (stocks.csv ... charts.gp, the
 * images, report.html) and the steady command's. */
#ifndef TS_RUN_FILES_H
#define TS_RUN_FILES_H

#include <signal.h>
#include <stdbool.h>

#include "models/scenario/chart_options.h"
#include "models/scenario/scenario.h"
#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;
#include "sim/output/outputs.h"
#include "sim/studies/tornado.h"

/* Every file a run may write (13), and the images of its charts. */
#define TS_RUN_FILES_MAX 16

/* What the files are written from (set by the caller), and the storage
 * the plan points into: it must outlive the plan. */
typedef struct ts_run_files {
    const ts_scenario *sc;
    const ts_results *r;
    unsigned charts;           /* the charts drawn (ts_charts_for_run) */
    const char *path;          /* the scenario file, for the report */
    const ts_tornado *drivers; /* the summary's and the report's tornado */
    bool draw;                 /* gnuplot may run */
    const volatile sig_atomic_t *cancel;
    /* filled by the plans */
    ts_output_file files[TS_RUN_FILES_MAX];
    char image[TS_N_CHART_KINDS][32];
    char owned_image[2 * TS_N_CHART_KINDS][32];
    const char *owned[TS_RUN_FILES_MAX + 2 * TS_N_CHART_KINDS + 2];
} ts_run_files;

/* The run command's plan into dir: render runs gnuplot, report writes
 * report.html after the files. The writers' context is rf. */
void ts_run_files_plan(ts_run_files *rf, const char *dir, bool render,
                       bool report, ts_output_plan *plan);

/* The steady command's: steady.csv, and target.csv with a target. */
void ts_steady_files_plan(ts_run_files *rf, const char *dir,
                          ts_output_plan *plan);

#endif
