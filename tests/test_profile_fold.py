"""Profile folding: precedence, recency, union, expiry, manager confirmation and rejection memory."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

import pyarrow as pa
import pytest

from siyu.lake.schemas import TAG_EVENTS
from siyu.profile import FeedbackError, build_profiles, confirm_tag, reject_tag
from siyu.workspace import Workspace

T0 = datetime(2026, 1, 10, 2, 0, tzinfo=UTC)
_ids = count()


def event(customer, code, value, *, days=0, source="mined", conv=None, utt=None, expires_at=None):
    at = T0 + timedelta(days=days)
    return {
        "event_id": f"e{next(_ids)}",
        "customer_id": customer,
        "code": code,
        "value": value,
        "confidence": 0.9,
        "source": source,
        "conversation_id": conv,
        "utterance": utt,
        "evidence": f"{code}={value}",
        "observed_at": at,
        "expires_at": expires_at,
        "date": at.date(),
    }


def add(ws: Workspace, *rows: dict) -> None:
    ws.lake.append("tag_events", pa.Table.from_pylist(list(rows), schema=TAG_EVENTS))


def profile(ws: Workspace, as_of: date) -> dict[tuple[str, str], dict[str, dict]]:
    build_profiles(ws, as_of)
    out: dict[tuple[str, str], dict[str, dict]] = {}
    for row in ws.lake.read("profiles").to_pylist():
        out.setdefault((row["customer_id"], row["code"]), {})[row["value"]] = row
    return out


def test_single_valued_code_precedence_then_recency(sqlite_workspace: Workspace):
    ws = sqlite_workspace
    add(
        ws,
        event("C1", "pref.risk", "steady", days=0),
        event("C1", "pref.risk", "high", days=5),  # newer mined value wins over older mined
        event("C2", "pref.risk", "medium", days=0, source="confirmed"),
        event("C2", "pref.risk", "high", days=9),  # a manager's confirmation beats a newer mined tag
        event("C3", "life.stage", "parent", days=0, source="mined"),
        event("C3", "life.stage", "retired", days=3, source="imported"),  # import ranks below the miner
    )
    p = profile(ws, date(2026, 2, 1))
    assert list(p["C1", "pref.risk"]) == ["high"]
    assert list(p["C2", "pref.risk"]) == ["medium"]
    assert p["C2", "pref.risk"]["medium"]["source"] == "confirmed"
    assert list(p["C3", "life.stage"]) == ["parent"]


def test_multi_valued_code_keeps_union_with_last_seen(sqlite_workspace: Workspace):
    ws = sqlite_workspace
    add(
        ws,
        event("C1", "life.interest", "running", days=0, conv="k1", utt=2),
        event("C1", "life.interest", "reading", days=2),
        event("C1", "life.interest", "running", days=7, conv="k2", utt=4),
    )
    p = profile(ws, date(2026, 3, 1))
    values = p["C1", "life.interest"]
    assert set(values) == {"running", "reading"}
    assert values["running"]["first_seen"] == T0
    assert values["running"]["last_seen"] == T0 + timedelta(days=7)
    assert values["running"]["conversation_id"] == "k2"  # evidence of the latest observation
    assert values["running"]["expires_at"] is None


def test_time_sensitive_tags_expire(sqlite_workspace: Workspace):
    ws = sqlite_workspace
    add(
        ws,
        event("C1", "basic.funds", "idle", days=0),  # 30-day rule
        event("C1", "objection.refusal", "no_time", days=0),  # 90-day rule
        event("C1", "basic.investment", "maturing_elsewhere", days=0, expires_at=T0 + timedelta(days=5)),
        event("C1", "life.interest", "tea", days=0),  # never expires
    )
    p = profile(ws, date(2026, 1, 12))
    assert {code for _, code in p} == {
        "basic.funds",
        "objection.refusal",
        "basic.investment",
        "life.interest",
    }
    assert p["C1", "basic.funds"]["idle"]["expires_at"] == T0 + timedelta(days=30)
    p = profile(ws, date(2026, 1, 20))  # the stated expiry passed; the 30-day rule did not
    assert {code for _, code in p} == {"basic.funds", "objection.refusal", "life.interest"}
    p = profile(ws, date(2026, 2, 20))
    assert {code for _, code in p} == {"objection.refusal", "life.interest"}
    p = profile(ws, date(2026, 5, 1))
    assert {code for _, code in p} == {"life.interest"}
    # The snapshot is as of a date: events after it are not seen, and history is never rewritten.
    assert profile(ws, date(2026, 1, 9)) == {}
    assert ws.lake.count("tag_events") == 4


def test_expired_single_value_falls_back_to_a_live_one(sqlite_workspace: Workspace):
    ws = sqlite_workspace
    add(
        ws,
        event("C1", "pref.term", "le_3m", days=0),
        event("C1", "pref.term", "gt_1y", days=3, source="confirmed", expires_at=T0 + timedelta(days=10)),
    )
    assert list(profile(ws, date(2026, 1, 14))["C1", "pref.term"]) == ["gt_1y"]
    assert list(profile(ws, date(2026, 1, 25))["C1", "pref.term"]) == ["le_3m"]


def test_rejection_is_remembered_against_the_same_evidence(sqlite_workspace: Workspace):
    ws = sqlite_workspace
    add(ws, event("C1", "life.stage", "retired", days=0, conv="k1", utt=3))
    assert "retired" in profile(ws, date(2026, 1, 11))["C1", "life.stage"]

    reject_tag(ws, "C1", "life.stage", "retired", by_staff="M01", at=T0 + timedelta(days=1))
    assert ("C1", "life.stage") not in profile(ws, date(2026, 1, 12))

    # The same conversation mined again later does not bring the tag back ...
    add(ws, event("C1", "life.stage", "retired", days=2, conv="k1", utt=3))
    assert ("C1", "life.stage") not in profile(ws, date(2026, 1, 13))
    # ... nor does evidence observed before the rejection, ingested late.
    add(ws, event("C1", "life.stage", "retired", days=0.5, conv="k0", utt=1))
    assert ("C1", "life.stage") not in profile(ws, date(2026, 1, 13))

    # New evidence observed after the rejection does.
    add(ws, event("C1", "life.stage", "retired", days=4, conv="k9", utt=0))
    p = profile(ws, date(2026, 1, 15))
    assert p["C1", "life.stage"]["retired"]["conversation_id"] == "k9"

    rejected = [r for r in ws.lake.read("tag_events").to_pylist() if r["source"] == "rejected"]
    assert rejected[0]["by_staff"] == "M01" and rejected[0]["conversation_id"] == "k1"


def test_confirmation_outranks_and_restores(sqlite_workspace: Workspace):
    ws = sqlite_workspace
    add(ws, event("C1", "pref.risk", "high", days=0, conv="k1", utt=1))
    reject_tag(ws, "C1", "pref.risk", "high", by_staff="M01", at=T0 + timedelta(days=1))
    confirm_tag(ws, "C1", "pref.risk", "steady", by_staff="M01", at=T0 + timedelta(days=2))
    add(ws, event("C1", "pref.risk", "medium", days=3))
    p = profile(ws, date(2026, 1, 20))
    assert list(p["C1", "pref.risk"]) == ["steady"]
    assert p["C1", "pref.risk"]["steady"]["confidence"] == 1.0
    # A manager may confirm a value they rejected earlier: the confirmation is new evidence.
    confirm_tag(ws, "C1", "pref.risk", "high", by_staff="M01", at=T0 + timedelta(days=5))
    assert list(profile(ws, date(2026, 1, 20))["C1", "pref.risk"]) == ["high"]


def test_feedback_rejects_unknown_codes_and_naive_times(sqlite_workspace: Workspace):
    with pytest.raises(FeedbackError, match="未知标签代码"):
        confirm_tag(sqlite_workspace, "C1", "life.hobby", "x", by_staff="M01", at=T0)
    with pytest.raises(FeedbackError, match="timezone"):
        reject_tag(sqlite_workspace, "C1", "life.stage", "parent", by_staff="M01", at=datetime(2026, 1, 1))
    with pytest.raises(FeedbackError, match="没有取值"):
        confirm_tag(sqlite_workspace, "C1", "life.stage", "astronaut", by_staff="M01", at=T0)
    with pytest.raises(FeedbackError, match="数字"):
        confirm_tag(sqlite_workspace, "C1", "pref.yield_expectation", "三个点", by_staff="M01", at=T0)


def test_rebuild_is_idempotent(sqlite_workspace: Workspace):
    ws = sqlite_workspace
    add(ws, event("C1", "life.interest", "tea"), event("C2", "pref.risk", "steady"))
    first = sorted(map(str, ws.lake.read("profiles").to_pylist())) if ws.lake.exists("profiles") else None
    assert first is None
    build_profiles(ws, date(2026, 2, 1))
    first = ws.lake.read("profiles").sort_by([("customer_id", "ascending")])
    summary = build_profiles(ws, date(2026, 2, 1))
    assert ws.lake.read("profiles").sort_by([("customer_id", "ascending")]).equals(first)
    assert (summary.events, summary.profile_rows, summary.customers) == (2, 2, 2)
