/* fitted.yaml (SPEC section 4): the scenario file with each estimate of
 * fit.csv written over the value it fitted, that runs from the output
 * directory it is written in. Its `extends:` is rewritten to reach the
 * same base from there; an estimate of a value a base wrote goes into
 * fitted_base.yaml beside it, an override over that base which
 * fitted.yaml then extends, so that every estimate is in force. */
#ifndef TS_FITTED_YAML_H
#define TS_FITTED_YAML_H

#include <stdbool.h>
#include <stdio.h>

#include "models/base/diag.h"
#include "models/base/limits.h"
#include "models/scenario/scenario.h"
#include "sim/studies/fit.h"

typedef struct ts_fitted {
    const ts_scenario *sc;
    const char *path;         /* the scenario file as given */
    const ts_fit_result *f;
    char dir[TS_PATH_MAX];    /* the output directory, as given */
    char base[TS_PATH_MAX];   /* the file's extends as the loader read it
                                 ("" without), relative to the cwd */
    size_t extends_at, extends_end;  /* its value's bytes in the file */
    bool base_estimates;      /* some estimate is of a value a base wrote:
                                 fitted_base.yaml is written */
} ts_fitted;

/* Prepares *w for sc's file at path, fitted by f, written into dir. */
ts_status ts_fitted_prepare(ts_fitted *w, const ts_scenario *sc,
                            const char *path, const ts_fit_result *f,
                            const char *dir, ts_diags *d);

/* fitted.yaml and fitted_base.yaml's text, for the output writer. */
ts_status ts_fitted_write(FILE *out, const ts_fitted *w, ts_diags *d);
ts_status ts_fitted_write_base(FILE *out, const ts_fitted *w, ts_diags *d);

#endif
