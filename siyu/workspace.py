"""One place that opens the stores a command works on: the lake and the (migrated) app DB."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from siyu.config import Settings, load_settings
from siyu.db.session import make_engine, migrate, session_scope
from siyu.lake import Lake


@dataclass
class Workspace:
    settings: Settings

    @cached_property
    def lake(self) -> Lake:
        return Lake(self.settings.lake_dir)

    @cached_property
    def engine(self) -> Engine:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        migrate(self.settings.database_url)
        return make_engine(self.settings.database_url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as s:
            yield s


def open_workspace(data_dir: str | Path | None = None, database_url: str | None = None) -> Workspace:
    return Workspace(load_settings(data_dir, database_url))
