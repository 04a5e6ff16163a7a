"""Conversations: 企业微信 archive grouping, call transcripts, the canonical format, idempotent re-imports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siyu.db.models import OrgUnit, Staff
from siyu.ingest import IngestInputError, ingest_file
from siyu.ingest.canonical import parse_canonical_lines
from siyu.ingest.wecom import group_messages, parse_wecom_lines
from siyu.workspace import Workspace

DATA = Path(__file__).parent / "data" / "ingest"
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Beijing


def _message(
    msgid: str, sender: str, to: list[str], minutes: float, text: str = "", room: str = "", **extra
) -> str:
    record = {"msgid": msgid, "action": "send", "from": sender, "tolist": to, "roomid": room}
    record |= {"msgtime": int((T0 + timedelta(minutes=minutes)).timestamp() * 1000), "msgtype": "text"}
    record |= {"text": {"content": text}} | extra
    return json.dumps(record, ensure_ascii=False)


def _texts(conversation: dict) -> list[tuple[str, str]]:
    return [(u["speaker"], u["text"]) for u in conversation["utterances"]]


def test_wecom_pairs_split_at_the_idle_gap() -> None:
    lines = [
        _message("a", "M01", ["wmX"], 0, "在吗"),
        _message("b", "wmX", ["M01"], 29, "在"),
        _message("c", "M01", ["wmX"], 60, "还在吗"),  # 31 minutes later: a new conversation
        "   \t",  # blank lines are not errors
        _message("d", "wmY", ["M01"], 1, "我是另一位客户"),
    ]
    messages, errors = parse_wecom_lines(lines)
    assert errors == [] and messages.num_rows == 4
    grouped = group_messages(messages, gap_minutes=30)
    conversations = sorted(grouped.conversations.to_pylist(), key=lambda c: c["started_at"])
    assert [_texts(c) for c in conversations] == [
        [("staff", "在吗"), ("customer", "在")],
        [("customer", "我是另一位客户")],
        [("staff", "还在吗")],
    ]
    assert {(c["customer_id"], c["staff_id"]) for c in conversations} == {("wmX", "M01"), ("wmY", "M01")}
    assert conversations[0]["date"] == date(2026, 3, 2)
    assert conversations[0]["started_at"] == T0
    assert group_messages(messages, gap_minutes=45).conversations.num_rows == 2
    # ids depend only on the chat and its first message, not on the run
    again = group_messages(messages, gap_minutes=30).conversations.column("conversation_id").to_pylist()
    assert sorted(again) == sorted(c["conversation_id"] for c in conversations)


def test_wecom_rooms_recalls_placeholders_and_internal_chats() -> None:
    lines = [
        _message("r1", "M01", ["wmA", "wmB"], 0, "各位好", room="grp1"),
        _message("r2", "wmA", ["M01", "wmB"], 1, msgtype="image", room="grp1"),
        _message("r3", "wmB", ["M01", "wmA"], 2, msgtype="emotion", room="grp1"),
        _message("r4", "wmA", ["M01", "wmB"], 3, msgtype="something_new", room="grp1"),
        _message("r5", "M01", ["wmA", "wmB"], 4, "发错了", room="grp1"),
        json.dumps(
            {
                "msgid": "r6",
                "action": "recall",
                "from": "M01",
                "tolist": [],
                "roomid": "grp1",
                "msgtime": 1,
                "msgtype": "revoke",
                "revoke": {"pre_msgid": "r5"},
            }
        ),
        _message("i1", "M01", ["M02"], 0, "内部"),
        _message("s1", "wmA", ["M01"], 0, "单独问一下", room=""),
    ]
    grouped = group_messages(parse_wecom_lines(lines)[0])
    rows = {c["customer_id"]: c for c in grouped.conversations.to_pylist()}
    room = rows[None]
    assert _texts(room) == [
        ("staff", "各位好"),
        ("customer", "[图片]"),
        ("customer", "[表情]"),
        ("customer", "[其他消息]"),
    ]
    assert room["staff_id"] == "M01"
    assert _texts(rows["wmA"]) == [("customer", "单独问一下")]
    assert (grouped.recalled, grouped.skipped) == (2, 1)
    assert sorted(grouped.message_ids.column("msgid").to_pylist()) == ["r1", "r2", "r3", "r4", "s1"]


def test_wecom_room_with_one_customer_is_that_customers_conversation() -> None:
    lines = [
        _message("x1", "wmA", ["M01"], 0, "请问", room="g"),
        _message("x2", "M01", ["wmA"], 1, "您说", room="g"),
    ]
    (conversation,) = group_messages(parse_wecom_lines(lines)[0]).conversations.to_pylist()
    assert conversation["customer_id"] == "wmA" and conversation["staff_id"] == "M01"


def test_wecom_file_ingest_quarantine_mapping_and_reingest(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    path = DATA / "wecom.jsonl"
    report = ingest_file(ws, "conversations", path, fmt="wecom", mapping=DATA / "wecom_mapping.csv")
    assert report.exit_code == 3
    assert (report.rows_read, report.ingested, report.conversations) == (15, 8, 3)
    assert (report.duplicates, report.quarantined) == (1, 2)
    # skipped: recall notice + recalled message, the switch record, the staff-to-staff chat
    assert sum(report.skipped.values()) == 4
    quarantined = [json.loads(x) for x in report.quarantine_file.read_text(encoding="utf-8").splitlines()]
    assert [(q["line"], q["field"]) for q in quarantined] == [(14, "*"), (15, "msgtime")]
    stored = ws.lake.read("conversations").to_pylist()
    assert {c["source"] for c in stored} == {"wecom"} and {c["channel"] for c in stored} == {"wecom"}
    by_customer = sorted((c["customer_id"] or "", len(c["utterances"])) for c in stored)
    assert by_customer == [("", 3), ("C0001", 1), ("C0001", 4)]
    assert ws.lake.count("wecom_messages") == 8

    again = ingest_file(ws, "conversations", path, fmt="wecom", mapping=DATA / "wecom_mapping.csv")
    assert (again.ingested, again.conversations) == (0, 0)
    assert again.duplicates == 9  # the 8 ingested messages plus the repeated line
    assert ws.lake.count("conversations") == 3


def test_wecom_staff_known_in_app_db_whatever_their_prefix(workspace: Workspace) -> None:
    with workspace.session() as s:
        s.add(OrgUnit(org_id="HO", name="总行", kind="head_office"))
        s.add(Staff(staff_id="wo_mgr", name="小李", kind="manager", org_id="HO"))
    path = workspace.settings.data_dir / "chat.jsonl"
    path.write_text(
        "\n".join(
            [_message("k1", "wo_mgr", ["wmQ"], 0, "您好"), _message("k2", "wmQ", ["wo_mgr"], 1, "你好")]
        ),
        encoding="utf-8",
    )
    report = ingest_file(workspace, "conversations", path, fmt="wecom")
    assert report.exit_code == 0
    (conversation,) = workspace.lake.read("conversations").to_pylist()
    assert conversation["staff_id"] == "wo_mgr" and conversation["customer_id"] == "wmQ"
    assert _texts(conversation) == [("staff", "您好"), ("customer", "你好")]


def test_transcript_csv_groups_calls_in_order(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    report = ingest_file(ws, "conversations", DATA / "transcript.csv", fmt="transcript")
    assert (report.rows_read, report.ingested, report.duplicates, report.quarantined) == (9, 6, 1, 2)
    assert report.conversations == 2
    calls = {c["conversation_id"]: c for c in ws.lake.read("conversations").to_pylist()}
    t1, t2 = calls["call-T1"], calls["call-T2"]
    assert t1["channel"] == "call" and t1["source"] == "transcript"
    assert (t1["customer_id"], t1["staff_id"]) == ("C0001", "M01")
    assert t1["started_at"] == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert [u["speaker"] for u in t1["utterances"]] == ["staff", "customer", "staff", "customer"]
    assert t1["utterances"][1]["ts"] == datetime(2026, 3, 2, 2, 0, 3, 500000, tzinfo=UTC)
    assert _texts(t2) == [("staff", "喂您好"), ("customer", "你好")]
    assert t2["started_at"] == datetime(2026, 3, 2, 3, 0, 5, tzinfo=UTC) and t2["staff_id"] == "M02"
    quarantined = [json.loads(x) for x in report.quarantine_file.read_text(encoding="utf-8").splitlines()]
    assert [(q["line"], q["field"]) for q in quarantined] == [(9, "role"), (10, "call_id")]
    again = ingest_file(ws, "conversations", DATA / "transcript.csv", fmt="transcript")
    assert (again.ingested, again.duplicates) == (0, 7)


def test_transcript_jsonl_with_numeric_channels(sqlite_workspace: Workspace) -> None:
    report = ingest_file(sqlite_workspace, "conversations", DATA / "transcript.jsonl", fmt="transcript")
    assert (report.ingested, report.quarantined) == (3, 1)
    (call,) = sqlite_workspace.lake.read("conversations").to_pylist()
    assert _texts(call) == [("staff", "您好，这里是XX银行"), ("customer", "喂？"), ("customer", "嗯")]
    assert (call["customer_id"], call["staff_id"], call["date"]) == ("C0002", "M02", date(2026, 3, 3))


def test_canonical_file(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    report = ingest_file(ws, "conversations", DATA / "canonical.jsonl")
    assert report.fmt == "canonical"
    assert (report.rows_read, report.ingested, report.duplicates, report.quarantined) == (7, 2, 1, 4)
    quarantined = [json.loads(x) for x in report.quarantine_file.read_text(encoding="utf-8").splitlines()]
    assert [(q["line"], q["field"]) for q in quarantined] == [
        (5, "utterances"),
        (6, "channel"),
        (7, "utterances"),
        (8, "*"),
    ]
    rows = {c["conversation_id"]: c for c in ws.lake.read("conversations").to_pylist()}
    assert _texts(rows["c-001"]) == [
        ("staff", "您好，我是XX银行的客户经理小王"),
        ("customer", "哦，什么事？"),
    ]
    assert rows["c-001"]["date"] == date(2026, 3, 1)
    # no started_at: the first utterance time stands in, 23:30 Beijing stays on March 1st
    assert rows["c-002"]["started_at"] == datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    assert rows["c-002"]["date"] == date(2026, 3, 1)
    assert ingest_file(ws, "conversations", DATA / "canonical.jsonl").ingested == 0
    assert ws.lake.count("conversations") == 2


def test_canonical_parse_is_pure_and_keeps_unknown_keys_out() -> None:
    line = json.dumps(
        {"id": "z", "channel": "branch", "utterances": [{"speaker": "customer", "text": "hi"}], "x": 1}
    )
    conversations, errors = parse_canonical_lines([line])
    assert errors == []
    (row,) = conversations.to_pylist()
    assert row["conversation_id"] == "z" and row["started_at"] is None and row["date"] is None


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["wmA", "wmB", "woC"]), st.booleans(), st.integers(0, 600)),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 90),
)
def test_wecom_grouping_properties(events: list[tuple[str, bool, int]], gap: int) -> None:
    """Every message lands in exactly one conversation; gaps inside one are at most the limit."""
    lines = [
        _message(f"p{i}", "M01" if by_staff else customer, [customer if by_staff else "M01"], minute, f"t{i}")
        for i, (customer, by_staff, minute) in enumerate(events)
    ]
    grouped = group_messages(parse_wecom_lines(lines)[0], gap_minutes=gap)
    assert sorted(grouped.message_ids.column("msgid").to_pylist()) == sorted(
        f"p{i}" for i in range(len(events))
    )
    starts_by_customer: dict[str, list[tuple[datetime, datetime]]] = {}
    for c in grouped.conversations.to_pylist():
        times = [u["ts"] for u in c["utterances"]]
        assert times == sorted(times)
        assert all(b - a <= timedelta(minutes=gap) for a, b in zip(times, times[1:], strict=False))
        starts_by_customer.setdefault(c["customer_id"], []).append((times[0], times[-1]))
    for spans in starts_by_customer.values():
        spans.sort()
        assert all(
            nxt[0] - prev[1] > timedelta(minutes=gap) for prev, nxt in zip(spans, spans[1:], strict=False)
        )


def test_invalid_mapping_file_is_unreadable(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("external_userid,customer_id\nwmA,\n", encoding="utf-8")
    with pytest.raises(IngestInputError, match="第 2 行"):
        ingest_file(sqlite_workspace, "conversations", DATA / "wecom.jsonl", fmt="wecom", mapping=mapping)
    assert not sqlite_workspace.lake.exists("conversations")
