"""A manager confirms or rejects a profile tag: both are appended as tag events, never edits."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pyarrow as pa

from siyu.clock import BANK_TZ
from siyu.lake.schemas import TAG_EVENTS
from siyu.profile.engine import open_duckdb
from siyu.profile.rules import load_rules
from siyu.workspace import Workspace

EVIDENCE_COLUMNS = ("conversation_id", "utterance", "span_start", "span_end", "evidence")


class FeedbackError(ValueError):
    pass


def _current_evidence(ws: Workspace, customer_id: str, code: str, value: str) -> dict:
    """The evidence behind the tag in the current profile, so a rejection remembers what it rejected."""
    if not ws.lake.exists("profiles"):
        return {}
    con = open_duckdb(ws)
    rows = con.sql(
        f"SELECT {', '.join(EVIDENCE_COLUMNS)} FROM profiles"
        " WHERE customer_id = $c AND code = $k AND value = $v",
        params={"c": customer_id, "k": code, "v": value},
    ).fetchall()
    con.close()
    return dict(zip(EVIDENCE_COLUMNS, rows[0], strict=True)) if rows else {}


def _append(ws: Workspace, source: str, customer_id: str, code: str, value: str, by_staff: str, at: datetime):
    rule = load_rules().codes.get(code)
    if rule is None:
        raise FeedbackError(f"未知标签代码 {code!r}")
    if not str(value).strip():
        raise FeedbackError("标签值不能为空")
    if rule.values and str(value) not in rule.values:
        raise FeedbackError(f"标签 {code} 没有取值 {value!r}，可选：{'、'.join(rule.values)}")
    if at.tzinfo is None:
        raise FeedbackError("time 'at' must be timezone-aware")
    value_num = None
    if rule.numeric:
        try:
            value_num = float(value)
        except ValueError as exc:
            raise FeedbackError(f"标签 {code} 的值应为数字，收到 {value!r}") from exc
    evidence = _current_evidence(ws, customer_id, code, str(value))
    key = f"{source}|{customer_id}|{code}|{value}|{by_staff}|{at.isoformat()}"
    row = {
        "event_id": f"{source}-{hashlib.sha1(key.encode()).hexdigest()[:20]}",
        "customer_id": customer_id,
        "code": code,
        "value": str(value),
        "value_num": value_num,
        "confidence": 1.0,
        "source": source,
        **evidence,
        "observed_at": at,
        "expires_at": None,
        "date": at.astimezone(BANK_TZ).date(),
        "by_staff": by_staff,
    }
    ws.lake.append("tag_events", pa.Table.from_pylist([row], schema=TAG_EVENTS))


def confirm_tag(ws: Workspace, customer_id: str, code: str, value: str, by_staff: str, at: datetime) -> None:
    """The manager confirms the tag: it now outranks mined and imported values of the code."""
    _append(ws, "confirmed", customer_id, code, value, by_staff, at)


def reject_tag(ws: Workspace, customer_id: str, code: str, value: str, by_staff: str, at: datetime) -> None:
    """The manager rejects the tag: it leaves the profile until new evidence observed after ``at``."""
    _append(ws, "rejected", customer_id, code, value, by_staff, at)
