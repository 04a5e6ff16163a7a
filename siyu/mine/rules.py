"""Loading the taxonomy and mining rules from YAML into plain, validated data.

Files may hold any of these top-level sections; later files extend earlier ones, so a bank adds its
own codes, values and cues by dropping in one more YAML file (no code change):

- ``codes``: the taxonomy (code → label, group, multi, speaker, values with Chinese labels)
- ``lexicons``: named word lists, referenced from cues as ``{name}``
- ``context``: words that drive the context checks (negators, hypotheticals, question markers …)
- ``rules``: per code, ``asks`` (staff questions whose reply carries the tag), ``checks`` and
  ``values`` → ``cues`` / ``weak`` / ``answers`` / ``offers`` (staff turns the customer accepts) /
  ``exclude`` / ``keep_if`` / ``veto`` / ``require`` / ``support`` (+ ``support_next``) / ``not_inside`` /
  ``confidence`` / ``checks`` / ``groups`` (more cues of the value with exclusions of their own)
- ``signals`` and ``conversation_rules``: conversation-level rules (a signal present, another absent)

A cue is a phrase; ``…`` inside it means "up to ``context.max_gap`` characters in between".
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from siyu.mine.text import CLAUSE_END, normalise

PACKAGE_DIR = Path(__file__).parent
DEFAULT_PATHS = (PACKAGE_DIR / "taxonomy.yaml", PACKAGE_DIR / "rules")
GAP = re.compile(r"…|\.\.\.")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
CHECKS = frozenset(
    {
        "negation",
        "hypothetical",
        "quote",
        "competitor",
        "question",
        "statement",
        "third_person",
        "topic_negation",
    }
)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONFIDENCE = {"cue": 0.9, "weak": 0.6, "answer": 0.8, "offer": 0.8, "signal": 1.0}


class RulesError(ValueError):
    """A rule file that cannot be used, with the file and entry that is wrong."""


@dataclass(frozen=True)
class Pattern:
    """A cue: fragments that must appear in order, each at most ``max_gap`` characters apart."""

    source: str
    frags: tuple[str, ...]
    max_gap: int
    # index of the fragment to look up first: the longest (fewest spurious hits); a plain field, as
    # it is read for every hit (a cached_property takes a lock on each read in Python 3.11)
    anchor: int = -1

    def __post_init__(self) -> None:
        if self.anchor < 0:
            object.__setattr__(self, "anchor", _anchor(self.frags))

    def around(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Span of the whole pattern given its anchor found at ``text[start:end]``; None if incomplete."""
        a = self.anchor
        left, right = start, end
        for frag in reversed(self.frags[:a]):
            lo = max(0, left - self.max_gap - len(frag))
            pos = text.rfind(frag, lo, left)
            if pos < 0 or breaks(text, pos + len(frag), left):
                return None
            left = pos
        for frag in self.frags[a + 1 :]:
            pos = text.find(frag, right, right + self.max_gap + len(frag))
            if pos < 0 or breaks(text, right, pos):
                return None
            right = pos + len(frag)
        return left, right

    def gaps(self, text: str, left: int, right: int) -> str:
        """The text between the fragments of a match (where a 不 would negate a gapped cue)."""
        out, pos = [], left
        for frag in self.frags:
            idx = text.find(frag, pos, right)
            out.append(text[pos:idx])
            pos = idx + len(frag)
        return "|".join(out)

    def search(self, text: str, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
        """First occurrence of the whole pattern inside ``text[lo:hi]``."""
        hi = len(text) if hi is None else hi
        anchor = self.frags[self.anchor]
        pos = text.find(anchor, lo, hi)
        while pos >= 0:
            span = self.around(text, pos, pos + len(anchor))
            if span and span[0] >= lo and span[1] <= hi:
                return span
            pos = text.find(anchor, pos + 1, hi)
        return None


def _anchor(frags: tuple[str, ...]) -> int:
    return max(range(len(frags)), key=lambda i: len(frags[i]))


def breaks(text: str, lo: int, hi: int) -> bool:
    """A cue's gap stays inside one clause (收益…太低 never spans 收益还行，就是网点太少了低)."""
    return any(c in CLAUSE_END for c in text[lo:hi])


@dataclass(frozen=True)
class Extract:
    """How a numeric code reads its value: ``percent`` or ``duration`` plus the context words."""

    kind: str
    gates: tuple[str, ...]
    topic: tuple[str, ...]  # outside an answer, one of these must be in the sentence (empty: gates)
    confidence: float
    # the word lists as one expression each (searched per number, so not word by word):
    before: re.Pattern[str] | None  # a wish anywhere in the clause before the number (能到, 想要)
    after: re.Pattern[str] | None  # right after it (左右, 以上)
    veto_before: re.Pattern[str] | None  # right before it (三个月前 …)
    veto_after: re.Pattern[str] | None  # right after it
    # a holding told around the number (还有一笔 三年期的 明年到期): its clause or the ones beside it
    exclude: Words | None = None


@dataclass(frozen=True)
class Cancel:
    words: Words | None
    tags: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    group: str
    multi: bool
    speaker: str  # customer / staff
    numeric: bool
    values: dict[str, str]
    checks: frozenset[str]
    asks: tuple[Pattern, ...] = ()
    extract: Extract | None = None
    # value → tags also emitted with it: (code, value) pairs (债券基金 is a fund too)
    implies: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # value → values of the same code that make it redundant (not_needed yields to a specific reason)
    yields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # pairs of values whose hits do not hide each other when one lies inside the other (``overlaps``: weekend
    # 周六下午吧 around afternoon 下午), both ways
    overlaps: frozenset[tuple[str, str]] = frozenset()
    # value → what in the speaker's next turn takes it back: words, or tags ("code", "code=value") said there
    # (不太方便 … 那您什么时候方便 … 中午一点左右: a time to call back, no refusal)
    cancels: dict[str, Cancel] = field(default_factory=dict)
    # value → what in the other side's turn the hit replies to drops it (``after_veto``: 这个靠谱吗 after an
    # off-book pitch asks about that scheme, not the bank)
    after_vetoes: dict[str, Cancel] = field(default_factory=dict)
    min_confidence: float = 0.0  # a tag weaker than this is not emitted (a lone weak cue)


@dataclass(frozen=True)
class Rule:
    code: str
    value: str
    kind: str  # cue, weak, answer, offer (a staff offer the customer accepts), signal
    pattern: Pattern
    confidence: float
    checks: frozenset[str]
    # each list compiled into one regular expression (None when empty)
    exclude: Words | None
    keep_if: Words | None  # an exclusion does not veto when one of these is also there
    require: Words | None
    speaker: str
    scope: str = "sentence"  # where exclude / keep_if / require look: sentence, or clause (+ the one before)
    # a weak cue with one of these in its sentence counts as a direct cue (我爸 + 住院 / 的卡)
    support: Words | None = None
    veto: Words | None = None  # drops the hit even when keep_if is there (理财沙龙 is no product)
    # the hit is part of a longer word that means something else (理财 in 理财经理, 登 in 登记)
    not_inside: Words | None = None
    support_next: bool = False  # support words count in the speaker's next turn too (我妈的卡 … 她腿脚不好)
    # an offer taken after later staff turns (您那款理财到期了 … 那您看续一下吗 — 续吧): up to this many staff
    # turns on, when the staff turn the customer answers carries one of the ``via`` words
    offer_reach: int = 0
    via: Words | None = None
    # the hit counts only in conversations on these channels (在这发我就行 names im in an im chat); empty: all
    channels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ConversationRule:
    """Emit code=value when any of ``when`` (signals or code=value tags) occurs and no ``unless``."""

    code: str
    value: str
    when: tuple[str, ...]
    unless: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class Context:
    max_gap: int
    negation_window: int
    negators: tuple[str, ...]
    not_negators: tuple[str, ...]
    topic_negators: tuple[str, ...]
    hypothetical_before: tuple[str, ...]
    not_hypothetical: tuple[str, ...]
    hypothetical_reset: tuple[str, ...]
    hypothetical_after: tuple[str, ...]
    question_markers: tuple[str, ...]
    not_question: tuple[str, ...]
    ask_markers: tuple[str, ...]
    rhetorical: tuple[str, ...]
    quote_markers: tuple[str, ...]
    third_person: tuple[str, ...]
    own_bank: tuple[str, ...]
    competitors: tuple[str, ...]
    confirmations: tuple[str, ...]
    acceptance_lead: tuple[str, ...]
    acceptances: tuple[str, ...]
    rejections: tuple[str, ...]
    staff_question: tuple[str, ...]
    max_reply: int
    reply_reach: int = 0
    tag_questions: tuple[str, ...] = ()
    # questions holding a not_question word (投什么的, 提前几天): found before masking
    kept_questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    codes: dict[str, Code]
    rules: tuple[Rule, ...]
    conversation_rules: tuple[ConversationRule, ...]
    context: Context
    version: str  # content hash: changes when any rule file changes

    def code_of(self, code: str) -> Code:
        return self.codes[code]


def _files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")))
        elif p.exists():
            out.append(p)
        else:
            raise RulesError(f"{p}: rule file not found")
    return out


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Deep merge: mappings merge key by key, lists concatenate, scalars are replaced."""
    for key, val in extra.items():
        cur = into.get(key)
        if isinstance(cur, dict) and isinstance(val, dict):
            _merge(cur, val)
        elif isinstance(cur, list) and isinstance(val, list):
            cur.extend(val)
        else:
            into[key] = val


def load_raw(paths: Iterable[str | Path] | None = None) -> tuple[dict[str, Any], str]:
    merged: dict[str, Any] = {}
    digest = hashlib.sha256()
    for path in _files(DEFAULT_PATHS if paths is None else paths):
        raw = path.read_bytes()
        digest.update(raw)
        try:
            data = yaml.load(raw, Loader=_LOADER) or {}
        except yaml.YAMLError as exc:
            raise RulesError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise RulesError(f"{path}: expected a mapping of sections at the top level")
        unknown = set(data) - {
            "codes",
            "lexicons",
            "context",
            "rules",
            "signals",
            "conversation_rules",
            "min_confidence",
        }
        if unknown:
            raise RulesError(f"{path}: unknown section(s) {sorted(unknown)}")
        _merge(merged, data)
    return merged, digest.hexdigest()[:16]


def load_rules(paths: Iterable[str | Path] | None = None) -> Rules:
    """Taxonomy + rules from YAML files or folders (default: the ones shipped in this package)."""
    raw, version = load_raw(paths)
    lexicons = {k: [str(w) for w in v] for k, v in (raw.get("lexicons") or {}).items()}
    ctx = _context(raw.get("context") or {}, _Compiler(lexicons, 0))
    compile_ = _Compiler(lexicons, ctx.max_gap)
    floor = float(raw.get("min_confidence", 0.0))
    codes = {name: _code(name, spec, floor) for name, spec in (raw.get("codes") or {}).items()}
    rules: list[Rule] = []
    for name, spec in (raw.get("rules") or {}).items():
        if name not in codes:
            raise RulesError(f"rules: code {name!r} is not in the taxonomy (add it under codes:)")
        code = codes[name]
        checks = _checks(spec.get("checks"), code.checks, name)
        asks = tuple(compile_.patterns(spec.get("asks") or [], name))
        extract = _extract(spec.get("extract"), compile_, name) if spec.get("extract") else None
        codes[name] = Code(
            **{
                **code.__dict__,
                "asks": asks,
                "extract": extract,
                "implies": _implies(name, spec.get("implies") or {}),
                "yields": _yields(name, spec.get("values") or {}, code.values),
                "overlaps": _overlaps(name, spec.get("values") or {}, code.values),
                "cancels": _cancels(name, spec.get("values") or {}, codes, compile_),
                "after_vetoes": _cancels(
                    name, spec.get("values") or {}, codes, compile_, "after_veto", spec.get("after_veto")
                ),
            }
        )
        for value, vspec in (spec.get("values") or {}).items():
            value = str(value)
            if value not in code.values:
                raise RulesError(f"rules: {name} has no value {value!r} in the taxonomy")
            vspec = vspec or {}
            rules.extend(_value_rules(name, value, vspec, checks, code.speaker, compile_))
            # ``groups``: more cues of the same value with their own exclude / veto / scope
            for group in vspec.get("groups") or []:
                rules.extend(_value_rules(name, value, group or {}, checks, code.speaker, compile_))
    for name, code in codes.items():
        for value, targets in code.implies.items():
            for target_code, target_value in targets:
                if (
                    target_value
                    not in codes.get(target_code, Code("", "", "", False, "", False, {}, frozenset())).values
                ):
                    raise RulesError(f"rules: {name}={value} implies unknown {target_code}={target_value}")
    for name, spec in (raw.get("signals") or {}).items():
        spec = spec or {}
        checks = _checks(spec.get("checks"), frozenset(), name)
        for part in [spec, *(spec.get("groups") or [])]:
            rules.extend(
                _value_rules(
                    "signal",
                    name,
                    part or {},
                    checks,
                    (part or {}).get("speaker", spec.get("speaker", "staff")),
                    compile_,
                    kinds=("signal",),
                )
            )
    conv = []
    for item in raw.get("conversation_rules") or []:
        try:
            conv.append(
                ConversationRule(
                    item["code"],
                    str(item["value"]),
                    _names(item["when"]),
                    _names(item["unless"]),
                    float(item.get("confidence", 0.85)),
                )
            )
        except KeyError as exc:
            raise RulesError(f"conversation_rules: entry {item!r} lacks {exc}") from exc
    return Rules(codes, tuple(rules), tuple(conv), ctx, version)


class Words:
    """Any of a list of patterns as one regular expression, compiled when first searched: a
    process that mines a few conversations compiles only the lists it meets (most of the ~300 lists
    of exclusions, support and vetoes stay unused by a short run). Equal lists share one object."""

    __slots__ = ("pattern", "_re", "search", "finditer", "match")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._re: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # first use of search / finditer / match: compile, then bind the compiled methods
        if name not in ("search", "finditer", "match"):
            raise AttributeError(name)
        compiled = self._re = re.compile(self.pattern)
        self.search = compiled.search
        self.finditer = compiled.finditer
        self.match = compiled.match
        return getattr(compiled, name)

    def __getstate__(self) -> str:
        return self.pattern

    def __setstate__(self, state: str) -> None:
        self.pattern = state
        self._re = None

    def __repr__(self) -> str:
        return f"Words({self.pattern[:60]!r})"


_WORDS: dict[str, Words] = {}


def _regex(patterns: list[Pattern]) -> Words | None:
    """Any of the patterns as one regular expression."""
    if not patterns:
        return None
    # searched only inside a sentence or clause window, so a plain "." gap cannot leave it
    # a word written "^…" holds only at the start of the utterance (闺女 as the customer's address to staff)
    alts = {
        ("^" if p.frags[0].startswith("^") else "")
        + f".{{0,{p.max_gap}}}".join(map(re.escape, (p.frags[0].lstrip("^"), *p.frags[1:])))
        for p in patterns
    }
    source = "|".join(sorted(alts, key=lambda a: (-len(a), a)))
    words = _WORDS.get(source)
    if words is None:
        words = _WORDS[source] = Words(source)
    return words


def _implies(code: str, spec: dict[str, Any]) -> dict[str, tuple[tuple[str, str], ...]]:
    """``{value: other_value | "code=value" | [...]}`` → (code, value) pairs."""
    out = {}
    for value, targets in spec.items():
        items = [targets] if isinstance(targets, str) else list(targets)
        out[str(value)] = tuple(tuple(t.split("=", 1)) if "=" in t else (code, str(t)) for t in items)
    return out


def _yields(
    code: str, values: dict[str, Any], known: dict[str, str], key: str = "yields_to"
) -> dict[str, tuple[str, ...]]:
    """``yields_to`` per value: dropped when one of these values of the code is tagged too (or ``overlaps``:
    values of the same code listed by name)."""
    out = {}
    for value, vspec in values.items():
        others = tuple(str(v) for v in ((vspec or {}).get(key) or []))
        for other in others:
            if other not in known:
                raise RulesError(f"rules: {code}={value} {key} names unknown value {other!r}")
        if others:
            out[str(value)] = others
    return out


def _overlaps(code: str, values: dict[str, Any], known: dict[str, str]) -> frozenset[tuple[str, str]]:
    """``overlaps`` per value, as pairs both ways: hits of these values do not hide each other."""
    pairs = _yields(code, values, known, "overlaps")
    return frozenset(p for v, others in pairs.items() for o in others for p in ((v, o), (o, v)))


def _cancels(
    code: str,
    values: dict[str, Any],
    codes: dict[str, Code],
    compile_: _Compiler,
    key: str = "cancel_next",
    every: list[Any] | None = None,
) -> dict[str, Cancel]:
    """``cancel_next`` (or ``after_veto``) per value: words, or tags written ``code`` / ``code=value``;
    ``every`` holds the code's own entries, which every value takes."""
    out = {}
    for value in codes[code].values if every else values:
        vspec = values.get(value) or {}
        entries = [str(e) for e in [*(every or []), *(vspec.get(key) or [])]]
        if not entries:
            continue
        words, tags = [], []
        for entry in entries:
            name, _, val = entry.partition("=")
            if name in codes:
                if val and val not in codes[name].values:
                    raise RulesError(f"rules: {code}={value} {key} names unknown {entry!r}")
                tags.append((name, val or None))
            else:
                words.append(entry)
        out[str(value)] = Cancel(_regex(compile_.patterns(words, f"{code}={value}")), tuple(tags))
    return out


def _names(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


class _Compiler:
    def __init__(self, lexicons: dict[str, list[str]], max_gap: int):
        self.lexicons = lexicons
        self.max_gap = max_gap
        self._expanded: dict[str, list[str]] = {}
        self._patterns: dict[str, list[Pattern]] = {}

    def expand(self, cue: str, where: str) -> list[str]:
        names = PLACEHOLDER.findall(cue)
        for n in names:
            if n not in self.lexicons:
                raise RulesError(f"{where}: cue {cue!r} uses unknown lexicon {{{n}}}")
        if not names:
            return [cue]
        parts = PLACEHOLDER.split(cue)  # literal, name, literal, name, ...
        choices = [[p] if i % 2 == 0 else self._words(p, where, ()) for i, p in enumerate(parts)]
        return ["".join(c) for c in itertools.product(*choices)]

    def _words(self, name: str, where: str, seen: tuple[str, ...]) -> list[str]:
        """A lexicon's words; an entry that is itself ``{other}`` brings in that lexicon's words."""
        if not seen and name in self._expanded:
            return self._expanded[name]
        if name in seen:
            raise RulesError(f"{where}: lexicon {{{name}}} includes itself")
        if name not in self.lexicons:
            raise RulesError(f"{where}: unknown lexicon {{{name}}}")
        out: list[str] = []
        for word in self.lexicons[name]:
            if "{" not in word or not PLACEHOLDER.search(word):
                out.append(word)
                continue
            # an entry that is or holds another lexicon ({other}, 黄金…{dislike}) brings in its words
            parts = PLACEHOLDER.split(word)
            inner = (*seen, name)
            choices = [[p] if i % 2 == 0 else self._words(p, where, inner) for i, p in enumerate(parts)]
            out.extend("".join(c) for c in itertools.product(*choices))
        if not seen:
            self._expanded[name] = out
        return out

    def patterns(self, cues: Iterable[Any], where: str) -> list[Pattern]:
        out: list[Pattern] = []
        for cue in cues:
            cue = str(cue)
            done = self._patterns.get(cue)
            if done is None:
                # a cue (or a lexicon in it) used by many values is expanded and split once
                done = self._patterns[cue] = []
                for text in self.expand(cue, where):
                    norm = normalise(text)
                    if "…" in norm or "..." in norm:
                        frags = tuple(f for f in (x.strip() for x in GAP.split(norm)) if f)
                    else:
                        frags = (norm.strip(),) if norm.strip() else ()
                    if not frags:
                        del self._patterns[cue]
                        raise RulesError(f"{where}: empty cue {cue!r}")
                    done.append(Pattern(text, frags, self.max_gap, _anchor(frags) if frags[1:] else 0))
            out.extend(done)
        return out


def _checks(spec: Any, default: frozenset[str], where: str) -> frozenset[str]:
    if spec is None:
        return default
    checks = frozenset(spec)
    if checks - CHECKS:
        raise RulesError(f"{where}: unknown check(s) {sorted(checks - CHECKS)}; known: {sorted(CHECKS)}")
    return checks


def _code(name: str, spec: dict[str, Any], floor: float) -> Code:
    try:
        values = {str(k): str(v) for k, v in (spec.get("values") or {}).items()}
        return Code(
            code=name,
            label=str(spec["label"]),
            group=name.split(".")[0],
            multi=bool(spec.get("multi", False)),
            speaker=spec.get("speaker", "customer"),
            numeric=bool(spec.get("numeric", False)),
            values=values,
            checks=_checks(spec.get("checks", []), frozenset(), name),
            min_confidence=float(spec.get("min_confidence", floor)),
        )
    except (KeyError, AttributeError) as exc:
        raise RulesError(f"codes: {name!r} needs a label and values ({exc})") from exc


def _value_rules(
    code: str,
    value: str,
    spec: dict[str, Any],
    checks: frozenset[str],
    speaker: str,
    compile_: _Compiler,
    kinds: tuple[str, ...] = ("cue", "weak", "answer", "offer"),
) -> list[Rule]:
    where = f"{code}={value}"
    checks = _checks(spec.get("checks"), checks, where)
    exclude = _regex(compile_.patterns(spec.get("exclude") or [], where))
    require = _regex(compile_.patterns(spec.get("require") or [], where))
    keep_if = _regex(compile_.patterns(spec.get("keep_if") or [], where))
    support = _regex(compile_.patterns(spec.get("support") or [], where))
    veto = _regex(compile_.patterns(spec.get("veto") or [], where))
    not_inside = _regex(compile_.patterns(spec.get("not_inside") or [], where))
    scope = spec.get("scope", "sentence")
    if scope not in ("sentence", "clause"):
        raise RulesError(f"{where}: scope must be sentence or clause")
    via = _regex(compile_.patterns(spec.get("via") or [], where))
    reach = int(spec.get("offer_reach", 0))
    if reach < 0 or (reach and via is None):
        raise RulesError(f"{where}: offer_reach needs a positive number and via words")
    channels = spec.get("channels") or []
    if isinstance(channels, str):
        raise RulesError(f"{where}: channels must be a list (channels: [im])")
    out = []
    for kind in kinds:
        key = {"cue": "cues", "signal": "cues", "weak": "weak", "answer": "answers", "offer": "offers"}[kind]
        conf = (
            float(spec.get("confidence", CONFIDENCE[kind])) if kind in ("cue", "signal") else CONFIDENCE[kind]
        )
        for pattern in compile_.patterns(spec.get(key) or [], where):
            out.append(
                Rule(
                    code,
                    value,
                    kind,
                    pattern,
                    conf,
                    checks,
                    exclude,
                    keep_if,
                    require,
                    spec.get("speaker", speaker),
                    scope,
                    support if kind == "weak" else None,
                    veto,
                    not_inside,
                    bool(spec.get("support_next", False)) and kind == "weak",
                    reach if kind == "offer" else 0,
                    via if kind == "offer" else None,
                    frozenset(str(c) for c in channels),
                )
            )
    return out


def _extract(spec: dict[str, Any], compile_: _Compiler, where: str) -> Extract:
    if spec.get("kind") not in ("percent", "duration"):
        raise RulesError(f"{where}: extract.kind must be percent or duration")
    words = {
        k: tuple(normalise(str(w)) for w in spec.get(k) or [])
        for k in ("gates", "before", "after", "veto_before", "veto_after", "topic")
    }
    exclude = _regex(compile_.patterns(spec.get("exclude") or [], f"{where}.exclude"))
    confidence = float(spec.get("confidence", 0.85))
    return Extract(
        kind=spec["kind"],
        gates=words["gates"],
        topic=words["topic"],
        confidence=confidence,
        before=_any_word(words["before"]),
        after=_any_word(words["after"]),
        veto_before=_any_word(words["veto_before"], end=True),
        veto_after=_any_word(words["veto_after"]),
        exclude=exclude,
    )


def _any_word(words: tuple[str, ...], end: bool = False) -> re.Pattern[str] | None:
    """One expression for any of the words (with ``end``: at the end of the text searched)."""
    alts = "|".join(re.escape(w) for w in sorted({w for w in words if w}, key=len, reverse=True))
    if not alts:
        return None
    return re.compile(f"(?:{alts})\\Z" if end else f"(?:{alts})")


def _context(spec: dict[str, Any], compile_: _Compiler) -> Context:
    def words(key: str) -> tuple[str, ...]:
        return tuple(normalise(w) for cue in spec.get(key) or [] for w in compile_.expand(str(cue), key))

    return Context(
        max_gap=int(spec.get("max_gap", 8)),
        negation_window=int(spec.get("negation_window", 8)),
        negators=words("negators"),
        not_negators=words("not_negators"),
        topic_negators=words("topic_negators"),
        hypothetical_before=words("hypothetical_before"),
        not_hypothetical=words("not_hypothetical"),
        hypothetical_reset=words("hypothetical_reset"),
        hypothetical_after=words("hypothetical_after"),
        question_markers=words("question_markers"),
        not_question=words("not_question"),
        kept_questions=words("kept_questions"),
        ask_markers=words("ask_markers"),
        rhetorical=words("rhetorical"),
        quote_markers=words("quote_markers"),
        third_person=words("third_person"),
        own_bank=words("own_bank"),
        competitors=words("competitors"),
        confirmations=words("confirmations"),
        acceptance_lead=words("acceptance_lead"),
        acceptances=words("acceptances"),
        rejections=words("rejections"),
        staff_question=words("staff_question"),
        max_reply=int(spec.get("max_reply", 16)),
        reply_reach=int(spec.get("reply_reach", 0)),
        tag_questions=words("tag_questions"),
    )
