"""``siyu assign``: plan, apply and explain customer -> manager assignment; coverage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from siyu.assign import ownership, planner
from siyu.assign.coverage import current_coverage
from siyu.options import DataDir
from siyu.workspace import open_workspace

MODE = Annotated[str, typer.Option("--mode", help="affinity (客群制, efficiency first) or balanced (管户制)")]
SCOPE = Annotated[str, typer.Option("--scope", help="candidates from the same branch, sub_branch or region")]


def _pct(x: float) -> str:
    return f"{100 * (x or 0):.1f}%"


def _print_plan(console: Console, plan_id: str, s: dict) -> None:
    labels = planner.load_config()["status_labels"]
    reasons = planner.load_config()["reasons"]
    console.print(
        f"[bold]分配方案 {plan_id}[/]（草稿）：客户 {s['customers']:,}，客户经理 {s['managers']:,}，"
        f"计划覆盖容量 {s['planned_capacity']:,}，总亲和度 {s['total_affinity']:,}"
    )
    t = Table(
        "分行", labels["kept"], labels["moved"], labels["new"], labels["unplaced"], title="与当前管户关系对比"
    )
    for b in s["by_branch"]:
        t.add_row(str(b["branch_id"]), *(f"{b[k]:,}" for k in ("kept", "moved", "new", "unplaced")))
    t.add_row("合计", *(f"{s[k]:,}" for k in ("kept", "moved", "new", "unplaced")), style="bold")
    console.print(t)
    for code, count in sorted(s["unplaced_reasons"].items()):
        console.print(f"  未分配原因：{reasons.get(code, code)}：{count:,}")
    cov = Table("", "有管户", "有效覆盖", "无人管户占比", "无人管户AUM占比", title="有效覆盖（前 → 后）")
    for name, key in (("当前", "coverage_before"), ("方案后", "coverage_after")):
        c = s[key]
        cov.add_row(
            name,
            f"{c['owned']:,}",
            f"{c['effective']:,}",
            _pct(c["unmanaged_share"]),
            _pct(c["unmanaged_aum_share"]),
        )
    console.print(cov)
    console.print(
        f"方案后已有有效触达的客户：{s['coverage_after']['touched']:,}；"
        f"用 [bold]siyu assign apply {plan_id}[/] 生效"
    )


def register(app: typer.Typer) -> None:
    assign = typer.Typer(
        help="Customer -> manager assignment (客群制 / 管户制) and coverage.", no_args_is_help=True
    )

    @assign.command("plan")
    def plan(
        mode: MODE = "affinity",
        scope: SCOPE = "branch",
        max_changes: Annotated[
            int | None, typer.Option("--max-changes", help="at most N owned customers move")
        ] = None,
        seed: Annotated[int, typer.Option("--seed", help="tie-breaking seed")] = 0,
        deep: Annotated[
            bool, typer.Option("--deep", help="deep service: at most 100 customers each")
        ] = False,
        data_dir: DataDir = None,
    ) -> None:
        """Dry run: compute an assignment, compare it with current ownership, store it as a draft."""
        if mode not in ("affinity", "balanced") or scope not in planner.SCOPES:
            raise typer.BadParameter("--mode: affinity|balanced; --scope: branch|sub_branch|region")
        ws = open_workspace(data_dir)
        opts = planner.PlanOptions(mode=mode, scope=scope, max_changes=max_changes, seed=seed, deep=deep)
        rows, summary = planner.make_plan(ws, opts)
        plan_id = planner.store_plan(ws, opts, rows, summary)
        _print_plan(Console(), plan_id, summary)

    @assign.command("apply")
    def apply(
        plan_id: Annotated[str | None, typer.Argument(help="plan id (default: the latest plan)")] = None,
        by: Annotated[str | None, typer.Option("--by", help="who applies it (audit trail)")] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Write a plan's owners, with one audit row per change. Applying twice changes nothing."""
        ws = open_workspace(data_dir)
        try:
            out = ownership.apply_plan(ws, plan_id, changed_by=by)
        except ownership.PlanError as exc:
            Console(stderr=True).print(f"[red]{exc}[/]")
            raise typer.Exit(1) from exc
        if out["already_applied"]:
            Console().print(f"方案 {out['plan_id']} 已应用过，无变化")
        else:
            Console().print(f"方案 {out['plan_id']} 已应用：{out['changed']:,} 位客户变更管户关系")

    @assign.command("explain")
    def explain(
        customer_id: str,
        scope: SCOPE = "branch",
        top: Annotated[int, typer.Option("--top", help="candidates to list")] = 10,
        data_dir: DataDir = None,
    ) -> None:
        """Why a customer goes to a manager: candidates, affinity, top reasons, the plan's choice."""
        ws = open_workspace(data_dir)
        try:
            e = planner.explain(ws, customer_id, scope)
        except KeyError as exc:
            Console(stderr=True).print(f"[red]{exc.args[0]}[/]")
            raise typer.Exit(1) from exc
        console = Console()
        console.print(
            f"[bold]客户 {e['customer_id']}[/]  当前客户经理：{e['owner_id'] or '无'}  AUM：{e['aum']:,.0f}  "
            f"远程直营候选：{'是' if e['remote_eligible'] else '否'}"
        )
        console.print("客户特征：" + ("、".join(e["feature_labels"]) or "暂无"))
        t = Table("客户经理", "类型", "专长", "亲和度", "当前")
        t.add_column("主要原因", overflow="fold")
        shown = [c for i, c in enumerate(e["candidates"]) if i < top or c["current_owner"]]
        for c in shown:
            t.add_row(
                c["staff_id"],
                "远程直营" if c["kind"] == "remote" else "客户经理",
                "、".join(c["specialties"]),
                f"{c['affinity']:.2f}",
                "✓" if c["current_owner"] else "",
                "；".join(c["reasons"]) or "-",
            )
        console.print(t)
        if len(shown) < len(e["candidates"]):
            console.print(
                f"另有 {len(e['candidates']) - len(shown)} 位候选客户经理亲和度更低，未列出（--top 调整）"
            )
        p = e["plan"]
        if p is None:
            console.print("尚无包含该客户的分配方案")
        elif p["to_staff"]:
            label = planner.load_config()["status_labels"][p["status"]]
            console.print(
                f"方案 {p['plan_id']}：分配给 {p['to_staff']}（{label}，亲和度 {p['affinity']:.2f}）"
            )
            chosen = next((c for c in e["candidates"] if c["staff_id"] == p["to_staff"]), None)
            if chosen and chosen["reasons"]:
                console.print("原因：" + "；".join(chosen["reasons"]))
            elif p["status"] == "kept":
                console.print("原因：保持原管户关系，没有亲和度更高且有容量的客户经理")
            else:
                console.print("原因：没有兴趣或客群匹配的客户经理，按容量和AUM优先级分配")
        else:
            why = planner.load_config()["reasons"].get(p["reason"], p["reason"])
            console.print(f"方案 {p['plan_id']}：未分配，原因：{why}")

    @assign.command("coverage")
    def coverage(
        by: Annotated[str, typer.Option("--by", help="branch, sub_branch or manager")] = "branch",
        data_dir: DataDir = None,
    ) -> None:
        """Effective coverage now (无人管户 share of customers and AUM), by branch, sub-branch or manager."""
        if by not in ("branch", "sub_branch", "manager"):
            raise typer.BadParameter("--by: branch|sub_branch|manager")
        ws = open_workspace(data_dir)
        days = int(planner.load_config()["coverage_days"])
        cov = current_coverage(ws, datetime.now(UTC).date(), days)
        title = f"有效覆盖（近{days}天）"
        if by == "manager":
            t = Table("客户经理", "管户客户", "有效覆盖", "管户AUM", title=title)
            for m in cov["by_manager"]:
                t.add_row(
                    m["staff_id"], f"{m['customers']:,}", f"{m['effective']:,}", f"{m['aum'] or 0:,.0f}"
                )
            Console().print(t)
            return
        key = "branch_id" if by == "branch" else "sub_branch_id"
        t = Table(
            "分行" if by == "branch" else "支行",
            "客户",
            "有管户",
            "有效覆盖",
            "无人管户占比",
            "无人管户AUM占比",
            title=title,
        )
        for b in cov[f"by_{by}"] + [{**cov, key: "合计"}]:
            t.add_row(
                str(b[key]),
                f"{b['customers']:,}",
                f"{b['owned']:,}",
                f"{b['effective']:,}",
                _pct(b["unmanaged_share"]),
                _pct(b["unmanaged_aum_share"]),
            )
        Console().print(t)

    app.add_typer(assign, name="assign")
