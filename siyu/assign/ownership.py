"""Current ownership (管户关系): app DB rows override the lake's customers.owner_id; applying plans."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa
from sqlalchemy import delete, insert, select

from siyu.assign.models import AssignmentPlan, Ownership, OwnershipChange
from siyu.workspace import Workspace

CHUNK = 5000


class PlanError(RuntimeError):
    pass


def latest_customers_sql(ws: Workspace, columns: str) -> str:
    """SQL over the lake's customers, one row per customer (its latest version)."""
    return (
        f"SELECT {columns} FROM {ws.lake.scan_sql('customers')} "
        "QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY updated_at DESC NULLS LAST) = 1"
    )


def _ownership_rows(ws: Workspace) -> pa.Table:
    with ws.session() as s:
        rows = s.execute(select(Ownership.customer_id, Ownership.staff_id)).all()
    return pa.table(
        {"customer_id": [r[0] for r in rows], "staff_id": [r[1] for r in rows]},
        schema=pa.schema([("customer_id", pa.string()), ("staff_id", pa.string())]),
    )


def _connect(ws: Workspace) -> duckdb.DuckDBPyConnection:
    con = ws.lake.connect()
    con.register("app_ownership", _ownership_rows(ws))
    return con


def current_owner_table(ws: Workspace) -> pa.Table:
    """(customer_id, owner_id) for every known customer: app DB ownership first, else the lake owner."""
    con = _connect(ws)
    q = f"""
        WITH lake AS ({latest_customers_sql(ws, "customer_id, owner_id")})
        SELECT coalesce(l.customer_id, o.customer_id) AS customer_id,
               CASE WHEN o.customer_id IS NOT NULL THEN o.staff_id ELSE l.owner_id END AS owner_id
        FROM lake l FULL OUTER JOIN app_ownership o ON o.customer_id = l.customer_id
        ORDER BY customer_id
    """
    return con.sql(q).to_arrow_table()


def owner_of(ws: Workspace, customer_id: str) -> str | None:
    """The customer's current owner (staff_id) or None when unmanaged or unknown."""
    with ws.session() as s:
        row = s.execute(select(Ownership.staff_id).where(Ownership.customer_id == customer_id)).first()
    if row is not None:
        return row[0]
    con = ws.lake.connect()
    got = con.execute(
        f"SELECT owner_id FROM ({latest_customers_sql(ws, 'customer_id, owner_id')}) WHERE customer_id = ?",
        [customer_id],
    ).fetchone()
    return got[0] if got else None


def customers_of(ws: Workspace, staff_id: str) -> list[str]:
    """Customer ids the staff member owns now (for row-level access), sorted."""
    con = _connect(ws)
    rows = con.execute(
        f"""
        SELECT customer_id FROM ({latest_customers_sql(ws, "customer_id, owner_id")}) l
        WHERE owner_id = $staff AND customer_id NOT IN (SELECT customer_id FROM app_ownership)
        UNION SELECT customer_id FROM app_ownership WHERE staff_id = $staff
        ORDER BY customer_id
        """,
        {"staff": staff_id},
    ).fetchall()
    return [r[0] for r in rows]


def apply_plan(ws: Workspace, plan_id: str | None = None, changed_by: str | None = None) -> dict:
    """Write a draft plan's owners with one audit row per change. Applying twice changes nothing."""
    with ws.session() as s:
        if plan_id is None:
            plan = s.scalars(
                select(AssignmentPlan).order_by(
                    AssignmentPlan.created_at.desc(), AssignmentPlan.plan_id.desc()
                )
            ).first()
            if plan is None:
                raise PlanError("没有可应用的分配方案，请先运行 siyu assign plan")
        else:
            plan = s.get(AssignmentPlan, plan_id)
            if plan is None:
                raise PlanError(f"分配方案 {plan_id} 不存在")
        if plan.status == "applied":
            return {"plan_id": plan.plan_id, "changed": 0, "already_applied": True}
        newer = s.scalars(
            select(AssignmentPlan.plan_id).where(
                AssignmentPlan.status == "applied", AssignmentPlan.created_at > plan.created_at
            )
        ).first()
        if newer:
            raise PlanError(f"方案 {plan.plan_id} 早于已应用的方案 {newer}，请重新生成方案")
        pid = plan.plan_id

    con = _connect(ws)
    con.register("current_owner", current_owner_table(ws))
    changes = con.execute(
        f"""
        SELECT p.customer_id, c.owner_id AS from_staff, p.to_staff, p.status
        FROM {ws.lake.scan_sql("plan_assignments")} p
        LEFT JOIN current_owner c USING (customer_id)
        WHERE p.plan_id = ? AND p.status IN ('moved', 'new') AND c.owner_id IS DISTINCT FROM p.to_staff
        ORDER BY p.customer_id
        """,
        [pid],
    ).fetchall()
    now = datetime.now(UTC)
    reason = {"moved": "客群制调整：改派客户经理", "new": "分配客户经理（原无人管户）"}
    with ws.session() as s:
        for i in range(0, len(changes), CHUNK):
            part = changes[i : i + CHUNK]
            ids = [c[0] for c in part]
            s.execute(delete(Ownership).where(Ownership.customer_id.in_(ids)))
            s.execute(
                insert(Ownership),
                [{"customer_id": c[0], "staff_id": c[2], "since": now, "plan_id": pid} for c in part],
            )
            s.execute(
                insert(OwnershipChange),
                [
                    {
                        "customer_id": c[0],
                        "from_staff": c[1],
                        "to_staff": c[2],
                        "plan_id": pid,
                        "changed_at": now,
                        "changed_by": changed_by,
                        "reason": reason[c[3]],
                    }
                    for c in part
                ],
            )
        plan = s.get(AssignmentPlan, pid)
        plan.status = "applied"
        plan.applied_at = now
        plan.applied_by = changed_by
    return {"plan_id": pid, "changed": len(changes), "already_applied": False}
