"""Read access to the lake for the console: one cached DuckDB connection per worker thread.

Opening a connection and defining its views costs more than a customer-360 query, so each thread
keeps its own and rebuilds it only when a dataset appears or disappears (checked every few seconds).
The current-owner table is shared by all threads and refreshed every ``OWNER_TTL_SECONDS``, so an
applied assignment plan changes what managers see within that time.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import duckdb
import pyarrow as pa

from siyu.lake.schemas import DATASETS
from siyu.security.scope import install_owner_view, owner_table
from siyu.workspace import Workspace

RECHECK_SECONDS = 5.0
OWNER_TTL_SECONDS = 30.0

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
        self._local = threading.local()
        self._opened: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()
        self._owners: pa.Table | None = None
        self._owners_at = float("-inf")

    def _owner_table(self) -> pa.Table | None:
        with self._lock:
            if time.monotonic() - self._owners_at > OWNER_TTL_SECONDS:
                self._owners = owner_table(self.ws)
                self._owners_at = time.monotonic()
            return self._owners

    def refresh_owners(self) -> None:
        """Reload current owners on the next query (after an assignment plan is applied)."""
        with self._lock:
            self._owners_at = float("-inf")

    def _present(self) -> tuple[bool, ...]:
        return tuple(self.ws.lake.exists(name) for name in DATASETS)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute("SET parquet_metadata_cache = true")
        con.execute("SET threads = 2")
        self.ws.lake.connect(con)
        con.execute(_CURRENT_MEMBERSHIPS)
        with self._lock:
            self._opened.append(con)
        return con

    def close(self) -> None:
        """Close every thread's connection (at shutdown, before worker threads are torn down)."""
        with self._lock:
            for con in self._opened:
                con.close()
            self._opened.clear()
        self._local = threading.local()

    def connection(self) -> duckdb.DuckDBPyConnection:
        local = self._local
        now = time.monotonic()
        if getattr(local, "con", None) is None or now - local.checked > RECHECK_SECONDS:
            present = self._present()
            if getattr(local, "con", None) is None or present != local.present:
                if getattr(local, "con", None) is not None:
                    with self._lock:
                        self._opened.remove(local.con)
                    local.con.close()
                local.con = self._connect()
                local.owners = False  # views of a new connection need the owner view again
                local.present = present
            local.checked = now
        owners = self._owner_table()
        if getattr(local, "owners", False) is not owners:
            install_owner_view(local.con, owners)
            local.owners = owners
        return local.con

    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        # Arrow, not fetchall(): timestamps come back with zoneinfo instead of needing pytz
        return self.connection().sql(sql, params=params or None).to_arrow_table().to_pylist()

    def one(self, sql: str, params: list | None = None) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None
