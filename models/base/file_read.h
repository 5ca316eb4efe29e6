/* Reading a file the user named, which may be anything: whole, within a
 * size limit, and only when it is a regular file (a FIFO, a device or a
 * directory would hang the reader or feed it without end). Scenario
 * files, their bases and a record's CSV files are read so. */
#ifndef TS_FILE_READ_H
#define TS_FILE_READ_H

#include <stdbool.h>
#include <stddef.h>

/* The bytes of path, NUL-terminated (free them), or NULL with the reason
 * in why: "cannot open the <what>: ...", "not a regular file", or a size
 * above max ("a <what> may have at most MAX bytes") — the input's fault;
 * or, with *runtime set, "out of memory" or a read that failed. */
char *ts_file_read_regular(const char *path, size_t max, const char *what,
                           size_t *len, char *why, size_t size,
                           bool *runtime);

/* rel relative to the directory of the file that names it (an absolute
 * rel as it is), into buf; false when it does not fit in size bytes
 * (never a truncated path). */
bool ts_path_beside(const char *file, const char *rel, char *buf,
                    size_t size);

#endif
