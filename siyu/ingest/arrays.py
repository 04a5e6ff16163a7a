"""Small Arrow/numpy helpers shared by the ingest modules."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def to_mask(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean Arrow result as numpy, nulls as False."""
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False)


def first_of_each(keys: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """True at the first occurrence of every key, in order."""
    n = len(keys)
    if pc.count_distinct(keys).as_py() == n:
        return np.ones(n, bool)
    positions = pa.table({"key": keys, "pos": np.arange(n)}).group_by("key").aggregate([("pos", "min")])
    keep = np.zeros(n, bool)
    keep[positions.column("pos_min").to_numpy()] = True
    return keep


def keep(table: pa.Table, mask: np.ndarray) -> pa.Table:
    """The rows where ``mask`` is true; the table itself, uncopied, when that is all of them."""
    return table if mask.all() else table.filter(pa.array(mask))
