"""Minutes and property papers: the language of the minutes and the other language's texts,
publication, the akim's consideration of decisions; an asset received used carries its
accumulated depreciation and whom it came from; a movement keeps its act's commission

Revision ID: 0010
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

# (table, column, type, server default); plain ADD COLUMN: tables keep their triggers, nothing
# is copied. Existing minutes were written in Kazakh unless a person says otherwise.
COLUMNS = (
    ("asset", "accumulated_depreciation_tiyn", sa.Integer(), "0"),
    ("asset", "received_from", sa.String(300), ""),
    ("asset_movement", "act_no", sa.String(50), ""),
    ("asset_movement", "commission", sa.JSON(), "[]"),
    ("meeting", "language", sa.String(2), "kk"),
    ("meeting", "place_other", sa.String(300), ""),
    ("meeting", "convened_by_other", sa.String(300), ""),
    ("meeting", "scope_other", sa.String(300), ""),
    ("meeting", "invited_other", sa.Text(), ""),
    ("meeting", "published_channel", sa.String(20), ""),
    ("meeting", "published_place", sa.String(300), ""),
    ("meeting", "published_by", sa.String(200), ""),
    ("agenda_item", "consideration_result", sa.String(20), ""),
    ("agenda_item", "consideration", sa.Text(), ""),
    ("agenda_item", "considered_by", sa.String(200), ""),
)
NULLABLE = (
    ("meeting", "published_on", sa.Date()),
    ("agenda_item", "considered_on", sa.Date()),
    ("agenda_item", "present_at_vote", sa.Integer()),
)


def upgrade() -> None:
    for table, name, kind, default in COLUMNS:
        op.add_column(table, sa.Column(name, kind, nullable=False, server_default=default))
    for table, name, kind in NULLABLE:
        op.add_column(table, sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for table in ("asset", "asset_movement", "meeting", "agenda_item"):
        names = [c[1] for c in COLUMNS + NULLABLE if c[0] == table]
        with op.batch_alter_table(table) as batch_op:
            for name in reversed(names):
                batch_op.drop_column(name)
