"""``siyu ingest`` on the command line: exit codes, summary, quarantine folder."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from siyu.cli import app
from siyu.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest"
runner = CliRunner()


def _ingest(data_dir: Path, *args: str):
    return runner.invoke(app, ["ingest", *args, "--data-dir", str(data_dir)], catch_exceptions=False)


def test_good_file_exits_0_and_rerun_is_all_duplicates(tmp_path: Path) -> None:
    first = _ingest(tmp_path, "customers", str(DATA / "customers_good.csv"))
    assert first.exit_code == 0, first.output
    assert "已导入" in first.output and "已隔离" in first.output
    second = _ingest(tmp_path, "customers", str(DATA / "customers_good.csv"))
    assert second.exit_code == 0
    assert Lake(tmp_path / "lake").count("customers") == 3
    assert not (tmp_path / "quarantine").exists()


def test_bad_rows_exit_3_with_reasons_and_quarantine_file(tmp_path: Path) -> None:
    result = _ingest(tmp_path, "customers", str(DATA / "customers_mixed.csv"))
    assert result.exit_code == 3, result.output
    assert "隔离原因" in result.output and "birth_date" in result.output
    (quarantine,) = (tmp_path / "quarantine").glob("*customers_mixed.jsonl")
    assert len(quarantine.read_text(encoding="utf-8").splitlines()) == 6
    assert Lake(tmp_path / "lake").count("customers") == 2


def test_unreadable_files_exit_2(tmp_path: Path) -> None:
    missing = _ingest(tmp_path, "customers", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "文件不存在" in missing.output
    excel = tmp_path / "customers.xlsx"
    excel.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    assert _ingest(tmp_path, "products", str(excel)).exit_code == 2
    wrong = _ingest(tmp_path, "conversations", str(DATA / "customers_good.csv"), "--format", "wecom")
    assert wrong.exit_code == 2 and "JSON" in wrong.output
    assert not (tmp_path / "lake" / "customers").exists()


def test_conversation_formats_and_gap_option(tmp_path: Path) -> None:
    wecom = _ingest(
        tmp_path, "conversations", str(DATA / "wecom.jsonl"), "--format", "wecom", "--gap-minutes", "180"
    )
    assert wecom.exit_code == 3 and "新增会话" in wecom.output
    assert Lake(tmp_path / "lake").count("conversations") == 2  # the afternoon reply joins the morning chat
    transcript = _ingest(tmp_path, "conversations", str(DATA / "transcript.jsonl"), "--format", "transcript")
    assert transcript.exit_code == 3
    canonical = _ingest(tmp_path, "conversations", str(DATA / "canonical.jsonl"))
    assert canonical.exit_code == 3
    assert Lake(tmp_path / "lake").count("conversations") == 5
