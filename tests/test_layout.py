"""Every window and dialog of the app, in Kazakh and Russian, on the office PC's 1366×768 screen:
each fits the screen, every button is on it, no label is cut, no form scrolls sideways."""

from __future__ import annotations

import pytest

from tests.support.windows import ADMIN, OPENERS, Env, layout_problems, make_office, open_window


@pytest.fixture(scope="module")
def office(tmp_path_factory, qapp):
    from akimdesk.ui.app import install_fonts
    from akimdesk.ui.context import AppContext, ChangeBus
    from akimdesk.ui.language import LanguageController

    install_fonts()
    data = tmp_path_factory.mktemp("office")
    db = make_office(data)
    language = LanguageController(qapp)
    ctx = AppContext(db, ADMIN, data, language, ChangeBus(db.changes))
    yield ctx
    language.apply("kk")
    db.close()


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("name", list(OPENERS))
def test_every_window_fits_an_office_screen(office, lang, name):
    office.language.apply(lang)
    env = Env(office)
    try:
        window = open_window(env, name)
        assert window.screen().availableGeometry().size().toTuple() == (1366, 768)
        problems = layout_problems(window)
        assert not problems, f"{name} ({lang}):\n" + "\n".join(problems)
    finally:
        env.close_all()


def test_reading_empty_data_from_qt_leaves_none_alone(qapp):
    """PySide6 6.12.0 released a reference to None at each empty read (a combo box's "All"
    entry, a model's blank cell): on Python 3.11 the app aborted after a few thousand reads,
    halfway through this very test."""
    import sys

    from PySide6.QtWidgets import QComboBox

    combo = QComboBox()
    combo.addItem("all", None)
    before = sys.getrefcount(None)
    for _ in range(1000):
        combo.currentData()
        combo.itemData(0)
    assert sys.getrefcount(None) >= before - 10


REGISTERS = {  # screen, tab, the table, the columns whose words must never be cut, the name's
    "fines": (0, None, "fines_table", (0, 1, 4, 6, 7, 10), 2),
    "property-register": (1, 0, "assets_table", (0, 5, 6, 7, 9), 1),
    "property-leases": (1, 1, "leases_table", (4, 7, 8), 0),
}
NAME_WIDTH = 180  # pixels: a name's column, which takes what the others leave, shows a name


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("name", list(REGISTERS))
def test_registers_read_without_scrolling_sideways(office, lang, name):
    """At 1366 px the register shows its amounts and whole statuses without a sideways scroll;
    the columns left out are one right-click on the header away."""
    from PySide6.QtWidgets import QMenu, QTableView

    from tests.support.windows import settle

    office.language.apply(lang)
    env = Env(office)
    try:
        window = open_window(env, name)
        table = window.findChild(QTableView, REGISTERS[name][2])
        settle()
        assert table.model().rowCount() > 0
        assert table.horizontalScrollBar().maximum() == 0, "the register scrolls sideways"
        header, metrics = table.horizontalHeader(), table.fontMetrics()
        for row in range(min(table.model().rowCount(), 40)):
            for col in REGISTERS[name][3]:
                text = table.model().index(row, col).data() or ""
                needed = metrics.horizontalAdvance(text) + 8
                assert needed <= header.sectionSize(col), (row, col, text, header.sectionSize(col))
        names = REGISTERS[name][4]
        assert header.sectionSize(names) >= NAME_WIDTH, (
            f"the other columns leave {header.sectionSize(names)} px for the names"
        )
        hidden = [c for c in range(header.count()) if header.isSectionHidden(c)]
        assert hidden, "the column menu has nothing to offer"
        header.customContextMenuRequested.emit(header.rect().center())
        menu = table.findChildren(QMenu, "column_menu")[-1]
        unticked = [a for a in menu.actions() if not a.isChecked()]
        assert len(unticked) == len(hidden)
        unticked[0].setChecked(True)
        assert not header.isSectionHidden(hidden[0])
        menu.close()
    finally:
        env.close_all()
