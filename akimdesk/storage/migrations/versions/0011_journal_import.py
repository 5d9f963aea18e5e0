"""Journals imported as they are: a case's note, the "dates to check" mark, remembered mappings

Revision ID: 0011
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ALTER TABLE ADD COLUMN, not a batch copy: a copied fine_case would lose its triggers and
    # the rowids its full-text index points at.
    op.add_column("fine_case", sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "fine_case",
        sa.Column("dates_to_check", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index(op.f("ix_fine_case_dates_to_check"), "fine_case", ["dates_to_check"])
    op.create_table(
        "journal_mapping",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_journal_mapping")),
    )


def downgrade() -> None:
    op.drop_table("journal_mapping")
    op.drop_index(op.f("ix_fine_case_dates_to_check"), table_name="fine_case")
    op.drop_column("fine_case", "dates_to_check")
    op.drop_column("fine_case", "note")
