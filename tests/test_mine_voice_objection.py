"""Objections and voice of the customer: variants that must tag, and look-alikes that must not."""

from __future__ import annotations

import pytest
from mine_support import tags

from siyu.mine import Miner

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
        (
            [("s", "最近骗子多，验证码千万别给别人"), ("c", "确实 最近好多骗子")],
            risk("doubts_identity"),
            False,
        ),
        ([PITCH, ("c", "那笔钱不是闲钱 下个月要交房款")], refusal("funds_committed"), True),
        ([PITCH, ("c", "要是有闲钱我就考虑 现在真没有")], refusal("no_money"), True),
        ([PITCH, ("c", "反正我不买")], refusal("not_needed"), True),
        ([PITCH, ("c", "白天都在厂里忙 电话顾不上接 晚上打吧")], refusal("no_time"), False),
        ([PITCH, ("c", "我每天都很忙 晚上有空")], refusal("no_time"), False),
        ([PITCH, ("c", "暂时没这个需求 你别推了")], refusal("not_needed"), True),
        ([PITCH, ("c", "其实我对理财兴趣不大 你说说活动就行 有礼品我就去")], refusal("not_needed"), True),
        ([PITCH, ("c", "油就算了 我对这些礼品不感兴趣")], refusal("not_needed"), False),
        # a habit (我不理财 / 不买理财 就存定期) is no answer to an offer
        ([("c", "我不理财 钱都是爸妈帮我存的")], refusal("not_needed"), False),
        ([("c", "存款利率现在多少 我不买理财 就存定期")], refusal("not_needed"), False),
        ([PITCH, ("c", "不买基金 之前亏怕了")], refusal("not_needed"), True),
        ([PITCH, ("c", "不买 挂了")], refusal("not_needed"), True),
        ([PITCH, ("c", "先不了 我现在开会呢")], refusal("no_time"), True),
        ([PITCH, ("c", "我在开车 你说吧")], refusal("no_time"), False),
        ([PITCH, ("c", "养老的啊 我退休金够花 不用")], refusal("not_needed"), True),
        ([PITCH, ("c", "不用排队吧")], refusal("not_needed"), False),
        # a pitched product turned down with 就算了; a risk appetite is no refusal
        ([PITCH, ("c", "基金我就算了 波动太大")], refusal("not_needed"), True),
        ([PITCH, ("c", "你们家就算了 我都在券商买")], refusal("not_needed"), True),
        ([PITCH, ("c", "那个读书会就算了")], refusal("not_needed"), False),
        ([PITCH, ("c", "保险这块就算了")], refusal("not_needed"), True),
        ([PITCH, ("c", "不要基金 我最烦基金了")], refusal("not_needed"), True),
        ([PITCH, ("c", "不要理财 我就要存款")], refusal("not_needed"), False),
        ([PITCH, ("c", "算了算了 天天接这种电话烦死了")], refusal("not_needed"), False),
        ([("s", "您最近有闲钱吗"), ("c", "要是有闲钱我早找你了 现在哪有啊")], refusal("no_money"), True),
        ([PITCH, ("c", "我也不是不想买 就是这笔钱下个月要交首付")], refusal("funds_committed"), True),
        ([("c", "你们这种电话再打我就投诉")], risk("dislikes_calls"), True),
        ([PITCH, ("c", "钱都借给我弟开店了")], refusal("funds_committed"), True),
        # earmarked money: lent for a purpose, a down payment, money turning over; not someone else's savings
        ([("s", "您最近有闲钱吗"), ("c", "没有 钱都借给我表弟周转了")], refusal("funds_committed"), True),
        ([("s", "您最近有闲钱吗"), ("c", "没有 钱都借给我表弟周转了")], refusal("no_money"), False),
        ([PITCH, ("c", "这钱都要付首付的 别给我推了")], refusal("funds_committed"), True),
        ([PITCH, ("c", "先不了 这笔我打算给儿子交学费")], refusal("funds_committed"), True),
        ([("c", "我爸想给我攒点钱 说以后给我买房用")], refusal("funds_committed"), False),
        ([("c", "刚工作没啥钱 有几千块想试试定投")], refusal("no_money"), False),
        # no time vs. forbidding calls or still listening
        ([("s", "您现在方便吗"), ("c", "不方便 以后别打了")], refusal("no_time"), False),
        ([("s", "您现在方便吗"), ("c", "啥事 我这忙得很")], refusal("no_time"), False),
        # the staff member introducing themselves is no advisor of the customer's
        ([("s", "您好 我是您的专属客户经理"), ("c", "是")], refusal("has_advisor"), False),
        ([("c", "我在别的行有专属客户经理")], refusal("has_advisor"), True),
        (
            [("s", "阿姨 您把手机给我 我帮您转"), ("c", "不用 密码不能给别人 我自己来")],
            refusal("self_research"),
            False,
        ),
        # calls forbidden for the moment (the baby sleeps) vs. never answered
        ([("c", "别打电话了 宝宝在睡觉 发消息吧")], risk("dislikes_calls"), False),
        ([("c", "有事留言 电话我一般都不接的")], risk("dislikes_calls"), True),
        ([("c", "电话我是不接的 发微信")], risk("dislikes_calls"), True),
        # a swindle complained of is no doubt about the caller
        ([("c", "合同上写着不保本 这不是骗人吗")], risk("doubts_identity"), False),
        ([("c", "你不会是骗子吧")], risk("doubts_identity"), True),
        ([("c", "你咋有我电话的")], risk("privacy_concern"), True),
        ([PITCH, ("c", "岁数大了 不想买太高风险的 稳当点就行")], refusal("not_needed"), False),
    ],
)
def test_objections(miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, *turns)) is expected


def pos(value: str) -> tuple[str, str]:
    return ("voice.positive", value)


def neg(value: str) -> tuple[str, str]:
    return ("voice.negative", value)


def ask(value: str) -> tuple[str, str]:
    return ("voice.question", value)


RATE = ("s", "这款一年期的业绩比较基准是百分之二点八")


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        # a low yield: said of the rate staff just gave, or with a number, or compared with a platform
        ([RATE, ("c", "太低了 算了")], neg("product_low_yield"), True),
        ([("c", "二点五也太低了吧")], neg("product_low_yield"), True),
        ([RATE, ("c", "这也太低了 还不如余额宝")], neg("product_low_yield"), True),
        ([("c", "余额宝现在收益太低了 你们有什么推荐")], neg("product_low_yield"), False),
        ([("c", "你这利息没别家高")], neg("product_low_yield"), True),
        ([("c", "排了两个小时 效率太低")], neg("product_low_yield"), False),
        # queues: this branch, not the one at another bank
        ([("c", "今天排了一个多钟头 人也太多了")], neg("branch_long_wait"), True),
        ([("c", "上回在建行排了一个多钟头 你们这还好")], neg("branch_long_wait"), False),
        # 不少 is many, not few
        ([("c", "你们网点真不少 走两步就有一个")], pos("branch_many"), True),
        ([("c", "这个月活动不少啊")], pos("activity_many"), True),
        ([("c", "活动力度太大了 我又拉了俩朋友")], pos("activity_generous"), True),
        ([("c", "我昨天充值了三千块")], pos("activity_generous"), False),
        ([("c", "这收益也太寒碜了")], neg("activity_weak"), False),
        ([("c", "存十万就送一包纸 也太抠了")], neg("activity_weak"), True),
        # a famous name is awareness; trust earned over years is reputation
        ([("c", "你们名气大 放你们这我放心")], pos("brand_reputation"), False),
        ([("c", "在你们这存了十几年了 从来没出过岔子 信得过")], pos("brand_reputation"), True),
        ([("c", "网上一搜全是投诉 口碑太差了")], neg("complaint"), False),
        ([("c", "之前那家信托暴雷了 本金拿不回来")], neg("brand_reputation_bad"), False),
        ([("c", "我不会用手机银行 都来柜台办")], neg("system_cumbersome"), False),
        ([("c", "你们手机银行找个功能真费劲 藏得太深")], neg("system_cumbersome"), True),
        ([("c", "新版手机银行转账一步到位")], pos("system_convenient"), True),
        ([("c", "更新之后流畅多了")], pos("system_smooth"), True),
        # questions
        ([("c", "你们有没有保本的")], ask("recommendation"), True),
        ([("c", "两个月的有吗")], ask("recommendation"), True),
        ([("c", "有没有送的礼品")], ask("recommendation"), False),
        ([("c", "能不能提前赎回啊")], ask("liquidity"), True),
        ([("c", "能不能提前赎回啊")], ask("subscription_redemption"), False),
        ([("c", "基金赎回要手续费吗")], ask("subscription_redemption"), False),
        ([("c", "中风险我能接受 期限多久")], ask("risk"), False),
        ([("c", "买了之后多久开始算收益")], ask("term"), False),
        ([("c", "听说你们理财收益挺高的 是真的吗")], ask("yield"), True),
        ([("c", "收益挺高的")], ask("yield"), False),
        ([("s", "周六我们有个客户答谢会 有小礼品"), ("c", "好啊 几点开始")], ask("activity"), True),
        ([("c", "我老婆喜欢你们的礼品 我是送不送都行")], ask("activity"), False),
        ([("c", "定投怎么设置")], ask("how_to_buy"), True),
        ([("c", "你们这有没有两年期的")], ask("recommendation"), True),
        ([("c", "你们有没有那种健康讲座")], ask("recommendation"), False),
        ([("c", "这个理财会不会也亏")], ask("risk"), True),
        ([("c", "要是金价跌了咋办")], ask("risk"), True),
        ([("c", "再这么天天打电话我就打12378")], neg("complaint"), True),
        ([("c", "再这样我就投诉你们")], neg("complaint"), False),
        ([("c", "要是不给我退 我就打银保监")], neg("complaint"), True),
        # evaluations: of this bank's staff, app, branches and name, not of oneself or of a competitor
        ([("c", "基金债券这些 我玩了二十年 门儿清")], pos("service_professional"), False),
        ([("c", "你们那个小刘对产品门儿清")], pos("service_professional"), True),
        ([("c", "那个经理讲得特别专业 啥风险 啥费用都讲清楚了")], pos("service_professional"), True),
        ([("c", "你们的经理专业吗")], pos("service_professional"), False),
        ([("c", "小吴讲得清清楚楚")], pos("service_professional"), True),
        ([("c", "帮我弄了一下午 一点不耐烦都没有")], pos("service_attitude"), True),
        ([("c", "帮我弄了一下午 一点不耐烦都没有")], neg("service_attitude_bad"), False),
        ([("s", "开户送十块话费"), ("c", "十块钱也太少了吧 别家都送五十")], neg("activity_weak"), True),
        ([("c", "别家送电饭煲 你们这力度也太小了 活动也没几个")], neg("activity_few"), True),
        ([("c", "手机银行更新以后怎么这么卡")], neg("system_laggy"), True),
        ([("c", "转账那个页面找半天")], neg("system_laggy"), False),
        ([("c", "那就算了 网上都瞎说")], neg("service_unprofessional"), False),
        ([("c", "我都没听说过你们这个银行 你们在哪")], neg("brand_awareness_low"), True),
        ([("c", "你们讲的东西挺实在的")], pos("activity_generous"), False),
        ([("c", "你们大堂经理挺专业的吧")], pos("service_professional"), False),
        ([("c", "我表姐在招行 人家那个经理服务也好")], pos("service_attitude"), False),
        ([("c", "还是你们这好 一进门就有人帮忙")], pos("service_attitude"), True),
        ([("c", "我不是不信任你们 就是小心点")], pos("brand_reputation"), False),
        ([("c", "你们行真有名 我们村里都知道")], pos("brand_awareness"), True),
        ([("c", "你们网点今天人太多了")], pos("branch_many"), False),
        ([("c", "我到哪都能找到你们的网点")], pos("branch_many"), True),
        ([("c", "手机银行的基金页面做得很清楚")], pos("system_convenient"), True),
        ([("c", "手机银行老卡住 转个账要等半天")], neg("system_laggy"), True),
        ([("c", "登录一次要好久")], neg("system_laggy"), True),
        ([RATE, ("c", "噢哟 老低额")], neg("product_low_yield"), True),
        ([("c", "R3的基金我看不上")], neg("product_low_yield"), False),
        ([("c", "建行那个经理不专业 乱推荐")], neg("service_unprofessional"), False),
        ([("c", "你们柜员上回把业务办错了")], neg("service_unprofessional"), True),
        ([("c", "接电话的那个客服态度特别冲")], neg("service_attitude_bad"), True),
        ([("s", "新客户买理财送京东卡"), ("c", "我不要那些券啊卡的 没意思")], neg("activity_weak"), False),
        ([("c", "听同事说 你们利率比别家高")], pos("product_yield"), False),
        ([("c", "手机银行最近有点卡")], neg("system_laggy"), True),
        ([("c", "打你们热线 转人工要按好几个键 太麻烦")], neg("system_cumbersome"), True),
        ([("c", "你们网点位置太偏了 不好停车")], neg("branch_few"), True),
        ([("c", "就你们这一个窗口在办业务")], neg("branch_long_wait"), True),
        ([RATE, ("c", "没什么吸引力")], neg("product_low_yield"), True),
        ([("c", "到处都有你们的广告")], pos("brand_awareness"), True),
        ([("c", "我家附近有你们两个网点")], pos("branch_many"), True),
        # questions: what is asked, and what only looks like a question
        ([("c", "退休金放你们这 想问问怎么才能多赚点利息")], ask("yield"), False),
        ([("c", "五年期多少")], ask("yield"), True),
        ([("c", "定期利率是不是又下调了")], ask("yield"), True),
        ([("s", "您转到我这个账户就行"), ("c", "转到你个人账户 这安全吗")], ask("risk"), False),
        ([("c", "我把钱转到你们这安全吗")], ask("risk"), True),
        ([("c", "有没有什么风险低一点的")], ask("risk"), False),
        ([("c", "这个理财安全吗")], ask("risk"), True),
        ([("c", "那我还是去网点问问吧")], ask("branch"), False),
        ([("c", "你们网点周六开门吗")], ask("branch"), True),
        ([("c", "我在手机银行买了个基金 想问问投的什么")], ask("how_to_buy"), False),
        ([("c", "你们手机银行能买国债吗")], ask("how_to_buy"), True),
        ([("c", "这款中间想卖能卖吗")], ask("liquidity"), True),
        ([("c", "要是退保的话能拿回来多少")], ask("liquidity"), True),
        ([("c", "有没有收益高点的 还能随时取的")], ask("liquidity"), False),
        ([("c", "这个要锁很久吗")], ask("term"), True),
        ([("c", "那个新客专享理财是不是只有新户才能买")], ask("subscription_redemption"), True),
        ([("c", "想问下新人专享理财")], ask("activity"), False),
        ([("c", "是不是把我信息卖出去了")], ask("subscription_redemption"), False),
        ([("c", "基金我是在易方达的app上买的")], ask("how_to_buy"), False),
        ([("c", "收益能有3.5就满意了")], ask("yield"), False),
        ([("c", "亏个十来个点也能扛 有没有偏股混合的推荐")], ask("recommendation"), True),
        ([("c", "听了你们经理的推荐 亏了三个点")], ask("recommendation"), False),
        ([("c", "好 测评在哪做")], ask("how_to_buy"), True),
        ([("c", "小吴你是真专业 收益也比我在别家买的高")], pos("service_professional"), True),
        ([("c", "我想送她个红包 你们有金条吗")], ask("activity"), False),
        ([("c", "送的东西也不实用")], neg("activity_weak"), True),
        ([("c", "你们小王真靠谱")], pos("brand_reputation"), False),
        ([("c", "别的银行我不去 我就信你们")], pos("brand_reputation"), True),
        ([("c", "有下载控件的地址吗")], ask("branch"), False),
        ([("c", "不用排队吧")], pos("branch_short_wait"), False),
        ([("c", "我妈说你们活动挺多的")], pos("activity_many"), False),
        ([("c", "手机银行卡死了")], neg("system_laggy"), True),
        ([("c", "附近都没有你们的网点")], neg("branch_few"), True),
        ([("c", "有没有随时能取 利息比活期高点的")], ask("liquidity"), False),
        ([("c", "下周有笔钱到账 你帮我想想怎么配置")], ask("recommendation"), True),
        ([("c", "我在上班不方便接电话 有事发短信")], ask("branch"), False),
        ([("c", "我那张老卡还能用吗")], neg("system_laggy"), False),
        ([("c", "信用卡是自动还款吗 我绑的储蓄卡")], ask("subscription_redemption"), False),
        ([("c", "这个理财到期了怎么赎回")], ask("subscription_redemption"), True),
        ([("c", "今天挺快的 才等了五分钟")], pos("branch_short_wait"), True),
        ([("c", "今天挺快的 才等了五分钟")], neg("branch_long_wait"), False),
        ([("c", "在你们这等了四十分钟")], neg("branch_long_wait"), True),
        ([("c", "债基是不是就不会亏")], ask("risk"), True),
        # 要怎么弄 about a login problem is no question about buying
        ([("c", "哦 好的 要怎么弄")], ask("how_to_buy"), False),
        ([("c", "这个理财手机上怎么买")], ask("how_to_buy"), True),
        ([("c", "积分换茶具那个 怎么换啊")], ask("how_to_buy"), True),
        ([("c", "保险的话是不是要交很多年")], ask("term"), True),
        ([("c", "我交了几年了")], ask("term"), False),
    ],
)
def test_voice(miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, *turns)) is expected


TERM_PITCH = ("s", "您可以看看我们的大额存单 三年期的 利率二点一五")


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        # a counter-offer after turning the pitched term down is a wished term, not a request for advice
        ([TERM_PITCH, ("c", "三年太长了 两年的有没有")], ask("recommendation"), False),
        ([TERM_PITCH, ("c", "期限有点长 有没有半年左右的")], ask("recommendation"), False),
        ([("c", "你们这有没有三个月左右的理财啊")], ask("recommendation"), True),
        ([("c", "三年太长了 有什么推荐的吗")], ask("recommendation"), True),
        # no interest in a hobby or an outing is no refusal of a product
        ([("s", "周末有个钓鱼活动"), ("c", "钓鱼啊 我老公喜欢 我没啥兴趣")], refusal("not_needed"), False),
        ([PITCH, ("c", "我对理财没什么兴趣")], refusal("not_needed"), True),
        ([PITCH, ("c", "这笔钱三五年都用不到 放长点")], refusal("not_needed"), False),
        # wherever … all: branches everywhere, no question about a branch
        ([("c", "你们行大 去哪个城市出差都能看到你们的网点")], pos("branch_many"), True),
        ([("c", "你们行大 去哪个城市出差都能看到你们的网点")], ask("branch"), False),
        ([("c", "你们哪个网点周六开门")], ask("branch"), True),
        ([("c", "谁不知道你们 全国都有名")], pos("branch_many"), False),
        ([("c", "这个网点比我家那边的强多了")], pos("branch_many"), False),
        # a small phone screen is a reason to use the computer, not a clumsy app
        ([("c", "我都在电脑上用网银 手机屏幕小 看着费劲")], neg("system_cumbersome"), False),
        ([("c", "你们手机银行字太小了 老人用着费劲")], neg("system_cumbersome"), True),
        ([("c", "太复杂的基金我不碰")], neg("system_cumbersome"), False),
        # a reputation said outright stands beside a famous name
        ([("c", "大银行嘛 谁不知道 口碑摆在那")], pos("brand_reputation"), True),
        ([("c", "你们名气大 放这我放心")], pos("brand_reputation"), False),
        ([("c", "邻居说你们口碑好")], pos("brand_reputation"), False),
    ],
)
def test_round_two(miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool) -> None:
    assert (tag in tags(miner, *turns)) is expected

UNANSWERED = ("c", "上回那个经理啥也说不清楚 我问她钱投到哪了 她半天答不上来")


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        # a product asked for above a rate is a yield wish, not a question about what something yields
        ([("c", "有没有年化三个点以上的 稳一点")], ask("yield"), False),
        ([("c", "你们这个理财年化多少 能到三点五不")], ask("yield"), True),
        # replies to a cash-back or gift offer ask about that activity
        ([("s", "我们信用卡有个加油返现的活动"), ("c", "那挺好 返多少")], ask("activity"), True),
        ([("c", "返多少")], ask("activity"), False),
        ([("c", "存款有没有什么送的啊")], ask("activity"), True),
        # a risk level the customer settles for is no question about risk
        ([("c", "有没有股债平衡的基金 风险中等就行")], ask("risk"), False),
        ([("c", "这个基金风险大不大")], ask("risk"), True),
        # the customer's own plan to look later asks nothing; a request to plan the money does
        ([("c", "下个月定期到期 到时候过来看看你们有啥好的")], ask("recommendation"), False),
        ([("c", "年底有笔钱进来 你帮我看看怎么放")], ask("recommendation"), True),
        # bad news about the bank, even read in the news or asked back, is its reputation
        ([("c", "看新闻说你们行去年被罚款了")], neg("brand_reputation_bad"), True),
        ([("c", "你们行以前不是出过事吗")], neg("brand_reputation_bad"), True),
        ([("c", "你们行从来没出过事")], neg("brand_reputation_bad"), False),
        ([("c", "要是出过事我就不存了")], neg("brand_reputation_bad"), False),
        # an unknown bank, a question about it in a later clause
        ([("c", "啥银行 没听说过 你们是正规的吗")], neg("brand_awareness_low"), True),
        ([("c", "你没听说过我们银行吗")], neg("brand_awareness_low"), False),
        # a rate called small with 才
        ([RATE, ("c", "才二点八啊 跟存定期差不多")], neg("product_low_yield"), True),
        ([("c", "才2.1 太低了")], neg("product_low_yield"), True),
        ([("c", "才三点 还早呢")], neg("product_low_yield"), False),
        # staff who could not answer: a complaint, the reported question asks nothing
        ([UNANSWERED], neg("service_unprofessional"), True),
        ([UNANSWERED], ask("investment_direction"), False),
        ([("c", "你连申购费都说不清楚 还理财经理呢")], neg("service_unprofessional"), True),
        ([("c", "我也说不清楚 你帮我看看这个钱投到哪了")], neg("service_unprofessional"), False),
        ([("c", "这个理财的钱投到哪了")], ask("investment_direction"), True),
        # rude staff beside a reported question
        ([("c", "问她两个产品啥区别都讲不明白 问多了还不耐烦")], neg("service_attitude_bad"), True),
        ([("c", "我问多了你们会不会不耐烦")], neg("service_attitude_bad"), False),
        # a rate asked for as what the bank can reach
        ([("c", "两年期的理财现在能做到3.5%吗")], ask("yield"), True),
        # 12345 inside a password is no hotline; a vented wish is no complaint
        ([("c", "密码是123456 你帮我弄吧")], neg("complaint"), False),
        ([("c", "每回都排这么久 我都想投诉了")], neg("complaint"), False),
        ([("c", "我要打12345投诉你们")], neg("complaint"), True),
        # a yield compared with another bank or with earlier buys
        ([("c", "你们这款收益比招行的高一点")], pos("product_yield"), True),
        ([("c", "收益真不错 比我之前买的都高")], pos("product_yield"), True),
        ([("c", "我之前买的那个收益不错")], pos("product_yield"), False),
        # expertise said as a comparison
        ([("c", "还是你讲得最明白")], pos("service_professional"), True),
        ([("c", "我是讲得最明白的吗")], pos("service_professional"), False),
        # activities and gifts
        ([("c", "你们行天天搞活动")], pos("activity_many"), True),
        ([("c", "又是抽奖又是立减 羊毛薅不完")], pos("activity_generous"), True),
        # clicks, pages and repeated checks in the app
        ([("c", "买个理财要跳七八个页面")], neg("system_cumbersome"), True),
        ([("c", "你们app只要点两下就买好了")], neg("system_cumbersome"), False),
        ([("c", "刷脸要刷好几次 还老让我重新登录")], neg("system_cumbersome"), True),
        # few products or branches, counted with 这几 / 就…一个
        ([("c", "你们就这几只基金可以选")], neg("product_limited"), True),
        ([("c", "你们就这几只基金吗 还有别的吗")], neg("product_limited"), False),
        ([("c", "全市就你们两个网点")], neg("branch_few"), True),
        ([("c", "我家附近就有你们两三个网点 方便得很")], neg("branch_few"), False),
        # doing the purchase alone in the app is no research; reading up alone is
        ([PITCH, ("c", "可以 我回头自己在手机银行上点就行")], refusal("self_research"), False),
        ([PITCH, ("c", "资料发我吧 我自己研究研究")], refusal("self_research"), True),
        ([PITCH, ("c", "先不用 宣传单给我 回去自己看")], refusal("self_research"), True),
        # a date the money is needed by picks a term
        ([("s", "这款是两年期的"), ("c", "两年太长了 钱要留着")], refusal("funds_committed"), False),
        ([("s", "您想存多久"), ("c", "半年吧 半年后要装修")], refusal("funds_committed"), False),
        ([PITCH, ("c", "不买了 钱要留着给我妈看病")], refusal("funds_committed"), True),
        (
            [PITCH, ("c", "那算了 这钱可能半年内就要用"), ("s", "理解"), ("c", "有没有三个月的")],
            refusal("funds_committed"),
            False,
        ),
        # a rumour the customer checks asks about yield or risk, also with 真的吗 in the next turn
        ([("c", "我邻居说你们理财收益挺高的"), ("c", "真的吗")], ask("yield"), True),
        ([("c", "我邻居说你们理财收益挺高的")], ask("yield"), False),
        ([("c", "听同事说你们这个理财是保本的 是不是真的")], ask("risk"), True),
        ([("c", "听说现在有款理财能到百分之四？")], ask("yield"), True),
        ([("c", "你们这个理财能不能确保保本")], ask("risk"), True),
        ([("c", "怎么在网银上买基金")], ask("how_to_buy"), True),
        # 投什么的 / 投啥的 ask where the money goes; a list closed by 啥的 does not
        ([("c", "那这个债基是投什么的")], ask("investment_direction"), True),
        ([("c", "我平时就买点基金啥的")], ask("investment_direction"), False),
        # a redemption notice, a daily limit, a maturity date, fees asked for as a request
        ([("c", "赎回的话要提前几天申请")], ask("subscription_redemption"), True),
        ([("c", "前几天我赎回了一笔")], ask("subscription_redemption"), False),
        ([("c", "行 那一天能取多少")], ask("subscription_redemption"), True),
        ([("c", "对了 我那个理财啥时候到期")], ask("term"), True),
        ([("c", "指数基金可以看看 把费率发我")], ask("fees"), True),
        # praise in a letter, 呢 or not
        ([("c", "上回多亏你了 我还给你们行写了封表扬信呢")], pos("praise"), True),
        ([("c", "要不要我给你写个表扬信")], pos("praise"), False),
        # money spoken for because of a relative's need is the customer's own refusal
        ([PITCH, ("c", "暂时不了 我妈下个月要住院 钱得留着")], refusal("funds_committed"), True),
        ([("c", "我想把钱转给我儿子 他下个月要买房")], refusal("funds_committed"), False),
        # spending that leaves nothing, beside putting the offer off
        ([PITCH, ("c", "等有闲钱再说吧 现在孩子上学开销太大了")], refusal("no_money"), True),
        ([("c", "宝宝刚出生 开销大得很 想给他存点钱")], refusal("no_money"), False),
        ([("s", "您最近有什么理财打算"), ("c", "暂时没有 到时候再说")], refusal("no_money"), False),
        ([PITCH, ("c", "我也不是不想买 就是手头确实紧")], refusal("no_money"), True),
        # no activities, complained of as a question
        ([("c", "你们怎么一个活动都没有啊")], neg("activity_few"), True),
        ([("c", "你们最近有活动吗 一个活动都没有吗")], neg("activity_few"), False),
        # fame, a smooth page, a yield praised from the customer's own experience here
        ([("c", "你们行牌子大 放心")], pos("brand_awareness"), True),
        ([("c", "刚在手机银行买了个理财 页面也不卡")], pos("system_smooth"), True),
        ([("c", "以前就在你们这买过 收益挺稳的")], pos("product_yield"), True),
        ([("c", "以前收益挺稳的 现在不行了")], pos("product_yield"), False),
        ([("c", "基本不用排队 比别家强")], pos("product_yield"), False),
        # someone else's app, a fund manager wished for, a person praised, a bank run told
        ([("c", "我同事还说他们公司那个app卡得要死")], neg("system_laggy"), False),
        ([("c", "基金经理得靠谱 我就买主动管理的")], pos("service_professional"), False),
        ([("c", "小周你太给力了 办得又快又好")], pos("activity_generous"), False),
        ([("c", "这次活动送的东西太给力了")], pos("activity_generous"), True),
        ([("c", "听说那家银行出事的时候好多储户的钱都取不出来")], ask("liquidity"), False),
        ([("c", "你们的app用着挺顺手的")], pos("system_convenient"), True),
        ([("c", "你们的app用着挺顺手的")], pos("system_smooth"), False),
        ([("c", "我哪有时间去网点")], refusal("no_time"), False),
        # an advisor elsewhere named before asking for a product is no refusal
        (
            [("c", "我在招行有个理财经理 她推的基金还不错"), ("c", "你们这边有类似的吗")],
            refusal("has_advisor"),
            False,
        ),
        ([PITCH, ("c", "不用了 我在招行有专属的理财经理")], refusal("has_advisor"), True),
        # calls forbidden, data sold, an advisor already there, a dull cash-back, a long queue
        ([("c", "我说过了 你们别重复打了好吧")], risk("dislikes_calls"), True),
        ([("c", "填了会不会被卖给推销的")], risk("privacy_concern"), True),
        ([("c", "填了会不会被卖给推销的 老接到骚扰电话")], risk("dislikes_calls"), False),
        ([PITCH, ("c", "不用 保险那边的业务员跟我很熟 一直是她负责")], refusal("has_advisor"), True),
        ([("c", "就几块钱的立减 没意思")], neg("activity_weak"), True),
        ([("c", "这基金没意思")], neg("activity_weak"), False),
        ([("c", "你们这每次来都得等一上午")], neg("branch_long_wait"), True),
        # a branch nearby is no count of branches; a loss reported asks no yield; scam calls doubt the caller
        ([("c", "你们这挺好 网点离我家近")], pos("branch_many"), False),
        ([("c", "你们网点真多 我家楼下就有一个")], pos("branch_many"), True),
        ([("c", "我买的理财现在收益是负的 怎么回事")], ask("yield"), False),
        ([("c", "现在骗子电话太多了 你怎么证明你是银行的")], risk("dislikes_calls"), False),
        # a licensed bank asked about, a past scam call told: no doubt about who is calling
        ([("c", "没听过你们 你们是正规银行吗")], risk("doubts_identity"), False),
        ([("c", "上回就接到过骗子电话 说是银行的 我没理")], risk("doubts_identity"), False),
        ([("c", "你真是银行的吗 现在骗子太多了")], risk("doubts_identity"), True),
        # an insurer's service is not this bank's
        ([("c", "我闺蜜在平安买的保险 理赔慢 客服也是一问三不知")], neg("service_unprofessional"), False),
        ([("c", "你们客服一问三不知")], neg("service_unprofessional"), True),
        ([PITCH, ("c", "我平时就打打游戏 对理财没兴趣")], refusal("not_needed"), True),
        # a product named, then asked for
        ([("c", "想给孩子买个教育金保险 你们那有没有")], ask("recommendation"), True),
        ([("c", "你们有费率低一点的指数基金吗")], ask("recommendation"), True),
        ([("c", "你们有健身房的合作吗")], ask("recommendation"), False),
        # a ban on selling, a polite word, a question whether the owner must come
        ([("c", "我就来存个钱 别给我推销什么理财基金了")], refusal("not_needed"), True),
        ([("c", "我就要稳当的 别给我推风险大的")], refusal("not_needed"), False),
        ([("c", "小姑娘说话也客气")], pos("service_attitude"), True),
        ([("c", "帮我妈买理财 需要她本人来吗")], ask("how_to_buy"), True),
        ([("c", "我也说不清楚 你就说这个理财收益多少")], ask("yield"), True),
        ([("c", "离我最近的网点在哪 那边人多不多")], ask("branch"), True),
        ([("c", "没听说过你们 你们在哪")], ask("branch"), True),
        ([("c", "礼品无所谓 你就说收益吧")], ask("yield"), True),
        ([("c", "别家收益是真高 五个点 你们能有这么高吗")], ask("yield"), True),
        ([("c", "同志 现在存款有四厘五的吗")], ask("yield"), True),
        ([("c", "你们是小银行吧 不会出事吧")], ask("risk"), True),
        ([("c", "这个理财不会亏吧")], ask("risk"), True),
        ([("c", "放心 肯定不会亏吧")], ask("risk"), False),
        # traps for the phrasings above
        ([("c", "我手上就这几只基金 你帮我看看")], neg("product_limited"), False),
        ([("c", "我们那方圆几公里都没有超市")], neg("branch_few"), False),
        ([("c", "问太多了 我怕你们不耐烦")], neg("service_attitude_bad"), False),
        ([("c", "这一步需要点一下确认就行")], neg("system_cumbersome"), False),
        ([("c", "你是学什么专业啊")], pos("service_professional"), False),
        ([("c", "我也是懂行的 股票做了十年")], pos("service_professional"), False),
        ([("c", "我信用卡逾期被罚了滞纳金")], neg("brand_reputation_bad"), False),
        ([("c", "你们银行出过事吗")], neg("brand_reputation_bad"), False),
        ([("c", "礼品能给多少")], ask("yield"), False),
        # no time or head for it right now
        ([PITCH, ("c", "以后再说吧 我最近时间紧")], refusal("no_time"), True),
        ([PITCH, ("c", "孩子刚出生 我哪有心思弄这些")], refusal("no_time"), True),
    ],
)
def test_round_two_questions(
    miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这个理财要放多久", True),
        ("多久的", True),
        ("定期存多长时间比较好", True),
        # a queue, an insurance waiting period or a past span is no term question
        ("前面三位还要多久", False),
        ("等待期多久", False),
        ("上次等得还行 没多久", False),
    ],
)
def test_term_questions_need_a_product(miner: Miner, text: str, expected: bool) -> None:
    assert (("voice.question", "term") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("你们的产品挺多的 选择不少", ("voice.positive", "product_variety"), True),
        ("我那个基金亏了不少吧", ("voice.positive", "product_variety"), False),
        ("你们三年期利息多少", ("voice.question", "yield"), True),
        ("送不送东西无所谓 我就看利息", ("voice.question", "yield"), False),
        ("这么低啊 你们这利息是越来越少了", ("voice.question", "yield"), False),
    ],
)
def test_statements_about_money_are_no_praise_or_question(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手机银行老是登不上 卡得要死", True),
        ("我手机银行登不上了 密码忘了", False),
        ("手机银行登不上去 换了号收不到验证码", False),
    ],
)
def test_a_forgotten_password_is_no_laggy_app(miner: Miner, text: str, expected: bool) -> None:
    assert (("voice.negative", "system_laggy") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你们网点每次都要排一个多小时", True),
        ("那挺好，上次去别的行排了一个多小时。", False),
        ("上次去别的银行排了一个多小时", False),
    ],
)
def test_a_queue_at_another_bank_is_theirs(miner: Miner, text: str, expected: bool) -> None:
    assert (("voice.negative", "branch_long_wait") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上次买的那款理财收益还不错 比预期高一点", True),
        ("挺好的 收益比我在别的银行买的高", True),
        ("比我放在招行的强多了", True),
        ("我以前在支付宝 后来都转到你们这了 你们这收益还不错", True),
        ("希望收益比预期高一点", False),
        ("招行的比我在你们这买的高", False),
        ("比我在工行买的高吗", False),
    ],
)
def test_a_yield_beating_expectation_or_a_holding_elsewhere_is_praise(
    miner: Miner, text: str, expected: bool
) -> None:
    assert (("voice.positive", "product_yield") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ([("c", "小张 推荐个基金呗 最近想买点")], True),
        ([("c", "R3的可以接受 你推荐个")], True),
        ([("c", "亏个二三十也扛得住 给我推几只股票型的")], True),
        ([("c", "我也不懂这些 你帮我看看呗 我就要保本的")], True),
        ([("c", "想给宝宝存一笔教育金 啥产品合适啊")], True),
        ([("c", "我想开始定投 什么基金适合新手")], True),
        ([("c", "你推荐的那个基金亏了")], False),
        ([("c", "别给我推几只股票型的")], False),
        ([("c", "我卡被锁了 你帮我看看吧")], False),
        ([("c", "什么时候买合适")], False),
        ([("s", "我给您推荐一只我们代销的指数基金"), ("c", "嗯")], False),
    ],
)
def test_a_request_for_advice_needs_no_question_word(
    miner: Miner, turns: list[tuple[str, str]], expected: bool
) -> None:
    assert (("voice.question", "recommendation") in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        # a no to a question about a habit is no refusal of an offer
        ([("s", "您平时用手机银行吗"), ("c", "不用不用 眼睛不好 我就来柜台")], refusal("not_needed"), False),
        ([PITCH, ("c", "不用不用 我不买")], refusal("not_needed"), True),
        # 我自己来 does the step alone, it researches nothing
        ([("s", "密码您自己输"), ("c", "我自己来")], refusal("self_research"), False),
        ([PITCH, ("c", "不用了 我自己研究研究")], refusal("self_research"), True),
        # a budget or a plan told while buying is no refusal
        (
            [("s", "基金定投门槛很低"), ("c", "每个月投个1000可以吗 刚工作没多少钱")],
            refusal("no_money"),
            False,
        ),
        ([PITCH, ("c", "刚工作没多少钱 先不考虑了")], refusal("no_money"), True),
    ],
)
def test_a_no_to_a_habit_or_a_budget_while_buying_is_no_refusal(
    miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


FUNDS = refusal("funds_committed")
ADVISOR = refusal("has_advisor")


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        # money already planned for a named need
        ([("s", "后面怎么安排"), ("c", "那笔钱我已经想好了 到期就取出来给孩子交首付")], FUNDS, True),
        ([("s", "到期以后要不要继续"), ("c", "不续了 那个钱 要给我爸做手术")], FUNDS, True),
        ([("s", "您那笔存单下周到期"), ("c", "那个钱我已经想好了 存三年定期")], FUNDS, False),
        # an advisor named by 顾问 or by the one the customer always goes to
        ([("c", "说实话 我已经有个私人银行的顾问了 你们就不用操心了")], ADVISOR, True),
        ([("s", "我们网点新来了一位理财经理"), ("c", "不用了 我一直找你们马经理的")], ADVISOR, True),
        ([("c", "我在工行有个理财经理 不过你们这儿我还没人管 以后你就负责我吧")], ADVISOR, False),
    ],
)
def test_planned_money_and_an_advisor_named_in_other_words(
    miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        ([("s", "您平时玩游戏吗"), ("c", "玩啊 王者天天打")], risk("dislikes_calls"), False),
        ([("c", "你们天天打 烦死了")], risk("dislikes_calls"), True),
        ([("s", "想给您介绍一下理财"), ("c", "我最近准备去云南旅游 回来再说")], FUNDS, False),
        ([PITCH, ("c", "这钱准备给孩子明年出国留学用的 动不了")], FUNDS, True),
    ],
)
def test_games_and_trips_are_no_calls_or_spoken_money(
    miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        ([("s", "可以考虑七天的产品"), ("c", "对 不能锁太死 随时要进货的 最多一个月")], FUNDS, False),
        ([PITCH, ("c", "这钱是留着给我妈看病的 随时要用 不能动")], FUNDS, True),
        ([("c", "你们不会把我信息给别人吧 哈哈开玩笑的 正规银行我放心")], risk("privacy_concern"), False),
        ([("c", "你们不会把我信息给别人吧")], risk("privacy_concern"), True),
    ],
)
def test_quick_access_is_no_spoken_money_and_banter_no_privacy_worry(
    miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("你们全市就这么几个网点，我跑了二十公里过来", ("voice.negative", "branch_few"), True),
        ("我住的新区那边一个你们的点都没有", ("voice.negative", "branch_few"), True),
        ("来了还要等一个多小时", ("voice.negative", "branch_long_wait"), True),
        ("到账要等一个多小时", ("voice.negative", "branch_long_wait"), False),
        ("今天挺快 取号前面就两个人", ("voice.positive", "branch_short_wait"), True),
        ("他们家前面就两个人", ("voice.positive", "branch_short_wait"), False),
        ("人家招行天天有活动 你们一年到头也没几个", ("voice.negative", "activity_few"), True),
        ("人家招行活动一年到头也没几个", ("voice.negative", "activity_few"), False),
        ("满1万才送5块立减金 打发叫花子呢", ("voice.negative", "activity_weak"), True),
        ("难怪你们银行没几个人知道", ("voice.negative", "brand_awareness_low"), True),
        ("你们这利率比隔壁农商行低了快半个点", ("voice.negative", "product_low_yield"), True),
        ("招行比农商行利率低", ("voice.negative", "product_low_yield"), False),
        ("你们利率比工行低吗", ("voice.negative", "product_low_yield"), False),
        ("经理小王 人是真的好 陪我弄了一下午", ("voice.positive", "service_attitude"), True),
    ],
)
def test_branch_activity_and_yield_judgements_in_other_words(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("你们这基金怎么买 在柜台还是手机上", ("voice.question", "branch"), False),
        ("金条怎么买 是在这柜台直接买吗 还是得手机上预约", ("voice.question", "branch"), False),
        ("跑网点太麻烦 你们app上能办不", ("voice.question", "branch"), False),
        ("你们网点周六开门吗", ("voice.question", "branch"), True),
        ("想给女儿办张卡 要带什么", ("voice.question", "how_to_buy"), False),
        ("大额存单咋买 要带啥不", ("voice.question", "how_to_buy"), True),
    ],
)
def test_a_channel_choice_is_no_branch_question_and_an_errand_no_purchase(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这个申购费多少 几天能确认份额", False),
        ("这款封闭期多久", True),
    ],
)
def test_days_until_units_are_confirmed_ask_no_term(miner: Miner, text: str, expected: bool) -> None:
    assert (("voice.question", "term") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        ([("s", "想给您推荐一款养老保险"), ("c", "保险我不要 我不相信保险")], refusal("not_needed"), True),
        ([("c", "我不信 我挂了打你们官方客服问")], risk("doubts_identity"), True),
        ([("c", "等一下 你怎么有我号码的 谁给你的")], risk("privacy_concern"), True),
        ([("c", "行 那我想想 不过我这人不太喜欢你们打电话来 有事发短信吧")], risk("dislikes_calls"), True),
        ([("c", "不用了 我平时不太喜欢接推销电话")], risk("dislikes_calls"), True),
        ([("c", "我一般在你们这个在线客服上问 不喜欢打电话")], risk("dislikes_calls"), False),
    ],
)
def test_refusals_and_worries_in_other_words(
    miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请问这个产品钱投哪去了 是买股票吗", True),
        ("这个产品的钱投资到哪了 我想搞清楚再买", True),
        ("主要买什么的", True),
        ("我知道钱投资到哪了", False),
    ],
)
def test_where_the_money_goes_in_other_words(miner: Miner, text: str, expected: bool) -> None:
    assert (("voice.question", "investment_direction") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "tag", "expected"),
    [
        ([("s", "要不要办个手机银行"), ("c", "不用不用 俺不会用手机")], refusal("not_needed"), False),
        ([("s", "那我给您加个企业微信"), ("c", "不用了 我用IM就行")], refusal("not_needed"), False),
        ([("c", "我不是不想接电话 就是开盘以后要盯盘")], risk("dislikes_calls"), False),
        ([("c", "我不想接电话 你们别打了")], risk("dislikes_calls"), True),
    ],
)
def test_a_channel_turned_down_is_no_product_refusal(
    miner: Miner, turns: list[tuple[str, str]], tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("挺顺的 页面一下就出来 从来没卡过", ("voice.positive", "system_smooth"), True),
        ("而且一到晚上就卡 刷半天刷不出来", ("voice.negative", "system_laggy"), True),
        ("你们柜员连定期能不能取都不知道", ("voice.negative", "service_unprofessional"), True),
        ("客服说了半天 他自己好像也不太清楚", ("voice.negative", "service_unprofessional"), True),
        ("我连密码都不知道", ("voice.negative", "service_unprofessional"), False),
        ("你们银行口碑一直很好", ("voice.positive", "brand_reputation"), True),
        ("你们口碑不是很好", ("voice.positive", "brand_reputation"), False),
        ("我觉得你们信誉真不怎么样", ("voice.negative", "brand_reputation_bad"), True),
        ("之前那个小李可专业了", ("voice.positive", "service_professional"), True),
    ],
)
def test_app_staff_and_brand_judgements_in_other_words(
    miner: Miner, text: str, tag: tuple[str, str], expected: bool
) -> None:
    assert (tag in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我来问问 我那个存折上的钱 到期了没", False),
        ("这个理财什么时候到期", True),
    ],
)
def test_whether_a_holding_has_matured_asks_no_term(miner: Miner, text: str, expected: bool) -> None:
    assert (("voice.question", "term") in tags(miner, ("c", text))) is expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ([("s", "平时有存钱的打算吗"), ("c", "我还是学生 卡里就生活费 理财什么的等毕业再说吧")], True),
        ([("c", "我还在读研 以后每个月家里生活费打进来")], False),
    ],
)
def test_only_living_money_put_off_is_no_money(
    miner: Miner, turns: list[tuple[str, str]], expected: bool
) -> None:
    assert (refusal("no_money") in tags(miner, *turns)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我得赶紧回去 家里老人一个人在家 下次再说吧", True),
        ("我得赶紧回去做饭了", False),
    ],
)
def test_a_hurry_with_the_offer_put_off_is_no_time(miner: Miner, text: str, expected: bool) -> None:
    assert (refusal("no_time") in tags(miner, PITCH, ("c", text))) is expected
