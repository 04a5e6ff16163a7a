"""Campaigns: dispatch to owners and the remote team (balanced), consent, execution and response rates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from plan_support import add_staff, customers, table
from sqlalchemy import select

from siyu.plan.campaigns import CampaignError, campaign_status, create_campaign, dispatch_campaign
from siyu.plan.models import CampaignTask, WorklistItem
from siyu.plan.worklist import PlanConfig, WorklistError, mark_done, run_plan

DAY = date(2026, 4, 1)


def test_dispatch_run_done_and_rates_by_branch_and_manager(workspace):
    add_staff(workspace, managers=2, remote=2)
    rows = [{"customer_id": f"o{i}", "owner_id": "M1" if i < 3 else "M2"} for i in range(5)]
    rows += [{"customer_id": f"u{i}", "owner_id": None} for i in range(6)]
    rows += [{"customer_id": "nc", "owner_id": "M1", "marketing_consent": False}]
    customers(workspace, rows)
    members = [
        {
            "segment_id": "payroll",
            "customer_id": r["customer_id"],
            "run_id": "r2",
            "run_at": datetime(2026, 3, 31, tzinfo=UTC),
        }
        for r in rows
    ]
    old = [
        {
            "segment_id": "payroll",
            "customer_id": "gone",
            "run_id": "r1",
            "run_at": datetime(2026, 3, 1, tzinfo=UTC),
        }
    ]
    workspace.lake.append("memberships", table(members + old))
    cid = create_campaign(
        workspace,
        "春季代发理财节",
        "payroll",
        "代发专属理财海报",
        "{称呼}您好，代发客户专享……",
        date(2026, 4, 10),
        priority=20,
    )
    with pytest.raises(CampaignError):
        create_campaign(workspace, "春季代发理财节", "payroll", "x", "y", date(2026, 4, 10))
    r = dispatch_campaign(workspace, cid, DAY)
    assert r == {"campaign_id": cid, "members": 12, "tasks": 12, "held": 1}
    assert dispatch_campaign(workspace, cid, DAY)["tasks"] == 12  # idempotent
    with workspace.session() as s:
        tasks = {t.customer_id: t for t in s.scalars(select(CampaignTask))}
    assert tasks["o0"].staff_id == "M1" and tasks["o4"].staff_id == "M2"
    remote = [tasks[f"u{i}"].staff_id for i in range(6)]
    assert sorted(remote) == ["R1", "R1", "R1", "R2", "R2", "R2"]  # balanced over the remote team
    assert tasks["nc"].status == "held" and "未同意营销" in tasks["nc"].held_reason

    run_plan(workspace, DAY, PlanConfig(journeys=[]))
    with workspace.session() as s:
        items = {
            i.customer_id: i for i in s.scalars(select(WorklistItem).where(WorklistItem.kind == "campaign"))
        }
    assert set(items) == {f"o{i}" for i in range(5)} | {f"u{i}" for i in range(6)}
    assert "春季代发理财节" in items["o0"].reason and items["o0"].campaign_id == cid
    assert items["o0"].script.startswith("张先生您好")

    mark_done(workspace, items["o0"].item_id, "accepted", "购买10万")
    mark_done(workspace, items["o1"].item_id, "no_answer")
    mark_done(workspace, items["u0"].item_id, "interested")
    with pytest.raises(WorklistError):
        mark_done(workspace, items["u1"].item_id, "maybe")
    st = campaign_status(workspace, cid)
    assert (st["tasks"], st["held"], st["done"], st["responded"]) == (12, 1, 3, 2)
    assert st["execution_rate"] == pytest.approx(3 / 11) and st["response_rate"] == pytest.approx(2 / 3)
    m1 = next(x for x in st["by_staff"] if x["staff_id"] == "M1")
    assert (m1["tasks"], m1["done"], m1["branch_id"]) == (4, 2, "B1")
    assert {b["branch_id"] for b in st["by_branch"]} == {"B1", "B2", "HO"}

    # tomorrow: only the tasks not done come back
    run_plan(workspace, date(2026, 4, 2), PlanConfig(journeys=[]))
    with workspace.session() as s:
        again = set(
            s.scalars(
                select(WorklistItem.customer_id).where(
                    WorklistItem.kind == "campaign", WorklistItem.date == date(2026, 4, 2)
                )
            )
        )
    assert "o0" not in again and "u0" not in again and "o1" not in again and "o2" in again
