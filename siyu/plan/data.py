"""Shared helpers: the YAML data files, worklist item ids and SQL text building."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from siyu.datafile import DataFileError, load_mapping
from siyu.lake.sql import literal as lit

HERE = Path(__file__).parent


class PlanDataError(DataFileError):
    """A data file (SOPs, policy, alerts, events ...) that cannot be used as written."""


def load_yaml(path: Path) -> dict:
    return load_mapping(path, PlanDataError)


def need(doc: dict, key: str, where: str, kind: type | tuple[type, ...] = object) -> Any:
    """``doc[key]`` or a PlanDataError naming the file, the entry and what was expected."""
    if key not in doc or doc[key] is None:
        raise PlanDataError(f"{where}: field {key!r} is required")
    if not isinstance(doc[key], kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise PlanDataError(f"{where}: field {key!r} must be {names}, got {doc[key]!r}")
    return doc[key]


def item_id(day: date, customer_id: str | None, kind: str, ref: str) -> str:
    """Deterministic worklist item id; the same formula as ITEM_ID_SQL."""
    return hashlib.md5(f"{day.isoformat()}|{customer_id or ''}|{kind}|{ref}".encode()).hexdigest()


ITEM_ID_SQL = (
    "md5(strftime({day}, '%Y-%m-%d') || '|' || coalesce({customer}, '') || '|' || {kind} || '|' || {ref})"
)


def fill(template: str | None, values: dict[str, str]) -> str:
    """SQL expression filling ``{name}`` placeholders of a text template with SQL expressions."""
    if template is None:
        return "NULL"
    expr = lit(template)
    for name, sql in values.items():
        if "{" + name + "}" in template:
            expr = f"replace({expr}, {lit('{' + name + '}')}, coalesce(CAST({sql} AS VARCHAR), ''))"
    return expr


def pct(sql: str) -> str:
    """SQL text of a ratio as a percentage with one decimal."""
    return f"printf('%.1f%%', ({sql}) * 100)"
