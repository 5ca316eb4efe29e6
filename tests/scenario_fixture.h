/* Builds validated scenarios from YAML text for tests. */
#ifndef TS_TEST_SCENARIO_FIXTURE_H
#define TS_TEST_SCENARIO_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "models/loader.h"
#include "models/validate.h"

/* Loads and validates text; prints the diagnostics and returns NULL when
 * it does not validate. */
static inline ts_scenario *ts_fixture_scenario(const char *text)
{
    ts_diags d;
    ts_scenario *sc = NULL;
    ts_diags_init(&d);
    if (ts_scenario_load_string(text, strlen(text), "fixture.yaml", &sc,
                                &d) != TS_OK ||
        ts_scenario_validate(sc, &d) != TS_OK) {
        char line[2048];
        for (size_t i = 0; i < d.count; i++) {
            ts_diag_format(&d.items[i], line, sizeof line);
            fprintf(stderr, "%s\n", line);
        }
        ts_scenario_destroy(sc);
        return NULL;
    }
    return sc;
}

#endif
