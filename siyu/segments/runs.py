"""Materialise segment memberships: replace each segment's members, record who entered and exited.

A membership row keeps the run in which the customer entered, so re-running on unchanged data
rewrites nothing and records no changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pyarrow as pa
from sqlalchemy import select

from siyu.clock import BANK_TZ
from siyu.profile.engine import open_duckdb
from siyu.segments.compiler import compile_tree
from siyu.segments.definitions import get_segment, list_segments, resolver
from siyu.segments.models import SegmentRun
from siyu.workspace import Workspace


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    segment_id: str
    name: str
    run_at: datetime
    members: int
    entered: int
    exited: int


def run_segments(
    ws: Workspace, ids: Iterable[str] | None = None, *, as_of: date | None = None, at: datetime | None = None
) -> list[RunSummary]:
    """Run the given segments (all library and user segments when ``ids`` is None)."""
    segments = list_segments(ws) if ids is None else [get_segment(ws, i) for i in dict.fromkeys(ids)]
    run_at = at or datetime.now(UTC)
    run_id = f"{run_at.astimezone(BANK_TZ):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    resolve = resolver(ws)
    con = open_duckdb(ws)
    try:
        con.execute("CREATE TEMP TABLE new_members (segment_id VARCHAR, customer_id VARCHAR)")
        for seg in segments:
            sql, params = compile_tree(seg.tree, "duckdb", as_of=as_of, resolve=resolve)
            params["segment_id"] = seg.id
            con.execute(
                f"INSERT INTO new_members SELECT DISTINCT $segment_id, customer_id FROM ({sql})", params
            )
        con.register("__run_ids", pa.table({"segment_id": [s.id for s in segments]}))
        # Materialise the old state before the dataset is swapped underneath the view.
        con.execute(
            "CREATE TEMP TABLE old_members AS SELECT segment_id, customer_id, run_id, run_at FROM memberships"
            " WHERE segment_id IN (SELECT segment_id FROM __run_ids)"
        )
        con.execute(
            """CREATE TEMP TABLE changes AS
               SELECT segment_id, customer_id, 'entered' AS change FROM new_members
               EXCEPT SELECT segment_id, customer_id, 'entered' FROM old_members
               UNION ALL
               (SELECT segment_id, customer_id, 'exited' FROM old_members
                EXCEPT SELECT segment_id, customer_id, 'exited' FROM new_members)"""
        )
        stamp = {"run_id": run_id, "run_at": run_at, "date": run_at.astimezone(BANK_TZ).date()}
        changes = con.sql(
            "SELECT segment_id, customer_id, change, $run_id AS run_id, $run_at AS run_at, $date AS date"
            " FROM changes",
            params=stamp,
        )
        if con.sql("SELECT count(*) FROM changes").fetchall()[0][0]:
            ws.lake.append(
                "membership_changes", (pa.Table.from_batches([b]) for b in changes.to_arrow_reader())
            )
            _replace_memberships(ws, con, run_id, run_at)
        counts = {
            seg_id: (members, entered, exited)
            for seg_id, members, entered, exited in con.sql(
                """SELECT s.segment_id,
                          (SELECT count(*) FROM new_members n WHERE n.segment_id = s.segment_id),
                          (SELECT count(*) FILTER (WHERE x.change = 'entered') FROM changes x
                           WHERE x.segment_id = s.segment_id),
                          (SELECT count(*) FILTER (WHERE x.change = 'exited') FROM changes x
                           WHERE x.segment_id = s.segment_id)
                   FROM __run_ids s"""
            ).fetchall()
        }
    finally:
        con.close()
    summaries = [RunSummary(run_id, s.id, s.name, run_at, *counts[s.id]) for s in segments]
    with ws.session() as session:
        session.add_all(
            SegmentRun(
                run_id=r.run_id,
                segment_id=r.segment_id,
                run_at=r.run_at,
                members=r.members,
                entered=r.entered,
                exited=r.exited,
            )
            for r in summaries
        )
    return summaries


def _replace_memberships(ws: Workspace, con, run_id: str, run_at: datetime) -> None:
    """Members of the run segments (entered ones stamped with this run) plus every other segment as is."""
    rows = con.sql(
        """SELECT n.segment_id, n.customer_id, coalesce(o.run_id, $run_id) AS run_id,
                  coalesce(o.run_at, $run_at) AS run_at
           FROM new_members n LEFT JOIN old_members o USING (segment_id, customer_id)
           UNION ALL
           SELECT segment_id, customer_id, run_id, run_at FROM memberships
           WHERE segment_id NOT IN (SELECT segment_id FROM __run_ids)""",
        params={"run_id": run_id, "run_at": run_at},
    )
    ws.lake.replace("memberships", (pa.Table.from_batches([b]) for b in rows.to_arrow_reader()))


def last_runs(ws: Workspace) -> dict[str, SegmentRun]:
    """The latest run of each segment."""
    with ws.session() as s:
        rows = s.scalars(select(SegmentRun).order_by(SegmentRun.run_at)).all()
    return {r.segment_id: r for r in rows}
