/* Escaping at the terminal sink, as SQLite's %q escapes inside its
 * formatter: the program's own format is trusted, its string arguments
 * are not. */
#include "sim/output/terminal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/output/utf8.h"

/* C1 controls, and the characters that reorder what a terminal shows
 * (embeddings, overrides, isolates: "Trojan Source"). */
static bool hidden_code_point(uint32_t c)
{
    return (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f ||
           c == 0x061c || (c >= 0x200b && c <= 0x200d) || c == 0x2028 ||
           c == 0x2029 || c == 0x2060 || c == 0xfeff || c == 0xfffe ||
           c == 0xffff;
}

size_t ts_term_escape(char *out, size_t size, const char *text)
{
    size_t len = 0;
    char piece[16];
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    while (*s) {
        size_t used = 1;
        uint32_t cp = 0;
        if (*s == '\n')
            strcpy(piece, "\\n");
        else if (*s == '\t')
            strcpy(piece, "\\t");
        else if (*s == '\r')
            strcpy(piece, "\\r");
        else if (*s < 0x20 || *s == 0x7f)
            snprintf(piece, sizeof piece, "\\x%02x", *s);
        else if (*s < 0x80) {
            piece[0] = (char)*s;
            piece[1] = '\0';
        } else if ((used = ts_utf8_decode(s, &cp)) == 0) {
            used = 1;
            snprintf(piece, sizeof piece, "\\x%02x", *s);
        } else if (hidden_code_point(cp)) {
            snprintf(piece, sizeof piece, "\\u%04x", (unsigned)cp);
        } else {
            memcpy(piece, s, used);
            piece[used] = '\0';
        }
        size_t n = strlen(piece);
        if (len + n < size)
            memcpy(out + len, piece, n);
        else if (len < size)
            out[len] = '\0';
        len += n;
        s += used;
    }
    if (size > 0)
        out[len < size ? len : size - 1] = '\0';
    return len;
}

/* Texts this short are escaped on the stack: a message that memory ran
 * out must still print. */
#define TS_TERM_SMALL 1024

/* text escaped into buf when it fits, else into a new string (release
 * it); NULL when memory runs out (then nothing is printed: nothing
 * unescaped may reach the terminal). */
static char *escaped_in(char *buf, size_t size, const char *text)
{
    size_t n = ts_term_escape(buf, size, text);
    if (n < size)
        return buf;
    char *out = malloc(n + 1);
    if (out)
        ts_term_escape(out, n + 1, text);
    return out;
}

/* What escaped_in gave, freed unless it is buf. */
static void release(char *shown, const char *buf)
{
    if (shown != buf)
        free(shown);
}

void ts_term_text(FILE *f, const char *text)
{
    char buf[TS_TERM_SMALL];
    char *shown = escaped_in(buf, sizeof buf, text);
    if (shown)
        fputs(shown, f);
    release(shown, buf);
}

void ts_term_shell_word(FILE *f, const char *path)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+,:@%";
    if (*path && strspn(path, safe) == strlen(path)) {
        fputs(path, f);
        return;
    }
    char buf[TS_TERM_SMALL];
    char *shown = escaped_in(buf, sizeof buf, path);
    if (!shown) {
        fputs("'...'", f);
        return;
    }
    fputc('\'', f);
    for (const char *p = shown; *p; p++)
        if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    fputc('\'', f);
    release(shown, buf);
}

/* One conversion of the format: its text (with any * replaced by the
 * number it takes) and its conversion character. */
typedef struct conversion {
    char spec[48];
    char length[3];
    char conv;
    size_t consumed;   /* characters of the format after the % */
    size_t width_end;  /* spec[0, width_end): %, flags and width */
    long precision;    /* -1: none */
} conversion;

static bool append(conversion *c, size_t *n, const char *text, size_t len)
{
    if (*n + len >= sizeof c->spec)
        return false;
    memcpy(c->spec + *n, text, len);
    *n += len;
    c->spec[*n] = '\0';
    return true;
}

/* A width or a precision: digits, or * read from ap. */
static bool number_part(const char **p, conversion *c, size_t *n,
                        va_list *ap)
{
    if (**p == '*') {
        char num[16];
        int len = snprintf(num, sizeof num, "%d", va_arg(*ap, int));
        (*p)++;
        return append(c, n, num, (size_t)len);
    }
    const char *start = *p;
    while (**p >= '0' && **p <= '9')
        (*p)++;
    return append(c, n, start, (size_t)(*p - start));
}

static bool parse_conversion(const char *pct, conversion *c, va_list *ap)
{
    const char *p = pct + 1;
    size_t n = 0;
    c->spec[0] = '\0';
    if (!append(c, &n, "%", 1))
        return false;
    while (*p && strchr("-+ #0", *p))
        if (!append(c, &n, p++, 1))
            return false;
    if (!number_part(&p, c, &n, ap))
        return false;
    c->width_end = n;
    c->precision = -1;
    if (*p == '.') {
        if (!append(c, &n, p++, 1) || !number_part(&p, c, &n, ap))
            return false;
        /* a negative * precision is taken as none, as printf does */
        long v = strtol(c->spec + c->width_end + 1, NULL, 10);
        c->precision = v >= 0 ? v : -1;
    }
    size_t l = 0;
    while (*p && strchr("hlzjtL", *p) && l < 2)
        c->length[l++] = *p++;
    c->length[l] = '\0';
    if (!append(c, &n, c->length, l) || !*p || !append(c, &n, p, 1))
        return false;
    c->conv = *p;
    c->consumed = (size_t)(p + 1 - (pct + 1));
    return true;
}

static int print_integer(FILE *f, const conversion *c, va_list *ap)
{
    bool is_signed = c->conv == 'd' || c->conv == 'i';
    const char *l = c->length;
    if (strcmp(l, "ll") == 0)
        return is_signed
                   ? fprintf(f, c->spec, va_arg(*ap, long long))
                   : fprintf(f, c->spec, va_arg(*ap, unsigned long long));
    if (strcmp(l, "l") == 0)
        return is_signed ? fprintf(f, c->spec, va_arg(*ap, long))
                         : fprintf(f, c->spec, va_arg(*ap, unsigned long));
    if (strcmp(l, "z") == 0 || strcmp(l, "t") == 0 || strcmp(l, "j") == 0) {
        /* size_t, ptrdiff_t and intmax_t all pass as 64-bit here */
        if (strcmp(l, "j") == 0)
            return is_signed ? fprintf(f, c->spec, va_arg(*ap, intmax_t))
                             : fprintf(f, c->spec, va_arg(*ap, uintmax_t));
        if (strcmp(l, "t") == 0)
            return fprintf(f, c->spec, va_arg(*ap, ptrdiff_t));
        return fprintf(f, c->spec, va_arg(*ap, size_t));
    }
    /* int, and h/hh, which arrive promoted to int */
    return is_signed ? fprintf(f, c->spec, va_arg(*ap, int))
                     : fprintf(f, c->spec, va_arg(*ap, unsigned));
}

/* Text (a %s, or a %c's one character) escaped, then written with the
 * conversion's flags and width; a precision counts the text's own bytes,
 * so that "%.*s" of a buffer never reads or shows past them. */
static int print_text(FILE *f, const conversion *c, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (c->precision >= 0 && (size_t)c->precision < len)
        len = (size_t)c->precision;
    char small[TS_TERM_SMALL], buf[2 * TS_TERM_SMALL], spec[48];
    char *src = len < sizeof small ? small : malloc(len + 1);
    if (!src)
        return -1;
    memcpy(src, s ? s : "", len);
    src[len] = '\0';
    char *shown = escaped_in(buf, sizeof buf, src);
    snprintf(spec, sizeof spec, "%.*ss", (int)c->width_end, c->spec);
    int r = shown ? fprintf(f, spec, shown) : -1;
    release(shown, buf);
    if (src != small)
        free(src);
    return r;
}

static int print_one(FILE *f, const conversion *c, va_list *ap)
{
    switch (c->conv) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
        return print_integer(f, c, ap);
    case 'c': {
        char one[2] = {(char)va_arg(*ap, int), '\0'};
        return print_text(f, c, one);
    }
    case 's':
        return print_text(f, c, va_arg(*ap, const char *));
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a':
    case 'A':
        return strcmp(c->length, "L") == 0
                   ? fprintf(f, c->spec, va_arg(*ap, long double))
                   : fprintf(f, c->spec, va_arg(*ap, double));
    case 'p':
        return fprintf(f, c->spec, va_arg(*ap, void *));
    case '%':
        return fputc('%', f) == EOF ? -1 : 1;
    default:
        return -1;
    }
}

int ts_term_vprintf(FILE *f, const char *fmt, va_list ap_in)
{
    va_list ap;
    va_copy(ap, ap_in);
    int total = 0;
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        size_t plain = pct ? (size_t)(pct - p) : strlen(p);
        if (plain && fwrite(p, 1, plain, f) != plain) {
            total = -1;
            break;
        }
        total += (int)plain;
        if (!pct)
            break;
        conversion c;
        int r = parse_conversion(pct, &c, &ap) ? print_one(f, &c, &ap) : -1;
        if (r < 0) {
            total = -1;
            break;
        }
        total += r;
        p = pct + 1 + c.consumed;
    }
    va_end(ap);
    return total;
}

int ts_term_printf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = ts_term_vprintf(f, fmt, ap);
    va_end(ap);
    return r;
}
