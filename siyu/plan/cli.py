"""``siyu plan`` (daily worklists, touches, metrics) and ``siyu campaign`` commands."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from siyu.clock import today
from siyu.options import DataDir
from siyu.plan import campaigns as cmp
from siyu.plan.data import PlanDataError
from siyu.plan.metrics import plan_metrics
from siyu.plan.touches import TouchError, log_touch, sync_conversation_touches
from siyu.plan.worklist import WorklistError, load_config, mark_done, run_plan, worklist
from siyu.workspace import open_workspace

DateOpt = Annotated[
    str | None, typer.Option("--date", help="the day (YYYY-MM-DD, Asia/Shanghai); default today")
]


def _day(text: str | None) -> date:
    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"--date: expected YYYY-MM-DD, got {text!r}") from exc


def _fail(console: Console, exc: Exception) -> None:
    console.print(f"[red]{exc}[/]")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    plan = typer.Typer(
        help="Daily worklists: SOP steps, care alerts, opportunities, campaigns.", no_args_is_help=True
    )
    campaign = typer.Typer(
        help="Head-office campaigns dispatched to managers, with execution tracking.", no_args_is_help=True
    )
    console = Console()

    @plan.command("run")
    def run(
        day: DateOpt = None,
        holidays: Annotated[
            Path | None, typer.Option("--holidays", help="file: one holiday date per line")
        ] = None,
        events: Annotated[Path | None, typer.Option("--events", help="market events YAML")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Build every manager's worklist for the day (idempotent)."""
        ws = open_workspace(data_dir)
        try:
            summary = run_plan(ws, _day(day), load_config(ws, events, holidays))
        except PlanDataError as exc:
            _fail(console, exc)
        console.print(
            f"{summary['date']}：新增任务 {summary['open']:,} 条（{summary['staff']:,} 位客户经理），"
            f"拦截 {summary['held']:,} 条，朋友圈计划 {summary['moments']:,} 条；"
            f"新入旅程 {summary['enrolled']:,}，新增触达记录 {summary['touches_added']:,}"
        )

    @plan.command("touches")
    def touches(data_dir: DataDir = None) -> None:
        """Turn newly ingested conversations into touches (idempotent)."""
        n = sync_conversation_touches(open_workspace(data_dir))
        console.print(f"新增触达记录 {n:,} 条")

    @plan.command("show")
    def show(
        staff_id: str,
        day: DateOpt = None,
        held: Annotated[bool, typer.Option("--held", help="also list items held back")] = False,
        data_dir: DataDir = None,
    ) -> None:
        """A manager's worklist for the day."""
        items = worklist(open_workspace(data_dir), staff_id, _day(day), include_held=held)
        t = Table(
            "#",
            "任务号",
            "客户",
            "类型",
            "渠道",
            "原因",
            "话术",
            "素材",
            "状态",
            title=f"{staff_id} 的工作清单",
        )
        for i in items:
            status = i["status"] if i["status"] != "held" else f"拦截：{i['held_reason']}"
            t.add_row(
                str(i["rank"] or ""),
                i["item_id"][:10],
                i["customer_id"] or "",
                i["kind"],
                i["channel"] or "",
                i["reason"],
                i["script"] or "",
                i["content"] or "",
                status,
            )
        console.print(t)

    @plan.command("done")
    def done(
        item_id: str,
        response: Annotated[
            str, typer.Option("--response", help="accepted|interested|replied|declined|no_answer")
        ],
        outcome: Annotated[str | None, typer.Option("--outcome", help="what came of it")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Mark an item done with the customer's response (logs the touch)."""
        try:
            mark_done(open_workspace(data_dir), item_id, response, outcome)
        except WorklistError as exc:
            _fail(console, exc)
        console.print(f"任务 {item_id} 已完成")

    @plan.command("log-touch")
    def log(
        customer_id: str,
        channel: Annotated[str, typer.Option("--channel")],
        direction: Annotated[str, typer.Option("--direction", help="outbound|inbound|two_way")] = "two_way",
        staff_id: Annotated[str | None, typer.Option("--staff")] = None,
        at: Annotated[str | None, typer.Option("--at", help="ISO time; default now")] = None,
        note: Annotated[str | None, typer.Option("--note")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Log a contact made outside the system (a call, an event, a branch visit)."""
        when = datetime.fromisoformat(at) if at else datetime.now().astimezone()
        try:
            touch = log_touch(open_workspace(data_dir), customer_id, staff_id, channel, direction, when, note)
        except TouchError as exc:
            _fail(console, exc)
        console.print(f"已记录触达 {touch}")

    @plan.command("metrics")
    def metrics(
        day: DateOpt = None,
        days: Annotated[int, typer.Option("--days", help="window length")] = 30,
        data_dir: DataDir = None,
    ) -> None:
        """Task execution, response, maturity continuation and effective coverage (JSON)."""
        console.print_json(json.dumps(plan_metrics(open_workspace(data_dir), _day(day), days)))

    @campaign.command("create")
    def create(
        name: Annotated[str, typer.Option("--name")],
        segment: Annotated[str, typer.Option("--segment", help="segment id")],
        content: Annotated[str, typer.Option("--content")],
        script: Annotated[str, typer.Option("--script")],
        deadline: Annotated[str, typer.Option("--deadline", help="YYYY-MM-DD")],
        purpose: Annotated[str, typer.Option("--purpose", help="marketing|service")] = "marketing",
        channel: Annotated[str, typer.Option("--channel")] = "chat",
        priority: Annotated[int, typer.Option("--priority")] = 0,
        data_dir: DataDir = None,
    ) -> None:
        """Create a draft campaign."""
        try:
            cid = cmp.create_campaign(
                open_workspace(data_dir),
                name,
                segment,
                content,
                script,
                _day(deadline),
                purpose=purpose,
                channel=channel,
                priority=priority,
            )
        except cmp.CampaignError as exc:
            _fail(console, exc)
        console.print(f"已创建活动 {cid}；用 siyu campaign dispatch {cid} 下发")

    @campaign.command("dispatch")
    def dispatch(campaign_id: str, day: DateOpt = None, data_dir: DataDir = None) -> None:
        """Dispatch tasks to each member's owner, or the remote team for unmanaged customers."""
        try:
            r = cmp.dispatch_campaign(open_workspace(data_dir), campaign_id, _day(day))
        except cmp.CampaignError as exc:
            _fail(console, exc)
        console.print(f"活动 {campaign_id}：任务 {r['tasks']:,} 条，其中因触达规范拦截 {r['held']:,} 条")

    @campaign.command("status")
    def status(campaign_id: str, data_dir: DataDir = None) -> None:
        """Execution and response rates, by branch and by manager."""
        try:
            r = cmp.campaign_status(open_workspace(data_dir), campaign_id)
        except cmp.CampaignError as exc:
            _fail(console, exc)
        t = Table(
            "分行", "客户经理", "任务", "已完成", "执行率", "回应率", title=f"{r['name']}（{r['status']}）"
        )
        for row in r["by_staff"]:
            t.add_row(
                row["branch_id"] or "",
                row["staff_id"] or "",
                str(row["tasks"]),
                str(row["done"]),
                f"{row['execution_rate']:.1%}",
                f"{row['response_rate']:.1%}",
            )
        t.add_row(
            "合计",
            "",
            str(r["tasks"]),
            str(r["done"]),
            f"{r['execution_rate']:.1%}",
            f"{r['response_rate']:.1%}",
        )
        console.print(t)

    app.add_typer(plan, name="plan")
    app.add_typer(campaign, name="campaign")
