/* Scores of earlier forecasts against what happened (SPEC section 8):
 * for a resolved claim with forecast probability p and outcome o, the
 * Brier score (p - o)^2 and the log score -ln(o ? p' : 1 - p') with p'
 * clipped to [0.001, 0.999]; for an observed headcount y, the interval
 * scores of the 50% and 90% intervals
 *   IS_a = (u - l) + (2/a)(l - y)[y < l] + (2/a)(y - u)[y > u],
 * the weighted interval score
 *   WIS = (0.5 |y - p50| + 0.25 IS_0.5 + 0.05 IS_0.1) / 2.5,
 * whether y lies in each closed interval, and |y - p50| (|y -
 * deterministic|, and no WIS, for a forecast without runs). Only what
 * became known after a forecast's as_of is scored. */
#ifndef TS_SCORE_H
#define TS_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "models/record/record.h"
#include "sim/studies/forecast_read.h"

#define TS_LOG_SCORE_CLIP 0.001

double ts_brier(double p, bool came_true);
double ts_log_score(double p, bool came_true);
/* IS_alpha of [l, u] for y */
double ts_interval_score(double l, double u, double y, double alpha);
/* q: p05, p25, p50, p75, p95 */
double ts_wis(const double *q, double y);

typedef enum ts_score_kind { TS_SCORE_CLAIM, TS_SCORE_HEADCOUNT } ts_score_kind;

/* One row of scores.csv: NaN where a column does not apply; in50/in90
 * -1 then. */
typedef struct ts_score_row {
    size_t forecast;       /* index among the forecasts */
    ts_score_kind kind;
    size_t entry;          /* the record's outcome or headcount */
    double forecast_value, observed, brier, log_score, wis, abs_error;
    int in50, in90;
} ts_score_row;

/* One forecast's line of scores_summary.csv. */
typedef struct ts_score_summary {
    size_t claims, headcounts, not_scored;
    size_t known_before;   /* of not_scored: known by its as_of */
    double mean_brier, mean_log_score, mean_wis, coverage50, coverage90;
} ts_score_summary;

typedef struct ts_scores {
    ts_score_row *rows;
    size_t n_rows;
    ts_score_summary *summary;     /* per forecast */
    size_t n_forecasts;
} ts_scores;

/* Scores forecasts f[0..n) on record r. TS_EINPUT when an outcome's id
 * (a headcount's pool) is in no forecast: an error at its place. */
ts_status ts_scores_compute(const ts_record *r, ts_forecast *const *f,
                            size_t n, ts_scores **out, ts_diags *d);
void ts_scores_destroy(ts_scores *s);

#endif
