"""`siyu assign plan`: read the lake and the app DB, solve, diff against current ownership, store a draft."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import select

from siyu.assign import affinity, flow
from siyu.assign.coverage import coverage_summary, touched_pairs
from siyu.assign.models import AssignmentPlan
from siyu.assign.ownership import current_owner_table, latest_customers_sql, owner_of
from siyu.datafile import load_mapping
from siyu.db.models import OrgUnit, Staff
from siyu.workspace import Workspace

CONFIG_FILE = Path(__file__).with_name("assign.yaml")
SCOPES = ("branch", "sub_branch", "region")
REMOTE_ALL = "*"


@cache
def load_config(path: Path = CONFIG_FILE) -> dict:
    return load_mapping(Path(path))


@dataclass(frozen=True)
class PlanOptions:
    mode: str = "affinity"
    scope: str = "branch"
    max_changes: int | None = None
    seed: int = 0
    deep: bool = False
    as_of: date | None = None
    collapse: bool = True


@dataclass
class Inputs:
    """Everything the solver and the reports need, row-aligned with ``customers``."""

    customers: pa.Table  # customer_id, branch_id, sub_branch_id, aum, birth_date, owner_id
    staff: list[dict]  # staff_id, kind, specialties, capacity, branch_id, sub_branch_id, region
    rows: np.ndarray  # (customer row, feature) pairs
    feats: np.ndarray
    touched: pa.Table
    as_of: date


def _org_maps(ws: Workspace) -> tuple[dict, list[dict]]:
    with ws.session() as s:
        orgs = {o.org_id: (o.kind, o.parent_id, o.city) for o in s.scalars(select(OrgUnit))}
        staff = [
            {
                "staff_id": st.staff_id,
                "kind": st.kind,
                "org_id": st.org_id,
                "specialties": list(st.specialties or []),
                "capacity": st.capacity,
            }
            for st in s.scalars(
                select(Staff)
                .where(Staff.active.is_(True), Staff.kind.in_(("manager", "remote")))
                .order_by(Staff.staff_id)
            )
        ]
    return orgs, staff


def _place(orgs: dict, org_id: str | None) -> dict:
    """branch / sub-branch / region (city of the branch) of an org unit; head office -> all None."""
    kind, parent, city = orgs.get(org_id, (None, None, None))
    if kind == "sub_branch":
        branch = parent
    elif kind == "branch":
        branch = org_id
    else:
        return {"branch_id": None, "sub_branch_id": None, "region": None}
    return {
        "branch_id": branch,
        "sub_branch_id": org_id if kind == "sub_branch" else None,
        "region": orgs.get(branch, (None, None, city))[2] or city,
    }


def load_inputs(ws: Workspace, as_of: date, only: str | None = None) -> Inputs:
    """Everything a plan needs; ``only`` restricts the customers to one (for explain)."""
    cfg = load_config()
    orgs, staff = _org_maps(ws)
    for st in staff:
        st.update(_place(orgs, st["org_id"]))
    con = ws.lake.connect()
    flt, params = ("customer_id = $only", {"only": only}) if only is not None else ("TRUE", {})
    latest = latest_customers_sql(ws, "customer_id, branch_id, sub_branch_id, aum, birth_date")
    customers = con.sql(
        f"SELECT * FROM ({latest}) WHERE {flt} ORDER BY customer_id",
        params=params,
    ).to_arrow_table()
    if only is None:
        owners = current_owner_table(ws)
    else:
        owners = pa.table({"customer_id": [only], "owner_id": pa.array([owner_of(ws, only)], pa.string())})
    idx = pc.index_in(customers["customer_id"], value_set=owners["customer_id"])
    customers = customers.append_column("owner_id", pc.take(owners["owner_id"], idx))
    branches = pc.unique(customers["branch_id"]).drop_null()
    regions = pa.array([_place(orgs, b)["region"] for b in branches.to_pylist()], pa.string())
    customers = customers.append_column(
        "region", pc.take(regions, pc.index_in(customers["branch_id"], value_set=branches))
    )
    rules = affinity.load_rules()
    feature_list = list(rules.features)
    profiles = con.sql(
        """
        SELECT customer_id, code, value FROM profiles
        WHERE (expires_at IS NULL OR expires_at > $as_of) AND {flt}
          AND code || '=' || value IN (SELECT unnest($features))
        """.replace("{flt}", flt),
        params={
            "as_of": datetime.combine(as_of, datetime.min.time(), UTC),
            "features": feature_list,
            **params,
        },
    ).to_arrow_table()
    memberships = con.sql(
        f"""
        SELECT m.customer_id, m.segment_id FROM memberships m
        JOIN (SELECT segment_id, arg_max(run_id, run_at) AS run_id FROM memberships GROUP BY 1) r
          USING (segment_id, run_id)
        WHERE {flt}
        """,
        params=params,
    ).to_arrow_table()
    rows, feats = affinity.feature_pairs(
        rules, customers["customer_id"], profiles, customers["birth_date"], as_of, memberships
    )
    touched = touched_pairs(ws, as_of, int(cfg["coverage_days"]), only)
    return Inputs(customers, staff, rows, feats, touched, as_of)


def lookup(values: pa.ChunkedArray | pa.Array, keys: list[str], ids: np.ndarray, default: int) -> np.ndarray:
    """ids[keys.index(v)] for each value (vectorised); ``default`` for nulls and unknown values."""
    pos = pc.index_in(values, value_set=pa.array(keys, pa.string()))
    pos = pc.fill_null(pos, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.where(
        pos >= 0, np.asarray(ids, np.int64)[np.maximum(pos, 0)] if len(keys) else default, default
    )


def build_instance(inp: Inputs, opts: PlanOptions) -> tuple[flow.Instance, dict]:
    """Arrays for the solver, plus lookups the report needs."""
    cfg = load_config()
    if opts.scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, got {opts.scope!r}")
    rules = affinity.load_rules()
    c = inp.customers
    n = c.num_rows
    staff_ids = [s["staff_id"] for s in inp.staff]
    scope_col = {"branch": "branch_id", "sub_branch": "sub_branch_id", "region": "region"}[opts.scope]

    # One id space for scope groups and remote pools.
    group_keys: dict[str, int] = {}

    def gid(key: str) -> int:
        return group_keys.setdefault(key, len(group_keys))

    mgr_group = np.empty(len(inp.staff), np.int64)
    for j, st in enumerate(inp.staff):
        if st["kind"] == "remote":
            mgr_group[j] = gid(f"remote:{st['branch_id'] or REMOTE_ALL}")
        else:
            mgr_group[j] = gid(f"local:{st[scope_col]}") if st[scope_col] else -1
    keys, ids = list(group_keys), np.array(list(group_keys.values()), np.int64)
    group = lookup(pc.binary_join_element_wise("local:", c[scope_col], ""), keys, ids, -1)
    pool = lookup(
        pc.binary_join_element_wise("remote:", c["branch_id"], ""),
        keys,
        ids,
        group_keys.get(f"remote:{REMOTE_ALL}", -1),
    )
    aum = pc.fill_null(c["aum"], 0.0).to_numpy(zero_copy_only=False)
    band = cfg["remote_band"]
    in_band = (aum >= band["min"]) & (aum <= band["max"])
    owner = lookup(c["owner_id"], staff_ids, np.arange(len(staff_ids)), -1)
    touched_by_owner = _touched_by_owner(inp, c)
    remote_ok = in_band & ~touched_by_owner
    # an owner in the remote team keeps customers still in the band
    owner_remote = np.zeros(n, bool)
    if len(inp.staff):
        owner_remote = (owner >= 0) & np.array([s["kind"] == "remote" for s in inp.staff])[
            np.maximum(owner, 0)
        ]
    remote_group = np.where((remote_ok | (owner_remote & in_band)), pool, -1)
    tier = np.searchsorted(np.asarray(cfg["aum_tiers"], float), aum, side="right") - 1
    tier = np.clip(tier, 0, len(cfg["aum_tiers"]) - 1)
    strength = affinity.strengths(rules, n, inp.rows, inp.feats)
    profiles, profile = np.unique(strength, axis=0, return_inverse=True)
    cap_cfg = cfg["capacity"]
    capacity = np.array(
        [st["capacity"] or cap_cfg["remote" if st["kind"] == "remote" else "manager"] for st in inp.staff],
        np.int64,
    )
    if opts.deep:
        capacity = np.minimum(capacity, int(cap_cfg["deep"]))
    inst = flow.Instance(
        profile=profile.reshape(-1).astype(np.int64),
        group=group,
        remote_group=remote_group,
        owner=owner,
        tier=tier.astype(np.int64),
        profiles=profiles if len(profiles) else np.zeros((1, len(rules.specialties))),
        specialties=affinity.specialty_matrix(rules, [s["specialties"] for s in inp.staff]),
        capacity=capacity,
        manager_group=mgr_group,
    )
    return inst, {
        "staff_ids": staff_ids,
        "aum": aum,
        "in_band": in_band,
        "touched_by_owner": touched_by_owner,
    }


def _touched_by_owner(inp: Inputs, c: pa.Table) -> np.ndarray:
    key = pc.binary_join_element_wise(c["customer_id"], pc.fill_null(c["owner_id"], ""), "\x1f")
    tkey = pc.binary_join_element_wise(inp.touched["customer_id"], inp.touched["staff_id"], "\x1f")
    return pc.is_in(key, value_set=tkey).to_numpy(zero_copy_only=False) & pc.is_valid(c["owner_id"]).to_numpy(
        zero_copy_only=False
    )


def solver_params(opts: PlanOptions) -> flow.Params:
    cfg = load_config()
    sv = cfg["solver"]
    return flow.Params.for_mode(
        opts.mode,
        top_k=int(sv["top_k"]),
        tier_value=tuple(float(v) for v in cfg["tier_value"]),
        stickiness=float(sv["stickiness"]),
        max_changes=opts.max_changes,
        remote_penalty=float(sv["remote_penalty"]),
        balance_penalty=float(sv["balance_penalty"]),
        balance_step=float(sv["balance_step"]),
        collapse=opts.collapse,
        seed=opts.seed,
    )


def make_plan(ws: Workspace, opts: PlanOptions) -> tuple[pa.Table, dict]:
    """Compute a plan (rows per customer and a summary) without storing it."""
    as_of = opts.as_of or datetime.now(UTC).date()
    inp = load_inputs(ws, as_of)
    inst, look = build_instance(inp, opts)
    res = flow.solve(inst, solver_params(opts))
    c = inp.customers
    placed = res.manager >= 0
    to_staff = pc.if_else(
        pa.array(placed),
        pc.take(pa.array(look["staff_ids"] or [""], pa.string()), np.maximum(res.manager, 0)),
        None,
    )
    # an owner who is no longer an active manager counts as no owner: the customer is "new"
    status = np.where(
        res.manager < 0,
        "unplaced",
        np.where(inst.owner < 0, "new", np.where(res.manager == inst.owner, "kept", "moved")),
    )
    reason = res.reason.copy()
    reason[(reason == flow.CAPACITY_NO_REMOTE) & ~look["in_band"]] = "outside_band"
    reason[reason == ""] = None
    rows = pa.table(
        {
            "customer_id": c["customer_id"],
            "branch_id": c["branch_id"],
            "sub_branch_id": c["sub_branch_id"],
            "aum": pa.array(look["aum"]),
            "from_staff": c["owner_id"],
            "to_staff": to_staff,
            "status": pa.array(status, pa.string()),
            "affinity": pa.array(np.round(res.affinity, 4)),
            "reason": pa.array(reason, pa.string()),
        }
    )
    summary = summarise(rows, inp, inst, res)
    summary["as_of"] = as_of.isoformat()
    return rows, summary


def summarise(rows: pa.Table, inp: Inputs, inst: flow.Instance, res: flow.Result) -> dict:
    import duckdb

    con = duckdb.connect()
    con.register("p", rows)
    by_status = dict(con.sql("SELECT status, count(*) FROM p GROUP BY 1").fetchall())
    by_reason = dict(con.sql("SELECT reason, count(*) FROM p WHERE reason IS NOT NULL GROUP BY 1").fetchall())
    by_branch = (
        con.sql(
            """SELECT branch_id, count(*) FILTER (status = 'kept') AS kept,
                  count(*) FILTER (status = 'moved') AS moved,
                  count(*) FILTER (status = 'new') AS new, count(*) FILTER (status = 'unplaced') AS unplaced
           FROM p GROUP BY 1 ORDER BY 1"""
        )
        .to_arrow_table()
        .to_pylist()
    )
    cust = rows.select(["customer_id", "branch_id", "sub_branch_id", "aum"])
    before = coverage_summary(cust, inp.customers.select(["customer_id", "owner_id"]), inp.touched)
    planned = rows.select(["customer_id", "to_staff"]).rename_columns(["customer_id", "owner_id"])
    after = coverage_summary(cust, planned, inp.touched, assume_owned_covered=True)
    return {
        "customers": rows.num_rows,
        "managers": len(inst.capacity),
        "planned_capacity": int(inst.capacity.sum()),
        "kept": by_status.get("kept", 0),
        "moved": by_status.get("moved", 0),
        "new": by_status.get("new", 0),
        "unplaced": by_status.get("unplaced", 0),
        "unplaced_reasons": by_reason,
        "total_affinity": round(float(res.affinity.sum()), 3),
        "solver": {"classes": res.classes, "arcs": res.arcs, "solves": res.solves, "penalty": res.penalty},
        "by_branch": by_branch,
        "coverage_before": _coverage_brief(before),
        "coverage_after": _coverage_brief(after),
    }


def _coverage_brief(cov: dict) -> dict:
    keys = (
        "customers",
        "owned",
        "effective",
        "touched",
        "unmanaged",
        "unmanaged_share",
        "unmanaged_aum_share",
    )
    return {
        **{k: cov[k] for k in keys},
        "by_branch": [{k: b[k] for k in ("branch_id",) + keys} for b in cov["by_branch"]],
    }


def store_plan(ws: Workspace, opts: PlanOptions, rows: pa.Table, summary: dict) -> str:
    """Save the plan as a draft: rows to the lake, header to the app DB."""
    now = datetime.now(UTC)
    plan_id = f"P{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    ws.lake.append("plan_assignments", rows.append_column("plan_id", pa.array([plan_id] * rows.num_rows)))
    params = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(opts).items()}
    with ws.session() as s:
        s.add(
            AssignmentPlan(
                plan_id=plan_id,
                created_at=now,
                mode=opts.mode,
                params=params,
                summary=summary,
                status="draft",
            )
        )
    return plan_id


def explain(ws: Workspace, customer_id: str, scope: str = "branch", as_of: date | None = None) -> dict:
    """Candidates of one customer with affinity and top reasons, and what the latest plan chose."""
    as_of = as_of or datetime.now(UTC).date()
    inp = load_inputs(ws, as_of, only=customer_id)
    if inp.customers.num_rows == 0:
        raise KeyError(f"客户 {customer_id} 不存在")
    i = 0
    inst, look = build_instance(inp, PlanOptions(scope=scope, as_of=as_of))
    rules = affinity.load_rules()
    features = [rules.features[f] for f in inp.feats[inp.rows == i]]
    cand = np.flatnonzero(
        (inst.manager_group == inst.group[i])
        | (inst.manager_group == inst.remote_group[i])
        | (np.arange(len(inst.capacity)) == inst.owner[i])
    )
    aff = flow.affinity_of(inst, np.full(len(cand), i), cand)
    candidates = []
    for j, a in sorted(zip(cand, aff, strict=True), key=lambda t: (-t[1], look["staff_ids"][t[0]])):
        st = inp.staff[j]
        candidates.append(
            {
                "staff_id": st["staff_id"],
                "kind": st["kind"],
                "specialties": [rules.labels.get(s, s) for s in st["specialties"]],
                "affinity": round(float(a), 3),
                "reasons": [r for r, _ in affinity.reasons(rules, features, st["specialties"])],
                "current_owner": bool(inst.owner[i] == j),
                "in_scope": bool(inst.manager_group[j] == inst.group[i]),
            }
        )
    con = ws.lake.connect()
    plan = con.execute(
        "SELECT plan_id, to_staff, status, reason, affinity FROM plan_assignments WHERE customer_id = ?",
        [customer_id],
    ).fetchall()
    chosen = None
    if plan:
        with ws.session() as s:
            order = {
                p: k
                for k, p in enumerate(
                    s.scalars(
                        select(AssignmentPlan.plan_id).order_by(
                            AssignmentPlan.created_at, AssignmentPlan.plan_id
                        )
                    )
                )
            }
        pid, to_staff, status, reason, a = max(plan, key=lambda r: order.get(r[0], -1))
        chosen = {"plan_id": pid, "to_staff": to_staff, "status": status, "reason": reason, "affinity": a}
    return {
        "customer_id": customer_id,
        "owner_id": inp.customers["owner_id"][i].as_py(),
        "aum": float(look["aum"][i]),
        "remote_eligible": bool(inst.remote_group[i] >= 0),
        "features": features,
        "feature_labels": [affinity.feature_label(rules, f) for f in features],
        "candidates": candidates,
        "plan": chosen,
    }
