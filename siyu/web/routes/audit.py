"""The audit log browser (admins): filter by user and action, newest first."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from siyu.security import audit
from siyu.security.scope import Principal
from siyu.web.deps import Auth, auth, require
from siyu.web.render import page

router = APIRouter()
PER_PAGE = 50


def _search(request: Request, user: str | None, action: str | None, page_no: int) -> dict[str, Any]:
    with request.app.state.ws.session() as s:
        rows, total = audit.search(s, user or None, action or None, page_no, PER_PAGE)
        known_actions = audit.actions(s)
    items = [
        {
            "id": r.id,
            "at": r.at,
            "user": r.user,
            "role": r.role,
            "action": r.action,
            "object_type": r.object_type,
            "object_id": r.object_id,
            "detail": r.detail,
            "ip": r.ip,
        }
        for r in rows
    ]
    return {
        "items": items,
        "total": total,
        "page": page_no,
        "pages": max(1, math.ceil(total / PER_PAGE)),
        "actions": known_actions,
    }


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    request: Request,
    user: str | None = None,
    action: str | None = None,
    page_no: int = Query(1, alias="page", ge=1),
    found: Auth = Depends(auth),
    _: Principal = Depends(require("audit.view")),
) -> Response:
    result = _search(request, user, action, page_no)
    return page(request, found, "audit.html", user_filter=user or "", action_filter=action or "", **result)


@router.get("/api/audit", tags=["audit"])
def audit_api(
    request: Request,
    user: str | None = None,
    action: str | None = None,
    page_no: int = Query(1, alias="page", ge=1),
    _: Principal = Depends(require("audit.view")),
) -> dict[str, Any]:
    """Audit log rows, newest first, 50 a page (admins only)."""
    result = _search(request, user, action, page_no)
    result.pop("actions")
    return result
