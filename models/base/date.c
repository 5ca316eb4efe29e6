#include "models/base/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

bool ts_month_parse(const char *text, ts_month *out)
{
    if (strlen(text) != 7 || text[4] != '-' || !all_digits(text, 4) ||
        !all_digits(text + 5, 2))
        return false;
    int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 +
               (text[2] - '0') * 10 + (text[3] - '0');
    int month = (text[5] - '0') * 10 + (text[6] - '0');
    if (year < TS_YEAR_MIN || month < 1 || month > 12)
        return false;
    *out = (ts_month)year * 12 + (month - 1);
    return true;
}

void ts_month_format(ts_month m, char *buf, size_t size)
{
    snprintf(buf, size, "%04ld-%02ld", m / 12, m % 12 + 1);
}

int ts_month_year(ts_month m) { return (int)(m / 12); }

int ts_step_months_parse(const char *name)
{
    if (strcmp(name, "month") == 0)
        return 1;
    if (strcmp(name, "quarter") == 0)
        return 3;
    if (strcmp(name, "year") == 0)
        return 12;
    return 0;
}

const char *ts_step_name(int months)
{
    return months == 12 ? "year" : months == 3 ? "quarter" : "month";
}

const char *ts_step_adjective(int months)
{
    return months == 12 ? "yearly" : months == 3 ? "quarterly" : "monthly";
}
