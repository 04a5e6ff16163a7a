"""``siyu serve``: the web console and REST API."""

from __future__ import annotations

from typing import Annotated

import typer

from siyu.options import DataDir


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
        data_dir: DataDir = None,
    ) -> None:
        """Serve the console (pages and /api) over the data directory."""
        import uvicorn

        from siyu.web.app import create_app
        from siyu.workspace import open_workspace

        uvicorn.run(create_app(open_workspace(data_dir)), host=host, port=port, log_level="info")
