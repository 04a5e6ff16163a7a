"""The compliance review queue: flagged staff utterances, resolved or dismissed with a comment."""

from __future__ import annotations

import math
from typing import Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from siyu.security import audit
from siyu.security.masking import mask_text
from siyu.security.scope import Principal
from siyu.web.deps import Auth, auth, client_ip, lake, require
from siyu.web.lakeview import LakeView
from siyu.web.models import REVIEW_STATUSES
from siyu.web.queries import compliance as q
from siyu.web.render import page

router = APIRouter()
PER_PAGE = 20
Status = Literal["open", "resolved", "dismissed"]


def _queue(request: Request, view: LakeView, user: Principal, status: str, page_no: int) -> dict[str, Any]:
    with request.app.state.ws.session() as s:
        rows, total = q.queue(view, s, user, status, page_no, PER_PAGE)
    for r in rows:
        r["utterance_text"] = mask_text(r["utterance_text"])
        r["evidence"] = mask_text(r["evidence"])
    return {"items": rows, "total": total, "page": page_no, "pages": max(1, math.ceil(total / PER_PAGE))}


def _review(
    request: Request, view: LakeView, user: Principal, hit_id: str, status: str, comment: str
) -> None:
    if not q.hit_in_scope(view, user, hit_id):
        raise HTTPException(status_code=404, detail="合规提示不存在或不在您的权限范围内")
    with request.app.state.ws.session() as s:
        q.review(s, user, hit_id, status, comment)
        audit.record(
            s,
            user,
            "compliance.review",
            "compliance_hit",
            hit_id,
            {"status": status, "comment": comment},
            ip=client_ip(request),
        )


@router.get("/compliance", response_class=HTMLResponse, include_in_schema=False)
def queue_page(
    request: Request,
    status: Status = "open",
    page_no: int = Query(1, alias="page", ge=1),
    found: Auth = Depends(auth),
    user: Principal = Depends(require("compliance.view")),
    view: LakeView = Depends(lake),
) -> Response:
    result = _queue(request, view, user, status, page_no)
    with request.app.state.ws.session() as s:
        counts = q.status_counts(view, s, user)
    return page(
        request, found, "compliance.html", status=status, statuses=REVIEW_STATUSES, counts=counts, **result
    )


@router.post("/compliance/{hit_id}/review", include_in_schema=False)
def review_form(
    request: Request,
    hit_id: str,
    status: Literal["resolved", "dismissed"] = Form(...),
    comment: str = Form(""),
    user: Principal = Depends(require("compliance.review")),
    view: LakeView = Depends(lake),
) -> Response:
    _review(request, view, user, hit_id, status, comment.strip())
    return RedirectResponse("/compliance", status_code=303)


@router.get("/api/compliance/hits", tags=["compliance"])
def queue_api(
    request: Request,
    status: Status = "open",
    page_no: int = Query(1, alias="page", ge=1),
    user: Principal = Depends(require("compliance.view")),
    view: LakeView = Depends(lake),
) -> dict[str, Any]:
    """Compliance hits in your scope with the given review status, newest first."""
    return _queue(request, view, user, status, page_no)


class Review(BaseModel):
    status: Literal["resolved", "dismissed"]
    comment: str = Field("", max_length=2000)


@router.post("/api/compliance/hits/{hit_id}/review", tags=["compliance"])
def review_api(
    request: Request,
    hit_id: str,
    body: Review,
    user: Principal = Depends(require("compliance.review")),
    view: LakeView = Depends(lake),
) -> dict[str, str]:
    """Resolve or dismiss a hit with a comment (compliance and admin); audited."""
    _review(request, view, user, hit_id, body.status, body.comment.strip())
    return {"hit_id": hit_id, "status": body.status}
