"""One conversation with its utterances and the tags mined from it."""

from __future__ import annotations

from typing import Any

from siyu.security.scope import Principal
from siyu.web.lakeview import LakeView


def conversation(view: LakeView, principal: Principal, conversation_id: str) -> dict[str, Any] | None:
    where, params = principal.customer_filter("customer_id")
    return view.one(
        f"""SELECT conversation_id, channel, customer_id, staff_id, started_at, utterances, source
            FROM conversations WHERE conversation_id = ? AND {where}""",
        [conversation_id, *params],
    )


def evidence_of(view: LakeView, conversation_id: str) -> list[dict[str, Any]]:
    """Customer tags and compliance hits found in the conversation, in utterance order. Managers'
    confirmations and rejections carry the same evidence but are decisions, not findings."""
    return view.rows(
        """SELECT 'tag' AS kind, code, value, confidence, utterance, span_start, span_end, evidence
           FROM tag_events WHERE conversation_id = ? AND source = 'mined'
           UNION ALL
           SELECT 'compliance', code, value, confidence, utterance, span_start, span_end, evidence
           FROM compliance_hits WHERE conversation_id = ?
           ORDER BY utterance, span_start""",
        [conversation_id, conversation_id],
    )
