"""``generate_bank``: a whole demo bank (organisation, customers, products, holdings, NAV, touches,
conversations) written to a workspace, deterministic for a seed and a reference date."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass

import pyarrow as pa

from siyu.clock import today as bank_today
from siyu.db import all_models
from siyu.demo.conversations import PickCollector, conversation_batches, pick_customers
from siyu.demo.customers import BLOCK, BankContext, generate_block
from siyu.demo.org import plan_org, upsert_org
from siyu.demo.products import build_catalogue
from siyu.lake.schemas import DATASETS
from siyu.workspace import Workspace

STREAMED = ("customers", "holdings", "touches")
GENERATED = ("products", "nav", *STREAMED, "conversations", "conversation_truth")
CONVERSATIONS_PER_WRITE = 50_000


@dataclass(frozen=True)
class GenerationSummary:
    seed: int
    today: dt.date
    customers: int
    holdings: int
    touches: int
    products: int
    nav_rows: int
    conversations: int
    truth_rows: int
    org_units: int
    staff: int
    users: int
    seconds: float

    def as_dict(self) -> dict:
        d = asdict(self)
        d["today"] = self.today.isoformat()
        return d


# App DB state that the demo itself defines or that describes the people who log in; everything
# else (ownership, plans, worklists, campaigns, reviews, segment runs) was derived from the old bank.
KEPT_TABLES = frozenset(
    {"org_units", "staff", "personas", "users", "web_sessions", "audit_log", "segment_definitions"}
)


def _reset_app_state(ws: Workspace) -> None:
    with ws.session() as session:
        for table in reversed(all_models.Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                session.execute(table.delete())


def generate_bank(
    ws: Workspace,
    customers: int,
    conversations: int,
    seed: int,
    chunk_size: int = 200_000,
    today: dt.date | None = None,
) -> GenerationSummary:
    """Generate the demo bank into ``ws``, replacing any earlier demo data and emptying the lake
    datasets derived from it (tag events, profiles, memberships ...), which later stages rebuild.

    ``chunk_size`` bounds memory (customers held at once); it does not change the data, which is
    identical for the same seed, sizes and ``today`` (default: the current date in Asia/Shanghai).
    """
    if customers < 1:
        raise ValueError(f"customers must be at least 1, got {customers}")
    if conversations < 0:
        raise ValueError(f"conversations must not be negative, got {conversations}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    started = time.perf_counter()
    today = today or bank_today()
    plan = plan_org(seed)
    with ws.session() as session:
        upsert_org(session, plan)

    lake = ws.lake
    catalogue = build_catalogue(seed, today)
    lake.replace("products", catalogue.table)
    nav_rows = lake.replace("nav", catalogue.nav_table())

    ctx = BankContext(seed, today, customers, plan, catalogue)
    picks = PickCollector(pick_customers(seed, customers, conversations))
    for dataset in STREAMED:  # start empty, then add chunk by chunk: memory stays bounded
        lake.replace(dataset, [])
    counts = dict.fromkeys(STREAMED, 0)
    blocks_per_chunk = max(1, chunk_size // BLOCK)
    n_blocks = -(-customers // BLOCK)
    for first in range(0, n_blocks, blocks_per_chunk):
        parts = [generate_block(ctx, b) for b in range(first, min(first + blocks_per_chunk, n_blocks))]
        for b, part in zip(range(first, n_blocks), parts, strict=False):
            picks.collect(b * BLOCK, part.customers)
        for dataset in STREAMED:
            counts[dataset] += lake.append(dataset, pa.concat_tables([getattr(p, dataset) for p in parts]))

    truth_tables: list[pa.Table] = []

    def conversation_tables():
        # Conversations are date-partitioned: writing many batches at once keeps part files few.
        pending: list[pa.Table] = []
        for conv, truth in conversation_batches(ctx, picks.table(seed, conversations)):
            truth_tables.append(truth)
            pending.append(conv)
            if sum(t.num_rows for t in pending) >= CONVERSATIONS_PER_WRITE:
                yield pa.concat_tables(pending)
                pending = []
        if pending:
            yield pa.concat_tables(pending)

    n_conv = lake.replace("conversations", conversation_tables())
    n_truth = lake.replace("conversation_truth", pa.concat_tables(truth_tables) if truth_tables else [])
    # Results derived from an earlier bank (tags, profiles, segment memberships ...) describe customers
    # and conversations that no longer exist under these ids: empty them so later stages start clean.
    for dataset in DATASETS:
        if dataset not in GENERATED and lake.exists(dataset):
            lake.replace(dataset, [])
    _reset_app_state(ws)
    return GenerationSummary(
        seed=seed,
        today=today,
        customers=counts["customers"],
        holdings=counts["holdings"],
        touches=counts["touches"],
        products=catalogue.table.num_rows,
        nav_rows=nav_rows,
        conversations=n_conv,
        truth_rows=n_truth,
        org_units=len(plan.units),
        staff=len(plan.staff),
        users=len(plan.users),
        seconds=round(time.perf_counter() - started, 2),
    )
