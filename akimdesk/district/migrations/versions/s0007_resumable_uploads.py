"""Resumable uploads: the part of a batch's body that arrived before the link was cut, kept
so the office sends only the rest (sync protocol v2). Also joins the two heads s0004 and s0006,
which both followed s0003.

Revision ID: s0007
Revises: s0004, s0006
"""

import sqlalchemy as sa
from alembic import op

revision = "s0007"
down_revision = ("s0004", "s0006")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office_account.id"], name=op.f("fk_upload_office_id_office_account")
        ),
        sa.PrimaryKeyConstraint("office_id", "batch_id", name=op.f("pk_upload")),
    )


def downgrade() -> None:
    op.drop_table("upload")
