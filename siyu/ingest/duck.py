"""The in-process DuckDB that ingest computes with."""

from __future__ import annotations

from functools import cache

import duckdb

from siyu.clock import BANK_TZ_NAME


@cache
def _database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    # Naive times in bank files are Beijing time; TIMESTAMPTZ values come back tagged with this zone.
    con.execute(f"SET GLOBAL TimeZone = '{BANK_TZ_NAME}'")
    return con


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh connection (own temp tables and registered tables) to one shared in-memory database.

    Opening a database costs far more than a cursor on it, and ingest opens many.
    """
    return _database().cursor()


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    """The single row of a query (fetched completely, so the connection is free for the next one)."""
    return con.execute(sql).fetchall()[0]
