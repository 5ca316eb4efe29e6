/* An earlier forecast as `score` reads it back (SPEC section 8): its
 * output directory's run.yaml (the date the forecast was made, as_of),
 * predictions.csv (each claim's probability: the exact row where there
 * is one, else the Monte Carlo row) and stocks.csv (each pool's
 * headcount quantiles at each stock date). Only what a record asks
 * about is kept, so memory follows the record, not the forecast. The
 * files are read as untrusted, as the loader reads a scenario: regular
 * files only, within a size (README, Limits), run.yaml under the YAML
 * limits, both CSVs by the one CSV reader (quoted texts may hold commas
 * and line breaks); a malformed row, a probability outside [0, 1] or
 * quantiles out of order is an error at its FILE:LINE:COL. */
#ifndef TS_FORECAST_READ_H
#define TS_FORECAST_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "models/base/date.h"
#include "models/base/diag.h"
#include "models/base/sources.h"
#include "models/record/record.h"

typedef struct ts_forecast_claim {
    double p;              /* NaN: the forecast has the claim, no number */
    bool exact;
} ts_forecast_claim;

typedef struct ts_forecast_stock {
    bool found;            /* the forecast has this pool at this date */
    bool has_runs;         /* quantiles below; else deterministic only */
    double deterministic;
    double q[5];           /* p05, p25, p50, p75, p95 */
} ts_forecast_stock;

typedef struct ts_forecast {
    const char *dir;       /* as given */
    ts_sources *names;     /* the file names marks point to */
    ts_month as_of;
    /* per record outcome and headcount, in the record's order */
    ts_forecast_claim *claim;   /* NULL entries: p NaN and !found */
    bool *has_claim;
    ts_forecast_stock *stock;
} ts_forecast;

/* Reads dir against record r. TS_EINPUT with a message when dir lacks
 * run.yaml, predictions.csv or stocks.csv or one is malformed. */
ts_status ts_forecast_read(const char *dir, const ts_record *r,
                           ts_forecast **out, ts_diags *d);
void ts_forecast_destroy(ts_forecast *f);

#endif
