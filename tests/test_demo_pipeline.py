"""The whole demo flow on a small bank: every stage leaves real output, and a re-run adds nothing."""

from sqlalchemy import func, select

from siyu.demo.pipeline import DEMO_CAMPAIGN, demo_logins, run_demo
from siyu.plan.models import CampaignTask, WorklistItem


def _counts(ws) -> dict[str, int]:
    lake = ws.lake
    with ws.session() as s:
        items = s.scalar(select(func.count()).select_from(WorklistItem))
        tasks = s.scalar(
            select(func.count()).select_from(CampaignTask).where(CampaignTask.campaign_id == DEMO_CAMPAIGN)
        )
    return {
        "customers": lake.count("customers"),
        "tag_events": lake.count("tag_events"),
        "compliance_hits": lake.count("compliance_hits"),
        "profiles": lake.count("profiles"),
        "memberships": lake.count("memberships"),
        "worklist_items": items,
        "campaign_tasks": tasks,
    }


def test_demo_runs_every_stage_and_is_idempotent(sqlite_workspace):
    ws = sqlite_workspace
    run_demo(ws, customers=1500, conversations=400, seed=3, serve=False)
    first = _counts(ws)
    assert first["customers"] == 1500
    for name, n in first.items():
        assert n > 0, f"stage left no {name}"
    assert [role for role, _ in demo_logins(ws)] == [
        "admin",
        "head_office",
        "branch_head",
        "manager",
        "compliance",
    ]
    run_demo(ws, customers=1500, conversations=400, seed=3, serve=False)
    assert _counts(ws) == first
