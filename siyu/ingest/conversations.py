"""Writing conversations to the lake, skipping those already there (by conversation_id)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from siyu.ingest.duck import connect, one
from siyu.lake import Lake


@dataclass(frozen=True)
class Written:
    conversations: int
    utterances: int
    duplicate_conversations: int  # already in the lake, or repeated in the input
    duplicate_utterances: int


def write_conversations(lake: Lake, conversations: pa.Table) -> Written:
    """Append the conversations whose id is new (the first of repeated ids within the input)."""
    con = lake.connect(connect())
    con.register("incoming", conversations.append_column("_pos", pa.array(np.arange(conversations.num_rows))))
    con.execute(
        "CREATE TEMP TABLE fresh AS SELECT * EXCLUDE (_pos) FROM incoming "
        "WHERE conversation_id NOT IN (SELECT conversation_id FROM conversations) "
        "QUALIFY row_number() OVER (PARTITION BY conversation_id ORDER BY _pos) = 1 ORDER BY _pos"
    )
    fresh = con.sql("SELECT * FROM fresh").to_arrow_table()
    lake.append("conversations", fresh)
    (written_utterances,) = one(con, "SELECT coalesce(sum(len(utterances)), 0) FROM fresh")
    (all_utterances,) = one(con, "SELECT coalesce(sum(len(utterances)), 0) FROM incoming")
    return Written(
        conversations=fresh.num_rows,
        utterances=int(written_utterances),
        duplicate_conversations=conversations.num_rows - fresh.num_rows,
        duplicate_utterances=int(all_utterances - written_utterances),
    )
