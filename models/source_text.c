#include "models/source_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t source_index(const ts_scenario *sc, const char *file)
{
    for (size_t i = 0; file && i < sc->n_sources; i++)
        if (sc->sources[i] == file || strcmp(sc->sources[i], file) == 0)
            return i;
    return SIZE_MAX;
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

bool ts_scenario_keep_text(ts_scenario *sc, const char *file,
                           const char *text, size_t len)
{
    size_t i = source_index(sc, file);
    if (i == SIZE_MAX)
        return false;
    /* sources may have grown since the array was made */
    char **grown = realloc(sc->source_text, sc->n_sources * sizeof *grown);
    if (!grown)
        return false;
    sc->source_text = grown;
    size_t *lens = realloc(sc->source_len, sc->n_sources * sizeof *lens);
    if (!lens)
        return false;
    sc->source_len = lens;
    long **depths = realloc(sc->source_depth,
                            sc->n_sources * sizeof *depths);
    if (!depths)
        return false;
    sc->source_depth = depths;
    for (size_t k = sc->n_source_text; k < sc->n_sources; k++) {
        grown[k] = NULL;
        lens[k] = 0;
        depths[k] = NULL;
    }
    sc->n_source_text = sc->n_sources;
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    free(sc->source_text[i]);
    sc->source_text[i] = copy;
    sc->source_len[i] = len;
    free(sc->source_depth[i]);
    return (sc->source_depth[i] = line_depths(copy)) != NULL;
}

const char *ts_scenario_source_bytes(const ts_scenario *sc, size_t i,
                                     size_t *len)
{
    if (i >= sc->n_source_text || !sc->source_text[i])
        return NULL;
    *len = sc->source_len[i];
    return sc->source_text[i];
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

void ts_scenario_comment(const ts_scenario *sc, const char *file,
                         size_t line, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t i = source_index(sc, file);
    if (i == SIZE_MAX || i >= sc->n_source_text || !sc->source_text[i] ||
        !sc->source_depth[i] || line == 0)
        return;
    /* the value's line, or the line that closes the flow mapping or
     * list it stands in ("to: {a: 0.1,\n b: 0.2}   # SOURCE") */
    long depth = sc->source_depth[i][line - 1];
    for (const char *s = line_start(sc->source_text[i], line); s;) {
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
