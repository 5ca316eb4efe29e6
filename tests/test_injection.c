/* Text from a file reaches four sinks, and none of them may obey it:
 * - gnuplot: a payload that ends a line and calls system() is put into
 *   every free-text field of a scenario, the file's name and --set
 *   scenario.name=, every command that draws is run, and no file appears;
 *   every charts.gp written passes an independent reader of its lines
 *   (tests/gp_check.c), and apostrophes draw (they used to break every
 *   chart);
 * - the terminal: control characters are printed as escapes;
 * - CSV: a text cell a spreadsheet would read as a formula reads as text;
 * - HTML: a chart's text that looks like an SVG attribute is left as it
 *   is when the SVG is inlined.
 * Controls that the test can fail: gnuplot run on the old header comment
 * does create the file, and the reader refuses the old quoting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <yaml.h>

#include "sim/output/terminal.h"
#include "tests/gp_check.h"
#include "sim/output/run_record.h"
#include "tests/harness.h"
#include "tests/payload.h"

typedef struct fixture {
    char dir[256];
    char file[600];
    ts_run_result r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ts_test_tmpdir(f->dir, sizeof f->dir);
    snprintf(f->file, sizeof f->file, "%s/payload.yaml", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ts_test_rmtree(f->dir);
    free(f);
    return 0;
}

/* Whether a file whose name starts with PWNED is anywhere below dir. */
static bool pwned_below(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strncmp(e->d_name, "PWNED", 5) == 0)
            found = true;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (!found && lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            found = pwned_below(path);
    }
    closedir(d);
    return found;
}

/* charts.gp of out, read by the independent reader. */
static void assert_script_safe(const char *out)
{
    char path[900];
    snprintf(path, sizeof path, "%s/charts.gp", out);
    char *script = ts_test_file_text(path, NULL);
    if (!script)
        fail_msg("no %s", path);
    const char *tpl[16];
    size_t n = ts_gp_check_templates(tpl, 16);
    const char *why = ts_gp_check(script, tpl, n);
    if (why)
        fail_msg("%s: %s", path, why);
    free(script);
}

/* Every command that draws, on file: exit 0, charts.gp safe, images
 * drawn when gnuplot is here, no PWNED anywhere. extra: one more option
 * pair for every command (e.g. --set), or NULL. */
static void draw_everything(fixture *f, const char *file, const char *extra,
                            const char *extra_value)
{
    static const char *const commands[][6] = {
        {"run", NULL},
        {"report", NULL},
        {"fit", NULL},
        {"sweep", "--param", "pools.a.retention", "--values", "0.7,0.8",
         NULL},
        {"tornado", "--metric", "a@2025-01", NULL},
        {"compare", NULL},
    };
    static const char *const image[] = {"stocks.png", "stocks.png",
                                        "fit.png", "sweep.png",
                                        "tornado.png", "compare.png"};
    for (size_t c = 0; c < sizeof commands / sizeof *commands; c++) {
        char out[700];
        snprintf(out, sizeof out, "%s/out_%zu", f->dir, c);
        const char *argv[16];
        size_t n = 0;
        argv[n++] = "talentsim";
        if (strcmp(commands[c][0], "run") != 0)
            argv[n++] = commands[c][0];
        argv[n++] = file;
        if (strcmp(commands[c][0], "compare") == 0)
            argv[n++] = file;
        for (size_t k = 1; commands[c][k]; k++)
            argv[n++] = commands[c][k];
        if (extra) {
            argv[n++] = extra;
            argv[n++] = extra_value;
        }
        argv[n++] = "-o";
        argv[n++] = out;
        argv[n] = NULL;
        ts_test_run(argv, &f->r);
        if (f->r.status != 0)
            fail_msg("%s: status %d: %s", commands[c][0], f->r.status,
                     f->r.err);
        assert_script_safe(out);
        if (ts_test_have_gnuplot()) {
            char img[800];
            snprintf(img, sizeof img, "%s/%s", out, image[c]);
            struct stat st;
            if (stat(img, &st) != 0)
                fail_msg("%s drew no %s", commands[c][0], image[c]);
        }
        ts_test_rmtree(out);
    }
    assert_false(pwned_below(f->dir));
}

/* The scenario with every text field set to text (the executive and the
 * group told apart by a suffix, as names must differ). */
static void write_payload(fixture *f, const char *path, const char *text,
                          bool named)
{
    char exec[600], group[600];
    snprintf(exec, sizeof exec, "%s E", text);
    snprintf(group, sizeof group, "%s G", text);
    const char *field[TS_N_PAYLOAD_FIELDS];
    size_t len[TS_N_PAYLOAD_FIELDS];
    for (size_t i = 0; i < TS_N_PAYLOAD_FIELDS; i++)
        field[i] = text;
    field[TS_PAYLOAD_EXECUTIVE] = exec;
    field[TS_PAYLOAD_GROUP] = group;
    for (size_t i = 0; i < TS_N_PAYLOAD_FIELDS; i++)
        len[i] = strlen(field[i]);
    if (!named)
        field[TS_PAYLOAD_NAME] = NULL;
    char *yaml = ts_payload_scenario(field, len, 20);
    assert_non_null(yaml);
    ts_test_write_file(path, yaml);
    free(yaml);
    (void)f;
}

/* Ways out of a gnuplot string or line, each calling system(). %s is
 * where the file to create is named. */
static const char *const escapes[] = {
    "x\nsystem('touch %s/PWNED1')\n#",
    "x\rsystem('touch %s/PWNED2')\r#",
    "it' . system('touch %s/PWNED3') . '",
    "it''s' . system('touch %s/PWNED4') . ''",
    "\" . system(\"touch %s/PWNED5\") . \"",
    "`touch %s/PWNED6`",
    "@term_type `touch %s/PWNED7`",
    "x\\\nsystem('touch %s/PWNED8')",
    "x\\",
};

static void every_field_every_command(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof escapes / sizeof *escapes; i++) {
        char text[500];
        snprintf(text, sizeof text, escapes[i], f->dir);
        write_payload(f, f->file, text, true);
        draw_everything(f, f->file, NULL, NULL);
    }
}

static void set_scenario_name(void **state)
{
    fixture *f = *state;
    write_payload(f, f->file, "plain", true);
    for (size_t i = 0; i < sizeof escapes / sizeof *escapes; i++) {
        char text[500], set[2200];
        snprintf(text, sizeof text, escapes[i], f->dir);
        char *quoted = ts_payload_quote(text, strlen(text));
        snprintf(set, sizeof set, "scenario.name=%s", quoted);
        free(quoted);
        draw_everything(f, f->file, "--set", set);
    }
}

/* The default name is the file's stem: a file named with a newline. */
static void file_name(void **state)
{
    fixture *f = *state;
    char path[900];
    snprintf(path, sizeof path, "%s/x\nsystem('touch PWNED9')\n#.yaml",
             f->dir);
    write_payload(f, path, "plain", false);
    draw_everything(f, path, NULL, NULL);
}

/* The controls: gnuplot does obey the old header comment, so a test that
 * finds no PWNED has looked where one would be; the reader refuses the
 * old writer's lines. */
static void controls(void **state)
{
    fixture *f = *state;
    const char *tpl[16];
    size_t n = ts_gp_check_templates(tpl, 16);
    assert_non_null(ts_gp_check("# Charts of scenario 'x\nsystem('touch "
                                "PWNED')\n#', written by talentsim\n", tpl,
                                n));
    assert_non_null(ts_gp_check("array pool_label[1] = ['it''''s']\n", tpl,
                                n));
    assert_non_null(ts_gp_check("x = \"`touch PWNED`\"\n", tpl, n));
    assert_non_null(ts_gp_check("# a comment \\\nset output 'x'\n", tpl, n));
    assert_null(ts_gp_check("x = 'it' . \"\\047\" . 's'\n"
                            "array a[2] = ['a', \\\n    'b']  # two\n",
                            tpl, n));
    if (!ts_test_have_gnuplot())
        return;
    char script[700], cmd[1600];
    snprintf(script, sizeof script, "%s/old.gp", f->dir);
    char text[700];
    snprintf(text, sizeof text, "# Charts of scenario 'x\nsystem('touch "
             "%s/PWNED0')\n#'\n", f->dir);
    ts_test_write_file(script, text);
    snprintf(cmd, sizeof cmd, "gnuplot '%s' 2>/dev/null", script);
    assert_int_equal(system(cmd), 0);
    assert_true(pwned_below(f->dir));
}

/* Apostrophes, doubled or not, in labels: the charts draw. */
static void apostrophes_draw(void **state)
{
    fixture *f = *state;
    write_payload(f, f->file, "it''s Anthropic's 'best' ''''", true);
    draw_everything(f, f->file, NULL, NULL);
}

static bool has_raw_control(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
            return true;
    return false;
}

/* A name that would set the terminal's title and clear the screen is
 * printed with its escapes shown; so is a key in an error message. */
static void terminal_escapes(void **state)
{
    fixture *f = *state;
    write_payload(f, f->file, "n\x1b]0;TITLE\x07\x1b[2J", true);
    char out[700];
    snprintf(out, sizeof out, "%s/out", f->dir);
    const char *argv[] = {"talentsim", f->file, "-o", out, "--no-plots",
                          NULL};
    ts_test_run(argv, &f->r);
    assert_int_equal(f->r.status, 0);
    assert_false(has_raw_control(f->r.out));
    assert_false(has_raw_control(f->r.err));
    assert_non_null(strstr(f->r.out, "n\\x1b]0;TITLE\\x07\\x1b[2J"));

    ts_test_write_file(f->file, "scenario: {start: 2024-01, horizon: 12}\n"
                                "pools: [{id: a, headcount: 1, retention: "
                                "0.5}]\n\"\\e[2J\\u202e\": 1\n");
    const char *check[] = {"talentsim", "check", f->file, NULL};
    ts_test_run(check, &f->r);
    assert_int_equal(f->r.status, 2);
    assert_false(has_raw_control(f->r.err));
    assert_non_null(strstr(f->r.err, ":3:1: error: unknown key "
                                     "'\\x1b[2J\\u202e' in the scenario "
                                     "file\n"));
}

/* Every cell of a CSV line, unquoted (RFC 4180). */
static size_t csv_cells(const char *line, char cells[][200], size_t max)
{
    size_t n = 0;
    const char *p = line;
    while (n < max) {
        size_t len = 0;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++;
                if (len < 199)
                    cells[n][len++] = *p;
            }
            if (*p == '"')
                p++;
        } else {
            for (; *p && *p != ',' && *p != '\n'; p++)
                if (len < 199)
                    cells[n][len++] = *p;
        }
        cells[n++][len] = '\0';
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

/* No text cell of path begins as a formula; numbers may be negative.
 * Returns how many cells began with the guard ' . */
static size_t assert_no_formula(const char *path)
{
    char *text = ts_test_file_text(path, NULL);
    assert_non_null(text);
    size_t guarded = 0;
    for (char *line = text; *line;) {
        char cells[32][200];
        size_t n = csv_cells(line, cells, 32);
        for (size_t i = 0; i < n; i++) {
            char *end;
            strtod(cells[i], &end);
            bool numeric = cells[i][0] && *end == '\0';
            if (!numeric && cells[i][0] && strchr("=+-@", cells[i][0]))
                fail_msg("%s: cell '%s' reads as a formula", path, cells[i]);
            guarded += cells[i][0] == '\'';
        }
        /* the next line (no cell of these files holds a newline) */
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : line + strlen(line);
    }
    free(text);
    return guarded;
}

static void csv_formulas(void **state)
{
    fixture *f = *state;
    const char *field[TS_N_PAYLOAD_FIELDS];
    size_t len[TS_N_PAYLOAD_FIELDS];
    for (size_t i = 0; i < TS_N_PAYLOAD_FIELDS; i++)
        field[i] = "plain";
    field[TS_PAYLOAD_EXECUTIVE] = "=HYPERLINK(\"http://x\",\"y\")";
    field[TS_PAYLOAD_GROUP] = "@SUM(A1:A2)";
    field[TS_PAYLOAD_MOVE_CLAIM] = "+cmd|' /C calc'!A0";
    field[TS_PAYLOAD_COUNT_CLAIM] = "-2+3";
    for (size_t i = 0; i < TS_N_PAYLOAD_FIELDS; i++)
        len[i] = strlen(field[i]);
    char *yaml = ts_payload_scenario(field, len, 20);
    ts_test_write_file(f->file, yaml);
    free(yaml);
    char out[700], path[800];
    snprintf(out, sizeof out, "%s/out", f->dir);
    const char *argv[] = {"talentsim", f->file, "-o", out, "--no-plots",
                          "--quiet", NULL};
    ts_test_run(argv, &f->r);
    assert_int_equal(f->r.status, 0);
    snprintf(path, sizeof path, "%s/executives.csv", out);
    assert_int_equal(assert_no_formula(path), 2);
    snprintf(path, sizeof path, "%s/predictions.csv", out);
    assert_int_equal(assert_no_formula(path), 3); /* two rows of `moves` */
    char *text = ts_test_file_text(path, NULL);
    assert_non_null(strstr(text, ",\"'+cmd|' /C calc'!A0\"\n"));
    assert_non_null(strstr(text, ",\"'-2+3\"\n"));
    free(text);
}

/* Labels that look like SVG attributes survive report.html's inlining;
 * the charts' own ids are still given their prefix. */
static void report_svg_text(void **state)
{
    fixture *f = *state;
    if (!ts_test_have_gnuplot())
        skip();
    ts_test_write_file(f->file,
                       "scenario: {name: svg, start: 2024-01, horizon: 12, "
                       "runs: 0}\npools:\n"
                       "  - {id: a, label: \"valid='yes' url(#x)\", "
                       "headcount: 1000, retention: 0.8}\n"
                       "  - {id: b, label: \"ns xmlns=' eats\", headcount: "
                       "500, retention: 0.8}\n");
    char out[700], path[800];
    snprintf(out, sizeof out, "%s/out", f->dir);
    const char *argv[] = {"talentsim", "report", f->file, "-o", out,
                          "--quiet", NULL};
    ts_test_run(argv, &f->r);
    assert_int_equal(f->r.status, 0);
    snprintf(path, sizeof path, "%s/report.html", out);
    char *html = ts_test_file_text(path, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, ">valid='yes' url(#x)<"));
    assert_non_null(strstr(html, ">ns xmlns=' eats<"));
    assert_null(strstr(html, "stocks_yes"));
    assert_null(strstr(html, "url(#stocks_x)"));
    assert_non_null(strstr(html, "id=\"stocks_gnuplot_canvas\""));
    assert_null(strstr(html, " xmlns=\"http"));
    free(html);
}

/* The terminal routine itself: what it escapes, what it keeps, and a
 * printf that escapes its strings and nothing else. */
static void terminal_routine(void **state)
{
    (void)state;
    char buf[256];
    ts_term_escape(buf, sizeof buf, "a\nb\tc\rd\x1b[2J\x7f");
    assert_string_equal(buf, "a\\nb\\tc\\rd\\x1b[2J\\x7f");
    /* C1 NEL, a right-to-left override, a stray byte; kept: e acute, CJK */
    ts_term_escape(buf, sizeof buf, "\xc2\x85|\xe2\x80\xae|\xff|\xc3\xa9|"
                                   "\xe6\x9d\xb1");
    assert_string_equal(buf, "\\u0085|\\u202e|\\xff|\xc3\xa9|\xe6\x9d\xb1");
    /* invisible: zero-width space, line separator, byte-order mark,
     * word joiner, the noncharacter U+FFFE */
    ts_term_escape(buf, sizeof buf, "\xe2\x80\x8b|\xe2\x80\xa8|\xef\xbb\xbf|"
                                   "\xe2\x81\xa0|\xef\xbf\xbe");
    assert_string_equal(buf, "\\u200b|\\u2028|\\ufeff|\\u2060|\\ufffe");
    /* run.yaml's routine: what YAML cannot hold raw is escaped, so that
     * the file reads back (libyaml refuses C1 controls and U+FFFE) */
    char *yaml = NULL;
    size_t yaml_len = 0;
    FILE *y = open_memstream(&yaml, &yaml_len);
    fputs("name: ", y);
    ts_yaml_text(y, "a\xc2\x80" "b\xc2\x9f\xef\xbf\xbe\xc2\x85\xc3\xa9");
    fputc('\n', y);
    fclose(y);
    assert_string_equal(yaml, "name: \"a\\u0080b\\u009f\\ufffe\xc2\x85\xc3\xa9\"\n");
    yaml_parser_t parser;
    yaml_document_t doc;
    assert_true(yaml_parser_initialize(&parser));
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml,
                                 yaml_len);
    assert_true(yaml_parser_load(&parser, &doc));
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    assert_non_null(root);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    free(yaml);
    /* truncation reports the whole length, as snprintf, and never cuts an
     * escape in half */
    char small[4];
    assert_int_equal(ts_term_escape(small, sizeof small, "\n\n"), 4);
    assert_string_equal(small, "\\n");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    ts_term_printf(f, "%-6s|%.3s|%c|%zu|%5.1f|%%|%s\n", "ab", "x\ny\nz",
                   '\a', (size_t)42, 2.25, "\x1b]0;T\x07");
    fclose(f);
    assert_string_equal(out, "ab    |x\\ny|\\x07|42|  2.2|%|\\x1b]0;T\\x07\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terminal_routine),
        cmocka_unit_test_setup_teardown(controls, setup, teardown),
        cmocka_unit_test_setup_teardown(every_field_every_command, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(set_scenario_name, setup, teardown),
        cmocka_unit_test_setup_teardown(file_name, setup, teardown),
        cmocka_unit_test_setup_teardown(apostrophes_draw, setup, teardown),
        cmocka_unit_test_setup_teardown(terminal_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_formulas, setup, teardown),
        cmocka_unit_test_setup_teardown(report_svg_text, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
