#include "models/base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const ts_mark ts_nowhere = {NULL, 0, 0};
const ts_mark ts_usage_mark = {"talentsim", 0, 0};

void ts_diags_init(ts_diags *d) { memset(d, 0, sizeof *d); }

static void add(ts_diags *d, ts_mark mark, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void add(ts_diags *d, ts_mark mark, const char *fmt, va_list ap)
{
    d->total++;
    if (d->count < TS_DIAG_KEEP_MAX) {
        ts_diag *item = &d->items[d->count++];
        item->mark = mark;
        snprintf(item->file, sizeof item->file, "%s",
                 mark.file ? mark.file : "talentsim");
        item->mark.file = NULL; /* the copy in item->file is the one */
        vsnprintf(item->message, sizeof item->message, fmt, ap);
    }
}

ts_status ts_diag_add(ts_diags *d, ts_mark mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, mark, fmt, ap);
    va_end(ap);
    return TS_EINPUT;
}

ts_status ts_diag_runtime(ts_diags *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, ts_nowhere, fmt, ap);
    va_end(ap);
    d->runtime++;
    return TS_ERUNTIME;
}

ts_status ts_diag_nomem(ts_diags *d)
{
    /* one message is enough, however many callers on the way up meet
     * the same failure */
    if (d->runtime > 0 && d->count > 0 &&
        strcmp(d->items[d->count - 1].message, "out of memory") == 0) {
        d->runtime++;
        return TS_ERUNTIME;
    }
    return ts_diag_runtime(d, "out of memory");
}

ts_status ts_diag_status(const ts_diags *d, ts_status st)
{
    return st != TS_OK && st != TS_ECANCEL && d->runtime > 0 ? TS_ERUNTIME
                                                            : st;
}

void ts_diag_format(const ts_diag *diag, char *buf, size_t size)
{
    const ts_mark *m = &diag->mark;
    const char *file = diag->file;
    if (m->line > 0)
        snprintf(buf, size, "%s:%zu:%zu: error: %s", file, m->line, m->col,
                 diag->message);
    else
        snprintf(buf, size, "%s: error: %s", file, diag->message);
}
