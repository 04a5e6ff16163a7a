"""App DB tables of assignment: current ownership, its audit trail, and stored plans."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from siyu.db.models import Base

PLAN_STATUSES = ("draft", "applied")


class Ownership(Base):
    """Who owns (管户) a customer now; overrides the lake's customers.owner_id when present."""

    __tablename__ = "ownership"

    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str | None] = mapped_column(String(32), index=True)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    plan_id: Mapped[str | None] = mapped_column(String(64))


class OwnershipChange(Base):
    """One change of owner, with who made it and why."""

    __tablename__ = "ownership_changes"

    change_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    customer_id: Mapped[str] = mapped_column(String(64), index=True)
    from_staff: Mapped[str | None] = mapped_column(String(32))
    to_staff: Mapped[str | None] = mapped_column(String(32))
    plan_id: Mapped[str | None] = mapped_column(String(64), index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)


class AssignmentPlan(Base):
    """A computed assignment (dry run); its per-customer rows are in the lake's plan_assignments."""

    __tablename__ = "assignment_plans"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    mode: Mapped[str] = mapped_column(String(16))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    applied_by: Mapped[str | None] = mapped_column(String(64))
