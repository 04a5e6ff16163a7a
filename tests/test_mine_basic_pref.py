"""Profile (basic.*) and preference (pref.*) tags: each family with a case that must tag and a trap
that must not, in phrasing that differs from the evaluation conversations."""

from __future__ import annotations

import pytest
from mine_support import tags

from siyu.mine import Miner, load_rules
from siyu.mine.numerals import find_durations, find_percents, term_bucket


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ((("c", "我是帮我妈来存钱的 她走路不方便"),), ("basic.fund_owner", "other")),
        ((("c", "卡是俺女儿的 她在外地上班"),), ("basic.fund_owner", "other")),
        ((("c", "家里的钱都是我爱人管"),), ("basic.fund_owner", "other")),
        ((("s", "您平时都是自己理财吗"), ("c", "对 自己弄")), ("basic.fund_owner", "self")),
        ((("c", "在国信证券开了个户 买点逆回购"),), ("basic.platform", "securities")),
        ((("c", "之前在富国官网直接买过几只"),), ("basic.platform", "fund_company")),
        ((("s", "您在其他平台有理财吗"), ("c", "没有 就这一家")), ("basic.platform", "this_bank_only")),
        ((("c", "去年在建行买了只基金 到现在还亏着三千"),), ("basic.investment", "loss_elsewhere")),
        ((("c", "工行那边有笔理财 下个月就要到期了"),), ("basic.investment", "maturing_elsewhere")),
        ((("c", "你周三下午打过来吧"),), ("basic.contact_time", "afternoon")),
        ((("s", "啥时候给您打电话合适"), ("c", "早上吧 七点多")), ("basic.contact_time", "early_morning")),
        ((("c", "我哪懂这些 你说买啥就买啥"),), ("basic.experience", "novice")),
    ],
)
def test_basic_families(miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, str]) -> None:
    assert expected in tags(miner, *turns)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("我在买菜呢 你晚点打", ("basic.contact_time", "evening")),  # 晚点 = later
        ("周末在家打了一下午牌", ("basic.contact_time", "weekend")),
        ("在中信证券那边有个账户", ("basic.platform", "other_bank")),  # a broker, not the bank
        ("我在券商干了十几年 这些都懂", ("basic.platform", "securities")),  # a job, not an account
        ("你们利率太低了 我要去别的银行存", ("basic.platform", "other_bank")),  # a threat, no money there yet
        ("帮我儿子问问 他想买点理财", ("basic.fund_owner", "other")),
        ("手机上我不会弄 还是去柜台吧", ("basic.experience", "novice")),  # the app, not investing
        ("烘焙小白一个 最近在学做蛋糕", ("basic.experience", "novice")),
        ("上个月信托到期了 钱已经打到你们卡上", ("basic.investment", "maturing_elsewhere")),
    ],
)
def test_basic_traps(miner: Miner, text: str, unexpected: tuple[str, str]) -> None:
    assert unexpected not in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ((("c", "理财我不碰 存款就挺好"),), ("pref.product", "deposit")),
        ((("c", "算了 我还是存钱吧 胆子小"),), ("pref.product", "deposit")),
        ((("c", "想给我爸配个防癌险 他快七十了"),), ("pref.product", "insurance")),
        ((("c", "给我弄个货币基金就行 随时能取"),), ("pref.product", "fund_money_market")),
        ((("c", "我这钱放个两三年都行"),), ("pref.term", "gt_1y")),
        ((("c", "一年以上的也可以"),), ("pref.term", "gt_1y")),
        ((("s", "您想放多久"), ("c", "八九个月吧")), ("pref.term", "6m_12m")),
        ((("c", "年化四厘左右就行"),), ("pref.yield_expectation", 4.0)),
        ((("c", "我也不求多 两个半点以上就ok"),), ("pref.yield_expectation", 2.5)),
        ((("c", "能保本最好 别亏就行"),), ("pref.risk", "principal_protected")),
        ((("c", "风险大点也无所谓 我还年轻"),), ("pref.risk", "high")),
        ((("c", "礼品我不在乎 你就说利息多少"),), ("pref.gift", "no")),
        ((("c", "送的鸡蛋还有吗 俺就图这个"),), ("pref.gift", "yes")),
        ((("c", "以后有事就在app里给我留言"),), ("pref.contact_method", "im")),
        ((("c", "打电话就行 微信我不太看"),), ("pref.contact_method", "phone")),
        ((("c", "那我就用手机银行吧 网点太远"),), ("pref.channel", "mobile_app")),
    ],
)
def test_pref_families(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, object]
) -> None:
    assert expected in tags(miner, *turns)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("你们那个积存金多少钱一克", ("pref.product", "gold")),  # asks a price
        ("你们产品挺全的 存款理财基金黄金都有", ("pref.product", "gold")),  # praises variety
        ("你们银行买基金的申购费打几折", ("pref.product", "fund")),
        ("我那个定投怎么停啊", ("pref.product", "fund")),
        ("你们这个三个月的产品收益多少", ("pref.term", "le_3m")),
        ("十八个月太长了", ("pref.term", "gt_1y")),
        ("你们家理财收益一年不如一年", ("pref.term", "6m_12m")),
        ("我股票型基金能接受 高风险高收益嘛", ("pref.yield", "high")),
        ("这个是保本的吧", ("pref.risk", "principal_protected")),
        ("中等风险吧 太激进的不行", ("pref.risk", "high")),
        ("你们这活动可真多 上周还抽奖", ("pref.gift", "yes")),
        ("最近老有人打电话推销", ("pref.contact_method", "phone")),
        ("企业微信我没装", ("pref.contact_method", "wecom")),
    ],
)
def test_pref_traps(miner: Miner, text: str, unexpected: tuple[str, object]) -> None:
    assert unexpected not in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("text", "bucket"),
    [
        ("两三周", "le_1m"),
        ("一两个礼拜", "le_1m"),
        ("四五个月", "3m_6m"),
        ("八九个月", "6m_12m"),
        ("三五年", "gt_1y"),
        ("十几年", "gt_1y"),
        ("一年以上", "gt_1y"),
        ("半年以上", "6m_12m"),
        ("一年以内", "6m_12m"),
    ],
)
def test_duration_ranges_and_more_than(text: str, bucket: str) -> None:
    found = find_durations(text)
    assert found and term_bucket(found[0].value) == bucket
    # the evidence ends at the unit, so 以上 / 以内 stay readable after it
    assert not text[found[0].start : found[0].end].endswith(("以上", "以内"))


@pytest.mark.parametrize(
    ("text", "value"), [("四厘", 4.0), ("两个半点", 2.5), ("三点左右", 3.0), ("三个点", 3.0)]
)
def test_percent_forms(text: str, value: float) -> None:
    assert [f.value for f in find_percents(text)][:1] == [value]


def test_clock_time_is_no_percent() -> None:
    # 三点 alone (a clock time) is not 3 %: only 三点左右 / 三点以上 are
    assert all(
        f.value != 3.0 or f.unit == "bare" and f.end - f.start == 1 for f in find_percents("下午三点以后")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这张卡是我老丈人的 他让我帮着弄一下", ("basic.fund_owner", "other")),
        ("活期里躺着二十万", ("basic.funds", "idle")),
        ("下个月有笔货款回来", ("basic.funds", "incoming")),
        ("什么时间打都可以", ("basic.contact_time", "anytime")),
        ("我自己就是做基金的", ("basic.experience", "expert")),
        ("想弄点银行理财", ("pref.product", "wealth")),
        ("我这钱三年都不用", ("pref.term", "gt_1y")),
        ("本金一定不能亏", ("pref.risk", "principal_protected")),
        ("我能承受比较大的风险", ("pref.risk", "high")),
    ],
)
def test_more_families(miner: Miner, text: str, expected: tuple[str, object]) -> None:
    assert expected in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("黄金最近涨了好多啊", ("pref.product", "gold")),  # market talk
        ("大额存单起存金额是多少", ("pref.product", "deposit")),  # entry amount asked
        ("保本的产品现在都没了吧", ("pref.risk", "principal_protected")),
        ("你们收益高的产品风险也高吧", ("pref.yield", "high")),
        ("高风险的我可不敢碰", ("pref.risk", "high")),
        ("我人闲着没事干", ("basic.funds", "idle")),  # the customer's time, not money
        ("周末你们开门吗", ("basic.contact_time", "weekend")),
        ("你们的理财什么时候到期", ("basic.investment", "maturing_elsewhere")),
    ],
)
def test_more_traps(miner: Miner, text: str, unexpected: tuple[str, object]) -> None:
    assert unexpected not in tags(miner, ("c", text))


def test_settled_choice_after_a_question() -> None:
    # 还有额度吗 asks, 我想存三年 then chooses: the choice stands
    found = tags(Miner(load_rules()), ("c", "你们三年的大额存单还有额度吗 我想存三年"))
    assert ("pref.product", "deposit") in found and ("pref.term", "gt_1y") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你们有没有半年左右的理财啊", ("pref.product", "wealth")),
        ("一个月的理财还有吗 我就放三周", ("pref.product", "wealth")),
        ("工资一到账就帮我转到理财里", ("pref.product", "wealth")),
        ("基金我可不碰 还是存那个大额存单", ("pref.product", "deposit")),
        ("今天来把定期续上 还是三年", ("pref.product", "deposit")),
    ],
)
def test_wealth_and_deposit_choices(miner: Miner, text: str, expected: tuple[str, object]) -> None:
    assert expected in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("turns", "unexpected"),
    [
        ((("c", "有没有适合我的理财 推荐一下"),), ("pref.product", "wealth")),  # asks for advice
        ((("c", "我妈卡里的钱可以买你们的理财吗"),), ("pref.product", "wealth")),
        # a fact about the past, confirmed
        ((("s", "您之前一直在我们行买理财吧"), ("c", "是的")), ("pref.product", "wealth")),
        ((("c", "电话我经常漏接"),), ("pref.contact_method", "phone")),
        ((("c", "到期了转你们这 你们利率高一点"),), ("pref.yield", "high")),
    ],
)
def test_more_pref_traps(
    miner: Miner, turns: tuple[tuple[str, str], ...], unexpected: tuple[str, object]
) -> None:
    assert unexpected not in tags(miner, *turns)


def test_identity_check_is_no_fund_owner(miner: Miner) -> None:
    # 请问是您本人吗 checks who is on the line; 这张卡是您本人在用吗 asks whose money it is
    assert ("basic.fund_owner", "self") not in tags(miner, ("s", "喂您好 请问是您本人吗"), ("c", "是的"))
    assert ("basic.fund_owner", "self") in tags(miner, ("s", "您这张卡是您本人在用吗"), ("c", "是的"))


def test_hobby_events_are_no_gift_liking(miner: Miner) -> None:
    # 户外活动 / 社区活动 are the customer's pastimes; the bank's events and gifts are what pref.gift is about
    assert ("pref.gift", "yes") not in tags(miner, ("c", "我喜欢户外活动"))
    assert ("pref.gift", "yes") not in tags(miner, ("c", "我平时喜欢参加社区活动"))
    assert ("pref.gift", "yes") in tags(miner, ("c", "你们这个活动我喜欢 有礼品就去"))


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("周末有空就去爬山", ("basic.contact_time", "weekend")),  # a pastime, not a call time
        ("晚上有空就看看书", ("basic.contact_time", "evening")),
        ("下午有时间去跳广场舞", ("basic.contact_time", "afternoon")),
        ("我一般在手机上看新闻", ("pref.channel", "mobile_app")),
        ("我平时都用微信聊天", ("pref.contact_method", "wechat")),
    ],
)
def test_pastimes_are_no_contact_or_channel(miner: Miner, text: str, unexpected: tuple[str, object]) -> None:
    assert unexpected not in tags(miner, ("c", text))
    # the same time said about a call still counts
    assert ("basic.contact_time", "weekend") in tags(miner, ("c", "周末都在家 你周末打给我吧"))


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("我每天早上六点起来跑步", ("basic.contact_time", "early_morning")),
        ("晚上八点以后我一般在家看电视", ("basic.contact_time", "evening")),
        ("我这人就喜欢安安稳稳过日子", ("pref.risk", "steady")),
        ("我喜欢黄金首饰 戴着好看", ("pref.product", "gold")),
    ],
)
def test_daily_life_is_no_profile(miner: Miner, text: str, unexpected: tuple[str, object]) -> None:
    assert unexpected not in tags(miner, ("c", text))


def test_maturity_elsewhere_is_money_coming(miner: Miner) -> None:
    # money maturing at another institution is both a maturity elsewhere and money on its way
    got = tags(miner, ("c", "我在农行有笔定期 下周就到期了 到时候转过来"))
    assert ("basic.investment", "maturing_elsewhere") in got
    assert ("basic.funds", "incoming") in got
    assert ("basic.funds", "incoming") not in tags(miner, ("c", "要是农行那笔到期了 我再考虑"))


def test_bank_event_invitation_accepted(miner: Miner) -> None:
    assert ("pref.gift", "yes") in tags(
        miner, ("s", "下个月我们有个客户沙龙 讲插花的 您来参加吗"), ("c", "插花啊 我挺喜欢的")
    )
    assert ("pref.gift", "yes") in tags(miner, ("c", "你们那个理财讲座记得叫我"))
    # liking alone without an invitation before it is no gift preference
    assert ("pref.gift", "yes") not in tags(miner, ("s", "您平时周末做什么"), ("c", "插花 我挺喜欢的"))


def test_term_said_as_product_kind(miner: Miner) -> None:
    # 两年期的 names the term the customer wants; a rate question about it names none
    assert ("pref.term", "gt_1y") in tags(miner, ("c", "那就还要两年期的"))
    assert ("pref.term", "6m_12m") in tags(miner, ("s", "这次续哪款"), ("c", "还是一年期的"))
    assert not any(c == "pref.term" for c, _ in tags(miner, ("c", "你们三年期的利率是多少")))


def test_platform_kept_despite_low_yield(miner: Miner) -> None:
    # money parked on a platform counts even when the customer complains about its yield
    assert ("basic.platform", "third_party") in tags(miner, ("c", "钱一直放零钱通 收益太低了"))
    assert ("basic.platform", "third_party") not in tags(miner, ("c", "有没有比余额宝高点的"))


def test_channel_answered_for_the_product(miner: Miner) -> None:
    assert ("pref.channel", "mobile_app") in tags(
        miner, ("s", "好的 那您是来网点办还是手机上买"), ("c", "手机上吧")
    )
    assert ("pref.channel", "mobile_app") in tags(miner, ("s", "您平时是在手机银行操作吗"), ("c", "对"))
    assert ("pref.channel", "mobile_app") not in tags(miner, ("s", "您这笔钱打算放多久"), ("c", "手机上吧"))


def test_novice_said_plainly(miner: Miner) -> None:
    assert ("basic.experience", "novice") in tags(miner, ("c", "基金这些我也不懂 你帮我挑个稳的"))
    assert ("basic.experience", "novice") not in tags(miner, ("c", "你们这个app我也不太懂 怎么找不到转账"))


@pytest.mark.parametrize(
    "text",
    [
        "我参加工作才三年 钱不多",  # work tenure
        "我老伴养老金一个月也就三千",  # income per month
        "去年存的三年期是2.6 还没到期",  # an existing deposit's term
    ],
)
def test_durations_that_are_no_term(miner: Miner, text: str) -> None:
    assert not any(c == "pref.term" for c, _ in tags(miner, ("c", text)))
    # a wish for a term beside them still counts
    assert ("pref.term", "3m_6m") in tags(miner, ("c", text), ("c", "这次想放半年的"))


def test_experience_from_admissions_and_jobs(miner: Miner) -> None:
    novice = ("basic.experience", "novice")
    assert novice in tags(miner, ("c", "我就是个刚毕业的小白 什么都不懂"))
    assert novice in tags(miner, ("c", "基金我从来没买过 想先学学"))
    assert novice not in tags(miner, ("c", "烘焙小白一个 啥也不懂"))
    assert novice not in tags(miner, ("c", "我闺女喜欢画画 我是一窍不通"))  # a hobby, not investing
    assert novice not in tags(miner, ("c", "这款我还没买过 想先了解一下"))  # one product
    assert ("basic.experience", "expert") in tags(miner, ("c", "之前在证券公司当过分析师"))
    assert ("basic.experience", "expert") not in tags(miner, ("c", "我女儿在券商做研究员"))
    assert ("basic.experience", "intermediate") in tags(
        miner, ("s", "您对理财有了解吗"), ("c", "一般般吧 买过几次")
    )


@pytest.mark.parametrize(
    ("turns", "unexpected"),
    [
        # doubting or quoting what staff said is no wish of the customer's own
        ((("s", "这款年化能到五个点"), ("c", "真的假的 现在还有五个点的")), ("pref.yield_expectation", 5.0)),
        ((("s", "这款理财保本"), ("c", "真的假的 基金也有保本的")), ("pref.risk", "principal_protected")),
        ((("c", "上回电话里你说是保本的？"),), ("pref.risk", "principal_protected")),
        ((("c", "当时你们说是稳健型的 结果还亏了"),), ("pref.risk", "steady")),
        ((("c", "存款吧 稳当"),), ("pref.risk", "steady")),  # the reason for a deposit
    ],
)
def test_echoes_and_quotes_of_staff(
    miner: Miner, turns: tuple[tuple[str, str], ...], unexpected: tuple[str, object]
) -> None:
    assert unexpected not in tags(miner, *turns)


def test_own_wish_said_to_staff_still_counts(miner: Miner) -> None:
    # 我跟你说 introduces the customer's own wish
    assert ("pref.risk", "steady") in tags(miner, ("c", "我跟你说 我就要稳稳当当的"))
    assert ("pref.risk", "principal_protected") in tags(miner, ("c", "跟你说啊 我只要保本的"))


def test_pitched_product_taken(miner: Miner) -> None:
    assert ("pref.product", "wealth") in tags(
        miner, ("s", "我们这期新发的九个月理财 业绩基准三点一"), ("c", "好 给我留一份")
    )
    assert ("pref.product", "deposit") in tags(miner, ("s", "五年期的大额存单利率两个二"), ("c", "行 买十万"))
    # a wealth product compared with a deposit, or its disclosure, offers no deposit
    assert ("pref.product", "deposit") not in tags(
        miner, ("s", "这款理财跟存款差不多 很稳"), ("c", "行 买十万")
    )
    assert ("pref.product", "wealth") not in tags(
        miner, ("s", "理财产品本来就有波动 您别担心"), ("c", "我买的时候可没人说")
    )


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("你们的基金定投 申购费打几折", ("pref.product", "fund")),
        ("手机银行上能买黄金吗", ("pref.product", "gold")),
        ("被动的那种太保守了 我要主动管理的", ("pref.product", "fund_index")),
        ("京东金融上申购费都一折了", ("basic.platform", "third_party")),
    ],
)
def test_product_questions_and_comparisons(miner: Miner, text: str, unexpected: tuple[str, object]) -> None:
    assert unexpected not in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        # a call the customer received, or the phone they keep silent, is no preference for calls
        ((("c", "上周接到一个电话说是你们行的 让我转账"),), ("pref.contact_method", "phone"), False),
        ((("s", "以后怎么联系您"), ("c", "发短信吧 电话我老静音")), ("pref.contact_method", "phone"), False),
        ((("c", "以后就在这个对话框里发我就行"),), ("pref.contact_method", "im"), True),
        # hearsay about someone else's money, and a job at an insurer, are no platform of the customer's
        ((("c", "我表哥说他在工行买的基金赚了"),), ("basic.platform", "other_bank"), False),
        ((("c", "我以前在保险公司上过班"),), ("basic.platform", "insurance"), False),
        # the spouse manages the money
        ((("c", "家里的钱都是她在打理 你问她吧"),), ("basic.fund_owner", "other"), True),
        ((("c", "这个得问问我老婆 钱都是她在管"),), ("basic.fund_owner", "other"), True),
        ((("c", "我自己的卡在建行 这张是我老婆的"),), ("basic.fund_owner", "self"), False),
    ],
)
def test_contact_platform_owner(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, object], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我一般都去网点办 手机上不放心", ("pref.channel", "branch")),
        ("我只去柜台办业务", ("pref.channel", "branch")),
        ("昨天在你们手机银行上买了个基金", ("pref.channel", "mobile_app")),
        ("重疾险我一直想配一份", ("pref.product", "insurance")),
        ("保险我挺喜欢的 踏实", ("pref.product", "insurance")),
        ("我平时偶尔买些混合的", ("pref.product", "fund_hybrid")),
    ],
)
def test_channel_and_product_wishes(miner: Miner, text: str, expected: tuple[str, object]) -> None:
    assert expected in tags(miner, ("c", text))


def test_online_banking_turned_down(miner: Miner) -> None:
    got = tags(miner, ("s", "您平时用网银还是手机银行"), ("c", "手机银行吧 网银早不用了"))
    assert ("pref.channel", "online_banking") not in got
    assert ("pref.channel", "mobile_app") in got


@pytest.mark.parametrize(
    ("turns", "value"),
    [
        ((("c", "我对那些礼品不太在意"),), "no"),
        ((("c", "我不要那些优惠券 用不上"),), "no"),
        ((("s", "存五万送一袋米"), ("c", "不用了 俺家又不缺米")), "no"),
        ((("s", "这周有个活动 开户送一张购物卡"), ("c", "购物卡挺实用的")), "yes"),
        ((("c", "阿拉老欢喜这种活动额"),), "yes"),
        ((("c", "要是有鸡蛋送那最好了"),), None),  # hypothetical
    ],
)
def test_gift_said_in_other_words(
    miner: Miner, turns: tuple[tuple[str, str], ...], value: str | None
) -> None:
    got = {v for c, v in tags(miner, *turns) if c == "pref.gift"}
    assert got == ({value} if value else set())


def test_yield_expected_after_a_deposit_rate(miner: Miner) -> None:
    assert ("pref.yield_expectation", 2.3) in tags(
        miner, ("s", "五年期的存单现在是1.9%"), ("c", "低了点 能到二点三吗")
    )


def test_money_due_said_in_reply(miner: Miner) -> None:
    incoming = ("basic.funds", "incoming")
    assert incoming in tags(miner, ("s", "您说的那笔货款 到账了吗"), ("c", "还没呢 过几天"))
    assert incoming not in tags(miner, ("s", "您说的那笔货款 到账了吗"), ("c", "到了 已经花了"))


def test_policy_bought_from_insurer_before_a_question(miner: Miner) -> None:
    assert ("basic.platform", "insurance") in tags(
        miner, ("c", "我在保险公司那边也买过两份 你们这个划算吗")
    )
    # the kind alone, echoed in a question, holds nothing
    assert ("basic.platform", "insurance") not in tags(miner, ("c", "年金险啊 收益是写进合同的吗"))


def test_only_this_bank_and_deposit_in_replies(miner: Miner) -> None:
    got = tags(
        miner,
        ("s", "您是不是在别的银行也有理财"),
        ("c", "没有 钱都在你们行"),
        ("s", "那您平时主要买什么"),
        ("c", "就是定期"),
    )
    assert ("basic.platform", "this_bank_only") in got and ("pref.product", "deposit") in got
    # an advisor elsewhere is not asked about money elsewhere
    assert ("basic.platform", "this_bank_only") not in tags(
        miner, ("s", "您在别的银行也有理财经理吧"), ("c", "没有")
    )


def test_time_when_not_busy(miner: Miner) -> None:
    assert ("basic.contact_time", "evening") in tags(miner, ("c", "现在在忙 晚上就不忙了 你再打"))
    assert ("basic.contact_time", "afternoon") not in tags(miner, ("c", "下午不忙的时候我自己去网点"))


def test_pitched_fund_or_policy_taken(miner: Miner) -> None:
    got = tags(miner, ("s", "这只沪深300指数基金费率很低 历史表现也不错"), ("c", "行 那我买点"))
    assert ("pref.product", "fund_index") in got and ("pref.product", "fund") in got
    assert ("pref.product", "insurance") in tags(
        miner, ("s", "这款医疗险一年三百多 保障挺全"), ("c", "好 给我来一份")
    )
    # the disclosure alone offers nothing; a refusal takes nothing
    assert ("pref.product", "fund") not in tags(miner, ("s", "基金有风险 投资需谨慎"), ("c", "好 我买点"))
    assert ("pref.product", "insurance") not in tags(
        miner, ("s", "这款医疗险一年三百多"), ("c", "算了 不要了")
    )


@pytest.mark.parametrize(
    ("turns", "value"),
    [
        ((("c", "我就爱这些小福利 有了记得发我"),), "yes"),
        ((("s", "周六我们有个观影活动"), ("c", "有就发我")), "yes"),
        ((("c", "送的那些杯子毛巾我都不要"),), "no"),
        ((("c", "别给我发那些抽奖的 没兴趣"),), "no"),
        ((("s", "周六我们有个观影活动"), ("c", "我要上班")), None),
    ],
)
def test_gift_liking_and_refusal(
    miner: Miner, turns: tuple[tuple[str, str], ...], value: str | None
) -> None:
    got = {v for c, v in tags(miner, *turns) if c == "pref.gift"}
    assert got == ({value} if value else set())


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        ((("c", "不用了 我在交行有专属的理财经理"),), True),
        ((("s", "您好 我是建行的客户经理小王"), ("c", "嗯")), False),  # the caller introduces themselves
        ((("c", "农行的理财经理天天打电话推销 烦死了"),), False),
        ((("c", "你同事说邮储的理财真有那么好吗"),), False),
    ],
)
def test_advisor_at_another_bank(miner: Miner, turns: tuple[tuple[str, str], ...], present: bool) -> None:
    assert (("basic.platform", "other_bank") in tags(miner, *turns)) is present


def test_broker_named_in_reply(miner: Miner) -> None:
    assert ("basic.platform", "securities") in tags(miner, ("s", "那您是在哪家券商开的户"), ("c", "中信建投"))
    assert ("basic.platform", "securities") in tags(miner, ("c", "我在华泰开了户 也看看研报"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我买基金就图个收益高", ("pref.yield", "high")),
        ("礼品不用 把利息给我弄高点就行", ("pref.yield", "high")),
        ("我就要本金不亏 别的无所谓", ("pref.risk", "principal_protected")),
        ("太稳的没意思 能接受个中等的", ("pref.risk", "medium")),
        ("偏股的就行 波动大点没事", ("pref.risk", "high")),
    ],
)
def test_yield_and_risk_phrasings(miner: Miner, text: str, expected: tuple[str, object]) -> None:
    assert expected in tags(miner, ("c", text))


def test_term_of_a_holding_or_a_picked_product(miner: Miner) -> None:
    # a holding described around the number is no wish
    assert not any(c == "pref.term" for c, _ in tags(miner, ("c", "我在券商那边也有一笔 两年期的 后年到期")))
    # the product picked by its term is wanted, unless only asked about
    assert ("pref.term", "le_1m") in tags(miner, ("c", "你们那个十四天的还能买吗"))
    assert not any(c == "pref.term" for c, _ in tags(miner, ("c", "想问一下那个三十天的 收益怎么算")))


def test_pitch_words_about_maturity_and_deposit_insurance(miner: Miner) -> None:
    # 到期连本带息 describes the pitched product; 存款保险 protects the pitched deposit
    assert ("pref.product", "wealth") in tags(
        miner, ("s", "这款理财一年期 到期连本带息一起给您"), ("c", "行 那我先买五万")
    )
    assert ("pref.product", "deposit") in tags(
        miner, ("s", "这个是定期存款 受存款保险保护"), ("c", "好 买十万")
    )
    # the customer's own product maturing is no pitch
    assert ("pref.product", "wealth") not in tags(
        miner, ("s", "您那笔理财到期了 钱回到卡上了"), ("c", "好 我买点别的")
    )


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("五年的大额存单多少起", ("pref.product", "deposit")),  # a question
        ("我在农行还有个大额存单 下周到", ("pref.product", "deposit")),  # held elsewhere
        ("我好几个朋友都在你们这存定期", ("pref.product", "deposit")),
        ("增额寿啊 收益真能写进合同吗", ("pref.product", "insurance")),  # echoes the pitch
        ("泰康的年金险我每年都交", ("pref.product", "insurance")),  # a policy held
        ("我在京东金融上买过几只指数基金", ("pref.product", "fund_index")),
        ("债券基金股票基金都买过", ("pref.product", "fund_equity")),
        ("买金条送金豆是真的假的", ("pref.product", "gold")),
    ],
)
def test_products_asked_held_or_echoed(miner: Miner, text: str, unexpected: tuple[str, object]) -> None:
    assert unexpected not in tags(miner, ("c", text))


def test_echo_then_interest_in_insurance(miner: Miner) -> None:
    assert ("pref.product", "insurance") in tags(miner, ("c", "保险啊 我对保险还挺感兴趣的"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("亏怕了 啥都不敢碰了 就存钱", ("pref.product", "deposit")),
        ("俺就晓得存定期 别的不懂", ("pref.product", "deposit")),
        ("定期两年的吧 给孩子存着", ("pref.product", "deposit")),
        ("大额存单给我留五十万", ("pref.product", "deposit")),
        ("我每月定投一点中证500", ("pref.product", "fund")),
        ("有好的债券基精推荐一下", ("pref.product", "fund_bond")),
        ("基金我不喜欢 我就爱攒点金子", ("pref.product", "gold")),
    ],
)
def test_more_product_wishes(miner: Miner, text: str, expected: tuple[str, object]) -> None:
    assert expected in tags(miner, ("c", text))


def test_gold_dislike_in_its_own_clause(miner: Miner) -> None:
    assert ("pref.product", "gold") not in tags(miner, ("c", "存款就行 黄金我不碰"))


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("c", "我在人寿那边有个年金险 明年满期"),), ("basic.investment", "maturing_elsewhere"), True),
        ((("c", "之前在信托那边踩了雷 本金还没兑付"),), ("basic.investment", "loss_elsewhere"), True),
        ((("c", "股票基金都玩过几年 半懂吧"),), ("basic.experience", "intermediate"), True),
        ((("c", "我是研究员出身 这些不用讲"),), ("basic.experience", "expert"), True),
        ((("c", "晚上我打打游戏 理财我从来没研究过"),), ("basic.experience", "novice"), True),
        ((("c", "我对游戏一窍不通"),), ("basic.experience", "novice"), False),
        ((("c", "家里的钱都是我老婆在管"),), ("basic.fund_owner", "other"), True),
        ((("c", "这钱是自个儿的养老钱"),), ("basic.fund_owner", "self"), True),
        ((("c", "晚上七点以后我都在家 可以聊"),), ("basic.contact_time", "evening"), True),
        ((("c", "你上午打吧 下午我都在车间 听不到"),), ("basic.contact_time", "afternoon"), False),
        ((("c", "白天开会 中午我会看消息"),), ("basic.contact_time", "noon"), True),
        ((("c", "资料你先发我 晚上我会看看"),), ("basic.contact_time", "evening"), False),
    ],
)
def test_profile_phrasings(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, object], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("以后就在app里聊吧 电话不方便", ("pref.contact_method", "im")),
        ("不用打电话了 企业微信上说就行", ("pref.contact_method", "wecom")),
        ("我不会弄手机 都是跑柜台来办", ("pref.channel", "branch")),
        ("手机上刷脸就能买 不用跑网点", ("pref.channel", "mobile_app")),
        ("在手机上弄就行 我请不了假", ("pref.channel", "mobile_app")),
    ],
)
def test_contact_and_channel_phrasings(miner: Miner, text: str, expected: tuple[str, object]) -> None:
    assert expected in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("text", "bucket"),
    [
        ("这笔钱两个月后要用", "le_3m"),
        ("我这钱半年以内就要用", "3m_6m"),
        ("期限91天的可以", "le_3m"),
        ("182天的那款也行", "3m_6m"),
    ],
)
def test_time_until_money_is_needed_is_the_term(miner: Miner, text: str, bucket: str) -> None:
    assert ("pref.term", bucket) in tags(miner, ("c", text))


def test_later_is_no_term(miner: Miner) -> None:
    assert not any(c == "pref.term" for c, _ in tags(miner, ("c", "三个月后再说吧")))
    found = find_durations("一个月内就要用")
    assert found and "一个月内就要用"[found[0].start : found[0].end] == "一个月内"


def test_money_arriving_in_other_words(miner: Miner) -> None:
    incoming = ("basic.funds", "incoming")
    assert incoming in tags(miner, ("c", "月底有笔钱到账 到时候再找你"))
    assert incoming in tags(miner, ("c", "货款下个月能回来一百多万"))
    assert incoming not in tags(miner, ("c", "要是有笔钱到账我再考虑"))


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("加我个人微信吧 企业微信我很少登", ("pref.contact_method", "wecom")),
        ("我那个半年的理财到期了 钱啥时候到", ("pref.term", "3m_6m")),
        ("你们那个新发的一年期理财收益多少", ("pref.term", "6m_12m")),
        ("这个基金亏不亏的啊", ("pref.risk", "principal_protected")),
        ("你们经理当时说肯定不会亏的", ("pref.risk", "principal_protected")),
        ("稳健的我看不上 要就要高收益的", ("pref.risk", "steady")),
        ("定期到期了 今天来转存", ("basic.funds", "incoming")),
    ],
)
def test_holdings_quotes_and_dismissals(miner: Miner, text: str, unexpected: tuple[str, object]) -> None:
    assert unexpected not in tags(miner, ("c", text))


def test_gift_had_before_praised(miner: Miner) -> None:
    assert ("pref.gift", "yes") in tags(miner, ("c", "去年存款送的那个电饭煲挺实在的"))
    assert ("pref.gift", "yes") not in tags(miner, ("c", "你们送的那个杯子一点都不实在"))


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("c", "股票我是再也不碰了 以后只存定期"),), ("pref.product", "deposit"), True),
        ((("s", "存五万送一桶油"), ("c", "那我明天过来存")), ("pref.product", "deposit"), True),
        ((("c", "我过来存个钱 人也太多了"),), ("pref.product", "deposit"), False),
        ((("c", "有没有那种给老人的医疗保险"),), ("pref.product", "insurance"), True),
        ((("c", "有啥好的保险推荐吗"),), ("pref.product", "insurance"), False),
        ((("c", "想找个好的基金经理管的 别给我指数的"),), ("pref.product", "fund_active"), True),
    ],
)
def test_deposit_policy_and_active_fund_wishes(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, object], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


def test_maturity_next_year_is_not_soon(miner: Miner) -> None:
    maturing = ("basic.investment", "maturing_elsewhere")
    assert maturing not in tags(miner, ("c", "我在工行还有一笔理财 明年到期"))
    assert maturing in tags(miner, ("c", "我在工行还有一笔理财 月底到期"))


def test_income_needs_a_time_to_be_due(miner: Miner) -> None:
    incoming = ("basic.funds", "incoming")
    assert incoming not in tags(miner, ("c", "手头紧 等发了年终奖再说"))
    assert incoming in tags(miner, ("c", "手头紧 月底发了工资再说"))


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("上午吧", ("basic.contact_time", "morning"), False),  # only an answer to a staff question
        ("下午吧 我去网点办一下", ("basic.contact_time", "afternoon"), False),
        ("我全职带娃 家里的钱都是我爱人在管", ("basic.fund_owner", "other"), True),
        ("指数基精我不太懂 你给讲讲", ("basic.experience", "novice"), True),
    ],
)
def test_more_profile_phrasings(miner: Miner, text: str, expected: tuple[str, object], present: bool) -> None:
    assert (expected in tags(miner, ("c", text))) is present


def test_liking_before_a_question_about_the_event(miner: Miner) -> None:
    assert ("pref.gift", "yes") in tags(miner, ("s", "下周有个茶艺沙龙"), ("c", "我最喜欢这种活动了 几点"))
    assert ("pref.gift", "yes") not in tags(miner, ("c", "你们最喜欢这种活动吧？"))


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("我只要纯固收的 有股票的不买", ("pref.product", "fund_bond")),  # 固收 is as often a wealth product
        ("买个基金要跳七八个页面 还老闪退", ("pref.product", "fund")),
        ("这只偏债混合风险等级多少", ("pref.product", "fund_hybrid")),
        ("我儿子叫我买那个 ETF 是啥东西", ("pref.product", "fund_index")),
        ("指数的我不太想加了 换个主动的", ("pref.product", "fund_index")),
        ("平时都在天天基金的app上买", ("pref.channel", "mobile_app")),
    ],
)
def test_fund_questions_complaints_and_other_apps(
    miner: Miner, text: str, unexpected: tuple[str, object]
) -> None:
    assert unexpected not in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("有事你晚上给我打电话 白天看不了手机", ("pref.contact_method", "phone"), True),
        ("你周六打我电话提醒我一下", ("pref.contact_method", "phone"), False),
        ("每天早上六点起来跑步", ("basic.contact_time", "early_morning"), False),
        ("你们网点多 出门在外取钱都方便", ("basic.contact_time", "anytime"), False),
        ("网上那些我弄不明白 还是来柜台", ("basic.experience", "novice"), False),
    ],
)
def test_calls_times_and_channels_in_context(
    miner: Miner, text: str, expected: tuple[str, object], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


def test_privacy_reply_is_no_owner(miner: Miner) -> None:
    got = tags(miner, ("s", "您这边的账户是本人使用吗"), ("c", "我的信息你们怎么都知道"))
    assert ("basic.fund_owner", "self") not in got


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ((("c", "这钱三四年都用不上 放长点"),), ("pref.term", "gt_1y")),
        ((("c", "半年内应该用不到"),), ("pref.term", "3m_6m")),
        ((("c", "我就存个定期 本钱不能少"),), ("pref.risk", "principal_protected")),
        ((("c", "不保本啊 那算了 我要本金不会少的"),), ("pref.risk", "principal_protected")),
    ],
)
def test_free_for_a_while_and_principal_kept(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, object]
) -> None:
    assert expected in tags(miner, *turns)


def test_money_with_no_plan_is_idle(miner: Miner) -> None:
    idle = ("basic.funds", "idle")
    assert idle in tags(miner, ("c", "那是拆迁款 还没想好放哪"))
    assert idle not in tags(miner, ("c", "还没想好怎么弄 这钱下个月要还贷款"))


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        ((("s", "您这笔钱现在是闲着的吧"), ("c", "对 闲着呢")), True),
        ((("c", "什么时候打都行 我退休在家 闲着呢"),), False),  # the customer's time
        ((("c", "闲钱啊 要是有闲钱我早买了 现在哪有啊"),), False),
        ((("c", "都交首付了 一分闲钱都没有"),), False),
    ],
)
def test_idle_money_or_idle_time(miner: Miner, turns: tuple[tuple[str, str], ...], present: bool) -> None:
    assert (("basic.funds", "idle") in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("s", "这只平衡型的波动适中"), ("c", "混合的也行 别太多")), ("pref.product", "fund_hybrid"), True),
        ((("c", "债券的可以 我图个稳"),), ("pref.product", "fund_bond"), True),
        ((("c", "股票型的也可以 我扛得住"),), ("pref.product", "fund_equity"), True),
        ((("c", "混合的可以吗 会不会亏"),), ("pref.product", "fund_hybrid"), False),  # asks
    ],
)
def test_fund_kind_taken_in_reply(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "value", "present"),
    [
        ("去年你们送那个电饭煲挺好用的 今年还有啥送的没", "yes", True),  # praised, then asked about again
        ("朋友说你们开户送京东卡 送的话我就在你们这开了", "yes", True),  # a purchase made for the gift
        ("你们送的那个杯子好用吗", "yes", False),
        ("你们那些赠品我都不要 别老打电话", "no", True),
        ("我姐说送的那个杯子挺好用", "yes", False),  # someone else's view
    ],
)
def test_gift_praised_wanted_or_turned_down(miner: Miner, text: str, value: str, present: bool) -> None:
    assert (("pref.gift", value) in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        ((("c", "你们利息比工行的高点 我工行那边的月底到期 到时候挪过来"),), True),
        ((("s", "您在别的银行有理财吗"), ("c", "有 农行有一笔 年底到")), True),
        ((("c", "别跟我推销了 之前在交行买的基金亏了一万多"),), True),
        ((("c", "我家那口子在农行买了个理财 亏了不少"),), False),  # someone else's
        ((("c", "朋友在招行存的定期 下个月到期"),), False),
    ],
)
def test_holding_at_another_bank(miner: Miner, turns: tuple[tuple[str, str], ...], present: bool) -> None:
    assert (("basic.platform", "other_bank") in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("你讲的这些基金啊债券啊我是真不懂", True),
        ("我不是很了解这些 你帮我选个合适的", True),
        ("你说的这些我听不懂 信号不好", False),  # the line, not the products
    ],
)
def test_not_understanding_what_staff_listed(miner: Miner, text: str, present: bool) -> None:
    assert (("basic.experience", "novice") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "value", "present"),
    [
        ("净值波动一点没关系 收益要比存款强", "medium", True),
        ("哪怕有点波动也没关系 别亏太多就行", "medium", True),
        ("我可以接受波动 但别太吓人", "medium", True),
        ("假如有点波动也行吗", "medium", False),  # asks
        ("阿拉本钿要保牢 利息少点不要紧", "principal_protected", True),
    ],
)
def test_bounded_swings_and_principal_in_dialect(miner: Miner, text: str, value: str, present: bool) -> None:
    assert (("pref.risk", value) in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("抽奖那些别发了 我只看收益", True),
        ("建行也在找我 看谁家给的利息高", True),
        ("那就存五年的吧 利息高一点", False),  # why this term, not a wish for high yields
    ],
)
def test_yield_the_only_thing_that_counts(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.yield", "high") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("看到群里说你们有款理财年化5% 是真的吗", False),  # a rumour checked
        ("四个点的我看不上 要买就买收益高的", False),  # the figure turned down
        ("我想要年化5%左右的", True),
    ],
)
def test_figure_checked_or_turned_down(miner: Miner, text: str, present: bool) -> None:
    got = [v for c, v in tags(miner, ("c", text)) if c == "pref.yield_expectation"]
    assert bool(got) is present


def test_money_needed_maybe_then_still_gives_the_term(miner: Miner) -> None:
    assert ("pref.term", "3m_6m") in tags(miner, ("c", "一年太久了 我这钱可能半年后要用"))
    assert ("pref.term", "3m_6m") not in tags(miner, ("c", "可能半年前买的吧 记不清了"))


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("钱也就够花 平时在零钱通放一点", True),  # 也就 about the wage, not the platform
        ("三个点一般 我支付宝里有快四个点的", True),
        ("余额宝那收益也就一点几 太低了", False),
        ("现金管理是啥 跟零钱通一样吗", False),  # what a product is like
    ],
)
def test_money_kept_on_a_payment_platform(miner: Miner, text: str, present: bool) -> None:
    assert (("basic.platform", "third_party") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("我反正就在你们一家买 别处不去", True),
        ("别的银行都没你们这么慢", False),  # a comparison, not where the money is
    ],
)
def test_only_this_bank_or_a_comparison(miner: Miner, text: str, present: bool) -> None:
    assert (("basic.platform", "this_bank_only") in tags(miner, ("c", text))) is present


def test_a_government_bond_is_no_deposit(miner: Miner) -> None:
    assert ("pref.product", "deposit") not in tags(miner, ("c", "这回想买点储蓄国债"))
    assert ("pref.product", "deposit") in tags(miner, ("c", "我还是存定期吧"))


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("存款那点利息我看不上 要买就买股票型的", ("pref.product", "fund_equity"), True),
        ("我想要股票仓位高的那种 弹性大", ("pref.product", "fund_equity"), True),
        ("我只买债基 股票型的波动太大了", ("pref.product", "fund_equity"), False),
        ("这两天大跌 我还想再补点中证五百", ("pref.product", "fund_index"), True),
        ("以后有新的沪深300的产品通知我一下", ("pref.product", "fund_index"), True),
        ("指数基金我不想加了", ("pref.product", "fund_index"), False),
        ("你们的纸黄金在哪买 我想每个月攒点", ("pref.product", "gold"), True),
        ("你们的积存金买有没有优惠", ("pref.product", "gold"), False),
    ],
)
def test_fund_kinds_and_gold_wanted(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("我爸不会弄手机 到时候我带他去网点办", ("pref.channel", "branch"), False),  # his channel
        ("我都是去网点办 当面踏实", ("pref.channel", "branch"), True),
        ("刚用手机银行买了个理财 挺快的", ("pref.channel", "mobile_app"), False),  # one purchase
        ("我平时都用手机银行 不跑网点", ("pref.channel", "mobile_app"), True),
        ("基金那点东西我比你们懂", ("pref.gift", "no"), False),
    ],
)
def test_channel_habits_and_gift_words(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("我帮我爸问问 他卡里的定期下礼拜到期", True),
        ("这是帮我儿子问的 钱在他那张卡上 我帮他管", True),
        ("我帮我女儿问的 她想办张卡 要带什么", False),  # a card to open, no money of theirs
    ],
)
def test_asking_for_a_relative_about_their_money(miner: Miner, text: str, present: bool) -> None:
    assert (("basic.fund_owner", "other") in tags(miner, ("c", text))) is present


def test_offered_gift_liked_before_a_question(miner: Miner) -> None:
    offer = ("s", "这个月存五万送一箱鸡蛋 您感兴趣吗")
    assert ("pref.gift", "yes") in tags(miner, offer, ("c", "鸡蛋啊 这个我喜欢 上次那个油也是你们送的吧"))
    pitch = ("s", "这款理财年化三点二 您看看")  # no gift or event offered
    assert ("pref.gift", "yes") not in tags(miner, pitch, ("c", "这个我喜欢 上次那个也是你们的吧"))


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("就在这儿聊挺好的 别加我微信了", ("pref.contact_method", "im"), True),
        ("有事在这个app里跟我说就行", ("pref.contact_method", "im"), True),
        ("有事在这个app里跟我说就行", ("pref.channel", "mobile_app"), False),  # the chat, not where to buy
        ("那我就柜台买吧 手机上我不放心", ("pref.channel", "branch"), True),
        ("那我就柜台买吧 手机上我不放心", ("pref.channel", "mobile_app"), False),
    ],
)
def test_chatting_here_and_the_counter(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("那些赠品就算了 直接给我利息高点就行", True),
        ("说到底收益高才是王道", True),
        ("你们利率高点就行吗", False),  # asks about this bank's rate
    ],
)
def test_high_yield_said_plainly(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.yield", "high") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("想找那种股票债券都有一点的基金 别太刺激", ("pref.product", "fund_hybrid"), True),
        ("股债平衡的那种 我能接受", ("pref.product", "fund_hybrid"), True),
        ("股债都有的那种我买过 亏了", ("pref.product", "fund_hybrid"), False),
        ("我买基金主要靠基金经理", ("pref.product", "fund_active"), True),
    ],
)
def test_fund_kind_described(miner: Miner, text: str, expected: tuple[str, str], present: bool) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("你们货币基金现在七日年化多少 我想把零钱放进去", True),
        ("你们那个货币基金七日年化多少", False),  # a question only
        ("货币基金收益多少 我已经赎回了", False),
    ],
)
def test_money_market_asked_with_a_wish(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.product", "fund_money_market") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("不好意思 问个小白问题 定投和理财有啥区别", True),  # 不好意思 is no 什么意思
        ("我老婆是炒股的 我自己啥都不懂", True),
        ("你这话啥意思 我听不懂", False),
    ],
)
def test_beginner_questions(miner: Miner, text: str, present: bool) -> None:
    assert (("basic.experience", "novice") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("以前一直存定期 现在利息太低 想换成基金", ("pref.product", "deposit"), False),  # a habit left behind
        ("无所谓 随便吧 存着就行", ("pref.product", "deposit"), False),
        ("我一直存定期 就认这个", ("pref.product", "deposit"), True),
        ("开大额存单要预约吗", ("pref.product", "deposit"), False),
        ("这个在网点还是手机上买", ("pref.channel", "mobile_app"), False),  # asks which
    ],
)
def test_habits_left_questions_and_indifference(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("你们代销的指数基金管理费多少", ("pref.product", "fund_index"), False),  # a fee question
        ("定投指数的那种吗 我没买过", ("pref.product", "fund_index"), False),  # the suggestion echoed
        ("我就喜欢主动管理的 能跑赢指数的那种", ("pref.product", "fund_index"), False),
        ("主动管理的经理老换人 我现在只买指数基金", ("pref.product", "fund_active"), False),
        ("主动管理的经理老换人 我现在只买指数基金", ("pref.product", "fund_index"), True),
        ("那本讲基金的书我看得半懂不懂", ("basic.experience", "intermediate"), False),
    ],
)
def test_fund_kinds_named_but_not_wanted(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "value", "present"),
    [
        ("你们活动真多 我天天来薅羊毛", "yes", True),
        ("你们活动真多 每周都有新的", "yes", False),  # praise of the bank's events only
        ("我妈天天来薅羊毛", "yes", False),  # someone else
        ("那些送油的活动我就不参加了 太麻烦", "no", True),
    ],
)
def test_wool_gathering_and_events_skipped(miner: Miner, text: str, value: str, present: bool) -> None:
    assert (("pref.gift", value) in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("c", "我去网点吧 手机上弄我怕按错"),), ("pref.channel", "mobile_app"), False),
        ((("c", "我以前就只存过定期 现在想试试理财"),), ("pref.product", "deposit"), False),
        ((("s", "您可以考虑我们的定期"), ("c", "行 定期挺好")), ("pref.product", "deposit"), True),
        ((("c", "货基和债基啥区别 上次没讲清楚"),), ("pref.product", "fund_bond"), False),
    ],
)
def test_fears_pasts_and_questions(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    "text",
    [
        "在别的银行买的基金到现在还亏着百分之二十",  # a loss held
        "上次那个理财年化到了3.8 挺满意",  # a yield earned
        "我在别的地方能拿到三点五",  # elsewhere's rate
        "广告上看到你们有个产品年化6% 真的假的",
    ],
)
def test_figures_that_are_no_expectation(miner: Miner, text: str) -> None:
    assert not [v for c, v in tags(miner, ("c", text)) if c == "pref.yield_expectation"]


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("债基我比较喜欢 比股票基金稳", ("pref.product", "fund_equity"), False),  # a comparison
        ("我在基金公司app上定投了几只", ("pref.product", "fund"), False),  # held elsewhere
        ("指数基金啊 别人都说指数基金好", ("pref.product", "fund_index"), False),  # echo and hearsay
        ("指数的是买啥的", ("pref.product", "fund_index"), False),
        ("我倒不是非要高收益 稳就行", ("pref.yield", "high"), False),
        ("我信不过信托", ("basic.platform", "trust"), False),
        ("收益还行 比我存在农行强", ("basic.platform", "other_bank"), False),
        ("货币基金那种我喜欢 余额宝也是这种", ("basic.platform", "third_party"), False),
    ],
)
def test_comparisons_echoes_and_distrust(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("别老给我打电话了 烦不烦 有事发短信", True),  # 烦 is about the calls
        ("我天天开会 有什么发短信给我", True),
        ("电话别打 短信也行", True),
        ("你们天天发短信推销 烦死了", False),  # the texts themselves
    ],
)
def test_texts_wished_beside_complaints_about_calls(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.contact_method", "sms") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("我在工行那边还有一张大额存单 也是这个月底到", True),
        ("回款下礼拜到 多少还不知道", False),  # income, held nowhere
        ("建行那边的工资下个月到账", False),
    ],
)
def test_maturity_said_without_daoqi(miner: Miner, text: str, present: bool) -> None:
    assert (("basic.investment", "maturing_elsewhere") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("偏股的就行 主要想搏一下收益", True),
        ("弹性大点好 亏了我认", True),
        ("这只弹性大吗", False),
    ],
)
def test_going_for_the_upside(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.yield", "high") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("本金别亏太多就行 我年纪大了", ("pref.risk", "steady"), True),
        ("本金别亏太多就行 我年纪大了", ("pref.risk", "principal_protected"), False),
        ("买个偏债的吧 回撤不要太大", ("pref.risk", "steady"), True),
        ("我这人胆小 风险承受能力比较低", ("pref.risk", "steady"), True),
        ("股票那种我可不要 大起大落的我受不了", ("pref.risk", "steady"), True),
        ("中风险我能接受 就是别亏太多", ("pref.risk", "steady"), False),  # the bound of a medium appetite
        ("风险高一点没事 收益要上去", ("pref.risk", "high"), True),
        ("回撤大一点没事 我拿得住", ("pref.risk", "high"), True),
    ],
)
def test_bounded_and_shrugged_off_losses(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("c", "要买就买能涨得猛的 股票型的给我来点"),), ("pref.product", "fund_equity"), True),
        ((("c", "股票型的最近涨得挺好 不过我不买"),), ("pref.product", "fund_equity"), False),
        ((("c", "债基我看不上 要买就买主动型的"),), ("pref.product", "fund_active"), True),
        ((("c", "指数我不碰 要买就买偏股的"),), ("pref.product", "fund_equity"), True),
        ((("c", "我想定投那种跟着指数走的 省心"),), ("pref.product", "fund_index"), True),
        ((("c", "那种就是跟着指数走 没意思"),), ("pref.product", "fund_index"), False),
        ((("s", "有一只偏股型的 波动大一些"), ("c", "我就要这种")), ("pref.product", "fund_equity"), True),
    ],
)
def test_fund_kinds_chosen_and_described(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        ((("s", "您那笔存款今天到期了 要不要看看我们半年期的理财"), ("c", "行 那我买半年的")), True),
        ((("s", "您的理财今天到期了 还买半年期的理财吗"), ("c", "行 那我买")), True),  # renewed
        ((("s", "您的理财今天到期了 还买半年期的理财吗"), ("c", "不买了")), False),
    ],
)
def test_wealth_pitched_after_a_deposit_matured(
    miner: Miner, turns: tuple[tuple[str, str], ...], present: bool
) -> None:
    assert (("pref.product", "wealth") in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("孙女满月了 想给她存点压岁钱", True),
        ("俺就想把钱存死了 到时候给孙子用", True),
        ("我就存个钱 别的不弄", True),
        ("压岁钱都让孩子花完了", False),
    ],
)
def test_savings_kept_in_a_deposit(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.product", "deposit") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("我还是来网点吧 手机上我弄不明白", ("pref.channel", "branch"), True),
        ("俺就来柜台 当面办", ("pref.channel", "branch"), True),
        ("我今天就来柜台问问", ("pref.channel", "branch"), False),
        ("行 我回头在网上银行自己买", ("pref.channel", "online_banking"), True),
        ("我都在手机上操作 跑柜台太麻烦", ("pref.channel", "mobile_app"), True),
        ("手机上操作太麻烦 步骤一堆", ("pref.channel", "mobile_app"), False),
        ("我主要在工行那边 你们这就存了一点", ("basic.platform", "other_bank"), True),
        ("我在中信有个离财经理 一直是她帮我弄", ("basic.platform", "other_bank"), True),
        ("你们网点主要在哪 建行那边的吗", ("basic.platform", "other_bank"), False),
    ],
)
def test_own_ways_of_banking_said_in_passing(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("c", "一年左右吧 收益能有三个半左右就行"),), ("pref.yield_expectation", 3.5), True),
        ((("c", "这个要放三个半月吧"),), ("pref.yield_expectation", 3.5), False),  # a duration
        ((("c", "这个要放三个半月吧"),), ("pref.term", "3m_6m"), True),
        ((("s", "那期限呢 一年可以吗"), ("c", "一年 行")), ("pref.term", "6m_12m"), True),
        ((("s", "这款是九十天的"), ("c", "嗯 一个月到三个月都能接受")), ("pref.term", "le_3m"), True),
    ],
)
def test_half_points_ranges_and_asked_terms(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, object], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("以后买理财我都在手机银行上弄了 方便", ("pref.product", "wealth"), False),  # where, not what
        ("我还是喜欢买理财 比基金稳点", ("pref.risk", "steady"), False),  # a comparison
        ("金条是在柜台买吗 还是得手机上预约", ("pref.channel", "mobile_app"), False),  # asks which
        ("在手机银行上买东西挺顺的 不卡", ("pref.channel", "mobile_app"), False),  # praise of the app
        ("我平时都用手机银行 买东西转账都方便", ("pref.channel", "mobile_app"), True),
        ("我先在天天基金上看看 弄明白了再说", ("basic.platform", "third_party"), False),  # only looks there
    ],
)
def test_where_and_comparisons_state_no_preference(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("这回存钱送啥没 我就稀罕这个", True),
        ("我就爱凑这种热闹 顺便领点小东西", True),
        ("我就喜欢这些 上回送的鸡蛋还没吃完呢", True),
        ("我就喜欢这种 收益稳稳的", False),  # the product, not a gift
        ("送的那些我不稀罕这个", False),
    ],
)
def test_a_liking_that_points_back_at_the_gift(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.gift", "yes") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("理财这些东西我是真不懂 你给我讲讲", ("basic.experience", "novice"), True),
        ("基金股票都买过 大概能看明白", ("basic.experience", "intermediate"), True),
        ("我也算半个懂行的 别讲太基础", ("basic.experience", "intermediate"), True),
        ("炒了二十多年 股票基金都玩过", ("basic.experience", "intermediate"), False),  # years: expert
        ("基金这块我比你们清楚 你直接发资料", ("basic.experience", "expert"), True),
        ("保险我比你们懂 我就在保险公司上班", ("basic.experience", "expert"), False),
        ("去网点的路我比你熟 也比你清楚", ("basic.experience", "expert"), False),
    ],
)
def test_experience_said_against_the_staff(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("c", "我就想给自己配个重疾线 别的不要"),), ("pref.product", "insurance"), True),  # ASR 线 = 险
        ((("s", "可以考虑年金险或者定投"), ("c", "保险吧 强制存钱好")), ("pref.product", "insurance"), True),
        ((("c", "这个分红的是保险吧 还是理财"),), ("pref.product", "insurance"), False),
        ((("c", "积存金怎么买"), ("s", "手机银行首页就能买 一克起"), ("c", "好的 金价一直涨 我也想买点")),
         ("pref.product", "gold"), True),
        (
            (("c", "积存金怎么买"), ("s", "手机银行首页就能买 一克起"), ("c", "好的 谢谢")),
            ("pref.product", "gold"),
            False,
        ),
    ],
)
def test_insurance_and_gold_said_another_way(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "expected", "present"),
    [
        ("季度奖月底发 想先问问买点啥好", ("basic.funds", "incoming"), True),
        ("季度奖月底发吗 我也不清楚", ("basic.funds", "incoming"), False),
        ("奖金去年就发了 早花完了", ("basic.funds", "incoming"), False),
        ("钱放活期又可惜 你看看有啥", ("basic.funds", "idle"), True),
        ("卡里放着二十来万一直没动", ("basic.funds", "idle"), True),
        ("卡里放着二十来万 下个月要用", ("basic.funds", "idle"), False),
    ],
)
def test_money_due_and_money_idle_said_in_passing(
    miner: Miner, text: str, expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("帮我挑个基金呗 最近想买点", True),
        ("基金经理换了 我想买点别的", False),
        ("基金我是不想碰了 想买点金条", False),
        ("我倒不是不喜欢基金 就是最近手头紧", True),
        ("我不喜欢基金 波动太大", False),
    ],
)
def test_fund_named_before_the_wish(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.product", "fund") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        ((("s", "您那款理财到期了 收益不错"), ("c", "嗯 知道"), ("s", "要不要续一期"), ("c", "续吧")), True),
        ((("s", "您那款理财到期了 收益不错"), ("c", "嗯 知道"), ("s", "要不要续一期"), ("c", "不续")), False),
        ((("s", "您那笔理财到期了 钱回到卡上了"), ("c", "好 我买点别的")), False),
        ((("s", "您那笔定期下周到期了"), ("c", "嗯"), ("s", "要不要续一下"), ("c", "续吧")), False),
    ],
)
def test_a_matured_wealth_product_renewed_a_turn_later(
    miner: Miner, turns: tuple[tuple[str, str], ...], present: bool
) -> None:
    assert (("pref.product", "wealth") in tags(miner, *turns)) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("不行不行 不保本的我不要", True),
        ("那就算了 保不了本的不买", True),
        ("五年的也行 本金可不能少", True),
        ("我倒不是说不保本的不买 就是想问问", False),
    ],
)
def test_what_is_not_protected_turned_down(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.risk", "principal_protected") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("活期里那点钱帮我转个定期", True),
        ("卡是我妈的 她让我来帮她把钱转成定期", True),
        ("活期能不能转定期啊", False),  # asks whether it can be done
        ("定期转出来放活期", False),
    ],
)
def test_money_moved_into_a_deposit(miner: Miner, text: str, present: bool) -> None:
    assert (("pref.product", "deposit") in tags(miner, ("c", text))) is present


@pytest.mark.parametrize(
    ("turns", "expected", "present"),
    [
        ((("s", "这款六十天的理财"), ("c", "两个月啊 可以 我看看")), ("pref.term", "le_3m"), True),
        ((("s", "有款一百八十天的"), ("c", "半年是吧 那行")), ("pref.term", "3m_6m"), True),
        ((("s", "有款一百八十天的"), ("c", "半年啊 可以吗 能提前取吗")), ("pref.term", "3m_6m"), False),
        ((("s", "封闭期两年"), ("c", "两年 行吧 我记一下")), ("pref.term", "gt_1y"), False),
        (
            (("c", "这个多久能取"), ("s", "最短持有60天"), ("c", "60天 行"), ("c", "我就是问清楚")),
            ("pref.term", "le_3m"),
            False,
        ),
    ],
)
def test_a_pitched_term_echoed_and_taken(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: tuple[str, str], present: bool
) -> None:
    assert (expected in tags(miner, *turns)) is present
