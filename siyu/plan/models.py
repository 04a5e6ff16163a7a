"""App DB tables of planning: journey state, worklist items, campaigns and their tasks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from siyu.db.models import Base

ITEM_STATUSES = ("open", "done", "held")
ENROLLMENT_STATUSES = ("active", "done")
CAMPAIGN_STATUSES = ("draft", "active", "closed")
TASK_STATUSES = ("pending", "done", "held")


class JourneyEnrollment(Base):
    """One customer's way through one SOP journey (sops.yaml): where they are and when to look again."""

    __tablename__ = "journey_enrollments"

    enrollment_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), index=True)
    journey_id: Mapped[str] = mapped_column(String(64), index=True)
    step: Mapped[int] = mapped_column(Integer)  # index into the journey's steps
    step_started: Mapped[date] = mapped_column(Date)
    next_due: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    enrolled_on: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class WorklistItem(Base):
    """One line of a manager's day: why, what to say, what to share; or held back with the reason."""

    __tablename__ = "worklist_items"
    __table_args__ = (Index("ix_worklist_items_staff_date", "staff_id", "date"),)

    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)  # md5(date|customer|kind|ref)
    date: Mapped[date] = mapped_column(Date, index=True)
    staff_id: Mapped[str | None] = mapped_column(String(32))
    customer_id: Mapped[str | None] = mapped_column(String(64), index=True)  # null for moments posts
    kind: Mapped[str] = mapped_column(String(16))  # alert, sop, opportunity, campaign, coverage, moments
    ref: Mapped[str] = mapped_column(String(128))
    purpose: Mapped[str] = mapped_column(String(16))  # service / marketing
    channel: Mapped[str | None] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    script: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), index=True)
    held_reason: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    campaign_id: Mapped[str | None] = mapped_column(String(64), index=True)
    source_ref: Mapped[str | None] = mapped_column(String(128))


class Campaign(Base):
    """A head-office campaign: a segment, content, a script and a deadline."""

    __tablename__ = "campaigns"

    campaign_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    segment_id: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(16))  # marketing / service
    channel: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    script: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    dispatched_on: Mapped[date | None] = mapped_column(Date)


class CampaignTask(Base):
    """One customer of a campaign, given to their owner (or the remote team) until done or deadline."""

    __tablename__ = "campaign_tasks"
    __table_args__ = (Index("ix_campaign_tasks_staff", "campaign_id", "staff_id"),)

    campaign_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    held_reason: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    item_id: Mapped[str | None] = mapped_column(String(32))
