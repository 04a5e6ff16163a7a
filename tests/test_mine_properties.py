"""The miner never fails and its evidence always points at the text it quotes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siyu.mine import Miner, load_rules
from siyu.mine.numerals import find_durations, find_percents, parse_number

MINER = Miner(load_rules())

# Text built from real cue words, context words and arbitrary characters, so that hits are common.
WORDS = [
    "不",
    "没",
    "是",
    "吗",
    "？",
    "，",
    "。",
    " ",
    "如果",
    "再说",
    "工行",
    "余额宝",
    "年化",
    "三点五",
    "个点",
    "%",
    "半年",
    "三个月",
    "90天",
    "收益",
    "太低",
    "没时间",
    "不需要",
    "保本保息",
    "推荐",
    "理财",
    "基金",
    "验证码",
    "告诉我",
    "晚上",
    "对",
    "嗯",
    "稳一点",
    "跑步",
    "Ａ",
    "ｂ",
    "\x1f",
    "\n",
    "…",
]
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=30).map("".join)
UTTERANCE = st.fixed_dictionaries({"speaker": st.sampled_from(["staff", "customer"]), "text": TEXT})


def check(conv: dict) -> None:
    for tag in MINER.mine(conv):
        assert tag.evidence, tag
        assert 0.0 < tag.confidence <= 1.0
        for ev in tag.evidence:
            text = conv["utterances"][ev.utterance]["text"]
            assert 0 <= ev.start < ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.text


@settings(max_examples=300, deadline=None)
@given(st.lists(UTTERANCE, max_size=8))
def test_evidence_spans_equal_the_text(utterances: list[dict]) -> None:
    check({"id": "p", "utterances": utterances})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({"speaker": st.sampled_from(["staff", "customer"]), "text": st.text()}),
        max_size=5,
    )
)
def test_arbitrary_unicode_never_fails(utterances: list[dict]) -> None:
    check({"id": "u", "utterances": utterances})


@pytest.mark.parametrize(
    "text", ["", " ", "\x00", "\ud800", "我" * 100_000, ("不需要没时间收益太低？" * 2_000)]
)
def test_empty_huge_and_odd_utterances(text: str) -> None:
    check(
        {"id": "h", "utterances": [{"speaker": "customer", "text": text}, {"speaker": "staff", "text": text}]}
    )


def test_missing_and_empty_fields() -> None:
    assert MINER.mine({"id": "e"}) == []
    assert MINER.mine({"id": "e", "utterances": []}) == []
    assert MINER.mine({"id": "e", "utterances": [{"speaker": "customer"}]}) == []


@given(st.text(max_size=20))
def test_number_parsers_never_fail(text: str) -> None:
    for found in find_percents(text) + find_durations(text):
        assert 0 <= found.start < found.end <= len(text)
    parse_number(text)
