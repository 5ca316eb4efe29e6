#include "models/base/file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ts_file_read_regular(const char *path, size_t max, const char *what,
                           size_t *len, char *why, size_t size,
                           bool *runtime)
{
    *runtime = false;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    struct stat st;
    if (fd < 0) {
        snprintf(why, size, "cannot open the %s: %s", what, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        snprintf(why, size, "not a regular file");
        return NULL;
    }
    if ((unsigned long long)st.st_size > max) {
        close(fd);
        snprintf(why, size, "the file has %lld bytes; a %s may have at "
                 "most %zu", (long long)st.st_size, what, max);
        return NULL;
    }
    size_t want = (size_t)st.st_size, n = 0;
    char *buf = malloc(want + 1);
    while (buf && n < want) {
        ssize_t got = read(fd, buf + n, want - n);
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    int read_errno = errno;
    close(fd);
    if (!buf || n != want) {
        free(buf);
        *runtime = true;
        if (!buf)
            snprintf(why, size, "out of memory");
        else
            snprintf(why, size, "cannot read the %s '%s': %s", what, path,
                     n < want ? strerror(read_errno) : "it changed size");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

bool ts_path_beside(const char *file, const char *rel, char *buf,
                    size_t size)
{
    const char *slash = strrchr(file, '/');
    int n;
    if (rel[0] == '/' || !slash)
        n = snprintf(buf, size, "%s", rel);
    else
        n = snprintf(buf, size, "%.*s/%s", (int)(slash - file), file, rel);
    return n >= 0 && (size_t)n < size;
}
