"""Demo conversations: format, channel texture, intended tags covering the whole taxonomy, export."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from siyu.cli import app
from siyu.demo import generate_bank
from siyu.demo.conversations import write_canonical_jsonl
from siyu.workspace import open_workspace

TODAY = dt.date(2026, 11, 23)
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The contract of TAXONOMY.md (pref.yield_expectation is numeric and checked apart).
TAXONOMY = {
    "basic.fund_owner": "self other",
    "basic.experience": "novice intermediate expert",
    "basic.platform": "this_bank_only other_bank fund_company securities trust insurance third_party",
    "basic.funds": "idle incoming",
    "basic.investment": "loss_elsewhere maturing_elsewhere",
    "basic.contact_time": "anytime early_morning morning noon afternoon evening weekend",
    "pref.product": "deposit wealth fund insurance gold fund_money_market fund_bond fund_hybrid fund_equity "
    "fund_active fund_index",
    "pref.term": "le_1m le_3m 3m_6m 6m_12m gt_1y",
    "pref.yield": "high",
    "pref.risk": "principal_protected steady medium high",
    "pref.gift": "yes no",
    "pref.channel": "branch online_banking mobile_app",
    "pref.contact_method": "phone im wecom wechat sms",
    "objection.refusal": "not_needed no_money funds_committed no_time self_research has_advisor",
    "objection.risk": "doubts_identity privacy_concern dislikes_calls",
    "voice.positive": "product_variety product_yield service_professional service_attitude activity_many "
    "activity_generous system_convenient system_smooth brand_reputation brand_awareness branch_many "
    "branch_short_wait praise",
    "voice.negative": "product_limited product_low_yield service_unprofessional service_attitude_bad "
    "activity_few activity_weak system_cumbersome system_laggy brand_reputation_bad brand_awareness_low "
    "branch_few branch_long_wait complaint",
    "voice.question": "recommendation yield risk term fees investment_direction subscription_redemption "
    "liquidity how_to_buy activity branch",
    "life.interest": "fitness running photography reading cooking travel beauty painting tea flowers movies "
    "stocks health games outdoor",
    "life.family": "has_children has_elders new_parent",
    "life.stage": "student young_professional parent retired",
    "compliance.violation": "guarantee off_book credential_request missing_risk_disclosure",
}
EXPECTED = {(code, v) for code, values in TAXONOMY.items() for v in values.split()}
SINGLE = {
    "basic.fund_owner",
    "basic.experience",
    "pref.term",
    "pref.yield",
    "pref.yield_expectation",
    "pref.risk",
    "pref.gift",
    "life.stage",
}


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    ws = open_workspace(tmp_path_factory.mktemp("conv") / "data")
    generate_bank(ws, customers=3_000, conversations=3_000, seed=21, today=TODAY)
    conversations = ws.lake.read("conversations").sort_by("conversation_id")
    truth: dict[str, set[tuple[str, str]]] = {}
    for row in ws.lake.read("conversation_truth").to_pylist():
        truth.setdefault(row["conversation_id"], set()).add((row["code"], row["value"]))
    return ws, conversations, truth


def test_conversation_rows_are_well_formed(bank):
    ws, conversations, _ = bank
    assert conversations.num_rows == 3_000
    customers = set(ws.lake.read("customers", ["customer_id"]).column("customer_id").to_pylist())
    start = dt.datetime.combine(TODAY, dt.time(), SHANGHAI)
    channels = set()
    for row in conversations.to_pylist():
        channels.add(row["channel"])
        assert row["source"] == "demo" and row["customer_id"] in customers and row["staff_id"]
        started = row["started_at"].astimezone(SHANGHAI)
        assert start - dt.timedelta(days=91) <= started < start
        assert row["date"] == started.date()
        utterances = row["utterances"]
        assert len(utterances) >= 4
        assert {u["speaker"] for u in utterances} == {"staff", "customer"}
        assert all(u["ts"] >= row["started_at"] for u in utterances)
    assert channels == {"call", "wecom", "im", "branch"}
    owned_share = (
        ws.lake.connect()
        .execute("""
        SELECT avg((c.owner_id IS NOT NULL)::INT) FROM conversations v JOIN customers c USING (customer_id)
    """)
        .fetchone()[0]
    )
    assert 0.2 < owned_share < 0.8


def test_channel_texture(bank):
    _, conversations, _ = bank
    rows = conversations.to_pylist()
    calls = [u["text"] for r in rows if r["channel"] == "call" for u in r["utterances"]]
    assert not any(re.search(r"[，。？！]", t) for t in calls)
    assert any(t.startswith(("嗯", "啊", "那个")) for t in calls)
    wecom = [u["text"] for r in rows if r["channel"] == "wecom" for u in r["utterances"]]
    assert any(re.search(r"\[[\u4e00-\u9fffA-Z]+\]", t) for t in wecom)


def test_truth_covers_every_taxonomy_value_and_nothing_else(bank):
    _, conversations, truth = bank
    pairs = {pair for tags in truth.values() for pair in tags}
    numeric = {v for code, v in pairs if code == "pref.yield_expectation"}
    assert numeric and all(re.fullmatch(r"\d+\.\d", v) for v in numeric)
    assert {p for p in pairs if p[0] != "pref.yield_expectation"} == EXPECTED
    for tags in truth.values():
        for code in SINGLE:
            assert len([1 for c, _ in tags if c == code]) <= 1
        if ("pref.product", "fund_bond") in tags:
            assert ("pref.product", "fund") in tags
        if ("life.family", "new_parent") in tags:
            assert {("life.stage", "parent"), ("life.family", "has_children")} <= tags
    assert set(truth) <= set(conversations.column("conversation_id").to_pylist())


def test_life_stage_fits_the_customer_age(bank):
    ws, _, _ = bank
    ages = (
        ws.lake.connect()
        .execute("""
        SELECT t.value, min(date_diff('year', c.birth_date, DATE '2026-11-23')),
               max(date_diff('year', c.birth_date, DATE '2026-11-23'))
        FROM conversation_truth t JOIN conversations v USING (conversation_id)
        JOIN customers c USING (customer_id)
        WHERE t.code = 'life.stage' OR t.value = 'new_parent' GROUP BY 1""")
        .fetchall()
    )
    bounds = {v: (lo, hi) for v, lo, hi in ages}
    assert bounds["student"][1] <= 26 and bounds["retired"][0] >= 54
    assert bounds["young_professional"][1] <= 36 and bounds["new_parent"][1] <= 46


def test_answers_bind_to_the_question_and_violations_match_the_text(bank):
    _, conversations, truth = bank
    bound = disclosed_missing = 0
    for row in conversations.to_pylist():
        tags = truth.get(row["conversation_id"], set())
        texts = [(u["speaker"], u["text"]) for u in row["utterances"]]
        for i, (speaker, text) in enumerate(texts):
            if speaker == "customer" and re.sub(r"\[[^\]]+\]$", "", text) in ("晚上吧", "嗯晚上吧"):
                assert "联系" in texts[i - 1][1] or "电话" in texts[i - 1][1]
                assert ("basic.contact_time", "evening") in tags
                bound += 1
        staff = " ".join(t for s, t in texts if s == "staff")
        if ("compliance.violation", "missing_risk_disclosure") in tags:
            disclosed_missing += 1
            assert not re.search("有风险|需谨慎|不保本|风险测评", staff)
        if ("compliance.violation", "credential_request") in tags:
            assert re.search("验证码|密码", staff)
    assert bound > 0 and disclosed_missing > 0


def test_export_canonical_jsonl_with_gold(bank, tmp_path):
    ws, conversations, truth = bank
    out = tmp_path / "conv.jsonl"
    count = write_canonical_jsonl(conversations, out, truth=ws.lake.read("conversation_truth"))
    assert count == conversations.num_rows
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == conversations.column("conversation_id").to_pylist()
    first = lines[0]
    assert first["channel"] in {"call", "wecom", "im", "branch"}
    assert first["started_at"].endswith("+08:00")
    assert set(first["utterances"][0]) == {"speaker", "text", "ts"}
    for record in lines:
        assert {(c, str(v)) for c, v in record["gold"]} == truth.get(record["id"], set())
        for code, value in record["gold"]:
            assert isinstance(value, float if code == "pref.yield_expectation" else str)
    plain = tmp_path / "plain.jsonl"
    write_canonical_jsonl(conversations.slice(0, 5), plain)
    assert all("gold" not in json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines())


def test_cli_generate_and_export(tmp_path):
    runner = CliRunner()
    data = str(tmp_path / "data")
    result = runner.invoke(
        app,
        [
            "demo",
            "generate",
            "--customers",
            "300",
            "--conversations",
            "25",
            "--seed",
            "2",
            "--today",
            "2026-11-23",
            "--data-dir",
            data,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "300" in result.output
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["demo", "export-conversations", str(out), "--with-gold", "--data-dir", data])
    assert result.exit_code == 0, result.output
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 25 and all("gold" in r for r in exported)
    bad = runner.invoke(app, ["demo", "generate", "--today", "23/11/2026", "--data-dir", data])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
    empty = runner.invoke(
        app, ["demo", "export-conversations", str(out), "--data-dir", str(tmp_path / "none")]
    )
    assert empty.exit_code == 1
