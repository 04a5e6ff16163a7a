"""The in-process DuckDB that ingest computes with."""

from __future__ import annotations

from functools import cache

import duckdb

# Naive times in bank files are Beijing time; TIMESTAMPTZ values come back tagged with this zone.
LOCAL_TZ = "Asia/Shanghai"


@cache
def _database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET GLOBAL TimeZone = '{LOCAL_TZ}'")
    return con


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh connection (own temp tables and registered tables) to one shared in-memory database.

    Opening a database costs far more than a cursor on it, and ingest opens many.
    """
    return _database().cursor()


def quote(name: str) -> str:
    """A SQL identifier for any column name, Chinese headers included."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    """The single row of a query (fetched completely, so the connection is free for the next one)."""
    return con.execute(sql).fetchall()[0]
