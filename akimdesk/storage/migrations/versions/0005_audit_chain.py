"""Audit hash chain: every audit row carries its hash and the previous row's

Revision ID: 0005
Revises: 0004
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NO_UPDATE = (
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END"
)


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch table rebuild): the table and its triggers stay as they are.
    op.add_column("audit", sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
    op.add_column("audit", sa.Column("row_hash", sa.String(64), nullable=False, server_default=""))
    from akimdesk.services.audit import GENESIS, digest

    conn = op.get_bind()
    op.execute("DROP TRIGGER IF EXISTS audit_no_update")  # the one time existing rows get hashes
    prev, after_id = GENESIS, 0
    cols = "id, at, user, action, entity, entity_id, reason, before, after"
    while True:
        rows = conn.exec_driver_sql(
            f"SELECT {cols} FROM audit WHERE id > ? ORDER BY id LIMIT 5000", (after_id,)
        ).fetchall()
        if not rows:
            break
        updates = []
        for r in rows:
            row = {
                "id": r[0], "at": datetime.fromisoformat(r[1]),
                "user": r[2], "action": r[3], "entity": r[4], "entity_id": r[5], "reason": r[6],
                "before": _json(r[7]), "after": _json(r[8]),
            }  # fmt: skip
            h = digest(prev, row)
            updates.append({"p": prev, "h": h, "i": r[0]})
            prev = h
        conn.execute(
            sa.text("UPDATE audit SET prev_hash = :p, row_hash = :h WHERE id = :i"), updates
        )
        after_id = rows[-1][0]
    op.execute(NO_UPDATE)


def _json(value):  # type: ignore[no-untyped-def]
    import json

    return None if value is None else json.loads(value)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_no_update")
    with op.batch_alter_table("audit") as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
    op.execute(NO_UPDATE)
