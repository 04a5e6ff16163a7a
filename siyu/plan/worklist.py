"""``plan run``: every source of candidates for a day, the contact policy, and the worklists written."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
from sqlalchemy import and_, or_, select, update

from siyu.clock import today
from siyu.plan.alerts import alert_queries, load_alerts, load_events, prepare_holdings
from siyu.plan.context import PlanDay, open_day, staff_table
from siyu.plan.data import lit
from siyu.plan.journeys import ENROLLMENT_SCHEMA, advance, enroll, load_journeys
from siyu.plan.models import Campaign, CampaignTask, JourneyEnrollment, WorklistItem
from siyu.plan.moments import load_calendars, moments_items
from siyu.plan.opportunities import load_signals, opportunity_query
from siyu.plan.policy import CAND_COLUMNS, apply_policy, load_holidays, load_policy
from siyu.plan.store import bulk_write
from siyu.plan.touches import log_touch, sync_conversation_touches
from siyu.workspace import Workspace

ITEM_COLUMNS = [
    "item_id", "date", "staff_id", "customer_id", "kind", "ref", "purpose", "channel", "priority", "rank",
    "reason", "script", "content", "status", "held_reason", "campaign_id", "source_ref",
]  # fmt: skip


class WorklistError(ValueError):
    pass


@dataclass
class PlanConfig:
    """The data files a plan run reads (all editable by operations)."""

    policy: dict = field(default_factory=load_policy)
    journeys: list = field(default_factory=load_journeys)
    alerts: dict = field(default_factory=load_alerts)
    signals: list = field(default_factory=load_signals)
    moments: dict = field(default_factory=load_calendars)
    events: list = field(default_factory=list)
    holidays: list[date] = field(default_factory=list)


def load_config(ws: Workspace, events: Path | None = None, holidays: Path | None = None) -> PlanConfig:
    """Package data files plus the operations' market events (default <data dir>/market_events.yaml)."""
    events = events or ws.settings.data_dir / "market_events.yaml"
    return PlanConfig(events=load_events(events), holidays=load_holidays(holidays) if holidays else [])


def _db_tables(ws: Workspace, pd: PlanDay, config: PlanConfig) -> None:
    """App DB state the day needs, as DuckDB tables: enrolments, today's items, done opportunities,
    pending campaign tasks."""
    day = pd.day
    longest = max((int(s["expiry_days"]) for s in config.signals), default=0)
    E, W, C, T = JourneyEnrollment, WorklistItem, Campaign, CampaignTask
    with ws.engine.connect() as conn:
        enr = conn.execute(
            select(
                E.enrollment_id,
                E.customer_id,
                E.journey_id,
                E.step,
                E.step_started,
                E.next_due,
                E.status,
                E.enrolled_on,
            ).where(or_(E.status == "active", E.enrolled_on == day))
        ).all()
        items = conn.execute(
            select(W.item_id, W.staff_id, W.customer_id, W.status).where(W.date == day)
        ).all()
        done = conn.execute(
            select(W.customer_id, W.ref, W.date).where(
                W.kind == "opportunity", W.status == "done", W.date > day - timedelta(days=longest)
            )
        ).all()
        tasks = conn.execute(
            select(
                T.campaign_id,
                T.customer_id,
                T.staff_id,
                C.name,
                C.purpose,
                C.channel,
                C.priority,
                C.script,
                C.content,
                C.deadline,
            )
            .join(C, C.campaign_id == T.campaign_id)
            .where(T.status == "pending", C.status == "active", C.dispatched_on <= day, C.deadline >= day)
        ).all()
    cols = list(zip(*enr, strict=True)) if enr else [[] for _ in ENROLLMENT_SCHEMA]
    pd.con.register(
        "enr_arrow", pa.table(dict(zip(ENROLLMENT_SCHEMA.names, cols, strict=True)), schema=ENROLLMENT_SCHEMA)
    )
    pd.con.execute("CREATE OR REPLACE TEMP TABLE enr AS SELECT * FROM enr_arrow")
    _register(pd, "today_items", ["item_id", "staff_id", "customer_id", "status"], items)
    _register(pd, "done_raw", ["customer_id", "ref", "date"], done, types={"date": pa.date32()})
    pd.con.execute(
        "CREATE OR REPLACE TEMP TABLE done_refs AS "
        "SELECT customer_id, ref, max(date) AS last_done FROM done_raw GROUP BY ALL"
    )
    _register(
        pd,
        "tasks",
        [
            "campaign_id",
            "customer_id",
            "staff_id",
            "name",
            "purpose",
            "channel",
            "priority",
            "script",
            "content",
            "deadline",
        ],
        tasks,
        types={"priority": pa.int32(), "deadline": pa.date32()},
    )


def _register(pd: PlanDay, name: str, columns: list[str], rows: list, types: dict | None = None) -> None:
    types = types or {}
    data = list(zip(*rows, strict=True)) if rows else [[] for _ in columns]
    table = pa.table(
        {c: pa.array(list(v), types.get(c, pa.string())) for c, v in zip(columns, data, strict=True)}
    )
    pd.con.register(f"{name}_arrow", table)
    pd.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")


def _campaign_query(pd: PlanDay) -> str:
    return f"""
        SELECT customer_id, staff_id, 'campaign' AS kind, campaign_id AS ref, purpose, channel,
               priority + CASE WHEN deadline - {pd.d} <= 2 THEN 30 ELSE 0 END AS priority,
               '总行活动「' || name || '」，' || strftime(deadline, '%m月%d日') || '截止（剩'
                   || (deadline - {pd.d}) || '天）' AS reason,
               script, content, campaign_id, campaign_id AS source_ref
        FROM tasks
        """


def _coverage_query(pd: PlanDay, policy: dict) -> str:
    cov = policy["coverage"]
    days = int(cov["days"])
    most = max(int(v) for v in policy["daily_capacity"].values())
    reason = lit(cov["reason"].replace("{days}", str(days)))
    return f"""
        SELECT c.customer_id, 'coverage' AS kind, 'coverage' AS ref, 'service' AS purpose, 'chat' AS channel,
               0 AS priority, {reason} AS reason, {lit(cov["script"])} AS script, TRUE AS filler
        FROM cust c LEFT JOIN touch_stats ts USING (customer_id)
        WHERE c.managed AND (ts.last_effective IS NULL OR ts.last_effective <= {pd.d} - INTERVAL {days} DAY)
        QUALIFY row_number() OVER (PARTITION BY c.assignee ORDER BY c.aum DESC NULLS LAST, c.customer_id)
            <= {most}
        """


class _Clock:
    """Seconds per phase of a run, reported in the summary."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._t, 3)
        self._t = now


def run_plan(
    ws: Workspace, day: date | None = None, config: PlanConfig | None = None, sync_touches: bool = True
) -> dict:
    """Build every worklist for the day. Running it twice for a day creates nothing new."""
    day = day or today()
    config = config or load_config(ws)
    clock = _Clock()
    touches_added = sync_conversation_touches(ws) if sync_touches else 0
    pd = open_day(ws, day)
    con = pd.con
    prepare_holdings(pd)
    _db_tables(ws, pd, config)
    clock.lap("load")

    new = enroll(pd, config.journeys)
    con.register("new_enr", new)
    due = (
        con.sql(
            f"SELECT * FROM enr WHERE status = 'active' AND next_due <= {pd.d} "
            "UNION ALL SELECT * FROM new_enr"
        )
        .to_arrow_table()
        .cast(ENROLLMENT_SCHEMA)
    )
    state, reminders = advance(pd, config.journeys, due)
    clock.lap("journeys")

    con.execute(f"CREATE OR REPLACE TEMP TABLE cand ({CAND_COLUMNS})")
    queries = alert_queries(pd, config.alerts, config.events)
    queries.append(opportunity_query(pd, config.signals))
    con.register("reminders", reminders)
    queries += ["SELECT * FROM reminders", _campaign_query(pd), _coverage_query(pd, config.policy)]
    for q in queries:
        con.execute(f"INSERT INTO cand BY NAME {q}")
    con.execute("UPDATE cand SET filler = coalesce(filler, FALSE)")
    clock.lap("candidates")
    apply_policy(pd, config.policy, config.holidays)

    final = con.sql(
        f"SELECT {', '.join(ITEM_COLUMNS)} FROM final_items "
        "WHERE item_id NOT IN (SELECT item_id FROM today_items) "
        "ORDER BY item_id"  # key order: sequential B-tree inserts
    ).to_arrow_table()
    existing = set(con.sql("SELECT item_id FROM today_items").to_arrow_table().column(0).to_pylist())
    posts = [r for r in moments_items(config.moments, staff_table(ws), day) if r["item_id"] not in existing]
    state = state.append_column("updated_at", pa.repeat(pa.scalar(datetime.now(UTC)), state.num_rows))
    clock.lap("policy")
    with ws.engine.begin() as conn:
        bulk_write(conn, WorklistItem.__table__, final)
        bulk_write(conn, WorklistItem.__table__, posts)
        bulk_write(
            conn,
            JourneyEnrollment.__table__,
            state,
            update=("step", "step_started", "next_due", "status", "updated_at"),
        )
    clock.lap("write")
    summary = con.execute(
        "SELECT count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status = 'held'), "
        "count(DISTINCT staff_id) FILTER (WHERE status = 'open') FROM final_items "
        "WHERE item_id NOT IN (SELECT item_id FROM today_items)"
    ).fetchone()
    return {
        "date": day.isoformat(),
        "touches_added": touches_added,
        "candidates": con.execute("SELECT count(*) FROM cand WHERE NOT filler").fetchone()[0],
        "enrolled": new.num_rows,
        "open": summary[0],
        "held": summary[1],
        "staff": summary[2],
        "moments": len(posts),
        "seconds": clock.laps,
    }


def worklist(ws: Workspace, staff_id: str, day: date | None = None, include_held: bool = False) -> list[dict]:
    """A manager's items for the day, open ones first in rank order."""
    day = day or today()
    W = WorklistItem
    q = select(W).where(W.staff_id == staff_id, W.date == day)
    if not include_held:
        q = q.where(W.status != "held")
    with ws.session() as s:
        items = s.scalars(q).all()
    order = {"open": 0, "done": 1, "held": 2}
    items = sorted(items, key=lambda i: (i.kind != "moments", order[i.status], i.rank or 0, i.item_id))
    return [{c.name: getattr(i, c.name) for c in W.__table__.columns} for i in items]


def mark_done(
    ws: Workspace,
    item_id: str,
    response: str,
    outcome: str | None = None,
    at: datetime | None = None,
    policy: dict | None = None,
) -> dict:
    """Close an item with the customer's response; log the touch; close its campaign task."""
    policy = policy or load_policy()
    responses = policy.get("responses") or {}
    if response not in responses:
        raise WorklistError(f"response 必须是 {', '.join(responses)} 之一，收到 {response!r}")
    at = at or datetime.now(UTC)
    W = WorklistItem
    with ws.session() as s:
        item = s.get(W, item_id)
        if item is None:
            raise WorklistError(f"任务 {item_id} 不存在")
        if item.status == "held":
            raise WorklistError(f"任务 {item_id} 已被触达规范拦截（{item.held_reason}），不能标记完成")
        first = item.status != "done"
        item.status, item.response, item.outcome, item.done_at = "done", response, outcome, at
        if item.campaign_id and item.customer_id:
            s.execute(
                update(CampaignTask)
                .where(
                    and_(
                        CampaignTask.campaign_id == item.campaign_id,
                        CampaignTask.customer_id == item.customer_id,
                    )
                )
                .values(status="done", response=response, outcome=outcome, done_at=at, item_id=item_id)
            )
        row = {c.name: getattr(item, c.name) for c in W.__table__.columns}
    if first and item.customer_id:
        direction = "outbound" if response == "no_answer" else "two_way"
        log_touch(
            ws, item.customer_id, item.staff_id, item.channel or "chat", direction, at, source_ref=item_id
        )
    return row
