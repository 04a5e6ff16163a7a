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

from siyu.profile.engine import end_of_day, open_duckdb, today
from siyu.profile.rules import Rules, load_rules
from siyu.workspace import Workspace

FOLD_SQL = """
WITH rules AS (SELECT * FROM __fold_rules),
precedence AS (SELECT * FROM __fold_precedence),
events AS (
    SELECT * FROM tag_events WHERE observed_at < $cutoff
),
rejections AS (
    SELECT customer_id, code, value, max(observed_at) AS rejected_at
    FROM events WHERE source = 'rejected'
    GROUP BY customer_id, code, value
),
candidates AS (
    SELECT e.event_id, e.customer_id, e.code, e.value, e.value_num, e.confidence, e.source,
           e.conversation_id, e.utterance, e.span_start, e.span_end, e.evidence, e.observed_at,
           coalesce(e.expires_at, e.observed_at + to_days(r.ttl_days)) AS expiry,
           coalesce(r.multi, $default_multi) AS multi,
           p.prec
    FROM events e
    JOIN precedence p ON p.source = e.source
    LEFT JOIN rules r ON r.code = e.code
),
rejected_evidence AS (
    SELECT DISTINCT c.customer_id, c.code, c.value, c.conversation_id, c.utterance
    FROM candidates c JOIN rejections j USING (customer_id, code, value)
    WHERE c.observed_at <= j.rejected_at AND c.source <> 'confirmed' AND c.conversation_id IS NOT NULL
    UNION
    SELECT customer_id, code, value, conversation_id, utterance
    FROM events WHERE source = 'rejected' AND conversation_id IS NOT NULL
),
alive AS (
    SELECT c.* FROM candidates c
    LEFT JOIN rejections j USING (customer_id, code, value)
    WHERE (j.rejected_at IS NULL OR c.observed_at > j.rejected_at)
      AND (c.expiry IS NULL OR c.expiry > $cutoff)
      AND NOT (c.source <> 'confirmed' AND EXISTS (
          SELECT 1 FROM rejected_evidence x
          WHERE x.customer_id = c.customer_id AND x.code = c.code AND x.value = c.value
            AND x.conversation_id = c.conversation_id
            AND x.utterance IS NOT DISTINCT FROM c.utterance))
),
per_value AS (
    SELECT customer_id, code, value,
           any_value(multi) AS multi,
           max(struct_pack(prec, observed_at, event_id)) AS rank_key,
           arg_max(struct_pack(value_num, confidence, source, conversation_id, utterance,
                               span_start, span_end, evidence),
                   struct_pack(prec, observed_at, event_id)) AS best,
           min(observed_at) AS first_seen,
           max(observed_at) AS last_seen,
           CASE WHEN bool_or(expiry IS NULL) THEN NULL ELSE max(expiry) END AS expires_at
    FROM alive
    GROUP BY customer_id, code, value
)
SELECT customer_id, code, value, best.value_num AS value_num, best.confidence AS confidence,
       best.source AS source, first_seen, last_seen, expires_at,
       best.conversation_id AS conversation_id, best.utterance AS utterance,
       best.span_start AS span_start, best.span_end AS span_end, best.evidence AS evidence
FROM per_value
QUALIFY multi OR row_number() OVER (PARTITION BY customer_id, code ORDER BY rank_key DESC) = 1
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
