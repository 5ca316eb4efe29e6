#include "sim/cli/progress.h"
#include "sim/output/terminal.h"

/* Below this the bar would only flicker. */
#define TS_PROGRESS_DELAY_S 1.0
#define TS_PROGRESS_WIDTH 30

void ts_progress_init(ts_progress *p, FILE *out, bool enabled,
                      const char *what)
{
    p->out = out;
    p->enabled = enabled;
    p->drawn = false;
    p->what = what;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
}

static double elapsed(const ts_progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->start.tv_sec) +
           (double)(now.tv_nsec - p->start.tv_nsec) * 1e-9;
}

void ts_progress_update(void *ctx, size_t done, size_t total)
{
    ts_progress *p = ctx;
    if (!p->enabled || total == 0)
        return;
    double secs = elapsed(p);
    if (secs < TS_PROGRESS_DELAY_S)
        return;
    size_t filled = done * TS_PROGRESS_WIDTH / total;
    char bar[TS_PROGRESS_WIDTH + 1];
    for (size_t i = 0; i < TS_PROGRESS_WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[TS_PROGRESS_WIDTH] = '\0';
    double eta = done > 0 ? secs * (double)(total - done) / (double)done : 0;
    ts_term_printf(p->out, "\r%s [%s] %3zu%% %zu/%zu  %.0fs left ", p->what,
                   bar, done * 100 / total, done, total, eta);
    fflush(p->out);
    p->drawn = true;
}

void ts_progress_finish(ts_progress *p)
{
    if (p->drawn) {
        ts_term_printf(p->out, "\r%*s\r", 79, "");
        fflush(p->out);
    }
    p->drawn = false;
}
