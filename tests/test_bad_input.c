/* One bad scenario file: `talentsim FILE` must exit 2, print exactly the
 * FILE:LINE:COL message that the file's first line expects, and write
 * nothing. (The expectation lives in the file, as in jq's %%FAIL tests.)
 * An expectation that starts with a file name ("csv/x.csv:2:3: ...")
 * is a mistake in a file the scenario names, beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "tests/harness.h"

static const char *bad_file;

static void expected_line(char *buf, size_t size)
{
    char *text = ts_test_file_text(bad_file, NULL);
    assert_non_null(text);
    const char *tag = "# expect: ";
    assert_memory_equal(text, tag, strlen(tag));
    char *end = strchr(text, '\n');
    assert_non_null(end);
    *end = '\0';
    const char *want = text + strlen(tag), *colon = strchr(want, ':');
    const char *slash = strrchr(bad_file, '/');
    if (colon && memchr(want, '.', (size_t)(colon - want)) && slash)
        snprintf(buf, size, "%.*s/%s", (int)(slash - bad_file), bad_file,
                 want);
    else
        snprintf(buf, size, "%s:%s", bad_file, want);
    free(text);
}

static void test_rejected_with_position(void **state)
{
    (void)state;
    char want[2048], dir[256], out[512];
    expected_line(want, sizeof want);
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/results", dir);

    ts_run_result *r = malloc(sizeof *r);
    const char *argv[] = {"talentsim", bad_file, "-o", out, "--quiet", NULL};
    ts_test_run(argv, r);
    char *nl = strchr(r->err, '\n');
    if (nl)
        *nl = '\0';
    assert_string_equal(r->err, want);
    assert_int_equal(r->status, 2);
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0); /* nothing written */

    const char *check[] = {"talentsim", "check", bad_file, NULL};
    ts_test_run(check, r);
    assert_int_equal(r->status, 2);
    free(r);
    ts_test_rmtree(dir);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_bad_input FILE\n");
        return 2;
    }
    bad_file = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rejected_with_position),
    };
    return cmocka_run_group_tests_name(bad_file, tests, NULL, NULL);
}
