"""The case search folds Kazakh letters to the Russian ones typed for them on a Russian keyboard
(ә→а, ғ→г, қ→к, ң→н, ө→о, ұ→у, ү→у, һ→х, і→и, and ё→е), so «Жумабаев» finds «Жұмабаев» and the
other way round, and indexes a case number's serial part without its zeros («253» finds
«2026-00253»). The index keeps its own folded copy of the three columns (it read them from
fine_case before); the triggers fold in plain SQL, so any tool that writes the file keeps it
right. Kept as it ran: the app's current expressions are in storage/search.py.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

FOLDS = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
         "і": "и", "ё": "е"}  # fmt: skip


def _fold(column: str) -> str:
    expr = column
    for k, v in FOLDS.items():
        expr = f"replace(replace({expr}, '{k}', '{v}'), '{k.upper()}', '{v.upper()}')"
    return expr


def _values(row: str) -> str:
    serial = f"substr({row}number, instr({row}number, '-') + 1)"
    return (
        f"{row}number || ' ' || ltrim({serial}, '0'), {row}iin_bin, {_fold(row + 'offender_name')}"
    )


COLUMNS = "rowid, number, iin_bin, offender_name"
PAUSED = "NOT EXISTS (SELECT 1 FROM search_paused WHERE tbl = 'fine_case')"


def upgrade() -> None:
    op.execute("DROP TRIGGER fine_case_fts_ai")
    op.execute("DROP TRIGGER fine_case_fts_au")
    op.execute("DROP TABLE fine_case_fts")
    op.execute(
        "CREATE VIRTUAL TABLE fine_case_fts USING fts5(number, iin_bin, offender_name, "
        "tokenize='unicode61 remove_diacritics 0')"
    )
    op.execute(
        f"CREATE TRIGGER fine_case_fts_ai AFTER INSERT ON fine_case WHEN {PAUSED} BEGIN "
        f"INSERT INTO fine_case_fts({COLUMNS}) VALUES (new.rowid, {_values('new.')}); END"
    )
    op.execute(
        "CREATE TRIGGER fine_case_fts_au AFTER UPDATE OF number, iin_bin, offender_name "
        "ON fine_case BEGIN DELETE FROM fine_case_fts WHERE rowid = old.rowid; "
        f"INSERT INTO fine_case_fts({COLUMNS}) VALUES (new.rowid, {_values('new.')}); END"
    )
    op.execute(f"INSERT INTO fine_case_fts({COLUMNS}) SELECT rowid, {_values('')} FROM fine_case")


def downgrade() -> None:
    op.execute("DROP TRIGGER fine_case_fts_ai")
    op.execute("DROP TRIGGER fine_case_fts_au")
    op.execute("DROP TABLE fine_case_fts")
    op.execute(
        "CREATE VIRTUAL TABLE fine_case_fts USING fts5(number, iin_bin, offender_name, "
        "content='fine_case', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')"
    )
    plain = "new.rowid, new.number, new.iin_bin, new.offender_name"
    op.execute(
        f"CREATE TRIGGER fine_case_fts_ai AFTER INSERT ON fine_case WHEN {PAUSED} BEGIN "
        f"INSERT INTO fine_case_fts({COLUMNS}) VALUES ({plain}); END"
    )
    op.execute(
        "CREATE TRIGGER fine_case_fts_au AFTER UPDATE OF number, iin_bin, offender_name "
        "ON fine_case BEGIN INSERT INTO fine_case_fts(fine_case_fts, rowid, number, iin_bin, "
        "offender_name) VALUES ('delete', old.rowid, old.number, old.iin_bin, old.offender_name); "
        f"INSERT INTO fine_case_fts({COLUMNS}) VALUES ({plain}); END"
    )
    op.execute("INSERT INTO fine_case_fts(fine_case_fts) VALUES ('rebuild')")
