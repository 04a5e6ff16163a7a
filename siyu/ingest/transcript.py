"""Call-centre ASR transcripts: one row per utterance (CSV or JSON lines), grouped into calls."""

from __future__ import annotations

import pyarrow as pa

from siyu.clock import BANK_TZ_NAME, local_day_sql
from siyu.ingest.duck import connect, one
from siyu.ingest.validate import LINE

PREFIX = "call-"  # conversation_id = PREFIX + call_id


def transcript_conversations(rows: pa.Table) -> tuple[pa.Table, int]:
    """Calls from validated transcript rows, and how many rows repeated an earlier one.

    ``rows`` holds call_id, role (staff/customer), start (seconds into the call or a date and
    time), optional text, customer_id, staff_id, call_start (given on any row of the call), and
    ``_line``. Utterances are ordered by their start; a row identical to an earlier one of the
    same call (start, role, text) is a duplicate.
    """
    con = connect()
    con.register("raw", _with_optional_columns(rows))
    con.execute(
        f"""CREATE TEMP TABLE utterances AS
        SELECT *, COALESCE(abs_ts, call_start + to_microseconds(CAST(round(offset_s * 1e6) AS BIGINT))) AS ts
        FROM (
            SELECT * REPLACE (min(call_start) OVER (PARTITION BY call_id) AS call_start),
                   TRY_CAST(replace(start, ',', '') AS DOUBLE) AS offset_s,
                   CASE WHEN TRY_CAST(replace(start, ',', '') AS DOUBLE) IS NULL
                        THEN TRY_CAST(start AS TIMESTAMPTZ) END AS abs_ts
            FROM raw
            QUALIFY row_number() OVER (PARTITION BY call_id, start, role, text ORDER BY {LINE}) = 1
        )"""
    )
    (kept,) = one(con, "SELECT count(*) FROM utterances")
    conversations = con.sql(
        f"""SELECT '{PREFIX}' || call_id AS conversation_id, 'call' AS channel,
               first(customer_id ORDER BY {LINE}) FILTER (WHERE customer_id IS NOT NULL) AS customer_id,
               first(staff_id ORDER BY {LINE}) FILTER (WHERE staff_id IS NOT NULL) AS staff_id,
               coalesce(min(call_start), min(ts)) AS started_at,
               list({{'speaker': role, 'text': coalesce(text, ''), 'ts': ts}}
                    ORDER BY coalesce(epoch(ts), offset_s), {LINE}) AS utterances,
               'transcript' AS source,
               {local_day_sql("coalesce(min(call_start), min(ts))")} AS date
        FROM utterances GROUP BY call_id ORDER BY started_at, call_id"""
    ).to_arrow_table()
    return conversations, rows.num_rows - kept


def _with_optional_columns(rows: pa.Table) -> pa.Table:
    optional = {"text": pa.string(), "customer_id": pa.string(), "staff_id": pa.string()}
    optional["call_start"] = pa.timestamp("us", tz=BANK_TZ_NAME)
    for name, type_ in optional.items():
        if name not in rows.column_names:
            rows = rows.append_column(name, pa.nulls(rows.num_rows, type_))
    return rows
