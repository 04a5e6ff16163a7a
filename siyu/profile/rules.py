"""The folding rules: codes, values and single/multi from the taxonomy; expiry and source
precedence from rules.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa

from siyu.datafile import load_mapping

RULES_FILE = Path(__file__).with_name("rules.yaml")
TAXONOMY_FILE = Path(__file__).parents[1] / "mine" / "taxonomy.yaml"


@dataclass(frozen=True)
class CodeRule:
    code: str
    multi: bool
    ttl_days: int | None = None
    numeric: bool = False
    label: str = ""
    values: dict[str, str] = field(default_factory=dict)  # value -> Chinese label; empty = free


@dataclass(frozen=True)
class Rules:
    codes: dict[str, CodeRule]
    default: CodeRule
    precedence: dict[str, int]

    def rule(self, code: str) -> CodeRule:
        return self.codes.get(code, self.default)

    def table(self) -> pa.Table:
        """The per-code rules as an Arrow table, joined to tag events inside DuckDB."""
        rules = list(self.codes.values())
        return pa.table(
            {
                "code": [r.code for r in rules],
                "multi": [r.multi for r in rules],
                "ttl_days": pa.array([r.ttl_days for r in rules], pa.int32()),
            }
        )


def parse_rules(doc: dict, taxonomy: dict, source: str = "rules.yaml") -> Rules:
    """Customer tag codes of the taxonomy, with the expiry and precedence of ``doc``."""
    codes: dict[str, CodeRule] = {}
    ttl = doc.get("ttl_days") or {}
    for code, spec in taxonomy["codes"].items():
        if spec.get("speaker", "customer") != "customer":
            continue  # staff conduct (compliance.*) is not a customer profile tag
        codes[code] = CodeRule(
            code,
            bool(spec.get("multi", False)),
            ttl.get(code),
            bool(spec.get("numeric", False)),
            spec.get("label", ""),
            {str(k): str(v) for k, v in (spec.get("values") or {}).items()},
        )
    for code, days in ttl.items():
        if code not in codes:
            raise ValueError(f"{source}: ttl_days.{code}: not a customer tag code of the taxonomy")
        if not isinstance(days, int) or days <= 0:
            raise ValueError(
                f"{source}: ttl_days.{code}: expected a positive whole number of days, got {days!r}"
            )
    default = CodeRule("*", bool((doc.get("default") or {}).get("multi", False)))
    precedence = {str(k): int(v) for k, v in doc["source_precedence"].items()}
    return Rules(codes, default, precedence)


@cache
def load_rules(path: Path = RULES_FILE, taxonomy: Path = TAXONOMY_FILE) -> Rules:
    return parse_rules(load_mapping(Path(path)), load_mapping(Path(taxonomy)), str(path))
