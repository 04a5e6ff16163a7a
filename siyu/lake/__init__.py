"""The lake: Parquet datasets under the data directory, read with DuckDB or Arrow."""

from siyu.lake.store import Lake

__all__ = ["Lake"]
