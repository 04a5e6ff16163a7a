"""What staff read on the pages: Chinese names instead of codes and ids, held tasks out of the way,
and a worklist response that has to be chosen."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from web_support import T0, audit_rows, build_bank, login, plan_items

from siyu.plan.models import WorklistItem
from siyu.web.app import create_app
from siyu.workspace import Workspace


@pytest.fixture
def client(sqlite_workspace: Workspace) -> Iterator[TestClient]:
    build_bank(sqlite_workspace)
    with TestClient(create_app(sqlite_workspace)) as c:
        yield c


def _charts(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/json" id="chart-\d+">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def test_customer_360_names_tags_branches_and_segments(client: TestClient) -> None:
    client.app.state.ws.lake.replace(
        "memberships",
        pa.table({"segment_id": ["long_tail"], "customer_id": ["C001"], "run_id": ["r1"], "run_at": [T0]}),
    )
    client.app.state.view.refresh()
    login(client, "m1")
    html = client.get("/customers/C001").text
    assert ">兴趣爱好</td>" in html and ">跑步</td>" in html
    assert ">life.interest</td>" not in html and ">running</td>" not in html
    assert "城东分行 · 城东一支行" in html and "长尾客户" in html


def test_conversation_and_compliance_queue_name_codes_and_staff(client: TestClient) -> None:
    login(client, "cp")
    conv = client.get("/conversations/CV1").text
    assert "员工 王一" in conv and ">承诺保本保收益</td>" in conv and ">兴趣爱好</td>" in conv
    queue = client.get("/compliance").text
    assert "承诺保本保收益" in queue and "compliance.violation = guarantee" not in queue
    assert "员工 王一 · 城东分行" in queue and ">张三</a>" in queue


def test_dashboard_charts_use_branch_and_segment_names(client: TestClient) -> None:
    client.app.state.ws.lake.replace(
        "memberships",
        pa.table({"segment_id": ["long_tail"], "customer_id": ["C001"], "run_id": ["r1"], "run_at": [T0]}),
    )
    client.app.state.view.refresh()
    login(client, "ho")
    charts = {c["title"]["text"]: c for c in _charts(client.get("/dashboards").text)}
    segments = next(c for title, c in charts.items() if title.startswith("客群规模"))
    assert segments["yAxis"]["data"] == ["长尾客户"]
    assert set(charts["各分行合规提示数"]["xAxis"]["data"]) == {"城东分行", "城西分行"}


def test_customer_search_picks_tags_and_segments_by_name(client: TestClient) -> None:
    login(client, "m1")
    html = client.get("/customers", params={"tag": "life.interest=running"}).text
    assert '<option value="life.interest=running" selected>兴趣爱好：跑步</option>' in html
    assert "张三" in html and "城东分行" in html
    assert '<option value="long_tail" >长尾客户</option>' in html


def test_worklist_shows_names_keeps_held_tasks_apart_and_needs_a_response(client: TestClient) -> None:
    ws = client.app.state.ws
    plan_items(ws)
    csrf = login(client, "m1")
    html = client.get("/worklist").text
    assert ">张三</a>" in html and '<option value="" selected disabled>选择客户反馈…</option>' in html
    open_part, held_part = html.split('<details class="card held">')
    assert "客户未授权营销" in held_part and "客户未授权营销" not in open_part
    refused = client.post("/worklist/W1/done", data={"response": "", "csrf_token": csrf})
    assert refused.status_code == 400 and "请选择客户反馈" in refused.text
    assert not [t for t in ws.lake.read("touches").to_pylist() if t["source_ref"] == "W1"]


def test_segment_builder_explains_mistakes_in_chinese_by_node(client: TestClient) -> None:
    csrf = login(client, "ho")
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    bad = {
        "op": "and",
        "args": [{"op": "cmp", "attr": "aum", "cmp": ">=", "value": "五万"}, {"op": "has_tag"}],
    }
    fragment = client.post("/segments/preview", data={"tree": json.dumps(bad)}, headers=headers).text
    assert "节点 and[0]：属性 &#39;aum&#39; 需要数字，收到 &#39;五万&#39;" in fragment
    assert "节点 and[1] 字段 &#39;code&#39;：缺少此字段" in fragment
    broken = client.post("/segments/preview", data={"tree": '{"op": "and",}'}, headers=headers).text
    assert "JSON 格式错误：第 1 行第 14 列，字段名要用英文双引号括起来" in broken
    saved = client.post(
        "/segments", data={"segment_id": "x1", "name": "试试", "tree": "{", "csrf_token": csrf}
    )
    assert saved.status_code == 400 and "JSON 格式错误" in saved.text


def test_branch_head_picks_a_manager_of_their_branch_and_compliance_has_no_worklist_link(
    client: TestClient,
) -> None:
    plan_items(client.app.state.ws)
    login(client, "bh1")
    html = client.get("/worklist").text
    assert '<option value="M1" selected>王一（M1）</option>' in html and 'value="M2"' not in html
    assert "持有产品净值下跌" in html
    client.cookies.clear()
    login(client, "cp")
    assert 'href="/worklist"' not in client.get("/").text


def test_audit_log_shows_beijing_time_and_chinese_roles(client: TestClient) -> None:
    login(client, "m1")
    client.get("/customers/C001")
    client.cookies.clear()
    login(client, "admin")
    html = client.get("/audit").text
    at = next(r.at for r in audit_rows(client.app.state.ws, "customer.view"))
    shown = (at.replace(tzinfo=UTC) if at.tzinfo is None else at).astimezone(ZoneInfo("Asia/Shanghai"))
    assert f'<td class="nowrap">{shown:%Y-%m-%d %H:%M}</td>' in html
    assert ">客户经理</td>" in html and "客户 C001" in html and ">manager</td>" not in html


def test_wrong_address_parameters_get_a_chinese_error_page(client: TestClient) -> None:
    login(client, "m1")
    bad_page = client.get("/customers", params={"page": "0"})
    assert bad_page.status_code == 422 and "参数 page：不能小于 1（收到 0）" in bad_page.text
    bad_day = client.get("/worklist", params={"day": "notadate"})
    assert "参数 day：应为日期，如 2026-11-23（收到 notadate）" in bad_day.text
    assert client.get("/api/customers", params={"page": "0"}).json()["detail"][0]["loc"] == ["query", "page"]


def test_manager_home_says_how_many_items_are_open(client: TestClient) -> None:
    plan_items(client.app.state.ws)
    login(client, "m1")
    assert '2026-11-20 还有 <b class="count">1</b> 项待办' in client.get("/").text


def test_tag_decision_notice_names_the_tag(client: TestClient) -> None:
    csrf = login(client, "m1")
    form = {"decision": "reject", "code": "life.interest", "value": "running", "csrf_token": csrf}
    page = client.post("/customers/C001/tags", data=form)
    assert page.status_code == 200 and "已记录您否认了标签「兴趣爱好：跑步」" in page.text
    events = client.app.state.ws.lake.read("tag_events").to_pylist()
    assert any(e["source"] == "rejected" and e["value"] == "running" for e in events)


def test_a_saved_segment_waits_for_its_first_run_instead_of_showing_zero(client: TestClient) -> None:
    csrf = login(client, "ho")
    tree = json.dumps({"op": "cmp", "attr": "aum", "cmp": ">=", "value": 100000})
    form = {"segment_id": "rich2", "name": "十万以上", "tree": tree, "csrf_token": csrf}
    assert client.post("/segments", data=form).status_code == 200
    html = client.get("/segments").text
    row = html[html.index("十万以上") :]
    assert "待计算" in row[: row.index("</tr>")]


def test_a_managers_decision_is_not_listed_as_a_finding_of_the_conversation(client: TestClient) -> None:
    csrf = login(client, "m1")
    form = {"decision": "confirm", "code": "life.interest", "value": "running", "csrf_token": csrf}
    client.post("/customers/C001/tags", data=form)
    client.app.state.view.refresh()
    found = client.get("/api/conversations/CV1").json()["evidence"]
    assert [(e["kind"], e["code"], e["value"]) for e in found] == [
        ("tag", "life.interest", "running"),
        ("compliance", "compliance.violation", "guarantee"),
    ]


def test_compliance_tabs_count_each_state(client: TestClient) -> None:
    csrf = login(client, "cp")
    client.post(
        "/api/compliance/hits/X2/review", json={"status": "dismissed"}, headers={"X-CSRF-Token": csrf}
    )
    html = client.get("/compliance").text
    assert ">待复核（1）</a>" in html and ">已处理（0）</a>" in html and ">已驳回（1）</a>" in html


def test_a_moments_post_is_marked_published_without_a_customer_response(client: TestClient) -> None:
    ws = client.app.state.ws
    plan_items(ws)
    with ws.session() as s:
        s.add(
            WorklistItem(
                item_id="P1",
                date=date(2026, 11, 20),
                staff_id="M1",
                customer_id=None,
                kind="moments",
                ref="morning",
                purpose="service",
                channel="moments",
                priority=0,
                rank=0,
                reason="朋友圈发布计划 08:30：早间资讯",
                status="open",
            )
        )
    csrf = login(client, "m1")
    html = client.get("/worklist").text
    post = html[html.index('id="item-P1"') : html.index("</article>", html.index('id="item-P1"'))]
    assert "已发布" in post and "选择客户反馈" not in post
    client.post("/worklist/P1/done", data={"response": "accepted", "csrf_token": csrf})
    done = client.get("/worklist").text
    assert '<p class="muted">已发布</p>' in done


def test_audit_details_name_unmasked_fields_and_skip_empty_ones(client: TestClient) -> None:
    csrf = login(client, "admin")
    client.post("/api/customers/C001/unmask", headers={"X-CSRF-Token": csrf})
    html = client.get("/audit").text
    assert "字段：手机号、身份证号" in html and "[&#39;phone&#39;" not in html
