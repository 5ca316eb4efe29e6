#include "sim/output/gnuplot.h"
#include "models/base/limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Full path of gnuplot on PATH into buf; false when there is none. */
static bool find_gnuplot(char *buf, size_t size)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return false;
    while (*path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        /* an empty entry means the current directory */
        int n = len ? snprintf(buf, size, "%.*s/gnuplot", (int)len, path)
                    : snprintf(buf, size, "./gnuplot");
        if (n > 0 && (size_t)n < size && access(buf, X_OK) == 0)
            return true;
        path += len + (end ? 1 : 0);
    }
    return false;
}

/* Reads everything from fd; when it does not fit, the older half goes,
 * since gnuplot's error comes last. */
static void read_all(int fd, char *buf, size_t size, pid_t child,
                     const volatile sig_atomic_t *cancel)
{
    size_t used = 0;
    for (;;) {
        if (used == size - 1) {
            size_t drop = used / 2;
            memmove(buf, buf + drop, used - drop);
            used -= drop;
        }
        ssize_t got = read(fd, buf + used, size - 1 - used);
        if (got < 0 && errno == EINTR) {
            if (cancel && *cancel)
                kill(child, SIGTERM); /* its end of the pipe closes */
            continue;
        }
        if (got <= 0)
            break;
        used += (size_t)got;
    }
    while (used > 0 && (buf[used - 1] == '\n' || buf[used - 1] == ' '))
        used--;
    buf[used] = '\0';
}

/* In the child: only async-signal-safe calls until exec. */
static void exec_gnuplot(const char *exe, const char *dir, const char *script,
                         int err_fd)
{
    int null_fd = open("/dev/null", O_RDWR);
    if (chdir(dir) != 0 || null_fd < 0 || dup2(null_fd, 0) < 0 ||
        dup2(null_fd, 1) < 0 || dup2(err_fd, 2) < 0)
        _exit(127);
    execl(exe, "gnuplot", script, (char *)NULL);
    _exit(127);
}

ts_status ts_gnuplot_run(const char *dir, const char *script,
                         const volatile sig_atomic_t *cancel,
                         ts_gnuplot_result *result, ts_diags *d)
{
    char exe[TS_PATH_MAX];
    memset(result, 0, sizeof *result);
    if (!find_gnuplot(exe, sizeof exe)) {
        result->missing = true;
        return TS_OK;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        ts_diag_add(d, ts_nowhere, "cannot run gnuplot: %s", strerror(errno));
        return TS_ERUNTIME;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        ts_diag_add(d, ts_nowhere, "cannot run gnuplot: %s", strerror(e));
        return TS_ERUNTIME;
    }
    if (pid == 0)
        exec_gnuplot(exe, dir, script, fds[1]);
    close(fds[1]);
    read_all(fds[0], result->messages, sizeof result->messages, pid, cancel);
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            ts_diag_add(d, ts_nowhere, "cannot wait for gnuplot: %s",
                        strerror(errno));
            return TS_ERUNTIME;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 &&
        !result->messages[0]) {
        ts_diag_add(d, ts_nowhere, "cannot run %s", exe);
        return TS_ERUNTIME;
    }
    result->failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    return TS_OK;
}
