"""Touches: every contact with a customer, from ingested conversations and from managers' logging."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa

from siyu.clock import local_day, local_day_sql
from siyu.workspace import Workspace

CHANNELS = ("chat", "group", "moments", "phone", "event", "branch")
DIRECTIONS = ("outbound", "inbound", "two_way")
SEVEN = 7  # the seven-touch rule: about seven effective touches before a customer trusts you

# Conversation channels (ingest) -> touch channels.
CONVERSATION_CHANNELS = {"call": "phone", "wecom": "chat", "im": "chat", "branch": "branch", "group": "group"}


class TouchError(ValueError):
    pass


def sync_conversation_touches(ws: Workspace) -> int:
    """Turn conversations not yet seen into touches (idempotent): effective when both sides spoke."""
    con = ws.lake.connect()
    mapping = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in CONVERSATION_CHANNELS.items())
    new = con.sql(
        f"""
        WITH conv AS (
            SELECT * FROM conversations WHERE customer_id IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY started_at) = 1),
        spoke AS (
            SELECT conversation_id, customer_id, staff_id, channel, started_at, date,
                   len(list_filter(utterances, lambda u: u.speaker = 'staff')) > 0 AS staff_spoke,
                   len(list_filter(utterances, lambda u: u.speaker = 'customer')) > 0 AS customer_spoke
            FROM conv)
        SELECT 'conv-' || conversation_id AS touch_id, customer_id, staff_id,
               CASE channel {mapping} ELSE 'chat' END AS channel,
               CASE WHEN staff_spoke AND customer_spoke THEN 'two_way'
                    WHEN customer_spoke THEN 'inbound' ELSE 'outbound' END AS direction,
               staff_spoke AND customer_spoke AS effective,
               started_at AS touched_at, 'conversation' AS source, conversation_id AS source_ref,
               coalesce(date, {local_day_sql("started_at")}) AS date
        FROM spoke s
        WHERE NOT EXISTS (SELECT 1 FROM touches t WHERE t.source = 'conversation'
                          AND t.source_ref = s.conversation_id)
        ORDER BY touch_id
        """
    ).to_arrow_table()
    return ws.lake.append("touches", new)


def log_touch(
    ws: Workspace,
    customer_id: str,
    staff_id: str | None,
    channel: str,
    direction: str,
    at: datetime,
    note: str | None = None,
    source_ref: str | None = None,
) -> str:
    """Record a contact a manager made (source "logged"); the same contact logged twice is kept once.

    ``note`` is part of the touch's identity only; the lake keeps no free text about customers."""
    if channel not in CHANNELS:
        raise TouchError(f"channel must be one of {CHANNELS}, got {channel!r}")
    if direction not in DIRECTIONS:
        raise TouchError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    key = (
        f"{customer_id}|{staff_id or ''}|{channel}|{direction}|{at.astimezone(UTC).isoformat()}|{note or ''}"
    )
    touch_id = "log-" + hashlib.md5(key.encode()).hexdigest()
    con = ws.lake.connect()
    if con.execute("SELECT 1 FROM touches WHERE touch_id = ? LIMIT 1", [touch_id]).fetchone():
        return touch_id
    ws.lake.append(
        "touches",
        pa.table(
            {
                "touch_id": [touch_id],
                "customer_id": [customer_id],
                "staff_id": [staff_id],
                "channel": [channel],
                "direction": [direction],
                "effective": [direction == "two_way"],
                "touched_at": [at],
                "source": ["logged"],
                "source_ref": [source_ref],
                "date": [local_day(at)],
            }
        ),
    )
    return touch_id


def seven_touch_progress(ws: Workspace, customer_ids: list[str] | None = None) -> dict[str, int]:
    """Effective touches per customer, capped at seven (the seven-touch rule)."""
    con = ws.lake.connect()
    where = ""
    if customer_ids is not None:
        con.register("wanted", pa.table({"customer_id": pa.array(customer_ids, pa.string())}))
        where = "AND customer_id IN (SELECT customer_id FROM wanted)"
    rows = con.execute(
        f"SELECT customer_id, least(count(*), {SEVEN}) FROM touches WHERE effective {where} GROUP BY 1"
    ).fetchall()
    return dict(rows)


def effective_coverage(ws: Workspace, as_of: date, days: int = 90) -> dict:
    """Share of customers with an effective touch in the ``days`` before ``as_of`` (inclusive)."""
    con = ws.lake.connect()
    since = as_of - timedelta(days=days - 1)
    total, covered = con.execute(
        """
        WITH c AS (SELECT DISTINCT customer_id FROM customers),
             t AS (SELECT DISTINCT customer_id FROM touches WHERE effective AND date BETWEEN ? AND ?)
        SELECT count(*), count(t.customer_id) FROM c LEFT JOIN t USING (customer_id)
        """,
        [since, as_of],
    ).fetchone()
    return {"customers": total, "covered": covered, "rate": covered / total if total else 0.0, "days": days}
