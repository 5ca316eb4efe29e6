#include "models/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const ts_mark ts_nowhere = {NULL, 0, 0};
const ts_mark ts_usage_mark = {"talentsim", 0, 0};

void ts_diags_init(ts_diags *d) { memset(d, 0, sizeof *d); }

ts_status ts_diag_add(ts_diags *d, ts_mark mark, const char *fmt, ...)
{
    d->total++;
    if (d->count < TS_DIAG_KEEP_MAX) {
        ts_diag *item = &d->items[d->count++];
        va_list ap;
        item->mark = mark;
        snprintf(item->file, sizeof item->file, "%s",
                 mark.file ? mark.file : "talentsim");
        item->mark.file = NULL; /* the copy in item->file is the one */
        va_start(ap, fmt);
        vsnprintf(item->message, sizeof item->message, fmt, ap);
        va_end(ap);
    }
    return TS_EINPUT;
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
