"""`siyu mine run`: mine the lake's conversations into tag events and compliance hits, incrementally.

A conversation is mined once: its id goes into ``mined_conversations`` after its events are written,
and event ids are derived from (conversation, code, value), so a re-run adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from siyu.lake import Lake
from siyu.mine.engine import Miner

BATCH = 20_000
_PENDING = """
SELECT DISTINCT conversation_id FROM conversations
WHERE conversation_id NOT IN (SELECT conversation_id FROM mined_conversations)
ORDER BY conversation_id
"""
_BATCH = """
SELECT conversation_id, customer_id, staff_id, started_at, utterances, date
FROM conversations JOIN pending USING (conversation_id)
QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY started_at) = 1
ORDER BY conversation_id
"""


@dataclass
class RunStats:
    conversations: int = 0
    tag_events: int = 0
    compliance_hits: int = 0


def _id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


def _rows(conv: dict[str, Any], miner: Miner) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    tags = miner.mine({"utterances": conv["utterances"] or []})
    events, hits = [], []
    for tag in tags:
        ev = tag.evidence[0]
        value = str(tag.value)
        common = {
            "conversation_id": conv["conversation_id"],
            "customer_id": conv["customer_id"],
            "code": tag.code,
            "value": value,
            "confidence": tag.confidence,
            "utterance": ev.utterance,
            "span_start": ev.start,
            "span_end": ev.end,
            "evidence": ev.text,
            "observed_at": conv["started_at"],
            "date": conv["date"],
        }
        if tag.code.startswith("compliance."):
            hits.append(
                {
                    **common,
                    "hit_id": _id(conv["conversation_id"], tag.code, value),
                    "staff_id": conv["staff_id"],
                }
            )
        elif conv["customer_id"]:
            events.append(
                {
                    **common,
                    "event_id": _id(conv["conversation_id"], tag.code, value),
                    "value_num": float(tag.value) if isinstance(tag.value, float) else None,
                    "source": "mined",
                }
            )
    return events, hits, len(tags)


def mine_lake(lake: Lake, miner: Miner, batch: int = BATCH) -> RunStats:
    """Mine every conversation not mined before; returns what was added."""
    stats = RunStats()
    con = lake.connect()
    known_events = set(con.sql("SELECT event_id FROM tag_events").to_arrow_table().column(0).to_pylist())
    known_hits = set(con.sql("SELECT hit_id FROM compliance_hits").to_arrow_table().column(0).to_pylist())
    pending = con.sql(_PENDING).to_arrow_table()
    now = datetime.now(UTC)
    for offset in range(0, pending.num_rows, batch):
        con.register("pending", pending.slice(offset, batch))
        events, hits, done = [], [], []
        for conv in con.sql(_BATCH).to_arrow_table().to_pylist():
            ev, hi, n = _rows(conv, miner)
            events.extend(e for e in ev if e["event_id"] not in known_events)
            hits.extend(h for h in hi if h["hit_id"] not in known_hits)
            done.append(
                {
                    "conversation_id": conv["conversation_id"],
                    "rules_version": miner.rules.version,
                    "tags": n,
                    "mined_at": now,
                }
            )
        if events:
            lake.append("tag_events", pa.Table.from_pylist(events))
        if hits:
            lake.append("compliance_hits", pa.Table.from_pylist(hits))
        lake.append("mined_conversations", pa.Table.from_pylist(done))
        stats.conversations += len(done)
        stats.tag_events += len(events)
        stats.compliance_hits += len(hits)
    return stats
