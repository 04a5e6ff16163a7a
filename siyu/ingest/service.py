"""``ingest_file``: read one file, validate it, merge it into the lake, quarantine what failed."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import select

from siyu.db.models import Staff
from siyu.ingest.arrays import keep, to_mask
from siyu.ingest.canonical import parse_canonical_lines
from siyu.ingest.conversations import write_conversations
from siyu.ingest.quarantine import write_quarantine
from siyu.ingest.report import IngestReport
from siyu.ingest.sources import IngestInputError, lines_table, read_bytes, read_rows, sniff_format, to_utf8
from siyu.ingest.spec import ColumnError, load_spec
from siyu.ingest.transcript import transcript_conversations
from siyu.ingest.upsert import upsert
from siyu.ingest.validate import LINE, RowError, validate_table
from siyu.ingest.wecom import group_messages, parse_wecom_lines
from siyu.lake import Lake
from siyu.workspace import Workspace

TABLE_KINDS = ("customers", "holdings", "products")
KINDS = (*TABLE_KINDS, "conversations")
CONVERSATION_FORMATS = ("canonical", "wecom", "transcript")
RECALLED = "已撤回的消息"
NO_CUSTOMER = "非客户会话或切换记录"


def ingest_file(
    ws: Workspace,
    kind: str,
    path: str | Path,
    fmt: str | None = None,
    gap_minutes: float = 30,
    mapping: str | Path | None = None,
) -> IngestReport:
    """Ingest one file of ``kind`` (customers, holdings, products, conversations).

    Conversations take ``fmt`` canonical (default), wecom or transcript; wecom also takes the idle
    ``gap_minutes`` that splits a chat and an optional ``mapping`` file (external_userid,
    customer_id). Raises IngestInputError when the file cannot be read at all.
    """
    path = Path(path)
    if kind in TABLE_KINDS:
        report, errors = _ingest_table(ws.lake, kind, path)
    elif kind == "conversations":
        fmt = fmt or "canonical"
        if fmt == "wecom":
            staff_ids = _staff_ids(ws)
            report, errors = _ingest_wecom(ws.lake, path, gap_minutes, staff_ids, _mapping(mapping))
        elif fmt == "transcript":
            report, errors = _ingest_transcript(ws.lake, path)
        elif fmt == "canonical":
            report, errors = _ingest_canonical(ws.lake, path)
        else:
            raise ValueError(f"unknown conversation format {fmt!r}; known: {', '.join(CONVERSATION_FORMATS)}")
    else:
        raise ValueError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    report.quarantined = len({e.line for e in errors})
    for e in errors:
        report.reasons[(e.field, e.reason)] += 1
    report.quarantine_file = write_quarantine(ws.settings.quarantine_dir, kind, path, errors)
    return report


def _validated(path: Path, kind: str, table: pa.Table) -> tuple[pa.Table, list[RowError], list[str]]:
    spec = load_spec(kind)
    try:
        _, ignored = spec.match_columns([c for c in table.column_names if c != LINE])
        valid, errors = validate_table(table, spec)
    except ColumnError as exc:
        raise IngestInputError(f"{path}：{exc}") from None
    return valid, errors, ignored


def _ingest_table(lake: Lake, kind: str, path: Path) -> tuple[IngestReport, list[RowError]]:
    table, read_errors, encoding = read_rows(path)
    valid, errors, ignored = _validated(path, kind, table)
    result = upsert(lake, kind, load_spec(kind).key, valid)
    report = IngestReport(path, kind, "parquet" if encoding == "parquet" else "csv", encoding=encoding)
    report.rows_read = table.num_rows + len(read_errors)
    report.ingested = result.inserted + result.updated
    report.updated = result.updated
    report.duplicates = result.duplicates
    report.ignored_columns = ignored
    return report, read_errors + errors


def _text_lines(path: Path) -> tuple[pa.Table, str]:
    data = read_bytes(path)
    if sniff_format(path, data) != "jsonl":
        raise IngestInputError(f"{path}：应为 JSON lines 文件（每行一个 JSON 对象）")
    text, encoding = to_utf8(path, data)
    return lines_table(text), encoding


def _ingest_canonical(lake: Lake, path: Path) -> tuple[IngestReport, list[RowError]]:
    lines, encoding = _text_lines(path)
    conversations, errors = parse_canonical_lines(lines)
    written = write_conversations(lake, conversations)
    report = IngestReport(path, "conversations", "canonical", encoding=encoding)
    report.rows_read = conversations.num_rows + len({e.line for e in errors})
    report.ingested = report.conversations = written.conversations
    report.duplicates = written.duplicate_conversations
    return report, errors


def _ingest_transcript(lake: Lake, path: Path) -> tuple[IngestReport, list[RowError]]:
    table, read_errors, encoding = read_rows(path, allow_jsonl=True)
    valid, errors, ignored = _validated(path, "transcript", table)
    conversations, repeated = transcript_conversations(valid)
    written = write_conversations(lake, conversations)
    report = IngestReport(path, "conversations", "transcript", encoding=encoding, ignored_columns=ignored)
    report.rows_read = table.num_rows + len(read_errors)
    report.ingested = written.utterances
    report.conversations = written.conversations
    report.duplicates = repeated + written.duplicate_utterances
    return report, read_errors + errors


def _ingest_wecom(
    lake: Lake, path: Path, gap_minutes: float, staff_ids: list[str], mapping: pa.Table | None
) -> tuple[IngestReport, list[RowError]]:
    lines, encoding = _text_lines(path)
    messages, errors = parse_wecom_lines(lines)
    unseen = messages
    if lake.exists("wecom_messages"):
        registered = lake.read("wecom_messages", ["msgid"]).column("msgid")
        unseen = keep(messages, ~to_mask(pc.is_in(messages.column("msgid"), registered)))
    grouped = group_messages(unseen, gap_minutes, staff_ids, mapping)
    written = write_conversations(lake, grouped.conversations)
    lake.append("wecom_messages", grouped.message_ids)
    report = IngestReport(path, "conversations", "wecom", encoding=encoding)
    report.rows_read = messages.num_rows + len({e.line for e in errors})
    report.ingested = written.utterances
    report.conversations = written.conversations
    report.duplicates = (
        messages.num_rows - unseen.num_rows + grouped.duplicates + written.duplicate_utterances
    )
    report.skipped.update({RECALLED: grouped.recalled, NO_CUSTOMER: grouped.skipped})
    report.skipped = +report.skipped  # drop zero counts
    return report, errors


def _staff_ids(ws: Workspace) -> list[str]:
    """Userids known as staff in the app DB count as staff whatever their prefix."""
    with ws.session() as session:
        return list(session.scalars(select(Staff.staff_id)))


def _mapping(path: str | Path | None) -> pa.Table | None:
    if path is None:
        return None
    path = Path(path)
    table, read_errors, _ = read_rows(path)
    valid, errors, _ = _validated(path, "wecom_mapping", table)
    problems = read_errors + errors
    if problems:
        first = min(problems, key=lambda e: e.line)
        raise IngestInputError(
            f"{path}：第 {first.line} 行 {first.field}：{first.reason}（对照表需全部正确）"
        )
    return valid.select(["external_userid", "customer_id"])
