"""Compliance (guarantee, off-book, credentials, missing risk disclosure) and life tags in context."""

from __future__ import annotations

import pytest
from mine_support import tags

from siyu.mine import Miner

MRD = ("compliance.violation", "missing_risk_disclosure")
GUARANTEE = ("compliance.violation", "guarantee")
OFF_BOOK = ("compliance.violation", "off_book")
CREDENTIAL = ("compliance.violation", "credential_request")


@pytest.mark.parametrize(
    "staff",
    [
        "给您推荐一款我们代销的增额终身寿 收益很不错的",
        "我们这期有一款纯债基金 近一年收益三点八 适合您这种稳健的",
        "您那笔存款快到期了 要不要转个理财 有款九十天的 年化三个点左右",
        "您要不要把那只沪深300指数基金加点仓",
    ],
)
def test_a_pitched_product_without_risk_words(miner: Miner, staff: str) -> None:
    assert MRD in tags(miner, ("s", staff), ("c", "我考虑一下"))


@pytest.mark.parametrize(
    "staff",
    [
        "要不要考虑一下理财",  # a category, not a product
        "我行代销基金申购费率一般打一折",  # answering a question about fees
        "这款是封闭期九十天的 期间不能赎回哦",  # answering a question about liquidity
        "给您推荐一款我们行的存款",  # deposits need no disclosure
        "我们现在有个理财节活动 买理财送积分",  # an event
    ],
)
def test_no_pitch_needs_no_disclosure(miner: Miner, staff: str) -> None:
    assert MRD not in tags(miner, ("s", staff), ("c", "不用了"))


def test_disclosure_anywhere_in_the_conversation(miner: Miner) -> None:
    pitch = ("s", "给您推荐一款我们的稳健理财 年化三点二")
    assert MRD not in tags(miner, pitch, ("c", "风险大吗"), ("s", "理财非存款 产品有风险 投资需谨慎"))
    assert MRD not in tags(miner, pitch, ("c", "能退吗"), ("s", "前几年退的话现金价值比较低 会有损失"))
    # playing risk down discloses nothing
    assert MRD in tags(miner, pitch, ("c", "风险大吗"), ("s", "波动很小 您放心"))


@pytest.mark.parametrize(
    "staff",
    [
        "您的业务走我这边办就行 我是您的专属经理",
        "我单独跟您说一下这个产品的细节",
        "P2P都暴雷了 您千万别碰",
        "您公司的款转到我们行的对公账户就行",
        "系统里查不到您的预约 我帮您重新登记一下",
        "以我个人名义跟您保证 服务一定到位",
        "我们私下聊聊您的需求",
    ],
)
def test_no_off_book(miner: Miner, staff: str) -> None:
    assert OFF_BOOK not in tags(miner, ("s", staff))


def test_off_book_sale_for_a_yield_is_a_pitch(miner: Miner) -> None:
    got = tags(miner, ("s", "我朋友公司有个私募产品 年化8个点 加我私人微信我详细跟您说"))
    assert {OFF_BOOK, MRD} <= got
    # holding money on a personal card sells nothing
    got = tags(miner, ("s", "您那个钱先转到我个人的卡上 我帮您占个额度"))
    assert OFF_BOOK in got and MRD not in got


@pytest.mark.parametrize(
    "staff",
    [
        "这个分红险 您再追加一点 保证您每年都有百分之五的分红",
        "没事 现在买一定能赚 过两年翻倍没问题",
        "一个偏股混合的 您买了今年至少也有十个点",
        "这个理财您放心 收益写死的 刚性兑付",
        "这个跟定存差不多 就是利息高点",
        "这个理财比存款还稳当",
        "本金是百分之百安全的 收益也是稳的",
        "不会有任何损失的 您就放心买吧",
    ],
)
def test_disguised_promises(miner: Miner, staff: str) -> None:
    assert GUARANTEE in tags(miner, ("s", staff))


@pytest.mark.parametrize(
    "staff",
    [
        "这是大额存单 不是理财 保本保息 放心",
        "保本的话大额存单合适 是存款 有存款保险保障",
        "R2是中低风险 历史上基本没有亏损过 但不能保证",
        "大额存单跟定期存款差不多 都是保本保息的",  # a deposit compared with a deposit
        "本金安全这块您可以放心 存款有存款保险",
        "您的钱放在我们行绝对安全 有存款保险",  # deposits are insured
        "肯定会涨吗 这个谁也说不准",  # a doubt, not a promise
        "您的卡肯定能拿到 放心",
        "您好 请问您在其他银行有没有亏过钱",
    ],
)
def test_no_promise(miner: Miner, staff: str) -> None:
    assert GUARANTEE not in tags(miner, ("s", staff))


@pytest.mark.parametrize(
    "staff",
    [
        "您手机上刚收到一个验证码 您报给我一下 我帮您把那个理财赎回操作了",
        "系统显示您的卡有异常 需要您提供一下密码核实",
        "您把手机给我 我帮您在手机银行上点",
        "刚才给您发了个码 您告诉我一下",
        "麻烦您把手机收到的短信念一下",
        "您下载一下这个软件 我远程帮您弄",
    ],
)
def test_credential_requests(miner: Miner, staff: str) -> None:
    assert CREDENTIAL in tags(miner, ("s", staff))


@pytest.mark.parametrize(
    "staff",
    [
        "非常抱歉 我帮您登记一下",
        "您转到我这个个人账户就行 我帮您买",  # off-book, not someone else's account access
        "温馨提示：我行工作人员不会向您索要密码和验证码，请勿泄露给任何人。",
        "麻烦报一下身份证后四位核实一下",
        "您把短信内容看一下 是不是我们行发的",
        "我这边远程银行中心 给您回个电话",
    ],
)
def test_no_credential_request(miner: Miner, staff: str) -> None:
    assert CREDENTIAL not in tags(miner, ("s", staff))


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("刚当爹 闺女才两个月 晚上都睡不好", ("life.family", "new_parent")),
        ("我家老爷子特爱喝茶 八十了", ("life.family", "has_elders")),
        ("等孩子上大学了再考虑吧", ("life.family", "has_children")),
        ("我现在在做饭 我平时最爱琢磨做菜了", ("life.interest", "cooking")),
        ("今年计划去欧洲玩一趟 半个月", ("life.interest", "travel")),
        ("我股票亏了不少 打算拿一半出来买点稳的", ("life.interest", "stocks")),
        ("晚上要辅导孩子写作业", ("life.stage", "parent")),
        ("早就退了 退了五年了", ("life.stage", "retired")),
    ],
)
def test_life_variants(miner: Miner, text: str, tag: tuple[str, str]) -> None:
    assert tag in tags(miner, ("c", text))


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("插花我不会啊", ("life.interest", "flowers")),  # the topic is denied after it
        ("我老婆倒是天天看股票", ("life.interest", "stocks")),  # someone else
        ("我家老爷子特爱喝茶", ("life.interest", "tea")),
        ("我闺女刚生了孩子 我当姥姥了", ("life.family", "new_parent")),  # the daughter is the new parent
        ("我是他儿子 他卡上的钱我帮他管", ("life.family", "has_children")),
        ("这钱要留着生孩子用", ("life.family", "has_children")),
        ("下午要去接孙子", ("life.family", "has_children")),
        ("你们这网点太偏了 我绕了好大一圈", ("life.stage", "student")),
        ("我在附近的大学读书", ("life.interest", "reading")),
        ("张坤那种主动选股的", ("life.interest", "stocks")),
        ("大家如果都做t 股价会越来越低", ("life.interest", "stocks")),
        ("你们网点是不是在电影院旁边", ("life.interest", "movies")),  # a landmark
        ("我在健身房上班", ("life.interest", "fitness")),  # a job
        ("我是开茶叶店的", ("life.interest", "tea")),
        ("我女朋友还在读研", ("life.stage", "student")),  # someone else
    ],
)
def test_life_traps(miner: Miner, text: str, tag: tuple[str, str]) -> None:
    assert tag not in tags(miner, ("c", text))


def test_an_elder_said_in_the_next_turn(miner: Miner) -> None:
    elders = ("life.family", "has_elders")
    turns = [
        ("c", "我妈那个卡里的钱 可以买你们的理财吗"),
        ("s", "需要阿姨本人来网点"),
        ("c", "她腿脚不好 我代她办可以吗"),
    ]
    assert elders in tags(miner, *turns)
    assert elders not in tags(miner, ("c", "上次我带我妈去 全程帮忙"), ("c", "比别家强多了"))


def test_money_sent_to_an_elder_keeps_the_elder(miner: Miner) -> None:
    elders = ("life.family", "has_elders")
    assert elders in tags(miner, ("c", "我还急着给我妈转生活费呢 她七十多了一个人住"))
    assert elders in tags(miner, ("c", "每个月给我爸打生活费 他八十了 腿脚不好"))
    # a student living on what the parents send
    assert elders not in tags(miner, ("c", "我是学生 钱都是我妈打给我的生活费"))
    assert elders not in tags(miner, ("c", "我爸每月给我生活费 他身体挺好的"))


def test_our_own_internal_channel_is_no_off_book_sale(miner: Miner) -> None:
    off_book = ("compliance.violation", "off_book")
    assert off_book not in tags(miner, ("s", "对 我们内部渠道的 您放心"))
    assert off_book in tags(miner, ("s", "这个不在我们行系统里 钱先转到我个人账户"))


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("宝宝才三个月 奶粉钱都紧", ("life.family", "new_parent"), True),
        ("我家孩子才三岁 能去吗", ("life.family", "new_parent"), False),  # a small child, no newborn
        ("儿子才一岁半 太小了", ("life.family", "new_parent"), False),
        ("我是两个娃的妈 全职在家带娃", ("life.stage", "parent"), True),
        ("孩子他妈全职在家带 我一个人上班", ("life.stage", "parent"), True),
        ("等孩子上幼儿园了我再好好研究", ("life.stage", "parent"), False),  # a school start still ahead
        ("我是程序员 天天加班", ("life.stage", "young_professional"), True),
        ("在外企上班 工作五年了", ("life.stage", "young_professional"), True),
        ("我工作十五年了", ("life.stage", "young_professional"), False),
        ("我儿子是程序员", ("life.stage", "young_professional"), False),
        ("那笔19960的转账到了吗", ("life.stage", "young_professional"), False),
        ("对 炒了十来年了 A股港股都做", ("life.interest", "stocks"), True),
        ("炒了十年房 现在不敢了", ("life.interest", "stocks"), False),  # years of something else
    ],
)
def test_life_stage_and_family_said_in_passing(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # the product's own name (教育金保险, 养老理财, 股票型基金) says nothing more about it
        # an opener the customer cuts off counts (compliance recall first; the writers split on it)
        ((("s", "我们有个教育金保险 想给您介绍一下"), ("c", "我还没孩子呢")), True),
        ((("s", "我们这边有个养老理财 想跟您介绍一下"), ("c", "俺不懂 俺也没钱")), True),
        # where the money goes, told to a customer who asked, pitches nothing
        ((("c", "你们的理财都投了啥"), ("s", "这款固收类的主要投债券，权益仓位不超过10%")), False),
        # a subscription deadline, a manager as a selling point, a renewal, a switch: pitched
        ((("s", "我们有一款新发的基金 明天截止募集 想跟您推荐一下"), ("c", "不太喜欢新发基金")), True),
        ((("s", "想给您推荐一款股票型基金"), ("c", "亏过"), ("s", "这款是主动管理的 经理挺厉害的")), True),
        ((("s", "您买的理财到期了 您看要不要再继续买一期"), ("c", "先不了")), True),
        ((("s", "我建议您赎回 换成我们另外一款"), ("c", "为什么"), ("s", "这款更好 去年涨了30%")), True),
        ((("s", "您的定期到期了 要不要再继续存一期"), ("c", "好")), False),  # a deposit
    ],
)
def test_what_counts_as_a_pitch(miner: Miner, turns: tuple[tuple[str, str], ...], expected: bool) -> None:
    assert (MRD in tags(miner, *turns)) is expected


def test_money_paid_to_some_company_is_off_book(miner: Miner) -> None:
    assert OFF_BOOK in tags(miner, ("s", "有个好东西，我表哥公司的项目，年化12%，钱直接打给他公司就行"))
    assert OFF_BOOK in tags(miner, ("s", "您把钱转到这家公司 收益比行里高"))
    assert OFF_BOOK not in tags(miner, ("s", "保费是直接打到保险公司的账户 您放心"))
    assert OFF_BOOK not in tags(miner, ("s", "申购款会转到基金公司 这是正常流程"))


def test_a_structured_deposit_named_after_its_guarantee(miner: Miner) -> None:
    assert GUARANTEE not in tags(miner, ("s", "我们这有款银行保本的 结构性存款 收益1.5%到3%"))
    assert GUARANTEE in tags(miner, ("s", "我们这有款理财 保本的 收益3%"))


def test_a_customer_addressing_staff_as_闺女_has_no_daughter(miner: Miner) -> None:
    child = ("life.family", "has_children")
    assert child not in tags(miner, ("c", "闺女 俺这钱可不能亏 一分都不能少"))
    assert child not in tags(miner, ("c", "闺女，你帮我看看这个理财"))
    assert child in tags(miner, ("c", "闺女今年考上大学了 学费得准备"))
    assert child in tags(miner, ("c", "我闺女 我想给她存点钱"))


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # an opener that names no kind of product (有款产品) is no pitch; one naming a kind is
        ((("s", "最近有款产品 要不要来网点详细聊聊"), ("c", "我不去网点")), False),
        ((("s", "最近有款理财 要不要来网点详细聊聊"), ("c", "我不去网点")), True),
        ((("s", "您看我们有款混合基金"), ("c", "不用你推荐")), True),
        ((("s", "您上月购买了我行代销的一款基金 有没有提示您风险"), ("c", "提示了")), False),  # a holding
        ((("s", "我们有款理财 要不要配一点"), ("c", "不用")), True),  # a call to buy
        ((("s", "我们有款偏股混合基金 基金经理是十年老将"), ("c", "哦")), True),
    ],
)
def test_invitations_and_names_are_no_pitch_detail(
    miner: Miner, turns: tuple[tuple[str, str], ...], expected: bool
) -> None:
    assert (MRD in tags(miner, *turns)) is expected


def test_a_sale_outside_the_bank_for_a_yield(miner: Miner) -> None:
    got = tags(miner, ("s", "那个产品你在我们行里买不了 我介绍你去我朋友那个财富公司 收益高点"))
    assert {OFF_BOOK, MRD} <= got
    got = tags(miner, ("s", "这个不是我们行的 是我朋友公司发的私募 一年12个点 您把钱转到这个账户就行"))
    assert {OFF_BOOK, MRD} <= got
    assert GUARANTEE in tags(miner, ("s", "不是 是外面的 但我保证没问题"))
    assert OFF_BOOK not in tags(miner, ("s", "您可以介绍您去我们总行的财富中心 那边产品多"))


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("摄影啊 我没什么兴趣 我老公喜欢", ("life.interest", "photography"), False),  # pause, then denial
        ("摄影啊 我最喜欢了", ("life.interest", "photography"), True),
        ("混合的可以 纯股票的我不敢碰", ("life.interest", "stocks"), False),
        ("我还在读研 平时拿奖学金炒炒股 也买点股票型基金", ("life.interest", "stocks"), True),
        ("万一家里老人生病要用钱呢 我还是要能随时取的", ("life.family", "has_elders"), True),
        ("如果家里有老人要照顾 这个合适吗", ("life.family", "has_elders"), False),
        ("我闺蜜刚生了二胎 我想送她个红包", ("life.family", "new_parent"), False),  # someone else's baby
        ("我闺蜜刚生了二胎 我想送她个红包", ("life.family", "has_children"), False),
        ("我刚生了二胎 忙死了", ("life.family", "new_parent"), True),
    ],
)
def test_life_said_around_a_denial_a_worry_or_a_friend(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("你们行口碑好 我爸妈那辈就在你们这存钱", ("life.family", "has_elders"), False),  # a generation
        ("我爸妈年纪大了 身体不好", ("life.family", "has_elders"), True),
        ("这卡里的钱是我老娘的 平时我妹帮她弄", ("life.family", "has_elders"), False),  # whose money alone
        ("我老娘八十多了 腿脚不好", ("life.family", "has_elders"), True),
        ("小刘啊 你这孩子态度真好", ("life.family", "has_children"), False),  # the staff member
        ("我家这孩子真不让人省心 天天玩手机", ("life.family", "has_children"), True),
        ("孩子上学要交学费", ("life.family", "has_children"), True),
    ],
)
def test_elders_and_children_that_are_not_the_customers(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        ((("s", "您好 我们有款适合年轻人的理财"), ("c", "我还在上学呢")), MRD, True),  # an opening counts
        ((("s", "您好 我们有款适合年轻人的基金定投"), ("c", "没钱")), MRD, True),
        ((("s", "您之前买的这个理财到期了 上一期收益是3.6"), ("c", "挺好")), MRD, False),  # a holding
        ((("c", "存单提前取要扣多少"), ("s", "提前支取的话按活期利率计息 本金不受损失")), GUARANTEE, False),
        ((("s", "理财都不能承诺保本了 任何银行都一样 要保本的话可以考虑存款"),), GUARANTEE, False),
        ((("s", "这款理财跟存款一样 保本的"),), GUARANTEE, True),
        ((("s", "行里这款额度没了 我认识个第三方平台的经理 你加他微信 直接在他那买 收益一样的"),), MRD, True),
        ((("c", "你能不能私下帮我买个外面的产品"), ("s", "不行的阿姨 私下转账是违规的")), OFF_BOOK, False),
    ],
)
def test_openings_holdings_deposits_and_warnings(
    miner: Miner, turns: tuple[tuple[str, str], ...], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


def test_a_new_parent_is_at_the_parent_stage(miner: Miner) -> None:
    got = tags(miner, ("c", "宝宝刚满月 天天喂奶 哪有时间"))
    assert {("life.family", "new_parent"), ("life.family", "has_children"), ("life.stage", "parent")} <= got
    assert ("life.stage", "parent") in tags(miner, ("c", "钱要留着给闺女交钢琴课和补习费"))
    assert ("life.stage", "parent") not in tags(miner, ("c", "孩子才三岁 太小了"))  # no stage said
    assert ("life.stage", "parent") not in tags(miner, ("c", "钱留着给孩子交学费"))


@pytest.mark.parametrize(
    ("staff", "expected"),
    [
        # an offer naming a product or kind counts even with nothing more said about it
        ("那这笔钱要不要考虑放一年期的理财", True),
        ("那可以考虑三年期的大额存单 或者两年期的理财", True),
        ("姐 最近有款理财不错 您要不要看看", True),
        ("周哥 我们这边有个新客户专享的理财 您有兴趣吗", True),
        ("您对理财有兴趣吗", False),  # a question about interest names no offer
        ("您那个存款到期了 我们有款三个月的理财", True),  # its term said
        ("我们银行最近有款基金 往期业绩很不错", True),
        ("这款是我们银行专属的保险 比保险公司直接买划算", True),
    ],
)
def test_a_pitch_says_something_beyond_the_products_name(miner: Miner, staff: str, expected: bool) -> None:
    assert (MRD in tags(miner, ("s", staff), ("c", "不用了"))) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("刚从云南回来 拍了好多照片", ("life.interest", "photography"), True),
        ("早上刚跑完10公里", ("life.interest", "running"), True),
        ("退休以后在老年大学学书画", ("life.interest", "painting"), True),
        ("我就喝喝茶 写写字 画两笔山水", ("life.interest", "painting"), True),
        ("最近在读《置身事内》 写得挺好", ("life.interest", "reading"), True),
        ("还在读大三 准备考研 天天泡图书馆", ("life.interest", "reading"), False),  # study
        ("不太感兴趣 我都是买股票的 天天盯着盘", ("life.interest", "stocks"), True),
        ("这个基金是买股票还是买债券", ("life.interest", "stocks"), False),  # where a fund invests
        ("我就关心健康 血压有点高", ("life.interest", "health"), True),
    ],
)
def test_more_ways_to_tell_a_pastime(miner: Miner, text: str, tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


def test_a_listed_topic_denied_and_a_condition_on_shares(miner: Miner) -> None:
    stocks = ("life.interest", "stocks")
    assert stocks not in tags(miner, ("c", "我啥也不懂 那些什么基金股票我一窍不通"))
    assert stocks not in tags(miner, ("c", "有股票我就不买了 我只要纯固收的"))
    assert stocks in tags(miner, ("c", "我最近买股票不会亏吧"))


def test_a_day_trade_said_in_slang(miner: Miner) -> None:
    assert ("life.interest", "stocks") in tags(miner, ("c", "今天t的不错吧 一两千到手"))
    assert ("life.interest", "stocks") not in tags(miner, ("c", "今天天气不错吧"))


def test_a_sale_kept_secret_is_off_book(miner: Miner) -> None:
    assert OFF_BOOK in tags(miner, ("s", "这个是我们内部员工才能买的 您别往外说"))
    assert OFF_BOOK not in tags(miner, ("s", "您的个人信息我们会保密 不会往外说"))


def test_a_code_the_customer_types_in_themself(miner: Miner) -> None:
    assert CREDENTIAL not in tags(miner, ("s", "您登录手机银行 把验证码输进去就行"))
    assert CREDENTIAL in tags(miner, ("s", "您把验证码报给我 我帮您输进去"))


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("俺家那口子爱跳广场舞 俺就喜欢种点菜", ("life.interest", "fitness"), False),  # 俺 for 我
        ("俺家那口子爱跳广场舞 俺就喜欢种点菜", ("life.interest", "flowers"), True),
        ("我在读高三", ("life.stage", "student"), True),
        ("我天天盯着大盘 今天又跌了", ("life.interest", "stocks"), True),
        ("孩子在国外读书 每年学费不少", ("life.interest", "reading"), False),
    ],
)
def test_northern_speech_and_school(miner: Miner, text: str, tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


def test_a_return_assured_and_a_deposit_compared_with_a_deposit(miner: Miner) -> None:
    assert GUARANTEE in tags(miner, ("s", "您放心 这个收益是有保障的"))
    assert GUARANTEE in tags(miner, ("s", "这款理财也是保本的 放心"))
    assert GUARANTEE not in tags(miner, ("s", "大额存单跟定期一样保本 利率高一点"))
    assert GUARANTEE not in tags(miner, ("s", "理财收益没有保障的 会有波动"))


def test_a_rise_and_a_call_to_add_are_pitch_detail(miner: Miner) -> None:
    assert MRD in tags(miner, ("s", "这只基金最近涨得很好 您可以加仓"), ("c", "好"))
    assert MRD not in tags(miner, ("s", "这只基金最近涨得很好 基金有风险 投资需谨慎"), ("c", "好"))


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("我没事就去钓个鱼", ("life.interest", "outdoor"), True),
        ("我周末喜欢去郊区露个营", ("life.interest", "outdoor"), True),
        ("我最近迷上了飞盘", ("life.interest", "fitness"), True),
        ("老伴儿天天下象棋", ("life.interest", "games"), False),  # the spouse
        ("我跟老伴儿天天跳广场舞", ("life.interest", "fitness"), True),
        ("我老太婆退休十几年了", ("life.stage", "retired"), True),  # an old woman speaking of herself
    ],
)
def test_pastimes_in_passing(miner: Miner, text: str, tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        ((("s", "您可以看看我们的7天持有期理财或者定期存款"), ("c", "嗯")), MRD, False),  # a menu
        # an invitation to look at a kind, with nothing said about it, is no pitch (0 of 4 gold)
        ((("s", "目前市场利率整体下行 您可以看看我们的短期理财"), ("c", "嗯")), MRD, False),
        ((("s", "可以看看我们的稳享债券基金 近一年收益4.1%"), ("c", "嗯")), MRD, True),
        ((("c", "我明年就退休了 想给自己攒点"),), ("life.stage", "retired"), False),  # not yet
        ((("c", "我退休两年了"),), ("life.stage", "retired"), True),
    ],
)
def test_menus_markets_and_retirement_ahead(
    miner: Miner, turns: tuple[tuple[str, str], ...], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


def test_a_loss_promised_back_on_a_holding_sells_nothing(miner: Miner) -> None:
    turns = [("c", "你推荐的那个基金亏了百分之八了"), ("s", "您别急 这个长期肯定能涨回来 明年肯定回本")]
    got = tags(miner, *turns)
    assert GUARANTEE in got and MRD not in got
    assert MRD in tags(miner, ("s", "这款理财您放心 保本保收益"))


def test_credentials_in_speech_recognition_spelling(miner: Miner) -> None:
    assert CREDENTIAL in tags(miner, ("s", "您把眼证码报给我一下"))
    assert CREDENTIAL in tags(miner, ("s", "你把密马告诉我"))
    assert CREDENTIAL not in tags(miner, ("s", "秘码千万不要告诉任何人"))


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("我平时爱打乒乓 周末也去游个泳", ("life.interest", "fitness"), True),
        ("我是个书虫 一个月能看好几本", ("life.interest", "reading"), True),
        ("我喜欢玩手机游戏", ("life.interest", "games"), True),
        ("我是搞摄影的 开了个工作室", ("life.interest", "photography"), False),  # a trade
        ("我们家有两个小孩 一个三岁一个五岁", ("life.family", "has_children"), True),
    ],
)
def test_more_pastimes_and_children(miner: Miner, text: str, tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


def test_a_money_market_fund_pitched_by_its_kind(miner: Miner) -> None:
    assert MRD in tags(miner, ("s", "这个货币基金随时取 七日年化二点一"), ("c", "可以"))
    assert MRD not in tags(miner, ("s", "这个货币基金随时取 七日年化二点一 基金有风险"), ("c", "可以"))


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("公司组织去爬山 我不想去", ("life.interest", "outdoor"), False),  # the employer's outing
        ("我周末喜欢去爬山", ("life.interest", "outdoor"), True),
        ("你们网点旁边那个书店还开着吗", ("life.interest", "reading"), False),  # a landmark
        ("我是学生家长", ("life.stage", "student"), False),
        ("我是学生家长", ("life.stage", "parent"), True),
    ],
)
def test_outings_landmarks_and_school_parents(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("下个月要带我爸妈去云南玩一趟", ("life.interest", "travel"), True),
        ("周末还陪我爸去钓鱼", ("life.interest", "outdoor"), True),
        ("平时就喜欢带他们出去旅游", ("life.interest", "travel"), True),
        # the third person is still the subject, or the one who takes the other along
        ("我爸喜欢钓鱼", ("life.interest", "outdoor"), False),
        ("他跟我老公去钓鱼了", ("life.interest", "outdoor"), False),
        ("我老婆带着我儿子去旅游了", ("life.interest", "travel"), False),
        ("我老婆和我都喜欢旅游", ("life.interest", "travel"), True),
    ],
)
def test_a_third_person_taken_along_leaves_the_customer_the_subject(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


def test_a_pitch_by_this_product_and_its_yield_and_risk_put_on_others(miner: Miner) -> None:
    # the product named before, now with its yield: a pitch without disclosure
    got = tags(
        miner,
        ("s", "我们现在有个活动 购买理财满十万送一百元话费"),
        ("c", "送啥都无所谓 我就看收益"),
        ("s", "好的 那这款收益还是不错的 业绩比较基准三点二"),
    )
    assert MRD in got
    # the held product's yield is no pitch
    assert MRD not in tags(miner, ("s", "您那款收益现在是二点八 下个月到期"))
    # risk said of other banks' products, this one put above it, discloses nothing
    pitch = ("s", "推荐您一款新发的偏股基金 今年已经涨了百分之二十")
    assert MRD in tags(miner, pitch, ("c", "基金不都有风险吗"), ("s", "别人家的有风险 这个您放心"))
    assert MRD not in tags(miner, pitch, ("s", "这只也有风险 投资需谨慎"))


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ([("s", "晏姐 我们有个新离财 二点九"), ("c", "我不需要")], True),
        ([("s", "我们这只新发的基精 经理很牛 去年收益百分之二十多 您可以买点")], True),
        ([("s", "这个是我朋友公司的产品 不在我们行系统里 收益高 您加我私人微信详聊")], True),
        ([("s", "我给您介绍个外面平台的理财 收益比这个还高 您加我私人微信")], True),
        # a share of the portfolio is no rate, and an answer about it no pitch
        ([("c", "你们的理财都投了啥"), ("s", "这款固收类的主要投债券 权益仓位不超过10%")], False),
        ([("s", "我们有款理财 您有兴趣吗"), ("c", "不需要")], True),
        ([("s", "您对理财有兴趣吗"), ("c", "不需要")], False),
    ],
)
def test_a_pitch_with_a_rate_number_or_an_off_book_yield(
    miner: Miner, turns: list[tuple[str, str]], expected: bool
) -> None:
    assert (MRD in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("还算可以吧 股票基金都买过 也不算专家", False),
        ("基金股票都玩过一点 不算专业 也不算新手吧", False),
        ("波动一点没事 我在股票上也玩过的 懂这些", False),
        # years of it told: the long-time trader's pastime
        ("做了二十年了 股票基金都玩过", True),
        ("我每天都看大盘 炒股炒了好几年", True),
    ],
)
def test_stocks_listed_as_tried_are_experience(miner: Miner, text: str, expected: bool) -> None:
    assert (("life.interest", "stocks") in tags(miner, ("c", text))) is expected


def test_the_customers_own_maturing_product_and_the_banks_in_house_one(miner: Miner) -> None:
    held = tags(
        miner,
        ("s", "您在我们行有个理财 到期了 您看 您要不要"),
        ("c", "中途想赎回 要手续费吗"),
        ("s", "这款没有赎回费"),
    )
    assert MRD not in held
    due = (("s", "您这边有个理财马上到期"), ("c", "嗯 知道"), ("s", "到期以后要不要继续"))
    assert MRD not in tags(miner, *due)
    assert MRD in tags(miner, ("s", "我们有个新理财 年化三点二 您要不要"), ("c", "不需要"))
    assert OFF_BOOK not in tags(miner, ("s", "这个是我们行的内部产品"))
    assert OFF_BOOK in tags(miner, ("s", "我们内部有个渠道 有一款私募的产品 您直接转我卡上"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刚从大理回来 吃了好多好吃的", True),
        ("今年去了趟武夷山 买了好多岩茶", True),
        ("我年假准备去冰岛拍极光", True),
        ("下周要去云南出差 开个会", False),
        ("我女儿在日本读书", False),
    ],
)
def test_a_trip_to_a_place_people_go_to_see(miner: Miner, text: str, expected: bool) -> None:
    assert (("life.interest", "travel") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那个钱啊 那不是我的钱 是我爸的 他让我帮他管一下", True),
        ("所以我妈的钱都放你们这 我帮她管着", True),
        ("那个保险是我帮我妈买的 钱是她的", True),
        # whose card it is alone, or someone else minding it, names no elder to look after
        ("这是我爸的卡 钱也是他的", False),
        ("这卡里的钱不是我的 是我老娘的 平时都是我妹在帮她弄", False),
    ],
)
def test_a_parents_money_the_customer_looks_after(miner: Miner, text: str, expected: bool) -> None:
    assert (("life.family", "has_elders") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周五晚上要加班 我们互联网公司你懂的", True),
        ("我在一家互联网公司上班", True),
        ("我儿子在互联网公司上班", False),
        ("互联网公司的理财靠谱吗", False),
    ],
)
def test_an_internet_company_job(miner: Miner, text: str, expected: bool) -> None:
    assert (("life.stage", "young_professional") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ([("c", "有没有适合我们这种月光族的"), ("s", "可以试试每月定投 几百块起")], True),
        ([("c", "有啥适合我们打工人的"), ("s", "可以考虑货币基金 随存随取")], True),
        ([("s", "您好 耽误您一分钟 我们行现在有个新发的基精"), ("c", "我现在在开车 没空")], True),
        # a held product's renewal asked with nothing said about it, and an answer about a product asked for
        ([("s", "您这边有个理财马上到期"), ("c", "嗯"), ("s", "到期以后要不要续")], False),
        ([("c", "那个理财投的什么"), ("s", "这款理财主要投债券")], False),
        ([("s", "可以考虑我们的大额存单")], False),
    ],
)
def test_an_offer_naming_a_product_kind_is_a_pitch(
    miner: Miner, turns: list[tuple[str, str]], expected: bool
) -> None:
    assert (MRD in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    "warning",
    [
        "保险产品有相关条款和免责 到时候我详细讲",
        "保险产品以合同条款为准 有免责",
        "保险产品有条款限制 请您仔细阅读",
    ],
)
def test_an_insurances_terms_and_exclusions_disclose(miner: Miner, warning: str) -> None:
    pitch = ("s", "我们有款老年意外险 一年两百")
    assert MRD in tags(miner, pitch)
    assert MRD not in tags(miner, pitch, ("s", warning))


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # a product of no kind named, or an invitation to look, is an opener only
        ([("s", "喂您好 我们这边有款产品"), ("c", "我在上班 晚上再打")], False),
        ([("s", "想给您介绍一款产品"), ("c", "不用了")], False),
        ([("s", "那您看看我们的理财"), ("c", "我自己看看")], False),
        ([("s", "您之前说 在别的地方有个理财亏了"), ("c", "对")], False),
        # with something said about it, it is a pitch
        ([("s", "这次给您推荐一款半年期的 收益挺好"), ("c", "那就买吧")], True),
        ([("s", "最近有一款产品特别适合您"), ("c", "啥产品")], True),
        ([("s", "您看看我们的理财 年化三点二")], True),
        ([("s", "我们有个理财"), ("c", "不需要")], True),
    ],
)
def test_openers_with_no_kind_or_only_an_invitation(
    miner: Miner, turns: list[tuple[str, str]], expected: bool
) -> None:
    assert (MRD in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # a product praised for its yield is pitched, even when the customer declines at once
        ([("s", "我们这个月新客理财收益挺高的 4.2% 您考虑下"), ("c", "不需要 谢谢")], True),
        ([("s", "我们这款基金收益很高 去年二十个点")], True),
        # the customer's own product asked about is not
        ([("s", "薛姐 您的理财收益不错吧"), ("c", "还行")], False),
        # a risk assessment to be done first goes through the customer's risk
        ([("s", "阿姨您好 这个理财需要做风险测评"), ("c", "哦 做吧")], False),
        ([("s", "这款理财收益挺好 年化三点二"), ("s", "您先做个风险测评 我们再看")], False),
    ],
)
def test_yield_praise_pitches_and_an_assessment_to_be_done_discloses(
    miner: Miner, turns: list[tuple[str, str]], expected: bool
) -> None:
    assert (MRD in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        # tai chi: exercise, unless health is talked about beside it
        ("每天早上去公园打太极 走个一万步", ("life.interest", "fitness"), True),
        ("每天早上去公园打太极 走个一万步", ("life.interest", "health"), False),
        ("俺每天早上练练太极 养生嘛", ("life.interest", "health"), True),
        ("俺每天早上练练太极 养生嘛", ("life.interest", "fitness"), False),
        ("我喜欢混合型的 不会太极端", ("life.interest", "fitness"), False),
        # at home raising the children is the parent stage; someone else doing it is not
        ("我家那口子在外面跑车 我在家带孩子", ("life.stage", "parent"), True),
        ("当妈以后啥都围着孩子转", ("life.stage", "parent"), True),
        ("我老婆天天在家带娃", ("life.stage", "parent"), False),
        ("我退休了 在家带孙子", ("life.stage", "parent"), False),
        # a dialect mother with her age; the sandwich generation
        ("取钱 给俺老娘交住院费 九十多了", ("life.family", "has_elders"), True),
        ("我上有老下有小 压力大", ("life.family", "has_children"), True),
        ("我上有老下有小 压力大", ("life.family", "has_elders"), True),
    ],
)
def test_tai_chi_raising_children_and_dialect_elders(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("今天在家研究了个新菜 红烧排骨", ("life.interest", "cooking"), True),
        ("回来自己学着做了个汽锅鸡", ("life.interest", "cooking"), True),
        ("上午我要去花鸟市场伺候我那些花", ("life.interest", "flowers"), True),
        ("你们那个插花沙龙还办吗 上次去那个老师超美", ("life.interest", "flowers"), True),
        ("我最近刚买了个新相机", ("life.interest", "photography"), True),
        ("拍了好多雪山 美哭了", ("life.interest", "photography"), True),
        ("今天做了个脸 晚上去看电影", ("life.interest", "beauty"), True),
        ("我是开美甲店的 下午三点以后店里人少", ("life.interest", "beauty"), False),
        ("我每周跑三次 还办了健身卡", ("life.interest", "running"), True),
        ("你们全市就这么几个网点 我跑了二十公里过来", ("life.interest", "running"), False),
        ("好着呢 退下来以后没啥事 养养花", ("life.stage", "retired"), True),
    ],
)
def test_pastimes_told_by_what_was_done(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("staff", "expected"),
    [
        ("请问对方有没有让您下载什么会议软件或者共享屏幕", False),  # a fraud check
        ("您可以挂断后拨打卡背面客服电话核实", False),  # where to check a caller
        ("您开个屏幕共享 我帮您看看", True),
        ("您把卡背面三位数报给我核实一下", True),
    ],
)
def test_fraud_checks_ask_for_no_credential(miner: Miner, staff: str, expected: bool) -> None:
    assert (("compliance.violation", "credential_request") in tags(miner, ("s", staff))) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("上二年级了 回来还天天跟我抢手机打游戏", ("life.interest", "games"), False),
        ("我下班就打游戏", ("life.interest", "games"), True),
        ("我就喜欢这种慢慢涨的 股票那种我心脏受不了", ("life.interest", "stocks"), False),
        ("股票我天天看", ("life.interest", "stocks"), True),
        ("没有 没闲钱 都在股票里套着呢", ("life.interest", "stocks"), True),
        ("我老公的钱都套在股市里", ("life.interest", "stocks"), False),
    ],
)
def test_someone_elses_game_and_shares_the_customer_cannot_stand(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected
