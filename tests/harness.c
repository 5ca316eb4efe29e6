#include "tests/harness.h"

#include "models/base/file_read.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *ts_test_binary(void)
{
    const char *bin = getenv("TALENTSIM_BIN");
    if (!bin) {
        fprintf(stderr, "TALENTSIM_BIN is not set\n");
        abort();
    }
    return bin;
}

const char *ts_test_source_dir(void)
{
    const char *dir = getenv("TALENTSIM_SOURCE_DIR");
    if (!dir) {
        fprintf(stderr, "TALENTSIM_SOURCE_DIR is not set\n");
        abort();
    }
    return dir;
}

static void drain(int fd, char *buf, size_t *len)
{
    ssize_t n = read(fd, buf + *len, TS_TEST_OUT_MAX - 1 - *len);
    if (n > 0)
        *len += (size_t)n;
    buf[*len] = '\0';
}

void ts_test_run(const char *const *argv, ts_run_result *r)
{
    ts_test_run_with_path(argv, NULL, r);
}

void ts_test_run_with_path(const char *const *argv, const char *path,
                           ts_run_result *r)
{
    ts_test_run_signalled(argv, path, 0, 0, r);
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void ts_test_run_signalled(const char *const *argv, const char *path,
                           int signo, double delay, ts_run_result *r)
{
    double started = now_seconds(), sent = 0;
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0)
        abort();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(out[0]);
        close(err[0]);
        if (path)
            setenv("PATH", path, 1);
        execv(ts_test_binary(), (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    size_t lo = 0, le = 0;
    r->out[0] = r->err[0] = '\0';
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_fds = 2;
    r->seconds = r->after_signal = 0;
    while (open_fds > 0) {
        int wait_ms = -1;
        if (signo && sent == 0) {
            double left = started + delay - now_seconds();
            wait_ms = left > 0 ? (int)(left * 1000) + 1 : 0;
        }
        int ready = poll(fds, 2, wait_ms);
        if (ready < 0 && errno != EINTR)
            break;
        if (signo && sent == 0 && now_seconds() >= started + delay) {
            kill(pid, signo);
            sent = now_seconds();
        }
        if (ready <= 0)
            continue;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
                continue;
            size_t before = i == 0 ? lo : le;
            if (i == 0)
                drain(out[0], r->out, &lo);
            else
                drain(err[0], r->err, &le);
            size_t after = i == 0 ? lo : le;
            if (after == before || after >= TS_TEST_OUT_MAX - 1) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
        }
    }
    int status;
    waitpid(pid, &status, 0);
    r->seconds = now_seconds() - started;
    r->after_signal = sent > 0 ? now_seconds() - sent : -1;
    r->status = WIFEXITED(status) ? WEXITSTATUS(status)
                                  : 128 + WTERMSIG(status);
}

void ts_test_tmpdir(char *buf, size_t size)
{
    snprintf(buf, size, "/tmp/talentsim-test-XXXXXX");
    if (!mkdtemp(buf))
        abort();
}

void ts_test_rmtree(const char *path)
{
    pid_t pid = fork();
    if (pid == 0) {
        execlp("rm", "rm", "-rf", path, (char *)NULL);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
}

void ts_test_write_file(const char *path, const char *text)
{
    size_t len = strlen(text);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(text, 1, len, f) == len;
    if (f)
        ok = fclose(f) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "cannot write %s\n", path);
        abort();
    }
}

int ts_test_same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = ts_test_file_text(a, &la), *y = ts_test_file_text(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

int ts_test_have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

void ts_test_fake_gnuplot(const char *dir, const char *body, char *path_env,
                          size_t size)
{
    char bin[540], path[1100];
    snprintf(bin, sizeof bin, "%s/bin", dir);
    snprintf(path_env, size, "%s:/usr/bin:/bin", bin);
    mkdir(bin, 0777);
    snprintf(path, sizeof path, "%s/gnuplot", bin);
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(path, 0755);
}

char *ts_test_file_text(const char *path, size_t *len)
{
    char why[512];
    bool runtime;
    size_t n = 0;
    char *text = ts_file_read_regular(path, (size_t)1 << 31, "file", &n, why,
                                      sizeof why, &runtime);
    if (text && len)
        *len = n;
    return text;
}
