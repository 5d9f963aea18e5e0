"""Audit anchors: the hash of every audit row an office sent, and the office's audit problem

Revision ID: s0002
Revises: s0001
"""

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_anchor",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office_account.id"],
            name=op.f("fk_audit_anchor_office_id_office_account"),
        ),
        sa.PrimaryKeyConstraint("office_id", "row_id", name=op.f("pk_audit_anchor")),
    )
    op.add_column(
        "office_account",
        sa.Column("audit_problem", sa.String(length=40), nullable=False, server_default=""),
    )
    op.add_column(
        "office_account",
        sa.Column("audit_problem_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("office_account", "audit_problem_at")
    op.drop_column("office_account", "audit_problem")
    op.drop_table("audit_anchor")
