"""The segment library (客群库) and the builder with a live count preview."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Body, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from siyu import segments
from siyu.security import audit
from siyu.security.scope import Principal
from siyu.segments.runs import last_runs
from siyu.web.deps import Auth, auth, client_ip, lake, require
from siyu.web.lakeview import LakeView
from siyu.web.queries import metrics
from siyu.web.render import page

router = APIRouter()

STARTER_TREE = {"op": "and", "args": [{"op": "cmp", "attr": "aum", "cmp": ">=", "value": 50000}]}


def _library(request: Request, view: LakeView, user: Principal) -> list[dict[str, Any]]:
    sizes = {r["segment_id"]: r["customers"] for r in metrics.segment_sizes(view, user)}
    runs = last_runs(request.app.state.ws)
    return [
        {
            "id": d.id,
            "name": d.name,
            "family": d.family_name,
            "description": d.description,
            "builtin": d.builtin,
            "members": sizes.get(d.id, 0),
            "computed_at": runs[d.id].run_at if d.id in runs else None,  # None: saved, not yet run
            "tree": d.tree.to_json(),
        }
        for d in segments.list_segments(request.app.state.ws)
    ]


# The JSON decoder's complaints in the builder's words; others are shown as the decoder says them.
JSON_ERRORS = {
    "Expecting value": "这里缺少值",
    "Expecting property name enclosed in double quotes": "字段名要用英文双引号括起来",
    "Expecting ',' delimiter": "缺少英文逗号",
    "Expecting ':' delimiter": "缺少英文冒号",
    "Extra data": "JSON 结束后还有多余内容",
    "Unterminated string starting at": "引号没有闭合",
}


def _parse(text: str) -> Any:
    """The builder's text as JSON, or SegmentError saying where the JSON breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        why = JSON_ERRORS.get(exc.msg, exc.msg)
        raise segments.SegmentError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{why}") from None


def _preview(request: Request, tree: Any) -> dict[str, Any]:
    """Count and sample of a tree over all customers, or the validation error in words."""
    try:
        found = segments.preview(request.app.state.ws, tree)
    except (segments.SegmentError, ValueError) as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "count": found.count, "sample": found.sample}


@router.get("/segments", response_class=HTMLResponse, include_in_schema=False)
def library_page(
    request: Request,
    found: Auth = Depends(auth),
    user: Principal = Depends(require("segments.view")),
    view: LakeView = Depends(lake),
) -> Response:
    return page(request, found, "segments.html", library=_library(request, view, user))


@router.get("/segments/builder", response_class=HTMLResponse, include_in_schema=False)
def builder_page(
    request: Request,
    start: str | None = Query(None, alias="from"),
    found: Auth = Depends(auth),
    _: Principal = Depends(require("segments.preview")),
) -> Response:
    tree = STARTER_TREE
    if start:
        try:
            tree = segments.get_segment(request.app.state.ws, start).tree.to_json()
        except segments.SegmentError:
            raise HTTPException(status_code=404, detail="客群不存在") from None
    text = json.dumps(tree, ensure_ascii=False, indent=2)
    return page(request, found, "segment_builder.html", tree_text=text, preview=_preview(request, tree))


@router.post("/segments/preview", response_class=HTMLResponse, include_in_schema=False)
def preview_fragment(
    request: Request,
    tree: str = Form(...),
    found: Auth = Depends(auth),
    _: Principal = Depends(require("segments.preview")),
) -> Response:
    try:
        parsed = _parse(tree)
    except segments.SegmentError as exc:
        result = {"ok": False, "error": str(exc)}
    else:
        result = _preview(request, parsed)
    return page(request, found, "_segment_preview.html", preview=result)


@router.post("/segments", include_in_schema=False)
def save_form(
    request: Request,
    segment_id: str = Form(...),
    name: str = Form(...),
    description: str = Form(""),
    tree: str = Form(...),
    user: Principal = Depends(require("segments.preview")),
) -> Response:
    try:
        saved = segments.save_segment(
            request.app.state.ws,
            segment_id.strip(),
            name.strip(),
            _parse(tree),
            description=description.strip(),
            created_by=user.username,
        )
    except (segments.SegmentError, ValueError) as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    with request.app.state.ws.session() as s:
        audit.record(
            s, user, "segment.save", "segment", saved.id, {"name": saved.name}, ip=client_ip(request)
        )
    return RedirectResponse("/segments", status_code=303)


@router.get("/api/segments", tags=["segments"])
def library_api(
    request: Request, user: Principal = Depends(require("segments.view")), view: LakeView = Depends(lake)
) -> list[dict[str, Any]]:
    """Library and users' segments with their current member count in your scope."""
    return _library(request, view, user)


@router.post("/api/segments/preview", tags=["segments"])
def preview_api(
    request: Request,
    tree: dict[str, Any] = Body(..., description="a segment condition tree (see docs/segments.md)"),
    _: Principal = Depends(require("segments.preview")),
) -> dict[str, Any]:
    """How many customers the tree selects now, with a sample of ids; or the validation error."""
    return _preview(request, tree)
