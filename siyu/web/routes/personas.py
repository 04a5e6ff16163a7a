"""Manager personas (人设): completeness score and what to improve, within the user's scope."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from siyu.db.models import Persona
from siyu.persona.store import check_workspace
from siyu.security.scope import Principal, branches_by_org, sees_staff
from siyu.web.deps import Auth, auth, require
from siyu.web.render import page

router = APIRouter()


def _reports(request: Request, user: Principal) -> list[dict[str, Any]]:
    ws = request.app.state.ws
    reports = check_workspace(ws)
    with ws.session() as s:
        branch = branches_by_org(s)
        names = dict(s.execute(select(Persona.staff_id, Persona.display_name)).all())
    out = []
    for staff, report in reports:
        branch_id = branch.get(staff.org_id)
        if not sees_staff(user, staff.staff_id, branch_id):
            continue
        out.append(
            {
                "staff_id": staff.staff_id,
                "name": staff.name,
                "kind": staff.kind,
                "branch_id": branch_id,
                "display_name": names.get(staff.staff_id),
                "specialties": staff.specialties or [],
                "score": report.score,
                "checks": [
                    {"check": r.check, "label": r.label, "passed": r.passed, "suggestion": r.suggestion}
                    for r in report.results
                ],
            }
        )
    return sorted(out, key=lambda r: (r["score"], r["staff_id"]))


@router.get("/personas", response_class=HTMLResponse, include_in_schema=False)
def personas_page(
    request: Request, found: Auth = Depends(auth), user: Principal = Depends(require("personas.view"))
) -> Response:
    rows = _reports(request, user)
    average = round(sum(r["score"] for r in rows) / len(rows)) if rows else 0
    return page(request, found, "personas.html", rows=rows, average=average)


@router.get("/api/personas", tags=["personas"])
def personas_api(
    request: Request, user: Principal = Depends(require("personas.view"))
) -> list[dict[str, Any]]:
    """Persona completeness (0-100) per manager in your scope, lowest first, with suggestions."""
    return _reports(request, user)
