/* A whole file as text, for the files talentsim wrote or was given and
 * reads back whole: the SVG charts the report embeds, the scenario that
 * fit writes its estimates over. (A scenario is read by
 * models/scenario_doc.c, which refuses files above the size limit before
 * reading them.) */
#ifndef TS_FILE_TEXT_H
#define TS_FILE_TEXT_H

#include <stddef.h>

/* The bytes of path with a '\0' after them, their count in *len (len may
 * be NULL); NULL when the file cannot be opened or memory runs out.
 * The caller frees. */
char *ts_file_text(const char *path, size_t *len);

#endif
