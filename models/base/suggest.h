/* "Did you mean" for near-miss names: the closest candidate by edit
 * distance, when it is close enough to be a plausible typo. */
#ifndef TS_SUGGEST_H
#define TS_SUGGEST_H

#include <stddef.h>

/* Returns the best candidate within distance max(2, len/3) of word, or
 * NULL. candidates may contain NULL entries, which are skipped. */
const char *ts_suggest(const char *word, const char *const *candidates,
                       size_t n);

#endif
