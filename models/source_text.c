#include "models/source_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t source_index(const ts_scenario *sc, const char *file)
{
    for (size_t i = 0; file && i < sc->n_sources; i++)
        if (sc->sources[i] == file || strcmp(sc->sources[i], file) == 0)
            return i;
    return SIZE_MAX;
}

bool ts_scenario_keep_text(ts_scenario *sc, const char *file,
                           const char *text, size_t len)
{
    size_t i = source_index(sc, file);
    if (i == SIZE_MAX)
        return false;
    /* sources may have grown since the array was made */
    char **grown = realloc(sc->source_text, sc->n_sources * sizeof *grown);
    if (!grown)
        return false;
    sc->source_text = grown;
    size_t *lens = realloc(sc->source_len, sc->n_sources * sizeof *lens);
    if (!lens)
        return false;
    sc->source_len = lens;
    for (size_t k = sc->n_source_text; k < sc->n_sources; k++) {
        grown[k] = NULL;
        lens[k] = 0;
    }
    sc->n_source_text = sc->n_sources;
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    free(sc->source_text[i]);
    sc->source_text[i] = copy;
    sc->source_len[i] = len;
    return true;
}

const char *ts_scenario_source_bytes(const ts_scenario *sc, size_t i,
                                     size_t *len)
{
    if (i >= sc->n_source_text || !sc->source_text[i])
        return NULL;
    *len = sc->source_len[i];
    return sc->source_text[i];
}

void ts_scenario_comment(const ts_scenario *sc, const char *file,
                         size_t line, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t i = source_index(sc, file);
    if (i == SIZE_MAX || i >= sc->n_source_text || !sc->source_text[i] ||
        line == 0)
        return;
    const char *s = sc->source_text[i];
    for (size_t l = 1; s && l < line; l++) {
        s = strchr(s, '\n');
        s = s ? s + 1 : NULL;
    }
    char quote = 0;
    for (; s && *s && *s != '\n'; s++) {
        if (quote) {
            quote = *s == quote ? 0 : quote;
        } else if (*s == '"' || *s == '\'') {
            quote = *s;
        } else if (*s == '#') {
            s += strspn(s + 1, " ") + 1;
            size_t len = strcspn(s, "\n");
            snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1),
                     s);
            return;
        }
    }
}
