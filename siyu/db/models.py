"""App DB tables. Later stages add their own modules of models on the same ``Base``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("admin", "head_office", "branch_head", "manager", "compliance")
STAFF_KINDS = ("manager", "remote", "operations", "compliance", "branch_head")
ORG_KINDS = ("head_office", "branch", "sub_branch")


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class OrgUnit(Base):
    """Head office -> branch -> sub-branch."""

    __tablename__ = "org_units"

    org_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("org_units.org_id"), index=True)
    city: Mapped[str | None] = mapped_column(String(64))

    parent: Mapped[OrgUnit | None] = relationship(remote_side="OrgUnit.org_id")


class Staff(Base):
    """Customer managers, the remote direct team (远程直营), operations, compliance, branch heads."""

    __tablename__ = "staff"

    staff_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("org_units.org_id"), index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(32))
    specialties: Mapped[list] = mapped_column(JSON, default=list)  # fitness, running, elderly, ...
    capacity: Mapped[int | None] = mapped_column(Integer)  # effective-coverage capacity; null = default
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    org: Mapped[OrgUnit] = relationship()
    persona: Mapped[Persona | None] = relationship(back_populates="staff", uselist=False)


class Persona(Base):
    """A manager's persona (人设): the six dimensions of seed 000."""

    __tablename__ = "personas"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.staff_id"), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(64))
    avatar_kind: Mapped[str | None] = mapped_column(String(16))  # real_photo, virtual_ip, logo, none
    avatar_path: Mapped[str | None] = mapped_column(String(256))
    social_identity: Mapped[str | None] = mapped_column(String(128))  # non-financial: 健身达人, 读书会发起人
    signature: Mapped[str | None] = mapped_column(String(256))
    personality: Mapped[str | None] = mapped_column(String(256))
    story: Mapped[str | None] = mapped_column(Text)
    service_mode: Mapped[str] = mapped_column(String(16), default="one_to_one")  # one_to_one / one_to_many
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    staff: Mapped[Staff] = relationship(back_populates="persona")


class User(Base):
    """A console login. Staff users point at their staff record; admins may not."""

    __tablename__ = "users"

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.staff_id"), index=True)
    org_id: Mapped[str | None] = mapped_column(ForeignKey("org_units.org_id"))  # scope of a branch head
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
