/* The terminal sink: everything talentsim prints for a person to read
 * goes through here, so that no text from a file (a scenario's name, a
 * label, a path, a key quoted in an error) can move the cursor, clear
 * the screen, set the window's title or forge a line of output. */
#ifndef TS_TERMINAL_H
#define TS_TERMINAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Copies text into out (size > 0), NUL-terminated, with every control
 * character (C0, DEL, C1), every bidirectional override and every byte
 * that is not UTF-8 written as a visible escape: \n, \t, \r, \x1b,
 * \u202e. Truncates at size; returns the length of the whole escaped
 * text (as snprintf does). */
size_t ts_term_escape(char *out, size_t size, const char *text);

/* fprintf in which every %s argument is escaped by ts_term_escape. The
 * format itself is the program's own and is written as it is (its
 * newlines included). Supports the conversions talentsim uses: flags,
 * width and precision (also *), the lengths h hh l ll z j t L, and
 * d i u x X o c s f F e E g G a A p %. */
int ts_term_printf(FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ts_term_vprintf(FILE *f, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* fputs of text from a file, escaped. */
void ts_term_text(FILE *f, const char *text);

/* A path shown inside a command for a person to copy: as it is when it
 * holds only letters, digits and -_./+,:@%, else in single quotes (each
 * ' as '\'') with control characters escaped. */
void ts_term_shell_word(FILE *f, const char *path);

#endif
