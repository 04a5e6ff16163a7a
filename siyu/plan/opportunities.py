"""Opportunities (商机) from mined signals: time-sensitive, with a priority and an expiry."""

from __future__ import annotations

from pathlib import Path

from siyu.plan.context import PlanDay
from siyu.plan.data import HERE, PlanDataError, lit, load_yaml, need

OPPORTUNITIES_FILE = HERE / "opportunities.yaml"
PURPOSES = ("service", "marketing")


def load_signals(path: Path = OPPORTUNITIES_FILE) -> list[dict]:
    doc = load_yaml(path)
    signals = need(doc, "signals", str(path), list)
    for i, s in enumerate(signals, 1):
        where = f"{path}: signals[{i}]"
        for field, kind in (
            ("code", str),
            ("value", str),
            ("priority", int),
            ("expiry_days", int),
            ("reason", str),
            ("channel", str),
        ):
            need(s, field, where, kind)
        if s.get("purpose", "marketing") not in PURPOSES:
            raise PlanDataError(f"{where}: field 'purpose' must be one of {PURPOSES}, got {s['purpose']!r}")
    return signals


def opportunity_query(pd: PlanDay, signals: list[dict]) -> str:
    """Signals heard within their expiry, latest per customer and signal, not yet done since heard.

    Needs the temp table ``done_refs`` (customer_id, ref, last_done) of done opportunity items.
    """
    if not signals:
        return "SELECT NULL::VARCHAR AS customer_id WHERE FALSE"
    rows = ", ".join(
        f"({lit(s['code'])}, {lit(s['value'])}, {int(s['priority'])}, {int(s['expiry_days'])}, "
        f"{lit(s.get('purpose', 'marketing'))}, {lit(s['channel'])}, {lit(s['reason'])}, "
        f"{lit(s.get('script') or '')}, {lit(s.get('content') or '')})"
        for s in signals
    )
    longest = max((int(s["expiry_days"]) for s in signals), default=0)
    values = {"heard": "strftime(e.date, '%m月%d日')", "evidence": "coalesce(e.evidence, e.value)"}
    return f"""
        WITH sig(code, value, priority, expiry, purpose, channel, reason, script, content) AS (VALUES {rows}),
        heard AS (
            SELECT e.*, s.priority, s.expiry, s.purpose, s.channel, s.reason AS r_t, s.script AS s_t,
                   s.content AS c_t, e.code || '=' || e.value AS sref
            FROM tag_events e JOIN sig s ON s.code = e.code AND (s.value = '*' OR s.value = e.value)
            WHERE e.date > {pd.d} - INTERVAL {longest} DAY AND e.date <= {pd.d}
              AND e.date > {pd.d} - s.expiry * INTERVAL 1 DAY
              AND e.source IS DISTINCT FROM 'rejected'
            QUALIFY row_number() OVER (PARTITION BY e.customer_id, e.code, e.value
                                       ORDER BY e.observed_at DESC, e.event_id) = 1)
        SELECT e.customer_id, 'opportunity' AS kind, e.sref AS ref, e.purpose, e.channel,
               -- the last day before expiry gets a push
               e.priority + CASE WHEN e.date = {pd.d} - (e.expiry - 1) * INTERVAL 1 DAY THEN 10 ELSE 0 END
                   AS priority,
               {_fill_col("e.r_t", values)} AS reason, {_fill_col("e.s_t", values)} AS script,
               e.c_t AS content, e.event_id AS source_ref
        FROM heard e
        LEFT JOIN done_refs d ON d.customer_id = e.customer_id AND d.ref = e.sref AND d.last_done >= e.date
        WHERE d.customer_id IS NULL
        """


def _fill_col(column: str, values: dict[str, str]) -> str:
    """Like ``fill`` for a template held in a column (each signal has its own text)."""
    expr = column
    for name, sql in values.items():
        expr = f"replace({expr}, {lit('{' + name + '}')}, coalesce(CAST({sql} AS VARCHAR), ''))"
    return expr
