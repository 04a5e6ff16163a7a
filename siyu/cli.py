"""The ``siyu`` command: one sub-command per stage of the flow."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="siyu",
    help="siyu (私域): know every customer, reach them through the right manager, see whether it worked.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

# Each stage package exposes ``register(app)`` in its ``cli`` module.
STAGES = (
    "siyu.db.cli",
    "siyu.demo.cli",
    "siyu.ingest.cli",
    "siyu.mine.cli",
    "siyu.profile.cli",
    "siyu.segments.cli",
    "siyu.assign.cli",
    "siyu.persona.cli",
    "siyu.plan.cli",
    "siyu.web.cli",
)

for _module in STAGES:
    importlib.import_module(_module).register(app)


def main() -> None:
    app()
