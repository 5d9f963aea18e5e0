"""Dates as a clerk types them: every date field takes a full date typed from any starting state;
a partial or impossible one is an error under the field; dates of what has happened are never in
the future; the birth date follows a corrected ИИН."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from akimdesk.services.errors import ValidationError
from akimdesk.ui.common.forms import date_edit
from tests.conftest import ACTOR, TODAY
from tests.test_ui import visible_errors

TARGET = date(2026, 11, 28)
TYPED = ["28.11.2026", "28112026", "28.11.26", "28/11/2026"]


def _start(field, state: str) -> None:
    """Puts the cursor or the selection where a person's hand left it."""
    edit = field.edit
    edit.setFocus()
    if state == "all":
        edit.selectAll()
    elif state == "home":
        edit.home(False)
    elif state == "end":
        edit.end(False)
    elif state == "day":
        edit.setSelection(0, 2)
    elif state == "month":
        edit.setSelection(3, 2)


def _type_and_leave(qtbot, field, text: str) -> None:
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)  # leaving the field finishes the typing
    field.commit()  # offscreen, Tab may not move the focus: finish as leaving the field does


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("state", ["all", "home", "end", "day", "month", "empty"])
@pytest.mark.parametrize("optional", [False, True])
def test_a_full_date_is_taken_as_typed_from_any_starting_state(qtbot, qapp, typed, state, optional):
    holder = QWidget()
    qtbot.addWidget(holder)
    field = date_edit(None if optional else date(2026, 11, 1), optional=optional)
    field.setParent(holder)
    holder.show()
    holder.activateWindow()
    if state == "empty":
        field.set_value(None)
    _start(field, state)
    _type_and_leave(qtbot, field, typed)
    assert field.value() == TARGET, (field.edit.text(), field.edit.typed)
    assert field.edit.text() == "28.11.2026"
    assert not field.error.isVisible()


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("28.11", "толық"),
        ("31.02.2026", "31.02.2026"),
        ("2811", "толық"),
        ("ab.11.2026", "цифрмен"),
    ],
)
def test_a_partial_or_impossible_date_is_an_error_under_the_field(qtbot, qapp, typed, words):
    holder = QWidget()
    qtbot.addWidget(holder)
    field = date_edit(date(2026, 11, 1))
    field.setParent(holder)
    holder.show()
    _start(field, "all")
    _type_and_leave(qtbot, field, typed)
    assert field.value() is None  # never a guess
    assert field.error.isVisible() and words in field.error.text()
    assert field.edit.text() == typed  # what was typed stays, to be corrected


def test_a_payment_keeps_the_day_typed_over_the_whole_date(qtbot, ctx, monkeypatch):
    """The payment saved as 01.11.2026: the whole text was selected and 28.11.2026 typed."""
    from akimdesk.services.fines import cases
    from akimdesk.services.fines.validation import DecisionInput
    from akimdesk.ui.fines import case_dialog
    from tests.support.fines import case_input

    today = date.today()
    data = case_input(ctx.db, 1)
    data.offence_date, data.protocol_date = today - timedelta(days=40), today - timedelta(days=39)
    case = cases.create_case(ctx.db, ACTOR, data)
    cases.issue_decision(
        ctx.db, ACTOR, case.id, DecisionInput(today - timedelta(days=30), "fine", 20)
    )
    paid_on = today - timedelta(days=3)
    dlg = case_dialog.CaseDialog(ctx, case.id)
    qtbot.addWidget(dlg)
    dlg.show()

    def fake_exec(self):  # a person fills the real dialog with the keyboard
        self.show()
        field = self.widgets["paid_on"]
        for state, text in (("all", f"{paid_on:%d.%m.%Y}"),):
            _start(field, state)
            _type_and_leave(qtbot, field, text)
        self.widgets["amount"].setValue(1000)
        self._accept()
        return self.result()

    monkeypatch.setattr(case_dialog.ActionDialog, "exec", fake_exec)
    dlg.run_action("payment")
    saved = cases.get_case(ctx.db, case.id)
    assert [p.paid_on for p in saved.payments] == [paid_on]


def test_an_unreadable_date_stops_the_save_with_the_error_under_it(qtbot, ctx):
    """An optional date typed half-way is not saved as empty: the form says so and waits."""
    from akimdesk.ui.assemblies.members_panel import MemberDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    dlg = MemberDialog(ctx, None, parent)
    dlg.show()
    dlg.full_name.setText("Сейітов Асқар")
    dlg.delegated_by.setText("Ақсу ауылының жиыны")
    _start(dlg.term_until, "all")
    _type_and_leave(qtbot, dlg.term_until, "31.04.2030")
    dlg.save()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.term_until.error.isVisible() and "31.04.2030" in dlg.term_until.error.text()
    with ctx.db.read() as s:
        from akimdesk.services.assemblies import members

        assert members.members(s) == []


def test_every_date_field_is_the_one_widget(qtbot, ctx):
    """No QDateEdit is left anywhere: each date field types the same way and has the calendar."""
    import ast
    from pathlib import Path

    for path in Path("akimdesk/ui").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        names = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "")
                 for n in ast.walk(tree) if isinstance(n, ast.Name | ast.Attribute)}  # fmt: skip
        assert not names & {"QDateEdit", "QDateTimeEdit"}, path


def test_the_calendar_button_picks_a_date(qtbot, qapp):
    from PySide6.QtWidgets import QCalendarWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    field = date_edit(None, optional=True)
    field.setParent(holder)
    holder.show()
    field.button.click()
    calendar = field._popup.findChild(QCalendarWidget)
    calendar.setSelectedDate(calendar.selectedDate().addDays(-1))
    calendar.activated.emit(calendar.selectedDate())
    assert field.value() == date.today() - timedelta(days=1)
    assert field._popup is None


# --- item 5: what has happened is never in the future ------------------------------------
def test_a_future_election_date_is_refused_and_status_comes_from_true_dates(qtbot, ctx):
    from akimdesk.services.assemblies import members
    from akimdesk.services.assemblies.validation import MemberInput
    from akimdesk.ui.assemblies.members_panel import MembersPanel

    later = date.today() + timedelta(days=30)
    with pytest.raises(ValidationError) as refused:
        members.add_member(ctx.db, ACTOR, MemberInput("Сейітов Асқар", None, "Ақсу жиыны", later))
    assert set(refused.value.errors) == {"delegated_on"}
    members.add_member(ctx.db, ACTOR, MemberInput("Сейітов Асқар", None, "Ақсу жиыны", TODAY))
    panel = MembersPanel(ctx)
    qtbot.addWidget(panel)
    status = panel.table.item(0, panel.table.columnCount() - 1).text()
    assert status == "мүше"


@pytest.mark.parametrize("where", ["contract", "movement_decision", "title", "order"])
def test_signed_documents_are_not_dated_in_the_future(db, where):
    from akimdesk.services.property import assets, campaigns, leases
    from akimdesk.services.property.validation import (
        CampaignInput,
        LeaseInput,
        MovementInput,
    )
    from tests.support.property import asset_input

    later = date.today() + timedelta(days=5)
    asset_id = None
    if where != "order":
        data = asset_input()
        if where == "title":
            data.title_status, data.title_number, data.title_date = "registered", "123", later
            with pytest.raises(ValidationError) as refused:
                assets.create_asset(db, ACTOR, data)
            assert "title_date" in refused.value.errors
            return
        number = assets.create_asset(db, ACTOR, data)
        with db.read() as s:
            from akimdesk.services.property import queries

            asset_id = next(r.id for r in queries.load_register(s, date.today())
                            if r.inventory_number == number)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        if where == "contract":
            leases.add_lease(db, ACTOR, asset_id, LeaseInput(
                "«Береке» ЖШС", "080140000255", "12", later, date.today(),
                date.today() + timedelta(days=300), "10000"))  # fmt: skip
        elif where == "movement_decision":
            assets.move(db, ACTOR, asset_id, MovementInput(
                "written_off", date.today(), "7", later, "", "тозған"))  # fmt: skip
        else:
            campaigns.start_campaign(db, ACTOR, CampaignInput(
                "5", later, later, None, [{"name": "А", "chair": True}, {"name": "Б"}]))  # fmt: skip
    field = {"contract": "contract_date", "movement_decision": "decision_date",
             "order": "order_date"}[where]  # fmt: skip
    assert field in refused.value.errors


# --- item 6: the birth date follows the ИИН ----------------------------------------------------
def test_a_corrected_iin_brings_its_own_birth_date(qtbot, ctx):
    from akimdesk.domain.identity import make_iin
    from akimdesk.ui.fines.case_dialog import CaseDialog

    wrong = next(x for k in range(50) if (x := make_iin(date(1979, 4, 5), True, 4300 + k)))
    right = next(x for k in range(50) if (x := make_iin(date(1981, 6, 7), True, 4300 + k)))
    dlg = CaseDialog(ctx, None)
    qtbot.addWidget(dlg)
    dlg.show()
    f = dlg.form
    for iin, born in ((wrong, date(1979, 4, 5)), (right, date(1981, 6, 7))):
        f.iin_bin.setFocus()
        f.iin_bin.selectAll()
        qtbot.keyClicks(f.iin_bin, iin)
        f.iin_bin.editingFinished.emit()
        assert f.birth_date.value() == born
    f.offence_date.set_value(date.today() - timedelta(days=3))
    f.protocol_date.set_value(date.today() - timedelta(days=2))
    f.description.setPlainText("Қоқыс")
    f.article_id.setCurrentIndex(f.article_id.findText("505-1", Qt.MatchFlag.MatchStartsWith))
    f.surname.setText("Нұрланов")
    f.first_name.setText("Асқар")
    f.protocol_author.setText("Маман")
    dlg.save()
    assert visible_errors(dlg) == {}
    assert dlg.case is not None and dlg.case.birth_date == date(1981, 6, 7)
    # A birth date the clerk typed herself stays for the check, whatever the ИИН.
    f.birth_date.set_value(date(1981, 6, 8))
    f.iin_bin.setText(wrong)
    f.iin_bin.editingFinished.emit()
    assert f.birth_date.value() == date(1981, 6, 8)
