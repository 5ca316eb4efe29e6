#include "sim/studies/forecast_read.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "models/limits.h"
#include "models/yaml_value.h"

/* Each line of a forecast's CSV is at most this long. */
#define LINE_MAX_BYTES 65536

typedef struct csv_file {
    FILE *f;
    char path[TS_PATH_MAX];
    size_t line;
    char buf[LINE_MAX_BYTES];
} csv_file;

static ts_status open_in(const char *dir, const char *name, csv_file *c,
                         ts_diags *d)
{
    snprintf(c->path, sizeof c->path, "%s/%s", dir, name);
    c->line = 0;
    if (!(c->f = fopen(c->path, "r")))
        return ts_diag_add(d, ts_usage_mark, "%s is not a forecast's "
                           "output directory: %s: %s", dir, name,
                           strerror(errno));
    return TS_OK;
}

/* The next line without its newline; false at the end. An overlong line
 * is an error. */
static bool next_line(csv_file *c, ts_status *st, ts_diags *d)
{
    if (!fgets(c->buf, sizeof c->buf, c->f))
        return false;
    c->line++;
    size_t len = strlen(c->buf);
    if (len + 1 == sizeof c->buf && c->buf[len - 1] != '\n') {
        ts_mark m = {c->path, c->line, 1};
        *st = ts_diag_add(d, m, "line longer than %d bytes", LINE_MAX_BYTES);
        return false;
    }
    c->buf[strcspn(c->buf, "\r\n")] = '\0';
    return true;
}

/* Splits the line into at most n fields at commas (the forecast's own
 * fields hold no commas before its last, free-text column); how many. */
static size_t fields(char *line, char **out, size_t n, size_t *cols)
{
    size_t k = 0;
    char *s = line;
    while (k < n) {
        out[k] = s;
        cols[k++] = (size_t)(s - line) + 1;
        char *comma = strchr(s, ',');
        if (!comma)
            break;
        *comma = '\0';
        s = comma + 1;
    }
    return k;
}

/* A number field: empty is NaN. */
static ts_status number(csv_file *c, const char *text, size_t col,
                        double *out, ts_diags *d)
{
    if (!*text) {
        *out = NAN;
        return TS_OK;
    }
    if (ts_parse_number(text, out))
        return TS_OK;
    ts_mark m = {c->path, c->line, col};
    return ts_diag_add(d, m, "'%s' is not a number", text);
}

static ts_status expect_header(csv_file *c, const char *want, ts_diags *d)
{
    ts_status st = TS_OK;
    if (!next_line(c, &st, d) || strncmp(c->buf, want, strlen(want)) != 0) {
        ts_mark m = {c->path, 1, 1};
        return st != TS_OK ? st
                           : ts_diag_add(d, m, "expected the header %s",
                                         want);
    }
    return TS_OK;
}

static ts_status read_predictions(const char *dir, const ts_record *r,
                                  ts_forecast *f, ts_diags *d)
{
    csv_file *c = malloc(sizeof *c);
    ts_status st = c ? open_in(dir, "predictions.csv", c, d)
                     : ts_diag_nomem(d);
    if (st == TS_OK)
        st = expect_header(c, "id,probability,stderr,method", d);
    while (st == TS_OK && next_line(c, &st, d)) {
        char *fl[4];
        size_t cols[4];
        double p;
        if (fields(c->buf, fl, 4, cols) < 4) {
            ts_mark m = {c->path, c->line, 1};
            st = ts_diag_add(d, m, "expected id,probability,stderr,method");
            break;
        }
        if ((st = number(c, fl[1], cols[1], &p, d)) != TS_OK)
            break;
        /* a `record` row is the claim's only one, and exact */
        bool exact = strcmp(fl[3], "exact") == 0 ||
                     strcmp(fl[3], "record") == 0;
        for (size_t i = 0; i < r->n_outcomes; i++) {
            if (strcmp(r->outcomes[i].id, fl[0]) != 0)
                continue;
            /* the exact row where there is one */
            if (!f->has_claim[i] || (exact && !f->claim[i].exact))
                f->claim[i] = (ts_forecast_claim){p, exact};
            f->has_claim[i] = true;
        }
    }
    if (c && c->f)
        fclose(c->f);
    free(c);
    return st;
}

static ts_status read_stocks(const char *dir, const ts_record *r,
                             ts_forecast *f, ts_diags *d)
{
    csv_file *c = malloc(sizeof *c);
    ts_status st = c ? open_in(dir, "stocks.csv", c, d) : ts_diag_nomem(d);
    if (st == TS_OK)
        st = expect_header(c, "step,date,years,pool,deterministic,mean,sd,"
                              "p05,p25,p50,p75,p95", d);
    while (st == TS_OK && next_line(c, &st, d)) {
        char *fl[12];
        size_t cols[12];
        ts_month date;
        if (fields(c->buf, fl, 12, cols) < 12 ||
            !ts_month_parse(fl[1], &date)) {
            ts_mark m = {c->path, c->line, 1};
            st = ts_diag_add(d, m, "expected a row of stocks.csv");
            break;
        }
        for (size_t i = 0; st == TS_OK && i < r->n_headcounts; i++) {
            if (r->headcounts[i].at != date ||
                strcmp(r->headcounts[i].pool, fl[3]) != 0)
                continue;
            ts_forecast_stock *s = &f->stock[i];
            s->found = true;
            st = number(c, fl[4], cols[4], &s->deterministic, d);
            for (size_t k = 0; st == TS_OK && k < 5; k++)
                st = number(c, fl[7 + k], cols[7 + k], &s->q[k], d);
            s->has_runs = !isnan(s->q[2]);
        }
    }
    if (c && c->f)
        fclose(c->f);
    free(c);
    return st;
}

/* run.yaml's scenarios[0].as_of. */
static ts_status read_as_of(const char *dir, ts_forecast *f, ts_diags *d)
{
    char path[TS_PATH_MAX];
    snprintf(path, sizeof path, "%s/run.yaml", dir);
    FILE *in = fopen(path, "r");
    if (!in)
        return ts_diag_add(d, ts_usage_mark, "%s is not a forecast's "
                           "output directory: run.yaml: %s", dir,
                           strerror(errno));
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, in);
    bool loaded = yaml_parser_load(&parser, &doc);
    yaml_node_t *root = loaded ? yaml_document_get_root_node(&doc) : NULL;
    yaml_node_t *list = ts_yaml_lookup(&doc, root, "scenarios", NULL);
    yaml_node_t *first =
        list && list->type == YAML_SEQUENCE_NODE &&
                list->data.sequence.items.start <
                    list->data.sequence.items.top
            ? yaml_document_get_node(&doc, list->data.sequence.items.start[0])
            : NULL;
    yaml_node_t *date = ts_yaml_lookup(&doc, first, "as_of", NULL);
    const char *as_of = date && date->type == YAML_SCALAR_NODE
                            ? (const char *)date->data.scalar.value
                            : NULL;
    ts_status st = TS_OK;
    if (!as_of || !ts_month_parse(as_of, &f->as_of)) {
        ts_mark m = {path, 1, 1};
        st = ts_diag_add(d, m, "run.yaml says no forecast date (scenarios: "
                         "- as_of: YYYY-MM)");
    }
    if (loaded)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(in);
    return st;
}

ts_status ts_forecast_read(const char *dir, const ts_record *r,
                           ts_forecast **out, ts_diags *d)
{
    *out = NULL;
    ts_forecast *f = calloc(1, sizeof *f);
    if (f) {
        f->dir = dir;
        f->claim = calloc(r->n_outcomes + 1, sizeof *f->claim);
        f->has_claim = calloc(r->n_outcomes + 1, sizeof *f->has_claim);
        f->stock = calloc(r->n_headcounts + 1, sizeof *f->stock);
    }
    if (!f || !f->claim || !f->has_claim || !f->stock) {
        ts_forecast_destroy(f);
        ts_diag_nomem(d);
        return TS_ERUNTIME;
    }
    ts_status st = read_as_of(dir, f, d);
    if (st == TS_OK)
        st = read_predictions(dir, r, f, d);
    if (st == TS_OK)
        st = read_stocks(dir, r, f, d);
    if (st != TS_OK) {
        ts_forecast_destroy(f);
        return st;
    }
    *out = f;
    return TS_OK;
}

void ts_forecast_destroy(ts_forecast *f)
{
    if (!f)
        return;
    free(f->claim);
    free(f->has_claim);
    free(f->stock);
    free(f);
}
