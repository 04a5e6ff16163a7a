"""Merging a validated file into a keyed lake dataset (customers, holdings, products).

Within a file the last row of a key wins. A key already in the lake with the same values is a
duplicate; with changed values it replaces the stored row (columns the file lacks keep their
stored values). The dataset is rewritten only when something changed; new keys are appended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from siyu.ingest.arrays import to_mask
from siyu.ingest.validate import LINE
from siyu.lake import Lake
from siyu.lake.schemas import DATASETS
from siyu.lake.sql import quote

STAMP = "updated_at"  # set to the ingest time on new and changed rows when the file has no value


@dataclass(frozen=True)
class UpsertResult:
    inserted: int
    updated: int
    duplicates: int  # unchanged keys plus repeats of a key within the file


def upsert(lake: Lake, dataset: str, key: str, incoming: pa.Table) -> UpsertResult:
    """Merge ``incoming`` (some of the dataset's columns, plus ``_line``) into ``dataset``."""
    schema = DATASETS[dataset][0]
    present = [c for c in schema.names if c in incoming.column_names]
    k = quote(key)
    unique = pc.count_distinct(incoming.column(key)).as_py()
    latest = f"SELECT * EXCLUDE ({LINE}) FROM incoming"
    if unique < incoming.num_rows:
        latest += f" QUALIFY row_number() OVER (PARTITION BY {k} ORDER BY {LINE} DESC) = 1"
    compared = [c for c in present if c not in (key, STAMP)]
    changed = " OR ".join(f"l.{quote(c)} IS DISTINCT FROM e.{quote(c)}" for c in compared) or "FALSE"
    # New and changed rows, complete: columns absent from the file come from the stored row.
    now = f"TIMESTAMPTZ '{datetime.now(UTC).isoformat()}'"
    columns = []
    for c in schema.names:
        value = f"l.{quote(c)}" if c in present else f"e.{quote(c)}"
        if c == STAMP:
            value = f"coalesce(l.{quote(c)}, {now})" if c in present else now
        columns.append(f"{value} AS {quote(c)}")
    if not lake.exists(dataset) and unique == incoming.num_rows:  # first load: nothing to merge with
        lake.append(dataset, _stamped(incoming.drop_columns([LINE]), schema))
        return UpsertResult(inserted=unique, updated=0, duplicates=0)
    con = lake.connect()
    con.register("incoming", incoming)
    merged = con.sql(
        f"WITH l AS ({latest}) SELECT {', '.join(columns)}, e.{k} IS NOT NULL AS existed "
        f"FROM l LEFT JOIN {dataset} e ON l.{k} = e.{k} WHERE e.{k} IS NULL OR {changed}"
    ).to_arrow_table()
    updated = int(to_mask(merged.column("existed")).sum())
    inserted = merged.num_rows - updated
    if updated:
        con.register("merged", merged)
        lake.replace(
            dataset,
            con.sql(
                f"SELECT * FROM {dataset} e WHERE e.{k} NOT IN (SELECT {k} FROM merged) "
                f"UNION ALL BY NAME SELECT * EXCLUDE (existed) FROM merged"
            ).to_arrow_table(),
        )
    elif inserted:
        lake.append(dataset, merged.drop_columns(["existed"]))
    return UpsertResult(inserted=inserted, updated=updated, duplicates=incoming.num_rows - merged.num_rows)


def _stamped(rows: pa.Table, schema: pa.Schema) -> pa.Table:
    """Rows with ``updated_at`` set to now where the file gave none (for datasets that have it)."""
    if STAMP not in schema.names:
        return rows
    now = pa.scalar(datetime.now(UTC), pa.timestamp("us", tz="UTC"))
    if STAMP not in rows.column_names:
        return rows.append_column(STAMP, pa.repeat(now, rows.num_rows))
    column = rows.column(STAMP)
    return rows.set_column(
        rows.schema.get_field_index(STAMP), STAMP, pc.fill_null(column, now.cast(column.type))
    )
