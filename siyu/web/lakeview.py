"""Read access to the lake for the console: one in-memory DuckDB database per process, a cursor
per thread.

A customer 360 is a handful of point lookups by ``customer_id``. Parquet answers those by decoding
whole row groups (tens of milliseconds at a million customers), so the datasets the 360 reads by
customer (customers, holdings, profiles) are copied into DuckDB tables sorted by customer_id, where
zone maps turn a lookup into a few milliseconds (about 0.6 GB of memory per million customers with
their holdings and tags). The copies are rebuilt when those Parquet files change (checked every few
seconds) in one transaction, so readers see the old or the new copy, never half of one. Every other
dataset stays a view over its Parquet files. The current-owner table of the assignment stage is
copied the same way and refreshed every ``OWNER_TTL_SECONDS`` (at once after a plan is applied).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import duckdb

from siyu.lake.schemas import DATASETS
from siyu.security.scope import install_owner_view, owner_table
from siyu.workspace import Workspace

RECHECK_SECONDS = 5.0
OWNER_TTL_SECONDS = 30.0
SERVED = ("customers", "holdings", "profiles")  # copied and sorted by customer_id

# Memberships may hold several runs per segment; the console shows the latest one.
_CURRENT_MEMBERSHIPS = """
CREATE OR REPLACE VIEW current_memberships AS
SELECT m.segment_id, m.customer_id FROM memberships m
JOIN (SELECT segment_id, arg_max(run_id, run_at) AS run_id FROM memberships GROUP BY segment_id) r
  USING (segment_id, run_id)
"""


class LakeView:
    def __init__(self, ws: Workspace):
        self.ws = ws
        self._db = duckdb.connect()
        self._db.execute("SET parquet_metadata_cache = true")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._checked = float("-inf")
        self._owners_at = float("-inf")

    def _files_signature(self) -> tuple:
        lake = self.ws.lake
        present = tuple(lake.exists(name) for name in DATASETS)
        served = tuple(
            (p.name, p.stat().st_size, p.stat().st_mtime_ns) for name in SERVED for p in lake.files(name)
        )
        return present, served

    def _kind(self, name: str) -> str | None:
        found = self._db.execute(
            "SELECT 'table' FROM duckdb_tables() WHERE table_name = $n"
            " UNION ALL SELECT 'view' FROM duckdb_views() WHERE view_name = $n",
            {"n": name},
        ).fetchall()
        return found[0][0] if found else None

    def _rebuild(self) -> None:
        """Sorted copies of the served datasets, views over Parquet for the rest, in one transaction."""
        lake, db = self.ws.lake, self._db
        db.execute("BEGIN")
        for name, (schema, _) in DATASETS.items():
            present = lake.exists(name)
            kind = self._kind(name)
            if name in SERVED or not present:  # a table: a sorted copy, or typed and empty
                if kind == "view":
                    db.execute(f"DROP VIEW {name}")
                db.register("__incoming", schema.empty_table())
                source = lake.scan_sql(name) if present else "__incoming"
                order = " ORDER BY customer_id" if name in SERVED else ""
                db.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {source}{order}")
                db.unregister("__incoming")
            else:
                if kind == "table":
                    db.execute(f"DROP TABLE {name}")
                db.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {lake.scan_sql(name)}")
        db.execute(_CURRENT_MEMBERSHIPS)
        db.execute("COMMIT")

    def refresh(self) -> None:
        """Bring the copies and the owner table up to date with the lake (cheap when nothing changed)."""
        with self._lock:
            now = time.monotonic()
            signature = self._files_signature()
            rebuilt = signature != self._signature
            if rebuilt:
                self._rebuild()
                self._signature = signature
            if rebuilt or now - self._owners_at > OWNER_TTL_SECONDS:
                install_owner_view(self._db, owner_table(self.ws))
                self._owners_at = now
            self._checked = now

    def refresh_owners(self) -> None:
        """Reload current owners on the next query (after an assignment plan is applied)."""
        with self._lock:
            self._owners_at = float("-inf")
            self._checked = float("-inf")

    def connection(self) -> duckdb.DuckDBPyConnection:
        if time.monotonic() - self._checked > RECHECK_SECONDS:
            self.refresh()
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._db.cursor()
        return cursor

    def close(self) -> None:
        """Close the database (at shutdown, before worker threads are torn down)."""
        with self._lock:
            self._db.close()

    def rows(self, sql: str, params: list | dict | None = None) -> list[dict[str, Any]]:
        # Arrow, not fetchall(): timestamps come back with zoneinfo instead of needing pytz
        return self.connection().sql(sql, params=params or None).to_arrow_table().to_pylist()

    def one(self, sql: str, params: list | dict | None = None) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None
