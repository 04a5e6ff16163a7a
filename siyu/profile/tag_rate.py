"""Tag rate (标签率): how much of each manager's / sub-branch's / branch's book carries profile tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from siyu.profile.engine import open_duckdb
from siyu.profile.owners import owner_expression
from siyu.workspace import Workspace

GroupBy = Literal["manager", "sub_branch", "branch"]
ALL = "全行"


@dataclass(frozen=True)
class TagRate:
    group: str | None  # staff_id / sub_branch_id / branch_id; None = no owner / unknown
    customers: int
    with_min_tags: float  # share of customers with at least ``min_tags`` profile tags
    with_life_tag: float  # share with at least one life.* tag


def _group_sql(by: GroupBy | None) -> str:
    if by is None:
        return f"'{ALL}'"
    if by == "manager":
        return owner_expression("c").sql("duckdb")
    return {"sub_branch": "c.sub_branch_id", "branch": "c.branch_id"}[by]


def tag_rate(ws: Workspace, min_tags: int = 3, by: GroupBy | None = None) -> list[TagRate]:
    """Per group: customers, share with ≥ ``min_tags`` profile tags, share with ≥ 1 life.* tag."""
    if min_tags < 1:
        raise ValueError("min_tags must be at least 1")
    sql = f"""
        WITH t AS (
            SELECT customer_id, count(*) AS n,
                   count(*) FILTER (WHERE starts_with(code, 'life.')) AS n_life
            FROM profiles GROUP BY customer_id
        )
        SELECT {_group_sql(by)} AS grp, count(*) AS customers,
               avg(CASE WHEN coalesce(t.n, 0) >= $min_tags THEN 1.0 ELSE 0.0 END) AS with_min_tags,
               avg(CASE WHEN coalesce(t.n_life, 0) >= 1 THEN 1.0 ELSE 0.0 END) AS with_life_tag
        FROM customers c LEFT JOIN t ON t.customer_id = c.customer_id
        GROUP BY grp ORDER BY grp NULLS LAST
    """
    con = open_duckdb(ws)
    rows = con.sql(sql, params={"min_tags": min_tags}).fetchall()
    con.close()
    return [TagRate(g, n, float(a), float(b)) for g, n, a, b in rows]
