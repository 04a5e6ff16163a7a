"""What each kind of file holds: the lake schema's columns plus the aliases and rules of columns.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pyarrow as pa
import yaml

from siyu.lake.schemas import DATASETS, TS

# Input-only kinds (not lake datasets) declare their column types in the YAML.
_TYPES = {"string": pa.string(), "number": pa.float64(), "timestamp": TS}


class ColumnError(ValueError):
    """The file's header cannot be matched to the kind of file (missing or ambiguous columns)."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: pa.DataType
    required: bool = False
    aliases: tuple[str, ...] = ()
    values: dict[str, str] | None = None  # accepted spelling (upper-cased) -> stored value
    minimum: float | None = None
    check: str | None = None  # phone, id_card, offset_or_time


@dataclass(frozen=True)
class TableSpec:
    kind: str
    key: str
    fields: tuple[FieldSpec, ...]
    booleans: dict[str, bool] = field(default_factory=dict)  # lower-cased spelling -> value

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def match_columns(self, header: list[str]) -> tuple[dict[str, str], list[str]]:
        """Map the file's columns to fields: ({source column: field}, ignored columns).

        Raises ColumnError when a required field has no column or two columns mean one field.
        """
        lookup: dict[str, str] = {}
        for f in self.fields:
            for name in (f.name, *f.aliases):
                lookup.setdefault(_normalise(name), f.name)
        matched: dict[str, str] = {}
        ignored: list[str] = []
        for column in header:
            target = lookup.get(_normalise(column))
            if target is None:
                ignored.append(column)
                continue
            clash = next((c for c, t in matched.items() if t == target), None)
            if clash is not None:
                raise ColumnError(f"列“{clash}”和“{column}”都对应字段 {target}，请只保留一列")
            matched[column] = target
        missing = [f for f in self.fields if f.required and f.name not in matched.values()]
        if missing:
            names = "；".join(f"{f.name}（也可用：{'、'.join(f.aliases)}）" for f in missing)
            raise ColumnError(f"缺少必需的列：{names}")
        return matched, ignored


def _normalise(name: str) -> str:
    return re.sub(r"\s+", "", name.replace("\ufeff", "")).casefold()


@cache
def _config() -> dict:
    text = resources.files("siyu.ingest").joinpath("columns.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _field(name: str, type_: pa.DataType, nullable: bool, opts: dict) -> FieldSpec:
    values = opts.get("values")
    return FieldSpec(
        name=name,
        type=type_,
        required=bool(opts.get("required", not nullable)),
        aliases=tuple(str(a) for a in opts.get("aliases", ())),
        values={str(k).upper(): str(v) for k, v in values.items()} if values else None,
        minimum=opts.get("min"),
        check=opts.get("check"),
    )


@cache
def load_spec(kind: str) -> TableSpec:
    """The spec of a lake dataset kind (customers, holdings, products) or of an input kind (transcript)."""
    config = _config()
    section = config[kind]
    options = section["fields"]
    booleans = {
        str(s).lower(): value == "true" for value, spellings in config["booleans"].items() for s in spellings
    }
    if kind in DATASETS:
        schema = DATASETS[kind][0]
        fields = tuple(_field(f.name, f.type, f.nullable, options.get(f.name, {})) for f in schema)
    else:
        fields = tuple(_field(n, _TYPES[o["type"]], True, o) for n, o in options.items())
    return TableSpec(kind=kind, key=section["key"], fields=fields, booleans=booleans)
