"""The DuckDB working set of one planning day: customers with their assignee, staff, touch counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pyarrow as pa
from sqlalchemy import select

from siyu.assign.models import Ownership
from siyu.clock import end_of_day
from siyu.db.models import OrgUnit, Staff
from siyu.plan.data import lit
from siyu.workspace import Workspace

STAFF_SCHEMA = pa.schema(
    [
        ("staff_id", pa.string()),
        ("kind", pa.string()),
        ("org_id", pa.string()),
        ("branch_id", pa.string()),
        ("persona_type", pa.string()),
    ]
)


@dataclass
class PlanDay:
    """A DuckDB connection holding the day's tables, and the day itself."""

    con: duckdb.DuckDBPyConnection
    day: date

    @property
    def d(self) -> str:
        """The day as a SQL date literal."""
        return f"DATE {lit(self.day.isoformat())}"

    @property
    def eod(self) -> str:
        """End of the day (Asia/Shanghai) as a SQL timestamptz literal."""
        return f"TIMESTAMPTZ {lit(end_of_day(self.day).isoformat())}"


def staff_table(ws: Workspace) -> pa.Table:
    """Active managers and remote staff, with their branch and persona type (first specialty)."""
    with ws.session() as s:
        rows = s.execute(
            select(
                Staff.staff_id, Staff.kind, Staff.org_id, OrgUnit.parent_id, OrgUnit.kind, Staff.specialties
            )
            .join(OrgUnit, OrgUnit.org_id == Staff.org_id)
            .where(Staff.active.is_(True), Staff.kind.in_(("manager", "remote")))
            .order_by(Staff.staff_id)
        ).all()
    return pa.table(
        {
            "staff_id": [r[0] for r in rows],
            "kind": [r[1] for r in rows],
            "org_id": [r[2] for r in rows],
            "branch_id": [r[3] if r[4] == "sub_branch" else r[2] for r in rows],
            "persona_type": [(r[5] or [None])[0] for r in rows],
        },
        schema=STAFF_SCHEMA,
    )


def open_day(ws: Workspace, day: date, con: duckdb.DuckDBPyConnection | None = None) -> PlanDay:
    """Lake views plus temp tables ``staff_t``, ``cust`` (one row per customer, with ``assignee``),
    ``touch_stats`` (effective touches per customer) and ``touch_recent`` (per customer and channel)."""
    con = ws.lake.connect(con)
    pd = PlanDay(con, day)
    con.register("staff_arrow", staff_table(ws))
    con.execute("CREATE OR REPLACE TEMP TABLE staff_t AS SELECT * FROM staff_arrow")
    # Ownership rows in the app DB override the lake's owner_id (as siyu.assign.ownership does); only
    # the overrides travel, the lake side stays in DuckDB.
    with ws.session() as s:
        rows = s.execute(select(Ownership.customer_id, Ownership.staff_id)).all()
    con.register(
        "owner_override",
        pa.table(
            {"customer_id": [r[0] for r in rows], "staff_id": [r[1] for r in rows]},
            schema=pa.schema([("customer_id", pa.string()), ("staff_id", pa.string())]),
        ),
    )
    # Unmanaged customers (or owners no longer active) go to the remote team, spread by a stable hash
    # so the same remote agent follows the customer from day to day.
    # Ingest keeps one row per customer; the window that picks the latest version is paid only when
    # the lake holds several (it dominates the day at 10M customers otherwise).
    n_remote = con.execute("SELECT count(*) FROM staff_t WHERE kind = 'remote'").fetchone()[0]
    versions = con.execute("SELECT count(*) - count(DISTINCT customer_id) FROM customers").fetchone()[0]
    latest = "QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY updated_at DESC NULLS LAST) = 1"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE cust AS
        WITH latest AS (
            SELECT customer_id, name, gender, birth_date, opened_at, aum, branch_id, marketing_consent,
                   opted_out_at, wecom_friend, acquisition_source, risk_rating, owner_id
            FROM customers {latest if versions else ""}
        ),
        remote AS (
            SELECT staff_id, row_number() OVER (ORDER BY staff_id) - 1 AS slot
            FROM staff_t WHERE kind = 'remote'
        ),
        base AS (
            SELECT l.*, CASE WHEN o.customer_id IS NOT NULL THEN o.staff_id ELSE l.owner_id END AS owner,
                   hash(l.customer_id) % {max(n_remote, 1)} AS slot
            FROM latest l LEFT JOIN owner_override o ON o.customer_id = l.customer_id
        )
        SELECT b.customer_id, b.name, b.gender, b.birth_date, b.opened_at, b.aum, b.branch_id,
               b.marketing_consent, b.opted_out_at, b.wecom_friend, b.acquisition_source, b.risk_rating,
               b.owner AS owner_id, s.staff_id IS NOT NULL AS managed,
               coalesce(s.staff_id, r.staff_id) AS assignee
        FROM base b
        LEFT JOIN staff_t s ON s.staff_id = b.owner
        LEFT JOIN remote r ON r.slot = b.slot
        """
    )
    week = day - timedelta(days=6)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE touch_stats AS
        SELECT customer_id, count(*) AS effective, max(date) AS last_effective
        FROM touches WHERE effective AND date <= {pd.d} GROUP BY customer_id
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE touch_recent AS
        SELECT customer_id, channel, count(*) FILTER (WHERE date = {pd.d}) AS n_day, count(*) AS n_week
        FROM touches WHERE date BETWEEN DATE {lit(week.isoformat())} AND {pd.d}
          AND direction IN ('outbound', 'two_way')
        GROUP BY customer_id, channel
        """
    )
    return pd
