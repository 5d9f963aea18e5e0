"""The fines register's "needs action today" answered by indexes: each reason a case needs a
person is a stage and a date range (or an empty field), so an index on (stage, that date) finds
the cases concerned among a whole history instead of evaluating the rule on every row; the
overdue ones, the most numerous, are counted from their index alone

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


def upgrade() -> None:
    op.drop_index("ix_fine_case_pay_by", table_name="fine_case")  # (stage, pay_by): widened
    for name, columns in INDEXES.items():
        op.create_index(name, "fine_case", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="fine_case")
    op.create_index("ix_fine_case_pay_by", "fine_case", ["stage", "pay_by"])
