"""`siyu mine`: mine a JSONL file, mine the lake (`run`), or score against gold labels (`eval`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from siyu.mine.engine import Miner
from siyu.mine.evaluate import EvalReport, Score, evaluate
from siyu.mine.rules import DEFAULT_PATHS, RulesError, load_rules
from siyu.mine.stream import BadConversation, mine_file, prepare, validate
from siyu.options import DataDir

RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules", help="Extra rule YAML file or folder, loaded after the built-in rules (repeatable)."
    ),
]


class _FileOrCommand(TyperGroup):
    """`siyu mine FILE [--out …]` and `siyu mine run|eval …`: a first word naming a sub-command is
    not FILE, and with FILE the options may come before or after it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            params = self.params
            self.params = [p for p in params if p.name != "file"]
            try:
                rest = super().parse_args(ctx, args)
            finally:
                self.params = params
            ctx.params["file"] = None
            return rest
        ctx.allow_interspersed_args = True
        return super().parse_args(ctx, args)


mine_app = typer.Typer(
    cls=_FileOrCommand,
    invoke_without_command=True,
    help="Mine conversations into profile, voice-of-customer and compliance tags.",
)


def _rule_paths(extra: list[Path] | None) -> list[str] | None:
    return [str(p) for p in (*DEFAULT_PATHS, *extra)] if extra else None


def _miner(extra: list[Path] | None) -> Miner:
    try:
        return Miner(load_rules(_rule_paths(extra)))
    except RulesError as exc:
        typer.echo(f"规则文件有误: {exc}", err=True)
        raise typer.Exit(2) from exc


@mine_app.callback()
def mine(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="Conversations, one JSON object per line.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Result JSONL (default: stdout).")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    rules: RulesOpt = None,
) -> None:
    """Mine FILE.jsonl: one result line per input line, in the same order."""
    if ctx.invoked_subcommand is not None:
        return
    if file is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    if not file.exists():
        typer.echo(f"找不到文件: {file}", err=True)
        raise typer.Exit(2)
    try:  # fail fast on a broken rule file; forked workers reuse this miner
        prepare(_rule_paths(rules))
    except RulesError as exc:
        typer.echo(f"规则文件有误: {exc}", err=True)
        raise typer.Exit(2) from exc
    stats = mine_file(file, out, workers=max(1, workers), rule_paths=_rule_paths(rules))
    if out is not None or stats.errors:
        typer.echo(f"已处理 {stats.lines} 行, 错误 {stats.errors} 行", err=True)
    if stats.errors:
        raise typer.Exit(1)


@mine_app.command("run")
def run(data_dir: DataDir = None, rules: RulesOpt = None) -> None:
    """Mine the lake's conversations not mined before into tag_events and compliance_hits."""
    from siyu.mine.lake import mine_lake
    from siyu.workspace import open_workspace

    ws = open_workspace(data_dir)
    stats = mine_lake(ws.lake, _miner(rules))
    typer.echo(
        f"新挖掘会话 {stats.conversations} 个, 标签事件 {stats.tag_events} 条, "
        f"合规命中 {stats.compliance_hits} 条"
    )


def _read_gold(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = validate(json.loads(line))
            except (json.JSONDecodeError, BadConversation) as exc:
                typer.echo(f"{path}:{n}: 跳过: {exc}", err=True)
                continue
            if not isinstance(rec.get("gold"), list):
                typer.echo(f"{path}:{n}: 跳过: field gold: expected a list of [code, value]", err=True)
                continue
            records.append(rec)
    return records


def _table(title: str, scores: dict[str, Score]) -> Table:
    table = Table(title=title)
    for col in ("label", "P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for label, s in scores.items():
        table.add_row(
            label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn)
        )
    return table


def print_report(report: EvalReport, console: Console, errors: int) -> None:
    console.print(_table("按组 (per group)", report.by_group()))
    console.print(_table("按标签 (per code)", report.by_code()))
    console.print(_table("按取值 (per value)", report.by_value()))
    summary = report.summary()
    console.print(
        f"micro P={summary['precision']:.4f} R={summary['recall']:.4f} F1={summary['f1']:.4f}  "
        f"macro F1={summary['macro_f1']:.4f}  conversations={summary['conversations']}"
    )
    for kind, title in (("FP", "误报 (false positives)"), ("FN", "漏报 (false negatives)")):
        shown = [e for e in report.errors if e.kind == kind][:errors]
        if shown:
            console.rule(title)
        for e in shown:
            console.print(f"{e.conversation_id}  {e.code}={e.value}  ", style="bold", end="")
            console.print(e.evidence, markup=False, highlight=False)


@mine_app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help='Gold JSONL file(s): input format plus "gold".')],
    errors: Annotated[
        int, typer.Option("--errors", help="How many false positives / negatives to list.")
    ] = 20,
    rules: RulesOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print only the summary as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per group, code and value, with the errors behind them."""
    miner = _miner(rules)
    records = [r for path in gold for r in _read_gold(path)]
    report = evaluate(records, miner.mine_batch(records))
    if json_out:
        sys.stdout.write(json.dumps(report.summary()) + "\n")
        return
    print_report(report, Console(), errors)


def register(app: typer.Typer) -> None:
    app.add_typer(mine_app, name="mine")
