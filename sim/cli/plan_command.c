#include "sim/cli/plan_command.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/output/csv_text.h"
#include "sim/output/outputs.h"
#include "sim/cli/prepare.h"
#include "sim/studies/workforce_plan.h"
#include "sim/cli/study_commands.h"
#include "sim/output/terminal.h"

typedef struct plan_ctx {
    const ts_scenario *sc;
    const ts_workforce_plan *p;
} plan_ctx;

static ts_status write_plan(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const plan_ctx *c = ctx;
    fputs("pool,current_inflow,planned_inflow,target,reached,"
          "steady_headcount,years_to_within_5pct\n", f);
    for (size_t i = 0; i < c->sc->n_pools; i++) {
        double v[6] = {c->p->current[i], c->p->planned[i], c->p->target[i],
                       c->p->reached[i], c->p->steady[i], c->p->settle[i]};
        fputs(ts_pool_name(c->sc, i), f);
        ts_csv_cells(f, v, 6);
        fputc('\n', f);
    }
    return TS_OK;
}

static void print_plan(FILE *out, const void *ctx)
{
    const plan_ctx *c = ctx;
    char at[16];
    ts_month_format(ts_scenario_step_month(c->sc, c->p->at), at, sizeof at);
    ts_term_printf(out,
                   "%s: constant yearly inflows that reach the targets at %s "
                   "(non-negative, least squares)\n\n",
                   ts_scenario_title(c->sc), at);
    ts_term_printf(out, "  %-24s %12s %12s %12s %12s %12s %8s\n", "pool",
                   "inflow now", "planned", "target", "reached", "steady",
                   "years");
    for (size_t i = 0; i < c->sc->n_pools; i++)
        ts_term_printf(
            out, "  %-24s %12.0f %12.0f %12.0f %12.0f %12.0f %8.1f\n",
            ts_pool_name(c->sc, i), c->p->current[i], c->p->planned[i],
            c->p->target[i],
            c->p->reached[i], c->p->steady[i], c->p->settle[i]);
    ts_term_printf(
        out,
        "\n  (pools without a target keep their inflow; steady: "
        "with the planned inflows held; years: until within 5%% of it)\n");
    if (!c->p->exact)
        ts_term_printf(out, "  note: the targets cannot all be reached with "
                "non-negative inflows; the plan comes as close as it can "
                "(a pool planned at 0 would need people to leave)\n");
}

ts_status ts_command_plan(const ts_options *opt, const ts_env *env,
                          ts_diags *d)
{
    static const char *const owned[] = {"plan.csv", NULL};
    static const ts_output_file files[] = {{"plan.csv", write_plan, NULL}};
    ts_scenario *sc;
    talentsim_run *r = NULL;
    ts_workforce_plan *plan = NULL;
    size_t at = 0;
    ts_status st = ts_prepare_scenario(opt->scenario_path, opt, &sc, d);
    if (st != TS_OK)
        return st;
    if (sc->n_targets == 0)
        st = ts_diag_add(d, ts_usage_mark, "%s has no target section: give "
                         "the headcounts to reach, like target: "
                         "{frontier_labs: 50000}", opt->scenario_path);
    if (st == TS_OK)
        st = ts_parse_stock_date(sc, "--target-at", opt->target_at, 1, &at,
                                 d);
    if (st == TS_OK)
        st = ts_from_api(talentsim_project(sc, &r, d));
    if (st == TS_OK && !(plan = ts_workforce_plan_create(sc, r, at, d)))
        st = TS_ERUNTIME;
    if (st == TS_OK) {
        plan_ctx c = {sc, plan};
        st = ts_study_outputs(opt, env, sc, "plan", files, 1, owned, &c,
                              print_plan, d);
    }
    ts_workforce_plan_destroy(plan);
    talentsim_run_destroy(r);
    talentsim_scenario_destroy(sc);
    return st;
}
