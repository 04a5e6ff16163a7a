"""Customer search, the customer 360 view, unmasking and tag decisions."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from siyu.profile import FeedbackError, confirm_tag, reject_tag
from siyu.security import audit
from siyu.security.scope import Principal
from siyu.web import customer360
from siyu.web.deps import Auth, auth, client_ip, lake, require
from siyu.web.lakeview import LakeView
from siyu.web.queries import customers as q
from siyu.web.render import page

router = APIRouter()
PER_PAGE = 20


def _search(
    view: LakeView, principal: Principal, q_: str | None, tag: str | None, segment: str | None, page_no: int
) -> dict[str, Any]:
    rows, total = q.search(view, principal, q_ or None, tag or None, segment or None, page_no, PER_PAGE)
    return {
        "items": [customer360.masked(r) for r in rows],
        "total": total,
        "page": page_no,
        "pages": max(1, math.ceil(total / PER_PAGE)),
        "per_page": PER_PAGE,
    }


@router.get("/customers", response_class=HTMLResponse, include_in_schema=False)
def customers_page(
    request: Request,
    q_: str | None = Query(None, alias="q"),
    tag: str | None = None,
    segment: str | None = None,
    page_no: int = Query(1, alias="page", ge=1),
    found: Auth = Depends(auth),
    view: LakeView = Depends(lake),
) -> Response:
    result = _search(view, found.principal, q_, tag, segment, page_no)
    return page(request, found, "customers.html", q=q_ or "", tag=tag or "", segment=segment or "", **result)


@router.get("/api/customers", tags=["customers"])
def customers_api(
    q_: str | None = Query(None, alias="q", description="customer id or part of the name"),
    tag: str | None = Query(None, description="profile tag code, or code=value"),
    segment: str | None = Query(None, description="segment id"),
    page_no: int = Query(1, alias="page", ge=1),
    user: Principal = Depends(require("customers.view")),
    view: LakeView = Depends(lake),
) -> dict[str, Any]:
    """Customers in your scope, 20 a page; phone and ID-card numbers masked."""
    return _search(view, user, q_, tag, segment, page_no)


def _view_360(request: Request, found: Auth, view: LakeView, customer_id: str) -> dict[str, Any]:
    ws = request.app.state.ws
    with ws.session() as s:
        data = customer360.build(view, s, found.principal, customer_id)
        if data is None:
            raise HTTPException(status_code=404, detail="客户不存在或不在您的权限范围内")
        audit.record(s, found.principal, "customer.view", "customer", customer_id, ip=client_ip(request))
    return data


@router.get("/customers/{customer_id}", response_class=HTMLResponse, include_in_schema=False)
def customer_page(
    request: Request, customer_id: str, found: Auth = Depends(auth), view: LakeView = Depends(lake)
) -> Response:
    data = _view_360(request, found, view, customer_id)
    params = request.query_params
    decided = (
        {"decision": params["decided"], "code": params.get("code"), "value": params.get("value")}
        if params.get("decided")
        else None
    )
    return page(request, found, "customer.html", decided=decided, **data)


@router.get("/api/customers/{customer_id}", tags=["customers"])
def customer_api(
    request: Request, customer_id: str, found: Auth = Depends(auth), view: LakeView = Depends(lake)
) -> dict[str, Any]:
    """The customer 360: basic info (masked), owner, holdings, profile tags with evidence, timeline,
    segments. 404 when the customer is outside your scope. Every call is written to the audit log."""
    data = _view_360(request, found, view, customer_id)
    data.pop("tag_groups")
    return data


def _unmask(request: Request, user: Principal, view: LakeView, customer_id: str) -> dict[str, str | None]:
    row = q.customer(view, user, customer_id)
    if row is None:
        raise HTTPException(status_code=404, detail="客户不存在或不在您的权限范围内")
    with request.app.state.ws.session() as s:
        audit.record(
            s,
            user,
            "customer.unmask",
            "customer",
            customer_id,
            {"fields": list(customer360.PII)},
            ip=client_ip(request),
        )
    return {"phone": row["phone"], "id_card": row["id_card"]}


@router.post("/customers/{customer_id}/unmask", response_class=HTMLResponse, include_in_schema=False)
def unmask_page(
    request: Request,
    customer_id: str,
    found: Auth = Depends(auth),
    user: Principal = Depends(require("customers.unmask")),
    view: LakeView = Depends(lake),
) -> Response:
    return page(
        request,
        found,
        "_pii.html",
        customer_id=customer_id,
        pii=_unmask(request, user, view, customer_id),
        unmasked=True,
    )


@router.post("/api/customers/{customer_id}/unmask", tags=["customers"])
def unmask_api(
    request: Request,
    customer_id: str,
    user: Principal = Depends(require("customers.unmask")),
    view: LakeView = Depends(lake),
) -> dict[str, str | None]:
    """Full phone and ID-card numbers (admin and head office only); audited."""
    return _unmask(request, user, view, customer_id)


def _decide(
    request: Request, user: Principal, view: LakeView, customer_id: str, decision: str, code: str, value: str
) -> None:
    if q.customer(view, user, customer_id) is None:
        raise HTTPException(status_code=404, detail="客户不存在或不在您的权限范围内")
    record = confirm_tag if decision == "confirm" else reject_tag
    try:
        record(
            request.app.state.ws, customer_id, code, value, user.staff_id or user.username, datetime.now(UTC)
        )
    except FeedbackError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    with request.app.state.ws.session() as s:
        audit.record(
            s,
            user,
            f"tag.{decision}",
            "customer",
            customer_id,
            {"code": code, "value": value},
            ip=client_ip(request),
        )


@router.post("/customers/{customer_id}/tags", include_in_schema=False)
def decide_form(
    request: Request,
    customer_id: str,
    decision: Literal["confirm", "reject"] = Form(...),
    code: str = Form(...),
    value: str = Form(...),
    user: Principal = Depends(require("tags.decide")),
    view: LakeView = Depends(lake),
) -> Response:
    _decide(request, user, view, customer_id, decision, code, value)
    target = (
        f"/customers/{quote(customer_id)}?{urlencode({'decided': decision, 'code': code, 'value': value})}"
    )
    return RedirectResponse(target, status_code=303)


class TagDecision(BaseModel):
    decision: Literal["confirm", "reject"]
    code: str
    value: str


@router.post("/api/customers/{customer_id}/tags", tags=["customers"])
def decide_api(
    request: Request,
    customer_id: str,
    body: TagDecision,
    user: Principal = Depends(require("tags.decide")),
    view: LakeView = Depends(lake),
) -> dict[str, str]:
    """Confirm or reject a mined profile tag; it takes effect at the next profile run. Audited."""
    _decide(request, user, view, customer_id, body.decision, body.code, body.value)
    return {"customer_id": customer_id, "code": body.code, "value": body.value, "decision": body.decision}
