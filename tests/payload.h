/* A scenario in which every free-text field holds a given text (the
 * security tests' payloads, and the charts fuzz target's bytes): the
 * scenario's name and description, the pools' labels, an event's and a
 * shock's label, both kinds of prediction's text, a named executive and
 * a group. Every text is written as a YAML double-quoted string with
 * every byte outside printable ASCII as \xHH, so any bytes make a valid
 * file. It has runs, executives, predictions, observations, a fit and a
 * record naming both executives (the charts label recorded moves), so
 * that every command that draws can run on it. */
#ifndef TS_TEST_PAYLOAD_H
#define TS_TEST_PAYLOAD_H

#include <stddef.h>

enum {
    TS_PAYLOAD_NAME, TS_PAYLOAD_DESCRIPTION, TS_PAYLOAD_POOL_A,
    TS_PAYLOAD_POOL_B, TS_PAYLOAD_EVENT, TS_PAYLOAD_SHOCK,
    TS_PAYLOAD_MOVE_CLAIM, TS_PAYLOAD_COUNT_CLAIM, TS_PAYLOAD_EXECUTIVE,
    TS_PAYLOAD_GROUP, TS_N_PAYLOAD_FIELDS
};

/* The scenario's YAML, malloc'd; field[i] of length len[i] (bytes, NULs
 * allowed) for each field; a NULL name leaves the name out (the file's
 * stem names the scenario). NULL when out of memory. */
char *ts_payload_scenario(const char *const *field, const size_t *len,
                          size_t runs);

/* text as one YAML double-quoted string (quotes included), malloc'd:
 * a --set value that is read as YAML. */
char *ts_payload_quote(const char *text, size_t len);

#endif
