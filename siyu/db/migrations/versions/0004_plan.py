"""planning: journey enrollments, worklist items, campaigns, campaign tasks

Revision ID: 0004_plan
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_plan"
down_revision = "0001"
branch_labels = ("plan",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_enrollments",
        sa.Column("enrollment_id", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("journey_id", sa.String(length=64), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("step_started", sa.Date(), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("enrollment_id"),
    )
    for col in ("customer_id", "journey_id", "next_due", "status"):
        op.create_index(f"ix_journey_enrollments_{col}", "journey_enrollments", [col])

    op.create_table(
        "worklist_items",
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=True),
        sa.Column("customer_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=128), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("script", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("held_reason", sa.Text(), nullable=True),
        sa.Column("response", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("campaign_id", sa.String(length=64), nullable=True),
        sa.Column("source_ref", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("item_id"),
    )
    for col in ("date", "customer_id", "status", "campaign_id"):
        op.create_index(f"ix_worklist_items_{col}", "worklist_items", [col])
    op.create_index("ix_worklist_items_staff_date", "worklist_items", ["staff_id", "date"])

    op.create_table(
        "campaigns",
        sa.Column("campaign_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("segment_id", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("script", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("dispatched_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id"),
    )
    op.create_table(
        "campaign_tasks",
        sa.Column("campaign_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("held_reason", sa.Text(), nullable=True),
        sa.Column("response", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("item_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id", "customer_id"),
    )
    op.create_index("ix_campaign_tasks_staff_id", "campaign_tasks", ["staff_id"])
    op.create_index("ix_campaign_tasks_status", "campaign_tasks", ["status"])
    op.create_index("ix_campaign_tasks_staff", "campaign_tasks", ["campaign_id", "staff_id"])


def downgrade() -> None:
    op.drop_table("campaign_tasks")
    op.drop_table("campaigns")
    op.drop_table("worklist_items")
    op.drop_table("journey_enrollments")
