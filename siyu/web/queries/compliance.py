"""The compliance review queue: lake hits joined with the reviewers' decisions from the app DB."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from siyu.security.scope import Principal
from siyu.web.lakeview import LakeView
from siyu.web.models import ComplianceReview

_REVIEWS = pa.schema(
    [
        ("hit_id", pa.string()),
        ("status", pa.string()),
        ("comment", pa.string()),
        ("resolved_by", pa.string()),
        ("resolved_at", pa.timestamp("us", tz="UTC")),
    ]
)


def _reviews_table(session: Session) -> pa.Table:
    rows = session.execute(
        select(
            ComplianceReview.hit_id,
            ComplianceReview.status,
            ComplianceReview.comment,
            ComplianceReview.resolved_by,
            ComplianceReview.resolved_at,
        )
    ).all()
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in _REVIEWS]
    return pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(columns, _REVIEWS, strict=True)], schema=_REVIEWS
    )


def queue(
    view: LakeView, session: Session, principal: Principal, status: str, page: int, per_page: int
) -> tuple[list[dict[str, Any]], int]:
    """Hits in the user's scope with the given review status, newest first, with the flagged utterance."""
    con = view.connection()
    con.register("__reviews", _reviews_table(session))
    where, params = principal.customer_filter("h.customer_id")
    base = f"""FROM compliance_hits h LEFT JOIN __reviews r USING (hit_id)
               WHERE {where} AND coalesce(r.status, 'open') = ?"""
    total = view.one(f"SELECT count(*) AS n {base}", [*params, status])["n"]
    rows = view.rows(
        f"""WITH page AS (
              SELECT h.*, coalesce(r.status, 'open') AS status, r.comment, r.resolved_by, r.resolved_at
              {base} ORDER BY h.observed_at DESC NULLS LAST, h.hit_id LIMIT ? OFFSET ?)
            SELECT page.*, c.branch_id, c.name AS customer_name
            FROM page LEFT JOIN customers c ON c.customer_id = page.customer_id
            ORDER BY page.observed_at DESC NULLS LAST, page.hit_id""",
        [*params, status, per_page, (page - 1) * per_page],
    )
    texts = _utterances(view, rows)
    for r in rows:
        r["utterance_text"] = texts.get((r["conversation_id"], r["utterance"]))
    return rows, total


def status_counts(view: LakeView, session: Session, principal: Principal) -> dict[str, int]:
    """How many hits in the user's scope are open, resolved and dismissed (for the queue's tabs)."""
    con = view.connection()
    con.register("__reviews", _reviews_table(session))
    where, params = principal.customer_filter("h.customer_id")
    rows = view.rows(
        f"""SELECT coalesce(r.status, 'open') AS status, count(*) AS n
            FROM compliance_hits h LEFT JOIN __reviews r USING (hit_id) WHERE {where} GROUP BY 1""",
        params,
    )
    return {r["status"]: r["n"] for r in rows}


def _utterances(view: LakeView, hits: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """The flagged utterances of a page of hits; ids as a list so the Parquet scan can skip files."""
    ids = sorted({h["conversation_id"] for h in hits})
    if not ids:
        return {}
    found = view.rows(
        "SELECT conversation_id, utterances FROM conversations WHERE list_contains(?, conversation_id)", [ids]
    )
    return {(c["conversation_id"], i): u["text"] for c in found for i, u in enumerate(c["utterances"] or [])}


def hit_in_scope(view: LakeView, principal: Principal, hit_id: str) -> bool:
    where, params = principal.customer_filter("customer_id")
    found = view.one(f"SELECT 1 AS ok FROM compliance_hits WHERE hit_id = ? AND {where}", [hit_id, *params])
    return found is not None


def review(session: Session, principal: Principal, hit_id: str, status: str, comment: str) -> None:
    row = session.get(ComplianceReview, hit_id) or ComplianceReview(hit_id=hit_id)
    row.status = status
    row.comment = comment
    row.resolved_by = principal.username
    row.resolved_at = datetime.now(UTC)
    session.add(row)
