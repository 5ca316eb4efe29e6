#include "sim/output/outdir.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/scenario/scenario.h"
#include "models/base/limits.h"
#include "models/base/strings.h"

#define OUTDIR_MAX_FILES 64
#define OUTDIR_PATH_MAX TS_PATH_MAX
#define OUTDIR_MAX_DEPTH 64

struct ts_outdir {
    char final[OUTDIR_PATH_MAX];
    char tmp[OUTDIR_PATH_MAX];
    char *files[OUTDIR_MAX_FILES];
    size_t n_files;
    /* Directories this run created (mkdir -p), as lengths of prefixes of
     * final, outermost first: an aborted run removes them again. */
    size_t made[OUTDIR_MAX_DEPTH];
    size_t n_made;
};

/* dir/name into buf; false (errno ENAMETOOLONG) when it does not fit. */
static bool join_path(char *buf, size_t size, const char *dir,
                      const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return false;
    }
    return true;
}

static ts_status io_error(ts_diags *d, const char *what, const char *path)
{
    ts_diag_add(d, ts_nowhere, "%s '%s': %s", what, path, strerror(errno));
    return TS_ERUNTIME;
}

/* One directory of mkdir -p, remembered when it is new. */
static int make_one(ts_outdir *o, const char *buf)
{
    if (mkdir(buf, 0777) == 0) {
        if (o->n_made < OUTDIR_MAX_DEPTH)
            o->made[o->n_made++] = strlen(buf);
        return 0;
    }
    return errno == EEXIST ? 0 : -1;
}

/* mkdir -p */
static int make_dirs(ts_outdir *o, const char *path)
{
    char buf[OUTDIR_PATH_MAX];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, len + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (make_one(o, buf) != 0)
            return -1;
        *p = '/';
    }
    if (make_one(o, buf) != 0)
        return -1;
    struct stat st;
    if (stat(buf, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* The directories this run created, innermost first, each only if it is
 * still empty (rmdir refuses otherwise). */
static void remove_made(ts_outdir *o)
{
    char buf[OUTDIR_PATH_MAX];
    while (o->n_made > 0) {
        size_t len = o->made[--o->n_made];
        memcpy(buf, o->final, len);
        buf[len] = '\0';
        rmdir(buf);
    }
}

/* A temporary directory is named after the process that made it; one
 * whose process is gone (killed: no handler ran) is removed by the next
 * run into the same directory. Its files are flat: no recursion. */
#define TMP_PREFIX ".talentsim-tmp-"

static void remove_tree_flat(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir)
        return;
    char file[OUTDIR_PATH_MAX];
    for (struct dirent *e; (e = readdir(dir));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            join_path(file, sizeof file, path, e->d_name))
            unlink(file);
    closedir(dir);
    rmdir(path);
}

static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char path[OUTDIR_PATH_MAX];
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + strlen(TMP_PREFIX), &end, 10);
        if (pid <= 0 || *end != '-' || pid == (long)getpid() ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not ours, or its process lives */
        if (join_path(path, sizeof path, dir, e->d_name))
            remove_tree_flat(path);
    }
    closedir(d);
}

ts_status ts_outdir_begin(const char *dir, ts_outdir **out, ts_diags *d)
{
    *out = NULL;
    ts_outdir *o = calloc(1, sizeof *o);
    if (!o)
        return ts_diag_nomem(d);
    int n1 = snprintf(o->final, sizeof o->final, "%s", dir);
    int n2 = snprintf(o->tmp, sizeof o->tmp, "%s/" TMP_PREFIX "%ld-XXXXXX",
                      dir, (long)getpid());
    if (n1 < 0 || n2 < 0 || (size_t)n2 >= sizeof o->tmp) {
        free(o);
        errno = ENAMETOOLONG;
        return io_error(d, "cannot use output directory", dir);
    }
    if (make_dirs(o, dir) != 0) {
        remove_made(o);
        free(o);
        return io_error(d, "cannot create output directory", dir);
    }
    remove_stale(dir);
    if (!mkdtemp(o->tmp)) {
        remove_made(o);
        free(o);
        return io_error(d, "cannot write in output directory", dir);
    }
    *out = o;
    return TS_OK;
}

const char *ts_outdir_tmp_path(const ts_outdir *o) { return o->tmp; }

ts_status ts_outdir_adopt(ts_outdir *o, const char *name, ts_diags *d)
{
    for (size_t i = 0; i < o->n_files; i++)
        if (strcmp(o->files[i], name) == 0)
            return TS_OK;
    if (o->n_files == OUTDIR_MAX_FILES || !(o->files[o->n_files] =
                                                ts_strdup(name))) {
        errno = ENOMEM;
        return io_error(d, "cannot record output", name);
    }
    o->n_files++;
    return TS_OK;
}

FILE *ts_outdir_open(ts_outdir *o, const char *name, ts_diags *d)
{
    char path[OUTDIR_PATH_MAX];
    if (!join_path(path, sizeof path, o->tmp, name)) {
        io_error(d, "cannot write", name);
        return NULL;
    }
    if (ts_outdir_adopt(o, name, d) != TS_OK)
        return NULL;
    FILE *f = fopen(path, "w");
    if (!f)
        io_error(d, "cannot write", path);
    return f;
}

ts_status ts_outdir_close(ts_outdir *o, FILE *f, const char *name,
                          ts_diags *d)
{
    char path[OUTDIR_PATH_MAX];
    bool failed = fflush(f) != 0 || ferror(f);
    if (fclose(f) != 0)
        failed = true;
    if (!failed)
        return TS_OK;
    int saved = errno;
    if (!join_path(path, sizeof path, o->final, name))
        snprintf(path, sizeof path, "%s", name);
    errno = saved;
    return io_error(d, "cannot write", path);
}

static void free_files(ts_outdir *o)
{
    for (size_t i = 0; i < o->n_files; i++)
        free(o->files[i]);
}

void ts_outdir_abort(ts_outdir *o)
{
    if (!o)
        return;
    char path[OUTDIR_PATH_MAX];
    for (size_t i = 0; i < o->n_files; i++) {
        if (join_path(path, sizeof path, o->tmp, o->files[i]))
            unlink(path);
    }
    rmdir(o->tmp);
    remove_made(o); /* as it was: absent (each only if still empty) */
    free_files(o);
    free(o);
}

static bool was_written(const ts_outdir *o, const char *name)
{
    for (size_t i = 0; i < o->n_files; i++)
        if (strcmp(o->files[i], name) == 0)
            return true;
    return false;
}

ts_status ts_outdir_commit(ts_outdir *o, const char *const *owned,
                           ts_diags *d)
{
    char from[OUTDIR_PATH_MAX], to[OUTDIR_PATH_MAX];
    for (size_t i = 0; i < o->n_files; i++) {
        if (!join_path(from, sizeof from, o->tmp, o->files[i]) ||
            !join_path(to, sizeof to, o->final, o->files[i]) ||
            rename(from, to) != 0) {
            ts_status st = io_error(d, "cannot move results into", to);
            ts_outdir_abort(o);
            return st;
        }
    }
    for (size_t i = 0; owned && owned[i]; i++)
        if (!was_written(o, owned[i])) {
            if (join_path(to, sizeof to, o->final, owned[i]))
                unlink(to);
        }
    rmdir(o->tmp);
    free_files(o);
    free(o);
    return TS_OK;
}
