#include "sim/studies/forecast_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "models/base/csv_read.h"
#include "models/base/file_read.h"
#include "models/base/limits.h"
#include "models/base/sources.h"
#include "models/yaml/yaml_doc.h"
#include "models/yaml/yaml_value.h"

/* What one forecast's files may weigh (README, Limits): run.yaml is a
 * page; stocks.csv of the largest run (200 pools, 6,000 steps) is about
 * 180 MB. Read whole, as regular files only. */
#define TS_MAX_RUN_YAML_BYTES (1024u * 1024)
#define TS_MAX_FORECAST_CSV_BYTES (256u * 1024 * 1024)

/* One of dir's files, whole: a FIFO, a device or a link to one is
 * refused, as the loader refuses them. */
static ts_status read_whole(const char *dir, const char *name, size_t max,
                            char *path, char **text, size_t *len,
                            ts_diags *d)
{
    char why[TS_PATH_MAX + 300];
    bool runtime;
    int n = snprintf(path, TS_PATH_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= TS_PATH_MAX)
        return ts_diag_add(d, ts_usage_mark, "the path of %s in '%s' is "
                           "too long", name, dir);
    *text = ts_file_read_regular(path, max, "forecast file", len, why,
                                 sizeof why, &runtime);
    if (*text)
        return TS_OK;
    if (runtime)
        return ts_diag_runtime(d, "%s", why);
    return ts_diag_add(d, ts_usage_mark, "%s is not a forecast's output "
                       "directory: %s: %s", dir, name, why);
}

/* A number field: empty is NaN. */
static ts_status number(const ts_csv_field *fl, double *out, ts_diags *d)
{
    if (fl->len == 0) {
        *out = NAN;
        return TS_OK;
    }
    if (ts_parse_number(fl->text, out) && isfinite(*out))
        return TS_OK;
    return ts_diag_add(d, fl->mark, "'%s' is not a number", fl->text);
}

/* Whether the header row names exactly `want`'s columns, in order. */
static bool header_is(const ts_csv_field *fl, size_t n, const char *want)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(want, ",");
        if (fl[i].len != len || strncmp(fl[i].text, want, len) != 0)
            return false;
        want += len;
        if (*want == '\0')
            return i + 1 == n;
        want++;
    }
    return false;
}

/* The record's outcomes sorted by id and headcounts by date and pool,
 * so that each row of a forecast finds its entries by bisection: the
 * work is rows x log(entries), not rows x entries. */
typedef struct record_index {
    const ts_outcome **outcome;
    const ts_record_headcount **headcount;
} record_index;

static int by_id(const void *a, const void *b)
{
    const ts_outcome *x = *(const ts_outcome *const *)a,
                     *y = *(const ts_outcome *const *)b;
    return strcmp(x->id, y->id);
}

static int by_at_pool(const void *a, const void *b)
{
    const ts_record_headcount *x = *(const ts_record_headcount *const *)a,
                              *y = *(const ts_record_headcount *const *)b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return strcmp(x->pool, y->pool);
}

static bool index_make(const ts_record *r, record_index *ix)
{
    ix->outcome = calloc(r->n_outcomes + 1, sizeof *ix->outcome);
    ix->headcount = calloc(r->n_headcounts + 1, sizeof *ix->headcount);
    if (!ix->outcome || !ix->headcount)
        return false;
    for (size_t i = 0; i < r->n_outcomes; i++)
        ix->outcome[i] = &r->outcomes[i];
    for (size_t i = 0; i < r->n_headcounts; i++)
        ix->headcount[i] = &r->headcounts[i];
    qsort(ix->outcome, r->n_outcomes, sizeof *ix->outcome, by_id);
    qsort(ix->headcount, r->n_headcounts, sizeof *ix->headcount,
          by_at_pool);
    return true;
}

static void index_free(record_index *ix)
{
    free(ix->outcome);
    free(ix->headcount);
}

/* The first of n sorted entries not below key, by cmp. */
static size_t lower_bound(const void *const *sorted, size_t n,
                          const void *key, int (*cmp)(const void *,
                                                      const void *))
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(&sorted[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef struct csv_reading {
    const char *header;       /* the columns expected */
    size_t columns;
    bool header_read;
    const ts_record *r;
    const record_index *ix;
    ts_forecast *f;
    ts_status (*row)(struct csv_reading *c, const ts_csv_field *fl,
                     ts_diags *d);
} csv_reading;

static ts_status on_row(void *ctx, const ts_csv_field *fl, size_t n,
                        ts_mark row, ts_diags *d)
{
    csv_reading *c = ctx;
    if (!c->header_read) {
        c->header_read = true;
        if (!header_is(fl, n, c->header))
            return ts_diag_add(d, row, "expected the header %s", c->header);
        return TS_OK;
    }
    if (n != c->columns)
        return ts_diag_add(d, row, "expected %zu fields (%s), got %zu",
                           c->columns, c->header, n);
    return c->row(c, fl, d);
}

static ts_status prediction_row(csv_reading *c, const ts_csv_field *fl,
                                ts_diags *d)
{
    double p;
    ts_status st = number(&fl[1], &p, d);
    if (st != TS_OK)
        return st;
    if (!isnan(p) && (p < 0 || p > 1))
        return ts_diag_add(d, fl[1].mark, "a probability lies in [0, 1], "
                           "got %s", fl[1].text);
    /* a `record` row is the claim's only one, and exact; an `averaged`
     * row (SPEC section 11) is read as an exact one */
    bool exact = strcmp(fl[3].text, "exact") == 0 ||
                 strcmp(fl[3].text, "record") == 0 ||
                 strcmp(fl[3].text, "averaged") == 0;
    const ts_record *r = c->r;
    ts_outcome key = {.id = (char *)fl[0].text};
    for (size_t k = lower_bound((const void *const *)c->ix->outcome,
                                r->n_outcomes, &key, by_id);
         k < r->n_outcomes && strcmp(c->ix->outcome[k]->id, key.id) == 0;
         k++) {
        size_t i = (size_t)(c->ix->outcome[k] - r->outcomes);
        ts_forecast *f = c->f;
        /* the exact row where there is one */
        if (!f->has_claim[i] || (exact && !f->claim[i].exact))
            f->claim[i] = (ts_forecast_claim){p, exact};
        f->has_claim[i] = true;
    }
    return TS_OK;
}

static ts_status stock_row(csv_reading *c, const ts_csv_field *fl,
                           ts_diags *d)
{
    ts_month date;
    if (!ts_month_parse(fl[1].text, &date))
        return ts_diag_add(d, fl[1].mark, "'%s' is not a month YYYY-MM",
                           fl[1].text);
    double det, q[5];
    ts_status st = number(&fl[4], &det, d);
    for (size_t k = 0; st == TS_OK && k < 5; k++)
        st = number(&fl[7 + k], &q[k], d);
    if (st != TS_OK)
        return st;
    for (size_t k = 1; k < 5; k++)
        if (!isnan(q[k]) && !isnan(q[k - 1]) && q[k] < q[k - 1])
            return ts_diag_add(d, fl[7 + k].mark, "the quantiles of a row "
                               "are in order (p05 <= p25 <= p50 <= p75 <= "
                               "p95), and %s is below the one before",
                               fl[7 + k].text);
    const ts_record *r = c->r;
    ts_record_headcount key = {.pool = (char *)fl[3].text, .at = date};
    for (size_t k = lower_bound((const void *const *)c->ix->headcount,
                                r->n_headcounts, &key, by_at_pool);
         k < r->n_headcounts && by_at_pool(&c->ix->headcount[k],
                                           &(const void *){&key}) == 0;
         k++) {
        size_t i = (size_t)(c->ix->headcount[k] - r->headcounts);
        ts_forecast_stock *s = &c->f->stock[i];
        s->found = true;
        s->deterministic = det;
        memcpy(s->q, q, sizeof q);
        s->has_runs = !isnan(q[2]);
    }
    return TS_OK;
}

/* dir's `name`, read by the one CSV reader (quotes, line breaks inside
 * a quoted text, every mistake at its FILE:LINE:COL). */
static ts_status read_csv(const char *dir, const char *name,
                          csv_reading *c, ts_diags *d)
{
    char path[TS_PATH_MAX], *text = NULL;
    size_t len = 0;
    ts_status st = read_whole(dir, name, TS_MAX_FORECAST_CSV_BYTES, path,
                              &text, &len, d);
    const char *file = st == TS_OK ? ts_sources_intern(c->f->names,
                                                               path)
                                   : NULL;
    if (st == TS_OK && !file)
        st = ts_diag_nomem(d);
    if (st == TS_OK)
        st = ts_csv_read(text, len, file, on_row, c, d);
    if (st == TS_OK && !c->header_read) {
        ts_mark m = {file, 1, 1};
        st = ts_diag_add(d, m, "expected the header %s", c->header);
    }
    free(text);
    return st;
}

/* run.yaml's scenarios[0].as_of, read under the loader's limits
 * (nesting, aliases, size). */
static ts_status read_as_of(const char *dir, ts_forecast *f, ts_diags *d)
{
    char path[TS_PATH_MAX], *text = NULL;
    size_t len = 0;
    ts_status st = read_whole(dir, "run.yaml", TS_MAX_RUN_YAML_BYTES, path,
                              &text, &len, d);
    const char *file = st == TS_OK ? ts_sources_intern(f->names,
                                                               path)
                                   : NULL;
    if (st == TS_OK && !file)
        st = ts_diag_nomem(d);
    yaml_parser_t parser;
    yaml_document_t doc;
    bool parser_made = false, loaded = false, empty = true;
    if (st == TS_OK && !(parser_made = yaml_parser_initialize(&parser)))
        st = ts_diag_nomem(d);
    if (st == TS_OK) {
        yaml_parser_set_input_string(&parser, (const unsigned char *)text,
                                     len);
        st = ts_yaml_doc_load(&parser, file, &doc, &empty, d);
        loaded = st == TS_OK;
    }
    yaml_node_t *root = loaded && !empty ? yaml_document_get_root_node(&doc)
                                         : NULL;
    yaml_node_t *list = root ? ts_yaml_lookup(&doc, root, "scenarios", NULL)
                             : NULL;
    yaml_node_t *first =
        list && list->type == YAML_SEQUENCE_NODE &&
                list->data.sequence.items.start <
                    list->data.sequence.items.top
            ? yaml_document_get_node(&doc, list->data.sequence.items.start[0])
            : NULL;
    yaml_node_t *date = first ? ts_yaml_lookup(&doc, first, "as_of", NULL)
                              : NULL;
    const char *as_of = date && date->type == YAML_SCALAR_NODE
                            ? (const char *)date->data.scalar.value
                            : NULL;
    if (st == TS_OK && (!as_of || !ts_month_parse(as_of, &f->as_of))) {
        ts_mark m = {file, 1, 1};
        st = ts_diag_add(d, m, "run.yaml says no forecast date (scenarios: "
                         "- as_of: YYYY-MM)");
    }
    if (loaded && !empty)
        yaml_document_delete(&doc);
    if (parser_made)
        yaml_parser_delete(&parser);
    free(text);
    return st;
}

ts_status ts_forecast_read(const char *dir, const ts_record *r,
                           ts_forecast **out, ts_diags *d)
{
    *out = NULL;
    ts_forecast *f = calloc(1, sizeof *f);
    if (f && (f->names = calloc(1, sizeof *f->names))) {
        f->dir = dir;
        f->claim = calloc(r->n_outcomes + 1, sizeof *f->claim);
        f->has_claim = calloc(r->n_outcomes + 1, sizeof *f->has_claim);
        f->stock = calloc(r->n_headcounts + 1, sizeof *f->stock);
    }
    if (!f || !f->names || !f->claim || !f->has_claim || !f->stock) {
        ts_forecast_destroy(f);
        return ts_diag_nomem(d);
    }
    record_index ix;
    if (!index_make(r, &ix)) {
        index_free(&ix);
        ts_forecast_destroy(f);
        return ts_diag_nomem(d);
    }
    csv_reading predictions = {"id,probability,stderr,method,text", 5,
                               false, r, &ix, f, prediction_row};
    csv_reading stocks = {"step,date,years,pool,deterministic,mean,sd,p05,"
                          "p25,p50,p75,p95", 12, false, r, &ix, f,
                          stock_row};
    ts_status st = read_as_of(dir, f, d);
    if (st == TS_OK)
        st = read_csv(dir, "predictions.csv", &predictions, d);
    if (st == TS_OK)
        st = read_csv(dir, "stocks.csv", &stocks, d);
    index_free(&ix);
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
    if (f->names)
        ts_sources_free(f->names);
    free(f->names);
    free(f);
}
