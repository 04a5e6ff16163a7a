"""Context rules of the miner: each with a case that must tag and a trap that must not."""

from __future__ import annotations

from pathlib import Path

import pytest
from mine_support import tags

from siyu.mine import Miner, load_rules
from siyu.mine.rules import DEFAULT_PATHS

NO_TIME = ("objection.refusal", "no_time")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我现在没时间，改天吧", True),
        ("我不是没时间，就是不想买", False),  # negation of a cue that is itself negative
        ("如果没时间的话我就不去了", False),  # hypothetical
        ("我同事说他最近没时间", False),  # someone else
    ],
)
def test_negation_hypothetical_and_quotes_on_negative_cue(miner: Miner, text: str, expected: bool) -> None:
    assert (NO_TIME in tags(miner, ("c", text))) is expected


def test_double_negation_cancels(miner: Miner) -> None:
    assert ("life.interest", "travel") in tags(miner, ("c", "我不是不喜欢旅游，是最近走不开"))
    assert ("life.interest", "travel") not in tags(miner, ("c", "我不喜欢旅游"))


def test_a_not_a_question_is_not_negation(miner: Miner) -> None:
    assert ("voice.question", "fees") in tags(miner, ("c", "买这个收不收手续费？"))


def test_hypothetical_idle_funds_and_reset(miner: Miner) -> None:
    assert ("basic.funds", "idle") not in tags(miner, ("c", "如果有闲钱再说吧"))
    assert ("basic.funds", "idle") not in tags(miner, ("c", "等有闲钱了再说"))
    assert ("basic.funds", "idle") in tags(miner, ("c", "要是以前我就买了，但是现在手里有点闲钱"))


def test_speaker_customer_tags_only_from_customer(miner: Miner) -> None:
    assert ("life.interest", "running") not in tags(miner, ("s", "我平时喜欢跑步"), ("c", "哦这样啊，那挺好"))
    assert ("life.interest", "running") in tags(miner, ("c", "我平时喜欢跑步"))


def test_confirmation_of_staff_question_counts_as_customer(miner: Miner) -> None:
    got = tags(miner, ("s", "您平时是不是喜欢跑步？"), ("c", "对"))
    assert ("life.interest", "running") in got
    assert ("life.interest", "running") not in tags(
        miner, ("s", "您平时是不是喜欢跑步？"), ("c", "不是，我不爱动")
    )


def test_compliance_only_from_staff(miner: Miner) -> None:
    assert ("compliance.violation", "guarantee") in tags(miner, ("s", "这款理财稳赚不赔的，您放心"))
    assert ("compliance.violation", "guarantee") not in tags(miner, ("c", "这款理财稳赚不赔吗"))
    assert ("compliance.violation", "guarantee") not in tags(miner, ("s", "理财非存款，没有稳赚不赔的产品"))


def test_guarantee_about_deposits_is_not_a_violation(miner: Miner) -> None:
    assert ("compliance.violation", "guarantee") not in tags(miner, ("s", "大额存单是存款，保本保息"))
    assert ("compliance.violation", "guarantee") in tags(miner, ("s", "这个理财跟存款一样，保本保息"))


def test_question_required_for_voice_question(miner: Miner) -> None:
    assert ("voice.question", "fees") in tags(miner, ("c", "赎回要手续费吗"))
    assert ("voice.question", "fees") not in tags(miner, ("c", "我知道手续费是千分之五"))


def test_rhetorical_complaint_is_an_evaluation_not_a_question(miner: Miner) -> None:
    got = tags(miner, ("c", "你们理财收益怎么这么低啊"))
    assert ("voice.negative", "product_low_yield") in got
    assert ("voice.question", "yield") not in got


def test_evaluation_of_a_competitor_is_not_voice(miner: Miner) -> None:
    assert ("voice.positive", "service_attitude") in tags(miner, ("c", "你们服务态度很好"))
    assert not any(c.startswith("voice.") for c, _ in tags(miner, ("c", "招行的服务态度很好")))


def test_quoting_an_advert_is_not_the_customer(miner: Miner) -> None:
    assert ("voice.positive", "product_yield") not in tags(miner, ("c", "广告上说你们收益挺高"))
    assert ("voice.positive", "product_yield") in tags(miner, ("c", "你们收益挺高的"))


@pytest.mark.parametrize(
    ("ask", "reply", "expected"),
    [
        ("您一般什么时候方便联系？", "晚上", ("basic.contact_time", "evening")),
        ("这钱是您自己的吗？", "不是，我妈的", ("basic.fund_owner", "other")),
        ("卡里的钱是您本人在管吗", "是的", ("basic.fund_owner", "self")),
        ("您能接受多大风险？", "中等吧", ("pref.risk", "medium")),
        ("您期望收益多少？", "三个点吧", ("pref.yield_expectation", 3.0)),
    ],
)
def test_answer_binding(miner: Miner, ask: str, reply: str, expected: tuple[str, object]) -> None:
    assert expected in tags(miner, ("s", ask), ("c", reply))
    # the same short reply without the question carries nothing
    assert expected not in tags(miner, ("s", "您好，我是小王"), ("c", reply))
    # nor does a long reply that only happens to contain the words late
    long_reply = "这个事情我得回去跟家里人好好商量商量再决定，" + reply
    assert expected not in tags(miner, ("s", ask), ("c", long_reply))


def test_term_answer_binding(miner: Miner) -> None:
    assert ("pref.term", "3m_6m") in tags(miner, ("s", "这笔钱您打算存多久？"), ("c", "半年"))
    assert ("pref.term", "3m_6m") not in tags(miner, ("s", "您好，我是小王"), ("c", "半年"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("年化能到3个点吗", 3.0),
        ("收益至少要4.5%吧", 4.5),
        ("希望有百分之四", 4.0),
        ("年化能到三点五吗", 3.5),
        ("想要3个点5左右的", 3.5),
    ],
)
def test_yield_expectation_numbers(miner: Miner, text: str, value: float) -> None:
    got = [v for c, v in tags(miner, ("c", text)) if c == "pref.yield_expectation"]
    assert got == [value]


def test_stated_yield_is_not_an_expectation(miner: Miner) -> None:
    assert not [
        c for c, _ in tags(miner, ("c", "你们这个收益才2.5%，太低了")) if c == "pref.yield_expectation"
    ]


@pytest.mark.parametrize(
    ("text", "bucket"),
    [
        ("我想存半年左右", "3m_6m"),
        ("存三个月的就行", "le_3m"),
        ("想放两年", "gt_1y"),
        ("90天的有吗", "le_3m"),
        ("一年半以内的", "gt_1y"),
        ("一个月以内的", "le_1m"),
        ("我想买一年期的", "6m_12m"),
    ],
)
def test_durations_map_to_term_buckets(miner: Miner, text: str, bucket: str) -> None:
    assert ("pref.term", bucket) in tags(miner, ("c", text))


@pytest.mark.parametrize("text", ["我三个月前买的", "半年以前买的", "每个月发工资", "2026年开的户"])
def test_durations_that_are_not_terms(miner: Miner, text: str) -> None:
    assert not [c for c, _ in tags(miner, ("c", text)) if c == "pref.term"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("我在工行买了理财", "other_bank"),
        ("我的钱都放余额宝", "third_party"),
        ("在券商开了户炒股", "securities"),
        ("以前买过信托", "trust"),
        ("在保险公司买过年金", "insurance"),
        ("直接在基金公司买的", "fund_company"),
        ("我只在你们行买", "this_bank_only"),
    ],
)
def test_institutions_normalise_to_platform(miner: Miner, text: str, value: str) -> None:
    assert ("basic.platform", value) in tags(miner, ("c", text))


def test_bank_mention_without_investing_is_not_a_platform(miner: Miner) -> None:
    assert ("basic.platform", "other_bank") not in tags(miner, ("c", "工行的卡能绑定吗"))


def test_missing_risk_disclosure_is_conversation_level(miner: Miner) -> None:
    pitch = ("s", "给您推荐一款我们新发的理财，年化三点五")
    assert ("compliance.violation", "missing_risk_disclosure") in tags(miner, pitch, ("c", "哦"))
    disclosed = tags(miner, pitch, ("c", "哦"), ("s", "理财非存款，产品有风险，投资需谨慎"))
    assert ("compliance.violation", "missing_risk_disclosure") not in disclosed
    # a deposit needs no disclosure; the customer saying "risk" discloses nothing
    assert ("compliance.violation", "missing_risk_disclosure") not in tags(
        miner, ("s", "给您推荐一款大额存单")
    )
    said_by_customer = tags(miner, pitch, ("c", "理财有风险吧"))
    assert ("compliance.violation", "missing_risk_disclosure") in said_by_customer


def test_off_book_and_credential_request(miner: Miner) -> None:
    assert ("compliance.violation", "off_book") in tags(miner, ("s", "您直接转到我个人账户就行"))
    assert ("compliance.violation", "credential_request") in tags(miner, ("s", "您把验证码告诉我，我帮您弄"))
    assert ("compliance.violation", "credential_request") not in tags(
        miner, ("s", "千万不要把验证码告诉任何人")
    )


def test_fund_subtype_implies_fund_and_single_valued_keeps_one(miner: Miner) -> None:
    got = tags(miner, ("c", "我喜欢债券基金"))
    assert {("pref.product", "fund_bond"), ("pref.product", "fund")} <= got
    risk = [v for c, v in tags(miner, ("c", "我比较保守"), ("c", "其实中风险也可以")) if c == "pref.risk"]
    assert len(risk) == 1


def test_implied_tags(miner: Miner) -> None:
    got = tags(miner, ("c", "我刚生了宝宝，现在天天喂奶"))
    assert {("life.family", "new_parent"), ("life.family", "has_children")} <= got
    # a new parent is at the parent stage (most annotators)
    assert ("life.stage", "parent") in got
    # an implied single value never overrides one that was said
    got = tags(miner, ("c", "我刚工作两年 刚生了宝宝"))
    assert [v for c, v in got if c == "life.stage"] == ["young_professional"]
    # an implied single value never overrides one that was said
    got = tags(miner, ("c", "我已经退休了，刚当了外婆"))
    assert [v for c, v in got if c == "life.stage"] == ["retired"]
    maturing = tags(miner, ("c", "我在工行的理财下个月到期"))
    assert {("basic.investment", "maturing_elsewhere"), ("basic.platform", "other_bank")} <= maturing


def test_evidence_and_merging(miner: Miner) -> None:
    conv = {
        "id": "x",
        "utterances": [
            {"speaker": "customer", "text": "ＡＰＰ太卡了，我真的不需要"},
            {"speaker": "customer", "text": "不需要，谢谢"},
        ],
    }
    out = {t.code + "=" + str(t.value): t for t in miner.mine(conv)}
    tag = out["objection.refusal=not_needed"]
    assert [(e.utterance, e.text) for e in tag.evidence] == [(0, "不需要"), (1, "不需要")]
    laggy = out["voice.negative=system_laggy"]
    text = conv["utterances"][0]["text"]
    ev = laggy.evidence[0]
    assert text[ev.start : ev.end] == ev.text == "太卡"


ELDERS = ("life.family", "has_elders")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我爸住院了，钱得留着", True),  # weak cue supported by its sentence
        ("这是我妈的卡，她八十多了", True),
        ("我爸喜欢喝茶，你们有送茶叶的活动吗", False),  # a lone weak cue stays below the floor
        ("那都是我妈让我转的", False),
    ],
)
def test_weak_cue_needs_support_to_pass_the_floor(miner: Miner, text: str, expected: bool) -> None:
    assert (ELDERS in tags(miner, ("c", text))) is expected


def test_floor_is_data_and_a_code_may_lower_it(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text("codes:\n  life.family:\n    min_confidence: 0.5\n", encoding="utf-8")
    rules = load_rules([*DEFAULT_PATHS, own])
    assert rules.codes["life.family"].min_confidence == 0.5
    assert rules.codes["life.stage"].min_confidence == 0.7
    assert ELDERS in tags(Miner(rules), ("c", "我爸喜欢喝茶"))


MISSING = ("compliance.violation", "missing_risk_disclosure")


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ((("s", "您这笔钱可以考虑配一点中欧红利混合C"),), True),  # a fund named by type and share class
        ((("s", "这期招商债券C额度不多，您要的话我先帮您留着"),), True),
        ((("s", "您这笔钱可以考虑配一点中欧红利混合C"), ("s", "理财非存款，产品有风险，投资需谨慎")), False),
        ((("s", "这期大额存单额度不多，您要的话我先帮您留着"),), False),  # deposits need no disclosure
    ],
)
def test_recommending_a_named_fund_needs_a_disclosure(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: bool
) -> None:
    assert (MISSING in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("这款理财您放心，肯定不亏，本金保证", "guarantee", True),
        ("定期存款本金不会亏", "guarantee", False),  # a deposit is guaranteed
        ("您把动态码告诉我，我帮您弄", "credential_request", True),
        ("动态码千万不要告诉任何人", "credential_request", False),
        ("合同我们线下签约就行，钱转到我卡上", "off_book", True),
        ("千万别私下交易，都要走行里系统", "off_book", False),
    ],
)
def test_compliance_variants(miner: Miner, text: str, value: str, expected: bool) -> None:
    assert (("compliance.violation", value) in tags(miner, ("s", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("看了 最近忙 过段时间再说吧", True),
        ("我现在在开会，你中午再打吧", False),  # busy now, but says when to call: a contact time
        ("工作日实在没空，周末吧", False),  # a habit, not a refusal
    ],
)
def test_busy_with_a_callback_time_is_no_refusal(miner: Miner, text: str, expected: bool) -> None:
    assert (NO_TIME in tags(miner, ("c", text))) is expected


def test_what_is_read_online_is_quoted(miner: Miner) -> None:
    bad = ("voice.negative", "brand_reputation_bad")
    assert bad not in tags(miner, ("c", "我看网上有人说你们行理财爆雷了"))
    assert bad in tags(miner, ("c", "你们行的理财爆雷了"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我老婆喜欢美容 天天往美容院跑", False),  # the next clause keeps her as its subject
        ("我老婆喜欢逛街，我喜欢美容", True),  # the customer is the subject again
        ("天天往美容院跑，我喜欢美容", True),
    ],
)
def test_third_person_subject_carries_into_a_subjectless_clause(
    miner: Miner, text: str, expected: bool
) -> None:
    assert (("life.interest", "beauty") in tags(miner, ("c", text))) is expected


def test_relatives_and_unnamed_other_banks(miner: Miner) -> None:
    other = ("basic.platform", "other_bank")
    assert other not in tags(miner, ("c", "我表哥在建行买了不少理财"))
    assert other in tags(miner, ("c", "我在建行买了不少理财"))
    rude = ("voice.negative", "service_attitude_bad")
    assert rude not in tags(miner, ("c", "隔壁那家银行服务态度太差了"))
    assert rude in tags(miner, ("c", "你们柜员服务态度太差了"))


def test_own_experience_is_no_praise(miner: Miner) -> None:
    pro = ("voice.positive", "service_professional")
    assert pro not in tags(miner, ("c", "挺专业的，做了很多年了"))
    assert pro in tags(miner, ("c", "你讲得挺专业的，谢谢"))


def test_asking_about_activities_is_no_liking_for_gifts(miner: Miner) -> None:
    gift = ("pref.gift", "yes")
    assert gift not in tags(miner, ("c", "你们这有什么活动吗"))
    assert gift in tags(miner, ("c", "我最喜欢参加你们的活动了"))
    # the staff's question, confirmed by the customer, still counts
    assert gift in tags(miner, ("s", "您平时喜欢参加我们的活动吧？"), ("c", "对对对"))


def test_staff_ignorance_and_short_queues(miner: Miner) -> None:
    novice = ("basic.experience", "novice")
    assert novice not in tags(miner, ("c", "新来的那个客户经理什么都不懂"))
    assert novice in tags(miner, ("c", "我什么都不懂，你给我讲讲"))
    few = ("voice.negative", "branch_few")
    assert few not in tags(miner, ("c", "你们这个网点人不多 挺好"))
    assert few in tags(miner, ("c", "网点太少了，附近都没有"))


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("我已经有自己的理财经理了", ("objection.refusal", "has_advisor"), True),
        ("你们有自己的理财经理吗", ("objection.refusal", "has_advisor"), False),
        ("外面那笔理财下周就到期了", ("basic.investment", "maturing_elsewhere"), True),
        ("送什么东西我都不稀罕", ("pref.gift", "no"), True),
        ("每次来你们都特别热情", ("voice.positive", "service_attitude"), True),
        ("你们银行口碑不太好", ("voice.negative", "brand_reputation_bad"), True),
        ("你们银行口碑不太好吗", ("voice.negative", "brand_reputation_bad"), False),
    ],
)
def test_common_variants(miner: Miner, text: str, tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


def test_channel_answer_and_a_not_a_idioms(miner: Miner) -> None:
    online = ("pref.channel", "online_banking")
    assert online in tags(miner, ("s", "您平时一般在哪里办业务？"), ("c", "网银"))
    assert online not in tags(miner, ("c", "网银"))  # only as the answer to the question
    assert ("voice.negative", "system_laggy") in tags(miner, ("c", "系统动不动就卡死"))


def test_money_already_spent_is_not_committed(miner: Miner) -> None:
    committed = ("objection.refusal", "funds_committed")
    assert committed in tags(miner, ("c", "这钱下个月要还房贷，不能动"))
    assert committed not in tags(miner, ("c", "钱都拿去还房贷了 暂时没钱"))


def test_maturity_elsewhere_is_money_coming_in(miner: Miner) -> None:
    incoming = ("basic.funds", "incoming")
    found = tags(miner, ("c", "在农行存了一笔 那边的定期月底到期"))
    # a maturity elsewhere no longer implies money coming in (annotators split on it)
    assert ("basic.investment", "maturing_elsewhere") in found
    assert incoming in tags(miner, ("c", "我的大额存单下个月到期"))
    assert incoming not in tags(miner, ("c", "我在工行买过理财 已经赎回了"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我在读研，生活费都是家里给的", True),
        ("我还在读，学校下学期才放假", True),
        ("最近在读一本讲资产配置的书", False),
        ("学费加生活费得一年五六十万", False),
    ],
)
def test_school_words_need_a_school(miner: Miner, text: str, expected: bool) -> None:
    assert (("life.stage", "student") in tags(miner, ("c", text))) is expected


def test_a_request_asks_about_what_follows_it(miner: Miner) -> None:
    activity = ("voice.question", "activity")
    assert activity in tags(miner, ("c", "想了解一下你们的礼品"))
    assert activity not in tags(miner, ("c", "我对这些礼品不感兴趣 你说说产品吧"))


def test_indefinite_amounts_and_past_days_ask_nothing(miner: Miner) -> None:
    assert ("voice.question", "term") not in tags(miner, ("c", "前几天还真有人打电话问我要验证码"))
    assert ("voice.question", "term") in tags(miner, ("c", "这个理财要存几天"))
    assert ("voice.question", "yield") not in tags(miner, ("c", "中等的吧 亏个几个点我能接受"))


def test_app_waits_and_clicks_are_not_branch_queues_or_variety(miner: Miner) -> None:
    wait = ("voice.negative", "branch_long_wait")
    assert wait not in tags(miner, ("c", "点转账就卡住 等半天"))
    assert wait in tags(miner, ("c", "在你们网点等半天都没叫到号"))
    variety = ("voice.positive", "product_variety")
    assert variety not in tags(miner, ("c", "找个产品要点好多下"))
    assert variety in tags(miner, ("c", "你们的产品挺多的"))


def test_veto_beats_keep_if(miner: Miner) -> None:
    guarantee = ("compliance.violation", "guarantee")
    assert guarantee not in tags(miner, ("s", "我是咱们行的理财经理小邱，您是比较喜欢保本的产品吧"))
    assert guarantee in tags(miner, ("s", "我是咱们行的理财经理小邱，这款理财是保本的"))
    assert MISSING not in tags(miner, ("s", "我们网点周六有个理财沙龙 讲讲明年的市场"))
    assert MISSING in tags(miner, ("s", "我们网点有个理财 收益挺高 推荐您看看"))


def test_common_refusal_variants(miner: Miner) -> None:
    refusal = "objection.refusal"
    assert (refusal, "no_money") in tags(miner, ("c", "最近手头有点紧 钱都套住了"))
    assert (refusal, "self_research") in tags(miner, ("c", "我回去研究研究"))
    assert (refusal, "has_advisor") in tags(miner, ("c", "我的钱都是亲戚在帮我打理"))
    # a preference threshold or a gym routine is no refusal or complaint about calls
    assert (refusal, "not_needed") not in tags(miner, ("c", "收益太低的我不考虑"))
    assert ("objection.risk", "dislikes_calls") not in tags(miner, ("c", "我每天都打太极"))
    assert ("objection.risk", "dislikes_calls") in tags(miner, ("c", "你们一天到晚打电话 烦不烦"))


def test_doing_something_now_is_no_question(miner: Miner) -> None:
    assert NO_TIME in tags(miner, ("c", "我这会儿忙着呢"))
    assert NO_TIME not in tags(miner, ("c", "你们忙不忙啊"))


def test_comparison_with_other_banks_judges_this_bank(miner: Miner) -> None:
    low = ("voice.negative", "product_low_yield")
    assert low in tags(miner, ("c", "你这利息没别家高"))
    assert low in tags(miner, ("c", "利率比别的银行低"))
    assert low not in tags(miner, ("c", "招行的利息太低了"))


def test_question_variants(miner: Miner) -> None:
    assert ("voice.question", "subscription_redemption") in tags(miner, ("c", "卖了以后钱什么时候能到账"))
    assert ("voice.question", "branch") not in tags(miner, ("c", "讲座几点开始"))


def test_a_held_product_is_no_preference(miner: Miner) -> None:
    insurance = ("pref.product", "insurance")
    assert insurance not in tags(miner, ("c", "前年买了一份重疾险"))
    assert insurance in tags(miner, ("c", "我比较喜欢重疾险这种"))
    assert ("pref.product", "fund_money_market") not in tags(miner, ("c", "货基昨天赎回了"))


def test_guarantee_needs_a_product_not_a_job_title(miner: Miner) -> None:
    guarantee = ("compliance.violation", "guarantee")
    assert guarantee not in tags(miner, ("s", "我是您的专属理财经理 大额存单是保本的"))
    assert guarantee in tags(miner, ("s", "这款理财和存款一样保本"))
    assert guarantee in tags(miner, ("s", "定期利息低 我们有个理财比定期高 保本的"))


def test_common_voice_variants(miner: Miner) -> None:
    assert ("voice.negative", "system_laggy") in tags(miner, ("c", "你们手机银行老是登不进去"))
    assert ("voice.negative", "service_attitude_bad") in tags(miner, ("c", "柜台那个人爱搭不理的"))
    assert ("voice.negative", "complaint") in tags(miner, ("c", "我要找监管部门反映"))
    # 不怎么样 judges, it asks nothing
    assert ("voice.negative", "activity_weak") in tags(miner, ("c", "你们送的礼品不怎么样"))
    # the customer's own ignorance is no verdict on staff; how long money is locked is no liquidity question
    assert ("voice.negative", "service_unprofessional") not in tags(miner, ("c", "我对基金一窍不通"))
    assert ("voice.question", "liquidity") not in tags(miner, ("c", "要放多久才能拿出来"))


def test_more_refusal_variants(miner: Miner) -> None:
    refusal = "objection.refusal"
    assert (refusal, "not_needed") in tags(miner, ("c", "这个我不太感兴趣"))
    assert (refusal, "self_research") in tags(miner, ("c", "理财这块我自己心里有数"))
    assert ("objection.risk", "doubts_identity") in tags(miner, ("c", "你先把工号报一下"))
    # a worry about needing cash later is a liquidity question, not committed money
    assert (refusal, "funds_committed") not in tags(miner, ("c", "中途能取吗 我怕到时候要用钱"))


def test_preference_variants(miner: Miner) -> None:
    assert ("pref.risk", "high") in tags(miner, ("c", "大波动我也扛得住"))
    assert ("pref.yield", "high") in tags(miner, ("c", "我买理财就图收益"))
    assert ("pref.channel", "online_banking") in tags(miner, ("c", "我平时都用网银"))
    assert ("pref.risk", "high") not in tags(miner, ("c", "这个产品波动大吗"))


def test_question_and_praise_variants(miner: Miner) -> None:
    assert ("voice.question", "investment_direction") in tags(miner, ("c", "这只是投债券的吗"))
    assert ("voice.question", "activity") in tags(miner, ("c", "存五万送东西吗"))
    assert ("voice.positive", "praise") in tags(miner, ("c", "你这人真负责"))
    # a statement of what the customer did asks nothing
    assert ("voice.question", "investment_direction") not in tags(miner, ("c", "我以前投了不少债券"))
