"""Names staff read instead of ids: branches, staff and segments, loaded on first use in a request."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import select

from siyu.db.models import OrgUnit, Staff
from siyu.segments import list_segments
from siyu.workspace import Workspace


class Directory:
    """``org("B1")`` -> 城东分行 and the like; an id without a name is shown as it is, none as —."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    @cached_property
    def _orgs(self) -> dict[str, str]:
        with self.ws.session() as s:
            return dict(s.execute(select(OrgUnit.org_id, OrgUnit.name)).all())

    @cached_property
    def _staff(self) -> dict[str, str]:
        with self.ws.session() as s:
            return dict(s.execute(select(Staff.staff_id, Staff.name)).all())

    @cached_property
    def _segments(self) -> dict[str, str]:
        return {d.id: d.name for d in list_segments(self.ws)}

    @staticmethod
    def _name(names: dict[str, str], key: str | None) -> str:
        return names.get(key, key) if key else "—"

    def org(self, org_id: str | None) -> str:
        return self._name(self._orgs, org_id)

    def staff(self, staff_id: str | None) -> str:
        return self._name(self._staff, staff_id)

    def segment(self, segment_id: str | None) -> str:
        return self._name(self._segments, segment_id)

    def segments(self) -> list[tuple[str, str]]:
        """(id, name) of every segment, library first, for pickers."""
        return list(self._segments.items())
