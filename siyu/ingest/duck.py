"""The in-process DuckDB connection ingest computes with."""

from __future__ import annotations

import duckdb

# Naive times in bank files are Beijing time; TIMESTAMPTZ values come back tagged with this zone.
LOCAL_TZ = "Asia/Shanghai"


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{LOCAL_TZ}'")
    return con


def quote(name: str) -> str:
    """A SQL identifier for any column name, Chinese headers included."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    """The single row of a query (fetched completely, so the connection is free for the next one)."""
    return con.execute(sql).fetchall()[0]
