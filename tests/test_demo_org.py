"""The demo organisation in the app DB (SQLite and PostgreSQL): org tree, staff, personas, users."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from siyu.db.models import OrgUnit, Persona, Staff, User
from siyu.demo import generate_bank
from siyu.demo.org import DEMO_PASSWORD, plan_org
from siyu.demo.vocab import vocab
from siyu.security.passwords import verify_password

TODAY = dt.date(2026, 11, 23)
LATIN = re.compile(r"[A-Za-z]")


def test_org_staff_personas_users_upserted_idempotently(workspace):
    generate_bank(workspace, customers=50, conversations=5, seed=9, today=TODAY)
    generate_bank(workspace, customers=50, conversations=5, seed=9, today=TODAY)
    with workspace.session() as s:
        units = s.scalars(select(OrgUnit)).all()
        kinds = [u.kind for u in units]
        assert kinds.count("head_office") == 1
        branches = [u for u in units if u.kind == "branch"]
        assert len(branches) == 3 and len({b.city for b in branches}) == 3
        subs = [u for u in units if u.kind == "sub_branch"]
        assert len(subs) == 12 and all(u.parent.kind == "branch" and u.city == u.parent.city for u in subs)

        staff = s.scalars(select(Staff)).all()
        by_kind = {
            k: [x for x in staff if x.kind == k]
            for k in ("manager", "remote", "operations", "compliance", "branch_head")
        }
        assert len(by_kind["manager"]) == 60
        assert all(m.org.kind == "sub_branch" and m.specialties for m in by_kind["manager"])
        assert len({m.org_id for m in by_kind["manager"]}) == 12
        assert len(by_kind["remote"]) == 10 and all(r.org.kind == "head_office" for r in by_kind["remote"])
        assert by_kind["operations"] and by_kind["compliance"] and len(by_kind["branch_head"]) == 3
        assert all(200 <= m.capacity <= 500 for m in by_kind["manager"])

        personas = s.scalars(select(Persona)).all()
        assert len(personas) == 70
        complete = [
            p
            for p in personas
            if p.story
            and p.avatar_kind == "real_photo"
            and not LATIN.search(p.display_name)
            and p.display_name.startswith(("小", "江南银行小"))
        ]
        assert len(complete) >= 20
        assert any(p.story is None for p in personas)
        assert any(LATIN.search(p.display_name) for p in personas)
        assert any(p.avatar_kind == "virtual_ip" and p.service_mode == "one_to_one" for p in personas)

        users = s.scalars(select(User)).all()
        assert s.scalar(select(func.count()).select_from(User)) == len({u.username for u in users}) == 6
        assert {u.role for u in users} == {"admin", "head_office", "branch_head", "manager", "compliance"}
        assert all(verify_password(DEMO_PASSWORD, u.password_hash) for u in users)
        manager_1 = next(u for u in users if u.username == "manager_1")
        assert s.get(Staff, manager_1.staff_id).kind == "manager"
        assert next(u for u in users if u.username == "branch_head_1").org_id == "B1"


def test_persona_signatures_match_identity_unless_planted_weak():
    plan = plan_org(9)
    specialties = vocab()["specialties"]
    weak_signatures = set(vocab()["weak_personas"]["signatures"])
    unrelated = 0
    for p in plan.personas:
        fitting = next(v["signatures"] for v in specialties.values() if v["identity"] == p["social_identity"])
        if p["signature"] in weak_signatures:
            unrelated += 1
        else:
            assert p["signature"] in fitting
    assert unrelated >= 1
    assert plan_org(9) == plan_org(9)
    assert plan_org(9).staff != plan_org(10).staff
