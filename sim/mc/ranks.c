#include "sim/mc/ranks.h"

#ifdef TALENTSIM_MPI
#include <mpi.h>
#endif

#include <limits.h>

void ts_ranks_init(int *argc, char ***argv, ts_ranks *r)
{
    r->rank = 0;
    r->size = 1;
#ifdef TALENTSIM_MPI
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &r->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &r->size);
#else
    (void)argc;
    (void)argv;
#endif
}

void ts_ranks_finish(void)
{
#ifdef TALENTSIM_MPI
    MPI_Finalize();
#endif
}

void ts_ranks_span(const ts_ranks *r, size_t runs, size_t *begin,
                   size_t *end)
{
    size_t size = r && r->size > 0 ? (size_t)r->size : 1;
    size_t rank = r ? (size_t)r->rank : 0;
    *begin = runs * rank / size;
    *end = runs * (rank + 1) / size;
}

#ifdef TALENTSIM_MPI
/* MPI counts are ints: large arrays go in pieces. */
#define CHUNK ((size_t)1 << 28)

static bool sum(void *x, size_t n, size_t elem, MPI_Datatype type)
{
    char *p = x;
    for (size_t at = 0; at < n; at += CHUNK) {
        size_t count = n - at < CHUNK ? n - at : CHUNK;
        if (MPI_Allreduce(MPI_IN_PLACE, p + at * elem, (int)count, type,
                          MPI_SUM, MPI_COMM_WORLD) != MPI_SUCCESS)
            return false;
    }
    return true;
}
#endif

bool ts_ranks_sum_u32(const ts_ranks *r, uint32_t *x, size_t n)
{
#ifdef TALENTSIM_MPI
    if (r && r->size > 1)
        return sum(x, n, sizeof *x, MPI_UINT32_T);
#endif
    (void)r;
    (void)x;
    (void)n;
    return true;
}

bool ts_ranks_sum_u64(const ts_ranks *r, uint64_t *x, size_t n)
{
#ifdef TALENTSIM_MPI
    if (r && r->size > 1)
        return sum(x, n, sizeof *x, MPI_UINT64_T);
#endif
    (void)r;
    (void)x;
    (void)n;
    return true;
}

bool ts_ranks_min(const ts_ranks *r, uint64_t x, uint64_t *min, int *owner)
{
    *min = x;
    *owner = r ? r->rank : 0;
#ifdef TALENTSIM_MPI
    if (r && r->size > 1) {
        struct {
            long value;
            int rank;
        } in = {x == UINT64_MAX ? LONG_MAX : (long)x, r->rank}, out;
        if (MPI_Allreduce(&in, &out, 1, MPI_LONG_INT, MPI_MINLOC,
                          MPI_COMM_WORLD) != MPI_SUCCESS)
            return false;
        *min = out.value == LONG_MAX ? UINT64_MAX : (uint64_t)out.value;
        *owner = out.rank;
    }
#endif
    return true;
}

bool ts_ranks_share(const ts_ranks *r, uint64_t *x, size_t n, int from)
{
#ifdef TALENTSIM_MPI
    if (r && r->size > 1)
        return MPI_Bcast(x, (int)n, MPI_UINT64_T, from, MPI_COMM_WORLD) ==
               MPI_SUCCESS;
#endif
    (void)r;
    (void)x;
    (void)n;
    (void)from;
    return true;
}
