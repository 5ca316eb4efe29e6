#include "models/base/csv_read.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Where the reader is: the next byte, its line and column. */
typedef struct cursor {
    const char *p, *end;
    const char *file;
    size_t line;
    const char *line_start;
} cursor;

static ts_mark here(const cursor *c)
{
    ts_mark m = {c->file, c->line, (size_t)(c->p - c->line_start) + 1};
    return m;
}

static bool at_eol(const cursor *c)
{
    return c->p == c->end || *c->p == '\n' ||
           (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n');
}

static void skip_eol(cursor *c)
{
    if (c->p < c->end && *c->p == '\r')
        c->p++;
    if (c->p < c->end && *c->p == '\n') {
        c->p++;
        c->line++;
        c->line_start = c->p;
    }
}

static void skip_blanks(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

/* The scratch buffer the decoded fields of one row go to. */
typedef struct scratch {
    char *buf;
    size_t len, cap;
} scratch;

static bool put(scratch *s, const char *bytes, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *b = realloc(s->buf, cap);
        if (!b)
            return false;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, bytes, n);
    s->len += n;
    s->buf[s->len] = '\0';
    return true;
}

/* A quoted field, from its opening quote to the closing one, "" read as
 * one quote; it may span lines. */
static ts_status quoted(cursor *c, scratch *s, ts_diags *d)
{
    ts_mark open = here(c);
    c->p++;
    for (;;) {
        if (c->p == c->end)
            return ts_diag_add(d, open, "a quote opened here is never "
                               "closed");
        if (*c->p == '"' && c->p + 1 < c->end && c->p[1] == '"') {
            if (!put(s, "\"", 1))
                return ts_diag_nomem(d);
            c->p += 2;
        } else if (*c->p == '"') {
            c->p++;
            skip_blanks(c);
            if (!at_eol(c) && *c->p != ',')
                return ts_diag_add(d, here(c), "text after a closing "
                                   "quote: quote the whole field, with "
                                   "each quote in it doubled");
            return TS_OK;
        } else {
            if (*c->p == '\n') {
                c->line++;
                c->line_start = c->p + 1;
            }
            if (!put(s, c->p, 1))
                return ts_diag_nomem(d);
            c->p++;
        }
    }
}

static ts_status unquoted(cursor *c, scratch *s, ts_diags *d)
{
    const char *from = c->p;
    while (!at_eol(c) && *c->p != ',') {
        if (*c->p == '"')
            return ts_diag_add(d, here(c), "a quote inside an unquoted "
                               "field: quote the whole field, with each "
                               "quote in it doubled");
        c->p++;
    }
    const char *to = c->p;
    while (to > from && (to[-1] == ' ' || to[-1] == '\t'))
        to--;
    return put(s, from, (size_t)(to - from)) ? TS_OK : ts_diag_nomem(d);
}

/* One row into fields (offsets into s until the row is whole). */
static ts_status read_row(cursor *c, scratch *s, ts_csv_field *fields,
                          size_t *n, size_t *offset, ts_diags *d)
{
    *n = 0;
    s->len = 0;
    for (;;) {
        skip_blanks(c);
        if (*n == TS_CSV_MAX_FIELDS)
            return ts_diag_add(d, here(c), "more than %d fields in a row",
                               TS_CSV_MAX_FIELDS);
        fields[*n].mark = here(c);
        offset[*n] = s->len;
        ts_status st = c->p < c->end && *c->p == '"' ? quoted(c, s, d)
                                                     : unquoted(c, s, d);
        if (st != TS_OK)
            return st;
        fields[*n].len = s->len - offset[*n];
        if (!put(s, "", 1)) /* the field's NUL */
            return ts_diag_nomem(d);
        (*n)++;
        if (at_eol(c))
            break;
        c->p++; /* the comma */
    }
    for (size_t i = 0; i < *n; i++)
        fields[i].text = s->buf + offset[i];
    skip_eol(c);
    return TS_OK;
}

static bool blank_line(const cursor *c)
{
    const char *p = c->p;
    while (p < c->end && (*p == ' ' || *p == '\t'))
        p++;
    return p == c->end || *p == '\n' ||
           (*p == '\r' && p + 1 < c->end && p[1] == '\n');
}

ts_status ts_csv_read(const char *text, size_t len, const char *file,
                      ts_csv_row_fn row, void *ctx, ts_diags *d)
{
    cursor c = {text, text + len, file, 1, text};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        c.line_start = c.p += 3; /* a spreadsheet's byte-order mark */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        cursor at = c;
        for (const char *q = c.p; q < nul; q++)
            if (*q == '\n') {
                at.line++;
                at.line_start = q + 1;
            }
        at.p = nul;
        return ts_diag_add(d, here(&at), "a NUL byte: this is not a text "
                           "file");
    }
    scratch s = {0};
    ts_csv_field fields[TS_CSV_MAX_FIELDS];
    size_t offset[TS_CSV_MAX_FIELDS], n;
    ts_status result = TS_OK;
    while (c.p < c.end) {
        if (blank_line(&c)) {
            skip_blanks(&c);
            skip_eol(&c);
            continue;
        }
        ts_mark start = here(&c);
        ts_status st = read_row(&c, &s, fields, &n, offset, d);
        if (st != TS_OK) {
            result = st; /* a broken row leaves nothing sound to go on */
            break;
        }
        st = row(ctx, fields, n, start, d);
        if (st == TS_ERUNTIME) {
            result = st;
            break;
        }
        if (st != TS_OK)
            result = TS_EINPUT;
    }
    free(s.buf);
    return result;
}
