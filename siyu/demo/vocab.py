"""Loading the editable data files of the demo bank (vocabulary and conversation templates)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


@cache
def load_yaml(name: str) -> dict[str, Any]:
    path = HERE / name
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def vocab() -> dict[str, Any]:
    return load_yaml("vocab.yaml")
