"""Text normalisation that keeps offsets, and sentence / clause boundaries.

Normalisation is a per-character translation (full-width → half-width, ASCII upper → lower), so a
normalised string has exactly the length of the original and every offset maps back 1:1: a span
found in the normalised text slices the original text to the evidence the customer wrote.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_NORMALISE = {half + 0xFEE0: chr(half).lower() for half in range(0x21, 0x7F)}
_NORMALISE |= {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_NORMALISE |= {0x3000: " ", 0xFF61: "。", 0xFF64: "、", ord("\t"): " ", ord("\r"): "\n"}
NORMALISE = str.maketrans(_NORMALISE)
# A "sentence" longer than this is cut to a window around the hit: context never reaches further.
WINDOW = 120

SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = SENTENCE_END + "，,、：: ~～"
_SENTENCE_RE = re.compile(f"[{re.escape(SENTENCE_END)}]")
_CLAUSE_RE = re.compile(f"[{re.escape(CLAUSE_END)}]")


def normalise(text: str) -> str:
    """Same-length canonical form used for matching."""
    return text.translate(NORMALISE)


class Segments:
    """Sentence and clause bounds of one utterance, found once and then looked up by bisection."""

    def __init__(self, text: str):
        self.n = len(text)
        self.sentence_ends = [m.start() for m in _SENTENCE_RE.finditer(text)]
        self.clause_ends = [m.start() for m in _CLAUSE_RE.finditer(text)]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``[start, end)``; the right bound includes its terminator."""
        ends = self.sentence_ends
        i, j = bisect_left(ends, start), bisect_left(ends, end)
        left = ends[i - 1] + 1 if i else 0
        right = ends[j] + 1 if j < len(ends) else self.n
        return max(left, start - WINDOW), min(right, end + WINDOW)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The comma-delimited clause around ``[start, end)``, delimiters excluded."""
        ends = self.clause_ends
        i, j = bisect_left(ends, start), bisect_left(ends, end)
        left = ends[i - 1] + 1 if i else 0
        right = ends[j] if j < len(ends) else self.n
        return max(left, start - WINDOW), min(right, end + WINDOW)

    def around(self, start: int, end: int, before: bool = True) -> tuple[int, int]:
        """The clause of the span with its neighbours (the one before only if ``before``), inside the
        sentence: where a question word still belongs to the words (speech has no sentence ends)."""
        left, right = self.clause(start, end)
        ss, se = self.sentence(start, end)
        if before and left > ss:
            left = self.clause(left - 1, left - 1)[0]
        if right < se - 1:
            right = self.clause(right + 1, right + 1)[1]
        return max(left, ss), min(right + 1, se)

    def clause_and_previous(self, start: int, end: int) -> tuple[int, int]:
        """The clause around the span and the one before it (大额存单是存款，保本保息)."""
        left, right = self.clause(start, end)
        return (self.clause(left - 1, left - 1)[0] if left > 0 else left), right
