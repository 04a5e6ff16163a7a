"""Where siyu keeps its data: the data directory (lake + embedded app DB) and the app DB URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = "./siyu-data"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str

    @property
    def lake_dir(self) -> Path:
        return self.data_dir / "lake"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"


def load_settings(data_dir: str | Path | None = None, database_url: str | None = None) -> Settings:
    """Resolve settings: explicit arguments, then SIYU_DATA_DIR / SIYU_DATABASE_URL, then defaults."""
    root = Path(data_dir or os.environ.get("SIYU_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    url = database_url or os.environ.get("SIYU_DATABASE_URL") or f"sqlite:///{root / 'siyu.db'}"
    return Settings(data_dir=root, database_url=url)
