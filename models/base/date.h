/* Calendar months (YYYY-MM) as a count of months, so that step arithmetic
 * is integer arithmetic. */
#ifndef TS_DATE_H
#define TS_DATE_H

#include <stdbool.h>
#include <stddef.h>

#include "models/base/diag.h"

/* Years accepted in dates: four digits keep every CSV date YYYY-MM. */
#define TS_YEAR_MIN 1000
#define TS_YEAR_MAX 9999

/* Months since year 0: year*12 + (month-1). */
typedef long ts_month;

/* Parses exactly "YYYY-MM" with month 01..12. */
bool ts_month_parse(const char *text, ts_month *out);

/* Writes "YYYY-MM" into buf (at least 8 bytes). */
void ts_month_format(ts_month m, char *buf, size_t size);

int ts_month_year(ts_month m);

/* Months per step for "month", "quarter", "year"; 0 for anything else. */
int ts_step_months_parse(const char *name);
const char *ts_step_name(int months);      /* "month" */
const char *ts_step_adjective(int months); /* "monthly" */

/* A date of the run as written: a month YYYY-MM on the step grid, or a
 * step number (SPEC section 2; one grammar for every `at`, window and
 * period). Resolved to a step by ts_dated_step (models/validate/checks.h). */
typedef struct ts_dated {
    ts_month month;
    size_t step;               /* when is_step */
    bool is_step;
    ts_mark mark;
    bool given;
} ts_dated;

#endif
