/* Fault injection for tests/out_of_memory.sh (LD_PRELOAD): every
 * allocation from the TS_FAIL_AT-th on fails, as when memory runs out
 * (SQLite's malloc fault tests fail each allocation in turn). Without
 * TS_FAIL_AT it only counts, and TS_COUNT_TO names a file to write the
 * count to at exit. glibc's own __libc_* allocators do the work, so no
 * dlsym (which allocates) is needed.
 *
 * Allocations GSL makes inside its own routines are never failed: GSL
 * 2.7 uses some unchecked (gsl_linalg_exponential_ss's scratch matrices,
 * the LU decomposition's pivots), so a failure there is GSL's crash,
 * which talentsim cannot catch; sim/engine/chain.c reserves the
 * exponential's scratch before calling it, which is what it can do. */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long calls, fail_at;
static uintptr_t gsl_lo, gsl_hi; /* libgsl's mapped code */

static int find_gsl(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    if (!info->dlpi_name || !strstr(info->dlpi_name, "libgsl.so"))
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        gsl_lo = info->dlpi_addr + ph->p_vaddr;
        gsl_hi = gsl_lo + ph->p_memsz;
    }
    return 1;
}

#define fails() fails_from((uintptr_t)__builtin_return_address(0))

static int fails_from(uintptr_t caller)
{
    calls++;
    if (caller >= gsl_lo && caller < gsl_hi)
        return 0;
    if (fail_at && calls >= fail_at) {
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

__attribute__((constructor)) static void fault_init(void)
{
    const char *at = getenv("TS_FAIL_AT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    dl_iterate_phdr(find_gsl, NULL);
}

__attribute__((destructor)) static void fault_report(void)
{
    const char *to = getenv("TS_COUNT_TO");
    if (!to || fail_at)
        return;
    unsigned long n = calls;
    fail_at = 0;
    FILE *f = fopen(to, "w");
    if (f) {
        fprintf(f, "%lu\n", n);
        fclose(f);
    }
}

void *malloc(size_t n) { return fails() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t size)
{
    return fails() ? NULL : __libc_calloc(n, size);
}
void *realloc(void *p, size_t n)
{
    return fails() ? NULL : __libc_realloc(p, n);
}
void *aligned_alloc(size_t align, size_t n)
{
    return fails() ? NULL : __libc_memalign(align, n);
}
int posix_memalign(void **out, size_t align, size_t n)
{
    if (fails())
        return ENOMEM;
    *out = __libc_memalign(align, n);
    return *out ? 0 : ENOMEM;
}
