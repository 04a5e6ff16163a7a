"""SOP journeys: triggers (segments, tags, dates), steps (remind, wait, branch, exit), opt-out mid-journey."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from plan_support import add_staff, customers, table
from sqlalchemy import select

from siyu.plan.data import PlanDataError
from siyu.plan.journeys import load_journeys
from siyu.plan.models import JourneyEnrollment, WorklistItem
from siyu.plan.touches import log_touch
from siyu.plan.worklist import PlanConfig, run_plan

SOPS = """
journeys:
  - id: onboard
    name: 新客
    trigger: {date: {field: opened_at, months: 1}}
    steps:
      - {id: hello, do: remind, purpose: service, channel: chat, priority: 10, reason: 问候,
         script: "{称呼}好"}
      - {id: wait, do: wait, until: {touched_since_step: true}, timeout_days: 2, else: nudge}
      - {id: replied, do: exit}
      - {id: nudge, do: remind, purpose: service, channel: chat, priority: 10, reason: 催一下}
      - {id: pause, do: wait, days: 3}
      - {id: rich, do: branch, if: {field: aum, op: ">=", value: 500000}, goto: vip}
      - {id: offer, do: remind, purpose: marketing, channel: chat, priority: 10, reason: 推荐产品}
      - {do: exit}
      - {id: vip, do: remind, purpose: marketing, channel: chat, priority: 10, reason: 私行推荐}
  - id: bday
    name: 生日
    trigger: {date: {field: birth_date, yearly: true}}
    steps:
      - {id: wish, do: remind, purpose: service, channel: chat, priority: 10, reason: 生日快乐}
  - id: payroll
    name: 代发
    trigger: {segment_entered: payroll}
    steps:
      - {id: greet, do: remind, purpose: marketing, channel: chat, priority: 10, reason: 代发权益}
  - id: idle
    name: 闲钱
    trigger: {tag: {code: basic.funds, values: [idle]}}
    steps:
      - {id: call, do: remind, purpose: service, channel: phone, priority: 10, reason: 闲钱跟进}
"""


@pytest.fixture
def sops(tmp_path: Path):
    p = tmp_path / "sops.yaml"
    p.write_text(SOPS, encoding="utf-8")
    return load_journeys(p)


def _cfg(sops) -> PlanConfig:
    return PlanConfig(journeys=sops)


def _refs(ws, day: date, status: str | None = None) -> dict[str, list[str]]:
    with ws.session() as s:
        q = select(WorklistItem).where(WorklistItem.date == day, WorklistItem.kind == "sop")
        out: dict[str, list[str]] = {}
        for i in s.scalars(q):
            if status is None or i.status == status:
                out.setdefault(i.customer_id, []).append(i.ref)
    return out


def test_month_end_trigger_wait_timeout_branch_and_opt_out_mid_journey(workspace, sops):
    add_staff(workspace)
    customers(workspace, [
        {"customer_id": "a", "opened_at": date(2026, 1, 31)},             # Jan 31 + 1 month = Feb 28
        {"customer_id": "b", "opened_at": date(2026, 1, 28), "aum": 900_000.0},
        {"customer_id": "c", "opened_at": date(2026, 1, 29)},
        {"customer_id": "x", "opened_at": date(2026, 1, 27)},             # fires on Feb 27, not today
    ])  # fmt: skip
    cfg = _cfg(sops)
    d0 = date(2026, 2, 28)
    run_plan(workspace, d0, cfg)
    assert _refs(workspace, d0) == {"a": ["onboard:hello"], "b": ["onboard:hello"], "c": ["onboard:hello"]}
    # c replies the next day (two-way touch, late evening UTC = next local day)
    log_touch(workspace, "c", "M1", "chat", "two_way", datetime(2026, 2, 28, 17, 30, tzinfo=UTC))
    run_plan(workspace, date(2026, 3, 1), cfg)
    assert _refs(workspace, date(2026, 3, 1)) == {}
    with workspace.session() as s:
        c = s.scalars(select(JourneyEnrollment).where(JourneyEnrollment.customer_id == "c")).one()
    assert c.status == "done" and c.step == 2
    # a and b time out after 2 days and get the nudge
    run_plan(workspace, date(2026, 3, 2), cfg)
    assert _refs(workspace, date(2026, 3, 2)) == {"a": ["onboard:nudge"], "b": ["onboard:nudge"]}
    # a opts out of marketing mid-journey
    customers(
        workspace,
        [
            {
                "customer_id": "a",
                "opened_at": date(2026, 1, 31),
                "opted_out_at": datetime(2026, 3, 3, 1, tzinfo=UTC),
                "updated_at": datetime(2026, 3, 3, tzinfo=UTC),
            }
        ],
    )
    for d in (3, 4):
        run_plan(workspace, date(2026, 3, d), cfg)
        assert _refs(workspace, date(2026, 3, d)) == {}
    run_plan(workspace, date(2026, 3, 5), cfg)
    assert _refs(workspace, date(2026, 3, 5), "open") == {"b": ["onboard:vip"]}  # branch on AUM
    assert _refs(workspace, date(2026, 3, 5), "held") == {"a": ["onboard:offer"]}
    with workspace.session() as s:
        held = s.scalars(
            select(WorklistItem).where(
                WorklistItem.customer_id == "a",
                WorklistItem.kind == "sop",
                WorklistItem.date == date(2026, 3, 5),
            )
        ).one()
        states = {e.customer_id: e.status for e in s.scalars(select(JourneyEnrollment))}
    assert "退订" in held.held_reason
    assert states == {"a": "done", "b": "done", "c": "done"}


def test_birthday_leap_day_segment_and_tag_triggers(workspace, sops):
    add_staff(workspace)
    customers(workspace, [
        {"customer_id": "leap", "birth_date": date(1984, 2, 29)},
        {"customer_id": "p", "birth_date": date(1990, 5, 5)},
        {"customer_id": "t", "birth_date": date(1990, 5, 5)},
    ])  # fmt: skip
    day = date(2026, 2, 28)  # 2026 is not a leap year: the 29 Feb birthday is on 28 Feb
    workspace.lake.append("membership_changes", table([
        {"segment_id": "payroll", "customer_id": "p", "change": "entered", "run_id": "r1", "date": day},
        {"segment_id": "payroll", "customer_id": "t", "change": "exited", "run_id": "r1", "date": day},
    ]))  # fmt: skip
    workspace.lake.append("tag_events", table([
        {"event_id": "e1", "customer_id": "t", "code": "basic.funds", "value": "idle", "source": "mined",
         "date": day, "observed_at": datetime(2026, 2, 28, 3, tzinfo=UTC)},
        {"event_id": "e2", "customer_id": "p", "code": "basic.funds", "value": "idle", "source": "rejected",
         "date": day, "observed_at": datetime(2026, 2, 28, 3, tzinfo=UTC)},
    ]))  # fmt: skip
    cfg = _cfg(sops)
    cfg.signals = []
    run_plan(workspace, day, cfg)
    assert _refs(workspace, day) == {"leap": ["bday:wish"], "p": ["payroll:greet"], "t": ["idle:call"]}
    # a leap year: 29 Feb itself
    run_plan(workspace, date(2028, 2, 28), cfg)
    run_plan(workspace, date(2028, 2, 29), cfg)
    assert "leap" not in _refs(workspace, date(2028, 2, 28))
    assert _refs(workspace, date(2028, 2, 29))["leap"] == ["bday:wish"]


def test_bad_sop_file_names_the_journey_and_field(tmp_path: Path):
    p = tmp_path / "sops.yaml"
    p.write_text(
        "journeys:\n  - id: j\n    trigger: {segment_entered: x}\n    steps:\n"
        "      - {id: a, do: branch, if: {segment: x}, goto: nowhere}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanDataError, match=r"journey 'j'.*goto 'nowhere'"):
        load_journeys(p)
    p.write_text(
        "journeys:\n  - id: j\n    trigger: {date: {field: shoe_size}}\n    steps: []\n", encoding="utf-8"
    )
    with pytest.raises(PlanDataError, match="field must be one of"):
        load_journeys(p)


def test_shipped_sops_load():
    ids = {j.id for j in load_journeys()}
    assert {
        "new_customer_7d",
        "payroll_onboarding",
        "elderly_care",
        "maturity_continuation",
        "unmanaged_pickup",
    } <= ids
