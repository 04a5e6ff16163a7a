"""``siyu segment list|show|preview|run|explain|save``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from siyu.options import DataDir, parse_day
from siyu.segments.definitions import get_segment, list_segments, save_segment
from siyu.segments.engine import preview
from siyu.segments.explain import ClauseResult, describe, explain, walk
from siyu.segments.runs import last_runs, run_segments
from siyu.segments.tree import SegmentError, validate_tree
from siyu.workspace import open_workspace

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Evaluate as of this day, YYYY-MM-DD (default today).")
]


def _fail(console: Console, exc: Exception) -> None:
    console.print(f"[red]错误：[/red]{exc}", markup=True, highlight=False)
    raise typer.Exit(1)


def _indented_tree(rows: Iterable[tuple[int, str]]) -> Tree:
    """(depth, label) rows in walk order as a Rich tree; the first row is the root."""
    nodes: list[Tree] = []
    for depth, label in rows:
        if not nodes:
            nodes = [Tree(label)]
            continue
        del nodes[depth:]
        nodes.append(nodes[-1].add(label))
    return nodes[0]


def _clause_tree(clauses: list[ClauseResult]) -> Tree:
    """The clauses as an indented tree: ✔ / ✘, the clause, the customer's value."""

    def label(c: ClauseResult) -> str:
        mark = "[green]✔ 是[/green]" if c.result else "[red]✘ 否[/red]"
        return f"{mark}  {c.label}" + (f"  [dim]（客户：{c.actual}）[/dim]" if c.actual is not None else "")

    return _indented_tree((c.depth, label(c)) for c in clauses)


def register(app: typer.Typer) -> None:
    segment = typer.Typer(
        help="Segments (客群): list, inspect, preview, materialise, explain.", no_args_is_help=True
    )
    app.add_typer(segment, name="segment")

    @segment.command("list")
    def list_(data_dir: DataDir = None) -> None:
        """Every segment: the built-in library, then users' own."""
        ws = open_workspace(data_dir)
        runs = last_runs(ws)
        table = Table(title="客群列表")
        for col in ("编号", "名称", "维度", "上次人数", "说明"):
            table.add_column(col, overflow="fold")
        for s in list_segments(ws):
            run = runs.get(s.id)
            table.add_row(s.id, s.name, s.family_name, f"{run.members:,}" if run else "-", s.description)
        Console().print(table)

    @segment.command("show")
    def show(segment_id: str, data_dir: DataDir = None) -> None:
        """A segment's definition: name, description, clauses and the JSON tree."""
        console = Console()
        ws = open_workspace(data_dir)
        try:
            seg = get_segment(ws, segment_id)
        except SegmentError as exc:
            _fail(console, exc)
        console.print(f"[bold]{seg.name}[/bold]（{seg.id}，{seg.family_name}）")
        console.print(seg.description)
        clauses = walk(seg.tree.root, lambda i: get_segment(ws, i).tree)
        labels = ((c.depth, describe(c.node, lambda i: get_segment(ws, i).name)) for c in clauses)
        console.print(_indented_tree(labels))
        console.print_json(json.dumps(seg.tree.to_json(), ensure_ascii=False))

    @segment.command("preview")
    def preview_(
        tree: Annotated[
            Path | None, typer.Option("--tree", help="A JSON file holding a condition tree.")
        ] = None,
        segment_id: Annotated[str | None, typer.Option("--id", help="A segment id.")] = None,
        sample: Annotated[int, typer.Option("--sample", help="How many members to list.")] = 10,
        as_of: AsOf = None,
        data_dir: DataDir = None,
    ) -> None:
        """Count the members of a tree or segment, and show a sample."""
        console = Console()
        ws = open_workspace(data_dir)
        if (tree is None) == (segment_id is None):
            _fail(console, SegmentError("请给出 --tree 或 --id 其中之一"))
        try:
            if tree is not None:
                try:
                    obj = json.loads(tree.read_text(encoding="utf-8"))
                except (OSError, json.JSONDecodeError) as exc:
                    raise SegmentError(f"{tree}: 不是有效的 JSON 文件（{exc}）") from exc
                condition = validate_tree(obj)
            else:
                condition = get_segment(ws, segment_id).tree
            result = preview(ws, condition, as_of=parse_day(as_of), sample=sample)
        except SegmentError as exc:
            _fail(console, exc)
        console.print(f"共 [bold]{result.count:,}[/bold] 位客户")
        if result.sample:
            console.print("样例：" + "、".join(result.sample))

    @segment.command("run")
    def run(
        segment_id: Annotated[str | None, typer.Argument(help="Segment id; omit with --all.")] = None,
        all_: Annotated[bool, typer.Option("--all", help="Run every segment.")] = False,
        as_of: AsOf = None,
        data_dir: DataDir = None,
    ) -> None:
        """Materialise memberships and record who entered and exited since the last run."""
        console = Console()
        if (segment_id is None) == (not all_):
            _fail(console, SegmentError("请给出客群编号，或使用 --all 运行全部客群"))
        ws = open_workspace(data_dir)
        try:
            summaries = run_segments(ws, None if all_ else [segment_id], as_of=parse_day(as_of))
        except SegmentError as exc:
            _fail(console, exc)
        table = Table(title=f"客群运行 {summaries[0].run_id if summaries else ''}")
        for col in ("编号", "名称", "人数", "新进入", "退出"):
            table.add_column(col, justify="right" if col in ("人数", "新进入", "退出") else "left")
        for s in summaries:
            table.add_row(s.segment_id, s.name, f"{s.members:,}", f"{s.entered:,}", f"{s.exited:,}")
        console.print(table)

    @segment.command("explain")
    def explain_(segment_id: str, customer_id: str, as_of: AsOf = None, data_dir: DataDir = None) -> None:
        """Why a customer is in or out of a segment, clause by clause."""
        console = Console()
        ws = open_workspace(data_dir)
        try:
            seg = get_segment(ws, segment_id)
            clauses = explain(ws, seg.tree, customer_id, as_of=parse_day(as_of))
        except SegmentError as exc:
            _fail(console, exc)
        verdict = "属于" if clauses[0].result else "不属于"
        console.print(f"客户 {customer_id} [bold]{verdict}[/bold]「{seg.name}」")
        console.print(_clause_tree(clauses))

    @segment.command("save")
    def save(
        file: Annotated[Path, typer.Argument(help="JSON file: {id, name, description, tree}.")],
        by: Annotated[str | None, typer.Option("--by", help="Who defines the segment.")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Create or update one of your own segments from a JSON file."""
        console = Console()
        ws = open_workspace(data_dir)
        try:
            try:
                doc = json.loads(file.read_text(encoding="utf-8"))
                seg_id, name, tree = doc["id"], doc["name"], doc["tree"]
            except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
                raise SegmentError(f"{file}: 需要包含 id、name、tree 的 JSON 对象（{exc}）") from exc
            seg = save_segment(ws, seg_id, name, tree, description=doc.get("description", ""), created_by=by)
        except SegmentError as exc:
            _fail(console, exc)
        console.print(f"已保存客群「{seg.name}」（{seg.id}）")
