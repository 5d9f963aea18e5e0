"""Foundation: office, settings, outbox, audit, reference data

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "budget_code",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name_kk", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_code")),
        sa.UniqueConstraint("code", name=op.f("uq_budget_code_code")),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "mrp_value",
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mrp_value")),
        sa.UniqueConstraint("valid_from", "purpose", name=op.f("uq_mrp_value_valid_from")),
    )
    op.create_table(
        "offence_article",
        sa.Column("article", sa.String(length=20), nullable=False),
        sa.Column("part", sa.String(length=10), nullable=False),
        sa.Column("title_kk", sa.String(length=500), nullable=False),
        sa.Column("title_ru", sa.String(length=500), nullable=False),
        sa.Column("warning_allowed", sa.Boolean(), nullable=False),
        sa.Column("fine_allowed", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offence_article")),
        sa.UniqueConstraint(
            "article", "part", "valid_from", name=op.f("uq_offence_article_article")
        ),
    )
    op.create_table(
        "office",
        sa.Column("name_kk", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("akim_name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("kbk", sa.String(length=6), nullable=False),
        sa.Column("iik", sa.String(length=20), nullable=False),
        sa.Column("bik", sa.String(length=11), nullable=False),
        sa.Column("bank_name", sa.String(length=200), nullable=False),
        sa.Column("knp", sa.String(length=3), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_outbox_op_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_acked_at"), ["acked_at"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "settlement",
        sa.Column("name_kk", sa.String(length=200), nullable=False),
        sa.Column("name_ru", sa.String(length=200), nullable=False),
        sa.Column("kato", sa.String(length=12), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement")),
    )
    op.create_table(
        "article_sanction",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("offender_category", sa.String(length=20), nullable=False),
        sa.Column("min_mrp", sa.Integer(), nullable=False),
        sa.Column("max_mrp", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["offence_article.id"],
            name=op.f("fk_article_sanction_article_id_offence_article"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_sanction")),
        sa.UniqueConstraint(
            "article_id", "offender_category", name=op.f("uq_article_sanction_article_id")
        ),
    )
    # The audit log is append-only: the database itself refuses to change or drop a row.
    op.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are never deleted'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_table("article_sanction")
    op.drop_table("settlement")
    op.drop_table("setting")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_acked_at"))

    op.drop_table("outbox")
    op.drop_table("office")
    op.drop_table("offence_article")
    op.drop_table("mrp_value")
    op.drop_table("meta")
    op.drop_table("budget_code")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_at"))

    op.drop_table("audit")
    # ### end Alembic commands ###
