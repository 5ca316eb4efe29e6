#include "tests/gp_check.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/output/plot_templates.h"

size_t ts_gp_check_templates(const char **out, size_t max)
{
    static const char *const names[] = {
        "common", "stocks", "fan", "flows", "net", "compare", "compare_diff",
        "executives", "tornado", "sweep", "fit", "fit_moves"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names && n < max; i++)
        if (ts_plot_template(names[i]))
            out[n++] = ts_plot_template(names[i]);
    return n;
}

/* Whether the physical line [s, s + len) is a line of some template. */
static bool template_line(const char *s, size_t len,
                          const char *const *templates, size_t n)
{
    for (size_t t = 0; t < n; t++)
        for (const char *p = templates[t]; p && *p;) {
            size_t l = strcspn(p, "\n");
            if (l == len && memcmp(p, s, len) == 0)
                return true;
            p += l + (p[l] == '\n');
        }
    return false;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

static const char *ident(const char *p)
{
    if (!isalpha((unsigned char)*p) && *p != '_')
        return NULL;
    while (isalnum((unsigned char)*p) || *p == '_')
        p++;
    return p;
}

static const char *number(const char *p)
{
    char *end;
    strtod(p, &end);
    return end == p ? NULL : end;
}

/* 'text' with no apostrophe or control character inside; "\047"; or a
 * variable's name. */
static const char *string_item(const char *p)
{
    if (*p == '\'') {
        for (p++; *p && *p != '\''; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                return NULL;
        return *p == '\'' ? p + 1 : NULL;
    }
    if (strncmp(p, "\"\\047\"", 6) == 0)
        return p + 6;
    return ident(p);
}

static const char *value(const char *p)
{
    const char *n = number(p);
    if (n)
        return n;
    p = string_item(p);
    while (p) {
        const char *q = skip_space(p);
        if (*q != '.')
            return p;
        p = string_item(skip_space(q + 1));
    }
    return NULL;
}

/* What may follow a statement: spaces, then the end or a comment. */
static bool ends(const char *p)
{
    p = skip_space(p);
    return *p == '\0' || *p == '#';
}

/* NAME = VALUE, or array NAME[N] = [VALUE, ...] */
static bool assignment(const char *line)
{
    const char *p = line;
    bool array = strncmp(p, "array ", 6) == 0;
    if (array)
        p += 6;
    if (!(p = ident(p)))
        return false;
    if (array) {
        if (*p++ != '[' || !(p = number(p)) || *p++ != ']')
            return false;
    }
    p = skip_space(p);
    if (*p++ != '=')
        return false;
    p = skip_space(p);
    if (!array)
        return (p = value(p)) && ends(p);
    if (*p++ != '[')
        return false;
    for (;;) {
        if (!(p = value(skip_space(p))))
            return false;
        p = skip_space(p);
        if (*p == ']')
            return ends(p + 1);
        if (*p++ != ',')
            return false;
    }
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

static const char *verdict(size_t line_no, const char *text)
{
    static char msg[240];
    snprintf(msg, sizeof msg, "charts.gp line %zu is not safe: %.160s",
             line_no, text);
    return msg;
}

const char *ts_gp_check(const char *script, const char *const *templates,
                        size_t n)
{
    size_t line_no = 0;
    const char *p = script;
    while (*p) {
        size_t len = strcspn(p, "\n");
        line_no++;
        if (memchr(p, '\r', len) || template_line(p, len, templates, n)) {
            if (memchr(p, '\r', len))
                return verdict(line_no, "(a carriage return)");
            p += len + (p[len] == '\n');
            continue;
        }
        /* a comment that ends in \ would swallow the next line */
        if (*skip_space(p) == '#' && len > 0 && p[len - 1] == '\\')
            return verdict(line_no, "(a comment continued onto the next "
                                    "line)");
        /* the logical line: physical lines joined where one ends in \ */
        size_t cap = len + 1, used = 0;
        char *logical = malloc(cap);
        if (!logical)
            return "out of memory";
        for (;;) {
            bool more = len > 0 && p[len - 1] == '\\';
            size_t take = more ? len - 1 : len;
            char *grown = realloc(logical, used + take + 1);
            if (!grown) {
                free(logical);
                return "out of memory";
            }
            logical = grown;
            memcpy(logical + used, p, take);
            used += take;
            logical[used] = '\0';
            p += len + (p[len] == '\n');
            if (!more || !*p)
                break;
            len = strcspn(p, "\n");
            line_no++;
        }
        const char *s = skip_space(logical);
        bool ok = !has_control(logical) &&
                  (*s == '\0' || *s == '#' || assignment(s));
        if (!ok) {
            const char *v = verdict(line_no, logical);
            free(logical);
            return v;
        }
        free(logical);
    }
    return NULL;
}
