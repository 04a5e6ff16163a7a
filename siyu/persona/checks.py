"""Persona checks: pure functions over one persona; the vocabulary lives in persona_rules.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from siyu.datafile import load_mapping

RULES_FILE = Path(__file__).with_name("persona_rules.yaml")
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]")
HAN = re.compile(r"[\u3400-\u9fff]")

# A check that only makes sense once another one passes (its own suggestion would be noise).
REQUIRES = {
    "name_length": ("name_present",),
    "name_no_latin": ("name_present",),
    "name_common_chars": ("name_present",),
    "name_bank": ("name_present",),
    "name_personal": ("name_present",),
    "identity_non_financial": ("identity_present",),
    "identity_specialty": ("identity_present",),
    "signature_matches": ("signature_present", "identity_present"),
    "story_matches": ("story_length", "identity_present"),
}


@dataclass(frozen=True)
class PersonaData:
    """The six dimensions of a persona plus what the checks need about the manager."""

    staff_id: str
    display_name: str | None = None
    avatar_kind: str | None = None  # real_photo, virtual_ip, logo, none
    social_identity: str | None = None
    signature: str | None = None
    personality: str | None = None
    story: str | None = None
    service_mode: str = "one_to_one"  # one_to_one / one_to_many
    specialties: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    check: str
    label: str
    passed: bool
    weight: float
    suggestion: str | None  # None when passed, or when a prerequisite check already failed


@dataclass
class PersonaReport:
    staff_id: str
    score: int  # 0-100: passed share of the total weight
    results: list[CheckResult] = field(default_factory=list)

    @property
    def suggestions(self) -> list[str]:
        return [r.suggestion for r in self.results if r.suggestion]


@cache
def load_rules(path: Path = RULES_FILE) -> dict:
    rules = load_mapping(Path(path), ValueError)
    missing = [
        k
        for k in ("bank", "name", "avatar", "financial_words", "story", "themes", "checks")
        if k not in rules
    ]
    if missing:
        raise ValueError(f"{path}: missing section(s) {', '.join(missing)}")
    for cid, c in rules["checks"].items():
        if not isinstance(c, dict) or not {"weight", "label", "suggestion"} <= set(c):
            raise ValueError(f"{path}: checks.{cid} needs weight, label and suggestion")
    return rules


def is_common_han(ch: str) -> bool:
    """GB2312 level-1 (the 3,755 most common characters): first byte 0xB0-0xD7."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def personal_part(name: str, bank_names: list[str], separators: str) -> str:
    """The name without the bank's short name and separators: 杭银小王 -> 小王."""
    for bank in sorted(bank_names, key=len, reverse=True):
        name = name.replace(bank, "")
    return "".join(ch for ch in name if ch not in separators)


def themes_of(text: str | None, themes: dict[str, list[str]]) -> set[str]:
    if not text:
        return set()
    return {t for t, words in themes.items() if any(w in text for w in words)}


def _bigrams(text: str) -> set[str]:
    han = "".join(HAN.findall(text))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def related(a: str | None, b: str | None, themes: dict[str, list[str]]) -> bool:
    """Two texts share a theme of the lexicon or a two-character word."""
    if not a or not b:
        return False
    return bool(themes_of(a, themes) & themes_of(b, themes)) or bool(_bigrams(a) & _bigrams(b))


def check_persona(
    p: PersonaData, bank_names: list[str] | None = None, rules: dict | None = None
) -> PersonaReport:
    rules = rules or load_rules()
    banks = [b for b in (bank_names or rules["bank"]["short_names"]) if b]
    themes = rules["themes"]
    name = (p.display_name or "").strip()
    own = personal_part(name, banks, rules["bank"]["separators"])
    identity = (p.social_identity or "").strip()
    story = (p.story or "").strip()
    min_story = int(rules["story"]["min_chars"])
    identity_themes = themes_of(identity, themes)
    allowed_avatars = rules["avatar"].get(p.service_mode, rules["avatar"]["one_to_one"])

    passed = {
        "name_present": bool(name),
        "name_length": rules["name"]["min_chars"] <= len(own) <= rules["name"]["max_chars"],
        "name_no_latin": not LATIN_OR_DIGIT.search(name),
        "name_common_chars": all(is_common_han(ch) for ch in HAN.findall(name)),
        "name_bank": any(b in name for b in banks),
        "name_personal": any(re.search(pat, own) for pat in rules["name"]["personal_patterns"]),
        "avatar": p.avatar_kind in allowed_avatars,
        "identity_present": bool(identity),
        "identity_non_financial": not any(w in identity for w in rules["financial_words"]),
        "identity_specialty": not p.specialties or bool(identity_themes & set(p.specialties)),
        "signature_present": bool((p.signature or "").strip()),
        "signature_matches": related(identity, p.signature, themes),
        "personality_present": len((p.personality or "").strip()) >= 2,
        "story_length": len(story) >= min_story,
        "story_matches": related(identity, story, themes),
    }
    fmt = {
        "bank": banks[0] if banks else "本行",
        "name": name,
        "identity": identity,
        "signature": p.signature or "",
        "specialties": "、".join(p.specialties),
        "min_story": min_story,
    }
    results = []
    for cid, spec in rules["checks"].items():
        if cid not in passed:
            raise ValueError(f"{RULES_FILE}: unknown check {cid!r}")
        ok = passed[cid]
        blocked = any(not passed[r] for r in REQUIRES.get(cid, ()))
        suggestion = None if ok or blocked else spec["suggestion"].format(**fmt)
        results.append(
            CheckResult(
                cid, spec["label"].format(**fmt), ok and not blocked, float(spec["weight"]), suggestion
            )
        )
    total = sum(r.weight for r in results)
    score = round(100 * sum(r.weight for r in results if r.passed) / total) if total else 0
    return PersonaReport(p.staff_id, score, results)
