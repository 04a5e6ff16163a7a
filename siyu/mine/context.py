"""Context checks that decide whether a cue found in an utterance really says what it seems to.

Each check looks only at the sentence or clause around the hit, in the normalised text:
negation (with double negation cancelling), hypotheticals, questions, quoting someone else, a
third person as the subject, and another institution as the subject of an evaluation.
"""

from __future__ import annotations

import re

from siyu.mine.rules import Context
from siyu.mine.text import CLAUSE_END, SENTENCE_END

GAP = 6  # "…" inside a context word (听…说): at most this many characters in between
TOPIC_LEAD = 2  # a topic has at most this before it in its clause (那个插花我不会)
TOPIC_GAP = 3  # and its denial starts this close after it (插花 呢我不会)


def _alternation(words: tuple[str, ...]) -> str:
    """One regular expression for a word list; "…" in a word is a short gap inside the clause."""
    gap = rf"[^{re.escape(CLAUSE_END)}]{{0,{GAP}}}?"
    alts = (gap.join(re.escape(p) for p in w.split("…")) for w in sorted(set(words), key=len, reverse=True))
    return "|".join(alts) or "(?!)"


_WISH_KIND = re.compile(rf"[^{re.escape(CLAUSE_END)}]{{1,8}}?的(?:[{re.escape(CLAUSE_END)}吧啊呀]|$)")


class Checker:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        # A-not-A (是不是, 有没有, 能不能) asks; it negates nothing.
        self._neg = re.compile(
            rf"(?P<q>(?<![不没])(?P<c>.)[不没]有?(?P=c))|(?P<non>{_alternation(ctx.not_negators)})"
            rf"|(?P<neg>{_alternation(ctx.negators)})"
        )
        # 好不好 / 有没有 ask, and so does a clause-final 不/没 (能到三个点不 / 有活动没), but not 还没 / 都不
        self._neg_start = re.compile(rf"(?:{_alternation(ctx.negators)})")
        self._joint = re.compile("[也又还都就但可]")
        self._coord = re.compile("(?<=[不没])[^不没]{1,6}?[也又](?=[不没])")
        # 不保本不保收益 / 不限时不限量: the same verb negated twice in a row, each 不 its own
        self._parallel = re.compile("(?<=[不没])([^不没])[^不没]{0,4}?(?=[不没]\\1)")
        self._a_not_a = re.compile(
            rf"(?<![不没])(.)[不没]有?\1|(?<![还都也我并就从])[没不](?=$|[{re.escape(CLAUSE_END)}啊呀])"
        )
        self._question = re.compile(_alternation(ctx.question_markers))
        self._tag_q = re.compile(rf"(?:{_alternation(ctx.tag_questions)})(?=$|[{re.escape(CLAUSE_END)}啊呀])")
        self._not_question = re.compile(_alternation(ctx.not_question))
        self._kept = re.compile(_alternation(ctx.kept_questions))
        self._ask = re.compile(_alternation(ctx.ask_markers))
        self._rhetorical = re.compile(_alternation(ctx.rhetorical))
        self._competitor = re.compile(_alternation(ctx.competitors))
        self._own = re.compile(_alternation(ctx.own_bank))
        # 就算了 gives up; it supposes nothing (就算 does)
        self._hyp_before = re.compile(
            rf"(?P<no>{_alternation(ctx.not_hypothetical)})|(?P<hyp>{_alternation(ctx.hypothetical_before)})"
        )
        self._hyp_reset = re.compile(_alternation(ctx.hypothetical_reset))
        self._hyp_after = re.compile(_alternation(ctx.hypothetical_after))
        self._quote = re.compile(_alternation(ctx.quote_markers))
        self._third = re.compile(_alternation(ctx.third_person))
        self._first = re.compile("[我咱俺您你]")
        self._clause_end = re.compile(f"[{re.escape(CLAUSE_END)}]")
        # the customer among the subjects (我老婆和我都爱旅游); 你们这 is the bank, not the customer
        self._me = re.compile("[我咱俺]")
        self._with_me = re.compile("[我咱俺](?:们)?[跟和同与]$")
        self._taken = re.compile("(?:带|陪|领)着?$")
        # 插花我不会 / 股票我从来不碰: the cue is the topic and the comment denies it
        self._topic_no = re.compile(
            rf"[^{re.escape(CLAUSE_END)}]{{0,{TOPIC_GAP}}}?(?:{_alternation(ctx.topic_negators)})"
        )
        self._topic_now = re.compile(rf"(?:{_alternation(ctx.topic_negators)})")
        self._filler = re.compile(r"[\s,，]*(?:那个|就是|嗯|哦|啊|唉)?[\s,，]*")
        self._confirm = re.compile(
            rf"^[\s,.!。，！~]*(?:{_alternation(ctx.confirmations)})(?=$|[\s,.!。，！~吧啊呀了])"
        )
        self._staff_q = re.compile(_alternation(ctx.staff_question))
        sep = r"[\s,.!。，！~]*"
        # (我买的时候 / 我买过 tell what happened before, 这个可以吗 asks: they take nothing)
        self._accept = re.compile(
            rf"^{sep}(?:(?:{_alternation(ctx.acceptance_lead)}){sep}){{0,2}}(?:{_alternation(ctx.acceptances)})"
            r"(?!的时候|的那时|过|吗|么|不|没|\?)"
        )
        # a rejection word inside a word that negates nothing (别 of 别家 / 别的) refuses nothing
        # (不好 / 不太好 are rejections themselves: "这个不太好" refuses)
        rej = set(ctx.rejections)
        mask = tuple(w for w in ctx.not_negators if w not in rej and not (w.endswith("好") and w[:-1] in rej))
        self._reject = re.compile(rf"(?P<non>{_alternation(mask)})|{_alternation(ctx.rejections)}")

    def negated(self, text: str, clause_start: int, start: int, gaps: str = "") -> bool:
        """An odd number of negators shortly before the cue in its clause, or inside the gaps of a
        gapped cue (不是不 cancels; 是不是 negates nothing)."""
        window = start - self.ctx.negation_window
        # two more characters to the left, so 有没有 cut at the window edge still reads as a question
        lo = max(clause_start, window - 2)
        if self._neg_start.match(text, start):
            # a cue that is a denial itself (不想弄) is not negated by an earlier verb's 不 (不懂也不想弄)
            joints = [m.end() for m in self._joint.finditer(text, lo, start)]
            lo = max(lo, joints[-1]) if joints else lo
        else:
            # 不保本也不保收益: each 不 has its own verb; the one before 也/又 does not cancel this one
            joints = [m.end() for m in self._coord.finditer(text, lo, start)]
            joints += [m.end() for m in self._parallel.finditer(text, lo, start + 1)]
            lo = max(lo, *joints) if joints else lo
        count = sum(
            1 for m in self._neg.finditer(text, lo, start) if m.lastgroup == "neg" and m.start() >= window
        )
        count += sum(1 for m in self._neg.finditer(gaps) if m.lastgroup == "neg")
        return count % 2 == 1

    def topic_negated(self, text: str, clause_start: int, start: int, end: int, clause_end: int) -> bool:
        """The cue opens its clause as a topic and a denial follows it (摄影我不懂, 基金我不碰), also after a
        pause when the topic stands alone (摄影啊 我没什么兴趣)."""
        if len(text[clause_start:start].strip()) > TOPIC_LEAD:
            # a listed topic (那些基金股票我一窍不通) still opens its clause when the denial follows at once
            speaker_ends = text[end - 1 : end] in ("我", "俺")
            return speaker_ends and self._topic_now.match(text, end, clause_end) is not None
        if self._topic_no.match(text, end, clause_end) is not None:
            return True
        alone = not text[end:clause_end].strip(" 啊呀呢嘛吧哦")
        if not alone or clause_end >= len(text) or text[clause_end] in SENTENCE_END:
            return False
        nxt = clause_end + 1
        stop = self._clause_end.search(text, nxt)
        return self._topic_no.match(text, nxt, stop.start() if stop else len(text)) is not None

    def hypothetical(self, text: str, sent_start: int, clause_end: int, start: int, end: int) -> bool:
        """如果/要是/万一 … before the cue (unless 但是/现在 resets it), or 再说/的话 after it."""
        if self._hyp_after.search(text, end, clause_end):
            return True
        markers = [m for m in self._hyp_before.finditer(text, sent_start, start) if m.lastgroup == "hyp"]
        return bool(markers) and not self._hyp_reset.search(text, markers[-1].end(), start)

    def is_question(self, sentence: str, request: str | None = None) -> bool:
        """Asks something (吗/呢/怎么/多少/A不A …, or 请问/了解一下 in ``request``: the words up to the
        cue, since a request governs what follows it) and is not a rhetorical complaint (怎么这么 …)."""
        rhetorical = self._rhetorical.search(sentence)  # before 这么 is masked: 怎么这么低 complains
        kept = self._kept.search(sentence)  # 投什么的 / 提前几天 ask, though 什么的 / 前几天 are masked
        sentence = self._not_question.sub("_", sentence)
        asks = (
            kept
            or self._question.search(sentence)
            or self._a_not_a.search(sentence)
            or self._tag_q.search(sentence)
        )
        if not asks and request is not None:
            asks = self._ask.search(request)
        return bool(asks) and not rhetorical

    def quoted(self, text: str, sent_start: int, start: int, clause_start: int | None = None) -> bool:
        """Someone else's words (听说/广告上说 …) before the cue in its sentence; a clause the customer
        opens with 我 speaks for them again (听说债基比较稳 我想买个债基)."""
        if clause_start is not None and clause_start > sent_start:
            lead = clause_start + len(self._filler.match(text, clause_start)[0])
            if self._first.match(text, lead):
                sent_start = clause_start
        return bool(self._quote.search(text, sent_start, start))

    def third_person(
        self, text: str, clause_start: int, start: int, prev_start: int, end: int | None = None
    ) -> bool:
        """A third person is the subject of the clause, or opens the clause before and this clause has
        no subject of its own (我老婆喜欢美容 天天往美容院跑); a cue that names its own subject (我不弄)
        has one."""
        found = list(self._third.finditer(text, clause_start, start))
        # 带我爸妈去云南玩 / 陪我爸去钓鱼: a third person the customer takes along is no subject
        thirds = [m for m in found if not self._taken.search(text, clause_start, m.start())]
        if thirds:
            third = thirds[-1]
            # 我女儿和我都喜欢画画 / 我跟我老公都喜欢爬山: the customer is a subject too (我同事都在你们这买:
            # the bank is not; nor is the 我 of 我老婆带着我儿子)
            with_me = self._with_me.search(text[max(clause_start, third.start() - 3) : third.start()])
            me = any(
                not any(t.start() <= m.start() < t.end() for t in found)
                for m in self._me.finditer(text, third.end(), start)
            )
            return not (with_me or me)
        own = end if end is not None else start
        if prev_start >= clause_start or self._first.search(text, clause_start, own):
            return False
        opener = self._third.match(text, prev_start + len(self._filler.match(text, prev_start)[0]))
        return opener is not None and not self._first.search(text, opener.end(), clause_start)

    def competitor(self, sentence: str) -> bool:
        """Another institution is mentioned and this bank is not."""
        return bool(self._competitor.search(sentence)) and not self._own.search(sentence)

    def confirmation(self, reply: str) -> re.Match[str] | None:
        """A short 对/是的/嗯/没错 reply (the match spans the confirming word)."""
        if len(reply.strip()) > self.ctx.max_reply:
            return None
        return self._confirm.match(reply)

    def acceptance(self, reply: str) -> re.Match[str] | None:
        """The customer takes what staff just offered (行 / 那我买十万 / 给我留一份), refusing nothing."""
        if len(reply.strip()) > 2 * self.ctx.max_reply:
            return None
        m = self._accept.match(reply)  # anchored and mostly no match: before the scan for a refusal
        if m is None or self.rejects(reply):
            return None
        # 我就要保本的 / 就要这种不会亏的 names a kind the customer wants, not the product pitched
        if m.group().endswith("就要") and _WISH_KIND.match(reply, m.end()):
            return None
        return m

    def rejects(self, reply: str) -> bool:
        return any(m.group("non") is None for m in self._reject.finditer(reply))

    def staff_asks(self, text: str) -> bool:
        return bool(self._staff_q.search(text) or self._a_not_a.search(text))
