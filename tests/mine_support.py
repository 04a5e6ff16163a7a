"""Shared helper of the miner tests: the (code, value) pairs mined from a few short turns."""

from __future__ import annotations

from siyu.mine import Miner


def tags(miner: Miner, *turns: tuple[str, str], channel: str = "") -> set[tuple[str, object]]:
    """Turns as ("s" | "c", text): staff or customer."""
    conv = {
        "id": "t",
        "channel": channel,
        "utterances": [{"speaker": "staff" if s == "s" else "customer", "text": t} for s, t in turns],
    }
    return {(t.code, t.value) for t in miner.mine(conv)}
