/* Monte Carlo simulation (SPEC section 1). Per step k and pool i:
 *
 *     people of i  ~ Multinomial(n_i(k), P_k[i, .])  -> where they end
 *     entrants e_i ~ Poisson(a_i(t_k) dt),
 *     placed by      Multinomial(e_i, Phi_k[i, .] / dt)
 *
 * so E[n(k+1) | n(k)] = n(k) P_k + a(t_k) Phi_k, the deterministic
 * projection. The entrants are drawn in an equivalent, cheaper way: by
 * Poisson splitting, those of i who end the step in j are independent
 * Poisson(a_i(t_k) Phi_k[i, j]), and independent Poissons add, so the
 * entrants ending in j (all the outputs see: stocks, and flows from
 * outside) are one Poisson((a(t_k) Phi_k)_j) per j. The joint law of
 * every output is the same; n draws replace K Poissons and K
 * multinomials. Runs are independent: run r uses stream (seed, r) of
 * sim/random/rng.h, whichever thread executes it. */
#include "sim/mc/montecarlo.h"

#include <pthread.h>
#include <stdatomic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/base/limits.h"
#include "sim/random/param_draw.h"
#include "sim/engine/pull.h"
#include "sim/random/rng.h"
#include "sim/random/sampler.h"

/* How often the calling thread reports progress. */
#define TS_PROGRESS_INTERVAL_NS 100000000L

/* Steps per block of a worker's flows (one cache line of counts). */
#define TS_FLOW_BLOCK 8

/* Where a worker keeps the flows of step k and pair (i n + j) = pair. */
static inline size_t flow_index(size_t k, size_t pair, size_t nn)
{
    return ((k / TS_FLOW_BLOCK) * nn + pair) * TS_FLOW_BLOCK +
           k % TS_FLOW_BLOCK;
}

/* The table of log(k!) for the samplers' slow path stops here (4 MiB):
 * beyond, Stirling's series serves. */
#define TS_LOG_FACT_TABLE_MAX ((size_t)1 << 19)

typedef struct mc_shared {
    size_t run_end;      /* this process's runs: [next_run's start, end) */
    size_t run_count;    /* how many that is */
    const ts_timeline *t;
    const ts_values *v;
    const ts_mc_config *cfg;
    ts_mc_result *res;
    double *log_fact;    /* log(k!) for k < log_fact_size */
    size_t log_fact_size;
    atomic_size_t next_run;
    atomic_size_t done_runs;
    /* Raised by the calling thread when it sees the caller's cancel
     * flag: the workers read this atomic, never the caller's flag, which
     * a signal handler or another thread of the host may write. */
    atomic_bool stop;
    /* Workers that are done, under `lock`, signalled by `finished`: the
     * caller wakes the moment the last one ends, not at its next
     * progress report. */
    pthread_mutex_t lock;
    pthread_cond_t finished;
    size_t finished_workers;
} mc_shared;

typedef struct mc_worker {
    mc_shared *sh;
    gsl_rng *rng;
    ts_sampler sampler;  /* rng and the shared log(k!) table */
    /* This worker's share of the flows, merged at the end, in blocks of
     * TS_FLOW_BLOCK steps, by pair within a block (flow_index): a run's
     * consecutive steps then share cache lines, where [k][i][j] would
     * sweep all H n n of them (megabytes for 50 pools) once per run. */
    uint64_t *flow_sum;
    void *hot;           /* the buffers below, apart from other workers' */
    unsigned *now, *next;
    uint32_t *col;       /* one split: the columns that receive anyone */
    unsigned *cnt;       /* and how many each */
    ts_exec_mc *exec;    /* NULL without executives and predictions */
    double *x;           /* this run's parameters (uncertain scenarios) */
    double *ev;          /* and its events' values */
    ts_values *v;        /* and the values they make */
    size_t *starts;      /* this run's shocks' starts */
    double *chance;      /* and their chances */
    ts_schedule *room;   /* the events with this run's shocks */
    double *transfers;   /* expected followers (no process noise) */
    ts_pull_work *pull;  /* step matrices that follow the stocks */
    double *dnow, *dnext;  /* projections without process noise */
    uint32_t *runbuf;    /* one run's stocks, with a sketch */
    ts_sketch *sketch;   /* this worker's histograms */
    size_t bad_run, bad_slot, bad_change, bad_pool; /* earliest bad draw */
    bool failed;         /* out of memory in a run */
    pthread_t thread;
    int started;
} mc_worker;

/* Adds one multinomial split of the people of pool `from`: to the next
 * stocks, and to the flows unless they stay. flow is the worker's flows
 * of this step from `from` to column 0 (stride TS_FLOW_BLOCK). */
static void place_split(mc_worker *w, size_t got, size_t from,
                        uint64_t *flow)
{
    for (size_t c = 0; c < got; c++) {
        uint32_t j = w->col[c];
        w->next[j] += w->cnt[c];
        if (j != from)
            flow[j * TS_FLOW_BLOCK] += w->cnt[c];
    }
}

/* Followers at the end of step k: each leader's share of their team,
 * never more than the pool they leave holds after the step's other
 * moves (SPEC section 5). */
static void move_followers(mc_worker *w, const ts_team_lead *leads,
                           size_t n_leads, size_t k, uint64_t *flow,
                           size_t n)
{
    for (size_t l = 0; l < n_leads; l++) {
        unsigned f = ts_team_followers(&leads[l], k);
        size_t a = leads[l].from, b = leads[l].to;
        if (f > w->next[a])
            f = w->next[a];
        w->next[a] -= f;
        w->next[b] += f;
        flow[(a * n + b) * TS_FLOW_BLOCK] += f;
    }
}

/* Records the earliest run whose draws were invalid: a slot, an event's
 * change, or a pool whose shares sum above 1. */
static void note_bad_draw(mc_worker *w, size_t run, size_t slot,
                          size_t change, size_t pool)
{
    if (w->bad_run == SIZE_MAX || run < w->bad_run) {
        w->bad_run = run;
        w->bad_slot = slot;
        w->bad_change = change;
        w->bad_pool = pool;
    }
}

/* A run's first stocks: the headcounts in whole people (here, and only
 * here: the deterministic projection keeps the value a tornado row
 * shows). */
static void start_run(mc_worker *w, const ts_values *v, uint32_t *out,
                      size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        w->now[i] = (unsigned)llround(v->headcount[i]);
    w->now[n - 1] = 0;
    memcpy(out, w->now, n * sizeof *out);
}

/* The end of step k: entrants by destination (one Poisson of mean mu[j]
 * each, from its own sub-stream), the followers, and the step's stocks
 * into out. */
static void end_step(mc_worker *w, const double *mu, uint64_t key, size_t k,
                     uint64_t *flow, const ts_team_lead *leads,
                     size_t n_leads, uint32_t *out, size_t n)
{
    size_t K = n - 1;
    for (size_t j = 0; j < n; j++) {
        if (!(mu[j] > 0))
            continue;
        ts_rng_seed_substream(w->rng, key, (2 * k + 1) * n + j);
        unsigned e = ts_sample_poisson(&w->sampler, mu[j]);
        w->next[j] += e;
        if (j != K)
            flow[(K * n + j) * TS_FLOW_BLOCK] += e;
    }
    if (n_leads)
        move_followers(w, leads, n_leads, k, flow, n);
    unsigned *swap = w->now;
    w->now = w->next;
    w->next = swap;
    memcpy(out + (k + 1) * n, w->now, n * sizeof *out);
}

/* The record's headcounts at step k, when it observed them there: the
 * run's pools set to them (SPEC section 8). */
static void observe_people(mc_worker *w, const ts_timeline *t, size_t k,
                           uint32_t *out)
{
    size_t n = t->K + 1;
    if (!t->observed || k != t->observed_at)
        return;
    for (size_t i = 0; i < t->K; i++)
        if (t->observed[i] == t->observed[i]) {
            w->now[i] = (unsigned)t->observed[i];
            out[k * n + i] = (uint32_t)t->observed[i];
        }
}

/* Splits m people of pool i by row (summing to 1) with conditional
 * binomials, i (those who stay) first: Multinomial(m, row). Into w->col
 * and w->cnt; returns how many columns receive anyone. */
static size_t split_direct(mc_worker *w, size_t i, unsigned m,
                           const double *row, size_t n)
{
    size_t got = 0;
    double mass = 1;
    for (size_t c = 0; c < n && m > 0; c++) {
        size_t j = c == 0 ? i : (c <= i ? c - 1 : c);
        double p = row[j];
        if (!(p > 0))
            continue;
        unsigned x = p >= mass ? m : ts_sample_binomial(&w->sampler, m,
                                                        p / mass);
        mass -= p;
        if (x == 0)
            continue;
        w->col[got] = (uint32_t)j;
        w->cnt[got++] = x;
        m -= x;
    }
    return got;
}

/* Step k's moves of the people in the pools: each pool split by the
 * step's plan in c, or, with pull, by the rows of the run's own matrix P
 * (split directly); outside keeps everyone it has. */
static void move_people(mc_worker *w, const ts_chain *c, const double *P,
                        uint64_t key, size_t k, uint64_t *flow, size_t n)
{
    size_t K = n - 1;
    memset(w->next, 0, n * sizeof *w->next);
    w->next[K] = w->now[K];
    for (size_t i = 0; i < K; i++) {
        if (w->now[i] == 0)
            continue;
        ts_rng_seed_substream(w->rng, key, (2 * k) * n + i);
        size_t got = P ? split_direct(w, i, w->now[i], P + i * n, n)
                       : ts_splits_draw(c->people, i, &w->sampler,
                                        w->now[i], w->col, w->cnt);
        place_split(w, got, i, flow + i * n * TS_FLOW_BLOCK);
    }
}

/* One run with pull: each step's matrices from the run's own stock at
 * the step's start (sim/engine/pull.h), the same sub-streams as without. False
 * when a step's matrices fail or the inflow outgrows the counters. */
static bool simulate_pools_pull(mc_worker *w, const ts_timeline *t,
                                const ts_values *v, size_t run,
                                uint32_t *out, const ts_team_lead *leads,
                                size_t n_leads)
{
    size_t n = t->K + 1, K = t->K, H = t->steps;
    uint64_t key = ts_rng_stream_key(w->sh->cfg->seed, run);
    double *n0 = w->dnext, *now = w->dnow;
    start_run(w, v, out, n);
    for (size_t i = 0; i < K; i++)
        n0[i] = w->now[i];
    for (size_t k = 0; k < H; k++) {
        for (size_t i = 0; i < K; i++)
            now[i] = w->now[i];
        ts_pull_weights(w->pull, v->pull, n0, now);
        if (!ts_pull_step(w->pull, ts_timeline_chain(t, k)))
            return false;
        uint64_t *flow = w->flow_sum + flow_index(k, 0, n * n);
        move_people(w, NULL, w->pull->P, key, k, flow, n);
        double *mu = w->pull->tmp; /* the step's entrants, by destination */
        for (size_t j = 0; j < n; j++) {
            mu[j] = 0;
            for (size_t i = 0; i < K; i++)
                mu[j] += t->inflow[k * K + i] * w->pull->w[i] *
                         w->pull->Phi[i * n + j];
            if (mu[j] > TS_MAX_PEOPLE) {
                /* a pool past the people limit: as a bad draw, named */
                note_bad_draw(w, run, SIZE_MAX, SIZE_MAX, K + 1 + j);
                return true;
            }
        }
        end_step(w, mu, key, k, flow, leads, n_leads, out, n);
        observe_people(w, t, k + 1, out);
    }
    return true;
}

/* One run's pools over the timeline t from the headcounts of v. Each
 * (step, pool) draws from a sub-stream of its own (sim/random/rng.h), so two
 * scenarios that differ in one place keep every other draw in step. */
static void simulate_pools(mc_worker *w, const ts_timeline *t,
                           const ts_values *v, size_t run, uint32_t *out,
                           const ts_team_lead *leads, size_t n_leads)
{
    size_t n = t->K + 1, H = t->steps;
    uint64_t key = ts_rng_stream_key(w->sh->cfg->seed, run);
    start_run(w, v, out, n);
    for (size_t k = 0; k < H; k++) {
        uint64_t *flow = w->flow_sum + flow_index(k, 0, n * n);
        move_people(w, ts_timeline_chain(t, k), NULL, key, k, flow, n);
        end_step(w, t->arrivals + k * n, key, k, flow, leads, n_leads, out,
                 n);
        observe_people(w, t, k + 1, out);
    }
}

/* A run without process noise: the projection n(k+1) = n(k) P + a Phi
 * of the run's own parameters, rounded to whole people as it is
 * stored. */
static void project_pools(mc_worker *w, const ts_timeline *t,
                          const ts_values *v, const double *transfers,
                          uint32_t *out)
{
    size_t n = t->K + 1, K = t->K, H = t->steps;
    double *now = w->dnow, *next = w->dnext;
    for (size_t i = 0; i < K; i++)
        now[i] = v->headcount[i];
    now[K] = 0;
    for (size_t j = 0; j < n; j++)
        out[j] = (uint32_t)llround(now[j]);
    for (size_t k = 0; k < H; k++) {
        const ts_chain *c = ts_timeline_chain(t, k);
        const double *P = c->P->data, *arrive = t->arrivals + k * n;
        size_t tp = c->P->tda;
        uint64_t *flow = w->flow_sum + flow_index(k, 0, n * n);
        for (size_t j = 0; j < n; j++) {
            double x = 0;
            for (size_t i = 0; i < n; i++) {
                double f = now[i] * P[i * tp + j];
                x += f;
                if (i != j && f > 0)
                    flow[(i * n + j) * TS_FLOW_BLOCK] += (uint64_t)(f + 0.5);
            }
            double e = arrive[j];
            if (j != K && e > 0)
                flow[(K * n + j) * TS_FLOW_BLOCK] += (uint64_t)(e + 0.5);
            next[j] = x + e;
        }
        /* expected followers, as the projection moves them */
        for (size_t i = 0; transfers && i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double f = transfers[(k * n + i) * n + j];
                if (!(f > 0))
                    continue;
                next[i] -= f;
                next[j] += f;
                flow[(i * n + j) * TS_FLOW_BLOCK] += (uint64_t)(f + 0.5);
            }
        ts_timeline_observe(t, k + 1, next);
        double *swap = now;
        now = next;
        next = swap;
        for (size_t j = 0; j < n; j++)
            out[(k + 1) * n + j] = (uint32_t)llround(now[j]);
    }
}

/* A run without process noise, with pull: the mean-field path of the
 * run's own parameters, rounded as project_pools rounds. */
static void project_pools_pull(mc_worker *w, const ts_timeline *t,
                               const ts_values *v, const double *transfers,
                               uint32_t *out)
{
    size_t n = t->K + 1, H = t->steps;
    ts_projection *p = ts_pull_project(t, v, transfers, NULL, NULL);
    if (!p) {
        w->failed = true;
        return;
    }
    for (size_t x = 0; x < (H + 1) * n; x++)
        out[x] = (uint32_t)llround(p->stock[x] > 0 ? p->stock[x] : 0);
    for (size_t k = 0; k < H; k++) {
        uint64_t *flow = w->flow_sum + flow_index(k, 0, n * n);
        for (size_t pair = 0; pair < n * n; pair++) {
            double f = p->flow[k * n * n + pair];
            if (pair / n != pair % n && f > 0)
                flow[pair * TS_FLOW_BLOCK] += (uint64_t)(f + 0.5);
        }
    }
    ts_projection_destroy(p);
}

/* Whether runs draw their own parameters: some slot or some event's
 * value is uncertain. */
static bool runs_draw(const ts_mc_config *cfg)
{
    return cfg->slots && (cfg->slots->n_uncertain > 0 ||
                          (cfg->schedule && cfg->schedule->n_uncertain > 0));
}

/* The run's own parameters, when some are uncertain: slots and the
 * values of events and shocks, and the pools' values they make; false
 * (noted) when a draw is invalid. */
static bool draw_parameters(mc_worker *w, size_t run)
{
    const ts_mc_config *cfg = w->sh->cfg;
    const ts_schedule *sch = cfg->schedule;
    size_t slot = ts_slots_draw(cfg->slots, cfg->seed, run, w->rng, w->x);
    size_t change = sch ? ts_schedule_draw(sch, cfg->seed, run, w->rng, w->ev)
                        : SIZE_MAX;
    if (slot != SIZE_MAX || change != SIZE_MAX) {
        note_bad_draw(w, run, slot, change, SIZE_MAX);
        return false;
    }
    ts_values_from_scenario(cfg->sc, w->v);
    size_t pool = ts_values_apply_slots(cfg->sc, cfg->slots, w->x, w->v);
    if (pool != SIZE_MAX) {
        note_bad_draw(w, run, SIZE_MAX, SIZE_MAX, pool);
        return false;
    }
    return true;
}

/* What one run moves by: the shared chains, a kept combination of the
 * shocks' starts, or the run's own (drawn parameters, or starts whose
 * chains were not kept). False when the run cannot be used. */
typedef struct run_model {
    const ts_timeline *t;
    const ts_values *v;
    const ts_exec_model *m;
    ts_timeline *own_t;
    ts_exec_model *own_m;
} run_model;

static bool model_of_run(mc_worker *w, size_t run, run_model *rm)
{
    const ts_mc_config *cfg = w->sh->cfg;
    bool drawn = runs_draw(cfg);
    const double *x = cfg->x_mean, *ev = cfg->ev_mean;
    *rm = (run_model){w->sh->t, w->sh->v, cfg->execs, NULL, NULL};
    if (drawn) {
        if (!draw_parameters(w, run))
            return false;
        x = w->x;
        ev = w->ev;
        rm->v = w->v;
    }
    const ts_schedule *sch = cfg->schedule;
    /* whether this run's draws change the executives' chains */
    bool execs_drawn = drawn && (cfg->slots->exec_uncertain ||
                                 (sch && sch->n_uncertain > 0 &&
                                  sch->touches_executives));
    const ts_exec_model *kept_m = NULL;
    if (cfg->shocks) {
        ts_shock_chances(cfg->sc, cfg->slots, x, w->chance);
        ts_shock_draw_starts(cfg->shocks, w->chance, cfg->seed, run, w->rng,
                             w->starts);
        size_t c = cfg->mix ? ts_shock_combo_of(cfg->shocks, w->starts)
                            : SIZE_MAX;
        if (cfg->mix && c < cfg->mix->n) {
            kept_m = cfg->mix->execs[c];
            if (!drawn) {
                rm->t = cfg->mix->timeline[c];
                if (kept_m)
                    rm->m = kept_m;
                return true;
            }
        }
        sch = ts_mixture_schedule_at(cfg->schedule, cfg->shocks, w->starts,
                                     w->room);
    } else if (!drawn) {
        return true;
    }
    size_t pool = SIZE_MAX;
    rm->t = rm->own_t = ts_timeline_create_scheduled(cfg->sc, cfg->slots,
                                                     sch, x, ev, &pool);
    if (pool != SIZE_MAX) {
        note_bad_draw(w, run, SIZE_MAX, SIZE_MAX, pool);
        return false;
    }
    /* the kept combination's executives serve when nothing drawn moves
     * them; without it, the shocks' starts do */
    if (kept_m && !execs_drawn)
        rm->m = kept_m;
    bool execs_change = execs_drawn || (cfg->shocks && !kept_m);
    if (!rm->own_t ||
        (cfg->execs && execs_change &&
         !(rm->m = rm->own_m = ts_exec_model_create(cfg->sc, cfg->slots, sch,
                                                    x, ev)))) {
        w->failed = true;
        return false;
    }
    return true;
}

static void run_one(mc_worker *w, size_t run)
{
    const ts_mc_config *cfg = w->sh->cfg;
    size_t n = w->sh->t->K + 1, H = w->sh->t->steps;
    uint32_t *out = w->sketch ? w->runbuf
                              : w->sh->res->stock + run * (H + 1) * n;
    run_model rm;
    if (!model_of_run(w, run, &rm)) {
        memset(out, 0, (H + 1) * n * sizeof *out);
        ts_timeline_destroy(rm.own_t);
        ts_exec_model_destroy(rm.own_m);
        return;
    }
    /* executives first: their teams follow them into the pools */
    size_t n_leads = 0;
    const ts_team_lead *leads = NULL;
    if (w->exec) {
        ts_exec_mc_simulate(w->exec, rm.m, cfg->seed, run, H);
        leads = ts_exec_mc_leads(w->exec, &n_leads);
    }
    if (cfg->no_process_noise) {
        if (w->transfers) {
            memset(w->transfers, 0, H * n * n * sizeof *w->transfers);
            ts_team_transfers(rm.m, w->transfers);
        }
        if (cfg->pull)
            project_pools_pull(w, rm.t, rm.v, w->transfers, out);
        else
            project_pools(w, rm.t, rm.v, w->transfers, out);
    } else if (cfg->pull) {
        if (!simulate_pools_pull(w, rm.t, rm.v, run, out, leads, n_leads))
            w->failed = true; /* a step's matrices failed */
    } else {
        simulate_pools(w, rm.t, rm.v, run, out, leads, n_leads);
    }
    if (w->exec) {
        uint32_t *came_true = w->sh->res->claim_run;
        ts_exec_mc_claims(w->exec, H, out,
                          came_true ? came_true + run * cfg->claims->n
                                    : NULL);
    }
    if (w->sketch)
        ts_sketch_add(w->sketch, out);
    ts_timeline_destroy(rm.own_t);
    ts_exec_model_destroy(rm.own_m);
}

static void *worker_main(void *arg)
{
    mc_worker *w = arg;
    mc_shared *sh = w->sh;
    for (;;) {
        if (atomic_load(&sh->stop))
            break;
        size_t run = atomic_fetch_add(&sh->next_run, 1);
        if (run >= sh->run_end)
            break;
        run_one(w, run);
        atomic_fetch_add(&sh->done_runs, 1);
    }
    pthread_mutex_lock(&sh->lock);
    sh->finished_workers++;
    pthread_cond_signal(&sh->finished);
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

/* A worker's small buffers, written at every step, in cache lines of
 * their own: from malloc, two workers' buffers could share a line, and
 * each write of one would then evict the other's (measured: 25 % more
 * time with two threads). */
#define TS_CACHE_LINE 64

static size_t line_round(size_t bytes)
{
    return (bytes + TS_CACHE_LINE - 1) / TS_CACHE_LINE * TS_CACHE_LINE;
}

/* w's buffers now, next, col, cnt (n each) and dnow, dnext, each on
 * lines of its own, in one block w->hot; false when out of memory. */
static bool hot_alloc(mc_worker *w, size_t n)
{
    size_t u = line_round(n * sizeof(unsigned)),
           d = line_round(n * sizeof(double));
    char *b = aligned_alloc(TS_CACHE_LINE, 4 * u + 2 * d);
    if (!(w->hot = b))
        return false;
    memset(b, 0, 4 * u + 2 * d);
    w->now = (unsigned *)b;
    w->next = (unsigned *)(b + u);
    w->col = (uint32_t *)(b + 2 * u);
    w->cnt = (unsigned *)(b + 3 * u);
    w->dnow = (double *)(b + 4 * u);
    w->dnext = (double *)(b + 4 * u + d);
    return true;
}

static int worker_init(mc_worker *w, mc_shared *sh)
{
    size_t n = sh->t->K + 1;
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->rng = ts_rng_alloc();
    w->sampler = (ts_sampler){w->rng, sh->log_fact, sh->log_fact_size};
    size_t blocks = (sh->t->steps + TS_FLOW_BLOCK - 1) / TS_FLOW_BLOCK;
    w->flow_sum = calloc(blocks * TS_FLOW_BLOCK * n * n, sizeof *w->flow_sum);
    if (!hot_alloc(w, n))
        return 0;
    if (sh->cfg->sketch &&
        (!(w->runbuf = calloc((sh->t->steps + 1) * n, sizeof *w->runbuf)) ||
         !(w->sketch = ts_sketch_create((sh->t->steps + 1) * n))))
        return 0;
    const ts_mc_config *cfg = sh->cfg;
    w->bad_run = SIZE_MAX;
    if (cfg->execs && !(w->exec = ts_exec_mc_create(cfg->execs, cfg->claims)))
        return 0;
    size_t changes = ts_schedule_n_values(cfg->schedule);
    if (runs_draw(cfg) &&
        (!(w->x = calloc(cfg->slots->n + 1, sizeof *w->x)) ||
         !(w->ev = calloc(changes + 1, sizeof *w->ev)) ||
         !(w->v = ts_values_create(sh->t->K))))
        return 0;
    if (cfg->shocks &&
        (!(w->starts = calloc(cfg->shocks->n + 1, sizeof *w->starts)) ||
         !(w->chance = calloc(cfg->shocks->n + 1, sizeof *w->chance)) ||
         (cfg->schedule && !(w->room = ts_mixture_schedule_alloc(
                                 cfg->schedule)))))
        return 0;
    if (cfg->no_process_noise && cfg->execs && ts_team_any(cfg->execs) &&
        !(w->transfers = calloc(sh->t->steps * n * n, sizeof *w->transfers)))
        return 0;
    if (cfg->pull && !(w->pull = ts_pull_work_create(sh->t->K)))
        return 0;
    return w->rng && w->flow_sum;
}

static void worker_free(mc_worker *w)
{
    ts_pull_work_destroy(w->pull);
    free(w->starts);
    free(w->chance);
    ts_mixture_schedule_free(w->room);
    free(w->transfers);
    gsl_rng_free(w->rng);
    free(w->flow_sum);
    free(w->hot);
    ts_exec_mc_destroy(w->exec);
    free(w->x);
    free(w->ev);
    free(w->runbuf);
    ts_sketch_destroy(w->sketch);
    ts_values_destroy(w->v);
}

/* The time `ns` nanoseconds from now, on the clock of the condition. */
static struct timespec deadline_after(long ns)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += ns;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

static void wait_and_report(mc_shared *sh, size_t started)
{
    const ts_mc_config *cfg = sh->cfg;
    pthread_mutex_lock(&sh->lock);
    while (sh->finished_workers < started) {
        struct timespec until = deadline_after(TS_PROGRESS_INTERVAL_NS);
        while (sh->finished_workers < started &&
               pthread_cond_timedwait(&sh->finished, &sh->lock, &until) == 0)
            ;
        if (cfg->cancel && *cfg->cancel)
            atomic_store(&sh->stop, true);
        if (sh->finished_workers < started && cfg->progress) {
            pthread_mutex_unlock(&sh->lock);
            cfg->progress(cfg->progress_ctx, atomic_load(&sh->done_runs),
                          sh->run_count);
            pthread_mutex_lock(&sh->lock);
        }
    }
    pthread_mutex_unlock(&sh->lock);
}

/* The lock and condition of sh; false when they cannot be made. */
static bool shared_sync_init(mc_shared *sh)
{
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        return false;
    bool ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
              pthread_cond_init(&sh->finished, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (ok && pthread_mutex_init(&sh->lock, NULL) != 0) {
        pthread_cond_destroy(&sh->finished);
        ok = false;
    }
    return ok;
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
    /* zeroed: with several ranks, the others' runs stay 0 until summed */
    if (cfg->sketch)
        r->sketch = ts_sketch_create((steps + 1) * n);
    else
        r->stock = calloc(runs * (steps + 1) * n, sizeof *r->stock);
    r->flow_sum = calloc(steps * n * n, sizeof *r->flow_sum);
    if (cfg->execs && !(r->exec = ts_exec_tally_create(cfg->execs,
                                                        cfg->claims))) {
        ts_mc_result_destroy(r);
        return NULL;
    }
    /* each run's claims beside its stocks, which are kept only when
     * small enough (zeroed: other ranks' runs are summed in) */
    if (cfg->execs && r->stock && cfg->claims->n > 0 &&
        !(r->claim_run = calloc(runs * cfg->claims->n,
                                sizeof *r->claim_run))) {
        ts_mc_result_destroy(r);
        return NULL;
    }
    if ((!r->stock && !r->sketch) || !r->flow_sum) {
        ts_mc_result_destroy(r);
        return NULL;
    }
    return r;
}

/* The earliest invalid draw of this process's workers, as four numbers
 * (run, slot, change, pool; SIZE_MAX where none) to share between
 * ranks. */
static void earliest_bad(const mc_worker *workers, size_t n, uint64_t *bad)
{
    bad[0] = UINT64_MAX;
    for (size_t w = 0; w < n; w++)
        if (workers[w].bad_run != SIZE_MAX && workers[w].bad_run < bad[0]) {
            bad[0] = workers[w].bad_run;
            bad[1] = workers[w].bad_slot;
            bad[2] = workers[w].bad_change;
            bad[3] = workers[w].bad_pool;
        }
}

/* A run whose drawn parameters were invalid fails the whole simulation
 * (draws are never clamped); the earliest such run of all ranks is
 * reported, at the parameter's place in the file. */
static ts_status check_draws(const mc_worker *workers, size_t n,
                             const ts_mc_config *cfg, ts_diags *d)
{
    uint64_t bad[4], first;
    int owner;
    earliest_bad(workers, n, bad);
    if (!ts_ranks_min(cfg->ranks, bad[0], &first, &owner) ||
        (first != UINT64_MAX && !ts_ranks_share(cfg->ranks, bad, 4, owner)))
        return TS_ERUNTIME;
    if (first == UINT64_MAX)
        return TS_OK;
    size_t run = (size_t)bad[0] + 1, slot = (size_t)bad[1],
           change = (size_t)bad[2], pool = (size_t)bad[3];
    char range[64];
    if (change != SIZE_MAX) {
        const ts_change *c = ts_schedule_change_of(cfg->schedule, change);
        ts_range_format(c->range, range, sizeof range);
        return ts_diag_add(d, c->value->mark, "run %zu drew a value outside "
                           "%s for %s in an event (draws are never "
                           "clamped); narrow its distribution", run, range,
                           cfg->slots->items[c->slot].path);
    }
    if (slot != SIZE_MAX) {
        const ts_slot *s = &cfg->slots->items[slot];
        ts_range_format(&s->range, range, sizeof range);
        return ts_diag_add(d, s->param->mark, "run %zu drew a value "
                           "outside %s for %s (draws are never clamped); "
                           "narrow its distribution", run, range, s->path);
    }
    if (pool > cfg->sc->n_pools) {
        const ts_pool *x = &cfg->sc->pools[pool - cfg->sc->n_pools - 1];
        return ts_diag_add(d, x->pull.given ? x->pull.mark : x->mark,
                           "run %zu: the pull made the inflow of '%s' pass "
                           "%.3g people; a pull above 1 lets inflow grow "
                           "faster than headcount and run away; use a "
                           "smaller pull or a shorter horizon", run, x->id,
                           TS_MAX_PEOPLE);
    }
    const ts_pool *p = &cfg->sc->pools[pool];
    return ts_diag_add(d, p->to.mark, "run %zu drew shares in to of '%s' "
                       "that sum above 1; narrow their distributions", run,
                       p->id);
}

/* A sketch's sums of squares are 128-bit: across ranks they travel as
 * four 32-bit limbs, summed, then carried. */
static bool merge_sketch_ranks(const ts_ranks *ranks, ts_sketch *s)
{
    uint64_t *limbs = calloc(4 * s->cells + 1, sizeof *limbs);
    bool ok = limbs && ts_ranks_sum_u32(ranks, s->counts,
                                        s->cells * TS_SKETCH_BINS) &&
              ts_ranks_sum_u64(ranks, s->sum, s->cells);
    for (size_t c = 0; ok && c < s->cells; c++)
        for (int k = 0; k < 4; k++) {
            uint64_t word = s->sumsq[2 * c + (k < 2 ? 1 : 0)];
            limbs[4 * c + (size_t)k] = (word >> (32 * (k % 2))) & 0xffffffffu;
        }
    ok = ok && ts_ranks_sum_u64(ranks, limbs, 4 * s->cells);
    for (size_t c = 0; ok && c < s->cells; c++) {
        uint64_t carry = 0, part[4];
        for (int k = 0; k < 4; k++) {
            uint64_t v = limbs[4 * c + (size_t)k] + carry;
            part[k] = v & 0xffffffffu;
            carry = v >> 32;
        }
        s->sumsq[2 * c + 1] = part[0] | (part[1] << 32);
        s->sumsq[2 * c] = part[2] | (part[3] << 32);
    }
    free(limbs);
    return ok;
}

/* Every rank's runs onto every rank: the sums of integer results. */
static bool merge_ranks(const ts_mc_config *cfg, ts_mc_result *r)
{
    size_t cells = r->runs * (r->steps + 1) * r->n;
    if (!cfg->ranks || cfg->ranks->size < 2)
        return true;
    bool ok = (r->sketch ? merge_sketch_ranks(cfg->ranks, r->sketch)
                         : ts_ranks_sum_u32(cfg->ranks, r->stock, cells)) &&
              ts_ranks_sum_u64(cfg->ranks, r->flow_sum,
                               r->steps * r->n * r->n);
    if (ok && r->exec)
        ok = ts_ranks_sum_u64(cfg->ranks, r->exec->moved,
                              r->exec->n_entities) &&
             ts_ranks_sum_u64(cfg->ranks, r->exec->end,
                              r->exec->n_entities * r->exec->n) &&
             ts_ranks_sum_u64(cfg->ranks, r->exec->claim_hits,
                              r->exec->n_claims);
    if (ok && r->claim_run)
        ok = ts_ranks_sum_u32(cfg->ranks, r->claim_run,
                              r->runs * r->exec->n_claims);
    return ok;
}

/* How far the log(k!) table goes: past everyone the run is expected to
 * see (the headcounts and every step's entrants), with a margin, up to
 * TS_LOG_FACT_TABLE_MAX; nothing without process noise. */
static size_t log_fact_size(const ts_timeline *t, const ts_values *v,
                            const ts_mc_config *cfg)
{
    if (cfg->no_process_noise)
        return 0;
    size_t n = t->K + 1;
    double people = 0;
    for (size_t i = 0; i < t->K; i++)
        people += v->headcount[i];
    for (size_t x = 0; x < t->steps * n; x++)
        people += t->arrivals[x];
    double size = 1.25 * people + 1024;
    return size < (double)TS_LOG_FACT_TABLE_MAX ? (size_t)size
                                                 : TS_LOG_FACT_TABLE_MAX;
}

ts_status ts_mc_run(const ts_timeline *t, const ts_values *v,
                    const ts_mc_config *cfg, ts_mc_result **out,
                    ts_diags *diags)
{
    size_t n = t->K + 1, nthreads = cfg->threads, begin, end;
    ts_ranks_span(cfg->ranks, cfg->runs, &begin, &end);
    if (nthreads > end - begin)
        nthreads = end > begin ? end - begin : 1;
    *out = NULL;
    mc_shared sh = {.run_end = end, .run_count = end - begin, .t = t,
                    .v = v, .cfg = cfg};
    atomic_init(&sh.next_run, begin);
    atomic_init(&sh.done_runs, 0);
    atomic_init(&sh.stop, cfg->cancel && *cfg->cancel);
    if (!shared_sync_init(&sh))
        return ts_diag_runtime(diags, "cannot start the Monte Carlo's "
                               "threads");
    /* what failed, said once at the end */
    const char *why = "out of memory";
    sh.res = result_alloc(cfg, t->steps, n);
    mc_worker *workers = calloc(nthreads, sizeof *workers);
    ts_status st = TS_OK;
    size_t started = 0;
    sh.log_fact_size = log_fact_size(t, v, cfg);
    sh.log_fact = ts_log_factorial_table(sh.log_fact_size);
    if (!sh.res || !workers || !sh.log_fact) {
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
        /* pthread_create's EAGAIN: memory or the thread limit */
        why = "cannot start the Monte Carlo's threads: not enough memory "
              "or other resources for a thread";
        st = TS_ERUNTIME;
        goto done;
    }
    wait_and_report(&sh, started);
    for (size_t w = 0; w < nthreads; w++)
        if (workers[w].started)
            pthread_join(workers[w].thread, NULL);
    if (atomic_load(&sh.done_runs) < end - begin) {
        st = TS_ECANCEL;
        goto done;
    }
    for (size_t w = 0; w < nthreads; w++)
        if (workers[w].failed) {
            why = "out of memory, or a step's matrix exponential failed, "
                  "in a Monte Carlo run";
            st = TS_ERUNTIME;
            goto done;
        }
    st = check_draws(workers, nthreads, cfg, diags);
    if (st != TS_OK)
        goto done;
    /* Integer sums: the merge order cannot change the result. */
    for (size_t w = 0; w < nthreads; w++) {
        for (size_t k = 0; k < t->steps; k++)
            for (size_t pair = 0; pair < n * n; pair++)
                sh.res->flow_sum[k * n * n + pair] +=
                    workers[w].flow_sum[flow_index(k, pair, n * n)];
        if (workers[w].exec)
            ts_exec_tally_add(sh.res->exec,
                              ts_exec_mc_tally(workers[w].exec));
        if (workers[w].sketch)
            ts_sketch_merge(sh.res->sketch, workers[w].sketch);
    }
    if (!merge_ranks(cfg, sh.res)) {
        why = "the MPI ranks' results could not be gathered";
        st = TS_ERUNTIME;
    }
done:
    if (workers)
        for (size_t w = 0; w < nthreads; w++)
            worker_free(&workers[w]);
    free(workers);
    free(sh.log_fact);
    pthread_cond_destroy(&sh.finished);
    pthread_mutex_destroy(&sh.lock);
    if (st == TS_ERUNTIME && diags->runtime == 0)
        ts_diag_runtime(diags, "%s (%zu Monte Carlo runs)", why, cfg->runs);
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
    ts_sketch_destroy(r->sketch);
    free(r->flow_sum);
    ts_exec_tally_destroy(r->exec);
    free(r->claim_run);
    free(r);
}
