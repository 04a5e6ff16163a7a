"""The canonical conversation format of TAXONOMY.md: one JSON conversation per line."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from siyu.clock import local_day_sql
from siyu.ingest.duck import connect
from siyu.ingest.sources import json_lines, lines_table, raw_lines
from siyu.ingest.validate import LINE, RowError
from siyu.lake.sql import literal

CHANNELS = ("call", "wecom", "im", "branch")
SPEAKERS = ("staff", "customer")

_KEYS = ("id", "channel", "customer_id", "staff_id", "started_at", "utterances")
_TOP = ", ".join(literal(f"$.{k}") for k in _KEYS)
_ITEMS = "TRY_CAST(CAST(v[6] AS JSON) AS STRUCT(speaker VARCHAR, text VARCHAR, ts VARCHAR)[])"
_IN_CHANNELS = ", ".join(literal(c) for c in CHANNELS)
_BAD_SPEAKER = f"u.speaker IS NULL OR u.speaker NOT IN ({', '.join(literal(s) for s in SPEAKERS)})"
_BAD_TS = "u.ts IS NOT NULL AND TRY_CAST(u.ts AS TIMESTAMPTZ) IS NULL"
# Checked in order; the first problem of a line is reported.
_PROBLEMS = (
    ("id", "id IS NULL OR trim(id) = ''", "必填：会话 ID（id）"),
    (
        "channel",
        f"channel IS NULL OR channel NOT IN ({_IN_CHANNELS})",
        "应为以下取值之一：" + "、".join(CHANNELS),
    ),
    (
        "started_at",
        "started_raw IS NOT NULL AND started_at IS NULL",
        "应为日期时间，如 2026-03-01T10:00:00+08:00",
    ),
    (
        "utterances",
        "len(coalesce(items, [])) = 0",
        '应为非空列表，每项形如 {"speaker": "staff", "text": "..."}',
    ),
    (
        "utterances",
        f"list_bool_or(list_transform(items, lambda u: {_BAD_SPEAKER}))",
        "每句的 speaker 应为 staff 或 customer",
    ),
    ("utterances", f"list_bool_or(list_transform(items, lambda u: {_BAD_TS}))", "每句的 ts 应为日期时间"),
)


def parse_canonical_lines(lines: pa.Table | Sequence[str]) -> tuple[pa.Table, list[RowError]]:
    """Conversations (lake schema plus ``_line``) from canonical JSON lines, and the lines that fail."""
    if not isinstance(lines, pa.Table):
        lines = lines_table("\n".join(lines).encode("utf-8"))
    extracted, errors = json_lines(lines, f"json_extract_string(line, [{_TOP}])")
    con = connect()
    con.register("extracted", extracted)
    problem = " ".join(f"WHEN {test} THEN {i}" for i, (_, test, _) in enumerate(_PROBLEMS))
    con.execute(
        f"""CREATE TEMP TABLE checked AS
        WITH c AS (
            SELECT {LINE}, v[1] AS id, v[2] AS channel, v[3] AS customer_id, v[4] AS staff_id,
                   v[5] AS started_raw, TRY_CAST(v[5] AS TIMESTAMPTZ) AS started_at, {_ITEMS} AS items
            FROM extracted)
        SELECT *, CASE {problem} END AS problem FROM c"""
    )
    failed = con.execute(f"SELECT {LINE}, problem FROM checked WHERE problem IS NOT NULL").fetchall()
    texts = raw_lines(lines, [line for line, _ in failed])
    for (line, i), text in zip(failed, texts, strict=True):
        name, _, reason = _PROBLEMS[i]
        errors.append(RowError(line, name, reason, row=text))
    conversations = con.sql(
        f"""WITH u AS (
            SELECT *, list_transform(items, lambda u: {{'speaker': u.speaker, 'text': coalesce(u.text, ''),
                                                        'ts': TRY_CAST(u.ts AS TIMESTAMPTZ)}}) AS utterances
            FROM checked WHERE problem IS NULL),
        t AS (SELECT *, coalesce(started_at, list_min(list_transform(utterances, lambda u: u.ts))) AS began
              FROM u)
        SELECT id AS conversation_id, channel, customer_id, staff_id, began AS started_at, utterances,
               'canonical' AS source, {local_day_sql("began")} AS date, {LINE}
        FROM t ORDER BY {LINE}"""
    ).to_arrow_table()
    return conversations, sorted(errors, key=lambda e: e.line)
