/* The CSV sink (SPEC section 4): every field of every CSV file goes
 * through these two, numbers and text from a file alike. */
#ifndef TS_CSV_TEXT_H
#define TS_CSV_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Writes one number as CSV: 12 significant digits, empty for NaN. */
void ts_csv_number(FILE *f, double x);

/* ",x": a number as the next field of a row. */
void ts_csv_cell(FILE *f, double x);

/* ",x1,x2,...": n numbers as the next fields of a row. */
void ts_csv_cells(FILE *f, const double *xs, size_t n);

/* Writes text from a file as one field, quoted (RFC 4180) when it holds
 * a comma, a quote or a line break; text a spreadsheet would take for a
 * formula (it begins with = + - @, a tab or a carriage return) is quoted
 * and begins with ', so that it reads as text. */
void ts_csv_text(FILE *f, const char *text);

#endif
