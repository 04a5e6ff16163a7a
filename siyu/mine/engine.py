"""The miner: every cue fragment in one Aho-Corasick automaton, one pass per conversation.

``match`` finds candidate hits (cue anchors, staff questions that bind the next reply, gates of
the number extractors); ``validate`` applies the context checks of each rule; ``emit`` merges what
survives into tags with evidence. Offsets are the same in the normalised and the original text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from siyu.mine.context import Checker
from siyu.mine.numerals import find_durations, find_percents, term_bucket
from siyu.mine.result import Evidence, Tag, merge
from siyu.mine.rules import CONFIDENCE, Cancel, Code, Pattern, Rule, Rules, Words, breaks
from siyu.mine.text import Segments, normalise

SEP = "\x1f"  # joins the utterances of a conversation; no cue contains it
# _PHRASE: a one-fragment cue that is no answer, the commonest item: taken as it is, no look at the rule
_RULE, _ASK, _GATE, _FRAG, _NEXT, _PHRASE = 0, 1, 2, 3, 4, 5
_INSIDE_REACH = 12  # how far a not_inside word may stick out of the hit
CONFIRMED = 0.85  # a cue the staff said and the customer confirmed weighs less than the customer's words


@dataclass
class _Conv:
    """One conversation while it is being mined."""

    texts: list[str]  # original
    norms: list[str]  # normalised, same lengths
    speakers: list[str]
    # the staff turn each customer turn replies to: the one right before, or the last staff turn when only
    # a few customer turns stand between (好啊 我最喜欢活动了 / 几点开始)
    asker: list[int | None] = field(default_factory=list)
    segments: dict[int, Segments] = field(default_factory=dict)
    # a signal tag's last words (the product a pitch names), by id of the tag
    cores: dict[int, Evidence] = field(default_factory=dict)
    channel: str = ""  # the conversation's channel (call, im, wecom, branch …)
    # the customer's acceptance of a staff turn, by staff turn: several offer rules hit the same turn
    accepted: dict[int, Evidence | None] = field(default_factory=dict)

    def seg(self, u: int) -> Segments:
        if u not in self.segments:
            self.segments[u] = Segments(self.norms[u])
        return self.segments[u]


def _redundant(rules: tuple[Rule, ...]) -> set[int]:
    """Phrase cues that contain a shorter phrase cue of the same rule (在忙着 vs 在忙): the shorter
    one always fires too, so the longer one is dropped from the automaton (fewer hits, same tags)."""
    groups: dict[tuple[Any, ...], list[Rule]] = {}
    for r in rules:
        if len(r.pattern.frags) == 1:
            key = (
                r.code,
                r.value,
                r.kind,
                r.confidence,
                r.checks,
                r.exclude,
                r.keep_if,
                r.veto,
                r.require,
                r.speaker,
                r.scope,
                r.not_inside,
                r.support,
                r.support_next,
                r.offer_reach,
                r.via,
                r.channels,
            )
            groups.setdefault(key, []).append(r)
    out: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        frags = {r.pattern.frags[0] for r in group}
        shortest = min(map(len, frags))
        for r in group:
            frag = r.pattern.frags[0]
            n = len(frag)
            # substrings of frag at least as long as the group's shortest phrase, shorter than frag
            if any(frag[i : i + k] in frags for k in range(shortest, n) for i in range(n - k + 1)):
                out.add(id(r))
    return out


def _has_fraction(number: str) -> bool:
    return "点" in number or "." in number


def _rest(text: str, pattern: Pattern, pos: int, max_gap: int) -> int | None:
    """End of the fragments after the second one, each within ``max_gap``; None when one is missing."""
    for frag in pattern.frags[2:]:
        nxt = text.find(frag, pos, pos + max_gap + len(frag))
        if nxt < 0 or breaks(text, pos, nxt):
            return None
        pos = nxt + len(frag)
    return pos


def _inside(words: Words, text: str, s: int, e: int) -> bool:
    """The hit overlaps one of ``words`` (理财 of 理财经理): it is part of another word."""
    lo = max(0, s - _INSIDE_REACH)
    return any(m.start() < e and s < m.end() for m in words.finditer(text, lo, e + _INSIDE_REACH))


def _hides(k: Tag, tag: Tag, ev: Evidence, overlaps: frozenset[tuple[str, str]] = frozenset()) -> bool:
    kev = k.evidence[0]
    return (
        k.code == tag.code
        and (tag.code != "signal" or k.value == tag.value)
        and (str(k.value), str(tag.value)) not in overlaps
        and kev.utterance == ev.utterance
        and kev.start <= ev.start
        and ev.end <= kev.end
        and (kev.start, kev.end) != (ev.start, ev.end)
    )


class Miner:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.check = Checker(rules.context)
        self.automaton = self._compile(rules)
        self._cancelling = any(code.cancels or code.after_vetoes for code in rules.codes.values())

    def _compile(self, rules: Rules) -> ahocorasick.Automaton:
        """One automaton over every phrase cue, every fragment of a gapped cue, every staff question
        that binds a reply and every gate of a number extractor. Each key holds what it can mean in a
        customer's and in a staff member's mouth, so most hits are dropped without a look. Gapped
        cues are looked up by the pair of their first two fragments, so a common word never loops
        over all the cues that use it."""
        # per key: items in a customer turn, in a staff turn, in a staff turn the customer confirms,
        # and in a customer turn that answers a staff question (answers only count there)
        entries: dict[str, tuple[list[tuple[int, Any]], ...]] = {}
        # fragments, asks and gates are shared by many rules and added once per list; each rule is added
        # once anyway, so it needs no such check (comparing rules field by field is slow)
        held: set[tuple[str, int, int, Any]] = set()
        # (key, kind, ref, customer, staff, confirmed) added already: a fragment shared by the many
        # cues of a lexicon cross product ({pitch_quant}…{pitch_product}) is looked at once
        calls: set[tuple[str, int, Any, bool, bool, bool]] = set()

        def add(key: str, item: tuple[int, Any], customer: bool, staff: bool, confirmed: bool) -> None:
            lists = entries.get(key)
            if lists is None:
                lists = entries[key] = ([], [], [], [])
            if item[0] in (_RULE, _PHRASE):
                kind = item[1].kind
                if kind == "offer":  # an offer is what staff say
                    lists[1].append(item)
                    lists[2].append(item)
                    return
                if customer and kind != "answer":
                    lists[0].append(item)
                if staff:
                    lists[1].append(item)
                if confirmed:
                    lists[2].append(item)
                if customer:
                    lists[3].append(item)
                return
            ref = item[1] if isinstance(item[1], str) else id(item[1])
            call = (key, item[0], ref, customer, staff, confirmed)
            if call in calls:
                return
            calls.add(call)
            for i, (on, items) in enumerate(zip((customer, staff, confirmed, customer), lists, strict=True)):
                if on and (key, i, item[0], ref) not in held:
                    held.add((key, i, item[0], ref))
                    items.append(item)

        self.pairs: dict[tuple[str, str], list[Rule]] = {}
        redundant = _redundant(rules.rules)
        for rule in rules.rules:
            if id(rule) in redundant:
                continue
            frags = rule.pattern.frags
            customer = rule.speaker == "customer"
            staff = rule.speaker == "staff"
            # a customer cue said by staff counts when the customer confirms it (not answers, questions)
            confirmed = staff or (rule.kind in ("cue", "weak") and "question" not in rule.checks)
            if rule.kind == "offer":
                customer, staff, confirmed = False, True, True
            if len(frags) == 1 or min(len(frags[0]), len(frags[1])) == 1:
                # a phrase, or a gapped cue with a one-character fragment (放…余额宝): looked up by
                # its longest fragment, since single characters are everywhere
                plain = len(frags) == 1 and rule.kind != "answer"
                add(
                    frags[rule.pattern.anchor],
                    (_PHRASE if plain else _RULE, rule),
                    customer,
                    staff,
                    confirmed,
                )
                continue
            self.pairs.setdefault((frags[0], frags[1]), []).append(rule)
            for frag in frags[:2]:
                add(frag, (_FRAG, frag), customer, staff, confirmed)
        for code in rules.codes.values():
            for ask in code.asks:
                add(ask.frags[ask.anchor], (_ASK, (code.code, ask)), False, True, True)
            if code.extract:
                on_customer = code.speaker == "customer"
                for gate in code.extract.gates:
                    add(gate, (_GATE, code.code), on_customer, not on_customer, not on_customer)
                # staff talking about the topic: the customer's next turn is read for numbers too
                for word in code.extract.topic if on_customer else ():
                    add(word, (_NEXT, code.code), False, True, True)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for key, lists in entries.items():
            automaton.add_word(key, (len(key), *map(tuple, lists)))
        automaton.make_automaton()
        return automaton

    # -- match ---------------------------------------------------------------------------------
    def mine(self, conversation: dict[str, Any]) -> list[Tag]:
        utterances = conversation.get("utterances") or []
        texts = [u.get("text") or "" for u in utterances]
        speakers = [u.get("speaker") or "" for u in utterances]
        joined = normalise(SEP.join(texts))
        norms, pos = [], 0
        for t in texts:
            norms.append(joined[pos : pos + len(t)])
            pos += len(t) + 1
        channel = str(conversation.get("channel") or "")
        conv = _Conv(texts, norms, speakers, self._askers(speakers), channel=channel)
        asker = conv.asker
        candidates: list[tuple[int, int, int, Rule]] = []
        frags: dict[int, list[tuple[int, int, str]]] = {}
        asked: dict[int, set[str]] = {}
        gates: set[tuple[int, str]] = set()
        iterate = self.automaton.iter
        for u, text in enumerate(norms):
            if not text:
                continue
            customer = speakers[u] == "customer"
            if customer:
                pick = 4 if asker[u] in asked else 1
            elif speakers[u] == "staff":
                pick = 3 if self._confirmed(conv, u) is not None else 2
            else:
                continue
            for hit in iterate(text):
                items = hit[1][pick]
                if not items:
                    continue
                end = hit[0]
                length = hit[1][0]
                start = end - length + 1
                for kind, ref in items:
                    if kind == _PHRASE:
                        candidates.append((u, start, end + 1, ref))
                    elif kind == _RULE:
                        # an answer only right after the staff question that asks for it
                        if ref.kind == "answer" and ref.code not in asked.get(asker[u], ()):
                            continue
                        if len(ref.pattern.frags) == 1:
                            candidates.append((u, start, end + 1, ref))
                        elif span := ref.pattern.around(text, start, end + 1):
                            candidates.append((u, span[0], span[1], ref))
                    elif kind == _FRAG:
                        frags.setdefault(u, []).append((start, end + 1, ref))
                    elif kind == _GATE:
                        gates.add((u, ref))
                    elif kind == _NEXT:
                        if u + 1 < len(norms):
                            gates.add((u + 1, ref))
                    elif ref[1].around(text, start, end + 1):
                        asked.setdefault(u, set()).add(ref[0])
        for u, found in frags.items():
            candidates.extend(self._gapped(norms[u], u, found))
        for u, codes in asked.items():  # a reply to "您期望收益多少" is read for numbers as it is
            if u + 1 < len(norms) and speakers[u + 1] == "customer":
                gates.update((u + 1, c) for c in codes if self.rules.codes[c].extract)
        if not candidates and not gates:
            return []
        # signals matter only to conversation rules, and most of them only next to another one
        # (no disclosure is looked for where nothing was pitched): they are checked when asked for
        signals: dict[str, list[tuple[int, int, int, Rule]]] = {}
        plain = []
        for c in candidates:
            if c[3].code == "signal":
                signals.setdefault(c[3].value, []).append(c)
            else:
                plain.append(c)
        hits = self._validate(conv, plain, asked)
        hits.extend(self._extract(conv, gates, asked))
        if self._cancelling:
            hits = self._cancel(conv, hits)
        return self._emit(
            hits, lambda name, avoid=None: self._signal(conv, signals.get(name), asked, avoid), conv.cores
        )

    def _gapped(
        self, text: str, u: int, found: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, int, Rule]]:
        """Gapped cues whose first two fragments occur in order, close enough, in one sentence; the
        nearest first fragment wins; further fragments are looked for after the second."""
        max_gap = self.rules.context.max_gap
        out = []
        found.sort()
        for j, (s2, e2, k2) in enumerate(found):
            done: set[int] = set()
            for i in range(j - 1, -1, -1):
                s1, e1, k1 = found[i]
                if s2 - s1 > max_gap + 16:
                    break
                if e1 > s2 or s2 - e1 > max_gap:
                    continue
                rules = self.pairs.get((k1, k2))
                if not rules or breaks(text, e1, s2):
                    continue
                for rule in rules:
                    if id(rule) in done:
                        continue
                    end = _rest(text, rule.pattern, e2, max_gap)
                    if end is not None:
                        done.add(id(rule))
                        out.append((u, s1, end, rule))
        return out

    def mine_batch(self, conversations: Iterable[dict[str, Any]]) -> list[list[Tag]]:
        return [self.mine(c) for c in conversations]

    # -- validate ------------------------------------------------------------------------------
    def _validate(
        self, conv: _Conv, candidates: list[tuple[int, int, int, Rule]], asked: dict[int, set[str]]
    ) -> list[Tag]:
        valid: list[tuple[Tag, bool]] = []
        # Several cues of one value often match the same words (有风险, 有…风险, 产品有风险): once one
        # passed, an overlapping one that cannot be stronger adds nothing (a weak cue with support words may
        # still be: the same word in two groups with different support); a signal is needed only once.
        candidates.sort(key=lambda c: (c[0], c[1], len(c[3].pattern.frags) > 1, -c[2]))
        taken: dict[tuple[str, str], list[tuple[int, int, int, float]]] = {}
        lift = CONFIDENCE["cue"] / CONFIDENCE["weak"]
        for u, s, e, rule in candidates:
            key = (rule.code, rule.value)
            done = taken.get(key)
            if done:
                best = rule.confidence * lift if rule.support else rule.confidence
                if rule.code == "signal" or any(
                    du == u and ds < e and s < de and dc >= best for du, ds, de, dc in done
                ):
                    continue
            tag = self._check_hit(conv, u, s, e, rule, asked)
            if tag is not None:
                valid.append((tag, len(rule.pattern.frags) == 1))
                taken.setdefault(key, []).append((u, s, e, tag.confidence))
        # A hit inside a longer phrase cue of the same code yields to it (别的银行 inside 别的银行没有);
        # a gapped cue spans words that are not its own, so it hides nothing.
        valid.sort(key=lambda h: (h[0].evidence[0].utterance, h[0].evidence[0].start, -h[0].evidence[0].end))
        out: list[Tag] = []
        phrases: list[Tag] = []
        for tag, phrase in valid:
            ev = tag.evidence[0]
            code = self.rules.codes.get(tag.code)
            overlaps = code.overlaps if code is not None else frozenset()
            if any(_hides(k, tag, ev, overlaps) for k in phrases[-8:]):
                continue
            out.append(tag)
            if phrase:
                phrases.append(tag)
        return out

    def _check_hit(
        self, conv: _Conv, u: int, s: int, e: int, rule: Rule, asked: dict[int, set[str]]
    ) -> Tag | None:
        if rule.channels and conv.channel not in rule.channels:
            return None
        speaker = conv.speakers[u]
        confidence = rule.confidence
        confirm = None
        if rule.kind == "offer":
            # staff put it forward and the customer took it right away: 这款180天理财 年化三点二 — 行 买五万
            confirm = self._accepted(conv, u)
            if confirm is None and rule.offer_reach:
                confirm = self._accepted_later(conv, u, rule)
            if confirm is None:
                return None
        elif rule.kind == "answer":
            if (
                speaker != "customer"
                or rule.code not in asked.get(conv.asker[u], ())
                or not self._is_reply(conv, u, s)
            ):
                return None
            # a reply to staff talking of another bank judges that one (余额宝收益现在也不高了 — 是不高)
            code_checks = self.rules.codes[rule.code].checks
            if "competitor" in code_checks and self.check.competitor(conv.norms[conv.asker[u]]):
                return None
        elif speaker != rule.speaker:
            # staff said it and the customer confirmed; a customer's question cannot be confirmed
            if not (rule.speaker == "customer" and speaker == "staff") or "question" in rule.checks:
                return None
            confirm = self._confirmed(conv, u)
            if confirm is None:
                return None
            confidence *= CONFIRMED
        gaps = rule.pattern.gaps(conv.norms[u], s, e) if len(rule.pattern.frags) > 1 else ""
        # a staff question the customer confirmed is a question by nature: 喜欢参加活动吧？ — 对; an
        # offer is staff's own words (要不要买点理财？), so only its negation and hypotheticals count
        checks = rule.checks - {"statement"} if confirm is not None else rule.checks
        if rule.kind == "offer":
            checks = checks & {"negation", "hypothetical"}
        if not self._context_ok(conv.norms[u], conv.seg(u), s, e, checks, gaps):
            return None
        text = conv.norms[u]
        if rule.not_inside and _inside(rule.not_inside, text, s, e):
            return None
        seg = conv.seg(u)
        ss, se = seg.sentence(s, e) if rule.scope == "sentence" else seg.clause_and_previous(s, e)
        if rule.exclude and rule.exclude.search(text, ss, se):
            if not (rule.keep_if and rule.keep_if.search(text, ss, se)):
                return None
        if rule.veto and rule.veto.search(text, ss, se):
            return None
        if rule.require and not rule.require.search(text, ss, se):
            return None
        if rule.support and (
            rule.support.search(text, ss, se) or (rule.support_next and self._supported_later(conv, u, rule))
        ):
            confidence *= CONFIDENCE["cue"] / CONFIDENCE["weak"]
        evidence = [Evidence(u, s, e, conv.texts[u][s:e])]
        if confirm is not None:
            evidence.append(confirm)
        tag_speaker = "staff" if rule.speaker == "staff" else "customer"
        return Tag(rule.code, rule.value, tag_speaker, confidence, evidence)

    def _context_ok(
        self, text: str, seg: Segments, s: int, e: int, checks: frozenset[str], gaps: str = ""
    ) -> bool:
        if not checks:
            return True
        cs, ce = seg.clause(s, e)
        ss, se = seg.sentence(s, e)
        check = self.check
        if "negation" in checks and check.negated(text, cs, s, gaps):
            return False
        if "topic_negation" in checks and check.topic_negated(text, cs, s, e, ce):
            return False
        if "hypothetical" in checks and check.hypothetical(text, ss, ce, s, e):
            return False
        if "quote" in checks and check.quoted(text, ss, s, cs):
            return False
        if "third_person" in checks and check.third_person(text, cs, s, seg.clause_and_previous(s, e)[0], e):
            return False
        # another bank named in the clause or the one before speaks of it; further away it does not
        # (两个点啊 太低了 还不如余额宝呢: this bank's yield is the low one)
        if "competitor" in checks and check.competitor(text[slice(*seg.clause_and_previous(s, e))]):
            return False
        # 请问 网点几点开门: a question may start a clause early; 在吗 你们收益太低了 is no question
        if "question" in checks:
            ws, we = seg.around(s, e)
            if not check.is_question(text[ws:we], request=text[ws:e]):
                return False
        if "statement" in checks:
            ws, we = seg.around(s, e, before=False)
            if check.is_question(text[ws:we]):
                return False
        return True

    def _cancel(self, conv: _Conv, hits: list[Tag]) -> list[Tag]:
        """Drop a hit that the speaker's next turn (after at most one turn of the other side) takes back
        with one of its value's ``cancel_next`` words or tags (不太方便 … 中午一点左右), or that replies to a
        turn of the other side carrying one of its ``after_veto`` words or tags (这个靠谱吗 after an off-book
        pitch)."""
        codes = self.rules.codes

        def carries(n: int | None, cancel: Cancel) -> bool:
            return n is not None and (
                (cancel.words is not None and cancel.words.search(conv.norms[n]) is not None)
                or any(
                    h.evidence[0].utterance == n and h.code == c and (v is None or str(h.value) == v)
                    for h in hits
                    for c, v in cancel.tags
                )
            )

        out = []
        for t in hits:
            u = t.evidence[0].utterance
            cancel = codes[t.code].cancels.get(str(t.value))
            if cancel is not None:
                speaker = conv.speakers[u]
                later = (n for n in (u + 1, u + 2) if n < len(conv.norms) and conv.speakers[n] == speaker)
                if carries(next(later, None), cancel):
                    continue
            veto = codes[t.code].after_vetoes.get(str(t.value))
            if veto is not None and carries(conv.asker[u], veto):
                continue
            out.append(t)
        return out

    def _supported_later(self, conv: _Conv, u: int, rule: Rule) -> bool:
        """The speaker's next turn (after at most one turn of the other side) carries a support word:
        我妈那个卡里的钱 … 她腿脚不好."""
        assert rule.support is not None
        speaker = conv.speakers[u]
        for nxt in (u + 1, u + 2):
            if nxt < len(conv.norms) and conv.speakers[nxt] == speaker:
                return bool(rule.support.search(conv.norms[nxt]))
        return False

    def _askers(self, speakers: list[str]) -> list[int | None]:
        reach = self.rules.context.reply_reach
        out: list[int | None] = []
        last_staff, between = None, 0
        for sp in speakers:
            out.append(last_staff if sp == "customer" and between <= reach else None)
            if sp == "staff":
                last_staff, between = len(out) - 1, 0
            else:
                between += 1
        return out

    def _is_reply(self, conv: _Conv, u: int, start: int = 0) -> bool:
        """A short reply to the staff turn before, or an answer at the very start of a longer one."""
        if conv.asker[u] is None:
            return False
        limit = self.rules.context.max_reply
        return len(conv.norms[u].strip()) <= limit or start < limit // 2

    def _accepted(self, conv: _Conv, u: int) -> Evidence | None:
        """The customer's acceptance after a staff turn: in the next turn, or after the customer's own
        reaction with no staff turn between (真的假的 还有4个点的 — 行 那我先买十万). A reply that refuses
        ends the search; a staff turn between is a new exchange (its own offer may be taken there)."""
        if u not in conv.accepted:
            conv.accepted[u] = self._acceptance(conv, u)
        return conv.accepted[u]

    def _acceptance(self, conv: _Conv, u: int) -> Evidence | None:
        if conv.speakers[u] != "staff":
            return None
        for nxt in range(u + 1, min(u + 4, len(conv.texts))):
            if conv.speakers[nxt] != "customer":
                return None
            m = self.check.acceptance(conv.norms[nxt])
            if m is not None:
                text = m.group(0)
                word_start = m.start() + len(text) - len(text.lstrip(" ,.!。，！~"))
                return Evidence(nxt, word_start, m.end(), conv.texts[nxt][word_start : m.end()])
            if self.check.rejects(conv.norms[nxt]):
                return None
        return None

    def _accepted_later(self, conv: _Conv, u: int, rule: Rule) -> Evidence | None:
        """The offer taken after up to ``rule.offer_reach`` more staff turns, when the staff turn the
        customer takes carries a ``via`` word (您那款理财到期了 收益还不错 — 嗯是 — 那您看续一下吗 — 续吧);
        a customer turn between that refuses ends the search."""
        assert rule.via is not None
        staff_turns = 0
        for v in range(u + 1, len(conv.texts)):
            if conv.speakers[v] != "staff":
                if self.check.rejects(conv.norms[v]):
                    return None
                continue
            staff_turns += 1
            if staff_turns > rule.offer_reach:
                return None
            if rule.via.search(conv.norms[v]):
                return self._accepted(conv, v)
        return None

    def _confirmed(self, conv: _Conv, u: int) -> Evidence | None:
        """The customer's short 对/是的 right after a staff question containing the cue."""
        nxt = u + 1
        if nxt >= len(conv.texts) or conv.speakers[nxt] != "customer" or conv.speakers[u] != "staff":
            return None
        # the anchored 对/是的 first: most replies are no confirmation, and the question search costs more
        m = self.check.confirmation(conv.norms[nxt])
        if m is None or not self.check.staff_asks(conv.norms[u]):
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
            asked_here = name in asked.get(u - 1, ())
            text = conv.norms[u]
            spec = code.extract
            assert spec is not None
            found = find_percents(text) if spec.kind == "percent" else find_durations(text)
            for f in found:
                bound = asked_here and self._is_reply(conv, u, f.start)
                prev = conv.norms[u - 1] if u > 0 else ""
                if not self._number_ok(text, conv.seg(u), f.start, f.end, f.unit, code, bound, prev):
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

    def _number_ok(
        self, text: str, seg: Segments, s: int, e: int, unit: str, code: Code, bound: bool, prev: str
    ) -> bool:
        """A number the customer states as their own wish, in a sentence (or right after a turn)
        about the topic; 三个月前 / 收益才2.5% are vetoed by the words around them."""
        spec = code.extract
        assert spec is not None
        cs, ce = seg.clause(s, e)
        ss, se = seg.sentence(s, e)
        before, after = text[max(cs, s - 6) : s], text[e:ce]
        if spec.veto_before and spec.veto_before.search(before):
            return False
        if spec.veto_after and spec.veto_after.match(after):
            return False
        if not self._context_ok(text, seg, s, e, code.checks - {"question", "statement"}):
            return False
        if spec.exclude is not None and spec.exclude.search(text, *seg.around(s, e)):
            return False
        followed = spec.after is not None and spec.after.match(after) is not None
        if unit == "bare" and not (_has_fraction(text[s:e]) or followed):
            return False  # 一 in 高一点 is no yield; 三点五 / 4左右 are
        if bound:
            return True
        sent = text[ss:se]
        wished = spec.before is not None and spec.before.search(text, cs, s) is not None
        if spec.kind == "percent":
            topic = spec.topic or spec.gates
            # 三个点 / 百分之四 are yield words themselves; a bare % needs the topic around it
            spoken = wished and any(w in text[s:e] for w in ("个点", "百分之", "个多点"))
            if not spoken and not any(g in sent or g in prev for g in topic):
                return False
            if unit == "bare" and not (wished or any(g in before for g in spec.gates)):
                return False  # a bare number counts only after 年化/收益 or a wish (能到/想要)
        elif not any(g in sent for g in spec.gates):
            return False
        return wished or followed

    def _signal(
        self,
        conv: _Conv,
        candidates: list[tuple[int, int, int, Rule]] | None,
        asked: dict[int, set[str]],
        avoid: Evidence | None = None,
    ) -> Tag | None:
        """The first occurrence of a signal that passes its checks, outside the words of ``avoid``. Its last
        words (the product named: 理财 of 有款三年期的理财) are kept in ``conv.cores``, so that another signal
        can be looked for outside them."""
        for u, s, e, rule in sorted(candidates or (), key=lambda c: (c[0], c[1], -c[2])):
            if avoid is not None and u == avoid.utterance and s < avoid.end and avoid.start < e:
                continue
            tag = self._check_hit(conv, u, s, e, rule, asked)
            if tag is not None:
                core = e - len(rule.pattern.frags[-1])
                conv.cores[id(tag)] = Evidence(u, core, e, conv.texts[u][core:e])
                return tag
        return None

    # -- emit ----------------------------------------------------------------------------------
    @staticmethod
    def _also(
        name: str,
        first: Tag,
        find: Callable[[str], Tag | None],
        signal: Callable[..., Tag | None],
        cores: dict[int, Evidence],
    ) -> bool:
        """``name`` occurs beside ``first``: a tag anywhere, a signal outside the last words of ``first``."""
        if name.startswith("!"):  # "a+!b": b must not occur (a loss promised back pitches nothing)
            return find(name[1:]) is None
        found = find(name)
        if found is None or "=" in name:
            return found is not None
        ev, fev = found.evidence[0], cores.get(id(first), first.evidence[0])
        if ev.utterance != fev.utterance or ev.end <= fev.start or fev.end <= ev.start:
            return True
        return signal(name, fev) is not None

    def _emit(
        self, hits: list[Tag], signal: Callable[..., Tag | None], cores: dict[int, Evidence] | None = None
    ) -> list[Tag]:
        # tags by "code=value", signals by name: what conversation rules look for (first occurrence)
        seen: dict[str, Tag | None] = {}
        for t in hits:
            seen.setdefault(f"{t.code}={t.value}", t)

        def find(name: str) -> Tag | None:
            if name not in seen:
                seen[name] = None if "=" in name else signal(name)
            return seen[name]

        tags = list(hits)
        for rule in self.rules.conversation_rules:
            first = None
            for w in rule.when:
                # "a+b": both must occur (an off-book sale that names a yield is a product pitch), b outside
                # the words of a: a product's own name (有款混合基金, 一年期的理财) tells nothing more
                head, *rest = w.split("+")
                first = find(head)
                if first is not None and all(self._also(p, first, find, signal, cores or {}) for p in rest):
                    break
                first = None
            if first is not None and not any(find(u) for u in rule.unless):
                tags.append(Tag(rule.code, rule.value, "staff", rule.confidence, first.evidence))
        if not tags:
            return []
        out = merge(tags, self.rules.codes)
        # a value that yields to another one said too is dropped (not_needed beside a specific reason)
        if any(self.rules.codes[t.code].yields for t in out):
            said = {(t.code, str(t.value)) for t in out}
            out = [
                t
                for t in out
                if not any((t.code, v) in said for v in self.rules.codes[t.code].yields.get(str(t.value), ()))
            ]
        return out
