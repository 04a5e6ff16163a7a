"""What one ingest run did, and its summary table for the terminal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

EXIT_OK = 0
EXIT_UNREADABLE = 2
EXIT_QUARANTINED = 3


@dataclass
class IngestReport:
    file: Path
    kind: str  # customers, holdings, products, conversations
    fmt: str  # csv, parquet, canonical, wecom, transcript
    encoding: str = ""  # utf-8, utf-8-sig, gb18030, parquet
    rows_read: int = 0
    ingested: int = 0  # rows now in the lake from this file (new or replacing an older version)
    updated: int = 0  # of which replaced an existing record with changed values
    duplicates: int = 0  # already in the lake, or repeated within the file
    quarantined: int = 0  # rows with at least one problem
    skipped: Counter[str] = field(default_factory=Counter)  # rows dropped on purpose, by why
    conversations: int = 0  # conversations written (conversations only)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)  # (field, reason) -> problems
    ignored_columns: list[str] = field(default_factory=list)
    quarantine_file: Path | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_QUARANTINED if self.quarantined else EXIT_OK


def render(report: IngestReport, console: Console) -> None:
    console.print(f"[bold]导入[/] {report.file}（{report.kind} / {report.fmt}）")
    summary = Table(show_header=False)
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    summary.add_row("文件编码", report.encoding)
    summary.add_row("读取行数", f"{report.rows_read:,}")
    summary.add_row("已导入", f"{report.ingested:,}")
    if report.updated:
        summary.add_row("  其中更新已有记录", f"{report.updated:,}")
    if report.kind == "conversations":
        summary.add_row("新增会话", f"{report.conversations:,}")
    summary.add_row("重复（已跳过）", f"{report.duplicates:,}")
    for why, count in sorted(report.skipped.items()):
        summary.add_row(f"跳过：{why}", f"{count:,}")
    summary.add_row("已隔离", f"{report.quarantined:,}", style="red" if report.quarantined else None)
    console.print(summary)
    if report.ignored_columns:
        console.print(f"未识别、已忽略的列：{'、'.join(report.ignored_columns)}")
    if report.reasons:
        reasons = Table(title="隔离原因")
        reasons.add_column("字段")
        reasons.add_column("应为")
        reasons.add_column("问题数", justify="right")
        for (name, why), count in report.reasons.most_common():
            reasons.add_row(name, why, f"{count:,}")
        console.print(reasons)
    if report.quarantine_file:
        console.print(f"有问题的行已写入 [bold]{report.quarantine_file}[/]")
        console.print("修正源文件后重新导入即可，已导入的行不会重复。")
