"""Sync: rejected changes, staged pulls; reference rows get the district's stable ids

Revision ID: 0003
Revises: 0002
"""

import uuid
from datetime import date

import sqlalchemy as sa
from alembic import op

from akimdesk.domain import catalog

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_rejection",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_rejection")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sync_rejection_entity_id", "sync_rejection", ["entity_id"])
    op.create_index("ix_sync_rejection_resolved_at", "sync_rejection", ["resolved_at"])
    op.create_table(
        "sync_inbox",
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "id", name=op.f("pk_sync_inbox")),
    )
    _rekey_reference_rows()


def _rekey_reference_rows() -> None:
    """Gives seeded reference rows the ids the district server uses for the same rows.

    Before sync existed every reference row was the office's own seeded copy, so all get
    ref_version 0; references from cases and sanctions move with them.
    """
    conn = op.get_bind()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")

    def move(table: str, old: str, new: uuid.UUID, refs: tuple[tuple[str, str], ...]) -> None:
        if old == new.hex:
            return
        conn.exec_driver_sql(f"UPDATE {table} SET id=? WHERE id=?", (new.hex, old))
        for ref_table, column in refs:
            conn.exec_driver_sql(
                f"UPDATE {ref_table} SET {column}=? WHERE {column}=?", (new.hex, old)
            )

    office = conn.exec_driver_sql("SELECT bin FROM office LIMIT 1").fetchone()
    for old, art, part, valid_from in conn.exec_driver_sql(
        "SELECT id, article, part, valid_from FROM offence_article"
    ).fetchall():
        new = catalog.article_id(art, part, date.fromisoformat(valid_from))
        move(
            "offence_article",
            old,
            new,
            (("article_sanction", "article_id"), ("fine_case", "article_id")),
        )
    for old, article, category in conn.exec_driver_sql(
        "SELECT id, article_id, offender_category FROM article_sanction"
    ).fetchall():
        move("article_sanction", old, catalog.sanction_id(uuid.UUID(article), category), ())
    for old, valid_from, purpose in conn.exec_driver_sql(
        "SELECT id, valid_from, purpose FROM mrp_value"
    ).fetchall():
        move("mrp_value", old, catalog.mrp_id(date.fromisoformat(valid_from), purpose), ())
    for old, code in conn.exec_driver_sql("SELECT id, code FROM budget_code").fetchall():
        move("budget_code", old, catalog.budget_code_id(code), ())
    if office is not None:
        for old, name_ru in conn.exec_driver_sql("SELECT id, name_ru FROM settlement").fetchall():
            move(
                "settlement",
                old,
                catalog.settlement_id(office[0], name_ru),
                (("fine_case", "settlement_id"),),
            )
    for table in ("offence_article", "article_sanction", "mrp_value", "budget_code", "settlement"):
        conn.exec_driver_sql(f"UPDATE {table} SET ref_version=0")


def downgrade() -> None:
    op.drop_table("sync_inbox")
    op.drop_index("ix_sync_rejection_resolved_at", table_name="sync_rejection")
    op.drop_index("ix_sync_rejection_entity_id", table_name="sync_rejection")
    op.drop_table("sync_rejection")
