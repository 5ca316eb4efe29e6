#include "models/yaml/yaml_value.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models/base/limits.h"
#include "models/base/strings.h"

ts_mark ts_yaml_mark(const ts_yaml_ctx *ctx, const yaml_node_t *node)
{
    ts_mark m = {ctx->file, 0, 0};
    size_t i = (size_t)(node - ctx->doc->nodes.start);
    if (ctx->node_file && i < ctx->n_node_file)
        m.file = ctx->node_file[i];
    if (!ctx->no_position) {
        m.line = node->start_mark.line + 1;
        m.col = node->start_mark.column + 1;
    }
    return m;
}

ts_status ts_yaml_dated(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                        const char *what, ts_dated *out)
{
    const char *text = ts_yaml_scalar(ctx, node, what);
    if (!text)
        return TS_EINPUT;
    uint64_t step;
    out->mark = ts_yaml_mark(ctx, node);
    out->given = true;
    out->is_step = false;
    if (ts_month_parse(text, &out->month))
        return TS_OK;
    if (ts_parse_whole(text, TS_MAX_STEPS, &step)) {
        out->is_step = true;
        out->step = (size_t)step;
        return TS_OK;
    }
    return ts_diag_add(ctx->diags, out->mark, "%s must be a month YYYY-MM "
                       "or a step number up to %d, got '%s'", what,
                       TS_MAX_STEPS, text);
}

bool ts_yaml_entries_above(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                           size_t max, const char *key, const char *what)
{
    size_t n = 0;
    if (node->type == YAML_MAPPING_NODE)
        n = (size_t)(node->data.mapping.pairs.top -
                     node->data.mapping.pairs.start);
    else if (node->type == YAML_SEQUENCE_NODE)
        n = (size_t)(node->data.sequence.items.top -
                     node->data.sequence.items.start);
    if (n <= max)
        return false;
    ts_diag_add(ctx->diags, ts_yaml_mark(ctx, node), "%s has %zu entries; "
                "at most %zu %s are allowed", key, n, max, what);
    return true;
}

/* A plain (unquoted) scalar that looks like a number to a human. */
static bool looks_numeric(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    return isdigit((unsigned char)*s) || (*s == '.' &&
                                          isdigit((unsigned char)s[1]));
}

const char *ts_yaml_kind_name(const yaml_node_t *node)
{
    switch (node->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_SCALAR_NODE:
        if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
            looks_numeric((const char *)node->data.scalar.value))
            return "a number";
        return "a string";
    default:
        return "nothing";
    }
}

const char *ts_yaml_scalar(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                           const char *what)
{
    if (node->type != YAML_SCALAR_NODE) {
        ts_diag_add(ctx->diags, ts_yaml_mark(ctx, node),
                    "%s must be a single value, got %s", what,
                    ts_yaml_kind_name(node));
        return NULL;
    }
    return (const char *)node->data.scalar.value;
}

/* Decimal syntax only: [+-]digits[.digits][(e|E)[+-]digits], or a leading
 * '.' fraction. strtod alone would also take hex, "inf" and "nan". */
static bool decimal_syntax(const char *s)
{
    size_t digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    while (isdigit((unsigned char)*s)) {
        s++;
        digits++;
    }
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s)) {
            s++;
            digits++;
        }
    }
    if (digits == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

bool ts_parse_number(const char *text, double *out)
{
    if (!decimal_syntax(text))
        return false;
    errno = 0;
    char *end = NULL;
    double v = strtod(text, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool ts_parse_whole(const char *text, uint64_t max, uint64_t *out)
{
    const char *s = text;
    if (*s == '+')
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return false;
        unsigned digit = (unsigned)(*s - '0');
        if (v > (max - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

static bool is_nonfinite_word(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (*s == '.')
        s++;
    return strcasecmp(s, "nan") == 0 || strcasecmp(s, "inf") == 0 ||
           strcasecmp(s, "infinity") == 0;
}

ts_status ts_yaml_number(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                         const char *what, double *out)
{
    const char *text = ts_yaml_scalar(ctx, node, what);
    if (!text)
        return TS_EINPUT;
    ts_mark m = ts_yaml_mark(ctx, node);
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return ts_diag_add(ctx->diags, m,
                           "%s must be a number, got the quoted string "
                           "\"%s\"", what, text);
    if (is_nonfinite_word(text))
        return ts_diag_add(ctx->diags, m,
                           "%s must be a finite number, got '%s'", what, text);
    if (!ts_parse_number(text, out))
        return ts_diag_add(ctx->diags, m, "%s must be a number, got '%s'",
                           what, text);
    return TS_OK;
}

ts_status ts_yaml_whole(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                        const char *what, uint64_t max, uint64_t *out)
{
    const char *text = ts_yaml_scalar(ctx, node, what);
    if (!text)
        return TS_EINPUT;
    ts_mark m = ts_yaml_mark(ctx, node);
    double v;
    if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        ts_parse_whole(text, max, out))
        return TS_OK;
    if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        ts_parse_number(text, &v) && v >= 0 && v == floor(v))
        return ts_diag_add(ctx->diags, m,
                           "%s must be at most %llu, got %s", what,
                           (unsigned long long)max, text);
    return ts_diag_add(ctx->diags, m,
                       "%s must be a whole number from 0 to %llu, got '%s'",
                       what, (unsigned long long)max, text);
}

ts_status ts_yaml_string(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                         const char *what, char **out)
{
    const char *text = ts_yaml_scalar(ctx, node, what);
    if (!text)
        return TS_EINPUT;
    char *copy = ts_strdup(text);
    if (!copy)
        return ts_diag_runtime(ctx->diags, "out of memory");
    free(*out);
    *out = copy;
    return TS_OK;
}

ts_status ts_yaml_month(const ts_yaml_ctx *ctx, const yaml_node_t *node,
                        const char *what, ts_month *out)
{
    const char *text = ts_yaml_scalar(ctx, node, what);
    if (!text)
        return TS_EINPUT;
    if (!ts_month_parse(text, out))
        return ts_diag_add(ctx->diags, ts_yaml_mark(ctx, node),
                           "%s must be a month written YYYY-MM (year %d or "
                           "later), got '%s'", what, TS_YEAR_MIN, text);
    return TS_OK;
}

yaml_node_t *ts_yaml_lookup(yaml_document_t *doc, const yaml_node_t *map,
                            const char *key, yaml_node_t **key_node)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type == YAML_SCALAR_NODE &&
            strcmp((const char *)k->data.scalar.value, key) == 0) {
            if (key_node)
                *key_node = k;
            return yaml_document_get_node(doc, p->value);
        }
    }
    return NULL;
}
