"""SOP journeys as data (sops.yaml): triggers enrol customers, ``advance`` moves them step by step.

Everything is set-based: one DuckDB query per trigger and per condition, numpy masks per
(journey, step) group; nothing loops over customers in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siyu.lake.schemas import CUSTOMERS
from siyu.plan.context import PlanDay
from siyu.plan.data import HERE, PlanDataError, lit, load_yaml, need

SOPS_FILE = HERE / "sops.yaml"
STEP_KINDS = ("remind", "wait", "branch", "exit")
DATE_FIELDS = {"opened_at": "cust", "birth_date": "cust", "maturity_date": "hold"}
OPS = ("=", "!=", "<", "<=", ">", ">=")
CUSTOMER_FIELDS = {f.name for f in CUSTOMERS} | {"managed"}
MAX_ROUNDS = 50  # bound on steps taken in one day (guards against branch cycles)

ENROLLMENT_SCHEMA = pa.schema(
    [
        ("enrollment_id", pa.string()),
        ("customer_id", pa.string()),
        ("journey_id", pa.string()),
        ("step", pa.int32()),
        ("step_started", pa.date32()),
        ("next_due", pa.date32()),
        ("status", pa.string()),
        ("enrolled_on", pa.date32()),
    ]
)


@dataclass(frozen=True)
class Step:
    id: str
    do: str
    spec: dict


@dataclass(frozen=True)
class Journey:
    id: str
    name: str
    stage: str
    trigger: dict
    steps: list[Step] = field(default_factory=list)

    def index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)


# ---- loading and validation -------------------------------------------------------------------


def _check_condition(cond: Any, where: str) -> None:
    if not isinstance(cond, dict) or len(cond) == 0:
        raise PlanDataError(f"{where}: a condition must be a mapping such as {{segment: payroll}}")
    if "all" in cond or "any" in cond:
        key = "all" if "all" in cond else "any"
        if not isinstance(cond[key], list) or not cond[key]:
            raise PlanDataError(f"{where}: {key!r} needs a non-empty list of conditions")
        for i, c in enumerate(cond[key], 1):
            _check_condition(c, f"{where}.{key}[{i}]")
    elif "not" in cond:
        _check_condition(cond["not"], f"{where}.not")
    elif "field" in cond:
        if cond["field"] not in CUSTOMER_FIELDS:
            raise PlanDataError(f"{where}: unknown customer field {cond['field']!r}")
        if cond.get("op", "=") not in OPS:
            raise PlanDataError(f"{where}: op must be one of {OPS}, got {cond.get('op')!r}")
        if "value" not in cond:
            raise PlanDataError(f"{where}: field condition needs a 'value'")
    elif not ({"segment", "tag", "touched_since_step", "effective_touches_at_least"} & cond.keys()):
        raise PlanDataError(
            f"{where}: unknown condition {cond!r}; expected segment, tag, field, touched_since_step, "
            "effective_touches_at_least, all, any or not"
        )


def _check_trigger(trig: Any, where: str) -> None:
    if not isinstance(trig, dict) or len(trig) != 1:
        raise PlanDataError(
            f"{where}: trigger must have exactly one of segment_entered, segment_exited, tag, date"
        )
    kind, spec = next(iter(trig.items()))
    if kind in ("segment_entered", "segment_exited"):
        if not isinstance(spec, str):
            raise PlanDataError(f"{where}: {kind} takes a segment id")
    elif kind == "tag":
        need(spec if isinstance(spec, dict) else {}, "code", f"{where}.tag", str)
    elif kind == "date":
        spec = spec if isinstance(spec, dict) else {}
        if need(spec, "field", f"{where}.date", str) not in DATE_FIELDS:
            raise PlanDataError(f"{where}.date: field must be one of {tuple(DATE_FIELDS)}")
    else:
        raise PlanDataError(f"{where}: unknown trigger {kind!r}")


def load_journeys(path: Path = SOPS_FILE) -> list[Journey]:
    doc = load_yaml(path)
    journeys = []
    seen: set[str] = set()
    for i, j in enumerate(need(doc, "journeys", str(path), list), 1):
        where = f"{path}: journeys[{i}]"
        jid = need(j, "id", where, str)
        where = f"{path}: journey {jid!r}"
        if jid in seen:
            raise PlanDataError(f"{where}: duplicate journey id")
        seen.add(jid)
        _check_trigger(need(j, "trigger", where), f"{where}.trigger")
        steps = []
        for k, s in enumerate(need(j, "steps", where, list), 1):
            swhere = f"{where}.steps[{k}]"
            do = need(s, "do", swhere, str)
            if do not in STEP_KINDS:
                raise PlanDataError(f"{swhere}: 'do' must be one of {STEP_KINDS}, got {do!r}")
            if do == "remind":
                for f in ("reason", "channel", "priority"):
                    need(s, f, swhere)
                if s.get("purpose", "service") not in ("service", "marketing"):
                    raise PlanDataError(f"{swhere}: purpose must be service or marketing")
            if do == "wait":
                if "until" in s:
                    _check_condition(s["until"], f"{swhere}.until")
                    need(s, "timeout_days", swhere, int)
                else:
                    need(s, "days", swhere, int)
            if do == "branch":
                _check_condition(need(s, "if", swhere), f"{swhere}.if")
                need(s, "goto", swhere, str)
            steps.append(Step(str(s.get("id") or f"step{k}"), do, s))
        ids = [s.id for s in steps]
        if len(set(ids)) != len(ids):
            raise PlanDataError(f"{where}: step ids must be unique")
        for s in steps:
            for key in ("goto", "else"):
                if key in s.spec and s.spec[key] not in ids:
                    raise PlanDataError(f"{where}: step {s.id!r} {key} {s.spec[key]!r} is not a step id")
        journeys.append(Journey(jid, str(j.get("name", jid)), str(j.get("stage", "")), j["trigger"], steps))
    return journeys


# ---- SQL ---------------------------------------------------------------------------------------


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, date):
        return f"DATE {lit(v.isoformat())}"
    return lit(str(v))


def condition_sql(cond: dict, pd: PlanDay) -> str:
    """A boolean SQL expression over ``w`` (customer_id, step_started), ``c`` (cust), ``ts`` (touch_stats)."""
    if "all" in cond:
        return "(" + " AND ".join(condition_sql(c, pd) for c in cond["all"]) + ")"
    if "any" in cond:
        return "(" + " OR ".join(condition_sql(c, pd) for c in cond["any"]) + ")"
    if "not" in cond:
        return f"(NOT {condition_sql(cond['not'], pd)})"
    if "field" in cond:
        return f"coalesce(c.{cond['field']} {cond.get('op', '=')} {_value(cond['value'])}, FALSE)"
    if "segment" in cond:
        seg = lit(cond["segment"])
        return (
            f"w.customer_id IN (SELECT customer_id FROM memberships WHERE segment_id = {seg} AND run_id = "
            f"(SELECT run_id FROM memberships WHERE segment_id = {seg} ORDER BY run_at DESC LIMIT 1))"
        )
    if "tag" in cond:
        value = f" AND value = {lit(cond['value'])}" if "value" in cond else ""
        return f"w.customer_id IN (SELECT customer_id FROM profiles WHERE code = {lit(cond['tag'])}{value})"
    if "touched_since_step" in cond:
        return (
            "EXISTS (SELECT 1 FROM touches t WHERE t.customer_id = w.customer_id AND t.effective "
            f"AND t.date >= w.step_started AND t.date <= {pd.d})"
        )
    return f"coalesce(ts.effective, 0) >= {int(cond['effective_touches_at_least'])}"


def evaluate(pd: PlanDay, cond: dict, customers: pa.Array, started: np.ndarray) -> np.ndarray:
    """The condition for each (customer, step start) row, as a boolean array in the same order."""
    work = pa.table(
        {
            "i": np.arange(len(customers)),
            "customer_id": customers,
            "step_started": pa.array(started, pa.date32()),
        }
    )
    pd.con.register("cond_rows", work)
    got = pd.con.sql(
        f"""SELECT w.i, {condition_sql(cond, pd)} AS ok FROM cond_rows w
            LEFT JOIN cust c USING (customer_id) LEFT JOIN touch_stats ts USING (customer_id) ORDER BY w.i"""
    ).to_arrow_table()
    pd.con.unregister("cond_rows")
    return got.column("ok").to_numpy(zero_copy_only=False).astype(bool)


def trigger_sql(j: Journey, pd: PlanDay) -> str:
    """SELECT customer_id of customers the journey's trigger fires for on the day."""
    kind, spec = next(iter(j.trigger.items()))
    if kind in ("segment_entered", "segment_exited"):
        change = "entered" if kind == "segment_entered" else "exited"
        return (
            f"SELECT DISTINCT customer_id FROM membership_changes WHERE date = {pd.d} "
            f"AND segment_id = {lit(spec)} AND change = '{change}'"
        )
    if kind == "tag":
        values = [v for v in spec.get("values") or [] if v != "*"]
        cond = f" AND value IN ({', '.join(lit(v) for v in values)})" if values else ""
        return (
            f"SELECT DISTINCT customer_id FROM tag_events WHERE date = {pd.d} AND code = {lit(spec['code'])}"
            f"{cond} AND source IS DISTINCT FROM 'rejected'"
        )
    col, table = spec["field"], DATE_FIELDS[spec["field"]]
    days, months = int(spec.get("days", 0)), int(spec.get("months", 0))
    if spec.get("yearly"):
        # The anniversary falls on ``target``; 29 Feb is celebrated on 28 Feb in other years.
        target = f"(CAST({pd.d} - to_days({days}) AS DATE))"
        return f"""SELECT DISTINCT customer_id FROM {table} WHERE {col} <= {target} AND (
            (month({col}) = month({target}) AND day({col}) = day({target}))
            OR (month({col}) = 2 AND day({col}) = 29 AND month({target}) = 2 AND day({target}) = 28
                AND NOT (year({target}) % 4 = 0
                         AND (year({target}) % 100 <> 0 OR year({target}) % 400 = 0))))"""
    # DuckDB clamps month arithmetic to the month end: Jan 31 + 1 month = Feb 28 (29 in leap years).
    shifted = f"CAST({col} + to_months({months}) + to_days({days}) AS DATE)"
    return f"SELECT DISTINCT customer_id FROM {table} WHERE {shifted} = {pd.d}"


# ---- enrolment and advancement -----------------------------------------------------------------


def enroll(pd: PlanDay, journeys: list[Journey]) -> pa.Table:
    """New enrolments for the day: trigger fired and no active enrolment in the same journey.

    Needs the temp table ``enr`` (active enrolments, ENROLLMENT_SCHEMA)."""
    if not journeys:
        return ENROLLMENT_SCHEMA.empty_table()
    parts = " UNION ALL ".join(
        f"SELECT {lit(j.id)} AS journey_id, customer_id FROM ({trigger_sql(j, pd)})" for j in journeys
    )
    return (
        pd.con.sql(
            f"""
        SELECT substr(md5(t.journey_id || '|' || t.customer_id || '|' || strftime({pd.d}, '%Y-%m-%d')), 1, 32)
                   AS enrollment_id,
               t.customer_id, t.journey_id, 0::INTEGER AS step, {pd.d} AS step_started, {pd.d} AS next_due,
               'active' AS status, {pd.d} AS enrolled_on
        FROM ({parts}) t
        WHERE NOT EXISTS (SELECT 1 FROM enr e WHERE e.journey_id = t.journey_id
                          AND e.customer_id = t.customer_id
                          AND e.status = 'active')
        ORDER BY t.journey_id, t.customer_id
        """
        )
        .to_arrow_table()
        .cast(ENROLLMENT_SCHEMA)
    )


REMINDER_SCHEMA = pa.schema(
    [
        ("customer_id", pa.string()),
        ("kind", pa.string()),
        ("ref", pa.string()),
        ("purpose", pa.string()),
        ("channel", pa.string()),
        ("priority", pa.int32()),
        ("reason", pa.string()),
        ("script", pa.string()),
        ("content", pa.string()),
        ("source_ref", pa.string()),
    ]
)


def advance(pd: PlanDay, journeys: list[Journey], due: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Move due enrolments (next_due <= day) along their steps for the day.

    Returns (the enrolments as they stand after the day, the reminders produced)."""
    day = np.datetime64(pd.day, "D")
    by_id = {j.id: n for n, j in enumerate(journeys)}
    found = pc.index_in(due.column("journey_id"), value_set=pa.array(list(by_id), pa.string()))
    due = due.filter(pc.is_valid(found))  # journeys removed from sops.yaml are left as they are
    jidx = pc.drop_null(found).to_numpy(zero_copy_only=False).astype(np.int32)
    customers = due.column("customer_id")
    step = due.column("step").to_numpy(zero_copy_only=False).astype(np.int32)
    started = due.column("step_started").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    next_due = due.column("next_due").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    status = due.column("status").to_numpy(zero_copy_only=False).astype(object)
    moving = status == "active"
    reminders: list[pa.Table] = []

    for _ in range(MAX_ROUNDS):
        if not moving.any():
            break
        for n, j in enumerate(journeys):
            in_j = moving & (jidx == n)
            if not in_j.any():
                continue
            finished = in_j & (step >= len(j.steps))
            status[finished] = "done"
            moving &= ~finished
            for k, s in enumerate(j.steps):
                rows = np.flatnonzero(moving & (jidx == n) & (step == k))
                if rows.size == 0:
                    continue
                if s.do == "remind":
                    reminders.append(_reminders(j, s, customers.take(pa.array(rows)), due, rows))
                    step[rows] = k + 1
                    started[rows] = day
                elif s.do == "exit":
                    status[rows] = "done"
                    moving[rows] = False
                elif s.do == "branch":
                    ok = evaluate(pd, s.spec["if"], customers.take(pa.array(rows)), started[rows])
                    step[rows] = np.where(ok, j.index(s.spec["goto"]), k + 1)
                    started[rows] = day
                elif "until" in s.spec:
                    ok = evaluate(pd, s.spec["until"], customers.take(pa.array(rows)), started[rows])
                    timed_out = ~ok & (started[rows] + int(s.spec["timeout_days"]) <= day)
                    target = j.index(s.spec["else"]) if "else" in s.spec else len(j.steps)
                    step[rows] = np.where(ok, k + 1, np.where(timed_out, target, k))
                    waiting = rows[~ok & ~timed_out]
                    started[rows[ok | timed_out]] = day
                    next_due[waiting] = day + 1
                    moving[waiting] = False
                else:
                    ready = started[rows] + int(s.spec["days"]) <= day
                    step[rows[ready]] = k + 1
                    started[rows[ready]] = day
                    waiting = rows[~ready]
                    next_due[waiting] = started[waiting] + int(s.spec["days"])
                    moving[waiting] = False
    next_due[moving] = day + 1  # cut off by MAX_ROUNDS: continue tomorrow
    next_due[status == "done"] = day
    state = pa.table(
        {
            "enrollment_id": due.column("enrollment_id"),
            "customer_id": customers,
            "journey_id": due.column("journey_id"),
            "step": pa.array(step, pa.int32()),
            "step_started": pa.array(started, pa.date32()),
            "next_due": pa.array(next_due, pa.date32()),
            "status": pa.array(status.tolist(), pa.string()),
            "enrolled_on": due.column("enrolled_on"),
        },
        schema=ENROLLMENT_SCHEMA,
    )
    out = pa.concat_tables(reminders) if reminders else REMINDER_SCHEMA.empty_table()
    return state, out


def _reminders(j: Journey, s: Step, customers: pa.Array, due: pa.Table, rows: np.ndarray) -> pa.Table:
    n = len(rows)
    spec = s.spec

    def const(v: Any, t: pa.DataType = pa.string()) -> pa.Array:
        return pa.repeat(pa.scalar(v, t), n)

    return pa.table(
        {
            "customer_id": customers,
            "kind": const("sop"),
            "ref": const(f"{j.id}:{s.id}"),
            "purpose": const(spec.get("purpose", "service")),
            "channel": const(spec["channel"]),
            "priority": const(int(spec["priority"]), pa.int32()),
            "reason": const(f"【{j.name}】{spec['reason']}"),
            "script": const(spec.get("script")),
            "content": const(spec.get("content")),
            "source_ref": due.column("enrollment_id").take(pa.array(rows)),
        },
        schema=REMINDER_SCHEMA,
    )
