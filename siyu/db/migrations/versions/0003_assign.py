"""assignment: ownership, ownership changes, assignment plans

Revision ID: 0003_assign
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_assign"
down_revision = "0001"
branch_labels = ("assign",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ownership",
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=True),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("customer_id"),
    )
    op.create_index("ix_ownership_staff_id", "ownership", ["staff_id"])
    op.create_table(
        "ownership_changes",
        sa.Column("change_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("from_staff", sa.String(length=32), nullable=True),
        sa.Column("to_staff", sa.String(length=32), nullable=True),
        sa.Column("plan_id", sa.String(length=64), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("change_id"),
    )
    op.create_index("ix_ownership_changes_customer_id", "ownership_changes", ["customer_id"])
    op.create_index("ix_ownership_changes_plan_id", "ownership_changes", ["plan_id"])
    op.create_table(
        "assignment_plans",
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("plan_id"),
    )


def downgrade() -> None:
    op.drop_table("assignment_plans")
    op.drop_index("ix_ownership_changes_plan_id", table_name="ownership_changes")
    op.drop_index("ix_ownership_changes_customer_id", table_name="ownership_changes")
    op.drop_table("ownership_changes")
    op.drop_index("ix_ownership_staff_id", table_name="ownership")
    op.drop_table("ownership")
