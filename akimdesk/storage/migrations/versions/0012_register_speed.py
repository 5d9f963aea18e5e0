"""The fines register's "needs action today" answered by indexes: each reason a case needs a
person is a stage and a date range (or an empty field), so an index on (stage, that date) finds
the cases concerned among a whole history instead of evaluating the rule on every row; the
overdue ones, the most numerous, are counted from their index alone. A bulk write (an import)
pauses the case search's per-row trigger and indexes its rows in one statement at the end
(storage/search.py): FTS5 wrote a segment per row through the trigger, 10 times slower

Revision ID: 0012
Revises: 0010
"""

from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

# Kept in step with FineCase.__table_args__ (models/fines.py).
INDEXES = {
    "ix_fine_case_pay_by": ["stage", "pay_by", "penalty", "paid_tiyn", "amount_tiyn"],
    "ix_fine_case_stage_half_pay": ["stage", "half_pay_until"],
    "ix_fine_case_stage_in_force": ["stage", "in_force_date"],
    "ix_fine_case_stage_delivery": ["stage", "delivery_date"],
    "ix_fine_case_stage_limitation": ["stage", "limitation_date"],
    "ix_fine_case_stage_hearing": ["stage", "hearing_date"],
    "ix_fine_case_erap_missing": ["erap_number", "protocol_date", "stage"],
}


SEARCH_INSERT = (
    "INSERT INTO fine_case_fts(rowid, number, iin_bin, offender_name) "
    "VALUES (new.rowid, new.number, new.iin_bin, new.offender_name)"
)


def upgrade() -> None:
    op.drop_index("ix_fine_case_pay_by", table_name="fine_case")  # (stage, pay_by): widened
    for name, columns in INDEXES.items():
        op.create_index(name, "fine_case", columns)
    # Rows only inside a bulk write's transaction: never seen by another connection.
    op.execute("CREATE TABLE search_paused (tbl VARCHAR(40) NOT NULL PRIMARY KEY)")
    op.execute("DROP TRIGGER fine_case_fts_ai")
    op.execute(
        "CREATE TRIGGER fine_case_fts_ai AFTER INSERT ON fine_case "
        "WHEN NOT EXISTS (SELECT 1 FROM search_paused WHERE tbl = 'fine_case') "
        f"BEGIN {SEARCH_INSERT}; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER fine_case_fts_ai")
    op.execute(
        f"CREATE TRIGGER fine_case_fts_ai AFTER INSERT ON fine_case BEGIN {SEARCH_INSERT}; END"
    )
    op.execute("DROP TABLE search_paused")
    for name in INDEXES:
        op.drop_index(name, table_name="fine_case")
    op.create_index("ix_fine_case_pay_by", "fine_case", ["stage", "pay_by"])
