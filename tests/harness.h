/* Helpers for tests that run the talentsim binary as a user would. */
#ifndef TS_TEST_HARNESS_H
#define TS_TEST_HARNESS_H

#include <stddef.h>


#define TS_TEST_OUT_MAX 65536

typedef struct ts_run_result {
    int status;                   /* exit code, or 128+signal */
    char out[TS_TEST_OUT_MAX];
    char err[TS_TEST_OUT_MAX];
    double seconds;               /* from start to exit */
    double after_signal;          /* from the signal to exit; -1: none sent */
} ts_run_result;

/* Path of the binary under test (TALENTSIM_BIN); aborts the test if unset. */
const char *ts_test_binary(void);

/* Runs argv (NULL-terminated; argv[0] is replaced by the binary). */
void ts_test_run(const char *const *argv, ts_run_result *r);

/* The same with PATH set to path in the child (NULL: unchanged), to run
 * without gnuplot or with a stand-in. */
void ts_test_run_with_path(const char *const *argv, const char *path,
                           ts_run_result *r);

/* The same, sending signal signo `delay` seconds after the start (when
 * it is still running; signo 0: none). */
void ts_test_run_signalled(const char *const *argv, const char *path,
                           int signo, double delay, ts_run_result *r);

/* 1 when gnuplot is on PATH. */
int ts_test_have_gnuplot(void);

/* Makes a fresh temporary directory; the path is written into buf. */
void ts_test_tmpdir(char *buf, size_t size);

/* Removes a directory tree (rm -rf). */
void ts_test_rmtree(const char *path);


/* Writes text to path (created or truncated); aborts the test when it
 * cannot. */
void ts_test_write_file(const char *path, const char *text);

/* 1 when both files exist and are byte-identical. */
int ts_test_same_file(const char *a, const char *b);

/* A stand-in gnuplot, DIR/bin/gnuplot running the shell body; path_env
 * gets a PATH that finds it first. */
void ts_test_fake_gnuplot(const char *dir, const char *body, char *path_env,
                          size_t size);

/* A file the test or the program wrote, whole, with a '\0' after it
 * (its length in *len when len is not NULL); NULL when it cannot be
 * read. The library's reader of regular files does the reading. */
char *ts_test_file_text(const char *path, size_t *len);

/* Source directory of the project (TALENTSIM_SOURCE_DIR). */
const char *ts_test_source_dir(void);

#endif
