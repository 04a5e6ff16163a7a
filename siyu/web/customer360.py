"""Assembling the customer 360 view (shared by the page and the API), masked unless unmasked."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from siyu.db.models import Staff
from siyu.security.masking import mask_id_card, mask_phone
from siyu.security.scope import Principal
from siyu.web.labels import label, labels
from siyu.web.lakeview import LakeView
from siyu.web.queries import customers as q

PII = ("phone", "id_card")


def masked(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "phone": mask_phone(row.get("phone")), "id_card": mask_id_card(row.get("id_card"))}


def staff_names(session: Session, staff_ids: set[str]) -> dict[str, str]:
    if not staff_ids:
        return {}
    rows = session.execute(select(Staff.staff_id, Staff.name).where(Staff.staff_id.in_(staff_ids)))
    return dict(rows.all())


def tag_groups(tags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Profile tags grouped by taxonomy category (the code's prefix), in taxonomy order."""
    order = list(labels()["categories"])
    keyed = sorted(tags, key=lambda t: (_rank(order, t["code"].split(".")[0]), t["code"]))
    return [
        {"category": cat, "label": label("categories", cat), "tags": list(items)}
        for cat, items in groupby(keyed, key=lambda t: t["code"].split(".")[0])
    ]


def _rank(order: list[str], category: str) -> int:
    return order.index(category) if category in order else len(order)


def build(view: LakeView, session: Session, principal: Principal, customer_id: str) -> dict[str, Any] | None:
    """Everything the 360 shows, or None when the customer does not exist or is out of scope."""
    row = q.customer(view, principal, customer_id)
    if row is None:
        return None
    more = q.details(view, customer_id)
    owner = row.get("current_owner")
    names = staff_names(session, {s for s in [owner] + [t["staff_id"] for t in more["timeline"]] if s})
    return {
        "customer": masked(row),
        "owner": {"staff_id": owner, "name": names.get(owner or "")},
        "holdings": more["holdings"],
        "tags": more["tags"],
        "tag_groups": tag_groups(more["tags"]),
        "timeline": [{**t, "staff_name": names.get(t["staff_id"] or "")} for t in more["timeline"]],
        "segments": more["segments"],
    }
