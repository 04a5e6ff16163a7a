"""``siyu persona``: completeness of managers' personas (人设) with concrete suggestions."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from siyu.options import DataDir
from siyu.persona.store import check_workspace
from siyu.workspace import open_workspace


def register(app: typer.Typer) -> None:
    persona = typer.Typer(help="Manager personas (人设): checks and suggestions.", no_args_is_help=True)

    @persona.command("check")
    def check(
        manager_id: Annotated[str | None, typer.Argument(help="staff id; all managers when omitted")] = None,
        bank: Annotated[
            str | None, typer.Option("--bank", help="bank short names, comma-separated (e.g. 杭银,杭州银行)")
        ] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Score each persona 0-100 and say what to improve."""
        ws = open_workspace(data_dir)
        banks = [b.strip() for b in bank.split(",")] if bank else None
        console = Console()
        try:
            reports = check_workspace(ws, manager_id, banks)
        except KeyError as exc:
            Console(stderr=True).print(f"[red]{exc.args[0]}[/]")
            raise typer.Exit(1) from exc
        if manager_id is not None:
            staff, rep = reports[0]
            console.print(f"[bold]{staff.staff_id} {staff.name}[/] 人设完整度：[bold]{rep.score}[/] / 100")
            t = Table("检查项", "结果")
            for r in rep.results:
                t.add_row(r.label, "[green]通过[/]" if r.passed else "[red]未通过[/]")
            console.print(t)
            for i, s in enumerate(rep.suggestions, 1):
                console.print(f"{i}. {s}")
            return
        t = Table("客户经理", "姓名", "完整度", "未通过", title="人设完整度")
        t.add_column("首要建议", overflow="fold")
        for staff, rep in reports:
            failed = sum(not r.passed for r in rep.results)
            t.add_row(
                staff.staff_id,
                staff.name,
                str(rep.score),
                str(failed),
                rep.suggestions[0] if rep.suggestions else "-",
            )
        console.print(t)
        if reports:
            avg = sum(r.score for _, r in reports) / len(reports)
            console.print(f"共 {len(reports)} 位，平均完整度 {avg:.0f}")

    app.add_typer(persona, name="persona")
