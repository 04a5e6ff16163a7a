"""Column-wise validation of a table read from a file.

Each field is parsed and checked for all rows at once with Arrow compute kernels and numpy
(DuckDB for the strict date and time parsers); Python only touches the rows that fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siyu.ingest.arrays import keep, to_mask
from siyu.ingest.duck import connect
from siyu.ingest.spec import FieldSpec, TableSpec

LINE = "_line"  # 1-based line number in the source file (row number for Parquet)

# Thousands separators allowed: 1,234,567.89
_NUMBER = r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_INTEGER = r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.0*)?$"
_DATE_FORMATS = "['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d']"
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], np.int32)
_ID_CHECK = np.frombuffer(b"10X98765432", np.uint8)

# Problem codes, turned into words by _reason.
OK, MISSING, BAD_FORMAT, NOT_ALLOWED, TOO_SMALL, CHECK_FAILED = range(6)


@dataclass(frozen=True)
class RowError:
    """One problem with one row: where it is, which field, what was expected, and the raw row."""

    line: int
    field: str
    reason: str
    value: Any = None
    row: Any = None


def _with_nulls(values: pa.Array, bad: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(bad), pa.scalar(None, values.type), values)


def _lookup(raw: pa.Array, spellings: dict[str, Any], type_: pa.DataType) -> pa.Array:
    """Map accepted spellings to their stored values; anything else becomes null."""
    index = pc.index_in(raw, value_set=pa.array(list(spellings), pa.string()))
    return pc.take(pa.array(list(spellings.values()), type_), index)


def _number(raw: pa.Array, type_: pa.DataType) -> pa.Array:
    try:  # clean columns convert in one call
        values = pc.cast(raw, type_)
        return _with_nulls(values, ~to_mask(pc.is_finite(values))) if pa.types.is_floating(type_) else values
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    pattern = _NUMBER if pa.types.is_floating(type_) else _INTEGER
    ok = to_mask(pc.match_substring_regex(raw, pattern))
    numbers = pc.cast(pc.replace_substring(_with_nulls(raw, ~ok), ",", ""), pa.float64())
    if pa.types.is_floating(type_):
        return numbers.cast(type_)
    limit = np.iinfo(type_.to_pandas_dtype()).max
    return _with_nulls(numbers, ~to_mask(pc.less_equal(pc.abs(numbers), limit))).cast(type_)


def _duck_parse(raw: pa.Array, expression: str) -> pa.Array:
    """Strict date/time parsing (DuckDB rejects 2024-02-30 where Arrow's strptime rolls it over)."""
    con = connect()
    con.register("raw", pa.table({"r": raw}))
    return con.sql(f"SELECT {expression} AS v FROM raw").to_arrow_table().column("v").combine_chunks()


def _phone(raw: pa.Array) -> pa.Array:
    """Digits only: spaces, dashes and a +86 prefix are dropped from the rows that need it."""
    clean = to_mask(pc.and_(pc.equal(pc.binary_length(raw), 11), pc.ascii_is_decimal(raw)))
    if clean.all():
        return raw
    fixed = pc.replace_substring_regex(raw, r"[\s\-]", "")
    fixed = pc.replace_substring_regex(fixed, r"^\+?86(\d{11})$", r"\1")
    return pc.if_else(pa.array(clean), raw, fixed)


def _valid_phone(value: pa.Array) -> np.ndarray:
    return to_mask(pc.and_(pc.equal(pc.binary_length(value), 11), pc.ascii_is_decimal(value)))


def _valid_id_card(value: pa.Array) -> np.ndarray:
    """GB 11643: 17 digits, then the check character of their weighted sum modulo 11."""
    ok = to_mask(pc.equal(pc.binary_length(value), 18))
    rows = np.flatnonzero(ok)
    if rows.size:
        fixed = pc.take(value, pa.array(rows)).cast(pa.binary())
        offsets = np.frombuffer(fixed.buffers()[1], np.int32)[fixed.offset : fixed.offset + len(fixed) + 1]
        chars = np.frombuffer(fixed.buffers()[2], np.uint8)[offsets[0] : offsets[-1]].reshape(-1, 18)
        head = chars[:, :17]
        well_formed = ((head - np.uint8(48)) <= 9).all(axis=1)  # below "0" wraps around to large
        total = head.astype(np.int32) @ _ID_WEIGHTS - 48 * int(_ID_WEIGHTS.sum())
        expected = _ID_CHECK[total % 11]
        ok[rows] = well_formed & (chars[:, 17] == expected)
    return ok


def _parse(f: FieldSpec, raw: pa.Array, booleans: dict[str, bool]) -> pa.Array:
    """The field's typed values; null where ``raw`` is null or does not parse."""
    if f.values:
        return _lookup(pc.utf8_upper(raw), f.values, pa.string())
    t = f.type
    if pa.types.is_date(t):
        return _duck_parse(raw, f"CAST(try_strptime(r, {_DATE_FORMATS}) AS DATE)")
    if pa.types.is_timestamp(t):
        return _duck_parse(raw, "TRY_CAST(r AS TIMESTAMPTZ)").cast(t)
    if pa.types.is_floating(t) or pa.types.is_integer(t):
        return _number(raw, t)
    if pa.types.is_boolean(t):
        return _lookup(pc.utf8_lower(raw), booleans, pa.bool_())
    if f.check == "phone":
        return _phone(raw)
    if f.check == "id_card":
        return pc.utf8_upper(raw)
    return raw


def _failed_check(f: FieldSpec, value: pa.Array, raw: pa.Array) -> np.ndarray | None:
    if f.check == "phone":
        return ~_valid_phone(value)
    if f.check == "id_card":
        return ~_valid_id_card(value)
    if f.check == "offset_or_time":
        seconds = _number(raw, pa.float64())
        moment = _duck_parse(raw, "TRY_CAST(r AS TIMESTAMPTZ)")
        return ~(to_mask(pc.is_valid(seconds)) | to_mask(pc.is_valid(moment)))
    return None


def _codes(f: FieldSpec, raw: pa.Array, value: pa.Array) -> np.ndarray:
    missing = ~to_mask(pc.is_valid(raw))
    codes = np.zeros(len(raw), np.int8)
    unparsed = ~missing & ~to_mask(pc.is_valid(value))
    codes[unparsed] = NOT_ALLOWED if f.values else BAD_FORMAT
    failed = _failed_check(f, value, raw)
    if failed is not None:
        codes[(codes == OK) & ~missing & failed] = CHECK_FAILED
    if f.minimum is not None:
        codes[(codes == OK) & to_mask(pc.less(value, f.minimum))] = TOO_SMALL
    if f.required:
        codes[missing] = MISSING
    return codes


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


def _text(column: pa.ChunkedArray) -> pa.Array:
    """Trimmed text of a column, empty as null (typed Parquet columns are first written as text)."""
    column = column.combine_chunks()
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    trimmed = pc.utf8_trim_whitespace(column)
    return _with_nulls(trimmed, to_mask(pc.equal(trimmed, "")))


def validate_table(table: pa.Table, spec: TableSpec) -> tuple[pa.Table, list[RowError]]:
    """Parse and check every matched column.

    Returns the valid rows (the matched fields under their canonical names, typed, plus ``_line``)
    and one RowError per failing (row, field), carrying the row as read. Columns not in the spec
    are ignored; raises ColumnError when required columns are missing.
    """
    columns = [c for c in table.column_names if c != LINE]
    matched, _ = spec.match_columns(columns)
    lines = table.column(LINE) if LINE in table.column_names else pa.array(np.arange(1, table.num_rows + 1))
    fields = [(column, spec.field(name)) for column, name in matched.items()]
    values: dict[str, pa.Array] = {}
    codes = np.zeros((table.num_rows, len(fields)), np.int8)
    for i, (column, f) in enumerate(fields):
        raw = _text(table.column(column))
        values[f.name] = _parse(f, raw, spec.booleans)
        codes[:, i] = _codes(f, raw, values[f.name])
    bad = codes.any(axis=1)
    valid = keep(pa.table({**values, LINE: lines}), ~bad)
    bad_rows = np.flatnonzero(bad)
    if not bad_rows.size:
        return valid, []
    raw_rows = table.select(columns).take(bad_rows).to_pylist()
    bad_lines = pc.take(lines, pa.array(bad_rows)).to_pylist()
    errors = []
    for row, line, raw_row in zip(bad_rows.tolist(), bad_lines, raw_rows, strict=True):
        for i in np.flatnonzero(codes[row]).tolist():
            column, f = fields[i]
            errors.append(RowError(line, f.name, _reason(f, int(codes[row, i])), raw_row[column], raw_row))
    return valid, errors
