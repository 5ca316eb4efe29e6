/* Reading UTF-8 as the sinks need it: each escaping routine (terminal,
 * run.yaml) decodes a sequence here and decides what is shown raw. */
#ifndef TS_UTF8_H
#define TS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (2 to 4) of the well-formed UTF-8 sequence at s (a byte
 * >= 0x80) and its code point in *cp; 0 for a byte that starts none
 * (overlong forms, surrogates and values past U+10FFFF included). */
size_t ts_utf8_decode(const unsigned char *s, uint32_t *cp);

#endif
