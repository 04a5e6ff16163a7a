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

import pyarrow as pa
import yaml

from siyu.ingest.duck import LOCAL_TZ, connect, literal, one
from siyu.ingest.sources import json_objects, lines_table
from siyu.ingest.validate import LINE, RowError

_MESSAGE_FIELDS = (
    "msgid",
    "action",
    "from",
    "roomid",
    "msgtime",
    "msgtype",
    "text.content",
    "revoke.pre_msgid",
)

_ONE_TO_ONE = "coalesce(roomid, '') = ''"
_SENT = "coalesce(action, 'send') = 'send' AND msgtype IS DISTINCT FROM 'revoke'"
_RECALL = "(action = 'recall' OR msgtype = 'revoke')"
_ORDER = f"msgtime, {LINE}"
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
    objects, errors = json_objects(lines)
    paths = ", ".join(literal(f"$.{f}") for f in _MESSAGE_FIELDS)
    con = connect()
    con.register("objects", objects)
    con.execute(
        f"CREATE TEMP TABLE m AS WITH x AS (SELECT {LINE}, line, json_extract_string(line, [{paths}]) AS v "
        f"FROM objects) SELECT {LINE}, line, v[1] AS msgid, v[2] AS action, v[3] AS sender, "
        f"TRY_CAST(json_extract(line, '$.tolist') AS VARCHAR[]) AS tolist, v[4] AS roomid, "
        f"TRY_CAST(v[5] AS BIGINT) AS msgtime, v[6] AS msgtype, v[7] AS content, v[8] AS pre_msgid FROM x"
    )
    problem = " ".join(f"WHEN {test} THEN {literal(name)}" for name, test, _ in _PROBLEMS)
    con.execute(
        f"CREATE TEMP TABLE checked AS "
        f"SELECT *, CASE WHEN action = 'switch' THEN NULL {problem} END AS problem FROM m"
    )
    reasons = {name: reason for name, _, reason in _PROBLEMS}
    for line, text, name in con.execute(
        f"SELECT {LINE}, line, problem FROM checked WHERE problem IS NOT NULL"
    ).fetchall():
        errors.append(RowError(line, name, reasons[name], row=text.rstrip("\r\n")))
    messages = con.sql(f"SELECT * EXCLUDE (line, problem) FROM checked WHERE problem IS NULL ORDER BY {LINE}")
    return messages.to_arrow_table(), sorted(errors, key=lambda e: e.line)


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
    rules = rules or load_rules()
    con = connect()
    con.register("messages", messages)
    con.register("staff", pa.table({"staff_id": pa.array(list(staff_ids), pa.string())}))
    con.register("mapping", mapping if mapping is not None else MAPPING_SCHEMA.empty_table())
    prefixes = " OR ".join(f"starts_with(x, {literal(p)})" for p in rules.external_prefixes) or "FALSE"
    con.execute(f"CREATE MACRO external(x) AS ({prefixes}) AND x NOT IN (SELECT staff_id FROM staff)")
    placeholders = " ".join(
        f"WHEN {literal(t)} THEN {literal(text)}" for t, text in rules.placeholders.items() if t != "other"
    )
    other = literal(rules.placeholders.get("other", "[其他消息]"))
    stand_in = f"CASE msgtype {placeholders} ELSE {other} END" if placeholders else other
    con.execute(
        "CREATE TEMP TABLE withdrawn AS SELECT DISTINCT pre_msgid AS msgid FROM messages "
        f"WHERE {_RECALL} AND pre_msgid IS NOT NULL"
    )
    con.execute(
        "CREATE TEMP TABLE sent AS "
        f"SELECT *, msgid IN (SELECT msgid FROM withdrawn) AS recalled FROM messages WHERE {_SENT} "
        f"QUALIFY row_number() OVER (PARTITION BY msgid ORDER BY {LINE}) = 1"
    )
    con.execute(
        f"""CREATE TEMP TABLE roles AS
        WITH s AS (
            SELECT *, NOT external(sender) AS from_staff, NOT {_ONE_TO_ONE} AS in_room, tolist[1] AS peer
            FROM sent WHERE NOT recalled
        )
        SELECT {LINE}, msgid, msgtime, in_room, from_staff, sender,
            CASE WHEN in_room THEN NULL WHEN from_staff THEN peer ELSE sender END AS customer_ext,
            CASE WHEN in_room THEN NULL WHEN from_staff THEN sender ELSE peer END AS staff_ext,
            CASE WHEN in_room THEN 'room:' || roomid
                 ELSE 'pair:' || CASE WHEN from_staff THEN peer ELSE sender END || '|'
                      || CASE WHEN from_staff THEN sender ELSE peer END END AS chat,
            CASE WHEN from_staff THEN 'staff' ELSE 'customer' END AS speaker,
            CASE WHEN msgtype = 'text' OR (msgtype IS NULL AND content IS NOT NULL) THEN coalesce(content, '')
                 ELSE {stand_in} END AS text,
            timezone('UTC', make_timestamp(msgtime * 1000)) AS ts
        FROM s
        -- one-to-one chats need one customer side: staff-to-staff and customer-to-customer are dropped
        WHERE in_room OR from_staff = external(peer)"""
    )
    sent_rows, kept, recalled, notices, switches, placed = one(
        con,
        f"SELECT (SELECT count(*) FROM messages WHERE {_SENT}), "
        "(SELECT count(*) FROM sent), (SELECT count(*) FROM sent WHERE recalled), "
        f"(SELECT count(*) FROM messages WHERE {_RECALL}), "
        "(SELECT count(*) FROM messages WHERE action = 'switch'), (SELECT count(*) FROM roles)",
    )
    gap_ms = int(gap_minutes * 60_000)
    con.execute(
        f"""CREATE TEMP TABLE numbered AS
        SELECT *, sum(CASE WHEN previous IS NULL OR msgtime - previous > {gap_ms} THEN 1 ELSE 0 END)
               OVER (PARTITION BY chat ORDER BY {_ORDER} ROWS UNBOUNDED PRECEDING) AS part
        FROM (SELECT *, lag(msgtime) OVER (PARTITION BY chat ORDER BY {_ORDER}) AS previous FROM roles)"""
    )
    con.execute(
        f"""CREATE TEMP TABLE grouped AS
        SELECT 'wx-' || substr(md5(chat || '#' || first(msgid ORDER BY {_ORDER})), 1, 20) AS conversation_id,
            chat, part,
            CASE WHEN bool_or(in_room) THEN
                CASE WHEN count(DISTINCT sender) FILTER (WHERE NOT from_staff) = 1
                     THEN any_value(sender) FILTER (WHERE NOT from_staff) END
                 ELSE any_value(customer_ext) END AS customer_ext,
            CASE WHEN bool_or(in_room) THEN first(sender ORDER BY {_ORDER}) FILTER (WHERE from_staff)
                 ELSE any_value(staff_ext) END AS staff_id,
            min(ts) AS started_at,
            list({{'speaker': speaker, 'text': text, 'ts': ts}} ORDER BY {_ORDER}) AS utterances,
            list(msgid) AS msgids
        FROM numbered GROUP BY chat, part"""
    )
    conversations = con.sql(
        f"""SELECT g.conversation_id, 'wecom' AS channel,
               coalesce(m.customer_id, g.customer_ext) AS customer_id, g.staff_id, g.started_at, g.utterances,
               'wecom' AS source, CAST(timezone('{LOCAL_TZ}', g.started_at) AS DATE) AS date
        FROM grouped g LEFT JOIN (SELECT DISTINCT ON (external_userid) * FROM mapping) m
             ON m.external_userid = g.customer_ext
        ORDER BY g.started_at, g.conversation_id"""
    ).to_arrow_table()
    message_ids = con.sql("SELECT unnest(msgids) AS msgid, conversation_id FROM grouped").to_arrow_table()
    return Grouped(
        conversations=conversations,
        message_ids=message_ids,
        duplicates=sent_rows - kept,
        recalled=notices + recalled,
        skipped=switches + kept - recalled - placed,
    )
