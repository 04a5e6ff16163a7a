"""Reading the YAML data files that operations staff edit: errors name the file and the line."""

from __future__ import annotations

from pathlib import Path

import yaml


class DataFileError(ValueError):
    """A data file that cannot be used as written."""


def load_mapping(path: Path, error: type[ValueError] = DataFileError) -> dict:
    """The file's top-level mapping; anything else raises ``error`` naming the file (and line)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise error(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise error(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    if not isinstance(doc, dict):
        raise error(f"{path}: expected a mapping at the top level")
    return doc
