"""``siyu ingest``: load customers, holdings, products and conversations files into the lake."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from siyu.ingest.report import EXIT_UNREADABLE, render
from siyu.ingest.service import TABLE_KINDS, ingest_file
from siyu.ingest.sources import IngestInputError
from siyu.options import DataDir
from siyu.workspace import open_workspace

FileArg = Annotated[
    Path, typer.Argument(help="CSV (UTF-8 or GBK/GB18030) or Parquet file.", show_default=False)
]

_TABLE_HELP = {
    "customers": "Customers from core banking (客户号, 姓名, 性别, 出生日期, 手机号, 证件号 ...).",
    "holdings": "Holdings: one row per customer product position (持仓编号, 客户号, 产品代码, 持仓金额 ...).",
    "products": "Products on sale (产品代码, 产品名称, 产品类型, 风险等级, 期限 ...).",
}


class ConversationFormat(StrEnum):
    canonical = "canonical"
    wecom = "wecom"
    transcript = "transcript"


def _run(kind: str, file: Path, data_dir: Path | None, **options: object) -> None:
    console = Console()
    ws = open_workspace(data_dir)
    try:
        report = ingest_file(ws, kind, file, **options)
    except IngestInputError as exc:
        console.print(f"[red]无法导入[/]：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    render(report, console)
    raise typer.Exit(report.exit_code)


def _table_command(kind: str):
    def command(file: FileArg, data_dir: DataDir = None) -> None:
        _run(kind, file, data_dir)

    command.__doc__ = _TABLE_HELP[kind]
    return command


def register(app: typer.Typer) -> None:
    ingest = typer.Typer(
        help="Load bank files into the lake. Exit code 0: all rows in (or already there); "
        "3: some rows quarantined; 2: the file could not be read.",
        no_args_is_help=True,
    )
    for kind in TABLE_KINDS:
        ingest.command(kind)(_table_command(kind))

    @ingest.command("conversations")
    def conversations(
        file: Annotated[Path, typer.Argument(help="Conversation file (JSON lines, or CSV for transcripts).")],
        fmt: Annotated[
            ConversationFormat,
            typer.Option(
                "--format",
                help="canonical (siyu conversation JSON lines), wecom (企业微信 会话存档), transcript (ASR).",
            ),
        ] = ConversationFormat.canonical,
        gap_minutes: Annotated[
            float, typer.Option("--gap-minutes", help="wecom: silence that starts a new conversation.")
        ] = 30,
        mapping: Annotated[
            Path | None,
            typer.Option(
                "--mapping", help="wecom: CSV of external_userid,customer_id (外部联系人 → 客户号)."
            ),
        ] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Conversations: canonical JSON lines, 企业微信 archive messages, or call-centre transcripts."""
        _run("conversations", file, data_dir, fmt=fmt.value, gap_minutes=gap_minutes, mapping=mapping)

    app.add_typer(ingest, name="ingest")
