/* realpath() is X/Open (XSI), beyond the project's POSIX baseline. */
#define _XOPEN_SOURCE 700
#include "sim/cli/fitted_yaml.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "models/base/file_read.h"
#include "models/base/sources.h"
#include "sim/output/run_record.h"
#include "sim/output/terminal.h"

/* The byte offset of character `index` of UTF-8 text (libyaml's marks
 * count characters), or len when the text is shorter. */
static size_t byte_of(const char *text, size_t len, size_t index)
{
    size_t at = 0;
    for (size_t chars = 0; at < len; at++) {
        if (((unsigned char)text[at] & 0xC0) == 0x80)
            continue; /* a continuation byte */
        if (chars++ == index)
            return at;
    }
    return len;
}

/* ---- a path from one directory to a file ---------------------------- */

/* path made absolute and free of "." and "..", its links followed as far
 * as it exists (a directory about to be made need not exist yet). */
static bool absolute(const char *path, char *out, size_t size)
{
    char probe[PATH_MAX], real[PATH_MAX], joined[2 * PATH_MAX + 2];
    if (path[0] == '/') {
        if (snprintf(joined, sizeof joined, "%s", path) >= (int)sizeof joined)
            return false;
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd) ||
            snprintf(joined, sizeof joined, "%s/%s", cwd, path) >=
                (int)sizeof joined)
            return false;
    }
    /* the deepest part that exists, resolved; the rest appended */
    if (snprintf(probe, sizeof probe, "%s", joined) >= (int)sizeof probe)
        return false;
    size_t kept = strlen(probe);
    while (!realpath(probe, real)) {
        char *slash = strrchr(probe, '/');
        if (!slash || slash == probe)
            return false;
        *slash = '\0';
        kept = (size_t)(slash - probe);
    }
    char rest[PATH_MAX];
    if (snprintf(rest, sizeof rest, "%s/%s", real, joined + kept) >=
        (int)sizeof rest)
        return false;
    /* fold ".", ".." and repeated slashes */
    size_t n = 0;
    out[0] = '\0';
    for (char *part = strtok(rest, "/"); part; part = strtok(NULL, "/")) {
        if (strcmp(part, ".") == 0)
            continue;
        if (strcmp(part, "..") == 0) {
            char *slash = strrchr(out, '/');
            n = slash ? (size_t)(slash - out) : 0;
            out[n] = '\0';
            continue;
        }
        size_t len = strlen(part);
        if (n + len + 2 > size)
            return false;
        out[n++] = '/';
        memcpy(out + n, part, len + 1);
        n += len;
    }
    if (n == 0 && size > 1)
        strcpy(out, "/");
    return true;
}

/* file as reached from directory dir, into buf: "../base.yaml" and the
 * like, so that the output directory can move with what it names. */
static bool path_from(const char *dir, const char *file, char *buf,
                      size_t size)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (!absolute(dir, from, sizeof from) || !absolute(file, to, sizeof to))
        return false;
    /* the longest common run of whole components: all of from when to
     * goes on below it, else up to the last '/' both share */
    size_t same = 0, common = 0;
    while (from[same] && from[same] == to[same])
        same++;
    if (from[same] == '\0' && to[same] == '/')
        common = same;
    else
        for (size_t i = 0; i < same; i++)
            if (from[i] == '/')
                common = i;
    if (to[common] != '/')
        return false;
    size_t n = 0, ups = 0;
    for (const char *p = from + common; *p; p++)
        ups += *p == '/';
    buf[0] = '\0';
    for (size_t i = 0; i < ups; i++) {
        if (n + 3 >= size)
            return false;
        memcpy(buf + n, "../", 4);
        n += 3;
    }
    int w = snprintf(buf + n, size - n, "%s", to + common + 1);
    return w >= 0 && (size_t)w < size - n;
}

/* ---- the file's extends --------------------------------------------- */

/* The span of the root mapping's `extends:` value in text (the loader
 * has read the same bytes under its limits). */
static bool find_extends(const char *text, size_t len, char *value,
                         size_t size, size_t *at, size_t *end)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    bool found = false;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (yaml_parser_load(&parser, &doc)) {
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        for (yaml_node_pair_t *p = root && root->type == YAML_MAPPING_NODE
                                       ? root->data.mapping.pairs.start
                                       : NULL;
             p && p < root->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(&doc, p->key),
                        *v = yaml_document_get_node(&doc, p->value);
            if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE ||
                strcmp((const char *)k->data.scalar.value, "extends") != 0)
                continue;
            found = snprintf(value, size, "%s", v->data.scalar.value) <
                    (int)size;
            *at = byte_of(text, len, v->start_mark.index);
            *end = byte_of(text, len, v->end_mark.index);
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    return found;
}

static bool written_here(const ts_fitted *w, size_t j)
{
    const ts_param *p = w->sc->fit[j].target;
    return p->mark.file && strcmp(p->mark.file, w->path) == 0 &&
           p->text_start < p->text_end;
}

ts_status ts_fitted_prepare(ts_fitted *w, const ts_scenario *sc,
                            const char *path, const ts_fit_result *f,
                            const char *dir, ts_diags *d)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
    w->path = path;
    w->f = f;
    if (snprintf(w->dir, sizeof w->dir, "%s", dir) >= (int)sizeof w->dir)
        return ts_diag_add(d, ts_usage_mark, "the output directory's path "
                           "is too long");
    size_t len;
    const char *text = ts_sources_bytes(&sc->sources, 0, &len);
    if (!text)
        return ts_diag_runtime(d, "the text of %s was not kept (a defect of "
                               "talentsim: please report it)", path);
    char value[TS_PATH_MAX];
    if (find_extends(text, len, value, sizeof value, &w->extends_at,
                     &w->extends_end) &&
        !ts_path_beside(path, value, w->base, sizeof w->base))
        return ts_diag_add(d, ts_usage_mark, "the path of %s's base is too "
                           "long", path);
    for (size_t j = 0; j < f->n_params; j++)
        w->base_estimates |= !written_here(w, j);
    return TS_OK;
}

/* ---- fitted.yaml ------------------------------------------------------ */

/* One replacement of the file's bytes [at, end): an estimate, or the
 * extends value. */
typedef struct edit {
    size_t at, end;
    size_t j;         /* the estimate; SIZE_MAX: the extends value */
} edit;

static int by_at(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

static ts_status write_extends(FILE *out, const ts_fitted *w, ts_diags *d)
{
    char rel[TS_PATH_MAX];
    if (w->base_estimates) {
        ts_yaml_text(out, "fitted_base.yaml");
        return TS_OK;
    }
    if (!path_from(w->dir, w->base, rel, sizeof rel))
        return ts_diag_runtime(d, "cannot name %s from %s", w->base, w->dir);
    ts_yaml_text(out, rel);
    return TS_OK;
}

ts_status ts_fitted_write(FILE *out, const ts_fitted *w, ts_diags *d)
{
    size_t len, n = w->f->n_params, k = 0;
    const char *text = ts_sources_bytes(&w->sc->sources, 0, &len);
    edit *e = calloc(n + 2, sizeof *e);
    if (!text || !e) { /* never the file unchanged under a header that says
                          the estimates are in it */
        free(e);
        return ts_diag_nomem(d);
    }
    for (size_t j = 0; j < n; j++)
        if (written_here(w, j))
            e[k++] = (edit){byte_of(text, len, w->sc->fit[j].target->text_start),
                            byte_of(text, len, w->sc->fit[j].target->text_end),
                            j};
    if (w->base[0])
        e[k++] = (edit){w->extends_at, w->extends_end, SIZE_MAX};
    qsort(e, k, sizeof *e, by_at);
    ts_term_printf(out, "# Fitted by talentsim " TALENTSIM_VERSION
            " from %s: the estimates of fit.csv are written in place.\n",
            w->path);
    if (w->base_estimates)
        ts_term_printf(out, "# The estimates of values its base %s writes "
                       "are in fitted_base.yaml, which this file extends.\n",
                       w->base);
    ts_status st = TS_OK;
    size_t pos = 0;
    for (size_t i = 0; i < k && st == TS_OK; i++) {
        fwrite(text + pos, 1, e[i].at - pos, out);
        if (e[i].j == SIZE_MAX)
            st = write_extends(out, w, d);
        else
            ts_term_printf(out, "%.10g", w->f->estimate[e[i].j]);
        pos = e[i].end;
    }
    fwrite(text + pos, 1, len - pos, out);
    free(e);
    return st;
}

/* ---- fitted_base.yaml -------------------------------------------------- */

/* An estimate of a value a base wrote, as the override that sets it:
 * section (pools, executives, shocks, scenario), the item's key and name,
 * the field, and a key inside the field's mapping ("" for none). */
typedef struct override {
    const char *section, *key;
    char item[256], field[64], sub[256];
    double value;
} override;

static const ts_executive *exec_of(const ts_scenario *sc, const char *path)
{
    const ts_executive *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < sc->n_execs; i++) {
        const char *name = sc->execs[i].name.s;
        size_t len = name ? strlen(name) : 0;
        if (len > best_len && strncmp(path, name, len) == 0 &&
            path[len] == '.') {
            best = &sc->execs[i];
            best_len = len;
        }
    }
    return best;
}

/* rest is "FIELD" or "FIELD.KEY". */
static bool split_field(const char *rest, override *o)
{
    const char *dot = strchr(rest, '.');
    size_t flen = dot ? (size_t)(dot - rest) : strlen(rest);
    if (flen == 0 || flen >= sizeof o->field)
        return false;
    memcpy(o->field, rest, flen);
    o->field[flen] = '\0';
    return snprintf(o->sub, sizeof o->sub, "%s", dot ? dot + 1 : "") <
           (int)sizeof o->sub;
}

static bool override_of(const ts_scenario *sc, const char *path,
                        double value, override *o)
{
    memset(o, 0, sizeof *o);
    o->value = value;
    const char *rest;
    if (strncmp(path, "executives.", 11) == 0) {
        const ts_executive *x = exec_of(sc, path + 11);
        if (!x)
            return false;
        o->section = "executives";
        o->key = x->is_group ? "group" : "name";
        snprintf(o->item, sizeof o->item, "%s", x->name.s);
        return split_field(path + 11 + strlen(x->name.s) + 1, o);
    }
    if (strncmp(path, "scenario.", 9) == 0) {
        o->section = "scenario";
        return split_field(path + 9, o) && !o->sub[0];
    }
    if (strncmp(path, "pools.", 6) == 0)
        o->section = "pools";
    else if (strncmp(path, "shocks.", 7) == 0)
        o->section = "shocks";
    else
        return false;
    o->key = "id";
    rest = path + strlen(o->section) + 1;
    const char *dot = strchr(rest, '.');
    if (!dot || (size_t)(dot - rest) >= sizeof o->item)
        return false;
    memcpy(o->item, rest, (size_t)(dot - rest));
    o->item[dot - rest] = '\0';
    return split_field(dot + 1, o);
}

/* The items of one section, each with its fields, in the order of the
 * estimates: "  - {id: "a", inflow: 1, to: {"b": 0.5}}". */
static void write_section(FILE *out, const override *o, size_t n,
                          const char *section)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(o[i].section, section) != 0)
            continue;
        bool first_of_item = true;
        for (size_t k = 0; k < i && first_of_item; k++)
            first_of_item = strcmp(o[k].section, section) != 0 ||
                            strcmp(o[k].item, o[i].item) != 0;
        if (!first_of_item)
            continue;
        if (!any)
            fprintf(out, "%s:\n", section);
        any = true;
        fprintf(out, "  - {%s: ", o[i].key);
        /* a pool's or shock's id has a pool id's characters (checked by
         * validation): plain, as the file writes it; a name quoted */
        if (strcmp(o[i].key, "id") == 0)
            fputs(o[i].item, out);
        else
            ts_yaml_text(out, o[i].item);
        for (size_t k = i; k < n; k++) {
            if (strcmp(o[k].section, section) != 0 ||
                strcmp(o[k].item, o[i].item) != 0)
                continue;
            bool first_of_field = true;
            for (size_t m = i; m < k && first_of_field; m++)
                first_of_field = strcmp(o[m].section, section) != 0 ||
                                 strcmp(o[m].item, o[i].item) != 0 ||
                                 strcmp(o[m].field, o[k].field) != 0;
            if (!first_of_field)
                continue;
            fprintf(out, ", %s: ", o[k].field);
            if (!o[k].sub[0]) {
                fprintf(out, "%.10g", o[k].value);
                continue;
            }
            fputc('{', out);
            for (size_t m = k, c = 0; m < n; m++)
                if (strcmp(o[m].section, section) == 0 &&
                    strcmp(o[m].item, o[i].item) == 0 &&
                    strcmp(o[m].field, o[k].field) == 0) {
                    fputs(c++ ? ", " : "", out);
                    fputs(o[m].sub, out); /* a pool id */
                    fprintf(out, ": %.10g", o[m].value);
                }
            fputc('}', out);
        }
        fputs("}\n", out);
    }
}

ts_status ts_fitted_write_base(FILE *out, const ts_fitted *w, ts_diags *d)
{
    size_t n = 0;
    override *o = calloc(w->f->n_params + 1, sizeof *o);
    if (!o)
        return ts_diag_nomem(d);
    ts_status st = TS_OK;
    for (size_t j = 0; j < w->f->n_params && st == TS_OK; j++) {
        if (written_here(w, j))
            continue;
        const char *path = w->sc->fit[j].path;
        if (!override_of(w->sc, path, w->f->estimate[j], &o[n++]))
            st = ts_diag_runtime(d, "cannot write the estimate of %s as an "
                                 "override (a defect of talentsim: please "
                                 "report it)", path);
    }
    char rel[TS_PATH_MAX];
    if (st == TS_OK && !path_from(w->dir, w->base, rel, sizeof rel))
        st = ts_diag_runtime(d, "cannot name %s from %s", w->base, w->dir);
    if (st == TS_OK) {
        ts_term_printf(out, "# Fitted by talentsim " TALENTSIM_VERSION
                       ": the estimates of fit.csv of values that %s "
                       "writes, over it; fitted.yaml extends this file.\n",
                       w->base);
        fputs("extends: ", out);
        ts_yaml_text(out, rel);
        fputc('\n', out);
        bool scenario = false;
        for (size_t i = 0; i < n; i++)
            scenario |= strcmp(o[i].section, "scenario") == 0;
        if (scenario) {
            fputs("scenario: {", out);
            for (size_t i = 0, c = 0; i < n; i++)
                if (strcmp(o[i].section, "scenario") == 0)
                    fprintf(out, "%s%s: %.10g", c++ ? ", " : "", o[i].field,
                            o[i].value);
            fputs("}\n", out);
        }
        write_section(out, o, n, "pools");
        write_section(out, o, n, "executives");
        write_section(out, o, n, "shocks");
    }
    free(o);
    return st;
}
