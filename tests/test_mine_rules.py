"""Rules are data: the shipped taxonomy covers the contract, and a bank's own YAML adds a tag."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from mine_support import own_miner, tags

from siyu.mine import Miner, RulesError, load_rules
from siyu.mine.rules import DEFAULT_PATHS

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "TAXONOMY.md"

EXPECTED = {
    "basic.fund_owner": {"self", "other"},
    "basic.experience": {"novice", "intermediate", "expert"},
    "basic.platform": {
        "this_bank_only",
        "other_bank",
        "fund_company",
        "securities",
        "trust",
        "insurance",
        "third_party",
    },
    "basic.funds": {"idle", "incoming"},
    "basic.investment": {"loss_elsewhere", "maturing_elsewhere"},
    "basic.contact_time": {"anytime", "early_morning", "morning", "noon", "afternoon", "evening", "weekend"},
    "pref.product": {
        "deposit",
        "wealth",
        "fund",
        "insurance",
        "gold",
        "fund_money_market",
        "fund_bond",
        "fund_hybrid",
        "fund_equity",
        "fund_active",
        "fund_index",
    },
    "pref.term": {"le_1m", "le_3m", "3m_6m", "6m_12m", "gt_1y"},
    "pref.yield": {"high"},
    "pref.risk": {"principal_protected", "steady", "medium", "high"},
    "pref.gift": {"yes", "no"},
    "pref.channel": {"branch", "online_banking", "mobile_app"},
    "pref.contact_method": {"phone", "im", "wecom", "wechat", "sms"},
    "objection.refusal": {
        "not_needed",
        "no_money",
        "funds_committed",
        "no_time",
        "self_research",
        "has_advisor",
    },
    "objection.risk": {"doubts_identity", "privacy_concern", "dislikes_calls"},
    "life.family": {"has_children", "has_elders", "new_parent"},
    "life.stage": {"student", "young_professional", "parent", "retired"},
    "compliance.violation": {"guarantee", "off_book", "credential_request", "missing_risk_disclosure"},
}


def test_taxonomy_has_every_code_and_value_of_the_contract() -> None:
    rules = load_rules()
    for code, values in EXPECTED.items():
        assert set(rules.codes[code].values) == values, code
    assert len(rules.codes["voice.positive"].values) == 13 == len(rules.codes["voice.negative"].values)
    assert len(rules.codes["voice.question"].values) == 11
    assert len(rules.codes["life.interest"].values) == 15
    assert rules.codes["pref.yield_expectation"].numeric
    assert rules.codes["compliance.violation"].speaker == "staff"
    if CONTRACT.exists():  # every `code` row of the contract is known
        codes = set(
            re.findall(
                r"^\| ((?:basic|pref|objection|voice|life|compliance)\.\w+)", CONTRACT.read_text(), re.M
            )
        )
        assert codes <= set(rules.codes)


def test_every_value_has_a_rule_or_an_extractor() -> None:
    rules = load_rules()
    covered = {(r.code, r.value) for r in rules.rules}
    conversation = {(r.code, r.value) for r in rules.conversation_rules}
    for code in rules.codes.values():
        if code.extract:
            continue
        for value in code.values:
            assert (code.code, value) in covered | conversation, f"{code.code}={value} has no cue"


def test_a_bank_adds_its_own_tag_with_yaml_only(tmp_path: Path) -> None:
    miner = own_miner(
        tmp_path,
        """
codes:
  life.pet:
    label: 宠物
    multi: true
    checks: [negation, hypothetical]
    values: {dog: 养狗, cat: 养猫}
rules:
  life.pet:
    values:
      dog: {cues: [养了条狗, 遛狗, "养…狗"]}
      cat: {cues: [养猫, 猫主子]}
  objection.refusal:
    values:
      no_time: {cues: [忙成狗]}
""",
    )
    got = tags(miner, ("c", "我家养了两只狗，天天忙成狗，不养猫"))
    assert ("life.pet", "dog") in got
    assert ("objection.refusal", "no_time") in got
    assert ("life.pet", "cat") not in got  # negated


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules:\n  life.unknown:\n    values: {x: {cues: [a]}}\n", "not in the taxonomy"),
        ("rules:\n  life.family:\n    values: {pets: {cues: [a]}}\n", "no value 'pets'"),
        (
            "rules:\n  life.family:\n    values: {has_children: {cues: ['{nolist}…孩子']}}\n",
            "unknown lexicon",
        ),
        (
            "rules:\n  life.family:\n    values: {has_children: {cues: [a], checks: [vibes]}}\n",
            "unknown check",
        ),
        ("other: 1\n", "unknown section"),
        ("rules:\n  life.family:\n    implies: {new_parent: life.stage=toddler}\n", "implies unknown"),
        ("rules: [\n", "not valid YAML"),
    ],
)
def test_broken_rule_files_are_named(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules([*DEFAULT_PATHS, bad])


PET_CODE = """
codes:
  life.pet:
    label: 宠物
    checks: [negation]
    values: {dog: 养狗}
rules:
  life.pet:
    values:
      dog:
"""


def _pets(tmp_path: Path, dog_rules: str) -> Callable[[str], bool]:
    """A bank's own tag life.pet=dog with the given rules; the returned check says whether a text gets it."""
    miner = own_miner(tmp_path, PET_CODE + dog_rules)
    return lambda text: ("life.pet", "dog") in tags(miner, ("c", text))


def test_a_context_word_written_with_a_caret_holds_at_the_utterance_start(tmp_path: Path) -> None:
    pets = _pets(tmp_path, '        cues: [狗狗]\n        not_inside: ["^狗狗 别"]\n')
    assert not pets("狗狗 别叫了")
    assert pets("我家狗狗 别提了")  # the same words further in
    assert pets("狗狗很乖")


def test_one_word_in_two_groups_with_different_support(tmp_path: Path) -> None:
    pets = _pets(
        tmp_path,
        "        groups:\n"
        "          - {weak: [狗狗], support: [每天遛]}\n"
        "          - {weak: [狗狗], support: [狗粮]}\n",
    )
    assert pets("每天遛狗狗")
    assert pets("给狗狗买狗粮")  # the second group's support counts too
    assert not pets("狗狗")


def test_a_number_extractor_excludes_words_around_the_number(tmp_path: Path) -> None:
    plain = Miner(load_rules())
    banked = own_miner(tmp_path, "rules:\n  pref.term:\n    extract:\n      exclude: [还有一笔, 放在]\n")

    def term(miner: Miner, text: str) -> bool:
        return any(code == "pref.term" for code, _ in tags(miner, ("c", text)))

    assert term(plain, "我想买个一年期的")
    assert term(banked, "我想买个一年期的")
    assert not term(banked, "我有一部分钱放在信托 一年期的 七个点")
    assert not term(banked, "信托那边还有一笔 三年期的 明年到期")


def test_a_value_taken_back_in_the_speakers_next_turn(tmp_path: Path) -> None:
    miner = own_miner(
        tmp_path,
        "rules:\n  objection.refusal:\n    values:\n"
        "      no_time: {cancel_next: [basic.contact_time, 有没有半年的]}\n",
    )

    def got(*turns: tuple[str, str]) -> set[tuple[str, object]]:
        return tags(miner, *turns)

    busy = [("s", "您现在方便吗"), ("c", "不太方便 我在开会")]
    assert ("objection.refusal", "no_time") in got(*busy)
    assert ("objection.refusal", "no_time") in got(*busy, ("s", "好的"), ("c", "嗯"))
    later = got(*busy, ("s", "那您什么时候方便"), ("c", "晚上九点以后吧"))
    assert ("objection.refusal", "no_time") not in later
    assert ("basic.contact_time", "evening") in later
    with pytest.raises(RulesError, match="cancel_next"):
        own_miner(
            tmp_path,
            "rules:\n  objection.refusal:\n    values:\n"
            "      no_time: {cancel_next: [basic.contact_time=never]}\n",
        )


def test_a_reply_to_a_turn_carrying_an_after_veto(tmp_path: Path) -> None:
    plain = Miner(load_rules())
    banked = own_miner(
        tmp_path, "rules:\n  voice.question:\n    after_veto: [compliance.violation=off_book, 不走银行]\n"
    )

    def risk(miner: Miner, staff: str) -> bool:
        return ("voice.question", "risk") in tags(miner, ("s", staff), ("c", "这个靠谱吗"))

    offbook = "我朋友公司有个项目 年化十个点 钱转到我个人账户就行"
    assert risk(plain, offbook)
    assert not risk(banked, offbook)  # a question about that scheme, not the bank
    assert risk(banked, "我们行这款理财 年化三个点")


def test_implied_tag_not_blocked_by_a_weak_hit_under_its_floor(miner: Miner) -> None:
    from siyu.mine.result import Evidence, Tag, merge

    codes = miner.rules.codes
    floor = codes["pref.product"].min_confidence
    assert floor > 0.3
    hits = [
        Tag("pref.product", "fund_index", "customer", 0.9, [Evidence(0, 5, 9, "指数基金")]),
        Tag("pref.product", "fund", "customer", floor - 0.2, [Evidence(0, 0, 2, "定投")]),
    ]
    got = {(t.code, t.value): t for t in merge(hits, codes)}
    assert ("pref.product", "fund") in got
    assert got[("pref.product", "fund")].confidence == 0.9
    # a strong hit of the implied value keeps its own evidence
    hits[1] = Tag("pref.product", "fund", "customer", 0.95, [Evidence(0, 0, 2, "定投")])
    got = {(t.code, t.value): t for t in merge(hits, codes)}
    assert got[("pref.product", "fund")].evidence == [Evidence(0, 0, 2, "定投")]


def test_word_lists_compile_on_first_use_and_pickle(miner: Miner) -> None:
    import pickle

    from siyu.mine.rules import Words

    lists = [r.exclude for r in miner.rules.rules if r.exclude is not None]
    assert lists and all(isinstance(w, Words) for w in lists)
    # equal lists are one object, so a rule's lists still compare as before
    by_source: dict[str, Words] = {}
    for w in lists:
        assert by_source.setdefault(w.pattern, w) is w
    fresh = Words("理财经理|理财师")
    assert fresh._re is None
    assert fresh.search("我是理财经理") is not None and fresh._re is not None
    assert [m.span() for m in fresh.finditer("理财师和理财经理")] == [(0, 3), (4, 8)]
    again = pickle.loads(pickle.dumps(fresh))
    assert again.pattern == fresh.pattern and again.match("理财师") is not None
    rules = pickle.loads(pickle.dumps(miner.rules))
    conv = {"id": "p", "utterances": [{"speaker": "customer", "text": "我不喜欢买理财，风险太大了"}]}
    assert [t.to_dict() for t in Miner(rules).mine(conv)] == [t.to_dict() for t in miner.mine(conv)]


def test_a_lexicon_entry_holding_another_lexicon(tmp_path: Path) -> None:
    miner = own_miner(
        tmp_path,
        """
codes:
  life.pet:
    label: 宠物
    values: {dog: 养狗}
lexicons:
  pet_word: [狗狗, 小狗]
  pet_near: ["养…{pet_word}", "{pet_word}粮"]
rules:
  life.pet:
    values:
      dog: {cues: ["{pet_near}"]}
""",
    )

    def pets(text: str) -> bool:
        return ("life.pet", "dog") in tags(miner, ("c", text))

    assert pets("我家养了一只小狗")
    assert pets("刚买了狗狗粮")
    assert not pets("{pet_word}粮")
    assert not pets("小狗真可爱")


def test_an_offer_taken_after_a_later_staff_turn_with_a_via_word(tmp_path: Path) -> None:
    bank = """
codes:
  life.pet:
    label: 宠物
    values: {dog: 养狗}
rules:
  life.pet:
    values:
      dog:
        groups:
          - {offers: [狗粮套餐], offer_reach: 2, via: [续一下, 要不要续]}
"""
    miner = own_miner(tmp_path, bank)

    def pets(*turns: tuple[str, str]) -> bool:
        return ("life.pet", "dog") in tags(miner, *turns)

    offer = ("s", "您之前订的狗粮套餐到期了")
    assert pets(offer, ("c", "嗯 是"), ("s", "那您看续一下吗"), ("c", "续吧"))
    assert pets(offer, ("c", "续吧"))
    # no via word in the staff turn taken, a refusal between, or too many staff turns
    assert not pets(offer, ("c", "嗯"), ("s", "您还有别的事吗"), ("c", "续吧"))
    assert not pets(offer, ("c", "不要了"), ("s", "那您看续一下吗"), ("c", "续吧"))
    many = (("s", "好的"), ("s", "还有"), ("s", "那您看续一下吗"), ("c", "续吧"))
    assert not pets(offer, *many)
    with pytest.raises(RulesError):
        own_miner(tmp_path, bank.replace(", via: [续一下, 要不要续]", ""))


def test_values_that_overlap_keep_both_hits(tmp_path: Path) -> None:
    def miner_with(extra: str) -> Miner:
        return own_miner(
            tmp_path,
            "rules:\n  basic.contact_time:\n    values:\n      weekend: {cues: [周六下午吧]" + extra + "}\n",
        )

    def got(miner: Miner) -> set[tuple[str, object]]:
        return tags(miner, ("s", "您什么时候方便"), ("c", "工作日没空 周六下午吧"))

    weekend, afternoon = ("basic.contact_time", "weekend"), ("basic.contact_time", "afternoon")
    hidden = got(miner_with(""))  # the afternoon inside the longer weekend phrase yields to it
    assert weekend in hidden and afternoon not in hidden
    both = got(miner_with(", overlaps: [afternoon]"))
    assert weekend in both and afternoon in both
    with pytest.raises(RulesError, match="overlaps"):
        miner_with(", overlaps: [teatime]")


def test_a_cue_for_some_channels_only(tmp_path: Path) -> None:
    miner = own_miner(
        tmp_path,
        "rules:\n  pref.contact_method:\n    values:\n"
        "      im: {groups: [{cues: [在这发我就行], channels: [im]}]}\n"
        "      wecom: {groups: [{cues: [在这发我就行], channels: [wecom]}]}\n",
    )

    def got(channel: str) -> set[tuple[str, object]]:
        found = tags(miner, ("c", "有事在这发我就行"), channel=channel)
        return {(code, value) for code, value in found if code == "pref.contact_method"}

    assert got("im") == {("pref.contact_method", "im")}
    assert got("wecom") == {("pref.contact_method", "wecom")}
    assert got("call") == set()
    with pytest.raises(RulesError, match="channels"):
        own_miner(
            tmp_path, "rules:\n  pref.contact_method:\n    values:\n      im: {cues: [在这], channels: im}\n"
        )
