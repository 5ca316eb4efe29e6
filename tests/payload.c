#include "tests/payload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* text as the inside of a YAML double-quoted string */
static size_t escape(char *out, const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20 || c >= 0x7f) {
            n += (size_t)sprintf(out + n, "\\x%02x", c);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    return n;
}

static const char *layout =
    "scenario:\n"
    "%s%s%s"
    "  description: \"%s\"\n"
    "  start: 2024-01\n"
    "  horizon: 24\n"
    "  runs: %zu\n"
    "  seed: 7\n"
    "pools:\n"
    "  - {id: a, label: \"%s\", headcount: {range: [900, 1100]}, "
    "inflow: 100, retention: 0.8, to: {b: 0.5}}\n"
    "  - {id: b, label: \"%s\", headcount: 500, inflow: 50, "
    "retention: 0.9, to: {a: 0.2}}\n"
    "events:\n"
    "  - {at: 2024-07, label: \"%s\", set: {pools.a.retention: 0.75}}\n"
    "shocks:\n"
    "  - {id: crisis, label: \"%s\", chance: 0.3, window: [2024-03, "
    "2024-09], lasts: 6, set: {pools.b.retention: 0.7}}\n"
    "executives:\n"
    "  - {name: \"%s\", pool: a, move: 0.3, to: {b: 0.6}}\n"
    "  - {group: \"%s\", pool: a, count: 4}\n"
    "predictions:\n"
    "  - {id: moves, text: \"%s\", from: a, to: b, within: 12, "
    "at_least: 1}\n"
    "  - {id: shrinks, text: \"%s\", pool: a, at: 2025-01, below: 1000}\n"
    "observed:\n"
    "  - {pool: a, headcount: 1000, at: 2024-01}\n"
    "  - {pool: a, headcount: 1010, at: 2025-01}\n"
    "  - {pool: b, headcount: 640, at: 2025-01}\n"
    "fit:\n"
    "  pools.a.inflow: {bounds: [10, 1000], start: 100}\n"
    "history:\n"
    "  as_of: 2024-10\n"
    "  moves:\n"
    "    - {who: \"%s\", at: 2024-05, to: outside}\n"
    "    - {who: \"%s\", at: 2024-06, to: outside, count: 2}\n"
    "  shocks:\n"
    "    - {id: crisis, started: 2024-04}\n"
    "  headcounts:\n"
    "    - {pool: b, at: 2024-10, value: 600}\n";

char *ts_payload_scenario(const char *const *field, const size_t *len,
                          size_t runs)
{
    char *esc[TS_N_PAYLOAD_FIELDS] = {0};
    size_t total = strlen(layout) + 64;
    char *out = NULL;
    for (size_t i = 0; i < TS_N_PAYLOAD_FIELDS; i++) {
        if (!(esc[i] = malloc(4 * len[i] + 1)))
            goto done;
        esc[i][0] = '\0';
        total += field[i] ? escape(esc[i], field[i], len[i]) : 0;
    }
    /* the record names both executives again */
    total += strlen(esc[TS_PAYLOAD_EXECUTIVE]) + strlen(esc[TS_PAYLOAD_GROUP]);
    if ((out = malloc(total)))
        snprintf(
            out, total, layout, field[TS_PAYLOAD_NAME] ? "  name: \"" : "",
            field[TS_PAYLOAD_NAME] ? esc[TS_PAYLOAD_NAME] : "",
            field[TS_PAYLOAD_NAME] ? "\"\n" : "", esc[TS_PAYLOAD_DESCRIPTION],
            runs, esc[TS_PAYLOAD_POOL_A], esc[TS_PAYLOAD_POOL_B],
            esc[TS_PAYLOAD_EVENT], esc[TS_PAYLOAD_SHOCK],
            esc[TS_PAYLOAD_EXECUTIVE], esc[TS_PAYLOAD_GROUP],
            esc[TS_PAYLOAD_MOVE_CLAIM], esc[TS_PAYLOAD_COUNT_CLAIM],
            esc[TS_PAYLOAD_EXECUTIVE], esc[TS_PAYLOAD_GROUP]);
done:
    for (size_t i = 0; i < TS_N_PAYLOAD_FIELDS; i++)
        free(esc[i]);
    return out;
}

char *ts_payload_quote(const char *text, size_t len)
{
    char *out = malloc(4 * len + 3);
    if (!out)
        return NULL;
    out[0] = '"';
    size_t n = 1 + escape(out + 1, text, len);
    out[n++] = '"';
    out[n] = '\0';
    return out;
}
