/* Running the external gnuplot program on a script. gnuplot is found on
 * PATH at run time; it is not linked. */
#ifndef TS_GNUPLOT_H
#define TS_GNUPLOT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "models/base/diag.h"

typedef struct ts_gnuplot_result {
    bool missing;       /* no gnuplot on PATH: nothing was run */
    bool failed;        /* gnuplot ran and exited with an error */
    char messages[4096];/* what gnuplot wrote on stderr (warnings too),
                           trimmed; the end is kept when it is longer */
} ts_gnuplot_result;

/* Runs `gnuplot script` with dir as working directory, so that the
 * script's relative paths name files in dir. When *cancel is raised
 * while it runs (a signal interrupts the wait), gnuplot is stopped.
 * TS_ERUNTIME (with a message in d) only when gnuplot could not be
 * started; its own failures are reported in *result. */
ts_status ts_gnuplot_run(const char *dir, const char *script,
                         const volatile sig_atomic_t *cancel,
                         ts_gnuplot_result *result, ts_diags *d);

#endif
