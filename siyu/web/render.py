"""Jinja2 templates and the filters pages use: masking, evidence highlighting, money, labels."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from siyu.plan.policy import load_policy
from siyu.security.masking import mask_id_card, mask_phone, mask_text
from siyu.security.scope import ROLE_LABELS
from siyu.web.deps import Auth
from siyu.web.directory import Directory
from siyu.web.labels import label, specialty_label, tag_choices, tag_label, tag_text, value_label

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
SHANGHAI = ZoneInfo("Asia/Shanghai")


def highlight(text: str | None, start: int | None, end: int | None) -> Markup:
    """Masked ``text`` with ``<mark>`` around [start, end); masking keeps lengths, so spans still fit."""
    text = mask_text(text) or ""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return escape(text)
    return Markup("{}<mark>{}</mark>{}").format(text[:start], text[start:end], text[end:])


def money(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100_000_000:
        return f"{value / 100_000_000:,.2f} 亿"
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.2f} 万"
    return f"{value:,.2f}"


def yuan(value: float | None) -> str:
    """Whole amounts in yuan for table columns, so rows compare at a glance (no mixed 万 and 元)."""
    return "—" if value is None else f"{value:,.2f}"


def count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        if value.tzinfo is None:  # the app DB stores UTC; SQLite hands it back without the zone
            value = value.replace(tzinfo=UTC)
        return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def chart_json(option: dict[str, Any]) -> Markup:
    """An ECharts option as JSON safe to embed in <script type="application/json">."""
    text = json.dumps(option, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


env = TEMPLATES.env
env.filters.update(
    mask_phone=mask_phone,
    mask_id_card=mask_id_card,
    mask_text=mask_text,
    money=money,
    yuan=yuan,
    count=count,
    pct=pct,
    when=when,
    chart_json=chart_json,
)
env.globals.update(
    highlight=highlight,
    label=label,
    tag_label=tag_label,
    value_label=value_label,
    tag_text=tag_text,
    tag_choices=tag_choices,
    specialty_label=specialty_label,
    role_label=lambda role: {**ROLE_LABELS, "anonymous": "未登录"}.get(role, role),
    response_label=lambda code: (load_policy().get("responses") or {}).get(code, code),
)


def page(
    request: Request, auth: Auth | None, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    context.update(
        principal=auth.principal if auth else None,
        csrf_token=auth.csrf_token if auth else "",
    )
    context.setdefault("names", Directory(request.app.state.ws))
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
