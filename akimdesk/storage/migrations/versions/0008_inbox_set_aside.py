"""A record pulled from the district that this PC cannot apply waits in the inbox with its
reason (a missing parent, a value it cannot store), instead of failing every sync

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_inbox") as batch:
        batch.add_column(sa.Column("reason", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("detail", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("set_aside_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_inbox") as batch:
        batch.drop_column("set_aside_at")
        batch.drop_column("detail")
        batch.drop_column("reason")
