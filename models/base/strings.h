/* Strings the model copies: the one duplicate the C library lacks
 * (strdup is POSIX, not C11). */
#ifndef TS_STRINGS_H
#define TS_STRINGS_H

/* A copy of s (free it), or NULL when out of memory. */
char *ts_strdup(const char *s);

#endif
