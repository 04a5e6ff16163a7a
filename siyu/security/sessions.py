"""Server-side login sessions: the cookie holds a random token, the app DB only its SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from siyu.db.models import User
from siyu.security.passwords import verify_password
from siyu.web.models import WebSession

SESSION_TTL = timedelta(hours=8)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return user


def open_session(session: Session, user: User, ip: str | None) -> tuple[str, str]:
    """Start a session for ``user``; returns (cookie token, CSRF token)."""
    now = datetime.now(UTC)
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_digest(token),
            user_id=user.user_id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_TTL,
            ip=ip,
        )
    )
    return token, csrf


def load_session(session: Session, token: str) -> tuple[User, WebSession] | None:
    """The active user and session behind a cookie token, or None (unknown, expired, disabled)."""
    row = session.execute(
        select(User, WebSession)
        .join(WebSession, WebSession.user_id == User.user_id)
        .where(WebSession.token_hash == _digest(token))
    ).first()
    if row is None:
        return None
    user, web_session = row
    expires = web_session.expires_at
    if expires.tzinfo is None:  # SQLite hands back naive UTC
        expires = expires.replace(tzinfo=UTC)
    if expires < datetime.now(UTC) or not user.active:
        return None
    return user, web_session


def close_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))
