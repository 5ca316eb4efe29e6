/* Writing a command's output directory: its files into a temporary
 * directory, its charts drawn there by gnuplot, then everything renamed
 * into place together (sim/output/outdir.h). Reports what became of the charts:
 * drawn, gnuplot missing (a one-line notice), or gnuplot failed (its own
 * message, exit status 1, the data kept). */
#ifndef TS_OUTPUTS_H
#define TS_OUTPUTS_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "models/base/diag.h"
#include "sim/output/outdir.h"
#include "sim/output/run_record.h"

/* Writes one file's contents; TS_ERUNTIME with a message when it cannot
 * (out of memory). ctx is the command's results. */
typedef ts_status (*ts_file_writer)(FILE *f, const void *ctx, ts_diags *d);

typedef struct ts_output_file {
    const char *name;
    ts_file_writer write;
    /* At most how many bytes the writer will write (NULL: a file whose
     * size the scenario's limits keep small), so that the total is
     * known before anything is written. */
    double (*estimate)(const void *ctx);
} ts_output_file;

/* What one command may write, unless --max-output says otherwise
 * (README, Limits): a small file must not fill the disk. */
#define TS_DEFAULT_MAX_OUTPUT (1024.0 * 1024 * 1024)

#define TS_MAX_IMAGES 16

typedef struct ts_output_plan {
    const char *dir;
    const ts_output_file *files;   /* charts.gp among them, if any */
    size_t n_files;
    const char *images[TS_MAX_IMAGES];  /* what charts.gp draws */
    size_t n_images;
    bool render;                   /* run gnuplot (not --no-plots) */
    const char *const *owned;      /* NULL-terminated: stale ones go */
    /* After the files and charts, before the commit: more that reads
     * them (the report); NULL: none. */
    ts_status (*finish)(ts_outdir *o, const void *ctx, ts_diags *d);
    /* What made it, written as run.yaml beside the files; NULL: none */
    const ts_run_record *record;
} ts_output_plan;

/* Where the command's messages go and whether it was interrupted. */
typedef struct ts_output_env {
    FILE *err;
    bool quiet;
    const volatile sig_atomic_t *cancel;
    /* raised while a temporary directory exists: a signal then only
     * raises *cancel, and the writing stops and removes it (NULL: the
     * handler never ends the process) */
    volatile sig_atomic_t *hold;
    bool skip;          /* not this process's to write (an MPI rank > 0) */
    double max_bytes;   /* what the files may weigh; 0: the default */
} ts_output_env;

/* What became of the outputs. */
typedef struct ts_output_outcome {
    bool committed;   /* the files are in place */
    bool drawn;       /* and so are the images */
} ts_output_outcome;

/* The error of an interrupted write: the previous results are untouched,
 * or, when the directory is new, nothing was written (the directories
 * made for it are removed again). Returns TS_ECANCEL. */
/* "wrote DIR/: FILE... run.yaml IMAGE... report.html": what a committed
 * plan put in its directory (the images only when drawn). */
void ts_outputs_print_written(FILE *out, const ts_output_plan *plan,
                              const ts_output_outcome *done);

ts_status ts_outputs_interrupted(const char *dir, ts_diags *d);

/* Writes plan's files, draws its charts and commits. TS_ECANCEL when
 * interrupted (nothing changed), TS_ERUNTIME when a file could not be
 * written (nothing changed) or when gnuplot failed (the files were
 * committed without images). */
ts_status ts_write_outputs(const ts_output_plan *plan, const void *ctx,
                           const ts_output_env *env, ts_output_outcome *out,
                           ts_diags *d);

#endif
