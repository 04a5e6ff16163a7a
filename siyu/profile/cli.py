"""``siyu profile build|tag-rate``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from siyu.options import DataDir, parse_day
from siyu.profile.fold import build_profiles
from siyu.profile.tag_rate import tag_rate
from siyu.workspace import open_workspace

GROUP_LABELS = {None: "范围", "manager": "客户经理", "sub_branch": "支行", "branch": "分行"}


def register(app: typer.Typer) -> None:
    profile = typer.Typer(
        help="Customer profiles (客户画像): fold tag events, tag rate.", no_args_is_help=True
    )
    app.add_typer(profile, name="profile")

    @profile.command("build")
    def build(
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Profile as of this day, YYYY-MM-DD.")
        ] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Fold tag events into the current profile of every customer (replaces the profiles dataset)."""
        summary = build_profiles(open_workspace(data_dir), parse_day(as_of))
        Console().print(
            f"画像已生成（截至 {summary.as_of}）：{summary.events:,} 条标签事件 → "
            f"{summary.customers:,} 位客户、{summary.profile_rows:,} 个标签"
        )

    @profile.command("tag-rate")
    def rate(
        min_tags: Annotated[int, typer.Option("--min-tags", help="Tags a customer needs to count.")] = 3,
        by: Annotated[str | None, typer.Option("--by", help="manager | sub_branch | branch")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Tag rate (标签率) overall or per manager / sub-branch / branch."""
        if by not in GROUP_LABELS:
            raise typer.BadParameter("--by 应为 manager、sub_branch 或 branch")
        rows = tag_rate(open_workspace(data_dir), min_tags, by)  # type: ignore[arg-type]
        table = Table(title=f"标签率（至少 {min_tags} 个标签）")
        table.add_column(GROUP_LABELS[by])
        table.add_column("客户数", justify="right")
        table.add_column(f"≥{min_tags}个标签占比", justify="right")
        table.add_column("有生活标签占比", justify="right")
        for r in rows:
            group = r.group if r.group is not None else ("无人管户" if by == "manager" else "未知")
            table.add_row(group, f"{r.customers:,}", f"{r.with_min_tags:.1%}", f"{r.with_life_tag:.1%}")
        Console().print(table)
