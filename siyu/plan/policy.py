"""The contact policy (policy.yaml), applied to every candidate as SQL before it reaches a worklist."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from siyu.clock import BANK_TZ
from siyu.plan.context import PlanDay
from siyu.plan.data import HERE, ITEM_ID_SQL, PlanDataError, lit, load_yaml, need

POLICY_FILE = HERE / "policy.yaml"
KINDS = ("alert", "sop", "campaign", "opportunity", "coverage")

CAND_COLUMNS = """customer_id VARCHAR, staff_id VARCHAR, kind VARCHAR, ref VARCHAR, purpose VARCHAR,
    channel VARCHAR, priority INTEGER, reason VARCHAR, script VARCHAR, content VARCHAR, campaign_id VARCHAR,
    source_ref VARCHAR, filler BOOLEAN"""


def load_policy(path: Path = POLICY_FILE) -> dict:
    doc = load_yaml(path)
    where = str(path)
    for key in ("kind_priority", "daily_capacity", "held_reasons", "frequency_caps", "quiet_hours"):
        need(doc, key, where, dict)
    for kind in KINDS:
        need(doc["kind_priority"], kind, f"{where}: kind_priority", int)
    need(doc["daily_capacity"], "default", f"{where}: daily_capacity", int)
    for part in ("call_from", "call_until"):
        _clock(need(doc["quiet_hours"], part, f"{where}: quiet_hours", str), f"{where}: quiet_hours.{part}")
    doc["holidays"] = [_day(d, f"{where}: holidays") for d in doc.get("holidays") or []]
    return doc


def _clock(text: str, where: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise PlanDataError(f"{where}: expected a time like 09:00, got {text!r}") from exc


def _day(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise PlanDataError(f"{where}: expected a date like 2026-10-01, got {value!r}") from exc


def load_holidays(path: Path) -> list[date]:
    """Holidays as data: a text file with one date per line (# comments allowed)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if text:
            out.append(_day(text, f"{path}, line {n}"))
    return out


def phone_allowed(policy: dict, at: datetime) -> bool:
    """Whether a call at this instant is inside the allowed hours (Asia/Shanghai)."""
    local = at.astimezone(BANK_TZ).time() if at.tzinfo else at.time()
    q = policy["quiet_hours"]
    return _clock(q["call_from"], "call_from") <= local < _clock(q["call_until"], "call_until")


def _held_text(template: str, **values: str) -> str:
    """SQL for a held reason template whose placeholders are SQL expressions."""
    expr = lit(template)
    for name, sql in values.items():
        expr = f"replace({expr}, {lit('{' + name + '}')}, CAST({sql} AS VARCHAR))"
    return expr


def apply_policy(pd: PlanDay, policy: dict, holidays: list[date]) -> None:
    """``cand`` -> ``items``: assignee, consent, holidays, frequency caps, per-customer dedupe, capacity.

    Needs temp tables ``cand``, ``cust``, ``staff_t``, ``touch_recent``, ``touch_stats`` and
    ``today_items`` (staff_id, customer_id, status of items already written for the day)."""
    h = policy["held_reasons"]
    labels = policy.get("channel_labels") or {}
    kinds = " ".join(f"WHEN {lit(k)} THEN {int(v)}" for k, v in policy["kind_priority"].items())
    caps = (
        ", ".join(
            f"({lit(ch)}, {int(c.get('per_day', 1_000_000))}, {int(c.get('per_week', 1_000_000))})"
            for ch, c in policy["frequency_caps"].items()
        )
        or "(NULL, 0, 0)"
    )
    chan = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in labels.items())
    chan_label = f"CASE k.channel {chan} ELSE k.channel END" if chan else "k.channel"
    capacity = " ".join(f"WHEN {lit(k)} THEN {int(v)}" for k, v in policy["daily_capacity"].items())
    holiday = pd.day in set(holidays) | set(policy.get("holidays") or [])
    consent_required = bool(policy.get("marketing_requires_consent", True))
    call = policy["quiet_hours"]
    window = lit(f"{call['call_from']}-{call['call_until']}")

    pd.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE judged AS
        WITH caps(channel, per_day, per_week) AS (VALUES {caps})
        SELECT k.*, coalesce(k.staff_id, c.assignee) AS staff,
               (CASE k.kind {kinds} ELSE 0 END) + k.priority AS score, c.aum,
               CASE WHEN c.name IS NULL OR c.name = '' THEN '您'
                    ELSE left(c.name, 1) || CASE c.gender WHEN 'F' THEN '女士' ELSE '先生' END
               END AS salutation,
               coalesce(ts.effective, 0) AS effective,
               CASE
                 WHEN coalesce(k.staff_id, c.assignee) IS NULL THEN {lit(h["no_staff"])}
                 WHEN k.purpose = 'marketing' AND c.opted_out_at IS NOT NULL AND c.opted_out_at < {pd.eod}
                   THEN {lit(h["opted_out"])}
                 WHEN {str(consent_required).upper()} AND k.purpose = 'marketing'
                      AND NOT coalesce(c.marketing_consent, FALSE) THEN {lit(h["no_consent"])}
                 WHEN {str(holiday).upper()} AND k.purpose = 'marketing' AND k.channel = 'phone'
                   THEN {lit(h["holiday_phone"])}
                 WHEN tr.n_day >= cp.per_day
                   THEN {_held_text(h["cap_day"], channel=chan_label, cap="cp.per_day")}
                 WHEN tr.n_week >= cp.per_week
                   THEN {_held_text(h["cap_week"], channel=chan_label, cap="cp.per_week")}
               END AS held_reason
        FROM cand k
        LEFT JOIN cust c USING (customer_id)
        LEFT JOIN touch_stats ts USING (customer_id)
        LEFT JOIN touch_recent tr ON tr.customer_id = k.customer_id AND tr.channel = k.channel
        LEFT JOIN caps cp ON cp.channel = k.channel
        """
    )
    # One item per customer per day: the highest-scoring candidate carries every passing reason.
    # Customers who already have an item today (an earlier run) get nothing more.
    pd.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE items AS
        WITH passing AS (
            SELECT j.*,
                   row_number() OVER w AS pick,
                   string_agg(j.reason, '；') OVER (
                       PARTITION BY j.customer_id ORDER BY j.score DESC, j.kind, j.ref
                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS reasons
            FROM judged j
            WHERE j.held_reason IS NULL
              AND NOT EXISTS (SELECT 1 FROM today_items t WHERE t.customer_id = j.customer_id
                              AND t.status <> 'held')
            WINDOW w AS (PARTITION BY j.customer_id ORDER BY j.score DESC, j.kind, j.ref)),
        used AS (SELECT staff_id, count(*) AS n FROM today_items WHERE status <> 'held' GROUP BY 1),
        ranked AS (
            SELECT p.*, coalesce(u.n, 0) + row_number() OVER (
                       PARTITION BY p.staff
                       ORDER BY p.score DESC, p.aum DESC NULLS LAST, p.customer_id) AS rnk,
                   CASE s.kind {capacity} ELSE {int(policy["daily_capacity"]["default"])} END AS cap
            FROM passing p LEFT JOIN staff_t s ON s.staff_id = p.staff
            LEFT JOIN used u ON u.staff_id = p.staff
            WHERE p.pick = 1)
        SELECT customer_id, staff, kind, ref, purpose, channel, score, rnk AS rank, reasons AS reason, script,
               content, campaign_id, source_ref, salutation, effective,
               CASE WHEN rnk <= cap THEN 'open' ELSE 'held' END AS status,
               CASE WHEN rnk > cap THEN {_held_text(h["capacity"], cap="cap")} END AS held_reason
        FROM ranked WHERE NOT (filler AND rnk > cap)
        UNION ALL
        SELECT customer_id, staff, kind, ref, purpose, channel, score, NULL, reason, script, content,
               campaign_id, source_ref, salutation, effective, 'held', held_reason
        FROM judged WHERE held_reason IS NOT NULL AND NOT filler
        """
    )
    # The rows to write: deterministic ids, scripts addressed to the customer, calls inside the window.
    pd.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE final_items AS
        SELECT {ITEM_ID_SQL.format(day=pd.d, customer="customer_id", kind="kind", ref="ref")} AS item_id,
               {pd.d} AS date, staff AS staff_id, customer_id, kind, ref, purpose, channel,
               score::INTEGER AS priority, rank::INTEGER AS rank,
               reason || CASE WHEN effective < 7 THEN '（七次触达进度 ' || effective || '/7）' ELSE '' END
                   || CASE WHEN channel = 'phone' THEN '（致电时段 ' || {window} || '）' ELSE '' END
                   AS reason,
               replace(script, '{{称呼}}', coalesce(salutation, '您')) AS script,
               content, status, held_reason,
               campaign_id, source_ref
        FROM items
        QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY status DESC) = 1
        """
    )
