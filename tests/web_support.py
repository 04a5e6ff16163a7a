"""A tiny bank for the console tests: two branches, two managers, three customers, one conversation
with a mined tag and a compliance hit. Built directly with SQLAlchemy and PyArrow."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa
from fastapi.testclient import TestClient
from sqlalchemy import select

from siyu.db.models import OrgUnit, Staff, User
from siyu.security.passwords import hash_password
from siyu.web.models import AuditLog
from siyu.workspace import Workspace

PASSWORD = "Siyu-test-2026"
_HASH = hash_password(PASSWORD)  # scrypt is slow on purpose: hash once for every fixture user

USERS = {
    "admin": ("admin", None, None),
    "ho": ("head_office", None, "HO"),
    "bh1": ("branch_head", "BH1", None),
    "m1": ("manager", "M1", None),
    "m2": ("manager", "M2", None),
    "cp": ("compliance", "CP1", None),
}

PHONE_C001 = "13812345678"
ID_C001 = "110101199001011234"
T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)

UTTERANCES_CV1 = [
    {"speaker": "staff", "text": "您好，我是小王", "ts": T0},
    {"speaker": "customer", "text": "我平时喜欢跑步，电话13812345678", "ts": T0},
    {"speaker": "staff", "text": "这款理财保本保收益，稳赚不赔", "ts": T0},
]


def build_bank(ws: Workspace) -> None:
    with ws.session() as s:
        s.add_all(
            [
                OrgUnit(org_id="HO", name="总行", kind="head_office"),
                OrgUnit(org_id="B1", name="城东分行", kind="branch", parent_id="HO"),
                OrgUnit(org_id="B1S1", name="城东一支行", kind="sub_branch", parent_id="B1"),
                OrgUnit(org_id="B2", name="城西分行", kind="branch", parent_id="HO"),
            ]
        )
        s.flush()
        s.add_all(
            [
                Staff(staff_id="M1", name="王一", kind="manager", org_id="B1S1", specialties=[]),
                Staff(staff_id="M2", name="李二", kind="manager", org_id="B2", specialties=[]),
                Staff(staff_id="BH1", name="赵行长", kind="branch_head", org_id="B1", specialties=[]),
                Staff(staff_id="CP1", name="钱合规", kind="compliance", org_id="HO", specialties=[]),
            ]
        )
        s.flush()
        for username, (role, staff_id, org_id) in USERS.items():
            s.add(User(username=username, password_hash=_HASH, role=role, staff_id=staff_id, org_id=org_id))

    lake = ws.lake
    lake.replace(
        "customers",
        pa.table(
            {
                "customer_id": ["C001", "C002", "C003"],
                "name": ["张三", "李四", "王五"],
                "gender": ["M", "F", "M"],
                "phone": [PHONE_C001, "13987654321", "13700001111"],
                "id_card": [ID_C001, "310101198502021111", "440101197003033333"],
                "city": ["北京", "北京", "北京"],
                "branch_id": ["B1", "B2", "B1"],
                "sub_branch_id": ["B1S1", None, "B1S1"],
                "aum": [300_000.0, 800_000.0, 50_000.0],
                "owner_id": ["M1", "M2", None],
                "marketing_consent": [True, True, False],
            }
        ),
    )
    lake.replace(
        "products",
        pa.table(
            {"product_id": ["P1"], "name": ["稳享90天"], "product_type": ["wealth"], "risk_level": ["R2"]}
        ),
    )
    lake.replace(
        "holdings",
        pa.table(
            {
                "holding_id": ["H1", "H2"],
                "customer_id": ["C001", "C002"],
                "product_id": ["P1", "P1"],
                "product_type": ["wealth", "wealth"],
                "amount": [200_000.0, 500_000.0],
                "cost": [195_000.0, 500_000.0],
            }
        ),
    )
    conv = {
        "conversation_id": ["CV1", "CV2"],
        "channel": ["call", "wecom"],
        "customer_id": ["C001", "C002"],
        "staff_id": ["M1", "M2"],
        "started_at": [T0, T0],
        "utterances": [UTTERANCES_CV1, [{"speaker": "staff", "text": "保证收益，放心买", "ts": T0}]],
        "source": ["canonical", "canonical"],
        "date": [date(2026, 11, 1), date(2026, 11, 1)],
    }
    lake.append("conversations", pa.table(conv))
    evidence = {"conversation_id": "CV1", "utterance": 1, "span_start": 5, "span_end": 7, "evidence": "跑步"}
    lake.append(
        "tag_events",
        pa.table(
            {
                "event_id": ["E1"],
                "customer_id": ["C001"],
                "code": ["life.interest"],
                "value": ["running"],
                "confidence": [0.9],
                "source": ["mined"],
                "observed_at": [T0],
                "date": [date(2026, 11, 1)],
                **{k: [v] for k, v in evidence.items()},
            }
        ),
    )
    lake.replace(
        "profiles",
        pa.table(
            {
                "customer_id": ["C001"],
                "code": ["life.interest"],
                "value": ["running"],
                "confidence": [0.9],
                "source": ["mined"],
                "first_seen": [T0],
                "last_seen": [T0],
                **{k: [v] for k, v in evidence.items()},
            }
        ),
    )
    lake.append(
        "compliance_hits",
        pa.table(
            {
                "hit_id": ["X1", "X2"],
                "conversation_id": ["CV1", "CV2"],
                "customer_id": ["C001", "C002"],
                "staff_id": ["M1", "M2"],
                "code": ["compliance.violation", "compliance.violation"],
                "value": ["guarantee", "guarantee"],
                "confidence": [0.95, 0.9],
                "utterance": [2, 0],
                "span_start": [4, 0],
                "span_end": [9, 4],
                "evidence": ["保本保收益", "保证收益"],
                "observed_at": [T0, T0],
                "date": [date(2026, 11, 1), date(2026, 11, 1)],
            }
        ),
    )
    lake.append(
        "touches",
        pa.table(
            {
                "touch_id": ["T1"],
                "customer_id": ["C001"],
                "staff_id": ["M1"],
                "channel": ["phone"],
                "direction": ["two_way"],
                "effective": [True],
                "touched_at": [T0],
                "source": ["logged"],
                "date": [date(2026, 11, 1)],
            }
        ),
    )
    lake.replace(
        "memberships",
        pa.table({"segment_id": ["runners"], "customer_id": ["C001"], "run_id": ["r1"], "run_at": [T0]}),
    )


def login(client: TestClient, username: str) -> str:
    """Sign in through the API; returns the session's CSRF token."""
    token = client.get("/api/session").json()["csrf_token"]
    r = client.post(
        "/api/login", json={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token}
    )
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


def audit_rows(ws: Workspace, action: str) -> list[AuditLog]:
    with ws.session() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def plan_items(ws: Workspace) -> None:
    """Worklist items of 2026-11-20 (M1: an open alert, a held campaign task; M2: an open SOP step)."""
    from datetime import date as day_type

    from siyu.plan.models import Campaign, CampaignTask, WorklistItem

    base = {
        "date": day_type(2026, 11, 20),
        "purpose": "service",
        "channel": "phone",
        "priority": 2,
        "rank": 1,
    }
    with ws.session() as s:
        s.add_all(
            [
                WorklistItem(
                    item_id="W1",
                    staff_id="M1",
                    customer_id="C001",
                    kind="alert",
                    ref="nav_drop",
                    reason="持有产品净值下跌，电话13812345678",
                    script="您好…",
                    status="open",
                    **base,
                ),
                WorklistItem(
                    item_id="W2",
                    staff_id="M1",
                    customer_id="C003",
                    kind="campaign",
                    ref="K1",
                    reason="活动客户",
                    status="held",
                    held_reason="客户未授权营销",
                    campaign_id="K1",
                    **base,
                ),
                WorklistItem(
                    item_id="W3",
                    staff_id="M2",
                    customer_id="C002",
                    kind="sop",
                    ref="new7",
                    reason="新客7天",
                    status="open",
                    **base,
                ),
                Campaign(
                    campaign_id="K1",
                    name="年末理财",
                    segment_id="runners",
                    purpose="marketing",
                    channel="phone",
                    content="",
                    script="",
                    deadline=day_type(2026, 12, 31),
                    priority=3,
                    status="dispatched",
                ),
            ]
        )
        s.flush()
        s.add_all(
            [
                CampaignTask(campaign_id="K1", customer_id="C003", staff_id="M1", status="held"),
                CampaignTask(campaign_id="K1", customer_id="C002", staff_id="M2", status="open"),
            ]
        )
