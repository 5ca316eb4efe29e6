/* Drawing the charts of an output directory being written: runs gnuplot
 * on charts.gp inside the temporary directory (sim/output/outdir.h), so the
 * images are committed together with the CSV files they come from, and
 * takes the images it wrote. */
#ifndef TS_RENDER_H
#define TS_RENDER_H

#include <stddef.h>

#include "sim/output/gnuplot.h"
#include "sim/output/outdir.h"

/* Runs gnuplot on charts.gp in o and adopts the n images named. When
 * gnuplot is missing or fails (res->missing, res->failed) the status is
 * still TS_OK and no image is kept, so that the caller can commit the
 * data and report. An image gnuplot did not write counts as a failure. */
ts_status ts_render_charts(ts_outdir *o, const char *const *images, size_t n,
                           const volatile sig_atomic_t *cancel,
                           ts_gnuplot_result *res, ts_diags *d);

#endif
