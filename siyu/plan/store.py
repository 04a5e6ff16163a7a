"""Bulk writes to the app DB: COPY on PostgreSQL, batched INSERT on SQLite; conflicts on the key ignored
(or updated), so writing the same rows twice changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, Table

BATCH = 20_000


def _tuples(data: pa.Table | list[dict], cols: list[str], start: int) -> list[tuple]:
    """Rows ``start .. start + BATCH`` as tuples in ``cols`` order, with values SQLite accepts."""
    if not isinstance(data, pa.Table):
        return [tuple(_sqlite(r[c]) for c in cols) for r in data[start : start + BATCH]]
    chunk = data.slice(start, BATCH)
    columns = []
    for c in cols:
        col = chunk.column(c)
        if pa.types.is_date(col.type) or pa.types.is_timestamp(col.type):
            col = (
                col.cast(pa.string())
                if pa.types.is_date(col.type)
                else pc.strftime(col, "%Y-%m-%d %H:%M:%S")  # %S carries the fraction
            )
        columns.append(col.to_pylist())
    return list(zip(*columns, strict=True))


def _sqlite(value: object) -> object:
    """Dates and times as the text SQLAlchemy stores on SQLite."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, date) else value


def _on_conflict(keys: list[str], update: Sequence[str]) -> str:
    action = (
        "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in update) if update else "DO NOTHING"
    )
    return f"ON CONFLICT ({', '.join(keys)}) {action}"


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
    cols = data.column_names if isinstance(data, pa.Table) else list(data[0])
    col_list = ", ".join(f'"{c}"' for c in cols)
    sql = f'INSERT INTO "{table.name}" ({col_list}) VALUES ({", ".join("?" for _ in cols)}) ' + _on_conflict(
        keys, update
    )
    # The DB-API cursor of the same connection (same transaction), fed column-wise tuples: the
    # ORM-level executemany builds a dict per row, which dominates at a million rows.
    cur = conn.connection.driver_connection.cursor()
    for start in range(0, n, BATCH):
        cur.executemany(sql, _tuples(data, cols, start))


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
    cur.execute(
        f'INSERT INTO "{table.name}" ({col_list}) SELECT {col_list} FROM {tmp} ' + _on_conflict(keys, update)
    )
