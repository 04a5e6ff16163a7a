"""Contact policy and touches: holidays as data, frequency caps, quiet hours, time zones, conversations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from plan_support import add_staff, customers, table
from sqlalchemy import select

from siyu.clock import local_day
from siyu.plan.data import PlanDataError
from siyu.plan.models import WorklistItem
from siyu.plan.policy import load_holidays, load_policy, phone_allowed
from siyu.plan.touches import effective_coverage, log_touch, seven_touch_progress, sync_conversation_touches
from siyu.plan.worklist import PlanConfig, run_plan

DAY = date(2026, 10, 1)


def _phone_bank(ws):
    add_staff(ws)
    customers(ws, [{"customer_id": "a"}, {"customer_id": "b"}, {"customer_id": "c"}])
    ev = {
        "code": "basic.funds",
        "value": "idle",
        "source": "mined",
        "date": DAY,
        "observed_at": datetime(2026, 10, 1, 1, tzinfo=UTC),
    }
    ws.lake.append("tag_events", table([{**ev, "event_id": f"e{x}", "customer_id": x} for x in "abc"]))


def _held(ws) -> dict[str, str | None]:
    with ws.session() as s:
        rows = s.scalars(select(WorklistItem).where(WorklistItem.kind == "opportunity")).all()
    return {r.customer_id: r.held_reason for r in rows}


def test_holiday_phone_marketing_and_frequency_caps(sqlite_workspace, tmp_path: Path):
    ws = sqlite_workspace
    _phone_bank(ws)
    cfg = PlanConfig(journeys=[])
    for s in cfg.signals:
        s["channel"] = "phone"
    hol = tmp_path / "holidays.txt"
    hol.write_text("# 国庆\n2026-10-01\n2026-10-02\n", encoding="utf-8")
    cfg.holidays = load_holidays(hol)
    # b was called twice this week already, c once today (local day: 01:00 Beijing = 17:00 UTC the day before)
    log_touch(ws, "b", "M1", "phone", "outbound", datetime(2026, 9, 28, 3, tzinfo=UTC))
    log_touch(ws, "b", "M1", "phone", "two_way", datetime(2026, 9, 29, 3, tzinfo=UTC))
    log_touch(ws, "c", "M1", "phone", "outbound", datetime(2026, 9, 30, 17, tzinfo=UTC))
    run_plan(ws, DAY, cfg)
    held = _held(ws)
    assert held["a"] == "节假日不做电话营销"
    assert held["b"] == "节假日不做电话营销"  # holiday is checked before the caps
    cfg.holidays = []
    ws2_day = date(2026, 10, 1)
    with ws.session() as s:
        s.query(WorklistItem).delete()
    run_plan(ws, ws2_day, cfg)
    held = _held(ws)
    assert held["a"] is None
    assert held["b"] == "近7天电话触达已达2次上限"
    assert held["c"] == "今日电话触达已达1次上限"


def test_quiet_hours_and_local_days():
    policy = load_policy()
    assert phone_allowed(policy, datetime(2026, 3, 31, 1, 0, tzinfo=UTC))  # 09:00 Beijing
    assert not phone_allowed(policy, datetime(2026, 3, 31, 0, 59, tzinfo=UTC))  # 08:59
    assert not phone_allowed(policy, datetime(2026, 3, 31, 12, 0, tzinfo=UTC))  # 20:00
    assert local_day(datetime(2026, 3, 30, 16, 30, tzinfo=UTC)) == date(2026, 3, 31)
    assert local_day(datetime(2026, 3, 31, 15, 59, tzinfo=UTC)) == date(2026, 3, 31)


def test_bad_holiday_file_names_the_line(tmp_path: Path):
    p = tmp_path / "h.txt"
    p.write_text("2026-10-01\n2026-13-01\n", encoding="utf-8")
    with pytest.raises(PlanDataError, match=r"h.txt, line 2.*2026-13-01"):
        load_holidays(p)


def test_conversations_become_touches_once(sqlite_workspace):
    ws = sqlite_workspace
    customers(ws, [{"customer_id": "a"}, {"customer_id": "b"}])
    u = lambda who: {"speaker": who, "text": "好", "ts": datetime(2026, 3, 1, tzinfo=UTC)}  # noqa: E731
    conv = {
        "channel": "call",
        "staff_id": "M1",
        "started_at": datetime(2026, 3, 1, 2, tzinfo=UTC),
        "source": "demo",
        "date": date(2026, 3, 1),
    }
    ws.lake.append("conversations", table([
        {**conv, "conversation_id": "k1", "customer_id": "a", "utterances": [u("staff"), u("customer")]},
        {**conv, "conversation_id": "k2", "customer_id": "b", "utterances": [u("staff")], "channel": "wecom"},
    ]))  # fmt: skip
    assert sync_conversation_touches(ws) == 2
    assert sync_conversation_touches(ws) == 0
    got = {r["customer_id"]: r for r in ws.lake.read("touches").to_pylist()}
    assert (got["a"]["channel"], got["a"]["direction"], got["a"]["effective"]) == ("phone", "two_way", True)
    assert (got["b"]["channel"], got["b"]["direction"], got["b"]["effective"]) == ("chat", "outbound", False)
    assert seven_touch_progress(ws) == {"a": 1}
    cov = effective_coverage(ws, date(2026, 3, 31))
    assert (cov["customers"], cov["covered"]) == (2, 1)
    # logging the same contact twice keeps one
    t1 = log_touch(ws, "b", "M1", "event", "two_way", datetime(2026, 3, 2, 8, tzinfo=UTC), "沙龙")
    assert log_touch(ws, "b", "M1", "event", "two_way", datetime(2026, 3, 2, 8, tzinfo=UTC), "沙龙") == t1
    assert ws.lake.count("touches") == 3
