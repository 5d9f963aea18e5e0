"""The assemblies screens with real widgets: the list, a meeting with live quorum, refusals next
to the field, signing, read-only signed minutes, addenda, members. Screenshots in both languages
go to $AKIMDESK_SHOTS when set."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from akimdesk.services.assemblies import queries
from akimdesk.services.assemblies.demo import generate_meetings
from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog
from akimdesk.ui.assemblies.screen import AssembliesScreen
from tests.conftest import ACTOR, TODAY
from tests.support.assemblies import make_meeting, make_members
from tests.support.shots import shot
from tests.test_ui import visible_errors


@pytest.fixture
def yes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def test_meetings_list_and_members(qtbot, ctx):
    generate_meetings(ctx.db, ACTOR, 120, today=TODAY)
    screen = AssembliesScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1180, 760)
    screen.show()
    panel = screen.meetings
    assert panel.model.rowCount() == 120
    assert panel.model.headerData(5, Qt.Orientation.Horizontal) == "Кворум"
    panel.kind.setCurrentIndex(panel.kind.findData("assembly"))
    assert 0 < panel.model.rowCount() < 120
    assert all(panel.model.data(panel.model.index(r, 2)) == "Жергілікті қоғамдастық жиналысы"
               for r in range(panel.model.rowCount()))  # fmt: skip
    shot(screen, "assemblies-list-kk")
    screen.tabs.setCurrentIndex(1)
    members = screen.members
    assert members.table.rowCount() == 10
    assert "10" in members.summary.text()
    shot(screen, "assemblies-members-kk")
    ctx.language.apply("ru")
    assert screen.tabs.tabText(1) == "Члены собрания"
    assert members.buttons["add"].text() == "Добавить члена"


def test_meeting_dialog_live_quorum_errors_sign_and_addendum(qtbot, ctx, yes, monkeypatch):
    make_members(ctx.db, ACTOR, 10)
    dialog = MeetingDialog(ctx, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    # A new meeting: typed input survives a refusal, errors sit next to the fields
    dialog.details.meeting_date.set_value(dialog.details.meeting_date.value() - timedelta(days=3))
    dialog.details.start_time.setText("25:70")
    dialog.details.chair.setCurrentText("Сейітов Асқар")
    assert dialog.attendance.attendance.count() == 10
    dialog.attendance.mark_all(True)
    for i in range(3):
        dialog.attendance.attendance.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert "7" in dialog.quorum_label.text() and "10" in dialog.quorum_label.text()
    assert "кворум бар" in dialog.quorum_label.text()
    for i in range(3, 6):
        dialog.attendance.attendance.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert "КВОРУМ ЖОҚ" in dialog.quorum_label.text()
    dialog.attendance.mark_all(True)
    assert not dialog.save()
    errors = visible_errors(dialog)
    assert set(errors) == {"start_time", "place"}
    assert "СС:ММ" in errors["start_time"]
    assert dialog.details.chair.currentText() == "Сейітов Асқар"
    dialog.details.start_time.setText("10:00")
    dialog.details.texts["place"].setText("Ақсу ауылы, мәдениет үйі")
    assert dialog.save()
    assert dialog.meeting_id is not None
    # An item whose votes exceed those present is refused next to the vote
    ed = dialog.editor
    ed.title_kk.setPlainText("Ауылдық округ бюджетін келісу")
    ed.votes["votes_for"].setValue(9)
    ed.votes["votes_against"].setValue(3)
    dialog.agenda.save_item()
    assert "votes_for" in visible_errors(ed)
    ed.votes["votes_for"].setValue(6)
    assert "Қабылданды" in ed.outcome.text()
    ed.decision_kk.setPlainText("Бюджет жобасы келісілсін.")
    dialog.agenda.save_item()
    assert dialog.agenda.items.count() == 1 and "✓" in dialog.agenda.items.item(0).text()
    shot(dialog, "meeting-kk")
    # Signing without a secretary: refused, the Meeting tab is shown with the message
    dialog.tabs.setCurrentIndex(2)
    dialog.sign()
    assert "secretary" in visible_errors(dialog)
    assert dialog.tabs.currentIndex() == 0
    dialog.details.secretary.setCurrentText("Құсайынова Ұлжан")
    dialog.sign()
    view = queries.load(ctx.db, dialog.meeting_id)
    assert view.meeting.signed
    assert not dialog.buttons["save"].isEnabled() and dialog.details.texts["place"].isReadOnly()
    assert not dialog.attendance.attendance.isEnabled() and not ed.save_button.isEnabled()
    # Addendum through its dialog
    from akimdesk.ui.common import action_dialog

    def fill_and_accept(self):
        self.widgets["reason"].setPlainText("Техникалық қате")
        self.widgets["text"].setPlainText("Шешім мәтінінде «2027 жыл» деп оқылсын.")
        self._accept()
        return self.result()

    monkeypatch.setattr(action_dialog.ActionDialog, "exec", fill_and_accept)
    dialog._add_addendum()
    assert dialog.addenda.addenda.rowCount() == 1
    assert dialog.addenda.addenda.item(0, 3).text() == "Техникалық қате"
    shot(dialog, "meeting-signed-kk")
    ctx.language.apply("ru")
    assert dialog.tabs.tabText(2) == "Повестка и решения"
    assert "Собрание местного сообщества" in dialog.header.text()
    shot(dialog, "meeting-signed-ru")


def test_gathering_counts_and_russian_screenshot(qtbot, ctx):
    ids = make_members(ctx.db, ACTOR, 10)
    mid, _ = make_meeting(ctx.db, ACTOR, ids, present=8, items=3)
    ctx.language.apply("ru")
    dialog = MeetingDialog(ctx, mid, None)
    qtbot.addWidget(dialog)
    dialog.resize(1180, 800)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    assert dialog.agenda.items.count() == 3
    assert "Принято" in dialog.editor.outcome.text()
    shot(dialog, "meeting-agenda-ru")
    dialog.tabs.setCurrentIndex(0)
    dialog.details.kind.setCurrentIndex(dialog.details.kind.findData("gathering"))
    assert dialog.attendance.currentIndex() == 1
    dialog.attendance.entitled.setValue(300)
    dialog.attendance.present.setValue(320)
    assert not dialog.save()
    assert "residents_present" in visible_errors(dialog)
    assert dialog.tabs.currentIndex() == 1
    dialog.attendance.present.setValue(160)
    assert dialog.save()
    assert "160" in dialog.quorum_label.text() and "кворум есть" in dialog.quorum_label.text()


def test_rules_from_settings_change_the_outcome(qtbot, ctx, monkeypatch):
    from akimdesk.ui import settings_screen

    monkeypatch.setattr("akimdesk.ui.common.forms.info", lambda *a: None)
    ids = make_members(ctx.db, ACTOR, 10)
    mid, _ = make_meeting(ctx.db, ACTOR, ids, present=8, items=1)  # 7 for, 1 against
    assert queries.load(ctx.db, mid).items[0][1].adopted
    screen = settings_screen.SettingsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    tab = screen.assembly_rules
    assert screen.tabs.tabText(3) == "Жиналыстар"
    tab.spins["assembly.majority_percent"].setValue(75)
    tab.majority_strict.setChecked(False)
    tab.base.setCurrentIndex(tab.base.findData("members"))
    tab.save()
    view = queries.load(ctx.db, mid)
    assert view.rules.majority_base == "members" and view.items[0][1].needed == 8
    assert not view.items[0][1].adopted
    screen.resize(1100, 640)
    screen.tabs.setCurrentIndex(3)
    shot(screen, "settings-assemblies-kk")


def test_backup_folder_is_checked_when_chosen(qtbot, ctx, tmp_path, monkeypatch):
    from akimdesk.services import settings
    from akimdesk.ui.backup_tab import BackupTab

    monkeypatch.setattr("akimdesk.ui.common.forms.info", lambda *a: None)
    tab = BackupTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.folder.setText("флешка")  # not a full path
    tab.save()
    assert "толық жолымен" in visible_errors(tab)["backup.folder"]
    assert tab.folder.text() == "флешка"
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    tab.folder.setText(str(blocker / "backups"))  # a file where a folder should be
    tab.save()
    assert "жазу мүмкін емес" in visible_errors(tab)["backup.folder"]
    tab.folder.setText(str(tmp_path / "usb"))
    tab.save()
    with ctx.db.read() as s:
        assert settings.load(s)["backup.folder"] == str(tmp_path / "usb")
