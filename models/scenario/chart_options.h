/* The chart kinds and image formats a scenario's `outputs` may name. The
 * names live here, once, for the loader, --set, the command line and the
 * chart writer. */
#ifndef TS_CHART_OPTIONS_H
#define TS_CHART_OPTIONS_H

#include <stdbool.h>

typedef enum ts_chart_kind {
    TS_CHART_STOCKS,   /* headcount per pool over time */
    TS_CHART_FAN,      /* Monte Carlo median and bands, one panel a pool */
    TS_CHART_FLOWS,    /* cumulative flows as a from x to heat map */
    TS_CHART_NET,      /* net gain or loss per pool per year */
    TS_CHART_EXECUTIVES, /* prediction curves and executives' moves */
    TS_N_CHART_KINDS
} ts_chart_kind;

/* Bit set of chart kinds. */
#define TS_CHART_BIT(kind) (1u << (kind))
#define TS_CHARTS_ALL ((1u << TS_N_CHART_KINDS) - 1u)

typedef enum ts_image_format { TS_IMAGE_PNG, TS_IMAGE_SVG } ts_image_format;

const char *ts_chart_kind_name(ts_chart_kind kind);

/* The kind named `name`; false when there is none. */
bool ts_chart_kind_parse(const char *name, ts_chart_kind *out);

/* Every chart kind's name, in order (for "did you mean"). */
const char *const *ts_chart_kind_names(void);

/* Chart kinds of later capabilities, with the reason they are refused;
 * NULL when `name` is not one of them. */
const char *ts_chart_kind_later(const char *name);

/* "png" or "svg": the file extension too. */
const char *ts_image_format_name(ts_image_format f);
bool ts_image_format_parse(const char *name, ts_image_format *out);

#endif
