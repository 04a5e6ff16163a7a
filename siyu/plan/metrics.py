"""Outcome metrics: task execution, response, maturity continuation (到期衔接率), effective coverage."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from siyu.plan.data import lit
from siyu.plan.models import WorklistItem
from siyu.plan.touches import effective_coverage
from siyu.workspace import Workspace


def task_rates(ws: Workspace, start: date, end: date) -> dict:
    """Execution = done / (open + done); response = done with a response other than no_answer / done."""
    W = WorklistItem
    with ws.session() as s:
        rows = dict(
            s.execute(
                select(W.status, func.count())
                .where(W.date.between(start, end), W.kind != "moments")
                .group_by(W.status)
            ).all()
        )
        responded = s.execute(
            select(func.count()).where(
                W.date.between(start, end), W.kind != "moments", W.status == "done", W.response != "no_answer"
            )
        ).scalar_one()
    done, open_, held = rows.get("done", 0), rows.get("open", 0), rows.get("held", 0)
    return {
        "open": open_,
        "done": done,
        "held": held,
        "responded": responded,
        "execution_rate": done / (done + open_) if done + open_ else 0.0,
        "response_rate": responded / done if done else 0.0,
    }


def maturity_continuation(ws: Workspace, start: date, end: date, within_days: int = 30) -> dict:
    """Share of holdings that matured in [start, end] whose customer bought something within N days."""
    con = ws.lake.connect()
    s, e = f"DATE {lit(start.isoformat())}", f"DATE {lit(end.isoformat())}"
    total, kept = con.execute(
        f"""
        WITH h AS (SELECT DISTINCT holding_id, customer_id, opened_at, maturity_date FROM holdings),
        matured AS (SELECT * FROM h WHERE maturity_date BETWEEN {s} AND {e})
        SELECT count(*), count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM h n WHERE n.customer_id = m.customer_id AND n.holding_id <> m.holding_id
              AND n.opened_at BETWEEN m.maturity_date - INTERVAL 3 DAY
                                  AND m.maturity_date + INTERVAL {int(within_days)} DAY))
        FROM matured m
        """
    ).fetchone()
    return {
        "matured": total,
        "continued": kept,
        "rate": kept / total if total else 0.0,
        "within_days": within_days,
    }


def plan_metrics(ws: Workspace, end: date, days: int = 30) -> dict:
    start = end - timedelta(days=days - 1)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "tasks": task_rates(ws, start, end),
        "maturity_continuation": maturity_continuation(ws, start, end),
        "effective_coverage": effective_coverage(ws, end),
    }
