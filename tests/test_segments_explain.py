"""Explain: every clause with its result and the customer's own values; and the segment CLI."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from test_segments_support import AS_OF, CUTOFF, Bank
from typer.testing import CliRunner

from siyu.cli import app
from siyu.segments import SegmentError, explain
from siyu.segments.compiler import shift_years
from siyu.workspace import Workspace


@pytest.fixture
def ws(sqlite_workspace: Workspace) -> Workspace:
    Bank(
        [
            {
                "customer_id": "C1",
                "gender": "F",
                "birth_date": shift_years(AS_OF, -33),
                "aum": 120000.0,
                "owner_id": "M1",
                "city": "杭州",
            },
            {"customer_id": "C2", "gender": "M", "birth_date": shift_years(AS_OF, -65), "aum": 3000.0},
        ],
        profiles=[
            {"customer_id": "C1", "code": "life.family", "value": "new_parent"},
            {"customer_id": "C1", "code": "life.interest", "value": "running"},
            {"customer_id": "C1", "code": "life.interest", "value": "reading"},
        ],
        holdings=[
            {
                "holding_id": "h1",
                "customer_id": "C1",
                "product_id": "P1",
                "product_type": "fund",
                "amount": 30000.0,
            },
            {
                "holding_id": "h2",
                "customer_id": "C1",
                "product_id": "P2",
                "product_type": "fund",
                "amount": 5000.0,
            },
        ],
        touches=[
            {
                "touch_id": "t1",
                "customer_id": "C1",
                "channel": "chat",
                "effective": True,
                "touched_at": CUTOFF - timedelta(days=3),
                "date": AS_OF,
            },
            {
                "touch_id": "t2",
                "customer_id": "C1",
                "channel": "phone",
                "effective": False,
                "touched_at": CUTOFF - timedelta(days=3),
                "date": AS_OF,
            },
        ],
    ).write(sqlite_workspace.lake)
    return sqlite_workspace


TREE = {
    "op": "and",
    "args": [
        {"op": "segment", "id": "young_mothers"},
        {"op": "cmp", "attr": "age", "cmp": "<=", "value": 35},
        {
            "op": "or",
            "args": [
                {"op": "holds", "product_type": "fund", "min_amount": 50000},
                {"op": "tag_in", "code": "life.interest", "values": ["running"]},
            ],
        },
        {"op": "touches", "days": 30, "at_least": 1},
        {"op": "aum_band", "band": "potential"},
    ],
}


def test_explain_member(ws: Workspace):
    clauses = {c.path: c for c in explain(ws, TREE, "C1", as_of=AS_OF)}
    assert clauses["root"].result is True and clauses["root"].label == "同时满足以下全部条件"
    assert clauses["and[0]"].label == "属于客群「宝妈客群」"
    assert clauses["and[0].segment(young_mothers)"].depth == 2
    assert clauses["and[0].segment(young_mothers).and[0]"].actual == "F"
    assert clauses["and[0].segment(young_mothers).and[1].or[0]"].actual == "new_parent"
    assert clauses["and[1]"].actual == "33（出生日期 1993-06-30）"
    holds = clauses["and[2].or[0]"]
    assert (holds.result, holds.actual) == (False, "2 笔，合计 35,000 元")
    assert holds.label == "持有基金，合计不少于 50,000 元"
    tag = clauses["and[2].or[1]"]
    assert (tag.result, tag.actual) == (True, "reading、running")
    assert (clauses["and[3]"].result, clauses["and[3]"].actual) == (True, "1 次")
    assert clauses["and[4]"].actual == "120,000.00"


def test_explain_non_member_shows_the_failing_clauses(ws: Workspace):
    clauses = explain(ws, TREE, "C2", as_of=AS_OF)
    assert clauses[0].result is False
    failing = {c.path for c in clauses if not c.result and c.depth == 1}
    assert failing == {"and[0]", "and[1]", "and[2]", "and[3]", "and[4]"}
    by_path = {c.path: c for c in clauses}
    assert by_path["and[2].or[1]"].actual == "无"
    assert by_path["and[3]"].actual == "0 次"
    with pytest.raises(SegmentError, match="未找到客户"):
        explain(ws, TREE, "C9", as_of=AS_OF)
    with pytest.raises(SegmentError, match="未找到客户"):
        explain(ws, TREE, "x' OR '1'='1", as_of=AS_OF)


def test_segment_cli(ws: Workspace, tmp_path: Path):
    runner = CliRunner()
    data_dir = ["--data-dir", str(ws.settings.data_dir)]

    result = runner.invoke(app, ["segment", "list", *data_dir])
    assert result.exit_code == 0, result.output
    assert "宝妈客群" in result.output and "无人管户" in result.output

    result = runner.invoke(app, ["segment", "show", "young_mothers", *data_dir])
    assert result.exit_code == 0, result.output
    assert "life.family" in result.output and "性别 = F" in result.output

    tree_file = tmp_path / "tree.json"
    tree_file.write_text(json.dumps(TREE), encoding="utf-8")
    result = runner.invoke(
        app, ["segment", "preview", "--tree", str(tree_file), "--as-of", "2026-06-30", *data_dir]
    )
    assert result.exit_code == 0, result.output
    assert "1 位客户" in result.output and "C1" in result.output

    tree_file.write_text(json.dumps({"op": "cmp", "attr": "agee", "cmp": "=", "value": 1}), encoding="utf-8")
    result = runner.invoke(app, ["segment", "preview", "--tree", str(tree_file), *data_dir])
    assert result.exit_code != 0 and "未知属性 'agee'" in result.output

    result = runner.invoke(app, ["segment", "run", "elderly", "--as-of", "2026-06-30", *data_dir])
    assert result.exit_code == 0, result.output
    assert "白发客群" in result.output
    assert ws.lake.read("memberships").column("customer_id").to_pylist() == ["C2"]

    result = runner.invoke(
        app, ["segment", "explain", "young_mothers", "C1", "--as-of", "2026-06-30", *data_dir]
    )
    assert result.exit_code == 0, result.output
    assert "new_parent" in result.output and "是" in result.output

    result = runner.invoke(app, ["segment", "show", "nope", *data_dir])
    assert result.exit_code != 0 and "未找到客群" in result.output


def test_run_all_from_cli(ws: Workspace):
    result = CliRunner().invoke(app, ["segment", "run", "--all", "--data-dir", str(ws.settings.data_dir)])
    assert result.exit_code == 0, result.output
    assert "私行" in result.output
