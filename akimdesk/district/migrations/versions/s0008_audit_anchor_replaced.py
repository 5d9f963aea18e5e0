"""Audit anchors a new epoch replaced, kept instead of overwritten

Revision ID: s0008
Revises: s0007
"""

import sqlalchemy as sa
from alembic import op

revision = "s0008"
down_revision = "s0007"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "audit_anchor_replaced",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("stream_id", sa.Uuid(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("replaced_by", sa.Uuid(), nullable=False),
        sa.Column("replaced_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office_account.id"],
            name=op.f("fk_audit_anchor_replaced_office_id_office_account"),
        ),
    )
    op.create_index(
        op.f("ix_audit_anchor_replaced_office_id"), "audit_anchor_replaced", ["office_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_anchor_replaced_office_id"), "audit_anchor_replaced")
    op.drop_table("audit_anchor_replaced")
