"""Accuracy floors of the shipped rules on the labelled development corpus (data/eval).

A rule change that loses precision or recall on any set fails here; the floors sit a little under
the measured figures (docs/mining.md, "Measuring") so that they catch regressions, not noise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siyu.mine import Miner, evaluate

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"

# file: (micro precision, micro F1)
FLOORS = {
    "dev_a.jsonl": (0.94, 0.92),
    "dev_b.jsonl": (0.94, 0.92),
    "dev_c.jsonl": (0.95, 0.93),
    "dev_d.jsonl": (0.93, 0.91),
    "dev_e.jsonl": (0.94, 0.91),
    "dev_f.jsonl": (0.95, 0.89),
    "dev_g.jsonl": (0.91, 0.86),
    "dev_h.jsonl": (0.90, 0.89),
    "dev_i.jsonl": (0.92, 0.90),
    "dev_j.jsonl": (0.90, 0.86),
    "dev_k.jsonl": (0.83, 0.83),
    "dev_l.jsonl": (0.85, 0.81),
    "dev_m.jsonl": (0.89, 0.86),
    "dev_o.jsonl": (0.88, 0.80),
    "dev_s.jsonl": (0.89, 0.82),
    "dev_t.jsonl": (0.90, 0.85),
    "dev_u.jsonl": (0.85, 0.83),
    "dev_v.jsonl": (0.87, 0.80),
    "dev_w.jsonl": (0.85, 0.79),
    "dev_x.jsonl": (0.90, 0.83),
    "dev_y.jsonl": (0.87, 0.83),
    "dev_z.jsonl": (0.82, 0.80),
}


def _report(miner: Miner, name: str):
    records = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line]
    return evaluate(records, miner.mine_batch(records))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_precision_and_f1_stay_above_floor(miner: Miner, name: str) -> None:
    precision, f1 = FLOORS[name]
    micro = _report(miner, name).micro
    assert micro.precision >= precision, f"{name}: precision {micro.precision:.3f} < {precision}"
    assert micro.f1 >= f1, f"{name}: F1 {micro.f1:.3f} < {f1}"


def test_compliance_violations_are_found_across_the_corpus(miner: Miner) -> None:
    tp = fn = 0
    for name in FLOORS:
        score = _report(miner, name).by_code().get("compliance.violation")
        if score:
            tp, fn = tp + score.tp, fn + score.fn
    assert tp / (tp + fn) >= 0.95
