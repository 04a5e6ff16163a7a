"""CLI options shared by every command."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="SIYU_DATA_DIR",
        help="Folder holding the lake and the embedded app DB (default ./siyu-data).",
        show_default=False,
    ),
]


def parse_day(text: str | None) -> date | None:
    """A --as-of style option: YYYY-MM-DD, or None when not given."""
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD，收到 {text!r}") from exc
