#!/usr/bin/python3
"""The obvious alternative to talentsim's Monte Carlo: the same model,
vectorised over runs with numpy's Generator, as a competent data scientist
would write it. bench/run runs it on the bench scenarios beside talentsim
and prints the ratio.

    bench/peer_numpy.py SCENARIO.yaml [RUNS]

The model (SPEC section 1): per step, each pool's people are split by
Multinomial(n_i, P_i.); entrants are Poisson(a_i (1+g_i)^t dt), placed by
Multinomial(e_i, Phi_i. / dt). P and Phi come from one matrix exponential
of [[Q, I], [0, 0]] dt (scaling and squaring with a Taylor series: numpy
has no expm). Like talentsim it keeps every step's stocks and summarises
them over the runs (mean, sd, p05, p25, p50, p75, p95) with the mean
flows per step and pair. It reads the flow-style bench scenarios only
(one pool per line). It prints the wall time of the simulation and its
summaries (not of reading the file and the exponential), and the mean
and p05/p95 of three pools at the horizon, for a sanity check against
talentsim.
"""
import re
import sys
import time

import numpy as np


def parse(path):
    text = open(path).read()
    head = re.search(r"scenario:\s*\{(.*)\}", text).group(1)
    field = lambda name: re.search(name + r":\s*([^,}]+)", head).group(1)
    step = {"month": 1, "quarter": 3, "year": 12}[field("step").strip()]
    pools = []
    for line in re.findall(r"^\s*- \{(id:.*)\}\s*$", text, re.M):
        to = re.search(r"to:\s*\{([^}]*)\}", line)
        shares = {}
        if to:
            for pair in to.group(1).split(","):
                k, v = pair.split(":")
                shares[k.strip()] = float(v)
        num = lambda name, default=0.0: float(
            re.search(name + r":\s*([-0-9.e+]+)", line).group(1)
        ) if re.search(r"\b" + name + r":", line) else default
        pools.append({
            "id": re.search(r"id:\s*([\w-]+)", line).group(1),
            "headcount": num("headcount"),
            "inflow": num("inflow"),
            "growth": num("inflow_growth"),
            "retention": num("retention"),
            "to": shares,
        })
    return (int(field("horizon")), int(field("runs")), int(field("seed")),
            step / 12.0, pools)


def expm(a):
    """Scaling and squaring with a 20-term Taylor series."""
    norm = np.abs(a).sum(axis=1).max()
    s = max(0, int(np.ceil(np.log2(norm))) + 1) if norm > 0.5 else 0
    b = a / 2 ** s
    term = np.eye(len(a))
    out = term.copy()
    for k in range(1, 21):
        term = term @ b / k
        out = out + term
    for _ in range(s):
        out = out @ out
    return out


def step_matrices(pools, dt):
    k = len(pools)
    index = {p["id"]: i for i, p in enumerate(pools)}
    n = k + 1
    q = np.zeros((n, n))
    for i, p in enumerate(pools):
        lam = -np.log(p["retention"])
        named = 0.0
        for dest, share in p["to"].items():
            j = k if dest == "outside" else index[dest]
            q[i, j] += lam * share
            named += share
        if "outside" not in p["to"]:
            q[i, k] += lam * max(0.0, 1 - named)
        q[i, i] = -q[i].sum() + q[i, i]
    aug = np.zeros((2 * n, 2 * n))
    aug[:n, :n] = q * dt
    aug[:n, n:] = np.eye(n) * dt
    e = expm(aug)
    p = np.clip(e[:n, :n], 0, None)
    phi = np.clip(e[:n, n:], 0, None)
    return p / p.sum(axis=1, keepdims=True), phi


def simulate(path, runs=None):
    horizon, file_runs, seed, dt, pools = parse(path)
    runs = runs or file_runs
    rng = np.random.default_rng(seed)
    p, phi = step_matrices(pools, dt)
    k = len(pools)
    n = k + 1
    stock = np.zeros((runs, n), dtype=np.int64)
    stock[:, :k] = [int(q["headcount"]) for q in pools]
    inflow = np.array([q["inflow"] for q in pools])
    growth = np.array([q["growth"] for q in pools])
    place = phi[:k] / phi[:k].sum(axis=1, keepdims=True)
    start = time.perf_counter()
    # What talentsim writes: every step's stocks summarised over the runs
    # (mean, sd, p05-p95) and the mean flows per step and pair.
    record = np.empty((horizon + 1, runs, n), dtype=np.int32)
    record[0] = stock
    flows = np.zeros((horizon, n, n))
    for step in range(horizon):
        nxt = np.zeros_like(stock)
        nxt[:, k] = stock[:, k]
        for i in range(k):
            split = rng.multinomial(stock[:, i], p[i])
            flows[step, i] += split.sum(axis=0)
            nxt += split
        mu = inflow * (1 + growth) ** (step * dt) * dt
        entrants = rng.poisson(mu, size=(runs, k))
        for i in range(k):
            split = rng.multinomial(entrants[:, i], place[i])
            flows[step, k] += split.sum(axis=0)
            nxt += split
        stock = nxt
        record[step + 1] = stock
    summary = (record.mean(axis=1), record.std(axis=1, ddof=1),
               np.percentile(record, [5, 25, 50, 75, 95], axis=1),
               flows / runs)
    seconds = time.perf_counter() - start
    return seconds, runs, stock, pools, summary


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else None
    seconds, runs, stock, pools, _ = simulate(path, runs)
    print(f"seconds={seconds:.3f} runs={runs} runs_per_second={runs / seconds:.1f}")
    for i, q in enumerate(pools[:3]):
        col = stock[:, i]
        print(f"  {q['id']}: mean {col.mean():.0f}, p05 {np.percentile(col, 5):.0f},"
              f" p95 {np.percentile(col, 95):.0f}")


if __name__ == "__main__":
    main()
