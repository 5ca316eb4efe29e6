#include "sim/output/outputs.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/output/outdir.h"
#include "sim/output/render.h"
#include "sim/output/terminal.h"

static double max_bytes(const ts_output_env *env)
{
    return env->max_bytes > 0 ? env->max_bytes : TS_DEFAULT_MAX_OUTPUT;
}

static ts_status too_big(const char *what, double bytes, double max,
                         ts_diags *d)
{
    return ts_diag_add(d, ts_usage_mark, "%s would write about %.0f MB, "
                       "above the limit of %.0f MB for one command's files: "
                       "raise it with --max-output (e.g. --max-output %.0fG), "
                       "or shorten the run", what, bytes / 1e6, max / 1e6,
                       ceil(bytes / (1024.0 * 1024 * 1024)));
}

/* The plan's files by their writers' estimates, before any is made. */
static ts_status estimate_plan(const ts_output_plan *plan, const void *ctx,
                               const ts_output_env *env, ts_diags *d)
{
    double total = 0;
    for (size_t i = 0; i < plan->n_files; i++)
        if (plan->files[i].estimate) {
            double bytes = plan->files[i].estimate(ctx);
            if (bytes > max_bytes(env))
                return too_big(plan->files[i].name, bytes, max_bytes(env),
                               d);
            total += bytes;
        }
    return total > max_bytes(env) ? too_big("the command", total,
                                            max_bytes(env), d)
                                  : TS_OK;
}

/* One file, its bytes added to *written; past the limit (a writer
 * without an estimate that wrote more than expected), an error: the
 * temporary directory then goes. */
static ts_status write_file(ts_outdir *o, const ts_output_file *file,
                            const void *ctx, const ts_output_env *env,
                            double *written, ts_diags *d)
{
    FILE *f = ts_outdir_open(o, file->name, d);
    if (!f)
        return TS_ERUNTIME;
    ts_status st = file->write(f, ctx, d);
    long bytes = ftell(f);
    ts_status closed = ts_outdir_close(o, f, file->name, d);
    if (st == TS_OK && closed == TS_OK && bytes > 0) {
        *written += (double)bytes;
        if (*written > max_bytes(env))
            return too_big(file->name, *written, max_bytes(env), d);
    }
    return st != TS_OK ? st : closed;
}

/* gnuplot's warnings, one "gnuplot: " line each. */
static void print_messages(FILE *err, const char *text)
{
    while (*text) {
        size_t len = strcspn(text, "\n");
        if (len > 0)
            ts_term_printf(err, "gnuplot: %.*s\n", (int)len, text);
        text += len + (text[len] == '\n');
    }
}

static bool cancelled(const ts_output_env *env)
{
    return env->cancel && *env->cancel;
}

static ts_status report(const ts_output_plan *plan, const ts_output_env *env,
                        const ts_gnuplot_result *res, ts_diags *d)
{
    if (!plan->render || plan->n_images == 0)
        return TS_OK;
    if (res->missing) {
        if (!env->quiet) {
            fputs("note: gnuplot is not on PATH, so the charts were not "
                  "drawn; draw them with: cd ", env->err);
            ts_term_shell_word(env->err, plan->dir);
            fputs(" && gnuplot charts.gp\n", env->err);
        }
        return TS_OK;
    }
    if (res->failed) {
        /* gnuplot's own lines first, each escaped, then the error */
        print_messages(env->err, res->messages[0] ? res->messages
                                                  : "(no message)");
        ts_diag_add(d, ts_nowhere, "gnuplot failed, so the charts were not "
                    "drawn (the CSV files and charts.gp are in %s/)",
                    plan->dir);
        return TS_ERUNTIME;
    }
    if (!env->quiet)
        print_messages(env->err, res->messages);
    return TS_OK;
}

static ts_status write_record(FILE *f, const void *ctx, ts_diags *d)
{
    return ts_run_record_write(f, ctx, d);
}

ts_status ts_write_outputs(const ts_output_plan *plan, const void *ctx,
                           const ts_output_env *env, ts_output_outcome *out,
                           ts_diags *d)
{
    out->committed = out->drawn = false;
    if (env->skip)
        return TS_OK;
    ts_outdir *o;
    ts_gnuplot_result res = {0};
    double written = 0;
    ts_status st = estimate_plan(plan, ctx, env, d);
    if (st != TS_OK)
        return st;
    if (env->hold)
        (*env->hold)++;
    st = ts_outdir_begin(plan->dir, &o, d);
    if (st != TS_OK) {
        if (env->hold)
            (*env->hold)--;
        return st;
    }
    for (size_t i = 0; st == TS_OK && i < plan->n_files; i++) {
        st = write_file(o, &plan->files[i], ctx, env, &written, d);
        if (st == TS_OK && cancelled(env))
            st = TS_ECANCEL;
    }
    if (st == TS_OK && plan->record)
        st = write_file(o, &(ts_output_file){"run.yaml", write_record, NULL},
                        plan->record, env, &written, d);
    if (st == TS_OK && plan->render && plan->n_images > 0)
        st = ts_render_charts(o, plan->images, plan->n_images, env->cancel,
                              &res, d);
    if (st == TS_OK && plan->finish && !cancelled(env))
        st = plan->finish(o, ctx, d);
    if (st == TS_OK && cancelled(env))
        st = TS_ECANCEL;
    if (st != TS_OK)
        ts_outdir_abort(o);
    else
        st = ts_outdir_commit(o, plan->owned, d);
    if (env->hold)
        (*env->hold)--;
    if (st != TS_OK)
        return st;
    out->committed = true;
    out->drawn = plan->render && plan->n_images > 0 && !res.missing &&
                 !res.failed;
    return report(plan, env, &res, d);
}

void ts_outputs_print_written(FILE *out, const ts_output_plan *plan,
                              const ts_output_outcome *done)
{
    ts_term_printf(out, "wrote %s/:", plan->dir);
    for (size_t i = 0; i < plan->n_files; i++)
        ts_term_printf(out, " %s", plan->files[i].name);
    if (plan->record)
        fputs(" run.yaml", out);
    for (size_t i = 0; done->drawn && i < plan->n_images; i++)
        ts_term_printf(out, " %s", plan->images[i]);
    if (plan->finish)
        fputs(" report.html", out);
    fputc('\n', out);
}

ts_status ts_outputs_interrupted(const char *dir, ts_diags *d)
{
    struct stat st; /* an aborted write has removed what it made */
    if (stat(dir, &st) == 0)
        ts_diag_add(d, ts_nowhere, "interrupted; the previous results in %s/ "
                    "are untouched", dir);
    else
        ts_diag_add(d, ts_nowhere, "interrupted; nothing was written (%s/ "
                    "was not created)", dir);
    return TS_ECANCEL;
}
