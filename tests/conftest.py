"""Shared fixtures: a throwaway data dir, and app DB URLs for SQLite and the local PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from siyu.mine import Miner, load_rules
from siyu.workspace import Workspace, open_workspace

PG_ADMIN = os.environ.get("SIYU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    if not _pg_available():
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_ADMIN}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'app.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def workspace(tmp_path: Path, db_url: str) -> Workspace:
    return open_workspace(tmp_path / "data", db_url)


@pytest.fixture
def sqlite_workspace(tmp_path: Path) -> Workspace:
    return open_workspace(tmp_path / "data")


@pytest.fixture(scope="session")
def miner() -> Miner:
    """The miner on the shipped rules, built once: compiling them takes about half a second."""
    return Miner(load_rules())
