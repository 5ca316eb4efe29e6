#include "sim/prepare.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "models/loader.h"
#include "models/param_path.h"
#include "models/validate.h"

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
        st = ts_param_path_apply(sc, shortcuts[i].path, shortcuts[i].value,
                                 label, d);
    }
    for (size_t i = 0; st == TS_OK && i < opt->n_sets; i++)
        st = ts_param_set_assignment(sc, opt->sets[i], d);
    return st;
}

ts_status ts_prepare_scenario(const char *path, const ts_options *opt,
                              ts_scenario **out, ts_diags *d)
{
    return ts_prepare_scenario_with(path, opt, NULL, NULL, NULL, out, d);
}

ts_status ts_prepare_scenario_with(const char *path, const ts_options *opt,
                                   const char *param, const char *value,
                                   const char *label, ts_scenario **out,
                                   ts_diags *d)
{
    ts_scenario *sc = NULL;
    ts_status st = ts_scenario_load(path, &sc, d);
    if (st == TS_OK)
        st = apply_overrides(sc, opt, d);
    if (st == TS_OK && param)
        st = ts_param_path_apply(sc, param, value, label, d);
    if (st == TS_OK)
        st = ts_scenario_validate(sc, d);
    if (st != TS_OK) {
        ts_scenario_destroy(sc);
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

void ts_output_dir(const ts_options *opt, const ts_scenario *sc,
                   const char *path, char *buf, size_t size)
{
    char stem[256];
    if (opt->out_dir) {
        snprintf(buf, size, "%s", opt->out_dir);
    } else if (sc->out_dir) {
        snprintf(buf, size, "%s", sc->out_dir);
    } else {
        ts_file_stem(path, stem, sizeof stem);
        snprintf(buf, size, "out/%s", stem);
    }
}

void ts_study_dir(const ts_options *opt, const ts_scenario *sc,
                  const char *name, char *buf, size_t size)
{
    char run[4096];
    if (opt->out_dir) {
        snprintf(buf, size, "%s", opt->out_dir);
        return;
    }
    ts_output_dir(opt, sc, opt->scenario_path, run, sizeof run);
    snprintf(buf, size, "%s/%s", run, name);
}

size_t ts_thread_count(const ts_options *opt)
{
    if (opt->threads)
        return opt->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}
