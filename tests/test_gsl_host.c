/* A host program that leaves GSL's error handler as it is, the default
 * that aborts: the library must never abort it. Its first call turns
 * the handler off (talentsim.h), so a GSL error after it — here one
 * asked of GSL directly, as any later library call could meet — returns
 * a status instead of ending the host. Not a cmocka test: the handler is
 * process-wide and must be the default when the program starts. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <stdio.h>
#include <string.h>

#include "sim/talentsim.h"

static const char *scenario =
    "scenario: {name: host, start: 2024-01, horizon: 12, runs: 20}\n"
    "pools:\n"
    "  - {id: a, headcount: 1000, inflow: 100, retention: 0.8}\n";

int main(void)
{
    talentsim_diagnostics *d = talentsim_diagnostics_create();
    talentsim_scenario *sc = NULL;
    talentsim_run *run = NULL;
    if (!d ||
        talentsim_scenario_load_string(scenario, strlen(scenario),
                                       "host.yaml", NULL, &sc, d) ||
        talentsim_scenario_validate(sc, d) || talentsim_project(sc, &run, d) ||
        talentsim_simulate(run, NULL, d)) {
        fprintf(stderr, "the scenario did not run\n");
        return 1;
    }
    /* the default handler would abort here: [-1] is not positive
     * definite, which GSL reports through its handler */
    gsl_matrix *m = gsl_matrix_alloc(1, 1);
    gsl_matrix_set(m, 0, 0, -1.0);
    int ok = gsl_linalg_cholesky_decomp1(m) == GSL_EDOM;
    gsl_matrix_free(m);
    gsl_error_handler_t *h = gsl_set_error_handler(NULL);
    ok = ok && h != NULL; /* not the default (NULL) */
    talentsim_run_destroy(run);
    talentsim_scenario_destroy(sc);
    talentsim_diagnostics_destroy(d);
    printf("%s\n", ok ? "not aborted: 1 passed, 0 failed"
                      : "the handler was left as it was: 0 passed, 1 failed");
    return ok ? 0 : 1;
}
