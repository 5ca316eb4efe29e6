#include "models/record/record_csv.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/base/csv_read.h"
#include "models/base/date.h"
#include "models/base/file_read.h"
#include "models/base/limits.h"
#include "models/base/sources.h"
#include "models/base/suggest.h"

enum { COL_WHO, COL_AT, COL_TO, COL_FROM, COL_COUNT, N_COLS };
static const char *const move_columns[N_COLS] = {"who", "at", "to", "from",
                                                 "count"};
enum { SEEN_WHO, SEEN_AT, SEEN_POOL, N_SEEN_COLS };
static const char *const seen_columns[N_SEEN_COLS] = {"who", "at", "pool"};
#define MAX_COLS 5

/* What one kind of file holds: its columns (the first `required` of
 * them required), and how its header is said in messages. */
typedef struct csv_kind {
    const char *const *columns;
    size_t n_columns, required;
    const char *what, *header;
} csv_kind;

static const csv_kind moves_kind = {move_columns, N_COLS, 3,
                                    "a record's moves",
                                    "who,at,to[,from][,count]"};
static const csv_kind seen_kind = {seen_columns, N_SEEN_COLS, 3,
                                   "a record's sightings", "who,at,pool"};

/* The reading of one file: which field each column is, the items so
 * far. */
typedef struct record_csv {
    const csv_kind *kind;
    ts_record *r;
    size_t cap;
    int field_of[MAX_COLS];  /* -1: not in the header */
    size_t n_fields;
    bool header_read, header_ok;
    bool too_many;           /* stopped at TS_MAX_RECORD_CSV_ROWS */
} record_csv;

static ts_status read_header(record_csv *m, const ts_csv_field *f, size_t n,
                             ts_mark row, ts_diags *d)
{
    const csv_kind *k = m->kind;
    ts_status st = TS_OK;
    m->header_read = true;
    m->n_fields = n;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        while (c < k->n_columns && strcmp(k->columns[c], f[i].text) != 0)
            c++;
        const char *hint = ts_suggest(f[i].text, k->columns, k->n_columns);
        if (c == k->n_columns)
            st = hint ? ts_diag_add(d, f[i].mark, "unknown column '%s' in "
                                    "%s; did you mean '%s'? (%s)", f[i].text,
                                    k->what, hint, k->header)
                      : ts_diag_add(d, f[i].mark, "unknown column '%s' in "
                                    "%s (%s)", f[i].text, k->what,
                                    k->header);
        else if (m->field_of[c] >= 0)
            st = ts_diag_add(d, f[i].mark, "column '%s' twice", f[i].text);
        else
            m->field_of[c] = (int)i;
    }
    for (size_t c = 0; c < k->required; c++)
        if (m->field_of[c] < 0)
            st = ts_diag_add(d, row, "the header has no '%s' column: %s "
                             "need %s", k->columns[c], k->what, k->header);
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
        return ts_diag_nomem(d);
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

static ts_status month_field(const ts_csv_field *at, ts_month *out,
                             ts_diags *d)
{
    if (ts_month_parse(at->text, out))
        return TS_OK;
    return ts_diag_add(d, at->mark, "at must be a month written YYYY-MM "
                       "(year %d or later), got '%s'", TS_YEAR_MIN,
                       at->text);
}

static ts_status read_move(ts_record_move *mv, const record_csv *m,
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
    if (month_field(at, &mv->at, d) != TS_OK)
        st = TS_EINPUT;
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

static ts_status read_sighting(ts_record_sighting *sg, const record_csv *m,
                               const ts_csv_field *f, ts_diags *d)
{
    const ts_csv_field *who = &f[m->field_of[SEEN_WHO]],
                       *at = &f[m->field_of[SEEN_AT]],
                       *pool = &f[m->field_of[SEEN_POOL]];
    sg->who_mark = who->mark;
    sg->at_mark = at->mark;
    sg->pool_mark = pool->mark;
    ts_status st = text_field(who, "who", &sg->who, d);
    if (month_field(at, &sg->at, d) != TS_OK)
        st = TS_EINPUT;
    if (text_field(pool, "pool", &sg->pool, d) != TS_OK)
        st = TS_EINPUT;
    return st;
}

/* Room for one more item in *items (n of them, each size bytes). */
static bool grow(record_csv *m, void **items, size_t n, size_t size)
{
    if (n < m->cap)
        return true;
    size_t cap = m->cap ? 2 * m->cap : 1024;
    void *v = realloc(*items, cap * size);
    if (!v)
        return false;
    *items = v;
    m->cap = cap;
    return true;
}

static ts_status on_row(void *ctx, const ts_csv_field *f, size_t n,
                        ts_mark row, ts_diags *d)
{
    record_csv *m = ctx;
    ts_record *r = m->r;
    bool moves = m->kind == &moves_kind;
    size_t count = moves ? r->n_moves : r->n_seen;
    if (!m->header_read)
        return read_header(m, f, n, row, d);
    if (!m->header_ok)
        return TS_EINPUT; /* the header said what was wrong */
    if (n != m->n_fields)
        return ts_diag_add(d, row, "this row has %zu fields; the header "
                           "has %zu", n, m->n_fields);
    if (count == TS_MAX_RECORD_CSV_ROWS) {
        ts_diag_add(d, row, "more than %d rows in one file",
                    TS_MAX_RECORD_CSV_ROWS);
        m->too_many = true;
        return TS_ERUNTIME; /* stops the reading */
    }
    bool room = moves ? grow(m, (void **)&r->moves, count, sizeof *r->moves)
                      : grow(m, (void **)&r->seen, count, sizeof *r->seen);
    if (!room) {
        ts_diag_nomem(d);
        return TS_ERUNTIME;
    }
    if (!moves) {
        ts_record_sighting *sg = &r->seen[r->n_seen++];
        memset(sg, 0, sizeof *sg);
        sg->mark = row;
        return read_sighting(sg, m, f, d);
    }
    ts_record_move *mv = &r->moves[r->n_moves++];
    memset(mv, 0, sizeof *mv);
    mv->mark = row;
    return read_move(mv, m, f, d);
}

/* Reads the file that node names as `kind`. */
static ts_status read_file(const ts_yaml_ctx *ctx, yaml_node_t *node,
                           ts_sources *names, ts_record *r,
                           const csv_kind *kind, const char *key)
{
    ts_mark at = ts_yaml_mark(ctx, node);
    const char *rel = (const char *)node->data.scalar.value;
    char path[PATH_MAX + 256], why[PATH_MAX + 300];
    bool runtime;
    size_t len = 0;
    if (node->data.scalar.length == 0 || !at.file)
        return ts_diag_add(ctx->diags, at, "%s must be a list or the name "
                           "of a CSV file", key);
    if (!ts_path_beside(at.file, rel, path, sizeof path))
        return ts_diag_add(ctx->diags, at, "%s: the path is too long (at "
                           "most %zu bytes with this file's directory)", key,
                           sizeof path - 1);
    char *text = ts_file_read_regular(path, TS_MAX_RECORD_CSV_BYTES,
                                      "CSV file", &len, why, sizeof why,
                                      &runtime);
    if (!text && runtime)
        return ts_diag_runtime(ctx->diags, "%s", why);
    if (!text)
        return ts_diag_add(ctx->diags, at, "%s: '%s': %s", key, path, why);
    const char *file = ts_sources_intern(names, path);
    if (!file || !ts_sources_keep_text(names, file, text, len)) {
        free(text);
        return ts_diag_nomem(ctx->diags);
    }
    record_csv m = {kind, r, 0, {-1, -1, -1, -1, -1}, 0, false, false,
                    false};
    ts_status st = ts_csv_read(text, len, file, on_row, &m, ctx->diags);
    free(text);
    if (st == TS_OK && !m.header_read)
        st = ts_diag_add(ctx->diags, (ts_mark){file, 1, 1}, "the file is "
                         "empty: %s need a header %s", kind->what,
                         kind->header);
    return st == TS_ERUNTIME && m.too_many ? TS_EINPUT : st;
}

ts_status ts_record_moves_csv(const ts_yaml_ctx *ctx, yaml_node_t *node,
                              ts_sources *names,
                              ts_record *r)
{
    return read_file(ctx, node, names, r, &moves_kind, "moves");
}

ts_status ts_record_seen_csv(const ts_yaml_ctx *ctx, yaml_node_t *node,
                             ts_sources *names, ts_record *r)
{
    return read_file(ctx, node, names, r, &seen_kind, "seen");
}
