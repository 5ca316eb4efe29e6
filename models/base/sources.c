#include "models/base/sources.h"

#include "models/base/strings.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ts_sources_index(const ts_sources *s, const char *file)
{
    for (size_t i = 0; file && i < s->n; i++)
        if (s->name[i] == file || strcmp(s->name[i], file) == 0)
            return i;
    return SIZE_MAX;
}

const char *ts_sources_intern(ts_sources *s, const char *name)
{
    size_t i = ts_sources_index(s, name);
    if (i != SIZE_MAX)
        return s->name[i];
    char **grown = realloc(s->name, (s->n + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    s->name = grown;
    char *copy = ts_strdup(name);
    if (!copy)
        return NULL;
    s->name[s->n++] = copy;
    return copy;
}

void ts_sources_free(ts_sources *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->name[i]);
    for (size_t i = 0; i < s->n_text; i++) {
        free(s->text[i]);
        if (s->depth)
            free(s->depth[i]);
    }
    free(s->name);
    free(s->text);
    free(s->len);
    free(s->depth);
    memset(s, 0, sizeof *s);
}

/* The start of line `line` (1-based) of s, or NULL. */
static const char *line_start(const char *s, size_t line)
{
    for (size_t l = 1; s && l < line; l++) {
        s = strchr(s, '\n');
        s = s ? s + 1 : NULL;
    }
    return s;
}

/* Line s (up to its end): the column of its comment's '#' outside
 * quotes (or -1), and the bracket depth it adds, { and [ against } and
 * ], outside quotes and the comment. */
static long scan_line(const char *s, long *depth)
{
    char quote = 0;
    for (const char *c = s; *c && *c != '\n'; c++) {
        if (quote)
            quote = *c == quote ? 0 : quote;
        else if (*c == '"' || *c == '\'')
            quote = *c;
        else if (*c == '#')
            return c - s;
        else if (*c == '{' || *c == '[')
            (*depth)++;
        else if (*c == '}' || *c == ']')
            (*depth)--;
    }
    return -1;
}

/* The flow-bracket depth at the start of each line of text: a value in
 * a flow mapping or list that spans lines is inside until it closes. */
static long *line_depths(const char *text)
{
    size_t lines = 1;
    for (const char *c = text; *c; c++)
        lines += *c == '\n';
    long *depth = malloc(lines * sizeof *depth), d = 0;
    const char *s = text;
    for (size_t l = 0; depth && l < lines; l++) {
        depth[l] = d;
        scan_line(s, &d);
        s = strchr(s, '\n');
        s = s ? s + 1 : "";
    }
    return depth;
}

bool ts_sources_keep_text(ts_sources *s, const char *file, const char *text,
                          size_t len)
{
    size_t i = ts_sources_index(s, file);
    if (i == SIZE_MAX)
        return false;
    /* names may have grown since the arrays were made */
    char **grown = realloc(s->text, s->n * sizeof *grown);
    if (!grown)
        return false;
    s->text = grown;
    size_t *lens = realloc(s->len, s->n * sizeof *lens);
    if (!lens)
        return false;
    s->len = lens;
    long **depths = realloc(s->depth, s->n * sizeof *depths);
    if (!depths)
        return false;
    s->depth = depths;
    for (size_t k = s->n_text; k < s->n; k++) {
        grown[k] = NULL;
        lens[k] = 0;
        depths[k] = NULL;
    }
    s->n_text = s->n;
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    free(s->text[i]);
    s->text[i] = copy;
    s->len[i] = len;
    free(s->depth[i]);
    return (s->depth[i] = line_depths(copy)) != NULL;
}

const char *ts_sources_bytes(const ts_sources *s, size_t i, size_t *len)
{
    if (i >= s->n_text || !s->text[i])
        return NULL;
    *len = s->len[i];
    return s->text[i];
}

/* Appends the comment text at s + col (after '#', blanks dropped) to
 * buf, a space between pieces. */
static void append_comment(const char *s, long col, char *buf, size_t size)
{
    const char *t = s + col + 1;
    t += strspn(t, " ");
    size_t len = strcspn(t, "\n"), at = strlen(buf);
    if (at + 2 >= size)
        return;
    snprintf(buf + at, size - at, "%s%.*s", at ? " " : "", (int)len, t);
}

/* A comment that runs on: lines after s that hold a comment alone, its
 * '#' in column col. */
static void append_continuation(const char *s, long col, char *buf,
                                size_t size)
{
    for (s = strchr(s, '\n'); s; s = strchr(s, '\n')) {
        s++;
        long depth = 0, at = scan_line(s, &depth);
        if (at != col || strspn(s, " ") != (size_t)col)
            return;
        append_comment(s, col, buf, size);
    }
}

/* After a flow collection closes on line s without a comment: the
 * comment lines right after it, indented deeper than s. */
static void comment_below(const char *s, char *buf, size_t size)
{
    size_t indent = strspn(s, " ");
    const char *next = strchr(s, '\n');
    if (!next)
        return;
    next++;
    long depth = 0, col = scan_line(next, &depth);
    if (col > (long)indent && strspn(next, " ") == (size_t)col) {
        append_comment(next, col, buf, size);
        append_continuation(next, col, buf, size);
    }
}

void ts_sources_comment(const ts_sources *src, const char *file,
                        size_t line, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t i = ts_sources_index(src, file);
    if (i == SIZE_MAX || i >= src->n_text || !src->text[i] ||
        !src->depth[i] || line == 0)
        return;
    /* the value's line, or the line that closes the flow mapping or
     * list it stands in ("to: {a: 0.1,\n b: 0.2}   # SOURCE") */
    long depth = src->depth[i][line - 1];
    for (const char *s = line_start(src->text[i], line); s;) {
        long col = scan_line(s, &depth);
        if (col >= 0) {
            append_comment(s, col, buf, size);
            append_continuation(s, col, buf, size);
            return;
        }
        if (depth <= 0) {
            comment_below(s, buf, size);
            return;
        }
        s = strchr(s, '\n');
        s = s ? s + 1 : NULL;
    }
}
