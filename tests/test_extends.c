/* Scenario families (SPEC section 6), run as a user would: a variant
 * written with `extends` gives the same files, byte for byte, as the same
 * scenario written out whole (pools changed key by key, one dropped, one
 * added, a `to` merged, a list replaced); errors point into the file and
 * line that wrote the value, base or variant; a cycle is refused naming
 * the chain; a drop that matches nothing is refused at the drop; `check
 * --explain` names each value's file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "tests/harness.h"

static char dir[256];

static void write_in(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ts_test_write_file(path, text);
}

static ts_run_result *run_in(const char *const *args)
{
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(args, r);
    return r;
}

/* talentsim check on the scenario file name of the test directory. */
static ts_run_result *check_in(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    const char *args[] = {"talentsim", "check", path, NULL};
    return run_in(args);
}

static const char *base =
    "scenario: {name: fam, start: 2024-01, horizon: 24, runs: 200, seed: 7}\n"
    "pools:\n"
    "  - {id: a, headcount: 1000, inflow: 100, retention: 0.8,\n"
    "     to: {b: 0.3, c: 0.2}}\n"
    "  - {id: b, headcount: {range: [400, 600]}, retention: 0.9}\n"
    "  - {id: c, headcount: 300, retention: 0.85, to: {a: 0.1}}\n"
    "predictions:\n"
    "  - {id: small, pool: b, at: 2025-01, below: 500}\n";

/* a changed key by key (its `to` merged: c's share set to 0 would still
 * name c, so the base's a sends to c... and c is dropped: see below),
 * c dropped, d added, the predictions replaced. */
static const char *variant =
    "extends: base.yaml\n"
    "pools:\n"
    "  - id: a\n"
    "    retention: 0.7\n"
    "    to: {b: 0.4}\n"
    "  - {id: c, drop: true}\n"
    "  - {id: d, headcount: 200, retention: 0.95}\n"
    "predictions:\n"
    "  - {id: big, pool: a, at: 2026-01, above: 800}\n";

static void same_as_written_whole(void **state)
{
    (void)state;
    char v[512], w[512], ov[512], ow[512], want[1024];
    snprintf(v, sizeof v, "%s/variant.yaml", dir);
    snprintf(w, sizeof w, "%s/whole.yaml", dir);
    /* the base's a still sends a fifth of its leavers to c, which the
     * variant drops: the error is in the base, where c is named */
    write_in("base.yaml", base);
    write_in("variant.yaml", variant);
    ts_run_result *r = check_in("variant.yaml");
    assert_int_equal(r->status, 2);
    snprintf(want, sizeof want, "%s/base.yaml:4:19: error: unknown pool 'c' "
             "in to of 'a'", dir);
    assert_non_null(strstr(r->err, want));
    free(r);
    /* without that share, the variant and the scenario written out whole
     * give the same files, byte for byte */
    char fixed[2048];
    snprintf(fixed, sizeof fixed, "%s", base);
    memcpy(strstr(fixed, ", c: 0.2}"), "}        ", 9);
    write_in("base.yaml", fixed);
    write_in("whole.yaml",
             "scenario: {name: fam, start: 2024-01, horizon: 24, runs: 200, "
             "seed: 7}\n"
             "pools:\n"
             "  - {id: a, headcount: 1000, inflow: 100, retention: 0.7,\n"
             "     to: {b: 0.4}}\n"
             "  - {id: b, headcount: {range: [400, 600]}, retention: 0.9}\n"
             "  - {id: d, headcount: 200, retention: 0.95}\n"
             "predictions:\n"
             "  - {id: big, pool: a, at: 2026-01, above: 800}\n");
    snprintf(ov, sizeof ov, "%s/out_variant", dir);
    snprintf(ow, sizeof ow, "%s/out_whole", dir);
    const char *rv[] = {"talentsim", v, "-o", ov, "--no-plots", "-q", NULL};
    const char *rw[] = {"talentsim", w, "-o", ow, "--no-plots", "-q", NULL};
    r = run_in(rv);
    assert_int_equal(r->status, 0);
    free(r);
    r = run_in(rw);
    assert_int_equal(r->status, 0);
    free(r);
    const char *files[] = {"stocks.csv", "flows.csv", "steady.csv",
                           "flows_total.csv", "net_yearly.csv",
                           "predictions.csv", "charts.gp"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char a[700], b[700];
        snprintf(a, sizeof a, "%s/%s", ov, files[i]);
        snprintf(b, sizeof b, "%s/%s", ow, files[i]);
        if (!ts_test_same_file(a, b))
            fail_msg("%s differs", files[i]);
    }
}

/* A mistake in the variant is reported in the variant, one in the base
 * in the base, in the same run. */
static void errors_point_to_their_file(void **state)
{
    (void)state;
    write_in("base2.yaml",
             "scenario: {start: 2024-01, horizon: 12}\n"
             "pools:\n"
             "  - {id: a, headcount: 100, retention: 0.9, inflw: 3}\n"
             "  - {id: b, headcount: 50, retention: 0.8}\n");
    write_in("variant2.yaml",
             "extends: base2.yaml\n"
             "pools:\n"
             "  - {id: b, retention: 1.3}\n");
    char want[1200];
    ts_run_result *r = check_in("variant2.yaml");
    assert_int_equal(r->status, 2);
    snprintf(want, sizeof want, "%s/base2.yaml:3:45: error: unknown key "
             "'inflw' in pool; did you mean 'inflow'?\n", dir);
    assert_non_null(strstr(r->err, want));
    snprintf(want, sizeof want, "%s/variant2.yaml:3:24: error: retention "
             "must be in (0, 1], got 1.3\n", dir);
    assert_non_null(strstr(r->err, want));
    free(r);
}

static void cycle_refused(void **state)
{
    (void)state;
    write_in("x.yaml", "extends: y.yaml\npools: []\n");
    write_in("y.yaml", "extends: x.yaml\npools: []\n");
    ts_run_result *r = check_in("x.yaml");
    assert_int_equal(r->status, 2);
    /* at the extends line of the file the user ran, naming the deeper
     * line that closes the cycle */
    assert_non_null(strstr(r->err, "x.yaml:1:10: error: extends makes a "
                                   "cycle: "));
    assert_non_null(strstr(r->err, "x.yaml -> "));
    assert_non_null(strstr(r->err, "(the extends at "));
    assert_non_null(strstr(r->err, "y.yaml:1:10)"));
    free(r);
}

static void drop_without_base_item(void **state)
{
    (void)state;
    write_in("base3.yaml",
             "scenario: {start: 2024-01, horizon: 12}\n"
             "pools:\n"
             "  - {id: a, headcount: 100, retention: 0.9}\n");
    write_in("variant3.yaml",
             "extends: base3.yaml\n"
             "pools:\n"
             "  - {id: zz, drop: true}\n");
    char want[1200];
    ts_run_result *r = check_in("variant3.yaml");
    assert_int_equal(r->status, 2);
    snprintf(want, sizeof want, "%s/variant3.yaml:3:5: error: drop: the base "
             "has no pools item 'zz' to remove\n", dir);
    assert_string_equal(r->err, want);
    free(r);
}

static void explain_names_sources(void **state)
{
    (void)state;
    write_in("base4.yaml",
             "scenario: {start: 2024-01, horizon: 12}\n"
             "pools:\n"
             "  - {id: a, headcount: 100, retention: 0.9}\n");
    write_in("variant4.yaml",
             "extends: base4.yaml\n"
             "pools:\n"
             "  - {id: a, retention: 0.8}\n");
    char v[512], want[1200];
    snprintf(v, sizeof v, "%s/variant4.yaml", dir);
    const char *args[] = {"talentsim", "check", "--explain", v, NULL};
    ts_run_result *r = run_in(args);
    assert_int_equal(r->status, 0);
    snprintf(want, sizeof want, "    headcount: 100%*s# %s/base4.yaml:3\n",
             35, "", dir);
    assert_non_null(strstr(r->out, "    headcount: 100"));
    snprintf(want, sizeof want, "# %s/base4.yaml:3\n", dir);
    assert_non_null(strstr(strstr(r->out, "headcount: 100"), want));
    snprintf(want, sizeof want, "# %s/variant4.yaml:3\n", dir);
    assert_non_null(strstr(strstr(r->out, "retention: 0.8"), want));
    free(r);
}


/* Merged by where a value stands, not by what its keys look like: pools
 * called `range` and `value`, a `to` that names them merged share by
 * share; a distribution replaced whole by another; an observation's
 * {value, sd} replacing a {range}. The variant gives the files of the
 * same scenario written whole, byte for byte. */
static const char *word_base =
    "scenario: {name: words, start: 2024-01, horizon: 12, runs: 50, "
    "seed: 3}\n"
    "pools:\n"
    "  - {id: a, headcount: 1000, retention: 0.8, "
    "to: {range: 0.2, value: 0.6}}\n"
    "  - {id: range, headcount: {range: [400, 600]}, retention: 0.9}\n"
    "  - {id: value, headcount: 300, retention: 0.85}\n"
    "observed:\n"
    "  - {id: o1, pool: a, headcount: {range: [900, 1100]}, at: 2024-07}\n";

static const char *word_variant =
    "extends: words.yaml\n"
    "pools:\n"
    "  - {id: a, to: {range: 0.3}}\n"
    "  - {id: range, headcount: {normal: [500, 50]}}\n"
    "observed:\n"
    "  - {id: o1, headcount: {value: 950, sd: 20}}\n";

static const char *word_whole =
    "scenario: {name: words, start: 2024-01, horizon: 12, runs: 50, "
    "seed: 3}\n"
    "pools:\n"
    "  - {id: a, headcount: 1000, retention: 0.8, "
    "to: {range: 0.3, value: 0.6}}\n"
    "  - {id: range, headcount: {normal: [500, 50]}, retention: 0.9}\n"
    "  - {id: value, headcount: 300, retention: 0.85}\n"
    "observed:\n"
    "  - {id: o1, pool: a, headcount: {value: 950, sd: 20}, at: 2024-07}\n";

static void merged_by_place(void **state)
{
    (void)state;
    write_in("words.yaml", word_base);
    write_in("words_variant.yaml", word_variant);
    write_in("words_whole.yaml", word_whole);
    const char *names[2] = {"words_variant.yaml", "words_whole.yaml"};
    char out[2][512];
    for (int k = 0; k < 2; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        snprintf(out[k], sizeof out[k], "%s/out_%d", dir, k);
        const char *args[] = {"talentsim", path, "-o", out[k], "--no-plots",
                              "--quiet", NULL};
        ts_run_result *r = run_in(args);
        if (r->status != 0)
            fail_msg("%s: %s", names[k], r->err);
        free(r);
    }
    const char *files[] = {"stocks.csv", "flows.csv", "steady.csv"};
    for (size_t i = 0; i < 3; i++) {
        char a[700], b[700];
        snprintf(a, sizeof a, "%s/%s", out[0], files[i]);
        snprintf(b, sizeof b, "%s/%s", out[1], files[i]);
        if (!ts_test_same_file(a, b))
            fail_msg("%s differs", files[i]);
    }
}

/* The record merges item by item (SPEC section 8): outcomes on id,
 * headcounts on pool and date; a variant's moves would replace. */
static void record_merged_by_item(void **state)
{
    (void)state;
    write_in("rec_base.yaml",
        "scenario: {start: 2024-01, horizon: 24}\n"
        "pools:\n  - {id: a, headcount: 10, retention: 0.9}\n"
        "predictions:\n"
        "  - {id: p, pool: a, at: 2025-01, below: 5}\n"
        "  - {id: q, pool: a, at: 2025-06, below: 5}\n"
        "history:\n"
        "  outcomes:\n"
        "    - {id: p, came_true: false, on: 2025-01}\n"
        "    - {id: q, came_true: false, on: 2025-06}\n"
        "  headcounts:\n"
        "    - {pool: a, at: 2025-01, value: 5}\n");
    write_in("rec_var.yaml",
        "extends: rec_base.yaml\n"
        "history:\n"
        "  outcomes:\n"
        "    - {id: p, came_true: true, on: 2025-01}\n"
        "  headcounts:\n"
        "    - {pool: a, at: 2025-06, value: 7}\n");
    char path[512];
    snprintf(path, sizeof path, "%s/rec_var.yaml", dir);
    const char *args[] = {"talentsim", "check", "--explain", path, NULL};
    ts_run_result *r = run_in(args);
    assert_int_equal(r->status, 0);
    /* each line with the file and line that wrote it, in order */
    const char *want[] = {"- id: p ", "/rec_var.yaml:4\n",
                          "came_true: true ", "- id: q ",
                          "/rec_base.yaml:10\n", "value: 5 ",
                          "/rec_base.yaml:12\n", "value: 7 ",
                          "/rec_var.yaml:6\n"};
    const char *at = r->out;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *found = strstr(at, want[i]);
        if (!found)
            fail_msg("the merged record lacks (in order) %s", want[i]);
        at = found;
    }
    free(r);
}

/* A base's outputs.dir is its own: a variant that names none writes to
 * out/<its stem>, not over the base's results; one that names its own
 * uses it. */
static void variant_output_dir(void **state)
{
    (void)state;
    char path[512];
    /* outputs.dir is relative to the working directory (SPEC: a file
     * may not write outside it) */
    const char *base_out = "out/od_base_results";
    write_in("od_base.yaml",
             "scenario: {name: od, start: 2024-01, horizon: 12, runs: 0}\n"
             "pools: [{id: a, headcount: 100, retention: 0.9}]\n"
             "outputs: {dir: out/od_base_results}\n");
    write_in("od_variant_t.yaml", "extends: od_base.yaml\n"
                                  "pools: [{id: a, retention: 0.8}]\n");
    snprintf(path, sizeof path, "%s/od_variant_t.yaml", dir);
    const char *args[] = {"talentsim", path, "--no-plots", NULL};
    ts_run_result *r = run_in(args);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "wrote out/od_variant_t/: "));
    struct stat st;
    assert_int_not_equal(stat(base_out, &st), 0);
    ts_test_rmtree("out/od_variant_t");
    free(r);

    write_in("od_variant_own.yaml", "extends: od_base.yaml\n"
                                    "outputs: {dir: out/od_own}\n");
    snprintf(path, sizeof path, "%s/od_variant_own.yaml", dir);
    const char *args2[] = {"talentsim", path, "--no-plots", NULL};
    r = run_in(args2);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "wrote out/od_own/: "));
    ts_test_rmtree("out/od_own");
    free(r);
}

/* learn (SPEC section 11): the file's distribution is the prior; a
 * later variant's number, or --set PATH=NUMBER, fixes the parameter, and
 * the summary says so; `check` validates a learnt scenario, and a
 * forecast from it is refused (the posterior is not computed yet) at the
 * learn entry, not made on the priors. */
static void learn_fixed_by_variant_and_set(void **state)
{
    (void)state;
    char path[512], out[512];
    write_in("ln_base.yaml",
             "scenario: {name: ln, start: 2024-01, horizon: 12, runs: 0}\n"
             "pools:\n"
             "  - {id: a, headcount: 10, retention: 0.9, exec_move: "
             "{beta: [2, 8]}, to: {b: 0.5}}\n"
             "  - {id: b, headcount: 10, retention: 0.9}\n"
             "executives:\n  - {group: G, pool: a, count: 3}\n"
             "learn: [pools.a.exec_move]\n");
    write_in("ln_fixed.yaml", "extends: ln_base.yaml\n"
                              "pools: [{id: a, exec_move: 0.25}]\n");
    snprintf(out, sizeof out, "%s/ln_out", dir);
    snprintf(path, sizeof path, "%s/ln_base.yaml", dir);
    const char *check[] = {"talentsim", "check", path, NULL};
    ts_run_result *r = run_in(check);
    assert_int_equal(r->status, 0);
    free(r);
    const char *learnt[] = {"talentsim", path, "-o", out, "--no-plots", NULL};
    r = run_in(learnt);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "ln_base.yaml:7:9: error: "
                                   "'pools.a.exec_move' is learnt"));
    free(r);
    const char *set[] = {"talentsim", path, "-o", out, "--no-plots",
                         "--set", "pools.a.exec_move=0.3", NULL};
    r = run_in(set);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "(pools.a.exec_move is fixed at 0.3 by "
                                   "--set pools.a.exec_move=0.3, so the "
                                   "record does not teach it)"));
    free(r);
    snprintf(path, sizeof path, "%s/ln_fixed.yaml", dir);
    const char *fixed[] = {"talentsim", path, "-o", out, "--no-plots",
                             NULL};
    r = run_in(fixed);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "(pools.a.exec_move is fixed at 0.25 by "));
    free(r);
    ts_test_rmtree(out);
}

int main(void)
{
    ts_test_tmpdir(dir, sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_written_whole),
        cmocka_unit_test(errors_point_to_their_file),
        cmocka_unit_test(cycle_refused),
        cmocka_unit_test(drop_without_base_item),
        cmocka_unit_test(explain_names_sources),
        cmocka_unit_test(merged_by_place),
        cmocka_unit_test(variant_output_dir),
        cmocka_unit_test(learn_fixed_by_variant_and_set),
        cmocka_unit_test(record_merged_by_item),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ts_test_rmtree(dir);
    return failed;
}
