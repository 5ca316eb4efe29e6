#include "models/base/strings.h"

#include <stdlib.h>
#include <string.h>

char *ts_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}
