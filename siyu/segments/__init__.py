"""Segments (客群): condition trees over customers, profiles, holdings and touches, compiled to SQL."""

from siyu.segments.compiler import compile_tree
from siyu.segments.definitions import (
    SegmentDef,
    delete_segment,
    get_segment,
    list_segments,
    load_library,
    save_segment,
)
from siyu.segments.engine import Preview, count, members, preview
from siyu.segments.explain import ClauseResult, explain
from siyu.segments.runs import RunSummary, run_segments
from siyu.segments.tree import Segment, SegmentError, validate_tree

__all__ = [
    "ClauseResult",
    "Preview",
    "RunSummary",
    "Segment",
    "SegmentDef",
    "SegmentError",
    "compile_tree",
    "count",
    "delete_segment",
    "explain",
    "get_segment",
    "list_segments",
    "load_library",
    "members",
    "preview",
    "run_segments",
    "save_segment",
    "validate_tree",
]
