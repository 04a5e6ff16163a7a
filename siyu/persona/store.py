"""Reading personas from the app DB for the checks."""

from __future__ import annotations

from sqlalchemy import select

from siyu.db.models import OrgUnit, Persona, Staff
from siyu.persona.checks import PersonaData, PersonaReport, check_persona, load_rules
from siyu.workspace import Workspace

SERVING_KINDS = ("manager", "remote")


def persona_data(staff: Staff, persona: Persona | None) -> PersonaData:
    """A manager without a persona row is checked as an empty persona."""
    specialties = tuple(staff.specialties or ())
    if persona is None:
        return PersonaData(staff_id=staff.staff_id, specialties=specialties)
    return PersonaData(
        staff_id=staff.staff_id,
        display_name=persona.display_name,
        avatar_kind=persona.avatar_kind,
        social_identity=persona.social_identity,
        signature=persona.signature,
        personality=persona.personality,
        story=persona.story,
        service_mode=persona.service_mode or "one_to_one",
        specialties=specialties,
    )


def bank_names_of(ws: Workspace) -> list[str]:
    """The head office's name without 总行 (江南银行总行 -> 江南银行), then the rules file's short names."""
    with ws.session() as s:
        heads = s.scalars(select(OrgUnit.name).where(OrgUnit.kind == "head_office").order_by(OrgUnit.org_id))
        names = [n.removesuffix("总行").removesuffix("总部").strip() for n in heads]
    names += load_rules()["bank"]["short_names"]
    return list(dict.fromkeys(n for n in names if n))


def check_workspace(
    ws: Workspace, staff_id: str | None = None, bank_names: list[str] | None = None
) -> list[tuple[Staff, PersonaReport]]:
    """Reports for one manager, or for every active manager and remote-team member (by staff id)."""
    with ws.session() as s:
        q = select(Staff, Persona).outerjoin(Persona, Persona.staff_id == Staff.staff_id)
        if staff_id is not None:
            q = q.where(Staff.staff_id == staff_id)
        else:
            q = q.where(Staff.active.is_(True), Staff.kind.in_(SERVING_KINDS))
        rows = s.execute(q.order_by(Staff.staff_id)).all()
    if staff_id is not None and not rows:
        raise KeyError(f"客户经理 {staff_id} 不存在")
    banks = bank_names or bank_names_of(ws)
    return [(st, check_persona(persona_data(st, p), banks)) for st, p in rows]
