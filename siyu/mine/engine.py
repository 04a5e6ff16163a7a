"""The miner: every cue fragment in one Aho-Corasick automaton, one pass per conversation.

``match`` finds candidate hits (cue anchors, staff questions that bind the next reply, gates of
the number extractors); ``validate`` applies the context checks of each rule; ``emit`` merges what
survives into tags with evidence. Offsets are the same in the normalised and the original text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from siyu.mine.context import Checker
from siyu.mine.numerals import find_durations, find_percents, term_bucket
from siyu.mine.result import Evidence, Tag, merge
from siyu.mine.rules import Code, Rule, Rules
from siyu.mine.text import clause, normalise, sentence

SEP = "\x1f"  # joins the utterances of a conversation; no cue contains it
_RULE, _ASK, _GATE = 0, 1, 2
CONFIRMED = 0.85  # a cue the staff said and the customer confirmed weighs less than the customer's words


@dataclass
class _Conv:
    """One conversation while it is being mined."""

    texts: list[str]  # original
    norms: list[str]  # normalised, same lengths
    speakers: list[str]


class Miner:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.check = Checker(rules.context)
        self.automaton = self._compile(rules)

    @staticmethod
    def _compile(rules: Rules) -> ahocorasick.Automaton:
        entries: dict[str, list[tuple[int, Any]]] = {}
        for i, rule in enumerate(rules.rules):
            entries.setdefault(rule.pattern.frags[rule.pattern.anchor], []).append((_RULE, i))
        for code in rules.codes.values():
            for ask in code.asks:
                entries.setdefault(ask.frags[ask.anchor], []).append((_ASK, (code.code, ask)))
            if code.extract:
                for gate in code.extract.gates:
                    entries.setdefault(gate, []).append((_GATE, code.code))
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for key, items in entries.items():
            automaton.add_word(key, (len(key), tuple(items)))
        automaton.make_automaton()
        return automaton

    # -- match ---------------------------------------------------------------------------------
    def mine(self, conversation: dict[str, Any]) -> list[Tag]:
        utterances = conversation.get("utterances") or []
        texts = [u.get("text") or "" for u in utterances]
        speakers = [u.get("speaker") or "" for u in utterances]
        joined = normalise(SEP.join(texts))
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        conv = _Conv(texts, [joined[s : s + len(t)] for s, t in zip(starts, texts, strict=True)], speakers)
        candidates: list[tuple[int, int, int, Rule]] = []
        asked: dict[int, set[str]] = {}
        gates: set[tuple[int, str]] = set()
        rules = self.rules.rules
        for end, (length, items) in self.automaton.iter(joined):
            start = end - length + 1
            u = bisect_right(starts, start) - 1
            local = start - starts[u]
            for kind, ref in items:
                if kind == _RULE:
                    candidates.append((u, local, local + length, rules[ref]))
                elif kind == _GATE:
                    gates.add((u, ref))
                elif ref[1].around(conv.norms[u], local, local + length):
                    asked.setdefault(u, set()).add(ref[0])
        if not candidates and not gates:
            return []
        hits = self._validate(conv, candidates, asked)
        hits.extend(self._extract(conv, gates, asked))
        return self._emit(hits)

    def mine_batch(self, conversations: Iterable[dict[str, Any]]) -> list[list[Tag]]:
        return [self.mine(c) for c in conversations]

    # -- validate ------------------------------------------------------------------------------
    def _validate(
        self, conv: _Conv, candidates: list[tuple[int, int, int, Rule]], asked: dict[int, set[str]]
    ) -> list[Tag]:
        valid = []
        for u, s, e, rule in candidates:
            span = rule.pattern.around(conv.norms[u], s, e)
            if span:
                tag = self._check_hit(conv, u, span[0], span[1], rule, asked)
                if tag is not None:
                    valid.append(tag)
        # A hit inside a longer valid hit of the same code yields to it (是的 inside 不是的).
        valid.sort(key=lambda t: (t.evidence[0].utterance, t.evidence[0].start, -t.evidence[0].end))
        out: list[Tag] = []
        for tag in valid:
            ev = tag.evidence[0]
            if not any(
                k.code == tag.code
                and (tag.code != "signal" or k.value == tag.value)
                and k.evidence[0].utterance == ev.utterance
                and k.evidence[0].start <= ev.start
                and ev.end <= k.evidence[0].end
                and (k.evidence[0].start, k.evidence[0].end) != (ev.start, ev.end)
                for k in out[-8:]
            ):
                out.append(tag)
        return out

    def _check_hit(
        self, conv: _Conv, u: int, s: int, e: int, rule: Rule, asked: dict[int, set[str]]
    ) -> Tag | None:
        speaker = conv.speakers[u]
        confidence = rule.confidence
        evidence = [Evidence(u, s, e, conv.texts[u][s:e])]
        if rule.kind == "answer":
            if speaker != "customer" or rule.code not in asked.get(u - 1, ()) or not self._is_reply(conv, u):
                return None
        elif speaker != rule.speaker:
            # staff said it and the customer confirmed; a customer's question cannot be confirmed
            if not (rule.speaker == "customer" and speaker == "staff") or "question" in rule.checks:
                return None
            confirm = self._confirmed(conv, u)
            if confirm is None:
                return None
            evidence.append(confirm)
            confidence *= CONFIRMED
        gaps = rule.pattern.gaps(conv.norms[u], s, e) if len(rule.pattern.frags) > 1 else ""
        if not self._context_ok(conv.norms[u], s, e, rule.checks, gaps):
            return None
        text = conv.norms[u]
        ss, se = sentence(text, s, e) if rule.scope == "sentence" else clause(text, s, e)
        if any(p.search(text, ss, se) for p in rule.exclude) and not any(
            p.search(text, ss, se) for p in rule.keep_if
        ):
            return None
        if rule.require and not any(p.search(text, ss, se) for p in rule.require):
            return None
        tag_speaker = "staff" if rule.speaker == "staff" else "customer"
        return Tag(rule.code, rule.value, tag_speaker, confidence, evidence)

    def _context_ok(self, text: str, s: int, e: int, checks: frozenset[str], gaps: str = "") -> bool:
        if not checks:
            return True
        cs, ce = clause(text, s, e)
        ss, se = sentence(text, s, e)
        check = self.check
        if "negation" in checks and check.negated(text, cs, s, gaps):
            return False
        if "hypothetical" in checks and check.hypothetical(text, ss, ce, s, e):
            return False
        if "quote" in checks and check.quoted(text, ss, s):
            return False
        if "third_person" in checks and check.third_person(text, cs, s):
            return False
        if "competitor" in checks and check.competitor(text[ss:se]):
            return False
        if "question" in checks and not check.is_question(text[ss:se]):
            return False
        if "statement" in checks and check.is_question(text[ss:se]):
            return False
        return True

    def _is_reply(self, conv: _Conv, u: int) -> bool:
        return (
            u > 0
            and conv.speakers[u - 1] == "staff"
            and len(conv.norms[u].strip()) <= self.rules.context.max_reply
        )

    def _confirmed(self, conv: _Conv, u: int) -> Evidence | None:
        """The customer's short 对/是的 right after a staff question containing the cue."""
        nxt = u + 1
        if (
            nxt >= len(conv.texts)
            or conv.speakers[nxt] != "customer"
            or not self.check.staff_asks(conv.norms[u])
        ):
            return None
        m = self.check.confirmation(conv.norms[nxt])
        if m is None:
            return None
        word_start = len(m.group(0)) - len(m.group(0).lstrip(" ,.!。，！~"))
        return Evidence(nxt, word_start, m.end(), conv.texts[nxt][word_start : m.end()])

    # -- numbers -------------------------------------------------------------------------------
    def _extract(self, conv: _Conv, gates: set[tuple[int, str]], asked: dict[int, set[str]]) -> list[Tag]:
        out = []
        for u, name in sorted(gates):
            code = self.rules.codes[name]
            if conv.speakers[u] != code.speaker:
                continue
            bound = name in asked.get(u - 1, ()) and self._is_reply(conv, u)
            text = conv.norms[u]
            spec = code.extract
            assert spec is not None
            found = find_percents(text) if spec.kind == "percent" else find_durations(text)
            for f in found:
                if not self._number_ok(text, f.start, f.end, f.unit, code, bound):
                    continue
                value: str | float = round(f.value, 2) if spec.kind == "percent" else term_bucket(f.value)
                conf = spec.confidence if not bound else min(spec.confidence, 0.8)
                out.append(
                    Tag(
                        name,
                        value,
                        code.speaker,
                        conf,
                        [Evidence(u, f.start, f.end, conv.texts[u][f.start : f.end])],
                    )
                )
        return out

    def _number_ok(self, text: str, s: int, e: int, unit: str, code: Code, bound: bool) -> bool:
        spec = code.extract
        assert spec is not None
        cs, ce = clause(text, s, e)
        ss, se = sentence(text, s, e)
        before, after = text[max(cs, s - 6) : s], text[e:ce]
        if any(w and before.endswith(w) for w in spec.veto_before):
            return False
        if any(w and after.startswith(w) for w in spec.veto_after):
            return False
        if not self._context_ok(text, s, e, code.checks - {"question", "statement"}):
            return False
        if bound:
            return True
        sent = text[ss:se]
        if spec.kind == "percent":
            if not any(g in sent for g in spec.gates):
                return False
            if unit == "bare" and not any(g in before for g in spec.gates):
                return False  # a bare number counts only right after 年化/收益/利率
        elif not any(g in sent for g in spec.gates):
            return False
        return any(w in text[cs:s] for w in spec.before) or any(after.startswith(w) for w in spec.after)

    # -- emit ----------------------------------------------------------------------------------
    def _emit(self, hits: list[Tag]) -> list[Tag]:
        # signals by name, tags by "code=value": what conversation rules look for (first occurrence)
        seen: dict[str, Tag] = {}
        for t in hits:
            seen.setdefault(str(t.value) if t.code == "signal" else f"{t.code}={t.value}", t)
        tags = [t for t in hits if t.code != "signal"]
        for rule in self.rules.conversation_rules:
            first = next((seen[w] for w in rule.when if w in seen), None)
            if first is not None and not any(u in seen for u in rule.unless):
                tags.append(Tag(rule.code, rule.value, "staff", rule.confidence, first.evidence))
        return merge(tags, self.rules.codes) if tags else []
