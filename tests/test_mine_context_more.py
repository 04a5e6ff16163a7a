"""More context checks: declarative 呢, counting words, 这么, clause-final A-not-A, 就算了, adjectives
that look like negators, hearsay with a source in between, comparisons with another bank."""

from __future__ import annotations

from pathlib import Path

import pytest
from mine_support import own_miner, tags

from siyu.mine import Miner, load_rules
from siyu.mine.rules import DEFAULT_PATHS, RulesError


@pytest.mark.parametrize(
    ("turns", "tag"),
    [
        # 呢 after a state is declarative, not a question
        ((("c", "我现在手上暂时没钱 都套着呢"),), ("objection.refusal", "no_money")),
        ((("s", "您现在方便吗"), ("c", "不方便 正在医院陪老人呢")), ("objection.refusal", "no_time")),
        ((("c", "两个点啊 太低了 还不如余额宝呢"),), ("voice.negative", "product_low_yield")),
        # counting and manner words ask nothing
        ((("c", "你们产品太少了 翻来覆去就那几款"),), ("voice.negative", "product_limited")),
        ((("c", "没怎么排队 挺快的"),), ("voice.positive", "branch_short_wait")),
        ((("c", "排了这么久"),), ("voice.negative", "branch_long_wait")),
        ((("c", "收益这么低"),), ("voice.negative", "product_low_yield")),
        ((("c", "收益怎么这么低"),), ("voice.negative", "product_low_yield")),
        ((("c", "今天咋这么快 刚进门就叫到号了"),), ("voice.positive", "branch_short_wait")),
    ],
)
def test_statements_are_not_questions(
    miner: Miner, turns: tuple[tuple[str, str], ...], tag: tuple[str, str]
) -> None:
    assert tag in tags(miner, *turns)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("你们网点几点开门", ("voice.question", "branch")),  # 点几 inside 网点几点 is no number
        ("广告写着年化高达4.5% 真的假的", ("voice.question", "yield")),
        ("年化能到三个点五不 到了我就考虑", ("voice.question", "yield")),  # clause-final 不 asks
    ],
)
def test_questions_still_ask(miner: Miner, text: str, tag: tuple[str, str]) -> None:
    assert tag in tags(miner, ("c", text))


def test_a_clause_final_not_after_still_states(miner: Miner) -> None:
    # 还没 / 都没 at a clause end state a fact
    assert ("voice.question", "yield") not in tags(miner, ("c", "收益我还没 看过"))


def test_giving_up_is_no_hypothetical(miner: Miner) -> None:
    assert ("basic.platform", "other_bank") in tags(miner, ("c", "基金就算了 我们家钱都在另一家银行"))
    assert ("basic.funds", "idle") not in tags(miner, ("c", "就算有闲钱我也不买"))


def test_adjective_and_question_are_no_negators(miner: Miner) -> None:
    assert ("pref.yield_expectation", 3.0) in tags(miner, ("c", "收益咋样 有木有三个点"))


def test_hearsay_with_a_source_in_between(miner: Miner) -> None:
    assert ("pref.yield_expectation", 5.0) not in tags(
        miner, ("c", "我听隔壁老李说你们有个理财年化能到五个点")
    )


def test_rhetorical_complaint_is_checked_before_masking(miner: Miner) -> None:
    # 这么 is masked as no question word, but 怎么这么 still complains
    assert ("voice.question", "yield") not in tags(miner, ("c", "收益怎么这么低"))


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        # the negation window starts inside 有没有: still a question, no denial
        ("你们有没有量化对冲或者主动管理的权益基金", ("pref.product", "fund_active")),
        ("主要是理财 偶尔买点黄金", ("pref.product", "gold")),  # 主要是 is no 要是
        ("听说债基比较稳 我想买个债基", ("pref.product", "fund_bond")),  # 我 speaks again
        ("最近手头也没多少钱", ("objection.refusal", "no_money")),  # 没多少 asks nothing
        ("你帮我推荐一个 我想买个货币基金", ("voice.question", "recommendation")),  # a request
        ("你们手机银行转账太方便了 几秒就到", ("voice.positive", "system_convenient")),
        ("不懂也不想弄", ("objection.refusal", "not_needed")),  # 不懂's 不 does not deny 不想弄
    ],
)
def test_requested_context_fixes(miner: Miner, text: str, tag: tuple[str, str]) -> None:
    assert tag in tags(miner, ("c", text))


def test_quotes_and_double_negation_still_hold(miner: Miner) -> None:
    assert ("objection.refusal", "not_needed") not in tags(miner, ("c", "我不是不想买"))
    assert ("pref.product", "fund_bond") not in tags(miner, ("c", "听说债基比较稳"))


def test_an_accepted_offer_binds_across_turns(tmp_path: Path) -> None:
    extra = tmp_path / "offers.yaml"
    extra.write_text(
        "rules:\n  pref.product:\n    values:\n      wealth: {offers: ['{wealth}']}\n", encoding="utf-8"
    )
    miner = Miner(load_rules([*DEFAULT_PATHS, extra]))
    wealth = ("pref.product", "wealth")
    offer = ("s", "这个是我们的鑫利180天理财 年化三点二")
    assert wealth in tags(miner, offer, ("c", "行 那我买五万"))
    assert wealth in tags(miner, offer, ("c", "好 给我留一份"))
    assert wealth not in tags(miner, offer, ("c", "好的"))  # an acknowledgement takes nothing
    assert wealth not in tags(miner, offer, ("c", "行 我再想想"))  # a rejection in the reply
    assert wealth not in tags(miner, ("s", "这款不是理财 是存款"), ("c", "那我买五万"))  # negated offer
    assert wealth not in tags(miner, ("c", "那我买五万"))  # nothing offered


def test_a_cue_with_its_own_subject_is_the_customers(miner: Miner) -> None:
    got = tags(miner, ("c", "我对象喜欢搞这些定投 我不弄 我的钱都在她那管"))
    assert ("objection.refusal", "not_needed") in got
    assert ("life.interest", "beauty") not in tags(miner, ("c", "我老婆喜欢美容 天天往美容院跑"))


def test_the_customer_among_the_subjects(miner: Miner) -> None:
    assert ("life.interest", "travel") in tags(miner, ("c", "我老婆和我都爱旅游"))
    assert ("life.interest", "outdoor") not in tags(miner, ("c", "他跟我说他喜欢钓鱼"))


def test_bounds_are_no_denials(miner: Miner) -> None:
    assert ("pref.term", "6m_12m") in tags(miner, ("c", "期限不超过一年"))
    assert ("pref.yield_expectation", 3.0) in tags(miner, ("c", "收益不低于三个点"))


def test_a_list_with_dou_states(miner: Miner) -> None:
    assert ("voice.positive", "service_professional") in tags(miner, ("c", "啥风险 啥费用都讲清楚了 很专业"))


def test_a_reply_after_a_reaction_still_answers(miner: Miner) -> None:
    got = tags(
        miner,
        ("s", "周六我们有个客户活动 送米送油"),
        ("c", "好啊好啊 我最喜欢你们这些活动了"),
        ("c", "几点开始"),
    )
    assert ("voice.question", "activity") in got


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("十五个点 那么高 风险大吧", True),
        ("这个存款是保本的吧", True),
        ("你们网银能买基金吧", True),
        ("中等的吧 亏个几个点我能接受", False),  # an answer, not a question
        ("行吧 那就存两年吧", False),  # a decision
    ],
)
def test_tag_questions(miner: Miner, text: str, asks: bool) -> None:
    got = {v for c, v in tags(miner, ("c", text)) if c == "voice.question"}
    assert bool(got) is asks


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("亏了谁负责", ("voice.question", "risk"), True),
        ("是投股票还是债券", ("voice.question", "investment_direction"), True),
        ("你们啊 产品太少 选来选去就那么几只", ("voice.negative", "product_limited"), True),
        ("大行就是大行 谁不知道你们啊", ("voice.question", "branch"), False),
    ],
)
def test_who_and_alternative_questions(miner: Miner, text: str, tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


def test_a_value_yields_to_a_more_specific_one(tmp_path: Path) -> None:
    miner = own_miner(
        tmp_path, "rules:\n  objection.refusal:\n    values:\n      not_needed: {yields_to: [no_money]}\n"
    )
    got = tags(miner, ("c", "不需要 最近手头没钱"))
    assert ("objection.refusal", "no_money") in got
    assert ("objection.refusal", "not_needed") not in got
    assert ("objection.refusal", "not_needed") in tags(miner, ("c", "不需要 谢谢"))


def test_yields_to_an_unknown_value_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="no_cash"):
        own_miner(
            tmp_path, "rules:\n  objection.refusal:\n    values:\n      not_needed: {yields_to: [no_cash]}\n"
        )


def test_competitor_reads_the_nearby_clauses(miner: Miner) -> None:
    low = ("voice.negative", "product_low_yield")
    assert low in tags(miner, ("c", "两个点啊 太低了 还不如余额宝呢"))
    assert ("voice.positive", "service_attitude") not in tags(miner, ("c", "招行服务态度很好"))


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("你说是债基比较稳", ("pref.product", "fund_bond")),
        ("经理说买黄金好", ("pref.product", "gold")),
        ("你们说是活动多", ("voice.positive", "activity_many")),
        ("柜员说手机银行方便", ("voice.positive", "system_convenient")),
        ("经理说一般买半年的", ("pref.term", "3m_6m")),
    ],
)
def test_the_staffs_words_quoted_back_are_not_the_customers(miner: Miner, text: str, tag: tuple) -> None:
    assert tag not in tags(miner, ("c", text))


def test_someone_elses_bank_via_人家(miner: Miner) -> None:
    assert ("voice.positive", "system_convenient") not in tags(miner, ("c", "人家那个手机银行挺好用的"))
    assert ("voice.positive", "system_convenient") in tags(miner, ("c", "你们那个手机银行挺好用的"))
    # a comparison with 人家 still judges this bank
    assert ("voice.negative", "product_low_yield") in tags(miner, ("c", "你们收益不如人家"))
    # a request to tell about something is no quote
    assert ("pref.gift", "yes") in tags(miner, ("c", "你跟我说说活动就行 有礼品我就参加"))


def test_the_bank_among_the_words_is_not_the_customer(miner: Miner) -> None:
    assert ("pref.product", "wealth") not in tags(miner, ("c", "我同事都在你们这买理财 说你们收益高"))
    assert ("life.interest", "travel") not in tags(miner, ("c", "我老婆在你们这办的卡 她特别爱旅游"))
    assert ("life.interest", "travel") in tags(miner, ("c", "我老婆和我都爱旅游"))


@pytest.mark.parametrize(
    ("turns", "taken"),
    [
        ((("c", "那我也买点"),), True),  # following the staff member's lead
        ((("c", "行 这个可以"),), True),
        ((("c", "这个可以吗 风险大不大"),), False),  # a question about it
        ((("c", "真的假的 还有这么高的"), ("c", "行 那我先买十万")), True),  # after a reaction
        ((("c", "真的假的 还有这么高的"), ("c", "算了"), ("c", "行 那我买十万")), False),  # refused first
        ((("c", "嗯"), ("s", "您看要不要"), ("c", "行 那我先买十万")), False),  # a new exchange
        ((("c", "我买的时候你们说是稳健的"),), False),  # what happened before
        ((("c", "我买过"),), False),
    ],
)
def test_taking_what_staff_offered(miner: Miner, turns: tuple[tuple[str, str], ...], taken: bool) -> None:
    got = tags(miner, ("s", "这款理财一年期 年化3.2"), *turns)
    assert (("pref.product", "wealth") in got) is taken


def test_each_negator_of_a_coordination_denies_its_own_verb(miner: Miner) -> None:
    guarantee = ("compliance.violation", "guarantee")
    assert guarantee not in tags(miner, ("s", "混合基金不保本也不保收益 过往业绩不代表未来表现"))
    assert guarantee in tags(miner, ("s", "这款理财保本保收益"))
    assert ("objection.refusal", "no_time") not in tags(miner, ("c", "我不是没时间"))  # 不是没 still cancels


def test_a_reply_to_staff_talking_of_another_bank_judges_that_one(miner: Miner) -> None:
    low = ("voice.negative", "product_low_yield")
    assert low not in tags(miner, ("s", "那余额宝收益现在也不高了"), ("c", "是不高 但是方便啊 随时取"))
    assert low in tags(miner, ("s", "我们这款理财年化2.1%"), ("c", "好低啊"))


def test_the_customer_with_someone_is_a_subject(miner: Miner) -> None:
    outdoor = ("life.interest", "outdoor")
    assert outdoor in tags(miner, ("c", "我跟我老公都喜欢爬山"))
    assert outdoor in tags(miner, ("c", "我和我闺蜜周末经常去爬山"))
    assert outdoor not in tags(miner, ("c", "我老公喜欢爬山"))


def test_questions_hidden_by_masks_and_statements_that_look_like_questions(miner: Miner) -> None:
    checker = miner.check
    assert checker.is_question("那钱主要投啥的")
    assert checker.is_question("赎回要提前几天申请")
    assert not checker.is_question("活动啥的我都参加")
    assert not checker.is_question("就这几只基金可以选")
    assert not checker.is_question("方圆几公里都没有别的网点")
    assert not checker.is_question("我还给你们行写了封表扬信呢")
    assert ("objection.refusal", "no_time") in tags(miner, ("c", "孩子才两个月 哪顾得上这个"))


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("这个不会亏吧", True),
        ("小银行吧 不会出事吧", True),
        ("不会亏本的吧", True),
        ("我觉得不会亏", False),
        ("不会吧我就随便说说", False),
    ],
)
def test_a_worry_closed_by_bu_hui_ba_asks(miner: Miner, sentence: str, asks: bool) -> None:
    assert miner.check.is_question(sentence) is asks


@pytest.mark.parametrize("sentence", ["放心 肯定不会亏吧", "绝对不会出事吧 我跟你说"])
def test_a_reassurance_with_bu_hui_ba_asks_nothing(miner: Miner, sentence: str) -> None:
    assert not miner.check.is_question(sentence)


@pytest.mark.parametrize(
    ("text", "word", "negated"),
    [
        ("本产品不保本不保收益", "保收益", True),
        ("这款不保本也不保收益", "保收益", True),
        ("不是不保收益", "保收益", False),
        ("不能不买", "买", False),
    ],
)
def test_the_same_verb_negated_twice_in_a_row(miner: Miner, text: str, word: str, negated: bool) -> None:
    assert miner.check.negated(text, 0, text.rindex(word)) is negated


@pytest.mark.parametrize(
    ("reply", "takes"), [("还买那款", True), ("嗯 跟上回一样", True), ("还买那款吗", False)]
)
def test_the_same_again_takes_the_offer(miner: Miner, reply: str, takes: bool) -> None:
    assert (miner.check.acceptance(reply) is not None) is takes


@pytest.mark.parametrize(
    ("reply", "takes"),
    [
        ("那行 我来存", True),
        ("行 那我还买", True),
        ("那再加一点吧", True),
        ("放五万", True),
        ("我还买吗", False),
        ("放五万吗", False),
    ],
)
def test_buying_again_topping_up_and_an_amount_take_the_offer(miner: Miner, reply: str, takes: bool) -> None:
    assert (miner.check.acceptance(reply) is not None) is takes


@pytest.mark.parametrize(
    ("reply", "rejects"),
    [
        ("嗯是 你们那个收益挺好的 比别家高", False),
        ("比我之前在别的银行买的强", False),
        ("别给我推了", True),
        ("算了 别家也一样", True),
        ("这个不太好", True),  # a rejection itself, though listed as no negator
    ],
)
def test_a_rejection_word_inside_a_word_that_negates_nothing(miner: Miner, reply: str, rejects: bool) -> None:
    assert miner.check.rejects(reply) is rejects


@pytest.mark.parametrize(
    ("reply", "takes"),
    [
        ("哦那挺好 我买五万", True),
        ("还行 你帮我留一份", True),
        ("我就要这种不会亏的", False),  # names the kind wanted (b, h, i; d splits)
        ("那挺好 我就要保本的", False),
        ("行 我就要这个", True),
    ],
)
def test_a_positive_reaction_before_an_acceptance(miner: Miner, reply: str, takes: bool) -> None:
    assert (miner.check.acceptance(reply) is not None) is takes


def test_a_lower_bound_said_with_别_is_no_negation(miner: Miner) -> None:
    got = tags(miner, ("c", "收益别低于3.5就行"))
    assert ("pref.yield_expectation", 3.5) in got or ("pref.yield_expectation", "3.5") in got
