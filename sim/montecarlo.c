/* Monte Carlo simulation (SPEC section 1). Per step k and pool i:
 *
 *     people of i  ~ Multinomial(n_i(k), P_k[i, .])  -> where they end
 *     entrants e_i ~ Poisson(a_i(t_k) dt),
 *     placed by      Multinomial(e_i, Phi_k[i, .] / dt)
 *
 * so E[n(k+1) | n(k)] = n(k) P_k + a(t_k) Phi_k, the deterministic
 * projection. Runs are independent: run r uses stream (seed, r) of
 * sim/rng.h, whichever thread executes it. */
#include "sim/montecarlo.h"

#include <gsl/gsl_randist.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/rng.h"

/* How often the calling thread reports progress. */
#define TS_PROGRESS_INTERVAL_NS 100000000L

typedef struct mc_shared {
    const ts_timeline *t;
    const ts_values *v;
    const ts_mc_config *cfg;
    ts_mc_result *res;
    atomic_size_t next_run;
    atomic_size_t done_runs;
    atomic_size_t finished_workers;
} mc_shared;

typedef struct mc_worker {
    mc_shared *sh;
    gsl_rng *rng;
    uint64_t *flow_sum;  /* this worker's share, merged at the end */
    unsigned *now, *next, *split;
    ts_exec_mc *exec;    /* NULL without executives and predictions */
    pthread_t thread;
    int started;
} mc_worker;

static void run_one(mc_worker *w, size_t run)
{
    const ts_timeline *t = w->sh->t;
    size_t n = t->K + 1, K = t->K, H = t->steps;
    uint32_t *out = w->sh->res->stock + run * (H + 1) * n;
    ts_rng_seed_stream(w->rng, w->sh->cfg->seed, run);
    for (size_t i = 0; i < K; i++)
        w->now[i] = (unsigned)w->sh->v->headcount[i];
    w->now[K] = 0;
    memcpy(out, w->now, n * sizeof *out);
    for (size_t k = 0; k < H; k++) {
        const ts_chain *c = ts_timeline_chain(t, k);
        uint64_t *flow = w->flow_sum + k * n * n;
        memset(w->next, 0, n * sizeof *w->next);
        w->next[K] = w->now[K];
        for (size_t i = 0; i < K; i++) {
            if (w->now[i] == 0)
                continue;
            gsl_ran_multinomial(w->rng, n, w->now[i],
                                c->P->data + i * c->P->tda, w->split);
            for (size_t j = 0; j < n; j++) {
                w->next[j] += w->split[j];
                if (j != i)
                    flow[i * n + j] += w->split[j];
            }
        }
        for (size_t i = 0; i < K; i++) {
            double mu = t->inflow[k * K + i] * t->dt;
            unsigned e = mu > 0 ? gsl_ran_poisson(w->rng, mu) : 0;
            if (e == 0)
                continue;
            gsl_ran_multinomial(w->rng, n, e, c->Phi->data + i * c->Phi->tda,
                                w->split);
            for (size_t j = 0; j < n; j++) {
                w->next[j] += w->split[j];
                if (j != K)
                    flow[K * n + j] += w->split[j];
            }
        }
        unsigned *swap = w->now;
        w->now = w->next;
        w->next = swap;
        memcpy(out + (k + 1) * n, w->now, n * sizeof *out);
    }
    if (w->exec)
        ts_exec_mc_run(w->exec, w->sh->cfg->seed, run, H, out);
}

static void *worker_main(void *arg)
{
    mc_worker *w = arg;
    mc_shared *sh = w->sh;
    for (;;) {
        if (sh->cfg->cancel && *sh->cfg->cancel)
            break;
        size_t run = atomic_fetch_add(&sh->next_run, 1);
        if (run >= sh->cfg->runs)
            break;
        run_one(w, run);
        atomic_fetch_add(&sh->done_runs, 1);
    }
    atomic_fetch_add(&sh->finished_workers, 1);
    return NULL;
}

static int worker_init(mc_worker *w, mc_shared *sh)
{
    size_t n = sh->t->K + 1;
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->rng = ts_rng_alloc();
    w->flow_sum = calloc(sh->t->steps * n * n, sizeof *w->flow_sum);
    w->now = calloc(n, sizeof *w->now);
    w->next = calloc(n, sizeof *w->next);
    w->split = calloc(n, sizeof *w->split);
    const ts_mc_config *cfg = sh->cfg;
    if (cfg->execs && !(w->exec = ts_exec_mc_create(cfg->execs, cfg->claims)))
        return 0;
    return w->rng && w->flow_sum && w->now && w->next && w->split;
}

static void worker_free(mc_worker *w)
{
    gsl_rng_free(w->rng);
    free(w->flow_sum);
    free(w->now);
    free(w->next);
    free(w->split);
    ts_exec_mc_destroy(w->exec);
}

static void wait_and_report(mc_shared *sh, size_t started)
{
    const ts_mc_config *cfg = sh->cfg;
    struct timespec pause = {0, TS_PROGRESS_INTERVAL_NS};
    while (atomic_load(&sh->finished_workers) < started) {
        nanosleep(&pause, NULL);
        if (cfg->progress)
            cfg->progress(cfg->progress_ctx, atomic_load(&sh->done_runs),
                          cfg->runs);
    }
}

static ts_mc_result *result_alloc(const ts_mc_config *cfg, size_t steps,
                                   size_t n)
{
    size_t runs = cfg->runs;
    ts_mc_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->runs = runs;
    r->steps = steps;
    r->n = n;
    r->stock = malloc(runs * (steps + 1) * n * sizeof *r->stock);
    r->flow_sum = calloc(steps * n * n, sizeof *r->flow_sum);
    if (cfg->execs && !(r->exec = ts_exec_tally_create(cfg->execs,
                                                        cfg->claims))) {
        ts_mc_result_destroy(r);
        return NULL;
    }
    if (!r->stock || !r->flow_sum) {
        ts_mc_result_destroy(r);
        return NULL;
    }
    return r;
}

ts_status ts_mc_run(const ts_timeline *t, const ts_values *v,
                    const ts_mc_config *cfg, ts_mc_result **out,
                    ts_diags *diags)
{
    ts_mark nowhere = {NULL, 0, 0};
    size_t n = t->K + 1, nthreads = cfg->threads;
    if (nthreads > cfg->runs)
        nthreads = cfg->runs > 0 ? cfg->runs : 1;
    *out = NULL;
    mc_shared sh = {.t = t, .v = v, .cfg = cfg};
    atomic_init(&sh.next_run, 0);
    atomic_init(&sh.done_runs, 0);
    atomic_init(&sh.finished_workers, 0);
    sh.res = result_alloc(cfg, t->steps, n);
    mc_worker *workers = calloc(nthreads, sizeof *workers);
    ts_status st = TS_OK;
    size_t started = 0;
    if (!sh.res || !workers) {
        st = TS_ERUNTIME;
        goto done;
    }
    for (size_t w = 0; w < nthreads; w++)
        if (!worker_init(&workers[w], &sh)) {
            st = TS_ERUNTIME;
            goto done;
        }
    for (size_t w = 0; w < nthreads; w++) {
        if (pthread_create(&workers[w].thread, NULL, worker_main,
                           &workers[w]) != 0)
            break;
        workers[w].started = 1;
        started++;
    }
    if (started == 0) {
        st = TS_ERUNTIME;
        goto done;
    }
    wait_and_report(&sh, started);
    for (size_t w = 0; w < nthreads; w++)
        if (workers[w].started)
            pthread_join(workers[w].thread, NULL);
    if (atomic_load(&sh.done_runs) < cfg->runs) {
        st = TS_ECANCEL;
        goto done;
    }
    /* Integer sums: the merge order cannot change the result. */
    for (size_t w = 0; w < nthreads; w++) {
        for (size_t x = 0; x < t->steps * n * n; x++)
            sh.res->flow_sum[x] += workers[w].flow_sum[x];
        if (workers[w].exec)
            ts_exec_tally_add(sh.res->exec,
                              ts_exec_mc_tally(workers[w].exec));
    }
done:
    if (workers)
        for (size_t w = 0; w < nthreads; w++)
            worker_free(&workers[w]);
    free(workers);
    if (st == TS_ERUNTIME)
        ts_diag_add(diags, nowhere, "out of memory or threads for %zu Monte "
                    "Carlo runs", cfg->runs);
    if (st != TS_OK) {
        ts_mc_result_destroy(sh.res);
        return st;
    }
    *out = sh.res;
    return TS_OK;
}

void ts_mc_result_destroy(ts_mc_result *r)
{
    if (!r)
        return;
    free(r->stock);
    free(r->flow_sum);
    ts_exec_tally_destroy(r->exec);
    free(r);
}
