"""Dashboards: tag rate, effective coverage, unmanaged customers and AUM, segments, compliance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from siyu.security.scope import Principal
from siyu.web.deps import Auth, auth, lake, require
from siyu.web.directory import Directory
from siyu.web.labels import label, labels
from siyu.web.lakeview import LakeView
from siyu.web.queries import metrics
from siyu.web.render import page

router = APIRouter()
TOP_SEGMENTS = 15  # the chart shows the largest segments; the library page lists them all


def figures(view: LakeView, user: Principal) -> dict[str, Any]:
    return {
        "overview": metrics.overview(view, user),
        "tag_categories": metrics.tag_rate_by_category(view, user),
        "segments": metrics.segment_sizes(view, user),
        "hits_by_branch": metrics.hits_by_branch(view, user),
    }


def _bar(title: str, names: list[str], values: list[float], percent: bool = False) -> dict[str, Any]:
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"rotate": 30 if len(names) > 6 else 0}},
        "yAxis": {"type": "value", "axisLabel": {"formatter": "{value}%" if percent else "{value}"}},
        "series": [{"type": "bar", "data": values, "itemStyle": {"color": "#b4232a"}}],
    }


def _ranking(title: str, names: list[str], values: list[int]) -> dict[str, Any]:
    """Horizontal bars, largest on top: long Chinese names stay readable."""
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 150, "right": 50, "top": 40, "bottom": 20},
        "xAxis": {"type": "value"},
        "yAxis": {
            "type": "category",
            "data": names[::-1],
            "axisLabel": {"interval": 0, "width": 140, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "data": values[::-1],
                "itemStyle": {"color": "#b4232a"},
                "label": {"show": True, "position": "right"},
            }
        ],
    }


def _pie(title: str, parts: dict[str, float]) -> dict[str, Any]:
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "item", "formatter": "{b}: {d}%"},
        "color": ["#b4232a", "#d9d9d9"],
        "series": [
            {
                "type": "pie",
                "radius": ["40%", "65%"],
                "top": 30,
                "label": {"formatter": "{b}\n{d}%"},
                "data": [{"name": k, "value": v} for k, v in parts.items()],
            }
        ],
    }


def charts(fig: dict[str, Any], names: Directory) -> list[dict[str, Any]]:
    o = fig["overview"]
    n = o["customers"] or 1
    order = list(labels()["categories"])
    categories = sorted(
        fig["tag_categories"],
        key=lambda r: order.index(r["category"]) if r["category"] in order else len(order),
    )
    top = fig["segments"][:TOP_SEGMENTS]
    return [
        _pie("有效覆盖客户占比", {"有效覆盖": o["effective_coverage"], "无人管户": o["unmanaged_share"]}),
        _pie(
            "无人管户 AUM 占比",
            {"无人管户 AUM": o["unmanaged_aum_share"], "有效覆盖 AUM": 1 - o["unmanaged_aum_share"]},
        ),
        _bar(
            "各类标签覆盖率",
            [label("categories", r["category"]) for r in categories],
            [round(100 * r["customers"] / n, 1) for r in categories],
            percent=True,
        ),
        _ranking(
            f"客群规模（前 {len(top)} 个）",
            [names.segment(r["segment_id"]) for r in top],
            [r["customers"] for r in top],
        ),
        _bar(
            "各分行合规提示数",
            [names.org(r["branch_id"]) for r in fig["hits_by_branch"]],
            [r["hits"] for r in fig["hits_by_branch"]],
        ),
    ]


@router.get("/dashboards", response_class=HTMLResponse, include_in_schema=False)
def dashboards_page(
    request: Request,
    found: Auth = Depends(auth),
    user: Principal = Depends(require("dashboards.view")),
    view: LakeView = Depends(lake),
) -> Response:
    fig = figures(view, user)
    names = Directory(request.app.state.ws)
    return page(
        request, found, "dashboards.html", overview=fig["overview"], charts=charts(fig, names), names=names
    )


@router.get("/api/dashboards", tags=["dashboards"])
def dashboards_api(
    user: Principal = Depends(require("dashboards.view")), view: LakeView = Depends(lake)
) -> dict:
    """The dashboard figures for your scope (shares are fractions of 1)."""
    return figures(view, user)
