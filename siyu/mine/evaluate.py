"""Precision / recall / F1 of mined tags against gold labels, per group, code and value.

Gold records are conversations in the input format with ``"gold": [[code, value], ...]``. A numeric
value (pref.yield_expectation) is correct when it is within 0.01 of the gold number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from siyu.mine.result import Tag

NUMERIC_TOLERANCE = 0.01
GROUPS = ("basic", "pref", "objection", "voice", "life", "compliance")


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Error:
    kind: str  # "FP" (mined, not in gold) or "FN" (in gold, not mined)
    conversation_id: str
    code: str
    value: str
    evidence: str  # the evidence text of a false positive, the utterances of a false negative


@dataclass
class EvalReport:
    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    conversations: int = 0

    def _score(self, keys: Iterable[tuple[str, str]]) -> Score:
        c: Counter[str] = Counter()
        for k in keys:
            c.update(self.counts[k])
        return Score(c["tp"], c["fp"], c["fn"])

    def by_value(self) -> dict[str, Score]:
        return {f"{code}={value}": self._score([(code, value)]) for code, value in sorted(self.counts)}

    def by_code(self) -> dict[str, Score]:
        codes = sorted({code for code, _ in self.counts})
        return {c: self._score(k for k in self.counts if k[0] == c) for c in codes}

    def by_group(self) -> dict[str, Score]:
        return {
            g: self._score(k for k in self.counts if k[0].split(".")[0] == g)
            for g in GROUPS
            if any(k[0].split(".")[0] == g for k in self.counts)
        }

    @property
    def micro(self) -> Score:
        return self._score(self.counts)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the values that occur in gold or predictions."""
        scores = self.by_value().values()
        return sum(s.f1 for s in scores) / len(scores) if scores else 1.0

    def summary(self) -> dict[str, Any]:
        micro = self.micro
        return {
            "conversations": self.conversations,
            "tp": micro.tp,
            "fp": micro.fp,
            "fn": micro.fn,
            "precision": round(micro.precision, 4),
            "recall": round(micro.recall, 4),
            "f1": round(micro.f1, 4),
            "macro_f1": round(self.macro_f1, 4),
        }


def _label(code: str, value: Any) -> str:
    return "number" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def evaluate(gold_records: Sequence[dict[str, Any]], predictions: Sequence[Sequence[Tag]]) -> EvalReport:
    """Compare predicted tags with each record's gold list (records and predictions in the same order)."""
    if len(gold_records) != len(predictions):
        raise ValueError(f"{len(gold_records)} gold records but {len(predictions)} predictions")
    report = EvalReport(conversations=len(gold_records))
    for record, tags in zip(gold_records, predictions, strict=True):
        cid = str(record.get("id", ""))
        gold = [(str(code), value) for code, value in record.get("gold") or []]
        unmatched = list(gold)
        for tag in tags:
            label = (tag.code, _label(tag.code, tag.value))
            match = next((g for g in unmatched if g[0] == tag.code and _same(g[1], tag.value)), None)
            counter = report.counts.setdefault(label, Counter())
            if match is not None:
                unmatched.remove(match)
                counter["tp"] += 1
            else:
                counter["fp"] += 1
                text = " / ".join(e.text for e in tag.evidence)
                report.errors.append(Error("FP", cid, tag.code, str(tag.value), text))
        for code, value in unmatched:
            report.counts.setdefault((code, _label(code, value)), Counter())["fn"] += 1
            said = " | ".join(f"{u.get('speaker')}: {u.get('text')}" for u in record.get("utterances") or [])
            report.errors.append(Error("FN", cid, code, str(value), said))
    return report


def _same(gold: Any, predicted: Any) -> bool:
    if isinstance(predicted, float) or isinstance(gold, int | float):
        try:
            return abs(float(gold) - float(predicted)) < NUMERIC_TOLERANCE
        except (TypeError, ValueError):
            return False
    return str(gold) == str(predicted)
