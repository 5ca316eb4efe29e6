/* Reading CSV that a spreadsheet wrote (RFC 4180): fields separated by
 * commas, rows by LF or CRLF, a field in double quotes when it holds a
 * comma, a quote (doubled) or a line break; a UTF-8 byte-order mark at
 * the start is skipped, spaces around an unquoted field trimmed and
 * blank lines passed over. Each field comes with its FILE:LINE:COL, so
 * that a mistake in it is reported there. Rows are handed over one at a
 * time (a file of a million rows holds one row in memory, not all). */
#ifndef TS_CSV_READ_H
#define TS_CSV_READ_H

#include <stddef.h>

#include "models/base/diag.h"

#define TS_CSV_MAX_FIELDS 32   /* per row */

typedef struct ts_csv_field {
    const char *text;    /* decoded, NUL-terminated; valid during the call */
    size_t len;
    ts_mark mark;        /* where the field starts */
} ts_csv_field;

/* Called for each row, the header first; a status other than TS_OK from
 * it is remembered (every row is still read) unless it is TS_ERUNTIME,
 * which stops the reading. */
typedef ts_status (*ts_csv_row_fn)(void *ctx, const ts_csv_field *fields,
                                   size_t n, ts_mark row, ts_diags *d);

/* Reads text (len bytes of the file `file`, a name marks keep) row by
 * row; a mistake of the CSV itself (a quote never closed, text after a
 * closing quote, a quote inside an unquoted field, a NUL byte, too many
 * fields) is reported at its place. */
ts_status ts_csv_read(const char *text, size_t len, const char *file,
                      ts_csv_row_fn row, void *ctx, ts_diags *d);

#endif
