"""Minutes and property papers: an asset received used carries its accumulated depreciation

Revision ID: 0010
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: the tables keep their triggers and nothing is copied.
    op.add_column(
        "asset",
        sa.Column(
            "accumulated_depreciation_tiyn", sa.Integer(), nullable=False, server_default="0"
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("asset") as batch_op:
        batch_op.drop_column("accumulated_depreciation_tiyn")
