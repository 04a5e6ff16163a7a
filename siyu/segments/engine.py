"""Running segment trees on DuckDB over the lake: count, members, preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from siyu.profile.engine import open_duckdb
from siyu.segments.compiler import Resolver, compile_tree
from siyu.segments.definitions import resolver
from siyu.workspace import Workspace


@dataclass(frozen=True)
class Preview:
    count: int
    sample: list[str]


def count_on(
    con: duckdb.DuckDBPyConnection, tree: Any, *, as_of: date | None = None, resolve: Resolver | None = None
) -> int:
    sql, params = compile_tree(tree, "duckdb", as_of=as_of, resolve=resolve, count=True)
    return con.sql(sql, params=params).fetchall()[0][0]


def members_on(
    con: duckdb.DuckDBPyConnection, tree: Any, *, as_of: date | None = None, resolve: Resolver | None = None
) -> pa.Table:
    sql, params = compile_tree(tree, "duckdb", as_of=as_of, resolve=resolve)
    return con.sql(sql, params=params).to_arrow_table()


def count(ws: Workspace, tree: Any, *, as_of: date | None = None) -> int:
    """How many customers the tree selects now (or as of a day)."""
    con = open_duckdb(ws)
    try:
        return count_on(con, tree, as_of=as_of, resolve=resolver(ws))
    finally:
        con.close()


def members(ws: Workspace, tree: Any, *, as_of: date | None = None) -> pa.Table:
    """The customer_id of every member, as an Arrow table."""
    con = open_duckdb(ws)
    try:
        return members_on(con, tree, as_of=as_of, resolve=resolver(ws))
    finally:
        con.close()


def preview(ws: Workspace, tree: Any, *, as_of: date | None = None, sample: int = 10) -> Preview:
    """The member count and the first few members by customer_id."""
    con = open_duckdb(ws)
    try:
        resolve = resolver(ws)
        sql, params = compile_tree(tree, "duckdb", as_of=as_of, resolve=resolve)
        n = count_on(con, tree, as_of=as_of, resolve=resolve)
        params["sample_size"] = sample
        rows = con.sql(
            f"SELECT customer_id FROM ({sql}) ORDER BY 1 LIMIT $sample_size", params=params
        ).fetchall()
        return Preview(n, [r[0] for r in rows])
    finally:
        con.close()
