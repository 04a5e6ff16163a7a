"""The audit log: one row per customer-360 view, unmask, review and change; PII never stored."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from siyu.security.masking import mask_text
from siyu.security.scope import Principal
from siyu.web.models import AuditLog


def _clean(value: object) -> object:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def record(
    session: Session,
    principal: Principal,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    detail: dict | None = None,
    ip: str | None = None,
) -> None:
    session.add(
        AuditLog(
            at=datetime.now(UTC),
            user=principal.username,
            role=principal.role,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=_clean(detail or {}),
            ip=ip,
        )
    )


def search(
    session: Session, user: str | None, action: str | None, page: int, per_page: int
) -> tuple[list[AuditLog], int]:
    """Newest first, optionally filtered by exact user name and action."""
    query = select(AuditLog)
    if user:
        query = query.where(AuditLog.user == user)
    if action:
        query = query.where(AuditLog.action == action)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(AuditLog.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(rows), total


def actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))
