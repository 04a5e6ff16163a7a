"""Quarantine files: the rows that failed validation, one JSON object per problem."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from siyu.ingest.validate import RowError


def write_quarantine(folder: Path, kind: str, source: Path, errors: list[RowError]) -> Path | None:
    """Write ``errors`` as JSON lines (file, line, field, reason, value, row); None when there are none."""
    if not errors:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"{stamp}-{kind}-{source.stem}.jsonl"
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for e in sorted(errors, key=lambda e: e.line):
            record = {"file": str(source), "line": e.line, "field": e.field, "reason": e.reason}
            record |= {"value": e.value, "row": e.row}
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    os.replace(tmp, path)
    return path
