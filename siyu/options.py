"""CLI options shared by every command."""

from __future__ import annotations

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
