"""The import window with real widgets: a journal through every step in Kazakh and Russian, the
refused value marked in its cell, the rows with errors saved, an unknown category chosen.
Screenshots of each step go to $AKIMDESK_SHOTS when set."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from akimdesk.models import Asset, FineCase
from akimdesk.ui.journal.pages import ERROR_CELL
from akimdesk.ui.journal.wizard import ImportWizard
from tests.support import journals
from tests.support.shots import shot


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _step(qtbot, wizard, index: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == index, timeout=20_000)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_journal_through_every_step(qtbot, ctx, tmp_path, monkeypatch, lang):
    ctx.language.apply(lang)
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    wizard = ImportWizard(ctx, "fines")
    qtbot.addWidget(wizard)
    wizard.resize(1366, 740)
    wizard.show()
    assert not wizard.next_button.isEnabled()
    wizard.open_file(str(path))
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    assert wizard.file_page.sheet.currentText() == "2025"
    assert "4" in wizard.file_page.found.text() and wizard.next_button.isEnabled()
    shot(wizard, f"journal-1-file-{lang}")

    wizard.next()
    _step(qtbot, wizard, 1)
    page = wizard.columns_page
    assert page.combos["ФИО нарушителя"].currentData() == "offender"
    assert page.combos["Подпись"].currentData() == ""  # shown, not imported
    assert "protocol_author" in page.values  # the journal has no such column: asked once
    page.values["protocol_author"].setText("Сейтқали Б.")
    page.combos["Примечание"].setCurrentIndex(0)  # the clerk leaves the notes out
    shot(wizard, f"journal-2-columns-{lang}")

    wizard.next()
    _step(qtbot, wizard, 2)
    table = wizard.preview_page.table
    assert table.rowCount() == len(journals.FINES)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    amount = next(c for c, h in enumerate(headers) if h in ("Айыппұл сомасы, ₸", "Сумма штрафа, ₸"))
    bad = table.item(4, amount)  # row 10 of the file: 40 000 is not a whole number of МРП
    assert bad.background().color() == ERROR_CELL and "3" in bad.toolTip()
    assert _count(ctx.db, FineCase) == 0  # the preview wrote nothing
    shot(wizard, f"journal-3-preview-{lang}")

    wizard.next()
    _step(qtbot, wizard, 3)
    assert _count(ctx.db, FineCase) == 6
    assert "10" in wizard.report_page.text.toPlainText()
    assert wizard.report_page.save.isEnabled()
    out = tmp_path / "errors.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr("akimdesk.ui.journal.wizard.info", lambda *a: None)
    wizard.save_errors()
    assert load_workbook(out).active.max_row == 4
    shot(wizard, f"journal-4-report-{lang}")
    with ctx.db.read() as s:
        assert not any(s.scalars(select(FineCase.note)))  # left out, as chosen


def test_an_unknown_category_is_chosen_in_the_preview(qtbot, ctx, tmp_path):
    path = journals.assets_ru(tmp_path / "ОС.xlsx")
    wizard = ImportWizard(ctx, "assets")
    qtbot.addWidget(wizard)
    wizard.resize(1366, 740)
    wizard.show()
    wizard.open_file(str(path))
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    wizard.next()
    _step(qtbot, wizard, 1)
    wizard.next()
    _step(qtbot, wizard, 2)
    preview = wizard.preview_page
    assert preview.unknown_box.isVisible() and list(preview.combos) == ["Спецтехника"]
    shot(wizard, "journal-assets-preview-kk")
    combo = preview.combos["Спецтехника"]
    combo.setCurrentIndex(combo.findData("equipment"))
    wizard.trial()  # what choosing in the drop-down does
    qtbot.waitUntil(lambda: not preview.unknown_box.isVisible(), timeout=20_000)
    wizard.next()
    _step(qtbot, wizard, 3)
    assert _count(ctx.db, Asset) == 4


def test_the_import_is_one_entry_of_the_audit_log_told_in_words(qtbot, ctx, tmp_path):
    import re

    from akimdesk.services.fines import import_export
    from akimdesk.services.journal import Options
    from akimdesk.ui.audit.screen import AuditScreen
    from tests.conftest import ACTOR, TODAY

    path = journals.fines_ru(tmp_path / "journal.xlsx")
    import_export.import_file(ctx.db, ACTOR, path, today=TODAY,
                              options=Options(values={"protocol_author": "Сейтқали Б."}))  # fmt: skip
    screen = AuditScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 740)
    screen.show()
    model = screen.model
    imports = [r for r in range(model.rowCount()) if model.row(r).entity == "journal_import"]
    assert len(imports) == 1 and model.data(model.index(imports[0], 3)) == "Істер импортталды"
    screen.table.selectRow(imports[0])
    rows = {screen.details.item(r, 0).text(): screen.details.item(r, 2).text()
            for r in range(screen.details.rowCount())}  # fmt: skip
    assert rows["Файл"] == "journal.xlsx" and rows["Қосылды"] == "6"
    assert "«ФИО нарушителя» → Аты-жөні немесе ұйым" in rows["Бағандар"]
    assert "Іс: 6" in rows["Жазылған жазбалар"]
    for label in rows:  # no field names leak
        assert not re.search(r"[A-Za-z]{3,}", label)
    shot(screen, "journal-audit-kk")
