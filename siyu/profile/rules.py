"""The folding rules (rules.yaml): which codes are multi-valued, which expire, source precedence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")


@dataclass(frozen=True)
class CodeRule:
    code: str
    multi: bool
    ttl_days: int | None = None
    numeric: bool = False


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


def _rule(code: str, raw: dict, where: str) -> CodeRule:
    unknown = set(raw) - {"multi", "ttl_days", "numeric"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}; expected multi, ttl_days, numeric")
    ttl = raw.get("ttl_days")
    if ttl is not None and (not isinstance(ttl, int) or ttl <= 0):
        raise ValueError(f"{where}: ttl_days must be a positive whole number of days, got {ttl!r}")
    return CodeRule(code, bool(raw.get("multi", False)), ttl, bool(raw.get("numeric", False)))


def parse_rules(doc: dict, source: str = "rules.yaml") -> Rules:
    codes = {code: _rule(code, raw or {}, f"{source}: codes.{code}") for code, raw in doc["codes"].items()}
    default = _rule("*", doc.get("default") or {}, f"{source}: default")
    precedence = {str(k): int(v) for k, v in doc["source_precedence"].items()}
    return Rules(codes, default, precedence)


@cache
def load_rules(path: Path = RULES_FILE) -> Rules:
    with open(path, encoding="utf-8") as fh:
        return parse_rules(yaml.safe_load(fh), str(path))
