"""Persona checks on good and bad examples taken from the persona-building guidance."""

from __future__ import annotations

from dataclasses import replace

import typer
from typer.testing import CliRunner

from siyu.db.models import OrgUnit, Persona, Staff
from siyu.persona.checks import PersonaData, check_persona, is_common_han, personal_part
from siyu.persona.cli import register
from siyu.persona.store import check_workspace
from siyu.workspace import Workspace

BANK = ["杭银", "杭州银行"]

# The national-level athlete who rebuilt his persona as a sports enthusiast (运动达人).
RUNNER = PersonaData(
    staff_id="M1",
    display_name="杭银小王",
    avatar_kind="real_photo",
    social_identity="运动达人·马拉松跑者",
    signature="每天五公里，陪你跑赢通胀，也跑赢自己",
    personality="热情开朗，说话干脆，爱鼓励人",
    story=(
        "我以前是国家一级运动员，退役后进了银行，跑步的习惯一直没丢。每周末我都会组织客户一起晨跑，"
        "跑完聊聊健身心得，也聊聊家里的钱怎么打理。去年带着二十多位客户一起跑完了西湖半程马拉松。"
    ),
    service_mode="one_to_one",
    specialties=("running", "fitness"),
)

# The manager who loves photography and shoots clients' best moments at offline events (摄影达人).
PHOTOGRAPHER = PersonaData(
    staff_id="M2",
    display_name="林姐·杭州银行",
    avatar_kind="real_photo",
    social_identity="摄影达人",
    signature="用镜头留住每一个美好瞬间",
    personality="细心温柔，耐心倾听",
    story=(
        "我从小就喜欢摄影，上班后用第一个月的工资给自己买了相机，下班后学习各种摄影技巧，"
        "每到周末都会带上心爱的相机拍城市里遇到的美好瞬间，也常为客户在线下活动中拍下最美的照片。"
    ),
    specialties=("photography",),
)


def failed(report) -> set[str]:
    return {r.check for r in report.results if not r.passed}


def test_good_personas_score_full() -> None:
    for p in (RUNNER, PHOTOGRAPHER):
        rep = check_persona(p, BANK)
        assert rep.score == 100, failed(rep)
        assert rep.suggestions == []


def test_english_name_is_flagged_with_a_suggestion() -> None:
    rep = check_persona(replace(RUNNER, display_name="Tony Wang"), BANK)
    assert {"name_no_latin", "name_bank", "name_personal", "name_length"} <= failed(rep)
    assert any("英文" in s and "Tony Wang" in s for s in rep.suggestions)
    assert rep.score < 100
    assert "name_no_latin" in failed(check_persona(replace(RUNNER, display_name="杭银小王2"), BANK))


def test_rare_characters_and_long_names() -> None:
    assert is_common_han("王") and not is_common_han("犇") and not is_common_han("A")
    assert "name_common_chars" in failed(check_persona(replace(RUNNER, display_name="杭银小犇"), BANK))
    assert "name_length" in failed(check_persona(replace(RUNNER, display_name="杭银王大锤子先生"), BANK))
    assert personal_part("小王·杭州银行", BANK, "·") == "小王"
    assert "name_personal" in failed(check_persona(replace(RUNNER, display_name="杭银王伟"), BANK))
    assert "name_personal" not in failed(check_persona(replace(RUNNER, display_name="杭银王姐"), BANK))


def test_name_must_carry_the_bank() -> None:
    rep = check_persona(replace(RUNNER, display_name="小王"), BANK)
    assert failed(rep) == {"name_bank"}
    assert any("杭银小王" in s for s in rep.suggestions)


def test_virtual_avatar_only_for_one_to_many() -> None:
    rep = check_persona(replace(RUNNER, avatar_kind="virtual_ip"), BANK)
    assert failed(rep) == {"avatar"}
    assert any("真实" in s for s in rep.suggestions)
    group = replace(RUNNER, avatar_kind="virtual_ip", service_mode="one_to_many")
    assert check_persona(group, BANK).score == 100


def test_financial_identity_and_unrelated_signature() -> None:
    rep = check_persona(replace(RUNNER, social_identity="资深理财经理"), BANK)
    assert {"identity_non_financial", "identity_specialty", "signature_matches", "story_matches"} <= failed(
        rep
    )
    rep = check_persona(replace(RUNNER, signature="专业理财，值得信赖"), BANK)
    assert failed(rep) == {"signature_matches"}
    assert any("签名" in s for s in rep.suggestions)


def test_missing_story_and_empty_persona() -> None:
    rep = check_persona(replace(RUNNER, story=None), BANK)
    assert failed(rep) == {"story_length", "story_matches"}
    # only the story suggestion: the dependent story check stays quiet
    assert len(rep.suggestions) == 1 and "24" in rep.suggestions[0]
    empty = check_persona(PersonaData(staff_id="M9"), BANK)
    assert empty.score == 0
    assert 3 <= len(empty.suggestions) <= 8  # one per missing dimension, no noise from dependent checks


def test_identity_must_fit_declared_specialties() -> None:
    rep = check_persona(replace(PHOTOGRAPHER, specialties=("stock_analysis",)), BANK)
    assert failed(rep) == {"identity_specialty"}
    assert check_persona(replace(PHOTOGRAPHER, specialties=()), BANK).score == 100


def seed(ws: Workspace) -> None:
    with ws.session() as s:
        s.add(OrgUnit(org_id="HO", name="杭州银行总行", kind="head_office"))
        s.flush()
        s.add_all(
            [
                Staff(staff_id="M1", name="王强", kind="manager", org_id="HO", specialties=["running"]),
                Staff(staff_id="M2", name="林芳", kind="manager", org_id="HO", specialties=["photography"]),
                Staff(staff_id="OP", name="运营", kind="operations", org_id="HO", specialties=[]),
            ]
        )
        s.flush()
        for p in (RUNNER, PHOTOGRAPHER):
            s.add(
                Persona(
                    staff_id=p.staff_id,
                    display_name=p.display_name,
                    avatar_kind=p.avatar_kind,
                    social_identity=p.social_identity,
                    signature=p.signature,
                    personality=p.personality,
                    story=p.story,
                    service_mode=p.service_mode,
                )
            )
        s.flush()
        s.get(Persona, "M2").avatar_kind = "virtual_ip"


def test_workspace_reports(workspace: Workspace) -> None:
    seed(workspace)
    reports = {st.staff_id: rep for st, rep in check_workspace(workspace, bank_names=BANK)}
    assert set(reports) == {"M1", "M2"}  # operations staff serve no customers
    assert reports["M1"].score == 100
    assert failed(reports["M2"]) == {"avatar"}
    # without --bank the head office's name counts as the bank's name: 林姐·杭州银行 passes, 杭银小王 not
    reports = {st.staff_id: rep for st, rep in check_workspace(workspace)}
    assert failed(reports["M1"]) == {"name_bank"} and "name_bank" not in failed(reports["M2"])


def test_cli(sqlite_workspace: Workspace) -> None:
    seed(sqlite_workspace)
    d = str(sqlite_workspace.settings.data_dir)
    runner = CliRunner()
    app = typer.Typer()
    register(app)
    r = runner.invoke(app, ["persona", "check", "M2", "--bank", "杭银,杭州银行", "--data-dir", d])
    assert r.exit_code == 0, r.output
    assert "人设完整度" in r.output and "真实" in r.output
    r = runner.invoke(app, ["persona", "check", "--bank", "杭银,杭州银行", "--data-dir", d])
    assert r.exit_code == 0 and "M1" in r.output and "M2" in r.output and "100" in r.output
    r = runner.invoke(app, ["persona", "check", "NOPE", "--data-dir", d])
    assert r.exit_code == 1
