"""DuckDB connections over the lake, bounded in memory and spilling under the data directory."""

from __future__ import annotations

import os

import duckdb

from siyu.workspace import Workspace

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
