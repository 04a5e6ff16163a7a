"""End-to-end in headless Chromium: the console served by uvicorn over the tiny test bank."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from web_support import PASSWORD, PHONE_C001, build_bank

from siyu.web.app import create_app
from siyu.workspace import Workspace, open_workspace

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Workspace]]:
    ws = open_workspace(tmp_path_factory.mktemp("browser") / "data")
    build_bank(ws)
    port = _free_port()
    config = uvicorn.Config(create_app(ws), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("console did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ws
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(10_000)
    yield p
    context.close()


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("username", "greeting", "nav"),
    [
        ("admin", "admin", "审计日志"),
        ("ho", "ho", "经营看板"),
        ("bh1", "赵行长", "合规复核"),
        ("m1", "王一", "客户查询"),
        ("cp", "钱合规", "合规复核"),
    ],
)
def test_each_role_signs_in_to_its_home(page, server, username: str, greeting: str, nav: str) -> None:
    base, _ = server
    sign_in(page, base, username)
    assert greeting in page.inner_text("h1")
    assert page.locator("header nav").get_by_text(nav).is_visible()
    shot(page, f"home-{username}")


def test_manager_follows_a_tag_to_its_highlighted_evidence(page, server) -> None:
    base, _ = server
    sign_in(page, base, "m1")
    page.goto(f"{base}/customers?q=张三")
    page.click("text=C001")
    page.wait_for_selector("text=非金融标签")
    assert "138****5678" in page.inner_text("#pii")
    page.click("a.evidence")
    mark = page.locator("mark")
    mark.wait_for()
    assert mark.inner_text() == "跑步" and mark.is_visible()
    shot(page, "evidence")
    page.goto(f"{base}/customers/C002")
    assert "未找到" in page.inner_text("h1")


def test_head_office_unmasks_with_htmx_and_it_is_audited(page, server) -> None:
    base, _ = server
    sign_in(page, base, "ho")
    page.goto(f"{base}/customers/C001")
    page.click("text=显示完整号码")
    page.wait_for_selector(f"#pii >> text={PHONE_C001}")
    assert "已记录审计" in page.inner_text("#pii")
    shot(page, "unmasked")


def test_compliance_resolves_a_flag(page, server) -> None:
    base, _ = server
    sign_in(page, base, "cp")
    page.goto(f"{base}/compliance")
    hit = page.locator("#hit-X1")
    assert hit.locator("mark").inner_text() == "保本保收益"
    hit.locator("input[name=comment]").fill("已约谈客户经理")
    shot(page, "compliance-queue")
    hit.locator("button[value=resolved]").click()
    page.wait_for_url(f"{base}/compliance")
    assert page.locator("#hit-X1").count() == 0
    page.goto(f"{base}/compliance?status=resolved")
    assert "已约谈客户经理" in page.inner_text("#hit-X1")


def test_dashboards_draw_charts_from_vendored_echarts(page, server) -> None:
    base, _ = server
    sign_in(page, base, "admin")
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/dashboards")
    page.wait_for_selector("[data-chart] svg")
    assert page.locator("[data-chart] svg").count() == 5
    assert external == []
    shot(page, "dashboards")


def test_segment_builder_counts_as_you_type(page, server) -> None:
    base, _ = server
    sign_in(page, base, "ho")
    page.goto(f"{base}/segments/builder")
    page.fill("textarea[name=tree]", '{"op": "cmp", "attr": "aum", "cmp": ">=", "value": 100000}')
    page.wait_for_selector("#preview .count >> text=2")
    page.fill("textarea[name=tree]", '{"op": "tag_in", "code": "life.interest", "values": ["running"]}')
    page.wait_for_selector("#preview .count >> text=1")
    shot(page, "segment-builder")
