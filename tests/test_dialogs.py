"""Dialogs keep the clerk's work: closing with changes asks Save / Discard / Cancel (Esc too), the
live vote outcome follows the save's rule, and every button keeps its own words when the
language changes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from akimdesk.i18n import translator
from akimdesk.services.assemblies import queries
from akimdesk.ui.common import dialogs
from tests.conftest import ACTOR
from tests.support.assemblies import make_meeting, make_members

QUESTIONS: list[str] = []  # the words of each question asked, in the fixture's order


@pytest.fixture
def asked(monkeypatch):
    """The question is answered with the next of `answers`; each question is noted."""
    answers: list[str] = []
    seen: list[str] = []

    def ask(_parent, question="Save the changes before closing?"):  # type: ignore[no-untyped-def]
        seen.append(answers[0] if answers else "none")
        QUESTIONS.append(question)
        return answers.pop(0) if answers else "cancel"

    QUESTIONS.clear()

    monkeypatch.setattr(dialogs, "ask_unsaved", ask)
    return answers, seen


def _meeting(ctx, qtbot):  # type: ignore[no-untyped-def]
    from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog

    ids = make_members(ctx.db, ACTOR, 10)
    meeting_id, _ref = make_meeting(ctx.db, ACTOR, ids, present=10, meeting_date=date.today())
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = MeetingDialog(ctx, meeting_id, parent)
    dialog.keep_parent = parent  # the test's own reference: the parent owns the dialog
    dialog.show()
    return dialog, meeting_id


# --- item 7: nothing typed is dropped unasked -------------------------------------------------
def test_esc_on_a_changed_meeting_asks_and_cancel_keeps_it_open(qtbot, ctx, asked):
    answers, seen = asked
    dialog, meeting_id = _meeting(ctx, qtbot)
    dialog.details.texts["place"].setText("Көктал ауылы, мектеп")
    answers.append("cancel")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["cancel"] and dialog.isVisible()
    assert (
        dialog.details.texts["place"].text() == "Көктал ауылы, мектеп"
    )  # the changed place is still there
    answers.append("save")
    dialog.buttons["close"].click()
    assert not dialog.isVisible()
    assert queries.load(ctx.db, meeting_id).meeting.place == "Көктал ауылы, мектеп"


def test_discard_closes_without_saving(qtbot, ctx, asked):
    answers, seen = asked
    dialog, meeting_id = _meeting(ctx, qtbot)
    before = queries.load(ctx.db, meeting_id).meeting.place
    dialog.details.texts["place"].setText("Көктал ауылы, мектеп")
    answers.append("discard")
    dialog.close()  # the window's ×
    assert seen == ["discard"] and not dialog.isVisible()
    assert queries.load(ctx.db, meeting_id).meeting.place == before


def test_an_unchanged_dialog_closes_without_a_question(qtbot, ctx, asked):
    _answers, seen = asked
    dialog, _meeting_id = _meeting(ctx, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == [] and not dialog.isVisible()


@pytest.mark.parametrize("which", ["case", "new-case", "asset", "new-asset", "new-meeting",
                                   "member", "setup"])  # fmt: skip
def test_no_question_when_nothing_was_typed(qtbot, ctx, asked, which):
    """Opening and closing a record asks nothing: the form's own filling (suggested МРП, the
    article list, today's date) is not an edit."""
    from akimdesk.services.fines import cases
    from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog
    from akimdesk.ui.assemblies.members_panel import MemberDialog
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.property.asset_dialog import AssetDialog
    from akimdesk.ui.setup_dialog import SetupDialog
    from tests.support.fines import case_input
    from tests.support.property import make_assets

    _answers, seen = asked
    parent = QWidget()
    qtbot.addWidget(parent)
    if which == "case":
        dialog = CaseDialog(ctx, cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 1)).id)
    elif which == "new-case":
        dialog = CaseDialog(ctx, None)
    elif which in ("asset", "new-asset"):
        from akimdesk.services.property import queries

        make_assets(ctx.db, 1)
        with ctx.db.read() as s:
            asset = queries.load_register(s, date.today())[0].id if which == "asset" else None
        dialog = AssetDialog(ctx, asset, parent)
    elif which == "new-meeting":
        dialog = MeetingDialog(ctx, None, parent)
    elif which == "member":
        member = make_members(ctx.db, ACTOR, 1)[0]
        dialog = MemberDialog(ctx, member, parent)
    else:
        dialog = SetupDialog(ctx)
    if dialog.parentWidget() is None:
        qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == [] and not dialog.isVisible()


def _typed_decision(ctx, qtbot, row: int, text: str):  # type: ignore[no-untyped-def]
    """The meeting open on its agenda, item `row` chosen and its decision typed, not saved."""
    dialog, meeting_id = _meeting(ctx, qtbot)
    dialog.tabs.setCurrentIndex(2)
    dialog.agenda.items.setCurrentRow(row)
    dialog.editor.decision_kk.setPlainText(text)
    return dialog, meeting_id


def _saved_decision(ctx, meeting_id, row: int) -> str:  # type: ignore[no-untyped-def]
    return queries.load(ctx.db, meeting_id).items[row][0].decision_kk


def test_an_agenda_item_typed_and_not_saved_is_asked_about(qtbot, ctx, asked):
    answers, seen = asked
    dialog, meeting_id = _typed_decision(ctx, qtbot, 0, "Бюджет жобасы ескертпелермен келісілсін.")
    answers.append("save")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["save"] and not dialog.isVisible()
    assert _saved_decision(ctx, meeting_id, 0) == "Бюджет жобасы ескертпелермен келісілсін."


# --- across the meeting's tabs: each save keeps what is typed elsewhere ----------------------
def test_saving_an_item_keeps_what_is_typed_on_the_meeting_tab(qtbot, ctx, asked):
    """ "Save item" read the whole meeting again: a place typed on the Meeting tab went back to
    the saved one, and closing then asked nothing."""
    answers, seen = asked
    dialog, meeting_id = _typed_decision(ctx, qtbot, 0, "Бюджет жобасы келісілсін.")
    place = dialog.details.texts["place"]
    place.setText("Көктал ауылы, мектеп")
    dialog.editor.save_button.click()
    assert _saved_decision(ctx, meeting_id, 0) == "Бюджет жобасы келісілсін."
    assert place.text() == "Көктал ауылы, мектеп"
    answers.append("save")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["save"] and not dialog.isVisible()
    assert queries.load(ctx.db, meeting_id).meeting.place == "Көктал ауылы, мектеп"


def test_the_meetings_save_keeps_the_item_typed_too(qtbot, ctx, asked):
    """The dialog's Save read the items again and dropped the decision typed in the editor."""
    _answers, seen = asked
    dialog, meeting_id = _typed_decision(ctx, qtbot, 1, "Жайылым кестесі бекітілсін.")
    dialog.buttons["save"].click()
    assert _saved_decision(ctx, meeting_id, 1) == "Жайылым кестесі бекітілсін."
    assert dialog.editor.decision_kk.toPlainText() == "Жайылым кестесі бекітілсін."
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == [] and not dialog.isVisible()


def test_choosing_another_item_asks_about_the_one_typed(qtbot, ctx, asked):
    """Another item, or a new one, took the editor and the typed decision was gone unasked."""
    answers, seen = asked
    dialog, meeting_id = _typed_decision(ctx, qtbot, 0, "Бюджет жобасы ескертпелермен келісілсін.")
    items, editor, agenda = dialog.agenda.items, dialog.editor, dialog.agenda
    first = agenda.item_id
    answers.append("cancel")
    items.setCurrentRow(1)
    assert seen == ["cancel"] and items.currentRow() == 0 and agenda.item_id == first
    assert QUESTIONS == ["Save the changes to this agenda item first?"]  # nothing is closing
    assert editor.decision_kk.toPlainText() == "Бюджет жобасы ескертпелермен келісілсін."
    answers.append("save")
    items.setCurrentRow(1)
    assert seen == ["cancel", "save"] and agenda.item_id != first
    saved = queries.load(ctx.db, meeting_id).items
    assert saved[0][0].decision_kk == "Бюджет жобасы ескертпелермен келісілсін."
    assert editor.decision_kk.toPlainText() == saved[1][0].decision_kk
    # Once the click is over, the list reads the items again, the second still chosen.
    qtbot.waitUntil(lambda: agenda.rows[0][0].decision_kk == saved[0][0].decision_kk)
    assert items.currentRow() == 1 and not dialog.is_dirty()
    editor.decision_kk.setPlainText("Тасталатын мәтін.")
    answers.append("discard")
    agenda.buttons["new"].click()
    assert seen[-1] == "discard" and agenda.item_id is None
    assert editor.decision_kk.toPlainText() == "" and not dialog.is_dirty()
    assert _saved_decision(ctx, meeting_id, 1) == saved[1][0].decision_kk


def test_publication_and_consideration_are_saved_by_their_own_dialogs(qtbot, ctx, asked,
                                                                      monkeypatch):  # fmt: skip
    """They are not the meeting's unsaved edits: each is recorded at once through its own
    dialog (which asks on its own before losing what is typed there), so closing the signed
    meeting afterwards has nothing to ask."""
    from akimdesk.services.assemblies import meetings
    from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog
    from akimdesk.ui.common import action_dialog

    _answers, seen = asked
    ids = make_members(ctx.db, ACTOR, 10)
    meeting_id, _ref = make_meeting(ctx.db, ACTOR, ids, present=10, meeting_date=date.today())
    meetings.sign(ctx.db, ACTOR, meeting_id)
    values = {"channel": "notice_board", "place": "Әкімдік ғимаратының хабарландыру тақтасы",
              "result": "accepted", "text": "Бюджет жобасы аудандық мәслихатқа жіберілді."}  # fmt: skip

    def fill_and_accept(self):  # type: ignore[no-untyped-def]
        for name, value in values.items():
            w = self.widgets.get(name)
            if hasattr(w, "findData"):
                w.setCurrentIndex(w.findData(value))
            elif hasattr(w, "setPlainText"):
                w.setPlainText(value)
            elif w is not None:
                w.setText(value)
        self._accept()
        return self.result()

    monkeypatch.setattr(action_dialog.ActionDialog, "exec", fill_and_accept)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = MeetingDialog(ctx, meeting_id, parent)
    dialog.show()
    dialog.tabs.setCurrentIndex(3)
    dialog.follow_up.record_publication()
    dialog.follow_up.record_consideration()
    view = queries.load(ctx.db, meeting_id)
    assert view.meeting.published_channel == "notice_board"
    assert view.items[0][0].consideration == "Бюджет жобасы аудандық мәслихатқа жіберілді."
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == [] and not dialog.isVisible()


def test_a_refused_save_keeps_the_dialog_open_with_the_refusal(qtbot, ctx, asked):
    from tests.test_ui import visible_errors

    answers, _seen = asked
    dialog, _meeting_id = _meeting(ctx, qtbot)
    dialog.details.start_time.setText("25:70")
    answers.append("save")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "start_time" in visible_errors(dialog)


def test_a_case_and_a_step_dialog_ask_too(qtbot, ctx, asked, monkeypatch):
    from akimdesk.services.fines import cases
    from akimdesk.ui.fines import case_dialog
    from tests.support.fines import case_input

    answers, seen = asked
    case = cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 1))
    dialog = case_dialog.CaseDialog(ctx, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.phone.setText("+7 701 555 1234")
    answers.append("save")
    dialog.close_button.click()
    assert seen == ["save"] and cases.get_case(ctx.db, case.id).phone == "+7 701 555 1234"

    steps = []

    def esc_after_typing(self):  # type: ignore[no-untyped-def]
        self.show()
        self.widgets["reason"].setPlainText("Құқық бұзушы қайтыс болды")
        answers.append("cancel")
        qtbot.keyClick(self, Qt.Key.Key_Escape)
        steps.append(self.isVisible())
        self.done(0)
        return 0

    monkeypatch.setattr(case_dialog.ActionDialog, "exec", esc_after_typing)
    dialog.show()
    dialog.run_action("cancel")
    assert steps == [True] and seen[-1] == "cancel"


# --- item 4: the live outcome is the save's outcome ------------------------------------------
def test_votes_above_those_present_never_show_adopted(qtbot, ctx):
    from tests.test_ui import visible_errors

    dialog, _meeting_id = _meeting(ctx, qtbot)
    dialog.tabs.setCurrentIndex(2)
    dialog.agenda.items.setCurrentRow(0)
    ed = dialog.editor
    assert dialog.current_quorum().present == 10
    ed.voted.setChecked(True)
    ed.votes["votes_for"].setValue(8)
    ed.votes["votes_against"].setValue(5)
    live = ed.outcome.text()
    assert "Қабылданды" not in live and "13" in live and "10" in live
    assert "#b00020" in ed.outcome.styleSheet()
    dialog.agenda.save_item()
    assert visible_errors(ed)["votes_for"] == live  # the same words as the refusal
    ed.votes["votes_against"].setValue(2)
    assert "Қабылданды" in ed.outcome.text()


# --- item 10: buttons keep their own words ------------------------------------------------
def _switch(ctx, lang: str) -> None:  # type: ignore[no-untyped-def]
    ctx.language.apply(lang)
    QApplication.processEvents()  # Qt's LanguageChange arrives after our own signal


def _texts(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    return [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]


def test_buttons_keep_their_words_after_the_language_changes(qtbot, ctx):
    """ "Сақтау" and "Кіру" became "OK", "Шығу" became "Отмена": Qt put its own words back on
    its standard buttons when the language changed."""
    from akimdesk.ui.accounts.dialogs import LoginDialog
    from akimdesk.ui.setup_dialog import SetupDialog

    ru, kk = translator("ru"), translator("kk")
    setup = SetupDialog(ctx)
    login = LoginDialog(ctx.db, ctx.language)
    for dialog in (setup, login):
        qtbot.addWidget(dialog)
        dialog.show()
    expected = {
        setup: ("Save", "Cancel"),
        login: ("Sign in", "Exit"),
    }
    for lang, t in (("ru", ru), ("kk", kk), ("ru", ru)):
        _switch(ctx, lang)
        for dialog, words in expected.items():
            assert sorted(_texts(dialog.buttons)) == sorted(t(w) for w in words), lang
    _switch(ctx, "kk")


def test_no_dialog_of_the_app_uses_qts_standard_buttons():
    """Standard buttons are what Qt renames on a language change; the app's dialogs add their
    own (common/dialogs.dialog_buttons)."""
    from pathlib import Path

    for path in Path("akimdesk/ui").rglob("*.py"):
        source = path.read_text("utf-8")
        assert "StandardButton.Ok" not in source and "StandardButton.Cancel" not in source, path


def test_a_choice_opens_on_its_recorded_value_even_a_false_one(qtbot):
    """The officials' yes/no choices were listed in another order to open on the recorded one;
    the dialog itself now opens every choice on its default (False and 0 included)."""
    from akimdesk.i18n import N_
    from akimdesk.ui.common.action_dialog import ActionDialog, Field

    parent = QWidget()
    qtbot.addWidget(parent)
    yes_no = [(N_("yes"), True), (N_("no"), False)]
    fields = [Field("a", N_("Akim"), "choice", choices=yes_no, default=False),
              Field("b", N_("Akim"), "choice", choices=yes_no, default=True),
              Field("c", N_("Akim"), "choice", choices=yes_no)]  # fmt: skip
    dialog = ActionDialog(parent, "", fields, lambda _v: None)
    assert dialog.values() == {"a": False, "b": True, "c": True}
