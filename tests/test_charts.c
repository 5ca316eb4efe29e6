/* Every chart of every shipped scenario, drawn by the real gnuplot: each
 * image must exist, be a well-formed PNG or SVG of a sensible size, and
 * come without gnuplot warnings; charts.gp must draw them again when run
 * by hand in the output directory. Without gnuplot this test is skipped
 * (CTest shows it as skipped, exit 77), never passed. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/harness.h"

#define SKIP_STATUS 77

/* Smallest plausible size of a chart: a blank 1280x720 PNG with axes is
 * about 8 KB, a drawn one 30 KB or more. */
#define MIN_PNG_BYTES 15000
#define MIN_SVG_BYTES 12000

static const char *const run_charts[] = {"stocks", "fan", "flows", "net"};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

/* PNG: the signature, an IHDR chunk first with a plausible size, an IEND
 * chunk last. */
static void assert_png(const char *path)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
                                         0x1a, '\n'};
    size_t len;
    unsigned char *data = (unsigned char *)ts_test_file_text(path, &len);
    if (!data)
        fail_msg("%s was not written", path);
    if (len < MIN_PNG_BYTES)
        fail_msg("%s has only %zu bytes", path, len);
    assert_memory_equal(data, sig, 8);
    assert_memory_equal(data + 12, "IHDR", 4);
    uint32_t w = be32(data + 16), h = be32(data + 20);
    if (w < 600 || h < 400 || w > 8000 || h > 8000)
        fail_msg("%s is %ux%u pixels", path, w, h);
    assert_memory_equal(data + len - 8, "IEND", 4);
    free(data);
}

/* SVG: an XML document with one <svg> element, closed, holding drawn
 * paths. */
static void assert_svg(const char *path)
{
    size_t len;
    char *text = ts_test_file_text(path, &len);
    if (!text)
        fail_msg("%s was not written", path);
    if (len < MIN_SVG_BYTES)
        fail_msg("%s has only %zu bytes", path, len);
    assert_true(strncmp(text, "<?xml", 5) == 0);
    assert_non_null(strstr(text, "<svg"));
    char *end = text + len;
    while (end > text && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    assert_true(end - text > 6 && strncmp(end - 6, "</svg>", 6) == 0);
    size_t paths = 0;
    for (char *p = text; (p = strstr(p, "<path")); p++)
        paths++;
    if (paths < 10)
        fail_msg("%s has only %zu paths", path, paths);
    free(text);
}

static void assert_image(const char *dir, const char *chart,
                         const char *format)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.%s", dir, chart, format);
    if (strcmp(format, "png") == 0)
        assert_png(path);
    else
        assert_svg(path);
}

/* gnuplot warnings reach stderr as "gnuplot: ..." lines. */
static void assert_no_gnuplot_messages(const ts_run_result *r)
{
    if (strstr(r->err, "gnuplot"))
        fail_msg("gnuplot said:\n%s", r->err);
}

/* The shipped scenarios, sorted. */
static size_t shipped(char names[][1300], size_t max)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/scenarios", ts_test_source_dir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < max;) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0)
            snprintf(names[n++], sizeof names[0], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0],
          (int (*)(const void *, const void *))strcmp);
    return n;
}

static void render_all(const char *format)
{
    char names[32][1300];
    size_t n = shipped(names, 32);
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++) {
        char dir[512];
        ts_test_tmpdir(dir, sizeof dir);
        const char *argv[] = {"talentsim", names[i], "-o", dir, "--format",
                              format, "--quiet", NULL};
        ts_run_result *r = malloc(sizeof *r);
        ts_test_run(argv, r);
        if (r->status != 0)
            fail_msg("%s: exit %d\n%s", names[i], r->status, r->err);
        assert_no_gnuplot_messages(r);
        for (size_t c = 0; c < sizeof run_charts / sizeof run_charts[0]; c++)
            assert_image(dir, run_charts[c], format);
        char *yaml = ts_test_file_text(names[i], NULL);
        if (strstr(yaml, "\nexecutives:"))
            assert_image(dir, "executives", format);
        free(yaml);
        free(r);
        ts_test_rmtree(dir);
    }
}

static void every_scenario_png(void **state)
{
    (void)state;
    render_all("png");
}

static void every_scenario_svg(void **state)
{
    (void)state;
    render_all("svg");
}

/* baseline against each other shipped scenario, and one pool alone */
static void compare_charts(void **state)
{
    (void)state;
    char names[32][1300], baseline[1300];
    size_t n = shipped(names, 32);
    snprintf(baseline, sizeof baseline, "%s/scenarios/baseline.yaml",
             ts_test_source_dir());
    for (size_t i = 0; i <= n; i++) {
        if (i < n && strcmp(names[i], baseline) == 0)
            continue;
        char dir[512];
        ts_test_tmpdir(dir, sizeof dir);
        const char *argv[] = {"talentsim", "compare", baseline,
                              i < n ? names[i] : baseline, "-o", dir,
                              "--quiet", i < n ? NULL : "--pool",
                              "enterprise_software", NULL};
        ts_run_result *r = malloc(sizeof *r);
        ts_test_run(argv, r);
        if (r->status != 0)
            fail_msg("compare with %s: exit %d\n%s",
                     i < n ? names[i] : "itself", r->status, r->err);
        assert_no_gnuplot_messages(r);
        assert_image(dir, "compare", "png");
        free(r);
        ts_test_rmtree(dir);
    }
}

/* The studies' charts: a tornado and a sweep of the baseline, and the
 * fit of the calibrated scenario. */
static void study_charts(void **state)
{
    (void)state;
    char baseline[1300];
    snprintf(baseline, sizeof baseline, "%s/scenarios/baseline.yaml",
             ts_test_source_dir());
    const char *tornado[] = {"talentsim", "tornado", baseline, "--metric",
                             "enterprise_software", "-o", NULL, "--quiet",
                             NULL};
    const char *sweep[] = {"talentsim", "sweep", baseline, "--param",
                           "pools.academia.retention", "--range",
                           "0.85:0.95:3", "--runs", "100", "-o", NULL,
                           "--quiet", NULL};
    char calibrated[1300];
    snprintf(calibrated, sizeof calibrated,
             "%s/scenarios/calibrated.yaml", ts_test_source_dir());
    const char *fit[] = {"talentsim", "fit", calibrated, "-o", NULL,
                         "--quiet", NULL};
    const char **argvs[] = {tornado, sweep, fit};
    const size_t dir_at[] = {6, 10, 4};
    const char *chart[] = {"tornado", "sweep", "fit"};
    for (size_t i = 0; i < 3; i++) {
        char dir[512];
        ts_test_tmpdir(dir, sizeof dir);
        argvs[i][dir_at[i]] = dir;
        ts_run_result *r = malloc(sizeof *r);
        ts_test_run(argvs[i], r);
        if (r->status != 0)
            fail_msg("%s: exit %d\n%s", chart[i], r->status, r->err);
        assert_no_gnuplot_messages(r);
        assert_image(dir, chart[i], "png");
        free(r);
        ts_test_rmtree(dir);
    }
}

/* A deterministic run (no fan) with a short quarterly horizon that
 * starts in July: tics, periods and panels for the unusual case. */
static void unusual_axes(void **state)
{
    (void)state;
    char dir[512], file[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/short.yaml", dir);
    ts_test_write_file(file,
        "scenario: {name: \"short, 'odd' run\", start: 2024-07, "
        "step: quarter, horizon: 5, runs: 0}\n"
        "pools:\n"
        "  - {id: a, headcount: 500, inflow: 80, retention: 0.8, "
        "to: {b: 0.5}}\n"
        "  - {id: b, headcount: 300, retention: 0.9}\n");
    const char *argv[] = {"talentsim", file, "-o", dir, "--quiet", NULL};
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    assert_int_equal(r->status, 0);
    assert_no_gnuplot_messages(r);
    assert_image(dir, "stocks", "png");
    assert_image(dir, "flows", "png");
    assert_image(dir, "net", "png");
    snprintf(file, sizeof file, "%s/fan.png", dir);
    assert_int_not_equal(access(file, F_OK), 0);
    free(r);
    ts_test_rmtree(dir);
}

/* A forecast as of a date draws its record (SPEC section 8): the line
 * at as_of, the observed headcounts and the recorded moves, named; a
 * started shock shaded as started; every chart drawn without a word
 * from gnuplot. */
static void record_charts(void **state)
{
    (void)state;
    char dir[512], file[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/record.yaml", dir);
    ts_test_write_file(file,
        "scenario: {name: rec, start: 2024-01, horizon: 24, runs: 50}\n"
        "pools:\n"
        "  - {id: a, headcount: 500, retention: 0.8, exec_move: 0.3,\n"
        "     exec_to: {b: 0.5}}\n"
        "  - {id: b, headcount: 300, retention: 0.9}\n"
        "executives:\n"
        "  - {name: \"O'Neil\", pool: a}\n"
        "  - {group: G, pool: a, count: 3}\n"
        "predictions:\n  - {id: m, from: a, to: b, within: 24}\n"
        "shocks:\n"
        "  - {id: s, chance: 0.2, window: [2024-03, 2025-01], lasts: 3,\n"
        "     set: {pools.a.retention: 0.6}}\n"
        "history:\n"
        "  as_of: 2024-09\n"
        "  moves:\n"
        "    - {who: \"O'Neil\", at: 2024-04, to: b}\n"
        "    - {who: G, at: 2024-06, to: outside, count: 2}\n"
        "  shocks: [{id: s, started: 2024-05}]\n"
        "  headcounts: [{pool: b, at: 2024-09, value: 320},\n"
        "               {pool: a, at: 2025-03, value: 300}]\n");
    const char *argv[] = {"talentsim", file, "-o", dir, "--quiet", NULL};
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    if (r->status != 0)
        fail_msg("exit %d\n%s", r->status, r->err);
    assert_no_gnuplot_messages(r);
    for (size_t c = 0; c < sizeof run_charts / sizeof run_charts[0]; c++)
        assert_image(dir, run_charts[c], "png");
    assert_image(dir, "executives", "png");
    snprintf(file, sizeof file, "%s/charts.gp", dir);
    char *gp = ts_test_file_text(file, NULL);
    assert_non_null(gp);
    const char *want[] = {
        "as_of_date = '2024-09'\n", "n_observed = 2\n",
        "array observed_value[2] = [320, 300]\n", "n_recorded = 2\n",
        "array recorded_label[2] = ['O' . \"\\047\" . 'Neil \u2192 b', "
        "'G \u2192 outside']\n",
        "array shock_label[1] = ['s (started)']\n",
        "array shock_from[1] = ['2024-05']\n",
        "array shock_to[1] = ['2024-08']\n"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(gp, want[i]))
            fail_msg("charts.gp lacks %s", want[i]);
    free(gp);
    free(r);
    ts_test_rmtree(dir);
}

/* charts.gp is usable on its own: removing the images and running
 * gnuplot on it in the output directory draws them again, the same. */
static void script_reruns_by_hand(void **state)
{
    (void)state;
    char dir[512], cmd[1200], path[600], saved[600];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/scenarios/baseline.yaml",
             ts_test_source_dir());
    const char *argv[] = {"talentsim", path, "-o", dir, "--runs", "50",
                          "--quiet", NULL};
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    assert_int_equal(r->status, 0);
    for (size_t c = 0; c < sizeof run_charts / sizeof run_charts[0]; c++) {
        snprintf(path, sizeof path, "%s/%s.png", dir, run_charts[c]);
        snprintf(saved, sizeof saved, "%s/%s.first", dir, run_charts[c]);
        assert_int_equal(rename(path, saved), 0);
    }
    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot charts.gp", dir);
    assert_int_equal(system(cmd), 0);
    for (size_t c = 0; c < sizeof run_charts / sizeof run_charts[0]; c++) {
        assert_image(dir, run_charts[c], "png");
        snprintf(path, sizeof path, "%s/%s.png", dir, run_charts[c]);
        snprintf(saved, sizeof saved, "%s/%s.first", dir, run_charts[c]);
        assert_true(ts_test_same_file(path, saved));
    }
    free(r);
    ts_test_rmtree(dir);
}

int main(void)
{
    if (!ts_test_have_gnuplot()) {
        printf("SKIPPED: gnuplot is not on PATH, so no chart can be drawn; "
               "install it (the README's setup command does) to run this "
               "test\n");
        return SKIP_STATUS;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_scenario_png),
        cmocka_unit_test(every_scenario_svg),
        cmocka_unit_test(compare_charts),
        cmocka_unit_test(study_charts),
        cmocka_unit_test(unusual_axes),
        cmocka_unit_test(record_charts),
        cmocka_unit_test(script_reruns_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
