/* The gnuplot sink: text of a file made into charts.gp only as quoted
 * gnuplot strings (SQLite's %q done for gnuplot), and the variables,
 * numbers and arrays the chart templates read. */
#ifndef TS_GP_TEXT_H
#define TS_GP_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Text as a gnuplot string expression that can hold no newline, no
 * control character and nothing gnuplot would run: every writer of
 * charts.gp quotes file text with it (comments too). */
void ts_gp_quote(FILE *f, const char *text);
/* Variables for gnuplot, quoted by ts_gp_quote. */
void ts_gp_string(FILE *f, const char *var, const char *value);
void ts_gp_number(FILE *f, const char *var, double value);
/* Item i of an array: a string of ctx, or one formatted into buf. */
typedef const char *(*ts_gp_item_fn)(const void *ctx, size_t i, char *buf,
                                     size_t size);
void ts_gp_array(FILE *f, const char *var, size_t n, ts_gp_item_fn item,
                 const void *ctx);

#endif
