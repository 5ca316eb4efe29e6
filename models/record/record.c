#include "models/record/record.h"

#include <stdlib.h>

void ts_record_destroy(ts_record *r)
{
    if (!r)
        return;
    ts_record_free(r);
    if (r->names)
        ts_sources_free(r->names);
    free(r->names);
    free(r);
}

void ts_record_free(ts_record *r)
{
    for (size_t i = 0; i < r->n_outcomes; i++)
        free(r->outcomes[i].id);
    for (size_t i = 0; i < r->n_headcounts; i++)
        free(r->headcounts[i].pool);
    for (size_t i = 0; i < r->n_moves; i++) {
        free(r->moves[i].who);
        free(r->moves[i].to);
        free(r->moves[i].from);
    }
    for (size_t i = 0; i < r->n_shocks; i++)
        free(r->shocks[i].id);
    for (size_t i = 0; i < r->n_seen; i++) {
        free(r->seen[i].who);
        free(r->seen[i].pool);
    }
    free(r->seen);
    free(r->moves);
    free(r->shocks);
    free(r->outcomes);
    free(r->headcounts);
}
