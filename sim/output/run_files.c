/* The files a run writes (SPEC section 4): which ones, each written from
 * the run's results by csv_out, exec_csv, shock_report and charts, and
 * report.html after them; and the steady command's. The command line
 * names a directory and hands the plan to ts_write_outputs. */
#include "sim/output/run_files.h"
#include "sim/mc/results.h"

#include "sim/output/csv_out.h"
#include "sim/output/charts.h"
#include "sim/output/exec_csv.h"
#include "sim/output/report.h"
#include "sim/output/shock_report.h"
#include "sim/studies/steady_target.h"

/* report.html beside the run's files (sim/output/report.h). */
static ts_status finish_report(ts_outdir *o, const void *ctx, ts_diags *d)
{
    const ts_run_files *c = ctx;
    ts_report_input in = {c->sc, c->r, c->path, c->drivers, c->charts,
                          c->draw, c->cancel};
    return ts_report_write(o, &in, d);
}

static ts_status no_memory(ts_diags *d, const char *file)
{
    ts_diag_runtime(d, "out of memory while writing %s", file);
    return TS_ERUNTIME;
}

static ts_status write_stocks(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_csv_write_stocks(f, c->sc, c->r->projection, c->r->stats);
    return TS_OK;
}

static ts_status write_flows(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_csv_write_flows(f, c->sc, c->r->timeline, c->r->projection, c->r->mc);
    return TS_OK;
}

static ts_status write_flows_total(FILE *f, const void *ctx, ts_diags *d)
{
    const ts_run_files *c = ctx;
    return ts_csv_write_flows_total(f, c->sc, c->r->timeline,
                                    c->r->projection, c->r->mc)
               ? TS_OK
               : no_memory(d, "flows_total.csv");
}

static ts_status write_net_yearly(FILE *f, const void *ctx, ts_diags *d)
{
    const ts_run_files *c = ctx;
    return ts_csv_write_net_yearly(f, c->sc, c->r->timeline, c->r->projection)
               ? TS_OK
               : no_memory(d, "net_yearly.csv");
}

static ts_status write_steady(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_csv_write_steady(f, c->sc, c->r->steady);
    return TS_OK;
}

static ts_status write_executives(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_csv_write_executives(f, c->sc, c->r->exact);
    return TS_OK;
}

static ts_status write_exec_paths(FILE *f, const void *ctx, ts_diags *d)
{
    const ts_run_files *c = ctx;
    return ts_csv_write_exec_paths(f, c->sc, c->r->exact)
               ? TS_OK
               : no_memory(d, "executives_paths.csv");
}

static ts_status write_destinations(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_csv_write_destinations(f, c->sc, c->r->exact);
    return TS_OK;
}

static ts_status write_predictions(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_csv_write_predictions(f, c->r);
    return TS_OK;
}

static ts_status write_prediction_curves(FILE *f, const void *ctx,
                                         ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_csv_write_prediction_curves(f, c->sc, c->r->claims, c->r->exact);
    return TS_OK;
}

static ts_status write_prediction_terms(FILE *f, const void *ctx,
                                        ts_diags *d)
{
    const ts_run_files *c = ctx;
    if (ts_csv_write_prediction_terms(f, c->sc, c->r->execs, c->r->claims,
                                      c->r->exact))
        return TS_OK;
    ts_diag_runtime(d, "out of memory while writing "
                "prediction_terms.csv");
    return TS_ERUNTIME;
}

static ts_status write_shocks(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_shock_write_csv(f, c->sc, c->r->shock_starts);
    return TS_OK;
}

static ts_status write_shock_starts(FILE *f, const void *ctx, ts_diags *d)
{
    (void)d;
    const ts_run_files *c = ctx;
    ts_shock_write_starts_csv(f, c->sc, c->r->shock_starts);
    return TS_OK;
}

static ts_status write_chart_script(FILE *f, const void *ctx, ts_diags *d)
{
    const ts_run_files *c = ctx;
    /* the templates are compiled in (test_charts draws every one), so
     * what can fail is memory for the record's and events' points */
    if (!ts_charts_write_run_script(f, c->sc, c->charts, c->r))
        return ts_diag_runtime(d, "out of memory while writing charts.gp");
    return TS_OK;
}

/* The images of the selected charts, in chart order. */
static size_t chart_images(unsigned charts, ts_image_format format,
                           char names[][32], const char **images)
{
    size_t n = 0;
    for (int k = 0; k < TS_N_CHART_KINDS; k++)
        if (charts & TS_CHART_BIT(k)) {
            ts_chart_image_name(ts_chart_kind_name((ts_chart_kind)k), format,
                                names[n], sizeof names[n]);
            images[n] = names[n];
            n++;
        }
    return n;
}


/* ---- how much the large files weigh (ts_output_file.estimate) ---- */

/* A row's bytes at most: its text cells (ids, dates) and numbers written
 * with at least 10 significant digits (about 20 characters each). */
static double row_bytes(const ts_scenario *sc, size_t numbers)
{
    size_t longest = 0;
    for (size_t i = 0; i < sc->n_pools; i++)
        if (strlen(sc->pools[i].id) > longest)
            longest = strlen(sc->pools[i].id);
    return 40.0 + 2.0 * (double)longest + 21.0 * (double)numbers;
}

static double estimate_stocks(const void *ctx)
{
    const ts_run_files *c = ctx;
    return (double)(c->sc->horizon + 1) * (double)(c->sc->n_pools + 1) *
           row_bytes(c->sc, 9);
}

/* Pairs with a flow at the first and the last step (the chains' shape
 * changes only with events), the larger count for every step. */
static double estimate_flows(const void *ctx)
{
    const ts_run_files *c = ctx;
    const ts_projection *p = c->r->projection;
    size_t n = p->n, most = 0, last = p->steps ? p->steps - 1 : 0;
    for (size_t k = 0; k <= last; k += last ? last : 1) {
        size_t pairs = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                pairs += i != j &&
                         ts_projection_flow(p, c->r->timeline, k, i, j) != 0;
        most = pairs > most ? pairs : most;
    }
    return (double)p->steps * (double)most * row_bytes(c->sc, 2);
}

/* An executive's name in a CSV cell, quotes doubled at worst. */
static double name_bytes(const ts_scenario *sc)
{
    size_t longest = 0;
    for (size_t e = 0; e < sc->n_execs; e++)
        if (sc->execs[e].name.s && strlen(sc->execs[e].name.s) > longest)
            longest = strlen(sc->execs[e].name.s);
    return 2.0 * (double)longest + 2;
}

static double estimate_exec_paths(const void *ctx)
{
    const ts_run_files *c = ctx;
    const ts_exec_exact *x = c->r->exact;
    if (!x)
        return 0;
    return (double)x->n_entities * (double)(c->sc->horizon + 1) *
           (double)x->n * (row_bytes(c->sc, 1) + name_bytes(c->sc));
}

static double estimate_curves(const void *ctx)
{
    const ts_run_files *c = ctx;
    return (double)c->sc->n_predictions * (double)(c->sc->horizon + 1) *
           (row_bytes(c->sc, 3) + 64);
}

/* The files of a run, in the order written (charts.gp last): the pools'
 * always, the executives', the predictions' and the shocks' when the
 * scenario has them. */
enum run_when { ALWAYS, WITH_EXECS, WITH_CLAIMS, WITH_SHOCKS };
static const struct {
    ts_output_file file;
    enum run_when when;
} run_table[] = {
    {{"stocks.csv", write_stocks, estimate_stocks}, ALWAYS},
    {{"flows.csv", write_flows, estimate_flows}, ALWAYS},
    {{"steady.csv", write_steady, NULL}, ALWAYS},
    {{"flows_total.csv", write_flows_total, NULL}, ALWAYS},
    {{"net_yearly.csv", write_net_yearly, NULL}, ALWAYS},
    {{"executives.csv", write_executives, NULL}, WITH_EXECS},
    {{"executives_paths.csv", write_exec_paths, estimate_exec_paths},
     WITH_EXECS},
    {{"executives_destinations.csv", write_destinations, NULL}, WITH_EXECS},
    {{"predictions.csv", write_predictions, NULL}, WITH_CLAIMS},
    {{"predictions_curve.csv", write_prediction_curves, estimate_curves},
     WITH_CLAIMS},
    {{"prediction_terms.csv", write_prediction_terms, NULL}, WITH_CLAIMS},
    {{"shocks.csv", write_shocks, NULL}, WITH_SHOCKS},
    {{"shocks_start.csv", write_shock_starts, NULL}, WITH_SHOCKS},
    {{"charts.gp", write_chart_script, NULL}, ALWAYS}};
#define N_RUN_FILES (sizeof run_table / sizeof run_table[0])
_Static_assert(N_RUN_FILES <= TS_RUN_FILES_MAX,
               "ts_run_files holds every file of run_table");

static size_t run_files(const ts_scenario *sc, ts_output_file *files)
{
    size_t n = 0;
    for (size_t i = 0; i < N_RUN_FILES; i++) {
        enum run_when w = run_table[i].when;
        if (w == ALWAYS || (w == WITH_EXECS && sc->n_execs) ||
            (w == WITH_CLAIMS && sc->n_predictions) ||
            (w == WITH_SHOCKS && sc->n_shocks))
            files[n++] = run_table[i].file;
    }
    return n;
}

/* Every file a run may write; those it did not write this time are
 * removed, so that no stale output of an earlier run is left beside new
 * results (an image of a chart no longer selected, or in the other
 * format). */
static const char *const *run_owned_files(ts_run_files *o)
{
    size_t n = 0;
    for (size_t i = 0; i < N_RUN_FILES; i++)
        o->owned[n++] = run_table[i].file.name;
    o->owned[n++] = "report.html";
    for (int k = 0; k < TS_N_CHART_KINDS; k++)
        for (int f = 0; f < 2; f++) {
            char *img = o->owned_image[2 * k + f];
            ts_chart_image_name(ts_chart_kind_name((ts_chart_kind)k),
                                f ? TS_IMAGE_SVG : TS_IMAGE_PNG, img,
                                sizeof o->owned_image[0]);
            o->owned[n++] = img;
        }
    o->owned[n] = NULL;
    return o->owned;
}


/* target.csv: can `target` be the steady state? */
static ts_status write_target(FILE *f, const void *ctx, ts_diags *d)
{
    const ts_run_files *c = ctx;
    ts_steady_target *t = ts_steady_target_create(c->sc, c->r->values);
    if (!t)
        return no_memory(d, "target.csv");
    ts_csv_write_steady_target(f, c->sc, t);
    ts_steady_target_destroy(t);
    return TS_OK;
}

void ts_run_files_plan(ts_run_files *rf, const char *dir, bool render,
                       bool report, ts_output_plan *plan)
{
    *plan = (ts_output_plan){.dir = dir, .files = rf->files,
                             .n_files = run_files(rf->sc, rf->files),
                             .render = render,
                             .owned = run_owned_files(rf),
                             .finish = report ? finish_report : NULL};
    plan->n_images = chart_images(rf->charts, rf->sc->format, rf->image,
                                  plan->images);
}

void ts_steady_files_plan(ts_run_files *rf, const char *dir,
                          ts_output_plan *plan)
{
    static const char *const owned[] = {"steady.csv", "target.csv", NULL};
    rf->files[0] = (ts_output_file){"steady.csv", write_steady, NULL};
    rf->files[1] = (ts_output_file){"target.csv", write_target, NULL};
    *plan = (ts_output_plan){.dir = dir, .files = rf->files,
                             .n_files = rf->sc->n_targets ? 2 : 1,
                             .owned = owned};
}
