"""Reading input files into Arrow: encoding detection, CSV, Parquet and JSON lines, with line numbers."""

from __future__ import annotations

import csv
import io
from functools import reduce
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from siyu.ingest.duck import connect
from siyu.ingest.validate import LINE, RowError
from siyu.lake.sql import literal

UTF8_BOM = b"\xef\xbb\xbf"
WHOLE_ROW = "*"  # field name of problems that concern the whole row
NOT_JSON = "不是有效的 JSON 对象（每行应为一个 {...}）"
_DELIMITERS = (",", "\t", "|", ";")


class IngestInputError(Exception):
    """The file cannot be read at all: missing, of an unknown format, or undecodable."""


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestInputError(f"{path}：文件不存在") from None
    except IsADirectoryError:
        raise IngestInputError(f"{path}：这是一个文件夹，不是文件") from None
    except OSError as exc:
        raise IngestInputError(f"{path}：无法读取（{exc.strerror}）") from None


def sniff_format(path: Path, data: bytes) -> str:
    """parquet, csv or jsonl, from the content first and the file name second."""
    if data.startswith(b"PAR1"):
        return "parquet"
    if data.startswith(b"PK\x03\x04"):
        raise IngestInputError(f"{path}：这是 Excel 或压缩文件，请另存为 CSV（UTF-8）后再导入")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        raise IngestInputError(f"{path}：不是有效的 Parquet 文件")
    if b"\x00" in data[:65536]:
        raise IngestInputError(f"{path}：不是文本文件，无法识别为 CSV、Parquet 或 JSON")
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "jsonl" if data.lstrip(UTF8_BOM + b" \t\r\n").startswith(b"{") else "csv"


def to_utf8(path: Path, data: bytes) -> tuple[bytes, str]:
    """The text as UTF-8 bytes and the encoding it was in: UTF-8 (with or without BOM) or GB18030/GBK."""
    if data.startswith(UTF8_BOM):
        data, encoding = data[len(UTF8_BOM) :], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        # Arrow validates UTF-8 without building a Python string of the whole file.
        offsets = pa.py_buffer(np.array([0, len(data)], np.int64))
        pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)]).cast(
            pa.large_string()
        )
        return data, encoding
    except pa.ArrowInvalid:
        if encoding == "utf-8-sig":
            raise IngestInputError(f"{path}：文件以 UTF-8 标记开头，但内容不是有效的 UTF-8") from None
    try:
        return data.decode("gb18030").encode("utf-8"), "gb18030"
    except UnicodeDecodeError:
        raise IngestInputError(f"{path}：无法识别文件编码（已尝试 UTF-8 与 GB18030/GBK）") from None


def lines_table(data: bytes) -> pa.Table:
    """One row per physical line (``line`` keeps its line break; ``_line`` is 1-based), without copying."""
    newlines = np.flatnonzero(np.frombuffer(data, np.uint8) == 10)
    ends = newlines + 1
    if not data.endswith(b"\n"):
        ends = np.append(ends, len(data))
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    count = len(offsets) - 1
    lines = pa.LargeStringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(data))
    return pa.table({"line": lines, LINE: pa.array(np.arange(1, count + 1), pa.int64())})


def raw_lines(lines: pa.Table, numbers: list[int]) -> list[str]:
    """The text of the given line numbers (for quarantine records)."""
    taken = pc.take(lines.column("line"), pa.array(np.asarray(numbers, np.int64) - 1)).to_pylist()
    return [text.rstrip("\r\n") for text in taken]


def json_lines(lines: pa.Table, expression: str) -> tuple[pa.Table, list[RowError]]:
    """Evaluate ``expression`` (SQL over the column ``line``) on every line holding one JSON object.

    Returns ``_line`` and the value ``v``, and an error for every other line that is not blank.
    JSON functions fail on text that is not JSON; ``TRY`` turns that into NULL with one parse per
    line. Blank lines fail too and are told apart from errors among the failures alone.
    """
    con = connect()
    con.register("lines", lines)
    table = con.sql(
        f"SELECT {LINE}, v, regexp_matches(line, '^\\s*\\{{') AND v IS NOT NULL AS ok "
        f"FROM (SELECT {LINE}, line, TRY({expression}) AS v FROM lines)"
    ).to_arrow_table()
    ok = table.column("ok")
    failed = table.filter(pc.invert(ok)).column(LINE).to_pylist()
    texts = raw_lines(lines, failed)
    errors = [
        RowError(n, WHOLE_ROW, NOT_JSON, row=t) for n, t in zip(failed, texts, strict=True) if t.strip()
    ]
    return table.filter(ok).select([LINE, "v"]), errors


def json_fields(lines: pa.Table) -> tuple[pa.Table, list[RowError]]:
    """JSON objects flattened to a table of their top-level keys as text (plus ``_line``)."""
    found, errors = json_lines(lines, "json_keys(line)")
    keys = sorted(pc.unique(pc.list_flatten(found.column("v"))).to_pylist())
    if not keys:
        return found.select([LINE]), errors
    paths = ", ".join(literal('$."' + k.replace('"', '\\"') + '"') for k in keys)
    table, _ = json_lines(lines, f"json_extract_string(line, [{paths}])")
    values = table.column("v").combine_chunks()
    columns = {k: pc.list_element(values, i) for i, k in enumerate(keys)}
    return pa.table({**columns, LINE: table.column(LINE)}), errors


def read_csv(path: Path, data: bytes) -> tuple[pa.Table, list[RowError]]:
    """All columns as text, plus ``_line``; rows with the wrong number of columns become errors."""
    first = data[: data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8", "replace")
    delimiter = max(_DELIMITERS, key=first.count)
    header = next(csv.reader([first.rstrip("\r")], delimiter=delimiter), [])
    if not any(h.strip() for h in header):
        raise IngestInputError(f"{path}：第 1 行应为表头（列名），但它是空的")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise IngestInputError(f"{path}：表头中列名重复：{'、'.join(duplicated)}")
    lines = _nonblank_lines(data)
    invalid: list[pacsv.InvalidRow] = []

    def skip(row: pacsv.InvalidRow) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=b'"' in data, invalid_row_handler=skip
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        raise IngestInputError(f"{path}：无法按 CSV 解析（{exc}）") from None
    # A record spanning lines takes at least two non-blank lines, so equal counts mean one line
    # per record. Otherwise (values with line breaks, malformed rows) read record by record.
    if invalid or table.num_rows != len(lines) - 1:
        return _read_csv_by_record(data, delimiter)
    table = table.append_column(LINE, pa.array(lines[1:], pa.int64()))
    # Rows of empty cells only (",,,,") are what spreadsheets leave at the end: treat as blank lines.
    if not pc.any(pc.equal(pc.utf8_trim_whitespace(table.column(header[0])), "")).as_py():
        return table, []
    empty = [pc.equal(pc.utf8_trim_whitespace(table.column(h)), "") for h in header]
    return table.filter(pc.invert(reduce(pc.and_, empty))), []


def _nonblank_lines(data: bytes) -> np.ndarray:
    """Numbers of the lines that are neither empty nor a lone carriage return (1-based)."""
    buf = np.frombuffer(data, np.uint8)
    newlines = np.flatnonzero(buf == 10)
    starts = np.concatenate([[0], newlines + 1])
    ends = np.append(newlines, len(buf))
    length = ends - starts
    carriage = (
        buf[np.minimum(starts, max(len(buf) - 1, 0))] == 13 if len(buf) else np.zeros(len(starts), bool)
    )
    blank = (length == 0) | ((length == 1) & carriage)
    return np.flatnonzero(~blank) + 1


def _read_csv_by_record(data: bytes, delimiter: str) -> tuple[pa.Table, list[RowError]]:
    """Record-by-record reading for files with malformed rows: exact line numbers for every problem."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter)
    header = next(reader)
    columns: list[list[str]] = [[] for _ in header]
    lines: list[int] = []
    errors: list[RowError] = []
    previous = reader.line_num
    for record in reader:
        start, previous = previous + 1, reader.line_num
        if not any(value.strip() for value in record):
            continue
        if len(record) != len(header):
            reason = f"列数不符：应为 {len(header)} 列，实际 {len(record)} 列（检查分隔符和引号）"
            errors.append(RowError(start, WHOLE_ROW, reason, row=delimiter.join(record)))
            continue
        for column, value in zip(columns, record, strict=True):
            column.append(value)
        lines.append(start)
    table = pa.table({h: pa.array(c, pa.string()) for h, c in zip(header, columns, strict=True)})
    return table.append_column(LINE, pa.array(lines, pa.int64())), errors


def read_parquet(path: Path) -> pa.Table:
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise IngestInputError(f"{path}：无法读取 Parquet 文件（{exc}）") from None
    return table.append_column(LINE, pa.array(np.arange(1, table.num_rows + 1), pa.int64()))


def read_rows(path: Path, allow_jsonl: bool = False) -> tuple[pa.Table, list[RowError], str]:
    """A tabular file as (table with ``_line``, row errors, encoding or "parquet")."""
    data = read_bytes(path)
    fmt = sniff_format(path, data)
    if fmt == "parquet":
        return read_parquet(path), [], "parquet"
    if fmt == "jsonl" and not allow_jsonl:
        raise IngestInputError(f"{path}：应为 CSV 或 Parquet 文件，而这是 JSON")
    text, encoding = to_utf8(path, data)
    if fmt == "jsonl":
        table, errors = json_fields(lines_table(text))
        return table, errors, encoding
    table, errors = read_csv(path, text)
    return table, errors, encoding
