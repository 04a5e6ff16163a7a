"""Fold the tag event history into the current profile of every customer, in DuckDB SQL.

Rules (rules.yaml): single-valued codes keep one value, chosen by source precedence and then by
recency; multi-valued codes keep the union of values, each with first/last seen. Time-sensitive
codes expire ``ttl_days`` after observation unless the event states its own expiry. A manager's
rejection suppresses every earlier event of that (customer, code, value) and, for good, any event
carrying the same evidence (conversation + utterance), so re-mining an old conversation cannot bring
a rejected tag back; only evidence observed after the rejection, or a confirmation, can.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from siyu.clock import end_of_day, today
from siyu.profile.engine import open_duckdb
from siyu.profile.rules import Rules, load_rules
from siyu.workspace import Workspace

FOLD_SQL = """
WITH rejections AS (
    SELECT customer_id, code, value, max(observed_at) AS rejected_at
    FROM tag_events WHERE source = 'rejected' AND observed_at < $cutoff
    GROUP BY customer_id, code, value
),
rejected_evidence AS (
    SELECT DISTINCT e.customer_id, e.code, e.value, e.conversation_id, coalesce(e.utterance, -1) AS utterance
    FROM tag_events e JOIN rejections j USING (customer_id, code, value)
    WHERE e.observed_at <= j.rejected_at AND e.source <> 'confirmed' AND e.conversation_id IS NOT NULL
),
alive AS NOT MATERIALIZED (
    SELECT e.customer_id, e.code, e.value, e.value_num, e.confidence, e.source, e.conversation_id,
           e.utterance, e.span_start, e.span_end, e.evidence, e.observed_at,
           coalesce(e.expires_at, e.observed_at + to_days(r.ttl_days)) AS expiry,
           coalesce(r.multi, $default_multi) AS multi,
           -- one sortable number: precedence, then recency, then a stable tie-break on the event id
           (p.prec::HUGEINT << 104) + (epoch_us(e.observed_at)::HUGEINT << 40)
               + (hash(e.event_id) % 1099511627776)::HUGEINT AS rank
    FROM tag_events e
    JOIN __fold_precedence p ON p.source = e.source
    LEFT JOIN __fold_rules r ON r.code = e.code
    LEFT JOIN rejections j ON j.customer_id = e.customer_id AND j.code = e.code AND j.value = e.value
    WHERE e.observed_at < $cutoff
      AND (j.rejected_at IS NULL OR e.observed_at > j.rejected_at)
      AND (e.source = 'confirmed' OR NOT EXISTS (
          SELECT 1 FROM rejected_evidence x
          WHERE x.customer_id = e.customer_id AND x.code = e.code AND x.value = e.value
            AND x.conversation_id = e.conversation_id AND x.utterance = coalesce(e.utterance, -1)))
),
per_value AS NOT MATERIALIZED (
    SELECT customer_id, code, value, multi,
           max(rank) AS rank,
           arg_max(struct_pack(value_num, confidence, source, conversation_id, utterance,
                               span_start, span_end, evidence), rank) AS best,
           min(observed_at) AS first_seen,
           max(observed_at) AS last_seen,
           CASE WHEN bool_or(expiry IS NULL) THEN NULL ELSE max(expiry) END AS expires_at
    FROM alive
    WHERE expiry IS NULL OR expiry > $cutoff
    GROUP BY customer_id, code, value, multi
),
-- Single-valued codes keep their best-ranked value. (An aggregate, not a window: millions of
-- one-row partitions make a window far slower in DuckDB.)
kept AS (
    SELECT * FROM per_value WHERE multi
    UNION ALL
    SELECT unnest(arg_max(v, v.rank)) FROM per_value v WHERE NOT v.multi GROUP BY v.customer_id, v.code
)
SELECT customer_id, code, value, best.value_num AS value_num, best.confidence AS confidence,
       best.source AS source, first_seen, last_seen, expires_at,
       best.conversation_id AS conversation_id, best.utterance AS utterance,
       best.span_start AS span_start, best.span_end AS span_end, best.evidence AS evidence
FROM kept
-- Sorted by tag so that Parquet row-group statistics let segment queries skip other codes.
ORDER BY code, value, customer_id
"""


@dataclass(frozen=True)
class FoldSummary:
    as_of: date
    events: int
    profile_rows: int
    customers: int


def build_profiles(
    ws: Workspace,
    as_of: date | None = None,
    *,
    rules: Rules | None = None,
    memory_limit: str | None = None,
    batch_rows: int = 1_000_000,
) -> FoldSummary:
    """Replace the lake ``profiles`` dataset with the profiles as of the end of ``as_of``."""
    as_of = as_of or today()
    rules = rules or load_rules()
    con = open_duckdb(ws, memory_limit)
    con.register("__fold_rules", rules.table())
    con.register(
        "__fold_precedence",
        pa.table({"source": list(rules.precedence), "prec": list(rules.precedence.values())}),
    )
    params = {"cutoff": end_of_day(as_of), "default_multi": rules.default.multi}
    reader = con.sql(FOLD_SQL, params=params).to_arrow_reader(batch_rows)
    rows = ws.lake.replace("profiles", (pa.Table.from_batches([b]) for b in reader))
    con.close()
    con = ws.lake.connect()
    customers = con.sql("SELECT count(DISTINCT customer_id) FROM profiles").fetchall()[0][0]
    con.close()
    return FoldSummary(as_of, ws.lake.count("tag_events"), rows, customers)
