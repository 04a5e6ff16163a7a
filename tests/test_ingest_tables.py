"""Customers, holdings and products files: validation, quarantine, encodings, idempotent merge."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from siyu.ingest import IngestInputError, ingest_file
from siyu.ingest.spec import load_spec
from siyu.ingest.validate import validate_table
from siyu.workspace import Workspace

DATA = Path(__file__).parent / "data" / "ingest"


def _quarantine(report) -> list[dict]:
    return [json.loads(line) for line in report.quarantine_file.read_text(encoding="utf-8").splitlines()]


def _customers(ws: Workspace) -> dict[str, dict]:
    return {r["customer_id"]: r for r in ws.lake.read("customers").to_pylist()}


def test_good_customers_are_parsed_into_lake_types(sqlite_workspace: Workspace) -> None:
    report = ingest_file(sqlite_workspace, "customers", DATA / "customers_good.csv")
    assert (report.rows_read, report.ingested, report.quarantined, report.exit_code) == (3, 3, 0, 0)
    assert report.quarantine_file is None and report.encoding == "utf-8"
    rows = _customers(sqlite_workspace)
    assert rows["C0001"]["aum"] == 120000.5
    assert rows["C0001"]["marketing_consent"] is True and rows["C0002"]["marketing_consent"] is False
    assert rows["C0002"]["birth_date"] == date(1985, 12, 12)
    assert rows["C0003"]["birth_date"] == date(1970, 7, 7)
    assert rows["C0003"]["owner_id"] is None and rows["C0003"]["updated_at"] is not None


def test_mixed_file_keeps_valid_rows_and_quarantines_the_rest(sqlite_workspace: Workspace) -> None:
    report = ingest_file(sqlite_workspace, "customers", DATA / "customers_mixed.csv")
    assert report.exit_code == 3
    assert (report.rows_read, report.ingested, report.quarantined) == (8, 2, 6)
    rows = _customers(sqlite_workspace)
    assert set(rows) == {"C0101", "C0108"}
    assert rows["C0101"]["gender"] == "M" and rows["C0101"]["aum"] == 2_500_000
    assert rows["C0108"]["phone"] == "13800001111" and rows["C0108"]["risk_rating"] == "C2"
    problems = {(q["line"], q["field"]) for q in _quarantine(report)}
    assert problems == {
        (3, "birth_date"),
        (4, "customer_id"),
        (5, "gender"),
        (6, "id_card"),
        (8, "*"),
        (9, "aum"),
    }
    first = _quarantine(report)[0]
    assert first["file"] == str(DATA / "customers_mixed.csv")
    assert first["value"] == "1990-02-30" and first["row"]["客户号"] == "C0102"
    assert "YYYY-MM-DD" in first["reason"]
    assert report.reasons[("id_card", load_reason("customers", "id_card"))] == 1


def load_reason(kind: str, field: str) -> str:
    """The reason text a bad value of ``field`` gets, as produced by validation itself."""
    table = pa.table({"customer_id": ["X"], field: ["bad"]})
    _, errors = validate_table(table, load_spec(kind))
    return errors[0].reason


def test_reingest_adds_nothing_and_update_replaces_changed_customers(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    ingest_file(ws, "customers", DATA / "customers_good.csv")
    files_before = ws.lake.files("customers")
    again = ingest_file(ws, "customers", DATA / "customers_good.csv")
    assert (again.ingested, again.duplicates, again.exit_code) == (0, 3, 0)
    assert ws.lake.files("customers") == files_before  # nothing rewritten

    update = ingest_file(ws, "customers", DATA / "customers_update.csv")
    assert (update.ingested, update.updated, update.duplicates) == (2, 1, 2)
    rows = _customers(ws)
    assert len(rows) == 4 and ws.lake.count("customers") == 4
    assert rows["C0002"]["aum"] == 99000 and rows["C0002"]["risk_rating"] == "C4"
    assert rows["C0002"]["phone"] == "13900139000"  # a column the update file lacks keeps its value
    assert rows["C0004"]["aum"] == 2000  # the later row of a repeated id wins
    assert ingest_file(ws, "customers", DATA / "customers_update.csv").ingested == 0


@pytest.mark.parametrize(
    ("name", "encoding"), [("customers_gbk.csv", "gb18030"), ("customers_bom.csv", "utf-8-sig")]
)
def test_chinese_headers_in_gbk_and_utf8_bom(sqlite_workspace: Workspace, name: str, encoding: str) -> None:
    report = ingest_file(sqlite_workspace, "customers", DATA / name)
    assert report.encoding == encoding and report.exit_code == 0
    rows = sorted(sqlite_workspace.lake.read("customers").to_pylist(), key=lambda r: r["customer_id"])
    assert [r["name"] for r in rows] == ["欧阳娜娜", "诸葛亮"]
    assert [r["gender"] for r in rows] == ["F", "M"]
    assert rows[1]["risk_rating"] == "C5" and rows[1]["owner_id"] == "M02" and rows[0]["aum"] == 1000


def test_parquet_rows_are_numbered_and_typed_columns_accepted(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "customers.parquet"
    table = pa.table(
        {
            "customer_id": ["P1", "P2", None],
            "birth_date": pa.array([date(1990, 1, 1), None, date(1991, 1, 1)], pa.date32()),
            "aum": [10.0, -3.0, 5.0],
            "wecom_friend": [True, False, None],
        }
    )
    pq.write_table(table, path)
    report = ingest_file(sqlite_workspace, "customers", path)
    assert report.encoding == "parquet" and report.ingested == 1
    assert {(q["line"], q["field"]) for q in _quarantine(report)} == {(2, "aum"), (3, "customer_id")}
    assert _customers(sqlite_workspace)["P1"]["wecom_friend"] is True


def test_products_and_holdings(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    products = ingest_file(ws, "products", DATA / "products.csv")
    assert (products.ingested, products.quarantined) == (3, 1)
    assert {q["field"] for q in _quarantine(products)} == {"product_type", "risk_level"}
    by_id = {r["product_id"]: r for r in ws.lake.read("products").to_pylist()}
    assert by_id["P001"]["product_type"] == "wealth" and by_id["P003"]["term_days"] == 1095
    assert by_id["P002"]["term_days"] is None and by_id["P003"]["benchmark_yield"] == 2.35

    holdings = ingest_file(ws, "holdings", DATA / "holdings.csv")
    assert (holdings.ingested, holdings.quarantined) == (2, 2)
    assert {(q["line"], q["field"]) for q in _quarantine(holdings)} == {(4, "amount"), (5, "customer_id")}
    assert ingest_file(ws, "holdings", DATA / "holdings.csv").ingested == 0
    assert ws.lake.count("holdings") == 2


def test_id_card_check_digit_and_phone_rules() -> None:
    spec = load_spec("customers")
    ids = [
        "11010519491231002x",
        "110105194912310021",
        "11010519491231002",
        "440304199001010011",
        "4403041990010100AA",
    ]
    table = pa.table({"customer_id": [f"C{i}" for i in range(len(ids))], "id_card": ids})
    valid, errors = validate_table(table, spec)
    assert valid.column("id_card").to_pylist() == ["11010519491231002X", "440304199001010011"]
    assert [e.line for e in errors] == [2, 3, 5]

    phones = ["+86 138 0013 8000", "1380013800", "138001380001", "１３８"]
    valid, errors = validate_table(pa.table({"customer_id": ["a", "b", "c", "d"], "phone": phones}), spec)
    assert valid.column("phone").to_pylist() == ["13800138000"]
    assert [e.field for e in errors] == ["phone"] * 3


def test_missing_required_column_or_wrong_file_is_unreadable(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    no_id = tmp_path / "no_id.csv"
    no_id.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    with pytest.raises(IngestInputError, match="customer_id"):
        ingest_file(sqlite_workspace, "customers", no_id)
    with pytest.raises(IngestInputError, match="JSON"):
        ingest_file(sqlite_workspace, "customers", DATA / "canonical.jsonl")
    binary = tmp_path / "garbage.csv"
    binary.write_bytes(b"customer_id\n\x81\x20\xff\xfe\n")
    with pytest.raises(IngestInputError, match="编码"):
        ingest_file(sqlite_workspace, "customers", binary)
    assert not sqlite_workspace.lake.exists("customers")


def test_line_numbers_survive_quoted_line_breaks_crlf_and_blank_rows(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    text = (
        "customer_id,name,occupation,aum\r\n"
        'Q1,"多行\r\n名字",teacher,10\r\n'
        "\r\n"
        'Q2,李四,"doctor, retired",-1\r\n'
        ",,,\r\n"
        'Q3,王五,nurse,"1,000"\r\n'
    )
    path = tmp_path / "shapes.csv"
    path.write_bytes(text.encode("utf-8"))
    report = ingest_file(sqlite_workspace, "customers", path)
    assert (report.rows_read, report.ingested) == (3, 2)
    assert [(q["line"], q["field"]) for q in _quarantine(report)] == [(5, "aum")]
    rows = _customers(sqlite_workspace)
    assert rows["Q1"]["name"] == "多行\r\n名字" and rows["Q3"]["aum"] == 1000


def test_tab_separated_file_with_a_short_row(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "tabs.txt"
    path.write_text("客户号\t姓名\t资产\nT1\t甲\t5\nT2\t乙\nT3\t丙\t7\n", encoding="utf-8")
    report = ingest_file(sqlite_workspace, "customers", path)
    assert report.ingested == 2
    (problem,) = _quarantine(report)
    assert (problem["line"], problem["field"]) == (3, "*") and "列数" in problem["reason"]


def test_numbers_thousands_separators_and_range() -> None:
    table = pa.table(
        {
            "product_id": ["a", "b", "c", "d", "e"],
            "term_days": ["1,095", "99999999999", "30.0", "3.5", ""],
            "expected_yield": ["2.85", "1e1", "nan", "1,2,3", "-0.5"],
        }
    )
    valid, errors = validate_table(table, load_spec("products"))
    assert valid.column("product_id").to_pylist() == ["a", "e"]
    assert valid.column("term_days").to_pylist() == [1095, None]
    assert valid.column("expected_yield").to_pylist() == [2.85, -0.5]
    assert sorted((e.line, e.field) for e in errors) == [
        (2, "term_days"),
        (3, "expected_yield"),
        (4, "expected_yield"),
        (4, "term_days"),
    ]
