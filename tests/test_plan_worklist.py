"""Worklists end to end: alerts, opportunities, policy, dedupe, capacity, idempotency (SQLite and PG)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from plan_support import add_staff, customers, table
from sqlalchemy import func, select

from siyu.plan.models import WorklistItem
from siyu.plan.worklist import PlanConfig, mark_done, run_plan, worklist

DAY = date(2026, 3, 24)


def _items(ws, **where):
    with ws.session() as s:
        q = select(WorklistItem).where(*(getattr(WorklistItem, k) == v for k, v in where.items()))
        return s.scalars(q).all()


def _maturity_bank(ws):
    add_staff(ws)
    customers(ws, [
        {"customer_id": "c1", "name": "王芳", "gender": "F"},
        {"customer_id": "c2", "marketing_consent": False},
        {"customer_id": "c3", "owner_id": None},
    ])  # fmt: skip
    ws.lake.append("products", table([{"product_id": "p1", "name": "稳盈90天", "product_type": "wealth"}]))
    ws.lake.append("holdings", table([
        {"holding_id": f"h{i}", "customer_id": f"c{i}", "product_id": "p1", "product_type": "wealth",
         "amount": 50_000.0, "cost": 50_000.0, "opened_at": date(2026, 1, 1),
         "maturity_date": date(2026, 3, 31),
         "as_of": date(2026, 3, 20)}
        for i in (1, 2, 3)
    ]))  # fmt: skip


def test_maturity_alert_reaches_owner_and_remote_team_on_the_local_day(workspace):
    _maturity_bank(workspace)
    summary = run_plan(workspace, DAY, PlanConfig(journeys=[]))  # 7 days before 2026-03-31
    assert summary["open"] == 3
    c1 = _items(workspace, customer_id="c1")[0]
    assert c1.staff_id == "M1" and c1.kind == "alert" and c1.status == "open"
    assert "稳盈90天" in c1.reason and "03月31日" in c1.reason
    assert c1.script.startswith("王女士您好")
    # care alerts are service items: they reach customers without marketing consent
    assert _items(workspace, customer_id="c2")[0].status == "open"
    # the unmanaged customer goes to the remote team
    assert _items(workspace, customer_id="c3")[0].staff_id in ("R1", "R2")
    # a day earlier or later: nothing about this maturity
    run_plan(workspace, date(2026, 3, 23), PlanConfig(journeys=[]))
    assert not _items(workspace, date=date(2026, 3, 23), kind="alert")


def test_running_twice_for_a_day_creates_nothing_new(workspace):
    _maturity_bank(workspace)
    first = run_plan(workspace, DAY)
    with workspace.session() as s:
        n = s.scalar(select(func.count()).select_from(WorklistItem))
    second = run_plan(workspace, DAY)
    with workspace.session() as s:
        assert s.scalar(select(func.count()).select_from(WorklistItem)) == n
    assert first["open"] > 0 and second["open"] == 0 and second["held"] == 0 and second["moments"] == 0


def test_opportunity_marketing_held_without_consent_and_reasons_merged(workspace):
    _maturity_bank(workspace)
    ev = {
        "code": "basic.funds",
        "value": "idle",
        "source": "mined",
        "confidence": 0.9,
        "observed_at": datetime(2026, 3, 23, 2, tzinfo=UTC),
        "date": date(2026, 3, 23),
        "evidence": "有笔闲钱",
    }
    workspace.lake.append("tag_events", table([
        {**ev, "event_id": "e1", "customer_id": "c1"}, {**ev, "event_id": "e2", "customer_id": "c2"},
    ]))  # fmt: skip
    run_plan(workspace, DAY, PlanConfig(journeys=[]))
    c1 = _items(workspace, customer_id="c1")
    assert len(c1) == 1  # one item per customer per day
    assert "闲置资金" in c1[0].reason and "到期" in c1[0].reason
    c2 = {i.kind: i for i in _items(workspace, customer_id="c2")}
    assert c2["opportunity"].status == "held" and "未同意营销" in c2["opportunity"].held_reason
    assert c2["alert"].status == "open"

    # the opportunity stays until done; done, it does not come back
    run_plan(workspace, date(2026, 3, 25), PlanConfig(journeys=[]))
    again = [
        i for i in _items(workspace, customer_id="c1", date=date(2026, 3, 25)) if i.kind == "opportunity"
    ]
    assert len(again) == 1
    mark_done(workspace, again[0].item_id, "interested", "约了周五面谈")
    assert worklist(workspace, "M1", date(2026, 3, 25))[-1]["status"] == "done"
    run_plan(workspace, date(2026, 3, 26), PlanConfig(journeys=[]))
    assert not [
        i for i in _items(workspace, customer_id="c1", date=date(2026, 3, 26)) if i.kind == "opportunity"
    ]


def test_manager_at_capacity_gets_the_rest_held_with_reason(workspace):
    add_staff(workspace)
    customers(workspace, [{"customer_id": f"c{i:02d}", "aum": 1000.0 * i} for i in range(12)])
    workspace.lake.append("holdings", table([
        {"holding_id": f"h{i}", "customer_id": f"c{i:02d}", "product_id": "p1", "amount": 10.0, "cost": 10.0,
         "maturity_date": date(2026, 3, 31), "as_of": DAY} for i in range(12)
    ]))  # fmt: skip
    cfg = PlanConfig(journeys=[])
    cfg.policy["daily_capacity"] = {"manager": 5, "default": 5}
    run_plan(workspace, DAY, cfg)
    items = _items(workspace, staff_id="M1", date=DAY)
    open_ = sorted((i for i in items if i.status == "open" and i.kind != "moments"), key=lambda i: i.rank)
    held = [i for i in items if i.status == "held"]
    assert len(open_) == 5 and len(held) == 7
    assert all("超出当日任务容量（5条）" == i.held_reason for i in held)
    # equal priority: larger AUM first
    assert [i.customer_id for i in open_] == ["c11", "c10", "c09", "c08", "c07"]
    assert [i.rank for i in open_] == [1, 2, 3, 4, 5]
