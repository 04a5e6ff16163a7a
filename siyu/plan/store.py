"""Bulk writes to the app DB: COPY on PostgreSQL, batched INSERT on SQLite; conflicts on the key ignored
(or updated), so writing the same rows twice changes nothing."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
from sqlalchemy import Connection, Table
from sqlalchemy.dialects import sqlite

BATCH = 20_000


def _rows(data: pa.Table | list[dict]) -> list[dict]:
    return data.to_pylist() if isinstance(data, pa.Table) else data


def bulk_write(
    conn: Connection, table: Table, data: pa.Table | list[dict], update: Sequence[str] = ()
) -> None:
    """Insert rows keyed by the table's primary key; on conflict do nothing, or update ``update`` columns."""
    n = data.num_rows if isinstance(data, pa.Table) else len(data)
    if n == 0:
        return
    keys = [c.name for c in table.primary_key.columns]
    if conn.dialect.name == "postgresql":
        _copy_pg(conn, table, data, keys, update)
        return
    for start in range(0, n, BATCH):
        chunk = data.slice(start, BATCH) if isinstance(data, pa.Table) else data[start : start + BATCH]
        stmt = sqlite.insert(table)
        if update:
            stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        conn.execute(stmt, _rows(chunk))


def _copy_pg(conn: Connection, table: Table, data: pa.Table | list[dict], keys: list[str], update) -> None:
    """COPY into a temporary table, then one INSERT .. ON CONFLICT from it."""
    cols = data.column_names if isinstance(data, pa.Table) else list(data[0])
    cur = conn.connection.driver_connection.cursor()
    tmp = f"tmp_{table.name}"
    col_list = ", ".join(f'"{c}"' for c in cols)
    cur.execute(
        f'CREATE TEMP TABLE IF NOT EXISTS {tmp} (LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
    )
    cur.execute(f"TRUNCATE {tmp}")
    batches = data.to_batches(BATCH) if isinstance(data, pa.Table) else [data]
    with cur.copy(f"COPY {tmp} ({col_list}) FROM STDIN") as copy:
        for batch in batches:
            rows = batch.to_pylist() if isinstance(batch, pa.RecordBatch) else batch
            for row in rows:
                copy.write_row([row[c] for c in cols])
    conflict = ", ".join(f'"{k}"' for k in keys)
    action = (
        "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in update) if update else "DO NOTHING"
    )
    cur.execute(
        f'INSERT INTO "{table.name}" ({col_list}) SELECT {col_list} FROM {tmp} '
        f"ON CONFLICT ({conflict}) {action}"
    )
