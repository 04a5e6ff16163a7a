"""Loading the editable data files of the demo bank (vocabulary and conversation templates)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from siyu.datafile import load_mapping

HERE = Path(__file__).parent


@cache
def load_yaml(name: str) -> dict[str, Any]:
    return load_mapping(HERE / name)


def vocab() -> dict[str, Any]:
    return load_yaml("vocab.yaml")
