/* A Monte Carlo computation's setup (sim/mc/results.h) from a caller's
 * options (talentsim.h's talentsim_options): the library's simulate and
 * the studies that run the Monte Carlo read the options alike. */
#ifndef TS_RUN_OPTIONS_H
#define TS_RUN_OPTIONS_H

#include "sim/mc/results.h"
#include "sim/talentsim.h"

/* opt's threads (1 when 0), cancel flag, progress callback and process
 * noise; its MPI rank and ranks into *ranks, which must outlive the
 * setup. */
ts_mc_setup ts_run_options_setup(const talentsim_options *opt,
                                 ts_ranks *ranks);

#endif
