#include "sim/output/render.h"
#include "models/base/limits.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool image_path(const ts_outdir *o, const char *name, char *buf,
                       size_t size)
{
    int len = snprintf(buf, size, "%s/%s", ts_outdir_tmp_path(o), name);
    return len > 0 && (size_t)len < size;
}

/* A failed gnuplot may leave some images; none is kept. */
static void drop_images(const ts_outdir *o, const char *const *images,
                        size_t n)
{
    char path[TS_PATH_MAX];
    for (size_t i = 0; i < n; i++)
        if (image_path(o, images[i], path, sizeof path))
            unlink(path);
}

ts_status ts_render_charts(ts_outdir *o, const char *const *images, size_t n,
                           const volatile sig_atomic_t *cancel,
                           ts_gnuplot_result *res, ts_diags *d)
{
    ts_status st = ts_gnuplot_run(ts_outdir_tmp_path(o), "charts.gp", cancel,
                                  res, d);
    if (st != TS_OK || res->missing)
        return st;
    for (size_t i = 0; !res->failed && i < n; i++) {
        char path[TS_PATH_MAX];
        struct stat info;
        if (!image_path(o, images[i], path, sizeof path) ||
            stat(path, &info) != 0 || info.st_size == 0) {
            res->failed = true;
            size_t used = strlen(res->messages);
            snprintf(res->messages + used, sizeof res->messages - used,
                     "%sgnuplot wrote no %s", used ? "\n" : "", images[i]);
        }
    }
    if (res->failed) {
        drop_images(o, images, n);
        return TS_OK;
    }
    for (size_t i = 0; st == TS_OK && i < n; i++)
        st = ts_outdir_adopt(o, images[i], d);
    return st;
}
