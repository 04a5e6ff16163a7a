"""Small banks built by hand for the planning tests: staff in the app DB, customers and more in the lake."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa

from siyu.db.models import OrgUnit, Staff
from siyu.workspace import Workspace


def add_staff(ws: Workspace, managers: int = 2, remote: int = 2) -> None:
    with ws.session() as s:
        s.add(OrgUnit(org_id="HO", name="总行", kind="head_office"))
        s.add(OrgUnit(org_id="B1", name="一分行", kind="branch", parent_id="HO"))
        s.add(OrgUnit(org_id="B2", name="二分行", kind="branch", parent_id="HO"))
        s.add(OrgUnit(org_id="S1", name="一支行", kind="sub_branch", parent_id="B1"))
        s.flush()
        for i in range(1, managers + 1):
            s.add(
                Staff(
                    staff_id=f"M{i}",
                    name=f"经理{i}",
                    kind="manager",
                    org_id="S1" if i % 2 else "B2",
                    specialties=["fitness"] if i == 1 else [],
                )
            )
        for i in range(1, remote + 1):
            s.add(Staff(staff_id=f"R{i}", name=f"远程{i}", kind="remote", org_id="HO", specialties=[]))


def customers(ws: Workspace, rows: list[dict]) -> None:
    """Customers with sensible defaults; each row overrides what it needs."""
    base = {
        "name": "张三", "gender": "M", "birth_date": date(1980, 6, 1), "opened_at": date(2020, 1, 1),
        "aum": 100_000.0, "marketing_consent": True, "opted_out_at": None, "owner_id": "M1",
        "branch_id": "B1", "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
    }  # fmt: skip
    full = [{**base, **r} for r in rows]
    ws.lake.append("customers", pa.Table.from_pylist(full))


def table(rows: list[dict]) -> pa.Table:
    """Rows may name different columns; missing ones are nulls."""
    names = list(dict.fromkeys(k for r in rows for k in r))
    return pa.Table.from_pylist([{k: r.get(k) for k in names} for r in rows])
