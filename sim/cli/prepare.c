/* realpath() is X/Open (XSI), beyond the project's POSIX baseline. */
#define _XOPEN_SOURCE 700
#include "sim/cli/prepare.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "models/base/date.h"
#include "models/base/limits.h"

/* Applies --step, --runs, --seed, --format and then each --set, in that
 * order. */
static ts_status apply_overrides(ts_scenario *sc, const ts_options *opt,
                                 ts_diags *d)
{
    const struct {
        const char *option, *path, *value;
    } shortcuts[] = {{"--step", "scenario.step", opt->step},
                     {"--runs", "scenario.runs", opt->runs},
                     {"--seed", "scenario.seed", opt->seed},
                     {"--format", "outputs.format", opt->format}};
    ts_status st = TS_OK;
    for (size_t i = 0; st == TS_OK && i < sizeof shortcuts / sizeof shortcuts[0];
         i++) {
        if (!shortcuts[i].value)
            continue;
        char label[128];
        snprintf(label, sizeof label, "%s %s", shortcuts[i].option,
                 shortcuts[i].value);
        st = ts_from_api(talentsim_scenario_override(
            sc, shortcuts[i].path, shortcuts[i].value, label, d));
    }
    for (size_t i = 0; st == TS_OK && i < opt->n_sets; i++)
        st = ts_from_api(talentsim_scenario_set(sc, opt->sets[i], d));
    if (st == TS_OK && opt->as_of) {
        char label[128];
        snprintf(label, sizeof label, "--as-of %s", opt->as_of);
        st = ts_from_api(talentsim_scenario_as_of(sc, opt->as_of, label, d));
    }
    return st;
}

ts_status ts_prepare_scenario(const char *path, const ts_options *opt,
                              ts_scenario **out, ts_diags *d)
{
    return ts_prepare_scenario_with(path, opt, NULL, NULL, NULL, out, d);
}

/* The command-line changes, as the user wrote them, for messages:
 * "--set a=1, --runs 5". */
static void overrides_label(const ts_options *opt, const char *extra,
                            char *buf, size_t size)
{
    const char *opts[] = {"--step", "--runs", "--seed", "--format"};
    const char *vals[] = {opt->step, opt->runs, opt->seed, opt->format};
    size_t len = 0;
    buf[0] = '\0';
#define APPEND(...)                                                        \
    do {                                                                   \
        int n_ = snprintf(buf + len, size - len, __VA_ARGS__);             \
        if (n_ > 0)                                                        \
            len = len + (size_t)n_ < size ? len + (size_t)n_ : size - 1;   \
    } while (0)
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (vals[i])
            APPEND("%s%s %s", len ? ", " : "", opts[i], vals[i]);
    for (size_t i = 0; i < opt->n_sets; i++)
        APPEND("%s--set %s", len ? ", " : "", opt->sets[i]);
    if (opt->as_of)
        APPEND("%s--as-of %s", len ? ", " : "", opt->as_of);
    if (extra)
        APPEND("%s%s", len ? ", " : "", extra);
#undef APPEND
}

/* Errors that point into the file although the file alone is valid were
 * caused by a command-line change: they say so, "(after --set ...)". */
static void blame_overrides(const char *path, const ts_options *opt,
                            const char *extra, size_t first, ts_diags *d)
{
    ts_diags quiet;
    ts_diags_init(&quiet);
    ts_scenario *alone = NULL;
    bool file_valid =
        talentsim_scenario_load_file(path, &alone, &quiet) == TALENTSIM_OK &&
        talentsim_scenario_validate(alone, &quiet) == TALENTSIM_OK;
    talentsim_scenario_destroy(alone);
    if (!file_valid)
        return;
    char note[1024] = " (after ";
    size_t head = strlen(note);
    overrides_label(opt, extra, note + head, sizeof note - head - 1);
    strcat(note, ")");
    for (size_t i = first; i < d->count; i++) {
        ts_diag *g = &d->items[i];
        size_t len = strlen(g->message), room = sizeof g->message - len - 1;
        if (g->mark.line > 0)
            strncat(g->message, note, room); /* cut short if it must be */
    }
}

static bool has_overrides(const ts_options *opt, const char *param)
{
    return param || opt->step || opt->runs || opt->seed || opt->format ||
           opt->n_sets > 0 || opt->as_of;
}

/* Sightings (history.seen) are read by fit alone in this version: a
 * forecast from them (SPEC section 8: each sighted executive from where
 * its chain takes them after its last sighting) is not made yet, and is
 * refused rather than made as if they had not been seen. */
static ts_status sightings_fit_only(const ts_scenario *sc,
                                    const ts_options *opt, ts_diags *d)
{
    if (!sc->record || sc->record->n_seen == 0 ||
        opt->command == TS_CMD_CHECK || opt->command == TS_CMD_FIT)
        return TS_OK;
    return ts_diag_add(d, sc->record->seen[0].mark, "a forecast from "
                       "sightings (history.seen) is not supported yet in "
                       "this version: `talentsim fit` reads them, to "
                       "estimate the executives' rates");
}

/* The first path `learn` leaves learnt (not fixed by a number), or
 * NULL. */
static const ts_learn_param *learnt(const ts_scenario *sc)
{
    for (size_t i = 0; i < sc->n_learn; i++)
        if (!sc->learn[i].fixed)
            return &sc->learn[i];
    return NULL;
}

/* learn is read and checked in full (check), and fit ignores it (SPEC
 * section 11); the posterior a forecast integrates over is the next
 * part of this release, so until then a forecast is refused rather
 * than made on the priors as if the record taught nothing. */
static ts_status learning_checked_only(const ts_scenario *sc,
                                       const ts_options *opt, ts_diags *d)
{
    const ts_learn_param *l = learnt(sc);
    if (!l || opt->command == TS_CMD_CHECK || opt->command == TS_CMD_FIT)
        return TS_OK;
    return ts_diag_add(d, l->mark, "'%s' is learnt: this version checks "
                       "learn and its priors but does not yet compute the "
                       "posterior a forecast needs (SPEC section 11); "
                       "`talentsim check` validates it, `talentsim fit` "
                       "estimates by maximum likelihood", l->path);
}

ts_status ts_prepare_scenario_with(const char *path, const ts_options *opt,
                                   const char *param, const char *value,
                                   const char *label, ts_scenario **out,
                                   ts_diags *d)
{
    ts_scenario *sc = NULL;
    ts_status st = ts_from_api(talentsim_scenario_load_file(path, &sc, d));
    if (st == TS_OK)
        st = apply_overrides(sc, opt, d);
    if (st == TS_OK && param)
        st = ts_from_api(talentsim_scenario_override(sc, param, value, label,
                                                     d));
    if (st == TS_OK) {
        size_t first = d->count;
        st = ts_from_api(talentsim_scenario_validate(sc, d));
        if (st != TS_OK && has_overrides(opt, param))
            blame_overrides(path, opt, param ? label : NULL, first, d);
    }
    if (st == TS_OK)
        st = sightings_fit_only(sc, opt, d);
    if (st == TS_OK)
        st = learning_checked_only(sc, opt, d);
    if (st != TS_OK) {
        talentsim_scenario_destroy(sc);
        sc = NULL;
    }
    *out = sc;
    return st;
}

void ts_file_stem(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(buf, size, "%.*s", len, base);
}

static ts_status too_long(const char *what, size_t size, ts_diags *d)
{
    return ts_diag_add(d, ts_usage_mark, "the output directory's path (%s) "
                       "is longer than %zu bytes", what, size - 1);
}

/* Whether dir, with its links followed as far as it exists, stays below
 * the working directory. */
static bool below_cwd(const char *dir)
{
    char cwd[PATH_MAX], probe[PATH_MAX], real[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || !realpath(cwd, real))
        return false;
    size_t base = strlen(real);
    snprintf(cwd, sizeof cwd, "%s", real);
    if (snprintf(probe, sizeof probe, "%s", dir) >= (int)sizeof probe)
        return false;
    /* the deepest part of dir that exists, where a link may lead out */
    for (;;) {
        if (realpath(probe, real))
            break;
        char *slash = strrchr(probe, '/');
        if (!slash)
            return true; /* nothing of it exists: made below cwd */
        *slash = '\0';
    }
    return strncmp(real, cwd, base) == 0 &&
           (real[base] == '\0' || real[base] == '/' ||
            (base == 1 && cwd[0] == '/'));
}

ts_status ts_output_dir(const ts_options *opt, const ts_scenario *sc,
                        const char *path, char *buf, size_t size,
                        ts_diags *d)
{
    char stem[256];
    int n;
    if (opt->out_dir) {
        n = snprintf(buf, size, "%s", opt->out_dir);
    } else if (sc->out_dir && !sc->out_dir_inherited) {
        n = snprintf(buf, size, "%s", sc->out_dir);
        if (n >= 0 && (size_t)n < size && !below_cwd(buf))
            return ts_diag_add(d, sc->out_dir_mark, "outputs.dir '%s' leads "
                               "outside the working directory through a "
                               "link (use -o to write elsewhere)", buf);
    } else {
        ts_file_stem(path, stem, sizeof stem);
        n = snprintf(buf, size, "out/%s", stem);
    }
    return n >= 0 && (size_t)n < size ? TS_OK : too_long(path, size, d);
}

ts_status ts_study_dir(const ts_options *opt, const ts_scenario *sc,
                       const char *name, char *buf, size_t size,
                       ts_diags *d)
{
    char run[TS_PATH_MAX];
    if (opt->out_dir) {
        int n = snprintf(buf, size, "%s", opt->out_dir);
        return n >= 0 && (size_t)n < size ? TS_OK
                                          : too_long(opt->out_dir, size, d);
    }
    ts_status st = ts_output_dir(opt, sc, opt->scenario_path, run,
                                 sizeof run, d);
    if (st != TS_OK)
        return st;
    int n = snprintf(buf, size, "%s/%s", run, name);
    return n >= 0 && (size_t)n < size ? TS_OK : too_long(run, size, d);
}

size_t ts_thread_count(const ts_options *opt)
{
    if (opt->threads)
        return opt->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

ts_status ts_parse_stock_date(const ts_scenario *sc, const char *option,
                              const char *text, size_t first, size_t *step,
                              ts_diags *d)
{
    ts_month m, from = ts_scenario_step_month(sc, first),
                end = ts_scenario_step_month(sc, sc->horizon);
    char a[16], b[16];
    ts_month_format(from, a, sizeof a);
    ts_month_format(end, b, sizeof b);
    if (!ts_month_parse(text, &m))
        return ts_diag_add(d, ts_usage_mark, "%s: '%s' is not a month "
                           "YYYY-MM", option, text);
    size_t k = ts_scenario_month_step(sc, m);
    if (k == SIZE_MAX || k < first)
        return ts_diag_add(d, ts_usage_mark, "%s: %s is not a date of the "
                           "run's stocks (%s to %s, every %s)", option, text,
                           a, b, ts_step_name(sc->step_months));
    *step = k;
    return TS_OK;
}
