"""``siyu demo``: generate a demo bank, export its conversations, or run the whole demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from siyu.options import DataDir
from siyu.workspace import open_workspace

DEMO_CUSTOMERS = 20_000
DEMO_CONVERSATIONS = 5_000
DEFAULT_SEED = 7

Seed = Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same bank.")]


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from exc


def register(app: typer.Typer) -> None:
    demo = typer.Typer(
        help="Demo bank: generate data, export conversations; without a sub-command, run the whole demo.",
        invoke_without_command=True,
    )

    @demo.callback()
    def run(ctx: typer.Context, data_dir: DataDir = None, seed: Seed = DEFAULT_SEED) -> None:
        """Without a sub-command: generate a demo bank, run every stage on it and serve the console."""
        if ctx.invoked_subcommand is not None:
            return
        from siyu.demo.pipeline import run_demo  # the pipeline imports every stage: load it only here

        run_demo(
            open_workspace(data_dir),
            customers=DEMO_CUSTOMERS,
            conversations=DEMO_CONVERSATIONS,
            seed=seed,
            serve=True,
        )

    @demo.command("generate")
    def generate(
        customers: Annotated[int, typer.Option(min=1, help="Number of customers.")] = DEMO_CUSTOMERS,
        conversations: Annotated[
            int, typer.Option(min=0, help="Number of conversations.")
        ] = DEMO_CONVERSATIONS,
        seed: Seed = DEFAULT_SEED,
        today: Annotated[str | None, typer.Option(help="Reference date YYYY-MM-DD (default: today).")] = None,
        chunk_size: Annotated[int, typer.Option(min=1, help="Customers held in memory at once.")] = 200_000,
        data_dir: DataDir = None,
    ) -> None:
        """Generate (or regenerate) the demo bank into the data directory."""
        from siyu.demo.generate import generate_bank

        ws = open_workspace(data_dir)
        summary = generate_bank(
            ws,
            customers=customers,
            conversations=conversations,
            seed=seed,
            chunk_size=chunk_size,
            today=_parse_date(today),
        )
        table = Table("数据", "数量")
        for label, value in [
            ("机构", summary.org_units),
            ("员工", summary.staff),
            ("登录用户", summary.users),
            ("客户", summary.customers),
            ("产品", summary.products),
            ("持仓", summary.holdings),
            ("净值记录", summary.nav_rows),
            ("触达记录", summary.touches),
            ("会话", summary.conversations),
            ("会话标注", summary.truth_rows),
        ]:
            table.add_row(label, f"{value:,}")
        console = Console()
        console.print(f"演示银行已生成（种子 {seed}，基准日 {summary.today}）")
        console.print(table)
        console.print(
            f"用时 {summary.seconds} 秒；数据目录 {ws.settings.data_dir}；演示账号密码均为 siyu-demo"
        )

    @demo.command("export-conversations")
    def export_conversations(
        out: Annotated[Path, typer.Argument(help="Output JSONL file (canonical conversation format).")],
        with_gold: Annotated[
            bool,
            typer.Option(
                "--with-gold", help='Add each conversation\'s intended tags as "gold": [[code, value]].'
            ),
        ] = False,
        data_dir: DataDir = None,
    ) -> None:
        """Export the lake's conversations as canonical JSONL, optionally with their intended tags."""
        from siyu.demo.conversations import write_canonical_jsonl

        lake = open_workspace(data_dir).lake
        if not lake.exists("conversations"):
            Console(stderr=True).print("没有会话数据：请先运行 siyu demo generate")
            raise typer.Exit(1)
        con = lake.connect()
        conversations = con.sql("SELECT * FROM conversations ORDER BY conversation_id").to_arrow_table()
        truth = lake.read("conversation_truth") if with_gold else None
        count = write_canonical_jsonl(conversations, out, truth=truth)
        Console().print(f"已导出 {count:,} 条会话到 {out}" + ("（含标注 gold）" if with_gold else ""))

    app.add_typer(demo, name="demo")
