"""Merging a validated file into a keyed lake dataset (customers, holdings, products).

Within a file the last row of a key wins. A key already in the lake with the same values is a
duplicate; with changed values it replaces the stored row (columns the file lacks keep their
stored values). The dataset is rewritten only when something changed; new keys are appended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa

from siyu.ingest.duck import connect, one, quote
from siyu.ingest.validate import LINE
from siyu.lake import Lake
from siyu.lake.schemas import DATASETS

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
    con = lake.connect(connect())
    con.register("incoming", incoming)
    con.execute(
        f"CREATE TEMP TABLE latest AS SELECT * EXCLUDE ({LINE}) FROM incoming "
        f"QUALIFY row_number() OVER (PARTITION BY {quote(key)} ORDER BY {LINE} DESC) = 1"
    )
    (unique,) = one(con, "SELECT count(*) FROM latest")
    repeats = incoming.num_rows - unique
    k = quote(key)
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
    con.execute(
        f"CREATE TEMP TABLE merged AS SELECT {', '.join(columns)}, e.{k} IS NOT NULL AS existed "
        f"FROM latest l LEFT JOIN {dataset} e ON l.{k} = e.{k} "
        f"WHERE e.{k} IS NULL OR {changed}"
    )
    inserted, updated = one(
        con, "SELECT count(*) FILTER (NOT existed), count(*) FILTER (existed) FROM merged"
    )
    if updated:
        kept = con.sql(
            f"SELECT * FROM {dataset} e WHERE e.{k} NOT IN (SELECT {k} FROM merged) "
            f"UNION ALL BY NAME SELECT * EXCLUDE (existed) FROM merged"
        ).to_arrow_table()
        lake.replace(dataset, kept)
    elif inserted:
        lake.append(dataset, con.sql("SELECT * EXCLUDE (existed) FROM merged").to_arrow_table())
    return UpsertResult(inserted=inserted, updated=updated, duplicates=repeats + unique - inserted - updated)
