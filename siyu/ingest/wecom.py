"""企业微信 会话存档 (chat archive): decrypted messages, one JSON object per line, into conversations.

Both steps are pure and run as DuckDB queries over Arrow, so a million messages never pass
through a Python loop: ``parse_wecom_lines`` reads and checks the messages, ``group_messages``
drops recalls, names speakers and splits each customer–staff pair (or group chat) into
conversations at idle gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from siyu.clock import local_day_sql
from siyu.ingest.arrays import first_of_each, keep, to_mask
from siyu.ingest.duck import connect
from siyu.ingest.sources import json_lines, lines_table, raw_lines
from siyu.ingest.validate import LINE, RowError
from siyu.lake.sql import literal

_MESSAGE_FIELDS = (
    "msgid",
    "action",
    "from",
    "roomid",
    "msgtime",
    "msgtype",
    "text.content",
    "revoke.pre_msgid",
    "tolist",  # JSON text, cast to a list below
)

_ONE_TO_ONE = "coalesce(roomid, '') = ''"
# Checked in order; the first missing piece is reported. "switch" records carry no message.
_PROBLEMS = (
    ("msgid", "msgid IS NULL", "必填：消息 ID（msgid）"),
    ("from", "sender IS NULL", "必填：发送者 userid（from）"),
    ("msgtime", "msgtime IS NULL", "应为毫秒时间戳（整数，如 1700000000000）"),
    (
        "tolist",
        f"{_ONE_TO_ONE} AND action IS DISTINCT FROM 'recall' AND len(coalesce(tolist, [])) = 0",
        '单聊消息应有接收者列表（tolist，如 ["wmxxxx"]）',
    ),
)


MAPPING_SCHEMA = pa.schema([("external_userid", pa.string()), ("customer_id", pa.string())])


@dataclass(frozen=True)
class WecomRules:
    external_prefixes: tuple[str, ...]
    placeholders: dict[str, str]  # msgtype -> text standing in for a non-text message; key "other" = default


@cache
def load_rules() -> WecomRules:
    text = resources.files("siyu.ingest").joinpath("wecom.yaml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    return WecomRules(tuple(config["external_prefixes"]), dict(config["placeholders"]))


@dataclass(frozen=True)
class Grouped:
    conversations: pa.Table  # lake conversations schema
    message_ids: pa.Table  # msgid, conversation_id of every message placed in a conversation
    duplicates: int  # repeated msgids within the input
    recalled: int  # recall notices plus the messages they withdraw
    skipped: int  # switch records and chats with no customer (staff to staff)


def parse_wecom_lines(lines: pa.Table | Sequence[str]) -> tuple[pa.Table, list[RowError]]:
    """Messages (``_line``, msgid, action, sender, tolist, roomid, msgtime, msgtype, content, pre_msgid).

    ``lines`` is a ``lines_table`` or plain strings (one JSON object each). Lines that are not JSON
    objects, or lack an id, sender, time or (one-to-one) recipient, come back as errors.
    """
    if not isinstance(lines, pa.Table):
        lines = lines_table("\n".join(lines).encode("utf-8"))
    paths = ", ".join(literal(f"$.{f}") for f in _MESSAGE_FIELDS)
    extracted, errors = json_lines(lines, f"json_extract_string(line, [{paths}])")
    con = connect()
    con.register("extracted", extracted)
    problem = " ".join(f"WHEN {test} THEN {literal(name)}" for name, test, _ in _PROBLEMS)
    checked = con.sql(
        f"WITH m AS (SELECT {LINE}, v[1] AS msgid, v[2] AS action, v[3] AS sender, "
        "TRY_CAST(CAST(v[9] AS JSON) AS VARCHAR[]) AS tolist, v[4] AS roomid, "
        "TRY_CAST(v[5] AS BIGINT) AS msgtime, v[6] AS msgtype, v[7] AS content, v[8] AS pre_msgid "
        "FROM extracted) "
        f"SELECT *, CASE WHEN action = 'switch' THEN NULL {problem} END AS problem FROM m"
    ).to_arrow_table()
    failed = checked.filter(pc.is_valid(checked.column("problem")))
    if failed.num_rows:
        reasons = {name: reason for name, _, reason in _PROBLEMS}
        numbers = failed.column(LINE).to_pylist()
        problems = failed.column("problem").to_pylist()
        for line, name, text in zip(numbers, problems, raw_lines(lines, numbers), strict=True):
            errors.append(RowError(line, name, reasons[name], row=text))
    messages = keep(checked, ~to_mask(pc.is_valid(checked.column("problem")))).drop_columns(["problem"])
    return messages, sorted(errors, key=lambda e: e.line)


def group_messages(
    messages: pa.Table,
    gap_minutes: float = 30,
    staff_ids: Sequence[str] = (),
    mapping: pa.Table | None = None,
    rules: WecomRules | None = None,
) -> Grouped:
    """Conversations from parsed messages.

    A sender is staff when listed in ``staff_ids`` or when its userid lacks an external-contact
    prefix. One-to-one chats group by (customer, staff) pair, group chats by room; a new
    conversation starts after more than ``gap_minutes`` of silence. ``mapping`` (external_userid,
    customer_id) turns external userids into customer ids; unmapped ones are kept as they are.
    """
    action, msgtype, msgid = (pc.fill_null(messages.column(c), "") for c in ("action", "msgtype", "msgid"))
    notice = to_mask(pc.or_(pc.equal(action, "recall"), pc.equal(msgtype, "revoke")))
    withdrawn = pc.unique(pc.drop_null(messages.column("pre_msgid").filter(pa.array(notice))))
    sent = to_mask(pc.equal(action, "send")) | to_mask(pc.equal(action, ""))
    sent &= ~notice
    recalled = sent & to_mask(pc.is_in(msgid, withdrawn))
    kept = keep(messages, sent & ~recalled)
    unique = keep(kept, first_of_each(kept.column("msgid")))
    rows = _speakers(unique, staff_ids, rules or load_rules())
    starts, conversation = _split(rows, int(gap_minutes * 60_000))
    conversations = _conversations(rows, starts, mapping)
    ids = conversations.column("conversation_id").take(pa.array(conversation))
    return Grouped(
        conversations=conversations,
        message_ids=pa.table({"msgid": rows.column("msgid"), "conversation_id": ids}),
        duplicates=kept.num_rows - unique.num_rows,
        recalled=int(notice.sum() + recalled.sum()),
        skipped=int(to_mask(pc.equal(action, "switch")).sum()) + unique.num_rows - rows.num_rows,
    )


def _speakers(messages: pa.Table, staff_ids: Sequence[str], rules: WecomRules) -> pa.Table:
    """Who speaks, which chat each message belongs to and its text: chats contiguous, in time order.

    One-to-one messages need one customer side: staff-to-staff and customer-to-customer are dropped.
    """
    con = connect()
    con.register("messages", messages)
    con.register("staff", pa.table({"staff_id": pa.array(list(staff_ids), pa.string())}))
    prefixes = " OR ".join(f"starts_with(x, {literal(p)})" for p in rules.external_prefixes) or "FALSE"
    con.execute(f"CREATE TEMP MACRO external(x) AS ({prefixes}) AND x NOT IN (SELECT staff_id FROM staff)")
    cases = " ".join(f"WHEN {literal(t)} THEN {literal(text)}" for t, text in rules.placeholders.items())
    stand_in = f"CASE msgtype {cases} ELSE {literal(rules.placeholders.get('other', '[其他消息]'))} END"
    return con.sql(
        f"""WITH s AS (
            SELECT *, NOT external(sender) AS from_staff, NOT {_ONE_TO_ONE} AS in_room, tolist[1] AS peer
            FROM messages)
        SELECT {LINE}, msgid, msgtime,
            CASE WHEN NOT from_staff THEN sender WHEN NOT in_room THEN peer END AS customer_ext,
            CASE WHEN from_staff THEN sender WHEN NOT in_room THEN peer END AS staff_ext,
            CASE WHEN in_room THEN 'room:' || roomid
                 WHEN from_staff THEN 'pair:' || peer || '|' || sender
                 ELSE 'pair:' || sender || '|' || peer END AS chat,
            CASE WHEN from_staff THEN 'staff' ELSE 'customer' END AS speaker,
            CASE WHEN msgtype = 'text' OR (msgtype IS NULL AND content IS NOT NULL) THEN coalesce(content, '')
                 ELSE {stand_in} END AS text,
            make_timestamptz(msgtime * 1000) AS ts
        FROM s WHERE in_room OR from_staff = external(peer)
        ORDER BY hash(chat), chat, msgtime, {LINE}"""
    ).to_arrow_table()


def _split(rows: pa.Table, gap_ms: int) -> tuple[np.ndarray, np.ndarray]:
    """First row of every conversation, and each row's conversation number (rows sorted by chat, time)."""
    n = rows.num_rows
    new = np.ones(n, bool)
    if n > 1:
        chat = rows.column("chat")
        other_chat = to_mask(pc.not_equal(chat.slice(1), chat.slice(0, n - 1)))
        times = rows.column("msgtime").to_numpy()
        new[1:] = other_chat | (np.diff(times) > gap_ms)
    return np.flatnonzero(new), np.cumsum(new) - 1


def _conversations(rows: pa.Table, starts: np.ndarray, mapping: pa.Table | None) -> pa.Table:
    """One row per conversation: utterances sliced out of the sorted rows, who took part aggregated."""
    ends = np.append(starts, rows.num_rows)
    parts = [rows.column(c).combine_chunks() for c in ("speaker", "text", "ts")]
    items = pa.StructArray.from_arrays(parts, ["speaker", "text", "ts"])
    utterances = pa.ListArray.from_arrays(pa.array(ends.astype(np.int32)), items)
    first = pa.array(starts)
    heads = pa.table(
        {
            "conv": np.arange(len(starts)),
            "chat": rows.column("chat").take(first),
            "first_id": rows.column("msgid").take(first),
            "started_at": rows.column("ts").take(first),
        }
    )
    numbered = rows.append_column("conv", pa.array(np.repeat(np.arange(len(starts)), np.diff(ends))))
    numbered = numbered.append_column("_row", pa.array(np.arange(rows.num_rows)))
    con = connect()
    con.register("rows", numbered)
    con.register("heads", heads)
    con.register("mapping", mapping if mapping is not None else MAPPING_SCHEMA.empty_table())
    people = con.sql(
        f"""WITH who AS (
            -- a group chat has a customer only when a single one spoke; its staff is the first who spoke
            SELECT conv,
                CASE WHEN min(customer_ext) = max(customer_ext) THEN min(customer_ext) END AS customer_ext,
                arg_min(staff_ext, _row) FILTER (WHERE staff_ext IS NOT NULL) AS staff_id
            FROM rows GROUP BY conv),
        mapped AS (SELECT DISTINCT ON (external_userid) * FROM mapping)
        SELECT 'wx-' || substr(md5(h.chat || '#' || h.first_id), 1, 20) AS conversation_id,
            coalesce(m.customer_id, w.customer_ext) AS customer_id, w.staff_id, h.started_at,
            {local_day_sql("h.started_at")} AS date
        FROM heads h JOIN who w USING (conv) LEFT JOIN mapped m ON m.external_userid = w.customer_ext
        ORDER BY h.conv"""
    ).to_arrow_table()
    n = people.num_rows
    return pa.table(
        {
            "conversation_id": people.column("conversation_id"),
            "channel": pa.array(["wecom"] * n),
            "customer_id": people.column("customer_id"),
            "staff_id": people.column("staff_id"),
            "started_at": people.column("started_at"),
            "utterances": utterances,
            "source": pa.array(["wecom"] * n),
            "date": people.column("date"),
        }
    )
