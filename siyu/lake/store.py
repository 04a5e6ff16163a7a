"""Reading and writing lake datasets: atomic Parquet writes, date partitions, DuckDB views."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from siyu.lake.schemas import DATASETS
from siyu.lake.sql import literal


class UnknownDataset(KeyError):
    pass


def _schema(dataset: str) -> tuple[pa.Schema, bool]:
    try:
        return DATASETS[dataset]
    except KeyError as exc:
        raise UnknownDataset(f"unknown lake dataset {dataset!r}; known: {', '.join(DATASETS)}") from exc


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Select and cast columns to the declared schema; missing nullable columns become nulls."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Write to a temporary name beside the target, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


class Lake:
    """The Parquet datasets under ``root``: one folder per dataset, ``date=YYYY-MM-DD`` partitions."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, dataset: str) -> Path:
        _schema(dataset)
        return self.root / dataset

    def files(self, dataset: str) -> list[Path]:
        base = self.path(dataset)
        if not base.exists():
            return []
        return sorted(p for p in base.rglob("*.parquet") if not p.name.startswith("."))

    def exists(self, dataset: str) -> bool:
        return bool(self.files(dataset))

    def append(self, dataset: str, table: pa.Table | Iterable[pa.Table]) -> int:
        """Add rows as new part files (split by the ``date`` column for partitioned datasets)."""
        return self._write(dataset, table, self.path(dataset))

    def replace(self, dataset: str, table: pa.Table | Iterable[pa.Table]) -> int:
        """Swap the whole dataset for new content (snapshots such as profiles)."""
        base = self.path(dataset)
        staging = base.with_name(f".{dataset}.{uuid.uuid4().hex}.staging")
        written = self._write(dataset, table, staging)
        staging.mkdir(parents=True, exist_ok=True)
        old = base.with_name(f".{dataset}.{uuid.uuid4().hex}.old")
        if base.exists():
            os.replace(base, old)
        os.replace(staging, base)
        shutil.rmtree(old, ignore_errors=True)
        return written

    def _write(self, dataset: str, table: pa.Table | Iterable[pa.Table], base: Path) -> int:
        schema, partitioned = _schema(dataset)
        tables = [table] if isinstance(table, pa.Table) else table
        written = 0
        for t in tables:
            if t.num_rows == 0:
                continue
            t = conform(t, schema)
            written += t.num_rows
            if not partitioned:
                write_parquet_atomic(t, base / f"part-{uuid.uuid4().hex}.parquet")
                continue
            for day in pc.unique(t.column("date")).to_pylist():
                mask = pc.is_null(t.column("date")) if day is None else pc.equal(t.column("date"), day)
                folder = "date=__null__" if day is None else f"date={day.isoformat()}"
                write_parquet_atomic(t.filter(mask), base / folder / f"part-{uuid.uuid4().hex}.parquet")
        return written

    def scan_sql(self, dataset: str) -> str:
        """A DuckDB table expression for the dataset (an empty typed relation when it has no files)."""
        files = self.files(dataset)
        if not files:
            return f"(SELECT * FROM __empty_{dataset})"
        pattern = str(self.path(dataset) / ("**/*.parquet" if _schema(dataset)[1] else "*.parquet"))
        return f"read_parquet({literal(pattern)}, union_by_name=true, hive_partitioning=false)"

    def connect(self, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with one view per dataset, named after it."""
        con = con or duckdb.connect()
        for name, (schema, _) in DATASETS.items():
            con.register(f"__empty_{name}", schema.empty_table())
            con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {self.scan_sql(name)}")
        return con

    def read(self, dataset: str, columns: list[str] | None = None) -> pa.Table:
        schema, _ = _schema(dataset)
        files = self.files(dataset)
        if not files:
            empty = schema.empty_table()
            return empty.select(columns) if columns else empty
        con = duckdb.connect()
        cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        table = con.sql(f"SELECT {cols} FROM {self.scan_sql(dataset)}").to_arrow_table()
        return table if columns else conform(table, schema)

    def count(self, dataset: str) -> int:
        return sum(pq.ParquetFile(f).metadata.num_rows for f in self.files(dataset))
