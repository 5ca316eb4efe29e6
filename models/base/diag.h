/* Diagnostics: errors with a place (file, line, column), collected on a
 * list by library code and printed only by the command line, in the form
 * FILE:LINE:COL: error: MESSAGE (libyaml's problem_mark, jq's locfile). */
#ifndef TS_DIAG_H
#define TS_DIAG_H

#include <stddef.h>

#define TS_DIAG_MSG_MAX 400
/* Beyond this many errors further ones are counted but not kept: a broken
 * file should not bury the first, most useful messages. */
#define TS_DIAG_KEEP_MAX 20

/* A position in an input. file points to a string owned elsewhere (the
 * scenario's source name list), so marks are cheap to copy. line and col
 * are 1-based; 0 means "no position" (e.g. a command-line value). */
typedef struct ts_mark {
    const char *file;
    size_t line;
    size_t col;
} ts_mark;

#define TS_DIAG_FILE_MAX 1024

/* A kept diagnostic owns a copy of its file name: the scenario its mark
 * pointed into may be gone by the time it is printed. */
typedef struct ts_diag {
    ts_mark mark;            /* line and col; the name is in file */
    char file[TS_DIAG_FILE_MAX];
    char message[TS_DIAG_MSG_MAX];
} ts_diag;

/* talentsim.h's opaque talentsim_diagnostics is this. */
typedef struct talentsim_diagnostics {
    ts_diag items[TS_DIAG_KEEP_MAX];
    size_t count;   /* kept */
    size_t total;   /* reported, including those not kept */
    size_t runtime; /* of them, failures of the run, not of the input
                       (memory, I/O): a status flattened to TS_EINPUT on
                       the way up is still a runtime failure (exit 1) */
} ts_diags;

/* Status codes of the library. */
typedef enum ts_status {
    TS_OK = 0,
    TS_EINPUT,    /* bad input: the diags say where */
    TS_ERUNTIME,  /* a failure while running (I/O, numerics, memory) */
    TS_ECANCEL    /* interrupted by the user */
} ts_status;

/* A mark with no place in any file (ts_diag_runtime's failures use it),
 * and the mark of the command line's own mistakes; both printed
 * "talentsim: error: ...". */
extern const ts_mark ts_nowhere;
extern const ts_mark ts_usage_mark;

void ts_diags_init(ts_diags *d);

/* Records an error at mark; printf-style message. Returns TS_EINPUT so
 * callers can write `return ts_diag_add(...)`. */
ts_status ts_diag_add(ts_diags *d, ts_mark mark, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a failure of the run itself, with no place in the input
 * (printed "talentsim: error: ..."); returns TS_ERUNTIME. */
ts_status ts_diag_runtime(ts_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ts_diag_runtime(d, "out of memory"). */
ts_status ts_diag_nomem(ts_diags *d);

/* st as the caller should see it: a failure that recorded a runtime
 * diagnostic is TS_ERUNTIME whatever status carried it up. */
ts_status ts_diag_status(const ts_diags *d, ts_status st);

/* Formats diagnostic i as "FILE:LINE:COL: error: MESSAGE" into buf. */
void ts_diag_format(const ts_diag *diag, char *buf, size_t size);

#endif
