"""App DB tables of the segments stage: users' own segment definitions and the run log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from siyu.db.models import Base


class SegmentDefinition(Base):
    """A segment defined by a user (library segments live in library.yaml)."""

    __tablename__ = "segment_definitions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    description: Mapped[str] = mapped_column(Text, default="")
    tree: Mapped[dict] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SegmentRun(Base):
    """One segment materialised in one run: member count and the entered / exited diff."""

    __tablename__ = "segment_runs"

    run_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    segment_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    members: Mapped[int] = mapped_column(Integer)
    entered: Mapped[int] = mapped_column(Integer)
    exited: Mapped[int] = mapped_column(Integer)
