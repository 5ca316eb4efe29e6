#include "sim/studies/fit.h"

#include "sim/studies/fit_lsq.h"
#include "sim/studies/fit_record.h"

ts_status ts_fit_run(const ts_scenario *sc, const ts_results *r,
                     const bool *use, size_t starts, ts_fit_result **out,
                     ts_diags *d)
{
    if (ts_fit_by_record(sc))
        return ts_fit_record_run(sc, r, use, starts, out, d);
    return ts_fit_lsq_run(sc, r, use, starts, out, d);
}
