"""Text normalisation that keeps offsets, and sentence / clause boundaries.

Normalisation is a per-character translation (full-width → half-width, ASCII upper → lower), so a
normalised string has exactly the length of the original and every offset maps back 1:1: a span
found in the normalised text slices the original text to the evidence the customer wrote.
"""

from __future__ import annotations

import re

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


def _bounds(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - WINDOW)
    for m in pattern.finditer(text, left, start):
        left = m.end()
    limit = min(len(text), end + WINDOW)
    m = pattern.search(text, end, limit)
    return left, (m.end() if m else limit)


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (right bound includes its terminator)."""
    return _bounds(_SENTENCE_RE, text, start, end)


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The comma-delimited clause around ``text[start:end]`` (right bound excludes the delimiter)."""
    left, right = _bounds(_CLAUSE_RE, text, start, end)
    if right > end and right <= len(text) and text[right - 1] in CLAUSE_END:
        right -= 1
    return left, right
