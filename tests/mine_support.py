"""Shared helper of the miner tests: the (code, value) pairs mined from a few short turns."""

from __future__ import annotations

from pathlib import Path

from siyu.mine import Miner, load_rules
from siyu.mine.rules import DEFAULT_PATHS


def tags(miner: Miner, *turns: tuple[str, str], channel: str = "") -> set[tuple[str, object]]:
    """Turns as ("s" | "c", text): staff or customer."""
    conv = {
        "id": "t",
        "channel": channel,
        "utterances": [{"speaker": "staff" if s == "s" else "customer", "text": t} for s, t in turns],
    }
    return {(t.code, t.value) for t in miner.mine(conv)}


def own_miner(tmp_path: Path, text: str) -> Miner:
    """The shipped rules plus a bank's own YAML file (RulesError when that file is broken)."""
    own = tmp_path / "bank.yaml"
    own.write_text(text, encoding="utf-8")
    return Miner(load_rules([*DEFAULT_PATHS, own]))
