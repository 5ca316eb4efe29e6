/* A progress bar on a terminal for runs that last over a second. */
#ifndef TS_PROGRESS_H
#define TS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

typedef struct ts_progress {
    FILE *out;
    bool enabled;        /* a terminal, and not --quiet */
    bool drawn;
    struct timespec start;
    const char *what;
} ts_progress;

void ts_progress_init(ts_progress *p, FILE *out, bool enabled,
                      const char *what);

/* Matches ts_progress_fn: draws the bar once a second has passed. */
void ts_progress_update(void *ctx, size_t done, size_t total);

/* Clears the bar if one was drawn. */
void ts_progress_finish(ts_progress *p);

#endif
