"""Chinese labels for codes shown in the console: ``labels.yaml`` for the console's own codes, the
mining taxonomy for tag codes and values, the affinity file for manager specialties."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yaml")
PACKAGE = Path(__file__).parents[1]
TAXONOMY_FILE = PACKAGE / "mine" / "taxonomy.yaml"
AFFINITY_FILE = PACKAGE / "assign" / "affinity.yaml"


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def labels() -> dict[str, dict[str, str]]:
    return _yaml(LABELS_FILE)


@cache
def _taxonomy() -> dict[str, dict[str, Any]]:
    return _yaml(TAXONOMY_FILE)["codes"]


@cache
def _specialties() -> dict[str, str]:
    return {k: v.get("label", k) for k, v in (_yaml(AFFINITY_FILE).get("specialties") or {}).items()}


def label(group: str, code: str | None) -> str:
    if code is None:
        return ""
    return labels()[group].get(code, code)


def tag_label(code: str | None) -> str:
    """The taxonomy's name of a tag code (``pref.product`` -> 产品偏好); unknown codes as they are."""
    if code is None:
        return ""
    return (_taxonomy().get(code) or {}).get("label") or code


def value_label(code: str | None, value: Any) -> str:
    """The taxonomy's name of a tag value (``pref.product``, ``fund`` -> 基金); free values as they are."""
    if value is None:
        return ""
    values = (_taxonomy().get(code or "") or {}).get("values") or {}
    return str(values.get(str(value), value))


def tag_text(code: str | None, value: Any) -> str:
    """A tag as staff read it: 产品偏好：基金."""
    return f"{tag_label(code)}：{value_label(code, value)}"


def tag_choices() -> list[dict[str, Any]]:
    """Every customer tag with its values, for pickers: [{code, label, options: [(value, label)]}]."""
    return [
        {
            "code": code,
            "label": spec.get("label") or code,
            "options": list((spec.get("values") or {}).items()),
        }
        for code, spec in _taxonomy().items()
        if spec.get("speaker", "customer") == "customer"
    ]


def specialty_label(code: str) -> str:
    return _specialties().get(code, code)
