"""Request dependencies: the signed-in user resolved once per request, permissions, CSRF."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request

from siyu.security.scope import Principal, principal_for
from siyu.security.sessions import load_session
from siyu.web.lakeview import LakeView
from siyu.workspace import Workspace

SESSION_COOKIE = "siyu_session"
LOGIN_CSRF_COOKIE = "siyu_csrf"  # double-submit token for the login form, before a session exists
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """Raised when a page or API call needs a signed-in user and there is none."""


@dataclass(frozen=True)
class Auth:
    principal: Principal
    csrf_token: str
    token: str


def workspace(request: Request) -> Workspace:
    return request.app.state.ws


def lake(request: Request) -> LakeView:
    return request.app.state.view


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def current_auth(request: Request) -> Auth | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with request.app.state.ws.session() as s:
        found = load_session(s, token)
        if found is None:
            return None
        user, web_session = found
        return Auth(principal_for(s, user), web_session.csrf_token, token)


def auth(found: Auth | None = Depends(current_auth)) -> Auth:
    if found is None:
        raise LoginRequired
    return found


def principal(found: Auth = Depends(auth)) -> Principal:
    return found.principal


def require(permission: str) -> Callable[..., Principal]:
    """A dependency giving the principal, or 403 when their role lacks ``permission``."""

    def check(user: Principal = Depends(principal)) -> Principal:
        if not user.can(permission):
            raise HTTPException(status_code=403, detail="无权访问")
        return user

    return check


async def csrf_guard(request: Request, found: Auth | None = Depends(current_auth)) -> None:
    """Refuse (403) every state-changing request without the session's token (or the login token)."""
    if request.method in SAFE_METHODS:
        return
    expected = found.csrf_token if found else request.cookies.get(LOGIN_CSRF_COOKIE)
    provided = request.headers.get(CSRF_HEADER)
    if provided is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        provided = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(provided, str) or not hmac.compare_digest(expected, provided):
        raise HTTPException(status_code=403, detail="CSRF 校验失败，请刷新页面后重试")
