"""`akimdesk check` compares every legal record with what its audit trail says it must hold:
a record edited, deleted or added with an SQLite tool is named with its field, and a log cut
short at its end is found against the last row the district acknowledged."""

from __future__ import annotations

import sqlite3
from datetime import date

from sqlalchemy import func, select

from akimdesk.models import AuditEntry, FineCase, FinePayment
from akimdesk.services import check
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.sync import state
from tests.conftest import ACTOR
from tests.support.district import fill_office
from tests.test_cli import run


def sqlite_tool(db, *statements: str) -> None:  # type: ignore[no-untyped-def]
    """What someone with an SQLite tool could do, guards dropped first."""
    raw = sqlite3.connect(db.path)
    try:
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            if name.endswith(("_no_delete", "_no_update")):
                raw.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            raw.execute(statement)
        raw.commit()
    finally:
        raw.close()


def problems(db, lang: str = "ru") -> list[str]:  # type: ignore[no-untyped-def]
    return [p.render(lang) for p in check.run(db).problems]


def test_a_sound_office_passes(db):
    fill_office(db)
    assert check.run(db).ok


def test_an_edited_amount_is_named_with_its_case_and_field(db):
    made = fill_office(db)
    number = made["overdue"].number
    sqlite_tool(db, f"UPDATE fine_case SET amount_tiyn = 100 WHERE number = '{number}'")
    found = problems(db)
    assert len(found) == 1, found
    assert number in found[0] and "«Сумма»" in found[0] and "1,00" in found[0], found
    assert "86\u00a0500,00" in found[0]  # what the decision imposed, from the audit log
    kk = problems(db, "kk")[0]
    assert number in kk and "Сома" in kk


def test_a_deleted_record_and_an_added_one_are_found(db):
    made = fill_office(db)
    with db.read() as s:
        payment = s.scalars(select(FinePayment)).one()
    sqlite_tool(
        db,
        f"DELETE FROM fine_payment WHERE id = '{payment.id.hex}'",
        "INSERT INTO fine_event (id, version, case_id, seq, kind, on_date, at, author, reason, "
        f"data) VALUES ('{'ab' * 16}', 1, '{made['paid'].id.hex}', 99, 'cancelled', "
        "'2026-11-20', '2026-11-20 10:00:00', 'x', '', '{}')",
    )
    found = problems(db)
    assert len(found) == 2, found
    assert any(made["paid"].number in p and "удалена" in p for p in found), found
    assert any(made["paid"].number in p and "не в журнале" in p for p in found), found


def test_a_changed_sanction_after_a_real_correction_still_passes(db):
    """The app's own later changes are logged: only what bypassed it differs."""
    made = fill_office(db)
    case = made["overdue"]
    with db.read() as s:
        fresh = s.scalars(select(FineCase).where(FineCase.stage == "protocol")).first()
    cases.issue_decision(
        db, ACTOR, fresh.id, DecisionInput(date(2026, 11, 20), "fine", 20), date(2026, 11, 20)
    )
    assert check.run(db).ok
    sqlite_tool(db, f"UPDATE fine_case SET mrp_count = 1 WHERE number = '{case.number}'")
    assert [p for p in problems(db) if "АЕК" in p or "МРП" in p]


def test_a_log_cut_short_at_its_end_is_found(db):
    fill_office(db)
    with db.write() as s:  # what a sync keeps: the last row the district acknowledged
        last, row_hash = s.execute(
            select(AuditEntry.id, AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
        state.put(s, state.AUDIT_CURSOR, last)
        state.put(s, state.AUDIT_ACK_HASH, row_hash)
    assert check.run(db).ok
    # The last rows deleted: the chain that is left is sound, and was not enough to tell.
    sqlite_tool(db, f"DELETE FROM audit WHERE id > {last - 3}")
    found = problems(db)
    assert f"{last - 2} по {last}" in " ".join(found), found
    with db.read() as s:
        assert s.scalar(select(func.max(AuditEntry.id))) == last - 3


def test_the_check_command_exits_1_and_names_the_record(tmp_path):
    data = tmp_path / "data"
    run("demo", "--fines", "20", data_dir=data)  # demo cases have no trail of their own
    assert run("check", data_dir=data).returncode == 0
    from akimdesk.storage.database import open_database

    db = open_database(data)
    try:
        number = fill_office(db)["overdue"].number
        sqlite_tool(db, f"UPDATE fine_case SET surname = 'Басқа' WHERE number = '{number}'")
    finally:
        db.close()
    bad = run("check", data_dir=data, check=False)
    assert bad.returncode == 1 and number in bad.stderr and "Тегі" in bad.stderr, bad.stderr
