#include "models/scenario/chart_options.h"

#include <stddef.h>
#include <string.h>

static const char *const kind_names[TS_N_CHART_KINDS] = {
    "stocks", "fan", "flows", "net", "executives"};

static const struct {
    const char *name, *why;
} later_kinds[] = {
    {"tornado", "the tornado chart is drawn by 'talentsim tornado', not "
                "by a run"},
    {"sweep", "the sweep chart is drawn by 'talentsim sweep', not by a "
              "run"},
    {"compare", "the compare chart is drawn by 'talentsim compare', not by "
                "a run"},
};

const char *ts_chart_kind_name(ts_chart_kind kind)
{
    return kind < TS_N_CHART_KINDS ? kind_names[kind] : "?";
}

const char *const *ts_chart_kind_names(void) { return kind_names; }

bool ts_chart_kind_parse(const char *name, ts_chart_kind *out)
{
    for (int k = 0; k < TS_N_CHART_KINDS; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (ts_chart_kind)k;
            return true;
        }
    return false;
}

const char *ts_chart_kind_later(const char *name)
{
    for (size_t i = 0; i < sizeof later_kinds / sizeof later_kinds[0]; i++)
        if (strcmp(name, later_kinds[i].name) == 0)
            return later_kinds[i].why;
    return NULL;
}

const char *ts_image_format_name(ts_image_format f)
{
    return f == TS_IMAGE_SVG ? "svg" : "png";
}

bool ts_image_format_parse(const char *name, ts_image_format *out)
{
    if (strcmp(name, "png") == 0)
        *out = TS_IMAGE_PNG;
    else if (strcmp(name, "svg") == 0)
        *out = TS_IMAGE_SVG;
    else
        return false;
    return true;
}
