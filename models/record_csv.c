#include "models/record_csv.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/csv_read.h"
#include "models/date.h"
#include "models/file_read.h"
#include "models/limits.h"
#include "models/scenario.h"
#include "models/source_text.h"
#include "models/suggest.h"

enum { COL_WHO, COL_AT, COL_TO, COL_FROM, COL_COUNT, N_COLS };
static const char *const columns[N_COLS] = {"who", "at", "to", "from",
                                            "count"};
#define N_REQUIRED 3

/* The reading of one file: which field each column is, the moves so
 * far. */
typedef struct moves_csv {
    ts_record *r;
    size_t cap;
    int field_of[N_COLS];    /* -1: not in the header */
    size_t n_fields;
    bool header_read, header_ok;
    bool too_many;           /* stopped at TS_MAX_RECORD_CSV_ROWS */
} moves_csv;

static ts_status read_header(moves_csv *m, const ts_csv_field *f, size_t n,
                             ts_mark row, ts_diags *d)
{
    ts_status st = TS_OK;
    m->header_read = true;
    m->n_fields = n;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        while (c < N_COLS && strcmp(columns[c], f[i].text) != 0)
            c++;
        const char *hint = ts_suggest(f[i].text, columns, N_COLS);
        if (c == N_COLS)
            st = hint ? ts_diag_add(d, f[i].mark, "unknown column '%s' in a "
                                    "record's moves; did you mean '%s'? "
                                    "(who,at,to[,from][,count])", f[i].text,
                                    hint)
                      : ts_diag_add(d, f[i].mark, "unknown column '%s' in a "
                                    "record's moves (who,at,to[,from]"
                                    "[,count])", f[i].text);
        else if (m->field_of[c] >= 0)
            st = ts_diag_add(d, f[i].mark, "column '%s' twice", f[i].text);
        else
            m->field_of[c] = (int)i;
    }
    for (size_t c = 0; c < N_REQUIRED; c++)
        if (m->field_of[c] < 0)
            st = ts_diag_add(d, row, "the header has no '%s' column: a "
                             "record's moves need who,at,to (from and "
                             "count may follow)", columns[c]);
    m->header_ok = st == TS_OK;
    return st;
}

static char *copy(const ts_csv_field *f)
{
    char *s = malloc(f->len + 1);
    if (s)
        memcpy(s, f->text, f->len + 1);
    return s;
}

/* A field that must not be empty, copied into *out. */
static ts_status text_field(const ts_csv_field *f, const char *what,
                            char **out, ts_diags *d)
{
    if (f->len == 0)
        return ts_diag_add(d, f->mark, "%s is empty", what);
    if (!(*out = copy(f)))
        return ts_diag_add(d, f->mark, "out of memory");
    return TS_OK;
}

static ts_status count_field(const ts_csv_field *f, ts_record_move *mv,
                             ts_diags *d)
{
    char *end = NULL;
    unsigned long long c = strtoull(f->text, &end, 10);
    mv->has_count = true;
    mv->count_mark = f->mark;
    if (f->len == 0 || f->text[0] < '0' || f->text[0] > '9' || *end ||
        c > TS_MAX_EXEC_PEOPLE)
        return ts_diag_add(d, f->mark, "count must be a whole number from 1 "
                           "to %d, got '%s'", TS_MAX_EXEC_PEOPLE, f->text);
    if (c == 0)
        return ts_diag_add(d, f->mark, "count must be at least 1: how many "
                           "of the group moved");
    mv->count = (size_t)c;
    return TS_OK;
}

static ts_status read_move(ts_record_move *mv, const moves_csv *m,
                           const ts_csv_field *f, ts_diags *d)
{
    const ts_csv_field *who = &f[m->field_of[COL_WHO]],
                       *at = &f[m->field_of[COL_AT]],
                       *to = &f[m->field_of[COL_TO]];
    mv->count = 1;
    mv->who_mark = who->mark;
    mv->at_mark = at->mark;
    mv->to_mark = to->mark;
    ts_status st = text_field(who, "who", &mv->who, d);
    if (!ts_month_parse(at->text, &mv->at))
        st = ts_diag_add(d, at->mark, "at must be a month written YYYY-MM "
                         "(year %d or later), got '%s'", TS_YEAR_MIN,
                         at->text);
    if (text_field(to, "to", &mv->to, d) != TS_OK)
        st = TS_EINPUT;
    if (m->field_of[COL_FROM] >= 0 && f[m->field_of[COL_FROM]].len > 0) {
        const ts_csv_field *from = &f[m->field_of[COL_FROM]];
        mv->from_mark = from->mark;
        if (text_field(from, "from", &mv->from, d) != TS_OK)
            st = TS_EINPUT;
    }
    if (m->field_of[COL_COUNT] >= 0 && f[m->field_of[COL_COUNT]].len > 0 &&
        count_field(&f[m->field_of[COL_COUNT]], mv, d) != TS_OK)
        st = TS_EINPUT;
    return st;
}

static bool grow(moves_csv *m)
{
    ts_record *r = m->r;
    if (r->n_moves < m->cap)
        return true;
    size_t cap = m->cap ? 2 * m->cap : 1024;
    ts_record_move *v = realloc(r->moves, cap * sizeof *v);
    if (!v)
        return false;
    r->moves = v;
    m->cap = cap;
    return true;
}

static ts_status on_row(void *ctx, const ts_csv_field *f, size_t n,
                        ts_mark row, ts_diags *d)
{
    moves_csv *m = ctx;
    if (!m->header_read)
        return read_header(m, f, n, row, d);
    if (!m->header_ok)
        return TS_EINPUT; /* the header said what was wrong */
    if (n != m->n_fields)
        return ts_diag_add(d, row, "this row has %zu fields; the header "
                           "has %zu", n, m->n_fields);
    if (m->r->n_moves == TS_MAX_RECORD_CSV_ROWS) {
        ts_diag_add(d, row, "more than %d moves in one file",
                    TS_MAX_RECORD_CSV_ROWS);
        m->too_many = true;
        return TS_ERUNTIME; /* stops the reading */
    }
    if (!grow(m)) {
        ts_diag_add(d, row, "out of memory");
        return TS_ERUNTIME;
    }
    ts_record_move *mv = &m->r->moves[m->r->n_moves++];
    memset(mv, 0, sizeof *mv);
    mv->mark = row;
    return read_move(mv, m, f, d);
}

ts_status ts_record_moves_csv(const ts_yaml_ctx *ctx, yaml_node_t *node,
                              struct talentsim_scenario *names,
                              ts_record *r)
{
    ts_mark at = ts_yaml_mark(ctx, node);
    const char *rel = (const char *)node->data.scalar.value;
    char path[PATH_MAX + 256], why[300];
    size_t len = 0;
    if (node->data.scalar.length == 0 || !at.file)
        return ts_diag_add(ctx->diags, at, "moves must be a list or the "
                           "name of a CSV file");
    ts_path_beside(at.file, rel, path, sizeof path);
    char *text = ts_file_read_regular(path, TS_MAX_RECORD_CSV_BYTES,
                                      "CSV file", &len, why, sizeof why);
    if (!text)
        return ts_diag_add(ctx->diags, at, "moves: '%s': %s", path, why);
    const char *file = ts_scenario_intern_source(names, path);
    if (!file || !ts_scenario_keep_text(names, file, text, len)) {
        free(text);
        return ts_diag_add(ctx->diags, at, "out of memory");
    }
    moves_csv m = {r, 0, {-1, -1, -1, -1, -1}, 0, false, false, false};
    ts_status st = ts_csv_read(text, len, file, on_row, &m, ctx->diags);
    free(text);
    if (st == TS_OK && !m.header_read)
        st = ts_diag_add(ctx->diags, (ts_mark){file, 1, 1}, "the file is "
                         "empty: a record's moves need a header "
                         "who,at,to (from and count may follow)");
    return st == TS_ERUNTIME && m.too_many ? TS_EINPUT : st;
}
