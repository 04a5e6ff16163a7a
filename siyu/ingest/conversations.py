"""Writing conversations to the lake, skipping those already there (by conversation_id)."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from siyu.ingest.arrays import first_of_each, keep, to_mask
from siyu.lake import Lake


@dataclass(frozen=True)
class Written:
    conversations: int
    utterances: int
    duplicate_conversations: int  # already in the lake, or repeated in the input
    duplicate_utterances: int


def write_conversations(lake: Lake, conversations: pa.Table) -> Written:
    """Append the conversations whose id is new (the first of repeated ids within the input)."""
    ids = conversations.column("conversation_id")
    new = first_of_each(ids)
    if lake.exists("conversations"):
        stored = lake.read("conversations", ["conversation_id"]).column("conversation_id")
        new &= ~to_mask(pc.is_in(ids, stored))
    fresh = keep(conversations, new)
    lake.append("conversations", fresh)
    sizes = pc.list_value_length(conversations.column("utterances")).to_numpy(zero_copy_only=False)
    return Written(
        conversations=fresh.num_rows,
        utterances=int(sizes[new].sum()),
        duplicate_conversations=conversations.num_rows - fresh.num_rows,
        duplicate_utterances=int(sizes[~new].sum()),
    )
