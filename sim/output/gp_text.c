#include "sim/output/gp_text.h"

/* The one quoting routine for text in charts.gp. gnuplot runs backquoted
 * commands inside double-quoted strings, and its tokenizer cannot parse
 * two doubled apostrophes in a row inside single quotes, so text is
 * written in single quotes with no apostrophe in it: each apostrophe is a
 * double-quoted "\047" of its own (an octal escape, nothing else inside),
 * joined by gnuplot's string operator '.'. Control characters could end
 * the line and start a command, so they are written as C escapes (\n,
 * \x1b), which single quotes keep as they are. */
void ts_gp_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'')
            fputs("' . \"\\047\" . '", f);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
    fputc('\'', f);
}

void ts_gp_string(FILE *f, const char *var, const char *value)
{
    fprintf(f, "%s = ", var);
    ts_gp_quote(f, value);
    fputc('\n', f);
}

void ts_gp_number(FILE *f, const char *var, double value)
{
    fprintf(f, "%s = %.17g\n", var, value);
}

void ts_gp_array(FILE *f, const char *var, size_t n, ts_gp_item_fn item,
                 const void *ctx)
{
    if (n == 0) { /* gnuplot has no empty arrays; loops use the count */
        fprintf(f, "array %s[1] = ['']\n", var);
        return;
    }
    fprintf(f, "array %s[%zu] = [", var, n);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? (i % 4 == 0 ? ", \\\n    " : ", ") : "", f);
        char buf[512];
        ts_gp_quote(f, item(ctx, i, buf, sizeof buf));
    }
    fputs("]\n", f);
}

