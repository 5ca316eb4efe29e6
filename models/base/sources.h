/* The files (and labels) a scenario was read from, by name, and the
 * text of each file, kept for what a YAML parser does not keep: the
 * comment written on a value's line, which the report shows as the
 * value's source, and the bytes `fit` writes its estimates over. Marks
 * point to the names interned here, so that a mark is cheap to copy. A
 * scenario holds one store; a record read alone (`score`'s outcomes)
 * holds its own. */
#ifndef TS_SOURCES_H
#define TS_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ts_sources {
    char **name;          /* name[0]: the file read first; owned here */
    size_t n;
    char **text;          /* each name's text (NULL when not kept) */
    size_t n_text;
    size_t *len;          /* each kept text's length in bytes */
    long **depth;         /* each kept text's flow-bracket depth at the
                             start of each line */
} ts_sources;

/* The store's copy of name (the same pointer for the same name), or
 * NULL when out of memory. */
const char *ts_sources_intern(ts_sources *s, const char *name);

/* Where file stands among the names: 0 the file read first, then the
 * others in the order interned; SIZE_MAX when it is none of them. */
size_t ts_sources_index(const ts_sources *s, const char *file);

/* Keeps a copy of len bytes of text as the text of file, a name interned
 * in s. False when out of memory. */
bool ts_sources_keep_text(ts_sources *s, const char *file, const char *text,
                          size_t len);

/* The comment on line `line` (1-based) of file: what follows the first
 * '#' outside quotes, leading blanks dropped, into buf; "" when there is
 * none or the text was not kept. */
void ts_sources_comment(const ts_sources *s, const char *file, size_t line,
                        char *buf, size_t size);

/* The bytes read from name[i] (the file or a base), or NULL when it is
 * not a file (a --set's label) or its text was not kept. */
const char *ts_sources_bytes(const ts_sources *s, size_t i, size_t *len);

/* Frees what s holds (not s itself). */
void ts_sources_free(ts_sources *s);

#endif
