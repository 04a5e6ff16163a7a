"""Materialised memberships with entered / exited diffs, users' own segments, count and preview."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from test_segments_support import AS_OF, Bank

from siyu.segments import (
    SegmentError,
    count,
    delete_segment,
    get_segment,
    list_segments,
    load_library,
    members,
    preview,
    run_segments,
    save_segment,
)
from siyu.segments.compiler import shift_years
from siyu.segments.models import SegmentRun
from siyu.workspace import Workspace

T1 = datetime(2026, 6, 30, 12, tzinfo=UTC)


def bank() -> Bank:
    return Bank(
        [
            {"customer_id": "C1", "birth_date": shift_years(AS_OF, -70), "aum": 80000.0, "owner_id": "M1"},
            {"customer_id": "C2", "birth_date": shift_years(AS_OF, -35), "aum": 20000.0, "owner_id": None},
            {"customer_id": "C3", "birth_date": shift_years(AS_OF, -62), "aum": 600000.0, "owner_id": "M1"},
            {"customer_id": "C4", "birth_date": shift_years(AS_OF, -40), "aum": 300000.0, "gender": "F"},
        ],
        profiles=[{"customer_id": "C4", "code": "life.stage", "value": "retired"}],
    )


def memberships(ws: Workspace) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in ws.lake.read("memberships").to_pylist():
        out.setdefault(r["segment_id"], set()).add(r["customer_id"])
    return out


def changes(ws: Workspace) -> set[tuple[str, str, str]]:
    return {
        (r["segment_id"], r["customer_id"], r["change"])
        for r in ws.lake.read("membership_changes").to_pylist()
    }


def test_runs_record_entered_and_exited_and_rerun_changes_nothing(workspace: Workspace):
    ws = workspace
    data = bank()
    data.write(ws.lake)

    first = run_segments(ws, ["elderly", "tier_potential"], as_of=AS_OF, at=T1)
    assert [(r.segment_id, r.members, r.entered, r.exited) for r in first] == [
        ("elderly", 3, 3, 0),
        ("tier_potential", 2, 2, 0),
    ]
    assert first[0].name == "白发客群"
    assert memberships(ws) == {"elderly": {"C1", "C3", "C4"}, "tier_potential": {"C1", "C4"}}
    assert changes(ws) == {("elderly", c, "entered") for c in ("C1", "C3", "C4")} | {
        ("tier_potential", c, "entered") for c in ("C1", "C4")
    }

    files = ws.lake.files("memberships")
    again = run_segments(ws, ["elderly", "tier_potential"], as_of=AS_OF, at=T1 + timedelta(hours=1))
    assert [(r.members, r.entered, r.exited) for r in again] == [(3, 0, 0), (2, 0, 0)]
    assert ws.lake.files("memberships") == files  # nothing rewritten
    assert ws.lake.count("membership_changes") == 5

    # C4 loses the retired tag and C2's AUM grows into the potential band.
    data.profiles = []
    data.customers[1]["aum"] = 60000.0
    data.write(ws.lake)
    third = run_segments(ws, ["elderly"], as_of=AS_OF, at=T1 + timedelta(days=1))
    assert [(r.members, r.entered, r.exited) for r in third] == [(2, 0, 1)]
    assert memberships(ws) == {"elderly": {"C1", "C3"}, "tier_potential": {"C1", "C4"}}
    rows = {(r["segment_id"], r["customer_id"]): r for r in ws.lake.read("memberships").to_pylist()}
    assert rows["elderly", "C1"]["run_id"] == first[0].run_id  # members keep the run they entered in
    assert rows["tier_potential", "C4"]["run_id"] == first[0].run_id  # other segments untouched

    fourth = run_segments(ws, ["tier_potential"], as_of=AS_OF, at=T1 + timedelta(days=2))
    assert [(r.members, r.entered, r.exited) for r in fourth] == [(3, 1, 0)]
    assert ("tier_potential", "C2", "entered") in changes(ws)
    assert ("elderly", "C4", "exited") in changes(ws)

    with ws.session() as s:
        runs = s.scalars(select(SegmentRun).order_by(SegmentRun.run_at, SegmentRun.segment_id)).all()
        assert [(r.segment_id, r.members, r.entered, r.exited) for r in runs] == [
            ("elderly", 3, 3, 0),
            ("tier_potential", 2, 2, 0),
            ("elderly", 3, 0, 0),
            ("tier_potential", 2, 0, 0),
            ("elderly", 2, 0, 1),
            ("tier_potential", 3, 1, 0),
        ]


def test_user_segments_are_stored_and_can_reference_the_library(workspace: Workspace):
    ws = workspace
    bank().write(ws.lake)
    tree = {
        "op": "and",
        "args": [
            {"op": "segment", "id": "elderly"},
            {"op": "cmp", "attr": "has_owner", "cmp": "=", "value": True},
        ],
    }
    saved = save_segment(
        ws, "elderly_managed", "有管户的老年客户", tree, description="测试", created_by="ops1"
    )
    assert get_segment(ws, "elderly_managed").tree == saved.tree
    assert [s.id for s in list_segments(ws)][-1] == "elderly_managed"
    assert len(list_segments(ws)) == len(load_library()) + 1
    assert count(ws, tree, as_of=AS_OF) == 2
    assert sorted(
        members(ws, {"op": "segment", "id": "elderly_managed"}, as_of=AS_OF).column("customer_id").to_pylist()
    ) == [
        "C1",
        "C3",
    ]
    p = preview(ws, {"op": "segment", "id": "elderly"}, as_of=AS_OF, sample=2)
    assert (p.count, p.sample) == (3, ["C1", "C3"])
    [summary] = run_segments(ws, ["elderly_managed"], as_of=AS_OF)
    assert (summary.members, summary.name) == (2, "有管户的老年客户")

    # Updating keeps one row; a reference back to itself is a cycle.
    save_segment(ws, "elderly_managed", "有管户的老年客户", {"op": "segment", "id": "elderly"})
    assert count(ws, {"op": "segment", "id": "elderly_managed"}, as_of=AS_OF) == 3
    save_segment(ws, "wrapper", "包装", {"op": "segment", "id": "elderly_managed"})
    with pytest.raises(SegmentError, match="循环引用"):
        save_segment(ws, "elderly_managed", "循环", {"op": "not", "arg": {"op": "segment", "id": "wrapper"}})
    with pytest.raises(SegmentError, match="内置客群"):
        save_segment(ws, "elderly", "覆盖内置", tree)
    with pytest.raises(SegmentError, match="只能包含"):
        save_segment(ws, "x'; --", "坏编号", tree)
    delete_segment(ws, "wrapper")
    with pytest.raises(SegmentError, match="未找到客群"):
        get_segment(ws, "wrapper")


def test_library_is_complete_and_runs_on_an_empty_lake(sqlite_workspace: Workspace):
    library = load_library()
    families = {s.family for s in library.values()}
    assert families == {
        "named_group",
        "aum_tier",
        "occupation",
        "life_stage",
        "gender",
        "products",
        "acquisition",
        "risk",
        "decision",
        "expertise",
    }
    for seg_id in (
        "payroll",
        "social_security",
        "car_owner",
        "community",
        "white_collar",
        "elderly",
        "young_mothers",
        "post90_young_professionals",
        "long_tail",
        "unmanaged",
        "tier_private",
    ):
        assert library[seg_id].name and library[seg_id].description
    summaries = run_segments(sqlite_workspace, as_of=AS_OF)
    assert len(summaries) == len(library) and all(s.members == 0 for s in summaries)
