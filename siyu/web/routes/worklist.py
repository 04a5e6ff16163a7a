"""A manager's daily worklist (today's tasks with reasons and scripts) and campaign execution."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from siyu.db.models import Staff
from siyu.plan.campaigns import CampaignError, campaign_status, list_campaigns
from siyu.plan.models import WorklistItem
from siyu.plan.policy import load_policy
from siyu.plan.worklist import WorklistError, mark_done, worklist
from siyu.security import audit
from siyu.security.masking import mask_text
from siyu.security.scope import Principal, branches_by_org, sees_staff
from siyu.web.deps import Auth, auth, client_ip, require
from siyu.web.render import page

router = APIRouter()
# The overall campaign figures a branch head sees are those of their own branch.
BRANCH_FIGURES = ("tasks", "held", "done", "responded", "execution_rate", "response_rate")


def _day_items(request: Request, user: Principal, staff_id: str | None, day: date | None) -> dict[str, Any]:
    """A manager's items of a day with the names of their customers (``customers``: id -> name)."""
    ws, view = request.app.state.ws, request.app.state.view
    staff_id = staff_id or user.staff_id
    if staff_id is None:
        return {"staff_id": None, "staff_name": None, "day": day, "items": [], "customers": {}}
    with ws.session() as s:
        staff = s.get(Staff, staff_id)
        branch = branches_by_org(s).get(staff.org_id) if staff else None
        if staff is None or not sees_staff(user, staff_id, branch):
            raise HTTPException(status_code=404, detail="客户经理不存在或不在您的权限范围内")
        if day is None:  # the latest day planned for this manager
            day = s.scalar(select(func.max(WorklistItem.date)).where(WorklistItem.staff_id == staff_id))
    items = worklist(ws, staff_id, day, include_held=True) if day else []
    for item in items:
        for key in ("reason", "script", "content", "outcome", "held_reason"):
            item[key] = mask_text(item[key])
    ids = sorted({i["customer_id"] for i in items if i["customer_id"]})
    customers = (
        {
            r["customer_id"]: r["name"]
            for r in view.rows(
                "SELECT customer_id, name FROM customers WHERE list_contains(?, customer_id)", [ids]
            )
        }
        if ids
        else {}
    )
    return {
        "staff_id": staff_id,
        "staff_name": staff.name,
        "day": day,
        "items": items,
        "customers": customers,
    }


def _done(
    request: Request, user: Principal, item_id: str, response: str, outcome: str | None
) -> dict[str, Any]:
    ws = request.app.state.ws
    with ws.session() as s:
        item = s.get(WorklistItem, item_id)
        if item is None or item.staff_id is None or item.staff_id != user.staff_id:
            raise HTTPException(status_code=404, detail="任务不存在或不属于您")
    responses = load_policy().get("responses") or {}
    if response not in responses:
        raise HTTPException(status_code=400, detail=f"请选择客户反馈：{'、'.join(responses.values())}")
    try:
        row = mark_done(ws, item_id, response, outcome or None)
    except WorklistError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    with ws.session() as s:
        audit.record(
            s,
            user,
            "worklist.done",
            "worklist_item",
            item_id,
            {"customer_id": row.get("customer_id"), "response": response},
            ip=client_ip(request),
        )
    return row


def _managers(request: Request, user: Principal) -> list[tuple[str, str]]:
    """(staff_id, name) of the managers whose lists the user may open, for branch heads and head office."""
    if user.role == "manager":
        return []
    with request.app.state.ws.session() as s:
        branch = branches_by_org(s)
        rows = s.execute(
            select(Staff.staff_id, Staff.name, Staff.org_id)
            .where(Staff.kind.in_(("manager", "remote")))
            .order_by(Staff.staff_id)
        ).all()
    return [(sid, f"{name}（{sid}）") for sid, name, org in rows if sees_staff(user, sid, branch.get(org))]


@router.get("/worklist", response_class=HTMLResponse, include_in_schema=False)
def worklist_page(
    request: Request,
    staff: str | None = None,
    day: date | None = None,
    found: Auth = Depends(auth),
    user: Principal = Depends(require("worklist.view")),
) -> Response:
    managers = _managers(request, user)
    if staff is None and managers:  # those who oversee managers have no list of their own
        staff = managers[0][0]
    data = _day_items(request, user, staff, day)
    counts = {k: sum(1 for i in data["items"] if i["status"] == k) for k in ("open", "done", "held")}
    responses = load_policy().get("responses") or {}
    return page(
        request, found, "worklist.html", counts=counts, responses=responses, managers=managers, **data
    )


@router.post("/worklist/{item_id}/done", include_in_schema=False)
def done_form(
    request: Request,
    item_id: str,
    response: str = Form(""),  # checked in _done, so an empty choice gets a message staff can read
    outcome: str = Form(""),
    user: Principal = Depends(require("worklist.view")),
) -> Response:
    row = _done(request, user, item_id, response, outcome.strip())
    return RedirectResponse(f"/worklist?day={row['date']}#item-{item_id}", status_code=303)


@router.get("/api/worklist", tags=["worklist"])
def worklist_api(
    request: Request,
    staff: str | None = None,
    day: date | None = None,
    user: Principal = Depends(require("worklist.view")),
) -> dict[str, Any]:
    """A manager's items for a day (default: yours, latest planned day), open ones first."""
    return _day_items(request, user, staff, day)


class Done(BaseModel):
    response: str = Field(description="accepted, interested, replied, declined or no_answer")
    outcome: str | None = Field(None, max_length=2000)


@router.post("/api/worklist/{item_id}/done", tags=["worklist"])
def done_api(
    request: Request, item_id: str, body: Done, user: Principal = Depends(require("worklist.view"))
) -> dict[str, Any]:
    """Close one of your items with the customer's response; the touch is logged. Audited."""
    return _done(request, user, item_id, body.response, body.outcome)


def _campaigns(request: Request, user: Principal, campaign_id: str | None) -> dict[str, Any]:
    ws = request.app.state.ws
    campaigns = list_campaigns(ws)
    chosen = campaign_id or (campaigns[0]["campaign_id"] if campaigns else None)
    status = None
    if chosen:
        try:
            status = campaign_status(ws, chosen)
        except CampaignError:
            raise HTTPException(status_code=404, detail="活动不存在") from None
        if user.role == "branch_head":  # a branch head follows their own branch's execution
            status["by_branch"] = [b for b in status["by_branch"] if b["branch_id"] == user.branch_id]
            status["by_staff"] = [b for b in status["by_staff"] if b["branch_id"] == user.branch_id]
            own = status["by_branch"][0] if status["by_branch"] else {}
            status.update({k: own.get(k, 0) for k in BRANCH_FIGURES})
    return {"campaigns": campaigns, "status": status}


@router.get("/campaigns", response_class=HTMLResponse, include_in_schema=False)
def campaigns_page(
    request: Request,
    campaign: str | None = None,
    found: Auth = Depends(auth),
    user: Principal = Depends(require("campaigns.view")),
) -> Response:
    return page(request, found, "campaigns.html", **_campaigns(request, user, campaign))


@router.get("/api/campaigns", tags=["worklist"])
def campaigns_api(
    request: Request, campaign: str | None = None, user: Principal = Depends(require("campaigns.view"))
) -> dict[str, Any]:
    """Campaigns, and execution and response rates of one (default: the newest) by branch and manager."""
    return _campaigns(request, user, campaign)
