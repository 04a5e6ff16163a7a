"""SQL text for DuckDB queries over the lake: literals and identifiers built from our own values."""

from __future__ import annotations


def literal(value: object) -> str:
    """A SQL string literal; quotes are escaped."""
    return "'" + str(value).replace("'", "''") + "'"


def quote(name: str) -> str:
    """A SQL identifier for any column name, Chinese headers included."""
    return '"' + name.replace('"', '""') + '"'
