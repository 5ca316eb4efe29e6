/* libFuzzer target: the scenario loader, validation and --set on
 * arbitrary bytes. Input: a scenario, optionally followed by a line
 * "#--set PATH=VALUE" that is applied before validation. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "models/load/loader.h"
#include "models/load/param_path.h"
#include "models/validate/validate.h"
#include "sim/mc/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the deterministic engine (pools, executives and predictions) on
 * small valid scenarios too, so that whatever validation lets through is
 * computed without crashing. */
static void project_small(const ts_scenario *sc)
{
    if (sc->n_pools > 20 || sc->horizon > 240 || sc->n_execs > 20 ||
        ts_scenario_exec_people(sc) > 200)
        return;
    /* the exact mixture over the shocks' starts: a few combinations */
    double combos = 1;
    for (size_t i = 0; i < sc->n_shocks; i++)
        combos *= (double)(sc->shocks[i].step_to - sc->shocks[i].step_from + 1);
    if (combos > 64)
        return;
    ts_results r = {0};
    ts_diags d;
    ts_diags_init(&d);
    ts_results_deterministic(sc, &r, &d);
    ts_results_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        gsl_set_error_handler_off();
        init = 1;
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *set = strstr(text, "#--set ");
    ts_diags d;
    ts_scenario *sc = NULL;
    ts_diags_init(&d);
    ts_status loaded =
        ts_scenario_load_string_partial(text, size, "fuzz.yaml", &sc, &d);
    if (loaded != TS_OK && sc) /* the other mistakes of a broken file */
        ts_scenario_validate(sc, &d);
    if (loaded == TS_OK) {
        ts_status st = TS_OK;
        if (set) {
            char *end = strchr(set, '\n');
            if (end)
                *end = '\0';
            st = ts_param_set_assignment(sc, set + 7, &d);
        }
        if (st == TS_OK && ts_scenario_validate(sc, &d) == TS_OK)
            project_small(sc);
    }
    char line[TS_DIAG_MSG_MAX + TS_DIAG_FILE_MAX + 64];
    for (size_t i = 0; i < d.count; i++)
        ts_diag_format(&d.items[i], line, sizeof line);
    ts_scenario_destroy(sc);
    free(text);
    return 0;
}
