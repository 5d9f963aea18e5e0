"""The meeting's follow-up on screen: publication and the akim's consideration recorded through
their dialogs, the meetings list filtered by what needs action, the list of what is missing for a
bilingual printout. Screenshots in both languages go to $AKIMDESK_SHOTS when set."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QMessageBox

from akimdesk.models import Meeting
from akimdesk.services.assemblies import meetings
from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog
from akimdesk.ui.assemblies.screen import AssembliesScreen
from akimdesk.ui.common import action_dialog
from tests.conftest import ACTOR, TODAY
from tests.support.assemblies import make_meeting, make_members
from tests.support.shots import shot
from tests.test_minutes_papers import three_kinds


def _answer(monkeypatch, values: dict) -> None:  # type: ignore[type-arg]
    """The next ActionDialog is filled with `values` and accepted."""

    def fill_and_accept(self):  # type: ignore[no-untyped-def]
        for name, value in values.items():
            w = self.widgets[name]
            if hasattr(w, "setPlainText"):
                w.setPlainText(value)
            elif hasattr(w, "findData"):
                w.setCurrentIndex(w.findData(value))
            elif hasattr(w, "set_value"):  # the date field
                w.set_value(value)
            else:
                w.setText(value)
        self._accept()
        return self.result()

    monkeypatch.setattr(action_dialog.ActionDialog, "exec", fill_and_accept)


def test_follow_up_on_screen_and_the_needs_action_filter(qtbot, ctx, monkeypatch):
    mid, _ = three_kinds(ctx.db)
    meetings.sign(ctx.db, ACTOR, mid, today=TODAY)
    with ctx.db.write() as s:  # signed long enough ago for both to be late
        s.get(Meeting, mid).signed_at = datetime(2026, 10, 1, 12)
    make_meeting(
        ctx.db, ACTOR, [], items=1, kind="gathering", residents_entitled=300, residents_present=200
    )  # a draft: nothing follows it yet
    screen = AssembliesScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 740)
    screen.show()
    panel = screen.meetings
    assert panel.model.rowCount() == 2
    panel.needs_action.setChecked(True)
    assert panel.model.rowCount() == 1
    assert panel.model.data(panel.model.index(0, 8)) == "жариялау, әкімнің қарауы"
    shot(screen, "meetings-needs-action-kk")

    dialog = MeetingDialog(ctx, mid, None)
    qtbot.addWidget(dialog)
    dialog.resize(1180, 800)
    dialog.show()
    dialog.tabs.setCurrentIndex(3)
    tab = dialog.follow_up
    assert "Мерзімі өтті" in tab.published.text() and tab.decisions.rowCount() == 1
    _answer(monkeypatch, {"published_on": date(2026, 10, 5), "channel": "notice_board",
                          "place": "Әкімдік ғимаратының хабарландыру тақтасы"})  # fmt: skip
    tab.record_publication()
    assert "Хабарландыру тақтасы" in tab.published.text()
    _answer(monkeypatch, {"considered_on": date(2026, 10, 6), "result": "accepted",
                          "text": "Бюджет жобасы аудандық мәслихатқа жіберілді."})  # fmt: skip
    tab.record_consideration()
    assert tab.decisions.item(0, 3).text() == "Бюджет жобасы аудандық мәслихатқа жіберілді."
    assert dialog.print_actions["extract"].isEnabled()  # an item was adopted
    shot(dialog, "meeting-follow-up-kk")
    ctx.language.apply("ru")
    assert dialog.tabs.tabText(3) == "Опубликование и рассмотрение"
    assert "Опубликован 05.10.2026: Доска объявлений" in tab.published.text()
    shot(dialog, "meeting-follow-up-ru")
    dialog.accept()
    panel.reload()
    assert panel.model.rowCount() == 0  # nothing late any more


def test_the_dialog_lists_what_a_bilingual_printout_lacks(qtbot, ctx, monkeypatch):
    ids = make_members(ctx.db, ACTOR, 10)
    mid, _ = make_meeting(ctx.db, ACTOR, ids, present=8, items=1)
    dialog = MeetingDialog(ctx, mid, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.missing.isVisible()
    assert "Өткізілген орны; Шақырған; Шақырылғандар" in dialog.missing.text()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.No)  # fmt: skip
    dialog.sign()
    assert "Екі тілде басып шығару үшін" in asked[0] and "Өткізілген орны" in asked[0]
    dialog.details.texts["place_other"].setText("село Аксу, дом культуры")
    dialog.details.texts["convened_by_other"].setText("Аким сельского округа")
    dialog.details.texts["invited_other"].setPlainText(
        "Серикбаев Ерлан Кайратулы, аким сельского округа\nДепутат районного маслихата Ли Виктор"
    )
    assert dialog.save()
    assert "Өткізілген орны" not in dialog.missing.text()
    shot(dialog, "meeting-missing-kk")
