"""Tag rate per manager / sub-branch / branch, and the CLI commands of the profile stage."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from siyu.cli import app
from siyu.lake.schemas import CUSTOMERS, TAG_EVENTS
from siyu.profile import build_profiles, tag_rate
from siyu.workspace import Workspace

AT = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def lake_ws(sqlite_workspace: Workspace) -> Workspace:
    ws = sqlite_workspace
    customers = [
        {"customer_id": "C1", "owner_id": "M1", "branch_id": "B1", "sub_branch_id": "S1"},
        {"customer_id": "C2", "owner_id": "M1", "branch_id": "B1", "sub_branch_id": "S1"},
        {"customer_id": "C3", "owner_id": "M2", "branch_id": "B1", "sub_branch_id": "S2"},
        {"customer_id": "C4", "owner_id": None, "branch_id": "B2", "sub_branch_id": "S3"},
    ]
    ws.lake.append("customers", pa.Table.from_pylist(customers, schema=CUSTOMERS))
    tags = [
        ("C1", "life.interest", "tea"),
        ("C1", "pref.risk", "steady"),
        ("C2", "pref.risk", "high"),
        ("C2", "pref.product", "fund"),
        ("C3", "life.family", "has_children"),
    ]
    rows = [
        {
            "event_id": f"e{i}",
            "customer_id": c,
            "code": k,
            "value": v,
            "source": "mined",
            "observed_at": AT,
            "date": AT.date(),
        }
        for i, (c, k, v) in enumerate(tags)
    ]
    ws.lake.append("tag_events", pa.Table.from_pylist(rows, schema=TAG_EVENTS))
    build_profiles(ws, date(2026, 3, 2))
    return ws


def test_tag_rate_per_manager(lake_ws: Workspace):
    rows = {r.group: r for r in tag_rate(lake_ws, min_tags=2, by="manager")}
    assert rows["M1"].customers == 2 and rows["M1"].with_min_tags == 1.0 and rows["M1"].with_life_tag == 0.5
    assert rows["M2"].customers == 1 and rows["M2"].with_min_tags == 0.0 and rows["M2"].with_life_tag == 1.0
    assert rows[None].customers == 1 and rows[None].with_life_tag == 0.0


def test_tag_rate_overall_and_by_branch(lake_ws: Workspace):
    [overall] = tag_rate(lake_ws, min_tags=1)
    assert overall.customers == 4 and overall.with_min_tags == 0.75 and overall.with_life_tag == 0.5
    by_branch = {r.group: (r.customers, r.with_min_tags) for r in tag_rate(lake_ws, 1, by="branch")}
    assert by_branch == {"B1": (3, 1.0), "B2": (1, 0.0)}
    by_sub = {r.group: r.customers for r in tag_rate(lake_ws, 1, by="sub_branch")}
    assert by_sub == {"S1": 2, "S2": 1, "S3": 1}


def test_profile_cli(lake_ws: Workspace):
    runner = CliRunner()
    data_dir = str(lake_ws.settings.data_dir)
    result = runner.invoke(app, ["profile", "build", "--as-of", "2026-03-02", "--data-dir", data_dir])
    assert result.exit_code == 0, result.output
    assert "3 位客户" in result.output and "5 个标签" in result.output
    args = ["profile", "tag-rate", "--min-tags", "2", "--by", "manager", "--data-dir", data_dir]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "M1" in result.output and "无人管户" in result.output and "100.0%" in result.output
    result = runner.invoke(app, ["profile", "tag-rate", "--by", "city", "--data-dir", data_dir])
    assert result.exit_code != 0
