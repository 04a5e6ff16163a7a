"""Customer -> manager assignment as one min-cost flow (pure: numpy arrays in, numpy arrays out).

Network, per solve:

    class --top-k affinity arcs--------------------------> manager --capacity--> sink
    class --pool arc (value only)--> pool(group) --0-----> manager
    class --keep arc (stickiness bonus)------------------> current owner
    class --overflow (high cost)-------------------------------------------------> sink

A *class* is a set of customers with identical arcs (same affinity profile, scope group, remote pool,
current owner and AUM tier); collapsing them into one supply node is lossless because any split of
its flow among its members costs the same. The pool arc lets every customer reach every manager of
its group at affinity 0, so pruning to the top-k managers never makes a customer unplaceable.
In balanced mode (管户制) arcs enter per (manager, AUM tier) nodes whose arcs to the manager have
convex costs around an equal target, which balances customer count and AUM tiers across managers.

A cap on changes of owner is a side constraint (not a network constraint: a shared "change" node
would lose which manager each moving customer goes to). It is enforced exactly by a Lagrangian
search: a penalty on every non-keep arc of owned customers, bisected to the smallest value whose
optimal flow moves at most the cap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

NONE = -1

# Unplaced reasons (codes; the Chinese labels live in assign.yaml).
NO_CANDIDATE = "no_candidate"
CAPACITY = "capacity"
CAPACITY_NO_REMOTE = "capacity_no_remote"
CHANGE_CAP = "change_cap"


@dataclass(frozen=True)
class Instance:
    """Customers, managers and their affinity, as arrays indexed 0..n-1 and 0..m-1."""

    profile: np.ndarray  # (n,) int: row of ``profiles`` holding the customer's specialty scores
    group: np.ndarray  # (n,) int: scope group (branch / sub-branch / region), -1 none
    remote_group: np.ndarray  # (n,) int: remote pool the customer may go to, -1 not eligible
    owner: np.ndarray  # (n,) int: current owner (manager index), -1 none
    tier: np.ndarray  # (n,) int: AUM tier 0..T-1
    profiles: np.ndarray  # (p, S) float: customer-profile x specialty match strength
    specialties: np.ndarray  # (m, S) float: manager x specialty (1 = declared)
    capacity: np.ndarray  # (m,) int
    manager_group: np.ndarray  # (m,) int: the group or remote pool served (one id space for both)


@dataclass(frozen=True)
class Params:
    mode: str = "affinity"  # affinity (客群制) | balanced (管户制)
    top_k: int = 10
    scale: int = 1000  # affinity 1.0 -> 1000 cost units
    w_affinity: float = 1.0  # balanced mode default is 0 (see for_mode)
    tier_value: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4)  # priority of AUM tiers when short
    stickiness: float = 0.3  # bonus (in affinity units) for keeping the current owner
    max_changes: int | None = None
    remote_penalty: float = 0.05  # local managers first when otherwise equal
    overflow_cost: int = 1_000_000
    balance_step: float = 0.1  # balanced mode: segment length as a share of the target
    balance_penalty: float = 0.5  # balanced mode: cost (affinity units) of the first step over target
    collapse: bool = True
    seed: int = 0

    @staticmethod
    def for_mode(mode: str, **kw) -> Params:
        if mode not in ("affinity", "balanced"):
            raise ValueError(f"mode must be affinity or balanced, got {mode!r}")
        if mode == "balanced":
            kw.setdefault("w_affinity", 0.0)
        return Params(mode=mode, **kw)


@dataclass
class Result:
    manager: np.ndarray  # (n,) int: assigned manager, -1 unplaced
    affinity: np.ndarray  # (n,) float: affinity to the assigned manager (0 when unplaced)
    reason: np.ndarray  # (n,) object: unplaced reason code, "" when placed
    cost: int  # optimal cost of the flow that was used
    moves: int  # owned customers moved to another manager
    penalty: int  # Lagrangian penalty that enforced max_changes (0 if not binding)
    classes: int  # supply nodes after collapsing
    arcs: int
    solves: int = 1
    stats: dict = field(default_factory=dict)


def affinity_of(inst: Instance, customers: np.ndarray, managers: np.ndarray) -> np.ndarray:
    """Affinity of customer[i] to manager[i], elementwise."""
    if len(customers) == 0:
        return np.zeros(0)
    return np.einsum("ij,ij->i", inst.profiles[inst.profile[customers]], inst.specialties[managers])


def _classes(inst: Instance, params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort customers (seeded order inside each class); return order, class id per sorted row, starts."""
    n = len(inst.profile)
    rng = np.random.default_rng(params.seed)
    shuffle = rng.permutation(n)
    if params.collapse:
        # the affinity profile only matters when affinity is in the objective
        profile = inst.profile if params.w_affinity > 0 else np.zeros_like(inst.profile)
        keys = (inst.tier, inst.owner, inst.remote_group, profile, inst.group)
        order = shuffle[np.lexsort(tuple(np.asarray(k)[shuffle] for k in keys))]
        cols = np.stack([np.asarray(k)[order] for k in keys])
        new = np.ones(n, dtype=bool)
        if n:
            new[1:] = (cols[:, 1:] != cols[:, :-1]).any(axis=0)
    else:
        order = np.sort(shuffle)
        new = np.ones(n, dtype=bool)
    cls_of_row = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    return order, cls_of_row, starts


def _top_k_arcs(
    inst: Instance, params: Params, rep: np.ndarray, group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(class, manager, affinity) for the top-k positive-affinity managers of each class's group."""
    cls_group = group[rep]
    cls_prof = inst.profile[rep]
    mgr_order = np.argsort(inst.manager_group, kind="stable")
    mgr_groups, mgr_starts = np.unique(inst.manager_group[mgr_order], return_index=True)
    mgr_ends = np.append(mgr_starts[1:], len(mgr_order))
    out_c, out_m, out_a = [], [], []
    by_group = np.argsort(cls_group, kind="stable")
    groups, starts = np.unique(cls_group[by_group], return_index=True)
    ends = np.append(starts[1:], len(by_group))
    for g, s, e in zip(groups, starts, ends, strict=True):
        pos = np.searchsorted(mgr_groups, g)
        if g < 0 or pos >= len(mgr_groups) or mgr_groups[pos] != g:
            continue
        mgrs = mgr_order[mgr_starts[pos] : mgr_ends[pos]]
        classes = by_group[s:e]
        profs, inverse = np.unique(cls_prof[classes], return_inverse=True)
        k = min(params.top_k, len(mgrs))
        spec = inst.specialties[mgrs].T
        chunk = max(1, 4_000_000 // max(1, len(mgrs)))
        top_idx = np.empty((len(profs), k), dtype=np.int64)
        top_val = np.empty((len(profs), k))
        for c0 in range(0, len(profs), chunk):
            aff = inst.profiles[profs[c0 : c0 + chunk]] @ spec
            idx = (
                np.argpartition(-aff, k - 1, axis=1)[:, :k]
                if k < len(mgrs)
                else np.tile(np.arange(k), (len(aff), 1))
            )
            top_idx[c0 : c0 + chunk] = idx
            top_val[c0 : c0 + chunk] = np.take_along_axis(aff, idx, axis=1)
        rows_idx = top_idx[inverse]
        rows_val = top_val[inverse]
        keep = rows_val > 0
        out_c.append(np.repeat(classes, k)[keep.ravel()])
        out_m.append(mgrs[rows_idx[keep]])
        out_a.append(rows_val[keep])
    if not out_c:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_c), np.concatenate(out_m), np.concatenate(out_a)


@dataclass
class _Network:
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    base_cost: np.ndarray
    penalised: np.ndarray  # bool: non-keep placement arc of an owned class (gets the Lagrangian penalty)
    kind: np.ndarray  # 0 direct-to-manager, 1 into pool, 2 overflow, 3 internal
    supplies: np.ndarray
    n_nodes: int
    cls_target: np.ndarray  # for kind 0: manager index; kind 1: pool index
    pool_group: np.ndarray  # pool index -> group id
    pool_tier: np.ndarray  # pool index -> tier (balanced) or -1
    pool_arc_start: int  # pool -> manager (or (manager, tier)) arcs are a contiguous range from here
    pool_arc_pool: np.ndarray
    pool_arc_mgr: np.ndarray


def _build(inst: Instance, params: Params, rep: np.ndarray, counts: np.ndarray) -> _Network:
    m = len(inst.capacity)
    n_cls = len(rep)
    n_tiers = int(inst.tier.max()) + 1 if len(inst.tier) else 1
    balanced = params.mode == "balanced"
    scale = params.scale
    cls_owner = inst.owner[rep]
    cls_tier = inst.tier[rep]
    tier_value = np.asarray(params.tier_value + (params.tier_value[-1],) * n_tiers)[:n_tiers]
    value_cost = np.rint(scale * tier_value[cls_tier]).astype(np.int64)

    # Node layout: classes | managers | (manager, tier) nodes (balanced) | pools | sink
    mgr0 = n_cls
    q0 = mgr0 + m
    n_q = m * n_tiers if balanced else 0
    pool0 = q0 + n_q

    def entry(mgr: np.ndarray, tier: np.ndarray) -> np.ndarray:
        """Node a customer enters when going to ``mgr``."""
        return q0 + mgr * n_tiers + tier if balanced else mgr0 + mgr

    tails, heads, caps, costs, pen, kind, target = [], [], [], [], [], [], []

    def add(t, h, c, cost, p, k, tgt):
        tails.append(np.asarray(t, np.int64))
        heads.append(np.asarray(h, np.int64))
        caps.append(np.broadcast_to(np.asarray(c, np.int64), np.shape(t)).copy())
        costs.append(np.broadcast_to(np.asarray(cost, np.int64), np.shape(t)).copy())
        pen.append(np.broadcast_to(np.asarray(p, bool), np.shape(t)).copy())
        kind.append(np.full(np.shape(t), k, np.int8))
        target.append(np.broadcast_to(np.asarray(tgt, np.int64), np.shape(t)).copy())

    owned = cls_owner >= 0
    remote_pen = int(round(scale * params.remote_penalty))
    # Top-k affinity arcs (affinity mode, or balanced with a positive affinity weight).
    if params.w_affinity > 0 and params.top_k > 0:
        c_idx, m_idx, aff = _top_k_arcs(inst, params, rep, inst.group)
        rc, rm, ra = _top_k_arcs(inst, params, rep, inst.remote_group)
        c_idx = np.concatenate([c_idx, rc])
        m_idx = np.concatenate([m_idx, rm])
        aff = np.concatenate([aff, ra])
        is_remote = np.concatenate([np.zeros(len(c_idx) - len(rc), bool), np.ones(len(rc), bool)])
        not_owner = cls_owner[c_idx] != m_idx
        cost = -np.rint(scale * params.w_affinity * aff).astype(np.int64) - value_cost[c_idx]
        cost += np.where(is_remote, remote_pen, 0)
        # the owner's arc is added below as the keep arc
        sel = not_owner
        add(
            c_idx[sel],
            entry(m_idx[sel], cls_tier[c_idx[sel]]),
            counts[c_idx[sel]],
            cost[sel],
            owned[c_idx[sel]],
            0,
            m_idx[sel],
        )

    # Pool arcs: class -> pool of its group (and of its remote pool).
    group_ids = np.unique(inst.manager_group)

    def pool_index(groups: np.ndarray, tiers: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(group_ids, groups)
        return pos * n_tiers + tiers if balanced else pos

    n_groups = len(group_ids)
    n_pools = n_groups * (n_tiers if balanced else 1)
    pool_group = np.repeat(group_ids, n_tiers) if balanced else group_ids
    pool_tier = np.tile(np.arange(n_tiers), n_groups) if balanced else np.full(n_groups, -1)
    for grp, extra in ((inst.group[rep], 0), (inst.remote_group[rep], remote_pen)):
        pos = np.searchsorted(group_ids, grp)
        has = (grp >= 0) & (pos < n_groups)
        has[has] = group_ids[pos[has]] == grp[has]
        cls = np.flatnonzero(has)
        pidx = pool_index(grp[cls], cls_tier[cls])
        add(cls, pool0 + pidx, counts[cls], -value_cost[cls] + extra, owned[cls], 1, pidx)

    # Keep arcs: class -> current owner, when the owner serves the class's group or remote pool.
    own_grp = np.where(owned, inst.manager_group[np.maximum(cls_owner, 0)], NONE)
    keepable = owned & ((own_grp == inst.group[rep]) | (own_grp == inst.remote_group[rep]))
    cls = np.flatnonzero(keepable)
    if len(cls):
        o = cls_owner[cls]
        aff = affinity_of(inst, rep[cls], o) if params.w_affinity > 0 else np.zeros(len(cls))
        cost = (
            -np.rint(scale * (params.w_affinity * aff + params.stickiness)).astype(np.int64) - value_cost[cls]
        )
        cost += np.where(own_grp[cls] == inst.remote_group[rep[cls]], remote_pen, 0)
        add(cls, entry(o, cls_tier[cls]), counts[cls], cost, False, 0, o)

    sink = pool0 + n_pools
    # Overflow: always feasible.
    cls = np.arange(n_cls)
    add(
        cls,
        np.full(n_cls, sink),
        counts,
        np.full(n_cls, params.overflow_cost),
        False,
        2,
        np.full(n_cls, NONE),
    )

    # Pool -> members of the group.
    mg_pos = np.searchsorted(group_ids, inst.manager_group)
    mgr = np.arange(m)
    if balanced:
        p_mgr = np.repeat(mgr, n_tiers)
        p_tier = np.tile(np.arange(n_tiers), m)
        p_pool = mg_pos[p_mgr] * n_tiers + p_tier
    else:
        p_mgr, p_tier, p_pool = mgr, np.zeros(m, np.int64), mg_pos
    big = int(counts.sum()) if len(counts) else 0
    n_before = sum(len(t) for t in tails)
    add(pool0 + p_pool, entry(p_mgr, p_tier), big, 0, False, 3, p_mgr)

    if balanced:
        _balanced_arcs(inst, params, rep, counts, n_tiers, q0, mgr0, add)
    # Manager capacity.
    add(mgr0 + mgr, np.full(m, sink), inst.capacity, 0, False, 3, mgr)

    tails_a = np.concatenate(tails)
    kind_a = np.concatenate(kind)
    supplies = np.zeros(sink + 1, np.int64)
    supplies[:n_cls] = counts
    supplies[sink] = -int(counts.sum())
    return _Network(
        tails=tails_a,
        heads=np.concatenate(heads),
        caps=np.concatenate(caps),
        base_cost=np.concatenate(costs),
        penalised=np.concatenate(pen),
        kind=kind_a,
        supplies=supplies,
        n_nodes=sink + 1,
        cls_target=np.concatenate(target),
        pool_group=pool_group,
        pool_tier=pool_tier,
        pool_arc_start=n_before,
        pool_arc_pool=p_pool,
        pool_arc_mgr=p_mgr,
    )


def _balanced_arcs(inst, params, rep, counts, n_tiers, q0, mgr0, add) -> None:
    """(manager, tier) -> manager arcs: free up to an equal-share target, then convex steps."""
    m = len(inst.capacity)
    scale = params.scale
    # Customers per (group, tier) among those who can reach the group.
    g_all = np.concatenate([inst.group, inst.remote_group])
    t_all = np.concatenate([inst.tier, inst.tier])
    ok = g_all >= 0
    groups = np.unique(inst.manager_group)
    gpos = np.searchsorted(groups, g_all[ok])
    valid = gpos < len(groups)
    valid[valid] = groups[gpos[valid]] == g_all[ok][valid]
    n_gt = np.zeros((len(groups), n_tiers))
    np.add.at(n_gt, (gpos[valid], t_all[ok][valid]), 1)
    mpos = np.searchsorted(groups, inst.manager_group)
    cap_g = np.bincount(mpos, weights=inst.capacity, minlength=len(groups))
    n_g = n_gt.sum(axis=1)
    denom = np.maximum(np.maximum(cap_g, n_g), 1)
    target = np.ceil(n_gt[mpos] * (inst.capacity[:, None] / denom[mpos][:, None])).astype(np.int64)  # (m, T)
    step = np.maximum(1, np.ceil(target * params.balance_step)).astype(np.int64)
    penalty = max(1, int(round(scale * params.balance_penalty)))
    mgr = np.repeat(np.arange(m), n_tiers)
    tier = np.tile(np.arange(n_tiers), m)
    node = q0 + mgr * n_tiers + tier
    head = mgr0 + mgr
    cap = np.repeat(inst.capacity, n_tiers)
    t_flat, s_flat = target.ravel(), step.ravel()
    add(node, head, np.minimum(t_flat, cap), 0, False, 3, mgr)
    for i in range(1, 4):
        add(node, head, s_flat, penalty * i, False, 3, mgr)
    add(node, head, cap, penalty * 4, False, 3, mgr)


def _solve_once(net: _Network, penalty: int) -> tuple[np.ndarray, int]:
    smcf = min_cost_flow.SimpleMinCostFlow()
    cost = net.base_cost + np.where(net.penalised, penalty, 0)
    smcf.add_arcs_with_capacity_and_unit_cost(
        net.tails.astype(np.int32), net.heads.astype(np.int32), net.caps, cost.astype(np.int64)
    )
    nodes = np.arange(net.n_nodes, dtype=np.int32)
    smcf.set_nodes_supplies(nodes, net.supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not solve: status {status}")
    return smcf.flows(np.arange(len(net.tails), dtype=np.int32)), smcf.optimal_cost()


def _split(net: _Network, flows: np.ndarray, order: np.ndarray, cls_of_row: np.ndarray, n: int) -> np.ndarray:
    """Hand each class's flow to its customers in their (seeded) order; then pools to managers."""
    n_cls = int(cls_of_row[-1]) + 1 if n else 0
    out = (net.kind <= 2) & (net.tails < n_cls) & (flows > 0)
    arc = np.flatnonzero(out)
    # direct arcs first (by manager), then pools, then overflow: unplaced are the last in order
    arc = arc[np.lexsort((net.cls_target[arc], net.kind[arc], net.tails[arc]))]
    dest_kind = np.repeat(net.kind[arc], flows[arc])
    dest = np.repeat(net.cls_target[arc], flows[arc])
    manager = np.full(n, NONE, np.int64)
    manager[order] = np.where(dest_kind == 0, dest, NONE)
    # Customers who entered pool p, in sorted order, take the pool's outflows manager by manager.
    in_pool = dest_kind == 1
    rows = order[in_pool]
    pools = dest[in_pool]
    by_pool = np.argsort(pools, kind="stable")
    pool_flow = flows[net.pool_arc_start : net.pool_arc_start + len(net.pool_arc_pool)]
    o = np.lexsort((net.pool_arc_mgr, net.pool_arc_pool))
    manager[rows[by_pool]] = np.repeat(net.pool_arc_mgr[o], pool_flow[o])
    return manager


def solve(inst: Instance, params: Params) -> Result:
    """Optimal assignment for ``params``; deterministic for ``params.seed``."""
    n = len(inst.profile)
    order, cls_of_row, starts = _classes(inst, params)
    rep = order[starts]
    counts = np.diff(np.append(starts, n)).astype(np.int64)
    net = _build(inst, params, rep, counts)

    def run(penalty: int) -> tuple[np.ndarray, int, int]:
        flows, cost = _solve_once(net, penalty)
        mgr = _split(net, flows, order, cls_of_row, n)
        moves = int(((inst.owner >= 0) & (mgr >= 0) & (mgr != inst.owner)).sum())
        return mgr, cost, moves

    mgr, cost, moves = run(0)
    penalty, solves = 0, 1
    if params.max_changes is not None and moves > params.max_changes:
        # Smallest penalty whose optimum moves <= cap; at `hi` moving costs more than overflow.
        lo, hi = 0, int(params.overflow_cost + np.abs(net.base_cost).max() + 1)
        best = None
        while hi - lo > 1:
            mid = (lo + hi) // 2
            m_mid, c_mid, mv = run(mid)
            solves += 1
            if mv <= params.max_changes:
                hi, best = mid, (m_mid, c_mid, mv)
                if mv == params.max_changes:
                    break
            else:
                lo = mid
        if best is None:
            best = run(hi)
            solves += 1
        mgr, cost, moves = best
        penalty = hi
    placed = mgr >= 0
    aff = np.zeros(n)
    aff[placed] = affinity_of(inst, np.flatnonzero(placed), mgr[placed])
    reason = _reasons(inst, mgr, penalty)
    return Result(
        manager=mgr,
        affinity=aff,
        reason=reason,
        cost=int(cost),
        moves=moves,
        penalty=penalty,
        classes=len(rep),
        arcs=len(net.tails),
        solves=solves,
    )


def _reasons(inst: Instance, mgr: np.ndarray, penalty: int) -> np.ndarray:
    """Why each unplaced customer is unplaced (vectorised over groups)."""
    n = len(mgr)
    reason = np.full(n, "", dtype=object)
    un = np.flatnonzero(mgr < 0)
    if not len(un):
        return reason
    m = len(inst.capacity)
    if m == 0:
        reason[un] = NO_CANDIDATE
        return reason
    load = np.bincount(mgr[mgr >= 0], minlength=m)
    slack = inst.capacity - load > 0
    groups = np.unique(inst.manager_group)
    g_has_slack = np.zeros(len(groups), bool)
    np.logical_or.at(g_has_slack, np.searchsorted(groups, inst.manager_group), slack)

    def lookup(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.minimum(np.searchsorted(groups, g), len(groups) - 1)
        exists = (g >= 0) & (groups[pos] == g)
        return exists, exists & g_has_slack[pos]

    local, local_slack = lookup(inst.group[un])
    remote, remote_slack = lookup(inst.remote_group[un])
    any_slack = local_slack | remote_slack
    r = np.where(remote, CAPACITY, CAPACITY_NO_REMOTE).astype(object)
    r[~local & ~remote] = NO_CANDIDATE
    r[(penalty > 0) & (inst.owner[un] >= 0) & any_slack] = CHANGE_CAP
    reason[un] = r
    return reason
