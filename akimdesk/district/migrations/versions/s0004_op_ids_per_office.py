"""Op ids are unique per office, not across offices: another office's op id is not taken for a
duplicate. A refused op keeps the field it was refused for. The token an office had before the
last rotation is remembered, so a PC still using it is told the token was replaced.

Revision ID: s0004
Revises: s0003
"""

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("op_log") as batch:
        batch.drop_constraint("pk_op_log", type_="primary")
        batch.create_primary_key("pk_op_log", ["office_id", "op_id"])
        batch.add_column(sa.Column("detail", sa.String(100), nullable=False, server_default=""))
    op.add_column(
        "office_account",
        sa.Column("previous_token_hash", sa.String(64), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("office_account", "previous_token_hash")
    with op.batch_alter_table("op_log") as batch:
        batch.drop_column("detail")
        batch.drop_constraint("pk_op_log", type_="primary")
        batch.create_primary_key("pk_op_log", ["op_id"])
