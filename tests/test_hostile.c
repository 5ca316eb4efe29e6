/* Hostile inputs and interruptions, run as a user would: files written to
 * stall the loader (deep nesting of every shape, a file above the size
 * limit, aliases that repeat a large node, many keys) are refused at
 * their place, each generated here rather than committed; and SIGINT or
 * SIGTERM stops any command at once with status 128 + signal, leaving the
 * output directory as it was.
 *
 * Time bounds: every input here is answered in well under 0.1 s by a
 * release build (see the README, Limits). The bounds asserted below are
 * HANG_SECONDS, far above that, so that a sanitizer build on a busy
 * machine passes while a loader that is quadratic again (46 s on the
 * first case) fails. The signal tests assert the one second: the
 * process ends from its signal handler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/harness.h"

#define HANG_SECONDS 5.0
#define SIGNAL_SECONDS 1.0

static const char *head =
    "scenario: {name: hostile, start: 2024-01, horizon: 12, runs: 0}\n"
    "pools:\n"
    "  - {id: a, headcount: 100, retention: 0.9}\n";

typedef struct hostile {
    char dir[256];
    char file[512];
    ts_run_result *r;
} hostile;

static int setup(void **state)
{
    hostile *h = calloc(1, sizeof *h);
    h->r = malloc(sizeof *h->r);
    ts_test_tmpdir(h->dir, sizeof h->dir);
    snprintf(h->file, sizeof h->file, "%s/hostile.yaml", h->dir);
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    hostile *h = *state;
    ts_test_rmtree(h->dir);
    free(h->r);
    free(h);
    return 0;
}

/* A growing text buffer. */
typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *s, size_t len)
{
    if (t->n + len + 1 > t->cap) {
        t->cap = 2 * (t->n + len + 1);
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->n, s, len);
    t->n += len;
    t->s[t->n] = '\0';
}

static void put_s(text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void puts_n(text *t, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++)
        put(t, s, strlen(s));
}

/* `talentsim check FILE` on t: status 2, first line of stderr
 * FILE:WHERE: error: MESSAGE, within HANG_SECONDS. */
static void refused(hostile *h, text *t, const char *where,
                    const char *message)
{
    ts_test_write_file(h->file, t->s);
    free(t->s);
    const char *argv[] = {"talentsim", "check", h->file, NULL};
    ts_test_run(argv, h->r);
    char want[1024];
    snprintf(want, sizeof want, "%s:%s: error: %s", h->file, where, message);
    char *nl = strchr(h->r->err, '\n');
    if (nl)
        *nl = '\0';
    assert_string_equal(h->r->err, want);
    assert_int_equal(h->r->status, 2);
    print_message("answered in %.3f s\n", h->r->seconds);
    assert_true(h->r->seconds < HANG_SECONDS);
}

/* The case: an unknown key holding 100,000 nested flow
 * sequences on one line (46 s in the first release). The root mapping
 * is level 1, so the 64th '[' (column 5 + 63) opens level 65. */
static void deep_flow_sequences(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head));
    put_s(&t, "mu: ");
    puts_n(&t, "[", 100000);
    puts_n(&t, "]", 100000);
    put_s(&t, "\n");
    refused(h, &t, "4:68", "nested deeper than 64 levels");
}

/* Deep flow mappings, and a million '[' that never close (5 MB in the
 * issue; the first 1 MiB here, the size limit). */
static void deep_flow_mappings(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head));
    put_s(&t, "mu: ");
    puts_n(&t, "{a: ", 50000);
    refused(h, &t, "4:257", "nested deeper than 64 levels");
    t = (text){0};
    put(&t, head, strlen(head));
    put_s(&t, "mu: ");
    puts_n(&t, "[", 1024 * 1024 - 200);
    refused(h, &t, "4:68", "nested deeper than 64 levels");
}

/* Block style: each level indented one more space. */
static void deep_block_mappings(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head));
    for (size_t i = 0; i < 200; i++) {
        puts_n(&t, " ", i);
        put_s(&t, "a:\n");
    }
    /* line 4 is a key of the root mapping (level 1); line 4 + k opens
     * level k + 1, so line 68 (64 spaces) opens level 65 */
    refused(h, &t, "68:65", "nested deeper than 64 levels");
}

static void above_size_limit(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head));
    puts_n(&t, "# a comment line that makes the file large\n", 50000);
    char where[64];
    snprintf(where, sizeof where, "the file has %zu bytes; a scenario may "
             "have at most 1048576", t.n);
    /* no line or column: it is refused before it is read */
    ts_test_write_file(h->file, t.s);
    free(t.s);
    const char *argv[] = {"talentsim", "check", h->file, NULL};
    ts_test_run(argv, h->r);
    char want[1024];
    snprintf(want, sizeof want, "%s: error: %s\n", h->file, where);
    assert_string_equal(h->r->err, want);
    assert_int_equal(h->r->status, 2);
}

/* "Billion laughs": each anchor repeats the previous one ten times. */
static void aliases_that_multiply(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head));
    put_s(&t, "x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
    for (int i = 1; i < 20; i++) {
        char line[256];
        int n = snprintf(line, sizeof line, "x%d: &a%d [", i, i);
        put(&t, line, (size_t)n);
        for (int k = 0; k < 10; k++) {
            n = snprintf(line, sizeof line, "%s*a%d", k ? ", " : "", i - 1);
            put(&t, line, (size_t)n);
        }
        put_s(&t, "]\n");
    }
    refused(h, &t, "9:45", "the document has more than 1000000 nodes "
                           "(aliases counted as what they repeat)");
}

static void alias_inside_itself(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head));
    put_s(&t, "mu: &a [1, *a]\n");
    refused(h, &t, "4:12", "alias '*a' repeats a collection it is inside");
}

/* 80,000 unknown keys: each reported (the first 20 shown), in linear
 * time (the first release compared every key with every earlier one). */
static void many_keys(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head));
    for (int i = 0; i < 80000; i++) {
        char line[64];
        int n = snprintf(line, sizeof line, "k%d: 1\n", i);
        put(&t, line, (size_t)n);
    }
    refused(h, &t, "4:1", "unknown key 'k0' in the scenario file");
    assert_non_null(strstr(h->r->err + strlen(h->r->err) + 1,
                           "talentsim: 79980 more errors not shown"));
}

/* A `to` with more entries than there can be destinations. */
static void too_many_destinations(void **state)
{
    hostile *h = *state;
    text t = {0};
    put(&t, head, strlen(head) - 2);
    put_s(&t, ", to: {");
    for (int i = 0; i < 50000; i++) {
        char entry[32];
        int n = snprintf(entry, sizeof entry, "%sp%d: 0", i ? ", " : "", i);
        put(&t, entry, (size_t)n);
    }
    put_s(&t, "}}\n");
    refused(h, &t, "3:49", "to has 50000 entries; at most 201 destinations "
                           "are allowed");
}

/* --set values go through the same loader. */
static void deep_set_value(void **state)
{
    hostile *h = *state;
    ts_test_write_file(h->file, head);
    text v = {0};
    put_s(&v, "pools.a.retention=");
    puts_n(&v, "[", 100000); /* a single argument holds 128 KiB */
    const char *argv[] = {"talentsim", "check", h->file, "--set", v.s, NULL};
    ts_test_run(argv, h->r);
    free(v.s);
    assert_int_equal(h->r->status, 2);
    assert_non_null(strstr(h->r->err, "the value is not valid YAML: nested "
                                      "deeper than 64 levels"));
    assert_true(h->r->seconds < HANG_SECONDS);
}

/* ---- interruptions ------------------------------------------------- */

/* A run far longer than the wait, interrupted half a second in: it ends
 * within a second with 128 + signal and writes nothing. */

/* A FIFO named as a scenario, or as a base: refused at once (it used to
 * block for ever in fopen), the base's at the extends line. */
static void fifo_refused(void **state)
{
    hostile *h = *state;
    char fifo[600];
    snprintf(fifo, sizeof fifo, "%s/ff", h->dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    const char *direct[] = {"talentsim", "check", fifo, NULL};
    ts_test_run(direct, h->r);
    char want[1400];
    snprintf(want, sizeof want, "%s: error: not a regular file\n", fifo);
    assert_string_equal(h->r->err, want);
    assert_int_equal(h->r->status, 2);
    assert_true(h->r->seconds < HANG_SECONDS);
    text t = {0};
    put_s(&t, "extends: ff\n");
    snprintf(want, sizeof want, "extends: '%s': not a regular file", fifo);
    refused(h, &t, "1:10", want);
}

/* A variant whose alias tree repeats a 400 KB value 100,000 times: the
 * merge with its base used to copy every repeat (40 GB). Refused by the
 * bytes its values expand to, as the file is read. */
static void extends_alias_bytes(void **state)
{
    hostile *h = *state;
    char base[600];
    snprintf(base, sizeof base, "%s/base.yaml", h->dir);
    ts_test_write_file(base, head);
    text t = {0};
    put_s(&t, "extends: base.yaml\njunk: {s: &a \"");
    puts_n(&t, "x", 400000);
    put_s(&t, "\", l1: &l1 [");
    puts_n(&t, "*a, ", 9);
    put_s(&t, "*a]");
    for (int i = 2; i <= 5; i++) {
        char item[32];
        snprintf(item, sizeof item, ", l%d: &l%d [", i, i);
        put(&t, item, strlen(item));
        snprintf(item, sizeof item, "*l%d, ", i - 1);
        puts_n(&t, item, 9);
        snprintf(item, sizeof item, "*l%d]", i - 1);
        put(&t, item, strlen(item));
    }
    put_s(&t, "}\n");
    /* l2's fourth alias: 31 values of 400,000 bytes pass 8 MiB... found
     * at the alias that crosses it */
    ts_test_write_file(h->file, t.s);
    free(t.s);
    const char *argv[] = {"talentsim", "check", h->file, NULL};
    ts_test_run(argv, h->r);
    assert_int_equal(h->r->status, 2);
    assert_non_null(strstr(h->r->err, ": error: the document's values come "
                                      "to more than 8388608 bytes (aliases "
                                      "counted as what they repeat)\n"));
    assert_true(h->r->seconds < HANG_SECONDS);
}

/* Base and variant each under the node limit with aliases expanded,
 * together over it: refused after a merge that shares what the aliases
 * share (so it stays small), at the variant's first line. */
static void extends_alias_nodes(void **state)
{
    hostile *h = *state;
    char base[600];
    text b = {0}, t = {0};
    const char *junk[2] = {"junk_b", "junk_v"};
    text *out[2] = {&b, &t};
    put(&b, head, strlen(head));
    put_s(&t, "extends: base.yaml\n");
    for (int k = 0; k < 2; k++) {
        char item[48];
        snprintf(item, sizeof item, "%s: {s: &a x, l1: &l1 [", junk[k]);
        put(out[k], item, strlen(item));
        puts_n(out[k], "*a, ", 8);
        put_s(out[k], "*a]");
        for (int i = 2; i <= 6; i++) {
            snprintf(item, sizeof item, ", l%d: &l%d [", i, i);
            put(out[k], item, strlen(item));
            snprintf(item, sizeof item, "*l%d, ", i - 1);
            puts_n(out[k], item, 8);
            snprintf(item, sizeof item, "*l%d]", i - 1);
            put(out[k], item, strlen(item));
        }
        put_s(out[k], "}\n");
    }
    snprintf(base, sizeof base, "%s/base.yaml", h->dir);
    ts_test_write_file(base, b.s);
    free(b.s);
    refused(h, &t, "1:1", "with its base, the scenario has more than "
                          "1000000 nodes or 8388608 bytes of values (aliases "
                          "counted as what they repeat)");
}

/* K pools in a ring, X executives with a move and a to of their own, and
 * one shock that may start in any of 140 monthly steps. */
static void mixture_scenario(text *t, int pools, int execs)
{
    char line[200];
    put_s(t, "scenario: {start: 2024-01, horizon: 144, runs: 0}\npools:\n");
    for (int i = 0; i < pools; i++) {
        snprintf(line, sizeof line, "  - {id: p%d, headcount: 1000, "
                 "retention: 0.9, to: {p%d: 0.3}}\n", i, (i + 1) % pools);
        put_s(t, line);
    }
    put_s(t, "executives:\n");
    for (int e = 0; e < execs; e++) {
        snprintf(line, sizeof line, "  - {name: E%d, pool: p%d, move: 0.2, "
                 "to: {p%d: 0.5}}\n", e, e, e + 1);
        put_s(t, line);
    }
    put_s(t, "shocks:\n  - {id: s, chance: 0.3, window: [2024-02, 2035-10], "
             "lasts: 12, set: {pools.p0.retention: 0.7}}\n");
}

/* The exact mixture's cost is estimated before it starts: 200 pools, 50
 * executives of their own and a shock over 140 steps (24 GB and minutes
 * before) is refused at the shock's window, with the estimate. */
static void mixture_budget(void **state)
{
    hostile *h = *state;
    text t = {0};
    mixture_scenario(&t, 200, 50);
    refused(h, &t, "255:34", "the exact mixture over the shocks' starts "
                             "would build 21996 step matrices of 200 pools "
                             "(141 combinations x 3 states x 52 chains; "
                             "about 1.4e+12 operations, above the limit of "
                             "4e+10, several minutes); shorten the windows, "
                             "use fewer pools, or fewer executives with a "
                             "move or to of their own");
}

/* Memory running out inside the mixture (a 400 MB address-space limit,
 * 0.9 GB needed): a clean error and exit 1, not a crash inside GSL's
 * matrix exponential. Not under AddressSanitizer, which reserves far
 * more address space than any such limit. */
static void mixture_out_of_memory(void **state)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)state;
    skip();
#else
    hostile *h = *state;
    text t = {0};
    mixture_scenario(&t, 50, 10);
    ts_test_write_file(h->file, t.s);
    free(t.s);
    char cmd[1600], err[700];
    snprintf(err, sizeof err, "%s/err.txt", h->dir);
    snprintf(cmd, sizeof cmd, "ulimit -v 400000; exec '%s' '%s' -o '%s/out' "
             "--no-plots --quiet 2> '%s'", ts_test_binary(), h->file, h->dir,
             err);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    char *text_err = ts_test_file_text(err, NULL);
    assert_non_null(text_err);
    assert_non_null(strstr(text_err, "talentsim: error: out of memory"));
    free(text_err);
#endif
}

/* ---- costs bounded before they are paid (README, Limits) --------- */

static void ring_pools(text *t, int pools, int horizon, const char *extra)
{
    char line[200];
    snprintf(line, sizeof line, "scenario: {start: 2024-01, horizon: %d, "
             "runs: 0}\npools:\n", horizon);
    put_s(t, line);
    for (int i = 0; i < pools; i++) {
        snprintf(line, sizeof line, "  - {id: p%d, headcount: 100, "
                 "retention: 0.9, to: {p%d: 0.5}%s}\n", i, (i + 1) % pools,
                 extra);
        put_s(t, line);
    }
}

/* 200 pools, 500 executives with their own move and an event whose ramp
 * is 5,000 steps long (29 KB; it ran out of memory after 22 s, needing
 * terabytes): refused at the event, with the estimate. */
static void exec_chains_budget(void **state)
{
    hostile *h = *state;
    text t = {0};
    char line[200];
    ring_pools(&t, 200, 6000, ", exec_move: 0.1");
    put_s(&t, "executives:\n");
    for (int e = 0; e < 500; e++) {
        snprintf(line, sizeof line, "  - {name: E%d, pool: p%d, move: "
                 "0.2}\n", e, e % 200);
        put_s(&t, line);
    }
    put_s(&t, "events:\n  - {at: 1, set: {pools.p0.exec_move: 0.5}, "
              "ramp: 5000}\n");
    refused(h, &t, "705:5", "the executives' chains would need 2505501 "
                            "step matrices of 200 pools (5001 states of the "
                            "parameters x 501 chains: about 1.6e+14 "
                            "operations and 3016.7 GiB, above 4e+10 and 1 "
                            "GiB); use a shorter ramp, fewer pools, or fewer "
                            "executives with a move or to of their own");
}

/* 10,000 executives over 6,000 steps (259 KB): their distributions at
 * every step would take 1.9 GB and write executives_paths.csv past 2 GB;
 * refused at the executive that crosses the budget. */
static void exec_paths_budget(void **state)
{
    hostile *h = *state;
    text t = {0};
    char line[200];
    ring_pools(&t, 4, 6000, "");
    put_s(&t, "executives:\n");
    for (int e = 0; e < 10000; e++) {
        snprintf(line, sizeof line, "  - {name: E%d, pool: p%d}\n", e,
                 e % 4);
        put_s(&t, line);
    }
    refused(h, &t, "4481:5", "the executives up to this one would need "
                             "about 1.0 GiB for their chains and their "
                             "distributions over 4 pools at each of 6001 "
                             "steps (and 1.0e+03 operations), above 1 GiB and "
                             "4e+10; use fewer executives, pools or steps");
}

/* 200 claims over 10,000 executives of 200 pools and 48 steps: refused
 * at the claim that crosses the budget. */
static void claims_budget(void **state)
{
    hostile *h = *state;
    text t = {0};
    char line[200];
    ring_pools(&t, 200, 48, "");
    put_s(&t, "executives:\n");
    for (int e = 0; e < 10000; e++) {
        snprintf(line, sizeof line, "  - {name: E%d, pool: p%d}\n", e,
                 e % 200);
        put_s(&t, line);
    }
    put_s(&t, "predictions:\n");
    for (int c = 0; c < 200; c++) {
        snprintf(line, sizeof line, "  - {id: c%d, from: p%d, to: p%d, "
                 "within: 24}\n", c, c, (c + 1) % 200);
        put_s(&t, line);
    }
    refused(h, &t, "10222:5", "the exact claims up to this one would take "
                              "about 2.1e+10 operations (10000 executives "
                              "in 1 chains over 200 pools and 48 steps), "
                              "above the limit of 2e+10; use fewer claims, "
                              "executives or steps, or a smaller at_least");
}

/* A moves file of 100,000 rows of one group, each moving one member
 * (1.2 MB): replaying it walked every run of members on every move (over
 * 60 s); refused at the row that crosses the budget. */
static void replay_budget(void **state)
{
    hostile *h = *state;
    text t = {0}, csv = {0};
    char line[200], path[700];
    ring_pools(&t, 3, 24, "");
    put_s(&t, "executives:\n  - {group: G, pool: p0, count: 100000}\n"
              "history:\n  as_of: 2025-12\n  moves: moves.csv\n");
    put_s(&csv, "who,at,from,to\n");
    for (int i = 0; i < 100000; i++) {
        snprintf(line, sizeof line, "G,%d-%02d,p0,p%d\n",
                 2024 + (i % 23) / 12, 1 + (i % 23) % 12, 1 + (i / 23) % 2);
        put_s(&csv, line);
    }
    snprintf(path, sizeof path, "%s/moves.csv", h->dir);
    ts_test_write_file(path, csv.s);
    free(csv.s);
    ts_test_write_file(h->file, t.s);
    free(t.s);
    const char *argv[] = {"talentsim", "check", h->file, NULL};
    ts_test_run(argv, h->r);
    assert_int_equal(h->r->status, 2);
    char want[900];
    snprintf(want, sizeof want, "%s:54595:1: error: replaying the record up "
             "to this move would take about 2.0e+09 steps", path);
    assert_non_null(strstr(h->r->err, want));
    assert_true(h->r->seconds < HANG_SECONDS);
}

/* One executive seen 6,000 months apart among 200 pools: the fit kept a
 * power of the chain for every gap (1.9 GB, over 60 s); refused at the
 * fit, with the estimate, before it starts. */
static void fit_gap_budget(void **state)
{
    hostile *h = *state;
    text t = {0};
    ring_pools(&t, 200, 6000, ", exec_move: 0.2");
    put_s(&t, "executives:\n  - {name: X, pool: p0}\n"
              "fit:\n  pools.p0.exec_move: {bounds: [0.01, 0.99]}\n"
              "history:\n  as_of: 2524-01\n  seen:\n"
              "    - {who: X, at: 2024-01, pool: p0}\n"
              "    - {who: X, at: 2524-01, pool: p5}\n");
    ts_test_write_file(h->file, t.s);
    free(t.s);
    char out[700];
    snprintf(out, sizeof out, "%s/fit", h->dir);
    const char *argv[] = {"talentsim", "fit", h->file, "-o", out, NULL};
    ts_run_result *r = h->r;
    ts_test_run(argv, r);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, ":206:3: error: fitting the executives' "
                                   "rates would take about 1.9e+13 "
                                   "operations and 1.8 GiB"));
    assert_true(r->seconds < HANG_SECONDS);
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0);
}

/* Outputs above --max-output are refused before anything is written;
 * raised, the same run writes them. */
static void output_cap(void **state)
{
    hostile *h = *state;
    text t = {0};
    ring_pools(&t, 20, 600, "");
    ts_test_write_file(h->file, t.s);
    free(t.s);
    char out[700];
    snprintf(out, sizeof out, "%s/out", h->dir);
    const char *small[] = {"talentsim", h->file, "-o", out, "--no-plots",
                           "--quiet", "--max-output", "1M", NULL};
    ts_test_run(small, h->r);
    assert_int_equal(h->r->status, 2);
    assert_non_null(strstr(h->r->err, "talentsim: error: stocks.csv would "
                                      "write about"));
    assert_non_null(strstr(h->r->err, "raise it with --max-output"));
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0);
    const char *large[] = {"talentsim", h->file, "-o", out, "--no-plots",
                           "--quiet", "--max-output", "64M", NULL};
    ts_test_run(large, h->r);
    assert_int_equal(h->r->status, 0);
    assert_int_equal(stat(out, &st), 0);
    const char *bad[] = {"talentsim", h->file, "--max-output", "lots",
                         NULL};
    ts_test_run(bad, h->r);
    assert_int_equal(h->r->status, 2);
    assert_non_null(strstr(h->r->err, "--max-output must be a size"));
}

/* A temporary directory left by a process that was killed (no handler
 * runs for SIGKILL) is removed by the next run into the directory; one
 * of a process still running is left alone. */
static void stale_temporary_removed(void **state)
{
    hostile *h = *state;
    text t = {0};
    ring_pools(&t, 2, 12, "");
    ts_test_write_file(h->file, t.s);
    free(t.s);
    char out[700], dead[800], live[800], file[900];
    snprintf(out, sizeof out, "%s/out", h->dir);
    mkdir(out, 0755);
    /* a process that has ended: a child reaped */
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0);
    snprintf(dead, sizeof dead, "%s/.talentsim-tmp-%ld-abcdef", out,
             (long)child);
    snprintf(live, sizeof live, "%s/.talentsim-tmp-%ld-abcdef", out,
             (long)getppid());
    mkdir(dead, 0755);
    mkdir(live, 0755);
    snprintf(file, sizeof file, "%s/stocks.csv", dead);
    ts_test_write_file(file, "half\n");
    const char *argv[] = {"talentsim", h->file, "-o", out, "--no-plots",
                          "--quiet", NULL};
    ts_test_run(argv, h->r);
    assert_int_equal(h->r->status, 0);
    struct stat st;
    assert_int_not_equal(stat(dead, &st), 0);
    assert_int_equal(stat(live, &st), 0);
    rmdir(live);
}

/* outputs.dir through a link that leads out of the working directory:
 * refused at its line, nothing written where the link points. (An
 * absolute path and a '..' are bad-input files.) */
static void output_dir_link_out(void **state)
{
    hostile *h = *state;
    char link[64], victim[700];
    snprintf(link, sizeof link, "ts-link-out-%ld", (long)getpid());
    unlink(link);
    assert_int_equal(symlink(h->dir, link), 0);
    text t = {0};
    ring_pools(&t, 2, 12, "");
    char line[200];
    snprintf(line, sizeof line, "outputs: {dir: %s/victim}\n", link);
    put_s(&t, line);
    ts_test_write_file(h->file, t.s);
    free(t.s);
    const char *argv[] = {"talentsim", h->file, "--no-plots", NULL};
    ts_test_run(argv, h->r);
    unlink(link);
    assert_int_equal(h->r->status, 2);
    char want[300];
    snprintf(want, sizeof want, ":5:16: error: outputs.dir '%s/victim' "
             "leads outside the working directory through a link", link);
    assert_non_null(strstr(h->r->err, want));
    snprintf(victim, sizeof victim, "%s/victim", h->dir);
    struct stat st;
    assert_int_not_equal(stat(victim, &st), 0);
}

/* A path too long to hold is an error, never a shorter path: a base
 * named by a 5,000-character extends, and a 5,000-character -o. */
static void paths_too_long(void **state)
{
    hostile *h = *state;
    text t = {0};
    put_s(&t, "extends: ");
    puts_n(&t, "a", 5000);
    put_s(&t, ".yaml\n");
    ts_test_write_file(h->file, t.s);
    free(t.s);
    const char *argv[] = {"talentsim", "check", h->file, NULL};
    ts_test_run(argv, h->r);
    assert_int_equal(h->r->status, 2);
    assert_non_null(strstr(h->r->err, "extends: the path is too long"));
    text o = {0};
    puts_n(&o, "d/", 2600);
    t = (text){0};
    ring_pools(&t, 2, 12, "");
    ts_test_write_file(h->file, t.s);
    free(t.s);
    const char *run[] = {"talentsim", h->file, "-o", o.s, "--no-plots",
                         NULL};
    ts_test_run(run, h->r);
    free(o.s);
    assert_int_equal(h->r->status, 2);
    assert_non_null(strstr(h->r->err, "is longer than"));
}

static void interrupted(hostile *h, const char *const *argv, int signo)
{
    ts_test_run_signalled(argv, NULL, signo, 0.5, h->r);
    print_message("ended %.3f s after the signal\n", h->r->after_signal);
    assert_int_equal(h->r->status, 128 + signo);
    assert_true(h->r->after_signal >= 0);
    assert_true(h->r->after_signal < SIGNAL_SECONDS);
}

static void long_scenario(hostile *h)
{
    char path[600];
    snprintf(path, sizeof path, "%s/scenarios/baseline.yaml",
             ts_test_source_dir());
    char *text_in = ts_test_file_text(path, NULL);
    assert_non_null(text_in);
    ts_test_write_file(h->file, text_in);
    free(text_in);
}

static void sigint_monte_carlo(void **state)
{
    hostile *h = *state;
    char out[600];
    snprintf(out, sizeof out, "%s/results", h->dir);
    long_scenario(h);
    const char *argv[] = {"talentsim", h->file, "-o", out, "--runs",
                          "10000000", "--quiet", NULL};
    interrupted(h, argv, SIGINT);
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0); /* nothing, not even the dir */
}

/* Previous results stay byte for byte, with no temporary directory. */
static void sigterm_keeps_previous(void **state)
{
    hostile *h = *state;
    char out[600], stocks[700], saved[700];
    snprintf(out, sizeof out, "%s/results", h->dir);
    snprintf(stocks, sizeof stocks, "%s/stocks.csv", out);
    snprintf(saved, sizeof saved, "%s/stocks.saved", h->dir);
    long_scenario(h);
    const char *first[] = {"talentsim", h->file, "-o", out, "--runs", "50",
                           "--no-plots", "--quiet", NULL};
    ts_test_run(first, h->r);
    assert_int_equal(h->r->status, 0);
    char *before = ts_test_file_text(stocks, NULL);
    ts_test_write_file(saved, before);
    free(before);
    const char *argv[] = {"talentsim", h->file, "-o", out, "--runs",
                          "10000000", "--seed", "7", "--quiet", NULL};
    interrupted(h, argv, SIGTERM);
    assert_true(ts_test_same_file(stocks, saved));
    char cmd[800];
    snprintf(cmd, sizeof cmd, "ls -A %s | grep -q talentsim-tmp", out);
    assert_int_not_equal(system(cmd), 0);
}

/* Interrupted while drawing (a gnuplot that takes its time) into a
 * directory three levels new: every directory made for the run is gone
 * again, and the message does not speak of previous results. */
static void sigint_new_directories(void **state)
{
    hostile *h = *state;
    char out[700], top[600], path_env[1200];
    snprintf(top, sizeof top, "%s/new", h->dir);
    snprintf(out, sizeof out, "%s/x/y", top);
    ts_test_fake_gnuplot(h->dir, "exec sleep 30", path_env,
                         sizeof path_env);
    long_scenario(h);
    const char *argv[] = {"talentsim", h->file, "-o", out, "--runs", "20",
                          NULL};
    ts_test_run_signalled(argv, path_env, SIGINT, 1.0, h->r);
    assert_int_equal(h->r->status, 128 + SIGINT);
    assert_true(h->r->after_signal < SIGNAL_SECONDS);
    struct stat st;
    assert_int_not_equal(stat(top, &st), 0);
    assert_non_null(strstr(h->r->err, "interrupted; nothing was written ("));
}

/* fit: a thousand starts of a fit with eight parameters. */
static void sigint_fit(void **state)
{
    hostile *h = *state;
    char path[600], out[600];
    snprintf(path, sizeof path, "%s/scenarios/calibrated.yaml",
             ts_test_source_dir());
    snprintf(out, sizeof out, "%s/fit", h->dir);
    const char *argv[] = {"talentsim", "fit", path, "--starts", "1000",
                          "-o", out, NULL};
    interrupted(h, argv, SIGINT);
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(deep_flow_sequences, setup, teardown),
        cmocka_unit_test_setup_teardown(deep_flow_mappings, setup, teardown),
        cmocka_unit_test_setup_teardown(deep_block_mappings, setup, teardown),
        cmocka_unit_test_setup_teardown(above_size_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(aliases_that_multiply, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(alias_inside_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(many_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(too_many_destinations, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(deep_set_value, setup, teardown),
        cmocka_unit_test_setup_teardown(sigint_monte_carlo, setup, teardown),
        cmocka_unit_test_setup_teardown(sigterm_keeps_previous, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sigint_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(sigint_new_directories, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(fifo_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(extends_alias_bytes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(extends_alias_nodes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(mixture_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(mixture_out_of_memory, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(exec_chains_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(exec_paths_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(claims_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(replay_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(fit_gap_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(output_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_temporary_removed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(output_dir_link_out, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(paths_too_long, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
