"""Assignment plans (分户方案): coverage before and after, and applying a plan (audited)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from siyu.assign.models import AssignmentPlan
from siyu.assign.ownership import PlanError, apply_plan
from siyu.security import audit
from siyu.security.scope import Principal
from siyu.web.deps import Auth, auth, client_ip, require
from siyu.web.directory import Directory
from siyu.web.render import page

router = APIRouter()


def _plans(request: Request) -> list[dict[str, Any]]:
    with request.app.state.ws.session() as s:
        rows = s.scalars(select(AssignmentPlan).order_by(AssignmentPlan.created_at.desc())).all()
        return [
            {
                "plan_id": p.plan_id,
                "created_at": p.created_at,
                "mode": p.mode,
                "status": p.status,
                "applied_at": p.applied_at,
                "applied_by": p.applied_by,
                "summary": p.summary or {},
            }
            for p in rows
        ]


def _coverage_chart(summary: dict[str, Any], names: Directory) -> dict[str, Any]:
    before = {b["branch_id"]: b for b in summary.get("coverage_before", {}).get("by_branch", [])}
    after = {b["branch_id"]: b for b in summary.get("coverage_after", {}).get("by_branch", [])}
    branches = sorted(set(before) | set(after), key=str)

    def share(side: dict, b: str) -> float:
        return round(100 * side.get(b, {}).get("unmanaged_share", 0), 1)

    return {
        "title": {"text": "各分行无人管户占比（方案前后）", "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 24},
        "grid": {"left": 60, "right": 20, "top": 60, "bottom": 40},
        "xAxis": {"type": "category", "data": [names.org(str(b)) for b in branches]},
        "yAxis": {"type": "value", "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {"name": "方案前", "type": "bar", "data": [share(before, b) for b in branches], "color": "#bbb"},
            {
                "name": "方案后",
                "type": "bar",
                "data": [share(after, b) for b in branches],
                "color": "#b4232a",
            },
        ],
    }


@router.get("/assignment", response_class=HTMLResponse, include_in_schema=False)
def plans_page(
    request: Request,
    plan: str | None = None,
    found: Auth = Depends(auth),
    _: Principal = Depends(require("assignment.view")),
) -> Response:
    plans = _plans(request)
    chosen = next((p for p in plans if p["plan_id"] == plan), plans[0] if plans else None)
    names = Directory(request.app.state.ws)
    chart = _coverage_chart(chosen["summary"], names) if chosen else None
    return page(request, found, "assignment.html", plans=plans, chosen=chosen, chart=chart, names=names)


@router.post("/assignment/{plan_id}/apply", include_in_schema=False)
def apply_form(
    request: Request, plan_id: str, user: Principal = Depends(require("assignment.view"))
) -> Response:
    _apply(request, user, plan_id)
    return RedirectResponse(f"/assignment?plan={plan_id}", status_code=303)


def _apply(request: Request, user: Principal, plan_id: str) -> dict[str, Any]:
    try:
        result = apply_plan(request.app.state.ws, plan_id, changed_by=user.username)
    except PlanError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    request.app.state.view.refresh_owners()
    with request.app.state.ws.session() as s:
        audit.record(
            s,
            user,
            "assignment.apply",
            "assignment_plan",
            plan_id,
            {"changed": result.get("changed", 0)},
            ip=client_ip(request),
        )
    return result


@router.get("/api/assignment/plans", tags=["assignment"])
def plans_api(request: Request, _: Principal = Depends(require("assignment.view"))) -> list[dict[str, Any]]:
    """Stored assignment plans, newest first, with their summaries (coverage before and after)."""
    return _plans(request)


@router.post("/api/assignment/plans/{plan_id}/apply", tags=["assignment"])
def apply_api(
    request: Request, plan_id: str, user: Principal = Depends(require("assignment.view"))
) -> dict[str, Any]:
    """Make the plan's owners current (head office and admin); audited."""
    return _apply(request, user, plan_id)
