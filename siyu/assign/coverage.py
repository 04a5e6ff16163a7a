"""Effective coverage (有效覆盖): an owned customer with at least one two-way touch by the owner in the
last quarter. Unmanaged (无人管户) = no owner, or no such touch. Computed in DuckDB."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pyarrow as pa

from siyu.assign.ownership import current_owner_table, latest_customers_sql
from siyu.workspace import Workspace


def touched_pairs(ws: Workspace, as_of: date, days: int, only: str | None = None) -> pa.Table:
    """Distinct (customer_id, staff_id) with an effective touch in (as_of - days, as_of]."""
    con = ws.lake.connect()
    start = as_of - timedelta(days=days - 1)
    flt = "AND customer_id = $only" if only is not None else ""
    return con.sql(
        f"""
        SELECT DISTINCT customer_id, staff_id FROM touches
        WHERE effective AND staff_id IS NOT NULL AND date BETWEEN $start AND $end {flt}
        """,
        params={"start": start, "end": as_of, **({"only": only} if only is not None else {})},
    ).to_arrow_table()


def coverage_summary(
    customers: pa.Table, owners: pa.Table, touched: pa.Table, assume_owned_covered: bool = False
) -> dict:
    """Coverage totals and by branch, sub-branch and manager.

    customers: customer_id, branch_id, sub_branch_id, aum; owners: customer_id, owner_id;
    touched: customer_id, staff_id. With ``assume_owned_covered`` (a plan within capacity), every
    owned customer counts as covered and ``touched`` tells how many already are.
    """
    con = duckdb.connect()
    con.register("cov_customers", customers)
    con.register("cov_owners", owners)
    con.register("cov_touched", touched)
    con.execute(
        f"""
        CREATE TEMP TABLE cov AS
        SELECT c.customer_id, c.branch_id, c.sub_branch_id, coalesce(c.aum, 0) AS aum, o.owner_id,
               t.customer_id IS NOT NULL AS touched,
               o.owner_id IS NOT NULL AND ({"TRUE" if assume_owned_covered else "FALSE"}
                                            OR t.customer_id IS NOT NULL) AS covered
        FROM cov_customers c
        LEFT JOIN cov_owners o USING (customer_id)
        LEFT JOIN (SELECT DISTINCT customer_id, staff_id FROM cov_touched) t
               ON t.customer_id = c.customer_id AND t.staff_id = o.owner_id
        """
    )
    eff = "count(*) FILTER (covered)"
    agg = f"""count(*) AS customers, sum(aum)::DOUBLE AS aum, count(owner_id) AS owned,
             {eff} AS effective, count(*) FILTER (touched) AS touched, count(*) - {eff} AS unmanaged,
             round((count(*) - {eff}) / greatest(count(*), 1), 4)::DOUBLE AS unmanaged_share,
             round(sum(CASE WHEN covered THEN 0 ELSE aum END) / greatest(sum(aum), 1e-9), 4)::DOUBLE
                 AS unmanaged_aum_share"""

    def rows(q: str) -> list[dict]:
        return con.sql(q).to_arrow_table().to_pylist()

    total = rows(f"SELECT {agg} FROM cov")[0]
    total = {k: (v or 0) for k, v in total.items()}
    return {
        **total,
        "by_branch": rows(f"SELECT branch_id, {agg} FROM cov GROUP BY ALL ORDER BY branch_id"),
        "by_sub_branch": rows(
            f"SELECT branch_id, sub_branch_id, {agg} FROM cov GROUP BY ALL ORDER BY branch_id, sub_branch_id"
        ),
        "by_manager": rows(
            """SELECT owner_id AS staff_id, count(*) AS customers, count(*) FILTER (covered) AS effective,
                      count(*) FILTER (touched) AS touched, sum(aum)::DOUBLE AS aum
               FROM cov WHERE owner_id IS NOT NULL GROUP BY ALL ORDER BY staff_id"""
        ),
    }


def current_coverage(ws: Workspace, as_of: date, days: int = 90) -> dict:
    """Coverage now: current owners and the effective touches of the last ``days`` days."""
    customers = ws.lake.connect().sql(latest_customers_sql(ws, "customer_id, branch_id, sub_branch_id, aum"))
    customers = customers.to_arrow_table()
    return coverage_summary(customers, current_owner_table(ws), touched_pairs(ws, as_of, days))
