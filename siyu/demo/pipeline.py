"""``siyu demo``: generate a bank, run every stage of the flow on it, then serve the console."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from siyu.clock import today
from siyu.db.models import User
from siyu.demo.org import DEMO_PASSWORD
from siyu.workspace import Workspace

DEMO_CAMPAIGN = "demo-maturity-care"
ROLE_LABELS = {
    "admin": "系统管理员",
    "head_office": "总行运营",
    "branch_head": "分行负责人",
    "manager": "客户经理",
    "compliance": "合规",
}


Stage = tuple[str, Callable[[], Any]]


def _stages(ws: Workspace, customers: int, conversations: int, seed: int) -> list[Stage]:
    from siyu.assign.ownership import apply_plan
    from siyu.assign.planner import PlanOptions, make_plan, store_plan
    from siyu.demo.generate import generate_bank
    from siyu.mine import Miner, load_rules
    from siyu.mine.lake import mine_lake
    from siyu.plan.campaigns import create_campaign, dispatch_campaign
    from siyu.plan.models import Campaign
    from siyu.plan.worklist import run_plan
    from siyu.profile.fold import build_profiles
    from siyu.segments.runs import run_segments

    def campaign() -> dict:
        # One head-office campaign, so execution tracking has something to show from the first day.
        with ws.session() as s:
            exists = s.get(Campaign, DEMO_CAMPAIGN) is not None
        if not exists:
            create_campaign(
                ws,
                name="到期资金衔接关怀",
                segment_id="maturing_30d",
                content="本行稳健理财产品清单（到期衔接专享）",
                script="您好，您在我行的产品近期到期，我帮您提前规划一下这笔资金的去向，您看方便吗？",
                deadline=today() + timedelta(days=14),
                purpose="service",
                channel="phone",
                created_by="hq_ops",
                campaign_id=DEMO_CAMPAIGN,
            )
        return dispatch_campaign(ws, DEMO_CAMPAIGN)

    def assign() -> str:
        opts = PlanOptions(mode="affinity", seed=seed)
        rows, summary = make_plan(ws, opts)
        plan_id = store_plan(ws, opts, rows, summary)
        apply_plan(ws, plan_id, changed_by="demo")
        return plan_id

    return [
        ("生成演示银行", lambda: generate_bank(ws, customers, conversations, seed)),
        ("挖掘会话标签", lambda: mine_lake(ws.lake, Miner(load_rules()))),
        ("汇总客户画像", lambda: build_profiles(ws)),
        ("计算客群", lambda: run_segments(ws)),
        ("客户经理匹配", assign),
        ("下发总行活动", campaign),
        ("生成今日工作清单", lambda: run_plan(ws)),
    ]


def demo_logins(ws: Workspace) -> list[tuple[str, str]]:
    """One demo login per role: (role, username)."""
    with ws.session() as s:
        users = s.scalars(select(User).where(User.active.is_(True)).order_by(User.user_id)).all()
    first: dict[str, str] = {}
    for u in users:
        first.setdefault(u.role, u.username)
    return [(role, first[role]) for role in ROLE_LABELS if role in first]


def run_demo(ws: Workspace, customers: int, conversations: int, seed: int, serve: bool = True) -> None:
    console = Console()
    console.print(f"数据目录: [bold]{ws.settings.data_dir}[/]")
    for label, stage in _stages(ws, customers, conversations, seed):
        started = time.perf_counter()
        with console.status(f"{label}…"):
            stage()
        console.print(f"[green]✓[/] {label}  ({time.perf_counter() - started:.1f}s)")
    table = Table("角色", "用户名", "密码", title="演示登录")
    for role, username in demo_logins(ws):
        table.add_row(ROLE_LABELS[role], username, DEMO_PASSWORD)
    console.print(table)
    if serve:
        import uvicorn

        from siyu.web.app import create_app

        console.print("控制台: [bold]http://127.0.0.1:8000[/]  (Ctrl+C 退出)")
        uvicorn.run(create_app(ws), host="127.0.0.1", port=8000, log_level="warning")
