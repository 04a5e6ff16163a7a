"""DuckDB connections over the lake, bounded in memory and spilling under the data directory."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import duckdb

from siyu.workspace import Workspace

BANK_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_MEMORY_LIMIT = os.environ.get("SIYU_DUCKDB_MEMORY", "6GB")


def open_duckdb(ws: Workspace, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A connection with one view per lake dataset; large sorts and aggregates spill to disk."""
    spill = ws.settings.data_dir / "tmp" / "duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        config={
            "memory_limit": memory_limit or DEFAULT_MEMORY_LIMIT,
            "temp_directory": str(spill),
            "preserve_insertion_order": False,
        }
    )
    return ws.lake.connect(con)


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the bank's time zone (as an aware UTC datetime)."""
    return datetime.combine(day + timedelta(days=1), time(), BANK_TZ).astimezone(ZoneInfo("UTC"))


def today() -> date:
    return datetime.now(BANK_TZ).date()
