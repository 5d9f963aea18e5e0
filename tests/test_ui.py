"""Real widgets, offscreen: the main window, live language switch, forms with errors by fields."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from akimdesk.services.demo import generate_fines
from akimdesk.ui.context import AppContext, ChangeBus
from akimdesk.ui.language import LanguageController
from tests.conftest import ACTOR, TODAY


def visible_errors(widget) -> dict[str, str]:
    return {
        w.objectName()[6:]: w.text()
        for w in widget.findChildren(QLabel)
        if w.objectName().startswith("error_") and w.isVisibleTo(widget) and w.text()
    }


def test_main_window_and_live_language_switch(qtbot, ctx):
    from akimdesk.ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    assert [win.nav.item(i).text() for i in range(6)] == [
        "Айыппұлдар", "Мүлік", "Жиналыстар", "Синхрондау", "Аудит журналы", "Баптаулар"]  # fmt: skip
    assert "Ақсу ауылдық округі" in win.windowTitle()
    assert "Test Clerk" in win.user_label.text()
    win.nav.setCurrentRow(5)
    settings = win.screens["settings"]
    settings.language.setCurrentIndex(1)  # Русский: saved and applied at once
    assert win.nav.item(0).text() == "Штрафы"
    assert "Аппарат акима" in win.windowTitle()
    fines = win.screens["fines"]
    assert fines.title.text() == "Административные штрафы"
    assert fines.model.headerData(2, Qt.Orientation.Horizontal) == "Правонарушитель"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Отмена"  # Qt's own dialogs
    settings.language.setCurrentIndex(0)
    assert win.nav.item(0).text() == "Айыппұлдар"


def test_register_screen_filters_and_searches(qtbot, ctx):
    generate_fines(ctx.db, ACTOR, 300, today=TODAY)
    from akimdesk.ui.fines.register import FinesScreen

    screen = FinesScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 300
    name = screen.model.data(screen.model.index(5, 2))
    screen.search.setText(name.split()[0].upper())
    qtbot.waitUntil(lambda: 0 < screen.model.rowCount() < 300)
    assert any(
        screen.model.data(screen.model.index(r, 2)) == name for r in range(screen.model.rowCount())
    )
    screen.search.clear()
    screen.needs_action.setChecked(True)
    qtbot.waitUntil(lambda: screen.model.rowCount() < 300)
    assert all(screen.model.data(screen.model.index(r, 10)) for r in range(screen.model.rowCount()))
    screen.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)
    assert screen.model.sort_key == "amount"


def test_case_form_shows_errors_by_fields_and_keeps_input(qtbot, ctx):
    from akimdesk.ui.fines.case_dialog import CaseDialog

    dlg = CaseDialog(ctx, None)
    qtbot.addWidget(dlg)
    dlg.show()
    form = dlg.form
    form.surname.setText("Әбілқайыров")
    form.iin_bin.setText("123456789012")
    form.description.setPlainText("Қоқыс")
    dlg.save()
    errors = visible_errors(dlg)
    assert errors["iin_bin"] == "Бақылау цифры сәйкес келмейді: нөмір қате терілген."
    assert errors["first_name"] == "Бұл өрісті толтыру міндетті."
    assert "surname" not in errors and "description" not in errors
    assert form.surname.text() == "Әбілқайыров" and form.description.toPlainText() == "Қоқыс"
    ctx.language.apply("ru")  # the messages follow the language, the input stays
    assert visible_errors(dlg)["first_name"] == "Это поле обязательно."
    assert form.surname.text() == "Әбілқайыров"


def test_case_is_created_from_the_form_and_paid(qtbot, ctx, monkeypatch):
    from akimdesk.domain.identity import make_iin
    from akimdesk.ui.fines import case_dialog
    from akimdesk.ui.fines.case_dialog import CaseDialog

    dlg = CaseDialog(ctx, None)
    qtbot.addWidget(dlg)
    f = dlg.form
    from datetime import date

    today = date.today()
    f.offence_date.set_value(today - timedelta(days=3))
    f.protocol_date.set_value(today - timedelta(days=2))
    f.description.setPlainText("Мал бақылаусыз жайылған")
    f.article_id.setCurrentIndex(f.article_id.findText("408-1", Qt.MatchFlag.MatchStartsWith))
    f.iin_bin.setText(
        make_iin(date(1979, 4, 5), True, 4321) or make_iin(date(1979, 4, 5), True, 4322)
    )
    f.surname.setText("Нұрланов")
    f.first_name.setText("Асқар")
    f.protocol_author.setText("Маман")
    assert f.mrp_count.value() == 3  # suggested from the article
    assert "3 АЕК" in f.suggestion.text()
    dlg.save()
    assert visible_errors(dlg) == {}
    assert dlg.case is not None and dlg.case.stage == "protocol"
    assert dlg.actions["decision"].isEnabled() and not dlg.actions["enforcement"].isEnabled()

    # Each step's dialog is filled and accepted as a person would; a refusal keeps it open.

    plan = []
    seen = []

    def fake_exec(self):
        fill = plan.pop(0)
        fill(self.widgets)
        self._accept()
        seen.append((visible_errors(self), {k: w for k, w in self.widgets.items()}))
        return self.result()

    monkeypatch.setattr(case_dialog.ActionDialog, "exec", fake_exec)
    plan.append(lambda w: (w["decision_date"].set_value(today), w["mrp_count"].setValue(3)))
    dlg.run_action("decision")
    assert seen[-1][0] == {} and dlg.case.stage == "decided"
    plan.append(lambda w: w["delivery_date"].set_value(today))
    dlg.run_action("deliver")
    assert dlg.case.delivery_date == today
    plan.append(lambda w: w["amount"].setValue(1_000_000))
    dlg.run_action("payment")
    errors, widgets = seen[-1]
    assert "amount" in errors and "қалдықтан" in errors["amount"]
    assert widgets["amount"].value() == 1_000_000  # what was typed stays
    assert dlg.case.paid_tiyn == 0
    plan.append(lambda w: (w["amount"].setValue(3 * 4325), w["document_no"].setText("ПП-77")))
    dlg.run_action("payment")
    assert dlg.case.stage == "closed" and dlg.status_label.text() == "Төленді"


def test_setup_dialog_validates_and_creates_the_office(qtbot, qapp, empty_db, data_dir):
    from akimdesk.ui.setup_dialog import SetupDialog

    lang = LanguageController(qapp)
    lang.apply("kk")
    ctx = AppContext(empty_db, ACTOR, data_dir, lang, ChangeBus(empty_db.changes))
    dlg = SetupDialog(ctx)
    qtbot.addWidget(dlg)
    edits = dlg.office.edits
    edits["name_kk"].setText("Көктал ауылдық округі әкімінің аппараты")
    edits["bin"].setText("080140000256")
    dlg.save()
    assert {"login", "full_name", "password"} <= set(visible_errors(dlg))  # the account first
    dlg.account.login.setText("erlan")
    dlg.account.full_name.setText("Ахметов Ерлан")
    dlg.account.password.setText("Көктем-2026")
    dlg.account.password_again.setText("Көктем-2026")
    dlg.save()
    errors = visible_errors(dlg)
    assert "bin" in errors and "name_ru" in errors
    dlg.language.setCurrentIndex(1)
    assert dlg.windowTitle() == "AkimDesk: настройка аппарата"
    for name, value in {"name_ru": "Аппарат акима Коктальского с.о.", "district": "Сарқан",
                        "region": "Жетісу", "bin": "080140000255", "akim_name": "Ахметов А."}.items():  # fmt: skip
        edits[name].setText(value)
    dlg.settlements.setPlainText("Көктал / Коктал\nБірлік / Бирлик")
    with qtbot.waitSignal(dlg.accepted, timeout=2000):
        dlg.save()
    from akimdesk.services import office, refdata

    assert ctx.actor.login == "erlan" and len(ctx.actor.roles) == 5  # signed in, every role
    with empty_db.read() as s:
        assert office.current(s).name_kk.startswith("Көктал")
        assert [x.name_ru for x in refdata.settlements(s)] == ["Бирлик", "Коктал"]
        assert len(refdata.articles_valid_on(s, TODAY)) == 7


def test_an_opened_case_shows_its_own_article_and_settlement(qtbot, ctx):
    from sqlalchemy import select

    from akimdesk.models import FineCase
    from akimdesk.ui.fines.case_dialog import CaseDialog

    generate_fines(ctx.db, ACTOR, 30, today=TODAY)
    with ctx.db.read() as s:
        case = s.scalars(select(FineCase).where(FineCase.settlement_id.is_not(None))).first()
    dlg = CaseDialog(ctx, case.id)
    qtbot.addWidget(dlg)
    assert dlg.form.article_id.currentData() == str(case.article_id)
    assert dlg.form.settlement_id.currentData() == str(case.settlement_id)
    assert dlg.form.value().article_id == case.article_id


def test_preview_renders_in_the_background_and_bounds_the_pages(qtbot, ctx):
    from datetime import date

    from PySide6.QtWidgets import QWidget

    from akimdesk.ui.common import preview
    from akimdesk.ui.common.preview import PreviewDialog

    generate_fines(ctx.db, ACTOR, 2500, today=TODAY)
    parent = QWidget()
    qtbot.addWidget(parent)
    dlg = PreviewDialog(
        parent, ctx, "fines-register", {"date_from": date(2020, 1, 1), "date_to": TODAY}
    )
    assert not dlg.save_button.isEnabled()  # the PDF is still being made off the UI thread
    qtbot.waitUntil(lambda: dlg.save_button.isEnabled(), timeout=60_000)
    assert preview.page_count(dlg.data) > preview.PREVIEW_PAGES
    pictures = [w for w in dlg.pages.findChildren(QLabel) if not w.pixmap().isNull()]
    assert len(pictures) == preview.PREVIEW_PAGES


def test_about_box_shows_the_version_from_pyproject(qtbot, ctx, monkeypatch):
    import tomllib
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    from akimdesk.ui.main_window import MainWindow

    shown = {}
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: shown.update(t=title, x=text))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.about_action.trigger()
    version = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"][
        "version"
    ]
    assert f"AkimDesk {version}" in shown["x"] and shown["t"] == "AkimDesk туралы"


def test_the_register_reads_its_rowids_once_when_it_opens(qtbot, ctx, monkeypatch):
    """Opening the register read the whole rowid list twice (the filter, then the view's first
    sort); at 300,000 cases each pass was a third of a second."""
    from akimdesk.services.fines import queries
    from akimdesk.ui.fines.register import FinesScreen

    generate_fines(ctx.db, ACTOR, 50, today=TODAY)
    calls = []
    real = queries.register_rowids
    monkeypatch.setattr(
        queries, "register_rowids", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    screen = FinesScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.wait(10)
    assert len(calls) == 1 and screen.model.rowCount() == 50
    assert screen.model.sort_key == "number" and screen.model.descending
    screen.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # a person's sort still reads
    assert len(calls) == 2 and screen.model.sort_key == "amount"
