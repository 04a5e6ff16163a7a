"""The conversation viewer: utterances by speaker, evidence highlighted."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from siyu.security.masking import mask_text
from siyu.security.scope import Principal
from siyu.web.deps import Auth, auth, lake, principal
from siyu.web.lakeview import LakeView
from siyu.web.queries import conversations as q
from siyu.web.render import page

router = APIRouter()


def _load(view: LakeView, user: Principal, conversation_id: str) -> dict[str, Any]:
    found = q.conversation(view, user, conversation_id)
    if found is None:
        raise HTTPException(status_code=404, detail="会话不存在或不在您的权限范围内")
    return found


@router.get("/conversations/{conversation_id}", response_class=HTMLResponse, include_in_schema=False)
def conversation_page(
    request: Request,
    conversation_id: str,
    u: int | None = Query(None, description="utterance index to highlight"),
    s: int | None = Query(None, description="span start"),
    e: int | None = Query(None, description="span end"),
    found: Auth = Depends(auth),
    view: LakeView = Depends(lake),
) -> Response:
    conv = _load(view, found.principal, conversation_id)
    marks: dict[int, tuple[int | None, int | None]] = {}
    if u is not None:
        marks[u] = (s, e)
    return page(
        request,
        found,
        "conversation.html",
        conv=conv,
        marks=marks,
        evidence=q.evidence_of(view, conversation_id),
        focus=u,
    )


@router.get("/api/conversations/{conversation_id}", tags=["conversations"])
def conversation_api(
    conversation_id: str, user: Principal = Depends(principal), view: LakeView = Depends(lake)
) -> dict[str, Any]:
    """Utterances (phone and ID numbers masked) and the tags and compliance hits found in them."""
    conv = _load(view, user, conversation_id)
    conv["utterances"] = [{**u, "text": mask_text(u["text"])} for u in conv["utterances"] or []]
    conv["evidence"] = [
        {**ev, "evidence": mask_text(ev["evidence"])} for ev in q.evidence_of(view, conversation_id)
    ]
    return conv
