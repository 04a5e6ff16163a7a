"""The console and REST API on SQLite and PostgreSQL: login, scope, CSRF, masking, audit, reviews."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_support import ID_C001, PASSWORD, PHONE_C001, audit_rows, build_bank, login, plan_items

from siyu.web.app import create_app
from siyu.web.models import ComplianceReview
from siyu.workspace import Workspace


@pytest.fixture
def bank(workspace: Workspace) -> Workspace:
    build_bank(workspace)
    return workspace


@pytest.fixture
def client(bank: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(bank)) as c:
        yield c


def test_login_form_sets_httponly_lax_cookie_and_wrong_password_is_refused(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    bad = client.post("/login", data={"username": "m1", "password": "nope", "csrf_token": token})
    assert bad.status_code == 401 and "用户名或密码错误" in bad.text
    assert [(a.user, a.role) for a in audit_rows(client.app.state.ws, "login_failed")] == [
        ("m1", "anonymous")
    ]
    ok = client.post(
        "/login", data={"username": "m1", "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"].lower()
    assert "siyu_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "王一" in client.get("/").text


def test_anonymous_requests_are_sent_to_login(client: TestClient) -> None:
    assert client.get("/api/customers").status_code == 401
    r = client.get("/customers/C001", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("username", "visible"),
    [("admin", {"C001", "C002", "C003"}), ("bh1", {"C001", "C003"}), ("m1", {"C001"}), ("m2", {"C002"})],
)
def test_search_is_scoped_by_role(client: TestClient, username: str, visible: set[str]) -> None:
    login(client, username)
    body = client.get("/api/customers").json()
    assert {c["customer_id"] for c in body["items"]} == visible
    assert body["total"] == len(visible)


def test_manager_cannot_reach_another_managers_customer(client: TestClient) -> None:
    login(client, "m1")
    assert client.get("/customers/C001").status_code == 200
    for url in ("/customers/C002", "/api/customers/C002", "/conversations/CV2", "/api/conversations/CV2"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/customers", params={"q": "C002"}).json()["total"] == 0
    assert client.get("/api/compliance/hits").status_code == 403


def test_posts_without_a_valid_csrf_token_are_refused(client: TestClient) -> None:
    assert client.post("/api/login", json={"username": "admin", "password": PASSWORD}).status_code == 403
    csrf = login(client, "admin")
    assert client.post("/api/customers/C001/unmask").status_code == 403
    assert client.post("/api/customers/C001/unmask", headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.post("/compliance/X1/review", data={"status": "resolved"}).status_code == 403
    assert client.post("/api/customers/C001/unmask", headers={"X-CSRF-Token": csrf}).status_code == 200


def test_phone_and_id_card_are_masked_in_pages_and_json(client: TestClient) -> None:
    login(client, "admin")
    html = client.get("/customers/C001").text
    data = client.get("/api/customers/C001").json()
    listing = client.get("/api/customers").text
    conversation = client.get("/conversations/CV1").text + client.get("/api/conversations/CV1").text
    for text in (html, str(data), listing, conversation):
        assert PHONE_C001 not in text and ID_C001 not in text
    assert "138****5678" in html and "110***********1234" in html
    assert data["customer"]["phone"] == "138****5678"
    assert "138****5678" in conversation


def test_unmask_is_for_admin_and_head_office_and_audited(client: TestClient, bank: Workspace) -> None:
    csrf = login(client, "ho")
    r = client.post("/api/customers/C001/unmask", headers={"X-CSRF-Token": csrf})
    assert r.json() == {"phone": PHONE_C001, "id_card": ID_C001}
    html = client.post("/customers/C001/unmask", headers={"X-CSRF-Token": csrf, "HX-Request": "true"}).text
    assert PHONE_C001 in html
    rows = audit_rows(bank, "customer.unmask")
    assert [(a.user, a.object_id) for a in rows] == [("ho", "C001"), ("ho", "C001")]
    assert PHONE_C001 not in str(rows[0].detail)
    for username in ("m1", "cp", "bh1"):
        client.cookies.clear()
        csrf = login(client, username)
        assert client.post("/api/customers/C001/unmask", headers={"X-CSRF-Token": csrf}).status_code == 403


def test_customer_360_shows_evidence_and_is_audited(client: TestClient, bank: Workspace) -> None:
    login(client, "m1")
    html = client.get("/customers/C001").text
    assert "非金融标签" in html and "稳享90天" in html and "王一" in html and "runners" in html
    assert 'href="/conversations/CV1?u=1&s=5&e=7#u1"' in html
    conv = client.get("/conversations/CV1", params={"u": 1, "s": 5, "e": 7}).text
    assert "我平时喜欢<mark>跑步</mark>" in conv
    client.get("/api/customers/C001")
    views = audit_rows(bank, "customer.view")
    assert [(a.user, a.role, a.object_id) for a in views] == [("m1", "manager", "C001")] * 2


def test_compliance_review_resolves_a_hit_and_is_audited(client: TestClient, bank: Workspace) -> None:
    csrf = login(client, "cp")
    queue = client.get("/api/compliance/hits").json()
    assert {h["hit_id"] for h in queue["items"]} == {"X1", "X2"}
    x1 = next(h for h in queue["items"] if h["hit_id"] == "X1")
    assert x1["utterance_text"] == "这款理财保本保收益，稳赚不赔" and x1["branch_id"] == "B1"
    assert "<mark>保本保收益</mark>" in client.get("/compliance").text
    r = client.post(
        "/api/compliance/hits/X1/review",
        json={"status": "resolved", "comment": "已约谈"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 200
    assert [h["hit_id"] for h in client.get("/api/compliance/hits").json()["items"]] == ["X2"]
    resolved = client.get("/api/compliance/hits", params={"status": "resolved"}).json()["items"]
    assert resolved[0]["resolved_by"] == "cp" and resolved[0]["comment"] == "已约谈"
    with bank.session() as s:
        assert s.get(ComplianceReview, "X1").status == "resolved"
    assert [a.object_id for a in audit_rows(bank, "compliance.review")] == ["X1"]
    assert (
        client.post(
            "/api/compliance/hits/NOPE/review", json={"status": "dismissed"}, headers={"X-CSRF-Token": csrf}
        ).status_code
        == 404
    )


def test_branch_head_sees_their_branch_queue_but_cannot_decide(client: TestClient) -> None:
    csrf = login(client, "bh1")
    assert [h["hit_id"] for h in client.get("/api/compliance/hits").json()["items"]] == ["X1"]
    r = client.post(
        "/api/compliance/hits/X1/review", json={"status": "dismissed"}, headers={"X-CSRF-Token": csrf}
    )
    assert r.status_code == 403


def test_dashboards_are_computed_within_scope(client: TestClient) -> None:
    login(client, "bh1")
    fig = client.get("/api/dashboards").json()
    assert fig["overview"]["customers"] == 2
    assert fig["overview"]["effective_coverage"] == 0.5
    assert fig["overview"]["unmanaged_aum_share"] == round(50_000 / 350_000, 4)
    assert fig["hits_by_branch"] == [{"branch_id": "B1", "hits": 1}]
    assert "data-chart" in client.get("/dashboards").text


def test_manager_confirms_a_mined_tag(client: TestClient, bank: Workspace) -> None:
    csrf = login(client, "m1")
    r = client.post(
        "/api/customers/C001/tags",
        json={"decision": "confirm", "code": "life.interest", "value": "running"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 200
    events = bank.lake.read("tag_events").to_pylist()
    assert any(e["source"] == "confirmed" and e["customer_id"] == "C001" for e in events)
    assert [a.detail for a in audit_rows(bank, "tag.confirm")] == [
        {"code": "life.interest", "value": "running"}
    ]
    other = client.post(
        "/api/customers/C002/tags",
        json={"decision": "reject", "code": "life.interest", "value": "running"},
        headers={"X-CSRF-Token": csrf},
    )
    assert other.status_code == 404


def test_audit_page_is_for_admins_and_filters(client: TestClient) -> None:
    login(client, "m1")
    client.get("/customers/C001")
    assert client.get("/audit").status_code == 403
    client.cookies.clear()
    login(client, "admin")
    body = client.get("/api/audit", params={"user": "m1", "action": "customer.view"}).json()
    assert body["total"] == 1 and body["items"][0]["object_id"] == "C001"
    assert "查看客户360" in client.get("/audit").text


def test_pages_load_no_remote_assets_and_docs_stay_offline(client: TestClient) -> None:
    login(client, "admin")
    for url in (
        "/",
        "/customers",
        "/customers/C001",
        "/conversations/CV1",
        "/compliance",
        "/dashboards",
        "/audit",
    ):
        html = client.get(url).text
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html), url
    assert client.get("/openapi.json").json()["info"]["title"].startswith("siyu")
    assert client.get("/docs").status_code == 404


def test_logout_ends_the_session(client: TestClient) -> None:
    csrf = login(client, "m1")
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/customers").status_code == 401


def test_segment_builder_previews_counts_and_saves(client: TestClient, bank: Workspace) -> None:
    csrf = login(client, "ho")
    tree = {"op": "cmp", "attr": "aum", "cmp": ">=", "value": 100000}
    r = client.post("/api/segments/preview", json=tree, headers={"X-CSRF-Token": csrf})
    assert r.json() == {"ok": True, "count": 2, "sample": ["C001", "C002"]}
    bad = client.post(
        "/api/segments/preview", json={"op": "cmp", "attr": "nope"}, headers={"X-CSRF-Token": csrf}
    )
    assert bad.json()["ok"] is False and "nope" in bad.json()["error"]
    fragment = client.post("/segments/preview", data={"tree": "{"}, headers={"X-CSRF-Token": csrf}).text
    assert "JSON 格式错误" in fragment
    saved = client.post(
        "/segments",
        data={"segment_id": "rich", "name": "高净值", "tree": json.dumps(tree), "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    library = {s["id"]: s for s in client.get("/api/segments").json()}
    assert library["rich"]["name"] == "高净值" and not library["rich"]["builtin"]
    assert [a.object_id for a in audit_rows(bank, "segment.save")] == ["rich"]


def test_segment_builder_is_closed_to_managers(client: TestClient) -> None:
    csrf = login(client, "m1")
    assert client.get("/segments").status_code == 403
    r = client.post("/api/segments/preview", json={"op": "cmp"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403


def test_applying_an_assignment_plan_moves_row_level_scope(client: TestClient, bank: Workspace) -> None:
    from siyu.assign.planner import PlanOptions, make_plan, store_plan

    rows, summary = make_plan(bank, PlanOptions())
    plan_id = store_plan(bank, PlanOptions(), rows, summary)
    csrf = login(client, "m1")
    assert client.get("/api/customers/C003").status_code == 404
    assert (
        client.post(f"/api/assignment/plans/{plan_id}/apply", headers={"X-CSRF-Token": csrf}).status_code
        == 403
    )
    client.cookies.clear()
    csrf = login(client, "ho")
    assert "方案前" in client.get("/assignment").text
    r = client.post(f"/api/assignment/plans/{plan_id}/apply", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json()["changed"] == 1
    assert [a.object_id for a in audit_rows(bank, "assignment.apply")] == [plan_id]
    client.cookies.clear()
    login(client, "m1")
    assert client.get("/api/customers/C003").json()["owner"] == {"staff_id": "M1", "name": "王一"}
    assert {c["customer_id"] for c in client.get("/api/customers").json()["items"]} == {"C001", "C003"}


@pytest.mark.parametrize(("username", "staff"), [("ho", {"M1", "M2"}), ("bh1", {"M1"}), ("m1", {"M1"})])
def test_personas_are_scoped_and_carry_suggestions(
    client: TestClient, username: str, staff: set[str]
) -> None:
    login(client, username)
    rows = client.get("/api/personas").json()
    assert {r["staff_id"] for r in rows} == staff
    assert all(r["score"] == 0 and any(c["suggestion"] for c in r["checks"]) for r in rows)
    assert "人设六要素" in client.get("/personas").text


def test_manager_works_through_their_worklist(client: TestClient, bank: Workspace) -> None:
    plan_items(bank)
    csrf = login(client, "m1")
    body = client.get("/api/worklist").json()
    assert body["day"] == "2026-11-20" and [i["item_id"] for i in body["items"]] == ["W1", "W2"]
    assert "138****5678" in body["items"][0]["reason"] and PHONE_C001 not in str(body)
    assert "客户未授权营销" in client.get("/worklist").text
    done = client.post("/api/worklist/W1/done", json={"response": "replied"}, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200 and done.json()["status"] == "done"
    touches = bank.lake.read("touches").to_pylist()
    assert any(t["source"] == "logged" and t["source_ref"] == "W1" and t["effective"] for t in touches)
    assert [a.object_id for a in audit_rows(bank, "worklist.done")] == ["W1"]
    other = client.post("/api/worklist/W3/done", json={"response": "replied"}, headers={"X-CSRF-Token": csrf})
    assert other.status_code == 404
    assert client.get("/api/worklist", params={"staff": "M2"}).status_code == 404


def test_branch_head_follows_campaign_execution_in_their_branch(client: TestClient, bank: Workspace) -> None:
    plan_items(bank)
    login(client, "bh1")
    assert [i["item_id"] for i in client.get("/api/worklist", params={"staff": "M1"}).json()["items"]] == [
        "W1",
        "W2",
    ]
    assert client.get("/api/worklist", params={"staff": "M2"}).status_code == 404
    status = client.get("/api/campaigns").json()["status"]
    assert status["tasks"] == 1 and status["held"] == 1  # their branch only, not the whole campaign
    assert [b["branch_id"] for b in status["by_staff"]] == ["B1"]
    assert "年末理财" in client.get("/campaigns").text
