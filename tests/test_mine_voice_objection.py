"""Objections and voice of the customer: variants that must tag, and look-alikes that must not."""

from __future__ import annotations

import pytest

from siyu.mine import Miner, load_rules


@pytest.fixture(scope="module")
def miner() -> Miner:
    return Miner(load_rules())


def tags(miner: Miner, *turns: tuple[str, str]) -> set[tuple[str, object]]:
    conv = {
        "id": "t",
        "utterances": [{"speaker": "staff" if s == "s" else "customer", "text": t} for s, t in turns],
    }
    return {(t.code, t.value) for t in miner.mine(conv)}


PITCH = ("s", "我们这边有款新发的理财产品，想给您介绍一下")


def refusal(value: str) -> tuple[str, str]:
    return ("objection.refusal", value)


def risk(value: str) -> tuple[str, str]:
    return ("objection.risk", value)


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        # money earmarked: only when the customer turns the offer down with it
        ([PITCH, ("c", "这钱下个月要交孩子学费，先不考虑了")], refusal("funds_committed"), True),
        ([PITCH, ("c", "不续了，钱要给我妈看病")], refusal("funds_committed"), True),
        ([PITCH, ("c", "到期我要拿去还房贷，不买了")], refusal("funds_committed"), True),
        (
            [("s", "您这笔钱打算放多久"), ("c", "半年后要用，给孩子买车，你帮我找个短点的")],
            refusal("funds_committed"),
            False,
        ),
        ([("c", "刚交了首付，手头紧")], refusal("funds_committed"), False),
        ([("c", "我们家每年都出去旅游")], refusal("funds_committed"), False),
        # no money: colloquial variants
        ([PITCH, ("c", "哪有啥闲钱啊，房贷都还不上了")], refusal("no_money"), True),
        ([PITCH, ("c", "我可没那闲钱")], refusal("no_money"), True),
        ([PITCH, ("c", "最近钱紧得很")], refusal("no_money"), True),
        ([("c", "我退休了钱不多，存个定期就行")], refusal("no_money"), False),
        # no time
        ([PITCH, ("c", "天天加班，哪有工夫弄这些")], refusal("no_time"), True),
        ([PITCH, ("c", "我在开会，不方便")], refusal("no_time"), True),
        ([PITCH, ("c", "我在开车，你说吧")], refusal("no_time"), False),
        ([("s", "您是不是在其他银行也有理财"), ("c", "不方便说")], refusal("no_time"), False),
        # not needed vs. choosing alone
        ([PITCH, ("c", "没需要，不想弄")], refusal("not_needed"), True),
        ([PITCH, ("c", "我自己会挑，不需要别人推荐")], refusal("not_needed"), False),
        ([PITCH, ("c", "我自己会挑，不需要别人推荐")], refusal("self_research"), True),
        ([PITCH, ("c", "不用不用，您太客气了")], refusal("not_needed"), False),
        ([PITCH, ("c", "我先自己研究研究再说")], refusal("self_research"), True),
        ([("c", "我给我爸妈买了份保险，我自己买了重疾险")], refusal("self_research"), False),
        ([PITCH, ("c", "不用了，我有专门的财富顾问帮我看")], refusal("has_advisor"), True),
        # risk objections
        ([PITCH, ("c", "我不爱接电话，有事发短信")], risk("dislikes_calls"), True),
        ([("c", "又要签字又要录像，烦不烦，操作太麻烦")], risk("dislikes_calls"), False),
        ([("c", "我儿子天天打游戏")], risk("dislikes_calls"), False),
        ([("c", "我已经打你们客服投诉了")], risk("doubts_identity"), False),
        ([("c", "你真是银行的吗 哈哈 开玩笑的")], risk("doubts_identity"), False),
        ([("c", "现在骗子太多了，你怎么证明你是银行的")], risk("doubts_identity"), True),
    ],
)
def test_objections(miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, *turns)) is expected
