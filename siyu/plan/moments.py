"""Moments (朋友圈) calendars: each manager's posts for the day, by persona type."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa

from siyu.plan.data import HERE, PlanDataError, item_id, load_yaml, need

MOMENTS_FILE = HERE / "moments.yaml"


def load_calendars(path: Path = MOMENTS_FILE) -> dict:
    doc = load_yaml(path)
    need(doc, "max_per_day", str(path), int)
    cals = need(doc, "calendars", str(path), dict)
    need(cals, "default", f"{path}: calendars", list)
    for persona, slots in cals.items():
        for i, slot in enumerate(slots, 1):
            where = f"{path}: calendars.{persona}[{i}]"
            days = need(slot, "weekdays", where, list)
            if not all(isinstance(d, int) and 1 <= d <= 7 for d in days):
                raise PlanDataError(f"{where}: weekdays are 1 (Monday) to 7 (Sunday), got {days!r}")
            for f in ("time", "theme", "content"):
                need(slot, f, where, str)
    return doc


def moments_items(doc: dict, staff: pa.Table, day: date) -> list[dict]:
    """One item per post due today for each manager (per staff member, never per customer)."""
    cals = doc["calendars"]
    todays = {
        persona: sorted((s for s in slots if day.isoweekday() in s["weekdays"]), key=lambda s: s["time"])[
            : doc["max_per_day"]
        ]
        for persona, slots in cals.items()
    }
    rows = []
    for staff_id, persona in zip(
        staff.column("staff_id").to_pylist(), staff.column("persona_type").to_pylist(), strict=True
    ):
        for n, slot in enumerate(todays.get(persona) or todays["default"], 1):
            ref = f"{slot['time']}:{slot['theme']}"
            rows.append(
                {
                    "item_id": item_id(day, staff_id, "moments", ref),
                    "date": day,
                    "staff_id": staff_id,
                    "customer_id": None,
                    "kind": "moments",
                    "ref": ref,
                    "purpose": "service",
                    "channel": "moments",
                    "priority": 0,
                    "rank": n,
                    "reason": f"朋友圈发布计划 {slot['time']}：{slot['theme']}",
                    "script": None,
                    "content": slot["content"],
                    "status": "open",
                    "held_reason": None,
                    "campaign_id": None,
                    "source_ref": None,
                }
            )
    return rows
