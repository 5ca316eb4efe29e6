/* One table per YAML section mapping each key to its setter and, for
 * numeric parameters, its valid range. The loader walks files with these
 * tables, --set walks parameter paths with them, validation checks ranges
 * from them, and "did you mean" draws its candidates from them. */
#ifndef TS_FIELDS_H
#define TS_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "models/yaml/yaml_value.h"

/* The valid values of a numeric parameter. */
typedef struct ts_range {
    double lo, hi;
    bool lo_open, hi_open;
    bool whole;              /* must be a whole number */
    const char *whole_of;    /* of what, for messages ("people") */
} ts_range;

struct ts_field;
typedef ts_status (*ts_field_setter)(const ts_yaml_ctx *ctx,
                                     const struct ts_field *field,
                                     const yaml_node_t *node, void *target,
                                     ts_scenario *sc);

typedef struct ts_field {
    const char *key;
    ts_field_setter set;     /* NULL for keys of later capabilities */
    size_t offset;           /* of the member it sets, in its target */
    bool required;
    bool is_param;           /* a ts_param checked against range */
    ts_range range;
    const char *later;       /* why a known key is refused for now */
} ts_field;

/* Most keys one section may have (sizes look-up arrays). */
#define TS_FIELDS_MAX 32

typedef struct ts_field_table {
    const char *section;     /* for messages: "scenario", "pool", ... */
    const ts_field *fields;
    size_t n;
} ts_field_table;

extern const ts_field_table ts_top_fields;
extern const ts_field_table ts_scenario_fields;
extern const ts_field_table ts_pool_fields;
extern const ts_field_table ts_outputs_fields;
/* The value of one `to` entry: a ts_param in a ts_share. */
extern const ts_field ts_share_field;

const ts_field *ts_field_find(const ts_field_table *table, const char *key);

/* The key of table closest to a mistyped key, or NULL ("did you mean"). */
const char *ts_field_suggest(const ts_field_table *table, const char *key);

/* Applies every key of a mapping node to target through table: rejects
 * non-mappings, duplicate keys, unknown keys (with a suggestion) and
 * missing required keys. Continues after errors to report them all. */
ts_status ts_fields_apply_map(const ts_yaml_ctx *ctx,
                              const ts_field_table *table,
                              const yaml_node_t *node, void *target,
                              ts_scenario *sc);

/* Applies one key of table to target (used by --set). */
ts_status ts_field_apply(const ts_yaml_ctx *ctx, const ts_field *field,
                         const yaml_node_t *node, void *target,
                         ts_scenario *sc);

/* The share of `dest` in a `to` mapping, added when absent; NULL when out
 * of memory. */
ts_share *ts_shares_get(ts_shares *shares, const char *dest,
                        ts_mark key_mark);

/* Setters shared by the tables of every section: a string, a number
 * (ts_param), a `to` mapping (ts_shares), each at the field's offset. */
ts_status ts_field_set_string(const ts_yaml_ctx *ctx, const ts_field *f,
                              const yaml_node_t *node, void *target,
                              ts_scenario *sc);
ts_status ts_field_set_param(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc);
/* A number or a distribution {name: [arguments]} (ts_param with dist). */
ts_status ts_field_set_uncertain(const ts_yaml_ctx *ctx, const ts_field *f,
                                 const yaml_node_t *node, void *target,
                                 ts_scenario *sc);
ts_status ts_field_set_shares(const ts_yaml_ctx *ctx, const ts_field *f,
                              const yaml_node_t *node, void *target,
                              ts_scenario *sc);

/* The list sections: executives, predictions, events
 * (models/fields_lists.c). */
extern const ts_field_table ts_executive_fields;
extern const ts_field_table ts_prediction_fields;
extern const ts_field_table ts_event_fields;
extern const ts_field_table ts_shock_fields;
extern const ts_field_table ts_team_fields;
extern const ts_field_table ts_observed_fields;
ts_status ts_set_executives(const ts_yaml_ctx *ctx, const ts_field *f,
                            const yaml_node_t *node, void *target,
                            ts_scenario *sc);
ts_status ts_set_predictions(const ts_yaml_ctx *ctx, const ts_field *f,
                             const yaml_node_t *node, void *target,
                             ts_scenario *sc);
ts_status ts_set_events(const ts_yaml_ctx *ctx, const ts_field *f,
                        const yaml_node_t *node, void *target,
                        ts_scenario *sc);
ts_status ts_set_shocks(const ts_yaml_ctx *ctx, const ts_field *f,
                        const yaml_node_t *node, void *target,
                        ts_scenario *sc);
/* Calibration and planning: observed (a list), fit and target (mappings
 * keyed by parameter path and by pool). */
ts_status ts_set_observed(const ts_yaml_ctx *ctx, const ts_field *f,
                          const yaml_node_t *node, void *target,
                          ts_scenario *sc);
ts_status ts_set_learn(const ts_yaml_ctx *ctx, const ts_field *f,
                       const yaml_node_t *node, void *target,
                       ts_scenario *sc);
ts_status ts_set_fit(const ts_yaml_ctx *ctx, const ts_field *f,
                     const yaml_node_t *node, void *target, ts_scenario *sc);
ts_status ts_set_target(const ts_yaml_ctx *ctx, const ts_field *f,
                        const yaml_node_t *node, void *target,
                        ts_scenario *sc);

/* Writes the range as "(0, 1]" or "[0, 1e+09]" for messages. */
void ts_range_format(const ts_range *r, char *buf, size_t size);
bool ts_range_contains(const ts_range *r, double v);

#endif
