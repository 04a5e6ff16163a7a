"""Segment definitions: the built-in library (YAML) and users' own segments (app DB)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import select

from siyu.segments.compiler import Compiler, Resolver
from siyu.segments.library import LIBRARY_FILE, families, library_doc
from siyu.segments.models import SegmentDefinition
from siyu.segments.tree import SEGMENT_ID, Segment, SegmentError, validate_tree
from siyu.workspace import Workspace


@dataclass(frozen=True)
class SegmentDef:
    id: str
    name: str
    description: str
    tree: Segment
    family: str | None = None  # library dimension (see families in library.yaml); None for users' own
    created_by: str | None = None

    @property
    def builtin(self) -> bool:
        return self.family is not None

    @property
    def family_name(self) -> str:
        return families().get(self.family or "", "自定义客群")


@cache
def load_library() -> dict[str, SegmentDef]:
    """Every library segment by id, validated; references between them must resolve without cycles."""
    out: dict[str, SegmentDef] = {}
    known_families = families()
    for i, raw in enumerate(library_doc()["segments"]):
        where = f"{LIBRARY_FILE}: segments[{i}] ({raw.get('id')})"
        try:
            seg_id = raw["id"]
            if not SEGMENT_ID.match(seg_id) or seg_id in out:
                raise SegmentError(f"id {seg_id!r} is malformed or repeated")
            if raw.get("family") not in known_families:
                raise SegmentError(f"family {raw.get('family')!r} is not one of {', '.join(known_families)}")
            out[seg_id] = SegmentDef(
                seg_id, raw["name"], raw.get("description", ""), validate_tree(raw["tree"]), raw["family"]
            )
        except (KeyError, SegmentError) as exc:
            raise SegmentError(f"{where}: {exc}") from None
    resolve = _resolver(lambda seg_id: out.get(seg_id))
    for seg in out.values():
        Compiler(datetime.now(UTC).date(), resolve, stack=[seg.id]).predicate(seg.tree)
    return out


def _resolver(lookup) -> Resolver:
    def resolve(seg_id: str) -> Segment:
        found = lookup(seg_id)
        if found is None:
            raise SegmentError(f"未知客群 {seg_id!r}")
        return found.tree

    return resolve


def _user_def(row: SegmentDefinition) -> SegmentDef:
    return SegmentDef(row.id, row.name, row.description, validate_tree(row.tree), None, row.created_by)


def get_segment(ws: Workspace | None, segment_id: str) -> SegmentDef:
    """A library segment, else a user's segment from the app DB; SegmentError when neither exists."""
    library = load_library()
    if segment_id in library:
        return library[segment_id]
    if ws is not None:
        with ws.session() as s:
            row = s.get(SegmentDefinition, segment_id)
            if row is not None:
                return _user_def(row)
    raise SegmentError(f"未找到客群 {segment_id!r}")


def resolver(ws: Workspace | None) -> Resolver:
    """Looks up referenced segments in the library and (given a workspace) the app DB."""

    def lookup(seg_id: str) -> SegmentDef | None:
        try:
            return get_segment(ws, seg_id)
        except SegmentError:
            return None

    return _resolver(lookup)


def list_segments(ws: Workspace | None) -> list[SegmentDef]:
    """Library segments in file order, then users' segments by id."""
    segments = list(load_library().values())
    if ws is not None:
        with ws.session() as s:
            rows = s.scalars(select(SegmentDefinition).order_by(SegmentDefinition.id)).all()
            segments += [_user_def(r) for r in rows]
    return segments


def save_segment(
    ws: Workspace,
    segment_id: str,
    name: str,
    tree: Any,
    *,
    description: str = "",
    created_by: str | None = None,
) -> SegmentDef:
    """Create or update a user's segment; the tree must validate and its references resolve."""
    if not SEGMENT_ID.match(segment_id):
        raise SegmentError(f"客群编号 {segment_id!r} 只能包含字母、数字、下划线和短横线（最长64位）")
    if segment_id in load_library():
        raise SegmentError(f"客群编号 {segment_id!r} 已被内置客群使用")
    if not name.strip():
        raise SegmentError("客群名称不能为空")
    segment = validate_tree(tree)
    Compiler(datetime.now(UTC).date(), resolver(ws), stack=[segment_id]).predicate(segment)
    now = datetime.now(UTC)
    with ws.session() as s:
        row = s.get(SegmentDefinition, segment_id)
        if row is None:
            row = SegmentDefinition(id=segment_id, created_at=now, created_by=created_by)
            s.add(row)
        row.name, row.description, row.tree, row.updated_at = name, description, segment.to_json(), now
    return SegmentDef(segment_id, name, description, segment, None, created_by)


def delete_segment(ws: Workspace, segment_id: str) -> None:
    with ws.session() as s:
        row = s.get(SegmentDefinition, segment_id)
        if row is None:
            raise SegmentError(f"未找到自定义客群 {segment_id!r}")
        s.delete(row)
