"""Read access to the lake for the console: one in-memory DuckDB database per process, a cursor
per thread.

A customer 360 is a handful of lookups by ``customer_id``. Parquet answers those by decoding whole
row groups of every file (tens of milliseconds at a million customers, more when touches and
conversations are spread over hundreds of daily partitions), so the datasets read by customer are
copied into DuckDB tables sorted by customer_id, where zone maps turn a lookup into a few
milliseconds (about 0.6 GB of memory per million customers with their holdings, tags and touches).
Conversations are copied without their utterances (``conversation_index``). Files the lake appended
since the last look are inserted; a dataset that lost files (replaced) is copied again. Each refresh
runs in one transaction, so readers see the old or the new copy, never half of one. Every other
dataset is a view over its Parquet files. The assignment stage's current-owner table is copied the
same way and refreshed every ``OWNER_TTL_SECONDS`` (at once after a plan is applied).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import duckdb

from siyu.lake.schemas import DATASETS
from siyu.lake.sql import literal
from siyu.security.scope import install_owner_view, owner_table
from siyu.workspace import Workspace

RECHECK_SECONDS = 5.0
OWNER_TTL_SECONDS = 30.0

# table -> (dataset, columns copied); each is sorted by customer_id
SERVED: dict[str, tuple[str, str]] = {
    "customers": ("customers", "*"),
    "holdings": ("holdings", "*"),
    "profiles": ("profiles", "*"),
    "touches": ("touches", "*"),
    "memberships": ("memberships", "*"),
    "compliance_hits": ("compliance_hits", "*"),
    "conversation_index": (
        "conversations",
        "conversation_id, channel, customer_id, staff_id, started_at, len(utterances) AS utterance_count",
    ),
}
_SERVED_DATASETS = {dataset for dataset, _ in SERVED.values() if dataset != "conversations"}

# Memberships may hold several runs per segment; the console shows the latest one.
_CURRENT_MEMBERSHIPS = """
CREATE OR REPLACE VIEW current_memberships AS
SELECT m.segment_id, m.customer_id FROM memberships m
JOIN (SELECT segment_id, arg_max(run_id, run_at) AS run_id FROM memberships GROUP BY segment_id) r
  USING (segment_id, run_id)
"""


def _file_list(files: list[Path]) -> str:
    quoted = ", ".join(literal(f) for f in files)
    return f"read_parquet([{quoted}], union_by_name = true, hive_partitioning = false)"


class LakeView:
    def __init__(self, ws: Workspace):
        self.ws = ws
        self._db = duckdb.connect()
        self._db.execute("SET parquet_metadata_cache = true")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._loaded: dict[str, set[Path]] = {}  # served table -> files copied into it
        self._views: dict[str, bool] = {}  # other dataset -> had files when its view was made
        self._checked = float("-inf")
        self._owners_at = float("-inf")

    def _kind(self, name: str) -> str | None:
        found = self._db.execute(
            "SELECT 'table' FROM duckdb_tables() WHERE table_name = $n"
            " UNION ALL SELECT 'view' FROM duckdb_views() WHERE view_name = $n",
            {"n": name},
        ).fetchall()
        return found[0][0] if found else None

    def _serve(self, table: str, dataset: str, columns: str) -> bool:
        """Bring one copy up to date; True when anything changed."""
        db = self._db
        files = set(self.ws.lake.files(dataset))
        loaded = self._loaded.get(table)
        if loaded is not None and files == loaded:
            return False
        if loaded is not None and loaded <= files:  # appended: insert the new files only
            new = sorted(files - loaded)
            db.execute(f"INSERT INTO {table} SELECT {columns} FROM {_file_list(new)} ORDER BY customer_id")
        else:
            if self._kind(table) == "view":
                db.execute(f"DROP VIEW {table}")
            db.register("__empty", DATASETS[dataset][0].empty_table())
            source = _file_list(sorted(files)) if files else "__empty"
            db.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT {columns} FROM {source} ORDER BY customer_id"
            )
            db.unregister("__empty")
        self._loaded[table] = files
        return True

    def _view(self, name: str) -> None:
        present = self.ws.lake.exists(name)
        if self._views.get(name) == present:
            return
        if present:
            self._db.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {self.ws.lake.scan_sql(name)}")
        else:
            self._db.register("__empty", DATASETS[name][0].empty_table())
            self._db.execute(f"CREATE OR REPLACE TABLE __empty_{name} AS SELECT * FROM __empty")
            self._db.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM __empty_{name}")
            self._db.unregister("__empty")
        self._views[name] = present

    def refresh(self) -> None:
        """Bring the copies, views and owner table up to date with the lake (cheap when unchanged)."""
        with self._lock:
            now = time.monotonic()
            self._db.execute("BEGIN")
            changed = False
            for table, (dataset, columns) in SERVED.items():
                changed |= self._serve(table, dataset, columns)
            for name in DATASETS:
                if name not in _SERVED_DATASETS:
                    self._view(name)
            self._db.execute(_CURRENT_MEMBERSHIPS)
            if changed or now - self._owners_at > OWNER_TTL_SECONDS:
                install_owner_view(self._db, owner_table(self.ws))
                self._owners_at = now
            self._db.execute("COMMIT")
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
