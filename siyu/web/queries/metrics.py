"""Dashboard figures computed with DuckDB on the lake, within the user's scope."""

from __future__ import annotations

from typing import Any

from siyu.security.scope import Principal
from siyu.web.lakeview import LakeView

COVERAGE_DAYS = 90  # effective coverage: at least one two-way touch in the last quarter


def overview(view: LakeView, principal: Principal) -> dict[str, Any]:
    """Tag rate, effective coverage and the unmanaged share of customers and AUM.

    The quarter is counted back from the latest touch in the lake, so a T+1 feed that is a few days
    old does not make everybody look unmanaged.
    """
    where, params = principal.customer_filter("c.customer_id")
    row = view.one(
        f"""WITH latest AS (SELECT max(touched_at) AS t FROM touches),
            covered AS (
              SELECT DISTINCT customer_id FROM touches, latest
              WHERE effective AND touched_at > latest.t - INTERVAL {COVERAGE_DAYS} DAY),
            tagged AS (SELECT DISTINCT customer_id FROM profiles)
            SELECT count(*) AS customers,
                   coalesce(sum(c.aum), 0) AS aum,
                   count(t.customer_id) AS tagged,
                   count(v.customer_id) AS covered,
                   coalesce(sum(c.aum) FILTER (WHERE v.customer_id IS NULL), 0) AS unmanaged_aum,
                   count(*) FILTER (WHERE c.owner_id IS NULL) AS ownerless,
                   (SELECT t FROM latest) AS as_of
            FROM customers c
            LEFT JOIN tagged t ON t.customer_id = c.customer_id
            LEFT JOIN covered v ON v.customer_id = c.customer_id
            WHERE {where}""",
        params,
    )
    n = row["customers"] or 0

    def share(part: float) -> float:
        return round(part / n, 4) if n else 0.0

    return {
        "customers": n,
        "aum": row["aum"],
        "as_of": row["as_of"],
        "tag_rate": share(row["tagged"]),
        "effective_coverage": share(row["covered"]),
        "unmanaged_share": share(n - row["covered"]),
        "unmanaged_aum_share": round(row["unmanaged_aum"] / row["aum"], 4) if row["aum"] else 0.0,
        "ownerless_share": share(row["ownerless"]),
    }


def tag_rate_by_category(view: LakeView, principal: Principal) -> list[dict[str, Any]]:
    where, params = principal.customer_filter("customer_id")
    return view.rows(
        f"""SELECT split_part(code, '.', 1) AS category, count(DISTINCT customer_id) AS customers
            FROM profiles WHERE {where} GROUP BY 1 ORDER BY 1""",
        params,
    )


def segment_sizes(view: LakeView, principal: Principal) -> list[dict[str, Any]]:
    where, params = principal.customer_filter("customer_id")
    return view.rows(
        f"""SELECT segment_id, count(*) AS customers FROM current_memberships
            WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1""",
        params,
    )


def hits_by_branch(view: LakeView, principal: Principal) -> list[dict[str, Any]]:
    where, params = principal.customer_filter("h.customer_id")
    return view.rows(
        f"""SELECT coalesce(c.branch_id, '未知') AS branch_id, count(*) AS hits
            FROM compliance_hits h LEFT JOIN customers c USING (customer_id)
            WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1""",
        params,
    )
