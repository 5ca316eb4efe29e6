/* report.html (SPEC section 6): one self-contained file someone who never
 * runs talentsim can read and print. Every chart is embedded as SVG (no
 * image files, no network, no script); with it the run's summary, the
 * assumptions (value or distribution, with the SEED/ASSUMPTION comment
 * the scenario file gives on that line), the events and shocks, the
 * executives and predictions with how each probability was computed, and
 * what moves each pool most (a tornado of every uncertain assumption).
 * Styled for the screen and for A4 paper. */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "models/scenario/scenario.h"
#include "sim/output/outdir.h"
#include "sim/talentsim.h"

/* A run's results (sim/mc/results.h), opaque here: the command line has
 * them as talentsim.h's talentsim_run. */
typedef struct talentsim_run ts_results;
#include "sim/studies/tornado.h"

typedef struct ts_report_input {
    const ts_scenario *sc;
    const ts_results *r;
    const char *scenario_path;
    const ts_tornado *drivers;   /* the run's tornado at the horizon, or
                                    NULL when none was computed */
    unsigned charts;             /* which charts the run draws */
    bool draw;                   /* gnuplot may be run (not --no-plots) */
    const volatile sig_atomic_t *cancel;
} ts_report_input;

/* Writes report.html into the output directory being written (its
 * charts drawn as SVG there with gnuplot, then read in and removed).
 * Without gnuplot the report says how to get its charts. */
ts_status ts_report_write(ts_outdir *o, const ts_report_input *in,
                          ts_diags *d);

/* Draws charts as SVG for a report: `write` writes their gnuplot script
 * (drawing SVG) into report_charts.gp in the output directory's
 * temporary directory, gnuplot runs there, and the script is removed.
 * False when it could not be written or gnuplot is missing or failed. */
typedef bool (*ts_svg_script_fn)(FILE *f, void *ctx, ts_diags *d);

/* How much larger a report's charts write their text than the PNGs: a
 * chart 1280 points wide is shown in a page about 700 wide. A script
 * for the report begins with font_scale = this. */
#define TS_REPORT_FONT_SCALE 1.4
bool ts_report_draw_svgs(ts_outdir *o, ts_svg_script_fn write, void *ctx,
                         const volatile sig_atomic_t *cancel, ts_diags *d);

/* The pieces, for reports of other commands (compare): the page's head
 * and title, a chart's SVG of the temporary directory inline (removed
 * after when `remove`), text escaped for HTML, the page's end. */
void ts_report_begin(FILE *out, const char *title);
bool ts_report_figure(FILE *out, ts_outdir *o, const char *name,
                      const char *caption, bool remove);
void ts_report_text(FILE *f, const char *s);
void ts_report_end(FILE *out);

#endif
