"""Care alerts one by one, market events as data, and the outcome metrics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from plan_support import add_staff, customers, table
from sqlalchemy import select

from siyu.plan.alerts import load_events
from siyu.plan.data import PlanDataError
from siyu.plan.metrics import maturity_continuation, task_rates
from siyu.plan.models import WorklistItem
from siyu.plan.worklist import PlanConfig, mark_done, run_plan

DAY = date(2026, 5, 20)  # a Wednesday


def _holding(hid: str, cust: str, prod: str, **kw) -> dict:
    base = {"holding_id": hid, "customer_id": cust, "product_id": prod, "amount": 100_000.0,
            "cost": 100_000.0, "opened_at": date(2026, 1, 1), "as_of": DAY}  # fmt: skip
    return {**base, **kw}


def _alert_refs(ws, day: date) -> dict[str, str]:
    with ws.session() as s:
        rows = s.scalars(
            select(WorklistItem).where(WorklistItem.date == day, WorklistItem.kind == "alert")
        ).all()
    return {r.customer_id: r.ref.split(":")[0] for r in rows}


def test_each_care_alert_fires_on_its_day(sqlite_workspace, tmp_path: Path):
    ws = sqlite_workspace
    add_staff(ws)
    # opened 2025-11-21: DAY is day 180 (review every 90 days) and allocation is checked at day 15 of 30
    rich = {"aum": 2_000_000.0, "opened_at": date(2026, 5, 20) - timedelta(days=181)}
    customers(ws, [
        {"customer_id": "nav"}, {"customer_id": "gap"}, {"customer_id": "mix", **rich,
                                                         "opened_at": DAY - timedelta(days=15)},
        {"customer_id": "rev", **rich, "opened_at": DAY - timedelta(days=180)},
        {"customer_id": "evt"}, {"customer_id": "opn"}, {"customer_id": "oth"},
    ])  # fmt: skip
    ws.lake.append("products", table([
        {"product_id": "f1", "name": "成长混合", "product_type": "fund", "sub_type": "fund_equity"},
        {"product_id": "w1", "name": "稳健理财", "product_type": "wealth", "benchmark_yield": 4.0},
        {"product_id": "b1", "name": "纯债基金", "product_type": "fund", "sub_type": "fund_bond"},
        {"product_id": "o1", "name": "定开债", "product_type": "wealth",
         "next_open_date": DAY + timedelta(days=3)},
        {"product_id": "d1", "name": "定期存款", "product_type": "deposit"},
    ]))  # fmt: skip
    # f1 loses 6% over the last 5 trading days, crossing the line today (it was -2% yesterday)
    navs = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.98, 0.94]
    days = [DAY - timedelta(days=len(navs) - 1 - i) for i in range(len(navs))]
    ws.lake.append(
        "nav", table([{"product_id": "f1", "nav_date": d, "nav": v} for d, v in zip(days, navs, strict=True)])
    )
    ws.lake.append("holdings", table([
        _holding("h1", "nav", "f1"),
        # 30 days held, return 0.1% -> about 1.2% a year, 4% benchmark
        _holding("h2", "gap", "w1", amount=100_100.0, opened_at=DAY - timedelta(days=30)),
        _holding("h3", "mix", "d1", amount=1_000_000.0),  # all in spending: far off the four-account mix
        _holding("h4", "evt", "b1"),
        _holding("h5", "opn", "o1"),
        _holding("h6", "rev", "d1", amount=100_000.0),
        _holding("h7", "rev", "w1", amount=100_000.0),
    ]))  # fmt: skip
    ws.lake.append("tag_events", table([
        {"event_id": "e1", "customer_id": "oth", "code": "basic.investment", "value": "maturing_elsewhere",
         "source": "mined", "date": date(2026, 5, 1), "observed_at": datetime(2026, 5, 1, tzinfo=UTC),
         # 15:30 UTC is 23:30 on 27 May in Beijing: due 7 days before, on DAY
         "expires_at": datetime(2026, 5, 27, 15, 30, tzinfo=UTC)},
    ]))  # fmt: skip
    ev = tmp_path / "events.yaml"
    ev.write_text(
        f"events:\n  - {{date: {DAY}, description: 央行降准, sub_types: [fund_bond]}}\n", encoding="utf-8"
    )
    cfg = PlanConfig(journeys=[], signals=[], events=load_events(ev))
    run_plan(ws, DAY, cfg)
    refs = _alert_refs(ws, DAY)
    assert refs == {
        "nav": "nav_drop", "gap": "benchmark_gap", "mix": "allocation", "rev": "review",
        "evt": "market_event", "opn": "open_period", "oth": "maturity_elsewhere",
    }  # fmt: skip
    # the NAV alert does not repeat the next day while the drop persists
    ws.lake.append("nav", table([{"product_id": "f1", "nav_date": DAY + timedelta(days=1), "nav": 0.93}]))
    run_plan(ws, DAY + timedelta(days=1), cfg)
    assert "nav" not in _alert_refs(ws, DAY + timedelta(days=1))


def test_bad_events_file_names_entry(tmp_path: Path):
    p = tmp_path / "events.yaml"
    p.write_text("events:\n  - {date: 2026-05-20, description: 降准}\n", encoding="utf-8")
    with pytest.raises(PlanDataError, match=r"events\[1\].*product_types or sub_types"):
        load_events(p)


def test_maturity_continuation_and_task_rates(sqlite_workspace):
    ws = sqlite_workspace
    add_staff(ws)
    customers(ws, [{"customer_id": c} for c in ("a", "b", "c")])
    ws.lake.append("holdings", table([
        _holding("m1", "a", "w1", maturity_date=date(2026, 5, 10)),
        _holding("n1", "a", "w2", opened_at=date(2026, 5, 12)),       # rolled over: continued
        _holding("m2", "b", "w1", maturity_date=date(2026, 5, 10)),
        _holding("n2", "b", "w2", opened_at=date(2026, 7, 1)),        # too late
        _holding("m3", "c", "w1", maturity_date=date(2026, 4, 1)),    # outside the window
    ]))  # fmt: skip
    got = maturity_continuation(ws, date(2026, 5, 1), date(2026, 5, 31))
    assert (got["matured"], got["continued"]) == (2, 1)
    ws.lake.append("products", table([{"product_id": "w1", "name": "理财", "product_type": "wealth"}]))
    run_plan(ws, date(2026, 5, 3), PlanConfig(journeys=[], signals=[]))  # m1/m2 maturity alerts, 7 days ahead
    with ws.session() as s:
        items = s.scalars(select(WorklistItem).where(WorklistItem.kind == "alert")).all()
    assert len(items) == 2
    mark_done(ws, items[0].item_id, "replied")
    rates = task_rates(ws, date(2026, 5, 1), date(2026, 5, 31))
    assert rates["done"] == 1 and rates["responded"] == 1
    assert rates["execution_rate"] == pytest.approx(1 / (rates["open"] + 1))
