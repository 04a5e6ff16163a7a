"""Chinese labels for codes shown in the console, read from ``labels.yaml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yaml")


@cache
def labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label(group: str, code: str | None) -> str:
    if code is None:
        return ""
    return labels()[group].get(code, code)
