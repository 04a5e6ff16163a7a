"""Planning, applying and explaining assignments on a small bank in a real workspace."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pyarrow as pa
import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from siyu.assign import ownership, planner
from siyu.assign.cli import register
from siyu.assign.coverage import current_coverage
from siyu.assign.models import AssignmentPlan, Ownership, OwnershipChange
from siyu.db.models import OrgUnit, Staff
from siyu.workspace import Workspace

AS_OF = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def customer(cid, branch="B1", sub="S11", aum=10_000.0, birth=date(1985, 1, 1), owner=None) -> dict:
    return {
        "customer_id": cid,
        "branch_id": branch,
        "sub_branch_id": sub,
        "aum": aum,
        "birth_date": birth,
        "owner_id": owner,
        "updated_at": NOW,
    }


def build_bank(ws: Workspace, capacity: int = 2) -> None:
    """Branch B1 (sub-branches S11, S12) with three managers, branch B2 without any, a remote team."""
    with ws.session() as s:
        s.add(OrgUnit(org_id="HO", name="总行", kind="head_office"))
        s.flush()
        s.add_all(
            [
                OrgUnit(org_id="B1", name="杭州分行", kind="branch", parent_id="HO", city="杭州"),
                OrgUnit(org_id="B2", name="宁波分行", kind="branch", parent_id="HO", city="宁波"),
            ]
        )
        s.flush()
        s.add_all(
            [
                OrgUnit(org_id="S11", name="西湖支行", kind="sub_branch", parent_id="B1"),
                OrgUnit(org_id="S12", name="滨江支行", kind="sub_branch", parent_id="B1"),
            ]
        )
        s.flush()
        s.add_all(
            [
                Staff(
                    staff_id="M1",
                    name="王跑跑",
                    kind="manager",
                    org_id="S11",
                    specialties=["running"],
                    capacity=capacity,
                ),
                Staff(
                    staff_id="M2",
                    name="李敬老",
                    kind="manager",
                    org_id="S11",
                    specialties=["elderly"],
                    capacity=capacity,
                ),
                Staff(
                    staff_id="M3",
                    name="张股神",
                    kind="manager",
                    org_id="S12",
                    specialties=["stock_analysis"],
                    capacity=capacity,
                ),
                Staff(staff_id="R1", name="远程一号", kind="remote", org_id="HO", specialties=[], capacity=2),
                Staff(
                    staff_id="X1",
                    name="离任",
                    kind="manager",
                    org_id="S11",
                    specialties=["running"],
                    active=False,
                ),
            ]
        )
    ws.lake.append(
        "customers",
        pa.Table.from_pylist(
            [
                customer("C1"),  # runner
                customer("C2", birth=date(1950, 3, 1)),  # elderly by age
                customer("C3", sub="S12"),  # equity-fund lover
                customer("C4", owner="M1"),  # retired, owned by the runner manager
                customer("C5", aum=120_000.0),  # no features, in the remote band
                customer(
                    "C6", branch="B2", sub=None, aum=1_000_000.0
                ),  # branch without managers, outside band
                customer("C7", aum=2_000.0, owner="X1"),  # owner left the bank
            ]
        ),
    )
    ws.lake.append(
        "profiles",
        pa.Table.from_pylist(
            [
                {"customer_id": "C1", "code": "life.interest", "value": "running"},
                {"customer_id": "C3", "code": "pref.product", "value": "fund_equity"},
                {"customer_id": "C3", "code": "life.interest", "value": "stocks"},
                {"customer_id": "C4", "code": "life.stage", "value": "retired"},
                {
                    "customer_id": "C7",
                    "code": "life.interest",
                    "value": "running",
                    "expires_at": datetime(2026, 1, 1, tzinfo=UTC),
                },  # expired: ignored
            ]
        ),
    )
    ws.lake.append(
        "memberships",
        pa.Table.from_pylist(
            [
                {
                    "segment_id": "holds_equity_fund",
                    "customer_id": "C2",
                    "run_id": "r0",
                    "run_at": NOW - timedelta(1),
                },
                {"segment_id": "holds_equity_fund", "customer_id": "C5", "run_id": "r1", "run_at": NOW},
            ]
        ),
    )
    ws.lake.append(
        "touches",
        pa.Table.from_pylist(
            [
                {
                    "touch_id": "T1",
                    "customer_id": "C4",
                    "staff_id": "M1",
                    "effective": True,
                    "touched_at": NOW - timedelta(days=10),
                    "date": AS_OF - timedelta(days=10),
                },
                {
                    "touch_id": "T2",
                    "customer_id": "C1",
                    "staff_id": "M2",
                    "effective": False,
                    "touched_at": NOW,
                    "date": AS_OF,
                },
            ]
        ),
    )


def plan(ws: Workspace, **kw):
    opts = planner.PlanOptions(as_of=AS_OF, **kw)
    rows, summary = planner.make_plan(ws, opts)
    return opts, {r["customer_id"]: r for r in rows.to_pylist()}, summary, rows


def test_affinity_plan_matches_specialists(workspace: Workspace) -> None:
    build_bank(workspace)
    _, rows, summary, _ = plan(workspace)
    assert rows["C1"]["to_staff"] == "M1" and rows["C1"]["status"] == "new"
    assert rows["C2"]["to_staff"] == "M2"
    assert rows["C3"]["to_staff"] == "M3"  # branch scope: S12's specialist serves the whole branch
    assert rows["C4"]["to_staff"] == "M2" and rows["C4"]["status"] == "moved"  # retired -> elderly
    assert rows["C5"]["to_staff"] in {"M1", "M3", "R1"}
    assert rows["C6"]["status"] == "unplaced" and rows["C6"]["reason"] == "no_candidate"
    assert rows["C7"]["from_staff"] == "X1" and rows["C7"]["to_staff"] is not None
    assert summary["moved"] >= 1 and summary["unplaced"] == 1
    assert summary["coverage_before"]["effective"] == 1  # only C4 had an effective touch by its owner
    assert summary["coverage_after"]["owned"] == 6
    assert summary["coverage_after"]["touched"] == 0  # C4 moves away from the manager who touched it


def test_sub_branch_scope_and_remote_band(workspace: Workspace) -> None:
    build_bank(workspace, capacity=1)
    _, rows, _, _ = plan(workspace, scope="sub_branch")
    # S11 has two managers with one seat each; C5 (band, unmanaged) goes to the remote team
    assert rows["C5"]["to_staff"] == "R1"
    assert rows["C3"]["to_staff"] == "M3"
    placed_s11 = [c for c in ("C1", "C2", "C4", "C7") if rows[c]["to_staff"] in ("M1", "M2")]
    assert len(placed_s11) == 2
    for c in {"C1", "C2", "C4", "C7"} - set(placed_s11):
        assert rows[c]["status"] == "unplaced"
        assert rows[c]["reason"] in ("outside_band", "capacity_no_remote")
    assert rows["C7"]["reason"] in (None, "outside_band")  # AUM 2,000 is below the band


def test_max_changes_keeps_owner(workspace: Workspace) -> None:
    build_bank(workspace)
    _, rows, summary, _ = plan(workspace, max_changes=0)
    assert rows["C4"]["to_staff"] == "M1" and rows["C4"]["status"] == "kept"
    assert summary["moved"] == 0


def test_balanced_mode_spreads_customers(workspace: Workspace) -> None:
    build_bank(workspace, capacity=5)
    _, rows, _, _ = plan(workspace, mode="balanced")
    load = {}
    for r in rows.values():
        if r["to_staff"] and r["to_staff"] != "R1":
            load[r["to_staff"]] = load.get(r["to_staff"], 0) + 1
    assert max(load.values()) - min(load.values()) <= 1


def test_plan_is_deterministic_for_a_seed(workspace: Workspace) -> None:
    build_bank(workspace)
    a = plan(workspace, seed=4)[3]
    b = plan(workspace, seed=4)[3]
    assert a.equals(b)


def test_apply_writes_audit_and_is_idempotent(workspace: Workspace) -> None:
    build_bank(workspace)
    opts, rows, summary, table = plan(workspace)
    pid = planner.store_plan(workspace, opts, table, summary)
    out = ownership.apply_plan(workspace, pid, changed_by="ops")
    changed = [c for c, r in rows.items() if r["status"] in ("moved", "new")]
    assert out["changed"] == len(changed)
    assert ownership.owner_of(workspace, "C4") == "M2"
    assert ownership.owner_of(workspace, "C6") is None
    assert "C1" in ownership.customers_of(workspace, "M1")
    assert "C4" not in ownership.customers_of(workspace, "M1")  # app DB overrides the lake owner
    owners = dict(zip(*ownership.current_owner_table(workspace).to_pydict().values(), strict=True))
    assert owners["C4"] == "M2" and owners["C6"] is None
    with workspace.session() as s:
        audit = s.scalars(select(OwnershipChange).where(OwnershipChange.customer_id == "C4")).one()
        assert (audit.from_staff, audit.to_staff, audit.plan_id, audit.changed_by) == ("M1", "M2", pid, "ops")
        n_changes = s.scalar(select(func.count()).select_from(OwnershipChange))
        n_owned = s.scalar(select(func.count()).select_from(Ownership))
        assert s.get(AssignmentPlan, pid).status == "applied"
    again = ownership.apply_plan(workspace, pid, changed_by="ops")
    assert again == {"plan_id": pid, "changed": 0, "already_applied": True}
    # a fresh plan on the applied state moves nobody
    opts2, rows2, summary2, table2 = plan(workspace)
    assert summary2["moved"] == 0
    pid2 = planner.store_plan(workspace, opts2, table2, summary2)
    assert ownership.apply_plan(workspace, pid2)["changed"] == 0
    with workspace.session() as s:
        assert s.scalar(select(func.count()).select_from(OwnershipChange)) == n_changes
        assert s.scalar(select(func.count()).select_from(Ownership)) == n_owned
    # an older draft cannot overwrite a newer applied plan
    with workspace.session() as s:
        s.add(
            AssignmentPlan(
                plan_id="OLD",
                created_at=datetime(2020, 1, 1, tzinfo=UTC),
                mode="affinity",
                params={},
                summary={},
                status="draft",
            )
        )
    with pytest.raises(ownership.PlanError):
        ownership.apply_plan(workspace, "OLD")


def test_coverage_now(workspace: Workspace) -> None:
    build_bank(workspace)
    cov = current_coverage(workspace, AS_OF, 90)
    assert cov["customers"] == 7 and cov["owned"] == 2 and cov["effective"] == 1
    assert cov["unmanaged"] == 6
    total = 10_000 * 5 + 120_000 + 1_000_000 + 2_000 - 10_000
    assert cov["unmanaged_aum_share"] == pytest.approx(total / (total + 10_000), abs=1e-4)
    by_mgr = {m["staff_id"]: m for m in cov["by_manager"]}
    assert by_mgr["M1"]["effective"] == 1 and by_mgr["X1"]["effective"] == 0
    # a touch older than the quarter does not count
    assert current_coverage(workspace, AS_OF + timedelta(days=90), 90)["effective"] == 0


def test_explain_lists_reasons(sqlite_workspace: Workspace) -> None:
    build_bank(sqlite_workspace)
    e = planner.explain(sqlite_workspace, "C3", as_of=AS_OF)
    top = e["candidates"][0]
    assert top["staff_id"] == "M3"
    assert "关注股票市场" in top["reasons"] and "偏好权益类基金" in top["reasons"]
    e4 = planner.explain(sqlite_workspace, "C4", as_of=AS_OF)
    assert e4["owner_id"] == "M1" and e4["candidates"][0]["reasons"] == ["已退休"]
    assert e4["features"] == ["life.stage=retired"] and e4["feature_labels"] == ["已退休"]
    # segment membership of the latest run counts; C2 left the segment in run r1
    e5 = planner.explain(sqlite_workspace, "C5", as_of=AS_OF)
    assert e5["features"] == ["segment=holds_equity_fund"] and e5["candidates"][0]["staff_id"] == "M3"
    assert "segment=holds_equity_fund" not in planner.explain(sqlite_workspace, "C2", as_of=AS_OF)["features"]
    with pytest.raises(KeyError):
        planner.explain(sqlite_workspace, "nope", as_of=AS_OF)


def test_cli_plan_apply_explain(sqlite_workspace: Workspace) -> None:
    build_bank(sqlite_workspace)
    runner = CliRunner()
    app = typer.Typer()
    register(app)
    d = str(sqlite_workspace.settings.data_dir)
    r = runner.invoke(app, ["assign", "plan", "--data-dir", d, "--seed", "1"])
    assert r.exit_code == 0, r.output
    assert "分配方案" in r.output and "无人管户" in r.output
    with sqlite_workspace.session() as s:
        pid = s.scalars(select(AssignmentPlan.plan_id)).one()
    r = runner.invoke(app, ["assign", "apply", pid, "--data-dir", d, "--by", "ops"])
    assert r.exit_code == 0 and "已应用" in r.output, r.output
    r = runner.invoke(app, ["assign", "apply", pid, "--data-dir", d])
    assert r.exit_code == 0 and "无变化" in r.output
    r = runner.invoke(app, ["assign", "explain", "C3", "--data-dir", d])
    assert r.exit_code == 0 and "M3" in r.output and "关注股票市场" in r.output, r.output
    assert "原因：关注股票市场" in r.output
    r = runner.invoke(app, ["assign", "coverage", "--data-dir", d])
    assert r.exit_code == 0 and "B1" in r.output
    r = runner.invoke(app, ["assign", "coverage", "--by", "manager", "--data-dir", d])
    assert r.exit_code == 0 and "M2" in r.output, r.output
    r = runner.invoke(app, ["assign", "coverage", "--by", "sub_branch", "--data-dir", d])
    assert r.exit_code == 0 and "S12" in r.output, r.output
    r = runner.invoke(app, ["assign", "plan", "--mode", "nope", "--data-dir", d])
    assert r.exit_code != 0
