"""Head-office campaigns: a segment, content, a script and a deadline, dispatched to owners (or the
remote team for unmanaged customers) and tracked by branch and manager while they run."""

from __future__ import annotations

import hashlib
from datetime import date

import duckdb
import pyarrow as pa
from sqlalchemy import select

from siyu.clock import today
from siyu.plan.context import open_day, staff_table
from siyu.plan.data import lit
from siyu.plan.models import Campaign, CampaignTask
from siyu.plan.policy import load_policy
from siyu.plan.store import bulk_write
from siyu.workspace import Workspace


class CampaignError(ValueError):
    pass


def create_campaign(
    ws: Workspace,
    name: str,
    segment_id: str,
    content: str,
    script: str,
    deadline: date,
    purpose: str = "marketing",
    channel: str = "chat",
    priority: int = 0,
    created_by: str | None = None,
    campaign_id: str | None = None,
) -> str:
    if purpose not in ("service", "marketing"):
        raise CampaignError(f"purpose 必须是 service 或 marketing，收到 {purpose!r}")
    campaign_id = (
        campaign_id or "cmp-" + hashlib.md5(f"{name}|{segment_id}|{deadline}".encode()).hexdigest()[:10]
    )
    with ws.session() as s:
        if s.get(Campaign, campaign_id) is not None:
            raise CampaignError(f"活动 {campaign_id} 已存在")
        s.add(
            Campaign(
                campaign_id=campaign_id,
                name=name,
                segment_id=segment_id,
                purpose=purpose,
                channel=channel,
                content=content,
                script=script,
                deadline=deadline,
                priority=priority,
                status="draft",
                created_by=created_by,
            )
        )
    return campaign_id


def dispatch_campaign(ws: Workspace, campaign_id: str, day: date | None = None) -> dict:
    """One task per member of the segment's latest run, to the owner, else evenly over the remote team.
    Marketing tasks for customers without consent are held with the reason. Dispatching again only
    adds members who joined since."""
    day = day or today()
    with ws.session() as s:
        c = s.get(Campaign, campaign_id)
        if c is None:
            raise CampaignError(f"活动 {campaign_id} 不存在")
        if c.deadline < day:
            raise CampaignError(f"活动 {campaign_id} 已过截止日 {c.deadline}")
        segment, purpose = c.segment_id, c.purpose
    held = load_policy()["held_reasons"]
    pd = open_day(ws, day)
    seg = lit(segment)
    pd.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE tasks AS
        WITH m AS (
            SELECT DISTINCT customer_id FROM memberships WHERE segment_id = {seg} AND run_id =
                (SELECT run_id FROM memberships WHERE segment_id = {seg} ORDER BY run_at DESC LIMIT 1)),
        remote AS (SELECT staff_id, row_number() OVER (ORDER BY staff_id) - 1 AS slot
                   FROM staff_t WHERE kind = 'remote'),
        u AS (SELECT m.customer_id, (row_number() OVER (ORDER BY hash(m.customer_id), m.customer_id) - 1)
                     % (SELECT greatest(count(*), 1) FROM remote) AS slot
              FROM m JOIN cust c USING (customer_id) WHERE NOT c.managed)
        SELECT {lit(campaign_id)} AS campaign_id, m.customer_id,
               CASE WHEN c.managed THEN c.assignee ELSE r.staff_id END AS staff_id,
               CASE WHEN {lit(purpose)} = 'marketing' AND c.opted_out_at IS NOT NULL
                         AND c.opted_out_at < {pd.eod}
                      THEN {lit(held["opted_out"])}
                    WHEN {lit(purpose)} = 'marketing' AND NOT coalesce(c.marketing_consent, FALSE)
                      THEN {lit(held["no_consent"])}
                    WHEN NOT coalesce(c.managed, FALSE) AND r.staff_id IS NULL THEN {lit(held["no_staff"])}
               END AS held_reason
        FROM m LEFT JOIN cust c USING (customer_id) LEFT JOIN u USING (customer_id)
        LEFT JOIN remote r ON r.slot = u.slot
        """
    )
    tasks = pd.con.sql(
        "SELECT *, CASE WHEN held_reason IS NULL THEN 'pending' ELSE 'held' END AS status FROM tasks "
        "ORDER BY customer_id"
    ).to_arrow_table()
    with ws.engine.begin() as conn:
        bulk_write(conn, CampaignTask.__table__, tasks)
    with ws.session() as s:
        c = s.get(Campaign, campaign_id)
        c.status = "active"
        c.dispatched_on = c.dispatched_on or day
        total = s.query(CampaignTask).filter_by(campaign_id=campaign_id).count()
        held_n = s.query(CampaignTask).filter_by(campaign_id=campaign_id, status="held").count()
    return {"campaign_id": campaign_id, "members": tasks.num_rows, "tasks": total, "held": held_n}


def campaign_status(ws: Workspace, campaign_id: str, policy: dict | None = None) -> dict:
    """Execution and response while the campaign runs: overall, by branch and by manager."""
    policy = policy or load_policy()
    with ws.session() as s:
        c = s.get(Campaign, campaign_id)
        if c is None:
            raise CampaignError(f"活动 {campaign_id} 不存在")
        head = {
            "campaign_id": c.campaign_id,
            "name": c.name,
            "segment_id": c.segment_id,
            "status": c.status,
            "deadline": c.deadline.isoformat(),
        }
        rows = s.execute(
            select(CampaignTask.staff_id, CampaignTask.status, CampaignTask.response).where(
                CampaignTask.campaign_id == campaign_id
            )
        ).all()
    # Only the tasks and the staff list are needed here, not the day's customer tables.
    con = duckdb.connect()
    con.register("t", _rows_table(rows))
    con.register("staff_t", staff_table(ws))
    no_answer = lit("no_answer")
    agg = f"""count(*) AS tasks, count(*) FILTER (WHERE t.status = 'held') AS held,
              count(*) FILTER (WHERE t.status = 'done') AS done,
              count(*) FILTER (WHERE t.status = 'done'
                               AND t.response IS DISTINCT FROM {no_answer}) AS responded"""

    def rates(r: dict) -> dict:
        active = r["tasks"] - r["held"]
        r["execution_rate"] = r["done"] / active if active else 0.0
        r["response_rate"] = r["responded"] / r["done"] if r["done"] else 0.0
        return r

    def query(sql: str) -> list[dict]:
        res = con.sql(sql)
        return [rates(dict(zip(res.columns, row, strict=True))) for row in res.fetchall()]

    head.update(query(f"SELECT {agg} FROM t")[0])
    head["by_branch"] = query(
        f"SELECT s.branch_id, {agg} FROM t LEFT JOIN staff_t s USING (staff_id) GROUP BY 1 ORDER BY 1"
    )
    head["by_staff"] = query(
        f"SELECT t.staff_id, s.branch_id, {agg} FROM t LEFT JOIN staff_t s USING (staff_id) "
        "GROUP BY 1, 2 ORDER BY 1"
    )
    return head


def _rows_table(rows: list) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [[], [], []]
    return pa.table(
        {
            n: pa.array(list(v), pa.string())
            for n, v in zip(("staff_id", "status", "response"), cols, strict=True)
        }
    )


def list_campaigns(ws: Workspace) -> list[dict]:
    with ws.session() as s:
        rows = s.scalars(select(Campaign).order_by(Campaign.created_at.desc(), Campaign.campaign_id)).all()
    return [{c.name: getattr(r, c.name) for c in Campaign.__table__.columns} for r in rows]
