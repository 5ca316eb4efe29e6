#include "sim/api/run_options.h"

ts_mc_setup ts_run_options_setup(const talentsim_options *opt,
                                 ts_ranks *ranks)
{
    *ranks = (ts_ranks){opt->rank, opt->ranks};
    return (ts_mc_setup){.threads = opt->threads ? opt->threads : 1,
                         .cancel = opt->cancel,
                         .progress = opt->progress,
                         .progress_ctx = opt->progress_user,
                         .no_process_noise = opt->no_process_noise != 0,
                         .ranks = opt->ranks > 0 ? ranks : NULL};
}
