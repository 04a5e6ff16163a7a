"""``siyu db``: app DB schema management."""

from __future__ import annotations

import typer
from rich.console import Console

from siyu.options import DataDir
from siyu.workspace import open_workspace


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="App DB: migrations.", no_args_is_help=True)

    @db.command("upgrade")
    def upgrade(data_dir: DataDir = None) -> None:
        """Create or migrate the app DB schema to the latest version."""
        ws = open_workspace(data_dir)
        ws.engine  # noqa: B018 - opening the engine migrates
        Console().print(f"app DB at [bold]{ws.settings.database_url}[/] is up to date")

    app.add_typer(db, name="db")
