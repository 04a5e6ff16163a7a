"""The home page, by role, and the static health check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from sqlalchemy import func, select

from siyu.plan.models import WorklistItem
from siyu.web.deps import Auth, auth, lake
from siyu.web.lakeview import LakeView
from siyu.web.queries import compliance, metrics
from siyu.web.render import page

router = APIRouter()


def _open_items(request: Request, staff_id: str) -> dict:
    """The manager's latest planned day and how many of its items are still open."""
    W = WorklistItem
    with request.app.state.ws.session() as s:
        day = s.scalar(select(func.max(W.date)).where(W.staff_id == staff_id))
        n = s.scalar(select(func.count()).where(W.staff_id == staff_id, W.date == day, W.status == "open"))
    return {"day": day, "open": n or 0}


@router.get("/healthz", response_class=PlainTextResponse, include_in_schema=False)
def healthz() -> str:
    return "ok"


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, found: Auth = Depends(auth), view: LakeView = Depends(lake)) -> Response:
    user = found.principal
    context: dict = {}
    if user.role == "manager" and user.staff_id:
        context["todo"] = _open_items(request, user.staff_id)
    if user.can("dashboards.view"):
        context["overview"] = metrics.overview(view, user)
    if user.can("compliance.view"):
        with request.app.state.ws.session() as s:
            context["open_hits"] = compliance.queue(view, s, user, "open", 1, 5)
    return page(request, found, "home.html", **context)
