#include "sim/output/csv_text.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

void ts_csv_number(FILE *f, double x)
{
    if (isnan(x))
        return;
    if (isinf(x))
        fputs(x > 0 ? "inf" : "-inf", f);
    else
        fprintf(f, "%.12g", x == 0 ? 0.0 : x); /* no "-0" */
}

void ts_csv_text(FILE *f, const char *text)
{
    /* A spreadsheet reads a cell that begins with one of these as a
     * formula (OWASP's CSV injection); a leading ' makes it text. */
    bool formula = text[0] && strchr("=+-@\t\r", text[0]);
    if (!formula && !strpbrk(text, ",\"\r\n")) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *text; text++) {
        if (*text == '"')
            fputc('"', f);
        fputc(*text, f);
    }
    fputc('"', f);
}

void ts_csv_cell(FILE *f, double x)
{
    fputc(',', f);
    ts_csv_number(f, x);
}

void ts_csv_cells(FILE *f, const double *xs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ts_csv_cell(f, xs[i]);
}
