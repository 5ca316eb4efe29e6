#include "sim/output/exec_csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/exec/claim_terms.h"
#include "sim/mc/results.h"
#include "sim/output/csv_out.h"

/* ",POOL": the pool's id through the CSV sink, like every text. */
static void pool_cell(FILE *f, const ts_scenario *sc, size_t pool)
{
    fputc(',', f);
    ts_csv_text(f, ts_pool_name(sc, pool));
}

/* "name,start_pool,p_moved" of executive e. */
static void exec_prefix(FILE *f, const ts_scenario *sc,
                        const ts_exec_exact *x, size_t e)
{
    ts_csv_text(f, sc->execs[e].name.s);
    pool_cell(f, sc, x->now_pool[e]);
    ts_csv_cell(f, x->p_moved[e]);
}

void ts_csv_write_executives(FILE *f, const ts_scenario *sc,
                             const ts_exec_exact *x)
{
    fputs("name,start_pool,p_moved,most_likely_end_pool,"
          "p_most_likely_end_pool\n", f);
    for (size_t e = 0; e < sc->n_execs; e++) {
        exec_prefix(f, sc, x, e);
        pool_cell(f, sc, x->end_pool[e]);
        ts_csv_cell(f, x->p_end[e]);
        fputc('\n', f);
    }
}

bool ts_csv_write_exec_paths(FILE *f, const ts_scenario *sc,
                             const ts_exec_exact *x)
{
    size_t n = x->n, T = sc->horizon + 1;
    fputs("step,date,name,pool,probability\n", f);
    for (size_t e = 0; e < x->n_entities; e++)
        for (size_t k = 0; k < T; k++) {
            char date[16];
            const double *now = x->path + (e * T + k) * n;
            ts_month_format(ts_scenario_step_month(sc, k), date, sizeof date);
            for (size_t j = 0; j < n; j++) {
                if (now[j] == 0)
                    continue;
                fprintf(f, "%zu,%s,", k, date);
                ts_csv_text(f, sc->execs[e].name.s);
                pool_cell(f, sc, j);
                ts_csv_cell(f, now[j]);
                fputc('\n', f);
            }
        }
    return true;
}

static void prediction_row(FILE *f, const ts_claim *c, double p, double se,
                           const char *method)
{
    fputs(c->id, f);
    ts_csv_cell(f, p);
    ts_csv_cell(f, se);
    fprintf(f, ",%s,", method);
    ts_csv_text(f, c->text);
    fputc('\n', f);
}

void ts_csv_write_predictions(FILE *f, const ts_results *r)
{
    const ts_claims *c = r->claims;
    fputs("id,probability,stderr,method,text\n", f);
    for (size_t i = 0; i < c->n; i++) {
        const ts_claim *cl = &c->items[i];
        ts_claim_method how = ts_results_claim_method(r, i);
        if (how == TS_CLAIM_RECORD) {
            prediction_row(f, cl, r->exact->claim_p[i], NAN, "record");
            continue;
        }
        if (how == TS_CLAIM_EXACT)
            prediction_row(f, cl, r->exact->claim_p[i], NAN, "exact");
        if (r->mc) {
            double p, se;
            ts_exec_tally_claim(r->mc->exec, r->mc->runs, i, &p, &se);
            prediction_row(f, cl, p, se, "montecarlo");
        } else if (how != TS_CLAIM_EXACT) {
            prediction_row(f, cl, NAN, NAN, "montecarlo");
        }
    }
}

void ts_csv_write_prediction_curves(FILE *f, const ts_scenario *sc,
                                    const ts_claims *c,
                                    const ts_exec_exact *x)
{
    fputs("id,step,date,probability\n", f);
    for (size_t i = 0; i < c->n; i++) {
        const ts_claim *cl = &c->items[i];
        if (cl->kind != TS_PREDICT_MOVES)
            continue;
        for (size_t k = cl->step_from; k <= sc->horizon; k++) {
            char date[16];
            ts_month_format(ts_scenario_step_month(sc, k), date, sizeof date);
            fprintf(f, "%s,%zu,%s", cl->id, k, date);
            ts_csv_cell(f, x->curve[i * (sc->horizon + 1) + k]);
            fputc('\n', f);
        }
    }
}

bool ts_csv_write_prediction_terms(FILE *f, const ts_scenario *sc,
                                   const ts_exec_model *m,
                                   const ts_claims *c,
                                   const ts_exec_exact *x)
{
    fputs("id,who,pool,members,p_each,expected\n", f);
    if (!x || !m)
        return true;
    ts_claim_term *rows = malloc((x->n_entities * x->n + 1) * sizeof *rows);
    if (!rows)
        return false;
    for (size_t i = 0; i < c->n; i++) {
        size_t n = ts_claim_terms(x, sc, m, c, i, rows);
        if (n > TS_CLAIM_TERMS_SHOWN)
            n = TS_CLAIM_TERMS_SHOWN; /* the largest; a record of thousands
                                         would list everyone */
        for (size_t k = 0; k < n; k++) {
            fprintf(f, "%s,", c->items[i].id);
            ts_csv_text(f, sc->execs[rows[k].entity].name.s);
            pool_cell(f, sc, rows[k].pool);
            ts_csv_cell(f, rows[k].members);
            ts_csv_cell(f, rows[k].p_each);
            ts_csv_cell(f, rows[k].expected);
            fputc('\n', f);
        }
    }
    free(rows);
    return true;
}

void ts_csv_write_destinations(FILE *f, const ts_scenario *sc,
                               const ts_exec_exact *x)
{
    fputs("name,start_pool,p_moved,destination,p_destination\n", f);
    for (size_t e = 0; e < sc->n_execs; e++) {
        if (sc->execs[e].is_group)
            continue;
        exec_prefix(f, sc, x, e);
        pool_cell(f, sc, x->dest[e]);
        ts_csv_cell(f, x->p_dest[e]);
        fputc('\n', f);
    }
}
