"""What the miner emits: tags with their evidence, and how hits of one conversation are merged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from siyu.mine.rules import Code

MAX_EVIDENCE = 20  # a tag repeated all through a long conversation keeps its first pieces of evidence


class Evidence(NamedTuple):
    """Where a tag was said: utterance index and the span [start, end) of its original text."""

    utterance: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"utterance": self.utterance, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Tag:
    code: str
    value: str | float
    speaker: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "value": self.value,
            "speaker": self.speaker,
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_dict() for e in self.evidence],
        }


def merge(hits: list[Tag], codes: dict[str, Code]) -> list[Tag]:
    """One tag per code+value (evidence merged, max confidence); a tag below its code's
    ``min_confidence`` is dropped; single-valued codes keep one value: the strongest, and among
    equally strong the latest said."""
    by_value: dict[tuple[str, str | float], Tag] = {}
    seen: dict[tuple[str, str | float], set[Evidence]] = {}
    for hit in hits:
        key = (hit.code, round(hit.value, 2) if isinstance(hit.value, float) else hit.value)
        tag = by_value.get(key)
        if tag is None:
            tag = by_value[key] = Tag(hit.code, hit.value, hit.speaker, hit.confidence, [])
            seen[key] = set()
        tag.confidence = max(tag.confidence, hit.confidence)
        for ev in hit.evidence:
            if ev not in seen[key] and len(tag.evidence) < MAX_EVIDENCE:
                seen[key].add(ev)
                tag.evidence.append(ev)
    best: dict[str, Tag] = {}
    out: list[Tag] = []
    for tag in by_value.values():
        code = codes[tag.code]
        if tag.confidence < code.min_confidence:
            continue
        tag.evidence.sort()
        if code.multi:
            out.append(tag)
            continue
        cur = best.get(tag.code)
        if cur is None or (tag.confidence, tag.evidence[-1]) > (cur.confidence, cur.evidence[-1]):
            best[tag.code] = tag
    out.extend(best.values())
    present = {t.code for t in out}
    emitted = {(t.code, t.value) for t in out}
    for tag in list(out):
        for code, value in codes[tag.code].implies.get(str(tag.value), ()):
            # an implied tag never overrides what was said: a single-valued code keeps its value;
            # a weak hit of the implied value that stayed under its floor does not block it
            if (code, value) in emitted or (not codes[code].multi and code in present):
                continue
            extra = Tag(code, value, tag.speaker, tag.confidence, list(tag.evidence))
            emitted.add((code, value))
            present.add(code)
            out.append(extra)
    out.sort(key=lambda t: (t.evidence[0], t.code, str(t.value)))
    return out
