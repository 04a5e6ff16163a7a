"""Benchmark: customer -> manager assignment (min-cost flow) against a greedy and a random baseline.

    .venv/bin/python benchmarks/bench_assign.py [--small] [--sizes 1000000x2000,4000000x10000]

Synthetic instances are generated with numpy: 100 managers per branch (2% of staff in a remote
team serving the whole bank), 1-3 declared specialties per manager, customer affinity profiles
drawn from a few thousand interest/life-stage combinations, 30% of customers with a current owner,
bank AUM tiers. The last line of output is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from memory import peak_rss_mb

from siyu.assign.flow import Instance, Params, affinity_of, solve

N_SPECIALTIES = 15
MANAGERS_PER_BRANCH = 100
TIER_SHARES = (0.55, 0.3, 0.1, 0.04, 0.01)


def synthetic(n: int, m: int, seed: int = 7) -> Instance:
    rng = np.random.default_rng(seed)
    n_remote = max(1, m // 50)
    n_local = m - n_remote
    n_branches = max(1, n_local // MANAGERS_PER_BRANCH)
    remote_pool = n_branches
    # customer profiles: sparse interest strengths, many customers without any known interest
    n_prof = 1000
    strength = rng.choice([0.4, 0.7, 1.0], (n_prof, N_SPECIALTIES))
    profiles = np.where(rng.random((n_prof, N_SPECIALTIES)) < 0.12, strength, 0)
    profiles[0] = 0
    weights = 1.0 / np.arange(1, n_prof + 1)  # a few common combinations, a long tail of rare ones
    weights[0] = weights[1:].sum() * 0.45  # 30% of customers: no interest known yet
    profile = rng.choice(n_prof, n, p=weights / weights.sum())
    spec = np.zeros((m, N_SPECIALTIES))
    for k in range(3):
        has = rng.random(m) < (1.0, 0.6, 0.3)[k]
        spec[np.flatnonzero(has), rng.integers(0, N_SPECIALTIES, has.sum())] = 1
    mgroup = np.concatenate([np.arange(n_local) % n_branches, np.full(n_remote, remote_pool)])
    capacity = np.concatenate([np.full(n_local, 300), np.full(n_remote, 1000)])
    group = rng.integers(0, n_branches, n)
    tier = rng.choice(len(TIER_SHARES), n, p=TIER_SHARES)
    owner = np.full(n, -1)
    owned = rng.random(n) < 0.3
    # an owner from the customer's own branch
    owner[owned] = group[owned] + n_branches * rng.integers(0, max(1, n_local // n_branches), owned.sum())
    owner[owner >= n_local] = -1
    remote = np.where((owner < 0) & (tier == 1), remote_pool, -1)
    return Instance(
        profile=profile,
        group=group,
        remote_group=remote,
        owner=owner,
        tier=tier,
        profiles=profiles,
        specialties=spec,
        capacity=capacity,
        manager_group=mgroup,
    )


def greedy(inst: Instance, k: int) -> np.ndarray:
    """Customers in order, each to their best manager (top-k of the branch) with capacity left."""
    n = len(inst.profile)
    groups = np.unique(inst.manager_group)
    members = [np.flatnonzero(inst.manager_group == g) for g in groups]
    choice = np.full((n, k), -1)
    for g, mgrs in zip(groups, members, strict=True):
        rows = np.flatnonzero(inst.group == g)
        if not len(rows):
            continue
        profs, inv = np.unique(inst.profile[rows], return_inverse=True)
        aff = inst.profiles[profs] @ inst.specialties[mgrs].T
        kk = min(k, len(mgrs))
        top = np.argsort(-aff, axis=1, kind="stable")[:, :kk]
        choice[rows, :kk] = mgrs[top[inv]]
    left = inst.capacity.astype(np.int64).copy()
    out = np.full(n, -1)
    for r in range(k):
        want = np.flatnonzero((out < 0) & (choice[:, r] >= 0))
        out[want] = _accept(want, choice[want, r], left)
    rest = np.flatnonzero(out < 0)  # then anyone in the branch with room, in order
    for g, mgrs in zip(groups, members, strict=True):
        rows = rest[inst.group[rest] == g]
        seats = np.repeat(mgrs, np.maximum(left[mgrs], 0))[: len(rows)]
        out[rows[: len(seats)]] = seats
        np.subtract.at(left, seats, 1)
    return out


def _accept(rows: np.ndarray, mgr: np.ndarray, left: np.ndarray) -> np.ndarray:
    o = np.argsort(mgr, kind="stable")
    sm = mgr[o]
    start = np.searchsorted(sm, sm, side="left")
    rank = np.arange(len(sm)) - start
    ok = rank < left[sm]
    res = np.full(len(rows), -1)
    res[o[ok]] = sm[ok]
    np.subtract.at(left, sm[ok], 1)
    return res


def random_split(inst: Instance, seed: int) -> np.ndarray:
    """管户制 by lot: shuffle each branch's customers and deal them round-robin up to capacity."""
    rng = np.random.default_rng(seed)
    out = np.full(len(inst.profile), -1)
    for g in np.unique(inst.manager_group):
        mgrs = np.flatnonzero(inst.manager_group == g)
        rows = rng.permutation(np.flatnonzero(inst.group == g))
        seats = np.tile(mgrs, int(inst.capacity[mgrs].max()))[: inst.capacity[mgrs].sum()]
        out[rows[: len(seats)]] = seats[: len(rows)]
    return out


def total_affinity(inst: Instance, mgr: np.ndarray) -> float:
    placed = np.flatnonzero(mgr >= 0)
    return float(affinity_of(inst, placed, mgr[placed]).sum())


def run(n: int, m: int, top_k: int) -> dict:
    t0 = time.perf_counter()
    inst = synthetic(n, m)
    t_gen = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    res = solve(inst, Params(top_k=top_k))
    t_flow, c_flow = time.perf_counter() - t0, time.process_time() - c0
    load = np.bincount(res.manager[res.manager >= 0], minlength=m)
    assert (load <= inst.capacity).all()
    t0 = time.perf_counter()
    g = greedy(inst, top_k)
    t_greedy = time.perf_counter() - t0
    r = random_split(inst, 1)
    a_flow, a_greedy, a_random = (
        total_affinity(inst, res.manager),
        total_affinity(inst, g),
        total_affinity(inst, r),
    )
    fig = {
        "customers": n,
        "managers": m,
        "seconds": round(t_flow, 2),
        "cpu_seconds": round(c_flow, 2),  # differs from seconds when the machine is shared
        "customers_per_second": round(n / t_flow),
        "generate_seconds": round(t_gen, 2),
        "greedy_seconds": round(t_greedy, 2),
        "classes": res.classes,
        "arcs": res.arcs,
        "placed": int((res.manager >= 0).sum()),
        "placed_greedy": int((g >= 0).sum()),
        "affinity_flow": round(a_flow, 1),
        "affinity_greedy": round(a_greedy, 1),
        "affinity_random": round(a_random, 1),
        "ratio_vs_greedy": round(a_flow / a_greedy, 4) if a_greedy else None,
        "ratio_vs_random": round(a_flow / a_random, 4) if a_random else None,
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(
        f"{n:>9,} customers x {m:>6,} managers: flow {t_flow:6.2f}s (cpu {c_flow:.2f}s, "
        f"{fig['customers_per_second']:,}/s, "
        f"{res.classes:,} classes, {res.arcs:,} arcs), affinity {a_flow:,.0f} vs greedy {a_greedy:,.0f} "
        f"(x{fig['ratio_vs_greedy']}) vs random {a_random:,.0f} (x{fig['ratio_vs_random']}), "
        f"peak RSS {fig['peak_rss_mb']} MB",
        flush=True,
    )
    return fig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="100k customers x 200 managers only")
    ap.add_argument("--sizes", default="1000000x2000,4000000x10000", help="comma-separated NxM")
    ap.add_argument("--top-k", type=int, default=10)
    args = ap.parse_args()
    sizes = "100000x200" if args.small else args.sizes
    results = [run(*map(int, s.split("x")), args.top_k) for s in sizes.split(",")]
    print(json.dumps({"benchmark": "assign", "runs": results, "peak_rss_mb": round(peak_rss_mb())}))


if __name__ == "__main__":
    main()
