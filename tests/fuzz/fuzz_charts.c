/* libFuzzer target: the text that reaches charts.gp. The input's bytes,
 * split at NUL into the free-text fields of a scenario (tests/payload.h:
 * name, description, labels, claims' texts, an executive's and a group's
 * names), make a valid scenario whatever they are; its charts.gp, with
 * every chart, is read by the independent reader of tests/gp_check.c,
 * and any line that is not a comment, a template's line or an assignment
 * of numbers and safe strings aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "models/scenario/chart_options.h"
#include "models/load/loader.h"
#include "models/validate/validate.h"
#include "sim/output/charts.h"
#include "sim/mc/results.h"
#include "tests/gp_check.h"
#include "tests/payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_script(const ts_scenario *sc)
{
    ts_results r = {0};
    ts_diags d;
    ts_diags_init(&d);
    if (ts_results_deterministic(sc, &r, &d) == TS_OK) {
        char *script = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&script, &len);
        if (f) {
            ts_charts_write_run_script(f, sc, TS_CHARTS_ALL, &r);
            fclose(f);
            const char *tpl[16];
            size_t n = ts_gp_check_templates(tpl, 16);
            const char *why = ts_gp_check(script, tpl, n);
            if (why) {
                fprintf(stderr, "%s\n", why);
                abort();
            }
        }
        free(script);
    }
    ts_results_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        gsl_set_error_handler_off();
        init = 1;
    }
    const char *field[TS_N_PAYLOAD_FIELDS];
    size_t len[TS_N_PAYLOAD_FIELDS];
    const char *p = (const char *)data, *end = p + size;
    for (size_t i = 0; i < TS_N_PAYLOAD_FIELDS; i++) {
        const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        const char *stop = nul ? nul : end;
        field[i] = p < end ? p : "x";
        len[i] = p < end ? (size_t)(stop - p) : 1;
        p = stop < end ? stop + 1 : end;
    }
    /* names must differ, and not be empty */
    if (len[TS_PAYLOAD_EXECUTIVE] == 0 || len[TS_PAYLOAD_GROUP] == 0)
        return 0;
    char *yaml = ts_payload_scenario(field, len, 0);
    if (!yaml)
        return 0;
    ts_scenario *sc = NULL;
    ts_diags d;
    ts_diags_init(&d);
    if (ts_scenario_load_string(yaml, strlen(yaml), "fuzz.yaml", &sc, &d) ==
            TS_OK &&
        ts_scenario_validate(sc, &d) == TS_OK)
        check_script(sc);
    ts_scenario_destroy(sc);
    free(yaml);
    return 0;
}
