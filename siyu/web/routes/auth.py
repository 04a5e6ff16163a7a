"""Login and logout, for browsers (form + cookie) and API clients (JSON + the same cookie)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from siyu.security import audit
from siyu.security.scope import Principal, principal_for
from siyu.security.sessions import SESSION_TTL, authenticate, close_session, open_session
from siyu.web.deps import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Auth, client_ip, current_auth
from siyu.web.render import page

router = APIRouter()


def _set_cookie(response: Response, name: str, value: str, request: Request, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def _login_token(request: Request) -> str:
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)


def _safe_next(target: str | None) -> str:
    # only local paths, never another host
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def _sign_in(request: Request, username: str, password: str) -> tuple[str, str, str] | None:
    """Check the password and open a session: (cookie token, CSRF token, role), or None when refused."""
    ip = client_ip(request)
    with request.app.state.ws.session() as s:
        user = authenticate(s, username, password)
        if user is None:  # recorded so repeated guessing shows in the audit log
            anonymous = Principal(0, username[:64], "anonymous", None, None, username[:64])
            audit.record(s, anonymous, "login_failed", "user", username[:64], ip=ip)
            return None
        token, csrf = open_session(s, user, ip)
        audit.record(s, principal_for(s, user), "login", "user", username, ip=ip)
        return token, csrf, user.role


def _start(request: Request, response: Response, token: str) -> Response:
    _set_cookie(response, SESSION_COOKIE, token, request, int(SESSION_TTL.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(
    request: Request, next: str | None = None, found: Auth | None = Depends(current_auth)
) -> Response:
    if found is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    token = _login_token(request)
    response = page(request, None, "login.html", login_csrf=token, next=_safe_next(next), error=None)
    _set_cookie(response, LOGIN_CSRF_COOKIE, token, request, None)
    return response


@router.post("/login", include_in_schema=False)
def login_submit(
    request: Request, username: str = Form(...), password: str = Form(...), next: str = Form("/")
) -> Response:
    signed_in = _sign_in(request, username, password)
    if signed_in is None:
        token = _login_token(request)
        failed = page(
            request,
            None,
            "login.html",
            status_code=401,
            login_csrf=token,
            next=_safe_next(next),
            error="用户名或密码错误",
        )
        _set_cookie(failed, LOGIN_CSRF_COOKIE, token, request, None)
        return failed
    return _start(request, RedirectResponse(_safe_next(next), status_code=303), signed_in[0])


@router.post("/logout", include_in_schema=False)
def logout(request: Request, found: Auth | None = Depends(current_auth)) -> Response:
    response = RedirectResponse("/login", status_code=303)
    if found is not None:
        with request.app.state.ws.session() as s:
            close_session(s, found.token)
            audit.record(
                s, found.principal, "logout", "user", found.principal.username, ip=client_ip(request)
            )
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class Credentials(BaseModel):
    username: str
    password: str


class SessionInfo(BaseModel):
    csrf_token: str
    username: str | None = None
    role: str | None = None


@router.get("/api/session", response_model=SessionInfo, tags=["auth"])
def api_session(request: Request, found: Auth | None = Depends(current_auth)) -> Response:
    """The CSRF token to send as ``X-CSRF-Token`` (before login: the login token), and who is signed in."""
    if found is not None:
        p = found.principal
        return JSONResponse({"csrf_token": found.csrf_token, "username": p.username, "role": p.role})
    token = _login_token(request)
    response = JSONResponse({"csrf_token": token, "username": None, "role": None})
    _set_cookie(response, LOGIN_CSRF_COOKIE, token, request, None)
    return response


@router.post("/api/login", response_model=SessionInfo, tags=["auth"])
def api_login(request: Request, body: Credentials) -> Response:
    """Sign in; sets the ``siyu_session`` cookie and returns the session's CSRF token."""
    signed_in = _sign_in(request, body.username, body.password)
    if signed_in is None:
        raise HTTPException(status_code=401, detail="用户名或密码错误")
    token, csrf, role = signed_in
    return _start(request, JSONResponse({"csrf_token": csrf, "username": body.username, "role": role}), token)


@router.post("/api/logout", status_code=204, tags=["auth"])
def api_logout(request: Request, found: Auth | None = Depends(current_auth)) -> Response:
    """End the session (send ``X-CSRF-Token``)."""
    if found is not None:
        with request.app.state.ws.session() as s:
            close_session(s, found.token)
            audit.record(
                s, found.principal, "logout", "user", found.principal.username, ip=client_ip(request)
            )
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
