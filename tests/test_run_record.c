/* run.yaml (SPEC section 7): it parses as YAML with the keys it should
 * have and no others, even when the command line carries quotes, line
 * breaks and would-be keys; its SHA-256s are those coreutils' sha256sum
 * computes; and re-running its command line in its directory writes
 * every other file of the output directory again, byte for byte, for a
 * run, a study and a comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <yaml.h>

#include "tests/harness.h"

#define MAX_ARGS 32

/* What the test reads back from run.yaml. */
typedef struct record {
    char *keys[16];
    size_t n_keys;
    char *command[MAX_ARGS + 1];
    size_t n_command;
    char *files[8], *sha[8];
    size_t n_files;
    char *directory;
} record;

static char *scalar(yaml_document_t *doc, yaml_node_t *n)
{
    (void)doc;
    assert_int_equal(n->type, YAML_SCALAR_NODE);
    return strndup((const char *)n->data.scalar.value,
                   n->data.scalar.length);
}

static yaml_node_t *get(yaml_document_t *doc, yaml_node_t *map,
                        const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (strcmp((const char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    fail_msg("run.yaml has no key %s", key);
    return NULL;
}

/* The scenarios' files and hashes, in order. */
static void read_files(yaml_document_t *doc, yaml_node_t *scenarios,
                       record *rec)
{
    for (yaml_node_item_t *s = scenarios->data.sequence.items.start;
         s < scenarios->data.sequence.items.top; s++) {
        yaml_node_t *files =
            get(doc, yaml_document_get_node(doc, *s), "files");
        for (yaml_node_item_t *f = files->data.sequence.items.start;
             f < files->data.sequence.items.top && rec->n_files < 8; f++) {
            yaml_node_t *file = yaml_document_get_node(doc, *f);
            rec->files[rec->n_files] = scalar(doc, get(doc, file, "file"));
            rec->sha[rec->n_files++] = scalar(doc, get(doc, file, "sha256"));
        }
    }
}

static void read_record(const char *path, record *rec)
{
    memset(rec, 0, sizeof *rec);
    char *text = ts_test_file_text(path, NULL);
    assert_non_null(text);
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text,
                                 strlen(text));
    assert_true(yaml_parser_load(&parser, &doc));
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    assert_int_equal(root->type, YAML_MAPPING_NODE);
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         p < root->data.mapping.pairs.top && rec->n_keys < 16; p++)
        rec->keys[rec->n_keys++] =
            scalar(&doc, yaml_document_get_node(&doc, p->key));
    yaml_node_t *cmd = get(&doc, root, "command");
    for (yaml_node_item_t *i = cmd->data.sequence.items.start;
         i < cmd->data.sequence.items.top && rec->n_command < MAX_ARGS; i++)
        rec->command[rec->n_command++] =
            scalar(&doc, yaml_document_get_node(&doc, *i));
    rec->directory = scalar(&doc, get(&doc, root, "directory"));
    read_files(&doc, get(&doc, root, "scenarios"), rec);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    free(text);
}

static void free_record(record *rec)
{
    for (size_t i = 0; i < rec->n_keys; i++)
        free(rec->keys[i]);
    for (size_t i = 0; i < rec->n_command; i++)
        free(rec->command[i]);
    for (size_t i = 0; i < rec->n_files; i++) {
        free(rec->files[i]);
        free(rec->sha[i]);
    }
    free(rec->directory);
}

/* sha256sum's hash of path. */
static void coreutils_sha(const char *path, char *hex)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_int_equal(fscanf(p, "%64s", hex), 1);
    pclose(p);
}

/* Every file of dir but run.yaml, name and bytes, into a listing. */
static char *listing(const char *dir)
{
    size_t cap = 1 << 22, len = 0;
    char *all = malloc(cap);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    assert_true(n > 2);
    for (int i = 0; i < n; i++) {
        char path[1200];
        const char *name = names[i]->d_name;
        if (name[0] != '.' && strcmp(name, "run.yaml") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, name);
            size_t size = 0;
            char *text = ts_test_file_text(path, &size);
            assert_non_null(text);
            assert_true(len + strlen(name) + size + 2 < cap);
            len += (size_t)sprintf(all + len, "%s\n", name);
            memcpy(all + len, text, size);
            len += size;
            free(text);
        }
        free(names[i]);
    }
    free(names);
    all[len] = '\0';
    return all;
}

/* Runs argv, then the command line its run.yaml records, in the
 * directory it records, and compares the two output directories. */
static void round_trip(const char *const *argv, const char *out)
{
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    assert_int_equal(r->status, 0);
    char path[1200], here[1024];
    snprintf(path, sizeof path, "%s/run.yaml", out);
    record rec;
    read_record(path, &rec);
    for (size_t i = 0; argv[i]; i++)
        assert_string_equal(rec.command[i], argv[i]);
    assert_non_null(getcwd(here, sizeof here));
    assert_string_equal(rec.directory, here);
    for (size_t i = 0; i < rec.n_files; i++) {
        char hex[65];
        coreutils_sha(rec.files[i], hex);
        assert_string_equal(rec.sha[i], hex);
    }
    char *before = listing(out);
    rec.command[rec.n_command] = NULL;
    ts_test_run((const char *const *)rec.command, r);
    assert_int_equal(r->status, 0);
    char *after = listing(out);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free_record(&rec);
    free(r);
}

static void reruns_write_the_same_files(void **state)
{
    (void)state;
    char dir[256], out[3][512], base[512], variant[512];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(base, sizeof base, "%s/base.yaml", dir);
    snprintf(variant, sizeof variant, "%s/variant.yaml", dir);
    ts_test_write_file(base,
        "scenario: {name: base, start: 2024-01, horizon: 12, runs: 50}\n"
        "pools:\n"
        "  - {id: a, headcount: 1000, inflow: 100, retention: "
        "{range: [0.8, 0.9]}, to: {b: 0.5}}\n"
        "  - {id: b, headcount: 500, retention: 0.9}\n");
    ts_test_write_file(variant, "extends: base.yaml\n"
                                "scenario: {name: variant}\n");
    for (int i = 0; i < 3; i++)
        snprintf(out[i], sizeof out[i], "%s/out%d", dir, i);
    const char *run[] = {"talentsim", variant, "--set",
                         "pools.a.inflow=200", "--no-plots", "-o", out[0],
                         NULL};
    round_trip(run, out[0]);
    const char *tornado[] = {"talentsim", "tornado", variant, "--metric",
                             "b", "--no-plots", "-o", out[1], NULL};
    round_trip(tornado, out[1]);
    const char *compare[] = {"talentsim", "compare", base, variant,
                             "--no-plots", "-o", out[2], NULL};
    round_trip(compare, out[2]);
    ts_test_rmtree(dir);
}

/* Quotes, line breaks and a would-be key in the command line stay text:
 * the same keys, the same arguments back. */
static void nothing_forges_a_key(void **state)
{
    (void)state;
    char dir[256], out[512], file[512];
    ts_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/s.yaml", dir);
    snprintf(out, sizeof out, "%s/o\"\nmade: forged \\ \x01 \xff", dir);
    ts_test_write_file(file,
        "scenario: {start: 2024-01, horizon: 6, runs: 0}\n"
        "pools:\n  - {id: a, headcount: 10, retention: 0.9}\n");
    const char *argv[] = {"talentsim", file, "--set",
                          "scenario.name=\"x\\\" \\nseed: 1\"", "--no-plots",
                          "-o",
                          out, NULL};
    ts_run_result *r = malloc(sizeof *r);
    ts_test_run(argv, r);
    assert_int_equal(r->status, 0);
    char path[1200];
    snprintf(path, sizeof path, "%s/run.yaml", out);
    record rec;
    read_record(path, &rec);
    const char *keys[] = {"talentsim", "command", "directory", "threads",
                          "scenarios", "made"};
    assert_int_equal(rec.n_keys, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(rec.keys[i], keys[i]);
    assert_int_equal(rec.n_command, 7);
    for (size_t i = 1; i < 6; i++)
        assert_string_equal(rec.command[i], argv[i]);
    /* the byte that is not UTF-8 reads back as U+00FF, the rest as is */
    assert_non_null(strstr(rec.command[6], "\nmade: forged \\ \x01 "
                                           "\xc3\xbf"));
    free_record(&rec);
    free(r);
    ts_test_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reruns_write_the_same_files),
        cmocka_unit_test(nothing_forges_a_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
