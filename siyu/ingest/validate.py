"""Column-wise validation of a table read from a file, in one DuckDB pass.

Every field is parsed and checked for all rows at once; Python only touches the rows that fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from siyu.ingest.duck import connect, literal, quote
from siyu.ingest.spec import FieldSpec, TableSpec

LINE = "_line"  # 1-based line number in the source file (row number for Parquet)

# Thousands separators allowed: 1,234,567.89
_NUMBER = r"[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?"
_INTEGER = r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.0*)?"
_DATE_FORMATS = "['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d']"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

# Error codes computed in SQL, turned into words by _reason.
OK, MISSING, BAD_FORMAT, NOT_ALLOWED, TOO_SMALL, CHECK_FAILED = range(6)


@dataclass(frozen=True)
class RowError:
    """One problem with one row: where it is, which field, what was expected, and the raw row."""

    line: int
    field: str
    reason: str
    value: Any = None
    row: Any = None


def _parse(f: FieldSpec, raw: str, booleans: dict[str, bool]) -> str:
    """SQL parsing the trimmed text ``raw`` into the field's type; NULL when it does not parse."""
    if f.values:
        cases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in f.values.items())
        return f"CASE upper({raw}) {cases} END"
    t = f.type
    if pa.types.is_date(t):
        return f"CAST(try_strptime({raw}, {_DATE_FORMATS}) AS DATE)"
    if pa.types.is_timestamp(t):
        return f"TRY_CAST({raw} AS TIMESTAMPTZ)"
    if pa.types.is_floating(t):
        number = f"CAST(replace({raw}, ',', '') AS DOUBLE)"
        return f"CASE WHEN regexp_full_match({raw}, '{_NUMBER}') THEN {number} END"
    if pa.types.is_integer(t):
        return (
            f"CASE WHEN regexp_full_match({raw}, '{_INTEGER}') "
            f"THEN TRY_CAST(CAST(replace({raw}, ',', '') AS DOUBLE) AS INTEGER) END"
        )
    if pa.types.is_boolean(t):
        cases = " ".join(f"WHEN {literal(k)} THEN {str(v).upper()}" for k, v in booleans.items())
        return f"CASE lower({raw}) {cases} END"
    if f.check == "phone":  # keep the digits; drop spaces, dashes and a +86 prefix
        return rf"regexp_replace(regexp_replace({raw}, '[\s\-]', '', 'g'), '^\+?86(\d{{11}})$', '\1')"
    if f.check == "id_card":
        return f"upper({raw})"
    return raw


def _failed_check(f: FieldSpec, value: str, raw: str) -> str | None:
    """SQL that is true when a parsed value breaks the field's extra rule."""
    if f.check == "phone":
        return rf"NOT regexp_full_match({value}, '\d{{11}}')"
    if f.check == "id_card":
        total = " + ".join(
            f"{w} * TRY_CAST(substr({value}, {i + 1}, 1) AS INTEGER)" for i, w in enumerate(_ID_WEIGHTS)
        )
        digit = f"substr('10X98765432', CAST(({total}) % 11 AS INTEGER) + 1, 1)"
        shape = rf"regexp_full_match({value}, '\d{{17}}[\dX]')"
        return f"NOT coalesce({shape} AND {digit} = substr({value}, 18, 1), FALSE)"
    if f.check == "offset_or_time":
        return f"NOT (regexp_full_match({raw}, '{_NUMBER}') OR TRY_CAST({raw} AS TIMESTAMPTZ) IS NOT NULL)"
    return None


def _error_code(f: FieldSpec, raw: str, value: str) -> str:
    parts = [f"WHEN {raw} IS NULL THEN {MISSING if f.required else OK}"]
    parts.append(f"WHEN {value} IS NULL THEN {NOT_ALLOWED if f.values else BAD_FORMAT}")
    check = _failed_check(f, value, raw)
    if check:
        parts.append(f"WHEN {check} THEN {CHECK_FAILED}")
    if f.minimum is not None:
        parts.append(f"WHEN {value} < {f.minimum} THEN {TOO_SMALL}")
    return f"CASE {' '.join(parts)} ELSE {OK} END"


_TYPE_WORDS = [
    (pa.types.is_date, "应为日期，格式 YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD"),
    (pa.types.is_timestamp, "应为日期时间，如 2026-03-01 10:00:00 或 2026-03-01T10:00:00+08:00"),
    (pa.types.is_floating, "应为数字（可带千分位逗号，如 1,234.56）"),
    (pa.types.is_integer, "应为整数"),
    (pa.types.is_boolean, "应为 是/否（也可写 Y/N、1/0、true/false）"),
]
_CHECK_WORDS = {
    "phone": "应为 11 位手机号码",
    "id_card": "应为 18 位身份证号码，前 17 位为数字，末位校验码正确（GB 11643）",
    "offset_or_time": "应为通话开始后的秒数，或日期时间",
}


def _reason(f: FieldSpec, code: int) -> str:
    if code == MISSING:
        return "必填，不能为空"
    if code == NOT_ALLOWED:
        return "应为以下取值之一：" + "、".join(dict.fromkeys(f.values.values()))
    if code == TOO_SMALL:
        return f"不能小于 {f.minimum:g}"
    if code == CHECK_FAILED:
        return _CHECK_WORDS[f.check]
    return next(words for test, words in _TYPE_WORDS if test(f.type))


def validate_table(table: pa.Table, spec: TableSpec) -> tuple[pa.Table, list[RowError]]:
    """Parse and check every matched column.

    Returns the valid rows (the matched fields under their canonical names, typed, plus ``_line``)
    and one RowError per failing (row, field), carrying the row as read. Columns not in the spec
    are ignored; raises ColumnError when required columns are missing.
    """
    columns = [c for c in table.column_names if c != LINE]
    matched, _ = spec.match_columns(columns)
    if LINE not in table.column_names:
        table = table.append_column(LINE, pa.array(np.arange(1, table.num_rows + 1), pa.int64()))
    fields = [(column, spec.field(name)) for column, name in matched.items()]
    if not fields:
        return table.select([LINE]), []
    raws = ", ".join(
        f"NULLIF(trim(CAST({quote(c)} AS VARCHAR)), '') AS r{i}" for i, (c, _) in enumerate(fields)
    )
    values = ", ".join(f"{_parse(f, f'r{i}', spec.booleans)} AS v{i}" for i, (_, f) in enumerate(fields))
    outputs = ", ".join(
        f"v{i} AS {quote(f.name)}, {_error_code(f, f'r{i}', f'v{i}')} AS e{i}"
        for i, (_, f) in enumerate(fields)
    )
    con = connect()
    con.register("src", table.append_column("_row", pa.array(np.arange(table.num_rows), pa.int64())))
    result = con.sql(
        f"WITH r AS (SELECT _row, {LINE}, {raws} FROM src), "
        f"v AS (SELECT *, {values} FROM r) "
        f"SELECT _row, {LINE}, {outputs} FROM v ORDER BY _row"
    ).to_arrow_table()
    codes = np.column_stack([result.column(f"e{i}").to_numpy() for i in range(len(fields))])
    bad = codes.any(axis=1)
    valid = result.filter(pa.array(~bad)).select([f.name for _, f in fields] + [LINE])
    bad_rows = np.flatnonzero(bad)
    if not bad_rows.size:
        return valid, []
    raw_rows = table.drop_columns([LINE]).take(bad_rows).to_pylist()
    lines = result.column(LINE).to_numpy()
    errors = []
    for row, raw_row in zip(bad_rows.tolist(), raw_rows, strict=True):
        for i in np.flatnonzero(codes[row]).tolist():
            column, f = fields[i]
            errors.append(
                RowError(int(lines[row]), f.name, _reason(f, int(codes[row, i])), raw_row[column], raw_row)
            )
    return valid, errors
