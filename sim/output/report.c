#include "sim/output/report.h"
#include "sim/mc/results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario/distribution.h"
#include "models/base/sources.h"
#include "sim/output/charts.h"
#include "sim/exec/claim_terms.h"
#include "sim/output/claim_text.h"
#include "sim/studies/score.h"
#include "sim/output/csv_out.h"
#include "models/base/file_read.h"
#include "sim/output/gnuplot.h"
#include "sim/studies/tornado.h"
#include "sim/output/shock_report.h"
#include "models/base/limits.h"

/* ---- HTML text ----------------------------------------------------- */

void ts_report_text(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
}

static void people(FILE *f, double v)
{
    if (isnan(v))
        fputs("&ndash;", f);
    else
        fprintf(f, "%.0f", v);
}

static const char *style =
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;"
    "padding:0 1em;color:#222;line-height:1.4}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;"
    "border-bottom:1px solid #ccc;margin-top:1.6em}"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
    "th,td{border-bottom:1px solid #e2e2e2;padding:.25em .6em;"
    "text-align:left;vertical-align:top}td.n{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}"
    "th{background:#f4f4f4}"
    "figure{margin:1em 0;page-break-inside:avoid;break-inside:avoid}"
    "figure svg{width:100%;height:auto}figcaption{font-size:.85em;"
    "color:#555}.note{color:#555;font-size:.9em}"
    "pre{font-size:.8em;white-space:pre-wrap}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{max-width:none;margin:0;font-size:10pt}"
    "h2,h2+p{page-break-after:avoid;break-after:avoid}"
    "tr,figure{page-break-inside:avoid;break-inside:avoid}"
    "thead{display:table-header-group}}";

/* ---- the charts, as SVG ------------------------------------------- */

bool ts_report_draw_svgs(ts_outdir *o, ts_svg_script_fn write, void *ctx,
                         const volatile sig_atomic_t *cancel, ts_diags *d)
{
    char path[TS_PATH_MAX];
    snprintf(path, sizeof path, "%s/report_charts.gp", ts_outdir_tmp_path(o));
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = write(f, ctx, d);
    ok = fclose(f) == 0 && ok;
    ts_gnuplot_result res;
    ok = ok && ts_gnuplot_run(ts_outdir_tmp_path(o), "report_charts.gp",
                              cancel, &res, d) == TS_OK &&
         !res.missing && !res.failed;
    unlink(path);
    return ok;
}

/* The run's charts drawn as SVG: the same scenario with another format. */
static bool write_svg_script(FILE *f, void *ctx, ts_diags *d)
{
    (void)d;
    const ts_report_input *in = ctx;
    ts_scenario svg = *in->sc;
    svg.format = TS_IMAGE_SVG;
    fprintf(f, "font_scale = %g\n", TS_REPORT_FONT_SCALE);
    return ts_charts_write_run_script(f, &svg, in->charts, in->r);
}

/* The charts' SVG files in the temporary directory: the run's own when
 * it draws SVG, else drawn here from charts.gp written for SVG (and
 * removed after). False when there are none (no gnuplot, or it failed). */
static bool draw_svgs(ts_outdir *o, const ts_report_input *in, bool *temp,
                      ts_diags *d)
{
    *temp = in->sc->format != TS_IMAGE_SVG;
    if (!in->draw)
        return false;
    if (!*temp) {
        char path[TS_PATH_MAX];
        snprintf(path, sizeof path, "%s/stocks.svg", ts_outdir_tmp_path(o));
        return access(path, R_OK) == 0;
    }
    return ts_report_draw_svgs(o, write_svg_script, (void *)in, in->cancel,
                               d);
}

/* The SVG inline: from <svg on (no XML declaration, no DOCTYPE with its
 * external DTD, no namespace declarations: HTML knows SVG without them,
 * so the report names no address at all), every id and reference to one
 * prefixed with the chart's name, so that two charts' clip paths cannot
 * be taken for each other. Only attributes inside tags are rewritten:
 * the charts' text (a label may say url(#x) or xmlns=) is copied as it
 * is, as are comments and CDATA. */
static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void attribute_value(FILE *out, const char *name, const char *v,
                            size_t len, const char *prefix)
{
    if (strcmp(name, "id") == 0) {
        fprintf(out, "%s_%.*s", prefix, (int)len, v);
        return;
    }
    if ((strcmp(name, "href") == 0 || strcmp(name, "xlink:href") == 0) &&
        len > 0 && v[0] == '#') {
        fprintf(out, "#%s_%.*s", prefix, (int)len - 1, v + 1);
        return;
    }
    for (size_t i = 0; i < len;) {
        if (len - i >= 5 && strncmp(v + i, "url(#", 5) == 0) {
            fprintf(out, "url(#%s_", prefix);
            i += 5;
        } else {
            fputc(v[i++], out);
        }
    }
}

/* Copies the tag at s (s[0] == '<'); returns what follows it, or NULL
 * when the tag does not end. */
static const char *copy_tag(FILE *out, const char *s, const char *prefix)
{
    size_t name_len = 1 + strcspn(s + 1, " \t\r\n/>");
    fwrite(s, 1, name_len, out);
    s += name_len;
    for (;;) {
        size_t space = strspn(s, " \t\r\n");
        const char *a = s + space;
        if (*a == '>' || *a == '/' || *a == '?' || !*a) {
            size_t rest = *a ? strcspn(a, ">") : 0;
            fwrite(s, 1, space + rest + (a[rest] == '>'), out);
            return a[rest] == '>' ? a + rest + 1 : NULL;
        }
        size_t alen = strcspn(a, " \t\r\n=/>");
        const char *eq = a + alen + strspn(a + alen, " \t\r\n");
        char q = *eq == '=' ? eq[1 + strspn(eq + 1, " \t\r\n")] : 0;
        if (q != '\'' && q != '"') { /* not XML: copy the rest as it is */
            fputs(s, out);
            return NULL;
        }
        const char *v = strchr(eq, q) + 1, *vend = strchr(v, q);
        if (!vend) {
            fputs(s, out);
            return NULL;
        }
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)alen, a);
        if (strcmp(name, "xmlns") != 0 && !starts(name, "xmlns:")) {
            fwrite(s, 1, (size_t)(v - s), out);
            attribute_value(out, name, v, (size_t)(vend - v), prefix);
            fputc(q, out);
        }
        s = vend + 1;
    }
}

static void inline_svg(FILE *out, const char *svg, const char *prefix)
{
    const char *s = strstr(svg, "<svg");
    while (s && *s) {
        const char *lt = strchr(s, '<');
        if (!lt) {
            fputs(s, out);
            return;
        }
        fwrite(s, 1, (size_t)(lt - s), out);
        const char *close = starts(lt, "<!--")        ? "-->"
                            : starts(lt, "<![CDATA[") ? "]]>"
                                                      : NULL;
        if (close) {
            const char *e = strstr(lt, close);
            size_t len = e ? (size_t)(e - lt) + strlen(close) : strlen(lt);
            fwrite(lt, 1, len, out);
            s = lt + len;
        } else {
            s = copy_tag(out, lt, prefix);
        }
    }
}

static void charts_section(FILE *out, ts_outdir *o,
                           const ts_report_input *in, bool drawn, bool temp)
{
    static const char *const caption[TS_N_CHART_KINDS] = {
        "Headcount per pool, the deterministic projection; events marked, "
        "shocks' windows shaded.",
        "Headcount per pool over the Monte Carlo runs: median, 25-75 % and "
        "5-95 % bands, the deterministic projection dashed.",
        "Who went where over the whole horizon (people, log colour scale).",
        "Net gain per pool per twelve-month period.",
        "Executive-move predictions over time, and each named executive's "
        "chance of moving."};
    fputs("<h2>Charts</h2>\n", out);
    if (!drawn) {
        fputs("<p class=\"note\">The charts need gnuplot, which was not "
              "run: install it (Debian: gnuplot-nox) and write the report "
              "again.</p>\n", out);
        return;
    }
    for (int k = 0; k < TS_N_CHART_KINDS; k++)
        if (in->charts & TS_CHART_BIT(k))
            ts_report_figure(out, o, ts_chart_kind_name((ts_chart_kind)k),
                             caption[k], temp);
}

/* ---- the tables ---------------------------------------------------- */

static void summary_section(FILE *out, const ts_scenario *sc,
                            const ts_results *r)
{
    char from[16], to[16];
    size_t H = sc->horizon, n = sc->n_pools + 1;
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, H), to, sizeof to);
    fputs("<h2>Headcount</h2>\n<table><thead><tr><th>pool</th>", out);
    fprintf(out, "<th>%s</th><th>%s</th><th>net per year</th>", from, to);
    if (r->stats)
        fputs("<th>5th-95th percentile at the end</th>", out);
    fputs("</tr></thead>\n", out);
    double years = (double)H * ts_scenario_dt(sc);
    for (size_t j = 0; j < n; j++) {
        double a = r->projection->stock[j];
        double b = r->projection->stock[H * n + j];
        const char *label = j < sc->n_pools ? sc->pools[j].label : NULL;
        fputs("<tr><td>", out);
        ts_report_text(out, label ? label : ts_pool_name(sc, j));
        fputs("</td><td class=\"n\">", out);
        people(out, a);
        fputs("</td><td class=\"n\">", out);
        people(out, b);
        fprintf(out, "</td><td class=\"n\">%+.0f</td>", (b - a) / years);
        if (r->stats)
            fprintf(out, "<td class=\"n\">%.0f&ndash;%.0f</td>",
                    r->stats->q[0][H * n + j],
                    r->stats->q[TS_N_QUANTILES - 1][H * n + j]);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n<p class=\"note\">Deterministic projection; "
          "<em>outside</em> counts everyone who left the field since the "
          "start.", out);
    if (ts_scenario_pulls(sc))
        fputs(" With pull the projection is the mean-field path, not the "
              "mean of the runs.", out);
    fputs("</p>\n", out);
}

static void value_text(const ts_param *p, char *buf, size_t size)
{
    if (p->dist.kind == TS_DIST_NONE)
        snprintf(buf, size, "%.10g", p->value);
    else
        ts_dist_format(&p->dist, buf, size);
}

/* Every parameter with its value and the comment its file gives it (the
 * loader kept the files' text: models/base/sources.h). */
static void assumptions_section(FILE *out, const ts_scenario *sc,
                                const ts_results *r)
{
    char value[128], note[512];
    fputs("<h2>Assumptions</h2>\n<p class=\"note\">Every number of the "
          "scenario: its value or distribution (the projection uses the "
          "mean; each Monte Carlo run draws its own), and the comment the "
          "file gives it.</p>\n<table><thead><tr><th>parameter</th>"
          "<th>value</th><th>source</th></tr></thead>\n", out);
    for (size_t i = 0; i < r->slots->n; i++) {
        const ts_slot *s = &r->slots->items[i];
        value_text(s->param, value, sizeof value);
        ts_sources_comment(&sc->sources, s->param->mark.file, s->param->mark.line,
                            note, sizeof note);
        /* an executive's own note says where they come from */
        bool exec = s->kind == TS_SLOT_EXECUTIVE_MOVE ||
                    s->kind == TS_SLOT_EXECUTIVE_SHARE ||
                    s->kind == TS_SLOT_TEAM_SIZE;
        if (!note[0] && exec && sc->execs[s->owner].note)
            snprintf(note, sizeof note, "%s", sc->execs[s->owner].note);
        fputs("<tr><td>", out);
        ts_report_text(out, s->path);
        fputs("</td><td>", out);
        ts_report_text(out, value);
        fputs("</td><td>", out);
        ts_report_text(out, note);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void events_section(FILE *out, const ts_scenario *sc,
                           const ts_results *r)
{
    char date[16], value[128];
    if (sc->n_events > 0) {
        fputs("<h2>Events</h2>\n<table><thead><tr><th>from</th><th>event</th>"
              "<th>sets</th></tr></thead>\n", out);
        for (size_t i = 0; i < sc->n_events; i++) {
            const ts_event *e = &sc->events[i];
            ts_month_format(ts_scenario_step_month(sc, e->step), date,
                            sizeof date);
            fprintf(out, "<tr><td>%s</td><td>", date);
            ts_report_text(out, e->label ? e->label : "");
            if (e->ramp.given)
                fprintf(out, " (over %.0f steps)", e->ramp.value);
            fputs("</td><td>", out);
            for (size_t k = 0; k < e->n_sets; k++) {
                value_text(&e->sets[k].value, value, sizeof value);
                ts_report_text(out, e->sets[k].path);
                fputs(": ", out);
                ts_report_text(out, value);
                fputs(k + 1 < e->n_sets ? "<br>" : "", out);
            }
            fputs("</td></tr>\n", out);
        }
        fputs("</table>\n", out);
    }
    if (sc->n_shocks == 0 || !r->shock_starts)
        return;
    fputs("<h2>Shocks</h2>\n<p class=\"note\">Events whose start is "
          "uncertain; the projection and the exact predictions are the "
          "mixture over their possible starts.</p>\n"
          "<table><thead><tr>"
          "<th>shock</th><th>chance a year</th><th>may start</th><th>lasts</th>"
          "<th>sets</th></tr></thead>\n", out);
    for (size_t i = 0; i < sc->n_shocks; i++) {
        const ts_shock *s = &sc->shocks[i];
        char from[16], to[16];
        value_text(&s->chance, value, sizeof value);
        ts_month_format(ts_scenario_step_month(sc, s->step_from), from,
                        sizeof from);
        ts_month_format(ts_scenario_step_month(sc, s->step_to), to,
                        sizeof to);
        fputs("<tr><td>", out);
        ts_report_text(out, s->event.label ? s->event.label : s->id.s);
        fprintf(out, "</td><td>%s</td><td>%s to %s</td><td>", value, from, to);
        if (s->lasts.given)
            fprintf(out, "%.0f steps", s->lasts.value);
        else
            fputs("to the end", out);
        fputs("</td><td>", out);
        for (size_t k = 0; k < s->event.n_sets; k++) {
            value_text(&s->event.sets[k].value, value, sizeof value);
            ts_report_text(out, s->event.sets[k].path);
            fputs(": ", out);
            ts_report_text(out, value);
            fputs(k + 1 < s->event.n_sets ? "<br>" : "", out);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* "OpenAI research leads (openai) 5.22", up to three, one per line. */
static void makers_cell(FILE *out, const ts_scenario *sc,
                        const ts_results *r, size_t i)
{
    ts_claim_term top[TS_CLAIM_MAKERS];
    size_t n = ts_claim_makers(sc, r, i, top);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? "<br>" : "", out);
        ts_report_text(out, sc->execs[top[k].entity].name.s);
        fputs(" (", out);
        ts_report_text(out, ts_pool_name(sc, top[k].pool));
        fprintf(out, ") %.2f", top[k].expected);
    }
}

static void executives_section(FILE *out, const ts_scenario *sc,
                               const ts_results *r)
{
    if (sc->n_execs > 0 && r->exact) {
        char end[16], span[48], now[96];
        ts_month_format(ts_scenario_step_month(sc, sc->horizon), end,
                        sizeof end);
        ts_exec_moved_span(sc, span, sizeof span);
        fprintf(out, "<h2>Executives</h2>\n<table><thead><tr>"
                "<th>executive</th><th>now in</th><th>P(moved %s)</th>"
                "<th>most likely in %s</th></tr></thead>\n", span, end);
        for (size_t e = 0; e < sc->n_execs; e++) {
            const ts_executive *x = &sc->execs[e];
            fputs("<tr><td>", out);
            ts_report_text(out, x->name.s);
            if (x->is_group)
                fprintf(out, " (%.0f)", x->count.value);
            fputs("</td><td>", out);
            ts_exec_now_text(sc, r, e, now, sizeof now);
            ts_report_text(out, now);
            fprintf(out, "</td><td class=\"n\">%.3f</td><td>",
                    r->exact->p_moved[e]);
            ts_report_text(out, ts_pool_name(sc, r->exact->end_pool[e]));
            fprintf(out, " (%.2f)</td></tr>\n", r->exact->p_end[e]);
        }
        fputs("</table>\n", out);
    }
    if (sc->n_predictions == 0)
        return;
    fputs("<h2>Predictions</h2>\n<table><thead><tr><th>prediction</th><th>"
          "probability</th><th>method</th><th>covers</th><th>who makes it "
          "most (expected movers)</th></tr></thead>\n", out);
    for (size_t i = 0; i < r->claims->n; i++) {
        const ts_claim *c = &r->claims->items[i];
        char text[64];
        fputs("<tr><td>", out);
        ts_report_text(out, c->text[0] ? c->text : c->id);
        fputs("</td><td class=\"n\">", out);
        ts_claim_method how = ts_results_claim_method(r, i);
        bool exact = how != TS_CLAIM_MONTECARLO;
        if (exact) {
            ts_probability_text(r->exact->claim_p[i], NAN, 0, text,
                                sizeof text);
            fputs(text, out);
        }
        if (how != TS_CLAIM_RECORD && r->mc) {
            double p, se;
            ts_exec_tally_claim(r->mc->exec, r->mc->runs, i, &p, &se);
            ts_probability_text(p, se, r->mc->runs, text, sizeof text);
            fprintf(out, "%s%s", exact ? "<br>" : "", text);
        } else if (!exact) {
            fputs("(needs runs)", out);
        }
        if (how == TS_CLAIM_RECORD)
            fputs("</td><td>the record</td><td>", out);
        else
            fprintf(out, "</td><td>%s%s</td><td>", exact ? "exact" : "",
                    r->mc ? (exact ? "<br>Monte Carlo" : "Monte Carlo")
                          : "");
        ts_claim_covers(sc, c, text, sizeof text);
        fprintf(out, "%s</td><td>", text);
        makers_cell(out, sc, r, i);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n<p class=\"note\">Exact: from the step matrices "
          "(Poisson-binomial over executives, a mixture over the shocks' "
          "starts); Monte Carlo: the share of runs where it came true, "
          "&plusmn; one standard error.</p>\n", out);
}

static void tornado_section(FILE *out, const ts_scenario *sc,
                            const ts_tornado *t)
{
    if (!t || t->n == 0)
        return;
    char end[16];
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), end, sizeof end);
    fprintf(out, "<h2>What matters most</h2>\n<p class=\"note\">A "
            "tornado: each uncertain assumption from its 5th to its "
            "95th percentile, every other at its mean; the headcount at "
            "%s it moves (deterministic).</p>\n<table><thead><tr>"
            "<th>pool</th><th>assumption</th><th>headcount</th>"
            "<th>swing</th></tr></thead>\n",
            end);
    for (size_t j = 0; j < sc->n_pools; j++) {
        size_t top[TS_TORNADO_DRIVERS];
        size_t n = ts_tornado_top(t, j, TS_TORNADO_DRIVERS, top);
        for (size_t i = 0; i < n; i++) {
            const ts_tornado_row *row = &t->rows[top[i]];
            fputs("<tr><td>", out);
            if (i == 0)
                ts_report_text(out, ts_pool_name(sc, j));
            fputs("</td><td>", out);
            ts_report_text(out, row->name);
            fprintf(out, "</td><td class=\"n\">%.0f to %.0f</td><td "
                    "class=\"n\">%.0f</td></tr>\n", row->low[j],
                    row->high[j], fabs(row->high[j] - row->low[j]));
        }
    }
    fputs("</table>\n", out);
}

void ts_report_begin(FILE *out, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8"
          "\">\n<title>", out);
    ts_report_text(out, title);
    fprintf(out, ": talentsim report</title>\n<style>%s</style>\n</head>\n"
            "<body>\n<h1>", style);
    ts_report_text(out, title);
    fputs("</h1>\n", out);
}

void ts_report_end(FILE *out)
{
    fputs("</body>\n</html>\n", out);
}

#define TS_MAX_SVG_BYTES (64u * 1024 * 1024)

bool ts_report_figure(FILE *out, ts_outdir *o, const char *name,
                      const char *caption, bool remove)
{
    char path[TS_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.svg", ts_outdir_tmp_path(o), name);
    /* an SVG gnuplot drew here (a flows heatmap of 200 pools is a few
     * megabytes): a regular file within TS_MAX_SVG_BYTES */
    char why[TS_PATH_MAX + 300];
    bool runtime;
    size_t len;
    char *svg = ts_file_read_regular(path, TS_MAX_SVG_BYTES, "chart", &len,
                                     why, sizeof why, &runtime);
    if (remove)
        unlink(path);
    if (!svg)
        return false;
    fputs("<figure>\n", out);
    inline_svg(out, svg, name);
    fputs("\n<figcaption>", out);
    ts_report_text(out, caption);
    fputs("</figcaption>\n</figure>\n", out);
    free(svg);
    return true;
}

static void header_section(FILE *out, const ts_report_input *in)
{
    const ts_scenario *sc = in->sc;
    char from[16], to[16], last[16];
    ts_month_format(sc->start, from, sizeof from);
    ts_month_format(ts_scenario_step_month(sc, sc->horizon), to, sizeof to);
    ts_month_format(ts_scenario_step_month(sc, sc->horizon) - 1, last,
                    sizeof last);
    ts_report_begin(out, ts_scenario_title(sc));
    if (sc->description) {
        fputs("<p>", out);
        ts_report_text(out, sc->description);
        fputs("</p>\n", out);
    }
    if (sc->counts) {
        fputs("<p class=\"note\">A headcount counts ", out);
        ts_report_text(out, sc->counts);
        fputs(".</p>\n", out);
    }
    fprintf(out, "<p class=\"note\">%zu pools, %zu %s steps from %s "
            "through %s (the last stocks are dated %s)", sc->n_pools,
            sc->horizon, ts_step_adjective(sc->step_months), from, last, to);
    if (sc->runs > 0)
        fprintf(out, ", %zu Monte Carlo runs (seed %llu)", sc->runs,
                (unsigned long long)sc->seed);
    fputs(". Scenario file: <code>", out);
    ts_report_text(out, in->scenario_path);
    fprintf(out, "</code>. Written by talentsim %s.</p>\n",
            TALENTSIM_VERSION);
    char record[160];
    if (ts_record_text(sc, record, sizeof record)) {
        fputs("<p class=\"note\">This is a ", out);
        ts_report_text(out, record);
        fputs(".</p>\n", out);
    }
}

/* The record's outcomes and headcounts against this forecast (SPEC
 * section 8): what `talentsim score` would say of it. */
static void track_record_section(FILE *out, const ts_scenario *sc,
                                 const ts_results *r)
{
    const ts_record *rec = sc->record;
    if (!rec || (rec->n_outcomes == 0 && rec->n_headcounts == 0))
        return;
    char on[16];
    fputs("<h2>Track record</h2>\n<p class=\"note\">What the record says "
          "happened, against this forecast (made at its start): the "
          "Brier and log scores of each resolved claim, and where each "
          "observed headcount fell.</p>\n", out);
    if (rec->n_outcomes > 0)
        fputs("<table><thead><tr><th>prediction</th><th>came true</th>"
              "<th>known from</th><th>forecast</th><th>Brier</th>"
              "<th>log score</th></tr></thead>\n", out);
    for (size_t j = 0; j < rec->n_outcomes; j++) {
        const ts_outcome *o = &rec->outcomes[j];
        size_t i = 0;
        while (i < sc->n_predictions &&
               strcmp(sc->predictions[i].id.s, o->id) != 0)
            i++;
        double p = i < sc->n_predictions ? ts_results_claim_p(r, i, NULL) : NAN;
        ts_month_format(o->on, on, sizeof on);
        fputs("<tr><td>", out);
        ts_report_text(out, o->id);
        fprintf(out, "</td><td>%s</td><td>%s</td><td class=\"n\">%.3f"
                "</td>", o->came_true ? "yes" : "no", on, p);
        if (o->on <= sc->start) /* known when the forecast was made */
            fputs("<td colspan=\"2\">known at the start: not scored"
                  "</td></tr>\n", out);
        else
            fprintf(out, "<td class=\"n\">%.4f</td><td class=\"n\">%.4f"
                    "</td></tr>\n", ts_brier(p, o->came_true),
                    ts_log_score(p, o->came_true));
    }
    if (rec->n_outcomes > 0)
        fputs("</table>\n", out);
    if (rec->n_headcounts > 0)
        fputs("<table><thead><tr><th>pool</th><th>at</th><th>observed</th>"
              "<th>forecast p50</th><th>90 % interval</th><th>inside"
              "</th></tr></thead>\n", out);
    size_t n = sc->n_pools + 1;
    for (size_t j = 0; j < rec->n_headcounts; j++) {
        const ts_record_headcount *h = &rec->headcounts[j];
        size_t k = ts_scenario_month_step(sc, h->at);
        size_t pool = ts_scenario_pool_index(sc, h->pool);
        size_t cell = k * n + pool;
        ts_month_format(h->at, on, sizeof on);
        fputs("<tr><td>", out);
        ts_report_text(out, h->pool);
        fprintf(out, "</td><td>%s</td><td class=\"n\">%.0f</td>", on,
                h->value);
        if (r->stats) {
            double lo = r->stats->q[0][cell], hi = r->stats->q[4][cell];
            fprintf(out, "<td class=\"n\">%.0f</td><td class=\"n\">%.0f"
                    "&ndash;%.0f</td><td>%s</td>", r->stats->q[2][cell], lo,
                    hi, h->value >= lo && h->value <= hi ? "yes" : "no");
        } else {
            fprintf(out, "<td class=\"n\">%.0f (deterministic)</td>"
                    "<td></td><td></td>", r->projection->stock[cell]);
        }
        fputs("</tr>\n", out);
    }
    if (rec->n_headcounts > 0)
        fputs("</table>\n", out);
}

ts_status ts_report_write(ts_outdir *o, const ts_report_input *in,
                          ts_diags *d)
{
    bool temp;
    bool drawn = draw_svgs(o, in, &temp, d);
    FILE *out = ts_outdir_open(o, "report.html", d);
    if (!out)
        return TS_ERUNTIME;
    header_section(out, in);
    summary_section(out, in->sc, in->r);
    charts_section(out, o, in, drawn, temp);
    events_section(out, in->sc, in->r);
    executives_section(out, in->sc, in->r);
    tornado_section(out, in->sc, in->drivers);
    track_record_section(out, in->sc, in->r);
    assumptions_section(out, in->sc, in->r);
    ts_report_end(out);
    if (ts_outdir_close(o, out, "report.html", d) != TS_OK)
        return TS_ERUNTIME;
    (void)ts_nowhere;
    return TS_OK;
}
