"""segments: user segment definitions and segment runs

Revision ID: 0002_segments
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_segments"
down_revision = "0001"
branch_labels = ("segments",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "segment_definitions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tree", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "segment_runs",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("segment_id", sa.String(length=64), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("entered", sa.Integer(), nullable=False),
        sa.Column("exited", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "segment_id"),
    )
    op.create_index("ix_segment_runs_segment_id", "segment_runs", ["segment_id"])


def downgrade() -> None:
    op.drop_index("ix_segment_runs_segment_id", table_name="segment_runs")
    op.drop_table("segment_runs")
    op.drop_table("segment_definitions")
