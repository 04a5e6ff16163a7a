"""The console application: ``create_app(workspace)`` wires pages, the JSON API and security."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from siyu.web.deps import LoginRequired, csrf_guard, current_auth
from siyu.web.lakeview import LakeView
from siyu.web.render import page
from siyu.web.routes import (
    assignment,
    audit,
    auth,
    compliance,
    conversations,
    customers,
    dashboards,
    home,
    personas,
    segments,
    worklist,
)
from siyu.workspace import Workspace

STATIC = Path(__file__).with_name("static")

# Everything is served from this host; no inline scripts run (chart data travels as JSON blocks).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# What a wrong address or form field needs to be, in the words of the error page.
_EXPECTED = {
    "missing": "必须填写",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "int_parsing": "应为整数",
    "date_from_datetime_parsing": "应为日期，如 2026-11-23",
    "date_parsing": "应为日期，如 2026-11-23",
    "literal_error": "只能是 {expected}",
    "string_too_long": "不能超过 {max_length} 个字",
}


def _invalid_field(err: dict) -> str:
    """One refused query or form field as staff read it: 参数 page：不能小于 1（收到 0）."""
    where = ".".join(str(part) for part in err["loc"][1:]) or str(err["loc"][0])
    ctx = {k: str(v).replace(" or ", "、") for k, v in (err.get("ctx") or {}).items()}
    template = _EXPECTED.get(err["type"])
    why = template.format(**ctx) if template else err["msg"]
    got = f"（收到 {err['input']}）" if isinstance(err.get("input"), str | int) else ""
    return f"参数 {where}：{why}{got}"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.view.refresh()  # build the serving copies before the first request
    yield
    app.state.view.close()


def create_app(ws: Workspace) -> FastAPI:
    ws.engine  # noqa: B018 - migrate the app DB before the first request
    app = FastAPI(
        title="siyu 私域运营 API",
        description=(
            "Sign in with POST /api/login (JSON username/password); the answer sets the `siyu_session` "
            "cookie and returns `csrf_token`. Send the cookie on every call and the token as the "
            "`X-CSRF-Token` header on every POST. Phone and ID-card numbers are masked."
        ),
        docs_url=None,  # the interactive docs load assets from a CDN; intranets have none
        redoc_url=None,
        dependencies=[Depends(csrf_guard)],
        lifespan=_lifespan,
    )
    app.state.ws = ws
    app.state.view = LakeView(ws)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (
        home,
        auth,
        worklist,
        customers,
        conversations,
        compliance,
        dashboards,
        segments,
        personas,
        assignment,
        audit,
    )
    for module in routers:
        app.include_router(module.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and request.url.path.startswith("/static/"):
                continue
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "请先登录"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) or request.headers.get("HX-Request"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return page(
            request,
            current_auth(request),
            "error.html",
            status_code=exc.status_code,
            code=exc.status_code,
            message=exc.detail,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.errors()}, status_code=422)
        return page(
            request,
            current_auth(request),
            "error.html",
            status_code=422,
            code=422,
            message="\n".join(_invalid_field(err) for err in exc.errors()),
        )

    return app
