/* Writing results so that a failed or interrupted run leaves the previous
 * results untouched: files are written into a fresh temporary directory
 * inside the output directory and renamed into place only once all of
 * them were written completely. */
#ifndef TS_OUTDIR_H
#define TS_OUTDIR_H

#include <stdbool.h>
#include <stdio.h>

#include "models/base/diag.h"

typedef struct ts_outdir ts_outdir;

/* Creates dir (and parents) if needed and a temporary directory in it. */
ts_status ts_outdir_begin(const char *dir, ts_outdir **out, ts_diags *d);

/* Opens name for writing in the temporary directory; NULL on error. */
FILE *ts_outdir_open(ts_outdir *o, const char *name, ts_diags *d);

/* Closes f, reporting write errors (a full disk) as TS_ERUNTIME. */
ts_status ts_outdir_close(ts_outdir *o, FILE *f, const char *name,
                          ts_diags *d);

/* Path of the temporary directory (for programs that write there). */
const char *ts_outdir_tmp_path(const ts_outdir *o);

/* Records a file written into the temporary directory by someone else. */
ts_status ts_outdir_adopt(ts_outdir *o, const char *name, ts_diags *d);

/* Moves every written file into place. Files in `owned` (NULL-terminated)
 * that this run did not write are removed, so that no stale output of an
 * earlier run is left beside new results. Frees o. */
ts_status ts_outdir_commit(ts_outdir *o, const char *const *owned,
                           ts_diags *d);

/* Removes the temporary directory and everything in it. Frees o. */
void ts_outdir_abort(ts_outdir *o);

#endif
