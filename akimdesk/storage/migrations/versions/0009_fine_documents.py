"""Fine documents: officials, the protocol's and decision's missing facts, delivery records,
ЕРАП, enforcement outcome; articles that need a prior penalty and their КБК; holidays per year
and payment requisites as reference data

Revision ID: 0009
Revises: 0007
"""

import json
import uuid
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0011"
branch_labels = None
depends_on = None

# Copies of domain.catalog at this revision: a migration must not change when the code does.
NAMESPACE = uuid.UUID("6f1c2b1e-7d0a-4c55-9a51-0a4b1d2c3e4f")
CODE_IN_FORCE = "2015-01-01"
ARTICLES = [("505", "1"), ("505", "2"), ("408", "1"), ("408", "2"), ("204", "1"), ("204", "2"),
            ("434-2", "")]  # fmt: skip
REPEAT_PARTS = {("505", "2"), ("204", "2")}
FINES_KBK = "204101"
STATE = ["01-01", "01-02", "03-08", "03-21", "03-22", "03-23", "05-01", "05-07", "05-09",
         "07-06", "08-30", "10-25", "12-16"]  # fmt: skip
YEARS = {
    2025: ("2025-06-06", ["2025-01-03"], ["2025-01-05"]),
    2026: ("2026-05-27", [], []),
}


def _ref_id(dataset: str, *key: object) -> str:
    text = "|".join([dataset, *(str(k).strip().casefold() for k in key)])
    return uuid.uuid5(NAMESPACE, text).hex


def _year_row(year: int, kurban: str, days_off: list[str], workdays: list[str]) -> dict:
    holidays = {f"{year}-{md}" for md in [*STATE, "01-07"]} | {kurban}
    off = set()
    taken = {date.fromisoformat(d) for d in holidays}
    for md in STATE:
        day = date.fromisoformat(f"{year}-{md}")
        if day.weekday() < 5:
            continue
        nxt = day + timedelta(days=1)
        while nxt.weekday() >= 5 or nxt in taken:
            nxt += timedelta(days=1)
        taken.add(nxt)
        off.add(nxt.isoformat())
    return {
        "id": _ref_id("holiday", year), "ref_version": 0, "year": year,
        "holidays": json.dumps(sorted(holidays)),
        "days_off": json.dumps(sorted((off | set(days_off)) - holidays)),
        "workdays": json.dumps(sorted(workdays)), "kurban_ait": kurban,
    }  # fmt: skip


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "official",
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("position_kk", sa.String(length=300), nullable=False),
        sa.Column("position_ru", sa.String(length=300), nullable=False),
        sa.Column("is_akim", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official")),
    )
    op.create_table(
        "fine_delivery",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("document", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fine_case.id"], name=op.f("fk_fine_delivery_case_id_fine_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fine_delivery")),
    )
    op.create_index(op.f("ix_fine_delivery_case_id"), "fine_delivery", ["case_id"])
    # A delivery record is evidence: never rewritten or removed (as the case events).
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER fine_delivery_no_{verb.lower()} BEFORE {verb} ON fine_delivery "
            "BEGIN SELECT RAISE(ABORT, 'fine_delivery rows are never changed'); END"
        )

    # Plain ADD COLUMN: a batch rebuild of fine_case would drop its full-text triggers.
    texts = {
        "id_doc_kind": 20, "id_doc_number": 40, "id_doc_issuer": 200, "workplace": 300,
        "representative_position": 200, "representative_authority": 300, "protocol_time": 5,
        "protocol_place": 300, "interpreter": 200, "hearing_time": 5, "hearing_place": 300,
        "erap_number": 40, "decision_place": 300, "enforcement_to": 300,
        "enforcement_letter_no": 40, "enforcement_result": 10,
    }  # fmt: skip
    for name, length in texts.items():
        op.add_column("fine_case", _text(name, length))
    op.add_column("fine_case", sa.Column("language", sa.String(2), nullable=False,
                                         server_default="kk"))  # fmt: skip
    for name in ("circumstances", "evidence", "mitigating", "aggravating"):
        op.add_column("fine_case", sa.Column(name, sa.Text(), nullable=False, server_default=""))
    for name in ("id_doc_date", "hearing_date", "erap_date", "enforcement_result_date"):
        op.add_column("fine_case", sa.Column(name, sa.Date(), nullable=True))
    op.add_column("fine_case", sa.Column("prior_case_id", sa.Uuid(), nullable=True))
    op.add_column("fine_case", sa.Column("offender_present", sa.Boolean(), nullable=False,
                                         server_default=sa.true()))  # fmt: skip
    op.add_column("fine_case", sa.Column("recovered_tiyn", sa.Integer(), nullable=False,
                                         server_default="0"))  # fmt: skip
    for name in ("author_id", "decided_by_id"):
        op.execute(f"ALTER TABLE fine_case ADD COLUMN {name} CHAR(32) REFERENCES official (id)")
    # Existing cases were printed in the office's language: keep it as theirs.
    op.execute(
        "UPDATE fine_case SET language = COALESCE((SELECT json_extract(value, '$') FROM setting "
        "WHERE key = 'ui.language'), 'kk')"
    )

    op.add_column("offence_article", sa.Column("needs_prior", sa.Boolean(), nullable=False,
                                               server_default=sa.false()))  # fmt: skip
    op.add_column("offence_article", _text("kbk", 6))
    # The catalog's articles, whoever confirmed them: no district could have set these yet.
    for article, part in ARTICLES:
        aid = _ref_id("article", article, part, CODE_IN_FORCE)
        op.execute(
            sa.text(
                "UPDATE offence_article SET needs_prior = :prior, kbk = :kbk WHERE id = :id"
            ).bindparams(prior=(article, part) in REPEAT_PARTS, kbk=FINES_KBK, id=aid)
        )

    holidays = op.create_table(
        "holiday_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("days_off", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("kurban_ait", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_year")),
        sa.UniqueConstraint("year", name=op.f("uq_holiday_year_year")),
    )
    for year, (kurban, off, work) in YEARS.items():
        row = _year_row(year, kurban, off, work)
        op.execute(
            sa.text(
                "INSERT INTO holiday_year (id, ref_version, year, holidays, days_off, workdays, "
                "kurban_ait) VALUES (:id, :ref_version, :year, :holidays, :days_off, :workdays, "
                ":kurban_ait)"
            ).bindparams(**row)
        )
    del holidays
    op.create_table(
        "payment_requisites",
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("beneficiary_kk", sa.String(length=300), nullable=False),
        sa.Column("beneficiary_ru", sa.String(length=300), nullable=False),
        sa.Column("beneficiary_bin", sa.String(length=12), nullable=False),
        sa.Column("iik", sa.String(length=20), nullable=False),
        sa.Column("bik", sa.String(length=11), nullable=False),
        sa.Column("bank_kk", sa.String(length=300), nullable=False),
        sa.Column("bank_ru", sa.String(length=300), nullable=False),
        sa.Column("kbe", sa.String(length=2), nullable=False),
        sa.Column("knp", sa.String(length=3), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_requisites")),
    )


def downgrade() -> None:
    op.drop_table("payment_requisites")
    op.drop_table("holiday_year")
    with op.batch_alter_table("offence_article") as batch:
        batch.drop_column("kbk")
        batch.drop_column("needs_prior")
    op.drop_table("fine_delivery")
    for column in (
        "author_id", "decided_by_id", "recovered_tiyn", "offender_present", "prior_case_id",
        "id_doc_date", "hearing_date", "erap_date", "enforcement_result_date", "circumstances",
        "evidence", "mitigating", "aggravating", "language", "id_doc_kind", "id_doc_number",
        "id_doc_issuer", "workplace", "representative_position", "representative_authority",
        "protocol_time", "protocol_place", "interpreter", "hearing_time", "hearing_place",
        "erap_number", "decision_place", "enforcement_to", "enforcement_letter_no",
        "enforcement_result",
    ):  # fmt: skip
        op.execute(f"ALTER TABLE fine_case DROP COLUMN {column}")
    op.drop_table("official")
