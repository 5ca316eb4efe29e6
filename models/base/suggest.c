#include "models/base/suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Names longer than this are not compared: no key or id is that long, and
 * it bounds the work on hostile input. */
#define SUGGEST_MAX_LEN 64

/* Case-insensitive Levenshtein distance with one rolling row. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a[i - 1]) ==
                       tolower((unsigned char)b[j - 1]);
            size_t best = diag + (same ? 0 : 1);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *ts_suggest(const char *word, const char *const *candidates,
                       size_t n)
{
    size_t len = strlen(word);
    if (len == 0 || len > SUGGEST_MAX_LEN)
        return NULL;
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        const char *c = candidates[i];
        if (!c || strlen(c) > SUGGEST_MAX_LEN)
            continue;
        size_t d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}
