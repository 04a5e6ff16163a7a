"""Customer -> manager assignment as one min-cost flow (pure: numpy arrays in, numpy arrays out).

Network, per solve:

    owned class --keep arc (stickiness bonus)---------------> current owner
    owned class --move arc--> class
                              class --top-k affinity arcs---> manager --capacity--> sink
                              class --pool arc--> pool(group) --0--> manager
    (owned) class --overflow (high cost)------------------------------------------> sink

A *class* is a set of customers with identical arcs (same affinity profile, scope group, remote pool
and AUM tier); an *owned class* adds the current owner. Collapsing each into one supply node is
lossless because any split of its flow among its members costs the same; owned classes reach the
managers through their class, so the top-k arcs exist once per class. The pool arc lets every
customer reach every manager of its group at affinity 0, so pruning to the top-k managers never
makes a customer unplaceable.
In balanced mode (管户制) arcs enter per (manager, AUM tier) nodes whose arcs to the manager have
convex costs around an equal target, which balances customer count and AUM tiers across managers.

A cap on changes of owner is a side constraint (not a network constraint: a shared "change" node
would lose which manager each moving customer goes to). It is enforced exactly by a Lagrangian
search: a penalty on the move arcs, bisected to the smallest value whose optimal flow moves at most
the cap.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    overflow_cost: int = 20_000  # above any placement cost; small costs keep cost scaling fast
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
    classes: int  # supply nodes after collapsing (classes + owned classes)
    arcs: int
    solves: int = 1


def affinity_of(inst: Instance, customers: np.ndarray, managers: np.ndarray) -> np.ndarray:
    """Affinity of customer[i] to manager[i], elementwise."""
    if len(customers) == 0:
        return np.zeros(0)
    return np.einsum("ij,ij->i", inst.profiles[inst.profile[customers]], inst.specialties[managers])


@dataclass
class _Classes:
    order: np.ndarray  # customer rows: by class, unowned first, then by owner; seeded inside
    cls_of_row: np.ndarray  # class of each sorted row
    own_of_row: np.ndarray  # owned class of each sorted row, -1 when unowned
    rep: np.ndarray  # a member of each class
    supply: np.ndarray  # unowned members per class
    own_rep: np.ndarray
    own_count: np.ndarray
    own_cls: np.ndarray  # class of each owned class
    own_owner: np.ndarray


def _changes(cols: list[np.ndarray], n: int) -> np.ndarray:
    new = np.ones(n, dtype=bool)
    if n:
        new[1:] = np.logical_or.reduce([c[1:] != c[:-1] for c in cols])
    return new


def _classes(inst: Instance, params: Params) -> _Classes:
    n = len(inst.profile)
    shuffle = np.random.default_rng(params.seed).permutation(n)
    if params.collapse:
        # the affinity profile only matters when affinity is in the objective
        profile = inst.profile if params.w_affinity > 0 else np.zeros_like(inst.profile)
        keys = [inst.tier, inst.remote_group, profile, inst.group]
    else:
        keys = [np.arange(n)]
    order = shuffle[np.lexsort(tuple(np.asarray(k)[shuffle] for k in [inst.owner, *keys]))]
    new_cls = _changes([np.asarray(k)[order] for k in keys], n)
    cls_of_row = np.cumsum(new_cls) - 1
    owner = inst.owner[order]
    owned = owner >= 0
    new_own = (new_cls | _changes([owner], n)) & owned
    own_of_row = np.where(owned, np.cumsum(new_own) - 1, -1)
    own_start = np.flatnonzero(new_own)
    n_cls = int(cls_of_row[-1]) + 1 if n else 0
    return _Classes(
        order=order,
        cls_of_row=cls_of_row,
        own_of_row=own_of_row,
        rep=order[np.flatnonzero(new_cls)],
        supply=np.bincount(cls_of_row[~owned], minlength=n_cls).astype(np.int64),
        own_rep=order[own_start],
        own_count=np.bincount(own_of_row[owned], minlength=len(own_start)).astype(np.int64),
        own_cls=cls_of_row[own_start],
        own_owner=owner[own_start],
    )


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
            if k < len(mgrs):
                idx = np.argpartition(-aff, k - 1, axis=1)[:, :k]
            else:
                idx = np.tile(np.arange(k), (len(aff), 1))
            top_idx[c0 : c0 + chunk] = idx
            top_val[c0 : c0 + chunk] = np.take_along_axis(aff, idx, axis=1)
        rows_idx = top_idx[inverse.reshape(-1)]
        rows_val = top_val[inverse.reshape(-1)]
        keep = rows_val > 0
        out_c.append(np.repeat(classes, k)[keep.ravel()])
        out_m.append(mgrs[rows_idx[keep]])
        out_a.append(rows_val[keep])
    if not out_c:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_c), np.concatenate(out_m), np.concatenate(out_a)


# Arc kinds; within a node, flow is handed out in this order (direct arcs by manager).
DIRECT, MOVE, POOL, OVERFLOW, INTERNAL = 0, 1, 2, 3, 4


@dataclass
class _Network:
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    base_cost: np.ndarray
    kind: np.ndarray
    target: np.ndarray  # DIRECT: manager, MOVE: class, POOL: pool, INTERNAL pool arcs: manager
    supplies: np.ndarray
    n_cls: int
    n_own: int
    pool_arc_start: int  # pool -> manager (or (manager, tier)) arcs: a contiguous range from here
    pool_arc_pool: np.ndarray


def _build(inst: Instance, params: Params, c: _Classes) -> _Network:
    m = len(inst.capacity)
    n_cls, n_own = len(c.rep), len(c.own_rep)
    n_tiers = int(inst.tier.max()) + 1 if len(inst.tier) else 1
    balanced = params.mode == "balanced"
    scale = params.scale
    tier_value = np.asarray(params.tier_value + (params.tier_value[-1],) * n_tiers)[:n_tiers]
    cls_tier = inst.tier[c.rep]
    value_cost = np.rint(scale * tier_value[cls_tier]).astype(np.int64)
    remote_pen = int(round(scale * params.remote_penalty))
    # everyone who may pass through a class: its unowned members and the owned classes moving in
    through = c.supply + np.bincount(c.own_cls, weights=c.own_count, minlength=n_cls).astype(np.int64)

    # Node layout: classes | owned classes | managers | (manager, tier) nodes (balanced) | pools | sink
    own0 = n_cls
    mgr0 = own0 + n_own
    q0 = mgr0 + m
    pool0 = q0 + (m * n_tiers if balanced else 0)

    def entry(mgr: np.ndarray, tier: np.ndarray) -> np.ndarray:
        """Node a customer enters when going to ``mgr``."""
        return q0 + mgr * n_tiers + tier if balanced else mgr0 + mgr

    tails, heads, caps, costs, kinds, targets = [], [], [], [], [], []

    def add(t, h, cap, cost, kind, target) -> None:
        shape = np.shape(t)
        tails.append(np.asarray(t, np.int64))
        heads.append(np.broadcast_to(np.asarray(h, np.int64), shape))
        caps.append(np.broadcast_to(np.asarray(cap, np.int64), shape))
        costs.append(np.broadcast_to(np.asarray(cost, np.int64), shape))
        kinds.append(np.full(shape, kind, np.int8))
        targets.append(np.broadcast_to(np.asarray(target, np.int64), shape))

    # Top-k affinity arcs (affinity mode, or balanced with a positive affinity weight).
    if params.w_affinity > 0 and params.top_k > 0:
        for group, extra in ((inst.group, 0), (inst.remote_group, remote_pen)):
            ci, mi, aff = _top_k_arcs(inst, params, c.rep, group)
            cost = -np.rint(scale * params.w_affinity * aff).astype(np.int64) - value_cost[ci] + extra
            add(ci, entry(mi, cls_tier[ci]), through[ci], cost, DIRECT, mi)

    # Pool arcs: class -> pool of its group (and of its remote pool).
    group_ids = np.unique(inst.manager_group)
    n_groups = len(group_ids)
    n_pools = n_groups * (n_tiers if balanced else 1)
    for grp_all, extra in ((inst.group, 0), (inst.remote_group, remote_pen)):
        grp = grp_all[c.rep]
        pos = np.minimum(np.searchsorted(group_ids, grp), max(n_groups - 1, 0))
        has = (grp >= 0) & (n_groups > 0)
        has[has] = group_ids[pos[has]] == grp[has]
        cls = np.flatnonzero(has)
        pidx = pos[cls] * n_tiers + cls_tier[cls] if balanced else pos[cls]
        add(cls, pool0 + pidx, through[cls], -value_cost[cls] + extra, POOL, pidx)

    sink = pool0 + n_pools
    cls = np.arange(n_cls)
    add(cls, sink, through, params.overflow_cost, OVERFLOW, NONE)

    # Owned classes: keep (when the owner still serves the class's group or remote pool), move, overflow.
    own = np.arange(n_own)
    o = c.own_owner
    o_grp = inst.manager_group[o] if n_own else np.zeros(0, np.int64)
    local = o_grp == inst.group[c.own_rep]
    remote = o_grp == inst.remote_group[c.own_rep]
    keep = np.flatnonzero(local | remote)
    if len(keep):
        aff = affinity_of(inst, c.own_rep[keep], o[keep]) if params.w_affinity > 0 else np.zeros(len(keep))
        own_value = value_cost[c.own_cls[keep]]
        cost = -np.rint(scale * (params.w_affinity * aff + params.stickiness)).astype(np.int64) - own_value
        cost += np.where(local[keep], 0, remote_pen)
        add(own0 + keep, entry(o[keep], cls_tier[c.own_cls[keep]]), c.own_count[keep], cost, DIRECT, o[keep])
    add(own0 + own, c.own_cls, c.own_count, 0, MOVE, c.own_cls)
    add(own0 + own, sink, c.own_count, params.overflow_cost, OVERFLOW, NONE)

    # Pool -> members of the group.
    mgr = np.arange(m)
    mg_pos = np.searchsorted(group_ids, inst.manager_group)
    if balanced:
        p_mgr = np.repeat(mgr, n_tiers)
        p_tier = np.tile(np.arange(n_tiers), m)
        p_pool = mg_pos[p_mgr] * n_tiers + p_tier
    else:
        p_mgr, p_tier, p_pool = mgr, np.zeros(m, np.int64), mg_pos
    pool_arc_start = sum(len(t) for t in tails)
    total = int(c.supply.sum() + c.own_count.sum())
    add(pool0 + p_pool, entry(p_mgr, p_tier), total, 0, INTERNAL, p_mgr)

    if balanced:
        _balanced_arcs(inst, params, n_tiers, q0, mgr0, sink, add)
    else:
        add(mgr0 + mgr, sink, inst.capacity, 0, INTERNAL, mgr)

    supplies = np.zeros(sink + 1, np.int64)
    supplies[:n_cls] = c.supply
    supplies[own0:mgr0] = c.own_count
    supplies[sink] = -total
    return _Network(
        tails=np.concatenate(tails),
        heads=np.concatenate(heads),
        caps=np.concatenate(caps),
        base_cost=np.concatenate(costs),
        kind=np.concatenate(kinds),
        target=np.concatenate(targets),
        supplies=supplies,
        n_cls=n_cls,
        n_own=n_own,
        pool_arc_start=pool_arc_start,
        pool_arc_pool=p_pool,
    )


def _convex(add, tail, head, target, cap, step, penalty: int, mgr) -> None:
    """Arcs tail -> head of total capacity ``cap``: free up to ``target``, then steps of rising cost."""
    left = cap.copy()
    for i, size in enumerate((target, step, step, step, cap)):
        seg = np.minimum(size, left)
        add(tail, head, seg, penalty * i, INTERNAL, mgr)
        left = left - seg


def _balanced_arcs(inst: Instance, params: Params, n_tiers: int, q0: int, mgr0: int, sink: int, add) -> None:
    """Equal shares: (manager, tier) -> manager and manager -> sink arcs with convex costs over the share."""
    m = len(inst.capacity)
    # Customers per (group, tier) among those who can reach the group.
    g_all = np.concatenate([inst.group, inst.remote_group])
    t_all = np.concatenate([inst.tier, inst.tier])
    groups = np.unique(inst.manager_group)
    pos = np.minimum(np.searchsorted(groups, g_all), len(groups) - 1)
    valid = (g_all >= 0) & (groups[pos] == g_all)
    n_gt = np.zeros((len(groups), n_tiers))
    np.add.at(n_gt, (pos[valid], t_all[valid]), 1)
    mpos = np.searchsorted(groups, inst.manager_group)
    cap_g = np.bincount(mpos, weights=inst.capacity, minlength=len(groups))
    denom = np.maximum(np.maximum(cap_g, n_gt.sum(axis=1)), 1)
    share = inst.capacity[:, None] / denom[mpos][:, None]
    penalty = max(1, int(round(params.scale * params.balance_penalty)))
    # per AUM tier
    target = np.ceil(n_gt[mpos] * share).astype(np.int64).ravel()  # (m * T)
    step = np.maximum(1, np.ceil(target * params.balance_step)).astype(np.int64)
    mgr = np.repeat(np.arange(m), n_tiers)
    node = q0 + mgr * n_tiers + np.tile(np.arange(n_tiers), m)
    _convex(
        add, node, mgr0 + mgr, target, np.repeat(inst.capacity, n_tiers).astype(np.int64), step, penalty, mgr
    )
    # in total (ceilings per tier would otherwise allow one extra customer per tier)
    total = np.ceil(n_gt.sum(axis=1)[mpos] * share[:, 0]).astype(np.int64)
    step = np.maximum(1, np.ceil(total * params.balance_step)).astype(np.int64)
    mgr = np.arange(m)
    _convex(add, mgr0 + mgr, sink, total, inst.capacity.astype(np.int64), step, penalty, mgr)


def _solve_once(net: _Network, penalty: int) -> tuple[np.ndarray, int]:
    smcf = min_cost_flow.SimpleMinCostFlow()
    cost = net.base_cost + np.where(net.kind == MOVE, penalty, 0)
    smcf.add_arcs_with_capacity_and_unit_cost(
        net.tails.astype(np.int32),
        net.heads.astype(np.int32),
        net.caps.astype(np.int64),
        cost.astype(np.int64),
    )
    smcf.set_nodes_supplies(np.arange(len(net.supplies), dtype=np.int32), net.supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not solve: status {status}")
    return smcf.flows(np.arange(len(net.tails), dtype=np.int32)), smcf.optimal_cost()


def _hand_out(
    item_node: np.ndarray, arcs: np.ndarray, arc_node: np.ndarray, net: _Network, flows: np.ndarray
):
    """Items waiting at nodes (in their order) take the nodes' outflows: (kind, target) per item."""
    arcs = arcs[np.lexsort((net.target[arcs], net.kind[arcs], arc_node))]
    kind = np.repeat(net.kind[arcs], flows[arcs])
    target = np.repeat(net.target[arcs], flows[arcs])
    by_node = np.argsort(item_node, kind="stable")
    out_kind = np.empty(len(item_node), np.int8)
    out_target = np.empty(len(item_node), np.int64)
    out_kind[by_node] = kind
    out_target[by_node] = target
    return out_kind, out_target


def _split(net: _Network, flows: np.ndarray, c: _Classes, n: int) -> np.ndarray:
    """Hand each node's flow to its customers in their (seeded) order: owned classes, classes, pools."""
    manager = np.full(n, NONE, np.int64)
    used = flows > 0
    # 1. owned classes: keep, move into their class, or overflow
    own_rows = np.flatnonzero(c.own_of_row >= 0)
    own_arcs = np.flatnonzero(used & (net.tails >= net.n_cls) & (net.tails < net.n_cls + net.n_own))
    kind, target = _hand_out(c.own_of_row[own_rows], own_arcs, net.tails[own_arcs] - net.n_cls, net, flows)
    manager[c.order[own_rows[kind == DIRECT]]] = target[kind == DIRECT]
    # 2. classes: their unowned members first, then those who moved in
    moved = own_rows[kind == MOVE]
    rows = np.concatenate([np.flatnonzero(c.own_of_row < 0), moved])
    node = np.concatenate([c.cls_of_row[c.own_of_row < 0], target[kind == MOVE]])
    cls_arcs = np.flatnonzero(used & (net.tails < net.n_cls))
    kind, target = _hand_out(node, cls_arcs, net.tails[cls_arcs], net, flows)
    manager[c.order[rows[kind == DIRECT]]] = target[kind == DIRECT]
    # 3. pools: who entered each pool takes its outflows manager by manager
    in_pool = kind == POOL
    pool_rows = rows[in_pool]
    pool_arcs = np.arange(net.pool_arc_start, net.pool_arc_start + len(net.pool_arc_pool))
    pool_arcs = pool_arcs[used[pool_arcs]]
    kind, target = _hand_out(
        target[in_pool], pool_arcs, net.pool_arc_pool[pool_arcs - net.pool_arc_start], net, flows
    )
    manager[c.order[pool_rows]] = target
    return manager


def solve(inst: Instance, params: Params) -> Result:
    """Optimal assignment for ``params``; deterministic for ``params.seed``."""
    n = len(inst.profile)
    if n == 0 or len(inst.capacity) == 0:
        none = np.full(n, NONE, np.int64)
        return Result(none, np.zeros(n), _reasons(inst, none, 0), n * params.overflow_cost, 0, 0, 0, 0, 0)
    c = _classes(inst, params)
    net = _build(inst, params, c)

    def run(penalty: int) -> tuple[np.ndarray, int, int]:
        flows, cost = _solve_once(net, penalty)
        mgr = _split(net, flows, c, n)
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
            found = run(mid)
            solves += 1
            if found[2] <= params.max_changes:
                hi, best = mid, found
                if found[2] == params.max_changes:
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
    return Result(
        manager=mgr,
        affinity=aff,
        reason=_reasons(inst, mgr, penalty),
        cost=int(cost),
        moves=moves,
        penalty=penalty,
        classes=len(c.rep) + len(c.own_rep),
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
