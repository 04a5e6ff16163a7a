"""Customer search and the pieces of the customer 360 view."""

from __future__ import annotations

from typing import Any

from siyu.security.scope import Principal
from siyu.web.lakeview import LakeView


def _search_where(
    principal: Principal, q: str | None, tag: str | None, segment: str | None
) -> tuple[str, list[Any]]:
    where, params = principal.customer_filter("c.customer_id")
    clauses = [where]
    if q:
        clauses.append("(c.customer_id = ? OR c.name LIKE ?)")
        params += [q, f"%{q}%"]
    if tag:
        code, _, value = tag.partition("=")
        if value:
            clauses.append("c.customer_id IN (SELECT customer_id FROM profiles WHERE code = ? AND value = ?)")
            params += [code, value]
        else:
            clauses.append("c.customer_id IN (SELECT customer_id FROM profiles WHERE code = ?)")
            params.append(code)
    if segment:
        clauses.append("c.customer_id IN (SELECT customer_id FROM current_memberships WHERE segment_id = ?)")
        params.append(segment)
    return " AND ".join(clauses), params


def search(
    view: LakeView,
    principal: Principal,
    q: str | None,
    tag: str | None,
    segment: str | None,
    page: int,
    per_page: int,
) -> tuple[list[dict[str, Any]], int]:
    where, params = _search_where(principal, q, tag, segment)
    total = view.one(f"SELECT count(*) AS n FROM customers c WHERE {where}", params)["n"]
    rows = view.rows(
        f"""SELECT c.customer_id, c.name, c.gender, c.city, c.branch_id, c.aum, c.phone, c.risk_rating
            FROM customers c WHERE {where} ORDER BY c.customer_id LIMIT ? OFFSET ?""",
        [*params, per_page, (page - 1) * per_page],
    )
    return rows, total


def customer(view: LakeView, principal: Principal, customer_id: str) -> dict[str, Any] | None:
    """The customer row with its current owner, or None when absent or out of the user's scope."""
    where, params = principal.customer_filter("c.customer_id")
    return view.one(
        f"""SELECT c.*, (SELECT any_value(o.owner_id) FROM customer_owner o WHERE o.customer_id = ?)
                   AS current_owner
            FROM customers c WHERE c.customer_id = ? AND {where}""",
        [customer_id, customer_id, *params],
    )


# The 360's lists in one statement: each query costs DuckDB a millisecond or more of planning alone.
_DETAILS = """
SELECT
  (SELECT list(x) FROM (
     SELECT h.holding_id, h.product_id, p.name AS product_name, h.product_type, p.risk_level,
            h.amount, h.cost, h.opened_at, h.maturity_date, h.as_of
     FROM holdings h LEFT JOIN products p USING (product_id)
     WHERE h.customer_id = $c ORDER BY h.amount DESC NULLS LAST) x) AS holdings,
  (SELECT list(x) FROM (
     SELECT code, value, value_num, confidence, source, first_seen, last_seen, expires_at,
            conversation_id, utterance, span_start, span_end, evidence
     FROM profiles WHERE customer_id = $c ORDER BY code, confidence DESC NULLS LAST) x) AS tags,
  (SELECT list(x) FROM (
     SELECT * FROM (
       SELECT 'conversation' AS kind, conversation_id AS ref, channel, staff_id,
              started_at AS happened_at, utterance_count AS size,
              NULL::BOOLEAN AS effective, NULL AS direction
       FROM conversation_index WHERE customer_id = $c
       UNION ALL
       SELECT 'touch', coalesce(source_ref, touch_id), channel, staff_id, touched_at, NULL,
              effective, direction
       FROM touches WHERE customer_id = $c AND coalesce(source, '') <> 'conversation')
     ORDER BY happened_at DESC NULLS LAST LIMIT $limit) x) AS timeline,
  (SELECT list(segment_id ORDER BY segment_id) FROM current_memberships WHERE customer_id = $c) AS segments
"""


def details(view: LakeView, customer_id: str, timeline_limit: int = 50) -> dict[str, list]:
    """Holdings (largest first), profile tags, the timeline (conversations and logged touches, newest
    first) and current segments of one customer. The caller has checked the customer is in scope."""
    row = view.one(_DETAILS, {"c": customer_id, "limit": timeline_limit})
    return {k: v or [] for k, v in row.items()}
