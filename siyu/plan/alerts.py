"""Care alerts (关怀提醒) on holdings and product data, as set-based SQL over the lake."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from siyu.clock import local_day_sql
from siyu.plan.context import PlanDay
from siyu.plan.data import HERE, PlanDataError, fill, lit, load_yaml, need, pct

ALERTS_FILE = HERE / "alerts.yaml"


def load_alerts(path: Path = ALERTS_FILE) -> dict:
    doc = load_yaml(path)
    accounts = need(doc, "accounts", str(path), dict)
    total = sum(float(need(a, "target", f"{path}: accounts.{k}", (int, float))) for k, a in accounts.items())
    if abs(total - 1.0) > 1e-6:
        raise PlanDataError(f"{path}: accounts targets must add up to 1.0, got {total}")
    rules = need(doc, "rules", str(path), dict)
    for name in (
        "nav_drop",
        "benchmark_gap",
        "allocation",
        "review",
        "market_event",
        "open_period",
        "maturity",
    ):
        for field in ("priority", "reason", "channel"):
            need(need(rules, name, f"{path}: rules", dict), field, f"{path}: rules.{name}")
    return doc


def load_events(path: Path | None) -> list[dict]:
    """Key market events filled in by operations: date, description, product_types and/or sub_types."""
    if path is None or not path.exists():
        return []
    doc = load_yaml(path)
    events = need(doc, "events", str(path), list)
    out = []
    for i, e in enumerate(events, 1):
        where = f"{path}: events[{i}]"
        if not isinstance(e, dict):
            raise PlanDataError(f"{where}: expected a mapping with date, description, product_types")
        day = need(e, "date", where)
        if not isinstance(day, date):
            raise PlanDataError(f"{where}: field 'date' must be a date like 2026-03-31, got {day!r}")
        types = list(e.get("product_types") or [])
        subs = list(e.get("sub_types") or [])
        if not types and not subs:
            raise PlanDataError(f"{where}: give product_types or sub_types the event affects")
        out.append(
            {
                "date": day,
                "description": str(need(e, "description", where, str)),
                "types": types,
                "subs": subs,
            }
        )
    return out


def _select(pd: PlanDay, rule: dict, ref: str, values: dict[str, str], source_ref: str = "NULL") -> str:
    """The candidate columns every alert query selects."""
    return f"""customer_id, 'alert' AS kind, {ref} AS ref, 'service' AS purpose,
        {lit(rule["channel"])} AS channel, {int(rule["priority"])} AS priority,
        {fill(rule["reason"], values)} AS reason, {fill(rule.get("script"), values)} AS script,
        {lit(rule.get("content") or "")} AS content, {source_ref} AS source_ref"""


def prepare_holdings(pd: PlanDay) -> None:
    """``hold``: each open position with its product (ingest keeps one row per holding_id)."""
    pd.con.execute(
        """
        CREATE OR REPLACE TEMP VIEW hold AS
        SELECT h.holding_id, h.customer_id, h.product_id,
               coalesce(p.product_type, h.product_type) AS product_type,
               p.sub_type, coalesce(p.name, h.product_id) AS product, h.amount, h.cost, h.opened_at,
               h.maturity_date, p.benchmark_yield, p.next_open_date
        FROM holdings h LEFT JOIN products p USING (product_id)
        WHERE h.amount > 0
        """
    )


def alert_queries(pd: PlanDay, cfg: dict, events: list[dict]) -> list[str]:
    """One SELECT of candidate rows per alert rule."""
    r = cfg["rules"]
    d = pd.d
    out = []

    nav = r["nav_drop"]
    n = int(nav.get("trading_days", 5))
    # Alert on the first trading day the drop crosses the threshold, not every day it stays below.
    out.append(
        f"""
        WITH nv AS (
            SELECT product_id, nav_date, nav,
                   row_number() OVER (PARTITION BY product_id ORDER BY nav_date DESC) AS rn
            FROM nav WHERE nav_date <= {d}),
        chg AS (
            SELECT a.product_id, a.nav / b.nav - 1 AS r, a1.nav / b1.nav - 1 AS r_prev
            FROM nv a JOIN nv b ON b.product_id = a.product_id AND b.rn = {n + 1}
            LEFT JOIN nv a1 ON a1.product_id = a.product_id AND a1.rn = 2
            LEFT JOIN nv b1 ON b1.product_id = a.product_id AND b1.rn = {n + 2}
            WHERE a.rn = 1 AND a.nav_date = {d})
        SELECT {
            _select(
                pd,
                nav,
                "'nav_drop:' || h.product_id",
                {"product": "h.product", "days": str(n), "drop": pct("-c.r")},
            )
        }
        FROM chg c JOIN hold h USING (product_id)
        WHERE c.r <= -{float(nav["drop"])} AND (c.r_prev IS NULL OR c.r_prev > -{float(nav["drop"])})
          AND h.amount >= {float(nav.get("min_amount", 0))}
        """
    )

    gap = r["benchmark_gap"]
    every = int(gap.get("check_every_days", 30))
    actual = "((h.amount / h.cost - 1) * 365.0 / date_diff('day', h.opened_at, " + d + ") * 100)"
    out.append(
        f"""
        SELECT {
            _select(
                pd,
                gap,
                "'benchmark_gap:' || h.product_id",
                {
                    "product": "h.product",
                    "actual": f"printf('%.2f%%', {actual})",
                    "benchmark": "printf('%.2f%%', h.benchmark_yield)",
                },
            )
        }
        FROM hold h
        WHERE h.benchmark_yield IS NOT NULL AND h.cost > 0 AND h.opened_at IS NOT NULL
          AND date_diff('day', h.opened_at, {d}) >= {int(gap.get("min_days", 30))}
          AND date_diff('day', h.opened_at, {d}) % {every} = 0
          AND h.amount >= {float(gap.get("min_amount", 0))}
          AND {actual} <= h.benchmark_yield - {float(gap["gap"])}
        """
    )

    out.append(_allocation_query(pd, cfg))

    rev = r["review"]
    period = int(rev["period_days"])
    out.append(
        f"""
        SELECT {_select(pd, rev, "'review'", {"period": str(period)})}
        FROM cust c
        WHERE c.aum >= {float(rev.get("min_aum", 0))} AND c.opened_at < {d}
          AND date_diff('day', c.opened_at, {d}) % {period} = 0
        """
    )

    ev = r["market_event"]
    for i, e in enumerate(x for x in events if x["date"] == pd.day):
        types = ", ".join(lit(t) for t in e["types"]) or "NULL"
        subs = ", ".join(lit(t) for t in e["subs"]) or "NULL"
        out.append(
            f"""
            SELECT {
                _select(
                    pd,
                    ev,
                    f"'market_event:{i}:' || h.product_id",
                    {"event": lit(e["description"]), "product": "h.product"},
                )
            }
            FROM hold h WHERE h.product_type IN ({types}) OR h.sub_type IN ({subs})
            """
        )

    op = r["open_period"]
    out.append(
        f"""
        SELECT {
            _select(
                pd,
                op,
                "'open_period:' || h.product_id",
                {"product": "h.product", "open_date": "strftime(h.next_open_date, '%m月%d日')"},
            )
        }
        FROM hold h WHERE h.next_open_date = {d} + INTERVAL {int(op["lead_days"])} DAY
        """
    )

    mat = r["maturity"]
    out.append(
        f"""
        SELECT {
            _select(
                pd,
                mat,
                "'maturity:' || h.holding_id",
                {
                    "product": "h.product",
                    "amount": "printf('%,.0f', h.amount)",
                    "maturity": "strftime(h.maturity_date, '%m月%d日')",
                },
                "h.holding_id",
            )
        }
        FROM hold h WHERE h.maturity_date = {d} + INTERVAL {int(mat["lead_days"])} DAY
        """
    )

    # The miner's expires_at of a maturing_elsewhere tag is the maturity the customer stated.
    other = r["maturity_elsewhere"]
    local_expiry = local_day_sql("e.expires_at")
    out.append(
        f"""
        SELECT {
            _select(
                pd,
                other,
                "'maturity_elsewhere:' || e.event_id",
                {"maturity": f"strftime({local_expiry}, '%m月%d日')"},
                "e.event_id",
            )
        }
        FROM tag_events e
        WHERE e.code = 'basic.investment' AND e.value = 'maturing_elsewhere'
          AND e.source IS DISTINCT FROM 'rejected' AND e.expires_at IS NOT NULL
          AND {local_expiry} = {d} + INTERVAL {int(other["lead_days"])} DAY
        """
    )
    return out


def _allocation_query(pd: PlanDay, cfg: dict) -> str:
    """Customers whose holdings are off the four-account target mix, checked every check_every_days."""
    rule = cfg["rules"]["allocation"]
    accounts = cfg["accounts"]
    by_sub = " ".join(
        f"WHEN h.sub_type = {lit(s)} THEN {lit(k)}"
        for k, a in accounts.items()
        for s in a.get("sub_types") or []
    )
    by_type = " ".join(
        f"WHEN h.product_type = {lit(t)} THEN {lit(k)}"
        for k, a in accounts.items()
        for t in a.get("product_types") or []
    )
    targets = ", ".join(
        f"({lit(k)}, {lit(a.get('name', k))}, {float(a['target'])})" for k, a in accounts.items()
    )
    every = int(rule.get("check_every_days", 30))
    return f"""
        WITH acct AS (
            SELECT h.customer_id, CASE {by_sub} {by_type} ELSE NULL END AS account, sum(h.amount) AS amount
            FROM hold h JOIN cust c USING (customer_id)
            WHERE c.aum >= {float(rule.get("min_aum", 0))} AND c.opened_at < {pd.d}
              AND date_diff('day', c.opened_at, {pd.d}) % {every} = {every // 2}
            GROUP BY ALL),
        tot AS (SELECT customer_id, sum(amount) AS total FROM acct WHERE account IS NOT NULL GROUP BY 1),
        tg(account, label, target) AS (VALUES {targets}),
        dev AS (
            SELECT t.customer_id, tg.label, tg.target, coalesce(a.amount, 0) / t.total AS share,
                   abs(coalesce(a.amount, 0) / t.total - tg.target) AS off
            FROM tot t CROSS JOIN tg
            LEFT JOIN acct a ON a.customer_id = t.customer_id AND a.account = tg.account
            WHERE t.total > 0
            QUALIFY row_number() OVER (PARTITION BY t.customer_id ORDER BY off DESC, tg.account) = 1)
        SELECT {
        _select(
            pd, rule, "'allocation'", {"account": "label", "share": pct("share"), "target": pct("target")}
        )
    }
        FROM dev WHERE off >= {float(rule["deviation"])}
        """
