"""Arrow schemas of every lake dataset, declared once.

Money is in yuan (float64); dates are calendar dates in Asia/Shanghai; timestamps are UTC-aware.
"""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")

CUSTOMERS = pa.schema(
    [
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("gender", pa.string()),  # M / F
        pa.field("birth_date", pa.date32()),
        pa.field("phone", pa.string()),
        pa.field("id_card", pa.string()),
        pa.field("occupation", pa.string()),  # see siyu/demo/vocab.yaml occupations
        pa.field("city", pa.string()),
        pa.field("branch_id", pa.string()),
        pa.field("sub_branch_id", pa.string()),
        pa.field("acquisition_source", pa.string()),  # payroll, social_security, car_owner, community, ...
        pa.field("opened_at", pa.date32()),
        pa.field("aum", pa.float64()),
        pa.field("risk_rating", pa.string()),  # C1..C5
        pa.field("app_active_days_30d", pa.int32()),
        pa.field("last_app_login", pa.date32()),
        pa.field("marketing_consent", pa.bool_()),
        pa.field("opted_out_at", TS),
        pa.field("wecom_friend", pa.bool_()),
        pa.field("owner_id", pa.string()),  # staff_id of the current owner; null = unmanaged
        pa.field("updated_at", TS),
    ]
)

PRODUCTS = pa.schema(
    [
        pa.field("product_id", pa.string(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("product_type", pa.string()),  # deposit, wealth, fund, insurance, gold
        pa.field("sub_type", pa.string()),  # fund_equity, fund_bond, fund_money_market, ... or null
        pa.field("risk_level", pa.string()),  # R1..R5
        pa.field("term_days", pa.int32()),
        pa.field("expected_yield", pa.float64()),  # percent per year
        pa.field("benchmark_yield", pa.float64()),  # percent per year
        pa.field("open_period_days", pa.int32()),  # null = closed-end or daily dealing
        pa.field("next_open_date", pa.date32()),
        pa.field("issuer", pa.string()),
    ]
)

HOLDINGS = pa.schema(
    [
        pa.field("holding_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("product_id", pa.string(), nullable=False),
        pa.field("product_type", pa.string()),
        pa.field("amount", pa.float64()),  # current value, yuan
        pa.field("cost", pa.float64()),  # amount paid in, yuan
        pa.field("opened_at", pa.date32()),
        pa.field("maturity_date", pa.date32()),  # null = no maturity
        pa.field("as_of", pa.date32()),
    ]
)

NAV = pa.schema(
    [
        pa.field("product_id", pa.string(), nullable=False),
        pa.field("nav_date", pa.date32(), nullable=False),
        pa.field("nav", pa.float64()),
    ]
)

UTTERANCE = pa.struct(
    [
        pa.field("speaker", pa.string()),  # staff / customer
        pa.field("text", pa.string()),
        pa.field("ts", TS),
    ]
)

CONVERSATIONS = pa.schema(
    [
        pa.field("conversation_id", pa.string(), nullable=False),
        pa.field("channel", pa.string()),  # call, wecom, im, branch
        pa.field("customer_id", pa.string()),
        pa.field("staff_id", pa.string()),
        pa.field("started_at", TS),
        pa.field("utterances", pa.list_(UTTERANCE)),
        pa.field("source", pa.string()),  # canonical, wecom, transcript, demo
        pa.field("date", pa.date32()),  # partition key: started_at in Asia/Shanghai
    ]
)

# The demo generator's intended tags, kept apart from the conversations (ground truth).
CONVERSATION_TRUTH = pa.schema(
    [
        pa.field("conversation_id", pa.string(), nullable=False),
        pa.field("code", pa.string()),
        pa.field("value", pa.string()),
    ]
)

TAG_EVENTS = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("code", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),  # numbers as their decimal text
        pa.field("value_num", pa.float64()),  # set for numeric codes (pref.yield_expectation)
        pa.field("confidence", pa.float64()),
        pa.field("source", pa.string()),  # mined, confirmed, rejected, imported
        pa.field("conversation_id", pa.string()),
        pa.field("utterance", pa.int32()),
        pa.field("span_start", pa.int32()),
        pa.field("span_end", pa.int32()),
        pa.field("evidence", pa.string()),
        pa.field("observed_at", TS),
        pa.field("expires_at", TS),  # stated in the conversation; null = rule default
        pa.field("date", pa.date32()),  # partition key
        pa.field("by_staff", pa.string()),  # staff_id behind a confirmed / rejected event
    ]
)

COMPLIANCE_HITS = pa.schema(
    [
        pa.field("hit_id", pa.string(), nullable=False),
        pa.field("conversation_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string()),
        pa.field("staff_id", pa.string()),
        pa.field("code", pa.string()),
        pa.field("value", pa.string()),
        pa.field("confidence", pa.float64()),
        pa.field("utterance", pa.int32()),
        pa.field("span_start", pa.int32()),
        pa.field("span_end", pa.int32()),
        pa.field("evidence", pa.string()),
        pa.field("observed_at", TS),
        pa.field("date", pa.date32()),
    ]
)

# One row per conversation the miner has processed (so `siyu mine run` only mines new ones).
MINED_CONVERSATIONS = pa.schema(
    [
        pa.field("conversation_id", pa.string(), nullable=False),
        pa.field("rules_version", pa.string()),
        pa.field("tags", pa.int32()),
        pa.field("mined_at", TS),
    ]
)

PROFILES = pa.schema(
    [
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("code", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("value_num", pa.float64()),
        pa.field("confidence", pa.float64()),
        pa.field("source", pa.string()),
        pa.field("first_seen", TS),
        pa.field("last_seen", TS),
        pa.field("expires_at", TS),
        pa.field("conversation_id", pa.string()),
        pa.field("utterance", pa.int32()),
        pa.field("span_start", pa.int32()),
        pa.field("span_end", pa.int32()),
        pa.field("evidence", pa.string()),
    ]
)

MEMBERSHIPS = pa.schema(
    [
        pa.field("segment_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("run_at", TS),
    ]
)

MEMBERSHIP_CHANGES = pa.schema(
    [
        pa.field("segment_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("change", pa.string()),  # entered / exited
        pa.field("run_id", pa.string()),
        pa.field("run_at", TS),
        pa.field("date", pa.date32()),
    ]
)

# Every contact with a customer; effective = two-way (the customer answered or replied).
TOUCHES = pa.schema(
    [
        pa.field("touch_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("staff_id", pa.string()),
        pa.field("channel", pa.string()),  # chat, group, moments, phone, event, branch
        pa.field("direction", pa.string()),  # outbound, inbound, two_way
        pa.field("effective", pa.bool_()),
        pa.field("touched_at", TS),
        pa.field("source", pa.string()),  # conversation, logged, demo
        pa.field("source_ref", pa.string()),  # conversation_id or worklist item id
        pa.field("date", pa.date32()),
    ]
)

# One row per customer of an assignment plan (siyu assign plan); the plan itself is in the app DB.
PLAN_ASSIGNMENTS = pa.schema(
    [
        pa.field("plan_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string(), nullable=False),
        pa.field("branch_id", pa.string()),
        pa.field("sub_branch_id", pa.string()),
        pa.field("aum", pa.float64()),
        pa.field("from_staff", pa.string()),  # owner when the plan was made
        pa.field("to_staff", pa.string()),  # planned owner; null = unplaced
        pa.field("status", pa.string()),  # kept, moved, new, unplaced
        pa.field("affinity", pa.float64()),
        pa.field("reason", pa.string()),  # unplaced reason code
    ]
)

# 企业微信 archive message ids already ingested, so a re-import skips them (siyu ingest conversations).
WECOM_MESSAGES = pa.schema(
    [
        pa.field("msgid", pa.string(), nullable=False),
        pa.field("conversation_id", pa.string()),
    ]
)

# name -> (schema, partitioned by the "date" column?)
DATASETS: dict[str, tuple[pa.Schema, bool]] = {
    "customers": (CUSTOMERS, False),
    "products": (PRODUCTS, False),
    "holdings": (HOLDINGS, False),
    "nav": (NAV, False),
    "conversations": (CONVERSATIONS, True),
    "conversation_truth": (CONVERSATION_TRUTH, False),
    "tag_events": (TAG_EVENTS, True),
    "compliance_hits": (COMPLIANCE_HITS, True),
    "mined_conversations": (MINED_CONVERSATIONS, False),
    "profiles": (PROFILES, False),
    "memberships": (MEMBERSHIPS, False),
    "membership_changes": (MEMBERSHIP_CHANGES, True),
    "touches": (TOUCHES, True),
    "wecom_messages": (WECOM_MESSAGES, False),
    "plan_assignments": (PLAN_ASSIGNMENTS, False),
}
