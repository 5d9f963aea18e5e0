"""The case form's new fields, the officials in Settings and the new steps (issue #19), offscreen."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from akimdesk.domain.identity import make_iin
from akimdesk.services import officials
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.services.officials import OfficialInput
from tests.support.shots import shot
from tests.test_ui import visible_errors

IIN = make_iin(date(1979, 4, 5), True, 4321) or make_iin(date(1979, 4, 5), True, 4322)


def fill_case(f, today: date, iin: str) -> None:
    f.offence_date.set_value(today - timedelta(days=3))
    f.protocol_date.set_value(today - timedelta(days=2))
    f.description.setPlainText("Мусор во дворе")
    f.iin_bin.setText(iin)
    f.surname.setText("Ли")
    f.first_name.setText("Юрий")


def test_case_form_new_fields_and_the_repeat_note(qtbot, ctx):
    from akimdesk.ui.common.forms import set_combo_data
    from akimdesk.ui.fines.case_dialog import CaseDialog

    today = date.today()
    clerk = officials.save(
        ctx.db, ctx.actor, OfficialInput("Қасымова Ә.", "бас маман", "главный специалист")
    )
    # An earlier penalty of the same person under article 505, in force.
    prior_day = today - timedelta(days=60)
    with ctx.db.read() as s:
        from akimdesk.services import refdata

        arts = {a.code: a for a in refdata.articles_valid_on(s, today)}
    from tests.test_fines_lifecycle import case_input

    data = case_input(ctx.db, offence_date=prior_day, protocol_date=prior_day, iin_bin=IIN)
    prior = cases.create_case(ctx.db, ctx.actor, data, today=prior_day)
    cases.issue_decision(ctx.db, ctx.actor, prior.id, DecisionInput(prior_day, "fine", 20),
                         today=prior_day)  # fmt: skip
    cases.deliver_decision(ctx.db, ctx.actor, prior.id, prior_day, today=prior_day)

    dlg = CaseDialog(ctx, None)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 740)
    dlg.show()
    f = dlg.form
    fill_case(f, today, IIN)
    f.article_id.setCurrentIndex(f.article_id.findText("505-1", Qt.MatchFlag.MatchStartsWith))
    f._iin_entered()
    assert prior.number in f.repeat_note.text() and "2-бөлік" in f.repeat_note.text()
    set_combo_data(f.article_id, str(arts["505-2"].id))
    assert "Қайталанған" in f.repeat_note.text()
    set_combo_data(f.author_id, str(clerk.id))
    set_combo_data(f.language, "ru")
    set_combo_data(f.id_doc_kind, "passport")
    f.id_doc_number.setText("N1234567")
    f.protocol_time.setText("10:30")
    f.protocol_place.setText("с. Аксу, здание акимата")
    f.hearing_date.set_value(today + timedelta(days=3))
    f.hearing_time.setText("11:00")
    f.hearing_place.setText("с. Аксу, кабинет 3")
    f.erap_number.setText("252110000123456")
    f.erap_date.set_value(today - timedelta(days=1))
    f.mrp_count.setValue(30)
    shot(dlg, "case-form-kk")
    dlg.save()
    assert visible_errors(dlg) == {}
    c = dlg.case
    assert (c.author_id, c.language, c.id_doc_kind, c.protocol_time) == (
        clerk.id,
        "ru",
        "passport",
        "10:30",
    )
    assert c.hearing_place == "с. Аксу, кабинет 3" and c.erap_number == "252110000123456"
    assert c.prior_case_id == prior.id and c.protocol_author == "Қасымова Ә."
    assert dlg.print_buttons["hearing-notice"].isEnabled()
    assert not dlg.print_buttons["enforcement-letter"].isEnabled()
    ctx.language.apply("ru")
    assert dlg.form.language.currentText() == "Русский"
    shot(dlg, "case-form-ru")


def test_a_missing_author_is_shown_under_the_officials_list(qtbot, ctx):
    from akimdesk.ui.fines.case_dialog import CaseDialog

    dlg = CaseDialog(ctx, None)
    qtbot.addWidget(dlg)
    fill_case(dlg.form, date.today(), IIN)
    dlg.save()
    assert visible_errors(dlg)["author_id"] == "Бұл өрісті толтыру міндетті."


def test_hearing_notice_delivery_and_enforcement_steps(qtbot, ctx, monkeypatch):
    from akimdesk.ui.common.forms import set_combo_data
    from akimdesk.ui.fines import case_dialog
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from tests.test_fines_lifecycle import case_input

    today = date.today()
    data = case_input(ctx.db, offence_date=today - timedelta(days=3), iin_bin=IIN,
                      protocol_date=today - timedelta(days=2), hearing_date=today + timedelta(days=2),
                      hearing_time="10:00", hearing_place="Ақсу, әкімдік")  # fmt: skip
    c = cases.create_case(ctx.db, ctx.actor, data, today=today)
    dlg = CaseDialog(ctx, c.id)
    qtbot.addWidget(dlg)
    assert dlg.actions["notice_delivery"].isEnabled()
    plan = []

    def fake_exec(self):
        plan.pop(0)(self.widgets)
        self._accept()
        return self.result()

    monkeypatch.setattr(case_dialog.ActionDialog, "exec", fake_exec)
    plan.append(lambda w: (w["on_date"].set_value(today), set_combo_data(w["method"], "post"),
                           w["note"].setText("РПО 1")))  # fmt: skip
    dlg.run_action("notice_delivery")
    assert dlg.deliveries.rowCount() == 1 and dlg.deliveries.item(0, 2).text() == "поштамен"
    shot(dlg, "case-state-kk")


def test_officials_in_settings(qtbot, ctx, monkeypatch):
    from akimdesk.ui import officials_tab
    from akimdesk.ui.settings_screen import SettingsScreen

    screen = SettingsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 740)
    tab = screen.officials
    screen.tabs.setCurrentWidget(tab)

    def fake_exec(self):
        self.widgets["full_name"].setText("Серікбаев Ерлан Қайратұлы")
        self.widgets["position_kk"].setText("Ақсу ауылдық округінің әкімі")
        self.widgets["position_ru"].setText("Аким Аксуского сельского округа")
        self.widgets["is_akim"].setCurrentIndex(self.widgets["is_akim"].findData(True))
        self._accept()
        return self.result()

    monkeypatch.setattr(officials_tab.ActionDialog, "exec", fake_exec)
    tab.add_button.click()
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 1).text() == "Ақсу ауылдық округінің әкімі"
    shot(screen, "settings-officials-kk")
    ctx.language.apply("ru")
    assert tab.table.item(0, 1).text() == "Аким Аксуского сельского округа"
    assert screen.tabs.tabText(screen.tabs.indexOf(tab)) == "Должностные лица"
    with ctx.db.read() as s:
        assert officials.akim(s).full_name == "Серікбаев Ерлан Қайратұлы"
