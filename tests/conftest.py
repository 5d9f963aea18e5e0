"""Shared fixtures: a fresh database per test, the office set up, Qt offscreen."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

# Set before any test imports Qt: without a screen Qt would abort. The screen is the usual
# office PC's, 1366×768 (tests/support/office_screen.json), so what does not fit there fails here.
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={Path(__file__).parent / 'support' / 'office_screen.json'}"
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen"
    else os.environ["QT_QPA_PLATFORM"]
)

from akimdesk import i18n
from akimdesk.domain.roles import ROLES
from akimdesk.services.office import OfficeInput, set_up
from akimdesk.services.operation import Actor
from akimdesk.storage.database import DB_FILENAME, Database, open_database

TODAY = date(2026, 11, 23)
ACTOR = Actor("Test Clerk", frozenset(ROLES))

OFFICE = OfficeInput(
    name_kk="Ақсу ауылдық округі әкімінің аппараты",
    name_ru="Аппарат акима Аксуского сельского округа",
    district="Сарқан ауданы",
    region="Жетісу облысы",
    bin="080140000255",
    akim_name="Серікбаев Ерлан Қайратұлы",
    address="Ақсу ауылы, Абай көшесі, 12",
    kbk="204101",
    iik="KZ24070105KSN0000000",
    bik="KKMFKZ2A",
    bank_name="ҚР ҚМ Қазынашылық комитеті",
    knp="911",
)


@pytest.fixture(autouse=True)
def _language():
    i18n.set_language("kk")
    yield
    i18n.set_language("kk")


@pytest.fixture(autouse=True)
def _unsaved_changes_are_discarded_at_teardown(monkeypatch):
    """pytest-qt closes the widgets a test left open; a dialog with edits would ask about them
    and wait for a click that never comes. Tests of the question answer it themselves."""
    from akimdesk.ui.common import dialogs

    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_args: "discard")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file brought to the newest revision once per run: running the migrations for
    every test was most of the fast tier's time. Tests of the migrations open their own."""
    folder = tmp_path_factory.mktemp("migrated") / "data"
    open_database(folder).close()  # the last connection closed: the WAL is folded in
    return folder / DB_FILENAME


@pytest.fixture
def empty_db(data_dir: Path, _migrated: Path):
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_migrated, data_dir / DB_FILENAME)
    db = open_database(data_dir)
    yield db
    db.close()


@pytest.fixture
def db(empty_db: Database) -> Database:
    set_up(empty_db, ACTOR, OFFICE, "kk", [("Ақсу", "Аксу"), ("Көктал", "Коктал")])
    return empty_db


@pytest.fixture
def ctx(qapp, db, data_dir):
    """What a screen is given: the database, the actor, a live language switch."""
    from akimdesk.ui.app import install_fonts
    from akimdesk.ui.context import AppContext, ChangeBus
    from akimdesk.ui.language import LanguageController

    install_fonts()
    lang = LanguageController(qapp)
    lang.apply("kk")
    yield AppContext(db, ACTOR, data_dir, lang, ChangeBus(db.changes))
    lang.apply("kk")


# Tests that use the PostgreSQL cluster are marked `pg` by their fixtures, so a new test cannot
# forget the mark and slip into the fast tier.
_PG_FIXTURES = {"pg", "server_db", "server", "token", "linked"}


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    for item in items:
        if _PG_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.pg)
