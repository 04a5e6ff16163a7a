import datetime as dt

import pyarrow as pa
import pytest

from siyu.lake import Lake
from siyu.lake.store import UnknownDataset


def test_partitioned_append_and_views(tmp_path):
    lake = Lake(tmp_path / "lake")
    days = [dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 2)]
    assert lake.append("conversations", pa.table({"conversation_id": ["a", "b", "c"], "date": days})) == 3
    folders = sorted(p.parent.name for p in lake.files("conversations"))
    assert folders == ["date=2026-03-01", "date=2026-03-02"]
    con = lake.connect()
    assert con.sql("SELECT count(*) FROM conversations WHERE date = DATE '2026-03-02'").fetchall() == [(2,)]
    # a dataset with no files is an empty, typed view
    assert con.sql("SELECT count(*) FROM tag_events").fetchall() == [(0,)]
    assert lake.read("conversations").schema.names[-1] == "date"


def test_replace_swaps_whole_dataset_and_leaves_no_temp_files(tmp_path):
    lake = Lake(tmp_path / "lake")
    lake.append("profiles", pa.table({"customer_id": ["x", "y"], "code": ["c", "c"], "value": ["v", "w"]}))
    lake.replace("profiles", pa.table({"customer_id": ["z"], "code": ["c"], "value": ["v"]}))
    assert lake.read("profiles").column("customer_id").to_pylist() == ["z"]
    assert [p.name for p in (tmp_path / "lake").iterdir()] == ["profiles"]
    lake.replace("profiles", [])
    assert lake.count("profiles") == 0


def test_paths_with_quotes_and_unknown_datasets(tmp_path):
    lake = Lake(tmp_path / "o'brien" / "lake")
    lake.append("customers", pa.table({"customer_id": ["C1"]}))
    assert lake.connect().sql("SELECT customer_id FROM customers").fetchall() == [("C1",)]
    with pytest.raises(UnknownDataset, match="unknown lake dataset 'nope'"):
        lake.append("nope", pa.table({"x": [1]}))
