"""Fines register: cases, events, payments; name search; no deletes of legal records

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fine_case",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq_no", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("offence_date", sa.Date(), nullable=False),
        sa.Column("offence_time", sa.String(length=5), nullable=False),
        sa.Column("settlement_id", sa.Uuid(), nullable=True),
        sa.Column("offence_address", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("offender_kind", sa.String(length=12), nullable=False),
        sa.Column("offender_category", sa.String(length=20), nullable=False),
        sa.Column("iin_bin", sa.String(length=12), nullable=False),
        sa.Column("surname", sa.String(length=100), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("patronymic", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("org_name", sa.String(length=300), nullable=False),
        sa.Column("representative", sa.String(length=200), nullable=False),
        sa.Column("offender_address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("offender_name", sa.String(length=300), nullable=False),
        sa.Column("protocol_number", sa.String(length=40), nullable=False),
        sa.Column("protocol_date", sa.Date(), nullable=False),
        sa.Column("protocol_author", sa.String(length=200), nullable=False),
        sa.Column("witnesses", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("refused_to_sign", sa.Boolean(), nullable=False),
        sa.Column("admits_offence", sa.Boolean(), nullable=False),
        sa.Column("penalty", sa.String(length=10), nullable=False),
        sa.Column("mrp_count", sa.Integer(), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("mrp_value", sa.Integer(), nullable=False),
        sa.Column("amount_tiyn", sa.Integer(), nullable=False),
        sa.Column("paid_tiyn", sa.Integer(), nullable=False),
        sa.Column("reduced", sa.Boolean(), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=True),
        sa.Column("limitation_date", sa.Date(), nullable=True),
        sa.Column("half_pay_until", sa.Date(), nullable=True),
        sa.Column("appeal_until", sa.Date(), nullable=True),
        sa.Column("in_force_date", sa.Date(), nullable=True),
        sa.Column("pay_by", sa.Date(), nullable=True),
        sa.Column("enforcement_by", sa.Date(), nullable=True),
        sa.Column("deferral_until", sa.Date(), nullable=True),
        sa.Column("instalment_months", sa.Integer(), nullable=False),
        sa.Column("enforcement_date", sa.Date(), nullable=True),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("import_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["offence_article.id"],
            name=op.f("fk_fine_case_article_id_offence_article"),
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"], ["settlement.id"], name=op.f("fk_fine_case_settlement_id_settlement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fine_case")),
        sa.UniqueConstraint("import_key", name=op.f("uq_fine_case_import_key")),
        sa.UniqueConstraint("number", name=op.f("uq_fine_case_number")),
    )
    with op.batch_alter_table("fine_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fine_case_article_id"), ["article_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fine_case_decision_date"), ["decision_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fine_case_iin_bin"), ["iin_bin"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fine_case_in_force_date"), ["in_force_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fine_case_offence_date"), ["offence_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fine_case_offender_name"), ["offender_name"], unique=False
        )
        batch_op.create_index("ix_fine_case_pay_by", ["stage", "pay_by"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fine_case_protocol_date"), ["protocol_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fine_case_settlement_id"), ["settlement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fine_case_stage"), ["stage"], unique=False)
        batch_op.create_index("ix_fine_case_year_seq", ["year", "seq_no"], unique=False)

    op.create_table(
        "fine_event",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fine_case.id"], name=op.f("fk_fine_event_case_id_fine_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fine_event")),
    )
    with op.batch_alter_table("fine_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fine_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "fine_payment",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_tiyn", sa.Integer(), nullable=False),
        sa.Column("document_no", sa.String(length=60), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fine_case.id"], name=op.f("fk_fine_payment_case_id_fine_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fine_payment")),
    )
    with op.batch_alter_table("fine_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fine_payment_case_id"), ["case_id"], unique=False)

    # Name / ИИН / number search that folds Kazakh and Russian case (SQLite lower() folds ASCII only).
    # External content keyed by fine_case's rowid. The app never VACUUMs (that may renumber
    # rowids); after an outside VACUUM run: INSERT INTO fine_case_fts(fine_case_fts) VALUES('rebuild').
    op.execute(
        "CREATE VIRTUAL TABLE fine_case_fts USING fts5(number, iin_bin, offender_name, "
        "content='fine_case', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')"
    )
    op.execute(
        "CREATE TRIGGER fine_case_fts_ai AFTER INSERT ON fine_case BEGIN "
        "INSERT INTO fine_case_fts(rowid, number, iin_bin, offender_name) "
        "VALUES (new.rowid, new.number, new.iin_bin, new.offender_name); END"
    )
    op.execute(
        "CREATE TRIGGER fine_case_fts_au AFTER UPDATE OF number, iin_bin, offender_name ON fine_case "
        "BEGIN INSERT INTO fine_case_fts(fine_case_fts, rowid, number, iin_bin, offender_name) "
        "VALUES ('delete', old.rowid, old.number, old.iin_bin, old.offender_name); "
        "INSERT INTO fine_case_fts(rowid, number, iin_bin, offender_name) "
        "VALUES (new.rowid, new.number, new.iin_bin, new.offender_name); END"
    )
    # Legal records are cancelled or corrected by events, never deleted; events never change.
    for table in ("fine_case", "fine_event", "fine_payment"):
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are legal records and are never deleted'); END"
        )
    for table in ("fine_event", "fine_payment"):
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are never changed'); END"
        )


def downgrade() -> None:
    for name in (
        "fine_case_fts_ai",
        "fine_case_fts_au",
        "fine_case_no_delete",
        "fine_event_no_delete",
        "fine_payment_no_delete",
        "fine_event_no_update",
        "fine_payment_no_update",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS fine_case_fts")
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("fine_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fine_payment_case_id"))

    op.drop_table("fine_payment")
    with op.batch_alter_table("fine_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fine_event_case_id"))

    op.drop_table("fine_event")
    with op.batch_alter_table("fine_case", schema=None) as batch_op:
        batch_op.drop_index("ix_fine_case_year_seq")
        batch_op.drop_index(batch_op.f("ix_fine_case_stage"))
        batch_op.drop_index(batch_op.f("ix_fine_case_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_fine_case_protocol_date"))
        batch_op.drop_index("ix_fine_case_pay_by")
        batch_op.drop_index(batch_op.f("ix_fine_case_offender_name"))
        batch_op.drop_index(batch_op.f("ix_fine_case_offence_date"))
        batch_op.drop_index(batch_op.f("ix_fine_case_in_force_date"))
        batch_op.drop_index(batch_op.f("ix_fine_case_iin_bin"))
        batch_op.drop_index(batch_op.f("ix_fine_case_decision_date"))
        batch_op.drop_index(batch_op.f("ix_fine_case_article_id"))

    op.drop_table("fine_case")
    # ### end Alembic commands ###
