/* Builds validated scenarios from YAML text for tests. */
#ifndef TS_TEST_SCENARIO_FIXTURE_H
#define TS_TEST_SCENARIO_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "models/load/loader.h"
#include "models/validate/validate.h"
#include "sim/mc/results.h"

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

/* A scenario and its results, deterministic and Monte Carlo, for tests
 * that use cmocka (include <cmocka.h> and sim/mc/results.h first). */
#ifdef TS_FIXTURE_RESULTS
typedef struct ts_fixture {
    ts_scenario *sc;
    ts_results r;
} ts_fixture;

/* Loads yaml and computes its deterministic results alone (what a fit
 * starts from); d is ready for more messages. */
static inline void ts_fixture_load_deterministic(ts_fixture *f,
                                                 const char *yaml,
                                                 ts_diags *d)
{
    ts_diags_init(d);
    memset(f, 0, sizeof *f);
    f->sc = ts_fixture_scenario(yaml);
    assert_non_null(f->sc);
    assert_int_equal(ts_results_deterministic(f->sc, &f->r, d), TS_OK);
}

/* Loads yaml and computes its results with setup; the Monte Carlo must
 * end with status `want` (its messages in d). */
static inline void ts_fixture_load_setup(ts_fixture *f, const char *yaml,
                                         const ts_mc_setup *setup,
                                         ts_status want, ts_diags *d)
{
    ts_fixture_load_deterministic(f, yaml, d);
    assert_int_equal(ts_results_monte_carlo(f->sc, setup, &f->r, d), want);
}

static inline void ts_fixture_load(ts_fixture *f, const char *yaml,
                                   size_t threads)
{
    ts_diags d;
    ts_mc_setup setup = {.threads = threads};
    ts_fixture_load_setup(f, yaml, &setup, TS_OK, &d);
}

static inline void ts_fixture_unload(ts_fixture *f)
{
    ts_results_free(&f->r);
    ts_scenario_destroy(f->sc);
}
#endif

#endif
